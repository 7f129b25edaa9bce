"""Filling pyoxigraph stores with its bulk loader, and the cold query that answers first.

:func:`pmograph.stores.fill.fill_store` must hold exactly what
:func:`pmograph.loader.read_files` reads (quads, graph files, digests), whichever
files take the bulk loader and whichever the loader; a cold ``pmograph query``
(empty cache: answered from memory, the entry written after) must print what a
warm one (from the entry) and the plain in-memory way print.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from test_validate_imports import _import

from pmograph.cli import cli
from pmograph.errors import DataFileError
from pmograph.loader import read_files
from pmograph.stores import cache, fill
from pmograph.stores.fill import bulk_loadable, fill_store

HERE = Path(__file__).resolve().parent
ESCO = HERE / "data" / "esco-1.1.1"
ONET = [HERE / "data" / "onet-30", HERE / "data" / "onet-29-skills"]
HEAD = "@prefix pmg: <https://w3id.org/pmograph/ns#> .\n"
HEAD += "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
ROLE = '<https://example.org/r/{0}> a pmg:Role ; skos:prefLabel "Role {0}"@en ;\n'
ROLE += "    pmg:progressesTo <https://example.org/r/{1}> .\n"

# name -> (text, takes the bulk loader)
FILES = {
    "plain.ttl": (HEAD + ROLE.format("a", "b") + ROLE.format("b", "c"), True),
    "blank.ttl": (
        HEAD + ROLE.format("c", "d") + '<https://example.org/r/c> pmg:x [ pmg:y "1" ] .\n',
        False,
    ),
    "list.ttl": (HEAD + "<https://example.org/r/d> pmg:z ( 1 2 ) .\n", False),
    "graphs.trig": (
        HEAD
        + ROLE.format("e", "a")
        + "<https://example.org/g/1> { "
        + ROLE.format("f", "e")
        + "}\n",
        True,
    ),
    "loose.nq": (
        "<https://example.org/r/g> <https://w3id.org/pmograph/ns#progressesTo> "
        "<https://example.org/r/a> .\n"
        "<https://example.org/r/g> <http://www.w3.org/2004/02/skos/core#prefLabel> "
        '"G"@en <https://example.org/g/2> .\n',
        True,
    ),
    "blank.nq": (
        "_:x <https://w3id.org/pmograph/ns#progressesTo> <https://example.org/r/a> "
        "<https://example.org/g/3> .\n",
        False,
    ),
    "again.nq": (  # a second file's _:x is another node
        "_:x <https://w3id.org/pmograph/ns#progressesTo> <https://example.org/r/b> "
        "<https://example.org/g/3> .\n",
        False,
    ),
    "triples.nt": (
        "<https://example.org/r/h> <https://w3id.org/pmograph/ns#progressesTo> "
        "<https://example.org/r/a> .\n",
        True,
    ),
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("imports")
    return [
        _import("esco", [ESCO / "en", ESCO / "fr", ESCO / "relations"], folder / "esco.nq"),
        _import("onet", ONET, folder / "onet.trig"),
    ]


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    out = []
    for name, (text, _bulk) in FILES.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def _same_as_the_loader(paths: list[Path], *, packaged: bool = True) -> None:
    expected = read_files(paths, packaged=packaged)
    reference = ox.Store()
    reference.bulk_extend(expected.quads)
    store = ox.Store()
    got = fill_store(store, paths, packaged=packaged)
    assert set(store) == set(reference)
    assert got.graph_files == expected.graph_files
    assert got.digests == expected.digests
    assert got.files == expected.files


class TestFillStore:
    def test_small_files_of_every_kind(self, files: list[Path]) -> None:
        _same_as_the_loader(files)

    def test_without_the_packaged_graph(self, files: list[Path]) -> None:
        _same_as_the_loader(files, packaged=False)

    def test_imports(self, imported: list[Path]) -> None:
        """ESCO's N-Quads take the bulk loader, O*NET's TriG the loader (its literals
        hold parentheses); entailments included."""
        _same_as_the_loader(imported)
        entailed = fill_store(ox.Store(), imported).entailed
        assert len(entailed) > 1000

    def test_which_files_take_the_bulk_loader(
        self, files: list[Path], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        bulk: list[str] = []
        real = fill._bulk_load

        def spy(store: ox.Store, raw: bytes, fmt: ox.RdfFormat, path: Path, g: dict) -> list:  # type: ignore[type-arg]
            bulk.append(path.name)
            return real(store, raw, fmt, path, g)

        monkeypatch.setattr(fill, "_bulk_load", spy)
        fill_store(ox.Store(), files)
        assert bulk == [name for name, (_t, takes) in FILES.items() if takes]

    def test_a_syntax_error_is_the_loaders_message(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.nq"
        bad.write_text('<https://a> <https://p> "x .\n', encoding="utf-8")
        with pytest.raises(DataFileError) as caught:
            read_files([bad])
        with pytest.raises(DataFileError) as again:
            fill_store(ox.Store(), [bad])
        assert str(again.value) == str(caught.value)
        assert ":1:" in str(again.value)

    def test_the_entailments_of_an_earlier_fill_are_reused_only_for_the_same_bytes(
        self, files: list[Path]
    ) -> None:
        first = fill_store(ox.Store(), files)
        assert fill_store(ox.Store(), files, known=first).entailed is first.entailed
        files[0].write_text(HEAD + ROLE.format("a", "z"), encoding="utf-8")
        again = ox.Store()
        changed = fill_store(again, files, known=first)
        assert changed.entailed is not first.entailed
        assert changed.digests != first.digests
        _same_as_the_loader(files)


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        (b"<a> <b> <c> .", ox.RdfFormat.N_QUADS, True),
        (b"_:a <b> <c> .", ox.RdfFormat.N_QUADS, False),
        (b'<a> <b> "x (y) [z]" .', ox.RdfFormat.N_TRIPLES, True),
        (b'<a> <b> "x (y)" .', ox.RdfFormat.TURTLE, False),
        (b"<a> <b> <c> ~ .", ox.RdfFormat.TRIG, False),
        (b"<a> <b> <c> {| <d> <e> |} .", ox.RdfFormat.TURTLE, False),
        (b"<a> <b> <c> .", ox.RdfFormat.TRIG, True),
        (b"<a> <b> <c> .", ox.RdfFormat.JSON_LD, False),
        (b"<a> <b> <c> .", ox.RdfFormat.RDF_XML, False),
    ],
)
def test_bulk_loadable(text: bytes, fmt: ox.RdfFormat, expected: bool) -> None:
    assert bulk_loadable(text, fmt) is expected


def test_a_file_that_may_hold_a_16_mb_term_is_left_to_the_loader() -> None:
    line = b"<https://a> <https://p> <https://o> .\n"
    short = line * ((1 << 24) // len(line) + 10)
    assert bulk_loadable(short, ox.RdfFormat.N_QUADS)
    long = b'<https://a> <https://p> "' + b"x" * (1 << 24) + b'" .\n'
    assert not bulk_loadable(long, ox.RdfFormat.N_QUADS)
    assert not bulk_loadable(short + b'<a> <b> """x""" .\n', ox.RdfFormat.TURTLE)


def _entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.exists() else []


QUERIES = {
    "named": ["--name", "skills-required-for-pmo"],
    "imported": [
        "SELECT ?occ ?skill WHERE { ?occ pmg:requiresEssentialSkill ?skill } "
        "ORDER BY ?occ ?skill LIMIT 50"
    ],
    "entailed": ["SELECT (COUNT(*) AS ?n) WHERE { ?o pmg:requiresSkill ?s }"],
}


class TestColdQueryAnswersFirst:
    @pytest.mark.parametrize("query", sorted(QUERIES))
    def test_cold_warm_and_plain_answers_are_the_same(
        self,
        imported: list[Path],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        query: str,
    ) -> None:
        folder = tmp_path / "cache"
        monkeypatch.setenv("PMOGRAPH_CACHE_DIR", str(folder))
        data = [a for p in imported for a in ("--data", str(p))]
        args = ["query", *QUERIES[query], "--format", "tsv", *data]
        cold = CliRunner().invoke(cli, [*args, "--cache"])
        assert cold.exit_code == 0, cold.stderr
        assert len(_entries(folder)) == 1  # written after the answer
        assert not [p for p in folder.iterdir() if p.name.startswith(".build-")]
        warm = CliRunner().invoke(cli, [*args, "--cache"])
        plain = CliRunner().invoke(cli, [*args, "--no-cache"])
        rdflib = CliRunner().invoke(cli, [*args, "--store", "memory"])
        assert cold.stdout.count("\n") > 1
        assert cold.stdout == warm.stdout == plain.stdout == rdflib.stdout

    def test_the_answer_does_not_wait_for_the_entry(
        self, imported: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A child builds the entry while the parent answers: the answer is out before the
        parent waits for the child, and the command ends once the entry is written."""
        folder = tmp_path / "cache"
        monkeypatch.setenv("PMOGRAPH_CACHE_DIR", str(folder))
        seen: list[str] = []
        real = cache.write_pending

        def waits() -> int:
            import sys

            sys.stdout.flush()
            seen.append(sys.stdout.buffer.getvalue().decode())  # type: ignore[attr-defined]
            assert len(cache._BUILDS) == 1
            return real()

        monkeypatch.setattr(cache, "write_pending", waits)
        args = ["query", "--cache", "ASK { ?r a pmg:Role }", "--format", "tsv"]
        result = CliRunner().invoke(cli, [*args, "--data", str(imported[0])])
        assert result.exit_code == 0, result.stderr
        assert seen == ["true\n"]
        assert len(_entries(folder)) == 1
        assert cache._BUILDS == []

    def test_a_build_that_fails_leaves_no_entry(self, tmp_path: Path) -> None:
        folder = tmp_path / "cache"
        folder.mkdir()
        entry = folder / ("0" * 64)
        assert cache._start_build(entry, [tmp_path / "missing.nq"], False)
        assert cache.write_pending() == 0
        assert os.listdir(folder) == []

    def test_a_stopped_build_is_killed_and_leaves_no_entry(self, tmp_path: Path) -> None:
        """What pmograph does on its way out when it did not wait (an error, a signal):
        the child is killed mid-build; its .build- folder stays for the prune."""
        big = tmp_path / "big.nq"
        with big.open("w", encoding="utf-8") as f:
            for i in range(300_000):
                f.write(f'<https://example.org/s{i}> <https://example.org/p> "{i}" .\n')
        folder = tmp_path / "cache"
        folder.mkdir()
        assert cache._start_build(folder / ("1" * 64), [big], False)
        child = cache._BUILDS[0]
        deadline = time.monotonic() + 60
        while not any(p.name.startswith(".build-") for p in folder.iterdir()):
            assert child.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        started = time.monotonic()
        cache.stop_builds()
        assert time.monotonic() - started < 5
        assert cache._BUILDS == [] and child.returncode == -9
        left = os.listdir(folder)
        assert len(left) == 1 and left[0].startswith(".build-"), left

    def test_a_killed_builds_folder_is_pruned_after_an_hour(self, tmp_path: Path) -> None:
        folder = tmp_path / "cache"
        stale, fresh = folder / ".build-stale", folder / ".build-fresh"
        for left in (stale, fresh):
            (left / "store").mkdir(parents=True)
        hour_ago = time.time() - 3700
        os.utime(stale, (hour_ago, hour_ago))
        cache._prune(folder, keep=folder / "none")
        assert sorted(p.name for p in folder.iterdir()) == [".build-fresh"]
