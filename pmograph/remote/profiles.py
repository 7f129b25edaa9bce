"""Engine profiles: what pmograph does differently for each SPARQL server it talks to.

A profile is chosen with ``--engine NAME`` (``PMOGRAPH_ENDPOINT_ENGINE``) or detected from
the URL (Virtuoso's ``/sparql-graph-crud``, GraphDB's ``/repositories/``, Neptune's
``/sparql/gsp``...) and, for queries, from the server's ``Server`` header.  Each field is
one documented difference (see ``docs/scale.md``):

- ``auth``: Virtuoso's Graph Store endpoint takes HTTP Digest only; the others Basic
  (``auto`` also switches to Digest when a 401 asks for it).
- ``graph_param``: the Graph Store Protocol's ``?graph=IRI``; Virtuoso spells it
  ``?graph-uri=IRI``.
- ``default_graph``: ``native`` sends the default graph to ``?default``; ``holder`` puts its
  triples into :data:`DEFAULT_HOLDER` (Virtuoso has no separate default graph to write).
- ``dataset``: pmograph's local stores answer over the union of the named graphs it
  loaded, and ``GRAPH ?g`` sees only those.  Virtuoso's default graph is the union of
  *every* graph, its system graphs included, and ``GRAPH ?g`` ranges over them too; with
  ``dataset`` set, ``push`` records the graphs it sent in :data:`MANIFEST_GRAPH` and each
  query names its dataset (``default-graph-uri`` and ``named-graph-uri`` per SPARQL 1.1
  Protocol), so the server answers over exactly what was pushed.  ``dataset_in_query``
  writes them as ``FROM``/``FROM NAMED`` clauses instead: Virtuoso drops requests with
  more than about 90 such parameters.
- ``order_locally``: send a SELECT unordered and order the answer here
  (:mod:`pmograph.remote.adapt`), with the query's own ``ORDER BY`` on pyoxigraph. On for
  Virtuoso: its string collation is not code-point order (it put ``"...(editorial): how"``
  before ``"...(editorial) of"``), and SPARQL leaves the order of language-tagged strings to
  the engine, so the same ordered query gave the rows in another order than pmograph's
  local stores. (Virtuoso 7.2 also dropped rows from an ordered query with a ``p*`` path
  when the dataset came as protocol parameters.)
- ``fix_booleans``: Virtuoso answers boolean expressions (``EXISTS``, ``BOUND``...) as 1/0;
  pmograph turns them back into ``true``/``false`` for the variables bound to them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from pmograph.errors import InputError
from pmograph.namespaces import PMGID_IRI

DEFAULT_HOLDER = PMGID_IRI + "graph/default"
"""Where the default graph's triples go on an engine without a writable default graph."""
MANIFEST_GRAPH = PMGID_IRI + "graph/pushed"
"""Where ``push`` records the graphs it sent, on engines whose profile names the dataset."""


@dataclass(frozen=True)
class EngineProfile:
    """How pmograph talks to one kind of SPARQL server."""

    name: str
    auth: str = "auto"
    graph_param: str = "graph"
    default_graph: str = "native"
    dataset: bool = False
    order_locally: bool = False
    fix_booleans: bool = False
    dataset_in_query: bool = False
    summary: str = ""


PROFILES: dict[str, EngineProfile] = {
    p.name: p
    for p in (
        EngineProfile(
            "generic",
            summary="SPARQL 1.1 Protocol and Graph Store Protocol as written; the server's "
            "default graph must be the union of the named graphs",
        ),
        EngineProfile(
            "oxigraph",
            summary="Oxigraph server started with --union-default-graph: nothing to adapt",
        ),
        EngineProfile(
            "fuseki",
            summary="Apache Jena Fuseki with tdb2:unionDefaultGraph true: nothing to adapt",
        ),
        EngineProfile(
            "graphdb",
            summary="GraphDB: the default graph is the union of all graphs; Basic auth",
        ),
        EngineProfile(
            "neptune",
            summary="Amazon Neptune: /sparql and /sparql/gsp/; IAM (SigV4) auth is not "
            "supported: reach it through a proxy that signs, or without IAM inside the VPC",
        ),
        EngineProfile(
            "virtuoso",
            auth="digest",
            graph_param="graph-uri",
            default_graph="holder",
            dataset=True,
            fix_booleans=True,
            dataset_in_query=True,
            order_locally=True,
            summary="Virtuoso 7: Digest auth at /sparql-graph-crud-auth?graph-uri=, no "
            "writable default graph, union default graph over system graphs too: "
            "queries name the pushed dataset",
        ),
    )
}


def get_profile(name: str | None, url: str = "") -> EngineProfile:
    """The profile called ``name`` (or ``$PMOGRAPH_ENDPOINT_ENGINE``), else one detected from ``url``.

    Raises
    ------
    InputError
        An unknown profile name.
    """
    name = name or os.environ.get("PMOGRAPH_ENDPOINT_ENGINE") or "auto"
    if name != "auto":
        try:
            return PROFILES[name.lower()]
        except KeyError:
            raise InputError(
                f"unknown engine {name!r}; use auto or one of {', '.join(sorted(PROFILES))}"
            ) from None
    return detect_from_url(url)


def detect_from_url(url: str) -> EngineProfile:
    """The profile a URL's shape suggests (``generic`` when it says nothing)."""
    try:
        parts = urlsplit(url)
        path, port = parts.path.lower(), parts.port
    except ValueError:
        return PROFILES["generic"]
    if "sparql-graph-crud" in path or port == 8890:
        return PROFILES["virtuoso"]
    if "/repositories/" in path:
        return PROFILES["graphdb"]
    if path.startswith("/sparql/gsp") or port == 8182:
        return PROFILES["neptune"]
    if port == 3030:
        return PROFILES["fuseki"]
    if port == 7878 or path in ("/query", "/store"):
        return PROFILES["oxigraph"]
    return PROFILES["generic"]


def detect_from_server_header(header: str, fallback: EngineProfile) -> EngineProfile:
    """The profile a ``Server`` response header names, else ``fallback``."""
    lowered = header.lower()
    for key in ("virtuoso", "oxigraph", "fuseki", "graphdb"):
        if key in lowered:
            return PROFILES[key]
    return fallback
