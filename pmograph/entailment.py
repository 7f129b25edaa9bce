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

This is a pure-Python pass over the quads whose predicate has a consequence:
on the packaged graph it takes about a millisecond, and the query command's
cache keeps the result with the parsed store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from pmograph.errors import InputError
from pmograph.limits import max_entailed
from pmograph.namespaces import ENTAILED_GRAPH_IRI, PMGID_IRI, PREFIXES

__all__ = ["ENTAILED_GRAPH_IRI", "ENTAILMENT_ACTIVITY_IRI", "entailed_quads"]

ENTAILMENT_ACTIVITY_IRI = PMGID_IRI + "activity/entailment"
"""The activity (``prov:Activity``) that generates :data:`ENTAILED_GRAPH_IRI`."""

_RDF, _RDFS, _OWL = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"]
_TYPE = _RDF + "type"
_SUBPROP = _RDFS + "subPropertyOf"
_SUBCLASS = _RDFS + "subClassOf"
_INVERSE = _OWL + "inverseOf"
_SYMMETRIC = _OWL + "SymmetricProperty"
_TRANSITIVE = _OWL + "TransitiveProperty"

Term = ox.NamedNode | ox.BlankNode
Triple = tuple[Term, ox.NamedNode, object]


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


def _transitive(triples: set[Triple], prop: str, bound: int) -> set[Triple]:
    """The triples the transitive closure of ``prop`` adds to ``triples``.

    Raises
    ------
    InputError
        The closure would hold more than ``bound`` triples.
    """
    succ: dict[object, set[object]] = defaultdict(set)
    for s, p, o in triples:
        if p.value == prop:
            succ[s].add(o)
    node = ox.NamedNode(prop)
    out: set[Triple] = set()
    for start in succ:
        reach: set[object] = set()
        todo = list(succ[start])
        while todo:
            nxt = todo.pop()
            if nxt in reach:
                continue
            reach.add(nxt)
            todo.extend(succ.get(nxt, ()))
        for o in reach - succ[start]:
            out.add((start, node, o))  # type: ignore[arg-type]
        if len(out) > bound:
            raise InputError(
                f"the transitive closure of <{prop}> would add more than {bound:,} triples "
                f"(its chains of steps are very long: {len(succ):,} roles start one); shorten "
                "the chains or raise PMOGRAPH_MAX_ENTAILED"
            )
    return out


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
    bound = max_entailed()
    schema = _Schema(quads)
    types = schema.superclasses
    typed = _named(types)
    consequent = _consequent(schema)
    stated: set[Triple] = set()
    todo: list[Triple] = []
    for q in quads:
        p = q.predicate.value
        if p in schema.supers or (p == _TYPE and q.object in typed):
            t = (q.subject, q.predicate, q.object)
            if t not in stated:
                stated.add(t)  # type: ignore[arg-type]
                todo.append(t)  # type: ignore[arg-type]
        elif p == _TYPE or p in consequent:
            stated.add((q.subject, q.predicate, q.object))  # type: ignore[arg-type]
    derived: set[Triple] = set()
    everything = set(stated)
    while todo:
        fresh: list[Triple] = []
        for s, pred, o in todo:
            if pred.value == _TYPE:
                for c in sorted(types.get(o.value, ())):  # type: ignore[attr-defined]
                    fresh.append((s, pred, ox.NamedNode(c)))
            else:
                fresh.extend(schema.consequences(s, pred.value, o))
        new = [t for t in dict.fromkeys(fresh) if t not in everything]
        everything.update(new)
        derived.update(new)
        for prop in sorted(schema.transitive):
            more = _transitive(everything, prop, bound) - everything
            everything.update(more)
            derived.update(more)
            new.extend(more)
        todo = new
    if not derived:
        return []
    graph = ox.NamedNode(ENTAILED_GRAPH_IRI)
    out = [ox.Quad(s, p, o, graph) for s, p, o in sorted(derived, key=_order)]  # type: ignore[arg-type]
    return out + _description(graph)


def _named(types: dict[str, set[str]]) -> set[ox.NamedNode]:
    return {ox.NamedNode(c) for c in types}


def _consequent(schema: _Schema) -> set[str]:
    """Predicates a derivation may produce (so that stated ones are not re-added)."""
    out: set[str] = set()
    for ps in schema.supers.values():
        out |= ps
    for rs in schema.inverse.values():
        out |= rs
    return out


def _order(t: Triple) -> tuple[str, str, str]:
    return (str(t[0]), t[1].value, str(t[2]))


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
