"""The endpoint client under attack (issue 12), driven through the CLI as a user would,
against canary servers on 127.0.0.1 that count what reaches them: a slow-drip server, a
401 page that echoes what it was sent, redirects to another port, bad size caps, and
``pmograph serve`` stopped by signals and asked to call out."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner

from pmograph.cli import cli
from pmograph.remote.urls import redact

ASK_TRUE = b'{"head":{},"boolean":true}'
EMPTY_SELECT = b'{"head":{"vars":["x"]},"results":{"bindings":[]}}'


class Canary:
    """An HTTP server on 127.0.0.1 whose handler is a function; it keeps every request."""

    def __init__(self, handle: Callable[[BaseHTTPRequestHandler, Canary], None]) -> None:
        self.requests: list[dict[str, Any]] = []
        canary = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                canary.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                try:
                    handle(self, canary)
                except OSError:
                    pass

            do_GET = do_POST = do_PUT = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def canary() -> Iterator[Callable[..., Canary]]:
    made: list[Canary] = []

    def make(handle: Callable[[BaseHTTPRequestHandler, Canary], None]) -> Canary:
        made.append(Canary(handle))
        return made[-1]

    yield make
    for c in made:
        c.close()


def _reply(
    h: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str, reason: str = ""
) -> None:
    h.send_response(status, reason or None)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def _drip(h: BaseHTTPRequestHandler, c: Canary) -> None:
    """Headers at once, then one byte every 0.3 s, never the end."""
    h.send_response(200)
    h.send_header("Content-Type", "application/sparql-results+json")
    h.end_headers()
    h.wfile.flush()
    for _ in range(200):
        h.wfile.write(b" ")
        h.wfile.flush()
        time.sleep(0.3)


def _drip_headers(h: BaseHTTPRequestHandler, c: Canary) -> None:
    """The status line and headers themselves, one byte every 0.3 s."""
    for byte in (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nX-Slow: " + b"a" * 200
    ):
        h.wfile.write(bytes([byte]))
        h.wfile.flush()
        time.sleep(0.3)


class TestTotalDeadline:
    @pytest.mark.parametrize("handler", [_drip, _drip_headers], ids=["body", "headers"])
    def test_query_endpoint_stops_at_the_timeout(self, canary: Any, handler: Any) -> None:
        slow = canary(handler)
        started = time.monotonic()
        result = CliRunner().invoke(
            cli, ["query", "--endpoint", slow.url, "--timeout", "2", "ASK {}"]
        )
        took = time.monotonic() - started
        assert result.exit_code == 4, result.output
        assert "within 2 s" in result.stderr
        assert len(result.stderr.splitlines()) == 1
        assert took < 5, f"took {took:.1f} s past a 2 s timeout"
        assert slow.requests

    def test_push_stops_at_the_timeout(self, canary: Any, tmp_path: Path) -> None:
        slow = canary(_drip)
        started = time.monotonic()
        result = CliRunner(env={"PMOGRAPH_CACHE_DIR": str(tmp_path)}).invoke(
            cli,
            [
                "push",
                "--endpoint",
                slow.url.replace("/sparql", "/store"),
                "--timeout",
                "2",
                "--retries",
                "0",
            ],
        )
        took = time.monotonic() - started
        assert result.exit_code == 4, result.output
        assert "within 2 s (total deadline)" in result.stderr
        assert "while sending" in result.stderr and "run the same push again" in result.stderr
        assert took < 6

    def test_a_failed_chunk_is_retried(self, canary: Any, tmp_path: Path) -> None:
        def flaky(h: BaseHTTPRequestHandler, c: Canary) -> None:
            if len(c.requests) == 1:
                _reply(h, 503, b"busy", "text/plain")
            else:
                _reply(h, 201, b"", "text/plain")

        server = canary(flaky)
        result = CliRunner(env={"PMOGRAPH_CACHE_DIR": str(tmp_path)}).invoke(
            cli, ["push", "--endpoint", f"http://127.0.0.1:{server.port}/store", "--retries", "1"]
        )
        assert result.exit_code == 0, result.stderr
        first, again = server.requests[0], server.requests[1]
        assert first["path"] == again["path"] and first["body"] == again["body"]
        assert not list(tmp_path.glob("push/*.json")), "the journal is removed once done"


def _echo_401(h: BaseHTTPRequestHandler, c: Canary) -> None:
    """A 401 whose reason phrase and page repeat every header and the URL."""
    echoed = (h.path + " " + " ".join(f"{k}: {v}" for k, v in h.headers.items())).encode()
    h.send_response(401, "Unauthorized " + h.headers.get("Authorization", ""))
    h.send_header("Content-Type", "text/plain")
    h.send_header("WWW-Authenticate", 'Basic realm="x"')
    h.send_header("Content-Length", str(len(echoed)))
    h.end_headers()
    h.wfile.write(echoed)


class TestCredentialsNeverShown:
    def test_an_echoing_401_page_shows_nothing_secret(self, canary: Any) -> None:
        echo = canary(_echo_401)
        env = {"PMOGRAPH_ENDPOINT_USER": "bob", "PMOGRAPH_ENDPOINT_PASSWORD": "hunter2"}
        result = CliRunner(env=env).invoke(cli, ["query", "--endpoint", echo.url, "ASK {}"])
        assert result.exit_code == 4
        token = base64.b64encode(b"bob:hunter2").decode()
        assert token in echo.requests[0]["headers"]["Authorization"]  # it was sent...
        assert "hunter2" not in result.output and token not in result.output  # ...never shown
        assert "HTTP 401" in result.stderr and len(result.stderr.splitlines()) == 1

    def test_url_secrets_are_masked_in_every_message(self, canary: Any) -> None:
        echo = canary(_echo_401)
        url = f"http://al1ce:s3cret@127.0.0.1:{echo.port}/sparql?pw=PW1&session=S2&p%61ss=P3&k=v"
        result = CliRunner().invoke(cli, ["query", "--endpoint", url, "ASK {}"])
        assert result.exit_code == 4
        for secret in ("s3cret", "al1ce", "PW1", "S2", "P3"):
            assert secret not in result.output, secret
        assert "pw=***&session=***&p%61ss=***&k=v" in result.stderr

    @pytest.mark.parametrize(
        "name", ["pw", "pass", "token", "api_key", "secret", "session", "auth", "sid", "x-sig"]
    )
    def test_secret_looking_parameters(self, name: str) -> None:
        assert redact(f"http://h/s?{name}=VALUE&graph=g") == f"http://h/s?{name}=***&graph=g"

    def test_netrc_credentials_do_not_follow_a_redirect_to_another_port(
        self, canary: Any, tmp_path: Path
    ) -> None:
        elsewhere = canary(lambda h, c: _reply(h, 200, ASK_TRUE, "application/sparql-results+json"))

        def moved(h: BaseHTTPRequestHandler, c: Canary) -> None:
            h.send_response(307)
            h.send_header("Location", elsewhere.url)
            h.send_header("Content-Length", "0")
            h.end_headers()

        start = canary(moved)
        netrc = tmp_path / "netrc"
        netrc.write_text("machine 127.0.0.1 login carol password n3trc\n")
        netrc.chmod(0o600)
        result = CliRunner(env={"NETRC": str(netrc)}).invoke(
            cli, ["query", "--endpoint", start.url, "ASK {}"]
        )
        assert result.exit_code == 4
        assert "redirects to" in result.stderr and "another host or port" in result.stderr
        assert start.requests and "Authorization" in start.requests[0]["headers"]
        assert elsewhere.requests == []
        assert "n3trc" not in result.output

    def test_a_redirect_on_the_same_origin_is_followed(self, canary: Any, tmp_path: Path) -> None:
        def handle(h: BaseHTTPRequestHandler, c: Canary) -> None:
            if h.path == "/old":
                h.send_response(308)
                h.send_header("Location", "/sparql")
                h.send_header("Content-Length", "0")
                h.end_headers()
            else:
                _reply(h, 200, ASK_TRUE, "application/sparql-results+json")

        server = canary(handle)
        result = CliRunner().invoke(
            cli, ["query", "--endpoint", f"http://127.0.0.1:{server.port}/old", "ASK {}"]
        )
        assert result.exit_code == 0, result.stderr
        asked = [r for r in server.requests if b"ASK" in r["body"]]  # not the engine probe
        assert [r["path"] for r in asked] == ["/old", "/sparql"]
        assert asked[1]["body"] == asked[0]["body"]


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400", "0", "-5", "lots", "1e7"])
def test_bad_endpoint_max_mb_is_one_line(value: str) -> None:
    result = CliRunner(env={"PMOGRAPH_ENDPOINT_MAX_MB": value}).invoke(
        cli, ["query", "--endpoint", "http://127.0.0.1:9/sparql", "ASK {}"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: PMOGRAPH_ENDPOINT_MAX_MB=")
    assert len(result.stderr.splitlines()) == 1


def test_the_local_check_does_not_evaluate_a_cross_join(canary: Any) -> None:
    server = canary(lambda h, c: _reply(h, 200, EMPTY_SELECT, "application/sparql-results+json"))
    values = " ".join(str(i) for i in range(100))
    blocks = " ".join(f"VALUES ?x{i} {{ {values} }}" for i in range(6))
    started = time.monotonic()
    result = CliRunner().invoke(
        cli,
        [
            "query",
            "--endpoint",
            server.url,
            "--timeout",
            "20",
            f"SELECT ?x WHERE {{ {blocks} }} ORDER BY ?x1",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - started < 8
    sent = [r for r in server.requests if b"ORDER+BY" in r["body"]]  # not the engine probe
    assert len(sent) == 1, "the query was sent"


# -- pmograph serve ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(*extra: str) -> tuple[subprocess.Popen[bytes], int]:
    from pmograph.errors import InputError
    from pmograph.remote.server import oxigraph_executable

    try:
        oxigraph_executable()
    except InputError:
        pytest.skip("the oxigraph server is not installed")
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from pmograph.cli import main; main()",
            "serve",
            "--port",
            str(port),
            "--no-packaged",
            "--data",
            str(Path(__file__).parent.parent / "data" / "sources.trig"),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    for _ in range(3):
        proc.stdout.readline()
    return proc, port


def _databases_of(pid: int) -> list[Path]:
    out = []
    for folder in Path(tempfile.gettempdir()).glob("pmograph-serve-*"):
        try:
            if (folder / "owner.pid").read_text().strip() == str(pid):
                out.append(folder)
        except OSError:
            continue
    return out


@pytest.mark.server
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_serve_stops_oxigraph_and_removes_its_database_on_a_signal(sig: int) -> None:
    proc, port = _serve()
    try:
        assert _databases_of(proc.pid)
        proc.send_signal(sig)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert _databases_of(proc.pid) == []
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))  # nothing listens there any more


@pytest.mark.server
@pytest.mark.parametrize("allow", [False, True], ids=["default", "allow-remote"])
def test_serve_does_not_call_out_unless_allowed(canary: Any, allow: bool) -> None:
    target = canary(lambda h, c: _reply(h, 200, EMPTY_SELECT, "application/sparql-results+json"))
    proc, port = _serve(*(["--allow-remote"] if allow else []))
    try:
        answer = requests.post(
            f"http://127.0.0.1:{port}/query",
            data={"query": f"SELECT * WHERE {{ SERVICE <{target.url}> {{ ?s ?p ?o }} }}"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=20,
        )
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    if allow:
        assert answer.status_code == 200 and len(target.requests) == 1
    else:
        assert target.requests == [], "the server called out"
        assert b"ok" not in answer.content


@pytest.mark.server
def test_a_push_cut_off_by_a_killed_server_resumes(tmp_path: Path) -> None:
    """Kill the server mid-push: the push fails saying how to resume; run again, it resumes."""
    from pmograph.errors import EndpointError, InputError
    from pmograph.kg import load
    from pmograph.loader import read_files
    from pmograph.remote.client import EndpointStore
    from pmograph.remote.push import push
    from pmograph.remote.server import oxigraph_executable

    try:
        exe = oxigraph_executable()
    except InputError:
        pytest.skip("the oxigraph server is not installed")
    port = _free_port()

    def start() -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [
                exe,
                "serve",
                "--location",
                str(tmp_path / "db"),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return proc
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("oxigraph did not start")

    server = start()
    calls: list[str | None] = []

    def kill_after_some(name: str | None, sent: int, total: int) -> None:
        calls.append(name)
        if len(set(calls)) == 4 and calls[-1] != calls[-2]:  # inside the 4th graph
            server.kill()
            server.wait()

    store_url = f"http://127.0.0.1:{port}/store"
    try:
        with pytest.raises(EndpointError, match="run the same push again to resume"):
            push(
                store_url,
                read_files([]).quads,
                chunk_triples=20,
                retries=1,
                progress=kill_after_some,
                journal_dir=tmp_path / "cache" / "push",
            )
        assert list((tmp_path / "cache" / "push").glob("*.json")), "the journal is kept"
        server = start()
        result = CliRunner(env={"PMOGRAPH_CACHE_DIR": str(tmp_path / "cache")}).invoke(
            cli, ["push", "--endpoint", store_url, "--chunk-size", "20"]
        )
        assert result.exit_code == 0, result.stderr
        assert "(resumed: " in result.stderr
        local = load(store="oxigraph")
        remote = EndpointStore(f"http://127.0.0.1:{port}/query")
        assert len(remote) == len(local)
        assert remote.graph_names() == local.store.graph_names()
        assert not list((tmp_path / "cache" / "push").glob("*.json")), "done: journal removed"
    finally:
        server.terminate()
        server.wait(timeout=10)
