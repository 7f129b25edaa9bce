"""How fast the visualization is made and becomes usable: pmograph now, the page before, pyvis's defaults.

For synthetic graphs of 100, 1,000, 5,000 and 50,000 nodes (a quarter roles,
the rest skills; each role takes one or two career steps to other roles and
requires about ten skills, so about 3 edges per node), written as N-Triples
with labels and definitions and loaded with ``pmograph.load(packaged=False)``:

* **generation**: seconds to make the HTML text, in the same run, alternating
  (imports done and the graph's index built beforehand, for every page).
  *pmograph*: ``viz.render(kg, view="network", max_nodes=None)`` (the career
  map, role cards and compare data are built too: the page holds both
  views).  *previous*: the same call on pmograph's ``viz`` package as it was
  at commit :data:`PREVIOUS` (the page before the speed work: both views,
  pyvis's ``Network`` and Jinja2 includes, dot's folding candidates one after
  another), read from git.  *pre-14*: the page before issue 14 (its
  ``viz.py`` and template at commit :data:`BEFORE`: hand-made
  Fruchterman-Reingold layout, network only).  Either is skipped when git or
  its commit is not at hand.  *pyvis defaults*: a ``Network(directed=True,
  cdn_resources="in_line")`` filled from the same networkx graph with
  pyvis's own ``Node``/``Edge`` defaults (the lists filled directly:
  ``add_node``/``add_edge``/``from_nx`` are quadratic) and ``generate_html()``.
* **layout %**: the share of pmograph's generation spent in the network
  layout (igraph) and in the career map's (Graphviz ``dot``, its folding
  candidates run at once), timed alone on the same input.
* **size**: the HTML file in MB.
* **interactive**: seconds from navigation start until the network's first
  ``afterDrawing`` event with every node in it, in headless Chromium, the
  page opened from ``file://`` (``pmograph.state.readyAt``).  For pyvis's
  page an init script hooks the global ``network`` it creates; its defaults
  stabilise the physics before the first drawing, and a page not drawn
  within ``--timeout`` seconds is reported as ``>N``.  *vis floor*: the
  same nodes and edges (positions, no labels, no arrows, physics off) in a
  bare ``vis.Network`` on a page of nothing else: what vis-network itself
  needs to draw them once.
* **requests**: requests the page tried beyond its own file (all aborted).

Medians over ``--repeat`` runs (one run from 50,000 nodes, and pyvis's page
once when it takes more than 10 s).

Run: ``python benchmarks/viz.py [--sizes 100,1000,5000,50000] [--repeat 3] [--timeout 60]``.
Needs Debian's Chromium at /usr/bin/chromium, Graphviz, and Playwright's Python package.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pmograph import viz
from pmograph.kg import KnowledgeGraph, load
from pmograph.namespaces import PMG_IRI, PMGID_IRI, PREFIXES

BEFORE = "d98a809"
"""The commit whose page is 'pre-14' (pmograph before issue 14)."""
PREVIOUS = "935cd3e"
"""The commit whose page is 'previous' (issue 14's page before the speed work)."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SKILLS_PER_ROLE = 10
OURS_READY = "window.pmograph && window.pmograph.state.readyAt"
PYVIS_READY = "window.__benchReadyAt"
FLOOR_READY = "window.__floorReadyAt"

# Installed before pyvis's page runs: note when the network it assigns to the
# global `network` first draws.
PYVIS_HOOK = """
(() => {
  let net;
  Object.defineProperty(window, "network", {
    configurable: true,
    get() { return net; },
    set(value) {
      net = value;
      if (value && typeof value.once === "function") {
        value.once("afterDrawing", () => { window.__benchReadyAt = performance.now(); });
      }
    },
  });
})();
"""


def write_graph(path: Path, n: int, seed: int = 7) -> None:
    """Write a synthetic career graph of ``n`` nodes as N-Triples."""
    rng = random.Random(seed)
    roles = max(2, n // 4)
    skills = n - roles
    typ = f"<{PREFIXES['rdf']}type>"
    pref = f"<{PREFIXES['skos']}prefLabel>"
    definition = f"<{PREFIXES['skos']}definition>"
    step = f"<{PMG_IRI}progressesTo>"
    needs = f"<{PMG_IRI}requiresEssentialSkill>"
    lines = []
    for r in range(roles):
        iri = f"<{PMGID_IRI}role/r{r}>"
        lines.append(f"{iri} {typ} <{PMG_IRI}Role> .")
        lines.append(f'{iri} {pref} "Role {r}"@en .')
        lines.append(f'{iri} {definition} "A synthetic role, number {r}, for the benchmark."@en .')
        for _ in range(rng.choice((1, 2))):
            target = (
                min(roles - 1, r + rng.randint(1, 25))
                if r < roles - 1
                else rng.randrange(roles - 1)
            )
            if target != r:
                lines.append(f"{iri} {step} <{PMGID_IRI}role/r{target}> .")
        base = r * skills // roles
        for s in {(base + rng.randint(0, 60)) % skills for _ in range(SKILLS_PER_ROLE)}:
            lines.append(f"{iri} {needs} <{PMGID_IRI}skill/s{s}> .")
    for s in range(skills):
        iri = f"<{PMGID_IRI}skill/s{s}>"
        lines.append(f"{iri} {typ} <{PMG_IRI}Skill> .")
        lines.append(f'{iri} {pref} "Skill {s}"@en .')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def pyvis_default_page(kg: KnowledgeGraph) -> str:
    """The page pyvis makes with its defaults for the same graph."""
    from pyvis.edge import Edge
    from pyvis.network import Network
    from pyvis.node import Node

    graph = kg.to_networkx()
    net = Network(directed=True, cdn_resources="in_line")
    for node, data in graph.nodes(data=True):
        options = Node(node, "dot", label=data["label"], color="#97c2fc", font_color=False).options
        net.nodes.append(options)
        net.node_ids.append(node)
        net.node_map[node] = options
    for u, v, data in graph.edges(data=True):
        net.edges.append(Edge(u, v, True, label=data["property"]).options)
    return str(net.generate_html())


def floor_page(page: str) -> str:
    """A bare vis-network page drawing ``page``'s network nodes and edges (see the module docstring)."""
    import re

    from pmograph.viz.templates import _vis_network

    def block(name: str) -> Any:
        found = re.search(
            rf'<script id="pmg-{name}" type="application/json">(.*?)</script>', page, re.S
        )
        assert found is not None, name
        return json.loads(found.group(1))

    nodes = [{"id": n["id"], "x": n["x"], "y": n["y"]} for n in block("nodes")]
    edges = [{"from": e["from"], "to": e["to"]} for e in block("edges")]
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": False}}},
    }
    data = json.dumps({"nodes": nodes, "edges": edges}).replace("<", "\\u003c")
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">'
        '<div id="n" style="position:absolute;inset:0"></div>'
        f"<script>{_vis_network()[0]}</script>"
        f'<script id="d" type="application/json">{data}</script><script>'
        'var d = JSON.parse(document.getElementById("d").textContent);'
        f'var net = new vis.Network(document.getElementById("n"), {{}}, {json.dumps(options)});'
        'net.once("afterDrawing", function () { window.__floorReadyAt = performance.now(); });'
        "net.setData({nodes: new vis.DataSet(d.nodes), edges: new vis.DataSet(d.edges)});"
        "</script></body></html>"
    )


def load_previous(folder: Path) -> Any:
    """pmograph's ``viz`` package as it was at :data:`PREVIOUS`, or None without git or the commit."""
    repo = Path(__file__).resolve().parent.parent
    target = folder / "previous"
    try:
        listing = subprocess.run(
            ["git", "ls-tree", "-r", "--name-only", PREVIOUS, "pmograph/viz", "pmograph/templates"],
            cwd=repo,
            capture_output=True,
            check=True,
            text=True,
        ).stdout.split()
        for name in listing:
            text = subprocess.run(
                ["git", "show", f"{PREVIOUS}:{name}"], cwd=repo, capture_output=True, check=True
            ).stdout
            path = target / name.replace("pmograph/viz/", "viz_previous/").replace(
                "pmograph/templates/", "templates/"
            )
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix == ".py":  # its own modules under their new name; the rest is today's
                text = text.replace(b"pmograph.viz", b"viz_previous")
            path.write_bytes(text)
    except (OSError, subprocess.CalledProcessError):
        return None
    if not listing:
        return None
    sys.path.insert(0, str(target))
    return importlib.import_module("viz_previous")


def load_before(folder: Path) -> Any:
    """The visualization module as it was at :data:`BEFORE`, or None without git or the commit."""
    repo = Path(__file__).resolve().parent.parent
    try:
        code = subprocess.run(
            ["git", "show", f"{BEFORE}:pmograph/viz.py"], cwd=repo, capture_output=True, check=True
        ).stdout.decode("utf-8")
        template = subprocess.run(
            ["git", "show", f"{BEFORE}:pmograph/templates/viz.html"],
            cwd=repo,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    (folder / "templates").mkdir()
    (folder / "templates" / "viz.html").write_bytes(template)
    code = code.replace(
        "from pmograph.kg import INFERRED_GRAPH_IRI",
        "from pmograph.namespaces import INFERRED_GRAPH_IRI",
    )
    (folder / "viz_before.py").write_text(code, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("viz_before", folder / "viz_before.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["viz_before"] = module
    spec.loader.exec_module(module)
    return module


def layout_share(kg: KnowledgeGraph) -> tuple[float, float]:
    """Seconds of the network layout and of the career map's layout, alone, on kg's page."""
    from pmograph.viz import careermap, facts
    from pmograph.viz.layout import layout

    graph = kg.to_networkx()
    index = {n: i for i, n in enumerate(graph.nodes)}
    edges = [(index[u], index[v]) for u, v in graph.edges()]
    start = time.perf_counter()
    layout(len(index), edges)
    network = time.perf_counter() - start
    roles = {n for n, c in graph.nodes(data="cls") if c == "role"}
    found = facts.gather(kg.store, set(), roles)
    start = time.perf_counter()
    careermap.build(kg, graph, found)
    return network, time.perf_counter() - start


def measure(browser: Any, path: Path, ready: str, timeout: float) -> tuple[float | None, int]:
    """Seconds from navigation start to first drawing (None past the timeout); requests tried."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    url = path.resolve().as_uri()
    tried: list[str] = []

    def route(r: Any) -> None:
        if r.request.url == url:
            r.continue_()
        else:
            tried.append(r.request.url)
            r.abort()

    try:
        context.route("**/*", route)
        page = context.new_page()
        page.add_init_script(PYVIS_HOOK)
        start = time.monotonic()
        try:
            # "load" comes after the inline scripts have run; waiting from "commit" can miss
            # the page's context when it is busy.
            page.goto(url, wait_until="load", timeout=timeout * 1000)
            left = max(1.0, timeout - (time.monotonic() - start))
            page.wait_for_function(f"({ready}) != null", timeout=left * 1000, polling=50)
        except Exception:  # playwright's TimeoutError
            return None, len(tried)
        return float(page.evaluate(ready)) / 1000, len(tried)
    finally:
        context.close()


def fmt(value: float | None, timeout: float) -> str:
    if value is None:
        return f">{timeout:.0f}"
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="100,1000,5000,50000", help="node counts, comma-separated"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for a page")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: install Debian's chromium package", file=sys.stderr)
        return 1
    import igraph  # noqa: F401  # imports are not generation: done once, for every page
    import pyvis.network  # noqa: F401
    from playwright.sync_api import sync_playwright

    header = (
        "nodes",
        "edges",
        "gen pmograph s",
        "gen previous s",
        "gen pre-14 s",
        "gen pyvis s",
        "layout % net/map",
        "MB",
        "MB prev",
        "interactive pmograph s",
        "interactive previous s",
        "interactive pre-14 s",
        "interactive pyvis s",
        "vis floor s",
        "requests",
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        before = load_before(Path(tmp))
        if before is None:
            print(f"  (git or commit {BEFORE} missing: no 'pre-14' columns)", file=sys.stderr)
        previous = load_previous(Path(tmp))
        if previous is None:
            print(f"  (git or commit {PREVIOUS} missing: no 'previous' columns)", file=sys.stderr)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in sizes:
            data = Path(tmp) / f"graph-{n}.nt"
            write_graph(data, n)
            kg = load([data], packaged=False)
            graph = kg.to_networkx()
            repeat = args.repeat if n < 50_000 else 1

            makers: dict[str, Any] = {
                "pmograph": lambda kg=kg: viz.render(kg, view="network", max_nodes=None).html
            }
            if previous is not None:
                makers["previous"] = lambda kg=kg: (
                    previous.render(kg, view="network", max_nodes=None).html
                )
            if before is not None:
                makers["pre-14"] = lambda kg=kg: before.render(kg, max_nodes=None).html
            makers["pyvis"] = lambda kg=kg: pyvis_default_page(kg)
            gen: dict[str, list[float]] = {name: [] for name in makers}
            html: dict[str, str] = {}
            for _ in range(repeat):
                for name, make in makers.items():
                    start = time.perf_counter()
                    html[name] = make()
                    gen[name].append(time.perf_counter() - start)
            html["floor"] = floor_page(html["pmograph"])
            net_layout, map_layout = layout_share(kg)
            print(
                f"  {n} nodes: generation {statistics.median(gen['pmograph']):.2f} s, of which"
                f" network layout {net_layout:.2f} s, map layout {map_layout:.2f} s",
                file=sys.stderr,
            )
            paths = {}
            for name, text in html.items():
                paths[name] = Path(tmp) / f"{name}-{n}.html"
                paths[name].write_text(text, encoding="utf-8")

            ready: dict[str, list[float | None]] = {name: [] for name in html}
            tried = {}
            for i in range(repeat):
                line = f"  {n} nodes, run {i + 1}:"
                for name in html:
                    first = ready[name][0] if ready[name] else None
                    if name == "pyvis" and (n > 5000 or (i > 0 and (first is None or first >= 10))):
                        continue  # pyvis's physics: once when it is slow
                    expr = {"pyvis": PYVIS_READY, "floor": FLOOR_READY}.get(name, OURS_READY)
                    t, tried[name] = measure(browser, paths[name], expr, args.timeout)
                    ready[name].append(t)
                    line += f" {name} {fmt(t, args.timeout)} s,"
                print(line.rstrip(","), file=sys.stderr)

            def median(values: list[float | None]) -> float | None:
                if not values or any(v is None for v in values):
                    return None
                return statistics.median(v for v in values if v is not None)

            def gen_col(name: str, gen: dict[str, list[float]] = gen) -> str:
                return f"{statistics.median(gen[name]):.2f}" if gen.get(name) else "-"

            def ready_col(name: str, ready: dict[str, list[float | None]] = ready) -> str:
                return fmt(median(ready[name]), args.timeout) if ready.get(name) else "-"

            ours = statistics.median(gen["pmograph"])
            rows.append(
                (
                    f"{graph.number_of_nodes():,}",
                    f"{graph.number_of_edges():,}",
                    gen_col("pmograph"),
                    gen_col("previous"),
                    gen_col("pre-14"),
                    gen_col("pyvis"),
                    f"{100 * net_layout / ours:.0f}/{100 * map_layout / ours:.0f}",
                    f"{len(html['pmograph'].encode('utf-8')) / 1e6:.1f}",
                    f"{len(html['previous'].encode('utf-8')) / 1e6:.1f}"
                    if "previous" in html
                    else "-",
                    ready_col("pmograph"),
                    ready_col("previous"),
                    ready_col("pre-14"),
                    ready_col("pyvis"),
                    ready_col("floor"),
                    "/".join(str(tried.get(k, "-")) for k in ("pmograph", "pyvis")),
                )
            )
        browser.close()

    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print("  ".join(h.rjust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
