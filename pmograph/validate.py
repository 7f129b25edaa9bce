"""Validation: SHACL shapes (pyshacl) and SPARQL violation checks.

Assumptions: the shapes in ``ontology/shapes.ttl`` are evaluated over the
union of every named graph except the ontology, with the ontology given to
pyshacl as ``ont_graph`` and RDFS inference (so a ``pmg:Certification`` is a
``pmg:Qualification``).  Each ``ontology/checks/*-violation.rq`` query returns
rows only when something is wrong; its opening comment says why the check
exists and becomes the problem's message.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmograph import resources
from pmograph.namespaces import ENTAILED_GRAPH_IRI, ONTOLOGY_IRI
from pmograph.terms import IRI

if TYPE_CHECKING:  # pragma: no cover
    from pmograph.graph import CoreGraph as KnowledgeGraph

_SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data."""

    resource: str
    message: str
    path: str | None = None
    line: int | None = None
    check: str = "shapes"

    def __str__(self) -> str:
        where = self.path or "(graph)"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: <{self.resource}>: {self.message}"


@dataclass
class Report:
    """The outcome of :func:`validate`: ``conforms`` and one problem per line."""

    problems: list[Problem] = field(default_factory=list)
    checks_run: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        if self.conforms:
            return f"conforms: {len(self.checks_run)} checks passed"
        return "\n".join(str(p) for p in self.problems)


def validate(kg: KnowledgeGraph) -> Report:
    """Check ``kg`` against the packaged SHACL shapes and violation queries.

    Returns
    -------
    Report
        ``report.conforms`` is True when nothing is wrong; otherwise
        ``report.problems`` names the file, line, resource and what is wrong.
    """
    report = Report()
    where = _locator(kg)
    report.problems.extend(_shacl(kg, where))
    report.checks_run.append("shapes")
    for check in sorted(resources.checks_dir().glob("*-violation.rq")):
        report.checks_run.append(check.stem)
        report.problems.extend(_run_check(kg, check, where))
    report.problems = sorted(
        set(report.problems), key=lambda p: (p.path or "~", p.line or 0, p.resource, p.message)
    )
    return report


def _locator(kg: KnowledgeGraph) -> Any:
    """A function resource -> (file, line) using the named graph each subject is in."""
    from pmograph.loader import find_line

    graphs_of: dict[str, list[str]] = defaultdict(list)
    referenced_in: dict[str, list[str]] = defaultdict(list)
    for s, p, o, g in kg.store.quads():
        if not isinstance(g, IRI) or g in (ONTOLOGY_IRI, ENTAILED_GRAPH_IRI):
            continue
        if isinstance(s, IRI) and g not in graphs_of[s]:
            graphs_of[s].append(g)
        for used in (p, o):  # an undeclared property or a dangling object is found where used
            if isinstance(used, IRI) and g not in referenced_in[used]:
                referenced_in[used].append(g)
    packaged = str(resources.data_dir())

    def locate(resource: str) -> tuple[str | None, int | None, bool]:
        """(file, line, described): where the resource is described, else referenced."""
        described = resource in graphs_of
        graphs = graphs_of.get(resource) or referenced_in.get(resource, [])
        files = [kg.graph_files[g] for g in graphs if g in kg.graph_files]
        # user files first: that is where a user's mistake most likely is
        files.sort(key=lambda f: str(Path(f).resolve()).startswith(packaged))
        for f in files:
            line = find_line(f, resource)
            if line is not None:
                return f, line, described
        return (files[0] if files else None), None, described

    return locate


def _shacl(kg: KnowledgeGraph, locate: Any) -> list[Problem]:
    import pyshacl
    from rdflib import Graph, Namespace, URIRef

    sh = Namespace(_SH)
    data = Graph()
    ontology = Graph()
    onto_id, entailed = URIRef(ONTOLOGY_IRI), URIRef(ENTAILED_GRAPH_IRI)
    for s, p, o, g in kg.dataset.quads((None, None, None, None)):
        ident = getattr(g, "identifier", g)
        if ident == entailed:  # shapes judge what is stated; pyshacl infers the rest
            continue
        (ontology if ident == onto_id else data).add((s, p, o))
    shapes = Graph().parse(resources.shapes_file(), format="turtle", publicID=ONTOLOGY_IRI)
    conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="rdfs",
        allow_warnings=True,
        advanced=True,
    )
    problems: list[Problem] = []
    if conforms:
        return problems
    for result in results.subjects(sh.resultSeverity, None):
        if results.value(result, sh.resultSeverity) != sh.Violation:
            continue
        focus = results.value(result, sh.focusNode)
        if not isinstance(focus, URIRef):
            # RDFS inference types a literal that stands where a resource should
            # (its range); that mistake is reported on the subject that holds it.
            continue
        path = results.value(result, sh.resultPath)
        value = results.value(result, sh.value)
        source = results.value(result, sh.sourceShape)
        name = shapes.value(source, sh.name) if source is not None else None
        message = str(results.value(result, sh.resultMessage) or "does not conform")
        desc = shapes.value(source, sh.description) if source is not None else None
        text = f"{name}: " if name else (f"{_short(str(path))}: " if path is not None else "")
        text += str(desc) if desc else message
        if value is not None and value != focus:
            text += f" (value: {_short(str(value))})"
        resource = str(focus)
        file, line, described = locate(resource)
        if not described:
            text += " (it is referenced here but described nowhere)"
        problems.append(Problem(resource, text, file, line, "shapes"))
    return problems


def _header_comment(text: str) -> str:
    """The check's ``# message:`` line, else the first sentence of its opening comment."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.lower().startswith("message:"):
            return body.split(":", 1)[1].strip()
        lines.append(body)
    first = " ".join(x for x in lines if x)
    return first.split(". ")[0].rstrip(".") or "check failed"


def _run_check(kg: KnowledgeGraph, check: Path, locate: Any) -> list[Problem]:
    sparql = check.read_text(encoding="utf-8")
    why = _header_comment(sparql)
    why = re.sub(r"\s+", " ", why)
    result = kg.dataset.query(sparql)
    problems = []
    for row in result:
        values = [v for v in row if v is not None]  # type: ignore[union-attr]
        iris = [str(v) for v in values if isinstance(v, IRI) or type(v).__name__ == "URIRef"]
        resource = iris[0] if iris else (str(values[0]) if values else check.stem)
        extra = ", ".join(_short(str(v)) for v in values[1:])
        file, line, _described = locate(resource)
        msg = (
            f"{why}"
            + (f" ({extra})" if extra else "")
            + f" [{check.stem.removesuffix('-violation')}]"
        )
        problems.append(Problem(resource, msg, file, line, check.stem))
    return problems


def _short(iri: str) -> str:
    from pmograph.namespaces import PMGID_IRI, PREFIXES

    if iri.startswith(PMGID_IRI):
        return iri[len(PMGID_IRI) :]
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri
