"""Fill a pyoxigraph store with the files' quads, letting its bulk loader parse the large files.

:func:`fill_store` adds to a store (in memory, or the on-disk store cache)
what :func:`~pmograph.loader.read_files` reads, quad for quad, but a user's
N-Quads, N-Triples, TriG or Turtle file whose bytes cannot hold a blank node
(:func:`bulk_loadable`) is parsed by pyoxigraph's bulk loader straight into
the store and never becomes Python objects: building a Python list of every
quad first made a million-quad load twice pyoxigraph's own time and three
times its memory.  Blank nodes need the loader's stable per-file labels, so
every other file (and the packaged graph, which is small) is parsed by the
loader and added as quads.  The entailments are then read from the filled
store (:func:`pmograph.entailment.entailed_in_store`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from pmograph.loader import LoadedData


def fill_store(
    store: ox.Store,
    extra: Iterable[str | os.PathLike[str]] = (),
    *,
    packaged: bool = True,
    known: LoadedData | None = None,
) -> LoadedData:
    """Add to ``store`` the quads :func:`~pmograph.loader.read_files` reads, entailments included.

    Parameters
    ----------
    known
        What an earlier fill of the same files returned: when the bytes read
        now have the same digests, its entailed quads are added instead of
        being derived again (the cache entry written after an answer).

    Returns
    -------
    LoadedData
        The files, their digests, graph files and entailed quads; ``quads`` is
        empty (they are in the store).

    Raises
    ------
    DataFileError
        A file is missing or does not parse (the store then holds part of the
        files: discard it).
    """
    from pmograph import resources
    from pmograph.entailment import entailed_in_store
    from pmograph.loader import (
        LoadedData,
        file_quads,
        parse_bytes,
        rdf_format,
        read_files,
    )
    from pmograph.reading import read_input

    paths: list[tuple[Path, bool]] = []
    if packaged:
        paths += [(p, False) for p in resources.packaged_files()]
    paths += [(Path(p), True) for p in extra]
    if any(is_user for _, is_user in paths):
        from pmograph.frameworks.reader import is_framework

        if any(is_user and is_framework(p) for p, is_user in paths):
            # a framework's cells name what the RDF files hold: the loader reads them all
            data = read_files(extra, packaged=packaged)
            store.bulk_extend(data.quads)
            data.quads = []
            return data
    out = LoadedData()
    ontology = resources.ontology_file() if packaged else None
    parsed: list[ox.Quad] = []  # added in one call: each bulk call writes files of its own
    for number, (path, is_user) in enumerate(paths):
        fmt = rdf_format(path)
        raw, digest = read_input(path)
        out.files.append(path)
        out.digests.append(digest)
        if is_user and bulk_loadable(raw, fmt):
            parsed += _bulk_load(store, raw, fmt, path, out.graph_files)
        else:
            quads = parse_bytes(raw, fmt, path)
            parsed += file_quads(quads, path, number, is_user, ontology, out.graph_files)
        del raw
    store.bulk_extend(parsed)
    del parsed
    if known is not None and known.digests == out.digests:
        out.entailed = known.entailed
    else:
        out.entailed = entailed_in_store(store)
    if out.entailed:
        store.bulk_extend(out.entailed)
    return out


def bulk_loadable(raw: bytes, fmt: ox.RdfFormat) -> bool:
    """Whether a file's bytes certainly hold no blank node.

    N-Quads and N-Triples write every blank node ``_:``; Turtle and TriG also
    make one of ``[``, a collection ``(``, and RDF 1.2's reifiers and
    annotations (``~``, ``{|``, ``<<``).  Any of these bytes, even inside a
    literal, sends the file to the loader (correct, only slower), as does a
    file that may hold a term of 16 MB or more (which the loader refuses).
    """
    import pyoxigraph as ox

    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES):
        # (a triple term holds no blank node unless it says _:)
        return b"_:" not in raw and _no_long_terms(raw, long_strings=False)
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        marks = (b"_:", b"[", b"(", b"~", b"{|", b"<<")
        return not any(m in raw for m in marks) and _no_long_terms(raw, long_strings=True)
    return False


_TERM_MAX = 1 << 24
"""pyoxigraph's parsers refuse a term this long; its bulk loader does not, so such a file
goes to the loader (:func:`pmograph.loader.parse_bytes`), which reports it."""


def _no_long_terms(raw: bytes, *, long_strings: bool) -> bool:
    """Whether no term can reach 16 MB: every line is shorter (a newline in each 8 MB),
    and (Turtle, TriG) no long string, which may hold newlines, is written."""
    if len(raw) < _TERM_MAX:
        return True
    if long_strings and (b'"""' in raw or b"'''" in raw):
        return False
    half = _TERM_MAX // 2
    return all(raw.find(b"\n", i, i + half) >= 0 for i in range(0, len(raw) - half + 1, half))


def _bulk_load(
    store: ox.Store, raw: bytes, fmt: ox.RdfFormat, path: Path, graph_files: dict[str, str]
) -> list[ox.Quad]:
    """Bulk-load a user's file without blank nodes as :func:`~pmograph.loader.file_quads` reads it.

    Returns the quads that describe the file's own graph, for the caller to add.
    """
    import pyoxigraph as ox

    from pmograph.loader import BASE_IRI, describe_user_graph, parsing, user_graph

    before = set(store.named_graphs())
    own = ox.NamedNode(user_graph(path, set(graph_files)))  # triples outside named graphs
    with parsing(path):
        store.bulk_load(input=raw, format=fmt, base_iri=BASE_IRI, to_graph=own)
    holds_own = next(iter(store.quads_for_pattern(None, None, None, own)), None) is not None
    if holds_own:
        graph_files.setdefault(own.value, str(path))
    for g in store.named_graphs():
        if g not in before and isinstance(g, ox.NamedNode):
            graph_files.setdefault(g.value, str(path))
    return describe_user_graph(own, path) if holds_own or not fmt.supports_datasets else []
