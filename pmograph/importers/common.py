"""What the ESCO and O*NET importers share: reading tables, reporting, writing TriG.

Assumptions
-----------
- Tables are read by :mod:`pmograph.importers.tables` (the :mod:`csv` module,
  by header name, never by column position), so that a publisher adding or
  reordering columns breaks nothing; a record's line is its first physical line.
- A bad row (a missing identifier, a malformed code, a duplicate) is reported as
  a :class:`RowWarning` with its file and line, then skipped: one bad row never
  stops an import.  A missing file or a missing column stops it with a
  :class:`~pmograph.errors.InputError` / :class:`~pmograph.errors.DataFileError`
  (exit 2), since nothing sensible can be imported then.
- Every importer goes through :func:`rows`: the one place that drops rows with
  too many fields, asks the importer's check what is wrong with a row, and
  reports repeated keys, so ESCO and O*NET handle bad rows alike.
- The output format follows the output's suffix (:mod:`pmograph.formats`),
  written atomically: every imported triple sits in one named graph per
  dataset, and that graph is described (source, release, licence,
  attribution) in the default graph.  Each quad is written once.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from pmograph.formats import OutputFormat, output_format
from pmograph.importers.tables import (
    read_table,
)
from pmograph.namespaces import IMPORT_GRAPH_IRI, PMG_IRI, PMGID_IRI, PREFIXES
from pmograph.output import atomic_write

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
RDFS_SEE_ALSO = ox.NamedNode(PREFIXES["rdfs"] + "seeAlso")
XSD_INTEGER = ox.NamedNode(PREFIXES["xsd"] + "integer")
XSD_DATE = ox.NamedNode(PREFIXES["xsd"] + "date")
XSD_DECIMAL = ox.NamedNode(PREFIXES["xsd"] + "decimal")
XSD_BOOLEAN = ox.NamedNode(PREFIXES["xsd"] + "boolean")
TRUE = ox.Literal("true", datatype=XSD_BOOLEAN)

SHOWN_PER_FILE = 50
"""Warnings printed per file; the rest are counted in one line (all are kept in the result)."""


def _skos(name: str) -> ox.NamedNode:
    return ox.NamedNode(PREFIXES["skos"] + name)


def pmg(name: str) -> ox.NamedNode:
    """A term of pmograph's vocabulary."""
    return ox.NamedNode(PMG_IRI + name)


SKOS_CONCEPT = _skos("Concept")
SKOS_PREF = _skos("prefLabel")
SKOS_ALT = _skos("altLabel")
SKOS_HIDDEN = _skos("hiddenLabel")
SKOS_DEFINITION = _skos("definition")
SKOS_SCOPE_NOTE = _skos("scopeNote")
SKOS_NOTATION = _skos("notation")
SKOS_BROADER = _skos("broader")
SKOS_EXACT = _skos("exactMatch")
DCT = PREFIXES["dcterms"]
PROV = PREFIXES["prov"]


OUTPUT_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "escoocc": "http://data.europa.eu/esco/occupation/",
    "escoisco": "http://data.europa.eu/esco/isco/",
    "pmgesco": PMGID_IRI + "esco/occupation/",
    "pmgisco": PMGID_IRI + "esco/isco/",
    "pmgonet": PMGID_IRI + "onet/occupation/",
    "onetgroup": PMGID_IRI + "onet/group/",
    "onettask": PMGID_IRI + "onet/task/",
    "onetrel": PMGID_IRI + "onet/related/",
}
"""Prefixes written into the TriG output, so that it stays readable (``esco:`` is
left alone: it conventionally names ESCO's model, ``http://data.europa.eu/esco/model#``)."""


def en(text: str) -> ox.Literal:
    """An English literal, whitespace at the ends removed."""
    return ox.Literal(text.strip(), language="en")


def text(value: str, language: str) -> ox.Literal:
    """A literal in ``language``, whitespace at the ends removed."""
    return ox.Literal(value.strip(), language=language)


def lines(field: str | None) -> list[str]:
    """The non-empty lines of a newline-separated list field (ESCO's altLabels)."""
    if not field:
        return []
    return [part.strip() for part in field.splitlines() if part.strip()]


@dataclass(frozen=True)
class RowWarning:
    """A row that was skipped (or partly imported), and why."""

    path: str
    line: int
    message: str
    skipped: bool = True
    """Whether the row was left out (else it was imported without the bad part)."""

    def __str__(self) -> str:
        if not self.line:
            return f"{self.path}: {self.message}"
        tail = "row skipped" if self.skipped else "imported without it"
        return f"{self.path}:{self.line}: {self.message}; {tail}"


@dataclass
class ImportResult:
    """What an import wrote: counts by kind, and the rows it could not use."""

    dataset: str
    output: Path | None = None
    counts: Counter[str] = field(default_factory=Counter)
    warnings: list[RowWarning] = field(default_factory=list)
    quads: int = 0
    notes: list[str] = field(default_factory=list)
    """Files skipped and other things to know that are not bad rows."""

    def summary(self) -> str:
        """One line: what was imported, and how many rows were skipped."""
        parts = ", ".join(f"{n:,} {kind}" for kind, n in self.counts.items())
        where = f" to {self.output}" if self.output else ""
        return f"{self.dataset}: {parts} ({self.quads:,} quads){where}; {self.problems()}"

    @property
    def skipped(self) -> int:
        """How many rows were left out."""
        return sum(1 for w in self.warnings if w.skipped and w.line)

    def problems(self) -> str:
        """``"2 bad rows skipped, 1 warning"`` or ``"no bad rows"``."""
        skipped = self.skipped
        partial = len(self.warnings) - skipped
        if not self.warnings:
            return "no bad rows"
        parts = []
        if skipped:
            parts.append(f"{skipped:,} bad row{'s' if skipped != 1 else ''} skipped")
        if partial:
            parts.append(f"{partial:,} row{'s' if partial != 1 else ''} imported in part")
        return ", ".join(parts) + " (see the warnings above)"


class Importer:
    """Collects quads in one named graph and warnings for one dataset.

    Parameters
    ----------
    dataset
        Short name of the dataset (``"esco"``, ``"onet"``): names the graph.
    warn
        Called with each :class:`RowWarning` as it happens (the command line
        prints it to stderr); warnings are also kept in the result.
    """

    def __init__(self, dataset: str, *, warn: Callable[[RowWarning], None] | None = None) -> None:
        self.graph = ox.NamedNode(IMPORT_GRAPH_IRI + dataset)
        self.quads: list[ox.Quad] = []
        self.result = ImportResult(dataset=dataset)
        self.notes: list[str] = []
        self._warn = warn
        self._per_file: Counter[str] = Counter()

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: Any) -> None:
        """Add a triple to the dataset's named graph."""
        self.quads.append(ox.Quad(s, p, o, self.graph))

    def describe(self, s: ox.NamedNode, p: ox.NamedNode, o: Any) -> None:
        """Add a triple about the dataset to the default graph (provenance)."""
        self.quads.append(ox.Quad(s, p, o, ox.DefaultGraph()))

    def warn(self, path: Path, line: int, message: str, *, skipped: bool = True) -> None:
        """Report a bad row: skipped by the caller, or (``skipped=False``) imported in part."""
        w = RowWarning(path.name, line, message, skipped)
        self.result.warnings.append(w)
        self._per_file[path.name] += 1
        if self._warn is not None and self._per_file[path.name] <= SHOWN_PER_FILE:
            self._warn(w)

    def finish_warnings(self) -> None:
        """Say how many warnings of each file were not printed."""
        for name, n in self._per_file.items():
            if n > SHOWN_PER_FILE and self._warn is not None:
                self._warn(
                    RowWarning(
                        name, 0, f"{n - SHOWN_PER_FILE:,} more bad rows like the above", True
                    )
                )

    def note(self, message: str) -> None:
        """Record something the user should know that is not a bad row (a file skipped)."""
        self.notes.append(message)

    def provenance(
        self,
        *,
        source: str,
        title: str,
        publisher: str,
        homepage: str,
        licence: str,
        attribution: str,
        release: str | None,
        modified: str | None,
        files: Sequence[Path],
    ) -> None:
        """Describe the dataset's named graph in the default graph.

        The graph is a ``prov:Entity`` derived from the source (the published
        dataset); the source carries its title, publisher, release, licence
        and the attribution text its publisher asks for.
        """
        from pmograph.version import __version__

        g = self.graph
        src = ox.NamedNode(source)
        self.describe(g, RDF_TYPE, ox.NamedNode(PROV + "Entity"))
        self.describe(g, ox.NamedNode(PROV + "wasDerivedFrom"), src)
        self.describe(g, ox.NamedNode(DCT + "source"), ox.NamedNode(homepage))
        self.describe(g, ox.NamedNode(DCT + "license"), ox.NamedNode(licence))
        self.describe(g, ox.NamedNode(DCT + "rights"), en(attribution))
        names = ", ".join(p.name for p in files)
        self.describe(
            g,
            ox.NamedNode(DCT + "description"),
            en(
                f"Imported by pmograph {__version__} (pmograph import {self.result.dataset}) from {names}."
            ),
        )
        self.describe(src, RDF_TYPE, ox.NamedNode(PROV + "Entity"))
        self.describe(src, ox.NamedNode(DCT + "title"), en(title))
        self.describe(src, ox.NamedNode(DCT + "publisher"), en(publisher))
        self.describe(src, ox.NamedNode(DCT + "license"), ox.NamedNode(licence))
        self.describe(src, ox.NamedNode(DCT + "rights"), en(attribution))
        self.describe(src, RDFS_SEE_ALSO, ox.NamedNode(homepage))
        if release:
            self.describe(src, ox.NamedNode(DCT + "hasVersion"), ox.Literal(release))
        if modified:
            self.describe(
                src, ox.NamedNode(DCT + "modified"), ox.Literal(modified, datatype=XSD_DATE)
            )

    def write(self, output: str | os.PathLike[str]) -> ImportResult:
        """Write the quads to ``output`` atomically, in the format its suffix names.

        Each quad is written once (in the order first added).  A one-graph
        format (``.ttl``, ``.nt``) gets the triples without graph names, and a
        note says so.
        """
        fmt = output_format(output)
        assert isinstance(fmt, OutputFormat)
        self.finish_warnings()
        quads = list(dict.fromkeys(self.quads))
        prefixes = OUTPUT_PREFIXES if fmt.name in ("trig", "turtle") else None
        if fmt.keeps_graphs:
            data = ox.serialize(quads, format=fmt.rdf, prefixes=prefixes)
        else:
            from pmograph.formats import single_graph_note

            triples = list(dict.fromkeys(q.triple for q in quads))
            data = ox.serialize(triples, format=fmt.rdf, prefixes=prefixes)
            self.notes.append(single_graph_note(output, 1))
        assert data is not None  # no output stream given: the bytes are returned
        self.result.output = atomic_write(output, data)
        self.result.quads = len(quads)
        self.result.notes = list(self.notes)
        return self.result


def rows(
    imp: Importer,
    path: Path,
    *,
    required: Sequence[str],
    check: Callable[[dict[str, str]], str | None] | None = None,
    key: Callable[[dict[str, str]], Hashable] | None = None,
    name: Callable[[Hashable], str] = str,
    delimiter: str = ",",
    seen: dict[Hashable, int] | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """The good rows of a table, every bad one reported with its line and skipped.

    This is the row handling every importer shares: a row with more fields
    than the header is skipped; ``check`` returns what is wrong with a row
    (values already stripped) or ``None``; ``key`` names what a row describes,
    and a row whose key an earlier row of this file had is skipped as a repeat
    (``name(key)`` says what repeats).  ``seen`` (key -> line) may be passed in
    to read the keys found afterwards.

    Yields
    ------
    tuple of (int, dict)
        The line where the record starts and its stripped values by header name.
    """
    seen = {} if seen is None else seen
    for line, raw in read_table(path, required=required, delimiter=delimiter):
        if None in raw:
            imp.warn(path, line, "more fields than the header")
            continue
        row = {k: (v or "").strip() for k, v in raw.items()}
        problem = check(row) if check is not None else None
        if problem:
            imp.warn(path, line, problem)
            continue
        if key is not None:
            k = key(row)
            if k in seen:
                imp.warn(path, line, f"{name(k)} repeats line {seen[k]}")
                continue
            seen[k] = line
        yield line, row
