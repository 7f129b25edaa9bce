"""The career-model checks and shapes: each catches its mistake, on both stores, and passes good data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pmograph.kg import load

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "ontology" / "checks"
ID = "https://w3id.org/pmograph/id/"

PREFIXES = """\
@prefix pmg:   <https://w3id.org/pmograph/ns#> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:  <http://www.w3.org/ns/prov#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
@prefix role:  <https://w3id.org/pmograph/id/role/> .
@prefix skill: <https://w3id.org/pmograph/id/skill/> .
@prefix req:   <https://w3id.org/pmograph/id/requirement/> .
@prefix seniority: <https://w3id.org/pmograph/id/seniority/> .
@prefix level: <https://w3id.org/pmograph/id/level/> .
@prefix rl:    <https://w3id.org/pmograph/id/responsibility-level/> .
@prefix g:     <https://w3id.org/pmograph/id/graph/> .
"""

DATA = (
    PREFIXES
    + """
g:checktest prov:wasDerivedFrom <https://w3id.org/pmograph/id/source/checktest> ;
    pmg:quote "A Check Good role is a senior one."@en .
g:faq\\/q99 prov:wasDerivedFrom <https://w3id.org/pmograph/id/source/checktest> ;
    pmg:quote "Check Good people often become Check Boss."@en .

g:checktest {
    role:check-good a pmg:Role ; skos:prefLabel "Check Good"@en ;
        skos:definition "A role that passes every check."@en ;
        pmg:hasSeniority seniority:senior ; pmg:operatesAt level:programme ;
        pmg:requiresEssentialSkill skill:check-skill ;
        pmg:hasRequirement req:check-good\\/check-skill .
    req:check-good\\/check-skill a pmg:Requirement ; pmg:requiredSkill skill:check-skill ;
        pmg:importance pmg:Essential ; pmg:requiredLevel 6 ; pmg:levelScale pmg:SFIALevelScale .
    role:check-boss a pmg:Role ; skos:prefLabel "Check Boss"@en ;
        skos:definition "A role that passes every check too."@en ;
        pmg:hasSeniority seniority:executive ; pmg:operatesAt level:portfolio ;
        pmg:requiresOptionalSkill skill:check-skill .

    # graded mid, but requires a skill at SFIA level 6: too junior
    role:check-junior a pmg:Role ; skos:prefLabel "Check Junior"@en ;
        skos:definition "A role graded below what it requires."@en ;
        pmg:hasSeniority seniority:mid ; pmg:operatesAt level:project ;
        pmg:requiresEssentialSkill skill:check-skill ;
        pmg:hasRequirement req:check-junior\\/check-skill .
    req:check-junior\\/check-skill a pmg:Requirement ; pmg:requiredSkill skill:check-skill ;
        pmg:importance pmg:Essential ; pmg:requiredLevel 6 ; pmg:levelScale pmg:SFIALevelScale .

    # no level, no requirement
    role:check-bare a pmg:Role ; skos:prefLabel "Check Bare"@en ;
        skos:definition "A role that states almost nothing."@en ;
        pmg:hasSeniority seniority:mid .

    # a requirement with two skills, no importance, an SFIA level of 9 and no shortcut
    role:check-broken a pmg:Role ; skos:prefLabel "Check Broken"@en ;
        skos:definition "A role with a malformed requirement."@en ;
        pmg:hasSeniority seniority:mid ; pmg:operatesAt level:project ;
        pmg:hasRequirement req:check-broken\\/x .
    req:check-broken\\/x a pmg:Requirement ;
        pmg:requiredSkill skill:check-skill , skill:check-other ;
        pmg:requiredLevel 9 ; pmg:levelScale pmg:SFIALevelScale .
    req:check-lost a pmg:Requirement ; pmg:requiredSkill skill:check-skill ;
        pmg:importance pmg:Optional ; pmg:requiredLevel 3 .

    skill:check-skill a pmg:Skill ; skos:prefLabel "Check skill"@en ;
        skos:definition "A skill for the checks."@en ;
        pmg:lowestResponsibilityLevel rl:sfia-6 ; pmg:highestResponsibilityLevel rl:sfia-3 .
    skill:check-other a pmg:Skill ; skos:prefLabel "Check other skill"@en ;
        skos:definition "Another skill for the checks."@en .
}

g:faq\\/q99 {
    role:check-good pmg:progressesTo role:check-boss .
    role:check-good pmg:progressesTo role:check-junior .
}
"""
)


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def kg(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("checks") / "checks.trig"
    path.write_text(DATA, encoding="utf-8")
    return load([path], store=request.param)


def rows(kg: Any, check: str) -> list[tuple[str, ...]]:
    text = (CHECKS / f"{check}-violation.rq").read_text(encoding="utf-8")
    return [tuple(str(v) for v in row) for row in kg.query(text)]


def about(found: list[tuple[str, ...]], name: str) -> list[tuple[str, ...]]:
    return [r for r in found if name in r[0]]


def test_role_incomplete(kg: Any) -> None:
    found = rows(kg, "role-incomplete")
    assert [r[1].split(" (")[0] for r in about(found, "role/check-bare")] == [
        "a level",
        "a requirement",
    ]
    assert about(found, "role/check-good") == []
    assert about(found, "role/check-junior") == []


def test_seniority_must_fit_the_sfia_levels(kg: Any) -> None:
    found = rows(kg, "seniority-sfia-mismatch")
    assert [(r[0], r[2]) for r in found if "check-" in r[0]] == [(ID + "role/check-junior", "6")]


def test_lowest_level_not_above_highest(kg: Any) -> None:
    found = rows(kg, "responsibility-range")
    assert [r[:3] for r in found] == [(ID + "skill/check-skill", "6", "3")]


def test_faq_triple_needs_a_quote_naming_both_ends(kg: Any) -> None:
    found = [r for r in rows(kg, "faq-unsupported-triple") if r[3].endswith("/q99")]
    # the quote names Check Good and Check Boss, never Check Junior
    assert [(r[0], r[2]) for r in found] == [(ID + "role/check-good", ID + "role/check-junior")]


def test_requirement_well_formed(kg: Any) -> None:
    found = rows(kg, "requirement-malformed")
    broken = sorted(r[1] for r in about(found, "requirement/check-broken/x"))
    assert broken == [
        "an SFIA level that is not an integer 1-7",
        "not exactly one importance",
        "not exactly one skill or qualification",
    ]
    assert [r[1] for r in about(found, "requirement/check-lost")] == ["a level without a scale"]
    assert about(found, "requirement/check-good") == []
    assert about(found, "requirement/check-junior") == []


def test_shortcut_beside_each_requirement(kg: Any, tmp_path: Path) -> None:
    extra = tmp_path / "noshortcut.ttl"
    extra.write_text(
        PREFIXES
        + """
role:check-quiet a pmg:Role ; skos:prefLabel "Check Quiet"@en ;
    pmg:hasRequirement req:check-quiet\\/s .
req:check-quiet\\/s a pmg:Requirement ; pmg:requiredSkill skill:check-skill ;
    pmg:importance pmg:Essential .
""",
        encoding="utf-8",
    )
    found = rows(load([extra], store=kg.store.kind), "requirement-malformed")
    assert about(found, "requirement/check-quiet") == [
        (ID + "requirement/check-quiet/s", "no shortcut triple beside it")
    ]


def test_shapes_report_a_malformed_requirement(tmp_path: Path) -> None:
    path = tmp_path / "shape.trig"
    path.write_text(DATA, encoding="utf-8")
    report = load([path]).validate()
    mine = [p for p in report.problems if "requirement/check-broken" in p.resource]
    texts = " | ".join(p.message for p in mine)
    assert "RequirementShape" in texts or "importance" in texts, texts
    assert any("level" in p.message for p in mine), texts
    assert not [p for p in report.problems if "requirement/check-good" in p.resource]
