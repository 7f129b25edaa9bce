"""Similar roles: which roles ask for much the same, by the overlap of their requirements.

Two roles are similar when they require the same skills, qualifications and
certifications.  The score is a weighted Jaccard index over the requirements
of both (own and inherited, :mod:`pmograph.careers.requirements`): each
required resource weighs :data:`NEED_WEIGHTS` by its need in each role, and

    score = sum(min(w_a, w_b)) / sum(max(w_a, w_b))

over every resource either role requires, from 0 (nothing shared) to 1 (the
same requirements with the same needs).  Roles that state no requirement are
similar to nothing.  Ties go by label, then IRI.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmograph.careers.model import Requirements
from pmograph.careers.view import CareerGraph, View, check_role, find_role, view
from pmograph.errors import InputError
from pmograph.terms import IRI

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["NEED_WEIGHTS", "Similar", "requirement_similarity", "similar_roles", "similar"]

NEED_WEIGHTS = {"essential": 1.0, "unspecified": 0.75, "optional": 0.5}
"""How much a required resource weighs, by its need."""


@dataclass(frozen=True)
class Similar:
    """A role and how similar its requirements are to another's (0-1), with what they share."""

    role: IRI
    label: str
    score: float
    shared: tuple[str, ...]


def requirement_similarity(a: Requirements, b: Requirements) -> float:
    """The weighted Jaccard index of two sets of requirements (see the module docstring).

    Examples
    --------
    >>> from pmograph.careers.model import Requirement, Requirements
    >>> def req(name, need):
    ...     return Requirement(IRI("urn:" + name), name, "skill", need)
    >>> a = Requirements((req("plan", "essential"), req("talk", "optional")))
    >>> b = Requirements((req("plan", "essential"),))
    >>> round(requirement_similarity(a, b), 3)
    0.667
    """
    wa = {r.iri: NEED_WEIGHTS[r.need] for r in a}
    wb = {r.iri: NEED_WEIGHTS[r.need] for r in b}
    keys = wa.keys() | wb.keys()
    if not keys:
        return 0.0
    top = sum(min(wa.get(k, 0.0), wb.get(k, 0.0)) for k in keys)
    bottom = sum(max(wa.get(k, 0.0), wb.get(k, 0.0)) for k in keys)
    return top / bottom


def _similar(v: View, role: str, top: int | None) -> list[Similar]:
    check_role(v.G, role)
    if top is not None and top < 0:
        raise InputError(f"top must be 0 or more, not {top}")
    mine = v.requirements(role)
    if not len(mine):
        return []
    have = {r.iri for r in mine}
    out = []
    for other in v.progression.nodes:
        if other == role:
            continue
        theirs = v.requirements(other)
        score = requirement_similarity(mine, theirs)
        if score > 0:
            shared = tuple(r.label for r in theirs if r.iri in have)
            out.append(Similar(IRI(other), v.label(other), score, shared))
    out.sort(key=lambda s: (-round(s.score, 12), s.label.lower(), s.role))
    return out if top is None else out[:top]


def similar_roles(G: nx.MultiDiGraph, role: str, *, top: int | None = 10) -> list[Similar]:
    """The roles whose requirements overlap most with ``role``'s, most similar first.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :meth:`pmograph.KnowledgeGraph.to_networkx`.
    role : str
        A role node.
    top : int or None
        Keep the first ``top`` (default 10); ``None`` keeps every role with a
        score above 0.

    Raises
    ------
    UnknownResource
        ``role`` is not a role of ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["pm", "pgm", "cook"], cls="role")
    >>> G.add_nodes_from(["plan", "lead", "bake"], cls="skill")
    >>> for role, skill in [("pm", "plan"), ("pm", "lead"), ("pgm", "plan"), ("cook", "bake")]:
    ...     _ = G.add_edge(role, skill, property="requiresEssentialSkill")
    >>> [(str(s.role), s.score) for s in similar_roles(G, "pm")]
    [('pgm', 0.5)]
    """
    return _similar(View(G), role, top)


def similar(kg: CareerGraph, role: str, *, top: int | None = 10) -> list[Similar]:
    """The roles most similar to a role (by label, title or IRI); see :func:`similar_roles`.

    Examples
    --------
    >>> from pmograph.kg import load
    >>> kg = load()
    >>> "Senior Project Manager" in [s.label for s in similar(kg, "Project Manager")]
    True
    """
    return _similar(view(kg), find_role(kg, role), top)
