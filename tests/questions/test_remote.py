"""Serving and pushing, against a real Oxigraph server started on loopback. The helpers here
stop everything they start: the kg process, and the Oxigraph server it runs, even if kg fails
to stop it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import KG_PROCESS, run_kg

from kg.build.builder import BuildSummary
from kg.questions.query import bind, list_queries, run, solution_rows
from kg.questions.remote import oxigraph_binary, push, query_endpoint
from kg.store.bridge import read_dataset

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_is_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _wait(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise AssertionError("the server stopped: " + (process.stderr.read().decode() if process.stderr else ""))
        if port_is_open(port):
            return
        time.sleep(0.05)
    raise AssertionError("the server did not start")


def descendants(pid: int) -> list[int]:
    """The processes started by `pid`, and theirs."""
    try:
        import psutil
    except ImportError:
        parents = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            parents[int(stat.parent.name)] = int(fields[1])
        found, frontier = [], [pid]
        while frontier:
            children = [child for child, parent in parents.items() if parent in frontier]
            found += children
            frontier = children
        return found
    try:
        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def stop(process: subprocess.Popen[bytes], children: list[int], how: int = signal.SIGTERM) -> None:
    """Stop kg as a user would, then make sure nothing it started outlives the test."""
    if process.poll() is None:
        process.send_signal(how)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for pid in children:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


@contextmanager
def running(command: list[str], port: int, env: dict[str, str] | None = None) -> Iterator[str]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    children: list[int] = []
    try:
        _wait(port, process)
        children = descendants(process.pid)
        yield f"http://127.0.0.1:{port}"
    finally:
        children += [pid for pid in descendants(process.pid) if pid not in children]
        stop(process, children)
        if process.stderr:
            process.stderr.close()


def _select(base: str, query: str) -> list[dict[str, dict[str, str]]]:
    request = urllib.request.Request(f"{base}/query?query={urllib.parse.quote(query)}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=20) as response:
        return list(json.loads(response.read())["results"]["bindings"])


def test_serve_answers_queries_and_refuses_updates(demo_build: BuildSummary, tmp_path: Path) -> None:
    port = free_port()
    command = [*KG_PROCESS, "serve", "-g", str(demo_build.output), "--port", str(port)]
    with running(command, port, {**os.environ, "TMPDIR": str(tmp_path)}) as base:
        rows = _select(base, "SELECT ?h WHERE { ?h a <https://w3id.org/conflict-kg/ontology#Highway> }")
        highways = {row["h"]["value"].rsplit("/", 1)[-1] for row in rows}
        assert {"M4", "M5"} <= highways
        known = run_kg("query", "what-lies-on", "-p", "highway=m5", "--endpoint", f"{base}/query", "--format", "csv")
        assert known.returncode == 0 and "M5," in known.stdout, known.stderr
        unknown = run_kg("query", "what-lies-on", "-p", "highway=M55", "--endpoint", f"{base}/query")
        assert unknown.returncode == 2 and unknown.stdout == ""
        assert unknown.stderr.startswith("kg: error: no highway named 'M55' in the data; did you mean M5?")
        update = urllib.request.Request(f"{base}/update", method="POST",
                                        data=b"INSERT DATA { <http://a> <http://b> <http://c> }",
                                        headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=20)
        assert refused.value.code in (403, 405)
    assert not list(tmp_path.glob("kg-serve-*"))


def test_push_twice_leaves_the_same_triples(demo_build: BuildSummary, tmp_path: Path) -> None:
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(tmp_path / "server"), "--bind", f"127.0.0.1:{port}"]
    dataset = read_dataset([demo_build.output])
    with running(command, port) as base:
        first = push(dataset, f"{base}/store")
        once = int(_select(base, COUNT)[0]["n"]["value"])
        second = push(dataset, f"{base}/store")
        twice = int(_select(base, COUNT)[0]["n"]["value"])
    assert first.graphs == second.graphs > 3
    assert once == twice == first.triples


def _cells(row: dict[str, str]) -> tuple[str, ...]:
    """A row's cells, a list in a cell ("a; b", "x y") as a set: SPARQL leaves the order of
    GROUP_CONCAT to each engine."""
    return tuple(" ".join(sorted(value.replace(";", " ").split())) for value in row.values())


def test_after_a_push_every_canned_query_answers_from_the_endpoint_as_from_the_file(
        demo_build: BuildSummary, tmp_path: Path) -> None:
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(tmp_path / "server"), "--bind", f"127.0.0.1:{port}"]
    dataset = read_dataset([demo_build.output])
    examples = {"date": "2020-03-01", "place": "Saraqeb", "highway": "M5"}  # for the parameters a query requires
    with running(command, port) as base:
        pushed = run_kg("push", "--endpoint", f"{base}/store", "-g", str(demo_build.output))
        assert pushed.returncode == 0, pushed.stderr
        assert "as the default graph" in pushed.stderr + pushed.stdout
        compared = 0
        for query in list_queries():
            values = {p.name: examples[p.name] for p in query.parameters if p.required}
            text = bind(query, values)
            local = solution_rows(run(dataset, text, query.name), query.name)
            remote = solution_rows(query_endpoint(f"{base}/query", text), query.name)
            assert sorted(map(_cells, remote)) == sorted(map(_cells, local)), query.name
            compared += bool(local)
    assert compared >= 20, "most canned queries answer something on the demo corpus"


def test_push_to_nowhere_is_one_clear_error(demo_build: BuildSummary) -> None:

    # a short --timeout: the retries (one here) end sooner; the error is the same
    result = run_kg("push", "--endpoint", f"http://127.0.0.1:{free_port()}/store", "-g", str(demo_build.output),
                    "--timeout", "1")
    assert result.returncode == 2
    assert "cannot be reached" in result.stderr and len(result.stderr.strip().splitlines()) == 1
