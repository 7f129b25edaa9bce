"""vis-network's options for the page's network view: how each class is drawn, what a large network defers.

A network of more than :data:`pmograph.viz.page.DETAIL_FROM` nodes is
*large*: no arrows or labels under 7 px, edges hidden while dragging or
zooming, and its commonest class drawn by the global node options instead
of a group (vis-network merges a group's options into each of its nodes one
by one, a third of its data loading on a large network; the page gives
those nodes no group, and they look the same).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pmograph.viz.subset import CLASS_STYLES, style

__all__ = ["vis_options", "plain_group"]


def vis_options(nodes: list[dict[str, Any]], seed: int, large: bool) -> dict[str, Any]:
    """The options of the network view of ``nodes`` (``large``: see the module docstring)."""
    classes = sorted({n["group"] for n in nodes})
    # labels under 7 px on screen are not drawn on a large network (vis-network's default: 4 px)
    scaling = {"scaling": {"label": {"drawThreshold": 8}}} if large else {}
    groups = {cls: _group_style(cls) for cls in classes}
    plain = plain_group(nodes) if large else None
    if plain is not None:
        # vis-network merges a node's group options into it node by node (a third of its data
        # loading on a large network): the nodes of the commonest class get no group on a large
        # network's page, and the global node options are that group's, so they look the same
        common: dict[str, Any] = {
            "shape": groups[plain]["shape"],
            "color": groups[plain]["color"],
        }
    else:
        common = {}
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "interaction": {
            "hover": True,
            "hoverConnectedEdges": not large,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {
                "size": groups[plain]["font"]["size"] if plain is not None else 16,
                "face": "system-ui, sans-serif",
                "color": "#111827",
            },
            **common,
            **scaling,
        },
        "edges": {
            "smooth": False,
            "width": 1,
            "arrows": {"to": {"enabled": not large, "scaleFactor": 0.5}},
            **scaling,
            "color": {
                "color": "#9ca3af",
                "highlight": "#374151",
                "hover": "#374151",
                "inherit": False,
            },
            "font": {"size": 10, "align": "middle", "color": "#4b5563", "strokeWidth": 3},
        },
        "groups": groups,
    }


def _group_style(cls: str) -> dict[str, Any]:
    """How vis-network draws the nodes of one class (its ``groups`` entry)."""
    _, shape, colour = style(cls)
    return {
        "shape": shape,
        "color": {
            "background": colour,
            "border": "#1f2937",
            "highlight": {"background": colour, "border": "#000000"},
            "hover": {"background": colour, "border": "#000000"},
        },
        # roles are what people look for: their labels are larger
        "font": {"size": 22 if cls == "role" else 16},
    }


def plain_group(nodes: list[dict[str, Any]]) -> str | None:
    """The class with the most nodes (the first in the legend's order on a tie)."""
    counts: dict[str, int] = defaultdict(int)
    for n in nodes:
        counts[n["group"]] += 1
    if not counts:
        return None
    rank = {cls: i for i, cls in enumerate(CLASS_STYLES)}
    return min(counts, key=lambda c: (-counts[c], rank.get(c, len(rank)), c))
