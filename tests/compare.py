"""Comparing query results across stores (imported by the store and endpoint tests)."""

from __future__ import annotations

from typing import Any

from pmograph.terms import BNode


def comparable(result: Any) -> Any:
    """A query result with rows sorted and blank nodes made equal.

    SPARQL leaves the order of GROUP_CONCAT's parts undefined, and engines do
    differ: parts joined by the named queries' separator " | " are sorted.
    """

    def plain(v: Any) -> Any:
        if isinstance(v, BNode):
            return "_:b"
        if type(v) is str and " | " in v:
            return " | ".join(sorted(v.split(" | ")))
        return v

    if result.kind == "ask":
        return ("ask", result.boolean)
    if result.kind == "construct":
        return ("construct", sorted(tuple(repr(plain(x)) for x in t) for t in result.triples))
    return ("select", result.vars, sorted(tuple(repr(plain(v)) for v in r) for r in result.rows))
