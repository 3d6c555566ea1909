"""The graph beyond one process: serve it over the SPARQL 1.1 protocol with the Oxigraph
server, push it into any Graph Store Protocol endpoint, and query a remote endpoint."""

from __future__ import annotations

import base64
import contextlib
import errno
import http.client
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import Dataset

from kg.common.errors import InputError, KgError, QueryError, UsageError
from kg.common.resources import LOCALHOST
from kg.common.terminal import printable
from kg.questions.deadline import timed_out
from kg.questions.kept_answers import forget_answers
from kg.questions.proxy import SparqlFront
from kg.store.bridge import raw_store, read_dataset
from kg.store.swap import readable_folder

_TIMEOUT_S = 60
_RETRIES = 3
_BACKOFF_S = 0.5
SERVE_TIMEOUT_S = 60
PUSH_TIMEOUT_S = 60.0
PASSWORD_VARIABLE = "KG_PASSWORD"
_START_S = 30
_STOP_S = 10


class RemoteError(KgError):
    """An endpoint that cannot be reached or refuses what is sent (exit code 2)."""


@dataclass(frozen=True)
class ServerPlan:
    """What `serving` runs: the store folder (None: a temporary copy of `graph`), where to
    listen, and what the server allows."""

    location: Path | None
    graph: Path | None
    host: str
    port: int
    read_only: bool = True
    timeout_s: int = SERVE_TIMEOUT_S
    allow_service: bool = False
    cors: bool = False  # answer web pages of other origins (CORS headers)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if not found:
        raise UsageError("the Oxigraph server is not installed; pip install oxigraph")
    return found


def plan_server(store: Path | None, graph: Path | None, port: int, host: str = LOCALHOST,
                writable: bool = False, timeout_s: int = SERVE_TIMEOUT_S,
                allow_service: bool = False, cors: bool = False) -> ServerPlan:
    """What to serve and how. Answers kept for a store that will accept updates are dropped."""
    if timeout_s < 1:
        raise UsageError(f"--timeout {timeout_s} is not a positive number of seconds; give e.g. --timeout 60")
    if store is not None:
        folder = store if writable else readable_folder(store)
        if not (folder / "CURRENT").is_file():  # RocksDB's mark of a store
            raise InputError(store, "no kg store in this folder", "build one first with 'kg build --store DIR'")
        if writable:
            forget_answers(store)
        location: Path | None = folder
    elif graph is not None:
        if not graph.is_file():
            raise InputError(graph, "no such file", "build a graph first with 'kg build', or give -g")
        location = None
    else:
        raise UsageError("give --store DIR or -g GRAPH to serve")
    return ServerPlan(location, graph, host, port, not writable, timeout_s, allow_service, cors)


class RunningServer:
    """The Oxigraph server behind the front, while `serving` runs it."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, log: IO[bytes]) -> None:
        self.process = process
        self.port = port
        self.log = log

    def wait(self) -> None:
        """Block until the server stops, which it does only when it fails."""
        code = self.process.wait()
        raise RemoteError(f"the Oxigraph server stopped (exit code {code}: {_first_error(self.log)}); "
                          "check the store folder and start kg serve again")


@contextmanager
def serving(plan: ServerPlan) -> Iterator[RunningServer]:
    """Serve the plan until the block ends: the front listens where the plan says, the Oxigraph
    server on a free loopback port. On the way out, however the block ends, the front and the
    server are stopped and the temporary copy of the graph is removed."""
    with ExitStack() as cleanup:
        front = _open_front(plan)
        cleanup.callback(front.server_close)
        location = plan.location or _temporary_copy(plan.graph, cleanup)
        server = _start_oxigraph(location, plan)
        cleanup.callback(_stop, server)
        front.start(("127.0.0.1", server.port))
        cleanup.callback(front.stop)
        yield server


@contextmanager
def interrupted_by_signals() -> Iterator[None]:
    """While active, SIGTERM and SIGHUP stop the main thread as Ctrl-C does (KeyboardInterrupt),
    and after the first such signal the others are ignored, so that cleaning up runs to its end."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signals = [signal.SIGINT, signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {number: signal.getsignal(number) for number in signals}

    def stop(_number: int, _frame: object) -> None:
        for number in signals:
            signal.signal(number, signal.SIG_IGN)
        raise KeyboardInterrupt

    for number in signals:
        signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


def _open_front(plan: ServerPlan) -> SparqlFront:
    where = f"{plan.host}:{plan.port}"
    try:
        family, _, _, _, address = socket.getaddrinfo(plan.host, plan.port, type=socket.SOCK_STREAM,
                                                      flags=socket.AI_PASSIVE)[0]
        return SparqlFront((str(address[0]), int(address[1])), family, plan.timeout_s, plan.allow_service)
    except socket.gaierror as err:
        raise UsageError(f"cannot listen on {plan.host} ({err.strerror}); "
                         "give an address of this machine with --host") from None
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise UsageError(f"{where} is already in use; choose another port with --port") from None
        if err.errno == errno.EACCES:
            raise UsageError(f"cannot listen on {where} (permission denied); "
                             "choose a port above 1023 with --port") from None
        raise UsageError(f"cannot listen on {where} ({err.strerror or err}); "
                         "give an address of this machine with --host") from None


def _temporary_copy(graph: Path | None, cleanup: ExitStack) -> Path:
    """The graph file loaded into a new store in a temporary folder, removed on cleanup."""
    assert graph is not None
    try:
        folder = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    except OSError as err:
        raise _no_room(err) from None
    cleanup.callback(shutil.rmtree, folder, ignore_errors=True)
    quads = raw_store(read_dataset([graph])).quads_for_pattern(None, None, None, None)
    try:
        store = ox.Store(str(folder))
        store.bulk_extend(quads)
        store.flush()
        del store
    except OSError as err:
        raise _no_room(err) from None
    return folder


def _no_room(err: OSError) -> UsageError:
    return UsageError(f"cannot copy the graph into a temporary store in {tempfile.gettempdir()} "
                      f"({err.strerror or err}); free some space there or set TMPDIR to another folder")


def _start_oxigraph(location: Path, plan: ServerPlan) -> RunningServer:
    """The Oxigraph server on a free loopback port, once it listens. Another process may take
    the port between its choice and the server's start; then another port is tried."""
    mode = "serve-read-only" if plan.read_only else "serve"
    for _ in range(3):
        port = _free_loopback_port()
        command = [oxigraph_binary(), mode, "--location", str(location), "--bind", f"127.0.0.1:{port}",
                   "--timeout-s", str(plan.timeout_s), *(["--cors"] if plan.cors else [])]
        log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _stop, with the server
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=log, env=_quiet_environment(), start_new_session=True)
        server = RunningServer(process, port, log)
        try:
            if _listens(server):
                return server
        except BaseException:
            _stop(server)
            raise
        _stop(server)
    raise RemoteError("the Oxigraph server found no free loopback port; stop some servers and try again")


def _listens(server: RunningServer) -> bool:
    """True once the server listens; False when its port was taken; RemoteError when it fails."""
    deadline = time.monotonic() + _START_S
    while time.monotonic() < deadline:
        log = _log_text(server.log)
        if "Listening for requests" in log:
            return True
        if server.process.poll() is not None:
            if "Address already in use" in log:
                return False
            raise RemoteError(f"the Oxigraph server could not start ({_first_error(server.log)}); "
                              "check the store folder, and that no other process writes to it")
        time.sleep(0.05)
    raise RemoteError(f"the Oxigraph server did not start within {_START_S} s; try again")


def _stop(server: RunningServer) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=_STOP_S)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()
    server.log.close()


def _free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _quiet_environment() -> dict[str, str]:
    """The environment without the switches that make a Rust program print a backtrace."""
    return {key: value for key, value in os.environ.items()
            if key not in ("RUST_BACKTRACE", "RUST_LIB_BACKTRACE")}


def _log_text(log: IO[bytes]) -> str:
    # pread leaves alone the file offset that the server writes at
    return os.pread(log.fileno(), 64 * 1024, 0).decode("utf-8", "replace")


def _first_error(log: IO[bytes]) -> str:
    lines = [line.strip() for line in _log_text(log).splitlines() if line.strip()]
    found = next((line for line in lines if line.startswith("Error:")), lines[0] if lines else "no message")
    return printable(found.removeprefix("Error:").strip())


@dataclass
class PushSummary:
    endpoint: str
    graphs: int = 0
    triples: int = 0
    retries: int = 0
    merged_triples: int = 0  # in the default graph
    seconds: float = 0.0


def credentials(user: str | None, ask: Callable[[str], str] | None = None) -> tuple[str, str] | None:
    """The user and password for HTTP basic authentication. The password comes from the
    environment (KG_PASSWORD) or from `ask` (a hidden prompt on a terminal), never from the
    command line, where any user of the machine can read it."""
    if user is None:
        return None
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        if ask is None:
            raise UsageError(f"--user {user} needs a password: set {PASSWORD_VARIABLE} in the environment, "
                             "or run the command on a terminal to be asked for it")
        password = ask(f"password for {user}")
    return user, password


def _headers(auth: tuple[str, str] | None, content_type: str | None = None) -> dict[str, str]:
    headers = {"User-Agent": "kg"}
    if content_type:
        headers["Content-Type"] = content_type
    if auth:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    return headers


def check_endpoint(url: str) -> None:
    """An http(s) URL with a host and a valid port, or UsageError."""
    if url.partition(":")[0].lower() not in ("http", "https"):
        raise UsageError(f"endpoint '{printable(url)}' is not an http(s) URL; "
                         "give e.g. http://localhost:7878/store")
    try:
        parts = urllib.parse.urlsplit(url)
        valid = bool(parts.hostname) and parts.port != 0 and printable(url) == url and " " not in url
    except ValueError:  # a bracket that opens no IPv6 address, a port out of range
        valid = False
    if not valid:
        raise UsageError(f"endpoint '{printable(url)}' is not a valid URL; give e.g. http://localhost:7878/store")


class _Failure(Exception):
    """One attempt that failed: what happened, what to do, and whether another may pass."""

    def __init__(self, problem: str, remedy: str, transient: bool = True, timed_out: bool = False,
                 status: int | None = None) -> None:
        super().__init__(problem)
        self.status = status
        self.problem = problem
        self.remedy = remedy
        self.transient = transient
        self.timed_out = timed_out


_UNREACHABLE = "check the URL, and that the store is running"
_NOT_A_STORE = "check that the URL is the store's Graph Store Protocol address, e.g. http://localhost:7878/store"
_REMEDIES = {
    401: "check the user name (--user) and the password (KG_PASSWORD)",
    403: "check the user name, the password (KG_PASSWORD), and that the store accepts writes",
    404: _NOT_A_STORE,
    405: _NOT_A_STORE,
    413: "the store refuses a graph this large; raise its upload limit",
}


class _GraphStore:
    """A Graph Store Protocol endpoint that graphs are PUT into. Basic authentication goes with
    every request; a store that refuses it without a challenge (Virtuoso answers a bare 401) is
    asked again without it, and its digest challenge answered with the same credentials, for
    the rest of the push."""

    def __init__(self, endpoint: str, auth: tuple[str, str] | None, timeout_s: float) -> None:
        self.endpoint = endpoint
        self.auth = auth
        self.timeout_s = timeout_s
        self.basic = auth is not None
        self.opener = urllib.request.build_opener()
        if auth is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, endpoint, *auth)  # None: any realm
            self.opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))

    def put(self, name: str | None, body: bytes) -> int:
        """PUT one graph (replacing it), the named graph `name` or, for None, the default graph,
        retrying what may pass another time, all within the timeout; returns the number of
        retries it took."""
        target = "default" if name is None else f"graph={urllib.parse.quote(name, safe='')}"
        url = f"{self.endpoint}{'&' if '?' in self.endpoint else '?'}{target}"
        deadline = time.monotonic() + self.timeout_s
        attempt = 0
        while True:
            try:
                self._put_once(url, body, deadline)
                return attempt
            except _Failure as failure:
                pause = _BACKOFF_S * 2 ** attempt
                if not failure.transient or attempt == _RETRIES or time.monotonic() + pause >= deadline:
                    raise _gave_up(self.endpoint, f"graph {name}" if name else "the default graph", failure,
                                   self.timeout_s) from None
            time.sleep(pause)
            attempt += 1

    def _put_once(self, url: str, body: bytes, deadline: float) -> None:
        try:
            _put(self._request(url, body), deadline - time.monotonic(), self.opener)
        except _Failure as failure:
            if not (failure.status == 401 and self.basic):
                raise
            self.basic = False
            _put(self._request(url, body), deadline - time.monotonic(), self.opener)

    def _request(self, url: str, body: bytes) -> urllib.request.Request:
        headers = _headers(self.auth if self.basic else None, "application/n-triples")
        return urllib.request.Request(url, data=body, method="PUT", headers=headers)


def _gave_up(endpoint: str, what: str, failure: _Failure, timeout_s: float) -> RemoteError:
    where = printable(endpoint)
    if failure.timed_out:
        return RemoteError(f"{where}: no answer within {timeout_s:g} s ({what}); "
                           "check that the store is running, or give a longer --timeout")
    return RemoteError(f"{where}: {failure.problem} ({what}); {failure.remedy}")


def _put(request: urllib.request.Request, seconds: float, opener: urllib.request.OpenerDirector) -> None:
    """One attempt, waiting at most `seconds` for each step; raises _Failure."""
    try:
        response = opener.open(request, timeout=max(seconds, 0.001))
    except urllib.error.HTTPError as err:
        raise _refusal(err) from None
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise _Failure("no answer", _UNREACHABLE, timed_out=True) from None
        raise _Failure(f"cannot be reached ({_reason(err.reason)})", _UNREACHABLE) from None
    except TimeoutError:
        raise _Failure("no answer", _UNREACHABLE, timed_out=True) from None
    except http.client.RemoteDisconnected:
        raise _Failure("the store closed the connection without an answer", _NOT_A_STORE) from None
    except http.client.HTTPException as err:
        raise _Failure(f"the answer is not HTTP ({type(err).__name__})", _NOT_A_STORE) from None
    except OSError as err:
        raise _Failure(f"cannot be reached ({_reason(err)})", _UNREACHABLE) from None
    except ValueError as err:
        raise UsageError(f"endpoint '{printable(request.full_url)}' is not a valid URL ({err})") from None
    with response, contextlib.suppress(OSError, http.client.HTTPException):
        response.read(64 * 1024)  # a 2xx status says the graph is stored; the body does not matter


def _refusal(err: urllib.error.HTTPError) -> _Failure:
    detail = _first_answer_line(err)
    status = f"HTTP {err.code} {printable(str(err.reason or ''))}".strip() + (f": {detail}" if detail else "")
    if err.code >= 500:
        return _Failure(f"the store failed ({status})", "check the store's log and its free disk space")
    return _Failure(f"the store refused the graph ({status})", _REMEDIES.get(err.code, _NOT_A_STORE),
                    transient=False, status=err.code)


def _first_answer_line(err: urllib.error.HTTPError) -> str:
    try:
        text = err.read(4096).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return ""
    lines = (line.strip() for line in text.splitlines())
    return printable(next((line for line in lines if line and not line.startswith("<")), "")[:200])


def _reason(reason: object) -> str:
    text = reason.strerror if isinstance(reason, OSError) and reason.strerror else str(reason)
    return printable(text)


def push(dataset: Dataset, endpoint: str, auth: tuple[str, str] | None = None,
         timeout_s: float = PUSH_TIMEOUT_S, default_graph: bool = True) -> PushSummary:
    """Send every named graph to a SPARQL 1.1 Graph Store Protocol endpoint, one PUT each, so
    that pushing again replaces rather than duplicates; then, unless `default_graph` is False,
    the merged view (the set of the triples of all named graphs) as the default graph, which is
    where the canned queries read, as they do locally. Each graph gets `timeout_s` seconds,
    retries included; the first graph that fails stops the push."""
    check_endpoint(endpoint)
    if not (math.isfinite(timeout_s) and timeout_s > 0):
        raise UsageError(f"--timeout {timeout_s:g} is not a positive number of seconds; give e.g. --timeout 60")
    started = time.perf_counter()
    summary = PushSummary(endpoint)
    store = raw_store(dataset)
    target = _GraphStore(endpoint, auth, timeout_s)
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
        summary.retries += target.put(graph.value, _ntriples(triples))
        summary.graphs += 1
        summary.triples += len(triples)
    if default_graph:
        merged = [q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]
        summary.retries += target.put(None, _ntriples(merged))
        summary.merged_triples = len(merged)
    summary.seconds = time.perf_counter() - started
    return summary


def _ntriples(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def query_endpoint(endpoint: str, text: str, auth: tuple[str, str] | None = None,
                   timeout: float | None = None) -> ox.QuerySolutions | ox.QueryBoolean:
    """Run a SELECT or ASK query on a SPARQL 1.1 protocol endpoint, waiting at most `timeout`
    seconds (default 60) for each step of the exchange."""
    check_endpoint(endpoint)
    # a form, the one way of POSTing a query every server takes (Virtuoso 7 hangs on a bare query)
    headers = _headers(auth, "application/x-www-form-urlencoded")
    headers["Accept"] = "application/sparql-results+json"
    form = urllib.parse.urlencode({"query": text}).encode("ascii")
    request = urllib.request.Request(endpoint, data=form, method="POST", headers=headers)
    wait = timeout or _TIMEOUT_S
    try:
        with urllib.request.urlopen(request, timeout=wait) as response:
            status, body = int(response.status), response.read()
    except urllib.error.HTTPError as err:
        raise QueryError(f"{endpoint}: the query was refused (HTTP {err.code}: {_refusal_line(err)}); "
                         "check it") from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        if isinstance(reason, TimeoutError):
            raise timed_out(endpoint, wait) from None
        raise RemoteError(f"{endpoint}: cannot be reached ({printable(str(reason))}); "
                          "check that the endpoint is running") from None
    except http.client.HTTPException as err:
        raise RemoteError(f"{endpoint}: the answer broke off or is not HTTP ({type(err).__name__}); "
                          "check that the URL is the endpoint's SPARQL query service") from None
    return _query_results(endpoint, status, body)


def _refusal_line(err: urllib.error.HTTPError) -> str:
    """The first line of the endpoint's explanation, when it gives one."""
    try:
        lines = err.read(2000).decode("utf-8", "replace").strip().splitlines()
    except (OSError, http.client.HTTPException):
        return ""
    return printable(lines[0]) if lines else ""


def _query_results(endpoint: str, status: int, body: bytes) -> ox.QuerySolutions | ox.QueryBoolean:
    """The results in the body, read in full once so that a broken body fails here rather than
    halfway through printing."""
    remedy = "check that the URL is the endpoint's SPARQL query service"
    if not body.strip():
        raise QueryError(f"{endpoint}: the endpoint answered HTTP {status} with no results; {remedy}")
    try:
        results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if isinstance(results, ox.QuerySolutions):
            for _ in results:
                pass
            results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        return results
    except (SyntaxError, ValueError) as err:
        detail = printable(" ".join(str(err).split())[:120])
        raise QueryError(f"{endpoint}: the answer is not SPARQL JSON results ({detail}); {remedy}") from None
