"""A GraphML, GEXF or workbook export of the same inputs is the one written before (issue 15).

The first export of a set of files writes the file from the data (networkx,
xlsxwriter) and keeps its bytes in the cache folder; the next identical
export writes those bytes without loading the files or importing networkx or
xlsxwriter.  Each case compares with the export written from the data, and
checks that any change of input, option or setting writes it again.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from test_cold_start import run_child

from pmograph import exportfile

HEAVY = ("networkx", "xlsxwriter", "rdflib", "pmograph.loader", "pmograph.frameworks.export")

USER = """\
@prefix pmg: <https://w3id.org/pmograph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://example.org/graph/mine> {
    <https://example.org/role/r> a pmg:Role ; skos:prefLabel "Delivery Lead {n}"@en .
}
"""


def run(tmp_path: Path, *args: str, env: dict[str, str]) -> list[str]:
    """Run ``pmograph ARGS`` in a fresh interpreter; the heavy modules it imported."""
    code, heavy = run_child(tmp_path, *args, env=env, heavy=HEAVY)
    assert code == 0
    return heavy


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "PMOGRAPH_CACHE_DIR": str(tmp_path / "cache")}


def _kept(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("export-*.marshal"))


@pytest.mark.parametrize("suffix", ["graphml", "gexf", "xlsx"])
def test_the_second_export_is_the_first_without_loading_anything(
    tmp_path: Path, env: dict[str, str], suffix: str
) -> None:
    first, second = tmp_path / f"first.{suffix}", tmp_path / f"second.{suffix}"
    assert run(tmp_path, "export", "-o", str(first), env=env)  # written from the data
    assert len(_kept(tmp_path)) == 1
    assert run(tmp_path, "export", "-o", str(second), env=env) == []  # the kept bytes
    assert first.read_bytes() == second.read_bytes()
    if suffix == "xlsx":
        with zipfile.ZipFile(second) as book:
            assert "xl/workbook.xml" in book.namelist()


def test_a_kept_export_is_what_the_data_gives(tmp_path: Path, env: dict[str, str]) -> None:
    """The kept GraphML is the file networkx writes from the loaded graph."""
    import pmograph
    from pmograph.export import write_network

    out = tmp_path / "map.graphml"
    run(tmp_path, "export", "-o", str(out), env=env)
    run(tmp_path, "export", "-o", str(out), env=env)
    assert out.read_bytes() == write_network(pmograph.load((), store="oxigraph"), "graphml")


def test_a_changed_input_is_exported_again(tmp_path: Path, env: dict[str, str]) -> None:
    user = tmp_path / "mine.trig"
    user.write_text(USER.replace("{n}", "1"), encoding="utf-8")
    out = tmp_path / "out.graphml"
    run(tmp_path, "export", "--data", str(user), "-o", str(out), env=env)
    assert "Delivery Lead 1" in out.read_text(encoding="utf-8")
    user.write_text(USER.replace("{n}", "2"), encoding="utf-8")
    assert "networkx" in run(tmp_path, "export", "--data", str(user), "-o", str(out), env=env)
    text = out.read_text(encoding="utf-8")
    assert "Delivery Lead 2" in text and "Delivery Lead 1" not in text


def test_options_and_settings_name_other_exports(tmp_path: Path, env: dict[str, str]) -> None:
    user = tmp_path / "mine.trig"
    user.write_text(USER.replace("{n}", "1"), encoding="utf-8")
    whole, mine = tmp_path / "whole.xlsx", tmp_path / "mine.xlsx"
    run(tmp_path, "export", "--data", str(user), "-o", str(whole), env=env)
    assert "xlsxwriter" in run(
        tmp_path, "export", "--data", str(user), "--only-user", "-o", str(mine), env=env
    )
    assert whole.stat().st_size > mine.stat().st_size
    # a setting the export depends on (the label language) names another export
    french = {**env, "PMOGRAPH_LANGUAGE": "fr"}
    assert "networkx" in run(tmp_path, "export", "-o", str(tmp_path / "a.gexf"), env=env)
    assert "networkx" in run(tmp_path, "export", "-o", str(tmp_path / "b.gexf"), env=french)
    assert len(_kept(tmp_path)) == 4


def test_the_memory_store_always_writes_from_the_data(tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "out.graphml"
    for _ in range(2):
        assert "networkx" in run(tmp_path, "export", "--store", "memory", "-o", str(out), env=env)
    assert _kept(tmp_path) == []


def test_a_damaged_kept_export_is_written_again(tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "out.graphml"
    run(tmp_path, "export", "-o", str(out), env=env)
    good = out.read_bytes()
    (kept,) = _kept(tmp_path)
    kept.write_bytes(b"not marshal at all")
    assert "networkx" in run(tmp_path, "export", "-o", str(out), env=env)
    assert out.read_bytes() == good
    assert exportfile.read(kept) == good  # and kept again


def test_large_exports_are_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMOGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    at = exportfile.place((), fmt="graphml", store="oxigraph")
    assert at is not None
    monkeypatch.setattr(exportfile, "MAX_BYTES", 10)
    assert not exportfile.keep(at, b"x" * 11)
    assert exportfile.read(at) is None
    assert exportfile.keep(at, b"x" * 10) and exportfile.read(at) == b"x" * 10


def test_only_the_costly_formats_and_keyed_inputs_are_kept(tmp_path: Path) -> None:
    assert exportfile.place((), fmt="trig", store="oxigraph") is None
    folder = tmp_path / "csv-folder"
    folder.mkdir()
    assert exportfile.place([str(folder)], fmt="xlsx", store="oxigraph") is None
    assert exportfile.place([str(tmp_path / "missing.trig")], fmt="xlsx", store="oxigraph") is None
