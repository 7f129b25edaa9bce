"""A pyoxigraph store behind the same API, for large graphs.

In memory by default; ``path=`` opens (or creates) an on-disk store, which the
loader uses as a cache keyed on the input files' contents.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from pmograph.stores.convert import Value, ox_value


class OxigraphStore:
    """Quads held in a ``pyoxigraph.Store`` (``self.store``)."""

    kind = "oxigraph"

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad], path: str | None = None) -> OxigraphStore:
        store = ox.Store(path) if path else ox.Store()
        store.bulk_extend(quads)
        return cls(store)

    def __len__(self) -> int:
        return len(self.store)

    def quads(self) -> Iterator[tuple[Value, Value, Value, Value | None]]:
        for q in self.store.quads_for_pattern(None, None, None, None):
            yield (
                ox_value(q.subject),
                ox_value(q.predicate),
                ox_value(q.object),
                ox_value(q.graph_name),
            )

    def ox_quads(self) -> Iterator[ox.Quad]:
        """Every quad as pyoxigraph terms."""
        return iter(self.store.quads_for_pattern(None, None, None, None))

    def index_quads(
        self, predicates: frozenset[str], prefix: str, skip_graph: str
    ) -> Iterator[tuple[str, str, str, bool, str]]:
        named, literal = ox.NamedNode, ox.Literal
        for q in self.store.quads_for_pattern(None, None, None, None):
            p = q.predicate.value
            if p not in predicates and not p.startswith(prefix):
                continue
            s, o, g = q.subject, q.object, q.graph_name
            if type(s) is not named or (type(g) is named and g.value == skip_graph):
                continue
            if type(o) is named:
                yield s.value, p, o.value, True, ""
            elif type(o) is literal:
                yield s.value, p, o.value, False, (o.language or "").lower()

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))
