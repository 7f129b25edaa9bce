"""How fast pmograph loads and queries large graphs, against plain rdflib on the same files.

The graph: pmograph's packaged ontology and data plus ESCO and O*NET, imported
with ``pmograph import esco`` / ``pmograph import onet`` from the published
files (``../shared/datasets``; the test excerpts when those are missing), and
a synthetic graph ten times that size (the imported graphs copied nine more
times with their IRIs renamed).

Every measurement runs in a fresh Python process, timed from outside (wall
clock, so imports count) with its peak resident memory read by ``os.wait4``:

- **load**: ``pmograph.load(files, store=...)`` for the memory (rdflib) and
  oxigraph stores, the oxigraph store building its on-disk cache, and opening
  that cache; against rdflib's own ``Dataset.parse`` of the same files.
- **query**: every named query (``ontology/queries/*.rq``), end to end:
  ``pmograph query --name NAME --data ... --store oxigraph`` with the cache
  present (warm) and with ``--no-cache`` (cold), against a process that
  imports rdflib, parses the files and runs the query (its parse time plus
  that query's time, both measured in one process per run).

Targets (issue 6): (a) warm ``pmograph query`` at least 10 times faster end
to end than rdflib loading and querying; (b) cold loading into oxigraph no
slower than rdflib's parse.  Medians over ``--runs`` runs; times in seconds.

Run: ``python benchmarks/store.py [--runs 3] [--sizes 1,10] [--rdflib-10x-runs 1]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from pmograph import resources
from pmograph.importers.esco import import_esco
from pmograph.importers.onet import import_onet
from pmograph.namespaces import ONTOLOGY_IRI, PMGID_IRI
from pmograph.query import named_queries

ROOT = Path(__file__).resolve().parent.parent
EXCERPTS = ROOT / "tests" / "data"
PMOGRAPH = [sys.executable, "-c", "from pmograph.cli import main; main()"]

RDFLIB_CHILD = r"""
import json, sys, time
started = time.perf_counter()
from rdflib import Dataset, URIRef
files, queries, base, ontology = json.loads(sys.stdin.read())
ds = Dataset(default_union=True)
for path in files:
    if path.endswith(".ttl"):
        target = ds.graph(URIRef(ontology)) if path.endswith("pmograph.ttl") else ds.default_graph
        target.parse(path, format="turtle", publicID=base)
    else:
        ds.parse(path, format="trig", publicID=base)
parsed = time.perf_counter() - started
out = {"parse": parsed, "quads": len(ds), "queries": {}}
for name, text in queries.items():
    t = time.perf_counter()
    try:
        result = ds.query(text, base=base)
        answer = str(bool(result.askAnswer)).lower() if result.type == "ASK" else len(list(result))
    except Exception as exc:  # rdflib cannot answer some queries (an unbound aggregate)
        out["queries"][name] = [None, f"rdflib fails: {type(exc).__name__}"]
        continue
    out["queries"][name] = [time.perf_counter() - t, answer]
print(json.dumps(out))
"""

LOAD_CHILD = r"""
import json, sys, time
from pmograph.kg import load
files, store, cache = json.loads(sys.stdin.read())
t = time.perf_counter()
kg = load(files, store=store, cache=cache if cache else False)
# len() scans every quad: count only where the store was filled by this process anyway
print(json.dumps({"load": time.perf_counter() - t, "quads": None if cache else len(kg)}))
"""


def _run(
    argv: list[str], stdin: str = "", env: dict[str, str] | None = None
) -> tuple[float, float, str]:
    """Run a process; (wall seconds, peak RSS in MB, stdout)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(stdin.encode())
    proc.stdin.close()
    out = proc.stdout.read().decode()
    err = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(argv[:4])} ... failed ({proc.returncode}): {err.strip()[-500:]}"
        )
    return wall, usage.ru_maxrss / 1024, out


def _datasets() -> Path | None:
    for candidate in (ROOT.parent / "shared" / "datasets", Path("/work/shared/datasets")):
        if (candidate / "esco" / "occupations_en.csv").is_file():
            return candidate
    return None


def build_inputs(folder: Path, copies: int) -> list[Path]:
    """Import ESCO and O*NET into ``folder``; add ``copies - 1`` renamed copies of them."""
    shared = _datasets()
    esco_dir = shared / "esco" if shared else EXCERPTS / "esco"
    onet_dir = shared / "onet" if shared else EXCERPTS / "onet"
    if shared is None:
        print(
            "../shared/datasets not found: using the test excerpts (numbers are not representative)"
        )
    esco, onet = folder / "esco.trig", folder / "onet.trig"
    if not esco.exists():
        import_esco(esco_dir, esco)
        import_onet(onet_dir, onet)
    files = [esco, onet]
    if copies > 1:
        quads = list(ox.parse(path=str(esco), format=ox.RdfFormat.TRIG))
        quads += list(ox.parse(path=str(onet), format=ox.RdfFormat.TRIG))
        for k in range(2, copies + 1):
            path = folder / f"synthetic-{k}.trig"
            if not path.exists():
                ox.serialize((_renamed(q, k) for q in quads), str(path), format=ox.RdfFormat.TRIG)
            files.append(path)
    return files


_RENAMED = (PMGID_IRI + "esco/", PMGID_IRI + "onet/", PMGID_IRI + "graph/import/")


def _renamed(quad: ox.Quad, k: int) -> ox.Quad:
    def term(t: Any) -> Any:
        if isinstance(t, ox.NamedNode) and t.value.startswith(_RENAMED):
            return ox.NamedNode(f"{PMGID_IRI}synthetic/{k}/{t.value[len(PMGID_IRI) :]}")
        return t

    return ox.Quad(
        term(quad.subject), term(quad.predicate), term(quad.object), term(quad.graph_name)
    )


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def measure(files: list[Path], runs: int, rdflib_runs: int, workdir: Path) -> dict[str, Any]:
    """All the measurements for one set of input files."""
    named = {q.name: q.text for q in named_queries()}
    packaged = [str(p) for p in resources.packaged_files()]
    user = [str(p) for p in files]
    data_args = [a for p in user for a in ("--data", p)]
    cache = workdir / "cache"
    res: dict[str, Any] = {"bytes": sum(p.stat().st_size for p in files)}

    # rdflib: parse + every query, per run
    rd: dict[str, Any] = {"parse": [], "rss": [], "queries": {n: [] for n in named}}
    payload = json.dumps([packaged + user, named, PMGID_IRI, ONTOLOGY_IRI])
    for _ in range(rdflib_runs):
        wall, rss, out = _run([sys.executable, "-c", RDFLIB_CHILD], payload)
        data = json.loads(out)
        rd["parse"].append(wall - sum(t for t, _ in data["queries"].values() if t is not None))
        rd["rss"].append(rss)
        res["quads_rdflib"] = data["quads"]
        for name, (seconds, answer) in data["queries"].items():
            rd["queries"][name].append((seconds, answer))
    res["rdflib"] = rd

    # pmograph loads
    loads: dict[str, Any] = {}
    for label, store, use_cache in (
        ("memory", "memory", None),
        ("oxigraph", "oxigraph", None),
        ("oxigraph, building the cache", "oxigraph", "fresh"),
        ("oxigraph, cache present", "oxigraph", "warm"),
    ):
        walls, rsss = [], []
        for _ in range(runs):
            if use_cache == "fresh":
                shutil.rmtree(cache, ignore_errors=True)
            cache_arg = str(cache) if use_cache else None
            wall, rss, out = _run(
                [sys.executable, "-c", LOAD_CHILD], json.dumps([user, store, cache_arg])
            )
            walls.append(wall)
            rsss.append(rss)
            quads = json.loads(out)["quads"]
            if quads is not None:
                res["quads_pmograph"] = quads
        loads[label] = (median(walls), max(rsss))
    res["loads"] = loads

    # pmograph query, cold (no cache) and warm (cache present), end to end
    env = {"PMOGRAPH_CACHE_DIR": str(cache)}
    warm: dict[str, list[float]] = {n: [] for n in named}
    cold: dict[str, list[float]] = {n: [] for n in named}
    rss_warm, rss_cold = 0.0, 0.0
    rows: dict[str, Any] = {}
    _run(PMOGRAPH + ["query", "--cache", "--store", "oxigraph", "ASK {}", *data_args], env=env)
    for name in named:
        base = PMOGRAPH + [
            "query",
            "--name",
            name,
            "--format",
            "tsv",
            "--store",
            "oxigraph",
            "--timeout",
            "600",
        ]
        for _ in range(runs):
            wall, rss, out = _run(base + ["--cache", *data_args], env=env)
            warm[name].append(wall)
            rss_warm = max(rss_warm, rss)
            lines = out.splitlines()
            rows[name] = lines[0] if lines in (["true"], ["false"]) else max(len(lines) - 1, 0)
        for _ in range(max(1, runs // 2)):
            wall, rss, _ = _run(base + ["--no-cache", *data_args], env=env)
            cold[name].append(wall)
            rss_cold = max(rss_cold, rss)
    res["warm"], res["cold"], res["rows"] = warm, cold, rows
    res["rss_warm"], res["rss_cold"] = rss_warm, rss_cold
    return res


def report(size: str, res: dict[str, Any]) -> list[float]:
    rd = res["rdflib"]
    parse = median(rd["parse"])
    print(
        f"\n## {size}: {res['bytes'] / 1e6:.1f} MB of imported TriG; "
        f"{res['quads_pmograph']:,} quads (rdflib counts {res['quads_rdflib']:,} triples)\n"
    )
    print("Loading (fresh process, imports included)")
    print(f"{'store':34} {'seconds':>8} {'vs rdflib':>10} {'peak RSS MB':>12}")
    print(
        f"{'rdflib Dataset.parse (baseline)':34} {parse:8.2f} {'1.00x':>10} {max(rd['rss']):12.0f}"
    )
    for label, (seconds, rss) in res["loads"].items():
        print(f"{'pmograph ' + label:34} {seconds:8.2f} {parse / seconds:9.1f}x {rss:12.0f}")

    print("\nNamed queries end to end: rdflib parse + query, against `pmograph query` (oxigraph)")
    print(
        f"{'query':42} {'rows':>5} {'rdflib':>8} {'rdflib q':>9} {'cold':>7} {'warm':>7} {'warm speed-up':>14}"
    )
    ratios = []
    for name, samples in rd["queries"].items():
        if not samples or samples[0][0] is None:
            print(f"{name[:42]:42} {'':>5} {samples[0][1] if samples else 'not run'}")
            continue
        q = median([s for s, _ in samples])
        rdrows = samples[0][1] if samples else 0
        total = parse + q
        warm = median(res["warm"][name])
        cold = median(res["cold"][name])
        ratios.append(total / warm)
        flag = "" if rdrows == res["rows"].get(name, rdrows) else " (rows differ)"
        print(
            f"{name[:42]:42} {res['rows'].get(name, 0)!s:>5} {total:8.2f} {q:9.3f} {cold:7.2f} {warm:7.2f} "
            f"{total / warm:13.1f}x{flag}"
        )
    print(
        f"\nwarm speed-up: min {min(ratios):.1f}x, median {median(ratios):.1f}x (target >= 10x); "
        f"peak RSS: warm query {res['rss_warm']:.0f} MB, cold query {res['rss_cold']:.0f} MB, "
        f"rdflib {max(rd['rss']):.0f} MB"
    )
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--sizes", default="1,10", help="graph sizes, in copies of ESCO+O*NET")
    parser.add_argument("--rdflib-10x-runs", type=int, default=1, help="rdflib runs above size 1")
    parser.add_argument("--keep", metavar="DIR", help="keep the generated files in DIR")
    args = parser.parse_args()
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="pmograph-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    summary = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = workdir / f"x{size}"
            folder.mkdir(exist_ok=True)
            files = build_inputs(folder, size)
            rdflib_runs = args.runs if size == 1 else args.rdflib_10x_runs
            res = measure(files, args.runs, rdflib_runs, folder)
            ratios = report(
                f"{size}x (packaged + ESCO + O*NET{' x' + str(size) if size > 1 else ''})", res
            )
            rd_parse = median(res["rdflib"]["parse"])
            summary.append((size, res, ratios, rd_parse))
        print(
            "\n## Summary: load, cold query, warm query, memory, per store and size (medians, s / MB)\n"
        )
        print(
            f"{'size':>4} {'store':28} {'load':>7} {'cold query':>11} {'warm query':>11} {'peak RSS':>9}"
        )
        for size, res, _ratios, parse in summary:
            rd = res["rdflib"]
            rdq = median(
                [
                    median([s for s, _ in v])
                    for v in rd["queries"].values()
                    if v and v[0][0] is not None
                ]
            )
            print(
                f"{size:>3}x {'rdflib (parse + query)':28} {parse:7.2f} {parse + rdq:11.2f} {'-':>11} {max(rd['rss']):9.0f}"
            )
            mem_load, mem_rss = res["loads"]["memory"]
            print(
                f"{size:>3}x {'pmograph memory (rdflib)':28} {mem_load:7.2f} {'-':>11} {'-':>11} {mem_rss:9.0f}"
            )
            ox_load, ox_rss = res["loads"]["oxigraph"]
            cold = median([median(v) for v in res["cold"].values()])
            warm = median([median(v) for v in res["warm"].values()])
            print(
                f"{size:>3}x {'pmograph oxigraph':28} {ox_load:7.2f} {cold:11.2f} {'-':>11} {max(ox_rss, res['rss_cold']):9.0f}"
            )
            c_load, c_rss = res["loads"]["oxigraph, cache present"]
            print(
                f"{size:>3}x {'pmograph oxigraph + cache':28} {c_load:7.2f} {'-':>11} {warm:11.2f} {max(c_rss, res['rss_warm']):9.0f}"
            )
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
