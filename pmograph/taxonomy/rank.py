"""``rank`` across taxonomies: centrality on the move graph of packaged, ESCO and O*NET roles.

:func:`move_graph` builds, from the cached :class:`~pmograph.taxonomy.profiles.Profiles`
(so a warm ``rank`` never loads the million quads), a ``networkx.MultiDiGraph``
in the shape :func:`pmograph.careers.ranking.centrality` ranks:

- nodes: every role with requirements or moves (``cls="role"``), every skill
  they require (``"skill"``; ESCO knowledge concepts too) and every packaged
  qualification, required or not (``"qualification"`` or ``"certification"``);
- requirement edges, role to skill or qualification: ``requiresEssentialSkill``
  or ``requiresOptionalSkill`` (an O*NET rating counts as essential when its
  Importance makes it so, as :mod:`pmograph.importers.onet` states it), and
  the packaged qualification shortcuts;
- move edges, role to role: packaged ``progressesTo``; O*NET related
  occupations (``relatedOccupation``, in O*NET's direction); ESCO's
  occupation-to-occupation ``broader`` links, both ways (``broader`` and
  ``narrower``: ``next`` offers the move in either direction).

"Same ISCO group" neighbours, which ``next`` also lists, are left out: they
join every occupation of a group to every other, so degree and betweenness
would rank groups by their size.  The measures, options and tie order are
:func:`~pmograph.careers.ranking.centrality`'s, on these edges only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pmograph.careers.model import Ranked
from pmograph.careers.ranking import BETWEENNESS_SEED, centrality
from pmograph.taxonomy.build import QUALIFICATION_PROPERTIES
from pmograph.taxonomy.profiles import Profiles

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

MOVES = {
    "progresses": "progressesTo",
    "related": "relatedOccupation",
    "broader": "broader",
    "narrower": "narrower",
}
"""How a move (:attr:`Profiles.moves`) is named as an edge of the move graph; other moves are left out."""
MOVE_GRAPH_PROPERTIES = frozenset(
    {"requiresEssentialSkill", "requiresOptionalSkill", *QUALIFICATION_PROPERTIES, *MOVES.values()}
)
"""The edge properties :func:`rank` ranks on."""


def move_graph(p: Profiles) -> nx.MultiDiGraph:
    """The move graph of the profiles (see the module docstring)."""
    import networkx as nx

    G = nx.MultiDiGraph()
    roles = sorted({*p.needs, *p.moves, *p.qualifications} & p.roles)
    G.add_nodes_from((r, {"cls": "role", "label": p.label(r)}) for r in roles)
    G.add_nodes_from((q, {"cls": c, "label": p.label(q)}) for q, c in p.qualification_kinds.items())
    for role in roles:
        for skill, need in sorted(p.needs.get(role, {}).items()):
            if skill not in G:
                G.add_node(skill, cls="skill", label=p.label(skill))
            kind = "requiresEssentialSkill" if need[0] else "requiresOptionalSkill"
            G.add_edge(role, skill, property=kind)
        for qualification, kind in sorted(p.qualifications.get(role, {}).items()):
            G.add_edge(role, qualification, property=kind)
        for other, how, _ in p.moves.get(role, ()):
            kind = MOVES.get(how, "")
            if kind and other in G:
                G.add_edge(role, other, property=kind)
    return G


def rank(
    p: Profiles,
    *,
    by: str = "degree",
    types: Iterable[str] | None = None,
    top: int | None = None,
    samples: int | None = None,
    seed: int = BETWEENNESS_SEED,
) -> list[Ranked]:
    """Rank the roles, skills and qualifications of the move graph by centrality.

    Parameters are :func:`pmograph.careers.ranking.centrality`'s.

    Raises
    ------
    InputError
        An unknown measure or type, or a negative ``top``.
    """
    return centrality(
        move_graph(p),
        by=by,
        types=types,
        top=top,
        samples=samples,
        seed=seed,
        properties=MOVE_GRAPH_PROPERTIES,
    )
