"""The packaged career model: provenance rules and the depth a career planner needs.

These tests pin the content of ``data/``: that a FAQ graph states no grade, level or career step
its quotes do not name, that quotes are verbatim, and that every packaged role is described well
enough for ``gap`` and ``next`` to answer (definition, seniority consistent with the SFIA levels
it requires, level, family, at least five sourced skill requirements and three activities).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from test_competency import FACTS_SOURCE, FAQ_GRAPH, FAQ_SOURCE, ID, PMG, data_graphs, load_dataset

ROLE = ID + "role/"
CHECKED = (PMG.hasSeniority, PMG.operatesAt, PMG.progressesTo)
GRADE = {
    1: "junior",
    2: "junior",
    3: "junior",
    4: "mid",
    5: "senior",
    6: "executive",
    7: "executive",
}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


def labels(dataset: Dataset, node: URIRef) -> list[str]:
    return [str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in dataset.objects(node, p)]


def names(label: str, text: str) -> bool:
    """Whether ``text`` names ``label``: each word of three letters or more appears in the text,
    compared on its first six letters ("Senior Project Manager" is named by "senior project
    management role")."""
    words = [w for w in re.split(r"[^a-z]+", label.lower()) if len(w) >= 3]
    return bool(words) and all(w[:6] in text for w in words)


def unsupported(dataset: Dataset) -> list[str]:
    """FAQ-graph triples of CHECKED properties whose quotes do not name both ends."""
    found = []
    for graph in data_graphs(dataset):
        if not FAQ_GRAPH.match(str(graph)):
            continue
        text = " ".join(str(q) for q in dataset.objects(graph, PMG.quote)).lower()
        for s, p, o in dataset.graph(graph).triples((None, None, None)):
            if p not in CHECKED:
                continue
            ends = [any(names(label, text) for label in labels(dataset, n)) for n in (s, o)]
            if not all(ends):
                found.append(f"{graph}: {s} {p} {o}")
    return found


def test_faq_graphs_state_no_step_grade_or_level_their_quotes_do_not_name(dataset: Dataset) -> None:
    assert unsupported(dataset) == []


@pytest.mark.parametrize(
    "triple",
    [
        # The review's examples: FAQ 2 names no analyst; FAQ 7 grades nobody.
        ("q02", "role/pmo-analyst", PMG.progressesTo, "role/project-manager"),
        ("q07", "role/project-manager", PMG.hasSeniority, "seniority/mid"),
        ("q04", "role/pmo-director", PMG.operatesAt, "level/enterprise"),
    ],
)
def test_the_provenance_check_catches_an_unsupported_triple(triple: tuple) -> None:
    graph, s, p, o = triple
    bad = load_dataset()
    bad.graph(URIRef(f"{ID}graph/faq/{graph}")).add((URIRef(ID + s), p, URIRef(ID + o)))
    assert any(f"{ID}{s}" in row for row in unsupported(bad))


@pytest.mark.skipif(not FACTS_SOURCE.exists(), reason="the public facts are not available here")
def test_public_and_editorial_quotes_are_verbatim(dataset: Dataset) -> None:
    facts = FACTS_SOURCE.read_text(encoding="utf-8")
    faq = FAQ_SOURCE.read_text(encoding="utf-8") if FAQ_SOURCE.exists() else ""
    for graph in data_graphs(dataset):
        if FAQ_GRAPH.match(str(graph)):
            continue
        for quote in dataset.objects(graph, PMG.quote):
            assert str(quote) in facts or str(quote) in faq, f"{graph}: quote not found: {quote}"


def packaged_roles(dataset: Dataset) -> list[URIRef]:
    return sorted(r for r in set(dataset.subjects(RDF.type, PMG.Role)) if str(r).startswith(ROLE))


def test_at_least_sixty_roles_in_seven_families(dataset: Dataset) -> None:
    roles = packaged_roles(dataset)
    assert len(roles) >= 60
    families = {f for r in roles for f in dataset.objects(r, PMG.inFamily)}
    assert {str(f).rsplit("/", 1)[1] for f in families} == {
        "project",
        "programme",
        "portfolio",
        "pmo",
        "agile",
        "governance",
        "neighbour",
    }


def test_every_role_is_described(dataset: Dataset) -> None:
    problems = []
    for role in packaged_roles(dataset):
        for prop in (SKOS.definition, PMG.hasSeniority, PMG.operatesAt, PMG.inFamily):
            if (role, prop, None) not in dataset:
                problems.append(f"{role}: no {prop}")
        if (role, DCTERMS.source, None) not in dataset:
            problems.append(f"{role}: no source")
    assert problems == []


def test_every_role_requires_five_skills_and_performs_three_activities(dataset: Dataset) -> None:
    problems = []
    for role in packaged_roles(dataset):
        skills = {
            dataset.value(req, PMG.requiredSkill)
            for req in dataset.objects(role, PMG.hasRequirement)
            if (req, PMG.requiredSkill, None) in dataset
        }
        activities = set(dataset.objects(role, PMG.performs))
        if len(skills) < 5 or len(activities) < 3:
            problems.append(f"{role}: {len(skills)} skills, {len(activities)} activities")
    assert problems == []


def test_requirements_are_qualified_sourced_and_within_sfia_ranges(dataset: Dataset) -> None:
    problems = []
    for role, req in dataset.subject_objects(PMG.hasRequirement):
        target = dataset.value(req, PMG.requiredSkill) or dataset.value(
            req, PMG.requiredQualification
        )
        importance = dataset.value(req, PMG.importance)
        if target is None or importance not in (PMG.Essential, PMG.Optional):
            problems.append(f"{req}: no target or importance")
            continue
        shortcut = {
            (True, PMG.Essential): PMG.requiresEssentialSkill,
            (True, PMG.Optional): PMG.requiresOptionalSkill,
            (False, PMG.Essential): PMG.requiresEssentialQualification,
            (False, PMG.Optional): PMG.requiresOptionalQualification,
        }[((req, PMG.requiredSkill, None) in dataset, importance)]
        if (role, shortcut, target) not in dataset:
            problems.append(f"{req}: the shortcut {shortcut} is not stated")
        if (req, DCTERMS.source, None) not in dataset:
            problems.append(f"{req}: no source")
        level = dataset.value(req, PMG.requiredLevel)
        if level is not None:
            low = dataset.value(
                dataset.value(target, PMG.lowestResponsibilityLevel), PMG.responsibilityRank
            )
            high = dataset.value(
                dataset.value(target, PMG.highestResponsibilityLevel), PMG.responsibilityRank
            )
            if low is None or not int(low) <= int(level) <= int(high):
                problems.append(f"{req}: level {level} outside the skill's SFIA range {low}-{high}")
            if dataset.value(req, PMG.levelScale) != PMG.SFIALevelScale:
                problems.append(f"{req}: a level without its scale")
    assert problems == []


def test_seniority_follows_the_sfia_levels_a_role_requires(dataset: Dataset) -> None:
    highest: dict[URIRef, int] = defaultdict(int)
    for role, req in dataset.subject_objects(PMG.hasRequirement):
        level = dataset.value(req, PMG.requiredLevel)
        if level is not None and dataset.value(req, PMG.importance) == PMG.Essential:
            highest[role] = max(highest[role], int(level))
    wrong = [
        f"{role}: {dataset.value(role, PMG.hasSeniority)} but SFIA level {level}"
        for role, level in highest.items()
        if str(dataset.value(role, PMG.hasSeniority)).rsplit("/", 1)[1] != GRADE[level]
    ]
    assert wrong == []


def test_the_reviewed_facts_hold(dataset: Dataset) -> None:
    def r(slug: str) -> URIRef:
        return URIRef(ROLE + slug)

    seniority = URIRef(ID + "seniority/")
    # Stage manager is ESCO's performing-arts occupation, not a kind of project manager.
    assert (r("stage-manager"), PMG.specialisationOf, r("project-manager")) not in dataset
    # Programme management is defined only at SFIA levels 6-7: the programme manager is executive.
    assert dataset.value(r("programme-manager"), PMG.hasSeniority) == URIRef(
        seniority + "executive"
    )
    # FAQ 16 calls the manager of project managers a senior position.
    assert dataset.value(r("manager-of-project-managers"), PMG.hasSeniority) == URIRef(
        seniority + "senior"
    )
    # FAQ 14: the analyst needs project experience first, so it is not an entry step into PM.
    assert (r("pmo-analyst"), PMG.progressesTo, r("project-manager")) not in dataset

    # A PMO analyst works at no higher a level than a portfolio manager.
    def top(role: URIRef) -> int:
        return max(
            int(dataset.value(lv, PMG.levelRank)) for lv in dataset.objects(role, PMG.operatesAt)
        )

    assert top(r("pmo-analyst")) <= top(r("portfolio-manager"))
    # ESCO's project and programme managers are broader than pmograph's roles.
    assert not list(dataset.subject_objects(SKOS.exactMatch)) or all(
        "esco" not in str(o) for _, o in dataset.subject_objects(SKOS.exactMatch)
    )
    # Former Talent Triangle names are history, not synonyms.
    assert Literal("Leadership", lang="en") not in set(
        dataset.objects(URIRef(ID + "skill/power-skills"), SKOS.altLabel)
    )
    assert (URIRef(ID + "skill/soft-skills"), None, None) not in dataset
    # P3O states no ladder: no progression in its graph.
    assert not list(
        dataset.graph(URIRef(ID + "graph/public/p3o")).triples((None, PMG.progressesTo, None))
    )


def test_certification_eligibility_answers_the_pfmp_question(dataset: Dataset) -> None:
    rows = dataset.query(
        """SELECT ?label WHERE {
             ?c a pmg:Certification ; pmg:requiresExperienceMonths ?m ; skos:altLabel ?label .
             FILTER (?m <= ?have) }""",
        initNs={"pmg": PMG, "skos": SKOS},
        initBindings={"have": Literal(36)},
    )
    can = {str(row[0]) for row in rows}
    assert {"PMP", "CAPM", "PMI-PMOCP"} <= can and "PfMP" not in can
    kinds = dict(dataset.subject_objects(PMG.certificationKind))
    assert kinds[URIRef(ID + "certification/prince2")] == PMG.Method
    assert kinds[URIRef(ID + "certification/pmp")] == PMG.Credential
