"""The graph as one interactive HTML page: offline, safe, fast on large graphs.

:func:`to_html` draws the instance data of a :class:`~pmograph.kg.KnowledgeGraph`
(its :meth:`~pmograph.kg.KnowledgeGraph.to_networkx` view) as a vis-network
page built by pyvis, with everything it needs inlined, so that the file works
from disk with no network at all.  :func:`show` puts the same page inline in a
notebook.

Assumptions and choices:

* **Offline.**  vis-network's JavaScript and CSS are inlined
  (``cdn_resources="in_line"``); pmograph's own template replaces pyvis's, so
  the Bootstrap link and the other CDN references never reach the page.  A
  Content-Security-Policy admits only the page's own scripts (by hash) and
  forbids every fetch.
* **Safe.**  Labels, definitions and quotes come from editable data files.
  They enter the page only as JSON inside ``<script type="application/json">``
  blocks, with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page's
  script shows them with ``textContent``: nothing from the data is ever parsed
  as HTML.  The heading is escaped by the template (autoescape is on).
* **Fast.**  The layout is computed in Python (a radial tree per connected
  component, refined by Fruchterman-Reingold with grid-limited repulsion in
  numpy) and the browser's physics is off, so even a 20,000-node page draws
  at once.  ``max_nodes`` keeps the most connected nodes and the page says
  how many were left out.
* **Deterministic.**  Nodes and edges are sorted, the layout is seeded and
  rounded, and nothing random or time-dependent enters the page: the same
  graph gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmograph.errors import InputError, UnknownResource
from pmograph.namespaces import CLASS_NAMES, ONTOLOGY_IRI, PMG_IRI, PREFIXES
from pmograph.terms import IRI

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from pmograph.graph import CoreGraph as KnowledgeGraph

__all__ = ["CLASS_STYLES", "Page", "render", "to_html", "show", "layout"]

DEFAULT_MAX_NODES = 5000
"""How many nodes a page shows unless told otherwise (the most connected)."""

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

PROGRESSION = "progressesTo"
REQUIRES_PREFIX = "requires"
"""Properties whose local name starts so (``requiresEssentialSkill``, ``requiresOptionalQualification``
...) link a role to what it requires; clicking the role highlights those."""

_TEMPLATE = "viz.html"
_HASH_PLACEHOLDER = "__PMOGRAPH_SCRIPT_HASHES__"
_SCRIPT_RE = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_MAX_SOURCES = 5
_EDGE_LENGTH = 110.0

_PROV_DERIVED = PREFIXES["prov"] + "wasDerivedFrom"
_PMG_QUOTE = PMG_IRI + "quote"
_PMG_QUESTION = PMG_IRI + "question"
_DCT_TITLE = PREFIXES["dcterms"] + "title"
_DCT_PART_OF = PREFIXES["dcterms"] + "isPartOf"
_RDFS_LABEL = PREFIXES["rdfs"] + "label"
_SKOS_PREF = PREFIXES["skos"] + "prefLabel"
_TITLE_PREDICATES = (_DCT_TITLE, _RDFS_LABEL, _SKOS_PREF, _PMG_QUESTION)

# JSON that cannot end a <script> element nor start an HTML comment or entity.
_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


@dataclass
class Page:
    """A rendered page and what it shows.

    Attributes
    ----------
    html
        The page, one self-contained HTML document.
    nodes, edges
        How many nodes and edges the page draws.
    omitted
        How many nodes were left out by ``max_nodes``.
    career_path
        The labels along the highlighted career path, if one was asked for.
    """

    html: str
    nodes: int
    edges: int
    omitted: int = 0
    career_path: list[str] = field(default_factory=list)


# -- public API ----------------------------------------------------------------
def to_html(
    kg: KnowledgeGraph,
    path: str | os.PathLike[str] | None = None,
    **options: Any,
) -> str | Path:
    """Draw the graph as one self-contained, interactive HTML page.

    Parameters
    ----------
    kg
        The knowledge graph.
    path
        Where to write the page (atomically, UTF-8).  ``None`` returns the
        HTML text instead.
    **options
        What to draw; see :func:`render` (``focus``, ``depth``,
        ``career_path``, ``types``, ``query``, ``sparql``, ``max_nodes``,
        ``seed``, ``title``).

    Returns
    -------
    str or pathlib.Path
        The HTML text, or the path written.

    Raises
    ------
    UnknownResource
        ``focus`` or a ``career_path`` end names no role.
    InputError
        A bad option value, an unreadable query file, or no career path.
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


def show(kg: KnowledgeGraph, *, height: int = 650, **options: Any) -> Any:
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
        'sandbox="allow-scripts" title="pmograph network"></iframe></div>'
    )
    return HTML(frame)


def render(
    kg: KnowledgeGraph,
    *,
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

    The subset options combine: ``query``/``sparql`` choose a subgraph first,
    then ``types`` keeps some classes, then ``focus`` keeps a neighbourhood;
    the ``career_path`` nodes are always kept, and ``max_nodes`` applies last.

    Parameters
    ----------
    focus
        A role's label, alternative title or IRI (any resource's, if no role
        matches): draw only the nodes within ``depth`` steps of it, in either
        direction.
    depth
        How many steps around ``focus`` (default 1).
    career_path
        ``(FROM, TO)``: highlight the shortest chain of ``progressesTo``
        steps between two roles (the path ``pmograph path`` gives).
    types
        Short class names to draw (``["role", "skill"]`` or
        ``"role,skill"``); ``qualification`` includes certifications.
    query, sparql
        A SPARQL CONSTRUCT query (a ``.rq`` file, or its text) whose triples
        choose the subgraph: the pmograph resources they name, linked by the
        triples themselves.
    max_nodes
        Draw at most this many nodes, the most connected first (``None``:
        no limit).  The page says how many were left out.
    seed
        Seed of the layout.
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
    if depth < 0:
        raise InputError(f"depth must be 0 or more, not {depth}")
    if max_nodes is not None and max_nodes < 1:
        raise InputError(f"max_nodes must be 1 or more, not {max_nodes}")
    wanted_types = _parse_types(types)
    full = kg.to_networkx()
    graph = full
    heading = "pmograph: project-management careers"

    if query is not None or sparql is not None:
        graph = _query_subgraph(kg, graph, query, sparql)
        heading = "pmograph: query result"
    if wanted_types is not None:
        graph = graph.subgraph([n for n, c in graph.nodes(data="cls") if c in wanted_types]).copy()

    forced: list[str] = []
    focus_iri: str | None = None
    if focus is not None:
        focus_iri = _find(kg, focus)
        if focus_iri not in graph:
            raise InputError(
                f"{kg.label(focus_iri)!r} is not among the nodes drawn (check --types or the query)"
            )
        graph = graph.subgraph(_neighbourhood(graph, focus_iri, depth)).copy()
        forced.append(focus_iri)
        heading = (
            f"pmograph: around {kg.label(focus_iri)} ({depth} step{'s' if depth != 1 else ''})"
        )

    path_iris: list[str] = []
    if career_path is not None:
        path_iris = _career_path(kg, full, career_path)
        graph = _with_path(graph, full, path_iris)
        forced.extend(path_iris)
        heading = (
            f"pmograph: career path from {kg.label(path_iris[0])} to {kg.label(path_iris[-1])}"
        )

    total = graph.number_of_nodes()
    graph = _limit(graph, max_nodes, forced)
    omitted = total - graph.number_of_nodes()

    html_text = _build_html(
        kg,
        graph,
        heading=title if title is not None else heading,
        omitted=omitted,
        max_nodes=max_nodes,
        focus=focus_iri,
        path=path_iris,
        seed=seed,
    )
    return Page(
        html=html_text,
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        omitted=omitted,
        career_path=[kg.label(i) for i in path_iris],
    )


# -- choosing the subgraph -----------------------------------------------------
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


def _find(kg: KnowledgeGraph, name: str) -> str:
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


def _career_path(kg: KnowledgeGraph, full: nx.MultiDiGraph, ends: Sequence[str]) -> list[str]:
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
    kg: KnowledgeGraph,
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
        key=lambda n: (-graph.degree(n), _sort_key(graph, n)),
    )
    keep = must + rest[: max(0, max_nodes - len(must))]
    return graph.subgraph(keep).copy()


def _sort_key(graph: nx.MultiDiGraph, node: str) -> tuple[int, str, str, str]:
    data = graph.nodes[node]
    cls = data.get("cls", "")
    rank = _CLASS_RANK.get(cls, len(_CLASS_RANK))
    return (rank, cls, data.get("label", "").lower(), node)


_CLASS_RANK = {cls: i for i, cls in enumerate(CLASS_STYLES)}


def _style(cls: str) -> tuple[str, str, str]:
    """Legend label, shape and colour of a class, with a fallback for classes not in the table."""
    return CLASS_STYLES.get(cls) or (cls or "other", *_FALLBACK_STYLE)


# -- provenance ----------------------------------------------------------------
def _sources(kg: KnowledgeGraph, nodes: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Per node, the titles and quotes of the named graphs that describe it.

    The ontology and the graph of inferred triples are not sources.
    """
    from pmograph.namespaces import INFERRED_GRAPH_IRI

    not_sources = {ONTOLOGY_IRI, INFERRED_GRAPH_IRI}
    graphs_of: dict[str, set[str]] = defaultdict(set)
    derived: dict[str, list[str]] = defaultdict(list)
    quotes: dict[str, list[str]] = defaultdict(list)
    titles: dict[str, dict[str, str]] = defaultdict(dict)
    part_of: dict[str, str] = {}
    for s, p, o, g in kg.store.quads():
        if not isinstance(s, str):
            continue
        if g is not None and g not in not_sources and s in nodes:
            graphs_of[s].add(str(g))
        if p == _PROV_DERIVED and isinstance(o, IRI):
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

    return {node: [describe(g) for g in sorted(graphs)] for node, graphs in graphs_of.items()}


# -- layout --------------------------------------------------------------------
def layout(
    n: int,
    edges: Iterable[tuple[int, int]],
    *,
    seed: int = 0,
    edge_length: float = _EDGE_LENGTH,
) -> list[tuple[float, float]]:
    """Positions for nodes ``0 .. n-1`` joined by ``edges``: deterministic and fast.

    Each connected component is laid out on its own: a radial tree from its
    best-connected node (the layers of a breadth-first search on rings, each
    subtree in its own wedge), refined by Fruchterman-Reingold, exact up to
    400 nodes and beyond that with repulsion limited to a grid of
    neighbouring cells (linear in the number of nodes).  The components are
    then packed in rows, largest first.  Without numpy the radial trees are
    used as they are.

    Parameters
    ----------
    n
        The number of nodes.
    edges
        Pairs of node numbers; direction, duplicates and self-loops are
        ignored.
    seed
        Seed of the small jitter that separates coinciding points.
    edge_length
        The ideal distance between linked nodes, in page pixels.

    Returns
    -------
    list of (x, y)

    Examples
    --------
    >>> pos = layout(3, [(0, 1), (1, 2)])
    >>> len(pos), pos == layout(3, [(0, 1), (1, 2)])
    (3, True)
    """
    adj: list[set[int]] = [set() for _ in range(n)]
    for a, b in edges:
        if a != b:
            adj[a].add(b)
            adj[b].add(a)
    neighbours = [sorted(s) for s in adj]
    seen = [False] * n
    components: list[list[int]] = []
    for start in range(n):
        if seen[start]:
            continue
        seen[start] = True
        comp = [start]
        for v in comp:
            for w in neighbours[v]:
                if not seen[w]:
                    seen[w] = True
                    comp.append(w)
        components.append(sorted(comp))
    components.sort(key=lambda c: (-len(c), c[0]))

    placed: list[tuple[list[int], list[tuple[float, float]]]] = []
    for comp in components:
        placed.append((comp, _component_layout(comp, neighbours, seed, edge_length)))
    return _pack(n, placed, edge_length)


def _component_layout(
    comp: list[int], neighbours: list[list[int]], seed: int, k: float
) -> list[tuple[float, float]]:
    if len(comp) == 1:
        return [(0.0, 0.0)]
    local = {v: i for i, v in enumerate(comp)}
    adj = [[local[w] for w in neighbours[v]] for v in comp]
    pos = _radial_tree(adj, k)
    if len(comp) <= 2:
        return pos
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy comes with networkx's layouts
        return pos
    ei = np.array([i for i, nbrs in enumerate(adj) for j in nbrs if i < j], dtype=np.int64)
    ej = np.array([j for i, nbrs in enumerate(adj) for j in nbrs if i < j], dtype=np.int64)
    arr = np.array(pos, dtype=np.float64)
    rng = np.random.default_rng(seed)
    arr += rng.uniform(-k / 10, k / 10, arr.shape)
    size = len(comp)
    exact = size <= 400
    iterations = 300 if size <= 200 else 150 if exact else 100 if size <= 5000 else 50
    span = float(np.ptp(arr, axis=0).max())
    arr = _fruchterman_reingold(arr, ei, ej, k, iterations, max(span / 5, k), exact)
    return [(float(x), float(y)) for x, y in arr]


def _radial_tree(adj: list[list[int]], k: float) -> list[tuple[float, float]]:
    """Breadth-first layers on rings; each subtree gets a wedge as wide as its size."""
    n = len(adj)
    root = max(range(n), key=lambda v: (len(adj[v]), -v))
    parent = [-1] * n
    depth = [0] * n
    children: list[list[int]] = [[] for _ in range(n)]
    seen = [False] * n
    seen[root] = True
    order = [root]
    queue = deque([root])
    while queue:
        v = queue.popleft()
        for w in adj[v]:
            if not seen[w]:
                seen[w] = True
                parent[w] = v
                depth[w] = depth[v] + 1
                children[v].append(w)
                order.append(w)
                queue.append(w)
    size = [1] * n
    for v in reversed(order):
        if parent[v] >= 0:
            size[parent[v]] += size[v]
    lo = [0.0] * n
    hi = [0.0] * n
    hi[root] = 2 * math.pi
    for v in order:
        start, span, total = lo[v], hi[v] - lo[v], size[v] - 1
        for w in children[v]:
            lo[w] = start
            start += span * size[w] / total
            hi[w] = start
    counts = [0] * (max(depth) + 1)
    for d in depth:
        counts[d] += 1
    radius = [0.0] * len(counts)
    for d in range(1, len(counts)):
        radius[d] = max(radius[d - 1] + k, counts[d] * k / (2 * math.pi))
    out = []
    for v in range(n):
        angle = (lo[v] + hi[v]) / 2
        r = radius[depth[v]]
        out.append((r * math.cos(angle), r * math.sin(angle)))
    return out


def _fruchterman_reingold(
    pos: Any, ei: Any, ej: Any, k: float, iterations: int, t0: float, exact: bool
) -> Any:
    import numpy as np

    n = len(pos)
    cutoff2 = (2 * k) ** 2
    floor = 1e-4 * k * k
    for it in range(iterations):
        t = t0 * (1 - it / iterations)
        disp = np.zeros((n, 2))
        if exact:
            delta = pos[:, None, :] - pos[None, :, :]
            d2 = np.maximum((delta**2).sum(-1), floor)
            disp += (delta * (k * k / d2)[..., None]).sum(1)
        else:
            pi, pj = _grid_pairs(pos, 2 * k)
            delta = pos[pi] - pos[pj]
            d2 = np.maximum((delta**2).sum(1), floor)
            force = delta * np.where(d2 < cutoff2, k * k / d2, 0.0)[:, None]
            for c in (0, 1):
                disp[:, c] += np.bincount(pi, force[:, c], n) - np.bincount(pj, force[:, c], n)
        delta = pos[ei] - pos[ej]
        force = delta * (np.sqrt((delta**2).sum(1)) / k)[:, None]
        for c in (0, 1):
            disp[:, c] += np.bincount(ej, force[:, c], n) - np.bincount(ei, force[:, c], n)
        length = np.maximum(np.sqrt((disp**2).sum(1)), 1e-9)
        pos += disp * (np.minimum(length, t) / length)[:, None]
    return pos


def _grid_pairs(pos: Any, cell: float) -> tuple[Any, Any]:
    """Every pair of points in the same or neighbouring grid cells, each pair once."""
    import numpy as np

    c = np.floor(pos / cell).astype(np.int64)
    c -= c.min(axis=0)
    c += 1
    width = int(c[:, 1].max()) + 2
    key = c[:, 0] * width + c[:, 1]
    order = np.argsort(key, kind="stable")
    keys, starts, counts = np.unique(key[order], return_index=True, return_counts=True)
    out_i, out_j = [], []
    for dx, dy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):
        wanted = keys + dx * width + dy
        idx = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        found = keys[idx] == wanted
        a = np.nonzero(found)[0]
        b = idx[found]
        ca, cb = counts[a], counts[b]
        sizes = ca * cb
        total = int(sizes.sum())
        if total == 0:
            continue
        block = np.repeat(np.arange(len(a)), sizes)
        within = np.arange(total) - (np.cumsum(sizes) - sizes)[block]
        ia = starts[a][block] + within // cb[block]
        ib = starts[b][block] + within % cb[block]
        if dx == 0 and dy == 0:
            keep = ia < ib
            ia, ib = ia[keep], ib[keep]
        out_i.append(order[ia])
        out_j.append(order[ib])
    if not out_i:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(out_i), np.concatenate(out_j)


def _pack(
    n: int, placed: list[tuple[list[int], list[tuple[float, float]]]], k: float
) -> list[tuple[float, float]]:
    """Components in rows, largest first, centred on the origin."""
    boxes = []
    for _, pos in placed:
        xs = [p[0] for p in pos]
        ys = [p[1] for p in pos]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + k, max(ys) - min(ys) + k))
    area = sum(w * h for _, _, w, h in boxes)
    row_width = max(max((w for _, _, w, _ in boxes), default=k), math.sqrt(area) * 1.2)
    out: list[tuple[float, float]] = [(0.0, 0.0)] * n
    x = y = row_height = 0.0
    for (comp, pos), (x0, y0, w, h) in zip(placed, boxes):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for v, (px, py) in zip(comp, pos):
            out[v] = (px - x0 + x, py - y0 + y)
        x += w
        row_height = max(row_height, h)
    if n:
        cx = (min(p[0] for p in out) + max(p[0] for p in out)) / 2
        cy = (min(p[1] for p in out) + max(p[1] for p in out)) / 2
        out = [(px - cx, py - cy) for px, py in out]
    return out


# -- the page ------------------------------------------------------------------
def _build_html(
    kg: KnowledgeGraph,
    graph: nx.MultiDiGraph,
    *,
    heading: str,
    omitted: int,
    max_nodes: int | None,
    focus: str | None,
    path: list[str],
    seed: int,
) -> str:
    order = sorted(graph.nodes, key=lambda v: _sort_key(graph, v))
    index = {iri: i for i, iri in enumerate(order)}
    edge_list = sorted(
        (
            (index[u], index[v], str(key), data)
            for u, v, key, data in graph.edges(keys=True, data=True)
        ),
        key=lambda e: (e[0], e[1], e[2]),
    )
    positions = layout(len(order), ((u, v) for u, v, _, _ in edge_list), seed=seed)
    sources = _sources(kg, set(order))
    degree = [0] * len(order)
    for u, v, _, _ in edge_list:
        degree[u] += 1
        degree[v] += 1

    nodes = []
    for i, iri in enumerate(order):
        data = graph.nodes[iri]
        cls = data.get("cls", "")
        srcs = sources.get(iri, [])
        node: dict[str, Any] = {
            "id": i,
            "label": data.get("label", ""),
            "group": cls,
            "x": round(positions[i][0], 1),
            "y": round(positions[i][1], 1),
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
    for number, (u, v, prop, _) in enumerate(edge_list):
        edge: dict[str, Any] = {"id": number, "from": u, "to": v, "label": prop, "property": prop}
        if prop == PROGRESSION:
            edge.update(
                width=3, color={"color": "#e11d48", "highlight": "#9f1239", "hover": "#9f1239"}
            )
            edge["font"] = {"bold": True, "color": "#9f1239"}
        edges.append(edge)

    counts: dict[str, int] = defaultdict(int)
    for n in nodes:
        counts[n["group"]] += 1
    classes = sorted(counts, key=lambda c: (_CLASS_RANK.get(c, len(_CLASS_RANK)), c))
    large = len(nodes) > 1000
    vis_options = {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "interaction": {
            "hover": True,
            "hoverConnectedEdges": not large,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 16, "face": "system-ui, sans-serif", "color": "#111827"},
        },
        "edges": {
            "smooth": False,
            "width": 1,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {
                "color": "#9ca3af",
                "highlight": "#374151",
                "hover": "#374151",
                "inherit": False,
            },
            "font": {"size": 10, "align": "middle", "color": "#4b5563", "strokeWidth": 3},
        },
        "groups": {
            cls: {
                "shape": shape,
                "color": {
                    "background": colour,
                    "border": "#1f2937",
                    "highlight": {"background": colour, "border": "#000000"},
                    "hover": {"background": colour, "border": "#000000"},
                },
                # roles are what people look for: their labels are larger
                "font": {"size": 22 if cls == "role" else 16},
            }
            for cls, (_, shape, colour) in ((c, _style(c)) for c in classes)
        },
    }
    meta = {
        "classes": [
            {"cls": cls, "label": label, "shape": shape, "color": colour, "count": counts[cls]}
            for cls, (label, shape, colour) in ((c, _style(c)) for c in classes)
        ],
        "omitted": omitted,
        "maxNodes": max_nodes,
        "focus": index.get(focus) if focus is not None else None,
        "path": [index[p] for p in path if p in index],
        "progression": PROGRESSION,
        "requiresPrefix": REQUIRES_PREFIX,
    }
    return _generate(nodes, edges, {"vis": vis_options, "page": meta}, heading)


def _generate(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], options: dict[str, Any], heading: str
) -> str:
    """Let pyvis build the page with pmograph's template, then pin its scripts."""
    from pyvis.network import Network

    net = Network(
        height="100%", width="100%", directed=True, heading=heading, cdn_resources="in_line"
    )
    # Filled directly: add_node/add_edge are quadratic, and their defaults add colours.
    net.nodes = nodes
    net.edges = edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.options = options  # a dict: pyvis passes it to the template as JSON text
    net.templateEnv = _environment()
    net.path = _TEMPLATE
    page: str = net.generate_html()
    return _pin_scripts(page)


def _pin_scripts(page: str) -> str:
    """Put the SHA-256 of each of the page's scripts into its Content-Security-Policy."""
    hashes = []
    for match in _SCRIPT_RE.finditer(page):
        digest = hashlib.sha256(match.group(1).encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return page.replace(_HASH_PLACEHOLDER, " ".join(hashes), 1)


def script_json(value: Any) -> Any:
    """JSON for a ``<script type="application/json">`` block, as template-safe markup.

    ``value`` is any JSON-able value, or a ``str`` that already holds JSON.
    ``<``, ``>``, ``&``, U+2028 and U+2029 become ``\\uXXXX`` escapes (they can
    only occur inside JSON strings, where the escapes mean the same), so the
    text can neither close the script element nor open a comment.

    >>> str(script_json({"label": "</script><b>"}))
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    from markupsafe import Markup

    text = (
        value
        if isinstance(value, str)
        else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    )
    return Markup(text.translate(_JSON_ESCAPES))


_ENV: Any = None


def _environment() -> Any:
    """pmograph's template environment: autoescape on, pyvis's lib/ reachable."""
    global _ENV
    if _ENV is None:
        import pyvis
        from jinja2 import ChoiceLoader, Environment, FileSystemLoader

        pyvis_templates = Path(pyvis.__file__).resolve().parent / "templates"
        env = Environment(
            loader=ChoiceLoader(
                [
                    FileSystemLoader(str(Path(__file__).resolve().parent / "templates")),
                    FileSystemLoader(str(pyvis_templates)),
                ]
            ),
            autoescape=True,
            keep_trailing_newline=True,
        )
        env.filters["script_json"] = script_json
        env.globals["script_hashes"] = _HASH_PLACEHOLDER
        _ENV = env
    return _ENV
