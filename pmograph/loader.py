"""Reading RDF files into quads: strict parsing, file:line errors, a fixed base.

Every file is read by :func:`pmograph.reading.read_input` (regular files
only, bounded in size, RDF/XML without entities or deep nesting) and parsed
with pyoxigraph's strict parsers, so that a bad file is
reported with its path, line and column (rdflib's parsers accept invalid IRIs
and report some errors without a file name; see PITFALLS.md).  Relative IRIs
resolve against a fixed base under ``https://w3id.org/pmograph/id/``, never
against the file's local path, and JSON-LD remote contexts are never fetched.

Triples in the default graph of a user's Turtle, N-Triples, RDF/XML or
JSON-LD file are placed in a named graph of their own,
``https://w3id.org/pmograph/id/graph/user/<file name>``, described in the
default graph, so that every fact keeps its provenance.  The packaged ontology
is the named graph ``https://w3id.org/pmograph/ns``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox

from pmograph import resources
from pmograph.entailment import entailed_quads
from pmograph.errors import DataFileError
from pmograph.namespaces import ONTOLOGY_IRI, PMGID_IRI, PREFIXES, USER_GRAPH_IRI
from pmograph.reading import check_rdf_xml, read_input

_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}

BASE_IRI = PMGID_IRI
"""The base IRI against which relative IRIs in every file resolve."""

_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_PROV_ENTITY = ox.NamedNode(PREFIXES["prov"] + "Entity")
_PROV_DERIVED = ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom")
_DCT_TITLE = ox.NamedNode(PREFIXES["dcterms"] + "title")
_GRAPH = attrgetter("graph_name")
_PARTS = (attrgetter("subject"), attrgetter("object"), _GRAPH)


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a file, from its extension."""
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(_FORMATS))
        raise DataFileError(
            f"unknown RDF file extension {path.suffix or '(none)'!r}; use one of {known}",
            path=str(path),
        )
    return fmt


def parse_file(path: str | os.PathLike[str], *, base_iri: str = BASE_IRI) -> list[ox.Quad]:
    """Parse one RDF file strictly into quads.

    Raises
    ------
    DataFileError
        The file is missing, unreadable, a device, too large, of an unknown
        type, or does not parse; the message gives ``path:line:column`` and
        what was wrong.
    """
    return parse_file_digest(path, base_iri=base_iri)[0]


def parse_file_digest(
    path: str | os.PathLike[str], *, base_iri: str = BASE_IRI
) -> tuple[list[ox.Quad], str]:
    """Parse one RDF file strictly; the quads and the SHA-256 of the very bytes parsed."""
    p = Path(path)
    fmt = rdf_format(p)
    data, digest = read_input(p)
    return parse_bytes(data, fmt, p, base_iri=base_iri), digest


def parse_bytes(
    data: bytes, fmt: ox.RdfFormat, path: Path, *, base_iri: str = BASE_IRI
) -> list[ox.Quad]:
    """Parse the bytes read from ``path`` strictly (errors as :func:`parse_file` gives them)."""
    if fmt == ox.RdfFormat.RDF_XML:
        check_rdf_xml(data, path)
    with parsing(path):
        return list(ox.parse(data, format=fmt, base_iri=base_iri))


@contextmanager
def parsing(path: Path) -> Iterator[None]:
    """Turn what pyoxigraph's parsers raise on ``path`` into one-line :class:`DataFileError` s.

    Raises
    ------
    DataFileError
        With ``path:line:column`` and what was wrong (a syntax error, a remote
        JSON-LD context, a term over 16 MB, a read error, a bad value).
    """
    try:
        yield
    except SyntaxError as exc:
        msg = str(getattr(exc, "msg", exc))
        # pyoxigraph says "Parser error between line A column B and line C column D: what"
        what = msg.split(": ", 1)[1] if msg.startswith("Parser error") and ": " in msg else msg
        if "LoadDocumentCallback" in what:
            raise DataFileError(
                "the JSON-LD @context is a remote document, and pmograph never fetches one; "
                "put the context inline in the file",
                path=str(path),
                line=exc.lineno,
                column=exc.offset,
            ) from None
        raise DataFileError(
            f"{what}; fix the syntax there and try again",
            path=str(path),
            line=exc.lineno,
            column=exc.offset,
        ) from None
    except MemoryError:
        raise DataFileError(
            "holds a term (a literal or an IRI) longer than 16 MB, the parser's limit; "
            "shorten it or keep the text outside the graph",
            path=str(path),
        ) from None
    except OSError as exc:
        raise DataFileError(f"cannot read ({exc.strerror or exc})", path=str(path)) from None
    except ValueError as exc:
        raise DataFileError(f"{exc}; fix the file and try again", path=str(path)) from None


@dataclass
class LoadedData:
    """The quads read from a set of files, with where each named graph came from."""

    quads: list[ox.Quad] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    graph_files: dict[str, str] = field(default_factory=dict)
    """Named graph IRI -> the file (as given) that holds it."""
    digests: list[str] = field(default_factory=list)
    """The SHA-256 of the bytes parsed from each file, in the order of ``files``."""
    entailed: list[ox.Quad] = field(default_factory=list)
    """What the entailment pass added (:func:`pmograph.stores.fill.fill_store` only:
    :func:`read_files` puts them at the end of ``quads``)."""


def user_graph(path: Path, taken: set[str]) -> str:
    """The IRI of the graph that holds a user file's triples outside named graphs."""
    name = quote(path.name, safe="")
    iri = USER_GRAPH_IRI + name
    n = 2
    while iri in taken:
        iri = f"{USER_GRAPH_IRI}{name}-{n}"
        n += 1
    return iri


def read_files(
    extra: Iterable[str | os.PathLike[str]] = (),
    *,
    packaged: bool = True,
) -> LoadedData:
    """Read the packaged ontology and data (unless ``packaged=False``) and ``extra`` files."""
    out = LoadedData()
    paths: list[tuple[Path, bool]] = []
    if packaged:
        paths += [(p, False) for p in resources.packaged_files()]
    paths += [(Path(p), True) for p in extra]
    ontology = resources.ontology_file() if packaged else None
    # Spreadsheets (.xlsx, CSV files, a folder or zip of them) are career frameworks:
    # read last, so that their cells can name anything the RDF files hold.
    frameworks: list[Path] = []
    if any(is_user for _, is_user in paths):  # the framework reader costs 40 ms to import
        from pmograph.frameworks.reader import is_framework

        frameworks = [p for p, is_user in paths if is_user and is_framework(p)]
        paths = [(p, is_user) for p, is_user in paths if p not in frameworks]
    for number, (path, is_user) in enumerate(paths):
        parsed, digest = parse_file_digest(path)
        out.files.append(path)
        out.digests.append(digest)
        out.quads.extend(file_quads(parsed, path, number, is_user, ontology, out.graph_files))
    if frameworks:
        from pmograph.frameworks.names import Names
        from pmograph.frameworks.reader import read_framework

        names = Names.from_quads(out.quads)
        for path in frameworks:
            quads = read_framework(path, names)
            out.files.append(path)
            for q in quads:
                if isinstance(q.graph_name, ox.NamedNode):
                    out.graph_files.setdefault(q.graph_name.value, str(path))
            out.quads.extend(quads)
    out.quads.extend(entailed_quads(out.quads))  # the ontology's entailments (kmodel's hook)
    return out


def file_quads(
    parsed: list[ox.Quad],
    path: Path,
    number: int,
    is_user: bool,
    ontology: Path | None,
    graph_files: dict[str, str],
) -> list[ox.Quad]:
    """The quads one parsed file contributes, as :func:`read_files` reads them.

    Blank nodes get stable labels (``f<number>b<k>``); the ontology goes to its
    own graph; a user's triples outside named graphs go to a graph named after
    the file, described in the default graph.  ``graph_files`` gets the file's
    new named graphs.
    """
    quads = _stable_blank_nodes(parsed, f"f{number}b")
    target: ox.NamedNode | None = None
    if ontology is not None and path == ontology:
        target = ox.NamedNode(ONTOLOGY_IRI)
    elif is_user and not rdf_format(path).supports_datasets:
        target = ox.NamedNode(user_graph(path, set(graph_files)))
    if target is not None:
        quads = [ox.Quad(q.subject, q.predicate, q.object, target) for q in quads]
        if is_user:
            quads += describe_user_graph(target, path)
    elif is_user and ox.DefaultGraph() in set(map(_GRAPH, quads)):
        # A TriG / N-Quads file's triples outside its named graphs get a graph of their
        # own, described like a Turtle file's, so that `pmograph why` can answer for them.
        loose = ox.NamedNode(user_graph(path, set(graph_files)))
        quads = [
            ox.Quad(q.subject, q.predicate, q.object, loose)
            if isinstance(q.graph_name, ox.DefaultGraph)
            else q
            for q in quads
        ]
        quads += describe_user_graph(loose, path)
    for g in dict.fromkeys(map(_GRAPH, quads)):  # in order of first appearance
        if isinstance(g, ox.NamedNode):
            graph_files.setdefault(g.value, str(path))
    return quads


def _stable_blank_nodes(quads: list[ox.Quad], prefix: str) -> list[ox.Quad]:
    """Relabel blank nodes in order of appearance, so that the same files load
    (and export) identically every time, and labels from two files never clash."""
    names: dict[ox.BlankNode, ox.BlankNode] = {}

    def fix(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            new = names.get(term)
            if new is None:
                new = names[term] = ox.BlankNode(f"{prefix}{len(names)}")
            return new
        return term

    if not any(ox.BlankNode in set(map(type, map(part, quads))) for part in _PARTS):
        return quads  # (the check runs in C: a Python loop over a million quads takes a second)
    return [ox.Quad(fix(q.subject), q.predicate, fix(q.object), fix(q.graph_name)) for q in quads]


def describe_user_graph(graph: ox.NamedNode, path: Path) -> list[ox.Quad]:
    """The default graph's description of a user file's own graph (its provenance)."""
    source = ox.NamedNode(PMGID_IRI + "source/user/" + quote(path.name, safe=""))
    dg = ox.DefaultGraph()
    return [
        ox.Quad(graph, _RDF_TYPE, _PROV_ENTITY, dg),
        ox.Quad(graph, _PROV_DERIVED, source, dg),
        ox.Quad(source, _DCT_TITLE, ox.Literal(f"user file {path.name}"), dg),
    ]


def find_line(path: str | os.PathLike[str], iri: str) -> int | None:
    """The first line of a Turtle/TriG file where ``iri`` is written, if any.

    Looks for the full ``<iri>`` form and for any ``prefix:local`` spelling
    declared with ``@prefix`` / ``PREFIX`` in the file.  Used to point
    validation messages at a line.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    import re

    spellings = [f"<{iri}>"]
    for m in re.finditer(r"(?im)^\s*@?prefix\s+([\w.-]*):\s*<([^>]*)>", text):
        prefix, ns = m.group(1), m.group(2)
        if iri.startswith(ns) and len(iri) > len(ns):
            spellings.append(f"{prefix}:{iri[len(ns) :]}")
    pattern = re.compile(
        "|".join(
            re.escape(s) + (r"(?![\w.:/-]*\w)" if not s.endswith(">") else "") for s in spellings
        )
    )
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        if stripped.startswith("#") or stripped.lower().startswith(("@prefix", "prefix")):
            continue
        if pattern.search(line):
            return number
    return None
