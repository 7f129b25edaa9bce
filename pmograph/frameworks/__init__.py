"""Career frameworks in spreadsheets: the template, and reading .xlsx/CSV into RDF.

Exports :func:`read_framework`, :func:`write_template`, :class:`Names`,
:class:`FrameworkError` and :class:`Problem`; the graph goes back into the
template with :func:`pmograph.frameworks.export.export_framework`.
"""

from pmograph.frameworks.names import Names
from pmograph.frameworks.problems import FrameworkError, Problem
from pmograph.frameworks.reader import read_framework
from pmograph.frameworks.writer import write as write_template

__all__ = ["FrameworkError", "Names", "Problem", "read_framework", "write_template"]
