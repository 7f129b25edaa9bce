"""Skill profiles of every role (packaged, ESCO, O*NET): what career comparisons read.

A :class:`Profiles` holds, for each role with requirements or moves, its
skills (essential or optional, with O*NET's Level and Importance where
given), every label it is known by in every language, its moves (O*NET
related occupations with their rank, ESCO broader and narrower occupations,
packaged ``pmg:progressesTo``) and its alignments (``skos:exactMatch`` /
``skos:closeMatch`` to another role's ``skos:exactMatch``).  It is read from
the graph with a handful of SPARQL queries, through the graph object's
``query``, and kept in plain lists and dicts so that it pickles small and
loads fast: :func:`profiles` caches it beside the store cache, keyed on the
same content digest, so a warm command never touches the million quads.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pmograph.namespaces import PMGID_IRI

ESCO_ROLE = PMGID_IRI + "esco/occupation/"
ONET_ROLE = PMGID_IRI + "onet/occupation/"
FORMAT = 4
"""Bumped whenever :class:`Profiles` changes shape (old cache files are then ignored)."""


class GraphLike(Protocol):
    """What profiles need of the core graph object."""

    def query(self, sparql: str, *args: Any, **kwargs: Any) -> Any: ...


@dataclass
class Need:
    """One skill a role requires."""

    essential: bool
    level: float | None = None
    """O*NET Level (0-7) or SFIA level, where given."""
    rating: float | None = None
    """O*NET Importance (1-5), where given."""


@dataclass
class Profiles:
    """Roles, their skills, names, moves and alignments (see the module docstring)."""

    labels: dict[str, str] = field(default_factory=dict)
    """Resource IRI -> English (else any) preferred label, for roles, skills and groups."""
    names: dict[str, list[str]] = field(default_factory=dict)
    """Lower-cased label, altLabel or notation (any language) -> roles it names."""
    preferred: dict[str, list[str]] = field(default_factory=dict)
    """Lower-cased preferred label -> roles (a preferred label beats an alternative one)."""
    needs: dict[str, dict[str, Need]] = field(default_factory=dict)
    """Role -> skill -> need."""
    knowledge: set[str] = field(default_factory=set)
    """ESCO knowledge concepts (every other skill is a skill/competence)."""
    group: dict[str, str] = field(default_factory=dict)
    """Skill -> its nearest skill group (ESCO) or commodity (O*NET technology)."""
    moves: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    """Role -> (other role, how: related/broader/narrower/same ISCO group/progresses, rank or 0)."""
    aligned: dict[str, list[str]] = field(default_factory=dict)
    """Packaged role -> imported occupations its alignments name."""
    roles: set[str] = field(default_factory=set)
    notations: dict[str, str] = field(default_factory=dict)
    """Role -> its code (O*NET-SOC, ESCO), for display."""
    format: int = FORMAT

    def taxonomy(self, role: str) -> str:
        """``"esco"``, ``"onet"`` or ``"pmograph"``."""
        if role.startswith(ESCO_ROLE):
            return "esco"
        if role.startswith(ONET_ROLE):
            return "onet"
        return "pmograph"

    def label(self, iri: str) -> str:
        """A resource's label, or its IRI's last segment."""
        return self.labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]

    def rated(self, role: str) -> bool:
        """Whether the role has O*NET skill levels (O*NET's 35 skills)."""
        return any(n.level is not None for n in self.needs.get(role, {}).values())


_Q_ROLES = """SELECT ?role ?p ?l (LANG(?l) AS ?lang) WHERE {
  ?role a pmg:Role . VALUES ?p { skos:prefLabel skos:altLabel skos:notation } ?role ?p ?l }"""
_Q_NEEDS = """SELECT ?role ?skill ?imp ?lv ?im WHERE {
  ?role pmg:hasRequirement ?r . ?r pmg:requiredSkill ?skill .
  OPTIONAL { ?r pmg:importance ?imp } OPTIONAL { ?r pmg:requiredLevel ?lv } OPTIONAL { ?r pmg:importanceRating ?im } }"""
_Q_SHORT = """SELECT ?role ?p ?skill WHERE {
  VALUES ?p { pmg:requiresEssentialSkill pmg:requiresOptionalSkill pmg:requiresSkill } ?role ?p ?skill }"""
_Q_SKILLS = """SELECT ?s ?l ?t WHERE { ?s a pmg:Skill .
  OPTIONAL { ?s skos:prefLabel ?l FILTER(LANG(?l) IN ("en", "")) }
  OPTIONAL { ?s <http://data.europa.eu/esco/model#skillType> ?t } }"""
_Q_BROADER = """SELECT ?a ?b ?l ?bskill WHERE { ?a skos:broader ?b .
  { ?a a pmg:Skill } UNION { ?a a skos:Concept }
  OPTIONAL { ?b skos:prefLabel ?l FILTER(LANG(?l) IN ("en", "")) } BIND(EXISTS { ?b a pmg:Skill } AS ?bskill) }"""
_Q_MOVES = """SELECT ?a ?how ?b ?rank WHERE {
  { ?x a pmg:RoleRelation ; pmg:relatedFrom ?a ; pmg:relatedTo ?b ; pmg:relatednessRank ?rank . BIND("related" AS ?how) }
  UNION { ?a skos:broader ?b . ?a a pmg:Role . ?b a pmg:Role . BIND("broader" AS ?how) }
  UNION { ?a pmg:progressesTo ?b . BIND("progresses" AS ?how) }
  UNION { ?a skos:broader ?g . ?b skos:broader ?g . ?a a pmg:Role . ?b a pmg:Role . ?g a skos:Concept .
          FILTER(?a != ?b && STRSTARTS(STR(?g), "https://w3id.org/pmograph/id/esco/isco/")) BIND("same ISCO group" AS ?how) } }"""
_Q_ALIGN = """SELECT ?role ?other WHERE {
  VALUES ?p { skos:exactMatch skos:closeMatch } ?role a pmg:Role ; ?p ?ext .
  ?other skos:exactMatch ?ext ; a pmg:Role . FILTER(?other != ?role) }"""


def build(kg: GraphLike) -> Profiles:
    """Read the profiles from a graph (a few SPARQL queries)."""
    p = Profiles()
    english: dict[str, str] = {}

    def run(sparql: str) -> Any:
        return kg.query(sparql, timeout=None)

    for role, prop, lit, lang in run(_Q_ROLES):
        role, text = str(role), str(lit)
        p.roles.add(role)
        key = " ".join(text.lower().split())
        kind = str(prop).rsplit("#", 1)[-1]
        if kind == "notation":
            p.notations[role] = text
        p.names.setdefault(key, [])
        if role not in p.names[key]:
            p.names[key].append(role)
        if kind == "prefLabel":
            p.preferred.setdefault(key, []).append(role)
            if str(lang or "") in ("", "en"):
                english[role] = text
            else:
                p.labels.setdefault(role, text)
    p.labels.update(english)
    for role, skill, imp, lv, im in run(_Q_NEEDS):
        essential = imp is not None and str(imp).endswith("Essential")
        p.needs.setdefault(str(role), {})[str(skill)] = Need(
            essential,
            float(str(lv)) if lv is not None else None,
            float(str(im)) if im is not None else None,
        )
    for role, prop, skill in run(_Q_SHORT):
        needs = p.needs.setdefault(str(role), {})
        if str(skill) not in needs:
            needs[str(skill)] = Need(str(prop).endswith("EssentialSkill"))
    for skill, lit, kind in run(_Q_SKILLS):
        if lit is not None:
            p.labels.setdefault(str(skill), str(lit))
        if kind is not None and str(kind).endswith("/knowledge"):
            p.knowledge.add(str(skill))
    parents: dict[str, list[tuple[str, bool]]] = {}
    for a, b, lit, is_skill in run(_Q_BROADER):
        parents.setdefault(str(a), []).append((str(b), str(is_skill).lower() in ("true", "1")))
        if lit is not None:
            p.labels.setdefault(str(b), str(lit))
    skills = {s for needs in p.needs.values() for s in needs}
    for skill in skills:
        group = _nearest_group(skill, parents)
        if group:
            p.group[skill] = group
    for a, how, b, rank in run(_Q_MOVES):
        a, b, how = str(a), str(b), str(how)
        r = int(str(rank)) if rank is not None else 0
        p.moves.setdefault(a, []).append((b, how, r))
        if how == "broader":
            p.moves.setdefault(b, []).append((a, "narrower", 0))
    for role, other in run(_Q_ALIGN):
        if p.taxonomy(str(role)) == "pmograph" and p.taxonomy(str(other)) != "pmograph":
            found = p.aligned.setdefault(str(role), [])
            if str(other) not in found:
                found.append(str(other))
    for moves in p.moves.values():
        moves.sort(key=lambda m: (m[2] or 99, m[1], m[0]))
    return p


def _nearest_group(skill: str, parents: dict[str, list[tuple[str, bool]]]) -> str | None:
    """The first broader concept, breadth first, that is not itself a skill."""
    seen = {skill}
    frontier = [skill]
    while frontier:
        nxt = []
        for node in frontier:
            for parent, is_skill in sorted(parents.get(node, ())):
                if parent in seen:
                    continue
                if not is_skill:
                    return parent
                seen.add(parent)
                nxt.append(parent)
        frontier = nxt
    return None


def profiles(
    kg: GraphLike, files: Sequence[str | os.PathLike[str]] = (), *, cache: bool = True
) -> Profiles:
    """The graph's profiles, from the profile cache when the same files were read before.

    The cache file is ``profiles-<digest>.pickle`` in pmograph's cache folder,
    the digest the store cache's (the files' contents and pmograph's version);
    it is written atomically and only read back when its format matches.
    """
    path = _cache_path(files) if cache else None
    if path is not None and path.is_file():
        try:
            with open(path, "rb") as handle:
                found = pickle.load(handle)
            if isinstance(found, Profiles) and found.format == FORMAT:
                return found
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
    built = build(kg)
    if path is not None:
        _save(path, built)
    return built


def cached(files: Sequence[str | os.PathLike[str]]) -> Profiles | None:
    """The cached profiles for these files, or ``None`` (no graph is loaded)."""
    path = _cache_path(files)
    if path is None or not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            found = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return None
    return found if isinstance(found, Profiles) and found.format == FORMAT else None


def _cache_path(files: Sequence[str | os.PathLike[str]]) -> Path | None:
    from pmograph.stores.cache import cache_dir, cache_key, input_files

    folder = cache_dir()
    try:
        key = cache_key(input_files(list(files), packaged=True), memo=folder / "digests.json")
    except OSError:
        return None
    return folder / f"profiles-{key}.pickle"


def _save(path: Path, built: Profiles) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".profiles-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only costs time
