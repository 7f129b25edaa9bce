"""The knowledge graph: a store of quads plus the questions people ask of it.

:func:`load` reads the packaged ontology and data (and any user files) into a
:class:`KnowledgeGraph`.  Its methods are thin: each delegates to the module
that owns the concern (query, careers, viz, validate), so the command line and
the library share one implementation.
"""

from __future__ import annotations

import difflib
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmograph.errors import InputError, UnknownResource
from pmograph.namespaces import CLASS_NAMES, PMG_IRI, PMGID_IRI, PREFIXES
from pmograph.terms import IRI

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import rdflib

    from pmograph.stores import Store

_RDF_TYPE = PREFIXES["rdf"] + "type"
_PREF = PREFIXES["skos"] + "prefLabel"
_ALT = PREFIXES["skos"] + "altLabel"
_DEF = PREFIXES["skos"] + "definition"
# Most specific first: a certification is also a qualification.
_CLASS_ORDER = [
    "Certification",
    "Role",
    "OrganisationalUnit",
    "Activity",
    "Skill",
    "Qualification",
    "Organisation",
    "Level",
    "Seniority",
    "ResponsibilityLevel",
    "EmployerType",
]
_SHORT = {v: k for k, v in CLASS_NAMES.items()}
INFERRED_GRAPH_IRI = PMGID_IRI + "graph/inferred"


class KnowledgeGraph:
    """pmograph's graph, held in a store, with helpers for common questions.

    Build one with :func:`pmograph.load`.  ``store`` is the backend
    (:class:`~pmograph.stores.memory.MemoryStore` by default);
    ``dataset`` the rdflib ``Dataset`` for anything the helpers do not cover.
    """

    def __init__(
        self,
        store: Store,
        *,
        files: Sequence[Path] = (),
        graph_files: dict[str, str] | None = None,
        reasoned: bool = False,
    ) -> None:
        self.store = store
        self.files = list(files)
        self.graph_files = dict(graph_files or {})
        self.reasoned = reasoned
        self._index: _Index | None = None
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
        return (
            f"<KnowledgeGraph {self.store.kind} store, {len(self)} quads, {len(self.files)} files>"
        )

    @property
    def index(self) -> _Index:
        """Types, labels and definitions of every resource, built once."""
        if self._index is None:
            self._index = _Index.build(self.store)
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
            hits = _prefer(hits, key, idx.labels)
        if len(hits) == 1:
            return IRI(hits[0])
        kind = (wanted or "resource").lower() if wanted != "OrganisationalUnit" else "unit"
        if len(hits) > 1:
            names = "; ".join(f"{self.label(h)} <{h}>" for h in hits)
            raise UnknownResource(
                f"{name!r} names several {kind}s: {names}; give the IRI instead",
                candidates=list(hits),
            )
        labels = sorted({lab for lab, iris in idx.by_label.items() if any(ok(i) for i in iris)})
        close = difflib.get_close_matches(key, labels, n=5, cutoff=0.5)
        if not close:
            close = [lab for lab in labels if key in lab or lab in key][:5]
        close = [idx.spelling.get(lab, lab) for lab in close]
        hint = (
            f"; did you mean: {', '.join(close)}?"
            if close
            else "; check the spelling (`pmograph query --name roles-by-level` lists the roles)"
        )
        raise UnknownResource(f"no {kind} is called {name!r}{hint}", candidates=close)

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
    ) -> Any:
        """Run a read-only SPARQL query safely; see :func:`pmograph.query.run`.

        Keyword arguments bind variables before evaluation (``role=IRI(...)``,
        ``name="x"``); values are bound, never pasted into the query text.
        """
        import pmograph.query as q

        merged = {**(bindings or {}), **more_bindings}
        return q.run(self, sparql, merged, timeout=timeout, allow_remote=allow_remote)

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
            cls = _most_specific(classes)
            if cls is None:
                continue
            g.add_node(
                iri,
                label=idx.labels.get(iri) or IRI(iri).local_name(),
                cls=_SHORT.get(cls, cls.lower()),
                definition=idx.definitions.get(iri, ""),
                alt_labels=sorted(idx.alt_labels.get(iri, ())),
            )
        for s, p, o in idx.edges:
            if s in g and o in g:
                prop = IRI(p).local_name()
                g.add_edge(s, o, key=prop, property=prop, predicate=p)
        return g

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


_IMPORTED = (PMGID_IRI + "esco/", PMGID_IRI + "onet/")


def _prefer(hits: list[str], key: str, labels: dict[str, str]) -> list[str]:
    """Narrow several matches: a preferred-label match beats an alternative
    title, and pmograph's own (or a user's) resource beats one imported from
    ESCO or O*NET, which the packaged alignments link to it anyway."""
    by_pref = [h for h in hits if " ".join(labels.get(h, "").lower().split()) == key]
    hits = by_pref or hits
    own = [h for h in hits if not h.startswith(_IMPORTED)]
    return own if len(own) == 1 else hits


def _most_specific(classes: Iterable[str]) -> str | None:
    present = set(classes)
    for name in _CLASS_ORDER:
        if name in present:
            return name
    return None


class _Index:
    """Per-resource types, labels and definitions, and the IRI-to-IRI triples."""

    def __init__(self) -> None:
        self.classes: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, str] = {}
        self.alt_labels: dict[str, set[str]] = defaultdict(set)
        self.definitions: dict[str, str] = {}
        self.by_label: dict[str, set[str]] = defaultdict(set)
        self.spelling: dict[str, str] = {}
        """Normalised label -> the label as written."""
        self.edges: list[tuple[str, str, str]] = []

    @classmethod
    def build(cls, store: Store) -> _Index:
        """Read what the index needs from ``store.index_quads`` (raw strings, no conversion)."""
        from pmograph.namespaces import ONTOLOGY_IRI

        idx = cls()
        seen: set[tuple[str, str, str]] = set()
        wanted = frozenset((_RDF_TYPE, _PREF, _ALT, _DEF))
        for s, p, o, o_is_iri in store.index_quads(wanted, PMG_IRI, ONTOLOGY_IRI):
            if p == _RDF_TYPE:
                if o_is_iri and o.startswith(PMG_IRI):
                    idx.classes[s].add(o[len(PMG_IRI) :])
            elif o_is_iri:
                if p.startswith(PMG_IRI):
                    t = (s, p, o)
                    if t not in seen:
                        seen.add(t)
                        idx.edges.append(t)
            elif p == _DEF:
                idx.definitions.setdefault(s, o)
            elif p in (_PREF, _ALT):
                key = " ".join(o.lower().split())
                if p == _PREF:
                    idx.labels.setdefault(s, o)
                else:
                    idx.alt_labels[s].add(o)
                idx.by_label[key].add(s)
                idx.spelling.setdefault(key, o)
        return idx


def load(
    extra: Iterable[str | os.PathLike[str]] = (),
    *,
    reason: bool = False,
    store: str = "memory",
    packaged: bool = True,
    endpoint: str | None = None,
    cache: bool | str | os.PathLike[str] = False,
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
    if store not in ("memory", "oxigraph"):
        raise InputError(f"unknown store {store!r}; use memory or oxigraph")
    if store == "oxigraph" and cache and not reason:
        from pmograph.stores.cache import load_cached

        return load_cached(list(extra), packaged=packaged, cache=cache)
    from pmograph.loader import read_files

    data = read_files(extra, packaged=packaged)
    quads = data.quads
    if reason:
        quads = quads + _owl_rl_closure(quads)
    backend: Store
    if store == "oxigraph":
        from pmograph.stores.oxigraph import OxigraphStore

        backend = OxigraphStore.from_quads(quads)
    else:
        from pmograph.stores.memory import MemoryStore

        backend = MemoryStore.from_quads(quads)
    return KnowledgeGraph(backend, files=data.files, graph_files=data.graph_files, reasoned=reason)


def _owl_rl_closure(quads: list[Any]) -> list[Any]:
    """The triples OWL 2 RL adds to the union of ``quads``, in the inferred graph."""
    import owlrl
    import pyoxigraph as ox
    from rdflib import Graph

    from pmograph.stores.convert import ox_to_rdflib, rdflib_to_ox

    union = Graph()
    for q in quads:
        union.add((ox_to_rdflib(q.subject), ox_to_rdflib(q.predicate), ox_to_rdflib(q.object)))
    before = set(union)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(union)
    target = ox.NamedNode(INFERRED_GRAPH_IRI)
    out = []
    for s, p, o in union:
        if (s, p, o) in before:
            continue
        # owlrl asserts literals as subjects and other oddities; keep only valid RDF.
        try:
            out.append(ox.Quad(rdflib_to_ox(s), rdflib_to_ox(p), rdflib_to_ox(o), target))
        except (TypeError, ValueError):
            continue
    return out
