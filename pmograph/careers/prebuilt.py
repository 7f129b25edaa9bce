"""The career answers of one graph, prebuilt with networkx once and read back without it.

Importing networkx alone takes longer than Python takes to import rdflib
(its backends machinery reads every installed package's entry points), so a
career command that built its networkx view on every run could not start as
fast as a query.  :func:`build` asks the networkx view (:class:`~pmograph.careers.view.View`)
of a graph everything the career commands need, for every role at once, and
:class:`Prebuilt` answers from what it stored, as a
:class:`~pmograph.careers.view.CareerView`: nothing in it is computed
differently, so its answers are the networkx view's, byte for byte.

What is stored, for every role of the progression graph: its label and class,
its requirements (own and inherited), its next steps in the progression
graph's order, the roles it reaches, the shortest path (``nx.shortest_path``)
to each of them, its seniority; for every required resource its
``experience_months``; the size of the ranking graph and the ranking by
degree; and the label index (:class:`pmograph.index.Index`) that ``find`` and
``label`` read.  Rankings by PageRank and betweenness are added the first time
one is asked for (PageRank needs scipy, betweenness can take seconds).

What it cannot answer (``--all`` paths, a ranking on other properties, a
node it does not hold) it leaves to the networkx view, built then from the
graph (:data:`Full`).  A graph whose roles reach more than
:data:`MAX_REACH` roles in all is not prebuilt (the index would outgrow the
work it saves); paths are left out above :data:`MAX_PATH_NODES`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING, Any

from pmograph.careers.model import Ranked, Requirement, Requirements
from pmograph.careers.ranking import CAREER_PROPERTIES
from pmograph.careers.view import Memo, View
from pmograph.terms import IRI

if TYPE_CHECKING:  # pragma: no cover
    from pmograph.index import Index

__all__ = [
    "FIELDS",
    "usable",
    "MAX_REACH",
    "MAX_PATH_NODES",
    "Full",
    "build",
    "Prebuilt",
    "index_state",
    "restore_index",
]

MAX_REACH = 1_000_000
"""Above this many (role, reachable role) pairs a graph gets no prebuilt index."""
MAX_PATH_NODES = 2_000_000
"""Above this many roles on all the shortest paths together, paths are not stored."""

Full = Callable[[], View]
"""How a :class:`Prebuilt` gets the networkx view for what it does not hold."""


def index_state(index: Index) -> dict[str, Any]:
    """The label index as plain values (``defaultdict`` becomes ``dict``)."""
    return {
        name: dict(value) if isinstance(value, dict) else value
        for name, value in vars(index).items()
    }


def restore_index(state: dict[str, Any]) -> Index | None:
    """The label index :func:`index_state` stored, or ``None`` when its fields differ."""
    from collections import defaultdict

    from pmograph.index import Index

    index = Index()
    if not isinstance(state, dict) or set(state) != set(vars(index)):
        return None
    for name, value in state.items():
        empty = getattr(index, name)
        if isinstance(empty, defaultdict):
            value = defaultdict(empty.default_factory, value)
        setattr(index, name, value)
    return index


def _requirement(r: Requirement) -> tuple[Any, ...]:
    origin = str(r.inherited_from) if r.inherited_from is not None else None
    return (str(r.iri), r.label, r.kind, r.need, r.level, r.scale, origin)


def _ranked(r: Ranked) -> tuple[Any, ...]:
    return (str(r.iri), r.label, r.cls, r.score)


def _ranking_key(by: str, k: int | None, seed: int) -> tuple[Any, ...]:
    return (by, k, seed if k else None)


def build(v: View, index: Index) -> dict[str, Any]:
    """Everything :class:`Prebuilt` answers from, asked of the networkx view ``v``.

    A graph too connected for an index (:data:`MAX_REACH`) gets a state
    saying so (``"roles": None``), so that it is not tried again.
    """
    P = v.progression
    roles = list(P.nodes)
    reach: dict[str, list[str]] = {}
    total = 0
    for role in roles:
        reach[role] = list(v.reach(role))
        total += len(reach[role])
        if total > MAX_REACH:
            return {"roles": None}
    paths: dict[str, dict[str, list[str]]] | None = {}
    count = 0
    for role in roles:
        found: dict[str, list[str]] = {}
        for target in reach[role]:
            steps = v.shortest(role, target)
            if steps is not None:
                found[target] = steps
                count += len(steps)
        assert paths is not None
        paths[role] = found
        if count > MAX_PATH_NODES:
            paths = None
            break
    G = v.G
    candidates = set(roles) | {i for i, c in index.classes.items() if "Role" in c}
    nodes = {
        n: (
            n in G,
            G.nodes[n].get("label") if n in G else None,
            G.nodes[n].get("cls") if n in G else None,
        )
        for n in candidates
    }
    requirements = {role: [_requirement(r) for r in v.requirements(role)] for role in roles}
    required = {r[0] for reqs in requirements.values() for r in reqs}
    degree = v.ranking("degree", CAREER_PROPERTIES, None, 0)
    return {
        "roles": roles,
        "nodes": nodes,
        "requirements": requirements,
        "successors": {role: v.successors(role) for role in roles},
        "reach": reach,
        "paths": paths,
        "seniority": {role: v.seniority(role) for role in roles},
        "experience": {iri: v.experience_months(iri) for iri in required},
        "rank_size": v.rank_size(CAREER_PROPERTIES),
        "rankings": {_ranking_key("degree", None, 0): [_ranked(r) for r in degree]},
        "index": index_state(index),
    }


FIELDS = frozenset(
    {
        "roles",
        "nodes",
        "requirements",
        "successors",
        "reach",
        "paths",
        "seniority",
        "experience",
        "rank_size",
        "rankings",
        "index",
    }
)
"""What a :func:`build` state holds (a graph too connected for an index: ``roles`` only)."""


def usable(state: dict[str, Any]) -> bool:
    """Whether ``state`` is a whole index (not one saying the graph gets none)."""
    return state.get("roles") is not None and FIELDS <= state.keys()


class Prebuilt:
    """A :class:`~pmograph.careers.view.CareerView` answering from a :func:`build` state.

    ``full`` gives the networkx view for what the state does not hold;
    ``learned`` is called with the state after a ranking was added to it (so
    that the caller can store it again).
    """

    def __init__(
        self,
        state: dict[str, Any],
        full: Full,
        learned: Callable[[dict[str, Any]], object] | None = None,
    ) -> None:
        self.state = state
        self._full = full
        self._learned = learned
        self._reach: dict[str, frozenset[str]] = {}
        self._requirements: dict[str, Requirements] = {}
        self.names: Memo[str, str] = Memo()
        self.memo: Memo[tuple[Any, ...], Any] = Memo()

    def full(self) -> View:
        """The networkx view, for what the state does not hold."""
        return self._full()

    def _node(self, node: str) -> tuple[bool, Any, Any] | None:
        found = self.state["nodes"].get(node)
        return None if found is None else tuple(found)  # type: ignore[return-value]

    def check_role(self, node: str) -> None:
        from pmograph.errors import UnknownResource

        found = self._node(node)
        if found is None:
            return self.full().check_role(node)
        in_graph, label, cls = found
        if not in_graph:
            raise UnknownResource(f"{node!r} is not in the graph; name a role that is")
        if cls != "role":
            shown = node if label is None else label
            raise UnknownResource(f"{shown!r} <{node}> is not a role; name a role instead")
        return None

    def label(self, node: str) -> str:
        found = self._node(node)
        if found is None or not found[0]:
            return self.full().label(node)
        return str(found[1] or IRI(node).local_name())

    def requirements(self, role: str) -> Requirements:
        done = self._requirements.get(role)
        if done is not None:
            return done
        stated = self.state["requirements"].get(role)
        if stated is None:
            return self.full().requirements(role)
        items = tuple(
            Requirement(IRI(i), lab, kind, need, level, scale, IRI(o) if o else None)
            for i, lab, kind, need, level, scale, o in stated
        )
        done = self._requirements[role] = Requirements(items)
        return done

    def successors(self, role: str) -> list[str]:
        found = self.state["successors"].get(role)
        return self.full().successors(role) if found is None else list(found)

    def reach(self, role: str) -> frozenset[str]:
        done = self._reach.get(role)
        if done is None:
            found = self.state["reach"].get(role)
            if found is None:
                return self.full().reach(role)
            done = self._reach[role] = frozenset(found)
        return done

    def shortest(self, source: str, target: str) -> list[str] | None:
        paths = self.state["paths"]
        if paths is None or source not in paths:
            return self.full().shortest(source, target)
        if source == target:
            return [source]
        found = paths[source].get(target)
        return None if found is None else list(found)

    def all_paths(self, source: str, target: str, cutoff: int | None) -> Iterable[list[str]]:
        return self.full().all_paths(source, target, cutoff)

    def seniority(self, role: str) -> float | None:
        found = self.state["seniority"]
        return found[role] if role in found else self.full().seniority(role)  # type: ignore[no-any-return]

    def experience_months(self, node: str) -> tuple[bool, Any]:
        found = self.state["experience"].get(node)
        return self.full().experience_months(node) if found is None else tuple(found)  # type: ignore[return-value]

    def rank_size(self, properties: Collection[str] | None) -> int:
        if _is_career(properties):
            return int(self.state["rank_size"])
        return self.full().rank_size(properties)

    def ranking(
        self, by: str, properties: Collection[str] | None, k: int | None, seed: int
    ) -> tuple[Ranked, ...]:
        if not _is_career(properties):
            return self.full().ranking(by, properties, k, seed)
        key = _ranking_key(by, k, seed)
        stored = self.state["rankings"].get(key)
        if stored is None:
            computed = self.full().ranking(by, properties, k, seed)
            rankings = dict(self.state["rankings"])
            while len(rankings) >= RANKINGS_KEPT:
                rankings.pop(next(iter(rankings)))
            rankings[key] = [_ranked(r) for r in computed]
            self.state = {**self.state, "rankings": rankings}
            if self._learned is not None:
                self._learned(self.state)
            return computed
        return tuple(Ranked(IRI(i), lab, cls, score) for i, lab, cls, score in stored)


RANKINGS_KEPT = 8
"""How many rankings (measure, samples, seed) an index keeps."""


def _is_career(properties: Collection[str] | None) -> bool:
    return properties is not None and frozenset(properties) == CAREER_PROPERTIES
