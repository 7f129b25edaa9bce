"""A career-framework workbook (or CSV files) as RDF quads in pmograph's vocabulary.

Each row becomes a named graph of its own,
``https://w3id.org/pmograph/id/graph/user/{file}/{Sheet}/{row}``, described in
the default graph with ``dcterms:title "framework.xlsx, sheet Progressions,
row 12"``, ``prov:wasDerivedFrom`` the workbook (and the Sources row the row
cites) and ``dcterms:isPartOf`` the workbook's graph, so that ``pmograph why``
names the cell a fact came from.  Every problem is collected; if there is any,
:class:`FrameworkError` lists them all and no quad is returned.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox

from pmograph.frameworks import schema as sc
from pmograph.frameworks.names import NameError_, Names
from pmograph.frameworks.problems import FrameworkError, Problem, suggest
from pmograph.frameworks.workbook import Table, read_tables
from pmograph.namespaces import PMGID_IRI, PREFIXES, USER_GRAPH_IRI

_RDF, _SKOS, _DCT, _PROV = (PREFIXES[p] for p in ("rdf", "skos", "dcterms", "prov"))
_XSD_INT = ox.NamedNode(PREFIXES["xsd"] + "integer")
_TYPE = ox.NamedNode(_RDF + "type")
_DG = ox.DefaultGraph()
IGNORED_SHEETS = ("about", "help", "readme")
MAX_PROBLEMS = 200
"""Problems listed at most; the last line says how many more there are."""


def sheet_name(name: str) -> str:
    """The template's spelling of a sheet name (``roles`` -> ``Roles``)."""
    return sc.BY_NAME[sc.norm(name)].name


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


@dataclass
class Row:
    """One data row: its number, its cells by column key, and where each cell is."""

    table: Table
    number: int
    cells: dict[str, str] = field(default_factory=dict)
    cols: dict[str, int] = field(default_factory=dict)

    def at(self, key: str) -> str:
        """The cell reference of column ``key`` in this row."""
        return self.table.at(self.cols.get(key, 0), self.number)


class _Reader:
    def __init__(self, display: str, names: Names) -> None:
        self.display = display
        self.file = Path(display).name
        self.names = names
        self.problems: list[Problem] = []
        self.quads: list[ox.Quad] = []
        self.sheets: dict[str, list[Row]] = {}
        self.book_graph = _n(USER_GRAPH_IRI + quote(self.file, safe=""))
        self.book_source = _n(PMGID_IRI + "source/user/" + quote(self.file, safe=""))
        self.sources: dict[str, str] = {}
        self.missing: set[tuple[str, str]] = set()
        """(sheet, column key) of required columns the header lacks (reported once)."""

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    # -- sheets and headers --------------------------------------------------
    def take(self, tables: list[Table]) -> None:
        for table in tables:
            self.problems.extend(table.problems)
            key = sc.norm(table.name)
            sheet = sc.BY_NAME.get(key)
            if sheet is None:
                if key in IGNORED_SHEETS:
                    continue
                names = [s.name for s in sc.SHEETS]
                self.problem(
                    table.where,
                    f"unknown sheet {table.name!r}; the template's sheets are {', '.join(names)}{suggest(table.name, names)}",
                )
                continue
            if sheet.name in self.sheets:
                self.problem(table.where, f"a second {sheet.name} sheet; merge the two into one")
                continue
            self.sheets[sheet.name] = self.rows(sheet, table)
        if "Roles" not in self.sheets and not self.problems:
            self.problem(self.display, "no Roles sheet; start from `pmograph template`")

    def rows(self, sheet: sc.Sheet, table: Table) -> list[Row]:
        headers = ", ".join(c.header for c in sheet.columns)
        if not table.header:
            self.problem(table.where, f"the sheet is empty; it needs a header row ({headers})")
            return []
        by_header = {sc.norm(c.header): c for c in sheet.columns} | {
            sc.norm(c.key): c for c in sheet.columns
        }
        cols: dict[int, sc.Column] = {}
        for i, text in enumerate(table.header):
            where = table.at(i, table.header_row)
            if text is None:
                continue
            col = by_header.get(sc.norm(text))
            if col is None:
                self.problem(
                    where,
                    f"unknown column {text!r}; {sheet.name} has {headers}{suggest(text, [c.header for c in sheet.columns])}",
                )
            elif col in cols.values():
                self.problem(where, f"a second {col.header!r} column; keep one")
            else:
                cols[i] = col
        for col in sheet.columns:
            if col.required and col not in cols.values():
                self.missing.add((sheet.name, col.key))
                self.problem(
                    table.where, f"no {col.header!r} column; add it to the header row ({headers})"
                )
        rows = []
        for number, values in table.rows:
            row = Row(table, number)
            for i, value in enumerate(values):
                if value is None:
                    continue
                if i not in cols:
                    if table.header[i] is None if i < len(table.header) else True:
                        self.problem(
                            table.at(i, number),
                            "a value in a column with no header; add a header or move the value",
                        )
                    continue
                row.cells[cols[i].key] = value
                row.cols[cols[i].key] = i
            for col in sheet.columns:
                row.cols.setdefault(col.key, next((i for i, c in cols.items() if c is col), 0))
            rows.append(row)
        if sheet.required and table.header and not rows:
            self.problem(
                table.where, f"lists no {sheet.name.lower()}; add one row per {sheet.kind}"
            )
        return rows

    # -- values --------------------------------------------------------------
    def value(self, sheet: str, row: Row, key: str) -> str | None:
        col = sc.BY_NAME[sc.norm(sheet)].keys[key]
        text = row.cells.get(key)
        if text is None:
            unread = (row.cols.get(key, -1), row.number) in row.table.unread
            if col.required and not unread and (sheet_name(sheet), key) not in self.missing:
                self.problem(row.at(key), f"{col.header.lower()} is empty; it is required")
            return None
        if col.choices:
            for part in self.split(text) if col.many else [text]:
                if part.lower() not in col.choices:
                    self.problem(
                        row.at(key),
                        f"{col.header.lower()} {part!r} is not one of {', '.join(col.choices)}{suggest(part, col.choices)}",
                    )
                    return None
            return text.lower()
        if col.integer and not text.isdigit():
            self.problem(
                row.at(key),
                f"{col.header.lower()} {text!r} is not a whole number; write digits only",
            )
            return None
        return text

    @staticmethod
    def split(text: str) -> list[str]:
        return [p.strip() for p in text.replace("\n", ";").split(";") if p.strip()]

    def ref(
        self, row: Row, key: str, text: str, classes: tuple[str, ...], *, external: bool = False
    ) -> str | None:
        try:
            return self.names.find(text, classes, external=external)
        except NameError_ as exc:
            col = row.table.header[row.cols[key]] or key
            self.problem(row.at(key), f"{col.lower()}: {exc}")
            return None

    # -- resources ---------------------------------------------------------------
    def define(self) -> None:
        """First pass: the IDs and labels of what the workbook defines, for references."""
        cls_of = {
            "role": "Role",
            "skill": "Skill",
            "certification": "Certification",
            "activity": "Activity",
        }
        for sheet in sc.SHEETS:
            if not sheet.kind:
                continue
            seen: dict[str, int] = {}
            for row in self.sheets.get(sheet.name, []):
                ident = self.value(sheet.name, row, "id")
                if ident is None:
                    continue
                if not (sc.SLUG.match(ident) or ident.startswith(("http://", "https://", "urn:"))):
                    self.problem(
                        row.at("id"),
                        f"id {ident!r} has characters an id cannot hold; use letters, digits and - . _ only (or a full IRI)",
                    )
                    continue
                if ident in seen:
                    self.problem(
                        row.at("id"),
                        f"duplicated id {ident!r} (first in row {seen[ident]}); give each row its own id",
                    )
                    continue
                seen[ident] = row.number
                iri = sc.user_iri(sheet.kind, ident)
                row.cells["_iri"] = iri
                if sheet.kind == "source":
                    self.sources[ident] = iri
                    continue
                labels = [row.cells[k] for k in ("label",) if k in row.cells]
                labels += self.split(row.cells.get("alt", ""))
                self.names.add_local(cls_of[sheet.kind], ident, iri, labels)

    def graph_for(self, row: Row) -> ox.NamedNode:
        name = sc.BY_NAME[sc.norm(row.table.name)].name
        g = _n(f"{self.book_graph.value}/{name}/{row.number}")
        self.emit(g, _RDF + "type", _n(_PROV + "Entity"), _DG)
        self.emit(
            g, _DCT + "title", ox.Literal(f"{self.file}, sheet {name}, row {row.number}"), _DG
        )
        self.emit(g, _PROV + "wasDerivedFrom", self.book_source, _DG)
        self.emit(g, _DCT + "isPartOf", self.book_graph, _DG)
        cited = row.cells.get("source")
        if cited is not None:
            if cited in self.sources:
                self.emit(g, _PROV + "wasDerivedFrom", _n(self.sources[cited]), _DG)
            else:
                known = ", ".join(sorted(self.sources)) or "none yet"
                self.problem(
                    row.at("source"),
                    f"source {cited!r} is not an id in the Sources sheet (ids: {known}){suggest(cited, list(self.sources))}",
                )
        return g

    def emit(self, s: ox.NamedNode, p: str, o: Any, g: Any) -> None:
        self.quads.append(ox.Quad(s, _n(p), o, g))

    def text(self, s: ox.NamedNode, p: str, value: str | None, g: Any) -> None:
        if value:
            self.emit(s, p, ox.Literal(value, language="en"), g)

    def resources(self) -> None:
        """Second pass: the triples of every row."""
        P = sc.P
        for row in self.sheets.get("Roles", []):
            if "_iri" not in row.cells or not self.value("Roles", row, "label"):
                continue
            r, g = _n(row.cells["_iri"]), self.graph_for(row)
            self.emit(r, _RDF + "type", _n(P["Role"]), g)
            self.labelled(r, row, g)
            family = self.value("Roles", row, "family")
            if family:
                f = sc.family_iri(family)
                self.emit(r, P["inFamily"], _n(f), g)
                if "RoleFamily" not in self.names.classes.get(f, set()):
                    # the shared families, until the packaged data describes them
                    self.names.classes[f].add("RoleFamily")
                    self.emit(_n(f), _RDF + "type", _n(sc.PMG_IRI + "RoleFamily"), g)
                    self.text(_n(f), _SKOS + "prefLabel", sc.FAMILY_LABELS[family], g)
            seniority = self.value("Roles", row, "seniority")
            if seniority:
                self.emit(r, P["hasSeniority"], _n(sc.seniority_iri(seniority)), g)
            for level in self.split(self.value("Roles", row, "level") or ""):
                self.emit(r, P["operatesAt"], _n(sc.level_iri(level)), g)
            self.aligned(r, row, g, ("Role",))
        for row in self.sheets.get("Skills", []):
            if "_iri" in row.cells and self.value("Skills", row, "label"):
                s, g = _n(row.cells["_iri"]), self.graph_for(row)
                self.emit(s, _RDF + "type", _n(P["Skill"]), g)
                self.labelled(s, row, g)
                code = self.value("Skills", row, "sfia")
                if code:
                    self.emit(s, P["sfiaCode"], ox.Literal(code), g)
                self.aligned(s, row, g, ("Skill",))
        for row in self.sheets.get("Certifications", []):
            if "_iri" in row.cells and self.value("Certifications", row, "label"):
                self.certification(row)
        for row in self.sheets.get("Activities", []):
            if "_iri" in row.cells and self.value("Activities", row, "label"):
                a, g = _n(row.cells["_iri"]), self.graph_for(row)
                self.emit(a, _RDF + "type", _n(P["Activity"]), g)
                self.labelled(a, row, g)
                for text in self.split(row.cells.get("performed", "")):
                    role = self.ref(row, "performed", text, ("Role",))
                    if role:
                        self.emit(_n(role), P["performs"], a, g)
        for row in self.sheets.get("Sources", []):
            if "_iri" in row.cells and self.value("Sources", row, "title"):
                self.source(row)

    def labelled(self, s: ox.NamedNode, row: Row, g: Any) -> None:
        self.text(s, _SKOS + "prefLabel", row.cells.get("label"), g)
        for alt in self.split(row.cells.get("alt", "")):
            self.text(s, _SKOS + "altLabel", alt, g)
        self.text(s, _SKOS + "definition", row.cells.get("definition"), g)

    def aligned(self, s: ox.NamedNode, row: Row, g: Any, classes: tuple[str, ...]) -> None:
        sheet = sc.BY_NAME[sc.norm(row.table.name)]
        match = self.value(sheet.name, row, "match") if "match" in sheet.keys else None
        targets = self.split(row.cells.get("aligned", ""))
        if match and not targets:
            self.problem(
                row.at("match"),
                "a match but nothing in Aligned to; name what the row is aligned to",
            )
        for text in targets:
            target = self.ref(row, "aligned", text, classes, external=True)
            if target:
                self.emit(s, sc.MATCH_PROPERTY[match or "close"], _n(target), g)

    def certification(self, row: Row) -> None:
        P = sc.P
        c, g = _n(row.cells["_iri"]), self.graph_for(row)
        self.emit(c, _RDF + "type", _n(P["Certification"]), g)
        self.labelled(c, row, g)
        kind = self.value("Certifications", row, "kind")
        if kind:
            self.emit(
                c, P["certificationKind"], _n(P["Method" if kind == "method" else "Credential"]), g
            )
        issuer = row.cells.get("issuer")
        if issuer:
            try:
                org = self.names.find(issuer, ("Organisation",))
            except NameError_:  # an organisation of the user's own: defined here
                org = sc.user_iri("organisation", quote("-".join(issuer.lower().split()), safe=""))
                if "Organisation" not in self.names.classes.get(org, set()):
                    self.names.add_local("Organisation", org, org, [issuer])
                    self.emit(_n(org), _RDF + "type", _n(sc.PMG_IRI + "Organisation"), g)
                    self.text(_n(org), _SKOS + "prefLabel", issuer, g)
                    self.text(
                        _n(org),
                        _SKOS + "definition",
                        f"The body that issues {row.cells.get('label')}, as {self.file} names it.",
                        g,
                    )
            self.emit(c, P["issuedBy"], _n(org), g)
        for key, prop in (
            ("experience", "requiresExperienceMonths"),
            ("education", "requiresEducationHours"),
            ("renewal", "renewalYears"),
            ("credits", "renewalCredits"),
        ):
            number = self.value("Certifications", row, key)
            if number is not None:
                self.emit(c, P[prop], ox.Literal(str(int(number)), datatype=_XSD_INT), g)

    def source(self, row: Row) -> None:
        s = _n(row.cells["_iri"])
        self.emit(s, _RDF + "type", _n(_DCT + "BibliographicResource"), _DG)
        self.emit(s, _RDF + "type", _n(_PROV + "Entity"), _DG)
        self.emit(s, _DCT + "title", ox.Literal(row.cells["title"], language="en"), _DG)
        url = row.cells.get("url")
        if url:
            if url.startswith(("http://", "https://")) and " " not in url:
                self.emit(s, "http://xmlns.com/foaf/0.1/page", _n(url), _DG)
            else:
                self.problem(row.at("url"), f"url {url[:60]!r} is not an http(s) address")
        self.text(s, _DCT + "description", row.cells.get("note"), _DG)


def read_framework(
    path: str | os.PathLike[str],
    names: Names | None = None,
    *,
    display: str | None = None,
) -> list[ox.Quad]:
    """The quads a framework workbook, CSV folder, zip of CSVs or CSV file states.

    Parameters
    ----------
    path
        The file or folder.
    names
        The names of the graph it is loaded beside (see :class:`Names`; not
        changed); without it, the workbook may name only what it defines itself.
    display
        The name used in messages (default: ``path`` as given).

    Raises
    ------
    FrameworkError
        Anything wrong, every problem at once (``file:Sheet!C12: what; fix``).
    """
    from pmograph.frameworks.relations import relations

    reader = _Reader(display or str(path), names.copy() if names is not None else Names())
    try:
        tables = read_tables(path)
    except FrameworkError as exc:
        raise FrameworkError(
            [
                Problem(p.where.replace(str(path), reader.display, 1), p.message)
                for p in exc.problems
            ]
        ) from None
    reader.take(tables)
    reader.define()
    reader.resources()
    relations(reader)
    if reader.problems:
        found = _in_order(reader.problems, tables)
        if len(found) > MAX_PROBLEMS:
            rest = len(found) - MAX_PROBLEMS
            found = found[:MAX_PROBLEMS] + [
                Problem(reader.display, f"and {rest:,} more problems; fix these first")
            ]
        raise FrameworkError(found)
    reader.emit(reader.book_graph, _RDF + "type", _n(_PROV + "Entity"), _DG)
    reader.emit(
        reader.book_graph, _DCT + "title", ox.Literal(f"career framework {reader.file}"), _DG
    )
    reader.emit(reader.book_graph, _PROV + "wasDerivedFrom", reader.book_source, _DG)
    reader.emit(reader.book_source, _DCT + "title", ox.Literal(f"user file {reader.file}"), _DG)
    return reader.quads


def _in_order(problems: list[Problem], tables: list[Table]) -> list[Problem]:
    """Sheet by sheet as in the file, then row by row and column by column."""
    import re

    order = [sc.norm(s.name) for s in sc.SHEETS]
    sheets = {
        t.where: order.index(k) if (k := sc.norm(t.name)) in order else len(order) for t in tables
    }

    def key(p: Problem) -> tuple[int, int, int, str]:
        sheet, _, cell = p.where.partition("!")
        m = re.match(r"([A-Z]+)(\d+)", cell)
        col = sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(m.group(1)))) if m else 0
        return (sheets.get(sheet, -1), int(m.group(2)) if m else 0, col, p.message)

    return sorted(problems, key=key)


def is_framework(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is read as a framework (``.xlsx``, ``.csv``, ``.zip`` or a folder)."""
    from pmograph.frameworks.workbook import kind_of

    p = Path(path)
    return p.exists() and bool(kind_of(p)) or p.suffix.lower() in (".xlsx", ".xlsm", ".csv", ".zip")


def framework_files(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Those of ``paths`` that are frameworks."""
    return [str(p) for p in paths if is_framework(p)]
