"""A remote SPARQL 1.1 endpoint as a store: queries over HTTP, uploads by the Graph Store Protocol.

:class:`EndpointStore` sends queries to any SPARQL 1.1 Protocol endpoint
(Oxigraph server, Apache Jena Fuseki, GraphDB, Virtuoso, Amazon Neptune) and
:func:`push` uploads quads to a SPARQL 1.1 Graph Store HTTP Protocol endpoint,
one named graph at a time, so that named graphs are kept.

Assumptions and safeguards (rdflib's ``SPARQLStore`` lacks each of them; see
``PITFALLS.md``):

- **http and https only**; any other scheme is refused (:class:`~pmograph.errors.InputError`).
- **Timeouts**: every request has a connect timeout and a read timeout, and
  the whole answer must arrive within the read timeout (a server that
  trickles bytes is stopped too).
- **A size cap**: the answer is streamed and refused past ``max_bytes``
  (100 MB unless ``$PMOGRAPH_ENDPOINT_MAX_MB`` says otherwise).
- **Clear errors** (:class:`~pmograph.errors.EndpointError`, exit 4) for a
  refused connection, a timeout, an HTTP error status (with the first line of
  the server's message) and a malformed answer.
- **Credentials** come from ``$PMOGRAPH_ENDPOINT_USER`` and
  ``$PMOGRAPH_ENDPOINT_PASSWORD`` (HTTP Basic), from the URL's user
  information, or from ``~/.netrc`` (requests reads it); they are never
  printed: every URL in a message has its user information removed and its
  secret-looking query parameters masked.
- Queries are sent by POST as ``application/x-www-form-urlencoded``
  (``query=...``), asking for ``application/sparql-results+json`` (SELECT,
  ASK) or ``application/n-triples`` (CONSTRUCT, DESCRIBE).
- pmograph's local stores answer queries over the union of the named graphs.
  An endpoint answers over *its* default graph: start the server so that its
  default graph is the union (Oxigraph: ``--union-default-graph``; Fuseki:
  ``tdb2:unionDefaultGraph true``; GraphDB and Virtuoso do so by default).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from pmograph.errors import EndpointError, InputError
from pmograph.namespaces import PMGID_IRI, PREFIXES
from pmograph.stores.convert import Value, ox_value

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox
    import requests

DEFAULT_CONNECT_TIMEOUT = 10.0
"""Seconds to wait for a connection."""
DEFAULT_READ_TIMEOUT = 60.0
"""Seconds to wait for the whole answer, unless a query gives its own timeout."""
STORE_DEFAULT = -1.0
"""As a ``timeout``: the store's own read timeout (``None`` means no limit)."""
DEFAULT_MAX_BYTES = 100 * 1024 * 1024
"""The largest answer accepted, unless ``$PMOGRAPH_ENDPOINT_MAX_MB`` says otherwise."""

RESULTS_JSON = "application/sparql-results+json"
RESULTS_XML = "application/sparql-results+xml"
RESULTS_TSV = "text/tab-separated-values"
N_TRIPLES = "application/n-triples"
_SECRET_PARAM = re.compile(r"pass|pwd|token|key|secret|auth|sig|credential", re.IGNORECASE)
_CHUNK = 1 << 16


def redact(url: str) -> str:
    """The URL without user information and with secret-looking query values masked.

    Examples
    --------
    >>> redact("https://alice:s3cret@example.org/sparql?api_key=abc&graph=g")
    'https://example.org/sparql?api_key=***&graph=g'
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        netloc = host + (f":{parts.port}" if parts.port else "")
    except ValueError:
        return "<the endpoint URL>"
    query = "&".join(_mask(piece) for piece in parts.query.split("&")) if parts.query else ""
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def _mask(piece: str) -> str:
    name, sep, _ = piece.partition("=")
    return f"{name}=***" if sep and _SECRET_PARAM.search(name) else piece


def check_url(url: str) -> str:
    """Return ``url`` if it is an http(s) URL with a host; otherwise raise :class:`InputError`."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise InputError(
            f"{redact(url)}: not a valid URL; give the endpoint as http(s)://host[:port]/path"
        ) from None
    if parts.scheme not in ("http", "https"):
        scheme = parts.scheme or "no scheme"
        raise InputError(
            f"{redact(url)}: {scheme} is not supported; a SPARQL endpoint URL starts with "
            "http:// or https://"
        )
    if not parts.hostname:
        raise InputError(f"{redact(url)}: no host in the URL; give http(s)://host[:port]/path")
    return url.strip()


def max_bytes_from_env() -> int:
    """``$PMOGRAPH_ENDPOINT_MAX_MB`` in bytes, or :data:`DEFAULT_MAX_BYTES`."""
    value = os.environ.get("PMOGRAPH_ENDPOINT_MAX_MB")
    if not value:
        return DEFAULT_MAX_BYTES
    try:
        mb = float(value)
    except ValueError:
        raise InputError(
            f"PMOGRAPH_ENDPOINT_MAX_MB={value!r} is not a number of megabytes; e.g. 500"
        ) from None
    if mb <= 0:
        raise InputError(f"PMOGRAPH_ENDPOINT_MAX_MB must be positive, not {value}")
    return int(mb * 1024 * 1024)


class EndpointStore:
    """A remote SPARQL 1.1 endpoint, queried over HTTP.

    Parameters
    ----------
    url
        The query endpoint (e.g. ``http://127.0.0.1:7878/query`` for Oxigraph
        server, ``http://localhost:3030/ds/sparql`` for Fuseki).
    connect_timeout, read_timeout
        Seconds to wait for a connection, and for the whole answer.
    max_bytes
        The largest answer accepted (default: ``$PMOGRAPH_ENDPOINT_MAX_MB``
        megabytes, else 100 MB).

    Raises
    ------
    InputError
        The URL is not http(s).
    """

    kind = "endpoint"

    def __init__(
        self,
        url: str,
        *,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        max_bytes: int | None = None,
    ) -> None:
        self.url = check_url(url)
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_bytes = max_bytes if max_bytes is not None else max_bytes_from_env()
        self._session: requests.Session | None = None

    def __repr__(self) -> str:
        return f"<EndpointStore {redact(self.url)}>"

    @property
    def display_url(self) -> str:
        """The URL as it may be shown: no credentials."""
        return redact(self.url)

    # -- HTTP ---------------------------------------------------------------
    def execute(self, sparql: str, *, accept: str, timeout: float | None = STORE_DEFAULT) -> bytes:
        """POST a query and return the answer's body, in the format ``accept`` asks for.

        Parameters
        ----------
        sparql
            The query text, sent as it is.
        accept
            The ``Accept`` header (e.g. ``application/sparql-results+json``).
        timeout
            Seconds for the whole answer (default: the store's read timeout;
            ``None``: no limit).

        Raises
        ------
        EndpointError
            Refused connection, timeout, HTTP error status, an answer past the
            size cap, or an answer in another format than asked.
        """
        body, _ = self.request(
            "POST",
            self.url,
            data=urlencode({"query": sparql}).encode("ascii"),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": accept,
            },
            timeout=timeout,
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
        """Send one HTTP request; return the body (capped) and its content type."""
        return _request(
            self._get_session(),
            method,
            url,
            data=data,
            headers=headers,
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout if timeout is not None and timeout < 0 else timeout,
            max_bytes=self.max_bytes,
        )

    def _get_session(self) -> requests.Session:
        if self._session is None:
            self._session = make_session()
        return self._session

    # -- queries ------------------------------------------------------------
    def run(
        self,
        sparql: str,
        form: str,
        terms: dict[str, Any] | None = None,
        *,
        timeout: float | None = STORE_DEFAULT,
    ) -> tuple[str, bytes]:
        """Run a checked query; return ``(kind, payload)`` as :mod:`pmograph.query` expects.

        ``kind`` is ``select``, ``ask`` or ``construct``; the payload is SPARQL
        results TSV (SELECT), SPARQL results JSON (ASK) or N-Triples
        (CONSTRUCT, DESCRIBE), written by pyoxigraph from the server's answer,
        so that it reads the same as a local store's.  pmograph's prefixes
        and base IRI are declared before the query; ``terms`` are bound with a
        ``VALUES`` block at the start of the query's WHERE clause.
        """
        import pyoxigraph as ox

        text = prepare(sparql, form, terms or {})
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
                    f"{_first_line(str(exc)) or 'unreadable'}); is this a SPARQL query endpoint?"
                ) from None
            got = "a boolean" if form == "select" else "rows"
            raise EndpointError(
                f"{self.display_url}: malformed response: a {form.upper()} query got {got}"
            )
        body = self.execute(text, accept=f"{N_TRIPLES}, text/turtle;q=0.9", timeout=timeout)
        triples = _parse_triples(body, self.display_url)
        return "construct", ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""

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
    ) -> Iterator[tuple[str, str, str, bool]]:
        """The triples the label and class index needs, selected on the server."""
        from pmograph.terms import IRI

        wanted = ", ".join(f"<{p}>" for p in sorted(predicates))
        _, rows = self.select(
            "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER (?g != <{skip_graph}> && isIRI(?s) && !isBlank(?o)) "
            f'FILTER (?p IN ({wanted}) || STRSTARTS(STR(?p), "{prefix}")) }}'
        )
        for s, p, o in rows:
            if s is not None and p is not None and o is not None:
                yield str(s), str(p), str(o), isinstance(o, IRI)

    def graph_names(self) -> list[str]:
        _, rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(r[0]) for r in rows if r[0] is not None)

    def labels(
        self, iris: Iterable[str], *, timeout: float | None = STORE_DEFAULT
    ) -> dict[str, list[tuple[str, str]]]:
        """``skos:prefLabel`` values (with language) of some IRIs, in one query."""
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


def make_session() -> requests.Session:
    """A requests session with credentials from the environment (else netrc, as requests does)."""
    import requests

    session = requests.Session()
    user = os.environ.get("PMOGRAPH_ENDPOINT_USER")
    password = os.environ.get("PMOGRAPH_ENDPOINT_PASSWORD")
    if user:
        session.auth = (user, password or "")
    session.headers["User-Agent"] = _user_agent()
    return session


def _user_agent() -> str:
    from pmograph.version import __version__

    return f"pmograph/{__version__}"


def _request(
    session: requests.Session,
    method: str,
    url: str,
    *,
    data: bytes | None,
    headers: dict[str, str] | None,
    connect_timeout: float,
    read_timeout: float | None,
    max_bytes: int,
) -> tuple[bytes, str]:
    import requests

    where = redact(url)
    deadline = None if read_timeout is None else time.monotonic() + connect_timeout + read_timeout
    try:
        response = session.request(
            method,
            url,
            data=data,
            headers=headers,
            timeout=(connect_timeout, read_timeout),
            stream=True,
            allow_redirects=True,
        )
    except requests.exceptions.ConnectTimeout:
        raise EndpointError(
            f"{where}: no connection within {connect_timeout:g} s; check the URL and that the "
            "server is reachable"
        ) from None
    except requests.exceptions.ReadTimeout:
        raise EndpointError(
            f"{where}: no answer within {read_timeout or 0:g} s (read timeout); the server may "
            "be overloaded, or the query too broad: raise --timeout or narrow the query"
        ) from None
    except requests.exceptions.InvalidURL:
        raise InputError(f"{where}: not a valid URL; give http(s)://host[:port]/path") from None
    except requests.exceptions.ConnectionError as exc:
        raise EndpointError(f"{where}: {_connection_problem(exc)}") from None
    except requests.exceptions.RequestException as exc:
        raise EndpointError(f"{where}: the request failed ({type(exc).__name__})") from None
    with response:
        try:
            body = _read_capped(response, max_bytes, deadline, where)
        except requests.exceptions.ConnectionError as exc:
            if "timed out" in str(exc).lower() or "timeout" in type(exc).__name__.lower():
                raise EndpointError(
                    f"{where}: no answer within {read_timeout or 0:g} s (read timeout); raise "
                    "--timeout or narrow the query"
                ) from None
            raise EndpointError(f"{where}: the connection broke while reading the answer") from None
        except requests.exceptions.RequestException as exc:
            raise EndpointError(
                f"{where}: the answer could not be read ({type(exc).__name__})"
            ) from None
        if response.status_code >= 400:
            raise EndpointError(_status_message(where, response.status_code, response.reason, body))
        return body, response.headers.get("Content-Type", "")


def _read_capped(
    response: requests.Response, max_bytes: int, deadline: float | None, where: str
) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes and response.status_code < 400:
        raise EndpointError(_too_large(where, max_bytes))
    chunks: list[bytes] = []
    size = 0
    limit = max_bytes if response.status_code < 400 else 64 * 1024
    for chunk in response.iter_content(_CHUNK):
        size += len(chunk)
        if size > limit:
            if response.status_code >= 400:
                chunks.append(chunk)
                break
            raise EndpointError(_too_large(where, max_bytes))
        chunks.append(chunk)
        if deadline is not None and time.monotonic() > deadline:
            raise EndpointError(
                f"{where}: the answer did not arrive within the read timeout; raise --timeout "
                "or narrow the query"
            )
    return b"".join(chunks)


def _too_large(where: str, max_bytes: int) -> str:
    return (
        f"{where}: the answer is larger than {max_bytes / 1024 / 1024:g} MB; narrow the query "
        "(LIMIT, fewer variables) or raise the cap with PMOGRAPH_ENDPOINT_MAX_MB"
    )


def _connection_problem(exc: BaseException) -> str:
    """What went wrong with a connection, in words, without any URL from the exception."""
    text = ""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text += " " + str(current)
        for arg in getattr(current, "args", ()):
            if isinstance(arg, BaseException):
                text += " " + str(arg)
                reason = getattr(arg, "reason", None)
                if isinstance(reason, BaseException):
                    text += " " + str(reason)
        current = current.__cause__ or current.__context__
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused; is the SPARQL server running, on this host and port?"
    if (
        "name or service not known" in lowered
        or "nodename nor servname" in lowered
        or "getaddrinfo" in lowered
        or "resolve" in lowered
    ):
        return "the host name cannot be resolved; check the URL"
    if "certificate" in lowered or "ssl" in lowered:
        return "the TLS connection failed (certificate or protocol); check the URL and the server's certificate"
    if (
        "reset" in lowered
        or "aborted" in lowered
        or "remotedisconnected" in lowered
        or "closed" in lowered
    ):
        return "the server closed the connection without answering"
    return "cannot connect; check the URL and that the server is running"


def _status_message(where: str, status: int, reason: str | None, body: bytes) -> str:
    first = _first_line(body.decode("utf-8", errors="replace"))
    message = f"{where}: HTTP {status} {reason or ''}".rstrip()
    if first:
        message += f": {first}"
    if status == 401:
        message += (
            "; give credentials with PMOGRAPH_ENDPOINT_USER and PMOGRAPH_ENDPOINT_PASSWORD "
            "or a ~/.netrc entry"
        )
    elif status == 403:
        message += "; the server refused: check the credentials and what this account may do"
    elif status == 404:
        message += "; is this the endpoint's URL (often .../query or .../sparql)?"
    elif status == 405:
        message += "; this URL does not take this kind of request: check the endpoint URL"
    return message


def _first_line(text: str) -> str:
    """The first non-empty line of a message, HTML tags removed, at most 200 characters."""
    text = re.sub(r"<[^>]+>", " ", text)
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= 200 else line[:197] + "..."
    return ""


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
            f"{where}: malformed response (not SPARQL results {fmt}: {_first_line(str(exc))})"
        ) from None
    return names, rows


def _parse_triples(body: bytes, where: str) -> list[ox.Triple]:
    import pyoxigraph as ox

    # N-Triples is a subset of Turtle: parsing as Turtle accepts either answer.
    try:
        return [q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE, base_iri=PMGID_IRI)]
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(
            f"{where}: malformed response (not N-Triples or Turtle: {_first_line(str(exc))})"
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
    from pmograph.sparql.scan import tokenize

    tokens = tokenize(sparql)
    i = next((n for n, t in enumerate(tokens) if t.kind == "word" and t.text.lower() == form), None)
    if i is None:
        return None
    depth = 0
    n = i + 1
    if form == "construct":
        if n < len(tokens) and tokens[n].kind == "word" and tokens[n].text.upper() == "WHERE":
            return None  # CONSTRUCT WHERE { template-and-pattern }
        if n < len(tokens) and tokens[n].text == "{":  # skip the template
            level = 0
            while n < len(tokens):
                if tokens[n].text == "{":
                    level += 1
                elif tokens[n].text == "}":
                    level -= 1
                    if level == 0:
                        n += 1
                        break
                n += 1
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


# -- uploading: SPARQL 1.1 Graph Store HTTP Protocol ---------------------------------------


@dataclass
class PushResult:
    """What :func:`push` uploaded."""

    url: str
    graphs: dict[str, int] = field(default_factory=dict)
    """Named graph IRI -> triples sent."""
    default: int = 0
    """Triples sent to the default graph."""

    @property
    def triples(self) -> int:
        return self.default + sum(self.graphs.values())

    def summary(self) -> str:
        graphs = len(self.graphs)
        return (
            f"pushed {self.triples:,} triples: {graphs:,} named graph{'s' if graphs != 1 else ''}"
            f" and {self.default:,} triples in the default graph, to {self.url}"
        )


def push(
    url: str,
    quads: Iterable[ox.Quad],
    *,
    graph: str | None = None,
    replace: bool = True,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    timeout: float = 300.0,
) -> PushResult:
    """Upload quads to a SPARQL 1.1 Graph Store HTTP Protocol endpoint, graph by graph.

    Each named graph is sent as N-Triples to ``URL?graph=<iri>``, the default
    graph to ``URL?default``: with ``PUT`` (``replace=True``: the graph's old
    content is replaced, so pushing twice gives the same store) or ``POST``
    (added to what is there).

    Parameters
    ----------
    url
        The Graph Store endpoint (Oxigraph server: ``http://host:7878/store``;
        Fuseki: ``http://host:3030/ds/data``; GraphDB:
        ``http://host:7200/repositories/REPO/rdf-graphs/service``).
    quads
        What to send.
    graph
        Put every triple into this one named graph instead.
    replace
        ``PUT`` (replace each graph) rather than ``POST`` (add to it).

    Raises
    ------
    InputError
        The URL is not http(s), or ``graph`` is not an absolute IRI.
    EndpointError
        The server refused a graph (the message names it), or could not be
        reached.
    """
    import pyoxigraph as ox

    check_url(url)
    if graph is not None:
        try:
            target = ox.NamedNode(graph)
        except ValueError:
            raise InputError(
                f"--graph {graph!r} is not an absolute IRI; e.g. https://example.org/graph/pmo"
            ) from None
        if ":" not in graph:
            raise InputError(
                f"--graph {graph!r} is not an absolute IRI; e.g. https://example.org/graph/pmo"
            )
    by_graph: dict[str | None, list[ox.Triple]] = {}
    for q in quads:
        name = (
            graph
            if graph is not None
            else (q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None)
        )
        by_graph.setdefault(name, []).append(q.triple)
    if graph is not None:
        by_graph = {target.value: [t for ts in by_graph.values() for t in ts]}
    session = make_session()
    result = PushResult(url=redact(url))
    for name, triples in sorted(by_graph.items(), key=lambda kv: (kv[0] is not None, kv[0] or "")):
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        target_url = _graph_url(url, name)
        try:
            _request(
                session,
                "PUT" if replace else "POST",
                target_url,
                data=body,
                headers={"Content-Type": N_TRIPLES},
                connect_timeout=connect_timeout,
                read_timeout=timeout,
                max_bytes=1024 * 1024,
            )
        except EndpointError as exc:
            which = f"graph <{name}>" if name else "the default graph"
            raise EndpointError(f"while sending {which}: {exc}") from None
        if name is None:
            result.default += len(triples)
        else:
            result.graphs[name] = len(triples)
    return result


def _graph_url(url: str, graph: str | None) -> str:
    parts = urlsplit(url)
    extra = "default" if graph is None else "graph=" + quote(graph, safe="")
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


# -- a local Oxigraph server (pmograph serve) ------------------------------------------------


def oxigraph_executable() -> str:
    """The ``oxigraph`` server program: beside this Python's executable, else on ``PATH``.

    Raises
    ------
    InputError
        It is not installed.
    """
    import shutil
    import sys

    beside = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise InputError(
        "the Oxigraph server is not installed; install it with pip install 'pmograph[server]' "
        "(PyPI's oxigraph package)"
    )


class LocalServer:
    """An Oxigraph server on this machine, loaded with some quads, for as long as it is open.

    Use as a context manager: the data is loaded into a temporary database
    with ``oxigraph load``, then ``oxigraph serve-read-only`` (or ``serve``
    when ``writable``) listens on ``host:port`` with the default graph as the
    union of the named graphs.  Leaving the context stops the server and
    removes the database.

    Raises
    ------
    InputError
        The port is in use, or the server program is missing.
    EndpointError
        The server could not load the data or did not start.
    """

    def __init__(
        self,
        quads: Iterable[ox.Quad],
        *,
        host: str = "127.0.0.1",
        port: int = 7878,
        writable: bool = False,
        startup_timeout: float = 60.0,
    ) -> None:
        self.host = host
        self.port = port
        self.writable = writable
        self.startup_timeout = startup_timeout
        self._quads = quads
        self._tmp: Path | None = None
        self._log: IO[bytes] | None = None
        self.process: Any = None
        self.quads = 0

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint."""
        return self.base_url + "/query"

    @property
    def update_url(self) -> str:
        """The SPARQL update endpoint (``writable`` only)."""
        return self.base_url + "/update"

    @property
    def store_url(self) -> str:
        """The Graph Store endpoint (uploads need ``writable``)."""
        return self.base_url + "/store"

    def __enter__(self) -> LocalServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        import subprocess
        import tempfile

        import pyoxigraph as ox

        exe = oxigraph_executable()
        _check_port_free(self.host, self.port)
        self._tmp = Path(tempfile.mkdtemp(prefix="pmograph-serve-"))
        try:
            quads = list(self._quads)
            self.quads = len(quads)
            source = self._tmp / "data.nq"
            ox.serialize(quads, str(source), format=ox.RdfFormat.N_QUADS)
            database = self._tmp / "db"
            loaded = subprocess.run(
                [exe, "load", "--location", str(database), "--file", str(source)],
                capture_output=True,
                text=True,
                check=False,
            )
            if loaded.returncode != 0:
                raise EndpointError(
                    "oxigraph load failed: "
                    + (_first_line(loaded.stderr) or f"exit status {loaded.returncode}")
                )
            source.unlink()
            self._log = open(self._tmp / "server.log", "w+b")  # noqa: SIM115 - closed in stop()
            mode = "serve" if self.writable else "serve-read-only"
            bind = f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"
            self.process = subprocess.Popen(
                [exe, mode, "--location", str(database), "--bind", bind, "--union-default-graph"],
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=self._log,
            )
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        import socket

        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise EndpointError(
                    f"the Oxigraph server stopped at once (exit status {self.process.returncode}): "
                    f"{self._log_tail() or 'no message'}"
                )
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise EndpointError(
            f"the Oxigraph server did not start listening on {self.base_url} within "
            f"{self.startup_timeout:g} s: {self._log_tail() or 'no message'}"
        )

    def _log_tail(self) -> str:
        log = self._log
        if log is None:
            return ""
        log.flush()
        log.seek(0)
        lines = [x for x in log.read().decode("utf-8", "replace").splitlines() if x.strip()]
        return lines[-1].strip() if lines else ""

    def wait(self) -> int:
        """Block until the server stops; its exit status."""
        return int(self.process.wait())

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s) and remove the database."""
        import shutil
        import subprocess

        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def _check_port_free(host: str, port: int) -> None:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # as servers do: connections closed a moment ago (TIME_WAIT) do not block the port
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InputError(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another "
                "--port, or stop what is using it"
            ) from None


def run_server(
    extra: Sequence[str | os.PathLike[str]],
    *,
    packaged: bool = True,
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the packaged graph and ``extra`` files with Oxigraph server until interrupted.

    ``announce`` receives the lines to show the user (the endpoint URLs).
    Returns when the user presses Ctrl-C (the server is then stopped and its
    temporary database removed).

    Raises
    ------
    DataFileError
        A file is missing or does not parse.
    InputError, EndpointError
        As :class:`LocalServer`; also when the server stops by itself.
    """
    from pmograph.loader import read_files

    data = read_files(extra, packaged=packaged)
    server = LocalServer(data.quads, host=host, port=port, writable=writable)
    try:
        server.start()
        mode = "read-write" if writable else "read-only"
        announce(f"SPARQL endpoint: {server.query_url}")
        if writable:
            announce(f"SPARQL update:   {server.update_url}")
        announce(f"Graph Store:     {server.store_url}")
        announce(
            f"Oxigraph server ({mode}) holds {server.quads:,} quads in "
            f"{len(data.graph_files):,} named graphs; press Ctrl-C to stop."
        )
        status = server.wait()
        raise EndpointError(
            f"the Oxigraph server stopped by itself (exit status {status}): "
            f"{server._log_tail() or 'no message'}"
        )
    except KeyboardInterrupt:
        announce("stopped the Oxigraph server")
    finally:
        server.stop()
