"""The prebuilt career index (issue 15 cold start) gives the networkx view's answers, byte for byte.

Three ways in: in the library (every role, every pair, every ranking, on the
packaged graph and on data of our own with cycles, specialisations and
levels), on the command line (output of the run that builds the index, of the
run that reads it, and of ``--store memory``, which never uses one), and with
user data whose progressions change between runs (the index is built again).
"""

from __future__ import annotations

import itertools
import marshal
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from test_cli_careers import TESTING

from pmograph.careers import indexfile, prebuilt
from pmograph.careers.view import use_answers, view
from pmograph.cli import cli
from pmograph.errors import UnknownResource
from pmograph.graph import CoreGraph
from pmograph.kg import KnowledgeGraph, load

MEASURES = [
    {"by": "degree"},
    {"by": "degree", "types": ["skill"], "top": 5},
    {"by": "degree", "types": ["role", "qualification"]},
    {"by": "pagerank"},
    {"by": "pagerank", "types": ["certification"], "top": 3},
    {"by": "betweenness"},
    {"by": "betweenness", "samples": 7},
]


@pytest.fixture(scope="module")
def testing(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("prebuilt") / "testing.ttl"
    path.write_text(TESTING, encoding="utf-8")
    return str(path)


def twin(kg: KnowledgeGraph, *, fallback: bool) -> tuple[KnowledgeGraph, list[str]]:
    """``kg`` answered from its prebuilt index, as stored and read back.

    Without ``fallback`` the networkx view is out of reach: a question the index
    cannot answer fails the test.  The list records every fallback.
    """
    state = marshal.loads(marshal.dumps(prebuilt.build(view(kg), kg.index)))
    index = prebuilt.restore_index(state["index"])
    assert index is not None
    other = KnowledgeGraph(kg.store, index=index)
    used: list[str] = []

    def full() -> Any:
        used.append("networkx")
        if not fallback:
            pytest.fail("the prebuilt index fell back to the networkx view")
        return view(other)

    use_answers(other, prebuilt.Prebuilt(state, full))
    return other, used


@pytest.fixture(scope="module", params=["packaged", "testing"])
def graphs(request: pytest.FixtureRequest, testing: str) -> tuple[KnowledgeGraph, KnowledgeGraph]:
    data = [] if request.param == "packaged" else [testing]
    kg = load(data, store="oxigraph")
    return kg, twin(kg, fallback=False)[0]


def roles(kg: KnowledgeGraph) -> list[str]:
    return [str(r) for r in kg.roles()]


class TestSameAnswers:
    def test_every_shortest_path(self, graphs: tuple[KnowledgeGraph, KnowledgeGraph]) -> None:
        kg, fast = graphs
        for a, b in itertools.product(roles(kg), repeat=2):
            for steps in (None, 1, 2):
                assert fast.path(a, b, max_steps=steps) == kg.path(a, b, max_steps=steps)

    def test_every_gap(self, graphs: tuple[KnowledgeGraph, KnowledgeGraph]) -> None:
        kg, fast = graphs
        for a, b in itertools.product(roles(kg), repeat=2):
            mine, theirs = fast.gap(a, b), kg.gap(a, b)
            assert mine == theirs and mine.levels == theirs.levels
            assert [(r.level, type(r.level)) for r in mine] == [
                (r.level, type(r.level)) for r in theirs
            ]

    def test_every_next_step_and_requirement(
        self, graphs: tuple[KnowledgeGraph, KnowledgeGraph]
    ) -> None:
        kg, fast = graphs
        for role in roles(kg):
            assert fast.next_steps(role) == kg.next_steps(role)
            assert fast.skills_for(role) == kg.skills_for(role)

    def test_names_and_errors(self, graphs: tuple[KnowledgeGraph, KnowledgeGraph]) -> None:
        kg, fast = graphs
        for name in ("project manager", "PMO", "Tester", "Test Leed", "Communication", ""):
            outcomes = []
            for g in (kg, fast):
                try:
                    outcomes.append(str(g.path(name, name)))
                except UnknownResource as exc:
                    outcomes.append(f"error: {exc}")
            assert outcomes[0] == outcomes[1]

    def test_a_role_typed_as_something_more_specific_is_refused_alike(self) -> None:
        kg = KnowledgeGraph(load(store="oxigraph").store)
        odd = next(r for r in roles(kg))
        kg.index.classes[odd].add("Certification")  # a role that is also a certification
        fast, _ = twin(kg, fallback=False)
        for g in (kg, fast):
            with pytest.raises(UnknownResource, match="is not a role"):
                g.path(odd, odd)


class TestRankings:
    @pytest.mark.parametrize("options", MEASURES, ids=lambda o: ",".join(map(str, o.values())))
    def test_same_ranking(
        self, graphs: tuple[KnowledgeGraph, KnowledgeGraph], options: dict[str, Any]
    ) -> None:
        kg, _ = graphs
        fast, _ = twin(kg, fallback=True)
        assert fast.rank(**options) == kg.rank(**options)

    def test_degree_is_stored_and_others_are_learned_once(self) -> None:
        kg = load(store="oxigraph")
        fast, used = twin(kg, fallback=True)
        fast.rank(by="degree", types=["skill"])
        assert used == []  # stored when the index was built
        learned: list[dict[str, Any]] = []
        state = marshal.loads(marshal.dumps(prebuilt.build(view(kg), kg.index)))
        answers = prebuilt.Prebuilt(state, lambda: view(kg), learned.append)
        again = KnowledgeGraph(kg.store, index=kg.index)
        use_answers(again, answers)
        first = again.rank(by="pagerank")
        assert len(learned) == 1
        reread = KnowledgeGraph(kg.store, index=kg.index)
        use_answers(reread, prebuilt.Prebuilt(learned[0], lambda: pytest.fail("recomputed")))
        assert reread.rank(by="pagerank") == first == kg.rank(by="pagerank")


def test_paths_the_index_does_not_hold_come_from_networkx(testing: str) -> None:
    kg = load([testing], store="oxigraph")
    fast, used = twin(kg, fallback=True)
    lead, junior = str(kg.find("Test Lead")), str(kg.find("Junior Tester"))
    assert fast.path(lead, junior, all_paths=True) == kg.path(lead, junior, all_paths=True)
    assert used


def test_a_graph_too_connected_gets_no_index(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prebuilt, "MAX_REACH", 3)
    kg = load(store="oxigraph")
    assert prebuilt.build(view(kg), kg.index) == {"roles": None}


def test_paths_above_the_bound_are_not_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prebuilt, "MAX_PATH_NODES", 3)
    kg = load(store="oxigraph")
    state = prebuilt.build(view(kg), kg.index)
    assert state["paths"] is None and state["roles"]
    fast, used = twin(kg, fallback=True)
    a, b = kg.find("PMO Analyst"), kg.find("Portfolio Manager")
    assert fast.path(a, b) == kg.path(a, b)


def test_restore_refuses_an_index_of_other_fields() -> None:
    state = prebuilt.index_state(CoreGraph(load(store="oxigraph").store).index)
    assert prebuilt.restore_index({**state, "surprise": {}}) is None


# -- the command line ------------------------------------------------------------------

COMMANDS = [
    ["path", "PMO Analyst", "Portfolio Manager"],
    ["path", "PMO Analyst", "Portfolio Manager", "--format", "json"],
    ["path", "Portfolio Manager", "PMO Analyst"],
    ["path", "PMO Analyst", "Portfolio Manager", "--max-steps", "2"],
    ["path", "Project Manager", "Programme Manager", "--all", "--format", "csv"],
    ["next", "Project Manager", "--format", "csv"],
    ["next", "Project Manager", "--format", "json"],
    ["next", "Portfolio Manager"],
    ["gap", "PMO Analyst", "PMO Manager"],
    ["gap", "PMO Analyst", "PMO Manager", "--format", "json"],
    ["rank"],
    ["rank", "--types", "skill", "--top", "5", "--format", "csv"],
    ["rank", "--by", "pagerank", "--format", "tsv"],
    ["rank", "--by", "betweenness", "--types", "role", "--top", "0"],
    ["path", "PMO Anlyst", "Portfolio Manager"],
    ["gap", "PMO Analyst", "Communication"],
]


def run(cache: Path, *args: str) -> Result:
    return CliRunner(env={"PMOGRAPH_CACHE_DIR": str(cache)}).invoke(cli, list(args))


def answered(result: Result) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr


def no_networkx(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make building the networkx view fail: what answers now comes from the index."""

    def refuse(self: Any, **_: Any) -> Any:
        raise AssertionError("the networkx view was built")

    monkeypatch.setattr(CoreGraph, "to_networkx", refuse)


WITH_DATA = [
    ["path", "Junior Tester", "Head of Testing", "--format", "json"],
    ["path", "Test Lead", "Junior Tester", "--max-steps", "1"],
    ["next", "Test Lead", "--format", "csv"],
    ["gap", "Senior Test Lead", "Head of Testing", "--format", "json"],
    ["gap", "tester", "Head of Testing"],
    ["rank", "--by", "pagerank", "--types", "skill"],
]


@pytest.mark.parametrize(
    ("args", "with_data"),
    [(a, False) for a in COMMANDS] + [(a, True) for a in WITH_DATA],
    ids=lambda x: " ".join(x) if isinstance(x, list) else ("with-data" if x else "packaged"),
)
def test_the_cli_prints_the_same_from_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, testing: str, args: list[str], with_data: bool
) -> None:
    extra = ["--data", testing] if with_data else []
    memory = run(tmp_path, *args, *extra, "--store", "memory")
    building = run(tmp_path, *args, *extra)
    assert list(tmp_path.glob("careers-*.marshal")), "no index was written"
    if "--all" not in args and "betweenness" not in args and "pagerank" not in args:
        no_networkx(monkeypatch)  # these the index answers on its own
    elif "--all" not in args:
        run(tmp_path, *args, *extra)  # the first ranking of its kind is stored
        no_networkx(monkeypatch)
    reading = run(tmp_path, *args, *extra)
    assert answered(reading) == answered(building) == answered(memory)


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(0, 0))  # the same modification time each version: the key must still move


def test_changed_progressions_rebuild_the_index(tmp_path: Path) -> None:
    cache, data = tmp_path / "cache", tmp_path / "roles.ttl"
    before = TESTING
    # Junior Tester steps straight up to Head of Testing; the coach leads nowhere else
    after = TESTING.replace(
        "pmg:progressesTo role:test-lead ;", "pmg:progressesTo role:test-lead , role:test-head ;"
    ).replace(
        "pmg:progressesTo role:test-head , role:test-coach ;", "pmg:progressesTo role:test-coach ;"
    )
    assert after != before
    questions = [
        ["path", "Junior Tester", "Head of Testing", "--format", "csv"],
        ["next", "Junior Tester", "--format", "csv"],
        ["next", "Test Lead", "--format", "csv"],
        ["rank", "--types", "role", "--format", "csv"],
    ]
    seen = []
    for version, text in enumerate((before, after, before)):
        write(data, text)
        for args in questions:
            first = run(cache, *args, "--data", str(data))
            second = run(cache, *args, "--data", str(data))
            assert answered(first) == answered(second)
            if version < 2:  # the third is checked against the first below
                memory = run(cache, *args, "--data", str(data), "--store", "memory")
                assert answered(first) == answered(memory)
            seen.append(first.stdout)
    n = len(questions)
    assert seen[:n] != seen[n : 2 * n]  # the new steps are answered
    assert seen[:n] == seen[2 * n :]


def test_a_damaged_or_foreign_index_is_not_read(tmp_path: Path) -> None:
    args = ["next", "Project Manager", "--format", "csv"]
    expected = answered(run(tmp_path, *args, "--store", "memory"))
    assert answered(run(tmp_path, *args)) == expected
    (place,) = tmp_path.glob("careers-*.marshal")
    place.write_bytes(b"\x00 not marshal")
    assert indexfile.read(place) is None
    assert answered(run(tmp_path, *args)) == expected
    assert indexfile.read(place) is not None  # written again
    indexfile.write(place, {"roles": ["x"], "index": {}})  # readable, but not a whole index
    assert answered(run(tmp_path, *args)) == expected
    state = indexfile.read(place)
    assert state is not None and prebuilt.usable(state)  # built again
    place.chmod(0o666)  # writable by others: could be planted
    assert indexfile.read(place) is None
    assert answered(run(tmp_path, *args)) == expected


def test_no_index_for_a_folder_or_a_missing_file(tmp_path: Path) -> None:
    assert indexfile.index_file([str(tmp_path)]) is None
    assert indexfile.index_file([str(tmp_path / "missing.ttl")]) is None
    assert indexfile.index_file([]) is not None


def test_the_key_follows_the_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    before = indexfile.index_file([])
    monkeypatch.setenv("PMOGRAPH_MAX_FILE_MB", "1")
    assert indexfile.index_file([]) != before


def test_old_indexes_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMOGRAPH_CACHE_DIR", str(tmp_path))
    for n in range(indexfile.KEEP + 3):
        assert indexfile.write(tmp_path / f"careers-{n}.marshal", {"roles": None})
    assert len(list(tmp_path.glob("careers-*.marshal"))) == indexfile.KEEP


def test_what_a_killed_write_left_is_removed_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import time

    monkeypatch.setenv("PMOGRAPH_CACHE_DIR", str(tmp_path))
    old, recent = tmp_path / ".careers-abc", tmp_path / ".careers-def"
    for left in (old, recent):
        left.write_bytes(b"half")
    hours_ago = time.time() - indexfile.STALE_SECONDS - 60
    os.utime(old, (hours_ago, hours_ago))
    assert indexfile.write(tmp_path / "careers-1.marshal", {"roles": None})
    assert not old.exists()
    assert recent.exists()  # perhaps another process writing now
    assert not list(tmp_path.glob(".vizfacts-*"))
    assert indexfile.write(tmp_path / "vizfacts-1.marshal", {"facts": None})
    assert not list(tmp_path.glob(".vizfacts-*"))  # its own temporary file is gone


def test_each_kind_of_stored_file_is_pruned_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The viz's fact files sit beside the career indexes: writing one prunes only its kind."""
    monkeypatch.setenv("PMOGRAPH_CACHE_DIR", str(tmp_path))
    for n in range(indexfile.KEEP):
        assert indexfile.write(tmp_path / f"careers-{n}.marshal", {"roles": None})
    for n in range(indexfile.KEEP + 2):
        assert indexfile.write(tmp_path / f"vizfacts-{n}.marshal", {"facts": None})
    assert len(list(tmp_path.glob("careers-*.marshal"))) == indexfile.KEEP
    assert len(list(tmp_path.glob("vizfacts-*.marshal"))) == indexfile.KEEP
    assert (tmp_path / f"vizfacts-{indexfile.KEEP + 1}.marshal").exists()  # the newest stays


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_the_network_export_reads_the_index_not_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, testing: str, fmt: str
) -> None:
    args = ["export", "--format", fmt, "--data", testing]
    memory = run(tmp_path, *args, "--store", "memory")
    building = run(tmp_path, *args)

    def refuse(*_: Any, **__: Any) -> Any:
        raise AssertionError("the files were loaded")

    monkeypatch.setattr("pmograph.cli.common.load_graph", refuse)
    reading = run(tmp_path, *args)
    assert answered(reading) == answered(building)
    assert reading.stdout.startswith("<?xml")
    # rdflib's store lists the resources in another order, and the file follows it
    assert network(reading.stdout, fmt) == network(memory.stdout, fmt)


def network(text: str, fmt: str) -> tuple[list[Any], list[Any]]:
    """The nodes and edges of a GraphML or GEXF document, with their data, sorted."""
    import io

    import networkx as nx

    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    G = read(io.BytesIO(text.encode()))
    nodes = sorted((n, sorted(d.items())) for n, d in G.nodes(data=True))
    edges = sorted(
        (u, v, sorted((k, x) for k, x in d.items() if k != "id")) for u, v, d in G.edges(data=True)
    )
    return nodes, edges
