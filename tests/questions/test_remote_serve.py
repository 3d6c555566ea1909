"""`kg serve` is safe to leave running: a query cannot make it call other hosts unless allowed,
a query stops at the time limit, a stop signal leaves no server and no copy of the graph
behind, and a port in use is one line."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import KG_PROCESS
from test_remote import alive, descendants, free_port, port_is_open, stop

from kg.build.builder import BuildSummary
from kg.common.errors import UsageError
from kg.questions import remote


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    port: int
    children: list[int]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@contextmanager
def served(graph: Path, tmp_path: Path, *options: str) -> Iterator[Served]:
    """`kg serve` in its own process, its temporary copy of the graph under tmp_path."""
    port = free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    process = subprocess.Popen([*KG_PROCESS, "serve", "-g", str(graph), "--port", str(port), *options],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    server = Served(process, port, [])
    try:
        deadline = time.monotonic() + 60
        while not _answers(server.base):
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "kg serve did not answer within 60 s"
            time.sleep(0.05)
        server.children = descendants(process.pid)
        yield server
    finally:
        stop(process, server.children + descendants(process.pid))
        if process.stderr:
            process.stderr.close()


class Listener:
    """A socket on a free loopback port that records every connection made to it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.1)
        self.connections = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}/sparql"

    def _accept(self) -> None:
        while not self._done.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self, settle: float = 0.5) -> None:
        if self._done.is_set():  # closed already (by the test, then by the fixture)
            return
        time.sleep(settle)  # a call on its way is counted
        self._done.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    recorder = Listener()
    try:
        yield recorder
    finally:
        recorder.close()


def _send(request: urllib.request.Request | str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def _service_requests(base: str, target: str) -> list[urllib.request.Request]:
    """The ways a client can send a query: in the URL, as a form, as the body; one spelling each."""
    spellings = [f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                 f"# a comment\nselect * {{ ?x ?y ?z . service silent <{target}> {{ ?s ?p ?o }} }}",
                 f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}"]
    form = "application/x-www-form-urlencoded"
    return [
        urllib.request.Request(f"{base}/query?query={urllib.parse.quote(spellings[0])}"),
        urllib.request.Request(f"{base}/query", data=urllib.parse.urlencode({"query": spellings[1]}).encode(),
                               headers={"Content-Type": f"{form}; charset=UTF-8"}),
        urllib.request.Request(f"{base}/query", data=spellings[2].encode(),
                               headers={"Content-Type": "Application/SPARQL-Query"}),
        urllib.request.Request(f"{base}/query?query={urllib.parse.quote(spellings[0])}", data=b"",
                               headers={"Content-Type": form}),
    ]


def test_a_query_cannot_make_the_server_call_another_host(
        demo_build: BuildSummary, tmp_path: Path, listener: Listener) -> None:
    with served(demo_build.output, tmp_path) as server:
        for request in _service_requests(server.base, listener.url):
            status, text = _send(request)
            assert status == 400, text
            assert "SERVICE" in text and "--allow-service" in text
            assert len(text.strip().splitlines()) == 1
        status, text = _send(f"{server.base}/query?query="
                             + urllib.parse.quote('SELECT ?service WHERE { ?service ?p "SERVICE" } LIMIT 1'))
        assert status == 200, text
    listener.close()
    assert listener.connections == 0


def test_an_update_cannot_call_another_host_either(
        demo_build: BuildSummary, tmp_path: Path, listener: Listener) -> None:
    update = f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    with served(demo_build.output, tmp_path, "--writable") as server:
        for data, media in [(update.encode(), "application/sparql-update"),
                            (urllib.parse.urlencode({"update": update}).encode(), "application/x-www-form-urlencoded")]:
            request = urllib.request.Request(f"{server.base}/update", data=data, headers={"Content-Type": media})
            status, text = _send(request)
            assert status == 400 and "--allow-service" in text, text
    listener.close()
    assert listener.connections == 0


def test_allow_service_lets_queries_call_other_hosts(
        demo_build: BuildSummary, tmp_path: Path, listener: Listener) -> None:
    query = f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}"
    with served(demo_build.output, tmp_path, "--allow-service") as server:
        status, text = _send(f"{server.base}/query?query={urllib.parse.quote(query)}")
        assert status == 200, text
    heard_by = time.monotonic() + 5
    while listener.connections < 1 and time.monotonic() < heard_by:
        time.sleep(0.02)
    listener.close(settle=0)
    assert listener.connections >= 1


def test_a_query_stops_at_the_time_limit(demo_build: BuildSummary, tmp_path: Path) -> None:
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with served(demo_build.output, tmp_path, "--timeout", "1") as server:
        started = time.monotonic()
        _status, text = _send(f"{server.base}/query?query={urllib.parse.quote(endless)}")
        assert time.monotonic() - started < 30
    # the server cancels the query, or the front stops waiting for it a few seconds later:
    # either way no count comes back
    assert '"value"' not in text, text


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_a_stop_signal_leaves_nothing_behind(demo_build: BuildSummary, tmp_path: Path, how: int) -> None:
    with served(demo_build.output, tmp_path) as server:
        assert server.children and list(tmp_path.glob("kg-serve-*"))
        server.process.send_signal(how)
        assert server.process.wait(timeout=30) == 0
        stderr = server.process.stderr.read().decode() if server.process.stderr else ""
    assert stderr.strip().splitlines()[-1] == "stopped"
    assert not port_is_open(server.port)
    assert not [pid for pid in server.children if alive(pid)]
    assert not list(tmp_path.glob("kg-serve-*"))


def test_a_port_in_use_is_one_line(demo_build: BuildSummary, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([*KG_PROCESS, "serve", "-g", str(demo_build.output), "--port", str(port)],
                                check=False, capture_output=True, text=True, timeout=120,
                                env={**os.environ, "TMPDIR": str(tmp_path), "RUST_BACKTRACE": "1"})
    assert result.returncode == 2
    assert result.stderr == f"kg: error: 127.0.0.1:{port} is already in use; choose another port with --port\n"
    assert result.stdout == ""
    assert not list(tmp_path.glob("kg-serve-*"))


def test_a_full_disk_while_copying_the_graph_is_one_line_and_leaves_nothing(
        demo_build: BuildSummary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(_folder: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(remote, "ox", SimpleNamespace(Store=full_disk))
    plan = remote.plan_server(None, demo_build.output, free_port())
    with pytest.raises(UsageError) as refused, remote.serving(plan):
        pass
    assert "No space left on device" in str(refused.value) and "TMPDIR" in str(refused.value)
    assert not list(tmp_path.glob("kg-serve-*"))
    assert not port_is_open(plan.port)


def _cross_origin_headers(base: str) -> dict[str, str]:
    """The CORS headers of the answers to a web page of another origin: its preflight, then its query."""
    origin = {"Origin": "http://notebook.example"}
    preflight = urllib.request.Request(f"{base}/query", method="OPTIONS",
                                       headers={**origin, "Access-Control-Request-Method": "POST"})
    found: dict[str, str] = {}
    for request in (preflight, urllib.request.Request(f"{base}/query?query={urllib.parse.quote('ASK {}')}",
                                                      headers={**origin, "Accept": "application/sparql-results+json"})):
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                found.update({k: v for k, v in response.getheaders() if k.lower().startswith("access-control-")})
        except urllib.error.HTTPError as refused:
            found.update({k: v for k, v in refused.headers.items() if k.lower().startswith("access-control-")})
    return found


def test_cors_is_answered_only_when_asked_for(demo_build: BuildSummary, tmp_path: Path) -> None:
    with served(demo_build.output, tmp_path, "--cors") as server:
        allowed = _cross_origin_headers(server.base)
    assert any(k.lower() == "access-control-allow-origin" for k in allowed), allowed
    with served(demo_build.output, tmp_path) as server:
        assert _cross_origin_headers(server.base) == {}
