"""Entailment: the triples OWL 2 RL (owlrl) adds to the loaded quads, in their own named graph."""

from __future__ import annotations

from typing import Any

from pmograph.namespaces import INFERRED_GRAPH_IRI
from pmograph.stores.convert import ox_to_rdflib, rdflib_to_ox


def owl_rl_closure(quads: list[Any]) -> list[Any]:
    """The triples OWL 2 RL adds to the union of ``quads``, in the inferred graph."""
    import owlrl
    import pyoxigraph as ox
    from rdflib import Graph

    union = Graph()
    for q in quads:
        union.add((ox_to_rdflib(q.subject), ox_to_rdflib(q.predicate), ox_to_rdflib(q.object)))
    before = set(union)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(union)
    target = ox.NamedNode(INFERRED_GRAPH_IRI)
    out = []
    for s, p, o in union:
        if (s, p, o) in before:
            continue
        # owlrl asserts literals as subjects and other oddities; keep only valid RDF.
        try:
            out.append(ox.Quad(rdflib_to_ox(s), rdflib_to_ox(p), rdflib_to_ox(o), target))
        except (TypeError, ValueError):
            continue
    return out
