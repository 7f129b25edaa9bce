"""The networkx view of a graph that every career algorithm reads, built once per graph.

:func:`view` turns a core graph object (anything with ``to_networkx``,
``index``, ``store``, ``find`` and ``label``; see :data:`CareerGraph`) into a
:class:`View`: the ``networkx.MultiDiGraph`` with the few literal values the
requirement model needs attached to its nodes, plus the derived graphs and
lookups the algorithms reuse (the progression graph, each role's
requirements, the simple graphs for rankings).

Node attributes added to ``G`` (all optional; functions of a bare ``G`` work
without them):

``level``
    On a requirement node: its ``pmg:requiredLevel``.
``rank``
    On a seniority node: its ``pmg:seniorityRank``.
``experience_months``
    On a certification or qualification: its ``pmg:requiresExperienceMonths``.
"""

from __future__ import annotations

import weakref
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar

from pmograph.careers.model import Ranked
from pmograph.careers.reading import collect
from pmograph.errors import UnknownResource
from pmograph.namespaces import ONTOLOGY_IRI, PMG_IRI
from pmograph.terms import IRI

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from pmograph.careers.model import Requirements
    from pmograph.graph import CoreGraph

__all__ = [
    "PROGRESSES_TO",
    "CareerGraph",
    "CareerView",
    "View",
    "view",
    "answers",
    "use_answers",
    "progression_graph",
    "check_role",
    "find_role",
    "node_key",
]

PROGRESSES_TO = "progressesTo"
"""The property of a career step (local name of ``pmg:progressesTo``)."""

_LITERALS = {
    "requiredLevel": "level",
    "seniorityRank": "rank",
    "requiresExperienceMonths": "experience_months",
}
_NEEDS_LITERALS = frozenset({"requirement", "seniority", "certification", "qualification"})

CareerGraph: TypeAlias = "CoreGraph"
"""The graph the career functions take: the core graph object (:class:`pmograph.graph.CoreGraph`)."""


def node_key(G: Any, node: str) -> tuple[str, str]:
    """Sort key of a node: its label case-insensitively, then its IRI."""
    return (str(G.nodes[node].get("label", node)).lower(), node)


def check_role(G: Any, node: str) -> None:
    """Raise :class:`UnknownResource` unless ``node`` is a role of ``G``."""
    if node not in G:
        raise UnknownResource(f"{node!r} is not in the graph; name a role that is")
    if G.nodes[node].get("cls") != "role":
        label = G.nodes[node].get("label", node)
        raise UnknownResource(f"{label!r} <{node}> is not a role; name a role instead")


def progression_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """The roles of ``G`` and the career steps between them.

    Nodes and edges are added in label order, so that algorithms that visit
    neighbours in adjacency order (such as ``nx.shortest_path``) break ties
    the same way whatever the order of the input.  Self-loops are left out.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :meth:`pmograph.KnowledgeGraph.to_networkx`.

    Returns
    -------
    networkx.DiGraph
        Every role (with its node attributes) and every ``progressesTo`` edge
        between two roles.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> for node, label in [("b", "Beta"), ("a", "Alpha"), ("s", "Skill")]:
    ...     G.add_node(node, label=label, cls="skill" if node == "s" else "role")
    >>> _ = G.add_edge("a", "b", property="progressesTo")
    >>> _ = G.add_edge("a", "s", property="requiresSkill")
    >>> P = progression_graph(G)
    >>> list(P.nodes), list(P.edges)
    (['a', 'b'], [('a', 'b')])
    """
    import networkx as nx

    roles = sorted((n for n, c in G.nodes(data="cls") if c == "role"), key=lambda n: node_key(G, n))
    order = {n: i for i, n in enumerate(roles)}
    edges = {
        (u, v)
        for u, v, p in G.edges(data="property")
        if p == PROGRESSES_TO and u != v and u in order and v in order
    }
    P = nx.DiGraph()
    P.add_nodes_from((n, G.nodes[n]) for n in roles)
    P.add_edges_from(sorted(edges, key=lambda e: (order[e[0]], order[e[1]])))
    return P


K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    """A dict that forgets everything once it holds :data:`MEMO_SIZE` entries (bounded memory)."""

    def remember(self, key: K, value: V) -> V:
        if len(self) >= MEMO_SIZE:
            self.clear()
        self[key] = value
        return value


MEMO_SIZE = 100_000
"""How many answers a view remembers before it starts again."""


class CareerView(Protocol):
    """What the career services ask of a view: :class:`View` (networkx) answers it all;
    :class:`pmograph.careers.prebuilt.Prebuilt` answers from an index built by one."""

    names: Memo[str, str]
    memo: Memo[tuple[Any, ...], Any]

    def check_role(self, node: str) -> None:
        """Raise :class:`UnknownResource` unless ``node`` is a role (see :func:`check_role`)."""

    def label(self, node: str) -> str:
        """The node's label, or its IRI's last segment."""

    def requirements(self, role: str) -> Requirements:
        """What ``role`` requires, own and inherited."""

    def successors(self, role: str) -> list[str]:
        """The roles one career step on, in the progression graph's order."""

    def reach(self, role: str) -> frozenset[str]:
        """The roles reachable from ``role`` in one or more steps."""

    def shortest(self, source: str, target: str) -> list[str] | None:
        """``nx.shortest_path`` on the progression graph, or ``None`` when there is none."""

    def all_paths(self, source: str, target: str, cutoff: int | None) -> Iterable[list[str]]:
        """``nx.all_simple_paths`` on the progression graph."""

    def seniority(self, role: str) -> float | None:
        """The highest ``pmg:seniorityRank`` of the role's seniorities, if any."""

    def experience_months(self, node: str) -> tuple[bool, Any]:
        """Whether ``node`` is in the view, and its ``experience_months`` (or ``None``)."""

    def rank_size(self, properties: Collection[str] | None) -> int:
        """How many nodes the undirected ranking graph on ``properties`` has."""

    def ranking(
        self, by: str, properties: Collection[str] | None, k: int | None, seed: int
    ) -> tuple[Ranked, ...]:
        """Every node ranked by ``by``, highest first (see :func:`pmograph.careers.centrality`)."""


class View:
    """A networkx graph with the derived graphs and lookups the algorithms reuse."""

    def __init__(self, G: Any) -> None:
        self.G = G
        self._progression: Any = None
        self._requirements: dict[str, Requirements] = {}
        self._simple: dict[tuple[frozenset[str] | None, bool], Any] = {}
        self._reach: dict[str, frozenset[str]] = {}
        self.names: Memo[str, str] = Memo()
        """Role names already resolved to IRIs."""
        self.memo: Memo[tuple[Any, ...], Any] = Memo()
        """Answers already computed (gaps, scores), keyed by the question."""

    @property
    def progression(self) -> Any:
        """The progression graph (:func:`progression_graph`), built on first use."""
        if self._progression is None:
            self._progression = progression_graph(self.G)
        return self._progression

    def requirements(self, role: str) -> Requirements:
        """What ``role`` requires (own and inherited), computed once."""
        found = self._requirements.get(role)
        if found is None:
            found = self._requirements[role] = collect(self.G, role)
        return found

    def reach(self, role: str) -> frozenset[str]:
        """The roles that can be reached from ``role`` in one or more steps, computed once."""
        found = self._reach.get(role)
        if found is None:
            import networkx as nx

            found = self._reach[role] = frozenset(nx.descendants(self.progression, role))
        return found

    def label(self, node: str) -> str:
        """The node's label, or its IRI's last segment."""
        return str(self.G.nodes[node].get("label") or IRI(node).local_name())

    def check_role(self, node: str) -> None:
        """Raise :class:`UnknownResource` unless ``node`` is a role (see :func:`check_role`)."""
        check_role(self.G, node)

    def successors(self, role: str) -> list[str]:
        """The roles one career step on, in the progression graph's order."""
        return list(self.progression.successors(role))

    def shortest(self, source: str, target: str) -> list[str] | None:
        """``nx.shortest_path`` on the progression graph, or ``None`` when there is none."""
        import networkx as nx

        try:
            return list(nx.shortest_path(self.progression, source, target))
        except nx.NetworkXNoPath:
            return None

    def all_paths(self, source: str, target: str, cutoff: int | None) -> Iterable[list[str]]:
        """``nx.all_simple_paths`` on the progression graph, up to ``cutoff`` steps."""
        import networkx as nx

        return nx.all_simple_paths(self.progression, source, target, cutoff=cutoff)  # type: ignore[no-any-return]

    def seniority(self, role: str) -> float | None:
        """The highest ``pmg:seniorityRank`` of the role's ``pmg:hasSeniority``, if any."""
        G = self.G
        ranks = [
            G.nodes[v].get("rank")
            for _, v, p in G.out_edges(role, data="property")
            if p == "hasSeniority"
        ]
        known = [r for r in ranks if r is not None]
        return max(known) if known else None

    def experience_months(self, node: str) -> tuple[bool, Any]:
        """Whether ``node`` is in the view, and its ``experience_months`` (or ``None``)."""
        if node not in self.G:
            return False, None
        return True, self.G.nodes[node].get("experience_months")

    def rank_size(self, properties: Collection[str] | None) -> int:
        """How many nodes the undirected ranking graph on ``properties`` has."""
        return int(self.simple(properties, directed=False).number_of_nodes())

    def ranking(
        self, by: str, properties: Collection[str] | None, k: int | None, seed: int
    ) -> tuple[Ranked, ...]:
        """Every node of the ranking graph by ``by``, highest first, ties by label then IRI.

        ``k`` (betweenness): estimate from ``k`` sources drawn with ``seed``.
        """
        import networkx as nx

        scores: dict[str, float]
        if by == "degree":
            scores = dict(self.simple(properties, directed=False).degree())
        elif by == "betweenness":
            H = self.simple(properties, directed=False)
            scores = nx.betweenness_centrality(H, k=k, seed=seed if k else None)
        else:
            scores = _pagerank(self.simple(properties, directed=True))
        nodes = self.G.nodes
        out = [
            Ranked(IRI(n), self.label(n), str(nodes[n].get("cls", "")), s)
            for n, s in scores.items()
        ]
        # Rounded for sorting: equal scores computed in a different order tie, then go by label.
        out.sort(key=lambda r: (-round(r.score, 12), r.label.lower(), r.iri))
        return tuple(out)

    def simple(self, properties: Collection[str] | None, directed: bool) -> Any:
        """``G`` without parallel edges or self-loops, on the given properties only.

        Requirement nodes and their parts (importance, level scale) are left
        out: they are how a requirement is stated, not resources to rank.
        """
        import networkx as nx

        key = (frozenset(properties) if properties is not None else None, directed)
        H = self._simple.get(key)
        if H is None:
            G = self.G
            H = nx.DiGraph() if directed else nx.Graph()
            skip = {n for n, c in G.nodes(data="cls") if c in _STATEMENT_CLASSES}
            H.add_nodes_from(sorted((n for n in G if n not in skip), key=lambda n: node_key(G, n)))
            wanted = key[0]
            H.add_edges_from(
                (u, v)
                for u, v, p in G.edges(data="property")
                if u != v
                and (wanted is None or p in wanted)
                and (wanted is not None or (u not in skip and v not in skip))
            )
            self._simple[key] = H
        return H


_STATEMENT_CLASSES = frozenset({"requirement", "importance", "levelscale"})


def _pagerank(H: Any) -> dict[str, float]:
    import networkx as nx

    try:
        import scipy  # noqa: F401  (nx.pagerank needs it)
    except ImportError:
        # networkx's own pure-Python power iteration: same answer, slower.
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return dict(_pagerank_python(H))
    return dict(nx.pagerank(H))


_VIEWS: weakref.WeakKeyDictionary[Any, tuple[Any, View]] = weakref.WeakKeyDictionary()


_REQUIREMENT_EDGES = frozenset(
    PMG_IRI + p
    for p in (
        "hasRequirement",
        "requiredSkill",
        "requiredQualification",
        "importance",
        "levelScale",
    )
)


def add_requirement_nodes(G: Any, index: Any) -> None:
    """Add the qualified requirements (``pmg:Requirement`` nodes) and their edges to ``G``.

    ``to_networkx`` leaves them out (they are how a requirement is stated, not
    resources to draw); the requirement model reads them.  Importance and
    level-scale values become nodes of class ``importance`` and ``levelscale``.
    """
    nodes = [iri for iri, classes in index.classes.items() if "Requirement" in classes]
    if not nodes:
        return
    for iri in nodes:
        G.add_node(iri, label=IRI(iri).local_name(), cls="requirement")
    for s, p, o in index.edges:
        if p in _REQUIREMENT_EDGES and (s in G or o in G):
            if o not in G:
                G.add_node(o, label=IRI(o).local_name(), cls=_part_class(p))
            if s in G:
                prop = p[len(PMG_IRI) :]
                G.add_edge(s, o, key=prop, property=prop, predicate=p)


def _part_class(predicate: str) -> str:
    return {"importance": "importance", "levelScale": "levelscale"}.get(
        predicate[len(PMG_IRI) :], "resource"
    )


def annotate(G: Any, kg: CareerGraph) -> None:
    """Attach the literal values the requirement model reads (see the module docstring).

    One pass over the store's quads for three predicates (no SPARQL, so no
    query process and no rdflib evaluation on the memory store).
    """
    if not any(c in _NEEDS_LITERALS for _, c in G.nodes(data="cls")):
        return
    wanted = frozenset(PMG_IRI + p for p in _LITERALS)
    nodes = G.nodes
    for s, p, o, is_iri, _ in kg.store.index_quads(wanted, _NO_PREFIX, ONTOLOGY_IRI):
        if is_iri or s not in G:
            continue
        try:
            number = float(o)
        except ValueError:
            continue
        nodes[s][_LITERALS[p[len(PMG_IRI) :]]] = int(number) if number.is_integer() else number


_NO_PREFIX = "urn:x-pmograph:no-prefix:"
"""A predicate prefix nothing starts with: ``index_quads`` then keeps only the wanted predicates."""


def view(kg: CareerGraph) -> View:
    """The networkx view of ``kg``, built once per index of the graph."""
    index = kg.index
    cached = _VIEWS.get(kg)
    if cached is not None and cached[0] is index:
        return cached[1]
    G = kg.to_networkx()
    add_requirement_nodes(G, index)
    annotate(G, kg)
    found = View(G)
    _VIEWS[kg] = (index, found)
    return found


_ANSWERS: weakref.WeakKeyDictionary[Any, tuple[Any, CareerView]] = weakref.WeakKeyDictionary()


def use_answers(kg: CareerGraph, answers: CareerView) -> None:
    """Answer ``kg``'s career questions from ``answers`` (a prebuilt index) instead of
    building the networkx view, for as long as ``kg``'s index stays the same."""
    _ANSWERS[kg] = (kg.index, answers)


def answers(kg: CareerGraph) -> CareerView:
    """What answers ``kg``'s career questions: its prebuilt index (:func:`use_answers`),
    else the networkx view (:func:`view`)."""
    found = _ANSWERS.get(kg)
    if found is not None and found[0] is kg.index:
        return found[1]
    return view(kg)


def find_role(kg: CareerGraph, name: str) -> str:
    """The role a label, alternative title or IRI names (remembered per view)."""
    names = answers(kg).names
    found = names.get(name)
    if found is None:
        found = str(kg.find(name, cls="Role"))
        names.remember(name, found)
    return found
