"""The front that `kg serve` puts before the Oxigraph server: it listens where the user asked,
refuses SPARQL queries and updates that would make the server call other endpoints (SERVICE),
and forwards every other request to the server, which listens on a private loopback port.

A request is forwarded as it was checked: the `query` and `update` parameters of the URL and of
a form are decoded once, checked, and encoded again, so the server cannot read them otherwise.
"""

from __future__ import annotations

import http.client
import io
import socket
import socketserver
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kg.questions.sparql_guard import find_service

SERVICE_REFUSED = ("SERVICE is refused: this endpoint does not call other endpoints; "
                   "start kg serve with --allow-service to let queries do so")

_SPARQL_BODIES = frozenset({"application/sparql-query", "application/sparql-update"})
_FORM = "application/x-www-form-urlencoded"
_SPARQL_PARAMETERS = frozenset({"query", "update"})
_MAX_CHECKED_BODY = 128 * 1024 * 1024  # the largest SPARQL body the Oxigraph server accepts
_NOT_FORWARDED = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
                            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
                            "content-length"})
_GRACE_S = 2  # beyond the server's own query timeout, so that its answer arrives first
_CHUNK = 64 * 1024


class Refusal(Exception):
    """A request answered by the front itself, with a status and a one-line text."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class SparqlFront(ThreadingHTTPServer):
    """Listens on `address` from construction on (so a port in use fails at once) and forwards
    to `upstream` once `start` is called."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], family: socket.AddressFamily, timeout_s: int,
                 allow_service: bool) -> None:
        self.address_family = family
        self.timeout_s = timeout_s
        self.allow_service = allow_service
        self.upstream: tuple[str, int] = ("127.0.0.1", 0)
        self._thread: threading.Thread | None = None
        super().__init__(address, _Forwarder)

    def server_bind(self) -> None:
        # HTTPServer.server_bind also looks the host's name up in DNS, which can hang.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def start(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="kg-serve-front", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
            self._thread = None

    def handle_error(self, request: object, client_address: object) -> None:
        """A connection that breaks is the client's business; nothing is printed."""


class _BodyReader:
    """The request body, read from the client as the server reads it, never past its length."""

    def __init__(self, stream: io.BufferedIOBase, length: int) -> None:
        self._stream = stream
        self._left = length

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        wanted = self._left if size < 0 else min(size, self._left)
        data = self._stream.read(wanted)
        self._left -= len(data)
        if not data:
            self._left = 0
        return data


def sparql_texts(pairs: list[tuple[str, str]]) -> list[str]:
    return [value for key, value in pairs if key in _SPARQL_PARAMETERS]


def form_pairs(encoded: str) -> list[tuple[str, str]]:
    return urllib.parse.parse_qsl(encoded, keep_blank_values=True, encoding="utf-8", errors="replace")


def media_type(content_type: str) -> str:
    """The media type as the Oxigraph server reads it: before any parameter, trimmed, lower case."""
    return content_type.split(";", 1)[0].strip().lower()


class _Forwarder(BaseHTTPRequestHandler):
    server: SparqlFront
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.timeout_s)  # a client that sends too slowly is dropped

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged."""

    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_OPTIONS(self) -> None:
        self._handle()

    def _handle(self) -> None:
        self.close_connection = True
        try:
            target, body, length = self._checked()
        except Refusal as refusal:
            self._answer(refusal.status, refusal.message)
            return
        self._forward(target, body, length)

    def _checked(self) -> tuple[str, bytes | _BodyReader | None, int | None]:
        """The target and body to forward; raises Refusal for what must not reach the server."""
        length = self._body_length()
        types = self.headers.get_all("Content-Type") or []
        if len(types) > 1:
            raise Refusal(HTTPStatus.BAD_REQUEST, "give one Content-Type header")
        media = media_type(types[0]) if types else ""
        target, pairs = self._target()
        texts = sparql_texts(pairs)
        body: bytes | _BodyReader | None = None
        if media in _SPARQL_BODIES or media == _FORM:
            raw = self._read_checked_body(length or 0)
            if media == _FORM:
                form = form_pairs(raw.decode("utf-8", "replace"))
                texts += sparql_texts(form)
                raw = urllib.parse.urlencode(form).encode("ascii")
            else:
                texts.append(raw.decode("utf-8", "replace"))
            body, length = raw, len(raw)
        elif length:
            body = _BodyReader(self.rfile, length)
        if not self.server.allow_service and any(find_service(text) is not None for text in texts):
            raise Refusal(HTTPStatus.BAD_REQUEST, SERVICE_REFUSED)
        return target, body, length

    def _body_length(self) -> int | None:
        if self.headers.get("Transfer-Encoding"):
            raise Refusal(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length header")
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            return None
        if len(lengths) > 1 or not lengths[0].strip().isdigit():
            raise Refusal(HTTPStatus.BAD_REQUEST, "give one Content-Length header, a number of bytes")
        return int(lengths[0])

    def _read_checked_body(self, length: int) -> bytes:
        if length > _MAX_CHECKED_BODY:
            raise Refusal(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                          f"SPARQL bodies are limited to {_MAX_CHECKED_BODY} bytes")
        raw = self.rfile.read(length)
        if len(raw) < length:
            raise Refusal(HTTPStatus.BAD_REQUEST, "the body is shorter than its Content-Length")
        return raw

    def _target(self) -> tuple[str, list[tuple[str, str]]]:
        """The path and query string to forward, and the decoded query string."""
        parts = urllib.parse.urlsplit(self.path.encode("iso-8859-1").decode("utf-8", "replace"))
        path = urllib.parse.quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
        if not parts.query:
            return path, []
        pairs = form_pairs(parts.query)
        return f"{path}?{urllib.parse.urlencode(pairs)}", pairs

    def _forward(self, target: str, body: bytes | _BodyReader | None, length: int | None) -> None:
        upstream = http.client.HTTPConnection(*self.server.upstream, timeout=self.server.timeout_s + _GRACE_S)
        try:
            upstream.request(self.command, target, body=body, headers=self._forwarded_headers(length))
            response = upstream.getresponse()
        except TimeoutError:
            self._answer(HTTPStatus.GATEWAY_TIMEOUT,
                         f"no answer within the time limit of {self.server.timeout_s} s; narrow the query, "
                         "or start kg serve with a longer --timeout")
            upstream.close()
            return
        except (OSError, http.client.HTTPException) as err:
            self._answer(HTTPStatus.BAD_GATEWAY, f"the SPARQL server failed ({type(err).__name__})")
            upstream.close()
            return
        try:
            self._relay(response)
        except (OSError, http.client.HTTPException):
            pass  # the client went away, or the server broke off: the connection closes
        finally:
            upstream.close()

    def _forwarded_headers(self, length: int | None) -> dict[str, str]:
        named_hop = {token.strip().lower() for token in self.headers.get("Connection", "").split(",")}
        headers = {key: value for key, value in self.headers.items()
                   if key.lower() not in _NOT_FORWARDED and key.lower() not in named_hop}
        if length is not None:
            headers["Content-Length"] = str(length)
        return headers

    def _relay(self, response: http.client.HTTPResponse) -> None:
        self.send_response_only(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in _NOT_FORWARDED or key.lower() == "content-length":
                self.send_header(key, value)
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        while chunk := response.read(_CHUNK):
            self.wfile.write(chunk)

    def _answer(self, status: HTTPStatus, message: str) -> None:
        body = f"{message}\n".encode()
        try:
            self.send_response_only(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except OSError:
            pass
