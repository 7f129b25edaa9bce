"""How long a cold ``pmograph query --name <one>`` takes, next to ``import rdflib``.

Each command runs as a fresh process, alternating with the others so that
noise hits all of them alike; the table gives the median and minimum wall
time of each and the ratio of medians to ``python -c "import rdflib"``.
The target is a ratio of at most 1.5 for ``pmograph query --name``.

Usage::

    python benchmarks/cli_startup.py [--runs 15] [--name next-step-after-project-manager]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def pmograph_command() -> list[str]:
    """The ``pmograph`` console script beside this Python, or an equivalent ``-c``."""
    script = Path(sys.executable).parent / "pmograph"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from pmograph.cli import main; main()"]


def time_once(argv: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per command (at least 10)")
    parser.add_argument("--name", default="next-step-after-project-manager")
    args = parser.parse_args()
    runs = max(args.runs, 10)
    pmograph = pmograph_command()
    commands: dict[str, list[str]] = {
        'python -c "pass"': [sys.executable, "-c", "pass"],
        'python -c "import rdflib"': [sys.executable, "-c", "import rdflib"],
        f"pmograph query --name {args.name}": [*pmograph, "query", "--name", args.name],
        f"pmograph query --name {args.name} --store memory": [
            *pmograph,
            "query",
            "--name",
            args.name,
            "--store",
            "memory",
        ],
    }
    for argv in commands.values():  # warm the OS file cache and the .pyc files
        time_once(argv)
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, argv in commands.items():
            times[label].append(time_once(argv))
    baseline = statistics.median(times['python -c "import rdflib"'])
    width = max(len(label) for label in commands)
    print(f"{'command':<{width}}  {'median s':>8}  {'min s':>6}  {'ratio':>5}   ({runs} runs each)")
    print(f"{'-' * width}  {'-' * 8}  {'-' * 6}  {'-' * 5}")
    for label, values in times.items():
        median = statistics.median(values)
        print(f"{label:<{width}}  {median:8.3f}  {min(values):6.3f}  {median / baseline:5.2f}")
    target = statistics.median(times[f"pmograph query --name {args.name}"]) / baseline
    verdict = "within" if target <= 1.5 else "OVER"
    print(f"\npmograph query --name: {target:.2f} x import rdflib ({verdict} the 1.5 x budget)")


if __name__ == "__main__":
    main()
