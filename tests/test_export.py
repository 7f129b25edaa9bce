"""Export: every format parses back; N-Quads round-trips to an isomorphic dataset."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset
from rdflib.compare import isomorphic

import pmograph
from pmograph.cli import cli
from pmograph.export import RDF_FORMATS


@pytest.fixture(scope="module")
def kg() -> pmograph.KnowledgeGraph:
    return pmograph.load()


def test_nquads_round_trips_to_an_isomorphic_dataset(
    kg: pmograph.KnowledgeGraph, tmp_path: Path
) -> None:
    out = tmp_path / "all.nq"
    result = CliRunner().invoke(cli, ["export", "--format", "nquads", "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = Dataset()
    back.parse(out, format="nquads")
    assert len(back) == len(kg.dataset)
    original = {str(c.identifier) for c in kg.dataset.contexts()}
    parsed = {str(c.identifier) for c in back.contexts()}
    assert original == parsed
    for context in kg.dataset.contexts():
        assert isomorphic(context, back.graph(context.identifier)), context.identifier


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_every_format_parses_back(kg: pmograph.KnowledgeGraph, fmt: str) -> None:
    data = kg.serialize(fmt)
    parsed = list(ox.parse(data, format=RDF_FORMATS[fmt]))
    if RDF_FORMATS[fmt].supports_datasets:
        assert len(parsed) == len(kg)
    else:
        assert len(parsed) == len({q.triple for q in kg.store.ox_quads()})


def test_export_is_deterministic(kg: pmograph.KnowledgeGraph) -> None:
    assert kg.serialize("trig") == pmograph.load().serialize("trig")


def test_export_to_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "-o", str(tmp_path / "no" / "x.trig")])
    assert result.exit_code == 5
    assert "does not exist" in result.output


def test_export_includes_user_files(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        '<https://w3id.org/pmograph/id/role/zz> <http://www.w3.org/2004/02/skos/core#prefLabel> "Zz"@en .\n'
    )
    result = CliRunner().invoke(cli, ["export", "--format", "nquads", "--data", str(mine)])
    assert result.exit_code == 0
    assert '"Zz"@en <https://w3id.org/pmograph/id/graph/user/mine.ttl> .' in result.output


HOSTILE = """\
@prefix pmg:  <https://w3id.org/pmograph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/pmograph/id/role/odd> a pmg:Role ;
    skos:prefLabel "A <b>&amp; \\"quoted\\" \\u0007bell"@en ;
    skos:altLabel "x" , "y; z" ; skos:definition "]]> & <!-- -->"@en ;
    pmg:progressesTo <https://w3id.org/pmograph/id/role/project-manager> .
"""


@pytest.mark.parametrize("hostile", [False, True], ids=["packaged", "hostile-labels"])
def test_graphml_is_what_networkx_writes(tmp_path: Path, hostile: bool) -> None:
    """The GraphML writer that leaves numpy out writes networkx's own bytes."""
    import io

    import networkx as nx

    from pmograph.export import write_network
    from pmograph.output import visible_controls

    data = []
    if hostile:
        data = [tmp_path / "odd.ttl"]
        data[0].write_text(HOSTILE, encoding="utf-8")
    kg = pmograph.load(data, store="oxigraph")
    view = kg.to_networkx()
    G = nx.MultiDiGraph()  # nodes by IRI, edges by (source, target, property)
    G.add_nodes_from(sorted(view.nodes(data=True), key=lambda n: n[0]))
    G.add_edges_from(sorted(view.edges(keys=True, data=True), key=lambda e: e[:3]))
    for attrs in [d for _, d in G.nodes(data=True)] + [d for *_, d in G.edges(data=True)]:
        for name, value in list(attrs.items()):
            if isinstance(value, list):
                value = "; ".join(value)
            attrs[name] = visible_controls(str(value))
    plain = io.BytesIO()
    nx.write_graphml(G, plain)
    assert write_network(kg, "graphml") == plain.getvalue()


def test_graphml_export_does_not_import_numpy(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pmograph.kg import load; from pmograph.export import write_network; "
        "write_network(load(store='oxigraph'), 'graphml'); print('numpy' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert done.stdout.strip() == "False", done.stderr


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_files_are_the_same_from_every_store(tmp_path: Path, fmt: str) -> None:
    """rdflib's store gives its triples in another order every run; the file does not change."""
    from pmograph.export import write_network

    user = tmp_path / "odd.ttl"
    user.write_text(HOSTILE, encoding="utf-8")
    for data in ([], [user]):
        files = {
            write_network(pmograph.load(data, store=store, cache=cache), fmt)
            for store, cache in (
                ("memory", None),
                ("oxigraph", None),
                ("oxigraph", tmp_path / "cache"),
                ("oxigraph", tmp_path / "cache"),  # read back from the cache
            )
        }
        assert len(files) == 1
