"""What a newcomer trips over, driven through the real ``pmograph`` command (issue 12)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmograph.namespaces import INSTANCE_PREFIXES

PMOGRAPH = str(Path(sys.executable).parent / "pmograph")
ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [PMOGRAPH, *args], capture_output=True, text=True, timeout=120, check=False, **kwargs
    )


class TestInstancePrefixes:
    def test_the_docs_example_runs(self) -> None:
        text = (
            "SELECT ?label WHERE { role:project-manager skos:exactMatch|skos:closeMatch ?e . "
            "?x skos:exactMatch ?e ; skos:prefLabel ?label }"
        )
        done = run("query", text)
        assert done.returncode == 0, done.stderr

    @pytest.mark.parametrize(
        ("prefix", "local", "label"),
        [
            ("role", "project-manager", "Project Manager"),
            ("seniority", "senior", None),
            ("level", "portfolio", None),
        ],
    )
    def test_each_kind_has_a_prefix(self, prefix: str, local: str, label: str | None) -> None:
        done = run("query", "--format", "tsv", f"ASK {{ {prefix}:{local} a ?class }}")
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == "true"
        if label:
            named = run(
                "query", "--format", "csv", f"SELECT ?l {{ {prefix}:{local} skos:prefLabel ?l }}"
            )
            assert label in named.stdout

    def test_bind_and_why_take_them_too(self) -> None:
        text = "SELECT ?next WHERE { ?r pmg:progressesTo/skos:prefLabel ?next }"
        by_slug = run("query", "--format", "csv", text, "--bind", "r=role:project-manager")
        by_label = run("query", "--format", "csv", text, "--bind", "r=role:Project Manager")
        assert by_slug.returncode == 0 and by_slug.stdout == by_label.stdout
        done = run("why", "role:project-manager", "pmg:progressesTo", "role:senior-project-manager")
        assert done.returncode == 0, done.stderr

    def test_the_readme_lists_every_one(self) -> None:
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        for prefix in INSTANCE_PREFIXES:
            assert f"`{prefix}:`" in readme, prefix


class TestTheCommand:
    def test_bare_pmograph_prints_usage(self) -> None:
        done = run()
        assert done.returncode == 0
        assert done.stdout.startswith("Usage: pmograph [OPTIONS] COMMAND")
        assert done.stderr == "" and "Error" not in done.stdout

    def test_the_summary_follows_the_table_on_its_own_line(self, tmp_path: Path) -> None:
        out = tmp_path / "both.txt"
        with open(out, "w") as handle:
            done = subprocess.run(
                [PMOGRAPH, "query", "--format", "table", "--name", "roles-by-level"],
                stdout=handle,
                stderr=subprocess.STDOUT,
                timeout=120,
                check=False,
            )
        assert done.returncode == 0
        lines = out.read_text(encoding="utf-8").splitlines()
        assert lines[-1].endswith("oxigraph store)") and " rows in " in lines[-1]
        assert lines[-1].split()[0].isdigit()  # nothing of the table ran into it
        assert not any("rows in" in line for line in lines[:-1])

    def test_open_without_a_browser_says_so(self, tmp_path: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        env["BROWSER"] = "false"
        page = tmp_path / "p.html"
        done = run("viz", "--types", "role", "-o", str(page), "--open", env=env)
        assert done.returncode == 0, done.stderr
        assert "no web browser was found" in done.stderr and str(page) in done.stderr

    def test_a_bind_that_moves_the_query_to_rdflib_says_so(self) -> None:
        text = "SELECT ?next WHERE { ?r pmg:progressesTo/skos:prefLabel ?next }"
        done = run("query", "--format", "csv", text, "--bind", "r=role:project-manager")
        assert "memory store; pyoxigraph binds only variables the query returns" in done.stderr
        projected = run(
            "query", "--format", "csv", "SELECT ?r ?next WHERE { ?r pmg:progressesTo ?next }",
            "--bind", "r=role:project-manager",
        )  # fmt: skip
        assert "oxigraph store)" in projected.stderr and "binds only" not in projected.stderr

    def test_every_csv_ends_its_lines_the_same_way(self) -> None:
        for args in (
            ["query", "--format", "csv", "--name", "roles-by-level"],
            ["stats", "--format", "csv"],
            ["queries", "--format", "csv"],
            ["next", "Project Manager", "--format", "csv"],
        ):
            done = subprocess.run([PMOGRAPH, *args], capture_output=True, timeout=120, check=False)
            assert done.returncode == 0, done.stderr
            assert done.stdout.count(b"\r\n") == done.stdout.count(b"\n") > 1, done.stdout[:200]


class TestSuggestions:
    def test_pmo_suggests_pmo_roles_not_pm(self) -> None:
        done = run("next", "PMO")
        assert done.returncode == 2
        err = done.stderr
        assert "did you mean: PMO " in err
        assert "PM," not in err and "PM?" not in err and "(PM)" not in err
        assert "'PMO' is a unit (Project Management Office), not a role" in err

    def test_an_alternative_title_shows_whose_it_is(self) -> None:
        done = run("next", "PMO Officr")
        assert "Project Management Officer (PMO Officer)" in done.stderr

    def test_a_misspelt_predicate_in_why_is_named(self) -> None:
        done = run("why", "Project Manager", "pmg:progresesTo", "Programme Manager")
        assert done.returncode == 2
        assert done.stderr.startswith("Error: unknown predicate 'pmg:progresesTo'")
        assert "did you mean: " in done.stderr and "pmg:progressesTo" in done.stderr
        assert "no source states" not in done.stderr

    def test_a_real_predicate_without_a_source_still_says_so(self) -> None:
        done = run("why", "Project Manager", "pmg:progressesTo", "PMO Analyst")
        assert done.returncode == 1
        assert done.stderr.startswith("no source states this fact")
