"""The cache entry's name: the SHA-256 of pmograph's and pyoxigraph's versions and of every
input file's bytes (see :mod:`pmograph.stores.cache`), with a memo of each file's digest by its
``stat``, so that an unchanged file is not read again.

Exports :func:`input_files`, :func:`cache_key`.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

_CHUNK = 1 << 20


def input_files(
    extra: Sequence[str | os.PathLike[str]], *, packaged: bool
) -> list[tuple[Path, bool]]:
    """The files :func:`pmograph.loader.read_files` reads, in order, each with "is a user file"."""
    from pmograph import resources

    paths: list[tuple[Path, bool]] = []
    if packaged:
        paths += [(p, False) for p in resources.packaged_files()]
    paths += [(Path(p), True) for p in extra]
    return paths


def cache_key(files: Sequence[tuple[Path, bool]], *, memo: Path | None = None) -> str:
    """The SHA-256 (hex) naming the cache entry for these files.

    ``memo`` is a JSON file remembering each file's digest with its size,
    inode and modification and change times (nanoseconds): a file whose
    ``stat`` is unchanged is not read again, as git does for its index.

    Raises
    ------
    DataFileError
        A file is missing, a folder, unreadable or of an unknown RDF type
        (the same message the loader gives).
    """

    from pmograph.loader import parse_file, rdf_format
    from pmograph.reading import refuse_oversized

    known = _read_memo(memo)
    changed = False
    digests: list[str] = []

    def is_framework(path: Path) -> bool:  # its reader is imported only for a user's file
        from pmograph.frameworks.reader import is_framework as check

        return check(path)

    for path, is_user in files:
        if not (is_user and is_framework(path)):  # a spreadsheet framework has no RDF format
            rdf_format(path)
        try:
            if path.is_dir():  # a folder of CSV files: the digest of its files, in order
                digests.append(_folder_digest(path))
                continue
            st = path.stat()
            refuse_oversized(st.st_size, path)  # the limit holds on a cache hit too
            where = str(path.resolve())
            stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
            remembered = known.get(where)
            if remembered is not None and remembered[:4] == stamp:
                digest = str(remembered[4])
            else:
                digest = _sha256(path)
                known[where] = [*stamp, digest]
                changed = True
        except OSError:
            if is_user and is_framework(path):
                from pmograph.frameworks.workbook import read_tables

                read_tables(path)  # raises the framework reader's message
            parse_file(path)  # raises the loader's own message for this file
            raise
        digests.append(digest)
    if memo is not None and changed:
        _write_memo(memo, known)
    return _key(files, digests)


def _key(files: Sequence[tuple[Path, bool]], digests: Sequence[str]) -> str:
    """The entry name for these files with these contents (see the module's assumptions)."""
    import pyoxigraph as ox

    from pmograph.version import __version__

    key = hashlib.sha256()
    key.update(f"pmograph {__version__}\0pyoxigraph {ox.__version__}\0".encode())
    for (path, is_user), digest in zip(files, digests):
        name = path.name if is_user else "packaged"
        key.update(f"{'user' if is_user else 'packaged'}\0{name}\0{digest}\0".encode())
    return key.hexdigest()


def _folder_digest(path: Path) -> str:
    parts = [f"{f.name}\0{_sha256(f)}" for f in sorted(path.iterdir()) if f.is_file()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _digest_of(path: Path) -> str:
    return _folder_digest(path) if path.is_dir() else _sha256(path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


_MEMO_SIZE = 512


def _read_memo(memo: Path | None) -> dict[str, list[int | str]]:
    if memo is None:
        return {}
    try:
        data = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_memo(memo: Path, known: dict[str, list[int | str]]) -> None:
    items = list(known.items())[-_MEMO_SIZE:]
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".digests-", dir=memo.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(dict(items), handle)
        os.replace(tmp, memo)
    except OSError:
        pass  # the memo only saves time
