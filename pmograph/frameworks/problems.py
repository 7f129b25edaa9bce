"""Problems found in a framework workbook, each at its cell, reported all at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pmograph.errors import DataFileError


@dataclass(frozen=True, order=True)
class Problem:
    """One bad cell (or sheet, or file): where it is and what to do.

    ``where`` reads ``framework.xlsx:Roles!C12`` for a cell of a workbook,
    ``folder/roles.csv!C12`` for a cell of a CSV file, ``framework.xlsx:Roles``
    for a whole sheet and ``framework.xlsx`` for the file.
    """

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class FrameworkError(DataFileError):
    """A framework workbook (or folder of CSV files) cannot be loaded; nothing was.

    ``problems`` lists every problem found, one line each; ``str()`` joins them.
    Exit code 2 (``validate`` reports them and exits 1).
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def cell_ref(col: int, row: int) -> str:
    """``(3, 12)`` -> ``C12`` (columns and rows from 1)."""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


def suggest(value: str, choices: Sequence[str]) -> str:
    """``"; did you mean senior?"`` when ``value`` is close to one of ``choices``."""
    import difflib

    close = difflib.get_close_matches(value.lower(), [c.lower() for c in choices], n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""
