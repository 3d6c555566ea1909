"""`kg push` against endpoints that misbehave: one that never answers fails within the time
limit, odd answers are one line and never a traceback, and the password is never an argument."""

from __future__ import annotations

import base64
import hashlib
import http.server
import os
import pty
import re
import select
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from helpers import KG_PROCESS, Result, run_kg

from kg.build.builder import BuildSummary


class Endpoint:
    """A loopback socket that reads each request and answers it with the same bytes (or, given
    None, accepts and never answers). It keeps the requests' headers."""

    def __init__(self, answer: bytes | None) -> None:
        self.answer = answer
        self.headers: list[str] = []
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.1)
        self._held: list[socket.socket] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}/store"

    def _serve(self) -> None:
        while not self._done.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            if self.answer is None:
                self._held.append(connection)
                continue
            with connection:
                self._read_request(connection)
                connection.sendall(self.answer)

    def _read_request(self, connection: socket.socket) -> None:
        connection.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = connection.recv(65536)
            if not chunk:
                return
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        self.headers.append(head.decode("iso-8859-1"))
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            chunk = connection.recv(65536)
            if not chunk:
                return
            body += chunk

    def close(self) -> None:
        self._done.set()
        self._thread.join()
        for connection in self._held:
            connection.close()
        self.socket.close()


def endpoint(answer: bytes | None) -> Iterator[Endpoint]:
    server = Endpoint(answer)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture()
def silent() -> Iterator[Endpoint]:
    yield from endpoint(None)


def push(graph: Path, url: str, *options: str, env: dict[str, str | None] | None = None) -> Result:
    return run_kg("push", "--endpoint", url, "-g", str(graph), *options, env=env)


def test_an_endpoint_that_never_answers_fails_within_the_timeout(demo_build: BuildSummary, silent: Endpoint) -> None:
    started = time.monotonic()
    result = push(demo_build.output, silent.url, "--timeout", "1")
    elapsed = time.monotonic() - started
    assert result.returncode == 2
    assert "no answer within 1 s" in result.stderr and "--timeout" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert 1 <= elapsed < 1 + 15  # the time limit, and starting Python and reading the graph


ANSWERS = {
    "204 without a body": (b"HTTP/1.1 204 No Content\r\n\r\n", 0, "pushed"),
    "201 with an empty body": (b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", 0, "pushed"),
    "200 with a body cut short": (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", 0, "pushed"),
    "a status no one uses": (b"HTTP/1.1 999 Strange\r\nContent-Length: 0\r\n\r\n", 2, "HTTP 999 Strange"),
    "a full disk": (b"HTTP/1.1 507 Insufficient Storage\r\nContent-Length: 16\r\n\r\nthe disk is full",
                    2, "the store failed (HTTP 507 Insufficient Storage: the disk is full"),
    "a refusal with escape codes": (b"HTTP/1.1 400 Bad\x1b[2J\r\nContent-Length: 9\r\n\r\n\x1b[31mno way",
                                    2, "the store refused the graph (HTTP 400"),
    "wrong credentials": (b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n", 2, "KG_PASSWORD"),
    "not HTTP": (b"SSH-2.0-OpenSSH_9.6\r\n\r\n", 2, "not HTTP"),
    "a closed connection": (b"", 2, "closed the connection without an answer"),
}


@pytest.mark.parametrize("name", list(ANSWERS))
def test_an_odd_answer_is_one_line_never_a_traceback(demo_build: BuildSummary, name: str) -> None:
    answer, code, expected = ANSWERS[name]
    for server in endpoint(answer):
        result = push(demo_build.output, server.url, "--timeout", "1")  # time for one retry
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == code, result.stderr
    assert expected in (result.stdout if code == 0 else result.stderr)
    if code == 2:
        assert result.stderr.startswith("kg: error: ") and len(result.stderr.strip().splitlines()) == 1
        assert "\x1b" not in result.stderr


def test_the_password_comes_from_the_environment(demo_build: BuildSummary) -> None:
    for server in endpoint(b"HTTP/1.1 204 No Content\r\n\r\n"):
        result = push(demo_build.output, server.url, "--user", "ana", env={"KG_PASSWORD": "s3cret"})
    assert result.returncode == 0, result.stderr
    token = base64.b64encode(b"ana:s3cret").decode()
    assert server.headers and all(f"Authorization: Basic {token}" in head for head in server.headers)


class DigestStore(http.server.BaseHTTPRequestHandler):
    """A graph store that, as Virtuoso does, answers basic authentication with a bare 401 and
    a request without any with a challenge for digest authentication, which it checks."""

    user, password, realm, nonce = "ana", "s3cret", "SPARQL", "4e6f6e6365"
    stored: ClassVar[list[str]] = []

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        given = self.headers.get("Authorization", "")
        if given.startswith("Digest ") and self._digest_is_right(given):
            self.stored.append(self.path)
            self.send_response(201)
        else:
            self.send_response(401)
            if not given:
                self.send_header("WWW-Authenticate",
                                 f'Digest realm="{self.realm}", nonce="{self.nonce}", qop="auth", algorithm="MD5"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _digest_is_right(self, header: str) -> bool:
        fields = dict(re.findall(r'(\w+)="?([^",]*)"?', header.removeprefix("Digest ")))

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()

        known = md5(f"{self.user}:{self.realm}:{self.password}")
        asked = md5(f"PUT:{fields.get('uri', '')}")
        expected = md5(f"{known}:{self.nonce}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{asked}")
        return fields.get("username") == self.user and fields.get("response") == expected

    def log_message(self, *_: object) -> None:
        pass


def test_a_store_that_wants_digest_authentication_gets_it(demo_build: BuildSummary) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), DigestStore)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql-graph-crud-auth"
    try:
        wrong = push(demo_build.output, url, "--user", "ana", env={"KG_PASSWORD": "guess"})
        right = push(demo_build.output, url, "--user", "ana", "--union-default", env={"KG_PASSWORD": "s3cret"})
    finally:
        server.shutdown()
        server.server_close()
    assert wrong.returncode == 2 and "HTTP 401" in wrong.stderr and "KG_PASSWORD" in wrong.stderr
    assert right.returncode == 0, right.stderr
    graphs = int(re.search(r"pushed (\d+) graphs", right.stderr + right.stdout).group(1))  # type: ignore[union-attr]
    assert graphs > 3 and len(DigestStore.stored) == graphs
    assert all("?graph=" in path for path in DigestStore.stored), "with --union-default no default graph is put"


def test_the_merged_view_is_put_as_the_default_graph_last(demo_build: BuildSummary) -> None:
    for server in endpoint(b"HTTP/1.1 204 No Content\r\n\r\n"):
        result = push(demo_build.output, server.url)
    assert result.returncode == 0, result.stderr
    targets = [head.split(" ")[1] for head in server.headers]
    assert targets[-1] == "/store?default" and all("?graph=" in target for target in targets[:-1])


def test_a_password_argument_is_refused(demo_build: BuildSummary) -> None:
    result = push(demo_build.output, "http://127.0.0.1:9/store", "--user", "ana", "--password", "s3cret")
    assert result.returncode == 2
    assert "--password" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_without_a_terminal_or_KG_PASSWORD_the_user_is_told_how(demo_build: BuildSummary) -> None:
    result = push(demo_build.output, "http://127.0.0.1:9/store", "--user", "ana", env={"KG_PASSWORD": None})
    assert result.returncode == 2
    assert "KG_PASSWORD" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def _read_until(fd: int, text: bytes, seconds: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while text not in seen and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.2)[0]:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    return seen


def test_on_a_terminal_the_password_is_asked_for_and_not_shown(demo_build: BuildSummary) -> None:
    env = {key: value for key, value in os.environ.items() if key != "KG_PASSWORD"}
    for server in endpoint(b"HTTP/1.1 204 No Content\r\n\r\n"):
        main, terminal = pty.openpty()
        process = subprocess.Popen([*KG_PROCESS, "push", "--endpoint", server.url, "-g", str(demo_build.output),
                                    "--user", "ana"], stdin=terminal, stdout=terminal, stderr=terminal,
                                   env=env, start_new_session=True)
        os.close(terminal)
        try:
            # the space after the colon comes once the terminal has stopped showing what is typed
            assert b"password for ana: " in _read_until(main, b"password for ana: ", 60)
            os.write(main, b"s3cret\n")
            shown = _read_until(main, b"pushed", 60)
            assert process.wait(timeout=60) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            os.close(main)
    assert b"pushed" in shown and b"s3cret" not in shown
    token = base64.b64encode(b"ana:s3cret").decode()
    assert any(f"Authorization: Basic {token}" in head for head in server.headers)
