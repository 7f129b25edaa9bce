"""Where the nodes go: the network view through igraph, the career map through Graphviz ``dot``.

Neither view's layout is computed here by hand: :func:`layout` asks igraph's
Fruchterman-Reingold (grid variant for large components) to place each
connected component and only packs the components in rows;
:func:`dot_positions` runs Graphviz ``dot`` on a DOT text and reads back the
node positions and sizes from its JSON output.  Both are deterministic: the
same input gives the same positions.
"""

from __future__ import annotations

import json
import math
import random
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pmograph.errors import InputError

__all__ = ["layout", "dot_positions", "run_dot", "DotNode", "DOT_MISSING", "EDGE_LENGTH"]

EDGE_LENGTH = 110.0
"""The ideal distance between linked nodes of the network view, in page pixels."""

DOT_MISSING = (
    "Graphviz's dot program is missing; install it (Debian: apt-get install graphviz, "
    "or `make graphviz`), or draw the network view with --view network"
)

_GRID_FROM = 400  # components this large use igraph's grid-accelerated repulsion


def layout(
    n: int,
    edges: Iterable[tuple[int, int]],
    *,
    seed: int = 0,
    edge_length: float = EDGE_LENGTH,
) -> list[tuple[float, float]]:
    """Positions for nodes ``0 .. n-1`` joined by ``edges``: deterministic and fast.

    Each connected component is placed by igraph's Fruchterman-Reingold
    layout (igraph's random start drawn from a generator seeded with ``seed``; with the grid approximation from
    400 nodes on, and fewer iterations as components grow), scaled so that linked nodes sit about ``edge_length``
    apart; the components are then packed in rows, largest first, and the
    whole centred on the origin.

    Parameters
    ----------
    n
        The number of nodes.
    edges
        Pairs of node numbers; direction, duplicates and self-loops are
        ignored.
    seed
        Seed of the starting points.
    edge_length
        The ideal distance between linked nodes, in page pixels.

    Returns
    -------
    list of (x, y)

    Examples
    --------
    >>> pos = layout(3, [(0, 1), (1, 2)])
    >>> len(pos), pos == layout(3, [(0, 1), (1, 2)])
    (3, True)
    """
    import igraph
    import numpy as np

    pairs = sorted({(min(a, b), max(a, b)) for a, b in edges if a != b})
    graph = igraph.Graph(n=n, edges=pairs)
    components = sorted(
        (sorted(c) for c in graph.connected_components()), key=lambda c: (-len(c), c[0])
    )
    rng = np.random.default_rng(seed)
    # igraph draws from the Python-level generator it is given: a seeded one, restored after
    igraph.set_random_number_generator(random.Random(seed))
    try:
        placed = _components(graph, components, rng, edge_length)
    finally:
        igraph.set_random_number_generator(random)
    return _pack(n, placed, edge_length)


def _components(
    graph: Any, components: list[list[int]], rng: Any, edge_length: float
) -> list[tuple[list[int], list[tuple[float, float]]]]:
    import numpy as np

    placed: list[tuple[list[int], list[tuple[float, float]]]] = []
    for comp in components:
        if len(comp) == 1:
            placed.append((comp, [(0.0, 0.0)]))
            continue
        sub = graph.subgraph(comp)
        big = len(comp) >= _GRID_FROM
        # igraph starts from random points drawn from the seeded generator set above
        # (given starting points, its grid variant runs ten times slower)
        coords = np.array(
            sub.layout_fruchterman_reingold(niter=_iterations(len(comp)), grid=big).coords
        )
        ends = np.array(sub.get_edgelist())
        lengths = np.sqrt(((coords[ends[:, 0]] - coords[ends[:, 1]]) ** 2).sum(1))
        median = float(np.median(lengths)) or 1.0
        coords *= edge_length / median
        placed.append((comp, [(float(x), float(y)) for x, y in coords]))
    return placed


def _iterations(size: int) -> int:
    """Fewer rounds for larger components: each costs more, and big ones settle sooner."""
    return 300 if size < _GRID_FROM else 150 if size < 2000 else 80 if size < 20000 else 50


def _pack(
    n: int, placed: list[tuple[list[int], list[tuple[float, float]]]], k: float
) -> list[tuple[float, float]]:
    """Components in rows, largest first, centred on the origin."""
    boxes = []
    for _, pos in placed:
        xs = [p[0] for p in pos]
        ys = [p[1] for p in pos]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + k, max(ys) - min(ys) + k))
    area = sum(w * h for _, _, w, h in boxes)
    row_width = max(max((w for _, _, w, _ in boxes), default=k), math.sqrt(area) * 1.2)
    out: list[tuple[float, float]] = [(0.0, 0.0)] * n
    x = y = row_height = 0.0
    for (comp, pos), (x0, y0, w, h) in zip(placed, boxes):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for v, (px, py) in zip(comp, pos):
            out[v] = (px - x0 + x, py - y0 + y)
        x += w
        row_height = max(row_height, h)
    if n:
        cx = (min(p[0] for p in out) + max(p[0] for p in out)) / 2
        cy = (min(p[1] for p in out) + max(p[1] for p in out)) / 2
        out = [(round(px - cx, 1), round(py - cy, 1)) for px, py in out]
    return out


@dataclass(frozen=True)
class DotNode:
    """Where ``dot`` put a node: its centre and size, in points, y growing downwards."""

    x: float
    y: float
    width: float
    height: float


def dot_positions(
    source: str, *, timeout: float = 60.0
) -> tuple[dict[str, DotNode], dict[str, tuple[float, float, float, float]]]:
    """Lay out a DOT graph with Graphviz ``dot`` and return each node's box.

    Parameters
    ----------
    source
        The graph in the DOT language.
    timeout
        Seconds ``dot`` may take.

    Returns
    -------
    nodes : dict
        Node name -> :class:`DotNode`, with y flipped so that it grows
        downwards as on a page.
    clusters : dict
        Cluster name -> its box ``(x0, y0, x1, y1)``, y flipped likewise.

    Raises
    ------
    InputError
        ``dot`` is missing, failed, or took too long.
    """
    data = json.loads(run_dot(source, "json", timeout=timeout))
    height = float(data.get("bb", "0,0,0,0").split(",")[3])
    found: dict[str, DotNode] = {}
    clusters: dict[str, tuple[float, float, float, float]] = {}
    for obj in data.get("objects", []):
        if "bb" in obj:
            x0, y0, x1, y1 = (float(v) for v in obj["bb"].split(","))
            clusters[obj["name"]] = (x0, round(height - y1, 1), x1, round(height - y0, 1))
        if "pos" not in obj or "nodes" in obj:
            continue  # clusters and subgraphs
        x, y = (float(v) for v in obj["pos"].split(","))
        found[obj["name"]] = DotNode(
            round(x, 1),
            round(height - y, 1),
            round(float(obj["width"]) * 72, 1),
            round(float(obj["height"]) * 72, 1),
        )
    return found, clusters


def run_dot(source: str, fmt: str, *, timeout: float = 60.0, args: Iterable[str] = ()) -> bytes:
    """Run Graphviz ``dot -T<fmt>`` on a DOT text and return its output.

    Raises
    ------
    InputError
        ``dot`` is missing, failed, or took longer than ``timeout`` seconds.
    """
    import subprocess

    dot = shutil.which("dot")
    if dot is None:
        raise InputError(DOT_MISSING)
    try:
        done = subprocess.run(
            [dot, f"-T{fmt}", *args],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError(f"Graphviz's dot took over {timeout:g} s to lay out the map") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(
            f"Graphviz's dot failed ({message[-1] if message else 'exit ' + str(done.returncode)})"
        )
    return done.stdout
