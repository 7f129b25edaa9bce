"""pyoxigraph's syntax errors made short: line, column, what was expected and found."""

from __future__ import annotations

import re

from pmograph.errors import QueryError
from pmograph.sparql.scan import tokenize

_OX_ERROR_RE = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_OX_ALTERNATIVE_RE = re.compile(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|[^,\s]+')


def oxigraph_syntax_error(sparql: str, exc: SyntaxError) -> QueryError:
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
