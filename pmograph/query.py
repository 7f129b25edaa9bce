"""Safe SPARQL: read-only queries, bound values, no network, a deadline.

The public names of :mod:`pmograph.sparql`, in one place (``pmograph.query.run``
and friends are the documented library API).  Each lives in the module that
owns its job:

- :mod:`pmograph.sparql.scan`: the lexical scan and the first refusals
  (:func:`check_query`, :func:`tokenize`, :func:`query_form`);
- :mod:`pmograph.sparql.engine`: :func:`run` on either store, the check of the
  parsed query, the endpoint hand-off;
- :mod:`pmograph.sparql.deadline`: the forked child and its deadline;
- :mod:`pmograph.sparql.values`: Python values as bound terms (:func:`to_term`);
- :mod:`pmograph.sparql.results`: :class:`QueryResult`, :class:`Row`, W3C formats;
- :mod:`pmograph.sparql.display`: labels for tables (:func:`display_rows`, :func:`compact`);
- :mod:`pmograph.sparql.named`: the shipped competency questions;
- :mod:`pmograph.sparql.provenance`: "which source says so?";
- :mod:`pmograph.sparql.bindings`: ``--bind VAR=VALUE`` and names in ``why``.
"""

from __future__ import annotations

from pmograph.errors import InputError, QueryError, QueryRefused, QueryTimeout
from pmograph.sparql.bindings import parse_binding, resolve
from pmograph.sparql.deadline import MAX_TIMEOUT
from pmograph.sparql.display import compact, display_rows
from pmograph.sparql.engine import BASE_IRI, _check_algebra, run
from pmograph.sparql.named import NamedQuery, named_queries, named_query
from pmograph.sparql.provenance import Provenance, Source, provenance
from pmograph.sparql.results import RDF_FORMATS, RESULT_FORMATS, QueryResult, Row
from pmograph.sparql.scan import (
    REMOTE_KEYWORDS,
    UPDATE_KEYWORDS,
    CheckedQuery,
    Token,
    check_query,
    query_form,
    tokenize,
)
from pmograph.sparql.values import to_term

__all__ = [
    "BASE_IRI",
    "MAX_TIMEOUT",
    "RDF_FORMATS",
    "REMOTE_KEYWORDS",
    "RESULT_FORMATS",
    "UPDATE_KEYWORDS",
    "CheckedQuery",
    "InputError",
    "NamedQuery",
    "Provenance",
    "QueryError",
    "QueryRefused",
    "QueryResult",
    "QueryTimeout",
    "Row",
    "Source",
    "Token",
    "_check_algebra",
    "check_query",
    "compact",
    "display_rows",
    "named_queries",
    "named_query",
    "parse_binding",
    "provenance",
    "query_form",
    "resolve",
    "run",
    "to_term",
    "tokenize",
]
