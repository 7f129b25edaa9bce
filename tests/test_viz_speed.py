"""The visualization's fast paths give the answers of the plain ones (issue 14's speed work).

Each test builds the answer the plain way (igraph's ``Graph`` class, one
``careers.gap`` call per pair, one ``dot`` after another, a normal import) and
compares it with what the page's code does instead.
"""

from __future__ import annotations

import importlib
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from vizkit import json_block

import pmograph
from pmograph import viz
from pmograph.errors import InputError
from pmograph.viz import careermap, facts
from pmograph.viz.cards import _level

layout = importlib.import_module("pmograph.viz.layout")  # the module (viz.layout is its function)


class TestNetworkLayout:
    @pytest.mark.parametrize("n", [50, 450])  # the exact and the grid variant
    def test_same_positions_as_through_igraphs_graph_class(self, n: int) -> None:
        import igraph

        rng = random.Random(n)
        edges = sorted({(rng.randrange(n), rng.randrange(n)) for _ in range(2 * n)})
        # the plain way: igraph.Graph, its components and subgraphs, as before the speed work
        pairs = sorted({(min(a, b), max(a, b)) for a, b in edges if a != b})
        graph = igraph.Graph(n=n, edges=pairs)
        components = sorted(
            (sorted(c) for c in graph.connected_components()), key=lambda c: (-len(c), c[0])
        )
        igraph.set_random_number_generator(random.Random(0))
        try:
            coords = []
            for comp in components:
                if len(comp) == 1:
                    continue
                sub = graph.subgraph(comp)
                niter = layout._iterations(len(comp))
                big = len(comp) >= layout._GRID_FROM
                coords.append(sub.layout_fruchterman_reingold(niter=niter, grid=big).coords)
        finally:
            igraph.set_random_number_generator(random)
        igraph.set_random_number_generator(random.Random(0))
        try:
            fast = layout._components(igraph.GraphBase(n, pairs), components, layout.EDGE_LENGTH)
        finally:
            igraph.set_random_number_generator(random)
        placed = [pos for comp, pos in fast if len(comp) > 1]
        assert len(placed) == len(coords)
        for plain, scaled in zip(coords, placed):
            # the same points up to the one scale factor that sets the edge length
            factor = scaled[0][0] / plain[0][0]
            assert all(
                abs(x * factor - sx) < 1e-6 and abs(y * factor - sy) < 1e-6
                for (x, y), (sx, sy) in zip(plain, scaled)
            )

    def test_hidden_plotting_libraries_come_back(self) -> None:
        # in a fresh process: igraph imported without matplotlib, which stays importable
        code = (
            "import sys\n"
            "from pmograph.viz.layout import hide_plotting, layout\n"
            "hide_plotting()\n"
            "layout(3, [(0, 1), (1, 2)])\n"
            "assert 'igraph' in sys.modules\n"
            "assert 'matplotlib' not in sys.modules, 'matplotlib was imported'\n"
            "assert 'numpy' not in sys.modules, 'numpy was imported'\n"
            "import importlib.util\n"
            "assert importlib.util.find_spec('matplotlib') is not None\n"
            "import matplotlib\n"
            "print('ok')\n"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "ok"


class TestCareerMap:
    def test_concurrent_dot_runs_give_the_map_one_after_another_gives(self) -> None:
        kg = pmograph.load()
        full = kg.to_networkx()
        roles = {n for n, c in full.nodes(data="cls") if c == "role"}
        found = facts.gather(kg.store, set(full.nodes), roles)
        fast = careermap.build(kg, full, found)
        # the plain way: every folding laid out in turn with dot_positions, the largest wins
        pending = careermap.start(kg, full, found)
        pending.stop()
        boxes = {
            r: {k: v for k, v in b.items() if k in ("label", "row", "lane")}
            for r, b in fast.roles.items()
        }
        from pmograph.viz import dottext

        guess = dottext.fold_depth(dottext.cells(boxes), boxes)
        best: tuple[float, int] | None = None
        for depth in sorted({max(1, guess - 1), guess, guess + 1, guess + 2}):
            text = dottext.dot_source(
                boxes, fast.rows, fast.lanes, fast.edges, arrows=False, depth=depth
            )
            scale = dottext.fit_scale(layout.dot_positions(text)[0])
            if best is None or scale > best[0] + 1e-9:
                best = (scale, depth)
        assert best is not None
        placed, _ = layout.dot_positions(
            dottext.dot_source(
                boxes, fast.rows, fast.lanes, fast.edges, arrows=False, depth=best[1]
            )
        )
        for i, box in enumerate(fast.roles.values()):
            where = placed[f"n{i}"]
            assert (box["x"], box["y"], box["w"], box["h"]) == (
                where.x,
                where.y,
                where.width,
                where.height,
            )

    def test_a_failing_dot_is_one_error_and_leaves_no_process(self) -> None:
        run = layout.start_dot("digraph { a -> ", "json")
        with pytest.raises(InputError, match="Graphviz's dot failed"):
            run.output()
        assert run._process.poll() is not None

    def test_stopping_ends_every_dot_still_running(self) -> None:
        kg = pmograph.load()
        full = kg.to_networkx()
        roles = {n for n, c in full.nodes(data="cls") if c == "role"}
        pending = careermap.start(kg, full, facts.gather(kg.store, set(), roles))
        pending.stop()
        assert all(run._process.poll() is not None for run in pending._runs)


class TestCompare:
    def test_every_pair_shows_the_rows_careers_gap_gives(self) -> None:
        kg = pmograph.load()
        page = viz.render(kg)
        cards = json_block(page.html, "cards")
        gaps = json_block(page.html, "gaps")

        def origin(r: Any) -> str | None:
            return kg.label(r.inherited_from) if r.inherited_from else None

        for a, ca in cards.items():
            for b, cb in cards.items():
                if a == b:
                    continue
                found = kg.gap(ca["iri"], cb["iri"])
                plain = [
                    [r.kind, r.need, r.label, _level(r.level), None, "missing", origin(r)]
                    for r in found
                ] + [
                    [
                        st.requirement.kind,
                        st.requirement.need,
                        st.requirement.label,
                        _level(st.requirement.level),
                        _level(st.have),
                        st.describe().rsplit(": ", 1)[1],
                        origin(st.requirement),
                    ]
                    for st in found.levels
                ]
                pair = gaps["pairs"].get(f"{a} {b}", [[], 0, 0])
                assert [gaps["rows"][k] for k in pair[0]] == plain, (ca["label"], cb["label"])


def test_the_page_needs_neither_pyvis_network_nor_numpy() -> None:
    # a cold `pmograph viz` in a fresh process imports only what it uses
    with tempfile.TemporaryDirectory() as folder:
        _cold_viz(Path(folder) / "page.html")


def _cold_viz(out: Path) -> None:
    code = (
        "import sys\n"
        "from pmograph.cli import main\n"
        f"sys.argv = ['pmograph', 'viz', '-o', {str(out)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "heavy = [m for m in ('pyvis.network', 'IPython', 'numpy', 'matplotlib', 'rdflib')\n"
        "         if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
