"""The graph beyond one process: serve it over the SPARQL 1.1 protocol with the Oxigraph
server, push it into any Graph Store Protocol endpoint, and query a remote endpoint."""

from __future__ import annotations

import base64
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg.answers import forget_answers
from kg.errors import KgError, QueryError, UsageError
from kg.resources import LOCALHOST
from kg.store import raw_store, read_dataset

_TIMEOUT_S = 60
_RETRIES = 3
_BACKOFF_S = 0.5


class RemoteError(KgError):
    """An endpoint that cannot be reached or refuses what is sent (exit code 2)."""


@dataclass(frozen=True)
class ServerPlan:
    command: list[str]
    location: Path
    url: str
    read_only: bool
    temporary: bool


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if not found:
        raise UsageError("the Oxigraph server is not installed; pip install oxigraph")
    return found


def _copy_to_store(graph: Path) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    store = ox.Store(str(folder))
    store.bulk_extend(raw_store(read_dataset([graph])).quads_for_pattern(None, None, None, None))
    store.flush()
    del store
    return folder


def plan_server(store: Path | None, graph: Path | None, port: int, host: str = LOCALHOST,
                writable: bool = False) -> ServerPlan:
    """The command that serves the store (or a copy of the graph file in a new store). Answers
    kept for a store that will accept updates are dropped."""
    if store is not None:
        location = store
        if writable:
            forget_answers(store)
    elif graph is not None:
        location = _copy_to_store(graph)
    else:
        raise UsageError("give --store DIR or -g GRAPH to serve")
    mode = "serve" if writable else "serve-read-only"
    command = [oxigraph_binary(), mode, "--location", str(location), "--bind", f"{host}:{port}"]
    return ServerPlan(command, location, f"http://{host}:{port}", not writable, store is None)


@dataclass
class PushSummary:
    endpoint: str
    graphs: int = 0
    triples: int = 0
    retries: int = 0
    seconds: float = 0.0
    failed: list[str] = field(default_factory=list)


def _headers(auth: tuple[str, str] | None, content_type: str | None = None) -> dict[str, str]:
    headers = {"User-Agent": "kg"}
    if content_type:
        headers["Content-Type"] = content_type
    if auth:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    return headers


def _send(request: urllib.request.Request) -> tuple[int, bytes]:
    with urllib.request.urlopen(request, timeout=_TIMEOUT_S) as response:
        return int(response.status), response.read()


def _check_url(url: str) -> None:
    if urllib.parse.urlparse(url).scheme not in ("http", "https"):
        raise UsageError(f"endpoint '{url}' is not an http(s) URL; give e.g. http://localhost:7878/store")


def _put_graph(endpoint: str, name: str, body: bytes, auth: tuple[str, str] | None) -> int:
    """PUT one named graph (replacing it); returns the number of retries it took."""
    url = f"{endpoint}{'&' if '?' in endpoint else '?'}graph={urllib.parse.quote(name, safe='')}"
    request = urllib.request.Request(url, data=body, method="PUT",
                                     headers=_headers(auth, "application/n-triples"))
    for attempt in range(_RETRIES + 1):
        try:
            _send(request)
            return attempt
        except urllib.error.HTTPError as err:
            if err.code < 500 or attempt == _RETRIES:
                raise RemoteError(f"{endpoint}: the store refused graph {name} (HTTP {err.code} {err.reason}); "
                                  "check the endpoint URL and credentials") from None
        except (urllib.error.URLError, OSError) as err:
            if attempt == _RETRIES:
                raise RemoteError(f"{endpoint}: cannot be reached ({getattr(err, 'reason', err)}); "
                                  "check that the store is running") from None
        time.sleep(_BACKOFF_S * 2 ** attempt)
    return _RETRIES


def push(dataset: Dataset, endpoint: str, auth: tuple[str, str] | None = None) -> PushSummary:
    """Send every named graph to a SPARQL 1.1 Graph Store Protocol endpoint, one PUT each, so
    that pushing again replaces rather than duplicates."""
    _check_url(endpoint)
    started = time.perf_counter()
    summary = PushSummary(endpoint)
    store = raw_store(dataset)
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in store.quads_for_pattern(None, None, None, graph)]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        summary.retries += _put_graph(endpoint, graph.value, body, auth)
        summary.graphs += 1
        summary.triples += len(triples)
    summary.seconds = time.perf_counter() - started
    return summary


def query_endpoint(endpoint: str, text: str, auth: tuple[str, str] | None = None) -> ox.QuerySolutions | ox.QueryBoolean:
    """Run a SELECT or ASK query on a SPARQL 1.1 protocol endpoint."""
    _check_url(endpoint)
    headers = _headers(auth, "application/sparql-query")
    headers["Accept"] = "application/sparql-results+json"
    request = urllib.request.Request(endpoint, data=text.encode("utf-8"), method="POST", headers=headers)
    try:
        _, body = _send(request)
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", "replace").strip().splitlines()[:1]
        raise QueryError(f"{endpoint}: the query was refused (HTTP {err.code}: {' '.join(detail)}); check it") from None
    except (urllib.error.URLError, OSError) as err:
        raise RemoteError(f"{endpoint}: cannot be reached ({getattr(err, 'reason', err)}); "
                          "check that the endpoint is running") from None
    result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    assert isinstance(result, (ox.QuerySolutions, ox.QueryBoolean))
    return result
