"""The house stays one-way: tools/layers.py passes on pmograph/ and catches each kind of breach."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import layers  # noqa: E402

FLOORS = [
    ("ground", ["pmograph.errors"]),
    ("core", ["pmograph.graph", "pmograph.sparql", "pmograph.sparql.engine"]),
    ("services", ["pmograph.careers", "pmograph.sparql.named"]),
    ("facade", ["pmograph.kg", "pmograph"]),
]


def tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"pmograph/__init__.py": "", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_pmograph_keeps_the_house_rules() -> None:
    assert layers.check() == []


def test_every_floor_is_named_once() -> None:
    names = [p for _, prefixes in layers.LAYERS for p in prefixes]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    "code",
    [
        "from pmograph.kg import KnowledgeGraph\n",
        "import pmograph.kg\n",
        "from pmograph import kg\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pmograph.kg import KnowledgeGraph\n",
        "def f():\n    from pmograph.kg import load\n    return load\n",
        "from . import kg\n",
    ],
)
def test_an_upward_import_is_refused_however_written(tmp_path: Path, code: str) -> None:
    root = tree(tmp_path, {"pmograph/careers.py": code, "pmograph/kg.py": ""})
    problems = layers.check(root, FLOORS)
    assert len(problems) == 1
    assert (
        "pmograph/careers.py" in problems[0]
        and "pmograph.kg (facade), a floor above" in problems[0]
    )


def test_a_cycle_on_one_floor_is_refused(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "pmograph/graph.py": "from pmograph.sparql.engine import run\n",
            "pmograph/sparql/__init__.py": "",
            "pmograph/sparql/engine.py": "def run():\n    import pmograph.graph\n",
        },
    )
    (problem,) = layers.check(root, FLOORS)
    assert problem.startswith("import cycle among pmograph.graph, pmograph.sparql.engine")


def test_a_package_init_that_imports_upward_counts_for_its_submodules(tmp_path: Path) -> None:
    # graph -> sparql.engine runs sparql/__init__, which pulls in a service that imports graph
    root = tree(
        tmp_path,
        {
            "pmograph/graph.py": "from pmograph.sparql.engine import run\n",
            "pmograph/sparql/__init__.py": "from pmograph.sparql.named import x\n",
            "pmograph/sparql/engine.py": "run = 1\n",
            "pmograph/sparql/named.py": "from pmograph.graph import CoreGraph\nx = 1\n",
        },
    )
    problems = layers.check(root, FLOORS)
    assert any(
        "pmograph.sparql (core) imports pmograph.sparql.named (services)" in p for p in problems
    )
    assert any(p.startswith("import cycle among pmograph.graph, pmograph.sparql") for p in problems)


def test_a_module_on_no_floor_and_a_long_module_are_named(tmp_path: Path) -> None:
    long = "x = 1\n" * 12
    root = tree(tmp_path, {"pmograph/careers.py": long, "pmograph/stray.py": ""})
    problems = layers.check(root, FLOORS, max_lines=10)
    assert problems == [
        "pmograph/careers.py: 12 lines (over 10); split it, one job per module",
        "pmograph/stray.py: module pmograph.stray is on no floor; add it to LAYERS in tools/layers.py",
    ]


def test_the_command_reports_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert layers.main() == 0
    assert "every import points down" in capsys.readouterr().out
