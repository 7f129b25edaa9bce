"""Files and processes: inputs never overwritten, clean one-line errors, nothing left behind (issue 12).

Driven through the real ``pmograph`` console script where the operating
system's behaviour is the point (pipes, signals, file names), and through
the library for the cache.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import networkx as nx
import pytest

from pmograph.kg import load
from pmograph.stores import cache

PMOGRAPH = str(Path(sys.executable).parent / "pmograph")
ROLES = """@prefix pmg: <https://w3id.org/pmograph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://example.org/role/a> a pmg:Role ; skos:prefLabel "Role A"@en .
"""


def run(*args: str | bytes, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [PMOGRAPH, *args], capture_output=True, timeout=120, check=False, **kwargs
    )  # type: ignore[call-overload, no-any-return]


def one_line(done: subprocess.CompletedProcess[bytes], code: int, *fragments: str) -> None:
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == code, err
    assert "Traceback" not in err and err.startswith("Error: ") and err.count("\n") == 1, err
    for fragment in fragments:
        assert fragment in err, err


@pytest.fixture()
def roles(tmp_path: Path) -> Path:
    path = tmp_path / "roles.ttl"
    path.write_text(ROLES, encoding="utf-8")
    return path


class TestInputsAreNeverOverwritten:
    def test_export_onto_its_data_file_link_or_hard_link(self, tmp_path: Path, roles: Path) -> None:
        link = tmp_path / "link.ttl"
        link.symlink_to(roles)
        hard = tmp_path / "hard.ttl"
        os.link(roles, hard)
        for target in (roles, link, hard):
            done = run("export", "--data", str(roles), "--format", "turtle", "-o", str(target))
            one_line(done, 2, "is an input of this command", "another file")
            assert roles.read_text(encoding="utf-8") == ROLES
        assert link.is_symlink()

    def test_viz_onto_its_data_or_query_file(self, tmp_path: Path, roles: Path) -> None:
        query = tmp_path / "q.rq"
        query.write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s a pmg:Role ; ?p ?o }")
        before = query.read_bytes()
        one_line(run("viz", "--data", str(roles), "-o", str(roles)), 2, "is an input")
        one_line(run("viz", "--query", str(query), "-o", str(query)), 2, "is an input")
        assert roles.read_text(encoding="utf-8") == ROLES and query.read_bytes() == before

    def test_a_packaged_file_is_an_input_too(self, tmp_path: Path) -> None:
        from pmograph import resources

        ontology = resources.ontology_file()
        before = ontology.read_bytes()
        one_line(run("export", "-o", str(ontology)), 2, "is an input")
        assert ontology.read_bytes() == before


class TestWriting:
    def test_stale_temporaries_of_a_killed_write_are_removed(self, tmp_path: Path) -> None:
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        stale = tmp_path / f".pmograph.{dead.pid}.x1y2.tmp"
        stale.write_bytes(b"half a file")
        alive = tmp_path / f".pmograph.{os.getpid()}.z3.tmp"  # a writer that still runs
        alive.write_bytes(b"being written")
        other = tmp_path / ".notes.tmp"
        other.write_bytes(b"not ours")
        done = run("export", "--format", "nt", "-o", str(tmp_path / "out.nt"))
        assert done.returncode == 0, done.stderr
        assert not stale.exists() and alive.exists() and other.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [alive.name, other.name, "out.nt"]
        )

    def test_dev_stdout_on_a_pipe(self) -> None:
        done = run("export", "--format", "nt", "-o", "/dev/stdout")
        assert done.returncode == 0, done.stderr
        assert done.stdout.count(b"\n") > 1000 and b"<https://w3id.org/pmograph/" in done.stdout

    def test_an_unwritable_folder(self, tmp_path: Path) -> None:
        if os.geteuid() == 0:
            folder = Path("/proc")  # root may write anywhere on disk, but not here
        else:
            folder = tmp_path / "ro"
            folder.mkdir(mode=0o555)
        done = run("export", "-o", str(folder / "out.trig"))
        one_line(done, 5, "cannot write", str(folder))

    def test_a_300_character_file_name(self, tmp_path: Path) -> None:
        done = run("export", "-o", str(tmp_path / ("n" * 300 + ".trig")))
        one_line(done, 5, "cannot write", "name too long")
        assert list(tmp_path.iterdir()) == []

    def test_data_in_a_folder_that_cannot_be_read(self, tmp_path: Path, roles: Path) -> None:
        one_line(run("stats", "--data", str(roles / "inside.ttl")), 2, "inside.ttl", "cannot read")
        if os.geteuid() != 0:  # root reads any folder
            locked = tmp_path / "locked"
            locked.mkdir()
            (locked / "r.ttl").write_text(ROLES)
            locked.chmod(0)
            try:
                one_line(run("stats", "--data", str(locked / "r.ttl")), 2, "Permission denied")
            finally:
                locked.chmod(0o700)

    def test_a_query_argument_that_is_not_utf8(self) -> None:
        one_line(run("query", b"SELECT * { ?s ?p \xff }"), 2, "not valid text", "UTF-8")
        one_line(run("path", b"Project \xe9", "Programme Manager"), 2, "not valid text")

    def test_a_query_file_that_is_not_utf8(self, tmp_path: Path) -> None:
        bad = tmp_path / "q.rq"
        bad.write_bytes(b"SELECT * { ?s ?p '\xff' }")
        one_line(run("query", "-f", str(bad)), 2, "q.rq", "not UTF-8")


class TestCache:
    @pytest.fixture()
    def folder(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        path = tmp_path / "cache"
        monkeypatch.setenv("PMOGRAPH_CACHE_DIR", str(path))
        return path

    def _entry(self, folder: Path) -> Path:
        (entry,) = [p for p in folder.iterdir() if len(p.name) == 64]
        return entry

    @pytest.mark.parametrize(
        "damage",
        [
            lambda e: (e / "meta.json").write_text("{not json"),
            lambda e: (e / "meta.json").write_text(json.dumps({"graph_files": {"g": "zero"}})),
            lambda e: (e / "meta.json").write_text(json.dumps(["a", "list"])),
            lambda e: [f.write_bytes(b"") for f in (e / "store").iterdir() if f.is_file()],
            lambda e: (
                [f.unlink() for f in (e / "store").iterdir() if f.name.endswith(".sst")]
                or (e / "store" / "CURRENT").write_text("MANIFEST-999999\n")
            ),
        ],
    )
    def test_a_damaged_entry_is_dropped_and_rebuilt(
        self, folder: Path, roles: Path, damage: object
    ) -> None:
        load([roles], packaged=False, store="oxigraph", cache=True)
        entry = self._entry(folder)
        assert callable(damage)
        damage(entry)
        for _ in range(2):  # every later run works, not only the next one
            kg = load([roles], packaged=False, store="oxigraph", cache=True)
            assert [r.l for r in kg.query("SELECT ?l { ?r skos:prefLabel ?l }")] == ["Role A"]
        assert json.loads((self._entry(folder) / "meta.json").read_text())["quads"] > 0

    def test_a_folder_others_can_write_is_not_used(self, folder: Path, roles: Path) -> None:
        folder.mkdir()
        folder.chmod(0o777)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            kg = load([roles], packaged=False, store="oxigraph", cache=True)
        assert len(kg) > 0
        assert any("can be written by other users" in str(w.message) for w in caught)
        assert list(folder.iterdir()) == []

    def test_an_entry_of_another_user_is_not_used(self, folder: Path, roles: Path) -> None:
        if os.geteuid() != 0:
            pytest.skip("needs root to give an entry to another user")
        load([roles], packaged=False, store="oxigraph", cache=True)
        entry = self._entry(folder)
        os.chown(entry, 4242, 4242)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            kg = load([roles], packaged=False, store="oxigraph", cache=True)
        assert len(kg) > 0
        assert any("belongs to another user" in str(w.message) for w in caught)

    def test_a_new_folder_is_private(self, folder: Path, roles: Path) -> None:
        load([roles], packaged=False, store="oxigraph", cache=True)
        assert folder.stat().st_mode & 0o077 == 0

    def test_a_file_replaced_while_building_is_keyed_by_what_was_parsed(
        self, folder: Path, roles: Path
    ) -> None:
        files = cache.input_files([roles], packaged=False)
        old_key = cache.cache_key(files)
        roles.write_text(ROLES.replace("Role A", "Role Z"), encoding="utf-8")  # replaced now
        folder.mkdir()
        built = cache._build(folder / old_key, [roles], packaged=False)
        assert built.name != old_key and built.name == cache.cache_key(files)
        assert not (folder / old_key).exists()
        kg = load([roles], packaged=False, store="oxigraph", cache=True)
        assert [r.l for r in kg.query("SELECT ?l { ?r skos:prefLabel ?l }")] == ["Role Z"]


class TestSignals:
    EXPLODING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"

    def _child_of(self, pid: int, wait: float = 20.0) -> int:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == pid:
                    return int(entry.name)
            time.sleep(0.05)
        raise AssertionError("no query child appeared")

    def _gone(self, pid: int, wait: float = 5.0) -> bool:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                return True
            if state == "Z":  # dead, waiting to be reaped by its (dead) parent's reaper
                return True
            time.sleep(0.05)
        return False

    @pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGKILL])
    def test_ending_query_ends_its_child(self, sig: signal.Signals) -> None:
        def default_disposition() -> None:
            # pmograph keeps a signal its parent ignores ignored (nohup's SIGHUP, a
            # background job's SIGINT): the test's own shell must not decide the outcome
            if sig != signal.SIGKILL:
                signal.signal(sig, signal.SIG_DFL)

        proc = subprocess.Popen(
            [PMOGRAPH, "query", "--timeout", "120", self.EXPLODING],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=default_disposition,
        )
        try:
            child = self._child_of(proc.pid)
            time.sleep(0.3)
            proc.send_signal(sig)
            proc.wait(timeout=10)
            assert self._gone(child), f"query child {child} still running after {sig.name}"
            if sig != signal.SIGKILL:
                assert b"Traceback" not in proc.stderr.read()  # type: ignore[union-attr]
        finally:
            if proc.poll() is None:
                proc.kill()


class TestShownAsText:
    LABEL = "Evil \x1b]0;pwned\x07\x1b[31mRole\x00\x08"

    @pytest.fixture()
    def evil(self, tmp_path: Path) -> Path:
        path = tmp_path / "evil.ttl"
        path.write_text(
            ROLES.replace('"Role A"@en', json.dumps(self.LABEL) + "@en"), encoding="utf-8"
        )
        return path

    def test_a_table_prints_control_characters_as_text(self, evil: Path) -> None:
        done = run(
            "query", "--data", str(evil), "--format", "table",
            "SELECT ?l { <https://example.org/role/a> skos:prefLabel ?l }",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert b"\x1b" not in done.stdout and b"\x07" not in done.stdout
        assert b"Evil \\x1b]0;pwned\\x07\\x1b[31mRole\\x00\\x08" in done.stdout

    @pytest.mark.parametrize("fmt", ["graphml", "gexf"])
    def test_network_exports_read_back(self, evil: Path, tmp_path: Path, fmt: str) -> None:
        out = tmp_path / f"g.{fmt}"
        done = run("export", "--data", str(evil), "--format", fmt, "-o", str(out))
        assert done.returncode == 0, done.stderr
        back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        label = back.nodes["https://example.org/role/a"]["label"]
        assert label == "Evil \\x1b]0;pwned\\x07\\x1b[31mRole\\x00\\x08"
