"""The Progressions and Requirements sheets: career steps and qualified requirements.

A progression names two roles (of the workbook or of the graph) and states
``pmg:progressesTo``; the workbook's progressions must not form a cycle.  A
requirement states a ``pmg:Requirement`` node (``requiredSkill`` or
``requiredQualification``, ``importance``, an optional SFIA ``requiredLevel``)
and, beside it, the shortcut triple (``pmg:requiresEssentialSkill`` ...).
"""

from __future__ import annotations

import itertools
from typing import Any, Protocol
from urllib.parse import quote

import pyoxigraph as ox

from pmograph.frameworks import schema as sc
from pmograph.frameworks.names import Names


class Sheets(Protocol):
    """What the relations need of the reader: rows, values, references, output."""

    sheets: dict[str, list[Any]]
    names: Names

    def value(self, sheet: str, row: Any, key: str) -> str | None: ...

    def ref(self, row: Any, key: str, text: str, classes: tuple[str, ...]) -> str | None: ...

    def problem(self, where: str, message: str) -> None: ...

    def graph_for(self, row: Any) -> ox.NamedNode: ...

    def emit(self, s: ox.NamedNode, p: str, o: Any, g: Any) -> None: ...


_XSD_INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
REQUIREMENT_IRI = sc.USER_IRI + "requirement/"


def requirement_iri(role: str, target: str) -> str:
    """The IRI of a workbook's requirement: ``id/user/requirement/{role}/{target}``."""

    def slug(iri: str) -> str:
        for kind in ("role", "skill", "certification"):
            short = sc.local_id(kind, iri)
            if short != iri:
                return short
        return quote(iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1], safe="") or "x"

    return f"{REQUIREMENT_IRI}{slug(role)}/{slug(target)}"


def relations(reader: Sheets) -> None:
    """Add the progressions and requirements of ``reader``'s sheets (problems to ``reader``)."""
    _progressions(reader)
    _requirements(reader)


def _progressions(reader: Sheets) -> None:
    import networkx as nx

    steps = nx.DiGraph()
    for row in reader.sheets.get("Progressions", []):
        ends = []
        for key in ("from", "to"):
            text = reader.value("Progressions", row, key)
            ends.append(reader.ref(row, key, text, ("Role",)) if text else None)
        source, target = ends
        if source is None or target is None:
            continue
        if source == target:
            reader.problem(
                row.at("to"),
                f"a role cannot progress to itself ({reader.names.label(source)}); name another role",
            )
            continue
        if steps.has_edge(source, target):
            first = steps.edges[source, target]["row"]
            reader.problem(
                row.at("from"), f"the same progression as row {first}; delete one of them"
            )
            continue
        steps.add_edge(source, target, row=row.number, at=row.at("from"))
        g = reader.graph_for(row)
        reader.emit(ox.NamedNode(source), sc.P["progressesTo"], ox.NamedNode(target), g)
        note = row.cells.get("note")
        if note:
            reader.emit(
                g,
                "http://www.w3.org/2000/01/rdf-schema#comment",
                ox.Literal(note, language="en"),
                ox.DefaultGraph(),
            )
    if nx.is_directed_acyclic_graph(steps):
        return
    for cycle in itertools.islice(nx.simple_cycles(steps, length_bound=50), 10):
        edges = list(zip(cycle, cycle[1:] + cycle[:1], strict=True))
        rows = sorted(steps.edges[e]["row"] for e in edges)
        first = min(edges, key=lambda e: steps.edges[e]["row"])
        start = cycle.index(first[0])
        cycle = cycle[start:] + cycle[:start]
        names = " -> ".join(reader.names.label(r) for r in [*cycle, cycle[0]])
        reader.problem(
            steps.edges[first]["at"],
            f"progressions form a cycle: {names} (rows {', '.join(map(str, rows))}); "
            "remove one of them",
        )


def _requirements(reader: Sheets) -> None:
    P = sc.P
    seen: dict[str, int] = {}
    for row in reader.sheets.get("Requirements", []):
        text = reader.value("Requirements", row, "role")
        role = reader.ref(row, "role", text, ("Role",)) if text else None
        text = reader.value("Requirements", row, "target")
        target = (
            reader.ref(row, "target", text, ("Skill", "Certification", "Qualification"))
            if text
            else None
        )
        importance = reader.value("Requirements", row, "importance")
        level = reader.value("Requirements", row, "level")
        if role is None or target is None or importance is None:
            continue
        req = requirement_iri(role, target)
        if req in seen:
            reader.problem(
                row.at("target"),
                f"{reader.names.label(role)} already requires {reader.names.label(target)} in row {seen[req]}; keep one row",
            )
            continue
        seen[req] = row.number
        g = reader.graph_for(row)
        r, q, t = ox.NamedNode(role), ox.NamedNode(req), ox.NamedNode(target)
        is_skill = "Skill" in reader.names.classes.get(target, set())
        essential = importance == "essential"
        reader.emit(r, P["hasRequirement"], q, g)
        reader.emit(q, _RDF_TYPE, ox.NamedNode(P["Requirement"]), g)
        label = f"{reader.names.label(role)} requires {reader.names.label(target)} ({importance}{f', SFIA level {level}' if level else ''})"
        reader.emit(
            q, "http://www.w3.org/2004/02/skos/core#prefLabel", ox.Literal(label, language="en"), g
        )
        reader.emit(q, P["requiredSkill" if is_skill else "requiredQualification"], t, g)
        reader.emit(
            q, P["importance"], ox.NamedNode(P["Essential" if essential else "Optional"]), g
        )
        if level is not None:
            reader.emit(q, P["requiredLevel"], ox.Literal(level, datatype=_XSD_INT), g)
            reader.emit(q, P["levelScale"], ox.NamedNode(P["SFIALevelScale"]), g)
        shortcut = ("requiresEssential" if essential else "requiresOptional") + (
            "Skill" if is_skill else "Qualification"
        )
        reader.emit(r, P[shortcut], t, g)
