"""pmograph.query: safe SPARQL over either store.

Most tests use a small inline TriG fixture loaded without the packaged graph;
the named-query tests use the packaged graph.  No test reaches any address
other than 127.0.0.1.
"""

from __future__ import annotations

import datetime
import decimal
import http.server
import io
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pmograph import query as q
from pmograph.errors import QueryError, QueryRefused, QueryTimeout, UnknownResource
from pmograph.kg import KnowledgeGraph, load
from pmograph.terms import IRI, BNode

ROLE = "https://w3id.org/pmograph/id/role/"
SKILL = "https://w3id.org/pmograph/id/skill/"
GRAPH = "https://w3id.org/pmograph/id/graph/test/"
SRC = "https://w3id.org/pmograph/id/source/test/"
PMG = "https://w3id.org/pmograph/ns#"
EX = "http://example.org/test#"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
INJECTION = 'x" } ; DROP ALL ; #'

FIXTURE = """\
@prefix pmg:     <https://w3id.org/pmograph/ns#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:      <http://example.org/test#> .
@prefix role:    <https://w3id.org/pmograph/id/role/> .
@prefix skill:   <https://w3id.org/pmograph/id/skill/> .
@prefix g:       <https://w3id.org/pmograph/id/graph/test/> .
@prefix src:     <https://w3id.org/pmograph/id/source/test/> .

g:a dcterms:title "Test graph A"@en ;
    prov:wasDerivedFrom src:entry-1 ;
    pmg:quote "Analysts become managers."@en .
src:entry-1 dcterms:title "Entry 1" ;
    pmg:question "What comes after analyst?"@en ;
    dcterms:isPartOf src:doc .
src:doc dcterms:title "Test FAQ"@en .
g:b prov:wasDerivedFrom src:entry-2 , src:doc ;
    pmg:quote "Managers lead directors."@en , "A second quote."@en .
src:entry-2 dcterms:title "Entry 2" .

g:a {
    role:analyst a pmg:Role ;
        skos:prefLabel "Test Analyst"@en ;
        skos:altLabel "Data Wrangler"@en ;
        pmg:progressesTo role:manager ;
        pmg:requiresEssentialSkill skill:formula .
    role:manager a pmg:Role ;
        skos:prefLabel "Test Manager"@en .
    skill:formula a pmg:Skill ;
        skos:prefLabel "=HYPERLINK(\\"http://127.0.0.1/\\",\\"x\\")"@en .
}

g:b {
    role:manager pmg:progressesTo role:director ;
        ex:headcount -3 ;
        ex:since "2020-01-02"^^xsd:date ;
        ex:weight 2.5 ;
        ex:note "line one\\nline two, with \\"quotes\\"\\tand a tab" .
    role:director a pmg:Role ;
        skos:prefLabel "Test Director"@en .
}
"""

STORES = ["oxigraph", "memory"]


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("query") / "fixture.trig"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=STORES)
def kg(request: pytest.FixtureRequest, fixture_file: Path) -> KnowledgeGraph:
    return load([fixture_file], packaged=False, store=request.param)


@pytest.fixture(scope="module")
def both(fixture_file: Path) -> dict[str, KnowledgeGraph]:
    return {s: load([fixture_file], packaged=False, store=s) for s in STORES}


@pytest.fixture(scope="module")
def packaged() -> dict[str, KnowledgeGraph]:
    return {s: load(store=s) for s in STORES}


def as_set(result: q.QueryResult) -> set[tuple[Any, ...]]:
    """Rows as a set of sorted (var, value) pairs: SELECT * orders columns per engine."""
    return {tuple(sorted((k, repr(v)) for k, v in d.items())) for d in result.dicts()}


# ---------------------------------------------------------------------------
class TestTokenize:
    def test_keywords_inside_strings_iris_comments_and_names_are_not_words(self) -> None:
        text = (
            "SELECT ?from WHERE { <http://example.org/DELETE> ex:insert 'DROP' , "
            '"SERVICE" , """multi\nline FROM""" , \'\'\'LOAD\'\'\' } # CLEAR ALL\n'
        )
        words = [t.text for t in q.tokenize(text) if t.kind == "word"]
        assert words == ["SELECT", "WHERE"]

    def test_positions_count_lines_and_columns_from_one(self) -> None:
        tokens = q.tokenize('SELECT ?x\n  WHERE { ?x ?p "a\\"b" }')
        where = next(t for t in tokens if t.text == "WHERE")
        assert (where.line, where.column) == (2, 3)
        string = next(t for t in tokens if t.kind == "string")
        assert string.text == '"a\\"b"'

    def test_language_tags_and_blank_nodes_are_single_tokens(self) -> None:
        kinds = [(t.kind, t.text) for t in q.tokenize('"x"@delete _:from')]
        assert kinds == [("string", '"x"'), ("langtag", "@delete"), ("bnode", "_:from")]


# ---------------------------------------------------------------------------
class TestRefusal:
    @pytest.mark.parametrize(
        ("text", "keyword"),
        [
            ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT"),
            ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
            ("delete data { <http://a> <http://b> <http://c> }", "DELETE"),
            ("LOAD <http://127.0.0.1:9/x.ttl>", "LOAD"),
            ("CLEAR ALL", "CLEAR"),
            ("DROP GRAPH <http://a>", "DROP"),
            ("CREATE GRAPH <http://a>", "CREATE"),
            ("ADD DEFAULT TO <http://a>", "ADD"),
            ("MOVE DEFAULT TO <http://a>", "MOVE"),
            ("COPY DEFAULT TO <http://a>", "COPY"),
            ("WITH <http://a> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
            ("SELECT * { ?s ?p ?o } ; DROP ALL", "DROP"),
        ],
    )
    def test_updates_are_refused_even_with_allow_remote(self, text: str, keyword: str) -> None:
        with pytest.raises(QueryRefused, match=rf"^{keyword} at line 1, column \d+: .*read-only"):
            q.check_query(text, allow_remote=True)

    @pytest.mark.parametrize(
        "text",
        [
            "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            "SELECT * { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            "SELECT * { ?s ?p ?o OPTIONAL { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?x } } }",
            "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } } }",
            "SELECT * { ?s ?p ?o FILTER NOT EXISTS { service <http://127.0.0.1:9/s> { ?s ?p ?o } } }",
            "SELECT * { { SELECT ?s { SERVICE ?endpoint { ?s ?p ?o } } } }",
            "SELECT * { { ?s ?p ?o } UNION { Service <http://127.0.0.1:9/s> { ?s ?p ?o } } }",
            "SELECT * { ?s ?p ?o MINUS { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } } }",
            "ASK { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }",
            "CONSTRUCT WHERE { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }",
        ],
    )
    def test_service_is_refused_wherever_it_is_nested(self, text: str) -> None:
        with pytest.raises(QueryRefused, match=r"^SERVICE at line 1, column \d+: .*--allow-remote"):
            q.check_query(text)

    @pytest.mark.parametrize(
        "text",
        [
            "SELECT * FROM <http://127.0.0.1:9/data.ttl> { ?s ?p ?o }",
            "SELECT * FROM NAMED <file:///etc/passwd> { GRAPH ?g { ?s ?p ?o } }",
            "SELECT *\nFROM </tmp/secret.ttl>\nWHERE { ?s ?p ?o }",
        ],
    )
    def test_from_is_refused(self, text: str) -> None:
        with pytest.raises(QueryRefused, match=r"^FROM at line \d, column 1?\d: .*--allow-remote"):
            q.check_query(text)

    def test_position_is_that_of_the_keyword(self) -> None:
        text = "SELECT * {\n  ?s ?p ?o .\n  OPTIONAL { SERVICE <http://127.0.0.1:9/s> {} }\n}"
        with pytest.raises(QueryRefused, match=r"^SERVICE at line 3, column 14:"):
            q.check_query(text)

    def test_unicode_escaped_service_is_refused(self) -> None:
        # rdflib expands \\u escapes before parsing, making this a real SERVICE call.
        text = r"SELECT * { \u0053ERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }"
        with pytest.raises(QueryRefused, match=r"^SERVICE at line 1, column 12:"):
            q.check_query(text)

    def test_allow_remote_lifts_service_and_from(self) -> None:
        checked = q.check_query(
            "SELECT * FROM <http://127.0.0.1:9/d> { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }",
            allow_remote=True,
        )
        assert checked.form == "select"
        assert checked.variables == {"s", "p", "o"}

    def test_keywords_in_strings_iris_names_and_comments_are_allowed(
        self, kg: KnowledgeGraph
    ) -> None:
        text = (
            "PREFIX ex: <http://example.org/test#>\n"
            "SELECT ?from WHERE {\n"
            '  BIND("DELETE FROM SERVICE; DROP ALL" AS ?from)\n'
            "  FILTER(?from != ex:insert && ?from != <http://example.org/LOAD>)\n"
            "} # CLEAR ALL"
        )
        assert kg.query(text).rows == [("DELETE FROM SERVICE; DROP ALL",)]

    def test_unknown_prefix_is_named_with_its_position(self) -> None:
        with pytest.raises(QueryError, match=r"^line 2, column 6: unknown prefix 'zz:' in 'zz:a'"):
            q.check_query("SELECT ?x WHERE {\n  ?x zz:a ?y }")

    def test_prefix_declared_in_the_query_is_known(self) -> None:
        assert q.check_query("PREFIX zz: <http://z/> SELECT ?x { ?x zz:a ?y }").form == "select"

    def test_not_a_query(self) -> None:
        with pytest.raises(QueryError, match="no SELECT, ASK, CONSTRUCT or DESCRIBE"):
            q.check_query("hello")


class TestRefusalOnEvaluation:
    """Refusals through kg.query: nothing is evaluated, nothing is contacted."""

    @pytest.fixture()
    def endpoint(self) -> Iterator[tuple[str, list[str]]]:
        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.answer()

            def do_POST(self) -> None:
                self.answer()

            def answer(self) -> None:
                hits.append(self.path)
                body = json.dumps(
                    {
                        "head": {"vars": ["x"]},
                        "results": {"bindings": [{"x": {"type": "literal", "value": "remote"}}]},
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}/sparql", hits
        finally:
            server.shutdown()
            server.server_close()

    def test_service_never_reaches_the_endpoint(
        self, kg: KnowledgeGraph, endpoint: tuple[str, list[str]]
    ) -> None:
        url, hits = endpoint
        text = f"SELECT ?x {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?x }} }} }}"
        with pytest.raises(QueryRefused, match="^SERVICE at line 1"):
            kg.query(text)
        assert hits == []
        # The same query with allow_remote does reach it: the endpoint above is real.
        result = kg.query(f"SELECT ?x {{ SERVICE <{url}> {{ ?s ?p ?x }} }}", allow_remote=True)
        assert result.rows == [("remote",)]
        assert len(hits) == 1

    def test_updates_leave_the_graph_unchanged(self, kg: KnowledgeGraph) -> None:
        before = len(kg)
        for text in ("DELETE WHERE { ?s ?p ?o }", "CLEAR ALL", "DROP ALL"):
            with pytest.raises(QueryRefused):
                kg.query(text)
        assert len(kg) == before

    def test_rdflib_algebra_walk_catches_nested_service_and_from(self) -> None:
        from rdflib.plugins.sparql import prepareQuery

        nested = prepareQuery(
            "SELECT * { ?s ?p ?o FILTER EXISTS { { SELECT ?s { OPTIONAL { "
            "SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } } } } } }"
        )
        with pytest.raises(QueryRefused, match="^SERVICE"):
            q._check_algebra(nested.algebra)
        with pytest.raises(QueryRefused, match="^FROM"):
            q._check_algebra(prepareQuery("SELECT * FROM <http://a/> { ?s ?p ?o }").algebra)
        q._check_algebra(prepareQuery("SELECT * { ?s ?p ?o }").algebra)


# ---------------------------------------------------------------------------
class TestResults:
    def test_select_rows_are_python_values(self, kg: KnowledgeGraph) -> None:
        result = kg.query(
            "PREFIX ex: <http://example.org/test#>\n"
            "SELECT ?n ?d ?w ?note WHERE { ?r ex:headcount ?n ; ex:since ?d ; ex:weight ?w ; "
            "ex:note ?note }"
        )
        assert result.kind == "select"
        assert result.vars == ["n", "d", "w", "note"]
        assert result.rows == [
            (
                -3,
                datetime.date(2020, 1, 2),
                decimal.Decimal("2.5"),
                'line one\nline two, with "quotes"\tand a tab',
            )
        ]
        assert result.store == kg.store.kind

    def test_rows_answer_by_index_name_and_attribute(self, kg: KnowledgeGraph) -> None:
        result = kg.query(
            "SELECT ?role ?label WHERE { ?role a pmg:Role ; skos:prefLabel ?label } ORDER BY ?label"
        )
        assert len(result) == 3
        first = next(iter(result))
        assert first == (IRI(ROLE + "analyst"), "Test Analyst")
        assert first[0] is first["role"] and first.label == "Test Analyst"
        assert isinstance(first.role, IRI)
        assert first.asdict() == {"role": IRI(ROLE + "analyst"), "label": "Test Analyst"}
        assert [r.label for r in result] == ["Test Analyst", "Test Director", "Test Manager"]
        with pytest.raises(KeyError):
            first["nope"]

    def test_unbound_values_are_none(self, kg: KnowledgeGraph) -> None:
        result = kg.query(
            "SELECT ?r ?alt WHERE { ?r a pmg:Role OPTIONAL { ?r skos:altLabel ?alt } } ORDER BY ?r"
        )
        assert [r.alt for r in result] == ["Data Wrangler", None, None]
        assert result.dicts()[1] == {"r": IRI(ROLE + "director")}

    def test_ask(self, kg: KnowledgeGraph) -> None:
        yes = kg.query("ASK { ?r pmg:progressesTo ?n }")
        no = kg.query("ASK { ?r pmg:progressesTo ?r }")
        assert (yes.kind, yes.boolean, bool(yes)) == ("ask", True, True)
        assert (no.boolean, bool(no), len(no)) == (False, False, 0)

    def test_construct_and_describe_give_triples(self, kg: KnowledgeGraph) -> None:
        result = kg.query(
            "CONSTRUCT { ?a <http://example.org/next> ?b } WHERE { ?a pmg:progressesTo ?b }"
        )
        assert result.kind == "construct"
        assert sorted(result) == [
            (IRI(ROLE + "analyst"), IRI("http://example.org/next"), IRI(ROLE + "manager")),
            (IRI(ROLE + "manager"), IRI("http://example.org/next"), IRI(ROLE + "director")),
        ]
        described = kg.query("DESCRIBE <role/director>")
        assert described.kind == "construct"
        assert (IRI(ROLE + "director"), IRI(SKOS_PREF), "Test Director") in described.triples

    def test_relative_iris_resolve_against_the_pmograph_base(self, kg: KnowledgeGraph) -> None:
        result = kg.query("SELECT ?label WHERE { <role/manager> skos:prefLabel ?label }")
        assert result.rows == [("Test Manager",)]

    def test_union_of_graphs_and_graph_reaches_provenance(self, kg: KnowledgeGraph) -> None:
        union = kg.query(
            "SELECT ?n WHERE { <role/analyst> pmg:progressesTo ?m . ?m pmg:progressesTo ?n }"
        )
        assert union.rows == [(IRI(ROLE + "director"),)]
        graphs = kg.query(
            "SELECT ?g ?quote WHERE { GRAPH ?g { <role/manager> pmg:progressesTo ?n } "
            "?g pmg:quote ?quote } ORDER BY ?quote"
        )
        assert graphs.rows == [
            (IRI(GRAPH + "b"), "A second quote."),
            (IRI(GRAPH + "b"), "Managers lead directors."),
        ]

    def test_both_stores_agree(self, both: dict[str, KnowledgeGraph]) -> None:
        for text in (
            "SELECT * WHERE { ?s ?p ?o }",
            "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
            "SELECT ?r (COUNT(?n) AS ?c) WHERE { ?r pmg:progressesTo ?n } GROUP BY ?r",
            "SELECT ?x WHERE { ?r skos:prefLabel ?x FILTER(REGEX(?x, '^test', 'i')) }",
        ):
            ox, mem = (as_set(kg.query(text)) for kg in both.values())
            assert ox == mem and ox, text


# ---------------------------------------------------------------------------
class TestBindings:
    def test_injection_string_is_only_a_string(self, kg: KnowledgeGraph) -> None:
        before = len(kg)
        result = kg.query("SELECT ?name WHERE { }", {"name": INJECTION})
        assert result.rows == [(INJECTION,)]
        found = kg.query(
            "SELECT ?r WHERE { ?r skos:prefLabel ?l FILTER(STR(?l) = ?name) }", name=INJECTION
        )
        assert found.rows == [] and len(kg) == before

    def test_iri_int_and_date_bind_as_terms(self, kg: KnowledgeGraph) -> None:
        result = kg.query(
            "PREFIX ex: <http://example.org/test#>\n"
            "SELECT ?label WHERE { ?r ex:headcount ?n ; ex:since ?d ; skos:prefLabel ?label }",
            {"?r": IRI(ROLE + "manager"), "n": -3, "d": datetime.date(2020, 1, 2)},
        )
        assert result.rows == [("Test Manager",)]
        assert (
            kg.query("SELECT ?label WHERE { ?r skos:prefLabel ?label }", r=IRI(ROLE + "x")).rows
            == []
        )

    def test_binding_a_variable_not_returned_gives_the_same_answer_on_both_stores(
        self, both: dict[str, KnowledgeGraph]
    ) -> None:
        # pyoxigraph substitutes only returned variables; pmograph falls back to rdflib.
        text = "SELECT ?next WHERE { ?role pmg:progressesTo ?next }"
        results = [kg.query(text, role=IRI(ROLE + "analyst")) for kg in both.values()]
        assert [r.rows for r in results] == [[(IRI(ROLE + "manager"),)]] * 2
        assert [r.store for r in results] == ["memory", "memory"]

    def test_returned_variable_stays_on_oxigraph(self, both: dict[str, KnowledgeGraph]) -> None:
        result = both["oxigraph"].query(
            "SELECT ?role ?next WHERE { ?role pmg:progressesTo ?next }", role=IRI(ROLE + "analyst")
        )
        assert result.store == "oxigraph"
        assert result.rows == [(IRI(ROLE + "analyst"), IRI(ROLE + "manager"))]

    def test_unknown_variable_is_an_error(self, kg: KnowledgeGraph) -> None:
        with pytest.raises(
            QueryError,
            match=r"^cannot bind \?rol: the query has no such variable \(its variables: \?label, \?role\)",
        ):
            kg.query("SELECT ?label WHERE { ?role skos:prefLabel ?label }", rol=IRI(ROLE + "x"))

    @pytest.mark.parametrize("value", [None, [1], BNode("b0"), IRI("not an iri")])
    def test_values_that_are_not_terms_are_refused(self, kg: KnowledgeGraph, value: Any) -> None:
        with pytest.raises(QueryError, match="^cannot bind"):
            kg.query("SELECT ?x WHERE { }", x=value)

    @pytest.mark.parametrize(
        ("spec", "expected"),
        [
            (f"name={INJECTION}", ("name", INJECTION)),
            ("?n=42", ("n", 42)),
            ('n="42"', ("n", "42")),
            ("r=<https://example.org/a>", ("r", IRI("https://example.org/a"))),
            ("r=https://example.org/a", ("r", IRI("https://example.org/a"))),
            ("p=pmg:progressesTo", ("p", IRI(PMG + "progressesTo"))),
            ("label=Test Manager", ("label", "Test Manager")),
            ("role=role:test analyst", ("role", IRI(ROLE + "analyst"))),
            ("role=role:Data Wrangler", ("role", IRI(ROLE + "analyst"))),
        ],
    )
    def test_parse_binding(self, kg: KnowledgeGraph, spec: str, expected: tuple[str, Any]) -> None:
        name, value = q.parse_binding(kg, spec)
        assert (name, value) == expected
        assert type(value) is type(expected[1])

    def test_parse_binding_errors(self, kg: KnowledgeGraph) -> None:
        with pytest.raises(q.InputError, match="expected VAR=VALUE"):
            q.parse_binding(kg, "no-equals")
        with pytest.raises(
            UnknownResource, match="no role is called 'Test Anlyst'; did you mean: Test Analyst"
        ):
            q.parse_binding(kg, "r=role:Test Anlyst")


# ---------------------------------------------------------------------------
class TestSyntaxErrors:
    TEXT = "SELECT ?x WHERE {\n  ?x ?y ?z .\n  FILTER(?x = ) }"

    def test_message_has_line_column_and_what_was_expected(self, kg: KnowledgeGraph) -> None:
        with pytest.raises(QueryError) as info:
            kg.query(self.TEXT)
        message = str(info.value)
        assert message.startswith("SPARQL syntax error at line 3, column ")
        assert "xpected" in message and message.endswith("fix the query there")
        assert "\n" not in message

    def test_oxigraph_position_and_what_it_found(self, both: dict[str, KnowledgeGraph]) -> None:
        with pytest.raises(
            QueryError,
            match=r"line 1, column 36: expected one of HAVING, OFFSET, OPTIONAL, VALUES, a number, found 'x'; fix",
        ):
            both["oxigraph"].query("SELECT ?x WHERE { ?x ?y ?z } LIMIT x")

    def test_rdflib_position_and_what_it_found(self, both: dict[str, KnowledgeGraph]) -> None:
        with pytest.raises(QueryError, match=r"line 1, column 30: Expected .*, found 'FOO'"):
            both["memory"].query("SELECT ?x WHERE { ?x ?y ?z . FOO }")


# ---------------------------------------------------------------------------
class TestTimeout:
    # Nine unbound triple patterns: (number of quads)^9 solutions.
    EXPLODING = (
        "SELECT (COUNT(*) AS ?n) WHERE { "
        + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(9))
        + " }"
    )

    def test_exploding_query_stops_within_twice_its_limit(self, kg: KnowledgeGraph) -> None:
        started = time.monotonic()
        with pytest.raises(
            QueryTimeout,
            match=r"^the query ran past its 1 s limit and was stopped; raise --timeout",
        ):
            kg.query(self.EXPLODING, timeout=1)
        assert time.monotonic() - started < 2.0

    def test_regex_bomb_stops(self, both: dict[str, KnowledgeGraph]) -> None:
        # Nested quantifiers: exponential backtracking in Python's re (rdflib).
        text = (
            "SELECT ?x WHERE { ?x ?p ?o . BIND('" + "a" * 40 + "!' AS ?s) "
            "FILTER(REGEX(?s, '^(a+)+$')) }"
        )
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            both["memory"].query(text, timeout=1)
        assert time.monotonic() - started < 2.0

    def test_timeout_none_still_runs_in_a_child(
        self, kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # No limit still forks: the child is where the network is cut off (issue 12).
        # Only where fork does not exist does the query run in this process.
        def no_fork() -> int:
            raise AssertionError("forked")

        monkeypatch.setattr(os, "fork", no_fork)
        with pytest.raises(AssertionError, match="forked"):
            kg.query("ASK { ?s ?p ?o }", timeout=None)
        monkeypatch.delattr(os, "fork")
        assert kg.query("ASK { ?s ?p ?o }", timeout=None).boolean is True

    def test_errors_in_the_child_come_back(self, kg: KnowledgeGraph) -> None:
        with pytest.raises(QueryError, match="syntax error"):
            kg.query("SELECT ?x WHERE { ?x }", timeout=5)


# ---------------------------------------------------------------------------
class TestSerialize:
    SELECT = (
        "PREFIX ex: <http://example.org/test#>\n"
        "SELECT ?r ?label ?n ?note WHERE { ?r skos:prefLabel ?label "
        "OPTIONAL { ?r ex:headcount ?n } OPTIONAL { ?r ex:note ?note } } ORDER BY ?label"
    )

    @pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
    def test_w3c_formats_parse_back_with_rdflib_to_the_same_rows(
        self, kg: KnowledgeGraph, fmt: str
    ) -> None:
        from rdflib.query import Result

        from pmograph.stores.convert import rdflib_value

        result = kg.query(self.SELECT)
        parsed: Any = Result.parse(io.BytesIO(result.serialize(fmt)), format=fmt)
        assert [str(v) for v in parsed.vars] == result.vars
        rows = [tuple(rdflib_value(v) for v in row) for row in parsed]
        assert rows == result.rows and len(rows) == 4

    def test_csv_parses_back_with_rdflib_with_formulas_neutralised(
        self, kg: KnowledgeGraph
    ) -> None:
        from rdflib.query import Result

        result = kg.query(self.SELECT)
        data = result.serialize("csv")
        parsed: Any = Result.parse(io.BytesIO(data), format="csv")
        rows = [tuple("" if v is None else str(v) for v in row) for row in parsed]
        expected = [tuple("" if v is None else str(v) for v in row) for row in result.rows]
        formula = '=HYPERLINK("http://127.0.0.1/","x")'
        assert expected[0][1] == formula
        assert rows[0][1] == "'" + formula
        assert rows[1:] == expected[1:]
        assert b"-3" in data and b"'-3" not in data  # numbers are not formulas

    def test_ask_formats(self, kg: KnowledgeGraph) -> None:
        from rdflib.query import Result

        result = kg.query("ASK { ?s pmg:progressesTo ?o }")
        for fmt in ("json", "xml"):
            assert Result.parse(io.BytesIO(result.serialize(fmt)), format=fmt).askAnswer is True

    @pytest.mark.parametrize(
        ("fmt", "rdflib_format"),
        [("turtle", "turtle"), ("trig", "trig"), ("nt", "nt"), ("jsonld", "json-ld")],
    )
    def test_graph_formats_parse_back_with_rdflib(
        self, kg: KnowledgeGraph, fmt: str, rdflib_format: str
    ) -> None:
        from rdflib import Dataset

        from pmograph.stores.convert import rdflib_value

        result = kg.query("CONSTRUCT WHERE { ?r a pmg:Role ; skos:prefLabel ?l }")
        ds = Dataset()
        ds.parse(data=result.serialize(fmt), format=rdflib_format)
        triples = {tuple(rdflib_value(t) for t in tr) for tr in ds.triples((None, None, None))}
        assert triples == set(result.triples) and len(triples) == 6

    def test_turtle_declares_only_the_prefixes_it_uses(self, kg: KnowledgeGraph) -> None:
        data = kg.query("CONSTRUCT WHERE { ?r pmg:progressesTo ?n }").serialize("turtle").decode()
        assert data.startswith("@prefix pmg: <https://w3id.org/pmograph/ns#> .\n")
        assert "skos:" not in data

    def test_limit_bounds_rows_in_every_format(self, kg: KnowledgeGraph) -> None:
        from rdflib.query import Result

        result = kg.query(self.SELECT)
        for fmt in ("json", "xml", "csv", "tsv"):
            parsed = Result.parse(io.BytesIO(result.serialize(fmt, limit=2)), format=fmt)
            assert len(list(parsed)) == 2, fmt
        graph = kg.query("CONSTRUCT WHERE { ?r a pmg:Role }")
        assert graph.serialize("nt", limit=1).count(b"\n") == 1

    def test_same_bytes_on_both_stores(self, both: dict[str, KnowledgeGraph]) -> None:
        text = self.SELECT
        for fmt in ("json", "xml", "csv", "tsv"):
            ox, mem = (kg.query(text).serialize(fmt) for kg in both.values())
            assert ox == mem, fmt

    def test_format_must_suit_the_result(self, kg: KnowledgeGraph) -> None:
        with pytest.raises(q.InputError, match="'turtle' is for CONSTRUCT and DESCRIBE"):
            kg.query("SELECT * { ?s ?p ?o }").serialize("turtle")
        with pytest.raises(q.InputError, match="'csv' is for SELECT and ASK"):
            kg.query("CONSTRUCT WHERE { ?s ?p ?o }").serialize("csv")


class TestDisplayRows:
    def test_labels_replace_iris_and_prefixed_names_the_rest(self, kg: KnowledgeGraph) -> None:
        result = kg.query(
            "SELECT ?r ?p ?n WHERE { ?r ?p ?n FILTER(?p = pmg:progressesTo) } ORDER BY ?r"
        )
        header, cells = q.display_rows(kg, result)
        assert header == ["r", "p", "n"]
        assert cells == [
            ["Test Analyst", "pmg:progressesTo", "Test Manager"],
            ["Test Manager", "pmg:progressesTo", "Test Director"],
        ]
        _, raw = q.display_rows(kg, result, iris=True, limit=1)
        assert raw == [[ROLE + "analyst", PMG + "progressesTo", ROLE + "manager"]]


# ---------------------------------------------------------------------------
class TestProvenance:
    def test_graph_sources_questions_and_quotes(self, kg: KnowledgeGraph) -> None:
        found = q.provenance(kg, ROLE + "analyst", PMG + "progressesTo", IRI(ROLE + "manager"))
        assert found == [
            q.Provenance(
                graph=IRI(GRAPH + "a"),
                title="Test graph A",
                sources=(
                    q.Source(
                        iri=IRI(SRC + "entry-1"),
                        title="Entry 1",
                        question="What comes after analyst?",
                        document=IRI(SRC + "doc"),
                        document_title="Test FAQ",
                    ),
                ),
                quotes=("Analysts become managers.",),
            )
        ]

    def test_several_sources_and_quotes(self, kg: KnowledgeGraph) -> None:
        (found,) = q.provenance(kg, ROLE + "manager", PMG + "progressesTo", IRI(ROLE + "director"))
        assert [s.iri for s in found.sources] == [SRC + "doc", SRC + "entry-2"]
        assert found.quotes == ("A second quote.", "Managers lead directors.")
        assert found.title is None

    def test_literal_objects_match_on_their_text(self, kg: KnowledgeGraph) -> None:
        found = q.provenance(kg, ROLE + "director", SKOS_PREF, "Test Director", literal=True)
        assert [p.graph for p in found] == [GRAPH + "b"]
        assert q.provenance(kg, ROLE + "director", SKOS_PREF, "test director", literal=True) == []

    def test_no_graph_states_it(self, kg: KnowledgeGraph) -> None:
        assert (
            q.provenance(kg, ROLE + "director", PMG + "progressesTo", IRI(ROLE + "analyst")) == []
        )

    @pytest.mark.parametrize(
        ("text", "what", "expected"),
        [
            ("<https://example.org/x>", "resource", "https://example.org/x"),
            ("pmg:progressesTo", "predicate", PMG + "progressesTo"),
            ("progresses to", "predicate", PMG + "progressesTo"),
            ("progressesTo", "predicate", PMG + "progressesTo"),
            ("a", "predicate", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ("test analyst", "resource", ROLE + "analyst"),
            ("role:Data Wrangler", "resource", ROLE + "analyst"),
        ],
    )
    def test_resolve(
        self,
        packaged: dict[str, KnowledgeGraph],
        fixture_file: Path,
        text: str,
        what: str,
        expected: str,
    ) -> None:
        kg = load([fixture_file], store="oxigraph")
        assert q.resolve(kg, text, what=what) == expected

    def test_resolve_unknown_property(self, packaged: dict[str, KnowledgeGraph]) -> None:
        with pytest.raises(
            UnknownResource,
            match=r"^no property is called 'progresess to'; did you mean: .*pmg:progressesTo",
        ):
            q.resolve(packaged["oxigraph"], "progresess to", what="predicate")

    def test_packaged_fact_has_its_faq_entry(self, packaged: dict[str, KnowledgeGraph]) -> None:
        for kg in packaged.values():
            pm, spm = kg.find("Project Manager"), kg.find("Senior Project Manager")
            found = q.provenance(kg, pm, PMG + "progressesTo", spm)
            questions = [s.question for p in found for s in p.sources]
            assert "What’s the next step after project manager?" in questions


# ---------------------------------------------------------------------------
class TestNamedQueries:
    def test_every_named_query_has_a_unique_name_and_a_question(self) -> None:
        found = q.named_queries()
        assert len(found) >= 19
        names = [nq.name for nq in found]
        assert len(set(names)) == len(names)
        assert all(nq.question for nq in found)
        assert found[2].name == "next-step-after-project-manager"
        assert found[2].source.startswith("https://w3id.org/pmograph/id/source/")

    def test_by_name_or_file_stem(self) -> None:
        assert (
            q.named_query("03-next-step-after-project-manager").name
            == "next-step-after-project-manager"
        )
        assert q.named_query("next-step-after-project-manager.rq").path.name.startswith("03-")

    def test_unknown_name_lists_close_matches(self) -> None:
        with pytest.raises(
            UnknownResource,
            match=r"^no named query 'next-step-after-project-manger'; did you mean: next-step-after-project-manager",
        ):
            q.named_query("next-step-after-project-manger")

    def test_every_named_query_gives_equal_answers_on_both_stores(
        self, packaged: dict[str, KnowledgeGraph]
    ) -> None:
        def normal(result: q.QueryResult) -> Any:
            if result.kind == "ask":
                return result.boolean
            # GROUP_CONCAT joins in an order of the engine's choosing.
            return sorted(
                tuple(
                    " | ".join(sorted(v.split(" | "))) if isinstance(v, str) else repr(v) for v in r
                )
                for r in result.rows
            )

        for nq in q.named_queries():
            ox, mem = (q.run(kg, nq.text) for kg in packaged.values())
            assert ox.vars == mem.vars, nq.name
            assert normal(ox) == normal(mem), nq.name

    def test_every_expected_answer_is_in_the_first_column(
        self, packaged: dict[str, KnowledgeGraph]
    ) -> None:
        kg = packaged["oxigraph"]
        for nq in q.named_queries():
            if not nq.expected:
                continue
            expected = {item.strip() for item in nq.expected.split(";")}
            _, cells = q.display_rows(kg, q.run(kg, nq.text))
            assert {row[0] for row in cells} == expected, nq.name
