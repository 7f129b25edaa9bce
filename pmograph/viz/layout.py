"""Where the nodes go: the network view through igraph, the career map through Graphviz ``dot``.

Neither view's layout is computed here by hand: :func:`layout` asks igraph's
Fruchterman-Reingold (grid variant for large components) to place each
connected component and only packs the components in rows;
:func:`dot_positions` runs Graphviz ``dot`` on a DOT text and reads back the
node positions and sizes from its JSON output (:func:`start_dot` starts one
without waiting, so that several layouts run beside the rest of the work).  Both are deterministic: the
same input gives the same positions.

igraph imports every plotting library it finds (matplotlib's pyplot, plotly,
cairo) when it is imported, which takes half a second with matplotlib
installed.  The command line, where nothing plots, calls
:func:`hide_plotting` first: igraph is then imported with those libraries
hidden from it (its plotting is not used here), and with wcwidth hidden from
texttable (igraph's text summaries, not used either).  A library caller's igraph is
imported as usual.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import statistics
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pmograph.errors import InputError

__all__ = [
    "layout",
    "dot_positions",
    "run_dot",
    "start_dot",
    "read_positions",
    "hide_plotting",
    "DotNode",
    "DotRun",
    "DOT_MISSING",
    "EDGE_LENGTH",
]

EDGE_LENGTH = 110.0
"""The ideal distance between linked nodes of the network view, in page pixels."""

DOT_MISSING = (
    "Graphviz's dot program is missing; install it (Debian: apt-get install graphviz, "
    "or `make graphviz`), or draw the network view with --view network"
)

_GRID_FROM = 200  # components this large use igraph's grid-accelerated repulsion
_PLOTTING = ("matplotlib", "plotly", "cairo", "cairocffi")  # what igraph looks for on import
# texttable (igraph's summaries as text tables, not used here) measures characters with
# wcwidth when it finds it, whose import compiles regular expressions for 0.05 s; hidden,
# texttable measures them with unicodedata
_UNUSED = (*_PLOTTING, "wcwidth")
_hide_plotting = False


def hide_plotting() -> None:
    """Import igraph, from now on, without the plotting libraries it would load (see above).

    For processes that never plot with igraph, such as the command line: a
    plotting library already imported stays visible.
    """
    global _hide_plotting
    _hide_plotting = True


def _igraph() -> Any:
    """The igraph module, imported with the plotting libraries hidden if :func:`hide_plotting`."""
    if "igraph" in sys.modules or not _hide_plotting:
        import igraph

        return igraph
    hidden = [name for name in _UNUSED if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # import then raises ImportError
    try:
        import igraph
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return igraph


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
    200 nodes on, and fewer iterations as components grow), scaled so that linked nodes sit about ``edge_length``
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
    igraph = _igraph()

    pairs = sorted({(min(a, b), max(a, b)) for a, b in edges if a != b})
    # igraph's low-level class: the same layouts as igraph.Graph's, without the wrapper
    # (whose constructor imports numpy to check the edges' type)
    graph = igraph.GraphBase(n, pairs)
    members: dict[int, list[int]] = {}
    for v, c in enumerate(graph.connected_components()):
        members.setdefault(c, []).append(v)
    components = sorted(members.values(), key=lambda c: (-len(c), c[0]))
    # igraph draws from the Python-level generator it is given: a seeded one, restored after
    igraph.set_random_number_generator(random.Random(seed))
    try:
        placed = _components(graph, components, edge_length)
    finally:
        igraph.set_random_number_generator(random)
    return _pack(n, placed, edge_length)


def _components(
    graph: Any, components: list[list[int]], edge_length: float
) -> list[tuple[list[int], list[tuple[float, float]]]]:
    placed: list[tuple[list[int], list[tuple[float, float]]]] = []
    for comp in components:
        if len(comp) == 1:
            placed.append((comp, [(0.0, 0.0)]))
            continue
        sub = graph.induced_subgraph(comp)
        big = len(comp) >= _GRID_FROM
        # igraph starts from random points drawn from the seeded generator set above
        # (given starting points, its grid variant runs ten times slower)
        coords = sub.layout_fruchterman_reingold(niter=_iterations(len(comp)), grid=big)
        median = statistics.median(math.dist(coords[a], coords[b]) for a, b in sub.get_edgelist())
        scale = edge_length / (median or 1.0)
        placed.append((comp, [(x * scale, y * scale) for x, y in coords]))
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
    return read_positions(run_dot(source, "json", timeout=timeout))


def read_positions(
    output: bytes,
) -> tuple[dict[str, DotNode], dict[str, tuple[float, float, float, float]]]:
    """The node and cluster boxes of ``dot -Tjson`` output (see :func:`dot_positions`)."""
    data = json.loads(output)
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
    return start_dot(source, fmt, timeout=timeout, args=args).output()


class DotRun:
    """A ``dot`` process working on a DOT text (from :func:`start_dot`).

    :meth:`output` waits for its result; :meth:`stop` ends it if it still
    runs (the caller's ``finally``: a page abandoned, or a signal, stops
    every ``dot`` it started).
    """

    def __init__(self, process: Any, deadline: float, timeout: float) -> None:
        self._process = process
        self._deadline = deadline
        self._timeout = timeout

    def output(self) -> bytes:
        """The output of ``dot``, waiting until it is done.

        Raises
        ------
        InputError
            ``dot`` failed or took longer than its timeout.
        """
        import subprocess
        import time

        try:
            out, err = self._process.communicate(
                timeout=max(0.0, self._deadline - time.monotonic())
            )
        except subprocess.TimeoutExpired:
            raise InputError(
                f"Graphviz's dot took over {self._timeout:g} s to lay out the map"
            ) from None
        finally:
            self.stop()
        if self._process.returncode != 0:
            message = err.decode("utf-8", "replace").strip().splitlines()
            raise InputError(
                "Graphviz's dot failed ("
                + (message[-1] if message else f"exit {self._process.returncode}")
                + ")"
            )
        return bytes(out)

    def stop(self) -> None:
        """End ``dot`` if it still runs."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()


def start_dot(source: str, fmt: str, *, timeout: float = 60.0, args: Iterable[str] = ()) -> DotRun:
    """Start Graphviz ``dot -T<fmt>`` on a DOT text; several can run at once.

    The text goes to ``dot`` through an unnamed temporary file (nothing is
    left on disk), so that starting one never waits for another.

    Raises
    ------
    InputError
        ``dot`` is missing.
    """
    import subprocess
    import tempfile
    import time

    dot = shutil.which("dot")
    if dot is None:
        raise InputError(DOT_MISSING)
    with tempfile.TemporaryFile() as text:
        text.write(source.encode("utf-8"))
        text.seek(0)
        process = subprocess.Popen(
            [dot, f"-T{fmt}", *args],
            stdin=text,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    return DotRun(process, time.monotonic() + timeout, timeout)
