"""ESCO's relations: occupation-skill (as qualified requirements), skill-skill, broader.

The language-neutral relations package (v1.1.x: ``occupationSkillRelations.csv``;
v1.2: ``occupationSkillRelations_en.csv`` with label columns, which are
ignored: labels come from the classification files).  A relation naming a
concept that no classification file describes is reported with its file and
line and skipped.

Each occupation-skill relation becomes

.. code-block:: turtle

    occ pmg:hasRequirement req ; pmg:requiresEssentialSkill skill .   # or Optional
    req a pmg:Requirement ; pmg:requiredSkill skill ; pmg:importance pmg:Essential .

with ``req`` = ``https://w3id.org/pmograph/id/esco/requirement/<occupation uuid>/<skill uuid>``.
Skill-skill relations use ESCO's own ``esco:hasEssentialSkill`` /
``esco:hasOptionalSkill``; broader relations (occupation to ISCO group or to a
broader occupation; skill to skill group or broader skill) are ``skos:broader``.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from pmograph.importers.common import RDF_TYPE, SKOS_BROADER, pmg, rows
from pmograph.importers.esco_concepts import ESCO_MODEL, ID, Esco

REQUIREMENT_IRI = ID + "requirement/"
RELATION_TYPES = ("essential", "optional")
OCCUPATION_SKILL_COLUMNS = ("occupationUri", "relationType", "skillUri")
SKILL_SKILL_COLUMNS = ("originalSkillUri", "relationType", "relatedSkillUri")
BROADER_COLUMNS = ("conceptUri", "broaderUri")


def _missing(esco: Esco, uri: str, kind: str, what: str) -> str | None:
    found = esco.kinds.get(uri)
    if found is None:
        return f"{what} {uri} is not described in the classification files"
    if found != kind:
        return f"{what} {uri} is described as a {found}, not a {kind}"
    return None


def read_occupation_skills(esco: Esco, path: Path) -> tuple[int, int]:
    """Occupation-skill relations as qualified requirements; returns (essential, optional)."""

    def check(row: dict[str, str]) -> str | None:
        kind = row["relationType"]
        if kind not in RELATION_TYPES:
            return f"relationType {kind!r} is not 'essential' or 'optional'"
        return _missing(esco, row["occupationUri"], "occupation", "occupation") or _missing(
            esco, row["skillUri"], "skill", "skill"
        )

    imp = esco.imp
    requirement, has, required = pmg("Requirement"), pmg("hasRequirement"), pmg("requiredSkill")
    importance = pmg("importance")
    levels = {"essential": pmg("Essential"), "optional": pmg("Optional")}
    shortcut = {
        "essential": pmg("requiresEssentialSkill"),
        "optional": pmg("requiresOptionalSkill"),
    }
    counts = {"essential": 0, "optional": 0}
    occ_len = len("http://data.europa.eu/esco/occupation/")
    skill_len = len("http://data.europa.eu/esco/skill/")

    def key(row: dict[str, str]) -> tuple[str, str]:
        return row["occupationUri"], row["skillUri"]

    def name(k: object) -> str:
        pair = tuple(k) if isinstance(k, tuple) else (k, "")
        return f"relation {pair[0]} -> {pair[1]}"

    for _line, row in rows(
        imp, path, required=OCCUPATION_SKILL_COLUMNS, check=check, key=key, name=name
    ):
        kind = row["relationType"]
        occ_uri, skill_uri = row["occupationUri"], row["skillUri"]
        occ, skill = esco.node(occ_uri), esco.node(skill_uri)
        req = ox.NamedNode(f"{REQUIREMENT_IRI}{occ_uri[occ_len:]}/{skill_uri[skill_len:]}")
        imp.add(occ, has, req)
        imp.add(req, RDF_TYPE, requirement)
        imp.add(req, required, skill)
        imp.add(req, importance, levels[kind])
        imp.add(occ, shortcut[kind], skill)
        counts[kind] += 1
    return counts["essential"], counts["optional"]


def read_skill_skills(esco: Esco, path: Path) -> int:
    """Skill-skill relations (the original skill has the related one as essential or optional)."""

    def check(row: dict[str, str]) -> str | None:
        if row["relationType"] not in RELATION_TYPES:
            return f"relationType {row['relationType']!r} is not 'essential' or 'optional'"
        return _missing(esco, row["originalSkillUri"], "skill", "skill") or _missing(
            esco, row["relatedSkillUri"], "skill", "related skill"
        )

    props = {
        "essential": ox.NamedNode(ESCO_MODEL + "hasEssentialSkill"),
        "optional": ox.NamedNode(ESCO_MODEL + "hasOptionalSkill"),
    }

    def key(row: dict[str, str]) -> tuple[str, str]:
        return row["originalSkillUri"], row["relatedSkillUri"]

    count = 0
    for _line, row in rows(
        esco.imp,
        path,
        required=SKILL_SKILL_COLUMNS,
        check=check,
        key=key,
        name=lambda k: f"relation {k[0]} -> {k[1]}",  # type: ignore[index]
    ):
        esco.imp.add(
            esco.node(row["originalSkillUri"]),
            props[row["relationType"]],
            esco.node(row["relatedSkillUri"]),
        )
        count += 1
    return count


def read_broader(esco: Esco, path: Path) -> dict[str, int]:
    """Broader relations of either pillar; returns counts by (narrower kind, broader kind)."""

    def check(row: dict[str, str]) -> str | None:
        for column in BROADER_COLUMNS:
            if row[column] not in esco.kinds:
                return f"{row[column]} ({column}) is not described in the classification files"
        if row["conceptUri"] == row["broaderUri"]:
            return f"{row['conceptUri']} is broader than itself"
        return None

    counts: dict[str, int] = {}

    def key(row: dict[str, str]) -> tuple[str, str]:
        return row["conceptUri"], row["broaderUri"]

    for _line, row in rows(
        esco.imp,
        path,
        required=BROADER_COLUMNS,
        check=check,
        key=key,
        name=lambda k: f"relation {k[0]} -> {k[1]}",  # type: ignore[index]
    ):
        narrower, broader = row["conceptUri"], row["broaderUri"]
        esco.imp.add(esco.node(narrower), SKOS_BROADER, esco.node(broader))
        pair = f"{esco.kinds[narrower]}-{esco.kinds[broader]}"
        counts[pair] = counts.get(pair, 0) + 1
    return counts
