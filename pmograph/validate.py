"""Validation: SHACL shapes and SPARQL violation checks, on pyoxigraph.

Assumptions: the shapes in ``ontology/shapes.ttl`` are evaluated over the
union of every named graph, ontology included, without pmograph's materialised entailments, under RDFS entailment (so a
``pmg:Certification`` is a ``pmg:Qualification``, and a resource that is only
referenced gets its type from the property's ``rdfs:range``).  By default the
shapes run as SPARQL on pyoxigraph (:mod:`pmograph.shacl`), which keeps up
with a million quads; ``engine="pyshacl"`` runs pyshacl with
``inference="rdfs"`` instead, and is also used when a shape needs a SHACL
feature the translation lacks.  Both report the same problems.  Each
``ontology/checks/*-violation.rq`` query returns rows only when something is
wrong; its opening comment says why the check exists and becomes the
problem's message.  Every problem names the file and line where its resource
is described (else referenced), user files first.

The English ``skos:definition`` the shapes ask of every resource is a rule for
curated data (pmograph's own, and what a user writes).  A resource described
only in imported datasets' graphs (named under ``.../graph/import/`` and
described with ``prov:wasDerivedFrom`` their source, as ``pmograph import``
writes them) has a definition exactly when its source
file gives one, so lacking one there is not a problem: it is counted in
:attr:`Report.undefined_imported` instead, never reported, and no definition
is invented.  Every other shape and check applies to imported data as to any.

Exports: :func:`validate`, :class:`Report`, :class:`Problem`, :data:`ENGINES`,
:func:`imported_only`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmograph import resources
from pmograph.namespaces import (
    ENTAILED_GRAPH_IRI,
    IMPORT_GRAPH_IRI,
    INFERRED_GRAPH_IRI,
    ONTOLOGY_IRI,
    PREFIXES,
)

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from pmograph.shacl import Violation

_SH = "http://www.w3.org/ns/shacl#"
ENGINES = ("sparql", "pyshacl")
"""The SHACL engines: shapes as SPARQL on pyoxigraph (default), or pyshacl."""


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
    engine: str = "sparql"
    """The SHACL engine that ran the shapes."""
    undefined_imported: dict[str, int] = field(default_factory=dict)
    """Imported resources without an English definition because their source gives
    none (not problems): how many, by the source's short title (``"O*NET database"``)."""

    @property
    def conforms(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        if self.conforms:
            return f"conforms: {len(self.checks_run)} checks passed"
        return "\n".join(str(p) for p in self.problems)


def validate(kg: Any, *, engine: str = "sparql") -> Report:
    """Check ``kg`` against the packaged SHACL shapes and violation queries.

    Parameters
    ----------
    kg
        The graph (anything with ``.store`` and ``.graph_files``).
    engine
        ``"sparql"`` (the shapes as SPARQL on pyoxigraph, the default) or
        ``"pyshacl"``.

    Returns
    -------
    Report
        ``report.conforms`` is True when nothing is wrong; otherwise
        ``report.problems`` names the file, line, resource and what is wrong.
    """
    if engine not in ENGINES:
        from pmograph.errors import InputError

        raise InputError(f"unknown SHACL engine {engine!r}; use one of {', '.join(ENGINES)}")
    store = _ox_store(kg)
    where = _Locator(store, kg.graph_files)
    report = Report(engine=engine)
    pending: list[tuple[str, str, str]] = []  # (resource, message, check), located at the end
    undefined: dict[str, str] = {}  # resource -> its "no English definition" problem
    if engine == "sparql":
        from pmograph import shacl

        try:
            shapes = shacl.load_shapes(resources.shapes_file(), ONTOLOGY_IRI)
        except shacl.UnsupportedShape:
            report.engine = "pyshacl"
        else:
            found = shacl.violations(store, shapes, skip_graphs=(ENTAILED_GRAPH_IRI,))
            for v in found:
                problem = _from_violation(v, where)
                pending.append(problem)
                if v.shape.path == _DEFINITION and v.component == "QualifiedMinCount":
                    undefined[v.focus] = problem[1]
    if report.engine == "pyshacl":
        pending.extend(_pyshacl(kg, where, undefined))
    exempt = imported_only(store, undefined)
    if exempt:
        pending = [p for p in pending if not (p[0] in exempt and p[1] == undefined[p[0]])]
        report.undefined_imported = dict(sorted(Counter(exempt.values()).items()))
    report.checks_run.append("shapes")
    for check in sorted(resources.checks_dir().glob("*-violation.rq")):
        report.checks_run.append(check.stem)
        pending.extend(_run_check(store, check))
    located = where.lines({r for r, _m, _c in pending})
    problems = {Problem(r, m, *located[r], c) for r, m, c in set(pending)}
    report.problems = sorted(
        problems, key=lambda p: (p.path or "~", p.line or 0, p.resource, p.message)
    )
    return report


_DEFINITION = PREFIXES["skos"] + "definition"
_NOT_SOURCES = (ONTOLOGY_IRI, ENTAILED_GRAPH_IRI, INFERRED_GRAPH_IRI)


def imported_only(store: ox.Store, wanted: Iterable[str]) -> dict[str, str]:
    """Which of ``wanted`` are described only in imported datasets' graphs.

    An imported dataset's graph is named under ``.../graph/import/`` and
    described with ``prov:wasDerivedFrom`` its source, as ``pmograph import``
    writes it (in the file's default graph, which loading names after the file).  A resource counts when it is the subject of
    triples in such graphs and in no other graph (the ontology and what pmograph
    derives aside): then nothing but the import speaks of it.

    Returns
    -------
    dict
        resource -> the short title of the source it was imported from.
    """
    import pyoxigraph as ox

    wanted = list(wanted)
    if not wanted:
        return {}
    derived = ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom")
    title = ox.NamedNode(PREFIXES["dcterms"] + "title")
    imports: dict[str, str] = {}  # graph -> short title of its source
    for q in store.quads_for_pattern(None, derived, None):
        graph = q.subject
        if isinstance(graph, ox.NamedNode) and graph.value.startswith(IMPORT_GRAPH_IRI):
            source = q.object
            titles = [
                t.object.value
                for t in (
                    store.quads_for_pattern(source, title, None)
                    if isinstance(source, ox.NamedNode | ox.BlankNode)
                    else ()
                )
                if isinstance(t.object, ox.Literal)
            ]
            name = min(titles) if titles else graph.value.removeprefix(IMPORT_GRAPH_IRI)
            imports.setdefault(graph.value, name.split(" (", 1)[0].split(":", 1)[0])
    found: dict[str, str] = {}
    if not imports:
        return found
    for resource in wanted:
        graphs = set()
        for q in store.quads_for_pattern(ox.NamedNode(resource), None, None, None):
            g = q.graph_name
            name = g.value if isinstance(g, ox.NamedNode) else ""
            if name not in _NOT_SOURCES:
                graphs.add(name)
        if graphs and all(g in imports for g in graphs):
            found[resource] = imports[min(graphs)]
    return found


def _ox_store(kg: Any) -> ox.Store:
    """The graph's pyoxigraph store, or a copy of a memory store in one."""
    if kg.store.kind == "oxigraph":
        return kg.store.store
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_extend(kg.store.ox_quads())
    return store


def _problem_text(
    name: Any, path: Any, description: Any, message: str, value: str | None, described: bool
) -> str:
    """What a shape's violation says: ``name: description (value: v)``."""
    text = f"{name}: " if name else (f"{_short(str(path))}: " if path is not None else "")
    text += str(description) if description else message
    if value is not None:
        text += f" (value: {_short(value)})"
    if not described:
        text += " (it is referenced here but described nowhere)"
    return text


_DEFAULT_MESSAGES = {
    "MinCount": "has too few values",
    "MaxCount": "has too many values",
    "NodeKind": "has a value of the wrong kind of node",
    "Datatype": "has a value of the wrong datatype",
    "LanguageIn": "has a value in a language not allowed",
    "Pattern": "has a value that does not match the pattern",
    "In": "has a value that is not one of those allowed",
    "Xone": "does not conform to exactly one of its alternatives",
    "Or": "has a value that is none of the kinds allowed",
    "UniqueLang": "has two values in one language",
    "QualifiedMinCount": "has too few values of the kind required",
    "QualifiedMaxCount": "has too many values of the kind required",
}


def _from_violation(v: Violation, where: _Locator) -> tuple[str, str, str]:
    described = where.described(v.focus)
    shape = v.shape
    message = shape.message or _DEFAULT_MESSAGES.get(v.component.rstrip("0123456789"), "")
    if not message:
        message = f"does not conform ({v.component})"
    value = None
    if v.value is not None and getattr(v.value, "value", None) != v.focus:
        value = str(v.value.value)
    text = _problem_text(
        shape.name, shape.path or None, shape.description, message, value, described
    )
    return v.focus, text, "shapes"


def _pyshacl(kg: Any, where: _Locator, undefined: dict[str, str]) -> list[tuple[str, str, str]]:
    """The shapes run by pyshacl (RDFS inference), for comparison and as a fallback.

    Fills ``undefined`` (resource -> problem) with the resources that lack an
    English definition, as :func:`validate` does for the SPARQL engine.
    """
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
    problems: list[tuple[str, str, str]] = []
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
        shown = str(value) if value is not None and value != focus else None
        text = _problem_text(name, path, desc, message, shown, where.described(str(focus)))
        problems.append((str(focus), text, "shapes"))
        component = results.value(result, sh.sourceConstraintComponent)
        if str(path) == _DEFINITION and component == sh.QualifiedMinCountConstraintComponent:
            undefined[str(focus)] = text
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


def _run_check(store: ox.Store, check: Path) -> list[tuple[str, str, str]]:
    import pyoxigraph as ox

    sparql = check.read_text(encoding="utf-8")
    why = re.sub(r"\s+", " ", _header_comment(sparql))
    problems = []
    for row in store.query(sparql, use_default_graph_as_union=True):  # type: ignore[union-attr]
        values = [v for v in row if v is not None]
        iris = [v.value for v in values if isinstance(v, ox.NamedNode)]
        resource = iris[0] if iris else (str(values[0].value) if values else check.stem)
        extra = ", ".join(_short(str(v.value)) for v in values[1:])
        msg = (
            f"{why}"
            + (f" ({extra})" if extra else "")
            + f" [{check.stem.removesuffix('-violation')}]"
        )
        problems.append((resource, msg, check.stem))
    return problems


class _Locator:
    """Where each resource with a problem is: described, else referenced, and the
    file and first line that spell it, user files first (that is where a user's
    mistake most likely is).

    Asks the store only about the resources that have problems; :meth:`lines`
    then reads each file those name once, looking only for those resources.
    """

    def __init__(self, store: ox.Store, graph_files: dict[str, str]) -> None:
        self.store = store
        self.graph_files = graph_files
        self.packaged = str(resources.data_dir())
        self._files: dict[str, tuple[list[str], bool]] = {}

    def _graphs(self, pattern: tuple[Any, Any, Any]) -> list[str]:
        import pyoxigraph as ox

        found = []
        for q in self.store.quads_for_pattern(*pattern, None):
            g = q.graph_name
            if (
                isinstance(g, ox.NamedNode)
                and g.value not in (ONTOLOGY_IRI, ENTAILED_GRAPH_IRI)
                and g.value not in found
            ):
                found.append(g.value)
        return found

    def files(self, resource: str) -> tuple[list[str], bool]:
        """(the files that mention ``resource``, best first; whether it is described)."""
        if resource in self._files:
            return self._files[resource]
        import pyoxigraph as ox

        try:
            node = ox.NamedNode(resource)
        except ValueError:
            self._files[resource] = ([], False)
            return self._files[resource]
        graphs = self._graphs((node, None, None))
        described = bool(graphs)
        if not graphs:  # an undeclared property or a dangling object is found where used
            graphs = self._graphs((None, node, None)) + self._graphs((None, None, node))
        files = sorted(
            {self.graph_files[g] for g in graphs if g in self.graph_files},
            key=lambda f: (str(Path(f).resolve()).startswith(self.packaged), f),
        )
        self._files[resource] = (files, described)
        return self._files[resource]

    def described(self, resource: str) -> bool:
        return self.files(resource)[1]

    def lines(self, wanted: set[str]) -> dict[str, tuple[str | None, int | None]]:
        """resource -> (file, line) for every resource in ``wanted``."""
        per_file: dict[str, set[str]] = {}
        for r in wanted:
            for f in self.files(r)[0]:
                per_file.setdefault(f, set()).add(r)
        found = {f: first_lines(f, iris) for f, iris in per_file.items()}
        out: dict[str, tuple[str | None, int | None]] = {}
        for r in wanted:
            files = self.files(r)[0]
            hit = next(((f, found[f][r]) for f in files if r in found[f]), None)
            out[r] = hit if hit else ((files[0] if files else None), None)
        return out


_PREFIX_LINE = re.compile(r"(?im)^\s*@?prefix\s+([\w.-]*):\s*<([^>]*)>")
_LOCAL = r"((?:[\w:%-]|\.(?=[\w:%-]))*)"
_FULL_IRI = re.compile(r"<([^<>\"{}|^`\\\s]*)>")


def first_lines(path: str, wanted: set[str]) -> dict[str, int]:
    """The first line of a Turtle/TriG file that writes each IRI of ``wanted``.

    An IRI counts when written in full (``<iri>``) or as ``prefix:local`` with
    a prefix the file declares; comment lines and prefix declarations are
    skipped.  One pass over the file, stopping once every IRI is found.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    prefixes = {m.group(1): m.group(2) for m in _PREFIX_LINE.finditer(text)}
    useful = sorted(p for p, ns in prefixes.items() if any(i.startswith(ns) for i in wanted))
    # one pattern per spelling, each starting with a literal (which re scans for fast)
    patterns: list[tuple[re.Pattern[str], str | None]] = [(_FULL_IRI, None)]
    patterns += [(re.compile(re.escape(p) + ":" + _LOCAL), p) for p in useful]
    best: dict[str, tuple[int, int]] = {}  # iri -> (offset, line)
    for pattern, prefix in patterns:
        line, last = 1, 0
        for m in pattern.finditer(text):
            start = m.start()
            if prefix is None:
                iri = m.group(1)
            else:
                if start and (text[start - 1].isalnum() or text[start - 1] in "_.:/-"):
                    continue  # the end of a longer name, not this prefix
                if not m.group(1):
                    continue
                iri = prefixes[prefix] + m.group(1)
            if iri not in wanted or (iri in best and best[iri][0] <= start):
                continue
            line += text.count("\n", last, start)
            last = start
            begin = text.rfind("\n", 0, start) + 1
            stripped = text[begin:start].lstrip()
            if stripped.startswith("#") or stripped.lower().startswith(("@prefix", "prefix")):
                continue
            best[iri] = (start, line)
    return {iri: line for iri, (_start, line) in best.items()}


def _short(iri: str) -> str:
    from pmograph.namespaces import PMGID_IRI, PREFIXES

    if iri.startswith(PMGID_IRI):
        return iri[len(PMGID_IRI) :]
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri
