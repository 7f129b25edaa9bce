"""A persistent on-disk cache of parsed graphs, for the pyoxigraph store.

``pmograph.load(files, store="oxigraph", cache=True)`` parses the files once
into an on-disk pyoxigraph (RocksDB) store; later loads of the same files open
that store read-only in milliseconds instead of parsing again.

Assumptions
-----------
- **The key is the content.**  An entry is named by the SHA-256 of pmograph's
  and pyoxigraph's versions and, for every input file in order, whether it is
  packaged or the user's, the name that decides its graph IRI (a user file's
  base name) and the SHA-256 of its bytes.  Editing a file, adding one or
  upgrading pmograph gives a new entry; moving or copying a file does not.
- **Entries appear whole or not at all.**  A new entry is built in a
  temporary folder beside the others and renamed into place; a process that
  loses a race to build the same entry uses the winner's and removes its own.
- **Entries are never written after they are built**: they are opened with
  ``pyoxigraph.Store.read_only``, so any number of processes may share one.
- **Only your own cache is trusted.**  A cache folder or entry owned by
  another user, or writable by other users, is not used (a warning says why
  and the files are loaded without the cache): whoever can write it could
  plant answers.  New folders are created ``0700``.
- **What is parsed is what is keyed.**  An entry is built from the bytes
  read once, and named by their digests, so a file replaced while its entry
  is built never stores new data under the old content's name.
- **A damaged entry is dropped and built again**: unreadable metadata, a
  store that does not open or whose first quad cannot be read.
- **The cache stays small**: after building an entry, all but the
  :data:`KEEP` most recently used entries are removed (an entry used in the
  last minute is kept whatever its rank).
- **Answer first, write beside** (``answer_first=True``, what ``pmograph
  query`` asks for): on a miss a child process builds the entry while this
  process loads the files into a memory store and answers; the process exits
  once the child is done (:func:`write_pending`).  Writing RocksDB's files is
  most of a cold load (pyoxigraph's own bulk load takes about three times as
  long into an on-disk store as into a memory one), so the answer no longer
  waits for it.  Every signal that stops pmograph stops the child (it dies
  with its parent, and is killed on the way out): a stopped build leaves no
  entry, only a ``.build-`` folder that a later prune removes once it is an
  hour old.

The folder is ``$PMOGRAPH_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/pmograph``,
else ``~/.cache/pmograph``.  Deleting it is always safe.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pmograph.stores import BuiltStore
from pmograph.stores.cachekey import _digest_of, _key, cache_key, input_files

__all__ = ["KEEP", "cache_dir", "cache_key", "input_files", "load_cached", "write_pending"]

if TYPE_CHECKING:  # pragma: no cover
    import subprocess

    import pyoxigraph as ox

KEEP = 4
"""How many cache entries to keep (the most recently used)."""
_FRESH_SECONDS = 60.0
_STALE_BUILD_SECONDS = 3600.0
"""A ``.build-`` folder this old was left by a build that was killed (a build takes a minute)."""
_META = "meta.json"
_MEMO = "digests.json"
_STORE = "store"


def cache_dir() -> Path:
    """The default cache folder: ``$PMOGRAPH_CACHE_DIR``, ``$XDG_CACHE_HOME/pmograph`` or ``~/.cache/pmograph``."""
    explicit = os.environ.get("PMOGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "pmograph"


_BUILDS: list[subprocess.Popen[bytes]] = []
"""The children building cache entries while this process answers (:func:`write_pending`)."""


def load_cached(
    extra: Sequence[str | os.PathLike[str]],
    packaged: bool,
    cache: bool | str | os.PathLike[str],
    *,
    answer_first: bool = False,
) -> BuiltStore:
    """Load files into a pyoxigraph store, through the on-disk cache.

    Parameters
    ----------
    extra
        User files, as for :func:`pmograph.load`.
    packaged
        Include the packaged ontology and data.
    cache
        ``True`` for the default folder (:func:`cache_dir`), or a folder.
    answer_first
        On a miss, return a memory store at once while a child process builds
        the entry (:func:`write_pending` waits for it).

    Returns
    -------
    BuiltStore
        An ``oxigraph`` store opened read-only from the cache (or, on a miss
        with ``answer_first``, in memory).

    Raises
    ------
    DataFileError
        A file is missing or does not parse.

    Notes
    -----
    When the cache folder cannot be written, the files are loaded into an
    in-memory pyoxigraph store instead, with a warning.
    """
    from pmograph.stores.oxigraph import OxigraphStore

    folder = cache_dir() if isinstance(cache, bool) else Path(cache)
    files = input_files(extra, packaged=packaged)
    if not all(_is_regular(p) for p, _ in files):
        return _uncached(extra, packaged=packaged)  # a pipe or a device: nothing to key on
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        return _without_cache(folder, f"cannot be written ({exc.strerror or exc})", extra, packaged)
    distrust = _distrust(folder)
    if distrust:
        return _without_cache(folder, distrust, extra, packaged)
    key = cache_key(files, memo=folder / _MEMO)
    entry = folder / key
    opened = _open(entry)
    if isinstance(opened, str):
        return _without_cache(entry, opened, extra, packaged)
    if opened is None and answer_first and _start_build(entry, list(extra), packaged):
        import pyoxigraph as ox

        from pmograph.stores.fill import fill_store

        memory = ox.Store()
        data = fill_store(memory, extra, packaged=packaged)
        return BuiltStore(OxigraphStore(memory), files=data.files, graph_files=data.graph_files)
    if opened is None:
        try:
            entry = _build(entry, extra, packaged=packaged)
        except OSError as exc:
            return _without_cache(
                folder, f"cannot be written ({exc.strerror or exc})", extra, packaged
            )
        _prune(folder, keep=entry)
        opened = _open(entry)
        if not isinstance(opened, tuple):  # pragma: no cover - removed between build and open
            return _uncached(extra, packaged=packaged)
    store, meta = opened
    paths = [p for p, _ in files]
    graph_files = {g: str(paths[i]) for g, i in meta["graph_files"].items() if i < len(paths)}
    return BuiltStore(OxigraphStore(store), files=paths, graph_files=graph_files)


def _start_build(entry: Path, extra: list[str | os.PathLike[str]], packaged: bool) -> bool:
    """Start a child process that builds ``entry`` while this process answers.

    The child is a fresh interpreter (a fork of a process that runs threads
    could inherit a lock held by one of them and hang); it dies with this
    process (``PR_SET_PDEATHSIG``), and this process kills it when it exits
    before :func:`write_pending` waited for it (an error, a signal): a stopped
    build leaves no entry, only its ``.build-`` folder, which a later prune
    removes.  Returns False where no child can be started.
    """
    import atexit
    import subprocess
    import sys

    args = [str(os.getpid()), str(entry), "packaged" if packaged else "-", *map(str, extra)]
    code = "import sys; from pmograph.stores.cache import build_entry; build_entry(sys.argv[1:])"
    try:
        child = subprocess.Popen(
            [sys.executable, "-c", code, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return False
    if not _BUILDS:
        atexit.register(stop_builds)
    _BUILDS.append(child)
    return True


def build_entry(argv: list[str]) -> None:  # pragma: no cover - runs in the child
    """The child's work: ``PARENT_PID ENTRY packaged|- FILE...``; exit 0 when the entry is there."""
    from pmograph.sparql.sandbox import die_with_parent

    parent, entry, packaged, *extra = argv
    die_with_parent(int(parent))
    import signal

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)  # through the build's finally, as Ctrl-C does

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    done = _build(Path(entry), extra, packaged=packaged == "packaged")
    _prune(done.parent, keep=done)


def write_pending() -> int:
    """Wait for the cache entries being built while the answer was made; how many were built.

    Call it once the answer is out: pmograph exits when the entry is written.
    An entry that could not be written (a full disk, a file that changed and no
    longer parses) is simply not there: the cache only saves time.  A signal
    while waiting stops the builds.
    """
    built = 0
    try:
        while _BUILDS:
            built += _BUILDS[0].wait() == 0
            _BUILDS.pop(0)
    finally:
        stop_builds()
    return built


def stop_builds() -> None:
    """Stop the builds still running (SIGKILL) and reap them: their entries never appear."""
    while _BUILDS:
        child = _BUILDS.pop()
        child.kill()
        child.wait()


def _is_regular(path: Path) -> bool:
    """A file or a folder (of CSV files), not a pipe or a device: something to key on."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return True  # missing or unreadable: cache_key gives the loader's own message
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode)


def _distrust(path: Path) -> str:
    """Why a cache folder or entry must not be used (empty: it may)."""
    try:
        st = os.stat(path)
    except OSError:
        return ""
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        return f"belongs to another user (uid {st.st_uid}), who could plant answers in it"
    if st.st_mode & 0o022:
        return "can be written by other users, who could plant answers in it"
    return ""


def _without_cache(
    where: Path, why: str, extra: Sequence[str | os.PathLike[str]], packaged: bool
) -> BuiltStore:
    warnings.warn(
        f"pmograph cache folder {where} {why}; loading without the cache "
        "(fix its owner or permissions, e.g. chmod go-w, or set PMOGRAPH_CACHE_DIR "
        "to a folder of your own)",
        stacklevel=3,
    )
    return _uncached(extra, packaged=packaged)


def _open(entry: Path) -> tuple[ox.Store, dict[str, dict[str, int]]] | str | None:
    """Open a cache entry read-only; ``None`` when there is none (a damaged one is removed),
    or why an entry someone else could have written is not used."""
    import pyoxigraph as ox

    meta_path = entry / _META
    if not meta_path.is_file():
        return None
    distrust = _distrust(entry) or _distrust(meta_path) or _distrust(entry / _STORE)
    if distrust:
        return distrust
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        graph_files = meta["graph_files"]
        if not isinstance(graph_files, dict) or not all(
            isinstance(g, str) and type(i) is int and i >= 0 for g, i in graph_files.items()
        ):
            raise ValueError("bad graph_files in the metadata")
        # no len(store) check: it scans every quad (0.3 s at 2.6 million); entries appear
        # whole, and reading the first quad finds a store that cannot be read at all
        store = ox.Store.read_only(str(entry / _STORE))
        next(iter(store.quads_for_pattern(None, None, None, None)), None)
    except Exception:  # any damage: drop the entry, build it again
        shutil.rmtree(entry, ignore_errors=True)
        return None
    try:
        os.utime(meta_path)  # most recently used
    except OSError:
        pass
    return store, meta


def _build(entry: Path, extra: Sequence[str | os.PathLike[str]], *, packaged: bool) -> Path:
    """Parse the files into a new store in a temporary folder and rename it into place.

    The entry is named by the digests of the very bytes parsed: a file
    replaced since ``entry``'s name was computed goes under its new content's
    name, never under the old one.  Returns the entry's path.
    """
    import pyoxigraph as ox

    from pmograph.stores.fill import fill_store

    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=entry.parent))
    try:
        store = ox.Store(str(tmp / _STORE))
        data = fill_store(store, extra, packaged=packaged)
        store.flush()
        count = len(store)
        del store  # closes the RocksDB instance
        parsed = {str(p): d for p, d in zip(data.files, data.digests)}  # the files, as parsed
        files = input_files(extra, packaged=packaged)
        entry = entry.parent / _key(files, [parsed.get(str(p)) or _digest_of(p) for p, _ in files])
        index = {str(p): i for i, p in reversed(list(enumerate(data.files)))}
        meta = {
            "quads": count,
            "graph_files": {g: index[f] for g, f in data.graph_files.items() if f in index},
            "files": [str(p) for p in data.files],
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        (tmp / _META).write_text(json.dumps(meta, indent=1), encoding="utf-8")
        try:
            os.rename(tmp, entry)
        except OSError:
            if not (entry / _META).is_file():
                raise
            # another process built the same entry first: use theirs
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return entry


def _uncached(extra: Sequence[str | os.PathLike[str]], *, packaged: bool) -> BuiltStore:
    import pyoxigraph as ox

    from pmograph.stores.fill import fill_store
    from pmograph.stores.oxigraph import OxigraphStore

    store = ox.Store()
    data = fill_store(store, extra, packaged=packaged)
    return BuiltStore(OxigraphStore(store), files=data.files, graph_files=data.graph_files)


def _prune(folder: Path, *, keep: Path) -> None:
    """Remove all but the :data:`KEEP` most recently used entries (and stale build folders)."""
    now = time.time()
    entries: list[tuple[float, Path]] = []
    for child in folder.iterdir():
        try:
            if child.name.startswith(".build-"):
                if now - child.stat().st_mtime > _STALE_BUILD_SECONDS:
                    shutil.rmtree(child, ignore_errors=True)
                continue
            meta = child / _META
            if child.is_dir() and len(child.name) == 64 and meta.is_file():
                entries.append((meta.stat().st_mtime, child))
        except OSError:
            continue
    entries.sort(reverse=True)
    for rank, (used, child) in enumerate(entries):
        if rank < KEEP or child == keep or now - used < _FRESH_SECONDS:
            continue
        shutil.rmtree(child, ignore_errors=True)


AUTO_MIN_BYTES = 1024 * 1024
"""With the cache on "auto", files adding up to this many bytes or more are cached."""


def worth_caching(extra: Sequence[str | os.PathLike[str]]) -> bool:
    """Whether the user's files are large enough for the cache to pay (:data:`AUTO_MIN_BYTES`).

    The packaged graph alone parses in milliseconds; a cache entry pays once
    imported taxonomies (megabytes of TriG) are added.
    """
    total = 0
    for path in extra:
        try:
            total += os.path.getsize(path)
        except OSError:
            continue  # the loader reports missing files
    return total >= AUTO_MIN_BYTES
