"""Each engine's load and query times on the packaged graph plus ESCO and O*NET, in one run.

Engines: rdflib (``store="memory"``), pyoxigraph (``store="oxigraph"``), Oxigraph server
and Virtuoso 7 (both started here on 127.0.0.1 with throw-away databases, and loaded with
:func:`pmograph.remote.push`, 50,000 triples a request).  The data: ESCO and O*NET imported
from ``--datasets`` (``../shared/datasets``) when ``--full`` is given and the files are
there, else the test excerpts.

- **load**: seconds to have the data queryable: parse into the store (rdflib,
  pyoxigraph), or push over HTTP (servers).
- **query**: the median over ``--runs`` rounds of the total time for every named query
  (``ontology/queries``), rounds alternating between engines; and the ratio to rdflib.

Run: ``python benchmarks/engines.py [--runs 3] [--full]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _import(folder: Path, full: bool, datasets: Path) -> list[Path]:
    from pmograph.importers.esco import import_esco
    from pmograph.importers.onet import import_onet

    esco_src, onet_src = ROOT / "tests" / "data" / "esco", ROOT / "tests" / "data" / "onet"
    if full and (datasets / "esco").is_dir() and (datasets / "onet").is_dir():
        esco_src, onet_src = datasets / "esco", datasets / "onet"
    esco, onet = folder / "esco.trig", folder / "onet.trig"
    import_esco(esco_src, esco)
    import_onet(onet_src, onet)
    return [esco, onet]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="use the full published datasets")
    parser.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    args = parser.parse_args()

    from pmograph.kg import load
    from pmograph.loader import read_files
    from pmograph.query import named_queries
    from pmograph.remote.push import push
    from pmograph.remote.server import LocalServer
    from pmograph.remote.virtuoso import PASSWORD, USER, VirtuosoServer, free_port

    queries = [q.text for q in named_queries()]
    with tempfile.TemporaryDirectory(prefix="pmograph-bench-") as tmp:
        folder = Path(tmp)
        os.environ["PMOGRAPH_CACHE_DIR"] = str(folder / "cache")
        files = _import(folder, args.full, args.datasets)
        quads = read_files(files).quads
        print(
            f"{len(quads):,} quads, {len(queries)} named queries, {args.runs} runs", file=sys.stderr
        )
        loads: dict[str, float] = {}
        graphs: dict[str, Any] = {}
        for name, store in (("rdflib", "memory"), ("pyoxigraph", "oxigraph")):
            started = time.perf_counter()
            graphs[name] = load(files, store=store)
            loads[name] = time.perf_counter() - started
        with (
            LocalServer([], port=free_port(), writable=True) as ox_server,
            VirtuosoServer() as virt,
        ):
            started = time.perf_counter()
            push(ox_server.store_url, quads, journal_dir=folder / "j")
            loads["oxigraph-server"] = time.perf_counter() - started
            graphs["oxigraph-server"] = load(endpoint=ox_server.query_url)
            os.environ["PMOGRAPH_ENDPOINT_USER"], os.environ["PMOGRAPH_ENDPOINT_PASSWORD"] = (
                USER,
                PASSWORD,
            )
            started = time.perf_counter()
            push(virt.store_url, quads, journal_dir=folder / "j")
            loads["virtuoso"] = time.perf_counter() - started
            graphs["virtuoso"] = load(endpoint=virt.sparql_url)
            times: dict[str, list[float]] = {name: [] for name in graphs}
            for _ in range(args.runs):
                for name, kg in graphs.items():  # alternate engines within each round
                    started = time.perf_counter()
                    for text in queries:
                        try:
                            kg.query(text, timeout=120)
                        except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
                            print(f"{name}: {str(exc)[:100]}", file=sys.stderr)
                    times[name].append(time.perf_counter() - started)
    base = statistics.median(times["rdflib"])
    print("| engine | load (s) | all named queries (s, median) | vs rdflib |")
    print("|---|---:|---:|---:|")
    for name in graphs:
        median = statistics.median(times[name])
        print(f"| {name} | {loads[name]:.2f} | {median:.3f} | {base / median:.2f}x |")


if __name__ == "__main__":
    main()
