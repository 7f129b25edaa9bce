"""Writing the framework template, empty or filled, as a workbook or as CSV files.

The workbook (xlsxwriter) has one sheet per kind plus an About sheet; each
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
    """The workbook as ``.xlsx`` bytes (written by xlsxwriter, which imports in a fraction of
    openpyxl's time; openpyxl, which reads workbooks, is not needed to write one)."""
    import xlsxwriter

    buffer = io.BytesIO()
    # values are text or numbers as given: never formulas, URLs or numbers guessed from text
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    about = book.add_worksheet("About")
    for number, line in enumerate(ABOUT.splitlines()):
        about.write_string(number, 0, line)
    about.set_column(0, 0, 90)
    header = book.add_format(
        {"bold": True, "pattern": 1, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"}
    )
    quoted = book.add_format({"quote_prefix": True})
    for sheet in sc.SHEETS:
        ws = book.add_worksheet(sheet.name)
        for col, column in enumerate(sheet.columns):
            ws.write_string(0, col, column.header, header)
            help_text = column.help + (
                f" One of: {', '.join(column.choices)}." if column.choices else ""
            )
            ws.write_comment(
                0,
                col,
                help_text + (" Required." if column.required else ""),
                {"author": "pmograph"},
            )
            ws.set_column(col, col, column.width)
            if column.choices:
                ws.data_validation(
                    1,
                    col,
                    VALIDATED_ROWS,
                    col,
                    {
                        "validate": "list",
                        "source": list(column.choices),
                        "ignore_blank": True,
                        "show_error": True,
                        "error_type": "warning" if column.many else "stop",
                        "error_title": column.header,
                        "error_message": f"Pick one of {', '.join(column.choices)}.",
                        "input_title": column.header,
                        "input_message": column.help[:255],
                        "show_input": True,
                    },
                )
        ws.freeze_panes(1, 0)
        for number, record in enumerate(rows.get(sheet.name, ()), start=1):
            for col, column in enumerate(sheet.columns):
                value = record.get(column.key)
                if value is None or value == "":
                    continue
                if column.integer and value.isdigit() and len(value) <= _EXACT_DIGITS:
                    ws.write_number(number, col, int(value))
                    continue
                # always text (a shared string), never a formula, whatever it starts with
                if len(value) > _CELL_CHARS:
                    from xlsxwriter.utility import xl_rowcol_to_cell

                    raise OutputError(
                        f"{sheet.name}!{xl_rowcol_to_cell(number, col)}: {len(value):,} characters "
                        f"is more than a spreadsheet cell holds ({_CELL_CHARS:,}); write CSV files "
                        "instead (--format csv)"
                    )
                ws.write_string(
                    number, col, value, quoted if value.startswith(_FORMULA_STARTS) else None
                )
    book.close()
    return buffer.getvalue()


_EXACT_DIGITS = 15
"""A spreadsheet number holds this many digits exactly; a longer run of digits stays text."""
_CELL_CHARS = 32_767
"""The most characters a spreadsheet cell holds."""


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
