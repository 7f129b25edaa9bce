"""A remote SPARQL 1.1 endpoint as a store: queries over HTTP, answers as a local store's.

:class:`EndpointStore` sends queries to any SPARQL 1.1 Protocol endpoint (Oxigraph
server, Virtuoso, Apache Jena Fuseki, GraphDB, Amazon Neptune).  Queries are sent by
POST (``query=...``), asking for ``application/sparql-results+json`` (SELECT, ASK) or
``application/n-triples`` (CONSTRUCT, DESCRIBE); the answer is re-serialized by
pyoxigraph so that it reads exactly like a local store's.  pmograph's prefixes and base
IRI are declared on the query's first line, and bound values go in a ``VALUES`` block.

pmograph's local stores answer over the union of the named graphs.  An endpoint answers
over *its* default graph: the engine profile (:mod:`pmograph.remote.profiles`) makes
that the same union (Oxigraph ``--union-default-graph``, Fuseki ``unionDefaultGraph``;
for Virtuoso the pushed dataset is named in each request).  HTTP details (deadline,
size cap, credentials, redirects) are :mod:`pmograph.remote.http`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from pmograph.errors import EndpointError, InputError
from pmograph.namespaces import PMGID_IRI, PREFIXES
from pmograph.remote.http import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    HttpClient,
    first_line,
)
from pmograph.remote.profiles import (
    DEFAULT_HOLDER,
    MANIFEST_GRAPH,
    EngineProfile,
    detect_from_server_header,
    get_profile,
)
from pmograph.remote.urls import redact
from pmograph.stores.convert import Value, ox_value

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

STORE_DEFAULT = -1.0
"""As a ``timeout``: the store's own read timeout (``None`` means no limit)."""
RESULTS_JSON = "application/sparql-results+json"
RESULTS_XML = "application/sparql-results+xml"
N_TRIPLES = "application/n-triples"
SD = "http://www.w3.org/ns/sparql-service-description#"


class EndpointStore:
    """A remote SPARQL 1.1 endpoint, queried over HTTP.

    Parameters
    ----------
    url
        The query endpoint (``http://127.0.0.1:7878/query`` for Oxigraph server,
        ``http://host:8890/sparql`` for Virtuoso, ``http://host:3030/ds/sparql`` for Fuseki).
    connect_timeout, read_timeout
        Seconds to wait for a connection, and for the whole answer (a total deadline).
    max_bytes
        The largest answer accepted (default: ``$PMOGRAPH_ENDPOINT_MAX_MB`` megabytes, else 100 MB).
    engine
        An engine profile name (:data:`~pmograph.remote.profiles.PROFILES`), or ``auto``:
        detected from the URL, then from the server's ``Server`` header.

    Raises
    ------
    InputError
        The URL is not http(s), or the engine is unknown.
    """

    kind = "endpoint"

    def __init__(
        self,
        url: str,
        *,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        max_bytes: int | None = None,
        engine: str | None = None,
    ) -> None:
        self.http = HttpClient(url, connect_timeout=connect_timeout, max_bytes=max_bytes)
        self.url = self.http.url
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_bytes = self.http.max_bytes
        self.profile: EngineProfile = get_profile(engine, self.url)
        self._detect = (engine or "auto") == "auto" and self.profile.name == "generic"
        self._dataset: list[tuple[str, str]] | None = None

    def __repr__(self) -> str:
        return f"<EndpointStore {redact(self.url)} ({self.profile.name})>"

    @property
    def display_url(self) -> str:
        """The URL as it may be shown: no credentials."""
        return redact(self.url)

    # -- the dataset the server answers over -------------------------------------------
    def dataset(self, timeout: float | None = STORE_DEFAULT) -> list[tuple[str, str]]:
        """The ``default-graph-uri`` / ``named-graph-uri`` parameters sent with each query.

        Empty unless the profile names the dataset (Virtuoso) and ``pmograph push``
        recorded its graphs on the server.
        """
        if self._dataset is None:
            self._dataset = []
            if self.profile.dataset or self._detect:
                sparql = (
                    f"SELECT DISTINCT ?g WHERE {{ GRAPH <{MANIFEST_GRAPH}> "
                    f"{{ <{MANIFEST_GRAPH}> <{SD}namedGraph>/<{SD}name> ?g }} }}"
                )
                body, _ = self.http.request(
                    "POST",
                    data=urlencode({"query": sparql}).encode("ascii"),
                    headers=_FORM | {"Accept": RESULTS_JSON},
                    timeout=self.read_timeout if timeout is not None and timeout < 0 else timeout,
                )
                if self._detect:
                    self.profile = detect_from_server_header(self.http.server, self.profile)
                    self._detect = False
                result = parse_results(body, "json", where=self.display_url)
                if self.profile.dataset and not isinstance(result, bool) and result[1]:
                    named = sorted(str(r[0]) for r in result[1] if r[0] is not None)
                    self._dataset = [("default-graph-uri", DEFAULT_HOLDER)]
                    self._dataset += [("default-graph-uri", g) for g in named]
                    self._dataset += [("named-graph-uri", g) for g in named]
        return self._dataset

    # -- HTTP ---------------------------------------------------------------
    def execute(self, sparql: str, *, accept: str, timeout: float | None = STORE_DEFAULT) -> bytes:
        """POST a query (with the profile's dataset) and return the answer's body.

        ``timeout`` is the total deadline in seconds (default: the store's read
        timeout; ``None``: no limit).

        Raises
        ------
        EndpointError
            Refused connection, deadline passed, HTTP error status, an answer past
            the size cap, or a redirect to another host.
        """
        limit = self.read_timeout if timeout is not None and timeout < 0 else timeout
        dataset = self.dataset(limit)
        if dataset and self.profile.dataset_in_query:
            from pmograph.remote.adapt import insert_dataset

            default = [g for k, g in dataset if k == "default-graph-uri"]
            named = [g for k, g in dataset if k == "named-graph-uri"]
            sparql, dataset = insert_dataset(sparql, default, named), []
        form = [("query", sparql), *dataset]
        body, _ = self.http.request(
            "POST",
            data=urlencode(form).encode("ascii"),
            headers=_FORM | {"Accept": accept},
            timeout=limit,
        )
        return body

    def request(
        self,
        method: str,
        url: str,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = STORE_DEFAULT,
    ) -> tuple[bytes, str]:
        """Send one HTTP request to the endpoint's origin; the body (capped) and content type."""
        limit = self.read_timeout if timeout is not None and timeout < 0 else timeout
        return self.http.request(method, url, data=data, headers=headers, timeout=limit)

    # -- queries ------------------------------------------------------------
    def syntax_error(self, sparql: str, *, timeout: float | None = None) -> SyntaxError | None:
        """pyoxigraph's syntax error for ``sparql`` (as written, pmograph's prefixes declared), if any.

        Parsed in a child process without network, for at most a moment, never
        evaluated here (see :mod:`pmograph.remote.check`).
        """
        from pmograph.remote.check import syntax_error

        return syntax_error(sparql, PMGID_IRI, PREFIXES, timeout)

    def run(
        self,
        sparql: str,
        form: str,
        terms: dict[str, Any] | None = None,
        *,
        timeout: float | None = STORE_DEFAULT,
    ) -> tuple[str, bytes]:
        """Run a checked query; return ``(kind, payload)`` as the query service expects.

        ``kind`` is ``select``, ``ask`` or ``construct``; the payload is SPARQL results
        TSV (SELECT), SPARQL results JSON (ASK) or N-Triples (CONSTRUCT, DESCRIBE),
        written by pyoxigraph from the server's answer.
        """
        import pyoxigraph as ox

        text = prepare(sparql, form, terms or {})
        self.dataset(timeout)  # detects the engine, if it has to, before the profile is read
        if form == "select" and (self.profile.order_locally or self.profile.fix_booleans):
            finished = self._run_finished_locally(text, timeout)
            if finished is not None:
                return "select", finished
        if form in ("select", "ask"):
            accept = f"{RESULTS_JSON}, {RESULTS_XML};q=0.9"
            body = self.execute(text, accept=accept, timeout=timeout)
            fmt = (
                ox.QueryResultsFormat.XML
                if body.lstrip().startswith(b"<")
                else ox.QueryResultsFormat.JSON
            )
            try:
                parsed = ox.parse_query_results(body, format=fmt)
                if form == "ask" and isinstance(parsed, ox.QueryBoolean):
                    return "ask", parsed.serialize(format=ox.QueryResultsFormat.JSON) or b""
                if form == "select" and isinstance(parsed, ox.QuerySolutions):
                    return "select", parsed.serialize(format=ox.QueryResultsFormat.TSV) or b""
            except (SyntaxError, ValueError) as exc:
                raise EndpointError(
                    f"{self.display_url}: malformed response (not SPARQL results: "
                    f"{first_line(str(exc)) or 'unreadable'}); is this a SPARQL query endpoint?"
                ) from None
            got = "a boolean" if form == "select" else "rows"
            raise EndpointError(
                f"{self.display_url}: malformed response: a {form.upper()} query got {got}"
            )
        body = self.execute(text, accept=f"{N_TRIPLES}, text/turtle;q=0.9", timeout=timeout)
        triples = _parse_triples(body, self.display_url)
        return "construct", ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""

    def _run_finished_locally(self, text: str, timeout: float | None) -> bytes | None:
        """The profile's ``order_locally`` and ``fix_booleans`` (see :mod:`pmograph.remote.adapt`)."""
        from pmograph.remote.adapt import boolean_vars, finish_rows, split_order

        split = split_order(text) if self.profile.order_locally else None
        booleans = boolean_vars(text) if self.profile.fix_booleans else frozenset()
        if split is None and not booleans:
            return None
        body = self.execute(split.remote if split else text, accept=RESULTS_JSON, timeout=timeout)
        try:
            return finish_rows(body, PREFIXES, PMGID_IRI, split=split, booleans=booleans)
        except (SyntaxError, ValueError) as exc:
            raise EndpointError(
                f"{self.display_url}: malformed response (not SPARQL results: "
                f"{first_line(str(exc)) or 'unreadable'}); is this a SPARQL query endpoint?"
            ) from None

    def select(
        self, sparql: str, *, timeout: float | None = STORE_DEFAULT
    ) -> tuple[list[str], list[tuple[Value, ...]]]:
        """Run a SELECT (pmograph's prefixes predeclared); variables and rows of light values."""
        body = self.execute(prepare(sparql, "select", {}), accept=RESULTS_JSON, timeout=timeout)
        result = parse_results(body, "json", where=self.display_url)
        if isinstance(result, bool):
            raise EndpointError(
                f"{self.display_url}: malformed response: a SELECT query got a boolean"
            )
        return result

    # -- the Store protocol -------------------------------------------------------
    def __len__(self) -> int:
        _, rows = self.select(
            "SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION "
            "{ ?s ?p ?o FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } } }"
        )
        value = rows[0][0] if rows else 0
        return int(value) if isinstance(value, (int, float, str)) else 0

    def quads(self) -> Iterator[tuple[Value, Value, Value, Value | None]]:
        """Every quad on the endpoint: the named graphs', then the default graph's own.

        On a server whose default graph is the union of the named graphs, the
        default graph's own triples are those in no named graph.
        """
        _, rows = self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        for s, p, o, g in rows:
            yield s, p, o, g
        _, rows = self.select(
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
        )
        for s, p, o in rows:
            yield s, p, o, None

    def index_quads(
        self, predicates: frozenset[str], prefix: str, skip_graph: str
    ) -> Iterator[tuple[str, str, str, bool, str]]:
        """The triples the label and class index needs, selected on the server."""
        from pmograph.terms import IRI

        wanted = ", ".join(f"<{p}>" for p in sorted(predicates))
        _, rows = self.select(
            "SELECT ?s ?p ?o (LCASE(LANG(?o)) AS ?lang) WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER (?g != <{skip_graph}> && isIRI(?s) && !isBlank(?o)) "
            f'FILTER (?p IN ({wanted}) || STRSTARTS(STR(?p), "{prefix}")) }}'
        )
        for s, p, o, lang in rows:
            if s is not None and p is not None and o is not None:
                yield str(s), str(p), str(o), isinstance(o, IRI), str(lang or "")

    def graph_names(self) -> list[str]:
        _, rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(r[0]) for r in rows if r[0] is not None)

    def labels(
        self, iris: Iterable[str], *, timeout: float | None = STORE_DEFAULT
    ) -> dict[str, list[tuple[str, str]]]:
        """``skos:prefLabel`` values (with language) of some IRIs, in one query per 500."""
        import pyoxigraph as ox

        wanted = sorted(set(iris))
        out: dict[str, list[tuple[str, str]]] = {}
        for start in range(0, len(wanted), 500):
            values = " ".join(str(ox.NamedNode(i)) for i in wanted[start : start + 500])
            body = self.execute(
                prepare(
                    f"SELECT ?s ?l (LANG(?l) AS ?lang) WHERE {{ VALUES ?s {{ {values} }} ?s skos:prefLabel ?l }}",
                    "select",
                    {},
                ),
                accept=RESULTS_JSON,
                timeout=timeout,
            )
            result = parse_results(body, "json", where=self.display_url)
            if isinstance(result, bool):
                continue
            for s, label, lang in result[1]:
                if s is not None and label is not None:
                    out.setdefault(str(s), []).append((str(lang or ""), str(label)))
        return out


_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


# -- parsing answers ------------------------------------------------------------------


def parse_results(
    body: bytes, fmt: str = "json", *, where: str = "the endpoint"
) -> tuple[list[str], list[tuple[Value, ...]]] | bool:
    """Parse a SPARQL results document into rows of light Python values.

    Parameters
    ----------
    body
        The document.
    fmt
        ``json``, ``xml`` or ``tsv``.

    Returns
    -------
    tuple or bool
        ``(variables, rows)`` for solutions (unbound values ``None``; IRIs as
        :class:`~pmograph.terms.IRI`), or the boolean of an ASK answer.

    Raises
    ------
    EndpointError
        The document does not parse.

    Examples
    --------
    >>> parse_results(b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"1"}}]}}')
    (['x'], [('1',)])
    """
    import pyoxigraph as ox

    formats = {
        "json": ox.QueryResultsFormat.JSON,
        "xml": ox.QueryResultsFormat.XML,
        "tsv": ox.QueryResultsFormat.TSV,
    }
    try:
        parsed = ox.parse_query_results(body, format=formats[fmt])
        if isinstance(parsed, ox.QueryBoolean):
            return bool(parsed)
        names = [v.value for v in parsed.variables]
        rows = [tuple(ox_value(sol[v]) for v in parsed.variables) for sol in parsed]
    except KeyError:
        raise InputError(f"unknown results format {fmt!r}; use json, xml or tsv") from None
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(
            f"{where}: malformed response (not SPARQL results {fmt}: {first_line(str(exc))})"
        ) from None
    return names, rows


def _parse_triples(body: bytes, where: str) -> list[ox.Triple]:
    import pyoxigraph as ox

    # N-Triples is a subset of Turtle: parsing as Turtle accepts either answer.
    try:
        return [q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE, base_iri=PMGID_IRI)]
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(
            f"{where}: malformed response (not N-Triples or Turtle: {first_line(str(exc))})"
        ) from None


# -- preparing queries -------------------------------------------------------------------


def prepare(sparql: str, form: str, terms: dict[str, Any]) -> str:
    """The query as sent: pmograph's base and prefixes declared, ``terms`` bound by ``VALUES``.

    The ``VALUES`` block opens the WHERE clause, so the values are joined
    before the rest of the pattern, as a local store binds them.  A
    ``CONSTRUCT WHERE { ... }`` (short form) has no room for one and gets a
    trailing ``VALUES`` clause instead.
    """
    # on the query's first line, so that a server's error positions keep their line numbers
    head = f"BASE <{PMGID_IRI}> " + "".join(f"PREFIX {p}: <{i}> " for p, i in PREFIXES.items())
    if not terms:
        return head + sparql
    names = " ".join(f"?{k}" for k in terms)
    values = " ".join(str(t) for t in terms.values())
    block = f"VALUES ({names}) {{ ({values}) }}"
    at = _where_clause_start(sparql, form)
    if at is None:
        return f"{head}{sparql}\n{block}"
    return f"{head}{sparql[:at]} {block} {sparql[at:]}"


def _where_clause_start(sparql: str, form: str) -> int | None:
    """The offset just after the ``{`` that opens the query's WHERE clause, if found."""
    from pmograph.sparql.scan import skip_group, tokenize

    tokens = tokenize(sparql)
    i = next((n for n, t in enumerate(tokens) if t.kind == "word" and t.text.lower() == form), None)
    if i is None:
        return None
    depth = 0
    n = i + 1
    if form == "construct":
        if n < len(tokens) and tokens[n].kind == "word" and tokens[n].text.upper() == "WHERE":
            return None  # CONSTRUCT WHERE { template-and-pattern }
        n = skip_group(tokens, n)  # the template
    while n < len(tokens):
        tok = tokens[n]
        if tok.kind == "punct":
            if tok.text == "(":
                depth += 1
            elif tok.text == ")":
                depth -= 1
            elif tok.text == "{" and depth == 0:
                return tok.offset + 1
        n += 1
    return None
