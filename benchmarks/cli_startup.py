"""How long every cold ``pmograph`` command takes, next to ``python -c "import rdflib"``.

Each command runs as a fresh process on the packaged graph, alternating with
the baseline and the other commands so that noise hits all of them alike.
The table gives the median and minimum wall time of each, the same ratio of
CPU time (user + system: steadier when other work shares the machine), the
ratio of its median wall time to the baseline's median, and its target
ratio (issue 15): 1.5 for the commands people run first, 3 for ``viz`` (it
lays out and writes a page), 2 for ``validate`` (it runs the shapes and every
check).  Commands that this installation does not have (``pmograph --help``
does not list them: the spreadsheet commands before they land, ``similar``)
are listed as skipped.

Every process runs as it does once pmograph is installed: from compiled
bytecode (each interpreter, the baseline's too, gets a private
``PYTHONPYCACHEPREFIX`` in a temporary folder, and ``PYTHONDONTWRITEBYTECODE``
is dropped: with it set, as in some sandboxes, pmograph's own modules of an
editable install would be compiled from source on every run while rdflib's
come compiled from ``pip install``), with a private cache folder
(``PMOGRAPH_CACHE_DIR``).  A first untimed run of each command fills both (the
parsed-store cache, the career index, the taxonomy profiles), so the table is
of warm runs; ``--first`` adds the first run's time, which builds them.

Usage::

    python benchmarks/cli_startup.py [--runs 10] [--only path,next]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BASELINE = 'python -c "import rdflib"'


@dataclass
class Case:
    """One command to time: its label, arguments, target ratio and what it needs."""

    label: str
    args: list[str]
    target: float | None
    needs: str | None = None
    """The command (or ``cmd --help`` word) that must exist, else it is skipped."""
    needs_text: str | None = None
    """Text that ``pmograph NEEDS --help`` must show (an option value), else skipped."""


def pmograph_command() -> list[str]:
    """The ``pmograph`` console script beside this Python, or an equivalent ``-c``."""
    script = Path(sys.executable).parent / "pmograph"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from pmograph.cli import main; main()"]


def available_commands(pmograph: list[str]) -> set[str]:
    """The command names ``pmograph --help`` lists."""
    out = subprocess.run([*pmograph, "--help"], capture_output=True, text=True, check=True).stdout
    section = out.split("Commands:", 1)[1] if "Commands:" in out else ""
    return {m.group(1) for m in re.finditer(r"(?m)^\s{2}([a-z][\w-]*)\b", section)}


def help_text(pmograph: list[str], command: str) -> str:
    done = subprocess.run([*pmograph, command, "--help"], capture_output=True, text=True)
    return done.stdout


def cases(out: Path, name: str) -> list[Case]:
    """Every command, with arguments that work on the packaged graph."""
    return [
        Case('python -c "pass"', ["python", "-c", "pass"], None),
        Case(BASELINE, ["python", "-c", "import rdflib"], None),
        # the floor of every command that builds the networkx view (no target: a reference)
        Case('python -c "import networkx"', ["python", "-c", "import networkx"], None),
        Case(f"query --name {name}", ["query", "--name", name], 1.5, "query"),
        Case(
            f"query --name {name} --store memory",
            ["query", "--name", name, "--store", "memory"],
            None,  # asks for rdflib's store: shown for comparison, no target
            "query",
        ),
        Case(
            "why 'Programme Manager' pmg:progressesTo 'Portfolio Manager'",
            ["why", "Programme Manager", "pmg:progressesTo", "Portfolio Manager"],
            1.5,
            "why",
        ),
        Case(
            "path 'PMO Analyst' 'Portfolio Manager'",
            ["path", "PMO Analyst", "Portfolio Manager"],
            1.5,
            "path",
        ),
        Case("next 'Project Manager'", ["next", "Project Manager"], 1.5, "next"),
        Case("gap 'PMO Analyst' 'PMO Manager'", ["gap", "PMO Analyst", "PMO Manager"], 1.5, "gap"),
        Case("rank", ["rank"], 1.5, "rank"),
        Case("rank --by pagerank", ["rank", "--by", "pagerank"], 1.5, "rank"),
        Case("similar 'Project Manager'", ["similar", "Project Manager"], 1.5, "similar"),
        Case("stats", ["stats"], 1.5, "stats"),
        Case("export (trig)", ["export", "-o", str(out / "graph.trig")], 1.5, "export"),
        Case(
            "export --format graphml",
            ["export", "--format", "graphml", "-o", str(out / "graph.graphml")],
            1.5,
            "export",
        ),
        Case(
            "export --format xlsx",
            ["export", "--format", "xlsx", "-o", str(out / "graph.xlsx")],
            1.5,
            "export",
            "xlsx",
        ),
        Case(
            "template -o framework.xlsx", ["template", "-o", str(out / "t.xlsx")], 1.5, "template"
        ),
        Case("validate", ["validate"], 2.0, "validate"),
        Case("viz -o graph.html", ["viz", "-o", str(out / "graph.html")], 3.0, "viz"),
    ]


def child_env(tmp: Path) -> dict[str, str]:
    """The environment of every timed process (see the module docstring)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    env["PMOGRAPH_CACHE_DIR"] = str(tmp / "cache")
    return env


def time_once(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float] | str:
    """Wall and CPU seconds (user + system, the process and the children it waited for) of
    one run, or the first line of its error when it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=env
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines() or ["(no message)"]
        return f"exit {done.returncode}: {lines[-1][:90]}"
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per command (at least 5)")
    parser.add_argument("--name", default="next-step-after-project-manager")
    parser.add_argument("--only", default="", help="comma-separated command words to time")
    parser.add_argument(
        "--first", action="store_true", help="also show each command's first (untimed) run"
    )
    args = parser.parse_args()
    runs = max(args.runs, 5)
    pmograph = pmograph_command()
    have = available_commands(pmograph)
    helps: dict[str, str] = {}
    only = {w for w in args.only.split(",") if w}
    with tempfile.TemporaryDirectory(prefix="pmograph-bench-") as tmp:
        todo: dict[str, list[str]] = {}
        skipped: list[str] = []
        for case in cases(Path(tmp), args.name):
            if case.needs is None:
                todo[case.label] = [sys.executable, *case.args[1:]]
                continue
            if only and case.needs not in only:
                continue
            if case.needs not in have:
                skipped.append(f"{case.label} (no `{case.needs}` command yet)")
                continue
            if case.needs_text:
                text = helps.setdefault(case.needs, help_text(pmograph, case.needs))
                if case.needs_text not in text:
                    skipped.append(f"{case.label} (`{case.needs}` has no {case.needs_text} yet)")
                    continue
            todo[case.label] = [*pmograph, *case.args]
        targets = {c.label: c.target for c in cases(Path(tmp), args.name)}
        env = child_env(Path(tmp))
        failed: dict[str, str] = {}
        firsts: dict[str, float] = {}
        time_once([sys.executable, "-c", "import rdflib, networkx, click, pyoxigraph"], env)
        for label, argv in todo.items():  # warm the OS file cache, .pyc files and caches
            first = time_once(argv, env)
            if isinstance(first, str):
                failed[label] = first
            else:
                firsts[label] = first[0]
        times: dict[str, list[float]] = {label: [] for label in todo if label not in failed}
        cpus: dict[str, list[float]] = {label: [] for label in times}
        for _ in range(runs):
            for label in times:
                t = time_once(todo[label], env)
                if isinstance(t, str):
                    failed[label] = t
                else:
                    times[label].append(t[0])
                    cpus[label].append(t[1])
    baseline = statistics.median(times[BASELINE])
    cpu_baseline = statistics.median(cpus[BASELINE])
    width = max(len(label) for label in todo)
    first_head = f"  {'first s':>7}" if args.first else ""
    print(
        f"{'command':<{width}}{first_head}  {'median s':>8}  {'min s':>6}  {'cpu':>5}  "
        f"{'ratio':>5}  {'target':>6}"
    )
    print(
        f"{'-' * width}{'  -------' if args.first else ''}  {'-' * 8}  {'-' * 6}  {'-' * 5}  "
        f"{'-' * 5}  {'-' * 6}"
    )
    over = []
    for label, values in times.items():
        if label in failed or not values:
            continue
        median = statistics.median(values)
        ratio = median / baseline
        target = targets[label]
        verdict = ""
        if target is not None:
            verdict = f"{target:5.1f}x " + ("ok" if ratio <= target else "OVER")
            if ratio > target:
                over.append(label)
        first = f"  {firsts[label]:7.3f}" if args.first else ""
        cpu = statistics.median(cpus[label]) / cpu_baseline
        print(
            f"{label:<{width}}{first}  {median:8.3f}  {min(values):6.3f}  {cpu:5.2f}  "
            f"{ratio:5.2f}  {verdict}"
        )
    print(f"\n{runs} alternating runs each; ratio = median / median of {BASELINE} (wall time)")
    print("cpu = the same ratio of CPU time (user + system), steadier on a busy machine")
    print("warm runs: bytecode compiled and pmograph's caches filled by a first, untimed run")
    for label, why in failed.items():
        print(f"failed: {label}: {why}")
    for line in skipped:
        print(f"skipped: {line}")
    print(f"{len(over)} command(s) over target" + (f": {', '.join(over)}" if over else ""))


if __name__ == "__main__":
    main()
