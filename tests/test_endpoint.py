"""Remote SPARQL endpoints: a real Oxigraph server on 127.0.0.1, push, query, serve, and
the ways a server can fail (refusal, silence, HTTP errors, malformed or huge answers)."""

from __future__ import annotations

import base64
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from compare import comparable

from pmograph.cli import cli
from pmograph.errors import EndpointError, InputError
from pmograph.importers.esco import import_esco
from pmograph.importers.onet import import_onet
from pmograph.kg import load
from pmograph.query import named_queries
from pmograph.stores.endpoint import EndpointStore, oxigraph_executable, prepare, redact

HERE = Path(__file__).resolve().parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_listening(port: int, proc: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("oxigraph did not start")


def _oxigraph() -> str:
    try:
        return oxigraph_executable()
    except InputError:
        pytest.skip("the oxigraph server (PyPI package oxigraph) is not installed")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The ESCO and O*NET excerpts, imported."""
    folder = tmp_path_factory.mktemp("imported")
    esco, onet = folder / "esco.trig", folder / "onet.trig"
    import_esco(HERE / "data" / "esco", esco)
    import_onet(HERE / "data" / "onet", onet)
    return [esco, onet]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A writable Oxigraph server on a free loopback port; yields its base URL."""
    exe = _oxigraph()
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen(
        [
            exe,
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_listening(port, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def pushed(server: str, imported: list[Path]) -> str:
    """The packaged graph plus the imports, pushed to the server; yields the query URL."""
    args = ["push", "--endpoint", f"{server}/store"]
    for path in imported:
        args += ["--data", str(path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    local = load(imported, store="oxigraph")
    graphs = len(local.store.graph_names())
    assert result.stderr.startswith(f"pushed {len(local):,} triples: {graphs:,} named graphs and ")
    assert result.stderr.endswith(f"triples in the default graph, to {server}/store\n")
    return f"{server}/query"


NAMED = named_queries()


@pytest.mark.server
class TestAgainstOxigraphServer:
    @pytest.mark.parametrize("named", NAMED, ids=[q.name for q in NAMED])
    def test_every_named_query_answers_as_locally(
        self, pushed: str, imported: list[Path], named: Any
    ) -> None:
        local = load(imported, store="oxigraph")
        remote = load(endpoint=pushed)
        expected = local.query(named.text, timeout=60)
        got = remote.query(named.text, timeout=60)
        assert got.store == "endpoint"
        assert comparable(got) == comparable(expected)

    def test_there_are_named_queries_to_compare(self) -> None:
        assert len(NAMED) >= 10

    def test_imported_taxonomies_answer_with_bound_values(
        self, pushed: str, imported: list[Path]
    ) -> None:
        from pmograph.terms import IRI

        sparql = (
            "SELECT ?code ?rank WHERE { ?x pmg:relatedFrom ?a ; pmg:relatedTo ?b ; "
            "pmg:relatednessRank ?rank . ?b skos:notation ?code } ORDER BY ?rank"
        )
        pm = IRI("https://w3id.org/pmograph/id/onet/occupation/13-1082.00")
        remote = load(endpoint=pushed).query(sparql, a=pm)
        local = load(imported, store="oxigraph").query(sparql, a=pm)
        assert remote.rows == local.rows
        assert [r[1] for r in remote.rows] == list(range(1, 21))

    def test_the_dataset_is_the_same_size_and_graphs(
        self, pushed: str, imported: list[Path]
    ) -> None:
        local = load(imported, store="oxigraph")
        remote = EndpointStore(pushed)
        assert len(remote) == len(local)
        assert remote.graph_names() == local.store.graph_names()

    def test_cli_table_shows_labels_from_the_endpoint(self, pushed: str) -> None:
        result = CliRunner().invoke(
            cli,
            [
                "query",
                "--endpoint",
                pushed,
                "--format",
                "table",
                "SELECT ?o WHERE { <https://w3id.org/pmograph/id/onet/occupation/13-1082.00> skos:broader ?o }",
            ],
        )
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines()[2] == "Business and Financial Operations Occupations"
        assert result.stderr.endswith("endpoint store)\n")

    def test_syntax_errors_point_at_the_query_as_written(self, pushed: str) -> None:
        bad = "SELECT ?s WHERE {\n  ?s ?p\n}"
        result = CliRunner().invoke(cli, ["query", "--endpoint", pushed, bad])
        local = CliRunner().invoke(cli, ["query", "--store", "oxigraph", bad])
        assert result.exit_code == local.exit_code == 2
        assert result.stderr.startswith("Error: SPARQL syntax error at line 3, column ")
        assert result.stderr == local.stderr

    def test_pushing_twice_replaces_instead_of_doubling(
        self, server: str, pushed: str, imported: list[Path]
    ) -> None:
        before = len(EndpointStore(pushed))
        args = [
            "push",
            "--endpoint",
            f"{server}/store",
            "--data",
            str(imported[0]),
            "--data",
            str(imported[1]),
        ]
        assert CliRunner().invoke(cli, args).exit_code == 0
        assert len(EndpointStore(pushed)) == before

    def test_http_error_gives_the_servers_first_line(self, server: str) -> None:
        store = EndpointStore(f"{server}/nothing-here")
        with pytest.raises(
            EndpointError,
            match=r"/nothing-here: HTTP 404 Not Found: .+; is this the endpoint's URL",
        ):
            store.run("ASK {}", "ask")

    def test_update_refused_by_a_read_only_store_is_clear(
        self, tmp_path: Path, imported: list[Path]
    ) -> None:
        exe = _oxigraph()
        port = _free_port()
        subprocess.run(
            [exe, "load", "--location", str(tmp_path / "db"), "--file", str(imported[0])],
            check=True,
            capture_output=True,
        )
        proc = subprocess.Popen(
            [
                exe,
                "serve-read-only",
                "--location",
                str(tmp_path / "db"),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_listening(port, proc)
            result = CliRunner().invoke(
                cli,
                [
                    "push",
                    "--endpoint",
                    f"http://127.0.0.1:{port}/store",
                    "--no-packaged",
                    "--data",
                    str(imported[1]),
                ],
            )
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        assert result.exit_code == 4
        assert "HTTP 403 Forbidden" in result.stderr
        assert len(result.stderr.splitlines()) == 1


@pytest.mark.server
class TestPushIntoOneGraph:
    def test_graph_option_puts_everything_in_that_graph(
        self, tmp_path: Path, imported: list[Path]
    ) -> None:
        exe = _oxigraph()
        port = _free_port()
        proc = subprocess.Popen(
            [exe, "serve", "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_listening(port, proc)
            target = "https://example.org/graph/pmo"
            result = CliRunner().invoke(
                cli,
                [
                    "push",
                    "--endpoint",
                    f"http://127.0.0.1:{port}/store",
                    "--graph",
                    target,
                    "--no-packaged",
                    "--data",
                    str(imported[1]),
                ],
            )
            assert result.exit_code == 0, result.stderr
            local = load([imported[1]], packaged=False, store="oxigraph")
            assert result.stderr == (
                f"pushed {len(local):,} triples: 1 named graph and 0 triples in the default graph, "
                f"to http://127.0.0.1:{port}/store\n"
            )
            remote = EndpointStore(f"http://127.0.0.1:{port}/query")
            assert remote.graph_names() == [target]
        finally:
            proc.terminate()
            proc.wait(timeout=10)

    def test_graph_must_be_an_absolute_iri(self, imported: list[Path]) -> None:
        result = CliRunner().invoke(
            cli,
            [
                "push",
                "--endpoint",
                "http://127.0.0.1:9/store",
                "--graph",
                "not an iri",
                "--data",
                str(imported[0]),
            ],
        )
        assert result.exit_code == 2
        assert "--graph 'not an iri' is not an absolute IRI" in result.stderr


# -- servers that fail -----------------------------------------------------------------------


class Responder:
    """A test double of a broken server: answers every connection with fixed bytes.

    ``reply`` is the raw HTTP response (``None``: accept, read, never answer).
    The requests it received are kept in ``requests``.
    """

    def __init__(self, reply: bytes | None) -> None:
        self.reply = reply
        self.requests: list[bytes] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = int(self.sock.getsockname()[1])
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            data = b""
            conn.settimeout(2)
            try:
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                head, _, body = data.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                while len(body) < length:
                    body += conn.recv(65536)
            except OSError:
                pass
            self.requests.append(data)
            if self.reply is None:
                self._held.append(conn)  # never answer
                continue
            try:
                conn.sendall(self.reply)
            except OSError:
                pass
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self.thread.join(timeout=5)
        for conn in self._held:
            conn.close()
        self.sock.close()


@pytest.fixture
def responder() -> Iterator[Any]:
    made: list[Responder] = []

    def make(reply: bytes | None) -> Responder:
        r = Responder(reply)
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()


def _http(status: str, body: bytes, content_type: str = "text/plain") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode() + body


class TestFailures:
    def test_connection_refused(self) -> None:
        port = _free_port()  # nothing listens there
        result = CliRunner().invoke(
            cli, ["query", "--endpoint", f"http://127.0.0.1:{port}/query", "ASK {}"]
        )
        assert result.exit_code == 4
        assert result.stderr == (
            f"Error: http://127.0.0.1:{port}/query: connection refused; is the SPARQL server "
            "running, on this host and port?\n"
        )

    def test_a_server_that_never_answers_times_out(self, responder: Any) -> None:
        silent = responder(None)
        kg = load(endpoint=silent.url)
        with pytest.raises(EndpointError, match=r"/sparql: no (complete )?answer within 1 s"):
            kg.query("ASK {}", timeout=1)
        assert silent.requests, "the request reached the server"

    def test_cli_timeout_is_the_read_timeout(self, responder: Any) -> None:
        silent = responder(None)
        result = CliRunner().invoke(
            cli, ["query", "--endpoint", silent.url, "--timeout", "1", "ASK {}"]
        )
        assert result.exit_code == 4
        assert re.search(r"no (complete )?answer within 1 s", result.stderr)

    def test_http_500_shows_only_the_first_line(self, responder: Any) -> None:
        broken = responder(
            _http(
                "500 Internal Server Error", b"\n  boom: the store is locked\nstack trace line 2\n"
            )
        )
        with pytest.raises(EndpointError) as caught:
            EndpointStore(broken.url).run("ASK {}", "ask")
        assert (
            str(caught.value)
            == f"{broken.url}: HTTP 500 Internal Server Error: boom: the store is locked"
        )

    def test_malformed_answer(self, responder: Any) -> None:
        html = responder(_http("200 OK", b"<html><body>Welcome</body></html>", "text/html"))
        with pytest.raises(EndpointError, match=r"malformed response \(not SPARQL results"):
            EndpointStore(html.url).run("SELECT * WHERE { ?s ?p ?o }", "select")

    def test_answer_larger_than_the_cap_is_refused(self, responder: Any) -> None:
        big = (
            b'{"head":{"vars":["s"]},"results":{"bindings":['
            + b'{"s":{"type":"literal","value":"x"}},' * 60000
        )
        huge = responder(_http("200 OK", big + b"{}]}}", "application/sparql-results+json"))
        store = EndpointStore(huge.url, max_bytes=1024 * 1024)
        with pytest.raises(
            EndpointError, match=r"the answer is larger than 1 MB; narrow the query"
        ):
            store.run("SELECT * WHERE { ?s ?p ?o }", "select")

    def test_cap_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PMOGRAPH_ENDPOINT_MAX_MB", "2")
        assert EndpointStore("http://127.0.0.1:9/q").max_bytes == 2 * 1024 * 1024
        monkeypatch.setenv("PMOGRAPH_ENDPOINT_MAX_MB", "lots")
        with pytest.raises(InputError, match=r"PMOGRAPH_ENDPOINT_MAX_MB='lots' is not a number"):
            EndpointStore("http://127.0.0.1:9/q")

    @pytest.mark.parametrize(
        "url",
        ["ftp://example.org/sparql", "file:///etc/passwd", "localhost:7878/query", "http:///query"],
    )
    def test_only_http_and_https(self, url: str) -> None:
        result = CliRunner().invoke(cli, ["query", "--endpoint", url, "ASK {}"])
        assert result.exit_code == 2
        assert len(result.stderr.splitlines()) == 1
        with pytest.raises(InputError):
            load(endpoint=url)


class TestCredentials:
    def test_url_credentials_never_printed(self) -> None:
        port = _free_port()
        url = f"http://alice:s3cret@127.0.0.1:{port}/query?api_key=k3y&x=1"
        result = CliRunner().invoke(cli, ["query", "--endpoint", url, "ASK {}"])
        assert result.exit_code == 4
        assert (
            "s3cret" not in result.output
            and "alice" not in result.output
            and "k3y" not in result.output
        )
        assert f"http://127.0.0.1:{port}/query?api_key=***&x=1: connection refused" in result.stderr

    def test_environment_credentials_are_sent_and_not_printed(
        self, responder: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        denied = responder(_http("401 Unauthorized", b"who are you?"))
        monkeypatch.setenv("PMOGRAPH_ENDPOINT_USER", "bob")
        monkeypatch.setenv("PMOGRAPH_ENDPOINT_PASSWORD", "hunter2")
        result = CliRunner().invoke(cli, ["query", "--endpoint", denied.url, "ASK {}"])
        assert result.exit_code == 4
        assert result.stderr == (
            f"Error: {denied.url}: HTTP 401 Unauthorized; the server refused the credentials "
            "from the environment: check PMOGRAPH_ENDPOINT_USER and PMOGRAPH_ENDPOINT_PASSWORD or "
            "the ~/.netrc entry\n"
        )
        assert "hunter2" not in result.output
        token = base64.b64encode(b"bob:hunter2")
        assert b"Authorization: Basic " + token in denied.requests[0]

    def test_netrc_credentials_are_used(
        self, responder: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        answer = b'{"head":{},"boolean":true}'
        ok = responder(_http("200 OK", answer, "application/sparql-results+json"))
        netrc = tmp_path / "netrc"
        netrc.write_text("machine 127.0.0.1 login carol password n3trc\n")
        netrc.chmod(0o600)
        monkeypatch.setenv("NETRC", str(netrc))
        monkeypatch.delenv("PMOGRAPH_ENDPOINT_USER", raising=False)
        assert bool(load(endpoint=ok.url).query("ASK {}")) is True
        assert b"Authorization: Basic " + base64.b64encode(b"carol:n3trc") in ok.requests[0]

    def test_redact(self) -> None:
        assert redact("https://u:p@example.org:8443/s?token=t&graph=g&default") == (
            "https://example.org:8443/s?token=***&graph=g&default"
        )


class TestPrepare:
    def test_values_open_the_where_clause(self) -> None:
        import pyoxigraph as ox

        text = prepare(
            "SELECT ?l WHERE { ?r skos:prefLabel ?l }",
            "select",
            {"r": ox.NamedNode("https://x.org/r")},
        )
        assert text.endswith(
            "SELECT ?l WHERE { VALUES (?r) { (<https://x.org/r>) }  ?r skos:prefLabel ?l }"
        )

    def test_construct_template_is_skipped(self) -> None:
        import pyoxigraph as ox

        text = prepare(
            "CONSTRUCT { ?r a pmg:Role } WHERE { ?r ?p ?o }", "construct", {"p": ox.Literal("x")}
        )
        assert text.endswith(
            'CONSTRUCT { ?r a pmg:Role } WHERE { VALUES (?p) { ("x") }  ?r ?p ?o }'
        )

    def test_a_construct_template_with_nested_groups_is_skipped(self) -> None:
        import pyoxigraph as ox

        text = prepare(
            "CONSTRUCT { ?r a pmg:Role . { ?r ?p ?o } } WHERE { ?r ?p ?o }",
            "construct",
            {"p": ox.Literal("x")},
        )
        assert text.endswith(
            'CONSTRUCT { ?r a pmg:Role . { ?r ?p ?o } } WHERE { VALUES (?p) { ("x") }  ?r ?p ?o }'
        )

    def test_the_dataset_goes_after_a_construct_template(self) -> None:
        from pmograph.remote.adapt import insert_dataset

        text = insert_dataset(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", ["https://x.org/g"], ["https://x.org/n"]
        )
        assert text == (
            "CONSTRUCT { ?s ?p ?o } FROM <https://x.org/g> FROM NAMED <https://x.org/n> "
            "WHERE { ?s ?p ?o }"
        )

    def test_skip_group_steps_over_one_balanced_group(self) -> None:
        from pmograph.sparql.scan import skip_group, tokenize

        tokens = tokenize("{ a { b } c } d")
        after = skip_group(tokens, 0)
        assert [t.text for t in tokens[after:]] == ["d"]
        assert skip_group(tokens, len(tokens) - 1) == len(tokens) - 1  # not a group: stays
        unclosed = tokenize("{ a { b }")
        assert skip_group(unclosed, 0) == len(unclosed)

    def test_prefixes_share_the_first_line(self) -> None:
        text = prepare("SELECT *\nWHERE { ?s ?p ?o }", "select", {})
        assert text.count("\n") == 1
        assert text.startswith(
            "BASE <https://w3id.org/pmograph/id/> PREFIX pmg: <https://w3id.org/pmograph/ns#> "
        )


# -- pmograph serve -------------------------------------------------------------------------


@pytest.mark.server
def test_serve_answers_until_interrupted(imported: list[Path]) -> None:
    _oxigraph()
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from pmograph.cli import main; main()",
            "serve",
            "--port",
            str(port),
            "--data",
            str(imported[1]),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().decode()
        assert first == f"SPARQL endpoint: http://127.0.0.1:{port}/query\n"
        assert (
            proc.stdout.readline().decode() == f"Graph Store:     http://127.0.0.1:{port}/store\n"
        )
        assert "(read-only, SERVICE off)" in proc.stdout.readline().decode()
        kg = load(endpoint=f"http://127.0.0.1:{port}/query")
        result = kg.query("SELECT ?l WHERE { ?r skos:notation '13-1082.00' ; skos:prefLabel ?l }")
        assert [r.l for r in result] == ["Project Management Specialists"]
        import pyoxigraph as ox

        from pmograph.stores.endpoint import push

        quad = ox.Quad(
            ox.NamedNode("https://x.org/s"), ox.NamedNode("https://x.org/p"), ox.Literal("o")
        )
        with pytest.raises(EndpointError, match="HTTP 403 Forbidden: The server is read-only"):
            push(f"http://127.0.0.1:{port}/store", [quad])  # read-only by default
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    with socket.socket() as s:
        # the server is gone: nothing listens there any more (SO_REUSEADDR: ignore TIME_WAIT)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))


def test_serve_port_in_use_is_an_input_error(imported: list[Path]) -> None:
    _oxigraph()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            cli, ["serve", "--port", str(port), "--no-packaged", "--data", str(imported[0])]
        )
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: cannot listen on 127.0.0.1:{port} (Address already in use)"
    )


def test_serve_without_the_server_program(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the Oxigraph server is not installed; install it with pip install "
        "'pmograph[server]' (PyPI's oxigraph package)\n"
    )
