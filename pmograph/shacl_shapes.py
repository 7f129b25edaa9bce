"""SHACL shapes read into plain objects, for :mod:`pmograph.shacl` to evaluate.

One job: read a Turtle shapes file into :class:`NodeShape` and
:class:`PropertyShape` objects, refusing (:class:`UnsupportedShape`) any
target, path or constraint that :mod:`pmograph.shacl` does not translate, so
that the caller falls back to pyshacl instead of silently checking less.

Read: ``sh:targetClass``; on a node shape ``sh:property`` and ``sh:xone`` of
property shapes; on a property shape one IRI ``sh:path`` and ``sh:minCount``,
``sh:maxCount``, ``sh:nodeKind``, ``sh:class``, ``sh:or`` of shapes that each
name only an ``sh:class`` (the value is an instance of one of them),
``sh:datatype``, ``sh:languageIn``, ``sh:uniqueLang``, ``sh:pattern`` (with
``sh:flags``), ``sh:minInclusive``, ``sh:maxInclusive``, ``sh:minExclusive``,
``sh:maxExclusive``, ``sh:minLength``, ``sh:maxLength``, ``sh:in``, and
``sh:qualifiedValueShape`` (a shape with only ``sh:languageIn``) with
``sh:qualifiedMinCount`` / ``sh:qualifiedMaxCount``.  Shapes of a severity
other than ``sh:Violation``, and deactivated ones, are left out.

Exports: :func:`load_shapes`, :class:`NodeShape`, :class:`PropertyShape`,
:class:`UnsupportedShape`, :data:`SH`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

__all__ = ["SH", "NodeShape", "PropertyShape", "UnsupportedShape", "load_shapes"]

SH = "http://www.w3.org/ns/shacl#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_TYPE = ox.NamedNode(_RDF + "type")

_NODE_PARAMS = {
    "targetClass",
    "property",
    "name",
    "description",
    "message",
    "severity",
    "deactivated",
    "xone",
}
_PROPERTY_PARAMS = {
    "path",
    "name",
    "description",
    "message",
    "severity",
    "deactivated",
    "order",
    "group",
    "minCount",
    "maxCount",
    "nodeKind",
    "class",
    "or",
    "datatype",
    "languageIn",
    "uniqueLang",
    "pattern",
    "flags",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "minLength",
    "maxLength",
    "in",
    "qualifiedValueShape",
    "qualifiedMinCount",
    "qualifiedMaxCount",
}
Term = Any
"""A pyoxigraph term (NamedNode, BlankNode, Literal) as read from the shapes."""


class UnsupportedShape(ValueError):
    """A shape uses a SHACL feature this translator does not evaluate."""


@dataclass(frozen=True)
class PropertyShape:
    """One property shape: its path, words and constraints (raw pyoxigraph terms)."""

    node: str
    path: str
    name: str | None
    description: str | None
    message: str | None
    params: dict[str, list[Term]]
    languages: tuple[str, ...] = ()
    members: tuple[Term, ...] = ()
    """The values of ``sh:in``."""
    any_class: tuple[tuple[str, ...], ...] = ()
    """Each ``sh:or``: the classes of which a value must be an instance of one."""
    qualified_languages: tuple[str, ...] = ()
    """The ``sh:languageIn`` of the ``sh:qualifiedValueShape`` (counted values)."""


@dataclass(frozen=True)
class NodeShape:
    """A node shape: its target classes, property shapes and ``sh:xone`` lists.

    ``itself`` stands for the node shape in a violation of its own
    (``sh:xone``): its name and description, with no path.
    """

    node: str
    targets: tuple[str, ...]
    properties: tuple[PropertyShape, ...]
    xone: tuple[tuple[PropertyShape, ...], ...] = ()
    itself: PropertyShape | None = None


def load_shapes(path: Path, base_iri: str) -> list[NodeShape]:
    """Read a Turtle shapes file into node shapes.

    Raises
    ------
    UnsupportedShape
        A shape uses a target, path or constraint this module does not translate.
    """
    g = ox.Store()
    with open(path, "rb") as handle:
        g.bulk_load(handle, ox.RdfFormat.TURTLE, base_iri=base_iri)

    def objects(s: Term, p: str) -> list[Term]:
        return [q.object for q in g.quads_for_pattern(s, ox.NamedNode(SH + p), None, None)]

    def params(s: Term) -> dict[str, list[Term]]:
        found: dict[str, list[Term]] = defaultdict(list)
        for q in g.quads_for_pattern(s, None, None, None):
            if q.predicate.value.startswith(SH):
                found[q.predicate.value[len(SH) :]].append(q.object)
        return found

    def text(values: list[Term]) -> str | None:
        return str(values[0].value) if values else None

    def only(shape: Term, allowed: str, where: Term) -> list[Term]:
        """The values of the one parameter ``allowed`` of a nested shape."""
        found = params(shape)
        if set(found) != {allowed}:
            raise UnsupportedShape(f"property shape {where} nests a shape that is not sh:{allowed}")
        return found[allowed]

    def prop_shape(prop: Term) -> PropertyShape | None:
        pfound = params(prop)
        unknown = set(pfound) - _PROPERTY_PARAMS
        if unknown:
            raise UnsupportedShape(f"property shape {prop} uses sh:{', sh:'.join(sorted(unknown))}")
        paths = pfound.get("path", [])
        if len(paths) != 1 or not isinstance(paths[0], ox.NamedNode):
            raise UnsupportedShape(f"property shape {prop} has a path that is not one IRI")
        if _deactivated(pfound) or not _is_violation(pfound):
            return None
        languages: tuple[str, ...] = ()
        for head in pfound.get("languageIn", []):
            languages += tuple(str(v.value) for v in _rdf_list(g, head))
        members: tuple[Term, ...] = ()
        for head in pfound.get("in", []):
            members += tuple(_rdf_list(g, head))
        any_class = tuple(
            tuple(c.value for m in _rdf_list(g, head) for c in only(m, "class", prop))
            for head in pfound.get("or", [])
        )
        qualified: tuple[str, ...] = ()
        for shape in pfound.get("qualifiedValueShape", []):
            for head in only(shape, "languageIn", prop):
                qualified += tuple(str(v.value) for v in _rdf_list(g, head))
        return PropertyShape(
            node=str(prop),
            path=paths[0].value,
            name=text(objects(prop, "name")),
            description=text(objects(prop, "description")),
            message=text(objects(prop, "message")),
            params=dict(pfound),
            languages=languages,
            members=members,
            any_class=any_class,
            qualified_languages=qualified,
        )

    nodes = {q.subject for q in g.quads_for_pattern(None, _TYPE, ox.NamedNode(SH + "NodeShape"))}
    nodes |= {q.subject for q in g.quads_for_pattern(None, ox.NamedNode(SH + "targetClass"), None)}
    shapes = []
    for node in sorted(nodes, key=str):
        found = params(node)
        unknown = set(found) - _NODE_PARAMS
        if unknown:
            raise UnsupportedShape(f"node shape {node} uses sh:{', sh:'.join(sorted(unknown))}")
        if _deactivated(found) or not _is_violation(found):
            continue
        props = [p for p in (prop_shape(x) for x in found.get("property", [])) if p]
        xone = []
        for head in found.get("xone", []):
            members = [prop_shape(x) for x in _rdf_list(g, head)]
            xone.append(tuple(m for m in members if m is not None))
        itself = PropertyShape(
            node=str(node),
            path="",
            name=text(objects(node, "name")),
            description=text(objects(node, "description")),
            message=text(objects(node, "message")),
            params={},
        )
        targets = tuple(t.value for t in found.get("targetClass", []))
        shapes.append(NodeShape(str(node), targets, tuple(props), tuple(xone), itself))
    return shapes


def _deactivated(params: dict[str, list[Term]]) -> bool:
    return any(str(getattr(v, "value", "")) == "true" for v in params.get("deactivated", []))


def _is_violation(params: dict[str, list[Term]]) -> bool:
    return all(v.value == SH + "Violation" for v in params.get("severity", []))


def _rdf_list(g: ox.Store, head: Term) -> Iterator[Term]:
    first, rest, nil = (ox.NamedNode(_RDF + n) for n in ("first", "rest", "nil"))
    node = head
    while isinstance(node, ox.BlankNode | ox.NamedNode) and node != nil:
        for q in g.quads_for_pattern(node, first, None, None):
            yield q.object
        nxt = [q.object for q in g.quads_for_pattern(node, rest, None, None)]
        node = nxt[0] if nxt else nil
