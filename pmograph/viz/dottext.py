"""The career map as DOT text: one rank chain per row, one cluster per lane, folded cells.

:func:`dot_source` writes the text Graphviz ``dot`` lays out (and renders for
the image export); :func:`fold_depth` estimates how deep a crowded cell of
the grid may grow to fit a 1400x900 window, and :func:`fit_scale` measures
how large a layout dot made is drawn there.  Labels are double-quoted DOT
strings, never HTML-like labels, so any text is drawn as text.
"""

from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from typing import Any

__all__ = ["dot_source", "wrap", "cells", "fit_scale", "fold_depth", "FONT_SIZE", "SCREEN"]

FONT_SIZE = 16
"""Label size of role boxes, in points of the layout (page pixels at scale 1): the packaged
61 roles are drawn at 12.5 px on a 1400x900 window (at 14, 12.3 px).  Larger sizes or
narrower margins gain little: the browser's text is wider than Graphviz's Helvetica
estimate, so vis-network would wrap labels that dot sized for one line less."""
_WRAP = 14
_CHAR_W = 8.0  # rough width of a character at FONT_SIZE, for choosing how to fold cells
SCREEN = (1175, 830)  # the map's share of a 1400x900 window


def wrap(label: str) -> str:
    """A label broken into lines of about 14 characters (long words are kept whole)."""
    return "\n".join(textwrap.wrap(label, _WRAP, break_long_words=False)) or label


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
    deepest = depth if depth is not None else fold_depth(cells, boxes)
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
        f'fontname="Helvetica", fontsize={FONT_SIZE}, margin="0.13,0.07", height=0.3];',
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


def cells(boxes: dict[str, dict[str, Any]]) -> dict[tuple[str, str], list[str]]:
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, box in boxes.items():
        cells[(box["row"], box["lane"])].append(key)
    return cells


def fit_scale(found: dict[str, Any]) -> float:
    """The scale at which everything dot placed fits the map's share of a 1400x900 window."""
    if not found:
        return 1.0
    x0 = min(n.x - n.width / 2 for n in found.values())
    x1 = max(n.x + n.width / 2 for n in found.values())
    y0 = min(n.y - n.height / 2 for n in found.values())
    y1 = max(n.y + n.height / 2 for n in found.values())
    return min(SCREEN[0] / max(x1 - x0, 1.0), SCREEN[1] / max(y1 - y0, 1.0))


def _columns(count: int, depth: int) -> int:
    """Columns of a cell of ``count`` boxes at most ``depth`` deep."""
    return max(1, math.ceil(count / depth))


def fold_depth(cells: dict[tuple[str, str], list[str]], boxes: dict[str, dict[str, Any]]) -> int:
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
        scale = min(SCREEN[0] / width, SCREEN[1] / height)
        if scale > best_scale + 1e-9:
            best, best_scale = depth, scale
    return best
