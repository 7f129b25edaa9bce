"""Next steps: the roles one career step on from a role, ranked by what the step costs.

A step must not rank first because the next role is thinly described: a role
that states fewer than :data:`THIN_LIMIT` requirements (own and inherited)
has an unknown cost, so such steps rank after every described one.  Among
steps equally described, the score is what the step costs minus what it opens,
lowest first; each part is kept on :class:`~pmograph.careers.model.Cost` and
shown by ``pmograph next``.

The cost, in points (:data:`WEIGHTS`):

``skills``
    Each skill the next role requires that the current role states nothing
    about: 3 if essential, 2 if its need is unspecified, 1 if optional.
``levels``
    2 per level climbed on a skill both require ("Project management: level
    4 to 5" is 2 points; 4 to 6 is 4).
``certifications``
    Each missing qualification or certification: 4 if essential or
    unspecified, 1 if optional.
``experience``
    2 per grade of seniority climbed (``pmg:seniorityRank``), plus 1 per year
    of experience the longest-to-qualify missing essential or unspecified
    certification asks (``pmg:requiresExperienceMonths``).

What it opens: ``opens = log2(1 + onward)``, where ``onward`` is how many
roles can be reached from the next role: a step that keeps more doors open
gets a little credit, with diminishing returns.  Ties go by label, then IRI.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from pmograph.careers.model import Cost, LevelStep, NextStep, Requirements
from pmograph.careers.requirements import level_steps
from pmograph.careers.view import CareerGraph, CareerView, View, answers, find_role
from pmograph.terms import IRI

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["THIN_LIMIT", "WEIGHTS", "step_cost", "next_roles", "next_steps"]

THIN_LIMIT = 3
"""A role stating fewer requirements than this is too thinly described to cost."""

WEIGHTS: dict[str, float] = {
    "essential skill": 3.0,
    "unspecified skill": 2.0,
    "optional skill": 1.0,
    "level": 2.0,
    "essential qualification": 4.0,
    "unspecified qualification": 4.0,
    "optional qualification": 1.0,
    "seniority grade": 2.0,
    "experience year": 1.0,
    "opens": 1.0,
}
"""Points per part of a step's cost (see the module docstring)."""


def step_cost(
    G: Any,
    source: str,
    target: str,
    adds: Requirements,
    levels: tuple[LevelStep, ...],
    *,
    onward: int,
    described: bool,
) -> Cost:
    """The cost of the step ``source`` -> ``target`` in parts (see the module docstring).

    ``G`` is the networkx graph, or a :class:`~pmograph.careers.view.CareerView` of it.
    """
    v: CareerView = G if hasattr(G, "experience_months") else View(G)
    w = WEIGHTS
    skills = sum(w[f"{r.need} skill"] for r in adds.skills)
    quals = [r for r in adds if r.kind != "skill"]
    certs = sum(w[f"{r.need} qualification"] for r in quals)
    climbed = w["level"] * sum(step.steps for step in levels)
    here, there = v.seniority(source), v.seniority(target)
    grades = max(0.0, there - here) if here is not None and there is not None else 0.0
    stated = [v.experience_months(r.iri) for r in quals if r.need != "optional"]
    months = [value or 0 for known, value in stated if known]
    experience = w["seniority grade"] * grades + w["experience year"] * max(months, default=0) / 12
    return Cost(
        skills=skills,
        levels=climbed,
        certifications=certs,
        experience=experience,
        opens=w["opens"] * math.log2(1 + onward),
        described=described,
    )


def _next(v: CareerView, role: str) -> list[NextStep]:
    v.check_role(role)
    here = v.requirements(role)
    out = []
    for nxt in v.successors(role):
        theirs = v.requirements(nxt)
        adds, levels = theirs.minus(here), level_steps(theirs, here)
        onward = len(v.reach(nxt) - {role, nxt})
        cost = step_cost(
            v, role, nxt, adds, levels, onward=onward, described=len(theirs) >= THIN_LIMIT
        )
        out.append(NextStep(IRI(nxt), v.label(nxt), adds, onward, levels, cost))
    return sorted(
        out,
        key=lambda s: (not s.cost.described, round(s.cost.score, 9), -s.onward, s.label.lower()),
    )


def next_roles(G: nx.MultiDiGraph, role: str) -> list[NextStep]:
    """The roles one career step on from ``role``, ranked by cost and what they open.

    See the module docstring for the scoring.

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
    >>> [(s.label, len(s.adds), s.onward, s.cost.total) for s in next_roles(G, "PM")]
    [('Programme', 0, 1, 0.0), ('Consultant', 1, 0, 2.0)]
    """
    return _next(View(G), role)


def next_steps(kg: CareerGraph, role: str) -> list[NextStep]:
    """The usual next steps from a role, ranked; see :func:`next_roles`.

    Raises
    ------
    UnknownResource
        No role, or several, go by that name.

    Examples
    --------
    >>> from pmograph.kg import load
    >>> kg = load()
    >>> "Portfolio Manager" in [s.label for s in kg.next_steps("Programme Manager")]
    True
    """
    return _next(answers(kg), find_role(kg, role))
