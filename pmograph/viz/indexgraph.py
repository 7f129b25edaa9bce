"""The graph's ``to_networkx()`` view, read only, built from its label index without networkx.

Importing networkx costs about as long as Python takes to import rdflib, and
a page of the whole graph (no ``--types``, ``--focus``, ``--path`` or
``--query``, within ``--max-nodes``) only reads the nodes, their attributes
and the edges: :class:`IndexGraph` holds exactly what
:meth:`pmograph.graph.CoreGraph.to_networkx` puts in its
``networkx.MultiDiGraph`` (the same nodes, attributes, edge keys and data),
in the same order (node insertion order; each node's successors in the order
of their first edge, each pair's keys in the order of their first triple), and
answers the few reading calls the page makes with networkx's results.
Anything that needs a graph algorithm or a subgraph uses networkx's view
instead (:func:`pmograph.viz.page.render` chooses).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pmograph.index import SHORT_NAMES, most_specific
from pmograph.terms import IRI

__all__ = ["IndexGraph"]

_Adjacency = dict[str, dict[str, dict[str, dict[str, Any]]]]


class _Nodes:
    """``G.nodes``: ``nodes[n]`` is n's attributes; ``nodes(data="cls")`` pairs each node with one."""

    def __init__(self, attrs: dict[str, dict[str, Any]]) -> None:
        self._attrs = attrs

    def __getitem__(self, node: str) -> dict[str, Any]:
        return self._attrs[node]

    def __iter__(self) -> Iterator[str]:
        return iter(self._attrs)

    def __len__(self) -> int:
        return len(self._attrs)

    def __contains__(self, node: object) -> bool:
        return node in self._attrs

    def __call__(self, data: bool | str = False, default: Any = None) -> Iterator[Any]:
        if data is False:
            return iter(self._attrs)
        if data is True:
            return iter(self._attrs.items())
        return ((n, d.get(data, default)) for n, d in self._attrs.items())


def _edge(u: str, v: str, k: str, d: dict[str, Any], keys: bool, data: bool | str) -> Any:
    head: tuple[Any, ...] = (u, v, k) if keys else (u, v)
    if data is False:
        return head
    return (*head, d if data is True else d.get(data))


class IndexGraph:
    """What ``kg.to_networkx()`` holds, without networkx (see the module docstring).

    Parameters
    ----------
    kg
        The graph object (its ``index``).
    """

    def __init__(self, kg: Any) -> None:
        idx = kg.index
        attrs: dict[str, dict[str, Any]] = {}
        for iri, classes in idx.classes.items():
            cls = most_specific(classes)
            if cls is None:
                continue
            attrs[iri] = {
                "label": idx.labels.get(iri) or IRI(iri).local_name(),
                "cls": SHORT_NAMES.get(cls, cls.lower()),
                "definition": idx.definitions.get(iri, ""),
                "alt_labels": sorted(idx.alt_labels.get(iri, ())),
            }
        succ: _Adjacency = {n: {} for n in attrs}
        pred: _Adjacency = {n: {} for n in attrs}
        count = 0
        for s, p, o in idx.edges:
            if s in attrs and o in attrs:
                prop = IRI(p).local_name()
                keyed = succ[s].get(o)
                if keyed is None:
                    keyed = succ[s][o] = pred[o][s] = {}
                if prop in keyed:
                    keyed[prop].update(property=prop, predicate=p)
                else:
                    keyed[prop] = {"property": prop, "predicate": p}
                    count += 1
        self._succ = succ
        self._pred = pred
        self._edges = count
        self.nodes = _Nodes(attrs)

    def __contains__(self, node: object) -> bool:
        return node in self.nodes

    def __iter__(self) -> Iterator[str]:
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)

    def number_of_nodes(self) -> int:
        """How many nodes (``networkx.MultiDiGraph.number_of_nodes``)."""
        return len(self.nodes)

    def number_of_edges(self) -> int:
        """How many keyed edges (``networkx.MultiDiGraph.number_of_edges``)."""
        return self._edges

    def edges(self, keys: bool = False, data: bool | str = False) -> Iterator[Any]:
        """Every edge as networkx's ``G.edges(keys=..., data=...)`` gives it, in its order."""
        return self.out_edges(self._succ, keys=keys, data=data)

    def out_edges(
        self, nbunch: str | Iterable[str], keys: bool = False, data: bool | str = False
    ) -> Iterator[Any]:
        """The edges leaving a node (or the nodes of ``nbunch``), as networkx gives them."""
        for u in [nbunch] if isinstance(nbunch, str) else nbunch:
            for v, keyed in self._succ[u].items():
                for k, d in keyed.items():
                    yield _edge(u, v, k, d, keys, data)

    def in_edges(
        self, nbunch: str | Iterable[str], keys: bool = False, data: bool | str = False
    ) -> Iterator[Any]:
        """The edges entering a node (or the nodes of ``nbunch``), as networkx gives them."""
        for v in [nbunch] if isinstance(nbunch, str) else nbunch:
            for u, keyed in self._pred[v].items():
                for k, d in keyed.items():
                    yield _edge(u, v, k, d, keys, data)
