"""Reading a workbook, a folder or zip of CSV files, or one CSV file into plain tables.

Safe by default: a zip (an ``.xlsx`` is one) is checked from its directory
before anything is unpacked (members, total and per-member uncompressed size,
compression ratio), rows and columns are bounded, formulas are never
evaluated (a formula cell is reported, its cached value is not used), and
merged cells are reported instead of guessed at.  What comes out is text:
every cell as a ``str`` (numbers written without a trailing ``.0``) or
``None`` when empty.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from pmograph.frameworks.problems import FrameworkError, Problem, cell_ref

MAX_UNPACKED = 200 * 1024 * 1024
"""Largest total uncompressed size of a workbook or zip of CSV files (bytes)."""
MAX_RATIO = 200
"""Largest compression ratio of one zip member over 1 MB (a zip bomb packs far more)."""
MAX_MEMBERS = 10_000
MAX_ROWS = 200_000
"""Rows read per sheet; a sheet with more is refused."""
MAX_COLUMNS = 64
CSV_GUARD = re.compile(r"^'(?=[=+\-@\t\r])")
"""The quote that writers put before text that a spreadsheet would run as a formula."""

_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")


@dataclass
class Table:
    """One sheet: its header cells and its rows of text, with where each came from."""

    name: str
    """The sheet's name (a CSV file's stem)."""
    where: str
    """Prefix of every cell reference: ``framework.xlsx:Roles`` or ``dir/roles.csv``."""
    header: list[str | None] = field(default_factory=list)
    header_row: int = 1
    rows: list[tuple[int, list[str | None]]] = field(default_factory=list)
    """(row number, cells) for each non-empty row after the header."""
    problems: list[Problem] = field(default_factory=list)
    """Cells that could not be read as values (formulas, merged cells), reported with the rest."""
    unread: set[tuple[int, int]] = field(default_factory=set)
    """(column from 0, row) of the formula cells, read as empty but not to be called empty."""

    def at(self, col: int, row: int) -> str:
        """``framework.xlsx:Roles!C12`` for column ``col`` (from 0) of row ``row``."""
        return f"{self.where}!{cell_ref(col + 1, row)}"


def text_of(value: Any) -> str | None:
    """A cell value as the text pmograph reads: ``3.0`` -> ``"3"``, blank -> ``None``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date, time)):
        value = value.isoformat()
    text = str(value).strip()
    return text or None


def kind_of(path: Path) -> str:
    """``"xlsx"``, ``"csv-dir"``, ``"csv-zip"`` or ``"csv"``; ``""`` when not a framework."""
    if path.is_dir():
        return "csv-dir" if any(p.suffix.lower() == ".csv" for p in path.iterdir()) else ""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".csv":
        return "csv"
    if suffix == ".zip":
        return "csv-zip"
    return ""


def read_tables(path: str | os.PathLike[str]) -> list[Table]:
    """Every sheet of a workbook, folder or zip of CSV files, or CSV file, as tables.

    Raises
    ------
    FrameworkError
        The file is missing, not a workbook, too large, a zip bomb, or holds
        formula or merged cells (every such problem, one per line).
    """
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise FrameworkError([Problem(name, "file not found; check the path")])
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.suffix.lower() == ".csv" and f.is_file())
        if not files:
            raise FrameworkError(
                [
                    Problem(
                        name, "the folder holds no .csv files; run `pmograph template --format csv`"
                    )
                ]
            )
        total = sum(f.stat().st_size for f in files)
        _check_size(name, total)
        return [_csv_table(f.read_bytes(), f.stem, str(f)) for f in files]
    with open(p, "rb") as handle:
        head = handle.read(8)
    if p.suffix.lower() == ".csv" and not head.startswith(b"PK"):
        _check_size(name, p.stat().st_size)
        return [_csv_table(p.read_bytes(), p.stem, name)]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FrameworkError(
            [Problem(name, "an old binary .xls workbook (or an encrypted one); save it as .xlsx")]
        )
    if not head.startswith(b"PK"):
        raise FrameworkError(
            [
                Problem(
                    name, "not an Excel workbook (.xlsx) nor a zip of CSV files; save it as .xlsx"
                )
            ]
        )
    try:
        archive = zipfile.ZipFile(p)
    except (zipfile.BadZipFile, OSError) as exc:
        raise FrameworkError(
            [Problem(name, f"not a readable workbook ({exc}); save it as .xlsx again")]
        ) from None
    with archive:
        members = archive.infolist()
        _check_zip(name, members)
        names = {m.filename for m in members}
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            return _xlsx_tables(p, archive, name)
        csvs = [m for m in members if m.filename.lower().endswith(".csv") and not m.is_dir()]
        if not csvs:
            raise FrameworkError(
                [Problem(name, "a zip file, but neither an .xlsx workbook nor a zip of .csv files")]
            )
        return [
            _csv_table(archive.read(m), Path(m.filename).stem, f"{name}:{m.filename}") for m in csvs
        ]


def _check_size(name: str, total: int) -> None:
    if total > MAX_UNPACKED:
        raise FrameworkError(
            [
                Problem(
                    name,
                    f"{total / 2**20:,.0f} MB of data is more than the {MAX_UNPACKED // 2**20} MB pmograph reads; split the framework",
                )
            ]
        )


def _check_zip(name: str, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise FrameworkError(
            [
                Problem(
                    name,
                    f"the zip holds {len(members):,} files (limit {MAX_MEMBERS:,}); this is not a framework",
                )
            ]
        )
    total = sum(m.file_size for m in members)
    for m in members:
        if m.file_size > 2**20 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise FrameworkError(
                [
                    Problem(
                        name,
                        f"{m.filename} would unpack {m.file_size // max(m.compress_size, 1):,} times larger than it is packed (a zip bomb?); refused",
                    )
                ]
            )
    if total > MAX_UNPACKED:
        raise FrameworkError(
            [
                Problem(
                    name,
                    f"the file would unpack to {total / 2**20:,.0f} MB, more than the {MAX_UNPACKED // 2**20} MB pmograph reads; split the framework",
                )
            ]
        )


def _xlsx_tables(path: Path, archive: zipfile.ZipFile, name: str) -> list[Table]:
    import warnings

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise FrameworkError(
            [
                Problem(
                    name,
                    f"not a readable .xlsx workbook ({type(exc).__name__}: {exc}); save it again from your spreadsheet",
                )
            ]
        ) from None
    tables: list[Table] = []
    problems: list[Problem] = []  # of the whole file, or of the sheet being read
    try:
        for ws in book.worksheets:
            where = f"{name}:{ws.title}"
            part = getattr(ws, "_worksheet_path", None)
            if part:
                for ref in _MERGE.findall(archive.read(part)):
                    cells = ref.decode()
                    problems.append(
                        Problem(
                            f"{where}!{cells}",
                            "merged cells are not read (each value needs its own cell); unmerge them",
                        )
                    )
            table = Table(ws.title, where, problems=problems)
            problems = []
            tables.append(table)
            _fill(table, ws.iter_rows(), table.problems)
    except FrameworkError as exc:
        problems.extend(exc.problems)
    except Exception as exc:
        problems.append(
            Problem(
                name,
                f"cannot read the workbook ({type(exc).__name__}: {exc}); save it again from your spreadsheet",
            )
        )
    finally:
        book.close()
    if problems:
        raise FrameworkError(problems)
    return tables


def _fill(table: Table, rows: Iterable[Any], problems: list[Problem]) -> None:
    """Read header and rows from openpyxl's read-only cells; a formula is reported and read as empty."""
    seen_header = False
    for number, cells in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:
            raise FrameworkError(
                [Problem(table.where, f"more than {MAX_ROWS:,} rows; split the sheet")]
            )
        values: list[str | None] = []
        for col, cell in enumerate(cells):
            value = getattr(cell, "value", None)
            if value is None:
                values.append(None)
                continue
            if col >= MAX_COLUMNS:
                problems.append(
                    Problem(
                        table.at(col, number),
                        f"a value beyond column {MAX_COLUMNS}; the template has fewer columns",
                    )
                )
                break
            if getattr(cell, "data_type", None) == "f" or not isinstance(
                value, (str, int, float, bool, date, time, datetime)
            ):
                formula = (
                    value
                    if isinstance(value, str)
                    else getattr(value, "text", "") or type(value).__name__
                )
                problems.append(
                    Problem(
                        table.at(col, number),
                        f"a formula ({str(formula)[:40]}) is not evaluated; type the value itself",
                    )
                )
                values.append(None)
                table.unread.add((col, number))
                continue
            values.append(text_of(value))
        _add_row(table, number, values, seen_header)
        seen_header = seen_header or bool(table.header)


def _add_row(table: Table, number: int, values: list[str | None], seen_header: bool) -> None:
    while values and values[-1] is None:
        values.pop()
    if not values:
        return
    if not seen_header:
        table.header = values
        table.header_row = number
    else:
        table.rows.append((number, values))


def _csv_table(data: bytes, stem: str, where: str) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FrameworkError(
            [Problem(f"{where}:{line}", "not UTF-8 text; save the CSV as UTF-8")]
        ) from None
    table = Table(stem, where)
    try:
        reader = _records(text)
        end = 0
        for count, record in enumerate(reader, start=1):
            number, end = end + 1, reader.line_num  # the line the record starts on
            if count > MAX_ROWS + 1:
                raise FrameworkError(
                    [Problem(where, f"more than {MAX_ROWS:,} rows; split the file")]
                )
            values = [text_of(CSV_GUARD.sub("", v)) for v in record[: MAX_COLUMNS + 1]]
            _add_row(table, number, values, bool(table.header))
    except csv.Error as exc:
        raise FrameworkError([Problem(where, f"not a readable CSV file ({exc})")]) from None
    return table


def _records(text: str) -> Any:
    """A CSV reader; ``;`` or tab separates the fields when the header line has more of
    them than commas (as spreadsheets save CSV in locales with a decimal comma)."""
    csv.field_size_limit(1_000_000)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count) if first.count(",") == 0 else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
