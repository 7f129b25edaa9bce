"""Loading files: strict parsing with file:line errors, fixed base, user graphs."""

from __future__ import annotations

from pathlib import Path

import pytest

import pmograph
from pmograph.errors import DataFileError
from pmograph.loader import find_line, parse_file, read_files
from pmograph.namespaces import PMGID_IRI, USER_GRAPH_IRI
from pmograph.sparql.provenance import provenance

TTL = """@prefix pmg: <https://w3id.org/pmograph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix role: <https://w3id.org/pmograph/id/role/> .

role:delivery-lead a pmg:Role ;
    skos:prefLabel "Delivery Lead"@en ;
    skos:definition "Leads delivery."@en .
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
TRIG_WITH_LOOSE_TRIPLES = """
<https://example.org/x> <http://www.w3.org/2004/02/skos/core#prefLabel> "Loose" .
<https://example.org/g> { <https://example.org/y> <http://www.w3.org/2004/02/skos/core#prefLabel> "Inside" . }
"""
NQUADS_WITH_LOOSE_TRIPLES = (
    '<https://example.org/x> <http://www.w3.org/2004/02/skos/core#prefLabel> "Loose" .\n'
    '<https://example.org/y> <http://www.w3.org/2004/02/skos/core#prefLabel> "Inside" '
    "<https://example.org/g> .\n"
)


class TestParseFile:
    def test_truncated_turtle_names_file_line_and_column(self, tmp_path: Path) -> None:
        bad = write(tmp_path, "bad.ttl", TTL.rstrip(" .\n") + ' ;\n    skos:altLabel "unfinished')
        with pytest.raises(DataFileError, match=r"bad\.ttl:\d+:\d+: .*fix the syntax") as err:
            parse_file(bad)
        assert err.value.line == 8

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(DataFileError, match=r"nope\.ttl: file not found"):
            parse_file(tmp_path / "nope.ttl")

    def test_unknown_extension(self, tmp_path: Path) -> None:
        path = write(tmp_path, "roles.txt", TTL)
        with pytest.raises(DataFileError, match=r"unknown RDF file extension '\.txt'"):
            parse_file(path)

    def test_invalid_iri_is_rejected_with_position(self, tmp_path: Path) -> None:
        path = write(tmp_path, "iri.ttl", "<http://ex.org/a b> <http://ex.org/p> 1 .\n")
        with pytest.raises(DataFileError, match=r"iri\.ttl:1:\d+"):
            parse_file(path)

    def test_relative_iris_resolve_against_the_fixed_base_not_the_path(
        self, tmp_path: Path
    ) -> None:
        path = write(tmp_path, "rel.ttl", "<role/x> <p> <y> .\n")
        (quad,) = parse_file(path)
        assert quad.subject.value == PMGID_IRI + "role/x"
        assert str(tmp_path) not in str(quad)


class TestReadFiles:
    def test_user_turtle_goes_to_its_own_described_named_graph(self, tmp_path: Path) -> None:
        path = write(tmp_path, "mine.ttl", TTL)
        data = read_files([path], packaged=False)
        graph = USER_GRAPH_IRI + "mine.ttl"
        assert data.graph_files[graph] == str(path)
        in_graph = [q for q in data.quads if getattr(q.graph_name, "value", None) == graph]
        assert len(in_graph) == 3
        described = {q.predicate.value for q in data.quads if q.subject.value == graph}
        assert "http://www.w3.org/ns/prov#wasDerivedFrom" in described

    @pytest.mark.parametrize(
        "name,text",
        [
            ("mine.trig", TRIG_WITH_LOOSE_TRIPLES),
            ("mine.nq", NQUADS_WITH_LOOSE_TRIPLES),
        ],
    )
    def test_triples_outside_named_graphs_get_a_described_graph(
        self, tmp_path: Path, name: str, text: str
    ) -> None:
        path = write(tmp_path, name, text)
        data = read_files([path], packaged=False)
        loose = USER_GRAPH_IRI + name
        assert data.graph_files[loose] == str(path)
        assert data.graph_files["https://example.org/g"] == str(path)
        assert not [
            q
            for q in data.quads
            if q.subject.value == "https://example.org/x" and not hasattr(q.graph_name, "value")
        ], "a stated triple stayed in the default graph"
        described = {q.predicate.value for q in data.quads if q.subject.value == loose}
        assert "http://www.w3.org/ns/prov#wasDerivedFrom" in described
        found = provenance(
            pmograph.load([path]), "https://example.org/x", SKOS_PREF, "Loose", literal=True
        )
        assert [p.graph for p in found] == [loose]
        assert [s.title for s in found[0].sources] == [f"user file {name}"]

    def test_two_files_with_the_same_name_get_two_graphs(self, tmp_path: Path) -> None:
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        one = write(tmp_path / "a", "x.ttl", TTL)
        two = write(tmp_path / "b", "x.ttl", TTL)
        data = read_files([one, two], packaged=False)
        assert set(data.graph_files) == {USER_GRAPH_IRI + "x.ttl", USER_GRAPH_IRI + "x.ttl-2"}

    def test_load_adds_user_roles_to_the_packaged_graph(self, tmp_path: Path) -> None:
        kg = pmograph.load([write(tmp_path, "mine.ttl", TTL)])
        role = kg.find("delivery lead")
        assert kg.label(role) == "Delivery Lead"
        assert kg.find("Project Manager") in kg.roles()


def test_find_line_uses_prefixed_and_full_spellings(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.ttl", TTL)
    assert find_line(path, PMGID_IRI + "role/delivery-lead") == 5
    assert find_line(path, PMGID_IRI + "role/delivery") is None


def test_only_labels_are_indexed_as_names() -> None:
    """Regression: literals of other pmg: properties (quotes, accountability) are not titles."""
    kg = pmograph.load()
    pm = kg.find("Project Manager")
    assert kg.index.alt_labels[pm] == {"PM"}
    with pytest.raises(pmograph.UnknownResource):
        kg.find("Achieving the goals approved for the projects they are responsible for.")


def test_remote_jsonld_context_is_never_fetched(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "remote.jsonld",
        '{"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "http://a/b", "name": "x"}\n',
    )
    with pytest.raises(
        DataFileError, match=r"remote\.jsonld: the JSON-LD @context is a remote document"
    ):
        parse_file(path)


def test_an_empty_name_is_refused() -> None:
    with pytest.raises(pmograph.UnknownResource, match="an empty name names no role; give a label"):
        pmograph.load().find("  ")
