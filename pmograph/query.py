"""Safe SPARQL: read-only queries, bound values, no network, a deadline.

:func:`run` evaluates one SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or
DESCRIBE) over a :class:`~pmograph.kg.KnowledgeGraph`, on whichever store
holds it: pyoxigraph (``store="oxigraph"``) or rdflib (``store="memory"``).
It is safe by default:

- **Read-only.**  A lexical scan refuses any update keyword (``INSERT``,
  ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``,
  ``COPY``, ``WITH``) before anything is evaluated; nothing is ever written.
- **No network and no file access.**  ``SERVICE`` and ``FROM`` /
  ``FROM NAMED`` are refused, wherever they are nested, unless
  ``allow_remote=True``.  The scan reads the query as written and with its
  ``\\uXXXX`` escapes expanded (rdflib expands them before parsing).  On
  rdflib the prepared algebra is also walked, as a second line of defence.
- **Values are bound, never pasted.**  ``bindings`` go to pyoxigraph's
  ``substitutions=`` or rdflib's ``initBindings=``.  pyoxigraph binds only
  variables that the SELECT clause returns; a query that binds any other
  variable is evaluated by rdflib over a copy of the graph (same answers,
  slower).
- **A deadline.**  Neither engine can be interrupted and a thread cannot be
  stopped, so the query runs in a forked child process that is killed when
  ``timeout`` seconds have passed (:class:`~pmograph.errors.QueryTimeout`).
  Where ``os.fork`` does not exist (Windows) the query runs in-process and
  the timeout is not enforced.

Queries see the union of all named graphs (and the default graph, which
holds the provenance descriptions); ``GRAPH ?g { ... }`` reaches each named
graph.  The prefixes of :data:`pmograph.namespaces.PREFIXES` are
predeclared, and relative IRIs resolve against ``https://w3id.org/pmograph/id/``
(so ``<role/project-manager>`` names the Project Manager role).

Results travel from the engine as the W3C SPARQL results formats (TSV for
SELECT, JSON for ASK) or N-Triples (CONSTRUCT, DESCRIBE), written by the
engine's own serializer, and are written out again by pyoxigraph's
serializers (:meth:`QueryResult.serialize`), so that the same query gives the
same bytes on either store.

The named competency questions shipped in ``ontology/queries/NN-slug.rq`` are
listed by :func:`named_queries` and fetched by :func:`named_query`;
:func:`provenance` answers "which source says so?" for one triple.
"""

from __future__ import annotations

import datetime
import decimal
import difflib
import math
import os
import pickle
import re
import select
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pmograph.errors import (
    InputError,
    PmographError,
    QueryError,
    QueryRefused,
    QueryTimeout,
    UnknownResource,
)
from pmograph.namespaces import CLASS_NAMES, PMGID_IRI, PREFIXES
from pmograph.terms import IRI, BNode

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from pmograph.kg import KnowledgeGraph
    from pmograph.stores.convert import Value

    OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

__all__ = [
    "BASE_IRI",
    "RDF_FORMATS",
    "RESULT_FORMATS",
    "NamedQuery",
    "Provenance",
    "Source",
    "QueryResult",
    "Row",
    "Token",
    "check_query",
    "display_rows",
    "named_queries",
    "named_query",
    "parse_binding",
    "provenance",
    "query_form",
    "resolve",
    "run",
    "tokenize",
]

BASE_IRI = PMGID_IRI
"""Relative IRIs in a query resolve against this base."""

RESULT_FORMATS = ("json", "xml", "csv", "tsv")
"""W3C SPARQL results formats, for SELECT and ASK."""
RDF_FORMATS = ("turtle", "trig", "nt", "jsonld")
"""RDF formats, for CONSTRUCT and DESCRIBE."""

UPDATE_KEYWORDS = frozenset(
    ["INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"]
)
"""SPARQL Update keywords: a query holding one is refused, always."""
REMOTE_KEYWORDS = frozenset(["SERVICE", "FROM"])
"""Keywords that reach outside the graph: refused unless ``allow_remote``."""
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


# ---------------------------------------------------------------------------
# The lexical scanner
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """One lexical token of a SPARQL query.

    ``kind`` is one of ``word`` (keywords, function names, ``a``, ``true``),
    ``var``, ``iri``, ``pname`` (prefixed name), ``string``, ``number``,
    ``langtag``, ``bnode``, ``punct`` or ``other``; ``line`` and ``column``
    count from 1 in the text as written.
    """

    kind: str
    text: str
    line: int
    column: int
    offset: int


_PN_LOCAL_CHAR = r"(?:[\w:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_LOCAL_MID = r"(?:[\w.:\-]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>
        '''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
      | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
      | '(?:[^'\\\n\r]|\\.)*'
      | "(?:[^"\\\n\r]|\\.)*"
    )
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<bnode>_:\w(?:[\w.\-]*[\w\-])?)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d_](?:[\w.\-]*[\w\-])?)?:"""
    + f"(?:{_PN_LOCAL_CHAR}(?:{_PN_LOCAL_MID}*{_PN_LOCAL_CHAR})?)?"
    + r""")
  | (?P<number>[+-]?(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?))
  | (?P<word>[A-Za-z_]\w*)
  | (?P<punct>\^\^|\|\||&&|!=|<=|>=|[{}()\[\].,;*/+\-!=<>|^?$@])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
# rdflib expands \uXXXX and \UXXXXXXXX everywhere in the query before parsing
# (rdflib.plugins.sparql.parser.expandUnicodeEscapes); the same pattern here.
_UNICODE_ESCAPE_RE = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", flags=re.I)


def tokenize(sparql: str) -> list[Token]:
    """Split a SPARQL query into tokens, without parsing it.

    Strings (all four quotings), IRIs, comments, variables and prefixed names
    are single tokens, so that a keyword inside them is never mistaken for
    one.  Whitespace and comments are dropped.

    Examples
    --------
    >>> [t.text for t in tokenize('SELECT ?s { ?s pmg:quote "FROM here" } # DROP')]
    ['SELECT', '?s', '{', '?s', 'pmg:quote', '"FROM here"', '}']
    """
    tokens: list[Token] = []
    line, line_start = 1, 0
    for m in _TOKEN_RE.finditer(sparql):
        kind = m.lastgroup or "other"
        text = m.group()
        if kind not in ("ws", "comment"):
            tokens.append(Token(kind, text, line, m.start() - line_start + 1, m.start()))
        newlines = text.count("\n")
        if newlines:
            line += newlines
            line_start = m.start() + text.rindex("\n") + 1
    return tokens


def _expand_escapes(sparql: str) -> tuple[str, list[int]]:
    """The query with ``\\uXXXX`` escapes expanded, and each new offset's old offset."""
    out: list[str] = []
    where: list[int] = []
    pos = 0
    for m in _UNICODE_ESCAPE_RE.finditer(sparql):
        out.append(sparql[pos : m.start()])
        where.extend(range(pos, m.start()))
        try:
            out.append(chr(int(m.group(1), 16)))
        except (ValueError, OverflowError):
            raise QueryError(
                f"{_where(sparql, m.start())}: invalid unicode escape {m.group()!r}; "
                "write the character itself"
            ) from None
        where.append(m.start())
        pos = m.end()
    out.append(sparql[pos:])
    where.extend(range(pos, len(sparql) + 1))
    return "".join(out), where


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def query_form(sparql: str) -> str:
    """``"select"``, ``"ask"``, ``"construct"`` or ``"describe"``, from the first such keyword.

    Raises
    ------
    QueryError
        When the text holds none of them.
    """
    for tok in tokenize(sparql):
        if tok.kind == "word" and tok.text.upper() in _FORMS:
            return tok.text.lower()
    raise QueryError(
        "not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE found; "
        "write one, e.g. SELECT ?role WHERE { ?role a pmg:Role }"
    )


@dataclass(frozen=True)
class CheckedQuery:
    """What the scan learned about a query: its form and its variables."""

    form: str
    variables: frozenset[str]


def check_query(sparql: str, *, allow_remote: bool = False) -> CheckedQuery:
    """Scan a query and refuse what pmograph does not run, before any evaluation.

    Refused: every SPARQL Update keyword (always), ``SERVICE`` and ``FROM``
    (unless ``allow_remote``), and prefixed names whose prefix is neither
    predeclared nor declared in the query.

    Raises
    ------
    QueryRefused
        An update, ``SERVICE`` or ``FROM``; the message names the keyword and
        where it is.
    QueryError
        An undeclared prefix, or no query form at all.

    Examples
    --------
    >>> check_query("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pmograph.errors.QueryRefused: SERVICE at line 1, column 12: ...
    """
    expanded, where = _expand_escapes(sparql)
    views: list[tuple[str, list[Token], list[int] | None]] = [(sparql, tokenize(sparql), None)]
    if expanded != sparql:
        views.append((expanded, tokenize(expanded), where))
    for _text, tokens, mapping in views:
        for tok in tokens:
            if tok.kind != "word":
                continue
            word = tok.text.upper()
            if word in UPDATE_KEYWORDS:
                raise QueryRefused(
                    f"{word} at {_pos(sparql, tok, mapping)}: pmograph runs read-only queries "
                    "and never changes the graph or any file; SPARQL Update is not allowed "
                    "(--allow-remote allows only SERVICE and FROM)"
                )
            if word in REMOTE_KEYWORDS and not allow_remote:
                raise QueryRefused(
                    f"{word} at {_pos(sparql, tok, mapping)}: queries may not reach other "
                    "graphs, files or endpoints by default; remove it, or pass "
                    "--allow-remote (allow_remote=True) to allow SERVICE and FROM"
                )
    tokens = views[-1][1]
    declared = set(PREFIXES)
    for i, tok in enumerate(tokens):
        if tok.kind == "word" and tok.text.upper() == "PREFIX" and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if nxt.kind == "pname" and nxt.text.endswith(":"):
                declared.add(nxt.text[:-1])
    for i, tok in enumerate(tokens):
        if tok.kind != "pname":
            continue
        prefix = tok.text.split(":", 1)[0]
        if prefix in declared:
            continue
        if i > 0 and tokens[i - 1].kind == "word" and tokens[i - 1].text.upper() == "PREFIX":
            continue
        known = ", ".join(f"{p}:" for p in PREFIXES)
        raise QueryError(
            f"{_pos(sparql, tok, views[-1][2])}: unknown prefix {prefix + ':'!r} in "
            f"{tok.text!r}; declare it (PREFIX {prefix}: <...>) or use a predeclared one: {known}"
        )
    form = query_form(expanded)
    variables = frozenset(t.text[1:] for t in tokens if t.kind == "var")
    return CheckedQuery(form=form, variables=variables)


def _pos(original: str, tok: Token, mapping: list[int] | None) -> str:
    if mapping is None:
        return f"line {tok.line}, column {tok.column}"
    return _where(original, mapping[tok.offset])


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


class Row(tuple):  # type: ignore[type-arg]
    """One solution: a tuple of values that also answers ``row["var"]`` and ``row.var``.

    Unbound variables are ``None``.
    """

    _vars: tuple[str, ...]

    def __new__(cls, values: Sequence[Value], names: Sequence[str]) -> Row:
        row = super().__new__(cls, values)
        row._vars = tuple(names)
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._vars.index(key))
            except ValueError:
                raise KeyError(key) from None
        return tuple.__getitem__(self, key)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __reduce__(self) -> tuple[Any, ...]:
        return (Row, (tuple(self), self._vars))

    def asdict(self) -> dict[str, Value]:
        """The row as ``{variable: value}``."""
        return dict(zip(self._vars, self))


@dataclass
class QueryResult:
    """The answer to one query, as plain Python values.

    ``kind`` is ``"select"``, ``"ask"`` or ``"construct"`` (CONSTRUCT and
    DESCRIBE).  SELECT fills ``vars`` and ``rows`` (tuples of str, int,
    float, Decimal, bool, date, datetime, :class:`~pmograph.terms.IRI`,
    :class:`~pmograph.terms.BNode` or ``None`` when unbound); ASK sets
    ``boolean``; CONSTRUCT and DESCRIBE fill ``triples``.

    Iterating gives the rows as :class:`Row` (tuples that also answer
    ``row["var"]`` and ``row.var``), or the triples of a graph result;
    ``len()`` counts them; ``bool()`` of an ASK result is its answer.

    Examples
    --------
    >>> import pmograph
    >>> kg = pmograph.load()
    >>> result = kg.query("SELECT ?role WHERE { ?role a pmg:Role } LIMIT 2")
    >>> result.kind, result.vars, len(result)
    ('select', ['role'], 2)
    """

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Value, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Value, Value, Value]] = field(default_factory=list)
    store: str = ""
    """The engine that answered: ``"oxigraph"`` or ``"memory"`` (rdflib)."""
    elapsed: float = 0.0
    """Seconds spent evaluating (including the child process)."""
    payload: bytes = field(default=b"", repr=False)
    """The engine's own serialization of the answer (TSV, JSON or N-Triples)."""

    def __iter__(self) -> Iterator[Any]:
        if self.kind == "construct":
            return iter(self.triples)
        names = tuple(self.vars)
        return (Row(r, names) for r in self.rows)

    def __len__(self) -> int:
        if self.kind == "construct":
            return len(self.triples)
        return len(self.rows)

    def __bool__(self) -> bool:
        if self.kind == "ask":
            return bool(self.boolean)
        return len(self) > 0

    def dicts(self) -> list[dict[str, Value]]:
        """The rows as ``{variable: value}`` dicts (unbound variables left out)."""
        return [{k: v for k, v in zip(self.vars, r) if v is not None} for r in self.rows]

    def serialize(self, fmt: str, *, limit: int | None = None) -> bytes:
        """The result in a W3C format, written by pyoxigraph's serializers.

        Parameters
        ----------
        fmt
            For SELECT and ASK: ``json``, ``xml``, ``csv`` or ``tsv`` (the
            SPARQL 1.1 results formats).  For CONSTRUCT and DESCRIBE:
            ``turtle``, ``trig``, ``nt`` or ``jsonld``.
        limit
            Keep only the first ``limit`` rows (or triples).

        CSV cells that a spreadsheet would run as a formula (starting with
        ``=``, ``+``, ``-`` or ``@``, numbers aside) get a leading ``'``; the
        file stays valid CSV.  TSV needs no such care: its literals are quoted.

        Raises
        ------
        InputError
            ``fmt`` does not suit the kind of result.
        """
        import pyoxigraph as ox

        if self.kind == "construct":
            if fmt not in RDF_FORMATS:
                raise InputError(
                    f"format {fmt!r} is for SELECT and ASK results; a CONSTRUCT or DESCRIBE "
                    f"query gives RDF: use one of {', '.join(RDF_FORMATS)}"
                )
            triples = [q.triple for q in ox.parse(self.payload, format=ox.RdfFormat.N_TRIPLES)]
            if limit is not None:
                triples = triples[: max(limit, 0)]
            rdf_fmt = _RDF_FORMAT_NAMES[fmt]
            prefixes = None if fmt == "nt" else _used_prefixes(triples)
            out = ox.serialize(triples, format=getattr(ox.RdfFormat, rdf_fmt), prefixes=prefixes)
            return out or b""
        if fmt not in RESULT_FORMATS:
            raise InputError(
                f"format {fmt!r} is for CONSTRUCT and DESCRIBE results; a {self.kind.upper()} "
                f"query gives rows: use one of table, {', '.join(RESULT_FORMATS)}"
            )
        results_format = getattr(ox.QueryResultsFormat, fmt.upper())
        if self.kind == "ask":
            parsed = ox.parse_query_results(self.payload, format=ox.QueryResultsFormat.JSON)
        else:
            tsv = self.payload
            if limit is not None:
                lines = tsv.split(b"\n")
                # header + rows; W3C TSV escapes newlines inside terms
                tsv = b"\n".join(lines[: 1 + max(limit, 0)]) + b"\n"
            parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
        data = parsed.serialize(format=results_format) or b""
        if fmt == "csv" and self.kind == "select":
            data = _neutralise_csv(data)
        return data


def _used_prefixes(triples: list[ox.Triple]) -> dict[str, str]:
    """The predeclared prefixes that some IRI (or literal datatype) in ``triples`` uses."""
    import pyoxigraph as ox

    iris: set[str] = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {p: ns for p, ns in PREFIXES.items() if any(i.startswith(ns) for i in iris)}


_RDF_FORMAT_NAMES = {"turtle": "TURTLE", "trig": "TRIG", "nt": "N_TRIPLES", "jsonld": "JSON_LD"}
_NUMBER_RE = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _neutralise_csv(data: bytes) -> bytes:
    """Prefix with ``'`` every CSV cell a spreadsheet would run as a formula."""
    import csv
    import io

    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not any(_is_formula(c) for r in rows[1:] for c in r):
        return data
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(rows[0] if rows else [])
    for r in rows[1:]:
        writer.writerow(["'" + c if _is_formula(c) else c for c in r])
    return out.getvalue().encode("utf-8")


def _is_formula(cell: str) -> bool:
    return cell.startswith(_FORMULA_STARTS) and not _NUMBER_RE.fullmatch(cell)


# ---------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------


def run(
    kg: KnowledgeGraph,
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
        :data:`pmograph.namespaces.PREFIXES` are predeclared.
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
    checked = check_query(sparql, allow_remote=allow_remote)
    terms = _bind_terms(bindings or {}, checked)
    engine = kg.store.kind
    if timeout is not None and timeout <= 0:
        raise InputError(f"timeout must be positive, not {timeout}; use None for no limit")
    if engine == "endpoint":  # a remote SPARQL 1.1 endpoint: see _run_endpoint below
        return _run_endpoint(kg, sparql, checked, terms, timeout=timeout, allow_remote=allow_remote)
    if engine not in ("oxigraph", "memory"):
        raise QueryError(f"cannot run local SPARQL on a {engine!r} store")
    started = time.monotonic()

    def evaluate() -> tuple[str, str, bytes]:
        return _evaluate(kg, sparql, terms, allow_remote=allow_remote)

    kind, used, payload = _with_deadline(evaluate, timeout)
    elapsed = time.monotonic() - started
    return _result(kind, used, payload, elapsed)


def _bind_terms(bindings: dict[str, Any], checked: CheckedQuery) -> dict[str, OxTerm]:
    """Check binding names against the query's variables and make pyoxigraph terms."""
    terms: dict[str, OxTerm] = {}
    for key, value in bindings.items():
        name = key[1:] if key[:1] in ("?", "$") else key
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"cannot bind {key!r}: not a variable name; use letters, digits, _")
        if name not in checked.variables:
            have = ", ".join(f"?{v}" for v in sorted(checked.variables)) or "none"
            raise QueryError(
                f"cannot bind ?{name}: the query has no such variable (its variables: {have}); "
                "check the spelling"
            )
        terms[name] = to_term(value)
    return terms


def to_term(value: Any) -> OxTerm:
    """A Python value (or an rdflib or pyoxigraph term) as a pyoxigraph term.

    Raises
    ------
    QueryError
        The value cannot be an RDF term (e.g. ``None``, a list, a bad IRI).
    """
    import pyoxigraph as ox

    xsd = PREFIXES["xsd"]
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    module = type(value).__module__
    if module.startswith("rdflib"):
        from pmograph.stores.convert import rdflib_to_ox

        try:
            return rdflib_to_ox(value)  # type: ignore[no-any-return]
        except TypeError as exc:
            raise QueryError(f"cannot bind {value!r}: {exc}") from None
    try:
        if isinstance(value, IRI):
            return ox.NamedNode(value)
        if isinstance(value, BNode):
            raise QueryError(f"cannot bind a blank node ({value!r}); bind an IRI or a literal")
        if isinstance(value, (bool, int, float, str)):
            return ox.Literal(value)
        if isinstance(value, decimal.Decimal):
            return ox.Literal(str(value), datatype=ox.NamedNode(xsd + "decimal"))
        if isinstance(value, datetime.datetime):
            return ox.Literal(value.isoformat(), datatype=ox.NamedNode(xsd + "dateTime"))
        if isinstance(value, datetime.date):
            return ox.Literal(value.isoformat(), datatype=ox.NamedNode(xsd + "date"))
    except ValueError as exc:
        raise QueryError(f"cannot bind {value!r}: {exc}") from None
    raise QueryError(
        f"cannot bind {value!r} ({type(value).__name__}); use an IRI, str, int, float, "
        "Decimal, bool, date or datetime"
    )


def _evaluate(
    kg: KnowledgeGraph, sparql: str, terms: dict[str, OxTerm], *, allow_remote: bool
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
    kg: KnowledgeGraph, sparql: str, terms: dict[str, OxTerm]
) -> tuple[str, str, bytes]:
    import pyoxigraph as ox

    store: ox.Store = kg.store.store  # type: ignore[attr-defined]
    try:
        result = store.query(
            sparql,
            base_iri=BASE_IRI,
            prefixes=PREFIXES,
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
        raise _oxigraph_syntax_error(sparql, exc) from None
    except RuntimeError as exc:
        if "SELECT projection" in str(exc) and terms:
            raise _NotProjected() from None
        raise QueryError(f"the query failed: {exc}") from None
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from None


_OX_ERROR_RE = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_OX_ALTERNATIVE_RE = re.compile(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|[^,\s]+')


def _oxigraph_syntax_error(sparql: str, exc: SyntaxError) -> QueryError:
    text = str(exc.msg if exc.msg else exc)
    m = _OX_ERROR_RE.match(text)
    if not m:
        return QueryError(f"SPARQL syntax error: {text}; fix the query")
    line, column = int(m.group(1)), int(m.group(2))
    return QueryError(
        f"SPARQL syntax error at line {line}, column {column}: {_expected(m.group(3))}, "
        f"found {_found(sparql, line, column)}; fix the query there"
    )


def _expected(what: str) -> str:
    """pyoxigraph's "expected one of ..." made short: character ranges become words."""
    what = " ".join(what.split())
    head = "expected one of "
    if not what.startswith(head):
        return what
    items: list[str] = []
    for item in _OX_ALTERNATIVE_RE.findall(what[len(head) :]):
        if item == "[_]":
            continue  # pyoxigraph's marker for "anything else"
        if item.startswith("[") and "'0'" in item:
            item = "a number"
        elif item.startswith("["):
            item = "a name"
        if item not in items:
            items.append(item)
    if not items:
        return "unexpected text"
    if len(items) == 1:
        return f"expected {items[0]}"
    shown = ", ".join(items[:8]) + (", ..." if len(items) > 8 else "")
    return head + shown


def _found(sparql: str, line: int, column: int) -> str:
    """The token at (or containing) a 1-based line and column, quoted."""
    lines = sparql.split("\n")
    if line - 1 >= len(lines):
        return "the end of the query"
    offset = sum(len(x) + 1 for x in lines[: line - 1]) + column - 1
    for tok in tokenize(sparql):
        if tok.offset + len(tok.text) > offset:
            return repr(tok.text if len(tok.text) <= 30 else tok.text[:30] + "...")
    return "the end of the query"


def _evaluate_rdflib(
    kg: KnowledgeGraph, sparql: str, terms: dict[str, OxTerm], *, allow_remote: bool
) -> tuple[str, str, bytes]:
    import pyoxigraph as ox
    from pyparsing import ParseException
    from rdflib import Variable
    from rdflib.plugins.sparql import prepareQuery

    from pmograph.stores.convert import ox_to_rdflib, rdflib_to_ox

    try:
        prepared = prepareQuery(sparql, initNs=PREFIXES, base=BASE_IRI)
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


def _result(kind: str, store: str, payload: bytes, elapsed: float) -> QueryResult:
    import pyoxigraph as ox

    from pmograph.stores.convert import ox_value

    result = QueryResult(kind=kind, store=store, elapsed=elapsed, payload=payload)
    if kind == "ask":
        parsed = ox.parse_query_results(payload, format=ox.QueryResultsFormat.JSON)
        result.boolean = bool(parsed)
    elif kind == "select":
        sols = ox.parse_query_results(payload, format=ox.QueryResultsFormat.TSV)
        result.vars = [v.value for v in sols.variables]  # type: ignore[union-attr]
        result.rows = [tuple(ox_value(t) for t in sol) for sol in sols]  # type: ignore[union-attr]
    else:
        result.triples = [
            (ox_value(q.subject), ox_value(q.predicate), ox_value(q.object))
            for q in ox.parse(payload, format=ox.RdfFormat.N_TRIPLES)
        ]
    return result


# ---------------------------------------------------------------------------
# A remote SPARQL 1.1 endpoint (pmograph.stores.endpoint)
# ---------------------------------------------------------------------------


def _run_endpoint(
    kg: KnowledgeGraph,
    sparql: str,
    checked: CheckedQuery,
    terms: dict[str, Any],
    *,
    timeout: float | None,
    allow_remote: bool,
) -> QueryResult:
    """Send a checked query to the endpoint; the answer as a local store's would be.

    The syntax is checked locally first (pyoxigraph, in a child process with no
    network, under a short deadline), so that errors point at the same line and
    column as a local query's.  The
    timeout bounds the whole HTTP answer; the server's own errors are
    :class:`~pmograph.errors.EndpointError` (exit 4).
    """
    from pmograph.remote.check import syntax_error

    # parsed in a child without network, for a moment only: never evaluated here
    problem = syntax_error(sparql, BASE_IRI, PREFIXES, timeout)
    if problem is not None:
        raise _oxigraph_syntax_error(sparql, problem) from None
    started = time.monotonic()
    kind, payload = kg.store.run(sparql, checked.form, terms, timeout=timeout)  # type: ignore[attr-defined]
    return _result(kind, "endpoint", payload, time.monotonic() - started)


# ---------------------------------------------------------------------------
# The deadline: a forked child
# ---------------------------------------------------------------------------

T = TypeVar("T")


MAX_TIMEOUT = 7 * 24 * 3600.0
"""The longest deadline a query may be given (a week), in seconds."""


def _with_deadline(fn: Callable[[], T], timeout: float | None) -> T:
    """Call ``fn`` in a forked child and return its result, or stop it at the deadline.

    The child sends back its pickled result (or exception) through a pipe.
    With ``timeout=None``, or where ``os.fork`` does not exist, ``fn`` runs
    in this process.
    """
    if timeout is not None and not (math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        raise InputError(
            f"timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:,.0f}, "
            f"not {timeout}; use 0 (or None in Python) for no limit"
        )
    if timeout is None or not hasattr(os, "fork"):
        return fn()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow forks
        _child(fn, read_fd, write_fd)
    os.close(write_fd)
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    finished = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise QueryTimeout(
                    f"the query ran past its {timeout:g} s limit and was stopped; "
                    "raise --timeout (timeout=) or narrow the query (add a LIMIT, fewer "
                    "unbound triple patterns)"
                )
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                finished = True
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if not finished:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status = os.waitpid(pid, 0)
    if not chunks:
        raise QueryError(
            f"the query process ended without an answer ({_status(status)}); "
            "the query may need more memory than there is: narrow it"
        )
    ok, value = pickle.loads(b"".join(chunks))
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status) if os.WIFEXITED(status) else status}"


def _child(fn: Callable[[], Any], read_fd: int, write_fd: int) -> None:  # pragma: no cover
    code = 0
    try:
        os.close(read_fd)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            data = pickle.dumps((True, fn()), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            try:
                data = pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                data = pickle.dumps((False, QueryError(f"the query failed: {exc}")))
        view = memoryview(data)
        while view:
            written = os.write(write_fd, view)
            view = view[written:]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


# ---------------------------------------------------------------------------
# Display
# ---------------------------------------------------------------------------


def display_rows(
    kg: KnowledgeGraph,
    result: QueryResult,
    *,
    iris: bool = False,
    limit: int | None = None,
) -> tuple[list[str], list[list[str]]]:
    """Header and cells for a table: labels in place of IRIs unless ``iris``.

    An IRI with a ``skos:prefLabel`` shows the label (English first); one
    without shows its prefixed name (``pmg:Role``) or itself.  A graph
    result shows as subject, predicate, object.
    """
    if result.kind == "ask":
        return ["answer"], [["true" if result.boolean else "false"]]
    if result.kind == "construct":
        header = ["subject", "predicate", "object"]
        rows: list[Sequence[Value]] = list(result.triples)
    else:
        header = list(result.vars)
        rows = list(result.rows)
    if limit is not None:
        rows = rows[: max(limit, 0)]
    labels: dict[str, str] = {}
    if not iris:
        wanted = {v for r in rows for v in r if isinstance(v, IRI)}
        labels = _labels(kg, wanted)
    out = []
    for r in rows:
        cells = []
        for v in r:
            if v is None:
                cells.append("")
            elif isinstance(v, IRI):
                cells.append(str(v) if iris else labels.get(v) or compact(v))
            elif isinstance(v, BNode):
                cells.append("_:" + v)
            else:
                cells.append(_plain(v))
        out.append(cells)
    return header, out


def compact(iri: str) -> str:
    """``pmg:Role`` for an IRI under a predeclared prefix, else the IRI itself."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and re.fullmatch(r"[\w-]+", iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return str(iri)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _labels(kg: KnowledgeGraph, iris: Iterable[str]) -> dict[str, str]:
    """The ``skos:prefLabel`` of each IRI that has one (English, else any, sorted)."""
    pref = PREFIXES["skos"] + "prefLabel"
    found: dict[str, list[tuple[int, str]]] = {}
    if kg.store.kind == "endpoint":  # one query to the remote endpoint
        for iri, pairs in kg.store.labels(iris).items():  # type: ignore[attr-defined]
            found[iri] = [(0 if lang == "en" else 1, text) for lang, text in pairs]
    elif kg.store.kind == "oxigraph":
        import pyoxigraph as ox

        store: ox.Store = kg.store.store  # type: ignore[attr-defined]
        predicate = ox.NamedNode(pref)
        for iri in iris:
            for q in store.quads_for_pattern(ox.NamedNode(iri), predicate, None, None):
                if isinstance(q.object, ox.Literal):
                    lang = q.object.language or ""
                    found.setdefault(iri, []).append((0 if lang == "en" else 1, q.object.value))
    else:
        from rdflib import Literal, URIRef

        ds = kg.dataset
        predicate_ref = URIRef(pref)
        for iri in iris:
            for obj in ds.objects(URIRef(iri), predicate_ref):
                if isinstance(obj, Literal):
                    found.setdefault(iri, []).append((0 if obj.language == "en" else 1, str(obj)))
    return {iri: sorted(labels)[0][1] for iri, labels in found.items()}


# ---------------------------------------------------------------------------
# Named queries
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedQuery:
    """A competency question shipped as ``ontology/queries/NN-slug.rq``.

    ``name`` is the slug (``NN-`` dropped); ``question``, ``source`` and
    ``expected`` come from the header comment lines ``# question: ...``,
    ``# source: ...`` and ``# expected: ...`` (a following comment line
    indented by two or more spaces continues the previous one).
    """

    name: str
    path: Path
    text: str
    question: str = ""
    source: str = ""
    expected: str = ""


_HEADER_RE = re.compile(r"#\s*(question|source|expected)\s*:\s*(.*)", re.IGNORECASE)


def _read_named(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    last: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _HEADER_RE.match(stripped)
        if m:
            last = m.group(1).lower()
            fields[last] = m.group(2).strip()
        elif last is not None and re.match(r"#\s{2,}\S", stripped):
            fields[last] = (fields[last] + " " + stripped[1:].strip()).strip()
        else:
            last = None
    name = re.sub(r"^\d+[-_]", "", path.stem)
    return NamedQuery(name=name, path=path, text=text, **fields)


def named_queries() -> list[NamedQuery]:
    """Every named query shipped with pmograph, in file order."""
    from pmograph import resources

    folder = resources.queries_dir()
    if not folder.is_dir():
        return []
    return [_read_named(p) for p in sorted(folder.glob("*.rq"))]


def named_query(name: str) -> NamedQuery:
    """The named query called ``name`` (its slug, with or without the ``NN-`` prefix).

    Raises
    ------
    UnknownResource
        No query has that name; the message lists the closest names.
    """
    available = named_queries()
    wanted = name.strip().removesuffix(".rq")
    for q in available:
        if wanted in (q.name, q.path.stem):
            return q
    names = [q.name for q in available]
    close = difflib.get_close_matches(wanted, names, n=5, cutoff=0.4)
    if not close:
        close = [n for n in names if wanted and (wanted in n or n in wanted)][:5]
    hint = f"did you mean: {', '.join(close)}? " if close else ""
    raise UnknownResource(
        f"no named query {name!r}; {hint}`pmograph queries` lists all {len(names)}",
        candidates=close,
    )


# ---------------------------------------------------------------------------
# Provenance: which source states a fact?
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A source entry a named graph was derived from (``prov:wasDerivedFrom``).

    ``title`` is its ``dcterms:title``, ``question`` its ``pmg:question``
    (FAQ entries), ``document`` the document it is part of
    (``dcterms:isPartOf``) with that document's title.
    """

    iri: IRI
    title: str | None = None
    question: str | None = None
    document: IRI | None = None
    document_title: str | None = None


@dataclass(frozen=True)
class Provenance:
    """One named graph that states a fact: its title, its sources and its quotes."""

    graph: IRI
    title: str | None = None
    sources: tuple[Source, ...] = ()
    quotes: tuple[str, ...] = ()


_PROVENANCE_QUERY = """
SELECT ?s ?p ?o %s?g ?graphTitle ?source ?sourceTitle ?question ?doc ?docTitle ?quote WHERE {
  GRAPH ?g { ?s ?p ?o }
  %s
  OPTIONAL { ?g dcterms:title ?graphTitle }
  OPTIONAL {
    ?g prov:wasDerivedFrom ?source .
    OPTIONAL { ?source dcterms:title ?sourceTitle }
    OPTIONAL { ?source pmg:question ?question }
    OPTIONAL { ?source dcterms:isPartOf ?doc . OPTIONAL { ?doc dcterms:title ?docTitle } }
  }
  OPTIONAL { ?g pmg:quote ?quote }
}
"""
# Two fixed texts (no user value is ever pasted in): the object as a term, or a
# literal matched on its lexical form.  (pyoxigraph's substitution leaves
# BOUND(?var) false, so one text with FILTER(!BOUND(?text) || ...) would not do.)
_PROVENANCE_TERM = _PROVENANCE_QUERY % ("", "")
_PROVENANCE_LITERAL = _PROVENANCE_QUERY % ("?text ", "FILTER(isLiteral(?o) && STR(?o) = ?text)")


def provenance(
    kg: KnowledgeGraph,
    subject: str,
    predicate: str,
    obj: Any,
    *,
    literal: bool = False,
    timeout: float | None = 30.0,
) -> list[Provenance]:
    """The named graphs that state ``subject predicate obj``, with their sources and quotes.

    Parameters
    ----------
    subject, predicate
        IRIs.
    obj
        An IRI, or any value :func:`run` can bind.  With ``literal=True``,
        a string that matches the lexical form of a literal object whatever
        its language tag or datatype (``"Project Manager"`` matches
        ``"Project Manager"@en``).
    timeout
        As for :func:`run`.

    Returns
    -------
    list of Provenance
        One per graph, sorted by graph IRI; empty when no named graph holds
        the triple.  The graph ``https://w3id.org/pmograph/id/graph/inferred``
        holds what OWL 2 RL reasoning derived (``load(reason=True)``).

    Examples
    --------
    >>> import pmograph
    >>> kg = pmograph.load()
    >>> pm, spm = kg.find("Project Manager"), kg.find("Senior Project Manager")
    >>> found = provenance(kg, pm, "https://w3id.org/pmograph/ns#progressesTo", spm)
    >>> found[0].sources[0].question
    'What’s the next step after project manager?'
    """
    binds: dict[str, Any] = {"s": IRI(subject), "p": IRI(predicate)}
    if literal:
        binds["text"] = str(obj)
    else:
        binds["o"] = obj
    query = _PROVENANCE_LITERAL if literal else _PROVENANCE_TERM
    result = run(kg, query, binds, timeout=timeout)
    graphs: dict[str, dict[str, Any]] = {}
    for row in result:
        entry = graphs.setdefault(row["g"], {"title": None, "sources": {}, "quotes": set()})
        if row["graphTitle"] is not None and entry["title"] is None:
            entry["title"] = str(row["graphTitle"])
        if row["quote"] is not None:
            entry["quotes"].add(str(row["quote"]))
        src = row["source"]
        if isinstance(src, IRI):
            known = entry["sources"].setdefault(src, {})
            for key in ("sourceTitle", "question", "doc", "docTitle"):
                if row[key] is not None and known.get(key) is None:
                    known[key] = row[key]
    return [
        Provenance(
            graph=IRI(g),
            title=e["title"],
            sources=tuple(
                Source(
                    iri=IRI(src),
                    title=_str_or_none(f.get("sourceTitle")),
                    question=_str_or_none(f.get("question")),
                    document=IRI(f["doc"]) if isinstance(f.get("doc"), IRI) else None,
                    document_title=_str_or_none(f.get("docTitle")),
                )
                for src, f in sorted(e["sources"].items())
            ),
            quotes=tuple(sorted(e["quotes"])),
        )
        for g, e in sorted(graphs.items())
    ]


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def resolve(kg: KnowledgeGraph, text: str, *, what: str = "resource") -> IRI:
    """The IRI a user means by ``text``: ``<iri>``, a full IRI, a prefixed name, or a label.

    Prefixed names use the predeclared prefixes (``pmg:progressesTo``);
    ``CLASS:label`` (``role:Project Manager``) looks the label up among that
    class (short names as in :data:`pmograph.namespaces.CLASS_NAMES`); for
    ``what="predicate"``, ``a`` is ``rdf:type`` and a pmograph property may
    be named by its local name or its label (``progresses to``).  Anything
    else is a label, found with :meth:`KnowledgeGraph.find` among all classes.

    Raises
    ------
    UnknownResource
        Nothing (or several things) answer to ``text``.
    """
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        return IRI(value[1:-1])
    if re.match(r"https?://\S+$", value):
        return IRI(value)
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and re.fullmatch(r"[\w.-]*", local):
        return IRI(PREFIXES[prefix] + local)
    if sep and prefix.lower() in CLASS_NAMES and local.strip():
        return kg.find(local, cls=prefix.lower())
    if what == "predicate":
        if value == "a":
            return IRI(PREFIXES["rdf"] + "type")
        return _find_property(kg, value)
    return kg.find(value, cls=None)


def parse_binding(kg: KnowledgeGraph | None, spec: str) -> tuple[str, Any]:
    """A ``VAR=VALUE`` binding as written on the command line, as (name, value).

    ``VALUE`` is read as: ``<iri>`` or a full ``http(s)://`` IRI -> an IRI; a
    prefixed name with a predeclared prefix (``pmg:Role``) -> that IRI;
    ``CLASS:label`` (``role:Project Manager``, ``skill:Risk management``)
    -> the resource of that class with that label; an integer -> ``int``;
    ``"text"@en`` -> a language-tagged literal; a value in double quotes ->
    the string inside them; anything else -> the plain string as given.

    Raises
    ------
    InputError
        ``spec`` is not ``VAR=VALUE``.
    UnknownResource
        A ``CLASS:label`` names nothing, or several things.

    Examples
    --------
    >>> parse_binding(None, 'name=x" } ; DROP ALL ; #')
    ('name', 'x" } ; DROP ALL ; #')
    >>> parse_binding(None, "n=3")
    ('n', 3)
    """
    name, sep, value = spec.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"\w+", name):
        raise InputError(
            f"--bind {spec!r}: expected VAR=VALUE, e.g. --bind role='role:Project Manager'"
        )
    tagged = re.fullmatch(r'"(.*)"@([A-Za-z]+(?:-[A-Za-z0-9]+)*)', value.strip(), re.S)
    if tagged:
        import pyoxigraph as ox

        return name, ox.Literal(tagged.group(1), language=tagged.group(2).lower())
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return name, value[1:-1]
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return name, IRI(text[1:-1])
    if re.fullmatch(r"https?://\S+", text):
        return name, IRI(text)
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and re.fullmatch(r"[\w.-]+", local):
        return name, IRI(PREFIXES[prefix] + local)
    if colon and prefix.lower() in CLASS_NAMES and local.strip():
        if kg is None:
            raise InputError(f"--bind {spec!r}: a label needs the graph loaded")
        return name, kg.find(local.strip(), cls=prefix.lower())
    if re.fullmatch(r"[+-]?\d+", text):
        return name, int(text)
    return name, value


def _find_property(kg: KnowledgeGraph, text: str) -> IRI:
    key = re.sub(r"[\s_-]+", "", text).lower()
    result = run(
        kg,
        "SELECT DISTINCT ?p ?label WHERE { { ?p a owl:ObjectProperty } UNION "
        "{ ?p a owl:DatatypeProperty } UNION { ?p a owl:AnnotationProperty } "
        "UNION { ?p a rdf:Property } OPTIONAL { ?p rdfs:label ?label } }",
        timeout=None,
    )
    names: dict[str, set[str]] = {}
    for row in result:
        p = row["p"]
        if not isinstance(p, IRI):
            continue
        for spelling in (p.local_name(), row["label"] or ""):
            if spelling:
                names.setdefault(re.sub(r"[\s_-]+", "", spelling).lower(), set()).add(p)
    hits = names.get(key, set())
    if len(hits) == 1:
        return IRI(next(iter(hits)))
    if len(hits) > 1:
        raise UnknownResource(
            f"{text!r} names several properties: {', '.join(sorted(hits))}; give a prefixed name",
            candidates=sorted(hits),
        )
    close = difflib.get_close_matches(key, sorted(names), n=5, cutoff=0.6)
    spelled = sorted({compact(i) for c in close for i in names[c]})
    hint = f"; did you mean: {', '.join(spelled)}?" if spelled else ""
    raise UnknownResource(f"no property is called {text!r}{hint}", candidates=spelled)
