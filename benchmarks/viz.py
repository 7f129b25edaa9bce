"""How fast the visualization is made and becomes usable: pmograph now, the page before issue 14, pyvis's defaults.

For synthetic graphs of 100, 1,000, 5,000 and 50,000 nodes (a quarter roles,
the rest skills; each role takes one or two career steps to other roles and
requires about ten skills, so about 3 edges per node), written as N-Triples
with labels and definitions and loaded with ``pmograph.load(packaged=False)``:

* **generation**: seconds to make the HTML text, in the same run, alternating.
  pmograph: ``viz.render(kg, view="network", max_nodes=None)`` (the career
  map, role cards and compare data are built too: the page holds both
  views).  *before*: the page as pmograph made it before issue 14 (its
  ``viz.py`` and template read from git at commit ``d98a809``: hand-made
  Fruchterman-Reingold layout, network only); skipped when git or that
  commit is not at hand.  pyvis defaults: a ``Network(directed=True,
  cdn_resources="in_line")`` filled from the same networkx graph with
  pyvis's own ``Node``/``Edge`` defaults (the lists filled directly:
  ``add_node``/``add_edge``/``from_nx`` are quadratic) and ``generate_html()``.
* **layout %**: the share of pmograph's generation spent in the network
  layout (igraph) and in the career map's (Graphviz ``dot``), timed alone on
  the same input.
* **size**: the HTML file in MB.
* **interactive**: seconds from navigation start until the network's first
  ``afterDrawing`` event in headless Chromium, the page opened from
  ``file://`` (pmograph's network view; ``pmograph.state.readyAt``).  For
  pyvis's page an init script hooks the global ``network`` it creates; its
  defaults stabilise the physics before the first drawing, and a page not
  drawn within ``--timeout`` seconds is reported as ``>N``.
* **requests**: requests the page tried beyond its own file (all aborted).

Medians over ``--repeat`` runs (one run from 50,000 nodes, and pyvis's page
once when it takes more than 10 s).

Run: ``python benchmarks/viz.py [--sizes 100,1000,5000,50000] [--repeat 3] [--timeout 60]``.
Needs Debian's Chromium at /usr/bin/chromium, Graphviz, and Playwright's Python package.
"""

from __future__ import annotations

import argparse
import importlib.util
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
"""The commit whose page is 'before' (pmograph before issue 14)."""

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
    from playwright.sync_api import sync_playwright

    header = (
        "nodes",
        "edges",
        "gen pmograph s",
        "gen before s",
        "gen pyvis s",
        "layout % net/map",
        "MB pmograph",
        "MB pyvis",
        "interactive pmograph s",
        "interactive before s",
        "interactive pyvis s",
        "requests ours/pyvis",
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        before = load_before(Path(tmp))
        if before is None:
            print(f"  (git or commit {BEFORE} missing: no 'before' columns)", file=sys.stderr)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in sizes:
            data = Path(tmp) / f"graph-{n}.nt"
            write_graph(data, n)
            kg = load([data], packaged=False)
            graph = kg.to_networkx()
            repeat = args.repeat if n < 50_000 else 1

            gen_ours, gen_before, gen_theirs = [], [], []
            ours = old = theirs = ""
            for _ in range(repeat):
                start = time.perf_counter()
                ours = viz.render(kg, view="network", max_nodes=None).html
                gen_ours.append(time.perf_counter() - start)
                if before is not None:
                    start = time.perf_counter()
                    old = before.render(kg, max_nodes=None).html
                    gen_before.append(time.perf_counter() - start)
                start = time.perf_counter()
                theirs = pyvis_default_page(kg)
                gen_theirs.append(time.perf_counter() - start)
            net_layout, map_layout = layout_share(kg)
            print(
                f"  {n} nodes: generation {statistics.median(gen_ours):.2f} s, of which"
                f" network layout {net_layout:.2f} s, map layout {map_layout:.2f} s",
                file=sys.stderr,
            )
            ours_path = Path(tmp) / f"pmograph-{n}.html"
            theirs_path = Path(tmp) / f"pyvis-{n}.html"
            before_path = Path(tmp) / f"before-{n}.html"
            ours_path.write_text(ours, encoding="utf-8")
            theirs_path.write_text(theirs, encoding="utf-8")
            before_path.write_text(old, encoding="utf-8")

            ready_ours, ready_before, ready_theirs = [], [], []
            req_ours = req_theirs = 0
            for i in range(repeat):
                t, req_ours = measure(browser, ours_path, OURS_READY, args.timeout)
                ready_ours.append(t)
                line = f"  {n} nodes, run {i + 1}: pmograph {fmt(t, args.timeout)} s"
                if before is not None:
                    t, _ = measure(browser, before_path, OURS_READY, args.timeout)
                    ready_before.append(t)
                    line += f", before {fmt(t, args.timeout)} s"
                if n <= 5000 and (i == 0 or (ready_theirs[0] is not None and ready_theirs[0] < 10)):
                    t, req_theirs = measure(browser, theirs_path, PYVIS_READY, args.timeout)
                    ready_theirs.append(t)
                    line += f", pyvis defaults {fmt(t, args.timeout)} s"
                print(line, file=sys.stderr)

            def median(values: list[float | None]) -> float | None:
                if not values or any(v is None for v in values):
                    return None
                return statistics.median(v for v in values if v is not None)

            gen = statistics.median(gen_ours)
            rows.append(
                (
                    f"{graph.number_of_nodes():,}",
                    f"{graph.number_of_edges():,}",
                    f"{gen:.2f}",
                    f"{statistics.median(gen_before):.2f}" if gen_before else "-",
                    f"{statistics.median(gen_theirs):.2f}",
                    f"{100 * net_layout / gen:.0f}/{100 * map_layout / gen:.0f}",
                    f"{len(ours.encode('utf-8')) / 1e6:.1f}",
                    f"{len(theirs.encode('utf-8')) / 1e6:.1f}",
                    fmt(median(ready_ours), args.timeout),
                    fmt(median(ready_before), args.timeout) if ready_before else "-",
                    fmt(median(ready_theirs), args.timeout),
                    f"{req_ours}/{req_theirs}",
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
