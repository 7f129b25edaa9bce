"""Values bound to query variables: Python values and rdflib terms as pyoxigraph terms."""

from __future__ import annotations

import datetime
import decimal
import re
from typing import TYPE_CHECKING, Any

from pmograph.errors import QueryError
from pmograph.namespaces import PREFIXES
from pmograph.terms import IRI, BNode

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from pmograph.sparql.scan import CheckedQuery

    OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def bind_terms(bindings: dict[str, Any], checked: CheckedQuery) -> dict[str, OxTerm]:
    """Check binding names against the query's variables and make pyoxigraph terms."""
    terms: dict[str, OxTerm] = {}
    for key, value in bindings.items():
        name = key[1:] if key[:1] in ("?", "$") else key
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"cannot bind {key!r}: not a variable name; use letters, digits, _")
        if name not in checked.variables:
            have = ", ".join(f"?{v}" for v in sorted(checked.variables)) or "none"
            raise QueryError(
                f"cannot bind ?{name}: the query has no such variable (its variables: {have}); "
                "check the spelling"
            )
        terms[name] = to_term(value)
    return terms


def to_term(value: Any) -> OxTerm:
    """A Python value (or an rdflib or pyoxigraph term) as a pyoxigraph term.

    Raises
    ------
    QueryError
        The value cannot be an RDF term (e.g. ``None``, a list, a bad IRI).
    """
    import pyoxigraph as ox

    xsd = PREFIXES["xsd"]
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    module = type(value).__module__
    if module.startswith("rdflib"):
        from pmograph.stores.convert import rdflib_to_ox

        try:
            return rdflib_to_ox(value)  # type: ignore[no-any-return]
        except TypeError as exc:
            raise QueryError(f"cannot bind {value!r}: {exc}") from None
    try:
        if isinstance(value, IRI):
            return ox.NamedNode(value)
        if isinstance(value, BNode):
            raise QueryError(f"cannot bind a blank node ({value!r}); bind an IRI or a literal")
        if isinstance(value, (bool, int, float, str)):
            return ox.Literal(value)
        if isinstance(value, decimal.Decimal):
            return ox.Literal(str(value), datatype=ox.NamedNode(xsd + "decimal"))
        if isinstance(value, datetime.datetime):
            return ox.Literal(value.isoformat(), datatype=ox.NamedNode(xsd + "dateTime"))
        if isinstance(value, datetime.date):
            return ox.Literal(value.isoformat(), datatype=ox.NamedNode(xsd + "date"))
    except ValueError as exc:
        raise QueryError(f"cannot bind {value!r}: {exc}") from None
    raise QueryError(
        f"cannot bind {value!r} ({type(value).__name__}); use an IRI, str, int, float, "
        "Decimal, bool, date or datetime"
    )
