"""Exports kept in the cache folder, so that the same export of the same inputs is a copy.

GraphML and GEXF are written by networkx (importing it takes longer than a
cold query takes in all) from the graph's network view, and the workbook by
xlsxwriter from rows read out of the loaded store.  What they write depends
on nothing but the input files, pmograph's code, the libraries that write it,
the settings and the export's own options, which is what names the career
index (:func:`pmograph.careers.indexfile.index_file`).  So the first export
of a set of files stores what it wrote in the cache folder, named by that key
and the export's options (``export-<key>.marshal``), and the next identical
export writes the stored bytes without loading the files or importing
networkx or xlsxwriter.

Assumptions
-----------
- **The key is the career index's**: any change to an input file, to
  pmograph's code, to networkx, xlsxwriter or the other computing libraries,
  to a ``PMOGRAPH_*`` or locale variable gives another key, and the export
  is written again from the data.  The format, the store and
  ``--only-user`` are part of the name.
- **What is stored is what was written**, byte for byte, the workbook's
  creation time included (a copy of a workbook made earlier says when it was
  made).
- **Large exports are not kept**: over :data:`MAX_BYTES` the export is
  written from the data every time (the copy would cost disk space for a
  saving the export's own time dwarfs).
- Files are written, read, trusted and pruned as the career index's are
  (:mod:`pmograph.careers.indexfile`: the newest few of the kind are kept).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

__all__ = ["MAX_BYTES", "KINDS", "place", "read", "keep"]

KINDS = ("graphml", "gexf", "xlsx")
"""The export formats kept: those that import a large library to write."""

MAX_BYTES = 32 * 1024 * 1024
"""An export larger than this is not kept in the cache folder."""

_PREFIX = "export-"


def place(
    data: Sequence[str | os.PathLike[str]], *, fmt: str, store: str, only_user: bool = False
) -> Path | None:
    """Where the export of the packaged graph plus ``data`` in ``fmt`` is kept, or ``None``
    (an export not kept, or inputs that have no key: a folder, a pipe, a missing file)."""
    from pmograph.careers import indexfile

    if fmt not in KINDS:
        return None
    index = indexfile.index_file(data)
    if index is None:
        return None
    name = f"{index.name}\0{fmt}\0{store}\0{int(only_user)}"
    return index.with_name(_PREFIX + hashlib.sha256(name.encode()).hexdigest() + ".marshal")


def read(at: Path) -> bytes | None:
    """The export kept at ``at``, or ``None`` (none, not ours, unreadable or of another layout)."""
    from pmograph.careers import indexfile

    state = indexfile.read(at)
    payload = state.get("payload") if state is not None else None
    return payload if isinstance(payload, bytes) else None


def keep(at: Path, payload: bytes) -> bool:
    """Keep ``payload`` at ``at``; ``False`` when it is too large or cannot be written."""
    from pmograph.careers import indexfile

    if len(payload) > MAX_BYTES:
        return False
    return indexfile.write(at, {"payload": payload})
