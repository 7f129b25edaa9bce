"""The core graph object: a store, the label/class index, ``find``, ``label`` and ``query``.

Every service (:mod:`pmograph.sparql`, :mod:`pmograph.careers`,
:mod:`pmograph.viz`, :mod:`pmograph.validate`, :mod:`pmograph.export`, ...)
takes a :class:`CoreGraph` as its argument; the public facade
:class:`pmograph.kg.KnowledgeGraph` extends it with delegations to those
services.  :func:`pmograph.stores.build.build_store` makes the store from files.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmograph.errors import UnknownResource
from pmograph.index import SHORT_NAMES, Index, most_specific, prefer, suggest
from pmograph.namespaces import CLASS_NAMES, PMGID_IRI
from pmograph.terms import IRI

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import rdflib

    from pmograph.sparql.results import QueryResult
    from pmograph.stores import Store


class CoreGraph:
    """A graph held in a store, with its index and the lookups every service needs.

    ``store`` is the backend (:class:`~pmograph.stores.memory.MemoryStore`,
    :class:`~pmograph.stores.oxigraph.OxigraphStore` or a remote endpoint);
    ``dataset`` the rdflib ``Dataset`` for anything the helpers do not cover;
    ``index`` the types, labels and links (:class:`~pmograph.index.Index`).
    """

    def __init__(
        self,
        store: Store,
        *,
        files: Sequence[Path] = (),
        graph_files: dict[str, str] | None = None,
        reasoned: bool = False,
        index: Index | None = None,
    ) -> None:
        self.store = store
        self.files = list(files)
        self.graph_files = dict(graph_files or {})
        self.reasoned = reasoned
        self._index: Index | None = index
        """The store's index (``index=``: one read before, such as a prebuilt one)."""
        self._dataset: rdflib.Dataset | None = None

    # -- the data ---------------------------------------------------------
    @property
    def dataset(self) -> rdflib.Dataset:
        """The rdflib ``Dataset`` (default graph = union of the named graphs).

        For the oxigraph store this is a copy made on first use.
        """
        if self.store.kind == "memory":
            return self.store.dataset  # type: ignore[attr-defined, no-any-return]
        if self._dataset is None:
            from pmograph.stores.memory import MemoryStore

            self._dataset = MemoryStore.from_quads(
                self.store.store.quads_for_pattern(None, None, None, None)  # type: ignore[attr-defined]
            ).dataset
        return self._dataset

    def __len__(self) -> int:
        return len(self.store)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.store.kind} store, {len(self)} quads, {len(self.files)} files>"

    @property
    def index(self) -> Index:
        """Types, labels and definitions of every resource, built once."""
        if self._index is None:
            self._index = Index.build(self.store)
        return self._index

    # -- lookups ----------------------------------------------------------
    def label(self, iri: str) -> str:
        """The preferred label of a resource, or its IRI's last segment."""
        return self.index.labels.get(iri) or IRI(iri).local_name()

    def roles(self) -> list[IRI]:
        """Every role, sorted by label."""
        return self.of_class("Role")

    def of_class(self, cls: str) -> list[IRI]:
        """Every resource of a pmograph class (``"Role"`` or a short name such as ``"skill"``)."""
        name = CLASS_NAMES.get(cls, cls)
        found = [IRI(i) for i, c in self.index.classes.items() if name in c]
        return sorted(found, key=lambda i: (self.label(i).lower(), i))

    def find(self, name: str, *, cls: str | None = "Role") -> IRI:
        """The resource a label, alternative title or IRI names.

        Labels match case-insensitively, on ``skos:prefLabel`` and
        ``skos:altLabel``.  ``cls=None`` searches every class.  When several
        resources match, a preferred label beats an alternative title, and a
        resource of pmograph's own (or of a user's file) beats one imported
        from ESCO or O*NET.

        Raises
        ------
        UnknownResource
            Nothing matches (the message lists the closest labels), or the
            name is ambiguous (the message lists the candidates).

        Examples
        --------
        >>> import pmograph
        >>> kg = pmograph.load()
        >>> kg.label(kg.find("project manager"))
        'Project Manager'
        """
        wanted = CLASS_NAMES.get(cls, cls) if cls else None
        idx = self.index

        def ok(iri: str) -> bool:
            return wanted is None or wanted in idx.classes.get(iri, ())

        text = name.strip()
        if not text:
            raise UnknownResource(
                f"an empty name names no {(wanted or 'resource').lower()}; give a label"
            )
        for candidate in (text, PMGID_IRI + text.lstrip("/")):
            if candidate in idx.classes and ok(candidate):
                return IRI(candidate)
        key = " ".join(text.lower().split())
        hits = sorted({i for i in idx.by_label.get(key, ()) if ok(i)})
        if len(hits) > 1:
            hits = prefer(hits, key, idx.labels)
        if len(hits) == 1:
            return IRI(hits[0])
        kind = (wanted or "resource").lower() if wanted != "OrganisationalUnit" else "unit"
        if len(hits) > 1:
            names = "; ".join(f"{self.label(h)} <{h}>" for h in hits)
            raise UnknownResource(
                f"{name!r} names several {kind}s: {names}; give the IRI instead",
                candidates=list(hits),
            )
        close = suggest(idx, key, ok)
        elsewhere = ""
        if wanted is not None:
            other = sorted(i for i in idx.by_label.get(key, ()) if not ok(i))
            if other:
                what = most_specific(idx.classes.get(other[0], ())) or "resource"
                spelled = idx.spelling.get(key, name)
                full = self.label(other[0])
                also = f" ({full})" if full != spelled else ""
                elsewhere = (
                    f"; {spelled!r} is a {SHORT_NAMES.get(what, what.lower())}{also}, not a {kind}"
                )
        hint = (
            f"; did you mean: {', '.join(close)}?"
            if close
            else "; check the spelling (`pmograph query --name roles-by-level` lists the roles)"
        )
        raise UnknownResource(f"no {kind} is called {name!r}{elsewhere}{hint}", candidates=close)

    def counts(self) -> dict[str, int]:
        """What the graph holds: quads, named graphs and resources by class."""
        out = {"quads": len(self), "named graphs": len(self.store.graph_names())}
        for short, cls in CLASS_NAMES.items():
            out[f"{short} resources"] = len(self.of_class(cls))
        return out

    # -- SPARQL -----------------------------------------------------------
    def query(
        self,
        sparql: str,
        bindings: dict[str, Any] | None = None,
        *,
        timeout: float | None = 30.0,
        allow_remote: bool = False,
        **more_bindings: Any,
    ) -> QueryResult:
        """Run a read-only SPARQL query safely; see :func:`pmograph.query.run`.

        Keyword arguments bind variables before evaluation (``role=IRI(...)``,
        ``name="x"``); values are bound, never pasted into the query text.
        """
        from pmograph.sparql.engine import run

        merged = {**(bindings or {}), **more_bindings}
        return run(self, sparql, merged, timeout=timeout, allow_remote=allow_remote)

    # -- networkx ---------------------------------------------------------
    def to_networkx(self, *, include_literals: bool = False) -> nx.MultiDiGraph:
        """The instance data as a ``networkx.MultiDiGraph``.

        Nodes are the resources typed with a pmograph class; each carries
        ``label``, ``cls`` (short class name: role, skill, ...), ``definition``
        and ``alt_labels``.  Edges are the triples between two such nodes,
        keyed and labelled by the property's local name (``property``) with
        its full IRI as ``predicate``.  The ontology itself is left out.
        """
        import networkx as nx

        idx = self.index
        g = nx.MultiDiGraph()
        for iri, classes in idx.classes.items():
            cls = most_specific(classes)
            if cls is None:
                continue
            g.add_node(
                iri,
                label=idx.labels.get(iri) or IRI(iri).local_name(),
                cls=SHORT_NAMES.get(cls, cls.lower()),
                definition=idx.definitions.get(iri, ""),
                alt_labels=sorted(idx.alt_labels.get(iri, ())),
            )
        for s, p, o in idx.edges:
            if s in g and o in g:
                prop = IRI(p).local_name()
                g.add_edge(s, o, key=prop, property=prop, predicate=p)
        return g
