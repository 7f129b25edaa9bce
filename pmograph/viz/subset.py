"""Which nodes a page draws: ``--types``, ``--focus``, ``--path``, ``--query`` and ``--max-nodes``.

Each function takes the networkx view of the graph (see
the graph object's ``to_networkx()`` view) and returns a smaller one;
:func:`choose` applies them in order, the same for both views of the page.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmograph.errors import InputError, UnknownResource
from pmograph.namespaces import CLASS_NAMES
from pmograph.terms import IRI

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["Chosen", "choose", "limit", "CLASS_STYLES", "PROGRESSION", "sort_key", "style"]

PROGRESSION = "progressesTo"

# Class short name -> (legend label, vis-network shape, colour), in legend order.
CLASS_STYLES: dict[str, tuple[str, str, str]] = {
    "role": ("Role", "dot", "#2563eb"),
    "unit": ("Organisational unit", "square", "#7c3aed"),
    "activity": ("Activity", "triangle", "#059669"),
    "skill": ("Skill", "diamond", "#d97706"),
    "qualification": ("Qualification", "triangleDown", "#db2777"),
    "certification": ("Certification", "star", "#dc2626"),
    "organisation": ("Organisation", "hexagon", "#475569"),
    "level": ("Level", "square", "#0891b2"),
    "seniority": ("Seniority", "dot", "#65a30d"),
    "responsibility": ("Responsibility level", "triangle", "#0d9488"),
    "employer": ("Employer type", "diamond", "#78716c"),
}
"""How each class is drawn: its legend label, vis-network shape and colour.

A class missing here is drawn as a grey dot, its short name in the legend."""
_FALLBACK_STYLE = ("dot", "#9ca3af")


@dataclass
class Chosen:
    """The subgraph a page draws and why.

    Attributes
    ----------
    graph
        The nodes and edges chosen, before ``max_nodes``.
    heading
        What the page shows, for its heading.
    focus
        The IRI of ``--focus``, if given.
    path
        The IRIs along ``--path``, if given.
    """

    graph: Any
    heading: str
    focus: str | None = None
    path: list[str] = field(default_factory=list)


def choose(
    kg: Any,
    full: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    career_path: Sequence[str] | None = None,
    types: Iterable[str] | str | None = None,
    query: str | os.PathLike[str] | None = None,
    sparql: str | None = None,
) -> Chosen:
    """Apply the subset options to ``full``, in order: query, types, focus, path.

    Parameters are as for :func:`pmograph.viz.render`; ``kg`` is the graph
    object (its ``find``, ``label`` and ``query``).
    """
    if depth < 0:
        raise InputError(f"depth must be 0 or more, not {depth}")
    wanted_types = _parse_types(types)
    graph = full
    heading = "pmograph: project-management careers"
    if query is not None or sparql is not None:
        graph = _query_subgraph(kg, graph, query, sparql)
        heading = "pmograph: query result"
    if wanted_types is not None:
        graph = graph.subgraph([n for n, c in graph.nodes(data="cls") if c in wanted_types]).copy()
    chosen = Chosen(graph, heading)
    if focus is not None:
        focus_iri = _find(kg, focus)
        if focus_iri not in graph:
            raise InputError(
                f"{kg.label(focus_iri)!r} is not among the nodes drawn (check --types or the query)"
            )
        chosen.graph = graph.subgraph(_neighbourhood(graph, focus_iri, depth)).copy()
        chosen.focus = focus_iri
        chosen.heading = (
            f"pmograph: around {kg.label(focus_iri)} ({depth} step{'s' if depth != 1 else ''})"
        )
    if career_path is not None:
        chosen.path = _career_path(kg, full, career_path)
        chosen.graph = _with_path(chosen.graph, full, chosen.path)
        chosen.heading = (
            f"pmograph: career path from {kg.label(chosen.path[0])} to {kg.label(chosen.path[-1])}"
        )
    return chosen


def limit(graph: nx.MultiDiGraph, max_nodes: int | None, forced: list[str]) -> nx.MultiDiGraph:
    """At most ``max_nodes`` nodes: ``forced`` first, then the most connected."""
    if max_nodes is not None and max_nodes < 1:
        raise InputError(f"max_nodes must be 1 or more, not {max_nodes}")
    return _limit(graph, max_nodes, forced)


def style(cls: str) -> tuple[str, str, str]:
    """Legend label, shape and colour of a class, with a fallback for classes not in the table."""
    return CLASS_STYLES.get(cls) or (cls or "other", *_FALLBACK_STYLE)


def _parse_types(types: Iterable[str] | str | None) -> set[str] | None:
    if types is None:
        return None
    items = types.split(",") if isinstance(types, str) else list(types)
    chosen = {t.strip().lower() for t in items if t.strip()}
    unknown = sorted(chosen - set(CLASS_NAMES))
    if unknown:
        raise InputError(
            f"unknown type {unknown[0]!r}; use some of: {', '.join(CLASS_NAMES)} (comma-separated)"
        )
    if not chosen:
        raise InputError(f"no type given; use some of: {', '.join(CLASS_NAMES)}")
    if "qualification" in chosen:
        chosen.add("certification")
    return chosen


def _find(kg: Any, name: str) -> str:
    """A role by label or IRI; failing that, any resource; else the role error."""
    try:
        return str(kg.find(name))
    except UnknownResource as role_error:
        try:
            return str(kg.find(name, cls=None))
        except UnknownResource:
            raise role_error from None


def _neighbourhood(graph: nx.MultiDiGraph, centre: str, depth: int) -> set[str]:
    seen = {centre}
    frontier = [centre]
    for _ in range(depth):
        nxt = []
        for node in frontier:
            for other in (*graph.successors(node), *graph.predecessors(node)):
                if other not in seen:
                    seen.add(other)
                    nxt.append(other)
        frontier = nxt
    return seen


def _career_path(kg: Any, full: nx.MultiDiGraph, ends: Sequence[str]) -> list[str]:
    """The roles along the shortest career path, as ``pmograph path`` finds it."""
    from pmograph.careers import shortest_career_path

    if isinstance(ends, str) or len(ends) != 2:
        raise InputError("career_path takes two roles: (FROM, TO)")
    source, target = (str(kg.find(e)) for e in ends)
    found = shortest_career_path(full, source, target)
    if found is None:
        raise InputError(
            f"no career path leads from {kg.label(source)!r} to {kg.label(target)!r} "
            f"along progressesTo; try the reverse direction or another role"
        )
    return [str(r) for r in found.roles]


def _with_path(graph: nx.MultiDiGraph, full: nx.MultiDiGraph, path: list[str]) -> nx.MultiDiGraph:
    """``graph`` plus the path's nodes and its progression edges."""
    out = graph.copy()
    for node in path:
        if node not in out:
            out.add_node(node, **full.nodes[node])
    for u, v in zip(path, path[1:]):
        if not out.has_edge(u, v, key=PROGRESSION):
            out.add_edge(u, v, key=PROGRESSION, **full.edges[u, v, PROGRESSION])
    return out


def _query_subgraph(
    kg: Any,
    graph: nx.MultiDiGraph,
    query: str | os.PathLike[str] | None,
    sparql: str | None,
) -> nx.MultiDiGraph:
    import networkx as nx

    if query is not None and sparql is not None:
        raise InputError("give either a query file or query text, not both")
    where = "query"
    if query is not None:
        where = str(query)
        try:
            sparql = Path(query).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"{where}: query file not found; check the path") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{where}: cannot read the query file ({exc})") from None
    assert sparql is not None
    result = kg.query(sparql)
    triples = getattr(result, "triples", None)
    if getattr(result, "kind", None) != "construct" or triples is None:
        raise InputError(
            f"{where}: the query must be a CONSTRUCT query, whose triples choose the subgraph"
        )
    out = nx.MultiDiGraph()
    for s, p, o in triples:
        s_in = isinstance(s, IRI) and s in graph
        o_in = isinstance(o, IRI) and o in graph
        for node, inside in ((s, s_in), (o, o_in)):
            if inside and node not in out:
                out.add_node(node, **graph.nodes[node])
        if s_in and o_in and isinstance(p, str):
            prop = IRI(p).local_name()
            out.add_edge(s, o, key=prop, property=prop, predicate=str(p))
    if out.number_of_nodes() == 0:
        raise InputError(
            f"{where}: the CONSTRUCT query chose no resources of the graph "
            f"({len(triples)} triples, none about a role, skill or other pmograph resource); "
            "nothing to draw: check its WHERE clause"
        )
    return out


def _limit(graph: nx.MultiDiGraph, max_nodes: int | None, forced: list[str]) -> nx.MultiDiGraph:
    if max_nodes is None or graph.number_of_nodes() <= max_nodes:
        return graph
    must = list(dict.fromkeys(n for n in forced if n in graph))
    rest = sorted(
        (n for n in graph if n not in set(must)),
        key=lambda n: (-graph.degree(n), sort_key(graph, n)),
    )
    keep = must + rest[: max(0, max_nodes - len(must))]
    return graph.subgraph(keep).copy()


def sort_key(graph: nx.MultiDiGraph, node: str) -> tuple[int, str, str, str]:
    data = graph.nodes[node]
    cls = data.get("cls", "")
    rank = _CLASS_RANK.get(cls, len(_CLASS_RANK))
    return (rank, cls, data.get("label", "").lower(), node)


_CLASS_RANK = {cls: i for i, cls in enumerate(CLASS_STYLES)}
