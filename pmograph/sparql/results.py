"""Query results as plain Python values, and their W3C serialisations.

The engine's own serialisation of an answer (TSV for SELECT, JSON for ASK,
N-Triples for CONSTRUCT and DESCRIBE) is read into a :class:`QueryResult`;
:meth:`QueryResult.serialize` writes it out again with pyoxigraph's
serializers, so that the same query gives the same bytes on either store.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pmograph.errors import InputError
from pmograph.namespaces import PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from pmograph.stores.convert import Value

RESULT_FORMATS = ("json", "xml", "csv", "tsv")
"""W3C SPARQL results formats, for SELECT and ASK."""
RDF_FORMATS = ("turtle", "trig", "nt", "jsonld")
"""RDF formats, for CONSTRUCT and DESCRIBE."""


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
                # header + rows; W3C TSV escapes newlines inside terms, so one row is one line
                lines = tsv.rstrip(b"\n").split(b"\n")
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


def result_from_payload(kind: str, store: str, payload: bytes, elapsed: float) -> QueryResult:
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
