"""Where the quads live: rdflib in memory (the default) or pyoxigraph.

Both stores answer the same questions the same way; the query module
(:mod:`pmograph.query`) evaluates SPARQL on either.  A remote SPARQL 1.1
endpoint is a third kind, in :mod:`pmograph.stores.endpoint`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from pmograph.stores.convert import Value

STORE_KINDS = ("memory", "oxigraph")


class Store(Protocol):
    """What every local store offers besides SPARQL."""

    kind: str

    def __len__(self) -> int:
        """The number of quads."""

    def quads(self) -> Iterator[tuple[Value, Value, Value, Value | None]]:
        """Every quad as light Python values (graph ``None`` for the default graph)."""

    def ox_quads(self) -> Iterator[Any]:
        """Every quad as ``pyoxigraph.Quad`` (for serializers and other stores)."""

    def index_quads(
        self, predicates: frozenset[str], prefix: str, skip_graph: str
    ) -> Iterator[tuple[str, str, str, bool]]:
        """``(subject, predicate, object, object_is_iri)`` as plain strings, for
        IRI subjects and predicates in ``predicates`` or starting with ``prefix``,
        outside the graph ``skip_graph``; blank-node objects are left out."""

    def graph_names(self) -> list[str]:
        """The named graphs' IRIs, sorted."""
