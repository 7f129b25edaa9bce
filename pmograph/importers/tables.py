"""Reading the publishers' tables: CSV and tab-delimited files by header, with progress.

Assumptions
-----------
- Tables are read with the :mod:`csv` module, by header name, never by column
  position; a record's line number is the first physical line of the record.
- Files are UTF-8 (a BOM is removed); a file that is not is one
  :class:`~pmograph.errors.DataFileError` naming the line.
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from pmograph.errors import DataFileError, InputError

csv.field_size_limit(1 << 24)  # ESCO's concept schemes list thousands of concepts in one field


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
    with (
        _table_errors(path, position),
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


@contextmanager
def _table_errors(path: Path, position: list[int]) -> Iterator[None]:
    """Turn what reading a table can raise into one-line errors naming the file and line.

    ``position[0]`` is the physical line last read (kept by :func:`_decoded`).
    """
    try:
        yield
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


def header(path: Path, *, delimiter: str = ",") -> tuple[list[str], dict[str, str]]:
    """A table's header and its first record (empty when there is none), to tell files by content.

    Raises
    ------
    DataFileError
        The file cannot be read or is not UTF-8 CSV.
    """
    position = [0]
    with _table_errors(path, position), open(path, "rb") as handle:
        reader = csv.DictReader(
            _decoded(handle, lambda n: None, position), delimiter=delimiter, restval=""
        )
        names = list(reader.fieldnames or [])
        first = next(reader, None) or {}
    return names, {k: v for k, v in first.items() if isinstance(k, str) and isinstance(v, str)}


def table_files(
    folders: Iterable[str | os.PathLike[str]], suffixes: Sequence[str], *, what: str
) -> list[Path]:
    """The table files in ``folders`` (and their direct sub-folders), sorted.

    A folder holding no such file but sub-folders that do (an unzipped
    download with ``en/``, ``fr/``, ``relations/``) is read one level down.

    Raises
    ------
    InputError
        A folder is missing or not a folder, or no table file is found.
    """
    found: list[Path] = []
    for folder in folders:
        root = Path(folder)
        if not root.exists():
            raise InputError(f"{root}: folder not found; give the folder that holds {what}'s files")
        if not root.is_dir():
            raise InputError(f"{root}: not a folder; give the folder that holds {what}'s files")

        def here(d: Path) -> list[Path]:
            return sorted(p for p in d.iterdir() if p.is_file() and p.suffix.lower() in suffixes)

        files = here(root)
        if not files:
            for sub in sorted(p for p in root.iterdir() if p.is_dir()):
                files.extend(here(sub))
        if not files:
            raise InputError(
                f"{root}: holds no {' or '.join(suffixes)} file; give the folder that holds "
                f"{what}'s files as published"
            )
        found.extend(f for f in files if f not in found)
    return found
