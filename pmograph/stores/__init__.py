"""Where the quads live: rdflib in memory (the default) or pyoxigraph, and how files fill them.

Exports :class:`Store` (what every store offers), :class:`BuiltStore` (a
filled store and its files) and :data:`STORE_KINDS`; the stores are in
:mod:`~pmograph.stores.memory` and :mod:`~pmograph.stores.oxigraph`,
:func:`~pmograph.stores.build.build_store` fills one from files and
:mod:`~pmograph.stores.cache` keeps parsed stores on disk.  SPARQL on either
is :mod:`pmograph.sparql`'s job; a remote endpoint is
:mod:`pmograph.stores.endpoint`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
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
    ) -> Iterator[tuple[str, str, str, bool, str]]:
        """``(subject, predicate, object, object_is_iri, language)`` as plain strings, for
        IRI subjects and predicates in ``predicates`` or starting with ``prefix``,
        outside the graph ``skip_graph``; blank-node objects are left out.  ``language``
        is a literal's language tag, lower-cased (``""`` for none and for IRIs)."""

    def graph_names(self) -> list[str]:
        """The named graphs' IRIs, sorted."""


@dataclass
class BuiltStore:
    """A filled store, the files it was read from, and which file each named graph came from."""

    store: Store
    files: list[Path] = field(default_factory=list)
    graph_files: dict[str, str] = field(default_factory=dict)
    """Named graph IRI -> the file (as given) that holds it."""
    reasoned: bool = False
