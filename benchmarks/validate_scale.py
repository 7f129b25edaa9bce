"""``pmograph validate`` at scale: packaged graph + full ESCO 1.1.1 + O*NET, over a million quads.

Imports ESCO 1.1.1 and O*NET from the shared datasets folder with
``pmograph import``, then times ``pmograph validate`` on three sizes, each
run a fresh process, reporting the median wall time and the peak memory
(RSS) of the runs:

1. the packaged graph alone;
2. packaged + ESCO's classification (``en/``: occupations, skills, skill
   groups, hierarchy) + O*NET (``onet/``), about 490,000 quads;
3. the same with ESCO's relations package too (123,788 occupation-skill
   relations as qualified requirements, skill-skill and broader relations):
   about 1.26 million quads once entailed.  The target (issue 15) is under
   60 s for this one, with bounded memory.

At each size the cases run alternately (one run of each, then again), so
that a noisy machine slows them alike; the ``x`` column is each case's median
over the current code's median in the same run.  The cases:

- ``sparql``: this checkout (the shapes as SPARQL on pyoxigraph);
- ``pyshacl``: this checkout with ``--engine pyshacl``, the plain library
  way, on the packaged graph (and on size 2 with ``--reference``: minutes);
- ``REF``: with ``--against REF``, the code of that git revision (extracted
  with ``git archive`` into a temporary folder), on the same files: the
  before/after of a change.

``--phases`` then times, in this process, where the largest size's time
goes: reading and parsing, the entailment pass, filling the store, each
SPARQL check, and the shapes of each node shape.

Skips with a message when the datasets folder is absent
(``$PMOGRAPH_DATASETS`` overrides ``/work/shared/datasets``).

Usage::

    python benchmarks/validate_scale.py [--runs 3] [--reference] [--against REF] [--phases]
    python benchmarks/validate_scale.py --runs 0 --phases   # where the time goes, only
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATASETS = Path(os.environ.get("PMOGRAPH_DATASETS", "/work/shared/datasets"))
REPO = Path(__file__).resolve().parent.parent
CHILD = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "t = time.perf_counter() - t\n"
    "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
    "err = p.stderr.decode(errors='replace').strip().splitlines() or ['']\n"
    "print(t, rss, p.returncode, err[-1], sep='\\t')\n"
)


def pmograph_command(code: Path | None = None) -> list[str]:
    """The command line of pmograph: this checkout's, or the code extracted at ``code``."""
    if code is not None:
        return [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(code)!r}); "
                "from pmograph.cli import main; main()"]  # fmt: skip
    script = Path(sys.executable).parent / "pmograph"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from pmograph.cli import main; main()"]


def run(argv: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS of the child in MB, last line of stderr) for one fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, *argv], capture_output=True, text=True, check=True
    ).stdout
    seconds, rss, rc, last = out.rstrip("\n").split("\t", 3)
    if rc not in ("0", "1"):
        raise SystemExit(f"{' '.join(argv)} failed ({rc}): {last}")
    return float(seconds), float(rss), last


def extract(ref: str, folder: Path) -> Path:
    """The files of git revision ``ref`` in ``folder`` (``git archive``, nothing else touched)."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", ref], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def phases(files: list[str]) -> list[tuple[str, float]]:
    """Where one validate's time goes, phase by phase, in this process."""
    import pmograph.loader as loader
    from pmograph import resources, shacl
    from pmograph.kg import load
    from pmograph.namespaces import ENTAILED_GRAPH_IRI, ONTOLOGY_IRI
    from pmograph.validate import _run_check

    spent: list[tuple[str, float]] = []
    entail = loader.entailed_quads

    def timed_entailment(quads: list[object]) -> list[object]:
        t = time.perf_counter()
        out = entail(quads)  # type: ignore[arg-type]
        spent.append(("load: entailment pass", time.perf_counter() - t))
        return out  # type: ignore[return-value]

    loader.entailed_quads = timed_entailment  # type: ignore[assignment]
    t = time.perf_counter()
    try:
        kg = load(files, store="oxigraph")
    finally:
        loader.entailed_quads = entail
    spent.insert(0, ("load: everything else (parse, store)", time.perf_counter() - t - spent[0][1]))
    store = kg.store.store  # type: ignore[attr-defined]
    for check in sorted(resources.checks_dir().glob("*-violation.rq")):
        t = time.perf_counter()
        _run_check(store, check)
        spent.append((f"check {check.stem}", time.perf_counter() - t))
    # one checker for all the shapes, as validate has: a property shape that several node
    # shapes share (labels, definitions) is charged to the first that uses it
    shapes = shacl.load_shapes(resources.shapes_file(), ONTOLOGY_IRI)
    checker = shacl._Checker(store, (ENTAILED_GRAPH_IRI,))
    for shape in shapes:
        t = time.perf_counter()
        focus: set[str] = set()
        for cls in shape.targets:
            focus |= checker.focus_nodes(cls)
        for prop in [*shape.properties, *(m for members in shape.xone for m in members)]:
            list(checker.check(prop, focus))
        spent.append(
            (f"shape {shape.node.rsplit('#', 1)[-1].rstrip('>')}", time.perf_counter() - t)
        )
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per case and size (0: none)")
    parser.add_argument("--reference", action="store_true", help="also pyshacl on size 2")
    parser.add_argument("--against", metavar="REF", help="also the code of git revision REF")
    parser.add_argument("--phases", action="store_true", help="time each phase of size 3")
    args = parser.parse_args()
    esco, onet = DATASETS / "esco-1.1.1", DATASETS / "onet"
    if not (esco / "en").is_dir() or not (esco / "relations").is_dir() or not onet.is_dir():
        print(f"skipped: {DATASETS} has no esco-1.1.1/{{en,relations}} and onet/")
        return
    pmograph = pmograph_command()
    with tempfile.TemporaryDirectory(prefix="pmograph-validate-") as tmp:
        out = Path(tmp)
        esco_en, esco_full, onet_trig = out / "esco-en.trig", out / "esco.trig", out / "onet.trig"
        imports = [
            ["esco", str(esco / "en"), "--release", "v1.1.1", "-o", str(esco_en)],
            [
                "esco",
                str(esco / "en"),
                str(esco / "relations"),
                "--release",
                "v1.1.1",
                "-o",
                str(esco_full),
            ],  # fmt: skip
            ["onet", str(onet), "-o", str(onet_trig)],
        ]
        for argv in imports:
            subprocess.run([*pmograph, "import", *argv], check=True, capture_output=True)
        sizes = {
            "packaged": [],
            "+ ESCO (en/) + O*NET": [str(esco_en), str(onet_trig)],
            "+ ESCO relations (1.1M)": [str(esco_full), str(onet_trig)],
        }
        commands = {"sparql": pmograph}
        if args.against:
            code = extract(args.against, Path(tempfile.mkdtemp(dir=tmp)))
            commands[args.against[:12]] = pmograph_command(code)
        rows = []
        for label, files in sizes.items() if args.runs > 0 else ():
            data = [a for p in files for a in ("--data", p)]
            cases = {name: [*cmd, "validate", *data] for name, cmd in commands.items()}
            if label == "packaged" or (args.reference and label.startswith("+ ESCO (en/)")):
                cases["pyshacl"] = [*pmograph, "validate", "--engine", "pyshacl", *data]
            results: dict[str, list[tuple[float, float, str]]] = {name: [] for name in cases}
            for _ in range(args.runs):  # alternate: one run of each case, then again
                for name, argv in cases.items():
                    runs_so_far = len(results[name])
                    if name == "pyshacl" and label != "packaged" and runs_so_far:
                        continue  # minutes per run: once is enough
                    results[name].append(run(argv))
            base = statistics.median(r[0] for r in results["sparql"])
            for name, found in results.items():
                median = statistics.median(r[0] for r in found)
                peak = max(r[1] for r in found)
                rows.append((label, name, median, median / base, peak, found[-1][2]))
        if args.phases:
            spent = phases(sizes["+ ESCO relations (1.1M)"])
    if rows:
        table(rows, args.runs)
    if args.phases:
        total = sum(s for _n, s in spent)
        print(f"\nwhere the largest graph's validate goes ({total:.1f} s in this process):")
        for name, seconds in sorted(spent, key=lambda x: -x[1]):
            if seconds >= 0.05:
                print(f"  {name:<48} {seconds:6.2f} s  {100 * seconds / total:4.1f} %")


def table(rows: list[tuple[str, str, float, float, float, str]], runs: int) -> None:
    """The timing table, and whether the largest graph meets the target."""
    print(f"{'graph':<26}  {'code':<12}  {'median s':>8}  {'x':>5}  {'peak MB':>7}  outcome")
    print(f"{'-' * 26}  {'-' * 12}  {'-' * 8}  {'-' * 5}  {'-' * 7}  {'-' * 30}")
    for label, name, seconds, ratio, rss, last in rows:
        print(
            f"{label[:26]:<26}  {name:<12}  {seconds:8.2f}  {ratio:5.2f}  {rss:7.0f}  {last[:70]}"
        )
    largest = [r for r in rows if r[0].endswith("(1.1M)") and r[1] == "sparql"][0]
    verdict = "within" if largest[2] < 60 else "OVER"
    print(
        f"\nlargest graph: {largest[2]:.1f} s ({verdict} the 60 s target); "
        f"{runs} alternating runs per case; load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
