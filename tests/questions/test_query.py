"""Queries that stay on the machine unless told otherwise, end at their time limit, and fail in
one line when an endpoint answers with nothing usable."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import KG_PROCESS, Result, run_kg, run_kg_process
from rdflib import Dataset

from kg.build.builder import BuildSummary
from kg.common import resources
from kg.questions.kept_answers import ANSWERS_DIR
from kg.questions.query import list_queries
from kg.questions.sparql_guard import find_service

RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
RUNAWAY_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
FAR_AWAY = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "far away"}}]}}'

# Queries with a SERVICE clause, ENDPOINT standing for the URL it calls, and where the keyword is.
CALLING = [
    ("SELECT * WHERE { SERVICE <ENDPOINT> { ?s ?p ?o } }", 1, 18),
    ("SELECT * WHERE {\n  ?s ?p ?o .\n  service silent <ENDPOINT> { ?a ?b ?c }\n}", 3, 3),
    ("SELECT * WHERE { ?s ?p ?o.SERVICE <ENDPOINT> { ?a ?b ?c } }", 1, 27),
    ("SELECT * WHERE { ?s ?p ?o SERVICE<ENDPOINT>{ ?a ?b ?c } }", 1, 27),
    ("SELECT * WHERE { ?s ?p true SERVICE <ENDPOINT> { ?a ?b ?c } }", 1, 29),
    ("SELECT * WHERE { ?s ?p trueSERVICE <ENDPOINT> { ?a ?b ?c } }", 1, 28),
    ("SELECT * WHERE { ?s ?p 1SERVICE <ENDPOINT> { ?a ?b ?c } }", 1, 25),
    ("SELECT * WHERE { ?s ?p ?o SERVICESILENT <ENDPOINT> { ?a ?b ?c } }", 1, 27),
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o < 2)SERVICE <ENDPOINT> { ?a ?b ?c } }", 1, 41),
    ("SELECT * WHERE { ?s ?p ?o # a note\n  SERVICE <ENDPOINT> { ?a ?b ?c } }", 2, 3),
    ("PREFIX : <ENDPOINT>\nSELECT * WHERE { ?s ?p true SERVICE:x { ?a ?b ?c } }", 2, 29),
    ("PREFIX : <ENDPOINT>\nSELECT * WHERE { ?s ?p ?o SERVICE: { ?a ?b ?c } }", 2, 27),
    ("SELECT * WHERE { VALUES ?u { <ENDPOINT> }\n  ?s ?p ?o SERVICE ?u { ?a ?b ?c } }", 2, 12),
    ("SELECT * WHERE { ?s ?p ?o \\u0053ERVICE <ENDPOINT> { ?a ?b ?c } }", 1, 27),
]
# Queries that spell the word where it is no keyword.
STAYING = [
    "SELECT ?service WHERE { ?service ?p ?o }",
    "SELECT $service WHERE { $service ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <ENDPOINT> { ?s ?p ?o }",
    'SELECT * WHERE { ?s ?p "SERVICE <ENDPOINT> { ?s ?p ?o }" }',
    'SELECT * WHERE { ?s ?p "say \\"SERVICE\\" <ENDPOINT> {}" }',
    "SELECT * WHERE { ?s ?p '''it spans\nSERVICE <ENDPOINT> { ?s ?p ?o }''' }",
    "SELECT * WHERE { <ENDPOINTSERVICE> ?p ?o }",
    "PREFIX service: <ENDPOINT>\nSELECT * WHERE { service:x ?p ?o }",
    "PREFIX ex: <ENDPOINT>\nSELECT * WHERE { ?s ex:service ?o . ?s ex:a.service ?o }",
    "SELECT * WHERE { ?s ?p _:service }",
    'SELECT * WHERE { ?s ?p "x"@en-service }',
]


@dataclass
class Listener:
    """A socket on loopback that records every connection made to it and closes it unanswered."""

    url: str
    connections: list[bytes] = field(default_factory=list)


@pytest.fixture()
def listener() -> Iterator[Listener]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.1)
    heard = Listener(f"http://127.0.0.1:{server.getsockname()[1]}/sparql")
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    heard.connections.append(connection.recv(4096))
                except OSError:
                    heard.connections.append(b"")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield heard
    stop.set()
    thread.join(5)
    server.close()


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/sparql"


def _one_line_error(outcome: Result | subprocess.CompletedProcess[str]) -> str:
    code, err = outcome.returncode, outcome.stderr
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory, demo_store_once: Path) -> Path:
    """A copy of the session's store of the demo corpus, for this module's tests to write answers into."""
    folder = tmp_path_factory.mktemp("safety") / "store"
    shutil.copytree(demo_store_once, folder)
    return folder


# --- finding SERVICE ---------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "line", "column"), CALLING, ids=[str(i) for i in range(len(CALLING))])
def test_service_is_found_where_the_engine_would_read_it(query: str, line: int, column: int) -> None:
    found = find_service(query.replace("ENDPOINT", "http://example.org/sparql"))
    assert found is not None and (found.line, found.column) == (line, column)


@pytest.mark.parametrize("query", STAYING, ids=[str(i) for i in range(len(STAYING))])
def test_the_word_in_a_comment_string_iri_variable_or_name_is_no_service(query: str) -> None:
    assert find_service(query.replace("ENDPOINT", "http://example.org/sparql")) is None


def test_no_canned_query_is_refused() -> None:
    assert [q.name for q in list_queries() if find_service(q.text) is not None] == []


def test_whatever_the_engine_sends_away_is_found(listener: Listener) -> None:
    """Oxigraph itself runs every query against the listener: each query that reaches it was
    found, and none of those said to stay does."""
    store = ox.Store()
    subject, predicate = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    for value in (ox.Literal(True), ox.Literal(1), ox.Literal("x"), ox.NamedNode("http://example.org/o")):
        store.add(ox.Quad(subject, predicate, value))
    called = []
    for query in [q for q, _, _ in CALLING] + STAYING:
        text = query.replace("ENDPOINT", listener.url)
        before = len(listener.connections)
        try:
            list(store.query(text))
        except (SyntaxError, OSError, RuntimeError):
            pass
        waited = time.monotonic() + 0.05  # a call the engine made is heard by then
        while len(listener.connections) == before and time.monotonic() < waited:
            time.sleep(0.005)
        if len(listener.connections) > before:
            called.append(query)
            assert find_service(text) is not None, text
    assert CALLING[0][0] in called
    assert not set(called) & set(STAYING)


# --- refusing SERVICE in the CLI ---------------------------------------------------------------

def test_sparql_refuses_service_on_a_graph_and_sends_nothing(
        demo_build: BuildSummary, listener: Listener, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    query = f"SELECT * WHERE {{\n  ?s ?p ?o .\n  SERVICE <{listener.url}> {{ ?s ?p ?o }}\n}}"
    outcome = run_kg("sparql", query, "-g", str(demo_build.output))
    assert _one_line_error(outcome) == (f"kg: error: query:3:3: SERVICE <{listener.url}> would send the query "
                                        "to another host; pass --allow-service to allow it")
    time.sleep(0.2)
    assert listener.connections == []


def test_sparql_and_query_refuse_service_on_a_store(
        demo_store: Path, listener: Listener, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    query = f"# title: Far away\nSELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}\n"
    (tmp_path / "far-away.rq").write_text(query)
    refused = run_kg("sparql", str(tmp_path / "far-away.rq"), "--store", str(demo_store))
    assert f"far-away.rq:2:18: SERVICE <{listener.url}> would send" in _one_line_error(refused)
    monkeypatch.setattr(resources, "queries_dir", lambda: tmp_path)
    canned = run_kg("query", "far-away", "--store", str(demo_store))
    assert "--allow-service" in _one_line_error(canned)
    time.sleep(0.2)
    assert listener.connections == []


def test_allow_service_sends_the_query_and_a_failed_call_is_one_line(
        demo_build: BuildSummary, listener: Listener, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    outcome = run_kg("sparql", query, "-g", str(demo_build.output), "--allow-service")
    assert "SERVICE call failed" in _one_line_error(outcome)
    assert listener.connections and listener.connections[0].startswith(b"POST /sparql")


def test_a_service_call_to_a_closed_port_is_one_line(
        demo_build: BuildSummary, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    query = f"SELECT * WHERE {{ ?s a kg:Highway SERVICE <{_closed_port_url()}> {{ ?s ?p ?o }} }}"
    outcome = run_kg("sparql", query, "-g", str(demo_build.output), "--allow-service")
    line = _one_line_error(outcome)
    assert line.startswith("kg: error: query: a SERVICE call failed") and "check that its endpoint is up" in line


def test_a_query_in_another_encoding_than_utf8_is_one_line(
        demo_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    typed = "SELECT ?s WHERE { ?s rdfs:label \"Saraqib\udce9\" }"  # how Python reads a Latin-1 byte from argv
    outcome = run_kg("sparql", typed, "--store", str(demo_store))
    assert _one_line_error(outcome) == "kg: error: query:1:41: the byte 0xe9 is not UTF-8 text; write the query in UTF-8"


# --- endpoints that answer with nothing usable ------------------------------------------------

class _Endpoint(BaseHTTPRequestHandler):
    """/empty: 204 and no body; /page: an HTML page; /cut: JSON cut short; /short: fewer bytes
    than announced; /garbage: not HTTP; /slow: an answer that does not come; else: one row."""

    release = threading.Event()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/slow":
            self.release.wait(30)
        if self.path == "/garbage":
            self.wfile.write(b"Hello, this is not HTTP\r\n\r\n")
            return
        status, body = {"/empty": (204, b""), "/page": (200, b"<html><body>Welcome</body></html>"),
                        "/cut": (200, FAR_AWAY[:60])}.get(self.path, (200, FAR_AWAY))
        self.send_response(status)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body) + (100 if self.path == "/short" else 0)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        """Requests are not logged."""


@pytest.fixture()
def endpoint() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    server.daemon_threads = True
    _Endpoint.release.clear()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _Endpoint.release.set()
    server.shutdown()
    server.server_close()


def test_an_endpoint_answer_is_printed(endpoint: str) -> None:
    result = run_kg("sparql", "SELECT ?x WHERE { ?s ?p ?x }", "--endpoint", f"{endpoint}/sparql", "--timeout", "20")
    assert result.returncode == 0, result.stderr
    assert "far away" in result.stdout and "(1 row)" in result.stdout


@pytest.mark.parametrize(("path", "message"), [
    ("/empty", "answered HTTP 204 with no results"),
    ("/page", "the answer is not SPARQL JSON results"),
    ("/cut", "the answer is not SPARQL JSON results"),
    ("/short", "the answer broke off or is not HTTP"),
    ("/garbage", "the answer broke off or is not HTTP"),
])
def test_an_endpoint_answer_that_is_not_results_is_one_line(endpoint: str, path: str, message: str) -> None:
    result = run_kg("query", "actors", "--endpoint", f"{endpoint}{path}")
    assert message in _one_line_error(result)


def test_a_silent_endpoint_is_given_up_at_the_timeout(endpoint: str) -> None:
    started = time.monotonic()
    result = run_kg("sparql", "ASK {}", "--endpoint", f"{endpoint}/slow", "--timeout", "1")
    assert f"{endpoint}/slow: no answer within 1 s" in _one_line_error(result)
    assert time.monotonic() - started < 20


def test_a_service_answer_is_printed_but_not_kept(
        demo_store: Path, endpoint: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    query = f"SELECT ?x WHERE {{ SERVICE <{endpoint}/sparql> {{ ?s ?p ?x }} }}"
    before = _kept(demo_store)
    outcome = run_kg("sparql", query, "--store", str(demo_store), "--allow-service")
    assert outcome.returncode == 0, outcome.stderr
    assert "far away" in outcome.stdout
    assert _kept(demo_store) == before


def _kept(store: Path) -> set[str]:
    folder = store / ANSWERS_DIR
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


# --- time limits -------------------------------------------------------------------------------

@pytest.mark.parametrize("query", [RUNAWAY, RUNAWAY_COUNT], ids=["rows", "count"])
def test_a_runaway_query_on_a_graph_ends_at_the_timeout(demo_build: BuildSummary, query: str) -> None:
    started = time.monotonic()
    result = run_kg_process("sparql", query, "-g", str(demo_build.output), "--timeout", "1")
    assert _one_line_error(result) == ("kg: error: query: no answer within 1 s; narrow the query, or allow it "
                                       "more time with --timeout SECONDS")
    assert time.monotonic() - started < 30
    assert result.stdout == ""


def test_a_runaway_query_on_a_store_ends_at_the_timeout(demo_store: Path) -> None:
    started = time.monotonic()
    result = run_kg_process("sparql", RUNAWAY_COUNT, "--store", str(demo_store), "--timeout", "1.5")
    assert "no answer within 1.5 s" in _one_line_error(result)
    assert time.monotonic() - started < 30


def test_a_canned_query_takes_a_timeout(demo_store: Path) -> None:
    assert "no answer within 0.001 s" in _one_line_error(
        run_kg("query", "actors", "--store", str(demo_store), "--timeout", "0.001"))
    answered = run_kg("query", "actors", "--store", str(demo_store), "--timeout", "60", "-f", "csv")
    assert answered.returncode == 0 and "Turkey" in answered.stdout


@pytest.mark.parametrize("value", ["0", "-5", "nan", "1e9"])
def test_a_timeout_that_is_no_time_limit_is_refused(demo_build: BuildSummary, value: str,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run_kg("sparql", "ASK {}", "-g", str(demo_build.output), f"--timeout={value}")
    assert "--timeout" in _one_line_error(outcome)


def _wait_for(marker: Path, longest: float = 60) -> None:
    deadline = time.monotonic() + longest
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def test_ctrl_c_stops_a_running_query(demo_build: BuildSummary, tmp_path: Path) -> None:
    # as from a terminal, whatever the test runner does with SIGINT; the marker file says kg is
    # loaded and its command starts, a second more and the query runs
    marker = tmp_path / "started"
    entry = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
             "from kg.cli import main; open(sys.argv.pop(1), 'w').close(); main()")
    command = [sys.executable, "-c", entry, str(marker), "sparql", RUNAWAY_COUNT, "-g", str(demo_build.output)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(marker)
        time.sleep(1)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 2
    assert err.strip().startswith("kg: error: interrupted") and len(err.strip().splitlines()) == 1


# --- how many rows a table shows -----------------------------------------------------------------

TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


def _csv_rows(*args: str) -> list[list[str]]:
    import csv
    import io

    result = run_kg(*args, "--format", "csv")
    assert result.returncode == 0, result.stderr
    return list(csv.reader(io.StringIO(result.stdout)))[1:]


def test_a_table_shows_the_rows_asked_for_and_says_how_many_there_are(demo_build: BuildSummary) -> None:
    every = _csv_rows("query", "places", "-g", str(demo_build.output))
    result = run_kg("query", "places", "-g", str(demo_build.output), "--rows", "2")
    assert result.returncode == 0, result.stderr
    body, footer = result.stdout.splitlines()[2:-1], result.stdout.splitlines()[-1]
    assert [line.split()[0] for line in body] == [row[0].split()[0] for row in every[:2]]
    assert footer == (f"(the first 2 of {len(every):,} rows; --rows 0 shows them all, "
                      "--format csv gives them to a file)")


def test_rows_zero_and_output_that_is_no_terminal_show_every_row(demo_build: BuildSummary) -> None:
    every = _csv_rows("query", "places", "-g", str(demo_build.output))
    for extra in (("--rows", "0"), ()):
        result = run_kg("query", "places", "-g", str(demo_build.output), *extra)
        assert result.returncode == 0, result.stderr
        assert len(result.stdout.splitlines()) == len(every) + 3  # header, rule, rows, count
        assert result.stdout.splitlines()[-1] == f"({len(every)} rows)"


def _on_a_terminal(args: list[str], columns: int) -> list[str]:
    """What `kg ARGS` prints on a terminal of 40 rows and `columns` columns."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    terminal = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}  # the size is the terminal's
    with subprocess.Popen([*KG_PROCESS, *args], stdout=follower, stderr=subprocess.PIPE, env=terminal) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=60) == 0
    os.close(leader)
    return b"".join(chunks).decode().splitlines()


def test_a_table_on_a_terminal_shows_a_screenful_as_wide_as_the_terminal(demo_build: BuildSummary) -> None:
    every = _csv_rows("sparql", TRIPLES, "-g", str(demo_build.output))
    lines = _on_a_terminal(["sparql", TRIPLES, "-g", str(demo_build.output)], 100)
    assert lines[-1].startswith(f"(the first 50 of {len(every):,} rows;")
    assert max(len(line) for line in lines) <= 100
    assert len(lines) >= 2 + 50 + 1


def test_a_kept_answer_is_kept_for_the_rows_it_shows(demo_store: Path) -> None:
    two = run_kg("query", "places", "--store", str(demo_store), "--rows", "2")
    every = run_kg("query", "places", "--store", str(demo_store), "--rows", "0")
    again = run_kg("query", "places", "--store", str(demo_store), "--rows", "2")
    assert two.returncode == every.returncode == again.returncode == 0
    assert len(two.stdout.splitlines()) == 2 + 2 + 1 < len(every.stdout.splitlines())
    assert again.stdout == two.stdout


def test_a_negative_row_count_is_one_line(demo_build: BuildSummary) -> None:
    result = run_kg("query", "places", "-g", str(demo_build.output), "--rows", "-1")
    assert result.returncode == 2
    assert "--rows" in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("width", [100, 60])
def test_a_terminal_table_fits_its_width_and_wraps_long_cells_whole(demo_graph: Dataset, width: int) -> None:
    from kg.questions.query import bind, get_query, run, select_rows, table

    rows = select_rows(demo_graph, "evidence", subject="Turkey")
    assert rows
    shown = table(run(demo_graph, bind(get_query("evidence"), {"subject": "Turkey"})), None, width)
    assert max(len(line) for line in shown.splitlines()) <= width
    words = " ".join(shown.split())
    for row in rows:
        for word in row["matched"].split():
            assert word in words, f"{word!r} of the matched words is not shown"


def test_the_list_of_queries_fits_a_terminal() -> None:
    lines = _on_a_terminal(["queries"], 72)
    assert max(len(line) for line in lines) <= 72
    assert any(line.startswith("who-backs-whom: ") for line in lines)


@pytest.mark.parametrize("query", [q for q in list_queries() if not any(p.required for p in q.parameters)],
                         ids=lambda q: q.name)
def test_no_canned_table_is_wider_than_the_terminal(seeds_graph: Dataset, query) -> None:  # type: ignore[no-untyped-def]
    from kg.questions.query import run, table

    shown = table(run(seeds_graph, query.text), 50, 100)
    assert max(len(line) for line in shown.splitlines()) <= 100, shown
