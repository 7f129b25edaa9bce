"""Career frameworks in spreadsheets: the template, reading .xlsx/CSV into RDF, and back.

Exports :func:`read_framework`, :func:`write_template`, :func:`export_framework`,
:func:`framework_rows`, :class:`Names`, :class:`FrameworkError` and :class:`Problem`.
"""

from pmograph.frameworks.export import export_framework, framework_rows
from pmograph.frameworks.names import Names
from pmograph.frameworks.problems import FrameworkError, Problem
from pmograph.frameworks.reader import read_framework
from pmograph.frameworks.writer import write as write_template

__all__ = [
    "FrameworkError",
    "Names",
    "Problem",
    "export_framework",
    "framework_rows",
    "read_framework",
    "write_template",
]
