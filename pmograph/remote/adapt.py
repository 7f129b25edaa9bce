"""Query adaptations an engine profile asks for, around defects of that engine.

:func:`split_order` serves the Virtuoso profile's ``order_locally``: Virtuoso 7.2 drops
rows when a query with a property path (``p*``) is also ordered (openlink/virtuoso-opensource
issues 460 and 704 describe the family), while the same query without ``ORDER BY`` answers
right.  So the query is sent without its ``ORDER BY``, ``LIMIT`` and ``OFFSET``, and
pyoxigraph orders (and cuts) the rows that come back, with the query's own ``ORDER BY``
clause, in :func:`order_rows`.  This is done only when every variable the clause names is
one the query returns and no row holds a blank node; otherwise the query goes as written.

:func:`boolean_vars` serves the profile's ``fix_booleans``: Virtuoso answers a boolean
expression's value (``BIND (EXISTS { ... } AS ?v)``, ``BOUND``, ``isIRI``...) as the
integer 1 or 0; for the variables the query binds to such an expression, pmograph turns
``1``/``0`` back into ``true``/``false``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SplitQuery:
    """A SELECT query cut before its ORDER BY: what to send, and what to apply here."""

    remote: str
    prologue: str
    order: str
    """``ORDER BY ...`` up to LIMIT/OFFSET, as written."""
    slice: str
    """``LIMIT n OFFSET m`` (or empty)."""
    order_vars: frozenset[str]


def split_order(sparql: str) -> SplitQuery | None:
    """``sparql`` split around its top-level ORDER BY, or ``None`` when it has none (or a trailing VALUES)."""
    from pmograph.sparql.scan import tokenize

    tokens = tokenize(sparql)
    select = next(
        (i for i, t in enumerate(tokens) if t.kind == "word" and t.text.upper() == "SELECT"), None
    )
    if select is None:
        return None
    depth = 0
    last_close = None
    for i, t in enumerate(tokens):
        if t.kind == "punct" and t.text == "{":
            depth += 1
        elif t.kind == "punct" and t.text == "}":
            depth -= 1
            if depth == 0:
                last_close = i
    if last_close is None:
        return None
    tail = tokens[last_close + 1 :]
    words = [t.text.upper() if t.kind == "word" else "" for t in tail]
    if "VALUES" in words or "ORDER" not in words:
        return None
    at = words.index("ORDER")
    end = next((j for j in range(at, len(tail)) if words[j] in ("LIMIT", "OFFSET")), len(tail))
    start_offset = tail[at].offset
    slice_offset = tail[end].offset if end < len(tail) else len(sparql)
    order = sparql[start_offset:slice_offset]
    sliced = sparql[slice_offset:]
    order_vars = frozenset(t.text[1:] for t in tail[at:end] if t.kind == "var")
    return SplitQuery(
        remote=sparql[:start_offset],
        prologue=sparql[: tokens[select].offset],
        order=order,
        slice=sliced,
        order_vars=order_vars,
    )


BOOLEAN_FUNCTIONS = frozenset(
    "EXISTS NOT BOUND ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC SAMETERM REGEX CONTAINS "
    "STRSTARTS STRENDS LANGMATCHES".split()
)


def boolean_vars(sparql: str) -> frozenset[str]:
    """Variables the query binds to a boolean expression: ``BIND (EXISTS {...} AS ?v)``, ``(BOUND(?x) AS ?v)``."""
    from pmograph.sparql.scan import tokenize

    tokens = tokenize(sparql)
    found: set[str] = set()
    for i, t in enumerate(tokens[:-1]):
        if not (t.kind == "punct" and t.text == "("):
            continue
        first = tokens[i + 1]
        if first.kind != "word" or first.text.upper() not in BOOLEAN_FUNCTIONS:
            continue
        depth = 0
        for j in range(i, len(tokens)):
            tok = tokens[j]
            if tok.kind == "punct" and tok.text in "({":
                depth += 1
            elif tok.kind == "punct" and tok.text in ")}":
                depth -= 1
                if depth == 0:
                    break
            elif (
                depth == 1
                and tok.kind == "word"
                and tok.text.upper() == "AS"
                and j + 1 < len(tokens)
                and tokens[j + 1].kind == "var"
            ):
                found.add(tokens[j + 1].text[1:])
                break
    return frozenset(found)


def finish_rows(
    body: bytes,
    prefixes: dict[str, str],
    base: str,
    *,
    split: SplitQuery | None = None,
    booleans: frozenset[str] = frozenset(),
) -> bytes | None:
    """The server's SPARQL JSON answer with its booleans fixed, ordered and cut as ``split`` says.

    Returns SPARQL results TSV, or ``None`` when it cannot be done here (an ordering
    variable the query does not return, a blank node in a row).
    """
    import pyoxigraph as ox

    parsed: Any = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if not isinstance(parsed, ox.QuerySolutions):
        return None
    names = [v.value for v in parsed.variables]
    if split is not None and not split.order_vars <= set(names):
        return None
    xsd_boolean = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
    rows = []
    for solution in parsed:
        cells = []
        for v in parsed.variables:
            term = solution[v]
            if isinstance(term, ox.BlankNode):
                return None
            if v.value in booleans and isinstance(term, ox.Literal) and term.value in ("0", "1"):
                term = ox.Literal("true" if term.value == "1" else "false", datatype=xsd_boolean)
            cells.append("UNDEF" if term is None else str(term))
        rows.append("(" + " ".join(cells) + ")")
    variables = " ".join(f"?{n}" for n in names)
    tail = f"{split.order} {split.slice}" if split is not None else ""
    prologue = split.prologue if split is not None else ""
    local = (
        f"{prologue} SELECT {variables or '*'} WHERE "
        f"{{ VALUES ({variables}) {{ {' '.join(rows)} }} }} {tail}"
    )
    result: Any = ox.Store().query(local, base_iri=base, prefixes=prefixes)
    return bytes(result.serialize(format=ox.QueryResultsFormat.TSV) or b"")


def insert_dataset(sparql: str, default: list[str], named: list[str]) -> str:
    """``sparql`` with ``FROM``/``FROM NAMED`` clauses before its WHERE clause.

    For the Virtuoso profile: Virtuoso drops the connection when a request carries more
    than about 90 ``default-graph-uri``/``named-graph-uri`` parameters, while the same
    dataset in the query text is fine.
    """
    from pmograph.sparql.scan import skip_group, tokenize

    clauses = " ".join([*(f"FROM <{g}>" for g in default), *(f"FROM NAMED <{g}>" for g in named)])
    tokens = tokenize(sparql)
    forms = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
    i = next(
        (n for n, t in enumerate(tokens) if t.kind == "word" and t.text.upper() in forms), None
    )
    if i is None:
        return sparql
    n = i + 1
    if tokens[i].text.upper() == "CONSTRUCT":
        n = skip_group(tokens, n)  # the template
    depth = 0
    while n < len(tokens):
        tok = tokens[n]
        if tok.kind == "punct" and tok.text == "(":
            depth += 1
        elif tok.kind == "punct" and tok.text == ")":
            depth -= 1
        elif depth == 0 and (
            (tok.kind == "word" and tok.text.upper() == "WHERE")
            or (tok.kind == "punct" and tok.text == "{")
        ):
            return f"{sparql[: tok.offset]}{clauses} {sparql[tok.offset :]}"
        n += 1
    return f"{sparql} {clauses}"
