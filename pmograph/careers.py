"""Career analytics: paths, next steps, skill gaps and rankings, with networkx.

The questions people bring are personal: "I am a PMO analyst; how do I become a
portfolio manager, and what must I learn?".  This module answers them on the
networkx view of the graph that :meth:`pmograph.KnowledgeGraph.to_networkx`
builds.

Two layers, in networkx's style:

* functions of a graph ``G`` (:func:`shortest_career_path`, :func:`career_paths`,
  :func:`next_roles`, :func:`role_requirements`, :func:`requirement_gap`,
  :func:`centrality`, :func:`progression_graph`), which take node ids;
* functions of a :class:`~pmograph.KnowledgeGraph` (:func:`path`,
  :func:`next_steps`, :func:`requirements`, :func:`gap`, :func:`rank`,
  :func:`write_network`), which name roles by label or alternative title
  (:meth:`~pmograph.KnowledgeGraph.find`) and reuse one networkx view per graph.

Assumptions about ``G``
-----------------------
* It is a ``networkx.MultiDiGraph``; every node has a ``label`` and a ``cls``
  (short class name: ``"role"``, ``"skill"``, ``"qualification"``,
  ``"certification"`` ...); every edge has a ``property``: the local name of
  the pmograph property it stands for (``"progressesTo"``, ``"requiresSkill"``).
* A career step is a ``progressesTo`` edge between two roles.  Progressions
  should not form cycles, but data may have them: every algorithm here stops
  on cycles (paths are simple, reachability is a set).
* A role's requirements are its ``requiresSkill``, ``requiresEssentialSkill``,
  ``requiresOptionalSkill``, ``requiresQualification``,
  ``requiresEssentialQualification`` and ``requiresOptionalQualification``
  edges.  What a requirement is (skill, qualification or certification) comes
  from the class of its node, and failing that from the property.  How much it
  is needed (``need``) comes from the property: ``"essential"``, ``"optional"``,
  or ``"unspecified"`` for the plain properties.  When a role states the same
  requirement more than once (after reasoning every essential skill is also a
  plain ``requiresSkill``), essential wins over optional, and optional over
  unspecified.
* A role *lacks* a requirement when it states no requirement edge of any kind
  to it; "what the next role adds" is what the next role requires and the
  current role lacks.
* Ties are broken by label (case-insensitively), then IRI, so that answers do
  not depend on the order in which a store returns its quads.
"""

from __future__ import annotations

import io
import weakref
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, overload

from pmograph.errors import InputError, UnknownResource
from pmograph.namespaces import CLASS_NAMES
from pmograph.terms import IRI

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from pmograph.graph import CoreGraph as KnowledgeGraph

__all__ = [
    "PROGRESSES_TO",
    "REQUIREMENT_PROPERTIES",
    "CAREER_PROPERTIES",
    "DEFAULT_MAX_STEPS",
    "RANK_MEASURES",
    "BETWEENNESS_EXACT_LIMIT",
    "BETWEENNESS_SAMPLES",
    "BETWEENNESS_SEED",
    "NETWORK_FORMATS",
    "Requirement",
    "Requirements",
    "Gap",
    "Step",
    "CareerPath",
    "NextStep",
    "Ranked",
    "progression_graph",
    "role_requirements",
    "shortest_career_path",
    "career_paths",
    "next_roles",
    "requirement_gap",
    "centrality",
    "requirements",
    "path",
    "next_steps",
    "gap",
    "rank",
    "write_network",
]

PROGRESSES_TO = "progressesTo"
"""The property of a career step (local name of ``pmg:progressesTo``)."""

# property local name -> (family, need)
_REQUIREMENT_KINDS: dict[str, tuple[str, str]] = {
    "requiresEssentialSkill": ("skill", "essential"),
    "requiresOptionalSkill": ("skill", "optional"),
    "requiresSkill": ("skill", "unspecified"),
    "requiresEssentialQualification": ("qualification", "essential"),
    "requiresOptionalQualification": ("qualification", "optional"),
    "requiresQualification": ("qualification", "unspecified"),
}
REQUIREMENT_PROPERTIES: frozenset[str] = frozenset(_REQUIREMENT_KINDS)
"""The properties that state what a role requires (local names)."""
CAREER_PROPERTIES: frozenset[str] = REQUIREMENT_PROPERTIES | {PROGRESSES_TO}
"""The edges :func:`centrality` uses by default: career steps and requirements."""

DEFAULT_MAX_STEPS = 6
"""How many steps :func:`career_paths` looks ahead unless told otherwise."""

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

NETWORK_FORMATS = ("graphml", "gexf")
"""The network formats :func:`write_network` writes."""

_NEEDS = ("essential", "optional", "unspecified")
_KINDS = ("skill", "qualification", "certification")


# -- results --------------------------------------------------------------
@dataclass(frozen=True)
class Requirement:
    """One skill, qualification or certification that a role requires.

    ``kind`` is ``"skill"``, ``"qualification"`` or ``"certification"``;
    ``need`` is ``"essential"``, ``"optional"`` or ``"unspecified"``.
    """

    iri: IRI
    label: str
    kind: str
    need: str

    def describe(self) -> str:
        """The label with its need and kind: ``'Flexibility (essential skill)'``."""
        need = "" if self.need == "unspecified" else self.need + " "
        return f"{self.label} ({need}{self.kind})"

    def as_dict(self) -> dict[str, str]:
        """The requirement as plain values (for JSON)."""
        return {"label": self.label, "kind": self.kind, "need": self.need, "iri": str(self.iri)}


def _requirement_order(r: Requirement) -> tuple[int, int, str, str]:
    return (_KINDS.index(r.kind), _NEEDS.index(r.need), r.label.lower(), r.iri)


@dataclass(frozen=True)
class Requirements:
    """What a role requires (or what one role adds to another).

    ``items`` are sorted by kind (skills, qualifications, certifications), then
    need (essential, optional, unspecified), then label.  The properties
    select parts of it; ``len()`` counts the items; ``iri in requirements``
    asks whether a resource is among them.
    """

    items: tuple[Requirement, ...] = ()

    def __iter__(self) -> Iterator[Requirement]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, iri: object) -> bool:
        return any(r.iri == iri for r in self.items)

    @property
    def skills(self) -> tuple[Requirement, ...]:
        """Every skill, whatever its need."""
        return tuple(r for r in self.items if r.kind == "skill")

    @property
    def essential(self) -> tuple[Requirement, ...]:
        """The essential skills (``pmg:requiresEssentialSkill``)."""
        return tuple(r for r in self.skills if r.need == "essential")

    @property
    def optional(self) -> tuple[Requirement, ...]:
        """The optional skills (``pmg:requiresOptionalSkill``)."""
        return tuple(r for r in self.skills if r.need == "optional")

    @property
    def unspecified(self) -> tuple[Requirement, ...]:
        """The skills stated with plain ``pmg:requiresSkill`` only."""
        return tuple(r for r in self.skills if r.need == "unspecified")

    @property
    def qualifications(self) -> tuple[Requirement, ...]:
        """Qualifications that are not certifications (each with its ``need``)."""
        return tuple(r for r in self.items if r.kind == "qualification")

    @property
    def certifications(self) -> tuple[Requirement, ...]:
        """Certifications (each with its ``need``)."""
        return tuple(r for r in self.items if r.kind == "certification")

    @property
    def labels(self) -> list[str]:
        """The labels of the items, in order."""
        return [r.label for r in self.items]

    def minus(self, other: Iterable[Requirement]) -> Requirements:
        """The items whose resource is not among ``other``'s, whatever its need."""
        have = {r.iri for r in other}
        return Requirements(tuple(r for r in self.items if r.iri not in have))


@dataclass(frozen=True)
class Gap(Requirements):
    """What ``target`` requires that ``source`` lacks (see :func:`requirement_gap`)."""

    source: IRI = field(kw_only=True)
    target: IRI = field(kw_only=True)


@dataclass(frozen=True)
class Step:
    """A role on a career path and what it requires that the previous role does not.

    The first step of a path is where it starts, and adds nothing.
    """

    role: IRI
    label: str
    adds: Requirements


@dataclass(frozen=True)
class CareerPath:
    """A sequence of roles, each a ``progressesTo`` step from the one before."""

    steps: tuple[Step, ...]

    @property
    def source(self) -> IRI:
        """The role the path starts from."""
        return self.steps[0].role

    @property
    def target(self) -> IRI:
        """The role the path arrives at."""
        return self.steps[-1].role

    @property
    def roles(self) -> list[IRI]:
        """The roles along the path, in order."""
        return [s.role for s in self.steps]

    @property
    def labels(self) -> list[str]:
        """The labels of the roles along the path."""
        return [s.label for s in self.steps]

    @property
    def moves(self) -> int:
        """How many career steps the path takes (one less than its roles)."""
        return len(self.steps) - 1

    def __str__(self) -> str:
        return " -> ".join(self.labels)


@dataclass(frozen=True)
class NextStep:
    """A role one step on from another (see :func:`next_roles`).

    ``adds`` is what it requires that the current role lacks; ``onward`` how
    many other roles can be reached from it.
    """

    role: IRI
    label: str
    adds: Requirements
    onward: int


@dataclass(frozen=True)
class Ranked:
    """A resource and its centrality score (see :func:`centrality`)."""

    iri: IRI
    label: str
    cls: str
    score: float


# -- functions of a networkx graph ----------------------------------------
def _key(G: Any, node: str) -> tuple[str, str]:
    return (str(G.nodes[node].get("label", node)).lower(), node)


def _check_role(G: Any, node: str) -> None:
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

    roles = sorted((n for n, c in G.nodes(data="cls") if c == "role"), key=lambda n: _key(G, n))
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


def role_requirements(G: nx.MultiDiGraph, role: str) -> Requirements:
    """The skills, qualifications and certifications a role requires.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :meth:`pmograph.KnowledgeGraph.to_networkx`.
    role : str
        A role node.

    Returns
    -------
    Requirements
        Sorted by kind, need and label; see the module docstring for how kind
        and need are decided.

    Raises
    ------
    UnknownResource
        ``role`` is not a role of ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("pm", label="PMO Manager", cls="role")
    >>> G.add_node("fl", label="Flexibility", cls="skill")
    >>> G.add_node("pmp", label="PMP", cls="certification")
    >>> _ = G.add_edge("pm", "fl", property="requiresEssentialSkill")
    >>> _ = G.add_edge("pm", "fl", property="requiresSkill")
    >>> _ = G.add_edge("pm", "pmp", property="requiresOptionalQualification")
    >>> [r.describe() for r in role_requirements(G, "pm")]
    ['Flexibility (essential skill)', 'PMP (optional certification)']
    """
    _check_role(G, role)
    return _requirements(G, role)


def _requirements(G: Any, role: str) -> Requirements:
    found: dict[str, tuple[str, int]] = {}  # node -> (family, best need index)
    for _, target, prop in G.out_edges(role, data="property"):
        kind = _REQUIREMENT_KINDS.get(prop)
        if kind is None:
            continue
        family, need = kind
        rank = _NEEDS.index(need)
        old = found.get(target)
        if old is None or rank < old[1] or (rank == old[1] and family == "skill"):
            found[target] = (family, rank)
    items = []
    for target, (family, rank) in found.items():
        data = G.nodes[target]
        cls = data.get("cls")
        what = str(cls) if cls in _KINDS else family
        label = str(data.get("label") or IRI(target).local_name())
        items.append(Requirement(IRI(target), label, what, _NEEDS[rank]))
    return Requirements(tuple(sorted(items, key=_requirement_order)))


class _View:
    """A networkx graph with the derived graphs and lookups the algorithms reuse."""

    def __init__(self, G: Any) -> None:
        self.G = G
        self._progression: Any = None
        self._requirements: dict[str, Requirements] = {}
        self._simple: dict[tuple[frozenset[str] | None, bool], Any] = {}

    @property
    def progression(self) -> Any:
        if self._progression is None:
            self._progression = progression_graph(self.G)
        return self._progression

    def requirements(self, role: str) -> Requirements:
        found = self._requirements.get(role)
        if found is None:
            found = self._requirements[role] = _requirements(self.G, role)
        return found

    def label(self, node: str) -> str:
        return str(self.G.nodes[node].get("label") or IRI(node).local_name())

    def career_path(self, nodes: list[str]) -> CareerPath:
        steps = [Step(IRI(nodes[0]), self.label(nodes[0]), Requirements())]
        for before, after in zip(nodes, nodes[1:]):
            adds = self.requirements(after).minus(self.requirements(before))
            steps.append(Step(IRI(after), self.label(after), adds))
        return CareerPath(tuple(steps))

    def simple(self, properties: Collection[str] | None, directed: bool) -> Any:
        """``G`` without parallel edges or self-loops, on the given properties only."""
        import networkx as nx

        key = (frozenset(properties) if properties is not None else None, directed)
        H = self._simple.get(key)
        if H is None:
            G = self.G
            H = nx.DiGraph() if directed else nx.Graph()
            H.add_nodes_from(sorted(G.nodes, key=lambda n: _key(G, n)))
            wanted = key[0]
            H.add_edges_from(
                (u, v)
                for u, v, p in G.edges(data="property")
                if u != v and (wanted is None or p in wanted)
            )
            self._simple[key] = H
        return H


def _check_steps(max_steps: int | None) -> None:
    if max_steps is not None and max_steps < 0:
        raise InputError(f"max_steps must be 0 or more, not {max_steps}")


def _shortest(view: _View, source: str, target: str, max_steps: int | None) -> CareerPath | None:
    import networkx as nx

    _check_role(view.G, source)
    _check_role(view.G, target)
    _check_steps(max_steps)
    try:
        nodes = nx.shortest_path(view.progression, source, target)
    except nx.NetworkXNoPath:
        return None
    if max_steps is not None and len(nodes) - 1 > max_steps:
        return None
    return view.career_path(nodes)


def _all(view: _View, source: str, target: str, max_steps: int | None) -> list[CareerPath]:
    import networkx as nx

    _check_role(view.G, source)
    _check_role(view.G, target)
    _check_steps(max_steps)
    if source == target:
        return [view.career_path([source])]
    if max_steps == 0:
        return []
    found = nx.all_simple_paths(view.progression, source, target, cutoff=max_steps)
    paths = [view.career_path(nodes) for nodes in found]
    return sorted(paths, key=lambda p: (p.moves, [s.lower() for s in p.labels], p.roles))


def shortest_career_path(
    G: nx.MultiDiGraph, source: str, target: str, *, max_steps: int | None = None
) -> CareerPath | None:
    """The shortest career path from one role to another.

    Steps are ``progressesTo`` edges.  Between paths of the same length the
    choice does not depend on the order in which the data was loaded: roles
    are visited in label order.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :meth:`pmograph.KnowledgeGraph.to_networkx`.
    source, target : str
        Role nodes.
    max_steps : int, optional
        Give up on paths longer than this (default: no limit).

    Returns
    -------
    CareerPath or None
        Each step with what its role requires that the previous role lacks;
        ``None`` when there is no path (within ``max_steps``).  From a role
        to itself, a path of one step.

    Raises
    ------
    UnknownResource
        ``source`` or ``target`` is not a role of ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> for node in ["Analyst", "Manager", "Director", "Diplomacy"]:
    ...     G.add_node(node, label=node, cls="skill" if node == "Diplomacy" else "role")
    >>> _ = G.add_edge("Analyst", "Manager", property="progressesTo")
    >>> _ = G.add_edge("Manager", "Director", property="progressesTo")
    >>> _ = G.add_edge("Director", "Analyst", property="progressesTo")  # a cycle
    >>> _ = G.add_edge("Director", "Diplomacy", property="requiresEssentialSkill")
    >>> p = shortest_career_path(G, "Analyst", "Director")
    >>> str(p), p.moves, p.steps[-1].adds.labels
    ('Analyst -> Manager -> Director', 2, ['Diplomacy'])
    >>> shortest_career_path(G, "Analyst", "Director", max_steps=1) is None
    True
    """
    return _shortest(_View(G), source, target, max_steps)


def career_paths(
    G: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    max_steps: int | None = DEFAULT_MAX_STEPS,
) -> list[CareerPath]:
    """Every career path from one role to another that visits no role twice.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :meth:`pmograph.KnowledgeGraph.to_networkx`.
    source, target : str
        Role nodes.
    max_steps : int or None, optional
        The longest path to look for (default :data:`DEFAULT_MAX_STEPS`).
        ``None`` looks for paths of any length, which in a densely connected
        graph can be very many.

    Returns
    -------
    list of CareerPath
        Shortest first, then in label order; empty when there is none.
        Cycles in the data are harmless: paths are simple.

    Raises
    ------
    UnknownResource
        ``source`` or ``target`` is not a role of ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> for node in ["A", "B", "C", "D"]:
    ...     G.add_node(node, label=node, cls="role")
    >>> for u, v in [("A", "B"), ("B", "D"), ("A", "C"), ("C", "B"), ("D", "A")]:
    ...     _ = G.add_edge(u, v, property="progressesTo")
    >>> [str(p) for p in career_paths(G, "A", "D")]
    ['A -> B -> D', 'A -> C -> B -> D']
    >>> [str(p) for p in career_paths(G, "A", "D", max_steps=2)]
    ['A -> B -> D']
    """
    return _all(_View(G), source, target, max_steps)


def _next(view: _View, role: str) -> list[NextStep]:
    import networkx as nx

    _check_role(view.G, role)
    P = view.progression
    here = view.requirements(role)
    out = []
    for nxt in P.successors(role):
        adds = view.requirements(nxt).minus(here)
        onward = len(nx.descendants(P, nxt) - {role, nxt})
        out.append(NextStep(IRI(nxt), view.label(nxt), adds, onward))
    return sorted(out, key=lambda s: (len(s.adds), -s.onward, s.label.lower(), s.role))


def next_roles(G: nx.MultiDiGraph, role: str) -> list[NextStep]:
    """The roles one career step on from ``role``, ranked.

    Ranking: the step that adds fewest new requirements first (the smallest
    step to take); among equals, the one from which more other roles can be
    reached (it keeps more doors open); then by label.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :meth:`pmograph.KnowledgeGraph.to_networkx`.
    role : str
        A role node.

    Returns
    -------
    list of NextStep
        Empty when the data knows no step on from ``role``.

    Raises
    ------
    UnknownResource
        ``role`` is not a role of ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> for node in ["PM", "Programme", "Portfolio", "Consultant"]:
    ...     G.add_node(node, label=node, cls="role")
    >>> G.add_node("budget", label="Budgeting", cls="skill")
    >>> for v in ["Programme", "Consultant"]:
    ...     _ = G.add_edge("PM", v, property="progressesTo")
    >>> _ = G.add_edge("Programme", "Portfolio", property="progressesTo")
    >>> _ = G.add_edge("Consultant", "budget", property="requiresSkill")
    >>> [(s.label, len(s.adds), s.onward) for s in next_roles(G, "PM")]
    [('Programme', 0, 1), ('Consultant', 1, 0)]
    """
    return _next(_View(G), role)


def _gap(view: _View, source: str, target: str) -> Gap:
    _check_role(view.G, source)
    _check_role(view.G, target)
    missing = view.requirements(target).minus(view.requirements(source))
    return Gap(missing.items, source=IRI(source), target=IRI(target))


def requirement_gap(G: nx.MultiDiGraph, source: str, target: str) -> Gap:
    """What ``target`` requires that ``source`` lacks.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :meth:`pmograph.KnowledgeGraph.to_networkx`.
    source, target : str
        Role nodes.

    Returns
    -------
    Gap
        Its ``essential``, ``optional`` and ``unspecified`` skills,
        ``qualifications`` and ``certifications``.  A requirement that
        ``source`` states with any need does not count as lacking.

    Raises
    ------
    UnknownResource
        ``source`` or ``target`` is not a role of ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["analyst", "manager"], cls="role")
    >>> G.add_node("ei", label="Emotional intelligence", cls="skill")
    >>> G.add_node("plan", label="Planning", cls="skill")
    >>> _ = G.add_edge("analyst", "plan", property="requiresSkill")
    >>> _ = G.add_edge("manager", "plan", property="requiresEssentialSkill")
    >>> _ = G.add_edge("manager", "ei", property="requiresEssentialSkill")
    >>> [r.label for r in requirement_gap(G, "analyst", "manager").essential]
    ['Emotional intelligence']
    """
    return _gap(_View(G), source, target)


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
    view: _View,
    *,
    by: str,
    types: Iterable[str] | None,
    top: int | None,
    samples: int | None,
    seed: int,
    properties: Collection[str] | None,
) -> list[Ranked]:
    import networkx as nx

    if by not in RANK_MEASURES:
        raise InputError(f"unknown ranking {by!r}; use one of {', '.join(RANK_MEASURES)}")
    if top is not None and top < 0:
        raise InputError(f"top must be 0 or more, not {top}")
    if samples is not None and samples < 1:
        raise InputError(f"samples must be 1 or more, not {samples}")
    wanted = _class_filter(types)
    scores: dict[str, float]
    if by == "degree":
        scores = dict(view.simple(properties, directed=False).degree())
    elif by == "betweenness":
        H = view.simple(properties, directed=False)
        n = H.number_of_nodes()
        k = samples if samples is not None else None
        if k is None and n > BETWEENNESS_EXACT_LIMIT:
            k = BETWEENNESS_SAMPLES
        if k is not None and k >= n:
            k = None
        scores = nx.betweenness_centrality(H, k=k, seed=seed if k else None)
    else:
        scores = _pagerank(view.simple(properties, directed=True))
    G = view.G
    out = [
        Ranked(IRI(n), view.label(n), str(G.nodes[n].get("cls", "")), s)
        for n, s in scores.items()
        if wanted is None or G.nodes[n].get("cls") in wanted
    ]
    # Rounded for sorting: equal scores computed in a different order tie, then go by label.
    out.sort(key=lambda r: (-round(r.score, 12), r.label.lower(), r.iri))
    return out if top is None else out[:top]


def _pagerank(H: Any) -> dict[str, float]:
    import networkx as nx

    try:
        import scipy  # noqa: F401  (nx.pagerank needs it)
    except ImportError:
        # networkx's own pure-Python power iteration: same answer, slower.
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return dict(_pagerank_python(H))
    return dict(nx.pagerank(H))


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
        _View(G),
        by=by,
        types=types,
        top=top,
        samples=samples,
        seed=seed,
        properties=properties,
    )


# -- functions of a KnowledgeGraph ----------------------------------------
_VIEWS: weakref.WeakKeyDictionary[Any, tuple[Any, _View]] = weakref.WeakKeyDictionary()


def _view(kg: KnowledgeGraph) -> _View:
    """The networkx view of ``kg``, built once per index of the graph."""
    index = kg.index
    cached = _VIEWS.get(kg)
    if cached is not None and cached[0] is index:
        return cached[1]
    view = _View(kg.to_networkx())
    _VIEWS[kg] = (index, view)
    return view


def _role(kg: KnowledgeGraph, name: str) -> str:
    return str(kg.find(name, cls="Role"))


def requirements(kg: KnowledgeGraph, role: str) -> Requirements:
    """The skills, qualifications and certifications a role requires.

    ``role`` is a label, alternative title or IRI; see :func:`role_requirements`.

    Raises
    ------
    UnknownResource
        No role, or several, go by that name.

    Examples
    --------
    >>> from pmograph.kg import load
    >>> kg = load()
    >>> [r.label for r in kg.skills_for("PMO Manager").essential]
    ['Analytical ability', 'Emotional intelligence', 'Flexibility', 'Strong character']
    """
    return _view(kg).requirements(_role(kg, role))


@overload
def path(
    kg: KnowledgeGraph,
    source: str,
    target: str,
    *,
    all_paths: Literal[False] = False,
    max_steps: int | None = None,
) -> CareerPath | None: ...
@overload
def path(
    kg: KnowledgeGraph,
    source: str,
    target: str,
    *,
    all_paths: Literal[True],
    max_steps: int | None = None,
) -> list[CareerPath]: ...
def path(
    kg: KnowledgeGraph,
    source: str,
    target: str,
    *,
    all_paths: bool = False,
    max_steps: int | None = None,
) -> CareerPath | None | list[CareerPath]:
    """The shortest career path between two roles, or with ``all_paths`` every one.

    Roles are named by label, alternative title or IRI.  Without
    ``all_paths``, see :func:`shortest_career_path` (``max_steps`` defaults to
    no limit); with it, see :func:`career_paths` (``max_steps`` defaults to
    :data:`DEFAULT_MAX_STEPS`).

    Returns
    -------
    CareerPath or None, or list of CareerPath
        ``None`` (or an empty list) when there is no known path.

    Raises
    ------
    UnknownResource
        No role, or several, go by one of the names.

    Examples
    --------
    >>> from pmograph.kg import load
    >>> kg = load()
    >>> kg.path("Project Manager", "Portfolio Manager").target == kg.find("Portfolio Manager")
    True
    """
    view = _view(kg)
    a, b = _role(kg, source), _role(kg, target)
    if all_paths:
        return _all(view, a, b, DEFAULT_MAX_STEPS if max_steps is None else max_steps)
    return _shortest(view, a, b, max_steps)


def next_steps(kg: KnowledgeGraph, role: str) -> list[NextStep]:
    """The usual next steps from a role, ranked; see :func:`next_roles`.

    Raises
    ------
    UnknownResource
        No role, or several, go by that name.

    Examples
    --------
    >>> from pmograph.kg import load
    >>> kg = load()
    >>> [s.label for s in kg.next_steps("Programme Manager")]
    ['Portfolio Manager']
    """
    return _next(_view(kg), _role(kg, role))


def gap(kg: KnowledgeGraph, source: str, target: str) -> Gap:
    """What ``target`` requires that ``source`` lacks; see :func:`requirement_gap`.

    Raises
    ------
    UnknownResource
        No role, or several, go by one of the names.

    Examples
    --------
    >>> from pmograph.kg import load
    >>> kg = load()
    >>> [r.label for r in kg.gap("PMO Analyst", "PMO Manager").essential]
    ['Analytical ability', 'Emotional intelligence', 'Flexibility', 'Strong character']
    """
    return _gap(_view(kg), _role(kg, source), _role(kg, target))


def rank(
    kg: KnowledgeGraph,
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
        _view(kg),
        by=by,
        types=types,
        top=top,
        samples=samples,
        seed=seed,
        properties=CAREER_PROPERTIES,
    )


def write_network(kg: KnowledgeGraph, fmt: str) -> bytes:
    """The graph's networkx view as GraphML or GEXF, for Gephi and other network tools.

    Node attributes are ``label``, ``cls``, ``definition`` and ``alt_labels``
    (joined with ``"; "``); edges carry ``property`` and ``predicate``.

    Parameters
    ----------
    fmt : {"graphml", "gexf"}

    Raises
    ------
    InputError
        An unknown format.

    Examples
    --------
    >>> from pmograph.kg import load
    >>> kg = load()
    >>> write_network(kg, "graphml")[:38]
    b"<?xml version='1.0' encoding='utf-8'?>"
    """
    import networkx as nx

    if fmt not in NETWORK_FORMATS:
        raise InputError(f"unknown network format {fmt!r}; use one of {', '.join(NETWORK_FORMATS)}")
    G = _view(kg).G.copy()
    attributes = [d for _, d in G.nodes(data=True)] + [d for *_, d in G.edges(data=True)]
    for data in attributes:
        for name, value in list(data.items()):
            if isinstance(value, (list, tuple, set)):
                data[name] = "; ".join(str(v) for v in value)
            elif isinstance(value, str) or value is None:
                data[name] = str(value or "")
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(G, buf)
    else:
        nx.write_gexf(G, buf)
    return buf.getvalue()
