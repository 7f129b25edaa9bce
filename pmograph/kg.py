"""The public facade: :class:`KnowledgeGraph` and :func:`load`.

:func:`load` reads the packaged ontology and data (and any user files) into a
:class:`KnowledgeGraph`: the core graph (:class:`pmograph.graph.CoreGraph`:
store, index, ``find``, ``label``, ``query``) plus thin delegations to the
services that own each question (careers, viz, validate, export).  It sits
above those services, so none of them imports it; the command line and the
library share one implementation.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from pmograph.graph import CoreGraph
from pmograph.index import Index as _Index  # noqa: F401 - the old private name
from pmograph.namespaces import INFERRED_GRAPH_IRI

__all__ = ["INFERRED_GRAPH_IRI", "KnowledgeGraph", "load"]


class KnowledgeGraph(CoreGraph):
    """pmograph's graph, held in a store, with helpers for common questions.

    Build one with :func:`pmograph.load`.  ``store`` is the backend
    (:class:`~pmograph.stores.memory.MemoryStore` by default);
    ``dataset`` the rdflib ``Dataset`` for anything the helpers do not cover.
    Lookups and SPARQL (``find``, ``label``, ``roles``, ``of_class``,
    ``query``, ``to_networkx``) come from :class:`~pmograph.graph.CoreGraph`;
    the methods here delegate to the services.
    """

    # -- validation and export -------------------------------------------
    def validate(self) -> Any:
        """Check the graph against the SHACL shapes and the violation queries.

        Returns a :class:`pmograph.validate.Report`.
        """
        import pmograph.validate as validate

        return validate.validate(self)

    def serialize(self, fmt: str = "trig") -> bytes:
        """The whole dataset in an RDF format (``trig``, ``nquads``, ``turtle``, ``nt``, ``jsonld``)."""
        import pmograph.export as export

        return export.serialize(self, fmt)

    # -- career analytics (pmograph.careers) -------------------------------
    def next_steps(self, role: str) -> Any:
        """The usual next steps from a role, ranked; see :func:`pmograph.careers.next_steps`."""
        import pmograph.careers as careers

        return careers.next_steps(self, role)

    def skills_for(self, role: str) -> Any:
        """The skills, qualifications and certifications a role requires."""
        import pmograph.careers as careers

        return careers.requirements(self, role)

    def path(self, source: str, target: str, **options: Any) -> Any:
        """The shortest career path between two roles; see :func:`pmograph.careers.path`."""
        import pmograph.careers as careers

        return careers.path(self, source, target, **options)

    def gap(self, source: str, target: str) -> Any:
        """What ``target`` requires that ``source`` lacks; see :func:`pmograph.careers.gap`."""
        import pmograph.careers as careers

        return careers.gap(self, source, target)

    def rank(self, **options: Any) -> Any:
        """Rank resources by centrality; see :func:`pmograph.careers.rank`."""
        import pmograph.careers as careers

        return careers.rank(self, **options)

    # -- visualization (pmograph.viz) --------------------------------------
    def to_html(self, path: str | os.PathLike[str] | None = None, **options: Any) -> Any:
        """Write (or return) the interactive HTML network; see :func:`pmograph.viz.to_html`."""
        import pmograph.viz as viz

        return viz.to_html(self, path, **options)

    def show(self, **options: Any) -> Any:
        """Display the interactive network inline in a notebook."""
        import pmograph.viz as viz

        return viz.show(self, **options)


def load(
    extra: Iterable[str | os.PathLike[str]] = (),
    *,
    reason: bool = False,
    store: str = "memory",
    packaged: bool = True,
    endpoint: str | None = None,
    cache: bool | str | os.PathLike[str] = False,
    answer_first: bool = False,
) -> KnowledgeGraph:
    """Load pmograph's packaged graph, plus user files, into a :class:`KnowledgeGraph`.

    Parameters
    ----------
    extra
        Paths of RDF files to add (Turtle, TriG, N-Triples, N-Quads, RDF/XML,
        JSON-LD).  Triples outside named graphs go to a named graph of their
        own per file.
    reason
        Close the graph under OWL 2 RL (owlrl) so that inverse, transitive
        and subclass facts answer queries; inferred triples go to the named
        graph ``https://w3id.org/pmograph/id/graph/inferred``.
    store
        ``"memory"`` (rdflib, the default) or ``"oxigraph"`` (pyoxigraph, for
        large graphs).
    packaged
        Include the packaged ontology and data (default).
    endpoint
        Query a remote SPARQL 1.1 endpoint instead of local files.
    cache
        With ``store="oxigraph"``: keep the parsed store on disk, keyed on the
        files' contents (``True`` for the default cache folder, or a folder).
    answer_first
        With ``cache``: when the cache has no entry for these files, load them
        into memory and return at once, while a child process builds the entry;
        :func:`pmograph.stores.cache.write_pending` waits for it (call it once
        the answer is out).

    Raises
    ------
    DataFileError
        A file is missing or does not parse (with file, line and column).

    Examples
    --------
    >>> import pmograph
    >>> kg = pmograph.load()
    >>> len(kg.roles()) > 10
    True
    """
    if endpoint is not None:
        from pmograph.remote.client import EndpointStore

        return KnowledgeGraph(EndpointStore(endpoint))  # type: ignore[arg-type]
    from pmograph.stores.build import build_store

    built = build_store(
        extra,
        reason=reason,
        store=store,
        packaged=packaged,
        cache=cache,
        answer_first=answer_first,
    )
    return KnowledgeGraph(
        built.store, files=built.files, graph_files=built.graph_files, reasoned=built.reasoned
    )
