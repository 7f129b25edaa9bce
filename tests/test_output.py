"""Atomic writes and row rendering."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from pmograph.errors import OutputError
from pmograph.output import atomic_write, neutralise_formula, render_rows


class TestAtomicWrite:
    def test_replaces_and_keeps_mode(self, tmp_path: Path) -> None:
        target = tmp_path / "out.txt"
        target.write_text("old")
        os.chmod(target, 0o640)
        atomic_write(target, "néw")
        assert target.read_text(encoding="utf-8") == "néw"
        assert target.stat().st_mode & 0o777 == 0o640
        assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]

    def test_new_file_is_world_readable(self, tmp_path: Path) -> None:
        target = atomic_write(tmp_path / "new.txt", b"x")
        assert target.stat().st_mode & 0o777 == 0o644

    def test_failure_leaves_the_old_file_and_no_temporary(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        target = tmp_path / "out.txt"
        target.write_text("old")

        def broken(*args: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "replace", broken)
        with pytest.raises(
            OutputError,
            match=r"cannot write \(No space left on device\); the file was left unchanged",
        ):
            atomic_write(target, "new")
        assert target.read_text() == "old"
        assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


class TestRenderRows:
    rows = [("=HYPERLINK(1)", 3), ("plain", None)]

    def test_csv_neutralises_formulas_and_parses_back(self) -> None:
        text = render_rows(["a", "b"], self.rows, "csv")
        parsed = list(csv.reader(io.StringIO(text)))
        assert parsed == [["a", "b"], ["'=HYPERLINK(1)", "3"], ["plain", ""]]

    def test_json(self) -> None:
        assert json.loads(render_rows(["a", "b"], self.rows, "json"))[1] == {
            "a": "plain",
            "b": None,
        }

    def test_table_aligns_columns(self) -> None:
        lines = render_rows(["name", "n"], [("x", 1), ("longer", 22)], "table").splitlines()
        assert lines == ["name    n", "------  --", "x       1", "longer  22"]

    @pytest.mark.parametrize("cell", ["+1", "-1", "@SUM(A1)", "=1"])
    def test_formula_starts(self, cell: str) -> None:
        assert neutralise_formula(cell) == "'" + cell


class TestSpecialTargets:
    """Regression: a rename must not replace a device, and a link stays a link."""

    def test_full_device_is_an_error_and_stays_a_device(self) -> None:
        with pytest.raises(
            OutputError, match=r"/dev/full: cannot write \(No space left on device\)"
        ):
            atomic_write("/dev/full", "x")
        assert not Path("/dev/full").is_file()

    def test_symlink_is_written_through(self, tmp_path: Path) -> None:
        real = tmp_path / "real.txt"
        real.write_text("old")
        link = tmp_path / "link.txt"
        link.symlink_to(real)
        atomic_write(link, "new")
        assert link.is_symlink()
        assert real.read_text() == "new"

    def test_folder_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(OutputError, match="is a folder; give a file name"):
            atomic_write(tmp_path, "x")
