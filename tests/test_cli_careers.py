"""The career commands: pmograph path, next, gap and rank."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pmograph.cli import cli

# Roles with labels of their own, added to the packaged graph with --data.
TESTING = """\
@prefix pmg:   <https://w3id.org/pmograph/ns#> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .
@prefix role:  <https://w3id.org/pmograph/id/role/> .
@prefix skill: <https://w3id.org/pmograph/id/skill/> .
@prefix qual:  <https://w3id.org/pmograph/id/qualification/> .
@prefix cert:  <https://w3id.org/pmograph/id/certification/> .
@prefix req:   <https://w3id.org/pmograph/id/requirement/test/> .

role:test-junior a pmg:Role ; skos:prefLabel "Junior Tester"@en ; skos:altLabel "Tester"@en ;
    pmg:progressesTo role:test-lead ;
    pmg:requiresSkill skill:test-cases .
role:test-lead a pmg:Role ; skos:prefLabel "Test Lead"@en ;
    pmg:progressesTo role:test-head , role:test-coach ;
    pmg:requiresEssentialSkill skill:test-automation ;
    pmg:requiresOptionalSkill skill:exploratory-testing ;
    pmg:requiresSkill skill:test-cases ;
    pmg:requiresQualification cert:test-foundation ;
    pmg:hasRequirement req:lead-automation .
role:test-coach a pmg:Role ; skos:prefLabel "Test Coach"@en ;
    pmg:requiresEssentialSkill skill:test-automation , skill:coaching ;
    pmg:requiresSkill skill:test-cases .
role:test-head a pmg:Role ; skos:prefLabel "Head of Testing"@en ;
    pmg:progressesTo role:test-junior ;
    pmg:requiresEssentialSkill skill:test-strategy , skill:test-automation ;
    pmg:requiresEssentialQualification qual:test-degree ;
    pmg:hasRequirement req:head-automation .
req:lead-automation a pmg:Requirement ; pmg:requiredSkill skill:test-automation ;
    pmg:importance pmg:Essential ; pmg:requiredLevel 3 ; pmg:levelScale pmg:SFIALevelScale .
req:head-automation a pmg:Requirement ; pmg:requiredSkill skill:test-automation ;
    pmg:importance pmg:Essential ; pmg:requiredLevel 5 ; pmg:levelScale pmg:SFIALevelScale .
role:test-lead-senior a pmg:Role ; skos:prefLabel "Senior Test Lead"@en ;
    pmg:specialisationOf role:test-lead ;
    pmg:requiresEssentialSkill skill:test-strategy .
role:test-lone a pmg:Role ; skos:prefLabel "Lone Tester"@en ; skos:altLabel "Tester"@en .

skill:test-cases a pmg:Skill ; skos:prefLabel "Writing test cases"@en .
skill:test-automation a pmg:Skill ; skos:prefLabel "Test automation"@en .
skill:exploratory-testing a pmg:Skill ; skos:prefLabel "Exploratory testing"@en .
skill:test-strategy a pmg:Skill ; skos:prefLabel "Test strategy"@en .
skill:coaching a pmg:Skill ; skos:prefLabel "Coaching testers"@en .
qual:test-degree a pmg:Qualification ; skos:prefLabel "Degree in software testing"@en .
cert:test-foundation a pmg:Certification ; skos:prefLabel "Testing Foundation"@en .
"""
ID = "https://w3id.org/pmograph/id/"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "testing.ttl"
    path.write_text(TESTING, encoding="utf-8")
    return str(path)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


class TestPath:
    def test_table(self, data: str) -> None:
        result = run("path", "Junior Tester", "head of testing", "--data", data)
        assert result.exit_code == 0, result.output
        assert result.stdout == (
            "step  role             new  adds\n"
            f"----  {'-' * 15}  ---  {'-' * 116}\n"
            "0     Junior Tester    0\n"
            "1     Test Lead        3    Test automation (essential skill, level 3); Exploratory "
            "testing (optional skill); Testing Foundation (certification)\n"
            "2     Head of Testing  3    Test strategy (essential skill); Degree in software "
            "testing (essential qualification); Test automation: level 3 to 5\n"
        )
        assert result.stderr == "Junior Tester -> Test Lead -> Head of Testing; shortest 2 steps\n"

    def test_json(self, data: str) -> None:
        result = run("path", "Junior Tester", "Test Lead", "--format", "json", "--data", data)
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)
        assert [r["role"] for r in rows] == ["Junior Tester", "Test Lead"]
        assert rows[1]["iri"] == ID + "role/test-lead"
        assert rows[1]["adds"] == [
            {
                "label": "Test automation",
                "kind": "skill",
                "need": "essential",
                "iri": ID + "skill/test-automation",
                "level": 3,
                "scale": "SFIA",
            },
            {
                "label": "Exploratory testing",
                "kind": "skill",
                "need": "optional",
                "iri": ID + "skill/exploratory-testing",
            },
            {
                "label": "Testing Foundation",
                "kind": "certification",
                "need": "unspecified",
                "iri": ID + "certification/test-foundation",
            },
        ]

    def test_all_paths_in_a_cycle_as_csv(self, data: str) -> None:
        result = run(
            "path", "Test Lead", "Junior Tester", "--all", "--format", "csv", "--data", data
        )
        assert result.exit_code == 0, result.output
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert rows[0] == ["path", "step", "role", "new", "adds", "iri"]
        assert [r[:4] for r in rows[1:]] == [
            ["1", "0", "Test Lead", "0"],
            ["1", "1", "Head of Testing", "3"],
            ["1", "2", "Junior Tester", "1"],
        ]
        assert result.stderr == "1 paths; shortest 2 steps\n"

    def test_no_path_is_an_answer(self, data: str) -> None:
        result = run("path", "Lone Tester", "Test Lead", "--data", data)
        assert result.exit_code == 0
        assert result.stdout == "no known path from Lone Tester to Test Lead\n"

    def test_no_path_within_max_steps(self, data: str) -> None:
        result = run("path", "Test Lead", "Junior Tester", "--max-steps", "1", "--data", data)
        assert result.exit_code == 0
        assert result.stdout == "no known path from Test Lead to Junior Tester within 1 step\n"

    @pytest.mark.parametrize(
        ("fmt", "empty"), [("json", "[]\n"), ("csv", "step,role,new,adds,iri\n")]
    )
    def test_no_path_in_machine_formats(self, data: str, fmt: str, empty: str) -> None:
        result = run("path", "Lone Tester", "Test Lead", "--format", fmt, "--data", data)
        assert result.exit_code == 0
        assert result.stdout == empty
        assert result.stderr == "no known path from Lone Tester to Test Lead\n"

    def test_unknown_role(self, data: str) -> None:
        result = run("path", "Test Leed", "Head of Testing", "--data", data)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.startswith("Error: no role is called 'Test Leed'; did you mean: ")
        assert "Test Lead" in result.stderr and result.stderr.count("\n") == 1

    def test_ambiguous_role(self, data: str) -> None:
        result = run("path", "tester", "Head of Testing", "--data", data)
        assert result.exit_code == 2
        assert result.stderr == (
            "Error: 'tester' names several roles: Junior Tester <"
            + ID
            + "role/test-junior>; Lone Tester <"
            + ID
            + "role/test-lone>; give the IRI instead\n"
        )

    def test_max_steps_must_be_positive(self, data: str) -> None:
        result = run("path", "Test Lead", "Head of Testing", "--max-steps", "0")
        assert result.exit_code == 2
        assert "Invalid value for '--max-steps'" in result.stderr

    def test_oxigraph_store_gives_the_same_answer(self, data: str) -> None:
        args = ("path", "Junior Tester", "Head of Testing", "--all", "--format", "json")
        memory = run(*args, "--data", data)
        oxigraph = run(*args, "--data", data, "--store", "oxigraph")
        assert oxigraph.exit_code == 0
        assert oxigraph.stdout == memory.stdout


class TestNext:
    def test_ranked_by_cost_with_its_parts(self, data: str) -> None:
        result = run("next", "Test Lead", "--format", "csv", "--data", data)
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines() == [
            "rank,role,score,cost,skills,levels,certs,exp,opens,onward,adds,iri",
            "1,Test Coach,3.0,3,3,0,0,0,0.0,0,Coaching testers (essential skill),"
            + ID
            + "role/test-coach",
            "2,Head of Testing,9.42,11,3,4,4,0,1.58,2,Test strategy (essential skill); Degree in "
            "software testing (essential qualification); Test automation: level 3 to 5,"
            + ID
            + "role/test-head",
        ]

    def test_table_leaves_out_the_iris(self, data: str) -> None:
        result = run("next", "Test Lead", "--data", data)
        assert result.stdout.splitlines()[0].split() == [
            "rank", "role", "score", "cost", "skills", "levels", "certs", "exp", "opens",
            "onward", "adds",
        ]  # fmt: skip

    def test_no_next_step(self, data: str) -> None:
        result = run("next", "Lone Tester", "--data", data)
        assert result.exit_code == 0
        assert result.stdout == "no known next step from Lone Tester\n"

    def test_json_shows_levels(self, data: str) -> None:
        result = run("next", "Test Lead", "--format", "json", "--data", data)
        rows = json.loads(result.stdout)
        head = rows[1]["adds"][-1]
        assert (head["label"], head["level"], head["have"]) == ("Test automation", 5, 3)


class TestGap:
    def test_table(self, data: str) -> None:
        result = run("gap", "Junior Tester", "Head of Testing", "--data", data)
        assert result.exit_code == 0, result.output
        assert result.stdout == (
            "kind           need       requirement                 level  change\n"
            "-------------  ---------  --------------------------  -----  -------\n"
            "skill          essential  Test automation             5      missing\n"
            "skill          essential  Test strategy                      missing\n"
            "qualification  essential  Degree in software testing         missing\n"
        )
        assert result.stderr == (
            "3 requirements missing: what Head of Testing requires that Junior Tester lacks\n"
        )

    def test_level_steps(self, data: str) -> None:
        result = run("gap", "Test Lead", "Head of Testing", "--data", data)
        assert result.stdout.splitlines()[-1].split() == [
            "skill", "essential", "Test", "automation", "5", "3", "level", "3", "to", "5",
        ]  # fmt: skip
        assert result.stderr == (
            "2 requirements missing, 1 level step: what Head of Testing requires that "
            "Test Lead lacks\n"
        )

    def test_specialisation_inherits(self, data: str) -> None:
        result = run("gap", "Junior Tester", "Senior Test Lead", "--format", "csv", "--data", data)
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [(r["requirement"], r["from"]) for r in rows] == [
            ("Test automation", "Test Lead"),
            ("Test strategy", ""),
            ("Exploratory testing", "Test Lead"),
            ("Testing Foundation", "Test Lead"),
        ]

    def test_json_keeps_the_iris(self, data: str) -> None:
        result = run("gap", "Test Coach", "Test Lead", "--format", "json", "--data", data)
        assert json.loads(result.stdout) == [
            {
                "kind": "skill",
                "need": "optional",
                "requirement": "Exploratory testing",
                "level": None,
                "have": None,
                "change": "missing",
                "from": None,
                "iri": ID + "skill/exploratory-testing",
            },
            {
                "kind": "certification",
                "need": "unspecified",
                "requirement": "Testing Foundation",
                "level": None,
                "have": None,
                "change": "missing",
                "from": None,
                "iri": ID + "certification/test-foundation",
            },
        ]

    def test_nothing_lacking(self, data: str) -> None:
        result = run("gap", "Test Lead", "Junior Tester", "--data", data)
        assert result.exit_code == 0
        assert result.stdout == "Junior Tester requires nothing that Test Lead lacks\n"

    def test_packaged_pmo_director_qualities(self) -> None:
        # FAQ 4's qualities are the ideal PMO director's; the PMO manager does not require them.
        qualities = {
            "Analytical ability",
            "Emotional intelligence",
            "Flexibility",
            "Strong character",
        }
        for target, expected in (("PMO Director", qualities), ("PMO Manager", set())):
            result = run("gap", "PMO Analyst", target, "--format", "csv")
            assert result.exit_code == 0, result.output
            rows = list(csv.DictReader(io.StringIO(result.stdout)))
            essential = {r["requirement"] for r in rows if r["need"] == "essential"}
            assert essential & qualities == expected


class TestRank:
    def test_skills_by_degree(self, data: str) -> None:
        result = run("rank", "--types", "skill", "--top", "0", "--format", "json", "--data", data)
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)
        assert {r["type"] for r in rows} == {"skill"}
        scores = {r["label"]: r["score"] for r in rows}
        assert scores["Test automation"] == 3
        assert scores["Writing test cases"] == 3
        assert scores["Coaching testers"] == 1
        assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
        assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)

    def test_top_and_types(self, data: str) -> None:
        result = run(
            "rank", "--by", "pagerank", "--types", "role,certification", "--top", "4",
            "--format", "csv", "--data", data,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert len(rows) == 4
        assert {r["type"] for r in rows} <= {"role", "certification"}
        assert all(0 < float(r["score"]) < 1 for r in rows)

    def test_betweenness_finds_role_hubs(self) -> None:
        result = run("rank", "--by", "betweenness", "--types", "role", "--top", "1")
        assert result.exit_code == 0, result.output
        rank, label, kind, score = re.split(r"\s{2,}", result.stdout.splitlines()[2])
        # The PMO manager sits between the project, PMO and specialist ladders.
        assert (rank, label, kind) == ("1", "PMO Manager", "role")
        assert 0 < float(score) < 1

    def test_unknown_type(self) -> None:
        result = run("rank", "--types", "skil")
        assert result.exit_code == 2
        assert result.stderr.startswith("Error: unknown type 'skil'; use one of role, unit,")


class TestPackagedGraph:
    def test_project_manager_reaches_portfolio_manager(self) -> None:
        result = run("path", "Project Manager", "Portfolio Manager", "--format", "json")
        assert result.exit_code == 0, result.output
        roles = [r["role"] for r in json.loads(result.stdout)]
        assert roles[0] == "Project Manager" and roles[-1] == "Portfolio Manager"


@pytest.mark.parametrize("command", ["path", "next", "gap", "rank"])
def test_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "--format [table|csv|tsv|json]" in result.stdout
    assert "--data FILE" in result.stdout and "--store" in result.stdout


@pytest.mark.parametrize("command", ["path", "next", "gap", "rank"])
def test_commands_are_registered(command: str) -> None:
    import click

    found = cli.get_command(click.Context(cli), command)
    assert found is not None and found.name == command


def test_cli_startup_does_not_import_networkx(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pmograph.cli import cli; "
        "from pmograph.cli import careers; print('networkx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
