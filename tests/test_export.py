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
