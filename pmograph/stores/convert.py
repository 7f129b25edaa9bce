"""Converting terms between pyoxigraph, rdflib and light Python values."""

from __future__ import annotations

import datetime
import decimal
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from pmograph.terms import IRI, BNode

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

Value = (
    IRI
    | BNode
    | str
    | int
    | float
    | decimal.Decimal
    | bool
    | datetime.date
    | datetime.datetime
    | None
)

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_INTEGER_TYPES = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}


def literal_value(lexical: str, datatype: str | None) -> Value:
    """The Python value of a literal; the lexical form when it cannot be converted."""
    if datatype is None or datatype in (_XSD_STRING, _RDF_LANGSTRING):
        return lexical
    try:
        if datatype in _INTEGER_TYPES:
            return int(lexical)
        if datatype == XSD + "decimal":
            return decimal.Decimal(lexical)
        if datatype in (XSD + "double", XSD + "float"):
            return float(lexical)
        if datatype == XSD + "boolean":
            return lexical.strip() in ("true", "1")
        if datatype == XSD + "date":
            return datetime.date.fromisoformat(lexical)
        if datatype == XSD + "dateTime":
            return datetime.datetime.fromisoformat(lexical.replace("Z", "+00:00"))
    except ValueError:
        return lexical
    return lexical


def ox_value(term: Any) -> Value:
    """A pyoxigraph term as a light Python value."""
    if term is None or isinstance(term, ox.DefaultGraph):
        return None
    if isinstance(term, ox.NamedNode):
        return IRI(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return literal_value(term.value, term.datatype.value)
    raise TypeError(f"unsupported RDF term {term!r}")


def rdflib_value(term: Any) -> Value:
    """An rdflib term as a light Python value."""
    from rdflib import BNode as RBNode
    from rdflib import Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return IRI(str(term))
    if isinstance(term, RBNode):
        return BNode(str(term))
    if isinstance(term, Literal):
        return literal_value(str(term), str(term.datatype) if term.datatype else None)
    raise TypeError(f"unsupported RDF term {term!r}")


def ox_to_rdflib(term: Any) -> rdflib.term.Node:
    """A pyoxigraph term as the equal rdflib term."""
    from rdflib import BNode as RBNode
    from rdflib import Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return RBNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise TypeError(f"unsupported RDF term {term!r} (RDF-star triple terms are not supported)")


def rdflib_to_ox(term: Any) -> Any:
    """An rdflib term as the equal pyoxigraph term."""
    from rdflib import BNode as RBNode
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, RBNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported RDF term {term!r}")
