"""The semi-naive entailment pass derives exactly what a naive fixpoint derives, on every store.

The naive fixpoint below applies every rule to every triple until nothing
changes: slow, and plain enough to trust.  Random graphs with sub-property
and sub-class cycles, inverses of transitive properties, symmetric transitive
properties, literals and blank nodes are compared with it, and a graph of
the same kinds loaded through the memory, oxigraph and cached oxigraph
stores holds the same entailed triples as :func:`entailed_quads` gives.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from pmograph.entailment import entailed_quads
from pmograph.kg import load
from pmograph.loader import read_files
from pmograph.namespaces import ENTAILED_GRAPH_IRI

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
TYPE, SUBP, SUBC, INV = RDF + "type", RDFS + "subPropertyOf", RDFS + "subClassOf", OWL + "inverseOf"
SYM, TRANS = OWL + "SymmetricProperty", OWL + "TransitiveProperty"
Triple = tuple[Any, str, Any]


def naive(triples: set[Triple]) -> set[Triple]:
    """What the axioms entail, by applying every rule to every triple until nothing is new."""

    def iri(t: object) -> str:
        return t.value if isinstance(t, ox.NamedNode) else ""

    axioms = {(iri(s), p, iri(o)) for s, p, o in triples if iri(s) and iri(o)}
    sub_p = {(a, b) for a, p, b in axioms if p == SUBP}
    sub_c = {(a, b) for a, p, b in axioms if p == SUBC}
    inverse = {(a, b) for a, p, b in axioms if p == INV} | {
        (b, a) for a, p, b in axioms if p == INV
    }
    symmetric = {a for a, p, b in axioms if p == TYPE and b == SYM}
    transitive = {a for a, p, b in axioms if p == TYPE and b == TRANS}
    known = set(triples)
    while True:
        new: set[Triple] = set()
        for s, p, o in known:
            resource = isinstance(o, ox.NamedNode | ox.BlankNode)
            if p == TYPE:
                new |= {(s, TYPE, ox.NamedNode(d)) for c, d in sub_c if iri(o) == c}
                continue
            new |= {(s, q, o) for a, q in sub_p if a == p}
            if resource:
                new |= {(o, r, s) for a, r in inverse if a == p}
                if p in symmetric:
                    new.add((o, p, s))
            if p in transitive:
                new |= {(s, p, x) for y, q, x in known if q == p and y == o}
        if new <= known:
            return known - set(triples)
        known |= new


def random_graph(seed: int) -> list[ox.Quad]:
    """Axioms and facts over a few nodes, properties and classes, cycles allowed."""
    rng = random.Random(seed)
    props = [ox.NamedNode(f"urn:p{i}") for i in range(6)]
    classes = [ox.NamedNode(f"urn:c{i}") for i in range(5)]
    nodes: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(f"urn:n{i}") for i in range(9)]
    nodes += [ox.BlankNode(f"b{i}") for i in range(2)]
    literals = [ox.Literal("x"), ox.Literal("y", language="en")]
    graphs = [ox.NamedNode("urn:g1"), ox.NamedNode("urn:g2"), ox.DefaultGraph()]
    quads = []

    def add(s: object, p: str | ox.NamedNode, o: object) -> None:
        pred = p if isinstance(p, ox.NamedNode) else ox.NamedNode(p)
        quads.append(ox.Quad(s, pred, o, rng.choice(graphs)))  # type: ignore[arg-type]

    for _ in range(rng.randint(1, 6)):
        add(rng.choice(props), SUBP, rng.choice(props))
    for _ in range(rng.randint(0, 3)):
        add(rng.choice(props), INV, rng.choice(props))
    for kind in (SYM, TRANS):
        for p in rng.sample(props, rng.randint(0, 3)):
            add(p, TYPE, ox.NamedNode(kind))
    for _ in range(rng.randint(0, 5)):
        add(rng.choice(classes), SUBC, rng.choice(classes))
    for _ in range(rng.randint(5, 25)):
        o = rng.choice([*nodes, *literals]) if rng.random() < 0.3 else rng.choice(nodes)
        add(rng.choice(nodes), rng.choice(props), o)
    for _ in range(rng.randint(0, 8)):
        add(rng.choice(nodes), TYPE, rng.choice(classes))
    return quads


def entailed(quads: list[ox.Quad]) -> list[Triple]:
    graph = ox.NamedNode(ENTAILED_GRAPH_IRI)
    return [(q.subject, q.predicate.value, q.object) for q in quads if q.graph_name == graph]


class TestAgainstNaiveFixpoint:
    @pytest.mark.parametrize("seed", range(60))
    def test_random_graphs(self, seed: int) -> None:
        quads = random_graph(seed)
        stated = {(q.subject, q.predicate.value, q.object) for q in quads}
        out = entailed(entailed_quads(quads))
        assert len(out) == len(set(out))  # no triple twice
        assert set(out) == naive(stated)

    @pytest.mark.parametrize("seed", range(10))
    def test_order_does_not_depend_on_the_input_order(self, seed: int) -> None:
        quads = random_graph(seed)
        shuffled = list(quads)
        random.Random(seed).shuffle(shuffled)
        assert entailed_quads(quads) == entailed_quads(shuffled)

    def test_inverse_of_a_transitive_property_closes_both(self) -> None:
        p, q = ox.NamedNode("urn:p"), ox.NamedNode("urn:q")
        a, b, c = (ox.NamedNode(f"urn:{x}") for x in "abc")
        quads = [
            ox.Quad(p, ox.NamedNode(TYPE), ox.NamedNode(TRANS)),
            ox.Quad(p, ox.NamedNode(INV), q),
            ox.Quad(a, p, b),
            ox.Quad(b, p, c),
        ]
        out = set(entailed(entailed_quads(quads)))
        assert (a, p.value, c) in out
        assert {(c, q.value, a), (c, q.value, b), (b, q.value, a)} <= out


FILE = """\
@prefix pmg:  <https://w3id.org/pmograph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix ex:   <https://example.org/close/> .
@prefix g:    <https://w3id.org/pmograph/id/graph/closetest/> .

g:data prov:wasDerivedFrom <https://w3id.org/pmograph/id/source/closetest> .
g:data {
    ex:seeAlso rdfs:subPropertyOf pmg:relatedRole .
    ex:a pmg:progressesTo ex:b . ex:b pmg:progressesTo ex:c . ex:c pmg:progressesTo ex:a .
    ex:d pmg:progressesFrom ex:c .
    ex:a ex:seeAlso ex:e .
    ex:a pmg:requiresOptionalSkill ex:s . ex:e pmg:requiresEssentialSkill ex:s .
    ex:k a pmg:Certification ; pmg:higherCertificationThan ex:l .
    ex:l pmg:higherCertificationThan ex:m .
    _:x pmg:progressesTo ex:a .
}
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("close") / "close.trig"
    path.write_text(FILE, encoding="utf-8")
    return path


@pytest.mark.parametrize("store", ["memory", "oxigraph", "oxigraph-cache"])
def test_every_store_holds_the_same_entailed_triples(
    store: str, data: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    graph = ox.NamedNode(ENTAILED_GRAPH_IRI)
    quads = [q for q in read_files([data]).quads if q.graph_name != graph]
    stated = {(q.subject, q.predicate.value, q.object) for q in quads}

    def text(t: object) -> str:  # blank node labels differ between stores
        return "_:" if isinstance(t, ox.BlankNode) else str(getattr(t, "value", t))

    direct = [(text(s), p, text(o)) for s, p, o in entailed(entailed_quads(quads))]
    assert sorted(direct) == sorted((text(s), p, text(o)) for s, p, o in naive(stated))
    if store == "oxigraph-cache":
        folder = tmp_path_factory.mktemp("cache")
        load([data], store="oxigraph", cache=folder)  # build the entry
        kg = load([data], store="oxigraph", cache=folder)  # and read it back
    else:
        kg = load([data], store=store)
    rows = kg.query(
        "SELECT (IF(isBlank(?s), '_:', STR(?s)) AS ?a) (STR(?p) AS ?b)"
        " (IF(isBlank(?o), '_:', STR(?o)) AS ?c)"
        f" WHERE {{ GRAPH <{ENTAILED_GRAPH_IRI}> {{ ?s ?p ?o }} }}"
    )
    held = [(str(r[0]), str(r[1]), str(r[2])) for r in rows]
    assert sorted(held) == sorted(direct)
