"""The requirements model: what a role requires, and what one role lacks of another's.

A role's requirements come from two kinds of statement, read from the
networkx view (:mod:`pmograph.careers.view`):

* **Qualified requirements**, ``?role pmg:hasRequirement ?req`` with ``?req``
  a ``pmg:Requirement`` that names exactly one ``pmg:requiredSkill`` or
  ``pmg:requiredQualification``, its ``pmg:importance`` (``pmg:Essential`` or
  ``pmg:Optional``) and optionally a ``pmg:requiredLevel`` on a
  ``pmg:levelScale`` (``pmg:SFIALevelScale`` 1-7, ``pmg:ONETLevelScale`` 0-7).
* **Shortcut properties**, ``pmg:requiresEssentialSkill``,
  ``pmg:requiresOptionalSkill``, ``pmg:requiresSkill`` and their
  qualification counterparts, for data that states no requirement node.

Both are merged per required resource: the strongest need wins (essential
over optional over unspecified), and the level comes from the qualified
requirement (the highest, if several state one).  What a requirement *is*
(skill, qualification or certification) comes from the class of its node,
and failing that from the property.

**Specialisations inherit.**  A role that is a ``pmg:specialisationOf``
another requires everything that role requires (recursively, nearest first,
cycle-safe), except what it states itself: its own statement of the same
resource wins.  Inherited items carry ``inherited_from``.

**Gaps.**  A role *lacks* a requirement of another when it states nothing
about that resource; it needs a *level step* when both state it on the same
scale and its own level is lower ("Project management: level 4 to 5").  A
requirement stated without a level on either side is not a level step: the
data does not say.

Ties are broken by label (case-insensitively), then IRI, so that answers do
not depend on the order in which a store returns its quads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmograph.careers.model import Gap, LevelStep, Requirements
from pmograph.careers.reading import QUALIFIED_PROPERTIES, REQUIREMENT_PROPERTIES, collect
from pmograph.careers.view import CareerGraph, CareerView, View, answers, check_role, find_role
from pmograph.terms import IRI

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = [
    "REQUIREMENT_PROPERTIES",
    "QUALIFIED_PROPERTIES",
    "role_requirements",
    "level_steps",
    "requirement_gap",
    "requirements",
    "gap",
    "collect",
]


def role_requirements(G: nx.MultiDiGraph, role: str) -> Requirements:
    """The skills, qualifications and certifications a role requires.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :meth:`pmograph.KnowledgeGraph.to_networkx`; required
        levels are read from the ``level`` attribute of requirement nodes
        (:func:`pmograph.careers.view.annotate` sets it).
    role : str
        A role node.

    Returns
    -------
    Requirements
        Own and inherited, sorted by kind, need and label; see the module
        docstring for how kind, need and level are decided.

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
    >>> G.add_node("r1", cls="requirement", level=5)
    >>> _ = G.add_edge("pm", "r1", property="hasRequirement")
    >>> _ = G.add_edge("r1", "fl", property="requiredSkill")
    >>> _ = G.add_edge("r1", "https://w3id.org/pmograph/ns#Essential", property="importance")
    >>> _ = G.add_edge("pm", "pmp", property="requiresOptionalQualification")
    >>> [r.describe() for r in role_requirements(G, "pm")]
    ['Flexibility (essential skill, level 5)', 'PMP (optional certification)']
    """
    check_role(G, role)
    return collect(G, role)


def level_steps(target: Requirements, source: Requirements) -> tuple[LevelStep, ...]:
    """The requirements both state where ``target`` asks a higher level than ``source``.

    Only levels on the same scale compare (a missing scale matches any).
    """
    have = {r.iri: r for r in source}
    out = []
    for r in target:
        mine = have.get(r.iri)
        if r.level is None or mine is None or mine.level is None:
            continue
        if r.scale and mine.scale and r.scale != mine.scale:
            continue
        if mine.level < r.level:
            out.append(LevelStep(r, mine.level))
    return tuple(out)


def _gap(v: CareerView, source: str, target: str) -> Gap:
    found = v.memo.get(("gap", source, target))
    if found is not None:
        return found  # type: ignore[no-any-return]
    v.check_role(source)
    v.check_role(target)
    theirs, mine = v.requirements(target), v.requirements(source)
    missing = theirs.minus(mine)
    answer = Gap(
        missing.items, source=IRI(source), target=IRI(target), levels=level_steps(theirs, mine)
    )
    return v.memo.remember(("gap", source, target), answer)  # type: ignore[no-any-return]


def requirement_gap(G: nx.MultiDiGraph, source: str, target: str) -> Gap:
    """What ``target`` requires that ``source`` lacks, and the levels it must climb.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :meth:`pmograph.KnowledgeGraph.to_networkx`.
    source, target : str
        Role nodes.

    Returns
    -------
    Gap
        ``items``: what ``source`` states nothing about (its ``essential``,
        ``optional`` and ``unspecified`` skills, ``qualifications`` and
        ``certifications``); ``levels``: what it requires at a lower level.

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
    return _gap(View(G), source, target)


def requirements(kg: CareerGraph, role: str) -> Requirements:
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
    >>> "Emotional intelligence" in kg.skills_for("PMO Director").labels
    True
    """
    return answers(kg).requirements(find_role(kg, role))


def gap(kg: CareerGraph, source: str, target: str) -> Gap:
    """What ``target`` requires that ``source`` lacks; see :func:`requirement_gap`.

    Raises
    ------
    UnknownResource
        No role, or several, go by one of the names.

    Examples
    --------
    >>> from pmograph.kg import load
    >>> kg = load()
    >>> "Emotional intelligence" in [r.label for r in kg.gap("PMO Analyst", "PMO Director")]
    True
    """
    return _gap(answers(kg), find_role(kg, source), find_role(kg, target))
