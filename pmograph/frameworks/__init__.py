"""Career frameworks in spreadsheets: the template, and reading .xlsx/CSV into RDF.

Exports :func:`read_framework`, :func:`write_template`, :class:`Names`,
:class:`FrameworkError` and :class:`Problem`; the graph goes back into the
template with :func:`pmograph.frameworks.export.export_framework`.  They are
imported when first used, so that writing a template or exporting a graph does
not load the reader.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from pmograph.frameworks.names import Names
    from pmograph.frameworks.problems import FrameworkError, Problem
    from pmograph.frameworks.reader import read_framework
    from pmograph.frameworks.writer import write as write_template

__all__ = ["FrameworkError", "Names", "Problem", "read_framework", "write_template"]

_WHERE = {
    "Names": ("pmograph.frameworks.names", "Names"),
    "FrameworkError": ("pmograph.frameworks.problems", "FrameworkError"),
    "Problem": ("pmograph.frameworks.problems", "Problem"),
    "read_framework": ("pmograph.frameworks.reader", "read_framework"),
    "write_template": ("pmograph.frameworks.writer", "write"),
}


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'pmograph.frameworks' has no attribute {name!r}")
    return getattr(importlib.import_module(where[0]), where[1])


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
