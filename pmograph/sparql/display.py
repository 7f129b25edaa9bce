"""Results for people: labels in place of IRIs, prefixed names, plain cells."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pmograph.namespaces import PREFIXES
from pmograph.terms import IRI, BNode

if TYPE_CHECKING:  # pragma: no cover
    from pmograph.graph import CoreGraph
    from pmograph.sparql.results import QueryResult
    from pmograph.stores.convert import Value


def display_rows(
    kg: CoreGraph,
    result: QueryResult,
    *,
    iris: bool = False,
    limit: int | None = None,
) -> tuple[list[str], list[list[str]]]:
    """Header and cells for a table: labels in place of IRIs unless ``iris``.

    An IRI with a ``skos:prefLabel`` shows the label (English first); one
    without shows its prefixed name (``pmg:Role``) or itself.  A graph
    result shows as subject, predicate, object.
    """
    if result.kind == "ask":
        return ["answer"], [["true" if result.boolean else "false"]]
    if result.kind == "construct":
        header = ["subject", "predicate", "object"]
        rows: list[Sequence[Value]] = list(result.triples)
    else:
        header = list(result.vars)
        rows = list(result.rows)
    if limit is not None:
        rows = rows[: max(limit, 0)]
    labels: dict[str, str] = {}
    if not iris:
        wanted = {v for r in rows for v in r if isinstance(v, IRI)}
        labels = _labels(kg, wanted)
    out = []
    for r in rows:
        cells = []
        for v in r:
            if v is None:
                cells.append("")
            elif isinstance(v, IRI):
                cells.append(str(v) if iris else labels.get(v) or compact(v))
            elif isinstance(v, BNode):
                cells.append("_:" + v)
            else:
                cells.append(_plain(v))
        out.append(cells)
    return header, out


def compact(iri: str) -> str:
    """``pmg:Role`` for an IRI under a predeclared prefix, else the IRI itself."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and re.fullmatch(r"[\w-]+", iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return str(iri)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _labels(kg: CoreGraph, iris: Iterable[str]) -> dict[str, str]:
    """The ``skos:prefLabel`` of each IRI that has one (English, else any, sorted)."""
    pref = PREFIXES["skos"] + "prefLabel"
    found: dict[str, list[tuple[int, str]]] = {}
    if kg.store.kind == "endpoint":  # one query to the remote endpoint
        for iri, pairs in kg.store.labels(iris).items():  # type: ignore[attr-defined]
            found[iri] = [(0 if lang == "en" else 1, text) for lang, text in pairs]
    elif kg.store.kind == "oxigraph":
        import pyoxigraph as ox

        store: ox.Store = kg.store.store  # type: ignore[attr-defined]
        predicate = ox.NamedNode(pref)
        for iri in iris:
            for q in store.quads_for_pattern(ox.NamedNode(iri), predicate, None, None):
                if isinstance(q.object, ox.Literal):
                    lang = q.object.language or ""
                    found.setdefault(iri, []).append((0 if lang == "en" else 1, q.object.value))
    else:
        from rdflib import Literal, URIRef

        ds = kg.dataset
        predicate_ref = URIRef(pref)
        for iri in iris:
            for obj in ds.objects(URIRef(iri), predicate_ref):
                if isinstance(obj, Literal):
                    found.setdefault(iri, []).append((0 if obj.language == "en" else 1, str(obj)))
    return {iri: sorted(labels)[0][1] for iri, labels in found.items()}
