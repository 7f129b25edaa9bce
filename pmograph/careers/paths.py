"""Career paths: the shortest, or every simple one, between two roles.

A career step is a ``pmg:progressesTo`` edge between two roles (stated, or
entailed from ``pmg:progressesFrom``).  Progressions should not form cycles,
but data may have them: paths here are simple, so cycles are harmless.  Each
step of a path lists what its role requires that the role before lacks, and
the levels it must climb (:mod:`pmograph.careers.requirements`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, overload

from pmograph.careers.model import CareerPath, Requirements, Step
from pmograph.careers.requirements import level_steps
from pmograph.careers.view import CareerGraph, CareerView, View, answers, find_role
from pmograph.errors import InputError
from pmograph.terms import IRI

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["DEFAULT_MAX_STEPS", "shortest_career_path", "career_paths", "path"]

DEFAULT_MAX_STEPS = 6
"""How many steps :func:`career_paths` looks ahead unless told otherwise."""


def _career_path(v: CareerView, nodes: list[str]) -> CareerPath:
    steps = [Step(IRI(nodes[0]), v.label(nodes[0]), Requirements())]
    for before, after in zip(nodes, nodes[1:]):
        theirs, mine = v.requirements(after), v.requirements(before)
        steps.append(
            Step(IRI(after), v.label(after), theirs.minus(mine), level_steps(theirs, mine))
        )
    return CareerPath(tuple(steps))


def _check_steps(max_steps: int | None) -> None:
    if max_steps is not None and max_steps < 0:
        raise InputError(f"max_steps must be 0 or more, not {max_steps}")


def _shortest(v: CareerView, source: str, target: str, max_steps: int | None) -> CareerPath | None:
    v.check_role(source)
    v.check_role(target)
    _check_steps(max_steps)
    nodes = v.shortest(source, target)
    if nodes is None:
        return None
    if max_steps is not None and len(nodes) - 1 > max_steps:
        return None
    return _career_path(v, nodes)


def _all(v: CareerView, source: str, target: str, max_steps: int | None) -> list[CareerPath]:
    v.check_role(source)
    v.check_role(target)
    _check_steps(max_steps)
    if source == target:
        return [_career_path(v, [source])]
    if max_steps == 0:
        return []
    found = v.all_paths(source, target, max_steps)
    paths = [_career_path(v, nodes) for nodes in found]
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
    return _shortest(View(G), source, target, max_steps)


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
    return _all(View(G), source, target, max_steps)


@overload
def path(
    kg: CareerGraph,
    source: str,
    target: str,
    *,
    all_paths: Literal[False] = False,
    max_steps: int | None = None,
) -> CareerPath | None: ...
@overload
def path(
    kg: CareerGraph,
    source: str,
    target: str,
    *,
    all_paths: Literal[True],
    max_steps: int | None = None,
) -> list[CareerPath]: ...
def path(
    kg: CareerGraph,
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
    v = answers(kg)
    a, b = find_role(kg, source), find_role(kg, target)
    if all_paths:
        return _all(v, a, b, DEFAULT_MAX_STEPS if max_steps is None else max_steps)
    return _shortest(v, a, b, max_steps)
