"""The career map: roles only, on a ladder of seniority, in lanes by family.

:func:`build` turns the roles of the chosen subgraph into a :class:`CareerMap`:
rows by ``pmg:hasSeniority`` (ordered by ``pmg:seniorityRank``, junior at the
bottom; roles without a grade in a labelled "Ungraded" row below), lanes by
``pmg:inFamily`` (in the vocabulary's order; roles without a family in an
"Other roles" lane) and ``progressesTo`` arrows between them.  The picture is
laid out by Graphviz ``dot`` (:func:`pmograph.viz.layout.dot_positions`): the
rows become ranks (a crowded cell of the grid takes several ranks of its
row), the lanes dot clusters, and dot orders and spaces the boxes.

With more roles than :data:`CLUSTER_FROM` (an imported ESCO or O*NET
taxonomy), roles are grouped by family or, failing that, by the broadest
``skos:broader`` level (ISCO or SOC group) that still gives at most
:data:`MAX_GROUPS` groups; each group is one box on the map, and the page
expands it into its roles on request.
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from pmograph.namespaces import PMGID_IRI
from pmograph.viz.facts import Facts
from pmograph.viz.layout import dot_positions
from pmograph.viz.subset import PROGRESSION

__all__ = ["CareerMap", "build", "dot_source", "CLUSTER_FROM", "MAX_GROUPS", "FAMILY_ORDER"]

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
FONT_SIZE = 14
"""Label size of role boxes, in points of the layout (page pixels at scale 1)."""
_WRAP = 14
_CHAR_W = 7.0  # rough width of a character at FONT_SIZE, for choosing how to fold cells
_SCREEN = (1175, 830)  # the map's share of a 1400x900 window
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


def build(kg: Any, graph: Any, facts: Facts, *, title: str = "") -> CareerMap:
    """The career map of the roles in ``graph``.

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

    Raises
    ------
    InputError
        Graphviz's ``dot`` is missing or failed.
    """
    roles = sorted(
        (n for n, c in graph.nodes(data="cls") if c == "role"),
        key=lambda n: (str(graph.nodes[n].get("label", "")).lower(), n),
    )
    if not roles:
        return CareerMap()
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


def wrap(label: str) -> str:
    """A label broken into lines of about 14 characters (long words are kept whole)."""
    return "\n".join(textwrap.wrap(label, _WRAP, break_long_words=False)) or label


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


def _quote(text: str) -> str:
    """A DOT double-quoted string: never HTML-like, backslashes and quotes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot_source(
    boxes: dict[str, dict[str, Any]],
    rows: list[dict[str, Any]],
    lanes: list[dict[str, Any]],
    edges: list[tuple[str, str]],
    *,
    title: str = "",
    arrows: bool = True,
    depth: int | None = None,
) -> str:
    """The DOT text of the map: one rank chain per row, one cluster per lane.

    A cell (row x lane) holding more than ``depth`` boxes is folded into
    columns of at most ``depth`` ranks (``None``: a depth estimated from the
    labels to fit a 1400x900 window).

    With ``arrows=False`` the progression edges are left out: dot then
    keeps the lanes strictly in their order (edges between lanes would
    reorder them), and the page draws the arrows itself between the boxes.

    Node names are ``n0, n1, ...`` in the order of ``boxes``; labels are
    double-quoted strings (never HTML-like labels), so any text is drawn as
    text.  A cell (row x lane) with many roles is folded into several ranks.
    """
    names = {key: f"n{i}" for i, key in enumerate(boxes)}
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, box in boxes.items():
        cells[(box["row"], box["lane"])].append(key)
    deepest = depth if depth is not None else _fold(cells, boxes)
    band: dict[str, int] = {}
    for (row_key, _), members in cells.items():
        cols = _columns(len(members), deepest)
        for i, key in enumerate(members):
            boxes[key]["sub"] = i // cols
        band[row_key] = max(band.get(row_key, 1), math.ceil(len(members) / cols))
    out = [
        "digraph careers {",
        "  graph [rankdir=BT, newrank=true, nodesep=0.05, ranksep=0.08, splines=spline, "
        'fontname="Helvetica", fontsize=16, labelloc=t, pad=0.2'
        + (f", label={_quote(title)}" if title else "")
        + "];",
        f'  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#1f2937", '
        f'fontname="Helvetica", fontsize={FONT_SIZE}, margin="0.13,0.08", height=0.3];',
        '  edge [color="#e11d48", penwidth=1.6, arrowsize=0.7];',
        '  subgraph cluster_rows { graph [style=invis, label=""];',
    ]
    chain = []
    for r, row in enumerate(rows):
        for sub in range(band.get(row["key"], 1)):
            name = f"r{r}_{sub}"
            chain.append(name)
            label = _quote(row["label"]) if sub == 0 else '""'
            out.append(
                f'    {name} [shape=plaintext, style="", label={label}, fontsize=14, width=0.8];'
            )
    chain.append("rtop")
    out.append('    rtop [shape=plaintext, style="", label="", width=0.8];')
    out.append("  }")
    out.append("  " + " -> ".join(chain) + " [style=invis];")
    for li, lane in enumerate(lanes):
        out.append(
            f'  subgraph cluster_lane{li} {{ graph [label="", '
            f'style="rounded,filled", fillcolor="{lane["colour"]}", color="#cbd5e1", margin=2];'
        )
        out.append(
            f'    h{li} [shape=plaintext, style="", label={_quote(wrap(lane["label"]))}, '
            'fontname="Helvetica-Bold", fontsize=13, fontcolor="#1e3a8a", margin=0];'
        )
        for key, box in boxes.items():
            if box["lane"] == lane["key"]:
                out.append(f"    {names[key]} [label={_quote(box['label'])}];")
        out.append("  }")
    ranks: dict[str, list[str]] = defaultdict(list)
    row_index = {row["key"]: r for r, row in enumerate(rows)}
    for key, box in boxes.items():
        ranks[f"r{row_index[box['row']]}_{box['sub']}"].append(names[key])
    heads = [f"h{li}" for li in range(len(lanes))]
    out.append(f"  {{ rank=same; rtop; {'; '.join(heads)}; }}")
    if len(heads) > 1:  # a flat chain keeps the lanes in order, left to right
        out.append("  " + " -> ".join(heads) + " [style=invis];")
    for anchor in chain:
        if ranks.get(anchor):
            out.append(f"  {{ rank=same; {anchor}; {'; '.join(ranks[anchor])}; }}")
    for u, v in edges if arrows else ():
        if u in names and v in names:
            out.append(f"  {names[u]} -> {names[v]} [constraint=false];")
    out.append("}")
    return "\n".join(out) + "\n"


def _cells(boxes: dict[str, dict[str, Any]]) -> dict[tuple[str, str], list[str]]:
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, box in boxes.items():
        cells[(box["row"], box["lane"])].append(key)
    return cells


def _fit(found: dict[str, Any]) -> float:
    """The scale at which everything dot placed fits the map's share of a 1400x900 window."""
    if not found:
        return 1.0
    x0 = min(n.x - n.width / 2 for n in found.values())
    x1 = max(n.x + n.width / 2 for n in found.values())
    y0 = min(n.y - n.height / 2 for n in found.values())
    y1 = max(n.y + n.height / 2 for n in found.values())
    return min(_SCREEN[0] / max(x1 - x0, 1.0), _SCREEN[1] / max(y1 - y0, 1.0))


def _columns(count: int, depth: int) -> int:
    """Columns of a cell of ``count`` boxes at most ``depth`` deep."""
    return max(1, math.ceil(count / depth))


def _fold(cells: dict[tuple[str, str], list[str]], boxes: dict[str, dict[str, Any]]) -> int:
    """How deep a crowded cell may grow: the depth whose estimated map best fits the screen.

    Only the number of boxes per rank is chosen here, from each box's label
    (characters and lines at the layout's font size); dot places them.
    """

    def size(key: str) -> tuple[float, float]:
        lines = boxes[key]["label"].split("\n")
        return max(len(line) for line in lines) * _CHAR_W + 22, len(lines) * 17 + 28

    sizes = {key: size(key) for members in cells.values() for key in members}
    best, best_scale = 1, -1.0
    for depth in range(1, 13):
        widths: dict[str, float] = defaultdict(float)
        heights: dict[str, float] = defaultdict(float)
        for (row, lane), members in cells.items():
            cols = _columns(len(members), depth)
            columns = [members[c::cols] for c in range(cols)]
            width = sum(max(sizes[k][0] for k in col) for col in columns if col)
            widths[lane] = max(widths[lane], width)
            deep = max(sum(sizes[k][1] for k in col) for col in columns if col)
            heights[row] = max(heights[row], deep)
        width = sum(w + 16 for w in widths.values()) + 80
        height = sum(heights.values()) + 60
        scale = min(_SCREEN[0] / width, _SCREEN[1] / height)
        if scale > best_scale + 1e-9:
            best, best_scale = depth, scale
    return best


def _place(
    boxes: dict[str, dict[str, Any]],
    rows: list[dict[str, Any]],
    lanes: list[dict[str, Any]],
    edges: list[tuple[str, str]],
    groups: dict[str, dict[str, Any]],
    title: str,
) -> CareerMap:
    # dot places the boxes for a few ways of folding crowded cells; the one it draws
    # largest on a 1400x900 window wins (ties: the shallower)
    best: tuple[float, int, Any] | None = None
    guess = _fold(_cells(boxes), boxes)
    for depth in sorted({max(1, guess - 1), guess, guess + 1, guess + 2}):
        placed = dot_positions(dot_source(boxes, rows, lanes, edges, arrows=False, depth=depth))
        scale = _fit(placed[0])
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
    return CareerMap(roles=roles, rows=rows, lanes=lanes, edges=edges, groups=groups, dot=source)


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
) -> CareerMap:
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
    placed = _place(
        boxes,
        [r for r in rows if r["key"] in used_rows],
        [lane for lane in lanes if lane["key"] in used_lanes],
        grouped_edges,
        groups,
        title,
    )
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
