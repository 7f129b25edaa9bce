"""The career planners' named queries (25-29) on small data of their own, on both stores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pmograph.kg import load
from pmograph.sparql.named import named_query
from pmograph.terms import IRI

ID = "https://w3id.org/pmograph/id/"
DATA = """\
@prefix pmg:   <https://w3id.org/pmograph/ns#> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .
@prefix role:  <https://w3id.org/pmograph/id/role/> .
@prefix skill: <https://w3id.org/pmograph/id/skill/> .
@prefix cert:  <https://w3id.org/pmograph/id/certification/> .
@prefix req:   <https://w3id.org/pmograph/id/requirement/nq-lead/> .

role:nq-lead a pmg:Role ; skos:prefLabel "NQ Lead"@en ;
    pmg:requiresEssentialSkill skill:nq-plan ;
    pmg:requiresOptionalSkill skill:nq-talk ;
    pmg:hasRequirement req:nq-plan .
req:nq-plan a pmg:Requirement ; pmg:requiredSkill skill:nq-plan ;
    pmg:importance pmg:Essential ; pmg:requiredLevel 5 ; pmg:levelScale pmg:SFIALevelScale .
role:nq-senior a pmg:Role ; skos:prefLabel "NQ Senior Lead"@en ;
    pmg:specialisationOf role:nq-lead ;
    pmg:requiresEssentialQualification cert:nq-expert .
skill:nq-plan a pmg:Skill ; skos:prefLabel "NQ planning"@en .
skill:nq-talk a pmg:Skill ; skos:prefLabel "NQ talking"@en .
cert:nq-basic a pmg:Certification ; skos:prefLabel "NQ Basic"@en ;
    pmg:certificationKind pmg:Method .
cert:nq-expert a pmg:Certification ; skos:prefLabel "NQ Expert"@en ;
    pmg:certificationKind pmg:Credential ; pmg:requiresExperienceMonths 36 ;
    pmg:requiresEducationHours 35 ; pmg:renewalYears 3 .
cert:nq-master a pmg:Certification ; skos:prefLabel "NQ Master"@en ;
    pmg:certificationKind pmg:Credential ; pmg:requiresExperienceMonths 96 .
"""


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def kg(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path: Path = tmp_path_factory.mktemp("nq") / "nq.ttl"
    path.write_text(DATA, encoding="utf-8")
    return load([path], store=request.param)


def rows(kg: Any, name: str, **bind: Any) -> list[dict[str, Any]]:
    return [r.asdict() for r in kg.query(named_query(name).text, bind)]


def test_requirements_of_a_role_with_levels(kg: Any) -> None:
    found = rows(kg, "what-do-i-need-to-become-a-programme-manager", role=IRI(ID + "role/nq-lead"))
    assert [(r["requirement"], r["kind"], r["importance"], r["level"]) for r in found] == [
        ("NQ planning", "skill", "essential", 5),
        ("NQ talking", "skill", "optional", None),
    ]


def test_a_specialised_role_inherits(kg: Any) -> None:
    found = rows(
        kg, "what-do-i-need-to-become-a-programme-manager", role=IRI(ID + "role/nq-senior")
    )
    assert {(r["requirement"], r["inheritedFrom"]) for r in found} == {
        ("NQ Expert", None),
        ("NQ planning", "NQ Lead"),
        ("NQ talking", "NQ Lead"),
    }


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (None, {"NQ Basic", "NQ Expert"}),
        (12, {"NQ Basic"}),
        (120, {"NQ Basic", "NQ Expert", "NQ Master"}),
    ],
)
def test_certifications_open_with_experience(
    kg: Any, months: int | None, expected: set[str]
) -> None:
    bind = {} if months is None else {"months": months}
    found = rows(kg, "certifications-open-with-experience", **bind)
    assert {r["certification"] for r in found if r["certification"].startswith("NQ")} == expected


def test_certification_eligibility_columns(kg: Any) -> None:
    found = {r["certification"]: r for r in rows(kg, "certifications-open-with-experience")}
    expert = found["NQ Expert"]
    assert (expert["kind"], expert["experienceMonths"], expert["educationHours"]) == (
        "professional credential",
        36,
        35,
    )


def test_roles_at_a_level_take_a_binding(kg: Any) -> None:
    found = rows(kg, "roles-at-portfolio-level", level=IRI(ID + "level/programme"))
    assert "Programme Manager" in {r["roleLabel"] for r in found}
    assert "Portfolio Manager" not in {r["roleLabel"] for r in found}
