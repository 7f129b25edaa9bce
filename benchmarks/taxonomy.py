"""Careers across taxonomies at scale: warm and cold gap/next/similar (and a named query), against
the plain way (rdflib parse + SPARQL) in the same run, at 1x and 3x the real size.

Data: pmograph's packaged graph plus the full ESCO v1.1.1 and O*NET 30.x/29.x
imports (about 1.6 million quads), and a synthetic 3x (the imports copied
twice more, every imported IRI renamed).  Each measurement is a fresh
process, wall clock from outside, peak resident memory from ``os.wait4``;
medians over ``--runs``.

- **warm**: the profile cache (and, for the named query, the store cache) present;
- **cold**: an empty cache folder; compared with pyoxigraph's own parse of the
  same files (``Store.bulk_load``) in a fresh process;
- **plain**: rdflib ``Dataset.parse`` of the files plus one SPARQL query giving
  the same answer as ``similar`` (weighted overlap with every other occupation).

Run: ``python benchmarks/taxonomy.py [--runs 3] [--sizes 1,3] [--plain-runs 1] [--plain-sizes 1]``
(rdflib at 3x needs some 10 GB, so by default it runs at 1x only; "nan" marks what was not run).
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path("/work/shared/datasets")
PMOGRAPH = [sys.executable, "-c", "from pmograph.cli import main; main()"]
COMMANDS = {
    "gap (ESCO)": ["gap", "project manager", "ICT project manager"],
    "gap (O*NET)": ["gap", "13-1111.00", "15-1299.09"],
    "next (O*NET)": ["next", "15-1299.09"],
    "similar (ESCO)": ["similar", "ICT project manager"],
    "similar (O*NET)": ["similar", "15-1299.09"],
    "named query": ["query", "--name", "skills-required-for-pmo", "--store", "oxigraph"],
}
PLAIN = r"""
import sys
from rdflib import Dataset
ds = Dataset(default_union=True)
for path in sys.argv[1:]:
    ds.parse(path, format="trig")
q = '''PREFIX pmg: <https://w3id.org/pmograph/ns#>
SELECT ?other (COUNT(?s) AS ?shared) WHERE {
  <https://w3id.org/pmograph/id/esco/occupation/8b6388a4-4904-471b-9331-d3b1211f5525> pmg:requiresEssentialSkill|pmg:requiresOptionalSkill ?s .
  ?other pmg:requiresEssentialSkill|pmg:requiresOptionalSkill ?s } GROUP BY ?other ORDER BY DESC(?shared) LIMIT 10'''
print(len(list(ds.query(q))))
"""
OX_PARSE = r"""
import sys, pyoxigraph as ox
s = ox.Store()
for path in sys.argv[1:]:
    s.bulk_load(path=path, format=ox.RdfFormat.TRIG)
print(len(s))
"""


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak MiB) of one fresh process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"failed: {cmd}: {err.decode()[-300:]}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def imports(folder: Path) -> list[Path]:
    from pmograph.importers.esco import import_esco
    from pmograph.importers.onet import import_onet

    esco, onet = folder / "esco.trig", folder / "onet.trig"
    import_esco([SHARED / "esco-1.1.1" / d for d in ("en", "fr", "relations")], esco)
    import_onet([SHARED / "onet-30", SHARED / "onet-29-skills", SHARED / "onet"], onet)
    return [esco, onet]


def copies(files: list[Path], n: int, folder: Path) -> list[Path]:
    """``n - 1`` renamed copies of the imports (N-Quads text, every imported IRI renamed)."""
    import pyoxigraph as ox

    out = list(files)
    for k in range(2, n + 1):
        for f in files:
            text = ox.serialize(
                ox.parse(path=str(f), format=ox.RdfFormat.TRIG), format=ox.RdfFormat.N_QUADS
            )
            assert text is not None
            body = text.decode()
            for part in ("esco/", "onet/", "graph/import/esco", "graph/import/onet"):
                body = body.replace(f"pmograph/id/{part}", f"pmograph/id/{part}copy{k}-")
            target = folder / f"{f.stem}-copy{k}.nq"
            target.write_text(body, encoding="utf-8")
            out.append(target)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1,3")
    parser.add_argument("--plain-runs", type=int, default=1)
    parser.add_argument(
        "--plain-sizes", default="1", help="sizes at which to run rdflib (3x needs ~10 GB)"
    )
    args = parser.parse_args()
    if not (SHARED / "esco-1.1.1").is_dir():
        raise SystemExit("needs ../shared/datasets (the full ESCO and O*NET files)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        base = imports(root)
        print("| size | what | pmograph s (median) | peak MiB | plain s | plain peak MiB | ratio |")
        print("|---|---|---:|---:|---:|---:|---:|", flush=True)
        for size in (int(s) for s in args.sizes.split(",")):
            files = copies(base, size, root)
            data = [a for f in files for a in ("--data", str(f))]
            cache = root / f"cache-{size}"
            env = {**os.environ, "PMOGRAPH_CACHE_DIR": str(cache)}
            cold_env = {**os.environ, "PMOGRAPH_CACHE_DIR": str(root / f"cold-{size}")}
            cold = measure([*PMOGRAPH, *COMMANDS["similar (ESCO)"], *data], cold_env)
            parse = measure([sys.executable, "-c", OX_PARSE, *map(str, files)], env)
            print(
                f"| {size}x | cold similar vs pyoxigraph parse | {cold[0]:.1f} | {cold[1]:.0f} | "
                f"{parse[0]:.1f} | {parse[1]:.0f} | {cold[0] / parse[0]:.2f} of parse |",
                flush=True,
            )
            if str(size) in args.plain_sizes.split(","):
                plain = [
                    measure([sys.executable, "-c", PLAIN, *map(str, files)], env)
                    for _ in range(args.plain_runs)
                ]
                p_time = statistics.median(t for t, _ in plain)
                p_mem = statistics.median(m for _, m in plain)
            else:
                p_time, p_mem = math.nan, math.nan
            for name, cmd in COMMANDS.items():
                measure([*PMOGRAPH, *cmd, *data], env)  # make the caches
                runs = [measure([*PMOGRAPH, *cmd, *data], env) for _ in range(args.runs)]
                t = statistics.median(r[0] for r in runs)
                m = statistics.median(r[1] for r in runs)
                print(
                    f"| {size}x | warm {name} | {t:.2f} | {m:.0f} | {p_time:.1f} | {p_mem:.0f} | "
                    f"{p_time / t:.0f}x |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
