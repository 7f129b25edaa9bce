"""The career map: roles only, on a ladder of seniority, in lanes by family.

:func:`build` turns the roles of the chosen subgraph into a :class:`CareerMap`:
rows by ``pmg:hasSeniority`` (ordered by ``pmg:seniorityRank``, junior at the
bottom; roles without a grade in a labelled "Ungraded" row below), lanes by
``pmg:inFamily`` (in the vocabulary's order; roles without a family in an
"Other roles" lane) and ``progressesTo`` arrows between them.  The picture is
laid out by Graphviz ``dot`` (:func:`pmograph.viz.layout.start_dot`): the
rows become ranks (a crowded cell of the grid takes several ranks of its
row), the lanes dot clusters, and dot orders and spaces the boxes.  dot runs
for a few ways of folding crowded cells at once, in processes of its own;
:func:`start` returns while they run (:class:`Pending`), so that the page
can build its other parts meanwhile.

With more roles than :data:`CLUSTER_FROM` (an imported ESCO or O*NET
taxonomy), roles are grouped by family or, failing that, by the broadest
``skos:broader`` level (ISCO or SOC group) that still gives at most
:data:`MAX_GROUPS` groups; each group is one box on the map, and the page
expands it into its roles on request.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pmograph.namespaces import PMGID_IRI
from pmograph.viz.dottext import FONT_SIZE, cells, dot_source, fit_scale, fold_depth, wrap
from pmograph.viz.facts import Facts
from pmograph.viz.layout import DotRun, read_positions, start_dot
from pmograph.viz.subset import PROGRESSION

__all__ = [
    "CareerMap",
    "Pending",
    "build",
    "start",
    "dot_source",
    "CLUSTER_FROM",
    "MAX_GROUPS",
    "FAMILY_ORDER",
    "FONT_SIZE",
]

CLUSTER_FROM = 120
"""Maps with more roles than this group them into expandable clusters."""
MAX_GROUPS = 40
"""At most this many groups on a clustered map."""
FAMILY_ORDER = tuple(
    PMGID_IRI + "family/" + f
    for f in ("project", "programme", "portfolio", "pmo", "agile", "governance", "neighbour")
)
"""Lanes from left to right (families not listed follow, by label)."""
OTHER_LANE = "other"
UNGRADED = "ungraded"
_LANE_COLOURS = ("#dbeafe", "#ede9fe", "#dcfce7", "#fef3c7", "#fce7f3", "#e0f2fe", "#f3f4f6")


@dataclass
class CareerMap:
    """What the map draws, with the layout's positions (page pixels, y down).

    Attributes
    ----------
    roles
        Per role IRI: ``label`` (wrapped), ``row``, ``lane``, ``x``, ``y``,
        ``w``, ``h`` and, on a clustered map, ``group``.
    rows
        Bottom to top: ``key``, ``label``, ``y`` (centre) and ``top``/``bottom``.
    lanes
        Left to right: ``key``, ``label``, ``colour`` and the box ``x0, y0, x1, y1``.
    edges
        ``(from, to)`` progression steps between drawn boxes (roles or groups).
    groups
        On a clustered map, per group key: ``label``, ``members``, ``x``, ``y``, ``w``, ``h``.
    group_edges
        On a clustered map, the steps between groups.
    dot
        The DOT text the layout came from (also used for the image export).
    """

    roles: dict[str, dict[str, Any]] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    lanes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[tuple[str, str]] = field(default_factory=list)
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    group_edges: list[tuple[str, str]] = field(default_factory=list)
    dot: str = ""


class Pending:
    """A career map whose layouts are still running (from :func:`start`)."""

    def __init__(self, runs: list[DotRun], finish: Callable[[], CareerMap]) -> None:
        self._runs = runs
        self._finish = finish
        self._map: CareerMap | None = None

    def result(self) -> CareerMap:
        """The map, once ``dot`` is done.

        Raises
        ------
        InputError
            Graphviz's ``dot`` failed or took too long.
        """
        if self._map is None:
            try:
                self._map = self._finish()
            finally:
                self.stop()
        return self._map

    def stop(self) -> None:
        """End the ``dot`` processes still running (the map is then not needed)."""
        for run in self._runs:
            run.stop()


def build(kg: Any, graph: Any, facts: Facts, *, title: str = "") -> CareerMap:
    """The career map of the roles in ``graph``; see :func:`start` for the parameters."""
    return start(kg, graph, facts, title=title).result()


def start(kg: Any, graph: Any, facts: Facts, *, title: str = "") -> Pending:
    """Start laying out the career map of the roles in ``graph``.

    Parameters
    ----------
    kg
        The graph object (for ``label``).
    graph
        The chosen networkx subgraph; its ``role`` nodes are drawn.
    facts
        From :func:`pmograph.viz.facts.gather`, covering those roles.
    title
        A caption for the exported image.

    Returns
    -------
    Pending
        Its :meth:`Pending.result` is the :class:`CareerMap`.

    Raises
    ------
    InputError
        Graphviz's ``dot`` is missing (a failure shows in the result).
    """
    roles = sorted(
        (n for n, c in graph.nodes(data="cls") if c == "role"),
        key=lambda n: (str(graph.nodes[n].get("label", "")).lower(), n),
    )
    if not roles:
        return Pending([], CareerMap)
    rows = _rows(kg, roles, facts)
    lanes = _lanes(kg, roles, facts)
    role_set = set(roles)
    edges = sorted(
        (u, v)
        for u, v, k in graph.edges(keys=True)
        if k == PROGRESSION and u != v and u in role_set and v in role_set
    )
    row_of, lane_of = rows[1], lanes[1]
    labels = {r: str(graph.nodes[r].get("label", "")) for r in roles}
    if len(roles) > CLUSTER_FROM:
        return _clustered(
            kg, roles, labels, facts, row_of, rows[0], lane_of, lanes[0], edges, title
        )
    boxes = {r: {"label": wrap(labels[r]), "row": row_of[r], "lane": lane_of[r]} for r in roles}
    return _place(boxes, rows[0], lanes[0], edges, {}, title)


def _rows(kg: Any, roles: list[str], facts: Facts) -> tuple[list[dict[str, Any]], dict[str, str]]:
    row_of = {}
    for r in roles:
        grades = facts.role.get(r, {}).get("seniority", [])
        row_of[r] = min(grades, key=lambda g: (facts.rank.get(g, 99), g)) if grades else UNGRADED
    keys = sorted(
        set(row_of.values()),
        key=lambda g: (-1, "") if g == UNGRADED else (facts.rank.get(g, 99), kg.label(g)),
    )
    rows = [{"key": k, "label": "Ungraded" if k == UNGRADED else kg.label(k)} for k in keys]
    return rows, row_of


def _lanes(kg: Any, roles: list[str], facts: Facts) -> tuple[list[dict[str, Any]], dict[str, str]]:
    def order(f: str) -> tuple[int, str, str]:
        if f == OTHER_LANE:
            return (len(FAMILY_ORDER) + 1, "", "")
        known = FAMILY_ORDER.index(f) if f in FAMILY_ORDER else len(FAMILY_ORDER)
        return (known, kg.label(f).lower(), f)

    lane_of = {}
    for r in roles:
        families = facts.role.get(r, {}).get("families", [])
        lane_of[r] = min(families, key=order) if families else OTHER_LANE
    keys = sorted(set(lane_of.values()), key=order)
    lanes = [
        {
            "key": k,
            "label": "Other roles" if k == OTHER_LANE else kg.label(k),
            "colour": _LANE_COLOURS[i % len(_LANE_COLOURS)],
        }
        for i, k in enumerate(keys)
    ]
    return lanes, lane_of


def _place(
    boxes: dict[str, dict[str, Any]],
    rows: list[dict[str, Any]],
    lanes: list[dict[str, Any]],
    edges: list[tuple[str, str]],
    groups: dict[str, dict[str, Any]],
    title: str,
    then: Callable[[CareerMap], CareerMap] | None = None,
) -> Pending:
    # dot places the boxes for a few ways of folding crowded cells, all at once; the one
    # it draws largest on a 1400x900 window wins (ties: the shallower)
    guess = fold_depth(cells(boxes), boxes)
    depths = sorted({max(1, guess - 1), guess, guess + 1, guess + 2})
    runs: list[DotRun] = []
    try:
        for depth in depths:
            text = dot_source(boxes, rows, lanes, edges, arrows=False, depth=depth)
            runs.append(start_dot(text, "json"))
    except BaseException:
        Pending(runs, CareerMap).stop()
        raise

    def finish() -> CareerMap:
        best: tuple[float, int, Any] | None = None
        for depth, run in zip(depths, runs):
            placed = read_positions(run.output())
            scale = fit_scale(placed[0])
            if best is None or scale > best[0] + 1e-9:
                best = (scale, depth, placed)
        assert best is not None
        _, depth, (found, clusters) = best
        dot_source(boxes, rows, lanes, edges, arrows=False, depth=depth)  # the chosen folding
        source = dot_source(boxes, rows, lanes, edges, title=title, depth=depth)
        for i, box in enumerate(boxes.values()):
            where = found[f"n{i}"]
            box.update(x=where.x, y=where.y, w=where.width, h=where.height)
        for r, row in enumerate(rows):
            anchors = [v for k, v in found.items() if k.startswith(f"r{r}_")]
            row["y"] = found[f"r{r}_0"].y
            row["x"] = found[f"r{r}_0"].x
            row["top"] = min(a.y for a in anchors) - 20
            row["bottom"] = max(a.y for a in anchors) + 20
        for li, lane in enumerate(lanes):
            x0, y0, x1, y1 = clusters.get(f"cluster_lane{li}", (0.0, 0.0, 0.0, 0.0))
            head = found[f"h{li}"]
            lane.update(x0=x0, y0=y0, x1=x1, y1=y1, x=head.x, y=head.y, text=wrap(lane["label"]))
        roles = {k: v for k, v in boxes.items() if k not in groups}
        for key, group in groups.items():
            group.update({k: boxes[key][k] for k in ("x", "y", "w", "h", "label", "row", "lane")})
        placed_map = CareerMap(
            roles=roles, rows=rows, lanes=lanes, edges=edges, groups=groups, dot=source
        )
        return then(placed_map) if then is not None else placed_map

    return Pending(runs, finish)


def _clustered(
    kg: Any,
    roles: list[str],
    labels: dict[str, str],
    facts: Facts,
    row_of: dict[str, str],
    rows: list[dict[str, Any]],
    lane_of: dict[str, str],
    lanes: list[dict[str, Any]],
    edges: list[tuple[str, str]],
    title: str,
) -> Pending:
    """Groups of roles as boxes; each group's roles in a grid below it, shown on expanding."""
    group_of = _groups(kg, roles, facts, lane_of)
    members: dict[str, list[str]] = defaultdict(list)
    for r in roles:
        members[group_of[r]].append(r)
    boxes: dict[str, dict[str, Any]] = {}
    groups: dict[str, dict[str, Any]] = {}
    for key in sorted(members, key=lambda g: (g == OTHER_LANE, _group_label(kg, facts, g))):
        inside = members[key]
        row = Counter(row_of[r] for r in inside).most_common(1)[0][0]
        lane = Counter(lane_of[r] for r in inside).most_common(1)[0][0]
        label = f"{_group_label(kg, facts, key)} ({len(inside)})"
        boxes["group:" + key] = {"label": wrap(label), "row": row, "lane": lane}
        groups["group:" + key] = {"key": key, "members": inside, "title": label}
    grouped_edges = sorted(
        {
            ("group:" + group_of[u], "group:" + group_of[v])
            for u, v in edges
            if group_of[u] != group_of[v]
        }
    )
    used_rows = {b["row"] for b in boxes.values()}
    used_lanes = {b["lane"] for b in boxes.values()}

    def expand(placed: CareerMap) -> CareerMap:
        for group in placed.groups.values():
            cols = max(1, math.ceil(math.sqrt(len(group["members"]) * 1.6)))
            for i, r in enumerate(group["members"]):
                placed.roles[r] = {
                    "label": wrap(labels[r]),
                    "row": row_of[r],
                    "lane": lane_of[r],
                    "group": group["key"],
                    "x": group["x"] + (i % cols - (cols - 1) / 2) * 170,
                    "y": group["y"] + 70 + (i // cols) * 60,
                    "w": 160.0,
                    "h": 50.0,
                }
        placed.edges = edges
        placed.group_edges = grouped_edges
        return placed

    return _place(
        boxes,
        [r for r in rows if r["key"] in used_rows],
        [lane for lane in lanes if lane["key"] in used_lanes],
        grouped_edges,
        groups,
        title,
        expand,
    )


def _group_label(kg: Any, facts: Facts, key: str) -> str:
    if key == OTHER_LANE:
        return "Other roles"
    code = facts.notation.get(key)
    return f"{code} {kg.label(key)}" if code else kg.label(key)


def _groups(kg: Any, roles: list[str], facts: Facts, lane_of: dict[str, str]) -> dict[str, str]:
    """Each role's group: its family, else its broadest useful ``skos:broader`` group."""
    chains: dict[str, list[str]] = {}
    for r in roles:
        first = facts.role.get(r, {}).get("broader", [])
        chain: list[str] = []
        node = sorted(first)[0] if first else None
        while node is not None and node not in chain and len(chain) < 10:
            chain.append(node)
            node = facts.broader.get(node)
        chains[r] = chain[::-1]  # broadest first
    depth = 0
    deepest = max((len(c) for c in chains.values()), default=0)
    for d in range(deepest):
        count = len({c[min(d, len(c) - 1)] for c in chains.values() if c})
        if count > MAX_GROUPS:
            break
        depth = d
    out = {}
    for r in roles:
        if lane_of[r] != OTHER_LANE:
            out[r] = lane_of[r]
        elif chains[r]:
            out[r] = chains[r][min(depth, len(chains[r]) - 1)]
        else:
            out[r] = OTHER_LANE
    return out
