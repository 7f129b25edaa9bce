"""The page: :func:`render` builds it, :func:`to_html` writes it, :func:`show` puts it in a notebook.

One self-contained HTML file holds two views of the chosen subgraph: the
career map (roles on a seniority ladder, the default) and the network of
everything (skills, certifications, activities, units), with a switch
between them, a role card, a compare panel and an image button.  Assumptions
and choices:

* **Offline.**  vis-network is inlined; a Content-Security-Policy admits only
  the page's own scripts (by hash) and forbids every fetch.
* **Safe.**  Data enters the page only as escaped JSON and is shown with
  ``textContent`` (see :mod:`pmograph.viz.templates`); the DOT text for
  Graphviz uses quoted strings only, never HTML-like labels.
* **Fast.**  Both layouts are computed before the page is written (igraph,
  and Graphviz running beside the rest of the work) and the browser's
  physics is off.  ``max_nodes`` bounds the network view.  A page of the whole
  graph reads its nodes and edges from the label index without networkx
  (:mod:`pmograph.viz.indexgraph`), the cards' answers through
  ``careers.view.answers`` (a prebuilt career index when one is attached) and
  its facts through :mod:`pmograph.viz.factsfile`; subsets use networkx.
* **Deterministic.**  Nodes and edges are sorted, layouts seeded, and nothing
  random or time-dependent enters the page: the same graph gives the same bytes.
"""

from __future__ import annotations

import gc
import html
import math
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmograph.errors import InputError
from pmograph.viz import cards, careermap, facts, factsfile, subset
from pmograph.viz.indexgraph import IndexGraph
from pmograph.viz.layout import layout
from pmograph.viz.subset import PROGRESSION, sort_key, style
from pmograph.viz.templates import generate
from pmograph.viz.visoptions import plain_group, vis_options

__all__ = ["Page", "render", "to_html", "show", "DEFAULT_MAX_NODES", "VIEWS"]

DEFAULT_MAX_NODES = 5000
"""How many nodes the network view shows unless told otherwise (the most connected)."""
VIEWS = ("map", "network")
"""The page's views; the first is the default."""
DETAIL_FROM = 1000
"""Networks with more nodes than this get their labels and arrows only once zoomed in
(:data:`DETAIL_SCALE`), and never draw a label under 7 px on screen: the first drawing
of a large network skips what cannot be read at the initial view."""
DETAIL_SCALE = 0.3
"""The zoom from which a large network has its labels and arrows (a role's 22 px label
is then 6.6 px: none was legible before)."""
REQUIRES_PREFIX = "requires"
"""Properties whose local name starts so link a role to what it requires."""
_MAX_SOURCES = 5


@dataclass
class Page:
    """A rendered page and what it shows.

    Attributes
    ----------
    html
        The page, one self-contained HTML document.
    nodes, edges
        How many nodes and edges the network view draws.
    omitted
        How many nodes the network view leaves out (``max_nodes``).
    career_path
        The labels along the highlighted career path, if one was asked for.
    roles
        How many roles the career map places.
    view
        The view the page opens on.
    map
        The career map (its DOT text serves the image export).
    """

    html: str
    nodes: int
    edges: int
    omitted: int = 0
    career_path: list[str] = field(default_factory=list)
    roles: int = 0
    view: str = "map"
    map: Any = None


def to_html(kg: Any, path: str | os.PathLike[str] | None = None, **options: Any) -> str | Path:
    """Draw the graph as one self-contained, interactive HTML page.

    Parameters
    ----------
    kg
        The knowledge graph.
    path
        Where to write the page (atomically, UTF-8).  ``None`` returns the
        HTML text instead.
    **options
        What to draw; see :func:`render`.

    Returns
    -------
    str or pathlib.Path
        The HTML text, or the path written.

    Raises
    ------
    UnknownResource
        ``focus`` or a ``career_path`` end names no role.
    InputError
        A bad option value, an unreadable query file, no career path, or
        Graphviz missing for the career map.
    OutputError
        The file could not be written (the old file is left unchanged).

    Examples
    --------
    >>> import pmograph
    >>> kg = pmograph.load()
    >>> page = kg.to_html(types=["role"])
    >>> page.startswith("<!DOCTYPE html>")
    True
    """
    page = render(kg, **options)
    if path is None:
        return page.html
    from pmograph.output import atomic_write

    return atomic_write(path, page.html)


def show(kg: Any, *, height: int = 650, **options: Any) -> Any:
    """The page inline in a notebook: an ``IPython.display.HTML`` iframe.

    The page goes into the iframe's ``srcdoc`` attribute, HTML-escaped, so
    that it keeps its own document (and its Content-Security-Policy).
    ``height`` is the iframe's height in pixels; other options as for
    :func:`render`.
    """
    from IPython.display import HTML

    page = render(kg, **options)
    frame = (
        '<div class="pmograph-network">'
        f'<iframe srcdoc="{html.escape(page.html, quote=True)}" '
        f'style="width: 100%; height: {int(height)}px; border: 1px solid #d1d5db;" '
        'sandbox="allow-scripts allow-downloads" title="pmograph career map"></iframe></div>'
    )
    return HTML(frame)


def render(
    kg: Any,
    *,
    view: str = "map",
    focus: str | None = None,
    depth: int = 1,
    career_path: Sequence[str] | None = None,
    types: Iterable[str] | str | None = None,
    query: str | os.PathLike[str] | None = None,
    sparql: str | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    seed: int = 0,
    title: str | None = None,
) -> Page:
    """Build the page for the whole graph or a subset of it.

    The subset options combine and apply to both views: ``query``/``sparql``
    choose a subgraph first, then ``types`` keeps some classes, then
    ``focus`` keeps a neighbourhood; the ``career_path`` nodes are always
    kept.  The career map draws the roles of that subgraph; ``max_nodes``
    bounds the network view.

    Parameters
    ----------
    view
        ``"map"`` (the career map, default) or ``"network"`` (everything):
        the view the page opens on; the other is a click away.
    focus
        A role's label, alternative title or IRI (any resource's, if no role
        matches): draw only the nodes within ``depth`` steps of it.
    depth
        How many steps around ``focus`` (default 1).
    career_path
        ``(FROM, TO)``: highlight the shortest chain of ``progressesTo``
        steps between two roles (the path ``pmograph path`` gives).
    types
        Short class names to draw (``["role", "skill"]`` or ``"role,skill"``).
    query, sparql
        A SPARQL CONSTRUCT query (a ``.rq`` file, or its text) whose triples
        choose the subgraph.
    max_nodes
        The network view draws at most this many nodes, the most connected
        first (``None``: no limit); the page says how many were left out.
    seed
        Seed of the network layout.
    title
        The page's heading (default: what the page shows).

    Returns
    -------
    Page

    Raises
    ------
    UnknownResource, InputError
        As for :func:`to_html`.
    """
    if view not in VIEWS:
        raise InputError(f"unknown view {view!r}; use one of: {', '.join(VIEWS)}")
    # Building the page makes millions of short-lived objects next to rdflib's graph of
    # millions more; the cyclic collector would rescan them all (see PITFALLS.md): pause it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _render(
            kg, view, focus, depth, career_path, types, query, sparql, max_nodes, seed, title
        )
    finally:
        if collecting:
            gc.enable()


def _render(
    kg: Any,
    view: str,
    focus: str | None,
    depth: int,
    career_path: Sequence[str] | None,
    types: Iterable[str] | str | None,
    query: str | os.PathLike[str] | None,
    sparql: str | None,
    max_nodes: int | None,
    seed: int,
    title: str | None,
) -> Page:
    full = _whole(kg, focus, career_path, types, query, sparql, max_nodes)
    chosen = subset.choose(
        kg,
        full,
        focus=focus,
        depth=depth,
        career_path=career_path,
        types=types,
        query=query,
        sparql=sparql,
    )
    forced = ([chosen.focus] if chosen.focus else []) + chosen.path
    total = chosen.graph.number_of_nodes()
    graph = subset.limit(chosen.graph, max_nodes, forced)
    omitted = total - graph.number_of_nodes()
    heading = title if title is not None else chosen.heading

    roles = sorted(
        (n for n, c in chosen.graph.nodes(data="cls") if c == "role"),
        key=lambda n: sort_key(chosen.graph, n),
    )
    whole = isinstance(full, IndexGraph)  # the page draws the whole graph
    found = factsfile.facts(kg, set(graph.nodes), set(roles), whole=whole)
    order = sorted(graph.nodes, key=lambda v: sort_key(graph, v))
    index = {iri: i for i, iri in enumerate(order)}
    ids: dict[str, Any] = dict(index)
    for r in roles:
        ids.setdefault(r, len(ids))
    # dot lays out the map in processes of its own while the rest of the page is built
    pending = careermap.start(kg, chosen.graph, found, title=heading)
    try:
        nodes, edges, vis_options = _network(graph, order, index, found, seed)
        role_cards, sources = cards.cards(kg, full, roles, found, ids)
        role_gaps = cards.gaps(kg, roles, ids)
        the_map = pending.result()
    finally:
        pending.stop()
    meta = {
        "classes": _classes(nodes),
        "omitted": omitted,
        "maxNodes": max_nodes,
        "focus": ids.get(chosen.focus) if chosen.focus is not None else None,
        "path": [ids[p] for p in chosen.path if p in ids],
        "progression": PROGRESSION,
        "requiresPrefix": REQUIRES_PREFIX,
        "view": view,
        "detail": {
            "deferred": len(order) > DETAIL_FROM,
            "scale": DETAIL_SCALE,
            "plain": plain_group(nodes) if len(nodes) > DETAIL_FROM else None,
        },
    }
    blocks = {
        "map": _map_block(the_map, ids),
        "cards": role_cards,
        "sources": sources,
        "gaps": role_gaps,
    }
    page = generate(nodes, edges, {"vis": vis_options, "page": meta}, heading, blocks)
    return Page(
        html=page,
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        omitted=omitted,
        career_path=[kg.label(i) for i in chosen.path],
        roles=len(roles),
        view=view,
        map=the_map,
    )


def _whole(
    kg: Any,
    focus: str | None,
    career_path: Sequence[str] | None,
    types: Iterable[str] | str | None,
    query: str | os.PathLike[str] | None,
    sparql: str | None,
    max_nodes: int | None,
) -> Any:
    """The whole graph's networkx view, or the same read from the index without networkx
    (:class:`~pmograph.viz.indexgraph.IndexGraph`) when the page draws all of it."""
    whole = IndexGraph(kg)
    chosen = (focus, career_path, types, query, sparql) == (None,) * 5
    if chosen and (max_nodes is None or whole.number_of_nodes() <= max_nodes):
        return whole
    return kg.to_networkx()  # subsets, paths and limits use networkx's subgraphs


# -- the career map ------------------------------------------------------------
def _map_block(the_map: careermap.CareerMap, ids: dict[str, Any]) -> dict[str, Any]:
    """The map as the page's script reads it: boxes by page id, rows, lanes, groups."""
    group_ids = {key: f"g{i}" for i, key in enumerate(the_map.groups)}
    roles = [
        {
            "id": ids[iri],
            "label": box["label"],
            "x": box["x"],
            "y": box["y"],
            "w": box["w"],
            "h": box["h"],
            **({"group": group_ids["group:" + box["group"]]} if "group" in box else {}),
        }
        for iri, box in the_map.roles.items()
    ]
    groups = [
        {
            "id": group_ids[key],
            "label": g["label"],
            "title": g["title"],
            "x": g["x"],
            "y": g["y"],
            "w": g["w"],
            "h": g["h"],
            "members": [ids[m] for m in g["members"]],
        }
        for key, g in the_map.groups.items()
    ]
    return {
        "fontSize": careermap.FONT_SIZE,
        "roles": roles,
        "edges": [[ids[u], ids[v]] for u, v in the_map.edges],
        "groups": groups,
        "groupEdges": [[group_ids[u], group_ids[v]] for u, v in the_map.group_edges],
        "rows": [
            {k: row[k] for k in ("label", "x", "y", "top", "bottom") if k in row}
            for row in the_map.rows
        ],
        "lanes": [
            {
                k: lane[k]
                for k in ("label", "text", "colour", "x", "y", "x0", "y0", "x1", "y1")
                if k in lane
            }
            for lane in the_map.lanes
        ],
    }


# -- the network view ----------------------------------------------------------
def _network(
    graph: Any, order: list[str], index: dict[str, int], found: facts.Facts, seed: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    edge_list = sorted(
        (
            (index[u], index[v], str(key), data)
            for u, v, key, data in graph.edges(keys=True, data=True)
        ),
        key=lambda e: (e[0], e[1], e[2]),
    )
    positions = layout(len(order), ((u, v) for u, v, _, _ in edge_list), seed=seed)
    degree = [0] * len(order)
    for u, v, _, _ in edge_list:
        degree[u] += 1
        degree[v] += 1
    nodes = []
    for i, iri in enumerate(order):
        data = graph.nodes[iri]
        srcs = found.sources.get(iri, [])
        node: dict[str, Any] = {
            "id": i,
            "label": data.get("label", ""),
            "group": data.get("cls", ""),
            "x": positions[i][0],
            "y": positions[i][1],
            "size": round(min(10 + 4 * math.sqrt(degree[i]), 48), 1),
            "iri": iri,
        }
        if data.get("definition"):
            node["definition"] = data["definition"]
        if data.get("alt_labels"):
            node["altLabels"] = list(data["alt_labels"])
        if srcs:
            node["sources"] = srcs[:_MAX_SOURCES]
            if len(srcs) > _MAX_SOURCES:
                node["moreSources"] = len(srcs) - _MAX_SOURCES
        nodes.append(node)
    edges = []
    labelled = len(order) <= DETAIL_FROM  # a large network's page adds the labels on zooming in
    for number, (u, v, prop, _) in enumerate(edge_list):
        edge: dict[str, Any] = {"id": number, "from": u, "to": v, "property": prop}
        if labelled:
            edge["label"] = prop
        if prop == PROGRESSION:
            edge.update(
                width=3, color={"color": "#e11d48", "highlight": "#9f1239", "hover": "#9f1239"}
            )
            edge["font"] = {"bold": True, "color": "#9f1239"}
        edges.append(edge)
    return nodes, edges, vis_options(nodes, seed, len(nodes) > DETAIL_FROM)


def _classes(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts: dict[str, int] = defaultdict(int)
    for n in nodes:
        counts[n["group"]] += 1
    rank = {cls: i for i, cls in enumerate(subset.CLASS_STYLES)}
    classes = sorted(counts, key=lambda c: (rank.get(c, len(rank)), c))
    return [
        {"cls": cls, "label": label, "shape": shape, "color": colour, "count": counts[cls]}
        for cls, (label, shape, colour) in ((c, style(c)) for c in classes)
    ]
