"""Validating imported ESCO and O*NET data: the committed excerpts conform, broken variants do not.

The excerpts (tests/data/esco-1.1.1 with its French labels and relations,
tests/data/onet) are imported as a user would, then validated with the
packaged graph.  ESCO's skill groups are legitimate broader concepts of its
skills, French labels beside the English ones are legitimate, and requirement
nodes need no label; each broken variant adds a file that states one real
mistake about the imported resources, which must still be reported, with the
file and line.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import pmograph
from pmograph.cli import cli
from pmograph.validate import imported_only, validate

HERE = Path(__file__).resolve().parent
ESCO_11 = HERE / "data" / "esco-1.1.1"
ONET = HERE / "data" / "onet"
ONET_30 = HERE / "data" / "onet-30"
ONET_SKILLS = HERE / "data" / "onet-29-skills"
OCC = "219d1c30-3849-4de3-b0d6-07da187b6521"  # an occupation of the excerpt
SKILL = "3786b61f-f22e-48d1-af8d-ad4c354534db"  # one of its essential skills
REQ = f"https://w3id.org/pmograph/id/esco/requirement/{OCC}/"
HEAD = """@prefix pmg: <https://w3id.org/pmograph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix occ: <https://w3id.org/pmograph/id/esco/occupation/> .
@prefix skill: <https://w3id.org/pmograph/id/esco/skill/> .
@prefix isco: <https://w3id.org/pmograph/id/esco/isco/> .
"""


def _import(kind: str, folders: list[Path], out: Path) -> Path:
    result = CliRunner().invoke(cli, ["import", kind, *map(str, folders), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("imports")
    esco = [ESCO_11 / "en", ESCO_11 / "fr", ESCO_11 / "relations"]
    return [
        _import("esco", esco, folder / "esco.trig"),
        _import("onet", [ONET], folder / "onet.trig"),
    ]


def problems(files: list[Path], engine: str = "sparql") -> list[str]:
    return [
        str(p) for p in validate(pmograph.load(files, store="oxigraph"), engine=engine).problems
    ]


class TestExcerptsConform:
    def test_imported_esco_and_onet_excerpts_validate_clean(self, imported: list[Path]) -> None:
        assert problems(imported) == []

    def test_the_excerpt_has_what_used_to_be_reported(self, imported: list[Path]) -> None:
        """Skills under skill groups, French labels and unlabelled requirement nodes are there."""
        kg = pmograph.load(imported, store="oxigraph")
        ask = (
            "ASK { ?s a pmg:Skill ; skos:broader ?g . ?g a pmg:SkillGroup }",
            "ASK { ?r a pmg:Role ; skos:prefLabel ?en , ?fr "
            'FILTER(lang(?en) = "en" && lang(?fr) = "fr") }',
            "ASK { ?o pmg:hasRequirement ?q FILTER NOT EXISTS { ?q skos:prefLabel ?l } }",
        )
        assert [bool(kg.query(q)) for q in ask] == [True, True, True]

    def test_cli_exit_code(self, imported: list[Path]) -> None:
        args = ["validate"] + [a for p in imported for a in ("--data", str(p))]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output

    def test_onet_technology_under_its_commodity_conforms(self, tmp_path: Path) -> None:
        """O*NET technologies sit under their UNSPSC commodity, a skill group: no broader
        problem.  O*NET's Technology Skills and Skills files give no definitions, and the
        import invents none: lacking one is not a problem there, only counted."""
        onet = _import("onet", [ONET_30, ONET_SKILLS], tmp_path / "onet30.trig")
        report = validate(pmograph.load([onet], store="oxigraph"))
        assert [str(p) for p in report.problems] == []
        # every technology (Example) and every rated skill (Element ID) of the files
        expected = len(_column(ONET_30 / "Technology Skills.txt", "Example")) + len(
            _column(ONET_SKILLS / "Skills.txt", "Element ID")
        )
        assert expected == 86
        assert report.undefined_imported == {"O*NET database": expected}


def _column(path: Path, name: str) -> set[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row[name] for row in csv.DictReader(f, delimiter="\t")}


UNDEFINED_SKILL = (
    "@prefix pmg: <https://w3id.org/pmograph/ns#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "<https://w3id.org/pmograph/id/skill/data-storytelling> a pmg:Skill ;\n"
    '    skos:prefLabel "Data storytelling"@en .\n'
)
TECH = "https://w3id.org/pmograph/id/onet/technology/Act%21"
DEFINITION = "definition: Each resource has exactly one English skos:definition"


@pytest.fixture(scope="module")
def onet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("onet30")
    return _import("onet", [ONET_30, ONET_SKILLS], folder / "onet30.trig")


class TestDefinitionsOfImports:
    """The English definition is required of curated resources, not of what an import
    brings without one because its source file has none."""

    def test_cli_notes_them_on_stderr_and_conforms(self, onet: Path) -> None:
        result = CliRunner().invoke(cli, ["validate", "--data", str(onet)])
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        assert result.stderr.splitlines()[0] == (
            "note: 86 imported resources have no English definition because their source "
            "files give none (O*NET database: 86); not a problem"
        )

    @pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
    def test_a_users_skill_without_definition_still_fails(
        self, onet: Path, tmp_path: Path, engine: str
    ) -> None:
        mine = tmp_path / "mine.ttl"
        mine.write_text(UNDEFINED_SKILL, encoding="utf-8")
        report = validate(pmograph.load([onet, mine], store="oxigraph"), engine=engine)
        assert [str(p) for p in report.problems] == [
            f"{mine}:3: <https://w3id.org/pmograph/id/skill/data-storytelling>: {DEFINITION}"
            " and at most one per language, each a language-tagged string."
        ]
        assert report.undefined_imported == {"O*NET database": 86}

    def test_a_user_file_that_describes_an_imported_resource_takes_it_on(
        self, onet: Path, tmp_path: Path
    ) -> None:
        """Once a hand-written file describes it, the resource is curated data too."""
        mine = tmp_path / "mine.ttl"
        mine.write_text(
            f'<{TECH}> <http://www.w3.org/2004/02/skos/core#altLabel> "Act"@en .\n',
            encoding="utf-8",
        )
        report = validate(pmograph.load([onet, mine], store="oxigraph"))
        assert [p.resource for p in report.problems] == [TECH]
        assert DEFINITION in report.problems[0].message
        assert report.undefined_imported == {"O*NET database": 85}

    def test_an_import_graph_without_provenance_is_not_an_import(self, tmp_path: Path) -> None:
        """The key is the import's provenance, not the graph's name alone."""
        fake = tmp_path / "fake.trig"
        fake.write_text(
            UNDEFINED_SKILL.replace(
                "<https://w3id.org/pmograph/id/skill/",
                "<https://w3id.org/pmograph/id/graph/import/fake> {\n"
                "<https://w3id.org/pmograph/id/skill/",
            )
            + "}\n",
            encoding="utf-8",
        )
        report = validate(pmograph.load([fake], store="oxigraph"))
        found = [str(p) for p in report.problems]
        assert [p for p in found if DEFINITION in p] == [
            f"{fake}:4: <https://w3id.org/pmograph/id/skill/data-storytelling>: {DEFINITION}"
            " and at most one per language, each a language-tagged string."
        ], found
        assert report.undefined_imported == {}

    def test_only_imported_resources_are_exempt(self, onet: Path, tmp_path: Path) -> None:
        mine = tmp_path / "mine.ttl"
        mine.write_text(UNDEFINED_SKILL, encoding="utf-8")
        kg = pmograph.load([onet, mine], store="oxigraph")
        mine_iri = "https://w3id.org/pmograph/id/skill/data-storytelling"
        packaged = "https://w3id.org/pmograph/id/skill/communication"
        nowhere = "https://w3id.org/pmograph/id/skill/nothing-says-this"
        assert imported_only(kg.store.store, [TECH, mine_iri, packaged, nowhere]) == {
            TECH: "O*NET database"
        }

    def test_an_esco_concept_with_an_empty_description(self, tmp_path: Path) -> None:
        """ESCO gives most concepts a description; one whose row has none is imported
        without a definition, which is then not a problem (the French folder has none for it
        either)."""
        esco = tmp_path / "esco"
        shutil.copytree(ESCO_11, esco)
        skills = esco / "en" / "skills_en.csv"
        with skills.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            header = list(reader.fieldnames or ())
            rows = list(reader)
        blank = rows[0]["conceptUri"]
        rows[0]["description"] = rows[0]["definition"] = ""
        with skills.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, header, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)
        out = _import("esco", [esco / "en", esco / "fr", esco / "relations"], tmp_path / "e.trig")
        kg = pmograph.load([out], store="oxigraph")
        node = "https://w3id.org/pmograph/id/esco/skill/" + blank.rsplit("/", 1)[1]
        assert not kg.query(f"ASK {{ <{node}> skos:definition ?d }}")
        for engine in ("sparql", "pyshacl"):
            report = validate(kg, engine=engine)
            assert [str(p) for p in report.problems] == []
            assert report.undefined_imported == {"ESCO": 1}


BROKEN = {
    "a skill under an ISCO group": (
        f"skill:{SKILL} skos:broader isco:C2 .",
        f"<https://w3id.org/pmograph/id/esco/skill/{SKILL}>: broader skill:",
    ),
    "a requirement nobody describes": (
        f"occ:{OCC} pmg:hasRequirement <{REQ}nothing> .",
        f"<https://w3id.org/pmograph/id/esco/occupation/{OCC}>: points at a resource that has "
        "no skos:prefLabel anywhere",
    ),
    "a requirement naming a skill nobody describes": (
        f"occ:{OCC} pmg:hasRequirement <{REQ}x> .\n"
        f"<{REQ}x> a pmg:Requirement ; pmg:requiredSkill skill:missing ;"
        " pmg:importance pmg:Essential .\n"
        f"occ:{OCC} pmg:requiresEssentialSkill skill:missing .",
        f"<{REQ}x>: points at a resource that has no skos:prefLabel anywhere; define it or fix"
        " the IRI (pmg:requiredSkill, esco/skill/missing)",
    ),
    "two French labels": (
        f'occ:{OCC} skos:prefLabel "autre intitulé"@fr .',
        f"<https://w3id.org/pmograph/id/esco/occupation/{OCC}>: preferred label:",
    ),
    "a second English definition": (
        f'skill:{SKILL} skos:definition "Another one."@en .',
        f"<https://w3id.org/pmograph/id/esco/skill/{SKILL}>: definition:",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_variants_are_still_caught(imported: list[Path], tmp_path: Path, case: str) -> None:
    text, expected = BROKEN[case]
    mistake = tmp_path / "mistake.ttl"
    mistake.write_text(HEAD + text + "\n", encoding="utf-8")
    found = problems([*imported, mistake])
    hits = [p for p in found if expected in p]
    assert hits, f"{case}: {found}"
    # each names a file and line: the mistake's, or the import's that describes the resource
    assert all(p.startswith((f"{mistake}:", f"{imported[0]}:")) for p in hits), hits
    assert all(p.split(": <", 1)[0].rsplit(":", 1)[-1].isdigit() for p in hits), hits


def test_both_engines_agree_on_the_imported_excerpts(imported: list[Path], tmp_path: Path) -> None:
    """pyshacl, the reference, reports what the SPARQL translation reports on imported data
    with every broken variant at once (skill groups, French labels, requirement nodes)."""
    mistakes = tmp_path / "mistakes.ttl"
    mistakes.write_text(HEAD + "\n".join(t for t, _ in BROKEN.values()) + "\n", encoding="utf-8")
    kg = pmograph.load([*imported, mistakes], store="oxigraph")
    sparql = [str(p) for p in validate(kg).problems]
    assert len(sparql) >= len(BROKEN)
    assert sparql == [str(p) for p in validate(kg, engine="pyshacl").problems]
