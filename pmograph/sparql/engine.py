"""Evaluating a checked query on a store: pyoxigraph or rdflib, under the deadline.

:func:`run` is the one entry point (re-exported as :func:`pmograph.query.run`):
it scans the query (:mod:`~pmograph.sparql.scan`), binds values
(:mod:`~pmograph.sparql.values`), evaluates it on the graph's store in a
forked child (:mod:`~pmograph.sparql.deadline`) and reads the answer
(:mod:`~pmograph.sparql.results`).  It takes any graph object with ``store``
and ``dataset`` (:class:`Queryable`), so that it sits below the core graph.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pmograph.errors import InputError, PmographError, QueryError, QueryRefused
from pmograph.namespaces import PMGID_IRI, QUERY_PREFIXES
from pmograph.sparql.deadline import with_deadline
from pmograph.sparql.results import QueryResult, result_from_payload
from pmograph.sparql.scan import CheckedQuery, check_query
from pmograph.sparql.syntax import oxigraph_syntax_error
from pmograph.sparql.values import bind_terms

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox
    import rdflib

    from pmograph.sparql.values import OxTerm

T = TypeVar("T")

BASE_IRI = PMGID_IRI
"""Relative IRIs in a query resolve against this base."""


class Queryable(Protocol):
    """What :func:`run` needs of a graph: its store, and an rdflib view of it."""

    store: Any

    @property
    def dataset(self) -> rdflib.Dataset:
        """The rdflib ``Dataset`` (a copy for the oxigraph store)."""


def run(
    kg: Queryable,
    sparql: str,
    bindings: dict[str, Any] | None = None,
    *,
    timeout: float | None = 30.0,
    allow_remote: bool = False,
) -> QueryResult:
    """Run a read-only SPARQL query over a knowledge graph, safely.

    Parameters
    ----------
    kg
        The graph (either store).
    sparql
        A SELECT, ASK, CONSTRUCT or DESCRIBE query.  The prefixes in
        :data:`pmograph.namespaces.QUERY_PREFIXES` are predeclared
        (vocabularies, and instance kinds such as ``role:``).
    bindings
        Values for variables, bound before evaluation (never pasted into the
        text): ``{"role": IRI(...), "name": "x", "n": 3}``.  Keys may start
        with ``?``.  An :class:`~pmograph.terms.IRI` binds an IRI; ``str`` a
        plain string literal; ``int``, ``float``, ``Decimal``, ``bool``,
        ``date`` and ``datetime`` typed literals; pyoxigraph and rdflib terms
        are taken as they are.
    timeout
        Seconds before the query is stopped; ``None`` for no limit (the query
        then runs in this process).
    allow_remote
        Allow ``SERVICE`` and ``FROM``/``FROM NAMED`` (network and file
        access from inside the query).  Updates are never allowed.

    Returns
    -------
    QueryResult

    Raises
    ------
    QueryRefused
        An update; ``SERVICE`` or ``FROM`` without ``allow_remote``.
    QueryError
        A syntax error (line, column and what was expected), an unknown
        prefix, or a binding for a variable the query does not use.
    QueryTimeout
        The query ran past ``timeout``.

    Examples
    --------
    >>> import pmograph
    >>> from pmograph import IRI
    >>> kg = pmograph.load()
    >>> pm = kg.find("Project Manager")
    >>> result = kg.query(
    ...     "SELECT ?label WHERE { ?role skos:prefLabel ?label }", role=pm)
    >>> [row.label for row in result]
    ['Project Manager']
    """
    checked, terms = _prepare(kg, sparql, bindings, timeout, allow_remote)
    if kg.store.kind == "endpoint":  # a remote SPARQL 1.1 endpoint: see _run_endpoint below
        return _run_endpoint(kg, sparql, checked, terms, timeout=timeout, allow_remote=allow_remote)
    started = time.monotonic()

    def evaluate() -> tuple[str, str, bytes]:
        return _evaluate(kg, sparql, terms, allow_remote=allow_remote)

    kind, used, payload = with_deadline(evaluate, timeout, confine=not allow_remote)
    elapsed = time.monotonic() - started
    return result_from_payload(kind, used, payload, elapsed)


def run_and_finish(
    kg: Queryable,
    sparql: str,
    bindings: dict[str, Any] | None,
    finish: Callable[[QueryResult], T],
    *,
    timeout: float | None = 30.0,
    allow_remote: bool = False,
) -> T:
    """Run a query as :func:`run` does, then ``finish(result)``, both under the one deadline.

    The command line passes the work that turns the answer into output
    (serialising, labelling, rendering) as ``finish``, so that ``--timeout``
    bounds all of it, not only the evaluation: on a local store ``finish``
    runs in the query child and only its return value (bytes, counts) comes
    back.  On an endpoint ``finish`` runs here, after the answer arrived.
    """
    checked, terms = _prepare(kg, sparql, bindings, timeout, allow_remote)
    if kg.store.kind == "endpoint":
        started = time.monotonic()
        result = _run_endpoint(
            kg, sparql, checked, terms, timeout=timeout, allow_remote=allow_remote
        )
        left = None if timeout is None else max(timeout - (time.monotonic() - started), 0.001)
        return with_deadline(lambda: finish(result), left, confine=False)  # labels: same endpoint
    started = time.monotonic()

    def evaluate() -> T:
        kind, used, payload = _evaluate(kg, sparql, terms, allow_remote=allow_remote)
        return finish(result_from_payload(kind, used, payload, time.monotonic() - started))

    return with_deadline(evaluate, timeout, confine=not allow_remote)


def _prepare(
    kg: Queryable,
    sparql: str,
    bindings: dict[str, Any] | None,
    timeout: float | None,
    allow_remote: bool,
) -> tuple[CheckedQuery, dict[str, OxTerm]]:
    """Scan and bind before anything runs (raises the one-line errors of :func:`run`)."""
    checked = check_query(sparql, allow_remote=allow_remote)
    terms = bind_terms(bindings or {}, checked)
    if timeout is not None and timeout <= 0:
        raise InputError(f"timeout must be positive, not {timeout}; use None for no limit")
    engine = kg.store.kind
    if engine not in ("oxigraph", "memory", "endpoint"):
        raise QueryError(f"cannot run local SPARQL on a {engine!r} store")
    return checked, terms


def _evaluate(
    kg: Queryable, sparql: str, terms: dict[str, OxTerm], *, allow_remote: bool
) -> tuple[str, str, bytes]:
    """Evaluate on the kg's engine; returns (kind, engine used, payload bytes)."""
    if kg.store.kind == "oxigraph":
        try:
            return _evaluate_oxigraph(kg, sparql, terms)
        except _NotProjected:
            pass  # pyoxigraph binds only returned variables: rdflib can do it
    return _evaluate_rdflib(kg, sparql, terms, allow_remote=allow_remote)


class _NotProjected(Exception):
    pass


def _evaluate_oxigraph(
    kg: Queryable, sparql: str, terms: dict[str, OxTerm]
) -> tuple[str, str, bytes]:
    import pyoxigraph as ox

    store: ox.Store = kg.store.store  # type: ignore[attr-defined]
    try:
        result = store.query(
            sparql,
            base_iri=BASE_IRI,
            prefixes=QUERY_PREFIXES,
            use_default_graph_as_union=True,
            substitutions={ox.Variable(k): v for k, v in terms.items()} or None,
        )
        if isinstance(result, ox.QueryBoolean):
            return "ask", "oxigraph", result.serialize(format=ox.QueryResultsFormat.JSON) or b""
        if isinstance(result, ox.QuerySolutions):
            data = result.serialize(format=ox.QueryResultsFormat.TSV) or b""
            return "select", "oxigraph", data
        data = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
        return "construct", "oxigraph", data
    except SyntaxError as exc:
        raise oxigraph_syntax_error(sparql, exc) from None
    except RuntimeError as exc:
        if "SELECT projection" in str(exc) and terms:
            raise _NotProjected() from None
        raise QueryError(f"the query failed: {exc}") from None
    except OSError as exc:
        raise _os_error(exc) from None


_NETWORK_WORDS = ("HTTP", "lookup address", "unreachable", "Permission denied", "connect")


def _os_error(exc: OSError) -> QueryError | QueryRefused:
    """An engine's I/O error; one from a SERVICE call the sandbox stopped says so."""
    text = str(exc)
    if any(word.lower() in text.lower() for word in _NETWORK_WORDS):
        return QueryRefused(
            f"the query tried to reach the network ({text}), which queries may not do by "
            "default; remove SERVICE, or pass --allow-remote (allow_remote=True)"
        )
    return QueryError(f"the query failed: {text}")


def _evaluate_rdflib(
    kg: Queryable, sparql: str, terms: dict[str, OxTerm], *, allow_remote: bool
) -> tuple[str, str, bytes]:
    import pyoxigraph as ox
    from pyparsing import ParseException
    from rdflib import Variable
    from rdflib.plugins.sparql import prepareQuery

    from pmograph.stores.convert import ox_to_rdflib, rdflib_to_ox

    try:
        prepared = prepareQuery(sparql, initNs=QUERY_PREFIXES, base=BASE_IRI)
    except ParseException as exc:
        text = str(exc).split("  (at char", 1)[0]
        raise QueryError(
            f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {text}; "
            "fix the query there"
        ) from None
    except Exception as exc:  # rdflib raises bare Exception for unknown prefixes
        raise QueryError(f"SPARQL error: {exc}; fix the query") from None
    if not allow_remote:
        _check_algebra(prepared.algebra)
    init: Any = {Variable(k): ox_to_rdflib(v) for k, v in terms.items()}
    try:
        result = kg.dataset.query(prepared, initBindings=init)
        if result.type == "ASK":
            return "ask", "memory", result.serialize(format="json") or b""
        if result.type == "SELECT":
            data = result.serialize(format="json") or b""
            tsv = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            return "select", "memory", tsv.serialize(format=ox.QueryResultsFormat.TSV) or b""
        triples = [
            ox.Triple(rdflib_to_ox(s), rdflib_to_ox(p), rdflib_to_ox(o))
            for s, p, o in result.graph  # type: ignore[union-attr]
        ]
        return "construct", "memory", ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    except PmographError:
        raise
    except Exception as exc:  # rdflib evaluation errors have no common base class
        raise QueryError(f"the query failed: {type(exc).__name__}: {exc}") from None


def _check_algebra(algebra: Any) -> None:
    """Refuse SERVICE and dataset clauses anywhere in rdflib's prepared algebra."""
    from rdflib.plugins.sparql.parserutils import CompValue

    seen: set[int] = set()
    stack = [algebra]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                raise QueryRefused(
                    "SERVICE: queries may not call other endpoints by default; remove it, or "
                    "pass --allow-remote (allow_remote=True)"
                )
            if dict.get(node, "datasetClause"):
                raise QueryRefused(
                    "FROM: queries may not load other graphs or files by default; remove it, "
                    "or pass --allow-remote (allow_remote=True)"
                )
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)


def _run_endpoint(
    kg: Queryable,
    sparql: str,
    checked: CheckedQuery,
    terms: dict[str, Any],
    *,
    timeout: float | None,
    allow_remote: bool,
) -> QueryResult:
    """Send a checked query to the endpoint; the answer as a local store's would be.

    The syntax is checked locally first (pyoxigraph, in a child process with no
    network, under a short deadline: never evaluated here), so that errors
    point at the same line and column as a local query's.  The
    timeout bounds the whole HTTP answer; the server's own errors are
    :class:`~pmograph.errors.EndpointError` (exit 4).
    """
    # the store parses it in a child without network, for a moment only: never evaluated here
    problem = kg.store.syntax_error(sparql, timeout=timeout)  # type: ignore[attr-defined]
    if problem is not None:
        raise oxigraph_syntax_error(sparql, problem) from None
    started = time.monotonic()
    kind, payload = kg.store.run(sparql, checked.form, terms, timeout=timeout)  # type: ignore[attr-defined]
    return result_from_payload(kind, "endpoint", payload, time.monotonic() - started)
