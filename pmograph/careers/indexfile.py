"""Where a graph's prebuilt career index lives, how it is named, read and written.

The index (:mod:`pmograph.careers.prebuilt`) is one ``marshal`` file in
pmograph's cache folder (:func:`pmograph.stores.cache.cache_dir`), named
``careers-<key>.marshal``.

Assumptions
-----------
- **The key is everything the answers depend on**, read without opening a
  data file: for the packaged files and then the user's, in order, each one's
  resolved path, size, inode and modification and change times (nanoseconds),
  as the profile cache does; the same for every module of pmograph (an edited
  source, in an editable install, is a new key) and for the libraries that
  compute, parse or write (networkx, scipy, numpy, pyoxigraph, rdflib, openpyxl,
  xlsxwriter);
  pmograph's version; and the ``PMOGRAPH_*`` and locale variables (the input
  limits among them).  Editing, replacing or touching any of them gives a
  new key, so the index is built again from the data.
- **Only regular files are keyed**: a folder of CSV files, a pipe or a
  device among the inputs means no index (the command builds its networkx
  view as before).
- **Only your own cache is trusted**: a folder or file owned by another user
  or writable by others is neither read nor written (as for the store cache).
- **Files appear whole**: written to a temporary file beside them and renamed.
  A file that cannot be read back (damaged, of another format) is ignored and
  written again.  All but the :data:`KEEP` most recently written are removed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["FORMAT", "KEEP", "index_file", "read", "write"]

FORMAT = 1
"""The layout of the stored state; a file of another layout is not read."""
KEEP = 4
"""How many career indexes to keep (the most recently written)."""

_LIBRARIES = ("networkx", "scipy", "numpy", "pyoxigraph", "rdflib", "openpyxl", "xlsxwriter")
_LOCALE = ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")


def index_file(data: Sequence[str | os.PathLike[str]]) -> Path | None:
    """The index file for the packaged graph plus ``data``, or ``None`` (no index for these inputs)."""
    import hashlib

    from pmograph import resources
    from pmograph.stores.cache import cache_dir
    from pmograph.version import __version__

    key = hashlib.sha256(f"pmograph {__version__} careers {FORMAT}\0".encode())
    try:
        for path in [*resources.packaged_files(), *map(Path, data)]:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode):
                return None
            key.update(_stamp(os.path.realpath(path), st))
        for code in _code_files():
            key.update(_stamp(code, os.stat(code)))
    except OSError:
        return None  # a missing file: the loader gives its own message
    for name in sorted(os.environ):
        if name.startswith("PMOGRAPH_") or name in _LOCALE:
            key.update(f"{name}={os.environ[name]}\0".encode())
    return cache_dir() / f"careers-{key.hexdigest()}.marshal"


def _stamp(path: str, st: os.stat_result) -> bytes:
    return f"{path}\0{st.st_size}\0{st.st_ino}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0".encode()


def _code_files() -> list[str]:
    """pmograph's modules and the computing libraries' entry files, in a steady order."""
    import importlib.util

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found: list[str] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        found += [os.path.join(folder, n) for n in sorted(names) if n.endswith(".py")]
    for name in _LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin and os.path.isfile(spec.origin):
            found.append(spec.origin)
    return found


def read(path: Path) -> dict[str, Any] | None:
    """The state stored at ``path``, or ``None`` (none, not ours, or unreadable)."""
    import marshal

    from pmograph.stores.cache import _distrust

    if _distrust(path.parent) or _distrust(path):
        return None
    try:
        state = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        return None
    return state


def write(path: Path, state: dict[str, Any]) -> bool:
    """Store ``state`` at ``path`` atomically; ``False`` when it cannot be (only costs time)."""
    import marshal
    import tempfile

    from pmograph.stores.cache import _distrust

    try:
        payload = marshal.dumps({**state, "format": FORMAT})
    except ValueError:  # a value marshal cannot hold: no index
        return False
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if _distrust(path.parent):
            return False
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{_kind(path)}-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return False
    _prune(path)
    return True


def _kind(path: Path) -> str:
    """The kind of stored file: the part of its name before the first ``-`` (``careers``,
    ``vizfacts``)."""
    return path.name.split("-", 1)[0]


STALE_SECONDS = 3600
"""A temporary file of a write older than this was left by a process that was killed."""


def _prune(keep: Path) -> None:
    """Remove all but the :data:`KEEP` most recently written files of ``keep``'s kind
    (``keep`` stays), and what writes killed before they finished left behind."""
    import time

    kind = _kind(keep)
    try:
        found = [(p.stat().st_mtime, p) for p in keep.parent.glob(f"{kind}-*.marshal") if p != keep]
        left = [
            p
            for p in keep.parent.glob(f".{kind}-*")
            if p.stat().st_mtime < time.time() - STALE_SECONDS
        ]
    except OSError:
        return
    for stale in left:
        try:
            stale.unlink()
        except OSError:
            pass
    found.sort(reverse=True)
    for _, old in found[KEEP - 1 :]:
        try:
            old.unlink()
        except OSError:
            pass
