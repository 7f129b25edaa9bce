"""A cold ``pmograph viz`` from the indexes gives the page built from the store the plain way.

The page of the whole graph reads its nodes and edges from the label index
(:class:`pmograph.viz.indexgraph.IndexGraph`, without networkx), the role
cards' career answers from the prebuilt career index and the facts of every
node from the file stored beside it (:mod:`pmograph.viz.factsfile`); each test builds the
same page the slow way (networkx's view of the loaded store, the networkx
career view) and compares, byte for byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from vizkit import CAREERS

import pmograph
from pmograph import viz
from pmograph.viz import page as page_module
from pmograph.viz.indexgraph import IndexGraph

# more than the ladder: a self-loop, a second property with the same local name (one
# networkx key), and an edge stated twice in two graphs
EXTRA = """\
@prefix pmg: <https://w3id.org/pmograph/ns#> .
@prefix role: <https://w3id.org/pmograph/id/role/> .
<https://w3id.org/pmograph/id/source/extra> {
    role:pm pmg:progressesTo role:pm , role:senior-pm .
    role:pm <http://example.org/other#progressesTo> role:coordinator .
    role:scrum-master <http://example.org/other#relatedTo> role:pm .
}
"""


@pytest.fixture(scope="module")
def user_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("viz-index")
    careers = folder / "careers.trig"
    careers.write_text(CAREERS, encoding="utf-8")
    extra = folder / "extra.trig"
    extra.write_text(EXTRA, encoding="utf-8")
    return [careers, extra]


def _plain_page(kg: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """The page built from networkx's view of the store and the networkx career view."""
    with monkeypatch.context() as m:
        m.setattr(page_module, "_whole", lambda kg, *options: kg.to_networkx())
        return viz.render(kg).html


@pytest.mark.parametrize("user", [False, True], ids=["packaged", "user-data"])
def test_the_index_graph_holds_what_networkx_holds_in_its_order(
    user: bool, user_files: list[Path]
) -> None:
    kg = pmograph.load(user_files if user else ())
    fast, plain = IndexGraph(kg), kg.to_networkx()
    assert list(fast.nodes(data=True)) == list(plain.nodes(data=True))
    assert list(fast.nodes(data="cls")) == list(plain.nodes(data="cls"))
    assert list(fast.edges(keys=True, data=True)) == list(plain.edges(keys=True, data=True))
    assert list(fast.edges(keys=True)) == list(plain.edges(keys=True))
    assert (fast.number_of_nodes(), fast.number_of_edges()) == (
        plain.number_of_nodes(),
        plain.number_of_edges(),
    )
    for node in plain:
        assert node in fast
        assert list(fast.out_edges(node, data="predicate")) == list(
            plain.out_edges(node, data="predicate")
        )
        assert list(fast.out_edges(node, keys=True)) == list(plain.out_edges(node, keys=True))
        assert list(fast.in_edges(node, keys=True, data="predicate")) == list(
            plain.in_edges(node, keys=True, data="predicate")
        )
    assert "urn:x-not-a-node" not in fast


def _cli(args: list[str], cache: Path, check_cold: bool = False) -> list[str]:
    """Run ``pmograph viz ARGS`` in a fresh process; the heavy modules it imported."""
    code = (
        "import sys\n"
        "from pmograph.cli import main\n"
        f"sys.argv = ['pmograph', 'viz', *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print([m for m in ('networkx', 'rdflib', 'numpy', 'pmograph.loader')"
        " if m in sys.modules])\n"
    )
    env = {**os.environ, "PMOGRAPH_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return eval(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize("user", [False, True], ids=["packaged", "user-data"])
def test_a_page_from_the_indexes_is_the_page_built_from_the_store(
    user: bool, user_files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = [a for f in user_files for a in ("--data", str(f))] if user else []
    first, second = tmp_path / "first.html", tmp_path / "second.html"
    _cli(["-o", str(first), *data], tmp_path / "cache")  # builds the career index
    heavy = _cli(["-o", str(second), *data], tmp_path / "cache")  # answers from it
    assert heavy == []  # neither networkx, rdflib nor the files loaded: the indexes answered
    plain = _plain_page(pmograph.load(user_files if user else ()), monkeypatch)
    assert first.read_bytes() == plain.encode("utf-8")
    assert second.read_bytes() == plain.encode("utf-8")


def test_subsets_still_use_networkx_and_give_its_page(
    user_files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    kg = pmograph.load(user_files)
    chosen = page_module._whole(kg, None, None, "role,skill", None, None, 5000)
    assert type(chosen).__module__.startswith("networkx")
    limited = page_module._whole(kg, None, None, None, None, None, 3)
    assert type(limited).__module__.startswith("networkx")
    assert isinstance(page_module._whole(kg, None, None, None, None, None, None), IndexGraph)
    fast = viz.render(kg).html
    assert fast == _plain_page(pmograph.load(user_files), monkeypatch)


@pytest.mark.parametrize(
    "page",
    [
        "<script>a</script><script id='x'>b</script><script>c\n</script>",
        "<script>unclosed",
        "<script></script><script><script>d</script></script>",
        "no scripts",
    ],
)
def test_the_scripts_pinned_are_the_ones_the_regex_finds(page: str) -> None:
    import re

    from pmograph.viz.templates import _scripts

    wanted = [m.group(1) for m in re.finditer(r"<script>(.*?)</script>", page, re.DOTALL)]
    assert list(_scripts(page)) == wanted


def test_the_packaged_page_pins_the_scripts_the_regex_finds() -> None:
    import re

    from pmograph.viz.templates import _scripts

    html = viz.render(pmograph.load(())).html
    wanted = [m.group(1) for m in re.finditer(r"<script>(.*?)</script>", html, re.DOTALL)]
    assert len(wanted) >= 2 and list(_scripts(html)) == wanted


def test_stored_facts_are_the_facts_gathered_and_only_for_the_same_nodes(tmp_path: Path) -> None:
    from pmograph.viz import factsfile
    from pmograph.viz.facts import gather

    kg = pmograph.load(())
    whole = IndexGraph(kg)
    nodes = set(whole.nodes)
    roles = {n for n, c in whole.nodes(data="cls") if c == "role"}
    place = tmp_path / "vizfacts-x.marshal"
    factsfile.attach(kg, place)
    some = set(sorted(nodes)[:40])
    assert factsfile.facts(kg, some, roles, whole=False) == gather(kg.store, some, roles)
    assert not place.exists()  # a subset's facts are not stored
    plain = gather(kg.store, nodes, roles)
    assert factsfile.facts(kg, nodes, roles, whole=True) == plain
    assert place.exists()
    other = pmograph.load(())  # a graph whose store is never read: the stored facts answer
    factsfile.attach(other, place)
    other.__dict__["store"] = None
    assert factsfile.facts(other, nodes, roles, whole=True) == plain
    # other nodes than those stored: read from the store again
    assert factsfile.facts(kg, some, roles, whole=True) == gather(kg.store, some, roles)


def test_the_page_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """Python orders sets of strings by a per-process hash seed, and the store's view follows
    the order entailment added its triples in: the page (its source numbers included) must
    not.  Seeds 0 and 1 gave two different packaged pages before the role cards numbered
    their sources in the order they show them."""
    code = (
        "import hashlib, pmograph\n"
        "from pmograph import viz\n"
        "print(hashlib.sha256(viz.render(pmograph.load(())).html.encode()).hexdigest())\n"
    )
    digests = set()
    for seed in ("0", "1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PMOGRAPH_CACHE_DIR": str(tmp_path / seed)}
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        digests.add(done.stdout.strip())
    assert len(digests) == 1
