"""The entailments the ontology declares, materialised when the graph is built.

A user who writes the property the README documents gets the answer without
``--reason``: ``pmg:requiresSkill`` finds every essential and optional skill,
``pmg:progressesFrom`` and ``pmg:canLeadTo`` answer from the stated
``pmg:progressesTo`` steps, ``pmg:relatedRole`` holds in both directions, and
``?x a pmg:Qualification`` includes certifications.

:func:`entailed_quads` reads the schema axioms from the quads themselves
(``rdfs:subPropertyOf``, ``owl:inverseOf``, ``owl:SymmetricProperty``,
``owl:TransitiveProperty``, ``rdfs:subClassOf``) and derives, to a fixpoint:

* ``s q o`` for every super-property ``q`` of a stated ``s p o``;
* ``o r s`` for every inverse ``r`` of such a ``q``, and ``o q s`` for a
  symmetric ``q``;
* the transitive closure of every transitive property;
* ``x a D`` for every superclass ``D`` of a stated class of ``x``.

Nothing else: no domains or ranges (some are unions), no ``owl:sameAs``; the
full OWL 2 RL closure stays behind ``load(reason=True)``.  Derived triples
that some graph already states are left out, and the rest go to the named
graph :data:`ENTAILED_GRAPH_IRI`, described in the default graph as
pmograph's own derivation (``prov:wasGeneratedBy`` the entailment activity,
no ``prov:wasDerivedFrom``), so that ``pmograph why`` never cites it as a
source.

This is a pure-Python, semi-naive pass over the quads whose predicate has a
consequence: each triple's one-step consequences are worked out once, when
the triple first appears, and a transitive property's closure is recomputed
(from that property's own edges, by a search from each node) only after
rules other than transitivity gave it new edges.  The cyclic garbage
collector is paused meanwhile (it would otherwise walk the million live quad
objects again and again).  On the packaged graph the pass takes about a
millisecond; on packaged + full ESCO 1.1.1 + O*NET (1.1 million quads,
155,000 entailed) about a second, where recomputing every closure over every
known triple in each fixpoint round took five to nine.  The closure is
bounded by ``PMOGRAPH_MAX_ENTAILED``; the query command's cache keeps the
result with the parsed store.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from pmograph.errors import InputError
from pmograph.limits import max_entailed
from pmograph.namespaces import ENTAILED_GRAPH_IRI, PMGID_IRI, PREFIXES

__all__ = ["ENTAILED_GRAPH_IRI", "ENTAILMENT_ACTIVITY_IRI", "entailed_in_store", "entailed_quads"]

ENTAILMENT_ACTIVITY_IRI = PMGID_IRI + "activity/entailment"
"""The activity (``prov:Activity``) that generates :data:`ENTAILED_GRAPH_IRI`."""

_RDF, _RDFS, _OWL = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"]
_TYPE = _RDF + "type"
_SUBPROP = _RDFS + "subPropertyOf"
_SUBCLASS = _RDFS + "subClassOf"
_INVERSE = _OWL + "inverseOf"
_SYMMETRIC = _OWL + "SymmetricProperty"
_TRANSITIVE = _OWL + "TransitiveProperty"
_AXIOMS = (_SUBPROP, _SUBCLASS, _INVERSE, _TYPE)
"""The predicates of the axioms :class:`_Schema` reads."""

Term = ox.NamedNode | ox.BlankNode
Triple = tuple[Term, ox.NamedNode, Any]


def _up(edges: dict[str, set[str]], start: str) -> set[str]:
    """``start`` and everything above it along ``edges`` (cycle-safe)."""
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


class _Schema:
    """The axioms that have consequences, closed over sub-property and sub-class."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        sub_p: dict[str, set[str]] = defaultdict(set)
        sub_c: dict[str, set[str]] = defaultdict(set)
        inverse: dict[str, set[str]] = defaultdict(set)
        self.symmetric: set[str] = set()
        self.transitive: set[str] = set()
        for q in quads:
            p, s, o = q.predicate.value, q.subject, q.object
            if type(s) is not ox.NamedNode or type(o) is not ox.NamedNode:
                continue
            if p == _SUBPROP:
                sub_p[s.value].add(o.value)
            elif p == _SUBCLASS:
                sub_c[s.value].add(o.value)
            elif p == _INVERSE:
                inverse[s.value].add(o.value)
                inverse[o.value].add(s.value)
            elif p == _TYPE and o.value == _SYMMETRIC:
                self.symmetric.add(s.value)
            elif p == _TYPE and o.value == _TRANSITIVE:
                self.transitive.add(s.value)
        props = set(sub_p) | set(inverse) | self.symmetric | self.transitive
        self.supers = {p: _up(sub_p, p) for p in props}
        """Property -> itself and its super-properties (only properties with consequences)."""
        self.inverse = dict(inverse)
        self.superclasses = {c: _up(sub_c, c) - {c} for c in sub_c}
        """Class -> its strict superclasses."""

    def consequences(self, s: Term, p: str, o: object) -> Iterable[Triple]:
        """What one triple entails in one step (super-properties, inverses, symmetry)."""
        for q in self.supers.get(p, (p,)):
            if q != p:
                yield (s, ox.NamedNode(q), o)
            if type(o) is ox.NamedNode or type(o) is ox.BlankNode:
                for r in self.inverse.get(q, ()):
                    yield (o, ox.NamedNode(r), s)  # type: ignore[misc]
                if q in self.symmetric:
                    yield (o, ox.NamedNode(q), s)  # type: ignore[misc]


class _Closure:
    """The entailed triples, derived semi-naively: each triple's consequences are
    worked out once, when it first appears, and a transitive property's closure is
    recomputed from its own edges only, and only after new edges of it appear."""

    def __init__(self, schema: _Schema, bound: int) -> None:
        self.schema = schema
        self.bound = bound
        self.known: dict[str, set[tuple[Any, Any]]] = defaultdict(set)
        """Predicate -> every (subject, object) stated or derived with it."""
        self.derived: list[Triple] = []
        self.todo: list[Triple] = []
        self.grown: set[str] = set()
        """Transitive properties with edges their last closure did not see."""

    def state(self, s: Any, p: ox.NamedNode, o: Any, *, active: bool) -> None:
        """A stated triple: known, and (when ``active``) its consequences to derive."""
        pairs = self.known[p.value]
        if (s, o) in pairs:
            return
        pairs.add((s, o))
        if active:
            self.todo.append((s, p, o))
            if p.value in self.schema.transitive:
                self.grown.add(p.value)

    def add(self, s: Any, p: ox.NamedNode, o: Any) -> None:
        """A derived triple, unless some graph states it or it was derived already."""
        pairs = self.known[p.value]
        if (s, o) in pairs:
            return
        pairs.add((s, o))
        self.derived.append((s, p, o))
        self.todo.append((s, p, o))
        if p.value in self.schema.transitive:
            self.grown.add(p.value)

    def run(self) -> list[Triple]:
        """Derive to a fixpoint; the derived triples, in the order they appeared."""
        schema = self.schema
        classes = {
            c: [ox.NamedNode(d) for d in sorted(up)] for c, up in schema.superclasses.items()
        }
        props = {p: [ox.NamedNode(q) for q in sorted(up)] for p, up in schema.supers.items()}
        inverse = {p: [ox.NamedNode(r) for r in sorted(rs)] for p, rs in schema.inverse.items()}
        while self.todo or self.grown:
            while self.todo:
                s, pred, o = self.todo.pop()
                p = pred.value
                if p == _TYPE:
                    for c in (
                        classes.get(getattr(o, "value", ""), ()) if type(o) is ox.NamedNode else ()
                    ):
                        self.add(s, pred, c)
                    continue
                resource = type(o) is ox.NamedNode or type(o) is ox.BlankNode
                for q in props.get(p, (pred,)):
                    if q.value != p:
                        self.add(s, q, o)
                    if resource:
                        for r in inverse.get(q.value, ()):
                            self.add(o, r, s)
                        if q.value in schema.symmetric:
                            self.add(o, q, s)
            for prop in sorted(self.grown):
                self._close(prop)
                self.grown.discard(prop)  # closed: its own new edges need no second pass
        return self.derived

    def _close(self, prop: str) -> None:
        """Add the pairs the transitive closure of ``prop`` lacks (bounded).

        Raises
        ------
        InputError
            The closure would add more than ``bound`` triples.
        """
        succ: dict[Any, list[Any]] = defaultdict(list)
        for s, o in self.known[prop]:
            succ[s].append(o)
        pairs = self.known[prop]
        node = ox.NamedNode(prop)
        added = 0
        for start in list(succ):
            reach: set[Any] = set()
            stack = list(succ[start])
            while stack:
                nxt = stack.pop()
                if nxt in reach:
                    continue
                reach.add(nxt)
                stack.extend(succ.get(nxt, ()))
            for o in reach:
                if (start, o) not in pairs:
                    self.add(start, node, o)
                    added += 1
            if added > self.bound:
                raise InputError(
                    f"the transitive closure of <{prop}> would add more than {self.bound:,} "
                    f"triples (its chains of steps are very long: {len(succ):,} roles start one); "
                    "shorten the chains or raise PMOGRAPH_MAX_ENTAILED"
                )


def entailed_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads the ontology's axioms entail from ``quads``, in the entailed graph.

    Parameters
    ----------
    quads : list of pyoxigraph.Quad
        Everything loaded: ontology, data and user files.

    Returns
    -------
    list of pyoxigraph.Quad
        The entailed triples no graph states, in :data:`ENTAILED_GRAPH_IRI`,
        in a stable order, followed by the graph's description in the default
        graph.  Empty when nothing is entailed.

    Raises
    ------
    InputError
        A transitive closure would add more than ``PMOGRAPH_MAX_ENTAILED`` triples.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> pmg = "https://w3id.org/pmograph/ns#"
    >>> a, b = ox.NamedNode("urn:a"), ox.NamedNode("urn:b")
    >>> quads = [
    ...     ox.Quad(ox.NamedNode(pmg + "progressesTo"),
    ...             ox.NamedNode("http://www.w3.org/2002/07/owl#inverseOf"),
    ...             ox.NamedNode(pmg + "progressesFrom")),
    ...     ox.Quad(a, ox.NamedNode(pmg + "progressesTo"), b),
    ... ]
    >>> [(str(q.subject), q.predicate.value[len(pmg):], str(q.object))
    ...  for q in entailed_quads(quads) if q.predicate.value.startswith(pmg)]
    [('<urn:b>', 'progressesFrom', '<urn:a>')]
    """
    # A million quads make a million live objects: the cyclic collector's passes over
    # them, not the derivation, would dominate (and nothing here makes a cycle).
    collecting = gc.isenabled()
    gc.disable()
    try:
        by_predicate: dict[str, list[ox.Quad]] = defaultdict(list)
        for q in quads:
            by_predicate[q.predicate.value].append(q)
        schema = _Schema(q for p in _AXIOMS for q in by_predicate.get(p, ()))
        derived = _derive(schema, by_predicate, max_entailed())
        if not derived:
            return []
        graph = ox.NamedNode(ENTAILED_GRAPH_IRI)
        keyed = sorted((str(s), p.value, str(o), s, p, o) for s, p, o in derived)
        out = [ox.Quad(s, p, o, graph) for _s, _p, _o, s, p, o in keyed]
        return out + _description(graph)
    finally:
        if collecting:
            gc.enable()


def entailed_in_store(store: ox.Store) -> list[ox.Quad]:
    """:func:`entailed_quads` of everything ``store`` holds, reading only what matters.

    The same quads as ``entailed_quads(list(store))``, without making a Python
    object of every quad: the schema axioms are read first, then only the
    quads whose predicate has a consequence and the ``rdf:type`` quads of the
    classes that have superclasses (all of them only if a property implies
    ``rdf:type``).  Reading an on-disk store costs about ten times as much per
    quad as building the objects from a memory one.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _entailed_in_store(store)
    finally:
        if collecting:
            gc.enable()


def _entailed_in_store(store: ox.Store) -> list[ox.Quad]:
    def read(p: str, o: str | None = None) -> list[ox.Quad]:
        obj = ox.NamedNode(o) if o is not None else None
        return list(store.quads_for_pattern(None, ox.NamedNode(p), obj))

    axioms = [q for p in (_SUBPROP, _SUBCLASS, _INVERSE) for q in read(p)]
    axioms += [q for c in (_SYMMETRIC, _TRANSITIVE) for q in read(_TYPE, c)]
    schema = _Schema(axioms)
    consequent = _consequent(schema)
    goals = set(schema.superclasses).union(*schema.superclasses.values())
    if _TYPE in consequent:
        typed = read(_TYPE)
    else:
        typed = [q for c in sorted(goals) for q in read(_TYPE, c)]
    wanted = (set(schema.supers) | consequent) - {_SUBPROP, _SUBCLASS, _INVERSE, _TYPE}
    return entailed_quads(axioms + typed + [q for p in sorted(wanted) for q in read(p)])


def _derive(schema: _Schema, by_predicate: dict[str, list[ox.Quad]], bound: int) -> list[Triple]:
    """Every triple the axioms entail that no graph states."""
    closure = _Closure(schema, bound)
    consequent = _consequent(schema)
    classes = set(schema.superclasses)
    goals = classes.union(*schema.superclasses.values())
    for p in sorted((set(schema.supers) | consequent) - {_TYPE}):
        for q in by_predicate.get(p, ()):
            closure.state(q.subject, q.predicate, q.object, active=p in schema.supers)
    every_type = _TYPE in consequent  # a sub-property of rdf:type may derive any class
    for q in by_predicate.get(_TYPE, ()):
        o = q.object
        cls = o.value if isinstance(o, ox.NamedNode) else None
        if every_type or cls in goals:
            closure.state(q.subject, q.predicate, o, active=cls in classes)
    return closure.run()


def _consequent(schema: _Schema) -> set[str]:
    """Predicates a derivation may produce (so that stated ones are not re-added)."""
    out: set[str] = set()
    for ps in schema.supers.values():
        out |= ps
    for rs in schema.inverse.values():
        out |= rs
    return out


def _description(graph: ox.NamedNode) -> list[ox.Quad]:
    rdf_type = ox.NamedNode(_TYPE)
    prov, dct = PREFIXES["prov"], PREFIXES["dcterms"]
    activity = ox.NamedNode(ENTAILMENT_ACTIVITY_IRI)
    dg = ox.DefaultGraph()
    text = (
        "What the pmograph ontology's axioms (sub-properties, inverses, symmetric and "
        "transitive properties, sub-classes) entail from the stated facts, materialised "
        "when the graph is built. Not a source: each triple here follows from triples "
        "that named graphs state."
    )
    return [
        ox.Quad(graph, rdf_type, ox.NamedNode(prov + "Entity"), dg),
        ox.Quad(graph, ox.NamedNode(dct + "title"), ox.Literal("Entailed by the ontology"), dg),
        ox.Quad(graph, ox.NamedNode(dct + "description"), ox.Literal(text), dg),
        ox.Quad(graph, ox.NamedNode(prov + "wasGeneratedBy"), activity, dg),
        ox.Quad(activity, rdf_type, ox.NamedNode(prov + "Activity"), dg),
    ]
