"""The query commands: pmograph query, queries and why.

Each test adds a small TriG file of its own (--data) to the packaged graph, so
that the answers do not depend on how the packaged data grows.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from pmograph import resources
from pmograph.cli import cli
from pmograph.query import named_queries

ROLE = "https://w3id.org/pmograph/id/role/"
PMG = "https://w3id.org/pmograph/ns#"
INJECTION = 'x" } ; DROP ALL ; #'

TESTING = """\
@prefix pmg:     <https://w3id.org/pmograph/ns#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix role:    <https://w3id.org/pmograph/id/role/> .
@prefix skill:   <https://w3id.org/pmograph/id/skill/> .
@prefix g:       <https://w3id.org/pmograph/id/graph/clitest/> .
@prefix src:     <https://w3id.org/pmograph/id/source/clitest/> .

g:ladder dcterms:title "Test ladder"@en ;
    prov:wasDerivedFrom src:notes ;
    pmg:quote "Cli juniors become cli seniors."@en .
src:notes dcterms:title "Testing notes"@en ;
    pmg:question "Where do cli juniors go?"@en .

g:ladder {
    role:cli-junior a pmg:Role ;
        skos:prefLabel "Cli Junior"@en ;
        pmg:progressesTo role:cli-senior ;
        pmg:requiresEssentialSkill skill:cli-typing .
    role:cli-senior a pmg:Role ;
        skos:prefLabel "Cli Senior"@en ;
        pmg:progressesTo role:cli-head .
    role:cli-head a pmg:Role ;
        skos:prefLabel "Cli Head"@en .
    skill:cli-typing a pmg:Skill ;
        skos:prefLabel "=SUM(A1:A9)"@en .
}
"""

LADDER = (
    "SELECT ?from ?to WHERE { ?from pmg:progressesTo ?to "
    "FILTER(STRSTARTS(STR(?from), 'https://w3id.org/pmograph/id/role/cli-')) } ORDER BY ?from"
)
LADDER_ROWS = [
    (ROLE + "cli-junior", ROLE + "cli-senior"),
    (ROLE + "cli-senior", ROLE + "cli-head"),
]


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "testing.trig"
    path.write_text(TESTING, encoding="utf-8")
    return path


def run(*args: str, data: Path | None = None, input: str | None = None) -> Result:
    argv = list(args) + (["--data", str(data)] if data is not None else [])
    return CliRunner().invoke(cli, argv, input=input)


def rows_of(data: bytes, fmt: str) -> list[tuple[str, ...]]:
    """Parse a W3C results document with rdflib's own parser; cells as strings."""
    from rdflib.query import Result as RdflibResult

    parsed: Any = RdflibResult.parse(io.BytesIO(data), format=fmt)
    return [tuple("" if v is None else str(v) for v in row) for row in parsed]


# ---------------------------------------------------------------------------
class TestInput:
    def test_inline(self, data: Path) -> None:
        result = run("query", LADDER, "--format", "csv", data=data)
        assert result.exit_code == 0, result.output
        assert rows_of(result.stdout_bytes, "csv") == LADDER_ROWS

    def test_file(self, data: Path, tmp_path: Path) -> None:
        path = tmp_path / "ladder.rq"
        path.write_text(LADDER, encoding="utf-8")
        result = run("query", "-f", str(path), "--format", "csv", data=data)
        assert result.exit_code == 0, result.output
        assert rows_of(result.stdout_bytes, "csv") == LADDER_ROWS

    def test_stdin(self, data: Path) -> None:
        result = run("query", "-f", "-", "--format", "csv", data=data, input=LADDER)
        assert result.exit_code == 0, result.output
        assert rows_of(result.stdout_bytes, "csv") == LADDER_ROWS

    def test_name(self) -> None:
        result = run("query", "--name", "next-step-after-project-manager", "--format", "table")
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert {"Management Consultant", "Portfolio Manager", "Programme Manager"} <= {
            line.split("  ")[0] for line in lines[2:]
        }

    @pytest.mark.parametrize("args", [[], ["SELECT * {}", "--name", "x"], ["-f", "-", "ASK {}"]])
    def test_exactly_one_way(self, args: list[str]) -> None:
        result = run("query", *args)
        assert result.exit_code == 2
        assert "give the query one way: inline ('SELECT ...'), -f FILE" in result.stderr

    def test_missing_file(self, tmp_path: Path) -> None:
        result = run("query", "-f", str(tmp_path / "nope.rq"))
        assert result.exit_code == 2
        assert (
            result.stderr == f"Error: {tmp_path / 'nope.rq'}: no such query file; check the path\n"
        )

    def test_unknown_name_lists_close_matches(self) -> None:
        result = run("query", "--name", "next-step-after-projet-manager")
        assert result.exit_code == 2
        assert result.stderr.startswith(
            "Error: no named query 'next-step-after-projet-manager'; did you mean: "
            "next-step-after-project-manager"
        )
        assert re.search(r"\? `pmograph queries` lists all \d+\n$", result.stderr)
        assert result.stdout == ""


# ---------------------------------------------------------------------------
class TestFormats:
    @pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
    def test_results_parse_back_with_rdflib(self, data: Path, fmt: str) -> None:
        result = run("query", LADDER, "--format", fmt, data=data)
        assert result.exit_code == 0, result.output
        assert rows_of(result.stdout_bytes, fmt) == LADDER_ROWS

    def test_default_is_tsv_when_piped(self, data: Path) -> None:
        result = run("query", LADDER, data=data)
        assert result.stdout.splitlines() == [
            "?from\t?to",
            f"<{ROLE}cli-junior>\t<{ROLE}cli-senior>",
            f"<{ROLE}cli-senior>\t<{ROLE}cli-head>",
        ]

    def test_default_is_a_table_of_labels_on_a_terminal(self, data: Path) -> None:
        import pty

        master, slave = pty.openpty()
        script = Path(sys.executable).parent / "pmograph"
        argv = (
            [str(script)]
            if script.exists()
            else [sys.executable, "-c", "from pmograph.cli import main; main()"]
        )
        proc = subprocess.run(
            [*argv, "query", LADDER, "--data", str(data)],
            stdout=slave,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        os.close(master)
        assert proc.returncode == 0, proc.stderr
        assert out.decode().replace("\r\n", "\n") == (
            "from        to\n----------  ----------\nCli Junior  Cli Senior\nCli Senior  Cli Head\n"
        )

    def test_table_iris_and_limit(self, data: Path) -> None:
        result = run("query", LADDER, "--format", "table", "--iris", "--limit", "1", data=data)
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[2].split() == [ROLE + "cli-junior", ROLE + "cli-senior"]
        assert len(result.stdout.splitlines()) == 3
        assert re.fullmatch(
            r"showing 1 of 2 rows in \d+\.\d\d s \(graph loaded in \d+\.\d\d s, oxigraph store\)\n",
            result.stderr,
        )

    @pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
    def test_limit_in_w3c_formats(self, data: Path, fmt: str) -> None:
        result = run("query", LADDER, "--format", fmt, "--limit", "1", data=data)
        assert rows_of(result.stdout_bytes, fmt) == LADDER_ROWS[:1]

    def test_counts_and_times_go_to_stderr(self, data: Path) -> None:
        result = run("query", LADDER, "--format", "json", data=data)
        json.loads(result.stdout)  # nothing else on stdout
        assert re.fullmatch(
            r"2 rows in \d+\.\d\d s \(graph loaded in \d+\.\d\d s, oxigraph store\)\n",
            result.stderr,
        )

    def test_csv_neutralises_formulas_and_stays_parseable(self, data: Path) -> None:
        text = "SELECT ?label WHERE { <skill/cli-typing> skos:prefLabel ?label }"
        result = run("query", text, "--format", "csv", data=data)
        assert result.stdout_bytes == b"label\r\n'=SUM(A1:A9)\r\n"
        assert rows_of(result.stdout_bytes, "csv") == [("'=SUM(A1:A9)",)]

    @pytest.mark.parametrize(
        ("fmt", "rdflib_format"),
        [("turtle", "turtle"), ("trig", "trig"), ("nt", "nt"), ("jsonld", "json-ld")],
    )
    def test_construct(self, data: Path, fmt: str, rdflib_format: str) -> None:
        from rdflib import Dataset, URIRef

        text = "CONSTRUCT { ?a pmg:progressesTo ?b } WHERE { ?a pmg:progressesTo ?b FILTER(?a = <role/cli-junior>) }"
        result = run("query", text, "--format", fmt, data=data)
        assert result.exit_code == 0, result.output
        ds = Dataset()
        ds.parse(data=result.stdout, format=rdflib_format)
        assert set(ds.triples((None, None, None))) == {
            (URIRef(ROLE + "cli-junior"), URIRef(PMG + "progressesTo"), URIRef(ROLE + "cli-senior"))
        }
        assert re.match(r"1 triple in ", result.stderr)

    def test_construct_default_is_turtle_when_piped(self, data: Path) -> None:
        text = "CONSTRUCT WHERE { <role/cli-head> a pmg:Role }"
        result = run("query", text, data=data)
        assert result.stdout.endswith(f"@prefix pmg: <{PMG}> .\n<{ROLE}cli-head> a pmg:Role .\n")

    def test_ask(self, data: Path) -> None:
        result = run(
            "query", "ASK { <role/cli-junior> pmg:progressesTo ?x }", "--format", "json", data=data
        )
        assert json.loads(result.stdout) == {"head": {}, "boolean": True}
        assert result.stderr.startswith("answer true in ")

    @pytest.mark.parametrize(
        ("text", "fmt", "message"),
        [
            (
                "CONSTRUCT WHERE { ?s ?p ?o }",
                "csv",
                "--format csv is for SELECT and ASK; a CONSTRUCT query gives RDF",
            ),
            (
                "SELECT * { ?s ?p ?o }",
                "turtle",
                "--format turtle is for CONSTRUCT and DESCRIBE; a SELECT query gives rows",
            ),
        ],
    )
    def test_format_must_suit_the_query(self, text: str, fmt: str, message: str) -> None:
        result = run("query", text, "--format", fmt)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"Error: {message}")

    def test_both_stores_print_the_same(self, data: Path) -> None:
        for fmt in ("table", "json", "csv"):
            outs = [
                run("query", LADDER, "--format", fmt, "--store", store, data=data).stdout
                for store in ("oxigraph", "memory")
            ]
            assert outs[0] == outs[1], fmt


# ---------------------------------------------------------------------------
class TestBind:
    def test_injection_string_is_just_a_string(self, data: Path) -> None:
        result = run(
            "query", "SELECT ?name WHERE { }", "--bind", f"name={INJECTION}", "--format", "json"
        )
        assert result.exit_code == 0, result.output
        bindings = json.loads(result.stdout)["results"]["bindings"]
        assert bindings == [{"name": {"type": "literal", "value": INJECTION}}]

    def test_role_by_label(self, data: Path) -> None:
        text = "SELECT ?role ?next WHERE { ?role pmg:progressesTo ?next }"
        result = run(
            "query", text, "--bind", "role=role:cli junior", "--format", "table", data=data
        )
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[2].split("  ") == ["Cli Junior", "Cli Senior"]

    def test_unreturned_variable_by_iri(self, data: Path) -> None:
        text = "SELECT ?next WHERE { ?role pmg:progressesTo ?next }"
        result = run(
            "query", text, "--bind", f"role=<{ROLE}cli-senior>", "--format", "csv", data=data
        )
        assert rows_of(result.stdout_bytes, "csv") == [(ROLE + "cli-head",)]

    def test_unknown_label(self, data: Path) -> None:
        result = run("query", "SELECT ?role { }", "--bind", "role=role:Cli Junor", data=data)
        assert result.exit_code == 2
        assert result.stderr.startswith(
            "Error: no role is called 'Cli Junor'; did you mean: Cli Junior"
        )

    def test_unknown_variable(self) -> None:
        result = run("query", "SELECT ?role { }", "--bind", "rol=1")
        assert result.exit_code == 2
        assert result.stderr == (
            "Error: cannot bind ?rol: the query has no such variable (its variables: ?role); "
            "check the spelling\n"
        )


# ---------------------------------------------------------------------------
class TestSafety:
    def test_update_is_refused_and_no_file_changes(self, data: Path) -> None:
        files = sorted(
            p
            for folder in (resources.ontology_dir(), resources.data_dir())
            for p in folder.rglob("*")
            if p.is_file()
        )
        files.append(data)

        def digests() -> dict[Path, str]:
            return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}

        before = digests()
        for text in (
            "DELETE WHERE {?s ?p ?o}",
            "DROP ALL",
            "INSERT DATA { <http://a> <http://b> <http://c> }",
        ):
            result = run("query", text, data=data)
            assert result.exit_code == 2
            assert re.fullmatch(
                r"Error: (DELETE|DROP|INSERT) at line 1, column 1: pmograph runs read-only queries "
                r"and never changes the graph or any file; SPARQL Update is not allowed "
                r"\(--allow-remote allows only SERVICE and FROM\)\n",
                result.stderr,
            )
            assert result.stdout == ""
        # Even with --allow-remote.
        assert run("query", "DELETE WHERE {?s ?p ?o}", "--allow-remote", data=data).exit_code == 2
        assert digests() == before

    @pytest.mark.parametrize(
        "text",
        [
            "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            "SELECT * { ?s ?p ?o OPTIONAL { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } } }",
            "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } } }",
            "SELECT * { { SELECT ?s { SERVICE SILENT <http://127.0.0.1:9/s> { ?s ?p ?o } } } }",
            "SELECT * FROM <http://127.0.0.1:9/data.ttl> { ?s ?p ?o }",
            "SELECT * FROM NAMED </etc/passwd> { GRAPH ?g { ?s ?p ?o } }",
        ],
    )
    def test_service_and_from_are_refused(self, text: str) -> None:
        result = run("query", text)
        assert result.exit_code == 2
        assert re.fullmatch(
            r"Error: (SERVICE|FROM) at line 1, column \d+: queries may not reach other graphs, "
            r"files or endpoints by default; remove it, or pass --allow-remote "
            r"\(allow_remote=True\) to allow SERVICE and FROM\n",
            result.stderr,
        )

    def test_syntax_error_has_line_and_column(self) -> None:
        result = run("query", "SELECT ?x WHERE {\n  ?x ?y ?z .\n  FILTER(?x = ) }")
        assert result.exit_code == 2
        assert re.fullmatch(
            r"Error: SPARQL syntax error at line 3, column \d+: expected .*; fix the query there\n",
            result.stderr,
        )
        assert "Traceback" not in result.output

    def test_syntax_error_lines_count_from_the_users_first_line(self, tmp_path: Path) -> None:
        # The predeclared prefixes are not pasted above the query.
        path = tmp_path / "bad.rq"
        path.write_text("# a comment\nSELECT ?x\nWHERE { ?x ?y ?z } LIMIT x\n", encoding="utf-8")
        result = run("query", "-f", str(path), "--store", "memory")
        assert result.exit_code == 2
        assert result.stderr.startswith("Error: SPARQL syntax error at line 3, column ")

    def test_timeout(self) -> None:
        exploding = (
            "SELECT (COUNT(*) AS ?n) WHERE { "
            + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(6))
            + " }"
        )
        started = time.monotonic()
        result = run("query", exploding, "--timeout", "1")
        assert time.monotonic() - started < 10  # loading included
        assert result.exit_code == 3
        assert result.stderr == (
            "Error: the query ran past its 1 s limit and was stopped; raise --timeout (timeout=) "
            "or narrow the query (add a LIMIT, fewer unbound triple patterns)\n"
        )


# ---------------------------------------------------------------------------
class TestStartup:
    def test_query_imports_no_heavy_library(self) -> None:
        code = (
            "import sys\n"
            "from pmograph.cli import cli\n"
            "cli.main(['query', '--name', 'next-step-after-project-manager'], "
            "standalone_mode=False)\n"
            "heavy = ('rdflib', 'networkx', 'pyvis', 'pyshacl', 'owlrl', 'requests')\n"
            "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
        )
        assert done.stderr.splitlines()[-1] == "[]"
        assert "Portfolio Manager" in done.stdout


# ---------------------------------------------------------------------------
class TestReason:
    def test_reason_answers_with_inferred_facts(self, data: Path) -> None:
        # Only the full OWL 2 RL closure types every individual as an owl:Thing.
        text = 'SELECT ?x WHERE { ?x a owl:Thing FILTER(CONTAINS(STR(?x), "/skill/cli-")) }'
        plain = run("query", text, "--format", "csv", data=data)
        reasoned = run("query", text, "--format", "csv", "--reason", data=data)
        assert rows_of(plain.stdout_bytes, "csv") == []
        assert ("https://w3id.org/pmograph/id/skill/cli-typing",) in rows_of(
            reasoned.stdout_bytes, "csv"
        )
        assert "memory store" in reasoned.stderr

    @pytest.mark.parametrize("store", ["memory", "oxigraph"])
    def test_documented_super_property_answers_without_reason(self, data: Path, store: str) -> None:
        text = "SELECT ?skill WHERE { <role/cli-junior> pmg:requiresSkill ?skill }"
        plain = run("query", text, "--format", "csv", "--store", store, data=data)
        assert rows_of(plain.stdout_bytes, "csv") == [
            ("https://w3id.org/pmograph/id/skill/cli-typing",)
        ]

    def test_help_says_which_store_runs(self) -> None:
        result = run("query", "--help")
        text = " ".join(result.stdout.split())
        assert "auto = oxigraph, or memory with --reason" in text
        assert "--allow-remote" in text and "--timeout SECONDS" in text


# ---------------------------------------------------------------------------
class TestNamedQueries:
    def test_queries_lists_names_and_questions(self) -> None:
        result = run("queries", "--format", "json")
        assert result.exit_code == 0
        listed = json.loads(result.stdout)
        assert listed[2] == {
            "name": "next-step-after-project-manager",
            "question": "What’s the next step after project manager?",
        }
        assert [x["name"] for x in listed] == [nq.name for nq in named_queries()]
        table = run("queries").stdout.splitlines()
        assert table[0].split() == ["name", "question"]

    @pytest.mark.parametrize("nq", named_queries(), ids=lambda nq: nq.name)
    def test_every_named_query_prints_the_expected_answer(self, nq: Any) -> None:
        result = run("query", "--name", nq.name, "--format", "table")
        assert result.exit_code == 0, result.output
        if not nq.expected:
            return
        first = {line.split("  ")[0].strip() for line in result.stdout.splitlines()[2:]}
        expected = {item.strip() for item in nq.expected.split(";")}
        assert first == expected


# ---------------------------------------------------------------------------
class TestWhy:
    def test_labels(self, data: Path) -> None:
        result = run("why", "cli junior", "pmg:progressesTo", "Cli Senior", data=data)
        assert result.exit_code == 0, result.output
        assert result.stdout == (
            "graph:    Test ladder <https://w3id.org/pmograph/id/graph/clitest/ladder>\n"
            "source:   Testing notes <https://w3id.org/pmograph/id/source/clitest/notes>\n"
            "question: Where do cli juniors go?\n"
            "quote:    \u201cCli juniors become cli seniors.\u201d\n"
        )
        assert result.stderr == "1 graph states: Cli Junior pmg:progressesTo Cli Senior\n"

    def test_iris_and_property_label(self, data: Path) -> None:
        result = run(
            "why",
            f"<{ROLE}cli-junior>",
            "progresses to",
            f"{ROLE}cli-senior",
            "--format",
            "json",
            data=data,
        )
        assert result.exit_code == 0, result.output
        (record,) = json.loads(result.stdout)
        assert record["graph"] == "https://w3id.org/pmograph/id/graph/clitest/ladder"
        assert record["quotes"] == ["Cli juniors become cli seniors."]
        assert record["sources"][0]["question"] == "Where do cli juniors go?"

    def test_literal_object(self, data: Path) -> None:
        result = run("why", "Cli Head", "skos:prefLabel", "Cli Head", "--literal", data=data)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("graph:    Test ladder ")

    def test_inferred_fact(self, data: Path) -> None:
        result = run("why", "Cli Senior", "a", "owl:Thing", "--reason", data=data)
        assert result.exit_code == 0, result.output
        assert result.stdout == (
            "graph:    <https://w3id.org/pmograph/id/graph/inferred>\n"
            "note:     inferred by OWL 2 RL reasoning (--reason) from the stated facts\n"
        )
        assert run("why", "Cli Senior", "a", "owl:Thing", data=data).exit_code == 1

    def test_entailed_fact_is_not_cited_as_a_source(self, data: Path) -> None:
        result = run("why", "Cli Senior", "progresses from", "Cli Junior", data=data)
        assert result.exit_code == 0, result.output
        assert result.stdout == (
            "graph:    Entailed by the ontology <https://w3id.org/pmograph/id/graph/entailed>\n"
            "note:     entailed by the ontology's axioms from the stated facts; not a source\n"
        )
        assert "source:" not in result.stdout

    def test_no_source(self, data: Path) -> None:
        result = run("why", "Cli Head", "pmg:progressesTo", "Cli Junior", data=data)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr == (
            "no source states this fact: Cli Head pmg:progressesTo Cli Junior; check it with "
            "`pmograph query` (--reason adds inferred facts)\n"
        )

    def test_unknown_subject(self, data: Path) -> None:
        result = run("why", "Cli Hed", "pmg:progressesTo", "Cli Junior", data=data)
        assert result.exit_code == 2
        assert result.stderr.startswith(
            "Error: no resource is called 'Cli Hed'; did you mean: Cli Head"
        )

    def test_packaged_fact(self) -> None:
        result = run("why", "Project Manager", "progresses to", "Senior Project Manager")
        assert result.exit_code == 0, result.output
        assert "question: What’s the next step after project manager?" in result.stdout
        assert (
            "quote:    \u201cOnce you have reached a senior project management role"
            in result.stdout
        )


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_bind_a_language_tagged_literal(store: str) -> None:
    sparql = "SELECT ?r WHERE { ?r skos:prefLabel ?label }"
    tagged = CliRunner().invoke(
        cli,
        [
            "query",
            sparql,
            "--bind",
            'label="PMO Manager"@en',
            "--format",
            "csv",
            "--iris",
            "--store",
            store,
        ],
    )
    assert tagged.exit_code == 0, tagged.output
    assert tagged.stdout == "r\nhttps://w3id.org/pmograph/id/role/pmo-manager\n"
    plain = CliRunner().invoke(
        cli, ["query", sparql, "--bind", 'label="PMO Manager"', "--format", "csv", "--store", store]
    )
    assert plain.stdout == "r\n"  # a plain string is not the @en label
