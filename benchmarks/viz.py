"""How fast the visualization is made and becomes usable, against pyvis's defaults.

For synthetic graphs of 100, 1,000, 5,000 and 20,000 nodes (a quarter roles,
the rest skills; each role takes one or two career steps to other roles and
requires about ten skills, so about 3 edges per node), written as N-Triples
with labels and definitions and loaded with ``pmograph.load(packaged=False)``:

* **generation**: seconds to make the HTML text.  pmograph: ``viz.render(kg)``
  (networkx view, provenance, layout, page).  pyvis defaults: a
  ``Network(directed=True, cdn_resources="in_line")`` filled from the same
  networkx graph with pyvis's own ``Node``/``Edge`` defaults (the lists are
  filled directly: ``add_node``/``add_edge``/``from_nx`` are quadratic and
  would dominate) and ``generate_html()``; physics and smooth edges as pyvis
  sets them.
* **size**: the HTML file in MB.
* **interactive**: seconds from navigation start until the network's first
  ``afterDrawing`` event, read from ``performance.now()`` in the page, in
  headless Chromium, page opened from ``file://``.  pmograph's page records it
  itself (``pmograph.state.readyAt``); for pyvis's page an init script hooks
  the global ``network`` it creates.  pyvis's defaults stabilise the physics
  before the first drawing; a page not drawn within ``--timeout`` seconds is
  reported as ``>N``.
* **requests**: requests the page tried beyond its own file (all aborted: no
  benchmark reaches the network).  pyvis's in-line page still links
  Bootstrap from a CDN.

Medians over ``--repeat`` runs (pyvis's page is timed once when it takes more
than 10 s).  The last column is pyvis's interactive time over pmograph's.

Run: ``python benchmarks/viz.py [--sizes 100,1000,5000,20000] [--repeat 3] [--timeout 120]``.
Needs Debian's Chromium at /usr/bin/chromium and Playwright's Python package.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pmograph import viz
from pmograph.kg import KnowledgeGraph, load
from pmograph.namespaces import PMG_IRI, PMGID_IRI, PREFIXES

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
        "--sizes", default="100,1000,5000,20000", help="node counts, comma-separated"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for a page")
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
        "gen pyvis s",
        "MB pmograph",
        "MB pyvis",
        "interactive pmograph s",
        "interactive pyvis s",
        "requests pmograph/pyvis",
        "pyvis/pmograph",
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in sizes:
            data = Path(tmp) / f"graph-{n}.nt"
            write_graph(data, n)
            kg = load([data], packaged=False)
            graph = kg.to_networkx()

            gen_ours, gen_theirs = [], []
            ours = theirs = ""
            for _ in range(args.repeat):
                start = time.perf_counter()
                ours = viz.render(kg, max_nodes=None).html
                gen_ours.append(time.perf_counter() - start)
                start = time.perf_counter()
                theirs = pyvis_default_page(kg)
                gen_theirs.append(time.perf_counter() - start)
            ours_path = Path(tmp) / f"pmograph-{n}.html"
            theirs_path = Path(tmp) / f"pyvis-{n}.html"
            ours_path.write_text(ours, encoding="utf-8")
            theirs_path.write_text(theirs, encoding="utf-8")

            ready_ours, ready_theirs = [], []
            req_ours = req_theirs = 0
            for i in range(args.repeat):
                t, req_ours = measure(browser, ours_path, OURS_READY, args.timeout)
                ready_ours.append(t)
                line = f"  {n} nodes, run {i + 1}: pmograph {fmt(t, args.timeout)} s"
                if i == 0 or (ready_theirs[0] is not None and ready_theirs[0] < 10):
                    t, req_theirs = measure(browser, theirs_path, PYVIS_READY, args.timeout)
                    ready_theirs.append(t)
                    line += f", pyvis defaults {fmt(t, args.timeout)} s"
                print(line, file=sys.stderr)

            def median(values: list[float | None]) -> float | None:
                if any(v is None for v in values):
                    return None
                return statistics.median(v for v in values if v is not None)

            ours_t, theirs_t = median(ready_ours), median(ready_theirs)
            if ours_t is None:
                ratio = "-"
            elif theirs_t is None:
                ratio = f">{args.timeout / ours_t:.0f}x"
            else:
                ratio = f"{theirs_t / ours_t:.1f}x"
            rows.append(
                (
                    f"{graph.number_of_nodes():,}",
                    f"{graph.number_of_edges():,}",
                    f"{statistics.median(gen_ours):.2f}",
                    f"{statistics.median(gen_theirs):.2f}",
                    f"{len(ours.encode('utf-8')) / 1e6:.1f}",
                    f"{len(theirs.encode('utf-8')) / 1e6:.1f}",
                    fmt(ours_t, args.timeout),
                    fmt(theirs_t, args.timeout),
                    f"{req_ours}/{req_theirs}",
                    ratio,
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
