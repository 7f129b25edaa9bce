"""The ontology's entailments answer without --reason, on every store, and stay out of provenance."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from pmograph.cli import cli
from pmograph.entailment import entailed_quads
from pmograph.kg import KnowledgeGraph, load
from pmograph.namespaces import ENTAILED_GRAPH_IRI, PMG_IRI, PMGID_IRI

ROLE = PMGID_IRI + "role/ent-"
DATA = """\
@prefix pmg:   <https://w3id.org/pmograph/ns#> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:  <http://www.w3.org/ns/prov#> .
@prefix role:  <https://w3id.org/pmograph/id/role/> .
@prefix skill: <https://w3id.org/pmograph/id/skill/> .
@prefix cert:  <https://w3id.org/pmograph/id/certification/> .
@prefix g:     <https://w3id.org/pmograph/id/graph/enttest/> .

g:ladder prov:wasDerivedFrom <https://w3id.org/pmograph/id/source/enttest> .
g:ladder {
    role:ent-a a pmg:Role ; skos:prefLabel "Ent A"@en ;
        pmg:progressesTo role:ent-b ;
        pmg:requiresEssentialSkill skill:ent-s ;
        pmg:requiresOptionalQualification cert:ent-c ;
        pmg:relatedRole role:ent-r .
    role:ent-b a pmg:Role ; skos:prefLabel "Ent B"@en ; pmg:progressesTo role:ent-c .
    role:ent-c a pmg:Role ; skos:prefLabel "Ent C"@en .
    role:ent-d a pmg:Role ; skos:prefLabel "Ent D"@en ; pmg:progressesFrom role:ent-c .
    role:ent-r a pmg:Role ; skos:prefLabel "Ent R"@en .
    skill:ent-s a pmg:Skill ; skos:prefLabel "Ent skill"@en .
    cert:ent-c a pmg:Certification ; skos:prefLabel "Ent cert"@en .
}
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("entail") / "ent.trig"
    path.write_text(DATA, encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=["memory", "oxigraph", "oxigraph-cache"])
def kg(
    request: pytest.FixtureRequest, data: Path, tmp_path_factory: pytest.TempPathFactory
) -> KnowledgeGraph:
    if request.param == "oxigraph-cache":
        folder = tmp_path_factory.mktemp("cache")
        load([data], store="oxigraph", cache=folder)  # build the entry
        return load([data], store="oxigraph", cache=folder)  # and read it back
    return load([data], store=request.param)


def column(kg: KnowledgeGraph, sparql: str) -> set[str]:
    return {str(row[0]) for row in kg.query(sparql)}


class TestAnswersWithoutReason:
    def test_super_properties(self, kg: KnowledgeGraph) -> None:
        assert column(kg, f"SELECT ?s WHERE {{ <{ROLE}a> pmg:requiresSkill ?s }}") == {
            PMGID_IRI + "skill/ent-s"
        }
        assert column(kg, f"SELECT ?q WHERE {{ <{ROLE}a> pmg:requiresQualification ?q }}") == {
            PMGID_IRI + "certification/ent-c"
        }

    def test_inverse_both_ways(self, kg: KnowledgeGraph) -> None:
        assert column(kg, f"SELECT ?x WHERE {{ <{ROLE}b> pmg:progressesFrom ?x }}") == {ROLE + "a"}
        # stated as progressesFrom, answered as progressesTo (careers read it too)
        assert column(kg, f"SELECT ?x WHERE {{ <{ROLE}c> pmg:progressesTo ?x }}") == {ROLE + "d"}
        assert [s.label for s in kg.next_steps("Ent C")] == ["Ent D"]

    def test_transitive_can_lead_to(self, kg: KnowledgeGraph) -> None:
        assert column(kg, f"SELECT ?x WHERE {{ <{ROLE}a> pmg:canLeadTo ?x }}") == {
            ROLE + "b",
            ROLE + "c",
            ROLE + "d",
        }

    def test_symmetric(self, kg: KnowledgeGraph) -> None:
        assert column(kg, f"SELECT ?x WHERE {{ <{ROLE}r> pmg:relatedRole ?x }}") == {ROLE + "a"}

    def test_superclasses(self, kg: KnowledgeGraph) -> None:
        quals = column(kg, "SELECT ?x WHERE { ?x a pmg:Qualification }")
        assert PMGID_IRI + "certification/ent-c" in quals
        occupations = column(kg, "SELECT ?x WHERE { ?x a schema:Occupation }")
        assert {ROLE + c for c in "abcdr"} <= occupations

    def test_packaged_vocabulary(self, kg: KnowledgeGraph) -> None:
        pm = PMGID_IRI + "role/project-manager"
        assert column(kg, f"SELECT ?x WHERE {{ <{pm}> pmg:canLeadTo ?x }}") >= column(
            kg, f"SELECT ?x WHERE {{ <{pm}> pmg:progressesTo ?x }}"
        )
        assert column(kg, "SELECT ?x WHERE { ?x a pmg:Qualification }") >= column(
            kg, "SELECT ?x WHERE { ?x a pmg:Certification }"
        )


class TestProvenanceStaysClean:
    def test_entailed_triples_live_in_their_own_graph(self, kg: KnowledgeGraph) -> None:
        rows = kg.query(
            f"SELECT ?g WHERE {{ GRAPH ?g {{ <{ROLE}b> pmg:progressesFrom <{ROLE}a> }} }}"
        )
        assert [str(r[0]) for r in rows] == [ENTAILED_GRAPH_IRI]

    def test_stated_triples_are_not_repeated(self, kg: KnowledgeGraph) -> None:
        rows = kg.query(
            f"SELECT ?s WHERE {{ GRAPH <{ENTAILED_GRAPH_IRI}> {{ ?s ?p ?o }} "
            f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ENTAILED_GRAPH_IRI}>) }}"
        )
        assert list(rows) == []

    def test_the_graph_is_described_as_generated_not_sourced(self, kg: KnowledgeGraph) -> None:
        g = f"<{ENTAILED_GRAPH_IRI}>"
        assert kg.query(f"ASK {{ {g} prov:wasGeneratedBy ?a . ?a a prov:Activity }}")
        assert not kg.query(f"ASK {{ {g} prov:wasDerivedFrom ?source }}")

    def test_validate_passes_with_entailments(self) -> None:
        assert load().validate().conforms

    def test_why_says_it_is_not_a_source(self, data: Path) -> None:
        result = CliRunner().invoke(
            cli, ["why", "Ent D", "pmg:progressesTo", "Ent C", "--data", str(data)]
        )
        assert result.exit_code == 1  # stated the other way round: ent-c -> ent-d
        result = CliRunner().invoke(
            cli, ["why", "Ent C", "pmg:progressesTo", "Ent D", "--data", str(data)]
        )
        assert result.exit_code == 0, result.output
        assert "not a source" in result.stdout and "source:" not in result.stdout


class TestEntailedQuads:
    def test_nothing_without_axioms(self) -> None:
        a, b = ox.NamedNode("urn:a"), ox.NamedNode("urn:b")
        assert entailed_quads([ox.Quad(a, ox.NamedNode(PMG_IRI + "progressesTo"), b)]) == []

    def test_cycles_terminate(self) -> None:
        owl = "http://www.w3.org/2002/07/owl#"
        p = ox.NamedNode("urn:p")
        nodes = [ox.NamedNode(f"urn:n{i}") for i in range(4)]
        quads = [
            ox.Quad(p, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                    ox.NamedNode(owl + "TransitiveProperty")),
        ] + [ox.Quad(nodes[i], p, nodes[(i + 1) % 4]) for i in range(4)]  # fmt: skip
        out = {(q.subject.value, q.object.value) for q in entailed_quads(quads) if q.predicate == p}
        # every node reaches every node, itself included, minus the 4 stated steps
        assert len(out) == 16 - 4

    def test_stable_order(self) -> None:
        from pmograph.loader import read_files

        entailed = ox.NamedNode(ENTAILED_GRAPH_IRI)
        quads = [q for q in read_files().quads if q.graph_name != entailed]
        first = entailed_quads(quads)
        assert len(first) > 100
        assert first == entailed_quads(list(reversed(quads)))


class TestBounded:
    """A transitive closure grows with the square of a chain's length: it is bounded."""

    @staticmethod
    def chain(tmp_path: Path, length: int) -> Path:
        lines = [
            "@prefix pmg: <https://w3id.org/pmograph/ns#> .",
            "@prefix ex: <https://example.org/> .",
        ]
        lines += [f"ex:r{i} pmg:progressesTo ex:r{i + 1} ." for i in range(length)]
        path = tmp_path / "chain.ttl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def test_a_long_chain_over_the_bound_is_one_line_error(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("PMOGRAPH_MAX_ENTAILED", "500")
        result = CliRunner().invoke(
            cli, ["stats", "--data", str(self.chain(tmp_path, 60))], catch_exceptions=False
        )
        assert result.exit_code == 2
        (line,) = result.stderr.strip().splitlines()
        assert "canLeadTo" in line and "PMOGRAPH_MAX_ENTAILED" in line

    def test_within_the_bound_the_closure_is_complete(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("PMOGRAPH_MAX_ENTAILED", "5000")
        kg = load([self.chain(tmp_path, 60)], store="oxigraph")
        rows = kg.query(
            "SELECT (COUNT(*) AS ?n) WHERE { <https://example.org/r0> pmg:canLeadTo ?later }"
        )
        assert [int(str(r["n"])) for r in rows] == [60]
