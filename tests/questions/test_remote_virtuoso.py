"""`kg push` into Virtuoso (Debian's virtuoso-opensource), started on loopback: digest
authentication, the named graphs with the default graph left to Virtuoso (the union of all),
and `kg query --endpoint` answering as the graph file does."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import run_kg
from test_remote import free_port

from kg.build.builder import BuildSummary

INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = .
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def _virtuoso() -> str:
    found = shutil.which("virtuoso-t")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("virtuoso-t is not installed; CI must install it (see .ci/run)")
    pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource-7-bin)")


@pytest.fixture()
def virtuoso(tmp_path: Path) -> Iterator[str]:
    """A Virtuoso server of its own on loopback (its database in tmp_path); its base URL."""
    binary = _virtuoso()
    http_port = free_port()
    ini = tmp_path / "virtuoso.ini"
    ini.write_text(INI.format(folder=tmp_path, sql_port=free_port(), http_port=http_port), encoding="utf-8")
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 120
        while not _answers(f"{base}/sparql?query=ASK%7B%7D"):
            assert process.poll() is None, (tmp_path / "virtuoso.log").read_text(errors="replace")[-2000:]
            assert time.monotonic() < deadline, "Virtuoso did not start within two minutes"
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def _rows(text: str) -> list[tuple[str, ...]]:
    """The CSV rows, a list in a cell as a set (SPARQL leaves GROUP_CONCAT's order to each engine)."""
    return sorted(tuple(" ".join(sorted(cell.split())) for cell in row) for row in csv.reader(io.StringIO(text)))


def test_after_a_push_to_virtuoso_who_backs_whom_answers_as_the_graph_file(
        demo_build: BuildSummary, virtuoso: str) -> None:
    pushed = run_kg("push", "--endpoint", f"{virtuoso}/sparql-graph-crud-auth", "-g", str(demo_build.output),
                    "--user", "dba", "--union-default", env={"KG_PASSWORD": "dba"})
    assert pushed.returncode == 0, pushed.stderr
    local = run_kg("query", "who-backs-whom", "-g", str(demo_build.output), "--format", "csv")
    remote = run_kg("query", "who-backs-whom", "--endpoint", f"{virtuoso}/sparql", "--format", "csv")
    assert remote.returncode == 0, remote.stderr
    assert len(_rows(local.stdout)) > 5
    assert _rows(remote.stdout) == _rows(local.stdout)
