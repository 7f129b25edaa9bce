"""Reading skill profiles out of a graph: one pass over its quads, sorted by predicate, joined in Python.

The quads come straight from pyoxigraph's parser (:func:`file_quads`: on the
full ESCO and O*NET imports, streaming 1.6 million quads takes about a third
of what filling a store with them does), or from a loaded graph's store
(``quads_for_pattern`` per predicate on pyoxigraph, ``ox_quads()`` on any
other).  Only the predicates in :data:`PREDICATES` are kept, each as a set
of (subject, object) pairs, so the same triple in several named graphs
counts once.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from pmograph.index import label_language, language_rank
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

QUALIFICATION_PROPERTIES = (
    "requiresEssentialQualification",
    "requiresOptionalQualification",
    "requiresQualification",
)
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
            *QUALIFICATION_PROPERTIES,
        )
    ),
    SKILL_TYPE,
]
_PRIORITY = {"related": 0, "progresses": 1, "broader": 2, "narrower": 3, "same ISCO group": 4}


Scan = Callable[[str], Iterable[tuple[str, Any]]]


def file_quads(paths: Iterable[Path]) -> Iterator[ox.Quad]:
    """Every quad of the RDF files, streamed from pyoxigraph's parser (no store is filled).

    Each file is read through :func:`pmograph.reading.read_input` (the size
    limit, devices refused) and parsed with the loader's base IRI; blank
    nodes are renamed per file, so that two files' labels never meet.

    Raises
    ------
    DataFileError
        A file is missing, too large or does not parse (the loader's message).
    """
    from pmograph.errors import DataFileError
    from pmograph.loader import BASE_IRI, parse_file, rdf_format
    from pmograph.reading import check_rdf_xml, read_input

    for path in paths:
        fmt = rdf_format(path)
        data, _ = read_input(path)
        if fmt == ox.RdfFormat.RDF_XML:
            check_rdf_xml(data, path)
        try:
            yield from ox.parse(data, format=fmt, base_iri=BASE_IRI, rename_blank_nodes=True)
        except (SyntaxError, ValueError, MemoryError):
            parse_file(path)  # raises the loader's own one-line message for this file
            raise DataFileError("cannot be read", path=str(path)) from None


def _buckets(quads: Iterable[ox.Quad]) -> Scan:
    """``scan(predicate)``: (subject, object) once per distinct pair, from one pass.

    Subjects and objects are their plain string values (an IRI, a blank node's
    label, a literal's lexical form); a ``skos:prefLabel``'s object is
    (text, language tag or ``""``).
    """
    buckets: dict[str, set[tuple[str, Any]]] = {p: set() for p in PREDICATES}
    get = buckets.get
    pref = buckets[SKOS + "prefLabel"]
    gc_was_on = gc.isenabled()
    gc.disable()  # a million tuples of strings hold no cycle: collecting only costs time
    try:
        for q in quads:
            bucket = get(q.predicate.value)
            if bucket is None:
                continue
            s, o = q.subject, q.object
            if isinstance(s, ox.Triple) or isinstance(o, ox.Triple):
                continue  # a quoted triple (RDF 1.2) says nothing a profile reads
            if bucket is pref:
                pref.add((s.value, (o.value, getattr(o, "language", None) or "")))
            else:
                bucket.add((s.value, o.value))
    finally:
        if gc_was_on:
            gc.enable()
    return lambda predicate: buckets[predicate]


def _scanner(source: GraphLike | Iterable[ox.Quad]) -> Scan:
    """The scan of a graph object (its store's quads) or of quads as they come."""
    store = getattr(source, "store", None)
    if store is None:
        return _buckets(source)  # type: ignore[arg-type]
    raw = getattr(store, "store", None)
    if isinstance(raw, ox.Store):
        return _buckets(
            q
            for predicate in PREDICATES
            for q in raw.quads_for_pattern(None, ox.NamedNode(predicate), None, None)
        )
    return _buckets(store.ox_quads())


def build(source: GraphLike | Iterable[ox.Quad]) -> Profiles:
    """The profiles of every role in a graph object, or in quads (see :mod:`pmograph.taxonomy.profiles`)."""
    scan = _scanner(source)
    p = Profiles()
    types: dict[str, set[str]] = {}
    for s, o in scan(RDF_TYPE):
        types.setdefault(o, set()).add(s)
    roles = types.get(PMG + "Role", set())
    skills = types.get(PMG + "Skill", set())
    concepts = types.get(SKOS + "Concept", set())
    p.roles = {sys.intern(r) for r in roles}
    certifications = types.get(PMG + "Certification", set())
    wanted = {*types.get(PMG + "Qualification", ()), *certifications}
    for name in QUALIFICATION_PROPERTIES:  # strongest first: the first statement of a pair wins
        for s, o in sorted(scan(PMG + name)):
            if s in roles:
                p.qualifications.setdefault(s, {}).setdefault(o, name)
                wanted.add(o)
    p.qualification_kinds = {
        q: "certification" if q in certifications else "qualification" for q in sorted(wanted)
    }
    language = label_language()
    best: dict[str, tuple[int, str]] = {}
    for s, (text, lang) in scan(SKOS + "prefLabel"):
        if s in roles:
            key = " ".join(text.lower().split())
            p.preferred.setdefault(key, []).append(s)
            p.names.setdefault(key, []).append(s)
        if s in roles or s in skills or s in concepts or s in wanted:
            rank = (language_rank(lang.lower(), language), text)
            if s not in best or rank < best[s]:
                best[s] = rank
    p.labels = {s: text for s, (_, text) in best.items()}
    for predicate in ("altLabel", "notation"):
        for s, o in scan(SKOS + predicate):
            if s in roles:
                key = " ".join(o.lower().split())
                found = p.names.setdefault(key, [])
                if s not in found:
                    found.append(s)
                if predicate == "notation" and (s not in p.notations or o < p.notations[s]):
                    p.notations[s] = o
    for found in (*p.names.values(), *p.preferred.values()):
        found.sort()  # the same order on every store and in every process
    _needs(p, scan, roles)
    p.knowledge = {s for s, o in scan(SKILL_TYPE) if o.endswith("/knowledge")}
    parents: dict[str, list[tuple[str, bool]]] = {}
    role_broader: list[tuple[str, str]] = []
    for s, o in scan(SKOS + "broader"):
        if s in roles and o in roles:
            role_broader.append((s, o))
        parents.setdefault(s, []).append((o, o in skills))
    used = {s for needs in p.needs.values() for s in needs}
    for skill in used:
        group = _nearest_group(skill, parents)
        if group:
            p.group[skill] = group
    _moves(p, scan, roles, role_broader, parents)
    _alignments(p, scan, roles)
    return p


def _needs(p: Profiles, scan: Scan, roles: set[str]) -> None:
    owner = {o: s for s, o in scan(PMG + "hasRequirement") if s in roles}
    skill = {s: o for s, o in scan(PMG + "requiredSkill") if s in owner}
    importance = {s: o for s, o in scan(PMG + "importance") if s in skill}
    level = {s: float(o) for s, o in scan(PMG + "requiredLevel") if s in skill}
    rating = {s: float(o) for s, o in scan(PMG + "importanceRating") if s in skill}
    for req, what in skill.items():
        need: Need = (
            importance.get(req, "").endswith("Essential"),
            level.get(req),
            rating.get(req),
        )
        p.needs.setdefault(sys.intern(owner[req]), {})[sys.intern(what)] = need
    for name in ("requiresEssentialSkill", "requiresOptionalSkill", "requiresSkill"):
        own = sorted(
            (s, o)
            for s, o in scan(PMG + name)
            if s in roles and not s.startswith((ESCO_ROLE, ONET_ROLE))
        )
        for s, o in own:
            needs = p.needs.setdefault(s, {})
            needs.setdefault(o, (name == "requiresEssentialSkill", None, None))


def _moves(
    p: Profiles,
    scan: Scan,
    roles: set[str],
    role_broader: list[tuple[str, str]],
    parents: dict[str, list[tuple[str, bool]]],
) -> None:
    found: dict[str, list[tuple[str, str, int]]] = {}
    frm = dict((s, o) for s, o in scan(PMG + "relatedFrom"))
    to = dict((s, o) for s, o in scan(PMG + "relatedTo"))
    for rel, rank in scan(PMG + "relatednessRank"):
        if rel in frm and rel in to:
            found.setdefault(frm[rel], []).append((to[rel], "related", int(rank)))
    for s, o in scan(PMG + "progressesTo"):
        found.setdefault(s, []).append((o, "progresses", 0))
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


def _alignments(p: Profiles, scan: Scan, roles: set[str]) -> None:
    by_external: dict[str, list[str]] = {}
    for s, o in sorted(scan(SKOS + "exactMatch")):
        if s in roles:
            by_external.setdefault(o, []).append(s)
    for predicate in ("exactMatch", "closeMatch", "broadMatch"):  # the closest alignment first
        for s, o in sorted(scan(SKOS + predicate)):
            if s not in roles or p.taxonomy(s) != "pmograph":
                continue
            for other in by_external.get(o, ()):
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
    kg: GraphLike | Iterable[ox.Quad],
    files: Sequence[str | os.PathLike[str]] = (),
    *,
    cache: bool = True,
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
