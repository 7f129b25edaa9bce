"""The lexical scan of a query: tokens, its form and variables, and the first refusals.

:func:`check_query` refuses SPARQL Update keywords, ``SERVICE`` and ``FROM``
(unless allowed) and undeclared prefixes, before anything is parsed or
evaluated.  It reads the text as written and with ``\\uXXXX`` escapes
expanded.  The scan is a first, fast line of defence only: what the engine
will evaluate is checked again on its parsed form (:mod:`pmograph.sparql.engine`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from pmograph import limits
from pmograph.errors import QueryError, QueryRefused
from pmograph.namespaces import QUERY_PREFIXES

UPDATE_KEYWORDS = frozenset(
    ["INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"]
)
"""SPARQL Update keywords: a query holding one is refused, always."""
REMOTE_KEYWORDS = frozenset(["SERVICE", "FROM"])
"""Keywords that reach outside the graph: refused unless ``allow_remote``."""
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


class Token(NamedTuple):
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
  | (?P<run>[^\W\d_][\w.\-]*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<punct>\^\^|\|\||&&|!=|<=|>=|[{}()\[\].,;*/+\-!=<>|^?$@])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_RUN_WORD_RE = re.compile(r"[^\W\d]\w*")
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
        if kind == "run":
            # a name that is not a prefixed name (``true.SERVICE``, ``a.b-c``), read
            # whole so that scanning stays linear; its words are kept (its dots,
            # hyphens and digits matter to no check)
            for part in _RUN_WORD_RE.finditer(text):
                offset = m.start() + part.start()
                tokens.append(Token("word", part.group(), line, offset - line_start + 1, offset))
            continue
        if kind not in ("ws", "comment"):
            tokens.append(Token(kind, text, line, m.start() - line_start + 1, m.start()))
        newlines = text.count("\n")
        if newlines:
            line += newlines
            line_start = m.start() + text.rindex("\n") + 1
    return tokens


def skip_group(tokens: list[Token], n: int) -> int:
    """The index just past the ``{ ... }`` group that opens at ``tokens[n]`` (``n`` if none does).

    Used to step over a CONSTRUCT template to the query pattern behind it.
    """
    if n >= len(tokens) or tokens[n].text != "{":
        return n
    level = 0
    while n < len(tokens):
        if tokens[n].text == "{":
            level += 1
        elif tokens[n].text == "}":
            level -= 1
            if level == 0:
                return n + 1
        n += 1
    return n


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
    return _form(tokenize(sparql))


def _form(tokens: list[Token]) -> str:
    for tok in tokens:
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
    (unless ``allow_remote``), prefixes named like those keywords, brackets
    nested deeper than :func:`pmograph.limits.max_query_nesting`, a text over
    :func:`pmograph.limits.max_query_bytes` or not UTF-8, and prefixed names
    whose prefix is neither predeclared nor declared in the query.  The scan
    is linear in the query's length.

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
    _check_size(sparql)
    expanded, where = _expand_escapes(sparql)
    views: list[tuple[str, list[Token], list[int] | None]] = [(sparql, tokenize(sparql), None)]
    if expanded != sparql:
        views.append((expanded, tokenize(expanded), where))
    for _text, tokens, mapping in views:
        _check_nesting(sparql, tokens, mapping)
        for tok in tokens:
            if tok.kind == "pname":
                _check_prefix_name(sparql, tok, mapping)
                continue
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
    declared = set(QUERY_PREFIXES)
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
        known = ", ".join(f"{p}:" for p in QUERY_PREFIXES)
        raise QueryError(
            f"{_pos(sparql, tok, views[-1][2])}: unknown prefix {prefix + ':'!r} in "
            f"{tok.text!r}; declare it (PREFIX {prefix}: <...>) or use a predeclared one: {known}"
        )
    form = _form(tokens)
    variables = frozenset(t.text[1:] for t in tokens if t.kind == "var")
    return CheckedQuery(form=form, variables=variables)


KEYWORD_PREFIXES = UPDATE_KEYWORDS | REMOTE_KEYWORDS | frozenset(["NAMED", "SILENT"])
"""Keywords no prefix may be named after: parsers disagree on ``SERVICE:x`` (keyword or name)."""


def _check_prefix_name(sparql: str, tok: Token, mapping: list[int] | None) -> None:
    prefix = tok.text.split(":", 1)[0]
    for part in re.split(r"[.\-]", prefix):
        if part.upper() in KEYWORD_PREFIXES:
            raise QueryRefused(
                f"{_pos(sparql, tok, mapping)}: the prefix {prefix + ':'!r} is named like the "
                f"keyword {part.upper()}, which SPARQL parsers read differently "
                "(as a keyword or as a name); rename the prefix"
            )


_OPENERS = frozenset("([{")
_CLOSERS = frozenset(")]}")


def _check_nesting(sparql: str, tokens: list[Token], mapping: list[int] | None) -> None:
    """Refuse brackets nested deeper than the limit (deep nesting overflows parsers' stacks)."""
    most = limits.max_query_nesting()
    depth = 0
    for tok in tokens:
        if tok.kind != "punct":
            continue
        if tok.text in _OPENERS:
            depth += 1
            if depth > most:
                raise QueryError(
                    f"{_pos(sparql, tok, mapping)}: brackets nest deeper than {most} levels; "
                    "flatten the query (or raise PMOGRAPH_MAX_QUERY_NESTING)"
                )
        elif tok.text in _CLOSERS:
            depth = max(depth - 1, 0)


def _check_size(sparql: str) -> None:
    most = limits.max_query_bytes()
    size = len(sparql.encode("utf-8", "surrogatepass"))
    if size > most:
        raise QueryError(
            f"the query is {size / 1024:,.0f} KB, over the {most / 1024:,.0f} KB limit; "
            "shorten it (or raise PMOGRAPH_MAX_QUERY_KB)"
        )
    if not _is_utf8(sparql):
        raise QueryError(
            "the query is not valid text (it holds bytes that are not UTF-8); "
            "save it as UTF-8 and try again"
        )


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _pos(original: str, tok: Token, mapping: list[int] | None) -> str:
    if mapping is None:
        return f"line {tok.line}, column {tok.column}"
    return _where(original, mapping[tok.offset])
