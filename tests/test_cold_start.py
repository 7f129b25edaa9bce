"""Each command imports only what it needs (issue 15): checked on the modules, never on timings.

Every case runs the real command in a fresh interpreter on the packaged graph
and lists which heavy libraries ended up in ``sys.modules``.  Timings live in
``benchmarks/cli_startup.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("rdflib", "networkx", "pyshacl", "pyvis", "openpyxl", "owlrl", "pmograph.frameworks")

CHILD = """
import json, sys
from pmograph.cli import main
code = 0
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = {heavy!r}
print(json.dumps([code, sorted(m for m in heavy if m in sys.modules)]), file=sys.__stderr__)
"""


def run_child(
    tmp_path: Path,
    *args: str,
    env: dict[str, str] | None = None,
    heavy: tuple[str, ...] = HEAVY,
) -> tuple[object, list[str]]:
    """Run ``pmograph ARGS`` in a fresh interpreter: its exit code and the ``heavy`` modules
    it imported."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(heavy=heavy), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env=env,
    )
    code, found = json.loads(done.stderr.strip().splitlines()[-1])
    return code, list(found)


def imported(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> list[str]:
    return run_child(tmp_path, *args, env=env)[1]


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (("validate",), set()),
        (("stats",), set()),
        (("export", "-o", "graph.trig"), set()),
        (("query", "--name", "next-step-after-project-manager"), set()),
        (("why", "Programme Manager", "pmg:progressesTo", "Portfolio Manager"), set()),
    ],
)
def test_a_command_imports_only_what_it_needs(
    tmp_path: Path, args: tuple[str, ...], allowed: set[str]
) -> None:
    assert set(imported(tmp_path, *args)) <= allowed


@pytest.mark.parametrize(
    "args",
    [
        ("path", "PMO Analyst", "Portfolio Manager"),
        ("next", "Project Manager"),
        ("gap", "PMO Analyst", "PMO Manager"),
        ("rank",),
        ("rank", "--by", "pagerank"),
    ],
)
def test_a_career_command_answers_from_its_index_without_networkx(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """The first run builds the networkx view (and nothing heavier but what PageRank needs)
    and the graph's career index; the next one reads the index and imports none of them."""
    env = {**os.environ, "PMOGRAPH_CACHE_DIR": str(tmp_path / "cache")}
    first = set(imported(tmp_path, *args, env=env))
    assert "networkx" in first and first <= {"networkx"}
    assert imported(tmp_path, *args, env=env) == []


def test_the_memory_store_still_uses_rdflib(tmp_path: Path) -> None:
    """The check above can fail: asking for rdflib's store does import it."""
    assert "rdflib" in imported(
        tmp_path, "path", "PMO Analyst", "Portfolio Manager", "--store", "memory"
    )
