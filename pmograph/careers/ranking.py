"""Rankings: which skills, qualifications and roles are central to the career graph.

Centrality measures (degree, betweenness, PageRank) from networkx, on the
career steps and requirements of the networkx view, without parallel edges,
self-loops or the requirement nodes that qualify a requirement.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from pmograph.careers.model import Ranked
from pmograph.careers.requirements import REQUIREMENT_PROPERTIES
from pmograph.careers.view import PROGRESSES_TO, CareerGraph, CareerView, View, answers
from pmograph.errors import InputError
from pmograph.namespaces import CLASS_NAMES

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = [
    "CAREER_PROPERTIES",
    "RANK_MEASURES",
    "BETWEENNESS_EXACT_LIMIT",
    "BETWEENNESS_SAMPLES",
    "BETWEENNESS_SEED",
    "centrality",
    "rank",
]

CAREER_PROPERTIES: frozenset[str] = REQUIREMENT_PROPERTIES | {PROGRESSES_TO}
"""The edges :func:`centrality` uses by default: career steps and requirements."""

RANK_MEASURES = ("degree", "betweenness", "pagerank")
"""The centrality measures :func:`centrality` offers."""
BETWEENNESS_EXACT_LIMIT = 500
"""Up to this many nodes, betweenness is exact; above it, it is estimated.

Exact betweenness visits every node from every node: on 500 nodes it takes
about a second; estimating it from 100 sources on 20,000 nodes and 150,000
edges about 25 seconds (``benchmarks/careers.py``).
"""
BETWEENNESS_SAMPLES = 100
"""How many source nodes the betweenness estimate samples on larger graphs."""
BETWEENNESS_SEED = 42
"""The fixed seed of the sample, so that the same graph gives the same ranking."""


def _class_filter(types: Iterable[str] | None) -> set[str] | None:
    if types is None:
        return None
    by_name = {k: k for k in CLASS_NAMES}
    by_name.update({v.lower(): k for k, v in CLASS_NAMES.items()})
    wanted: set[str] = set()
    for t in types:
        name = by_name.get(t.strip().lower())
        if name is None:
            raise InputError(f"unknown type {t!r}; use one of {', '.join(CLASS_NAMES)}")
        wanted.add(name)
        if name == "qualification":  # a certification is a qualification
            wanted.add("certification")
    return wanted


def _rank(
    v: CareerView,
    *,
    by: str,
    types: Iterable[str] | None,
    top: int | None,
    samples: int | None,
    seed: int,
    properties: Collection[str] | None,
) -> list[Ranked]:

    if by not in RANK_MEASURES:
        raise InputError(f"unknown ranking {by!r}; use one of {', '.join(RANK_MEASURES)}")
    if top is not None and top < 0:
        raise InputError(f"top must be 0 or more, not {top}")
    if samples is not None and samples < 1:
        raise InputError(f"samples must be 1 or more, not {samples}")
    wanted = _class_filter(types)
    k: int | None = None
    if by == "betweenness":
        n = v.rank_size(properties)
        k = samples if samples is not None else None
        if k is None and n > BETWEENNESS_EXACT_LIMIT:
            k = BETWEENNESS_SAMPLES
        if k is not None and k >= n:
            k = None
    props = frozenset(properties) if properties is not None else None
    key = ("rank", by, props, k, seed if k else None, frozenset(wanted) if wanted else None)
    ranked: tuple[Ranked, ...] | None = v.memo.get(key)
    if ranked is None:  # the view's graph never changes, so neither does its ranking
        every = v.ranking(by, properties, k, seed)
        if wanted is not None:  # filtering keeps the order: it is a total order
            every = tuple(r for r in every if r.cls in wanted)
        ranked = v.memo.remember(key, every)
    return list(ranked if top is None else ranked[:top])


def centrality(
    G: nx.MultiDiGraph,
    *,
    by: str = "degree",
    types: Iterable[str] | None = None,
    top: int | None = None,
    samples: int | None = None,
    seed: int = BETWEENNESS_SEED,
    properties: Collection[str] | None = CAREER_PROPERTIES,
) -> list[Ranked]:
    """Rank the nodes of ``G`` by a centrality measure.

    The measures run on ``G`` reduced to the edges whose ``property`` is in
    ``properties`` (by default career steps and requirements), without
    parallel edges or self-loops:

    ``"degree"``
        How many distinct resources a node is linked to, in either direction:
        for a skill or qualification, how many roles require it (how
        transferable it is); for a role, its career steps in and out plus its
        requirements.  An integer.
    ``"betweenness"``
        ``nx.betweenness_centrality`` on the undirected graph: how often a node
        lies on the shortest connections between others (a skill shared by
        otherwise distant roles, a role that links two ladders).  Exact up to
        :data:`BETWEENNESS_EXACT_LIMIT` nodes; above it estimated from
        :data:`BETWEENNESS_SAMPLES` source nodes (``samples``) drawn with the
        fixed ``seed``, so the same graph gives the same ranking.
    ``"pagerank"``
        ``nx.pagerank`` on the directed graph: importance flows from roles to
        the roles they lead to and to what they require.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :meth:`pmograph.KnowledgeGraph.to_networkx`.
    by : {"degree", "betweenness", "pagerank"}
        The measure.
    types : iterable of str, optional
        Keep only nodes of these classes (short names such as ``"skill"``,
        ``"role"``; ``"qualification"`` includes certifications).  Scores are
        computed on the whole graph first.
    top : int, optional
        Keep the first ``top`` only.
    samples : int, optional
        Betweenness: estimate from this many sampled sources (default: exact
        on small graphs, :data:`BETWEENNESS_SAMPLES` on large ones).
    seed : int
        Betweenness: the seed of the sample.
    properties : collection of str or None
        The edge properties to use; ``None`` uses every edge.

    Returns
    -------
    list of Ranked
        Highest score first, ties by label.

    Raises
    ------
    InputError
        An unknown measure or type, or a negative ``top``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["pm", "pgm", "pfm"], cls="role")
    >>> G.add_nodes_from(["comms", "finance"], cls="skill")
    >>> for role in ["pm", "pgm", "pfm"]:
    ...     _ = G.add_edge(role, "comms", property="requiresEssentialSkill")
    >>> _ = G.add_edge("pfm", "finance", property="requiresSkill")
    >>> [(r.label, r.score) for r in centrality(G, types=["skill"])]
    [('comms', 3), ('finance', 1)]
    """
    return _rank(
        View(G),
        by=by,
        types=types,
        top=top,
        samples=samples,
        seed=seed,
        properties=properties,
    )


def rank(
    kg: CareerGraph,
    *,
    by: str = "degree",
    types: Iterable[str] | None = None,
    top: int | None = None,
    samples: int | None = None,
    seed: int = BETWEENNESS_SEED,
) -> list[Ranked]:
    """Rank the graph's resources by centrality; see :func:`centrality`.

    Examples
    --------
    >>> from pmograph.kg import load
    >>> kg = load()
    >>> [r.cls for r in kg.rank(by="pagerank", types=["skill"], top=3)]
    ['skill', 'skill', 'skill']
    """
    return _rank(
        answers(kg),
        by=by,
        types=types,
        top=top,
        samples=samples,
        seed=seed,
        properties=CAREER_PROPERTIES,
    )
