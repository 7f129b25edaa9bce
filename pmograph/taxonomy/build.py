"""Reading skill profiles out of a graph: one pass per predicate, joined in Python.

On pyoxigraph, ``quads_for_pattern`` per predicate reads the ~500,000 quads
profiles need from a million-quad store several times faster than SPARQL
joins over the union graph; any other store is read with one pass over
``ox_quads()``.  The same quad in several named graphs counts once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pyoxigraph as ox

from pmograph.namespaces import PREFIXES
from pmograph.taxonomy.profiles import (
    ESCO_ROLE,
    ONET_ROLE,
    GraphLike,
    Need,
    Profiles,
    _cache_path,
    _save,
    cached,
)

PMG = "https://w3id.org/pmograph/ns#"
SKOS = PREFIXES["skos"]
RDF_TYPE = PREFIXES["rdf"] + "type"
SKILL_TYPE = "http://data.europa.eu/esco/model#skillType"
ISCO = "https://w3id.org/pmograph/id/esco/isco/"

PREDICATES = [
    RDF_TYPE,
    *(
        SKOS + n
        for n in (
            "prefLabel",
            "altLabel",
            "notation",
            "broader",
            "exactMatch",
            "closeMatch",
            "broadMatch",
        )
    ),
    *(
        PMG + n
        for n in (
            "hasRequirement",
            "requiredSkill",
            "importance",
            "requiredLevel",
            "importanceRating",
            "requiresEssentialSkill",
            "requiresOptionalSkill",
            "requiresSkill",
            "relatedFrom",
            "relatedTo",
            "relatednessRank",
            "progressesTo",
        )
    ),
    SKILL_TYPE,
]
_PRIORITY = {"related": 0, "progresses": 1, "broader": 2, "narrower": 3, "same ISCO group": 4}


def _scanner(kg: GraphLike) -> Callable[[str], Iterator[tuple[str, Any]]]:
    """``scan(predicate)`` yields (subject IRI, object term) once per distinct triple."""
    raw = getattr(getattr(kg, "store", None), "store", None)
    if isinstance(raw, ox.Store):

        def scan(predicate: str) -> Iterator[tuple[str, Any]]:
            seen: set[tuple[str, Any]] = set()
            for q in raw.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
                pair = (str(getattr(q.subject, "value", q.subject)), q.object)
                if pair not in seen:
                    seen.add(pair)
                    yield pair

        return scan
    buckets: dict[str, set[tuple[str, Any]]] = {p: set() for p in PREDICATES}
    for q in kg.store.ox_quads():  # type: ignore[attr-defined]
        bucket = buckets.get(q.predicate.value)
        if bucket is not None:
            bucket.add((q.subject.value, q.object))
    return lambda predicate: iter(buckets[predicate])


def build(kg: GraphLike) -> Profiles:
    """The profiles of every role in the graph (see :mod:`pmograph.taxonomy.profiles`)."""
    scan = _scanner(kg)
    p = Profiles()
    types: dict[str, set[str]] = {}
    for s, o in scan(RDF_TYPE):
        types.setdefault(o.value, set()).add(s)
    roles = types.get(PMG + "Role", set())
    skills = types.get(PMG + "Skill", set())
    concepts = types.get(SKOS + "Concept", set())
    p.roles = {sys.intern(r) for r in roles}
    english: dict[str, str] = {}
    for s, o in scan(SKOS + "prefLabel"):
        lang = getattr(o, "language", None) or ""
        if s in roles:
            key = " ".join(o.value.lower().split())
            p.preferred.setdefault(key, []).append(s)
            p.names.setdefault(key, []).append(s)
        if s in roles or s in skills or s in concepts:
            if lang in ("", "en"):
                english[s] = o.value
            else:
                p.labels.setdefault(s, o.value)
    p.labels.update(english)
    for predicate in ("altLabel", "notation"):
        for s, o in scan(SKOS + predicate):
            if s in roles:
                key = " ".join(o.value.lower().split())
                found = p.names.setdefault(key, [])
                if s not in found:
                    found.append(s)
                if predicate == "notation":
                    p.notations[s] = o.value
    _needs(p, scan, roles)
    p.knowledge = {s for s, o in scan(SKILL_TYPE) if o.value.endswith("/knowledge")}
    parents: dict[str, list[tuple[str, bool]]] = {}
    role_broader: list[tuple[str, str]] = []
    for s, o in scan(SKOS + "broader"):
        if s in roles and o.value in roles:
            role_broader.append((s, o.value))
        parents.setdefault(s, []).append((o.value, o.value in skills))
    used = {s for needs in p.needs.values() for s in needs}
    for skill in used:
        group = _nearest_group(skill, parents)
        if group:
            p.group[skill] = group
    _moves(p, scan, roles, role_broader, parents)
    _alignments(p, scan, roles)
    return p


def _needs(p: Profiles, scan: Callable[[str], Iterator[tuple[str, Any]]], roles: set[str]) -> None:
    owner = {o.value: s for s, o in scan(PMG + "hasRequirement") if s in roles}
    skill = {s: o.value for s, o in scan(PMG + "requiredSkill") if s in owner}
    importance = {s: o.value for s, o in scan(PMG + "importance") if s in skill}
    level = {s: float(o.value) for s, o in scan(PMG + "requiredLevel") if s in skill}
    rating = {s: float(o.value) for s, o in scan(PMG + "importanceRating") if s in skill}
    for req, what in skill.items():
        need: Need = (
            importance.get(req, "").endswith("Essential"),
            level.get(req),
            rating.get(req),
        )
        p.needs.setdefault(sys.intern(owner[req]), {})[sys.intern(what)] = need
    for name in ("requiresEssentialSkill", "requiresOptionalSkill", "requiresSkill"):
        for s, o in scan(PMG + name):
            if s in roles and not s.startswith((ESCO_ROLE, ONET_ROLE)):
                needs = p.needs.setdefault(s, {})
                needs.setdefault(o.value, (name == "requiresEssentialSkill", None, None))


def _moves(
    p: Profiles,
    scan: Callable[[str], Iterator[tuple[str, Any]]],
    roles: set[str],
    role_broader: list[tuple[str, str]],
    parents: dict[str, list[tuple[str, bool]]],
) -> None:
    found: dict[str, list[tuple[str, str, int]]] = {}
    frm = dict((s, o.value) for s, o in scan(PMG + "relatedFrom"))
    to = dict((s, o.value) for s, o in scan(PMG + "relatedTo"))
    for rel, rank in scan(PMG + "relatednessRank"):
        if rel in frm and rel in to:
            found.setdefault(frm[rel], []).append((to[rel], "related", int(rank.value)))
    for s, o in scan(PMG + "progressesTo"):
        found.setdefault(s, []).append((o.value, "progresses", 0))
    for a, b in role_broader:
        found.setdefault(a, []).append((b, "broader", 0))
        found.setdefault(b, []).append((a, "narrower", 0))
    members: dict[str, list[str]] = {}
    for role in roles:
        for group, _ in parents.get(role, ()):
            if group.startswith(ISCO):
                members.setdefault(group, []).append(role)
    for group_roles in members.values():
        for a in group_roles:
            for b in group_roles:
                if a != b:
                    found.setdefault(a, []).append((b, "same ISCO group", 0))
    for role, moves in found.items():
        moves.sort(key=lambda m: (_PRIORITY.get(m[1], 9), m[2], m[0]))
        kept: dict[str, tuple[str, str, int]] = {}
        for move in moves:
            kept.setdefault(move[0], move)  # one move per target: the most specific relation
        p.moves[role] = sorted(kept.values(), key=lambda m: (m[2] or 99, m[1], m[0]))


def _alignments(
    p: Profiles, scan: Callable[[str], Iterator[tuple[str, Any]]], roles: set[str]
) -> None:
    by_external: dict[str, list[str]] = {}
    for s, o in scan(SKOS + "exactMatch"):
        if s in roles:
            by_external.setdefault(o.value, []).append(s)
    for predicate in ("exactMatch", "closeMatch", "broadMatch"):  # the closest alignment first
        for s, o in scan(SKOS + predicate):
            if s not in roles or p.taxonomy(s) != "pmograph":
                continue
            for other in by_external.get(o.value, ()):
                if other != s and p.taxonomy(other) != "pmograph":
                    aligned = p.aligned.setdefault(s, [])
                    if other not in aligned:
                        aligned.append(other)


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

    The cache is two :mod:`marshal` files in pmograph's cache folder,
    ``profiles-<key>.core`` and ``profiles-<key>.names`` (the key: see
    :func:`_cache_path`), written atomically and read back only when their
    format matches; the names (every altLabel, 150,000 on the full ESCO and
    O*NET) are read only when a preferred label does not name the role.
    """
    if cache:
        found = cached(files)
        if found is not None:
            return found
    built = build(kg)
    path = _cache_path(files) if cache else None
    if path is not None:
        _save(path, built)
    return built
