"""How long a 5,000-row career-framework workbook takes to load, against plain openpyxl.

The workbook (written with pmograph's own template writer): 2,000 roles aligned
to packaged roles, 1,500 progressions (ladders of five roles) and 1,500
requirements naming packaged skills by label, so 5,000 data rows in three sheets.  Timed, alternating, in one
process:

- ``openpyxl values``: ``load_workbook(read_only=True)`` and every row's values
  (``iter_rows(values_only=True)``), the least any reader of the file does;
- ``openpyxl cells``: the same with cell objects (what is needed to tell a
  formula from text);
- ``read_tables``: pmograph's safe reading (zip directory check, merged cells,
  formulas, bounds) into text tables;
- ``read_framework``: all of the above plus validation, name resolution and
  the quads;
- ``load xlsx`` / ``load trig``: ``pmograph.load`` of the workbook, and of the
  same statements as the TriG file ``pmograph import framework`` writes.

Medians over ``--runs`` runs, in milliseconds, and the ratio to the first row.
Run: ``python benchmarks/frameworks.py [--runs 5] [--rows 5000]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pyoxigraph as ox

import pmograph
from pmograph.frameworks import Names, read_framework, write_template
from pmograph.frameworks.workbook import read_tables
from pmograph.loader import read_files

PACKAGED_ROLES = ["Project Manager", "Programme Manager", "PMO Analyst", "Portfolio Manager"]
SKILLS = [
    "Project management",
    "Communication",
    "Negotiation",
    "Problem solving",
    "Business acumen",
]
SENIORITY = ["junior", "mid", "senior", "executive"]


def workbook_rows(n: int) -> dict[str, list[dict[str, str]]]:
    """Rows for ``n`` data rows: 40% roles, 30% progressions, 30% requirements."""
    n_roles, n_steps = n * 2 // 5, n * 3 // 10
    n_reqs = n - n_roles - n_steps
    roles = [
        {
            "id": f"r{i}",
            "label": f"Role {i}",
            "definition": f"The synthetic role number {i}.",
            "seniority": SENIORITY[i % 4],
            "level": "project",
            "aligned": PACKAGED_ROLES[i % 4],
        }
        for i in range(n_roles)
    ]
    # career ladders of five roles each (a chain of thousands would make the entailed
    # pmg:canLeadTo closure quadratic, which no real framework has)
    ladder = [i for i in range(n_roles) if (i + 1) % 5]
    steps = [{"from": f"r{i}", "to": f"r{i + 1}"} for i in ladder[:n_steps]]
    reqs = [
        {
            "role": f"r{i // len(SKILLS)}",
            "target": SKILLS[i % len(SKILLS)],
            "level": str(1 + i % 7),
            "importance": "essential" if i % 2 else "optional",
        }
        for i in range(n_reqs)
    ]
    return {"Roles": roles, "Progressions": steps, "Requirements": reqs}


def plain_values(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True)
    count = sum(1 for ws in book.worksheets for _ in ws.iter_rows(values_only=True))
    book.close()
    return count


def plain_cells(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True)
    count = sum(len([c.value for c in row]) > 0 for ws in book.worksheets for row in ws.iter_rows())
    book.close()
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / "framework.xlsx"
        write_template(xlsx, workbook_rows(args.rows))
        names_quads = read_files().quads
        quads = read_framework(xlsx, Names.from_quads(names_quads))
        trig = Path(tmp) / "framework.trig"
        trig.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG) or b"")
        print(
            f"{args.rows:,} data rows, {xlsx.stat().st_size / 1024:,.0f} KiB workbook; "
            f"{len(quads):,} quads ({trig.stat().st_size / 1024:,.0f} KiB as TriG)",
            file=sys.stderr,
        )
        cases: list[tuple[str, Callable[[], object]]] = [
            ("openpyxl values", lambda: plain_values(xlsx)),
            ("openpyxl cells", lambda: plain_cells(xlsx)),
            ("read_tables", lambda: read_tables(xlsx)),
            ("read_framework", lambda: read_framework(xlsx, Names.from_quads(names_quads))),
            ("load xlsx", lambda: pmograph.load([xlsx])),
            ("load trig", lambda: pmograph.load([trig])),
        ]
        times: dict[str, list[float]] = {name: [] for name, _ in cases}
        for run in range(args.runs):
            for name, fn in cases if run % 2 == 0 else list(reversed(cases)):
                start = time.perf_counter()
                fn()
                times[name].append((time.perf_counter() - start) * 1000)
    base = statistics.median(times[cases[0][0]])
    print(f"{'what':<16} {'median ms':>10} {'ratio':>7}")
    print(f"{'-' * 16} {'-' * 10} {'-' * 7}")
    for name, _ in cases:
        median = statistics.median(times[name])
        print(f"{name:<16} {median:>10,.0f} {median / base:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
