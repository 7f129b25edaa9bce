"""The notebooks as committed: stripped of outputs, listed, and using the public API only.

Running them is nbmake's job (``make test`` runs ``pytest --nbmake notebooks``); these tests keep
the committed files readable in a diff and honest about what they use.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
EXPECTED = [
    "01-explore-the-graph.ipynb",
    "02-career-paths.ipynb",
    "03-visualize.ipynb",
    "04-beyond-one-machine.ipynb",
    "05-career-frameworks.ipynb",
]
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))

# `._name` on any object (kg._index, pmograph.careers._view), or a private name imported.
PRIVATE_ACCESS = re.compile(r"\.\s*_[A-Za-z]|\bimport\s+(?:.*,\s*)?_[A-Za-z]")
# A string literal that starts with an absolute file path ("/work/...", "/tmp/...", "C:\\...").
ABSOLUTE_PATH = re.compile(
    r"""["'](?:/(?:home|root|tmp|work|usr|var|opt|mnt|srv|Users)\b|[A-Za-z]:[\\/])"""
)


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def code_cells(path: Path) -> list[nbformat.NotebookNode]:
    return [c for c in read(path).cells if c.cell_type == "code"]


def test_the_notebooks_are_there() -> None:
    assert [p.name for p in NOTEBOOKS] == EXPECTED


def test_readme_lists_every_notebook() -> None:
    readme = (NOTEBOOKS_DIR / "README.md").read_text(encoding="utf-8")
    linked = re.findall(r"\]\(([^)]+\.ipynb)\)", readme)
    assert sorted(set(linked)) == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
class TestCommittedNotebook:
    def test_is_valid_nbformat_4(self, path: Path) -> None:
        nb = read(path)
        nbformat.validate(nb)
        assert nb.nbformat == 4

    def test_runs_on_the_python3_kernel(self, path: Path) -> None:
        assert read(path).metadata["kernelspec"]["name"] == "python3"

    def test_outputs_are_stripped(self, path: Path) -> None:
        stored = [
            (i, len(c.outputs), c.execution_count)
            for i, c in enumerate(read(path).cells)
            if c.cell_type == "code" and (c.outputs or c.execution_count is not None)
        ]
        assert stored == [], "clear the outputs before committing (see notebooks/README.md)"

    def test_opens_with_a_title_and_who_it_is_for(self, path: Path) -> None:
        first = read(path).cells[0]
        assert first.cell_type == "markdown"
        assert first.source.startswith("# ")
        assert "**Who this is for:**" in first.source

    def test_uses_no_private_names(self, path: Path) -> None:
        found = [
            line.strip()
            for cell in code_cells(path)
            for line in cell.source.splitlines()
            if PRIVATE_ACCESS.search(line)
        ]
        assert found == []

    def test_reads_no_absolute_paths(self, path: Path) -> None:
        found = [
            line.strip()
            for cell in code_cells(path)
            for line in cell.source.splitlines()
            if ABSOLUTE_PATH.search(line)
        ]
        assert found == []

    def test_writes_only_into_a_temporary_folder(self, path: Path) -> None:
        source = "\n".join(c.source for c in code_cells(path))
        temporary = {"workdir"} | set(re.findall(r"^(\w+) = workdir / ", source, re.MULTILINE))
        receivers = re.findall(r"(\w+)\.(?:write_text|write_bytes)\(", source)
        targets = re.findall(r"\.(?:savefig|to_html)\(\s*([^,)]*)", source)
        outside = [r for r in receivers if r not in temporary]
        outside += [t for t in targets if t and re.split(r"\W", t, maxsplit=1)[0] not in temporary]
        assert outside == [], "write generated files under workdir = Path(tempfile.mkdtemp())"
        if receivers or any(targets):
            assert re.search(r"^workdir = Path\(tempfile\.mkdtemp\(", source, re.MULTILINE)
