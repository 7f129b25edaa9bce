"""The career graph as GraphML or GEXF, for Gephi and other network tools."""

from __future__ import annotations

import io

from pmograph.careers.view import CareerGraph, view
from pmograph.errors import InputError

__all__ = ["NETWORK_FORMATS", "write_network"]

NETWORK_FORMATS = ("graphml", "gexf")
"""The network formats :func:`write_network` writes."""


def write_network(kg: CareerGraph, fmt: str) -> bytes:
    """The graph's networkx view as GraphML or GEXF, for Gephi and other network tools.

    Node attributes are ``label``, ``cls``, ``definition`` and ``alt_labels``
    (joined with ``"; "``); edges carry ``property`` and ``predicate``.

    Parameters
    ----------
    fmt : {"graphml", "gexf"}

    Raises
    ------
    InputError
        An unknown format.

    Examples
    --------
    >>> from pmograph.kg import load
    >>> kg = load()
    >>> write_network(kg, "graphml")[:38]
    b"<?xml version='1.0' encoding='utf-8'?>"
    """
    import networkx as nx

    if fmt not in NETWORK_FORMATS:
        raise InputError(f"unknown network format {fmt!r}; use one of {', '.join(NETWORK_FORMATS)}")
    G = view(kg).G.copy()
    attributes = [d for _, d in G.nodes(data=True)] + [d for *_, d in G.edges(data=True)]
    for data in attributes:
        for name, value in list(data.items()):
            if isinstance(value, (list, tuple, set)):
                data[name] = "; ".join(str(v) for v in value)
            elif isinstance(value, str) or value is None:
                data[name] = str(value or "")
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(G, buf)
    else:
        nx.write_gexf(G, buf)
    return buf.getvalue()
