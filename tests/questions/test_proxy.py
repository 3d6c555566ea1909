"""The front of `kg serve`, before a stand-in server that echoes what reaches it: SPARQL with
SERVICE never reaches it, however it is sent; everything else does, as it was checked."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.questions.proxy import SERVICE_REFUSED, SparqlFront

CALL = "SELECT * WHERE { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }"
PLAIN = "SELECT * WHERE { ?s ?p ?o }"
FORM = "application/x-www-form-urlencoded"


class _Echo(BaseHTTPRequestHandler):
    """Answers with what it received: method, target, content type and body."""

    def _echo(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        seen = {"method": self.command, "target": self.path, "type": self.headers.get("Content-Type"),
                "body": body.decode("utf-8", "replace")}
        self.server.seen.append(seen)  # type: ignore[attr-defined]
        data = json.dumps(seen).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = _echo

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def upstream() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    server.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _front(upstream: ThreadingHTTPServer, allow_service: bool = False) -> Iterator[SparqlFront]:
    front = SparqlFront(("127.0.0.1", 0), socket.AF_INET, 5, allow_service)
    front.start(("127.0.0.1", upstream.server_address[1]))
    try:
        yield front
    finally:
        front.stop()
        front.server_close()


@pytest.fixture()
def front(upstream: ThreadingHTTPServer) -> Iterator[SparqlFront]:
    yield from _front(upstream)


def _ask(front: SparqlFront, method: str, target: str, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", front.server_address[1], timeout=10)
    try:
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _query(text: str) -> str:
    return urllib.parse.quote(text)


REFUSED = [
    ("GET", f"/query?query={_query(CALL)}", None, {}),
    ("GET", f"/?query={_query(CALL)}", None, {}),
    ("GET", f"/query?query={_query(PLAIN)}&query={_query(CALL)}", None, {}),
    ("POST", "/query", CALL.encode(), {"Content-Type": "application/sparql-query"}),
    ("POST", "/query", CALL.encode(), {"Content-Type": " APPLICATION/Sparql-Query ; charset=utf-8"}),
    ("POST", "/update", CALL.encode(), {"Content-Type": "application/sparql-update"}),
    ("POST", "/query", urllib.parse.urlencode({"query": CALL}).encode(), {"Content-Type": FORM}),
    ("POST", "/update", urllib.parse.urlencode({"update": CALL}).encode(), {"Content-Type": FORM}),
    ("POST", f"/query?query={_query(CALL)}", urllib.parse.urlencode({"x": "1"}).encode(), {"Content-Type": FORM}),
    ("POST", "/query", b"query=" + CALL.replace(" ", "+").encode(), {"Content-Type": FORM}),
]


@pytest.mark.parametrize(("method", "target", "body", "headers"), REFUSED)
def test_service_never_reaches_the_server(front: SparqlFront, upstream: ThreadingHTTPServer, method: str,
                                          target: str, body: bytes | None, headers: dict[str, str]) -> None:
    status, text = _ask(front, method, target, body, headers)
    assert (status, text) == (400, SERVICE_REFUSED + "\n")
    assert upstream.seen == []  # type: ignore[attr-defined]


def test_a_query_reaches_the_server_as_it_was_checked(front: SparqlFront, upstream: ThreadingHTTPServer) -> None:
    status, text = _ask(front, "POST", "/query?default-graph-uri=http%3A%2F%2Fa",
                        b"query=SELECT+*+%7B+%3Fs+%3Fp+%22caf%C3%A9%22+%7D", {"Content-Type": FORM})
    assert status == 200
    seen = json.loads(text)
    assert urllib.parse.parse_qsl(seen["body"]) == [("query", 'SELECT * { ?s ?p "café" }')]
    assert seen["target"] == "/query?default-graph-uri=http%3A%2F%2Fa"


def test_data_is_not_read_as_a_query(front: SparqlFront) -> None:
    turtle = b'<http://a> <http://b> "SERVICE <http://10.0.0.1/> { }" .'
    status, text = _ask(front, "PUT", "/store?graph=http%3A%2F%2Fg", turtle, {"Content-Type": "text/turtle"})
    assert status == 200
    assert json.loads(text)["body"] == turtle.decode()


def test_allow_service_forwards_it(upstream: ThreadingHTTPServer) -> None:
    for front in _front(upstream, allow_service=True):
        status, text = _ask(front, "POST", "/query", CALL.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(text)["body"] == CALL


def test_a_body_without_a_length_is_refused(front: SparqlFront, upstream: ThreadingHTTPServer) -> None:
    status, text = _ask(front, "POST", "/query", iter([CALL.encode()]),  # type: ignore[arg-type]
                        {"Content-Type": "application/sparql-query", "Transfer-Encoding": "chunked"})
    assert status == 411 and "Content-Length" in text
    assert upstream.seen == []  # type: ignore[attr-defined]


def test_a_server_that_is_gone_is_one_line(upstream: ThreadingHTTPServer) -> None:
    for front in _front(upstream):
        front.upstream = ("127.0.0.1", 9)
        status, text = _ask(front, "GET", f"/query?query={_query(PLAIN)}")
    assert status == 502 and len(text.strip().splitlines()) == 1
