"""Serializing the whole dataset with pyoxigraph's serializers.

TriG, N-Quads and JSON-LD keep the named graphs; Turtle and N-Triples hold a
single graph, so they get the union of all graphs (each triple once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from pmograph.errors import InputError
from pmograph.namespaces import PMGID_IRI, PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    from pmograph.graph import CoreGraph as KnowledgeGraph

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
}
"""Export format names and the pyoxigraph format each one uses."""

_PREFIXES = {**PREFIXES, "pmgid": PMGID_IRI}


def serialize(kg: KnowledgeGraph, fmt: str = "trig") -> bytes:
    """The whole dataset (ontology, data, user files) in ``fmt``.

    Raises
    ------
    InputError
        ``fmt`` is not one of :data:`RDF_FORMATS`.
    """
    rdf_format = RDF_FORMATS.get(fmt)
    if rdf_format is None:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
    quads = list(kg.store.ox_quads())
    prefixes = _PREFIXES if fmt in ("trig", "turtle") else None
    if rdf_format.supports_datasets:
        quads.sort(
            key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
        )
        return ox.serialize(quads, format=rdf_format, prefixes=prefixes) or b""
    triples = sorted(
        {q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))
    )
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""
