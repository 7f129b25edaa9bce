"""Writing the framework template, empty or filled, as a workbook or as CSV files.

The workbook (openpyxl) has one sheet per kind plus an About sheet; each
header cell carries its help as a comment, and the columns with controlled
values (seniority, level, family, SFIA level, importance, ...) carry a data
validation list, so that a user picks from a list.  Text that a spreadsheet
would run as a formula (``=``, ``+``, ``-``, ``@``) is written as text:
``quotePrefix`` in a workbook, a leading ``'`` in CSV (which the reader takes
off again).  Every output is written atomically.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from pmograph.errors import OutputError
from pmograph.frameworks import schema as sc
from pmograph.output import atomic_write, neutralise_formula

Rows = Mapping[str, Sequence[Mapping[str, str]]]
"""Sheet name -> rows, each a mapping of column key -> text."""

VALIDATED_ROWS = 5000
"""Rows below the header that carry the data validation lists."""
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ABOUT = """pmograph career framework template

Fill in one sheet per kind: Roles (required), Progressions, Requirements,
Activities, Skills, Certifications, Sources. Row 1 of each sheet is its
header; hover over a header for its help. Cells that name a role, skill or
certification may use an ID from this workbook, a label of a packaged role
(Project Manager), a prefixed name (role:project-manager, esco:UUID), an
O*NET code (13-1082.00) or a full IRI. Several values in one cell are
separated by ;. Formulas are not read: type values.

Check it:        pmograph validate --data framework.xlsx
Use it:          pmograph path "Your role" "Programme Manager" --data framework.xlsx
Turn it into RDF: pmograph import framework framework.xlsx -o org.trig
"""


def refuse_inputs(output: str | os.PathLike[str], inputs: Sequence[str | os.PathLike[str]]) -> None:
    """Raise :class:`InputError` when ``output`` is one of ``inputs`` (or inside one)."""
    from pmograph.errors import InputError

    out = Path(output).resolve()
    for given in inputs:
        src = Path(given).resolve()
        if out == src or src in out.parents:
            raise InputError(
                f"{output}: is the input {given}; write to another path (inputs are never overwritten)"
            )


def write(path: str | os.PathLike[str], rows: Rows | None = None, *, fmt: str = "xlsx") -> Path:
    """Write the template (filled with ``rows`` if given) to ``path``.

    Parameters
    ----------
    path
        An ``.xlsx`` file; with ``fmt="csv"``, a folder (created) or a ``.zip``.
    rows
        The rows of each sheet (see :data:`Rows`); ``None`` for an empty template.
    fmt
        ``"xlsx"`` or ``"csv"``.

    Raises
    ------
    OutputError
        The output cannot be written; nothing was changed.
    """
    rows = rows or {}
    target = Path(path)
    if fmt == "xlsx":
        return atomic_write(target, workbook_bytes(rows))
    if fmt != "csv":
        raise OutputError(f"unknown template format {fmt!r}; use xlsx or csv")
    files = {f"{s.name}.csv": csv_bytes(s, rows.get(s.name, ())) for s in sc.SHEETS}
    files["README.txt"] = ABOUT.encode()
    if target.suffix.lower() == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
        return atomic_write(target, buffer.getvalue())
    return _write_folder(target, files)


def workbook_bytes(rows: Rows) -> bytes:
    """The workbook as ``.xlsx`` bytes."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    about = book.active
    assert about is not None
    about.title = "About"
    for number, line in enumerate(ABOUT.splitlines(), start=1):
        about.cell(row=number, column=1, value=line)
    about.column_dimensions["A"].width = 90
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for sheet in sc.SHEETS:
        ws = book.create_sheet(sheet.name)
        for col, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=col, value=column.header)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            help_text = column.help + (
                f" One of: {', '.join(column.choices)}." if column.choices else ""
            )
            cell.comment = Comment(
                help_text + (" Required." if column.required else ""), "pmograph"
            )
            letter = get_column_letter(col)
            ws.column_dimensions[letter].width = column.width
            if column.choices:
                dv = DataValidation(
                    type="list",
                    formula1='"' + ",".join(column.choices) + '"',
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="warning" if column.many else "stop",
                    errorTitle=column.header,
                    error=f"Pick one of {', '.join(column.choices)}.",
                    promptTitle=column.header,
                    prompt=column.help[:255],
                    showInputMessage=True,
                )
                dv.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
                ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
        for number, record in enumerate(rows.get(sheet.name, ()), start=2):
            for col, column in enumerate(sheet.columns, start=1):
                value = record.get(column.key)
                if value is None or value == "":
                    continue
                cell = ws.cell(row=number, column=col)
                if column.integer and value.isdigit():
                    cell.value = int(value)
                    continue
                cell.value = value
                cell.data_type = "s"  # never a formula, whatever it starts with
                if value.startswith(_FORMULA_STARTS):
                    cell.quotePrefix = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(sheet: sc.Sheet, rows: Sequence[Mapping[str, str]]) -> bytes:
    """One sheet as UTF-8 CSV (with a byte-order mark, so Excel reads the accents)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in sheet.columns])
    for record in rows:
        writer.writerow([neutralise_formula(record.get(c.key) or "") for c in sheet.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _write_folder(target: Path, files: Mapping[str, bytes]) -> Path:
    """Write a folder of files whole: into a new folder beside it, then renamed into place."""
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(
            f"{target}: cannot write, folder {parent} does not exist; create it first"
        )
    if target.exists():
        if not target.is_dir():
            raise OutputError(f"{target}: exists and is not a folder; give a folder name or a .zip")
        ours = {p.name for p in target.iterdir()} <= set(files) | {p.lower() for p in files}
        if not ours:
            raise OutputError(f"{target}: the folder holds other files; give a new or empty folder")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    old: Path | None = None
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        tmp.chmod(0o755)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
            os.replace(target, old / "x")
        os.replace(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and (old / "x").exists() and not target.exists():
            os.replace(old / "x", target)
        raise OutputError(
            f"{target}: cannot write ({exc.strerror or exc}); nothing was changed"
        ) from None
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return target
