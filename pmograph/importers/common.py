"""What the ESCO and O*NET importers share: reading tables, reporting, writing TriG.

Assumptions
-----------
- Tables are read with the :mod:`csv` module, by header name, never by column
  position, so that a publisher adding or reordering columns breaks nothing.
- A record's line number is the first physical line of the record (ESCO puts
  newlines inside quoted fields, so a record may span several lines).
- A bad row (a missing identifier, a malformed code, a duplicate) is reported as
  a :class:`RowWarning` with its file and line, then skipped: one bad row never
  stops an import.  A missing file or a missing column stops it with a
  :class:`~pmograph.errors.InputError` / :class:`~pmograph.errors.DataFileError`
  (exit 2), since nothing sensible can be imported then.
- The output is TriG, written atomically: every imported triple sits in one
  named graph per dataset, and that graph is described (source, release,
  licence, attribution) in the default graph.
"""

from __future__ import annotations

import csv
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from pmograph.errors import DataFileError, InputError
from pmograph.namespaces import PMG_IRI, PMGID_IRI, PREFIXES
from pmograph.output import atomic_write

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
RDFS_SEE_ALSO = ox.NamedNode(PREFIXES["rdfs"] + "seeAlso")
XSD_INTEGER = ox.NamedNode(PREFIXES["xsd"] + "integer")
XSD_DATE = ox.NamedNode(PREFIXES["xsd"] + "date")


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

IMPORT_GRAPH_IRI = PMGID_IRI + "graph/import/"
"""Named graphs of imported datasets: ``.../graph/import/esco``, ``.../onet``."""

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


@dataclass(frozen=True)
class RowWarning:
    """A row that was skipped (or partly imported), and why."""

    path: str
    line: int
    message: str
    skipped: bool = True
    """Whether the row was left out (else it was imported without the bad part)."""

    def __str__(self) -> str:
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

    def summary(self) -> str:
        """One line: what was imported, and how many rows were skipped."""
        parts = ", ".join(f"{n:,} {kind}" for kind, n in self.counts.items())
        where = f" to {self.output}" if self.output else ""
        return f"{self.dataset}: {parts} ({self.quads:,} quads){where}; {self.problems()}"

    @property
    def skipped(self) -> int:
        """How many rows were left out."""
        return sum(1 for w in self.warnings if w.skipped)

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
        self._warn = warn

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
        if self._warn is not None:
            self._warn(w)

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
        """Write the quads as TriG to ``output`` atomically and return the result."""
        data = ox.serialize(self.quads, format=ox.RdfFormat.TRIG, prefixes=OUTPUT_PREFIXES)
        assert data is not None  # no output stream given: the bytes are returned
        self.result.output = atomic_write(output, data)
        self.result.quads = len(self.quads)
        return self.result


def require_files(folder: str | os.PathLike[str], names: Sequence[str], *, what: str) -> list[Path]:
    """The paths of ``names`` inside ``folder``; a one-line :class:`InputError` if any is missing."""
    root = Path(folder)
    if not root.exists():
        raise InputError(
            f"{root}: folder not found; give the folder that holds {what}'s {', '.join(names)}"
        )
    if not root.is_dir():
        raise InputError(
            f"{root}: not a folder; give the folder that holds {what}'s {', '.join(names)}"
        )
    paths = [root / n for n in names]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        raise InputError(
            f"{root}: {', '.join(missing)} not found; give the folder that holds {what}'s "
            f"{', '.join(names)} as published"
        )
    return paths


@contextmanager
def progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; otherwise nothing is shown.

    Yields a function to call with the number of bytes just read.
    """
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    import click

    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


def read_table(
    path: Path,
    *,
    required: Sequence[str],
    delimiter: str = ",",
    label: str | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line, row)`` for each record of a CSV or tab-delimited file.

    ``row`` maps header names to values (missing values as ``""``).  The
    header must hold every column in ``required``; extra columns are ignored.
    Rows with more fields than the header get the key ``None`` holding the
    surplus (callers report them as bad rows).

    Raises
    ------
    DataFileError
        The file cannot be read, is not UTF-8 text, lacks a required column,
        or is not valid CSV (with the line).
    """
    total = path.stat().st_size
    position = [0]  # the physical line last read, for decoding errors
    try:
        with (
            open(path, "rb") as handle,
            progress(label or f"reading {path.name}", total) as advance,
        ):
            reader = csv.DictReader(
                _decoded(handle, advance, position), delimiter=delimiter, restval=""
            )
            header = reader.fieldnames
            if not header:
                raise DataFileError("empty file; expected a header line", path=str(path), line=1)
            missing = [c for c in required if c not in header]
            if missing:
                raise DataFileError(
                    f"missing column(s) {', '.join(repr(c) for c in missing)} in the header "
                    f"(found {', '.join(repr(h) for h in header)}); is this the file as published?",
                    path=str(path),
                    line=1,
                )
            line = reader.line_num + 1
            for row in reader:
                yield line, row
                line = reader.line_num + 1
    except UnicodeDecodeError:
        raise DataFileError(
            "not UTF-8 text; convert the file to UTF-8 and try again",
            path=str(path),
            line=position[0],
        ) from None
    except csv.Error as exc:
        raise DataFileError(f"not valid CSV ({exc})", path=str(path), line=position[0]) from None
    except OSError as exc:
        raise DataFileError(f"cannot read ({exc.strerror or exc})", path=str(path)) from None


def _decoded(
    handle: IO[bytes], advance: Callable[[int], None], position: list[int]
) -> Iterator[str]:
    """The lines of a binary file as text (BOM removed), counting bytes and lines."""
    for number, raw in enumerate(handle, start=1):
        position[0] = number
        advance(len(raw))
        text = raw.decode("utf-8")
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        yield text


def extra_fields(row: dict[Any, Any]) -> bool:
    """Whether a row had more fields than the header (csv puts them under ``None``)."""
    return None in row
