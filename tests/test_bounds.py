"""Every input is bounded in time and memory, and ends in one line (issue 12).

Each case runs the real ``pmograph`` console script in a child process whose
address space is capped (``RLIMIT_AS``) and whose wall time is limited, as a
user's shell would run it; the test asserts the exit code, that stderr is
exactly one ``Error: ...`` line, and that no traceback was printed.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

PMOGRAPH = str(Path(sys.executable).parent / "pmograph")
MEMORY_CAP = 3 << 30  # 3 GB of address space: pyoxigraph maps a lot, an attack maps more


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60, stdin: bytes | None = None
) -> tuple[subprocess.CompletedProcess[bytes], float]:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    started = time.monotonic()
    done = subprocess.run(
        [PMOGRAPH, *args],
        capture_output=True,
        timeout=timeout,
        check=False,
        preexec_fn=cap,
        env={**os.environ, **(env or {})},
        input=stdin,
    )
    return done, time.monotonic() - started


def one_line_error(done: subprocess.CompletedProcess[bytes], code: int, *fragments: str) -> str:
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == code, err
    assert "Traceback" not in err, err
    assert err.startswith("Error: ") and err.count("\n") == 1, err
    for fragment in fragments:
        assert fragment in err, err
    return err


RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="https://example.org/"'


def laughs(levels: int) -> str:
    entities = ['<!ENTITY l0 "ha">'] + [
        f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, levels + 1)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
        + "\n".join(entities)
        + f"\n]>\n<rdf:RDF {RDF}>\n"
        + f'<rdf:Description rdf:about="https://example.org/s"><e:p>&l{levels};</e:p>'
        + "</rdf:Description>\n</rdf:RDF>\n"
    )


class TestRdfXml:
    def test_entity_expansion_is_refused(self, tmp_path: Path) -> None:
        bomb = tmp_path / "laughs.rdf"
        bomb.write_text(laughs(9), encoding="utf-8")  # 10^9 "ha": gigabytes if expanded
        done, took = run("stats", "--data", str(bomb))
        one_line_error(done, 2, "laughs.rdf:3", "DTD entity")
        assert took < 20

    def test_an_entity_in_any_case_and_spacing_is_refused(self, tmp_path: Path) -> None:
        text = laughs(1).replace("<!DOCTYPE rdf:RDF [", "<!DOCTYPE rdf:RDF\n  [")
        bomb = tmp_path / "one.owl"
        bomb.write_text(text, encoding="utf-8")
        one_line_error(run("stats", "--data", str(bomb))[0], 2, "one.owl", "DTD entity")

    def test_a_doctype_without_entities_still_loads(self, tmp_path: Path) -> None:
        ok = tmp_path / "plain.rdf"
        ok.write_text(
            f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF>\n<rdf:RDF {RDF}>'
            '<rdf:Description rdf:about="https://example.org/s"><e:p>x</e:p>'
            "</rdf:Description></rdf:RDF>\n",
            encoding="utf-8",
        )
        done, _ = run("stats", "--data", str(ok))
        assert done.returncode == 0, done.stderr

    def test_deep_nesting_is_refused_quickly_and_the_limit_can_be_raised(
        self, tmp_path: Path
    ) -> None:
        depth = 3000
        deep = tmp_path / "deep.rdf"
        deep.write_text(
            f'<?xml version="1.0"?>\n<rdf:RDF {RDF}>'
            + "<rdf:Description><e:p>\n" * depth
            + "</e:p></rdf:Description>" * depth
            + "</rdf:RDF>\n",
            encoding="utf-8",
        )
        done, took = run("stats", "--data", str(deep))
        one_line_error(done, 2, "deep.rdf:", "nest deeper than 1000", "PMOGRAPH_MAX_XML_DEPTH")
        assert took < 10
        done, _ = run("stats", "--data", str(deep), env={"PMOGRAPH_MAX_XML_DEPTH": "10000"})
        assert done.returncode == 0, done.stderr


class TestFiles:
    @pytest.mark.parametrize("suffix", [".nt", ".trig", ".nq", ".ttl"])
    def test_a_literal_over_16_mb_is_one_line(self, tmp_path: Path, suffix: str) -> None:
        big = tmp_path / f"big{suffix}"
        body = '<https://example.org/s> <https://example.org/p> "' + "x" * (17 << 20) + '" .\n'
        if suffix in (".trig",):
            body = "<https://example.org/g> { " + body + " }\n"
        big.write_text(body, encoding="utf-8")
        done, took = run("stats", "--data", str(big))
        one_line_error(done, 2, f"big{suffix}", "longer than 16 MB")
        assert took < 30

    def test_a_link_to_dev_zero_is_refused(self, tmp_path: Path) -> None:
        link = tmp_path / "zero.ttl"
        link.symlink_to("/dev/zero")
        done, took = run("query", "--data", str(link), "ASK { ?s ?p ?o }")
        one_line_error(done, 2, "zero.ttl", "is a device")
        assert took < 10
        done, _ = run("stats", "--data", str(link))
        one_line_error(done, 2, "is a device")

    def test_dev_zero_as_the_query_file_stops_at_the_limit(self, tmp_path: Path) -> None:
        link = tmp_path / "zero.rq"
        link.symlink_to("/dev/zero")
        for source in ("/dev/zero", str(link)):
            done, took = run("query", "-f", source)
            one_line_error(done, 2, "over the 256 KB limit", "PMOGRAPH_MAX_QUERY_KB")
            assert took < 10

    def test_a_query_on_stdin_is_bounded_too(self) -> None:
        done, _ = run("query", "-f", "-", stdin=b"#" * (300 << 10))
        one_line_error(done, 2, "stdin", "over the 256 KB limit")

    def test_the_file_size_limit_can_be_lowered_and_raised(self, tmp_path: Path) -> None:
        data = tmp_path / "roles.ttl"
        data.write_text("<https://example.org/s> <https://example.org/p> 'o' .\n" * 40000)
        done, _ = run("stats", "--data", str(data), env={"PMOGRAPH_MAX_FILE_MB": "1"})
        one_line_error(done, 2, "roles.ttl", "over 1 MB", "PMOGRAPH_MAX_FILE_MB")
        done, _ = run("stats", "--data", str(data), env={"PMOGRAPH_MAX_FILE_MB": "10"})
        assert done.returncode == 0, done.stderr

    def test_the_file_size_limit_holds_on_a_cache_hit(self, tmp_path: Path) -> None:
        data = tmp_path / "roles.ttl"  # over 1 MB: --store auto caches it
        data.write_text("<https://example.org/s> <https://example.org/p> 'o' .\n" * 40000)
        cache = {"PMOGRAPH_CACHE_DIR": str(tmp_path / "cache")}
        done, _ = run("stats", "--data", str(data), env={**cache, "PMOGRAPH_MAX_FILE_MB": "10"})
        assert done.returncode == 0, done.stderr
        assert any((tmp_path / "cache").iterdir()), "the first run did not cache the file"
        done, _ = run("stats", "--data", str(data), env={**cache, "PMOGRAPH_MAX_FILE_MB": "1"})
        one_line_error(done, 2, "roles.ttl", "over 1 MB", "PMOGRAPH_MAX_FILE_MB")

    @pytest.mark.parametrize("value", ["nan", "inf", "1e400", "-3", "lots"])
    def test_a_bad_limit_is_one_line(self, value: str) -> None:
        done, _ = run("query", "ASK { ?s ?p ?o }", env={"PMOGRAPH_MAX_QUERY_KB": value})
        one_line_error(done, 2, "PMOGRAPH_MAX_QUERY_KB", "positive number")


class TestQueries:
    def test_deep_nesting_is_refused_without_a_crash(self) -> None:
        text = "SELECT * WHERE { FILTER(" + "(" * 200_000 + "1" + ")" * 200_000 + ") }"
        for timeout in ("0", "5"):
            done, took = run(
                "query",
                "--timeout",
                timeout,
                "-f",
                "-",
                stdin=text.encode(),
                env={"PMOGRAPH_MAX_QUERY_KB": "1024"},  # the size limit alone would stop it
            )
            one_line_error(done, 2, "nest deeper than 500 levels", "PMOGRAPH_MAX_QUERY_NESTING")
            assert took < 15

    def test_long_dotted_names_scan_in_linear_time(self) -> None:
        names = "pmg:a" + ".b" * 60_000  # 120 KB in one prefixed name
        dotted = "a." * 60_000  # and in a run of bare words
        for text in (f"ASK {{ ?s ?p {names} }}", f"ASK {{ ?s ?p ?o . FILTER(1) }} # {dotted}"):
            done, took = run("query", "--timeout", "5", "-f", "-", stdin=text.encode())
            assert done.returncode in (0, 2), done.stderr
            assert b"Traceback" not in done.stderr
            assert took < 10

    def test_timeout_bounds_serialising_too(self) -> None:
        # cheap to evaluate, millions of rows to write out
        text = "SELECT ?a ?b ?c WHERE { ?a a pmg:Role . ?b a pmg:Role . ?c ?p ?o }"
        done, took = run("query", "--timeout", "2", "--format", "json", text, timeout=120)
        one_line_error(done, 3, "ran past its 2 s limit")
        assert took < 15

    @pytest.mark.parametrize("fmt", ["table", "json", "xml", "csv", "tsv"])
    def test_limit_above_the_row_count_on_several_columns(self, fmt: str) -> None:
        text = "SELECT ?r ?l WHERE { ?r a pmg:Role ; skos:prefLabel ?l } ORDER BY ?l LIMIT 3"
        done, _ = run("query", "--format", fmt, "--limit", "1000", text)
        assert done.returncode == 0, done.stderr
        out = done.stdout.decode()
        rows = {
            "table": len(out.splitlines()) - 2,
            "json": out.count('"l":'),
            "xml": out.count("<result>"),
            "csv": len(out.splitlines()) - 1,
            "tsv": len(out.splitlines()) - 1,
        }[fmt]
        assert rows == 3, out
        assert done.stderr.decode().startswith("3 rows in ")
