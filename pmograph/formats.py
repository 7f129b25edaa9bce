"""Which RDF format an output file gets, from its suffix (the rule shared by import and export).

- ``.trig``, ``.nq`` and ``.jsonld`` hold a dataset: named graphs are kept.
- ``.ttl`` and ``.nt`` hold one graph: every triple is written once, its named
  graph dropped, and the command says so.
- Any other suffix is refused with a one-line :class:`~pmograph.errors.InputError`
  before anything is read, so pmograph never writes a file it cannot read back.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from pmograph.errors import InputError


@dataclass(frozen=True)
class OutputFormat:
    """An RDF output format chosen by suffix."""

    name: str
    """The export name (``trig``, ``nquads``, ``jsonld``, ``turtle``, ``nt``)."""
    rdf: ox.RdfFormat
    """pyoxigraph's format."""

    @property
    def keeps_graphs(self) -> bool:
        """Whether named graphs survive in this format."""
        return bool(self.rdf.supports_datasets)


SUFFIXES: dict[str, OutputFormat] = {
    ".trig": OutputFormat("trig", ox.RdfFormat.TRIG),
    ".nq": OutputFormat("nquads", ox.RdfFormat.N_QUADS),
    ".jsonld": OutputFormat("jsonld", ox.RdfFormat.JSON_LD),
    ".ttl": OutputFormat("turtle", ox.RdfFormat.TURTLE),
    ".nt": OutputFormat("nt", ox.RdfFormat.N_TRIPLES),
}
"""Output suffixes and their formats."""


def output_format(
    path: str | os.PathLike[str], *, extra: tuple[str, ...] = ()
) -> OutputFormat | str:
    """The format ``path``'s suffix asks for.

    Parameters
    ----------
    path
        The output file.
    extra
        Further suffixes the caller writes itself (``".graphml"``): returned as
        the bare suffix string.

    Raises
    ------
    InputError
        The suffix is none of :data:`SUFFIXES` (nor ``extra``).
    """
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if suffix in extra:
        return suffix
    known = ", ".join([*SUFFIXES, *extra])
    raise InputError(
        f"{path}: cannot write {suffix or 'a file without a suffix'}; name the output with one of "
        f"{known} (.trig, .nq and .jsonld keep named graphs; .ttl and .nt hold one graph)"
    )


def single_graph_note(path: str | os.PathLike[str], graphs: int) -> str:
    """What a one-graph format does to named graphs, for the command line to print."""
    return (
        f"note: {Path(path).name} holds one graph: the triples of {graphs} named graph(s) "
        "are written without their graph names (use .trig, .nq or .jsonld to keep them)"
    )
