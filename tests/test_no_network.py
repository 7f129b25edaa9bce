"""Queries cannot reach the network or files, on every store and path (issue 12).

A canary HTTP server on 127.0.0.1 counts the requests it gets; every query
here tries to make one (SERVICE, FROM, in forms built to read differently to
a lexical scan and to the engine) and the canary must count none.  Two lines
of defence are tested separately: the checks (scan and parsed form) refuse
what they see, and the query child, cut off the network, cannot leak what a
check misses (the checks are switched off for that test).
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import pmograph
from pmograph.cli import cli
from pmograph.errors import QueryError, QueryRefused
from pmograph.kg import KnowledgeGraph
from pmograph.sparql import engine, sandbox
from pmograph.sparql.scan import CheckedQuery, tokenize

_EMPTY_RESULTS = b'{"head":{"vars":["s","p","o"]},"results":{"bindings":[]}}'


class Canary:
    """An HTTP server that answers every request with empty SPARQL results, and counts them."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        canary = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                canary.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(_EMPTY_RESULTS)))
                self.end_headers()
                self.wfile.write(_EMPTY_RESULTS)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Canary:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def canary() -> Iterator[Canary]:
    with Canary() as server:
        yield server


@pytest.fixture(scope="module")
def graphs() -> dict[str, KnowledgeGraph]:
    return {store: pmograph.load(store=store) for store in ("memory", "oxigraph")}


def differentials(url: str) -> list[str]:
    """Queries that call out, written to read differently to a scan and to a parser."""
    u = f"<{url}>"
    return [
        f"SELECT * {{ SERVICE {u} {{ ?s ?p ?o }} }}",
        f"select * {{ sErViCe {u} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE SILENT {u} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE{u}{{?s ?p ?o}} }}",
        f"SELECT * {{ SERVICE#comment\n{u} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE\t\f{u} {{ ?s ?p ?o }} }}",
        # keyword-named prefixes (a prefixed name to a scan, a keyword to some parsers)
        f"PREFIX SERVICE: <{url}#> SELECT * {{ SERVICE:x {{ ?s ?p ?o }} }}",
        f"PREFIX service: <{url}> SELECT * {{ service: {{ ?s ?p ?o }} }}",
        f"PREFIX : <{url}> SELECT * {{ SERVICE:{{ ?s ?p ?o }} }}",
        f"PREFIX : <{url}> SELECT * {{ SERVICE :{{ ?s ?p ?o }} }}",
        f"PREFIX FROM: <{url}#> SELECT * FROM:x {{ ?s ?p ?o }}",
        f"PREFIX from.x: <{url}#> SELECT * {{ ?s ?p from.x:y }}",
        # keywords glued to the token before them
        f"SELECT * {{ ?s ?p 1.SERVICE {u} {{}} }}",
        f"SELECT * {{ ?s ?p 1e1.SERVICE {u} {{}} }}",
        f"SELECT * {{ ?s ?p ?o.SERVICE {u} {{}} }}",
        f"SELECT * {{ ?s ?p true.SERVICE {u} {{}} }}",
        f"SELECT * {{ ?s ?p 'a'SERVICE {u} {{}} }}",
        f"SELECT * {{ ?s ?p 'a'@en.SERVICE {u} {{}} }}",
        f'SELECT * {{ ?s ?p """a"""SERVICE {u} {{}} }}',
        f"SELECT * {{ ?s ?p 'x'^^<x:y>SERVICE {u} {{}} }}",
        f"SELECT * {{ ?s ?p ?o FILTER(?o<?s) SERVICE{u}{{}} FILTER(?o>?s) }}",
        # unicode escapes (expanded before parsing by rdflib)
        f"SELECT * {{ \\u0053ERVICE {u} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ \\U00000053ERVICE {u} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVIC\\u0045 {u} {{ ?s ?p ?o }} }}",
        # nested where a walk might not look
        f"SELECT * {{ {{ SELECT * {{ SERVICE {u} {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * {{ FILTER EXISTS {{ SERVICE {u} {{}} }} }}",
        f"SELECT * {{ FILTER NOT EXISTS {{ SERVICE {u} {{}} }} }}",
        f"SELECT * {{ ?s ?p ?o OPTIONAL {{ SERVICE {u} {{}} }} }}",
        f"SELECT * {{ {{ ?s ?p ?o }} UNION {{ SERVICE {u} {{}} }} }}",
        f"SELECT * {{ ?s ?p ?o MINUS {{ SERVICE {u} {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ GRAPH ?g {{ SERVICE {u} {{}} }} }}",
        f"ASK {{ SERVICE {u} {{}} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE {u} {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE {u} {{ ?s ?p ?o }} }}",
        # the endpoint in a variable
        f"SELECT * {{ VALUES ?e {{ {u} }} SERVICE ?e {{ ?s ?p ?o }} }}",
        # dataset clauses: rdflib loads FROM graphs from the web or a file
        f"SELECT * FROM {u} {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED {u} {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"SELECT * from{u} {{ ?s ?p ?o }}",
    ]


def _no_leak(canary: Canary, run: object) -> None:
    assert callable(run)
    try:
        run()
    except (QueryError, QueryRefused):
        pass  # refused, or a syntax error: either way nothing was sent
    assert canary.hits == []


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_library_queries_never_reach_the_canary(
    canary: Canary, graphs: dict[str, KnowledgeGraph], store: str
) -> None:
    kg = graphs[store]
    for text in differentials(canary.url):
        _no_leak(canary, lambda text=text: kg.query(text, timeout=10))
        _no_leak(canary, lambda text=text: kg.query(text, timeout=None))


def test_every_differential_is_refused_before_evaluation(canary: Canary) -> None:
    from pmograph.sparql.scan import check_query

    for text in differentials(canary.url):
        if "SERVICE ?e" in text:
            continue  # refused too, but on SERVICE alone
        with pytest.raises(QueryRefused):
            check_query(text)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("method", [sandbox.NAMESPACE, sandbox.SECCOMP])
def test_a_check_that_misses_still_cannot_leak(
    canary: Canary,
    graphs: dict[str, KnowledgeGraph],
    monkeypatch: pytest.MonkeyPatch,
    store: str,
    method: str,
) -> None:
    # Switch the checks off: only the query child's confinement is left.
    def blind(sparql: str, *, allow_remote: bool = False) -> CheckedQuery:
        words = [t.text.lower() for t in tokenize(sparql) if t.kind == "word"]
        form = next(w for w in words if w in ("select", "ask", "construct", "describe"))
        return CheckedQuery(form=form, variables=frozenset())

    monkeypatch.setattr(engine, "check_query", blind)
    monkeypatch.setattr(engine, "_check_algebra", lambda algebra: None)
    monkeypatch.setenv("PMOGRAPH_SANDBOX_METHOD", method)
    kg = graphs[store]
    text = f"SELECT * {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"
    with pytest.raises((QueryRefused, QueryError)):
        kg.query(text, timeout=10)
    silent = f"SELECT * {{ SERVICE SILENT <{canary.url}> {{ ?s ?p ?o }} }}"
    kg.query(silent, timeout=10)  # SILENT swallows the failure: no answer, no request
    assert canary.hits == []


def test_allow_remote_reaches_the_canary(canary: Canary, graphs: dict[str, KnowledgeGraph]) -> None:
    # The canary does count: with --allow-remote the same query calls it.
    text = f"SELECT * {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"
    graphs["oxigraph"].query(text, timeout=10, allow_remote=True)
    assert len(canary.hits) == 1


def test_this_machine_confines_the_query_child() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the sandbox is Linux-only; elsewhere the checks alone hold")
    assert sandbox.available() in (sandbox.NAMESPACE, sandbox.SECCOMP)


def test_from_a_local_file_is_refused_on_rdflib(
    tmp_path: Path, graphs: dict[str, KnowledgeGraph], monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:a> <urn:b> 'the secret' .\n", encoding="utf-8")
    text = f"SELECT ?o FROM <{secret.as_uri()}> {{ ?s ?p ?o }}"
    with pytest.raises(QueryRefused):
        graphs["memory"].query(text)
    # the parsed-form check alone (scan off) still refuses it
    monkeypatch.setattr(
        engine,
        "check_query",
        lambda sparql, allow_remote=False: CheckedQuery(form="select", variables=frozenset()),
    )
    with pytest.raises(QueryRefused, match="FROM"):
        graphs["memory"].query(text)


def test_the_query_command_never_reaches_the_canary(canary: Canary) -> None:
    runner = CliRunner()
    for text in differentials(canary.url):
        for store in ("oxigraph", "memory"):
            result = runner.invoke(cli, ["query", "--store", store, "--format", "tsv", text])
            assert result.exit_code in (0, 2), result.output
    assert canary.hits == []


def test_the_query_command_as_a_process(canary: Canary, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text(
        f"PREFIX SERVICE: <{canary.url}#> SELECT * {{ SERVICE:x {{ ?s ?p ?o }} }}",
        encoding="utf-8",
    )
    pmo = Path(sys.executable).parent / "pmograph"
    for args in (["-f", str(query)], [f"SELECT * {{ ?s ?p true.SERVICE <{canary.url}> {{}} }}"]):
        done = subprocess.run(
            [str(pmo), "query", *args], capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("Error: ")
        assert "Traceback" not in done.stderr
    assert canary.hits == []


def test_viz_query_never_reaches_the_canary(canary: Canary, tmp_path: Path) -> None:
    # viz --query goes through the same engine as query: a few kinds suffice (each run draws a page)
    runner = CliRunner()
    kinds = differentials(canary.url)
    for n, text in enumerate([kinds[0], kinds[6], kinds[15], kinds[21], kinds[35]]):
        if not text.startswith("CONSTRUCT"):
            text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o . {text[text.index('{') :]} }}"
        rq = tmp_path / f"q{n}.rq"
        rq.write_text(text, encoding="utf-8")
        out = tmp_path / f"v{n}.html"
        result = runner.invoke(cli, ["viz", "--query", str(rq), "-o", str(out)])
        assert result.exit_code in (0, 2), result.output
    assert canary.hits == []


def test_why_never_reaches_the_canary(canary: Canary) -> None:
    runner = CliRunner()
    for (subject, predicate, obj), store in [
        ((f"<{canary.url}>", "pmg:progressesTo", "Programme Manager"), "memory"),
        (("Project Manager", f"<{canary.url}>", "Programme Manager"), "oxigraph"),
        (("Project Manager", "pmg:progressesTo", f"<{canary.url}?x=1>"), "memory"),
        ((canary.url, "pmg:progressesTo", canary.url), "oxigraph"),
    ]:
        result = runner.invoke(cli, ["why", "--store", store, subject, predicate, obj])
        assert result.exit_code in (1, 2), result.output
    assert canary.hits == []


def test_no_query_child_is_left_running(graphs: dict[str, KnowledgeGraph]) -> None:
    before = _children()
    for kg in graphs.values():
        kg.query("ASK { ?s ?p ?o }")
        with pytest.raises(QueryError):
            kg.query("SELECT * { ?s ?p }")
    assert _children() <= before


def _children() -> set[int]:
    me = os.getpid()
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == me:
                found.add(int(entry.name))
    return found
