"""Each command imports only what it needs (issue 15): checked on the modules, never on timings.

Every case runs the real command in a fresh interpreter on the packaged graph
and lists which heavy libraries ended up in ``sys.modules``.  Timings live in
``benchmarks/cli_startup.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("rdflib", "networkx", "pyshacl", "pyvis", "openpyxl", "owlrl", "pmograph.frameworks")

CHILD = """
import json, sys
from pmograph.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = {heavy!r}
print(json.dumps(sorted(m for m in heavy if m in sys.modules)), file=sys.__stderr__)
"""


def imported(tmp_path: Path, *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    return list(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (("validate",), set()),
        (("stats",), set()),
        (("export", "-o", "graph.trig"), set()),
        (("query", "--name", "next-step-after-project-manager"), set()),
        (("why", "Programme Manager", "pmg:progressesTo", "Portfolio Manager"), set()),
        # the career commands build their view in networkx, and nothing heavier
        (("path", "PMO Analyst", "Portfolio Manager"), {"networkx"}),
        (("gap", "PMO Analyst", "PMO Manager"), {"networkx"}),
        (("rank",), {"networkx"}),
    ],
)
def test_a_command_imports_only_what_it_needs(
    tmp_path: Path, args: tuple[str, ...], allowed: set[str]
) -> None:
    assert set(imported(tmp_path, *args)) <= allowed


def test_the_memory_store_still_uses_rdflib(tmp_path: Path) -> None:
    """The check above can fail: asking for rdflib's store does import it."""
    assert "rdflib" in imported(
        tmp_path, "path", "PMO Analyst", "Portfolio Manager", "--store", "memory"
    )
