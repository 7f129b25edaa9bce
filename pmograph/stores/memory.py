"""The default store: an rdflib ``Dataset`` in memory, default graph = union."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from pmograph.stores.convert import Value, ox_to_rdflib, rdflib_value


class MemoryStore:
    """rdflib's in-memory store, holding the named graphs as loaded.

    ``dataset`` is an ``rdflib.Dataset`` whose default graph, when queried, is
    the union of all graphs (``default_union=True``).
    """

    kind = "memory"

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> MemoryStore:
        ds = Dataset(default_union=True)
        graphs: dict[str, Any] = {}
        default = ds.default_graph
        batch = []
        for q in quads:
            g = q.graph_name
            if isinstance(g, ox.NamedNode):
                ctx = graphs.get(g.value)
                if ctx is None:
                    ctx = graphs[g.value] = ds.graph(URIRef(g.value))
            else:
                ctx = default
            batch.append(
                (ox_to_rdflib(q.subject), ox_to_rdflib(q.predicate), ox_to_rdflib(q.object), ctx)
            )
        ds.addN(batch)
        return cls(ds)

    def __len__(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))

    def quads(self) -> Iterator[tuple[Value, Value, Value, Value | None]]:
        default_id = self.dataset.default_graph.identifier
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            ident = getattr(g, "identifier", g)
            yield (
                rdflib_value(s),
                rdflib_value(p),
                rdflib_value(o),
                None if ident is None or ident == default_id else rdflib_value(ident),
            )

    def ox_quads(self) -> Iterator[ox.Quad]:
        """Every quad as pyoxigraph terms (for serializers and other stores)."""
        from pmograph.stores.convert import rdflib_to_ox

        default_id = self.dataset.default_graph.identifier
        dg = ox.DefaultGraph()
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            ident = getattr(g, "identifier", g)
            graph = dg if ident is None or ident == default_id else rdflib_to_ox(ident)
            yield ox.Quad(rdflib_to_ox(s), rdflib_to_ox(p), rdflib_to_ox(o), graph)

    def index_quads(
        self, predicates: frozenset[str], prefix: str, skip_graph: str
    ) -> Iterator[tuple[str, str, str, bool, str]]:
        from rdflib import Literal

        skip = URIRef(skip_graph)
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            ps = str(p)  # rdflib terms do not compare equal to plain strings
            if ps not in predicates and not ps.startswith(prefix):
                continue
            if type(s) is not URIRef or getattr(g, "identifier", g) == skip:
                continue
            if type(o) is URIRef:
                yield str(s), ps, str(o), True, ""
            elif isinstance(o, Literal):
                yield str(s), ps, str(o), False, (o.language or "").lower()

    def graph_names(self) -> list[str]:
        default_id = self.dataset.default_graph.identifier
        return sorted(
            str(c.identifier) for c in self.dataset.contexts() if c.identifier != default_id
        )
