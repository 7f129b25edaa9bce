"""Writing results: atomic file writes that never replace an input, and the row renderers."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from pmograph.errors import InputError, OutputError

ROW_FORMATS = ("table", "csv", "tsv", "json")

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


_INPUTS: dict[tuple[int, int], str] = {}
"""(device, inode) -> path of every file this process read as an input."""


def protect(path: str | os.PathLike[str]) -> None:
    """Remember ``path`` as an input of this process: :func:`atomic_write` refuses to replace it."""
    try:
        st = os.stat(path)
    except OSError:
        return
    _INPUTS.setdefault((st.st_dev, st.st_ino), str(path))


def _refuse_inputs(target: Path) -> None:
    try:
        st = os.stat(target)  # follows links: a link to an input is the input
    except OSError:
        return
    source = _INPUTS.get((st.st_dev, st.st_ino))
    if source is not None:
        raise InputError(
            f"{target}: is an input of this command ({source}); pmograph never writes over "
            "its inputs, so write the output to another file"
        )


_TMP_PREFIX = ".pmograph."
_TMP_SUFFIX = ".tmp"


def atomic_write(path: str | os.PathLike[str], data: bytes | str, *, mode: int = 0o644) -> Path:
    """Write ``data`` to ``path`` so that the file is either fully new or untouched.

    The bytes go to a temporary file in the same folder
    (``.pmograph.<pid>.<random>.tmp``), which is flushed, fsynced, given
    ``mode`` and renamed over ``path``.  Temporaries left by a pmograph
    process that no longer runs (killed mid-write) are removed first.  Text
    is encoded as UTF-8 whatever the locale.  A device or a pipe
    (``/dev/stdout``) is written into directly.

    Raises
    ------
    InputError
        ``path`` is (or links to) a file this process read as an input
        (:func:`protect`); nothing is written (exit 2).
    OutputError
        When the folder does not exist or the file cannot be written; the
        destination is then unchanged and no temporary file is left behind.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        return _write(target, payload, mode)
    except BrokenPipeError:
        raise  # -o /dev/stdout into `| head`: the command line stops quietly
    except OSError as exc:  # a name too long, a folder that cannot be searched, ...
        raise OutputError(
            f"{target}: cannot write ({exc.strerror or exc}); choose another path"
        ) from None


def _write(target: Path, payload: bytes, mode: int) -> Path:
    _refuse_inputs(target)
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        existing = None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise OutputError(f"{target}: is a folder; give a file name")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        # a device or a pipe (/dev/stdout, /dev/null, a FIFO): it cannot be
        # replaced by a rename, so write into it, by the name given
        try:
            with open(target, "wb") as handle:
                handle.write(payload)
                handle.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None
        return target
    if target.is_symlink():  # replace what the link points at, and keep the link
        target = target.resolve()
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(
            f"{target}: cannot write, folder {folder} does not exist; create it or choose another path"
        )
    _remove_stale_temporaries(folder)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f"{_TMP_PREFIX}{os.getpid()}.", suffix=_TMP_SUFFIX, dir=folder
        )
    except OSError as exc:
        raise OutputError(
            f"{target}: cannot write in {folder} ({exc.strerror or exc}); "
            "choose a folder you can write to"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if existing is not None:
            mode = existing.st_mode & 0o7777
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(
            f"{target}: cannot write ({exc.strerror or exc}); the file was left unchanged"
        ) from None
    return target


def _remove_stale_temporaries(folder: Path) -> None:
    """Remove ``.pmograph.<pid>.*.tmp`` files whose writing process no longer runs."""
    try:
        names = [
            n for n in os.listdir(folder) if n.startswith(_TMP_PREFIX) and n.endswith(_TMP_SUFFIX)
        ]
    except OSError:
        return
    for name in names:
        pid_text = name[len(_TMP_PREFIX) :].split(".", 1)[0]
        if not pid_text.isdigit():
            continue
        pid = int(pid_text)
        if pid == os.getpid():
            continue
        try:
            os.kill(pid, 0)
            continue  # still running: maybe still writing
        except ProcessLookupError:
            pass
        except OSError:
            continue  # running as someone else
        try:
            os.unlink(folder / name)
        except OSError:
            pass


_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_LAYOUT = re.compile("[\t\n\r]")


def visible_controls(text: str, *, keep_layout: bool = True) -> str:
    """``text`` with control characters written out (``\\x1b``), so that they show as text.

    Used for what a terminal prints (a label holding an escape sequence would
    otherwise drive the terminal) and for XML (which cannot hold them at all).
    Tab, newline and carriage return stay unless ``keep_layout=False``.
    """

    def show(m: re.Match[str]) -> str:
        code = ord(m.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    text = _CONTROLS.sub(show, text)
    return text if keep_layout else _LAYOUT.sub(show, text)


def neutralise_formula(cell: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with a quote."""
    if cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return str(value)


def render_rows(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    fmt: str = "table",
) -> str:
    """Render rows as ``table`` (aligned columns), ``csv``, ``tsv`` or ``json``.

    ``json`` gives a list of objects keyed by the header; values that are not
    JSON types are written as strings.  CSV and TSV cells that a spreadsheet
    would run as formulas are neutralised with a leading quote.
    """
    rows = [list(r) for r in rows]
    if fmt == "json":

        def plain(v: Any) -> Any:
            if v is None or isinstance(v, (bool, int, float, str)):
                return v if not isinstance(v, str) else str(v)
            if isinstance(v, (list, tuple)):
                return [plain(x) for x in v]
            if isinstance(v, dict):
                return {str(k): plain(x) for k, x in v.items()}
            return str(v)

        return (
            json.dumps(
                [dict(zip(header, map(plain, r))) for r in rows], indent=2, ensure_ascii=False
            )
            + "\n"
        )
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        # CSV ends lines with CRLF (RFC 4180, and the W3C SPARQL results CSV that
        # `pmograph query` writes); TSV with LF, as the W3C TSV results format does
        writer = csv.writer(
            buf,
            delimiter="," if fmt == "csv" else "\t",
            lineterminator="\r\n" if fmt == "csv" else "\n",
        )
        writer.writerow(header)
        for r in rows:
            writer.writerow([neutralise_formula(_cell(v)) for v in r])
        return buf.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown row format {fmt!r}; use one of {', '.join(ROW_FORMATS)}")
    cells = [
        [
            visible_controls(" ".join(_cell(v).replace("\r", "\n").split("\n")).replace("\t", " "))
            for v in r
        ]
        for r in rows
    ]
    widths = [len(h) for h in header]
    for r in cells:
        for i, c in enumerate(r):
            widths[i] = max(widths[i], len(c))
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for r in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    return "\n".join(lines) + "\n"


def emit(text: str | bytes, stream: IO[str] | None = None) -> None:
    """Write text to stdout (UTF-8 bytes when given bytes)."""
    out = stream or sys.stdout
    if isinstance(text, bytes):
        buffer = getattr(out, "buffer", None)
        if buffer is not None:
            out.flush()
            buffer.write(text)
            buffer.flush()
            return
        text = text.decode("utf-8")
    out.write(text)
