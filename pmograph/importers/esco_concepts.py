"""ESCO's concepts: ISCO groups, occupations, skills and knowledge, skill groups, the skills hierarchy.

Each reader takes one classification file (any language: the language comes
from the file name, ``occupations_fr.csv`` -> ``fr``) and adds its concepts to
an :class:`Esco` context.  The first file that describes a concept states its
structure (type, ``skos:exactMatch``, ISCO group, skill type); every file adds
its labels in its own language, so ``fr/`` puts French labels on the same
resources as ``en/``.

Vocabulary: occupations are ``pmg:Role``; skills and knowledge concepts are
``pmg:Skill`` with ESCO's own ``esco:skillType`` (``skill-type/skill`` or
``skill-type/knowledge``) and ``esco:skillReuseLevel``
(``skill-reuse-level/transversal`` ...); ISCO groups and skill groups are
``skos:Concept`` with their ``skos:notation`` code, skill groups also
``pmg:SkillGroup`` (a skill's ``skos:broader`` is a skill or a skill group).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from pmograph.importers.common import (
    RDF_TYPE,
    SKOS_ALT,
    SKOS_BROADER,
    SKOS_CONCEPT,
    SKOS_DEFINITION,
    SKOS_EXACT,
    SKOS_HIDDEN,
    SKOS_NOTATION,
    SKOS_PREF,
    SKOS_SCOPE_NOTE,
    Importer,
    lines,
    pmg,
    rows,
    text,
)
from pmograph.namespaces import PMGID_IRI

ESCO = "http://data.europa.eu/esco/"
ESCO_MODEL = ESCO + "model#"
ESCO_OCCUPATION = ESCO + "occupation/"
ESCO_SKILL = ESCO + "skill/"
ESCO_ISCO = ESCO + "isco/C"
ID = PMGID_IRI + "esco/"
"""pmograph's IRI of an ESCO concept: ``http://data.europa.eu/esco/X`` -> ``{ID}X``."""

SKILL_GROUP = pmg("SkillGroup")
SKILL_TYPE = ox.NamedNode(ESCO_MODEL + "skillType")
REUSE_LEVEL = ox.NamedNode(ESCO_MODEL + "skillReuseLevel")
SKILL_TYPES = {
    "skill/competence": ox.NamedNode(ESCO + "skill-type/skill"),
    "knowledge": ox.NamedNode(ESCO + "skill-type/knowledge"),
}
REUSE_LEVELS = ("transversal", "cross-sector", "sector-specific", "occupation-specific")

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ISCO_CODE = re.compile(r"^[0-9]{1,4}$")

OCCUPATION_COLUMNS = ("conceptUri", "iscoGroup", "preferredLabel", "altLabels", "description")
ISCO_COLUMNS = ("conceptUri", "code", "preferredLabel")
SKILL_COLUMNS = ("conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels")
GROUP_COLUMNS = ("conceptUri", "preferredLabel")
HIERARCHY_COLUMNS = ("Level 0 URI", "Level 0 preferred term")


@dataclass
class Esco:
    """What the ESCO readers share: the importer, and the concepts described so far."""

    imp: Importer
    kinds: dict[str, str] = field(default_factory=dict)
    """ESCO URI -> ``occupation``, ``skill``, ``group`` or ``isco``."""
    nodes: dict[str, ox.NamedNode] = field(default_factory=dict)
    """ESCO URI -> pmograph's node for it."""
    languages: set[str] = field(default_factory=set)
    latest: str | None = None
    isco_lines: dict[str, tuple[Path, int]] = field(default_factory=dict)

    def node(self, uri: str) -> ox.NamedNode:
        """pmograph's node for an ESCO URI (made once)."""
        found = self.nodes.get(uri)
        if found is None:
            found = self.nodes[uri] = ox.NamedNode(ID + uri[len(ESCO) :])
        return found

    def describe(self, uri: str, kind: str) -> tuple[ox.NamedNode, bool]:
        """The concept's node, and whether this is the first file to describe it."""
        new = uri not in self.kinds
        if new:
            self.kinds[uri] = kind
        return self.node(uri), new

    def labels(self, node: ox.NamedNode, row: dict[str, str], lang: str) -> int:
        """Preferred, alternative and hidden labels and definitions in ``lang``; returns the alt count."""
        imp = self.imp
        label = row["preferredLabel"]
        imp.add(node, SKOS_PREF, text(label, lang))
        alts = {a for a in lines(row.get("altLabels")) if a != label}
        for alt in sorted(alts):
            imp.add(node, SKOS_ALT, text(alt, lang))
        for hidden in sorted(set(lines(row.get("hiddenLabels"))) - alts - {label}):
            imp.add(node, SKOS_HIDDEN, text(hidden, lang))
        definition = row.get("definition", "") or row.get("description", "")
        if definition:
            imp.add(node, SKOS_DEFINITION, text(definition, lang))
        if row.get("scopeNote"):
            imp.add(node, SKOS_SCOPE_NOTE, text(row["scopeNote"], lang))
        modified = row.get("modifiedDate", "")[:10]
        if re.match(r"^\d{4}-\d{2}-\d{2}$", modified) and (
            self.latest is None or modified > self.latest
        ):
            self.latest = modified
        self.languages.add(lang)
        return len(alts)


def read_isco(esco: Esco, path: Path, lang: str) -> None:
    """ISCO-08 groups: a ``skos:Concept`` each (parents are linked by :func:`link_isco`)."""

    def check(row: dict[str, str]) -> str | None:
        code, uri = row["code"], row["conceptUri"]
        if not _ISCO_CODE.match(code):
            return f"ISCO code {code!r} is not 1 to 4 digits"
        if uri != ESCO_ISCO + code:
            return f"conceptUri {uri!r} does not match code {code!r}"
        if not row["preferredLabel"]:
            return f"ISCO group {code} has no preferredLabel"
        return None

    imp = esco.imp
    key = lambda row: row["code"]  # noqa: E731
    for line, row in rows(imp, path, required=ISCO_COLUMNS, check=check, key=key, name=_isco):
        node, new = esco.describe(row["conceptUri"], "isco")
        if new:
            imp.add(node, RDF_TYPE, SKOS_CONCEPT)
            imp.add(node, SKOS_NOTATION, ox.Literal(row["code"]))
            imp.add(node, SKOS_EXACT, ox.NamedNode(row["conceptUri"]))
            esco.isco_lines[row["code"]] = (path, line)
        esco.labels(node, row, lang)


def _isco(code: object) -> str:
    return f"ISCO group {code}"


def link_isco(esco: Esco) -> int:
    """Each ISCO group's parent (its code minus the last digit) as ``skos:broader``."""
    codes = esco.isco_lines
    for code, (path, line) in codes.items():
        if len(code) > 1:
            parent = code[:-1]
            if parent in codes:
                esco.imp.add(
                    esco.node(ESCO_ISCO + code), SKOS_BROADER, esco.node(ESCO_ISCO + parent)
                )
            else:
                esco.imp.warn(
                    path,
                    line,
                    f"parent group {parent} of ISCO group {code} is not in the file",
                    skipped=False,
                )
    return len(codes)


def read_occupations(esco: Esco, path: Path, lang: str) -> tuple[int, int]:
    """Occupations as ``pmg:Role``; returns (occupations described here, alternative labels)."""

    def check(row: dict[str, str]) -> str | None:
        kind = row.get("conceptType") or "Occupation"
        uri = row["conceptUri"]
        if kind != "Occupation":
            return f"conceptType is {kind!r}, not 'Occupation'"
        if not (uri.startswith(ESCO_OCCUPATION) and _UUID.match(uri[len(ESCO_OCCUPATION) :])):
            return f"conceptUri {uri!r} is not an ESCO occupation URI"
        if not row["preferredLabel"]:
            return f"occupation {uri} has no preferredLabel"
        return None

    imp = esco.imp
    role = pmg("Role")
    count = alts = 0
    key = lambda row: row["conceptUri"]  # noqa: E731
    name = lambda uri: f"occupation {uri}"  # noqa: E731
    for line, row in rows(imp, path, required=OCCUPATION_COLUMNS, check=check, key=key, name=name):
        uri = row["conceptUri"]
        node, new = esco.describe(uri, "occupation")
        count += 1
        if new:
            imp.add(node, RDF_TYPE, role)
            imp.add(node, SKOS_EXACT, ox.NamedNode(uri))
            if row.get("code"):
                imp.add(node, SKOS_NOTATION, ox.Literal(row["code"]))
            code = row["iscoGroup"]
            if code in esco.isco_lines:
                imp.add(node, SKOS_BROADER, esco.node(ESCO_ISCO + code))
            else:
                label = row["preferredLabel"]
                imp.warn(
                    path,
                    line,
                    f"ISCO group {code!r} of {label!r} is not in the ISCO groups file",
                    skipped=False,
                )
        alts += esco.labels(node, row, lang)
    return count, alts


def read_skills(esco: Esco, path: Path, lang: str) -> tuple[int, int]:
    """Skills and knowledge concepts as ``pmg:Skill``; returns (skills, knowledge) described here."""

    def check(row: dict[str, str]) -> str | None:
        uri = row["conceptUri"]
        if not (uri.startswith(ESCO_SKILL) and _UUID.match(uri[len(ESCO_SKILL) :])):
            return f"conceptUri {uri!r} is not an ESCO skill URI"
        if not row["preferredLabel"]:
            return f"skill {uri} has no preferredLabel"
        return None

    imp = esco.imp
    skill_class = pmg("Skill")
    counts = {"skill/competence": 0, "knowledge": 0}
    key = lambda row: row["conceptUri"]  # noqa: E731
    name = lambda uri: f"skill {uri}"  # noqa: E731
    for line, row in rows(imp, path, required=SKILL_COLUMNS, check=check, key=key, name=name):
        uri = row["conceptUri"]
        node, new = esco.describe(uri, "skill")
        kind = row["skillType"]
        if kind in counts:
            counts[kind] += 1
        if new:
            imp.add(node, RDF_TYPE, skill_class)
            imp.add(node, SKOS_EXACT, ox.NamedNode(uri))
            if kind in SKILL_TYPES:
                imp.add(node, SKILL_TYPE, SKILL_TYPES[kind])
            elif kind:
                imp.warn(
                    path,
                    line,
                    f"skillType {kind!r} is not 'skill/competence' or 'knowledge'",
                    skipped=False,
                )
            reuse = row["reuseLevel"]
            if reuse in REUSE_LEVELS:
                imp.add(node, REUSE_LEVEL, ox.NamedNode(f"{ESCO}skill-reuse-level/{reuse}"))
            elif reuse:
                imp.warn(
                    path,
                    line,
                    f"reuseLevel {reuse!r} is not one of {', '.join(REUSE_LEVELS)}",
                    skipped=False,
                )
        esco.labels(node, row, lang)
    return counts["skill/competence"], counts["knowledge"]


def read_skill_groups(esco: Esco, path: Path, lang: str) -> int:
    """Skill groups (``skos:Concept``, ``pmg:SkillGroup``) with their code; how many this file describes."""

    def check(row: dict[str, str]) -> str | None:
        if not row["conceptUri"].startswith(ESCO):
            return f"conceptUri {row['conceptUri']!r} is not an ESCO URI"
        if not row["preferredLabel"]:
            return f"skill group {row['conceptUri']} has no preferredLabel"
        return None

    imp = esco.imp
    count = 0
    key = lambda row: row["conceptUri"]  # noqa: E731
    name = lambda uri: f"skill group {uri}"  # noqa: E731
    for _line, row in rows(imp, path, required=GROUP_COLUMNS, check=check, key=key, name=name):
        node, new = esco.describe(row["conceptUri"], "group")
        count += 1
        if new:
            _group(esco, node, row["conceptUri"], row.get("code", ""))
        esco.labels(node, row, lang)
    return count


def _group(esco: Esco, node: ox.NamedNode, uri: str, code: str) -> None:
    esco.imp.add(node, RDF_TYPE, SKOS_CONCEPT)
    esco.imp.add(node, RDF_TYPE, SKILL_GROUP)  # a skill's broader is a skill or a group
    esco.imp.add(node, SKOS_EXACT, ox.NamedNode(uri))
    if code:
        esco.imp.add(node, SKOS_NOTATION, ox.Literal(code))


def read_hierarchy(esco: Esco, path: Path, lang: str) -> int:
    """The skills hierarchy (ragged rows: Level 0 to Level 3); returns the broader links stated."""
    imp = esco.imp
    links = 0
    for line, row in rows(imp, path, required=HIERARCHY_COLUMNS):
        chain = [
            (row.get(f"Level {k} URI", ""), row.get(f"Level {k} preferred term", ""), k)
            for k in range(4)
        ]
        chain = [c for c in chain if c[0]]
        if not chain:
            imp.warn(path, line, "no Level URI")
            continue
        bad = [uri for uri, _, _ in chain if not uri.startswith(ESCO)]
        if bad:
            imp.warn(path, line, f"{bad[0]!r} is not an ESCO URI")
            continue
        uri, label, level = chain[-1]
        node, new = esco.describe(uri, "group")
        if new:
            _group(esco, node, uri, row.get(f"Level {level} code", ""))
        if esco.kinds[uri] == "group" and label:
            esco.labels(
                node,
                {
                    "preferredLabel": label,
                    "description": row.get("Description", ""),
                    "scopeNote": row.get("Scope note", ""),
                },
                lang,
            )
        if len(chain) > 1:
            imp.add(node, SKOS_BROADER, esco.node(chain[-2][0]))
            links += 1
    return links
