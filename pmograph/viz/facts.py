"""What the page says about where facts come from and how roles sit on the ladder.

One pass over the store's quads (:func:`gather`) collects, for the drawn
nodes, the named graphs that state them (their sources, with titles and
quotes) and, for roles, the career-model facts the map and the role card
need: seniority, family, levels, the group a role is filed under
(``skos:broader``), qualified requirements and certification eligibility,
each with the graphs that state it.  The ontology and the graphs of
inferred and entailed triples are not sources.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pmograph.namespaces import (
    ENTAILED_GRAPH_IRI,
    INFERRED_GRAPH_IRI,
    ONTOLOGY_IRI,
    PMG_IRI,
    PREFIXES,
)
from pmograph.terms import IRI

__all__ = ["Facts", "gather", "INFERRED_GRAPH", "NOT_SOURCES"]

INFERRED_GRAPH = INFERRED_GRAPH_IRI
NOT_SOURCES = frozenset({ONTOLOGY_IRI, INFERRED_GRAPH_IRI, ENTAILED_GRAPH_IRI})
"""Graphs that hold what follows from the data, not what a source states."""

_PROV_DERIVED = PREFIXES["prov"] + "wasDerivedFrom"
_PMG_QUOTE = PMG_IRI + "quote"
_PMG_QUESTION = PMG_IRI + "question"
_DCT_TITLE = PREFIXES["dcterms"] + "title"
_DCT_PART_OF = PREFIXES["dcterms"] + "isPartOf"
_RDFS_LABEL = PREFIXES["rdfs"] + "label"
_SKOS_PREF = PREFIXES["skos"] + "prefLabel"
_SKOS_BROADER = PREFIXES["skos"] + "broader"
_SKOS_NOTATION = PREFIXES["skos"] + "notation"
_TITLE_PREDICATES = (_DCT_TITLE, _RDFS_LABEL, _SKOS_PREF, _PMG_QUESTION)

# role -> value properties the map and the card read (local name -> attribute)
_ROLE_LINKS = {
    PMG_IRI + "hasSeniority": "seniority",
    PMG_IRI + "inFamily": "families",
    PMG_IRI + "operatesAt": "levels",
    PMG_IRI + "hasRequirement": "requirements",
    _SKOS_BROADER: "broader",
}
# requirement node -> its parts
_REQUIREMENT_PARTS = {
    PMG_IRI + "requiredSkill": "target",
    PMG_IRI + "requiredQualification": "target",
    PMG_IRI + "importance": "importance",
    PMG_IRI + "requiredLevel": "level",
    PMG_IRI + "levelScale": "scale",
    PMG_IRI + "importanceRating": "rating",
}
# certification -> eligibility and renewal (local names kept as keys)
_CERTIFICATION_PARTS = {
    PMG_IRI + name: name
    for name in (
        "certificationKind",
        "requiresExperienceMonths",
        "requiresEducationHours",
        "renewalYears",
        "renewalCredits",
    )
}
_RANKS = (PMG_IRI + "seniorityRank", PMG_IRI + "levelRank")


@dataclass
class Facts:
    """What one pass over the quads found (see :func:`gather`).

    Attributes
    ----------
    sources
        Node -> the sources of the named graphs that describe it, each a dict
        with ``title`` and, where known, ``from`` (the document) and
        ``quotes``.
    graphs
        Every source graph described, by IRI (the same dicts).
    stated_in
        ``(subject, predicate, object)`` of a role's or requirement's triples
        -> the source graphs that state it.
    role
        Role -> attribute -> list of IRIs (``seniority``, ``families``,
        ``levels``, ``requirements``, ``broader``).
    requirement
        Requirement node -> part -> value (``target``, ``importance``,
        ``level``, ``scale``, ``rating``).
    certification
        Certification -> eligibility property local name -> value.
    rank
        Seniority grade or level -> its rank.
    notation
        Group -> its ``skos:notation`` code (ISCO, SOC).
    broader
        Group (not role) -> its broader group.
    described_in
        Node -> the IRIs of the source graphs that describe it.
    """

    sources: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    graphs: dict[str, dict[str, Any]] = field(default_factory=dict)
    stated_in: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    role: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    requirement: dict[str, dict[str, Any]] = field(default_factory=dict)
    certification: dict[str, dict[str, Any]] = field(default_factory=dict)
    rank: dict[str, int] = field(default_factory=dict)
    notation: dict[str, str] = field(default_factory=dict)
    broader: dict[str, str] = field(default_factory=dict)
    described_in: dict[str, list[str]] = field(default_factory=dict)


def _quads(store: Any) -> Iterator[tuple[str | None, str, Any, str | None]]:
    """``(subject, predicate, object, graph)``: IRIs as :class:`IRI`, literals as values.

    Blank-node subjects come as ``None``.  An rdflib store is read directly
    (its terms turned into strings only), which is several times faster than
    its general ``quads()``; other stores through ``quads()``.
    """
    dataset = getattr(store, "dataset", None)
    if dataset is None:
        for s, p, o, g in store.quads():
            yield (s if isinstance(s, IRI) else None), str(p), o, g
        return
    from rdflib import Literal, URIRef

    from pmograph.stores.convert import literal_value

    default = dataset.default_graph.identifier
    for s, p, o, g in dataset.quads((None, None, None, None)):
        ident = getattr(g, "identifier", g)
        kind = type(o)
        if kind is URIRef:
            value: Any = IRI(o)
        elif isinstance(o, Literal):
            value = literal_value(str(o), str(o.datatype) if o.datatype else None)
        else:
            value = None
        yield (
            str(s) if type(s) is URIRef else None,
            str(p),
            value,
            None if ident is None or ident == default else str(ident),
        )


def gather(store: Any, nodes: set[str], roles: set[str]) -> Facts:
    """Collect sources for ``nodes`` and career-model facts for ``roles`` in one pass.

    Parameters
    ----------
    store
        The graph's store (anything with ``quads()``, see :mod:`pmograph.stores`).
    nodes
        The nodes whose sources the page shows.
    roles
        The roles whose card and place on the map the page shows.
    """
    not_sources = NOT_SOURCES
    graphs_of: dict[str, set[str]] = defaultdict(set)
    derived: dict[str, list[str]] = defaultdict(list)
    quotes: dict[str, list[str]] = defaultdict(list)
    titles: dict[str, dict[str, str]] = defaultdict(dict)
    part_of: dict[str, str] = {}
    stated: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    role: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    requirement: dict[str, dict[str, Any]] = defaultdict(dict)
    certification: dict[str, dict[str, Any]] = defaultdict(dict)
    rank: dict[str, int] = {}
    notation: dict[str, str] = {}
    broader: dict[str, str] = {}
    for s, p, o, g in _quads(store):
        if s is None:
            continue
        source = g is not None and g not in not_sources
        if source and s in nodes:
            graphs_of[s].add(str(g))
        if s in roles:
            attr = _ROLE_LINKS.get(p)
            if attr is not None and isinstance(o, IRI) and o not in role[s][attr]:
                role[s][attr].append(str(o))
            if source and isinstance(o, IRI):
                stated[(s, str(p), str(o))].add(str(g))
            continue
        part = _REQUIREMENT_PARTS.get(p)
        if part is not None:
            requirement[s][part] = str(o) if isinstance(o, IRI) else o
            if source and part == "target":
                stated[(s, str(p), str(o))].add(str(g))
            continue
        cert = _CERTIFICATION_PARTS.get(p)
        if cert is not None:
            certification[s][cert] = str(o) if isinstance(o, IRI) else o
        elif p in _RANKS and isinstance(o, int):
            rank[s] = o
        elif p == _SKOS_BROADER and isinstance(o, IRI):
            broader.setdefault(s, str(o))
        elif p == _SKOS_NOTATION and not isinstance(o, IRI):
            notation[s] = str(o)
        elif p == _PROV_DERIVED and isinstance(o, IRI):
            derived[s].append(str(o))
        elif p == _PMG_QUOTE and isinstance(o, str) and not isinstance(o, IRI):
            quotes[s].append(str(o))
        elif p in _TITLE_PREDICATES and isinstance(o, str) and not isinstance(o, IRI):
            titles[s].setdefault(str(p), str(o))
        elif p == _DCT_PART_OF and isinstance(o, IRI):
            part_of.setdefault(s, str(o))

    def title(iri: str) -> str | None:
        found = titles.get(iri, {})
        for pred in _TITLE_PREDICATES:
            if pred in found:
                return found[pred]
        return None

    described: dict[str, dict[str, Any]] = {}

    def describe(g: str) -> dict[str, Any]:
        """What the page says about one named graph (made once per graph)."""
        if g not in described:
            entries = sorted(set(derived.get(g, ())))
            names = [title(g)] + [title(e) for e in entries]
            name = next((n for n in names if n), None) or (entries[0] if entries else g)
            item: dict[str, Any] = {"title": name}
            documents = sorted({title(part_of[e]) or part_of[e] for e in entries if e in part_of})
            if documents:
                item["from"] = "; ".join(documents)
            qs = sorted(set(quotes.get(g, ())))
            if qs:
                item["quotes"] = qs
            described[g] = item
        return described[g]

    sources = {node: [describe(g) for g in sorted(gs)] for node, gs in graphs_of.items()}
    stated_in = {key: sorted(gs) for key, gs in stated.items()}
    for gs in stated_in.values():
        for g in gs:
            describe(g)
    return Facts(
        sources=sources,
        graphs=described,
        stated_in=stated_in,
        role={r: dict(attrs) for r, attrs in role.items()},
        requirement=dict(requirement),
        certification=dict(certification),
        rank=rank,
        notation=notation,
        broader=broader,
        described_in={node: sorted(gs) for node, gs in graphs_of.items()},
    )
