"""Careers across taxonomies at scale: warm and cold gap/next/similar (and a named query), against
the plain way (rdflib parse + SPARQL) in the same run, at 1x and 3x the real size.

Data: pmograph's packaged graph plus the full ESCO v1.1.1 and O*NET 30.x/29.x
imports (about 1.6 million quads), and a synthetic 3x (the imports copied
twice more, every imported IRI renamed).  Each measurement is a fresh
process, wall clock from outside, peak resident memory from ``os.wait4``;
medians over ``--runs``.

- **warm**: the profile cache (and, for the named query, the store cache) present;
- **cold**: an empty cache folder every run (``gap`` builds the profiles from the
  parser's quads; the named query loads the graph, entailment included, answers from
  memory, then writes the store cache before it exits); compared with pyoxigraph's
  own parse of the same files (``Store.bulk_load`` into a memory store) in a fresh
  process, alternating, and with its bulk load into an on-disk store (what the store
  cache is: the floor of a cold command that writes it).  The cold named query is
  timed twice per run: to its answer (the first byte on standard output) and to its
  exit (the cache entry written); ``--before PATH`` also runs, alternating, the code
  at PATH (a copy of an older pmograph: ``git archive REF pmograph ontology data``);
- **plain**: rdflib ``Dataset.parse`` of the files plus one SPARQL query giving
  the same answer as ``similar`` (weighted overlap with every other occupation),
  alternating with the warm runs.

Run: ``python benchmarks/taxonomy.py [--runs 3] [--cold-runs 3] [--sizes 1,3] [--plain-runs 3]
[--plain-sizes 1] [--cold-query-only] [--before PATH]`` (rdflib at 3x needs some 15 GB, so by
default it runs at 1x only; "nan" marks a time not measured, "plain not run" its ratio).
The imports are written as N-Quads (``-o esco.nq``), which keep the import's named graph.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path("/work/shared/datasets")
PMOGRAPH = [sys.executable, "-c", "from pmograph.cli import main; main()"]
ESCO_ID = "https://w3id.org/pmograph/id/esco/occupation/"
ONET_ID = "https://w3id.org/pmograph/id/onet/occupation/"
# Roles by IRI: at 3x every label and code names three occupations (the copies keep them).
COMMANDS = {
    "gap (ESCO)": ["gap", "project manager", ESCO_ID + "8b6388a4-4904-471b-9331-d3b1211f5525"],
    "gap (O*NET)": ["gap", ONET_ID + "13-1111.00", ONET_ID + "15-1299.09"],
    "next (O*NET)": ["next", ONET_ID + "15-1299.09"],
    "similar (ESCO)": ["similar", ESCO_ID + "8b6388a4-4904-471b-9331-d3b1211f5525"],
    "similar (O*NET)": ["similar", ONET_ID + "15-1299.09"],
    "named query": ["query", "--name", "skills-required-for-pmo", "--store", "oxigraph"],
    "rank (roles)": ["rank", "--types", "role", "--top", "10"],
}
COLD = ("gap (ESCO)", "named query")
"""The commands measured cold: the profile path and the full load (store cache, entailment)."""
PLAIN = r"""
import sys
from rdflib import Dataset
ds = Dataset(default_union=True)
for path in sys.argv[1:]:
    ds.parse(path, format="nquads" if path.endswith(".nq") else "trig")
q = '''PREFIX pmg: <https://w3id.org/pmograph/ns#>
SELECT ?other (COUNT(?s) AS ?shared) WHERE {
  <https://w3id.org/pmograph/id/esco/occupation/8b6388a4-4904-471b-9331-d3b1211f5525> pmg:requiresEssentialSkill|pmg:requiresOptionalSkill ?s .
  ?other pmg:requiresEssentialSkill|pmg:requiresOptionalSkill ?s } GROUP BY ?other ORDER BY DESC(?shared) LIMIT 10'''
print(len(list(ds.query(q))))
"""
OX_PARSE = r"""
import sys, tempfile, pyoxigraph as ox
from pmograph import resources
folder = tempfile.TemporaryDirectory() if sys.argv[1] == "disk" else None
s = ox.Store(folder.name) if folder else ox.Store()
del sys.argv[1]
kinds = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE}
for path in [*map(str, resources.packaged_files()), *sys.argv[1:]]:
    s.bulk_load(path=path, format=kinds[path.rsplit(".", 1)[1]])
if folder:
    s.flush()
print(len(s))
"""


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak MiB) of one fresh process."""
    exited, _answered, peak = measure_answer(cmd, env)
    return exited, peak


def _tree_rss(pid: int) -> float:
    """MiB resident in ``pid`` and its descendants now (Linux /proc; 0 when gone)."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as f:
                rss = next((line for line in f if line.startswith("VmRSS:")), "VmRSS: 0 kB")
            total += int(rss.split()[1]) / 1024
            with open(f"/proc/{p}/task/{p}/children", encoding="ascii") as f:
                todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


def measure_answer(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(seconds to exit, seconds to the first byte on stdout, peak MiB) of one fresh process.

    The peak is the larger of the process's own (``wait4``) and the most that it and
    its children held at once (sampled every 50 ms): a cold query builds the cache
    entry in a child process while it answers."""
    import selectors
    import threading

    started = time.perf_counter()
    # from the data's folder: with `python -c`, the current folder comes first on sys.path,
    # and a pmograph checkout there would shadow the one PYTHONPATH names (--before)
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tempfile.gettempdir()
    )
    assert proc.stdout is not None and proc.stderr is not None
    tree = [0.0]
    running = threading.Event()
    running.set()

    def sample() -> None:
        while running.is_set():
            tree[0] = max(tree[0], _tree_rss(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    answered = math.nan
    err = b""
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        sel.register(proc.stderr, selectors.EVENT_READ)
        while sel.get_map():
            for key, _ in sel.select():
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:
                    sel.unregister(key.fileobj)
                elif key.fileobj is proc.stdout:
                    if math.isnan(answered):
                        answered = time.perf_counter() - started
                else:
                    err += chunk
    _, status, usage = os.wait4(proc.pid, 0)
    exited = time.perf_counter() - started
    running.clear()
    sampler.join()
    if status != 0:
        raise SystemExit(f"failed: {cmd}: {err.decode()[-300:]}")
    return exited, answered, max(usage.ru_maxrss / 1024, tree[0])


def imports(folder: Path) -> list[Path]:
    from pmograph.importers.esco import import_esco
    from pmograph.importers.onet import import_onet

    esco, onet = folder / "esco.nq", folder / "onet.nq"
    import_esco([SHARED / "esco-1.1.1" / d for d in ("en", "fr", "relations")], esco)
    import_onet([SHARED / "onet-30", SHARED / "onet-29-skills", SHARED / "onet"], onet)
    return [esco, onet]


def copies(files: list[Path], n: int, folder: Path, write: bool = True) -> list[Path]:
    """``n - 1`` renamed copies of the imports (N-Quads text): every imported IRI gets a
    ``copyK-`` before its last segments (``esco/occupation/copy2-<uuid>``, so that it is
    still an ESCO occupation), and each import graph a ``-copyK`` suffix."""
    import re

    out = list(files)
    for k in range(2, n + 1):
        for f in files:
            target = folder / f"{f.stem}-copy{k}.nq"
            out.append(target)
            if not write:
                continue
            import pyoxigraph as ox

            text = ox.serialize(
                ox.parse(path=str(f), format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS
            )
            assert text is not None
            body = re.sub(r"(pmograph/id/(?:esco|onet)/[^/>]+/)", rf"\g<1>copy{k}-", text.decode())
            for part in ("graph/import/esco", "graph/import/onet"):
                body = body.replace(f"pmograph/id/{part}", f"pmograph/id/{part}-copy{k}")
            target.write_text(body, encoding="utf-8")
    return out


def prepare(root: Path, sizes: list[int]) -> None:
    """The imports and their copies, written in a child process: a parent that held them
    would hand its peak memory to every child it starts (Linux reports a process's
    peak across exec), and every measurement would show it."""
    subprocess.run(
        [sys.executable, __file__, "--prepare", str(root), "--sizes", ",".join(map(str, sizes))],
        check=True,
    )


def _row(
    size: int,
    what: str,
    mine: list[tuple[float, float]],
    other: list[tuple[float, float]],
    ratio: str,
) -> None:
    t = statistics.median(r[0] for r in mine)
    m = statistics.median(r[1] for r in mine)
    ot = statistics.median(r[0] for r in other) if other else math.nan
    om = statistics.median(r[1] for r in other) if other else math.nan
    shown = f"{t:.2f}" if t < 10 else f"{t:.1f}"
    print(f"| {size}x | {what} | {shown} | {m:.0f} | {ot:.1f} | {om:.0f} | {ratio} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each warm command")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold runs (and parses) per size")
    parser.add_argument("--sizes", default="1,3")
    parser.add_argument("--plain-runs", type=int, default=3)
    parser.add_argument(
        "--plain-sizes", default="1", help="sizes at which to run rdflib (3x needs ~15 GB)"
    )
    parser.add_argument(
        "--cold-query-only",
        action="store_true",
        help="only the cold named query and pyoxigraph's own loads (no cold gap, no warm runs)",
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="a folder holding an older pmograph (pmograph/, ontology/, data/) to run the cold "
        "named query with too, alternating",
    )
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.prepare is not None:  # the child that writes the files (see prepare)
        base = imports(args.prepare)
        copies(base, max(sizes), args.prepare)
        return
    if not (SHARED / "esco-1.1.1").is_dir():
        raise SystemExit("needs ../shared/datasets (the full ESCO and O*NET files)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        prepare(root, sizes)
        base = [root / "esco.nq", root / "onet.nq"]
        print(
            "| size | what | pmograph s (median) | peak MiB | other s (median) | other peak MiB "
            "| ratio |"
        )
        print("|---|---|---:|---:|---:|---:|---:|", flush=True)
        for size in sizes:
            files = copies(base, size, root, write=False)
            data = [a for f in files for a in ("--data", str(f))]
            cold_runs(root, size, files, data, args)
            if not args.cold_query_only:
                warm_runs(root, size, files, data, args)


def cold_runs(
    root: Path, size: int, files: list[Path], data: list[str], args: argparse.Namespace
) -> None:
    """Cold commands (an empty cache folder every run), alternating with pyoxigraph's own
    bulk loads of the same files into memory and into an on-disk store."""
    parse_cmd = [sys.executable, "-c", OX_PARSE, "memory", *map(str, files)]
    # the store cache is an on-disk store: pyoxigraph's own bulk load into one is the
    # floor of any cold command that writes it
    disk_cmd = [sys.executable, "-c", OX_PARSE, "disk", *map(str, files)]
    env = {**os.environ, "PMOGRAPH_CACHE_DIR": str(root / f"cache-{size}")}
    names = [n for n in COLD if n != "named query" and not args.cold_query_only]
    cold: dict[str, list[tuple[float, float]]] = {k: [] for k in names}
    query: dict[str, list[tuple[float, float, float]]] = {"after": [], "before": []}
    parses: list[tuple[float, float]] = []
    disk: list[tuple[float, float]] = []
    named = [*PMOGRAPH, *COMMANDS["named query"], *data]
    for run in range(args.cold_runs):
        parses.append(measure(parse_cmd, env))
        disk.append(measure(disk_cmd, env))
        for name in names:
            folder = root / f"cold-{size}-{name.split()[0]}-{run}"
            cold_env = {**os.environ, "PMOGRAPH_CACHE_DIR": str(folder)}
            cold[name].append(measure([*PMOGRAPH, *COMMANDS[name], *data], cold_env))
            shutil.rmtree(folder, ignore_errors=True)
        versions = ["after", "before"] if args.before else ["after"]
        for version in versions if run % 2 == 0 else versions[::-1]:
            folder = root / f"cold-{size}-query-{version}-{run}"
            cold_env = {**os.environ, "PMOGRAPH_CACHE_DIR": str(folder)}
            if version == "before":
                cold_env["PYTHONPATH"] = str(args.before.resolve())
            query[version].append(measure_answer(named, cold_env))
            shutil.rmtree(folder, ignore_errors=True)
    parse_t = statistics.median(t for t, _ in parses)
    disk_t = statistics.median(t for t, _ in disk)
    _row(size, "pyoxigraph bulk load to disk vs to memory", disk, parses, f"{disk_t / parse_t:.2f}")
    for name, runs in cold.items():
        t = statistics.median(r[0] for r in runs)
        _row(size, f"cold {name} vs pyoxigraph parse", runs, parses, f"{t / parse_t:.2f}")
    for version, runs in query.items():
        if not runs:
            continue
        label = "cold named query" + (" (before)" if version == "before" else "")
        answered = [(a, m) for _e, a, m in runs]
        exited = [(e, m) for e, _a, m in runs]
        a = statistics.median(t for t, _ in answered)
        e = statistics.median(t for t, _ in exited)
        _row(
            size,
            f"{label}: to the answer vs bulk load to memory",
            answered,
            parses,
            f"{a / parse_t:.2f}",
        )
        _row(
            size,
            f"{label}: to exit, cache written, vs bulk load to disk",
            exited,
            disk,
            f"{e / disk_t:.2f}",
        )


def warm_runs(
    root: Path, size: int, files: list[Path], data: list[str], args: argparse.Namespace
) -> None:
    """Warm commands (caches present), alternating with the plain way (rdflib parse + SPARQL)."""
    env = {**os.environ, "PMOGRAPH_CACHE_DIR": str(root / f"cache-{size}")}
    for name in COMMANDS:
        measure([*PMOGRAPH, *COMMANDS[name], *data], env)  # make the caches
    plain_cmd = [sys.executable, "-c", PLAIN, *map(str, files)]
    do_plain = str(size) in args.plain_sizes.split(",")
    warm: dict[str, list[tuple[float, float]]] = {k: [] for k in COMMANDS}
    plain: list[tuple[float, float]] = []
    for run in range(max(args.runs, args.plain_runs if do_plain else 0)):
        if do_plain and run < args.plain_runs:
            plain.append(measure(plain_cmd, env))
        if run < args.runs:
            for name in COMMANDS:
                warm[name].append(measure([*PMOGRAPH, *COMMANDS[name], *data], env))
    plain_t = statistics.median(t for t, _ in plain) if plain else math.nan
    for name, runs in warm.items():
        t = statistics.median(r[0] for r in runs)
        ratio = f"{plain_t / t:.0f}x faster" if plain else "plain not run"
        _row(size, f"warm {name} vs plain", runs, plain, ratio)


if __name__ == "__main__":
    main()
