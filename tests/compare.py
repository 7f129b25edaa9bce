"""Comparing query results across stores (imported by the store and endpoint tests)."""

from __future__ import annotations

import re
from typing import Any

from pmograph.terms import BNode


def separators(sparql: str) -> tuple[str, ...]:
    """The GROUP_CONCAT separators a query declares (and the named queries' " | ")."""
    found = re.findall(r"""SEPARATOR\s*=\s*(?:"([^"]+)"|'([^']+)')""", sparql, re.IGNORECASE)
    return tuple(dict.fromkeys([" | ", *(a or b for a, b in found)]))


def comparable(result: Any, seps: tuple[str, ...] = (" | ",)) -> Any:
    """A query result with rows sorted and blank nodes made equal.

    SPARQL leaves the order of GROUP_CONCAT's parts undefined, and engines do
    differ: parts joined by one of ``seps`` (see :func:`separators`) are sorted.
    """

    def plain(v: Any) -> Any:
        if isinstance(v, BNode):
            return "_:b"
        if type(v) is str:
            for sep in seps:
                if sep in v:
                    return sep.join(sorted(v.split(sep)))
        return v

    if result.kind == "ask":
        return ("ask", result.boolean)
    if result.kind == "construct":
        return ("construct", sorted(tuple(repr(plain(x)) for x in t) for t in result.triples))
    return ("select", result.vars, sorted(tuple(repr(plain(v)) for v in r) for r in result.rows))
