"""pmograph: an open knowledge graph of project-management careers.

>>> import pmograph
>>> kg = pmograph.load()
>>> [kg.label(r) for r in kg.next_steps("Project Manager")][:1]  # doctest: +SKIP

Imports are lazy so that the command line starts fast: ``pmograph.load`` and
friends pull in rdflib, pyoxigraph or networkx only when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "load",
    "KnowledgeGraph",
    "IRI",
    "PmographError",
    "InputError",
    "DataFileError",
    "QueryError",
    "QueryRefused",
    "QueryTimeout",
    "UnknownResource",
    "ValidationFailed",
    "EndpointError",
    "OutputError",
    "__version__",
]

from pmograph.errors import (
    DataFileError,
    EndpointError,
    InputError,
    OutputError,
    PmographError,
    QueryError,
    QueryRefused,
    QueryTimeout,
    UnknownResource,
    ValidationFailed,
)
from pmograph.terms import IRI
from pmograph.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from pmograph.kg import KnowledgeGraph, load


def __getattr__(name: str) -> Any:
    if name in ("load", "KnowledgeGraph"):
        from pmograph import kg

        return getattr(kg, name)
    raise AttributeError(f"module 'pmograph' has no attribute {name!r}")
