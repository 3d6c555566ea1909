"""Serving and pushing, against a real Oxigraph server started on loopback."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg.builder import BuildSummary
from kg.remote import oxigraph_binary, push
from kg.store import read_dataset

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise AssertionError("the server stopped: " + (process.stderr.read().decode() if process.stderr else ""))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not start")


@contextmanager
def running(command: list[str], port: int) -> Iterator[str]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


def _select(base: str, query: str) -> list[dict[str, dict[str, str]]]:
    request = urllib.request.Request(f"{base}/query?query={urllib.parse.quote(query)}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=20) as response:
        return list(json.loads(response.read())["results"]["bindings"])


def test_serve_answers_queries_and_refuses_updates(demo_build: BuildSummary) -> None:
    port = _free_port()
    command = [sys.executable, "-c", "from kg.cli import main; main()", "serve", "-g", str(demo_build.output),
               "--port", str(port)]
    with running(command, port) as base:
        rows = _select(base, "SELECT ?h WHERE { ?h a <https://w3id.org/conflict-kg/ontology#Highway> }")
        assert len(rows) == 2
        update = urllib.request.Request(f"{base}/update", method="POST",
                                        data=b"INSERT DATA { <http://a> <http://b> <http://c> }",
                                        headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=20)
        assert refused.value.code in (403, 405)


def test_push_twice_leaves_the_same_triples(demo_build: BuildSummary, tmp_path: Path) -> None:
    port = _free_port()
    command = [oxigraph_binary(), "serve", "--location", str(tmp_path / "server"), "--bind", f"127.0.0.1:{port}"]
    dataset = read_dataset([demo_build.output])
    with running(command, port) as base:
        first = push(dataset, f"{base}/store")
        once = int(_select(base, COUNT)[0]["n"]["value"])
        second = push(dataset, f"{base}/store")
        twice = int(_select(base, COUNT)[0]["n"]["value"])
    assert first.graphs == second.graphs > 3
    assert once == twice == first.triples


def test_push_to_nowhere_is_one_clear_error(demo_build: BuildSummary) -> None:
    from test_cli import kg

    result = kg("push", "--endpoint", f"http://127.0.0.1:{_free_port()}/store", "-g", str(demo_build.output))
    assert result.returncode == 2
    assert "cannot be reached" in result.stderr and len(result.stderr.strip().splitlines()) == 1
