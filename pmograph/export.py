"""Exporting the graph: the whole dataset with pyoxigraph's serializers, or its network view.

TriG, N-Quads and JSON-LD keep the named graphs; Turtle and N-Triples hold a
single graph, so they get the union of all graphs (each triple once).
GraphML and GEXF (:func:`write_network`) hold the networkx view
(:meth:`~pmograph.graph.CoreGraph.to_networkx`) for Gephi and other tools.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from pmograph.errors import InputError
from pmograph.namespaces import PMGID_IRI, PREFIXES
from pmograph.output import visible_controls

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


NETWORK_FORMATS = ("graphml", "gexf")


def write_network(kg: KnowledgeGraph, fmt: str) -> bytes:
    """The graph's networkx view as GraphML or GEXF, written by networkx.

    Node attributes are ``label``, ``cls``, ``definition`` and ``alt_labels``
    (joined with ``"; "``); edges carry ``property`` and ``predicate``.
    Characters XML cannot hold (control characters in a label) are written
    out as ``\\xNN``, so that the file always reads back.

    Raises
    ------
    InputError
        An unknown format.
    """
    import io

    import networkx as nx

    if fmt not in NETWORK_FORMATS:
        raise InputError(f"unknown network format {fmt!r}; use one of {', '.join(NETWORK_FORMATS)}")
    G = kg.to_networkx()
    attributes = [d for _, d in G.nodes(data=True)] + [d for *_, d in G.edges(data=True)]
    shown: dict[str, str] = {}  # each text once: edges repeat a few dozen property names
    for data in attributes:
        for name, value in list(data.items()):
            if isinstance(value, (list, tuple, set)):
                value = "; ".join(str(v) for v in value)
            elif value is None:
                value = ""
            if isinstance(value, str):
                text = str(value)
                if text not in shown:
                    shown[text] = visible_controls(text)
                data[name] = shown[text]
    if fmt == "graphml":
        writer = _text_graphml()(encoding="utf-8", prettyprint=True)
        writer.add_graph_element(G)
        return writer.dumps()  # what nx.write_graphml writes (without lxml), byte for byte
    buf = io.BytesIO()
    nx.write_gexf(G, buf)
    return buf.getvalue()


@functools.cache
def _text_graphml() -> Any:
    """networkx's GraphML writer without numpy's types (a class made on first use, so that
    importing this module does not import networkx)."""
    from networkx.readwrite.graphml import GraphMLWriter

    class TextGraphML(GraphMLWriter):  # type: ignore[misc]
        """networkx's GraphML writer for a graph whose every value is text.

        Its type table maps Python (and numpy) value types to GraphML's; to
        add numpy's it imports numpy, which costs more than the rest of the
        export.  Every value :func:`write_network` writes is a ``str``, so the
        table holds ``str`` alone (any other type fails loudly, as networkx's
        own does for a type it does not know).
        """

        def construct_types(self) -> None:
            self.xml_type = {str: "string"}
            self.python_type = {"string": str}

        def dumps(self) -> bytes:
            """What :meth:`dump` writes to a file in UTF-8, serialised by ElementTree as text
            and encoded once: ElementTree's UTF-8 writer pushes each of its ~50,000
            fragments through an encoding wrapper, which costs a quarter of the writing."""
            import io
            from xml.etree.ElementTree import ElementTree

            if self.prettyprint:
                self.indent(self.xml)
            text = io.StringIO()
            ElementTree(self.xml).write(text, encoding="unicode")
            # ElementTree's own declaration for encoding="utf-8", and its error handler
            declaration = "<?xml version='1.0' encoding='utf-8'?>\n"
            return (declaration + text.getvalue()).encode("utf-8", "xmlcharrefreplace")

    return TextGraphML
