"""Provenance answers: which named graphs, sources and quotes state one fact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pmograph.sparql.engine import run
from pmograph.terms import IRI

if TYPE_CHECKING:  # pragma: no cover
    from pmograph.graph import CoreGraph


@dataclass(frozen=True)
class Source:
    """A source entry a named graph was derived from (``prov:wasDerivedFrom``).

    ``title`` is its ``dcterms:title``, ``question`` its ``pmg:question``
    (FAQ entries), ``document`` the document it is part of
    (``dcterms:isPartOf``) with that document's title.
    """

    iri: IRI
    title: str | None = None
    question: str | None = None
    document: IRI | None = None
    document_title: str | None = None


@dataclass(frozen=True)
class Provenance:
    """One named graph that states a fact: its title, its sources and its quotes."""

    graph: IRI
    title: str | None = None
    sources: tuple[Source, ...] = ()
    quotes: tuple[str, ...] = ()


_PROVENANCE_QUERY = """
SELECT ?s ?p ?o %s?g ?graphTitle ?source ?sourceTitle ?question ?doc ?docTitle ?quote WHERE {
  GRAPH ?g { ?s ?p ?o }
  %s
  OPTIONAL { ?g dcterms:title ?graphTitle }
  OPTIONAL {
    ?g prov:wasDerivedFrom ?source .
    OPTIONAL { ?source dcterms:title ?sourceTitle }
    OPTIONAL { ?source pmg:question ?question }
    OPTIONAL { ?source dcterms:isPartOf ?doc . OPTIONAL { ?doc dcterms:title ?docTitle } }
  }
  OPTIONAL { ?g pmg:quote ?quote }
}
"""
# Two fixed texts (no user value is ever pasted in): the object as a term, or a
# literal matched on its lexical form.  (pyoxigraph's substitution leaves
# BOUND(?var) false, so one text with FILTER(!BOUND(?text) || ...) would not do.)
_PROVENANCE_TERM = _PROVENANCE_QUERY % ("", "")
_PROVENANCE_LITERAL = _PROVENANCE_QUERY % ("?text ", "FILTER(isLiteral(?o) && STR(?o) = ?text)")


def provenance(
    kg: CoreGraph,
    subject: str,
    predicate: str,
    obj: Any,
    *,
    literal: bool = False,
    timeout: float | None = 30.0,
) -> list[Provenance]:
    """The named graphs that state ``subject predicate obj``, with their sources and quotes.

    Parameters
    ----------
    subject, predicate
        IRIs.
    obj
        An IRI, or any value :func:`run` can bind.  With ``literal=True``,
        a string that matches the lexical form of a literal object whatever
        its language tag or datatype (``"Project Manager"`` matches
        ``"Project Manager"@en``).
    timeout
        As for :func:`run`.

    Returns
    -------
    list of Provenance
        One per graph, sorted by graph IRI; empty when no named graph holds
        the triple.  The graph ``https://w3id.org/pmograph/id/graph/inferred``
        holds what OWL 2 RL reasoning derived (``load(reason=True)``).

    Examples
    --------
    >>> import pmograph
    >>> kg = pmograph.load()
    >>> pm, spm = kg.find("Project Manager"), kg.find("Senior Project Manager")
    >>> found = provenance(kg, pm, "https://w3id.org/pmograph/ns#progressesTo", spm)
    >>> found[0].sources[0].question
    'What’s the next step after project manager?'
    """
    binds: dict[str, Any] = {"s": IRI(subject), "p": IRI(predicate)}
    if literal:
        binds["text"] = str(obj)
    else:
        binds["o"] = obj
    query = _PROVENANCE_LITERAL if literal else _PROVENANCE_TERM
    result = run(kg, query, binds, timeout=timeout)
    graphs: dict[str, dict[str, Any]] = {}
    for row in result:
        entry = graphs.setdefault(row["g"], {"title": None, "sources": {}, "quotes": set()})
        if row["graphTitle"] is not None and entry["title"] is None:
            entry["title"] = str(row["graphTitle"])
        if row["quote"] is not None:
            entry["quotes"].add(str(row["quote"]))
        src = row["source"]
        if isinstance(src, IRI):
            known = entry["sources"].setdefault(src, {})
            for key in ("sourceTitle", "question", "doc", "docTitle"):
                if row[key] is not None and known.get(key) is None:
                    known[key] = row[key]
    return [
        Provenance(
            graph=IRI(g),
            title=e["title"],
            sources=tuple(
                Source(
                    iri=IRI(src),
                    title=_str_or_none(f.get("sourceTitle")),
                    question=_str_or_none(f.get("question")),
                    document=IRI(f["doc"]) if isinstance(f.get("doc"), IRI) else None,
                    document_title=_str_or_none(f.get("docTitle")),
                )
                for src, f in sorted(e["sources"].items())
            ),
            quotes=tuple(sorted(e["quotes"])),
        )
        for g, e in sorted(graphs.items())
    ]


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
