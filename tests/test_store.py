"""The stores behind the same API: rdflib in memory, pyoxigraph, and the on-disk cache."""

from __future__ import annotations

import os
import shutil
import time
import warnings
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from compare import comparable

from pmograph.cli import cli
from pmograph.errors import DataFileError
from pmograph.importers.esco import import_esco
from pmograph.importers.onet import import_onet
from pmograph.kg import load
from pmograph.query import named_queries
from pmograph.stores import cache, cachekey

HERE = Path(__file__).resolve().parent

SMALL = """\
@prefix pmg: <https://w3id.org/pmograph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://example.org/role/a> a pmg:Role ; skos:prefLabel "Role A"@en ;
    pmg:progressesTo <https://example.org/role/b> .
<https://example.org/role/b> a pmg:Role ; skos:prefLabel "Role B"@en .
"""


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("imported")
    esco, onet = folder / "esco.trig", folder / "onet.trig"
    import_esco(HERE / "data" / "esco", esco)
    import_onet(HERE / "data" / "onet", onet)
    return [esco, onet]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PMOGRAPH_CACHE_DIR", str(folder))
    return folder


def _entries(folder: Path) -> list[Path]:
    """The cache entries (folders named by their key)."""
    if not folder.exists():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


NAMED = named_queries()


class TestSameAnswersOnEveryStore:
    @pytest.fixture(scope="class")
    def graphs(
        self, imported: list[Path], tmp_path_factory: pytest.TempPathFactory
    ) -> dict[str, Any]:
        folder = tmp_path_factory.mktemp("cache")
        return {
            "memory": load(imported, store="memory"),
            "oxigraph": load(imported, store="oxigraph"),
            "cached": load(imported, store="oxigraph", cache=folder),
        }

    def test_there_are_named_queries(self) -> None:
        assert len(NAMED) >= 10

    @pytest.mark.parametrize("named", NAMED, ids=[q.name for q in NAMED])
    def test_named_query(self, graphs: dict[str, Any], named: Any) -> None:
        answers = {
            name: comparable(kg.query(named.text, timeout=60)) for name, kg in graphs.items()
        }
        assert answers["oxigraph"] == answers["memory"]
        assert answers["cached"] == answers["memory"]

    def test_imported_roles_and_links(self, graphs: dict[str, Any]) -> None:
        sparql = (
            "SELECT ?a ?b ?rank ?tier WHERE { ?x a pmg:RoleRelation ; pmg:relatedFrom ?a ; "
            "pmg:relatedTo ?b ; pmg:relatednessRank ?rank ; pmg:relatednessTier ?tier }"
        )
        answers = [comparable(kg.query(sparql)) for kg in graphs.values()]
        assert answers[0] == answers[1] == answers[2]
        assert len(answers[0][2]) == 212

    def test_same_quads_and_graphs(self, graphs: dict[str, Any]) -> None:
        sizes = {name: len(kg) for name, kg in graphs.items()}
        assert len(set(sizes.values())) == 1, sizes
        names = {name: kg.store.graph_names() for name, kg in graphs.items()}
        assert names["memory"] == names["oxigraph"] == names["cached"]


class TestCache:
    def test_second_load_opens_the_cache_without_parsing(
        self, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        data = tmp_path / "roles.ttl"
        data.write_text(SMALL, encoding="utf-8")
        first = load([data], packaged=False, store="oxigraph", cache=True)
        assert len(_entries(cache_dir)) == 1

        def no_parsing(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError("parsed again")

        monkeypatch.setattr("pmograph.loader.read_files", no_parsing)
        second = load([data], packaged=False, store="oxigraph", cache=True)
        assert second.store.kind == "oxigraph"
        assert len(second) == len(first)
        assert [
            r.label
            for r in second.query(
                "SELECT ?label WHERE { ?r skos:prefLabel ?label } ORDER BY ?label"
            )
        ] == [
            "Role A",
            "Role B",
        ]
        assert (
            second.graph_files
            == first.graph_files
            == {"https://w3id.org/pmograph/id/graph/user/roles.ttl": str(data)}
        )

    def test_the_cache_is_read_only(self, tmp_path: Path, cache_dir: Path) -> None:
        import pyoxigraph as ox

        data = tmp_path / "roles.ttl"
        data.write_text(SMALL, encoding="utf-8")
        load([data], packaged=False, store="oxigraph", cache=True)
        kg = load([data], packaged=False, store="oxigraph", cache=True)
        quad = ox.Quad(
            ox.NamedNode("https://x.org/s"), ox.NamedNode("https://x.org/p"), ox.Literal("o")
        )
        with pytest.raises(RuntimeError, match="read-write"):
            kg.store.store.add(quad)

    def test_editing_a_file_makes_a_new_entry(self, tmp_path: Path, cache_dir: Path) -> None:
        data = tmp_path / "roles.ttl"
        data.write_text(SMALL, encoding="utf-8")
        load([data], packaged=False, store="oxigraph", cache=True)
        data.write_text(SMALL.replace("Role B", "Role C"), encoding="utf-8")
        kg = load([data], packaged=False, store="oxigraph", cache=True)
        assert len(_entries(cache_dir)) == 2
        labels = [
            r.label
            for r in kg.query("SELECT ?label WHERE { ?r skos:prefLabel ?label } ORDER BY ?label")
        ]
        assert labels == ["Role A", "Role C"]

    def test_unchanged_files_are_not_read_again(
        self, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        data = tmp_path / "roles.ttl"
        data.write_text(SMALL, encoding="utf-8")
        load([data], packaged=False, store="oxigraph", cache=True)
        real = cachekey._sha256

        def no_reading(path: Path) -> str:
            raise AssertionError(f"{path} read again")

        monkeypatch.setattr(cachekey, "_sha256", no_reading)
        load([data], packaged=False, store="oxigraph", cache=True)  # stat unchanged: memo used
        data.write_text(SMALL.replace("Role B", "Role D"), encoding="utf-8")
        with pytest.raises(AssertionError, match="read again"):
            load([data], packaged=False, store="oxigraph", cache=True)
        monkeypatch.setattr(cachekey, "_sha256", real)
        kg = load([data], packaged=False, store="oxigraph", cache=True)
        assert "Role D" in [
            r.label for r in kg.query("SELECT ?label WHERE { ?r skos:prefLabel ?label }")
        ]

    def test_the_same_content_elsewhere_reuses_the_entry(
        self, tmp_path: Path, cache_dir: Path
    ) -> None:
        one = tmp_path / "a" / "roles.ttl"
        two = tmp_path / "b" / "roles.ttl"
        for path in (one, two):
            path.parent.mkdir()
            path.write_text(SMALL, encoding="utf-8")
        load([one], packaged=False, store="oxigraph", cache=True)
        kg = load([two], packaged=False, store="oxigraph", cache=True)
        assert len(_entries(cache_dir)) == 1
        assert kg.files == [two]
        assert kg.graph_files == {"https://w3id.org/pmograph/id/graph/user/roles.ttl": str(two)}

    def test_a_renamed_file_names_its_graph_anew(self, tmp_path: Path, cache_dir: Path) -> None:
        one, two = tmp_path / "roles.ttl", tmp_path / "other.ttl"
        one.write_text(SMALL, encoding="utf-8")
        two.write_text(SMALL, encoding="utf-8")
        load([one], packaged=False, store="oxigraph", cache=True)
        kg = load([two], packaged=False, store="oxigraph", cache=True)
        assert len(_entries(cache_dir)) == 2
        assert kg.store.graph_names() == ["https://w3id.org/pmograph/id/graph/user/other.ttl"]

    def test_missing_file_is_the_loaders_error(self, tmp_path: Path, cache_dir: Path) -> None:
        with pytest.raises(DataFileError, match=r"nothing\.ttl: file not found; check the path"):
            load([tmp_path / "nothing.ttl"], packaged=False, store="oxigraph", cache=True)
        assert _entries(cache_dir) == []

    def test_a_parse_error_leaves_no_entry(self, tmp_path: Path, cache_dir: Path) -> None:
        bad = tmp_path / "bad.ttl"
        bad.write_text("<https://x.org/s> <https://x.org/p> .\n", encoding="utf-8")
        with pytest.raises(DataFileError, match=r"bad\.ttl:1"):
            load([bad], packaged=False, store="oxigraph", cache=True)
        assert _entries(cache_dir) == []
        assert not [p for p in cache_dir.iterdir() if p.name.startswith(".build-")]

    def test_a_broken_entry_is_rebuilt(self, tmp_path: Path, cache_dir: Path) -> None:
        data = tmp_path / "roles.ttl"
        data.write_text(SMALL, encoding="utf-8")
        load([data], packaged=False, store="oxigraph", cache=True)
        (entry,) = _entries(cache_dir)
        shutil.rmtree(entry / "store")
        (entry / "store").write_text("not a database")
        kg = load([data], packaged=False, store="oxigraph", cache=True)
        assert len(kg.query("SELECT ?r WHERE { ?r a pmg:Role }")) == 2

    def test_old_entries_are_pruned(self, tmp_path: Path, cache_dir: Path) -> None:
        data = tmp_path / "roles.ttl"
        for n in range(cache.KEEP + 2):
            data.write_text(SMALL.replace("Role B", f"Role {n}"), encoding="utf-8")
            load([data], packaged=False, store="oxigraph", cache=True)
            for entry in _entries(cache_dir):  # make every entry look used long ago
                old = time.time() - 3600
                os.utime(entry / "meta.json", (old, old))
        assert len(_entries(cache_dir)) == cache.KEEP

    def test_unwritable_cache_folder_falls_back_with_a_warning(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        blocker = tmp_path / "a-file"
        blocker.write_text("")
        monkeypatch.setenv("PMOGRAPH_CACHE_DIR", str(blocker / "cache"))
        data = tmp_path / "roles.ttl"
        data.write_text(SMALL, encoding="utf-8")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            kg = load([data], packaged=False, store="oxigraph", cache=True)
        assert len(kg) > 0
        assert any("cannot be written" in str(w.message) for w in caught)

    def test_losing_a_build_race_uses_the_winner(self, tmp_path: Path, cache_dir: Path) -> None:
        data = tmp_path / "roles.ttl"
        data.write_text(SMALL, encoding="utf-8")
        key = cache.cache_key(cache.input_files([data], packaged=False))
        cache_dir.mkdir()
        cache._build(cache_dir / key, [data], packaged=False)
        cache._build(cache_dir / key, [data], packaged=False)  # the loser
        assert [p.name for p in cache_dir.iterdir()] == [key]  # and no .build- folder left
        assert len(load([data], packaged=False, store="oxigraph", cache=True)) > 0


class TestCacheFolder:
    def test_explicit(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.setenv("PMOGRAPH_CACHE_DIR", str(tmp_path / "x"))
        assert cache.cache_dir() == tmp_path / "x"

    def test_xdg(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.delenv("PMOGRAPH_CACHE_DIR", raising=False)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
        assert cache.cache_dir() == tmp_path / "pmograph"

    def test_home(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.delenv("PMOGRAPH_CACHE_DIR", raising=False)
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        monkeypatch.setenv("HOME", str(tmp_path))
        assert cache.cache_dir() == tmp_path / ".cache" / "pmograph"

    def test_auto_caches_only_large_inputs(self, tmp_path: Path) -> None:
        small = tmp_path / "small.ttl"
        small.write_text(SMALL)
        big = tmp_path / "big.nt"
        big.write_bytes(b"#" * cache.AUTO_MIN_BYTES)
        assert not cache.worth_caching([small])
        assert cache.worth_caching([small, big])


class TestCli:
    def test_query_uses_the_cache_for_large_files(
        self, imported: list[Path], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(cache, "AUTO_MIN_BYTES", 1)
        args = ["query", "--format", "tsv", "SELECT (COUNT(*) AS ?n) WHERE { ?r a pmg:Role }"]
        for path in imported:
            args += ["--data", str(path)]
        first = CliRunner().invoke(cli, args)
        assert first.exit_code == 0, first.stderr
        assert len(_entries(cache_dir)) == 1
        second = CliRunner().invoke(cli, args)
        assert second.stdout == first.stdout
        assert second.stderr.endswith("oxigraph store)\n")

    def test_no_cache(self, imported: list[Path], cache_dir: Path) -> None:
        args = [
            "query",
            "--no-cache",
            "--format",
            "tsv",
            "ASK { ?r a pmg:Role }",
            "--data",
            str(imported[0]),
        ]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == "true\n"
        assert _entries(cache_dir) == []

    def test_cache_forced_on(self, imported: list[Path], cache_dir: Path) -> None:
        args = [
            "query",
            "--cache",
            "--format",
            "tsv",
            "ASK { ?r a pmg:Role }",
            "--data",
            str(imported[0]),
        ]
        assert CliRunner().invoke(cli, args).exit_code == 0
        assert len(_entries(cache_dir)) == 1
