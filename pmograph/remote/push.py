"""Uploading a dataset by the SPARQL 1.1 Graph Store HTTP Protocol, in bounded chunks.

:func:`push` sends each named graph to ``URL?graph=IRI`` (Virtuoso: ``?graph-uri=``) and
the default graph to ``URL?default`` (or, where the engine has no writable default graph,
to :data:`~pmograph.remote.profiles.DEFAULT_HOLDER`), so named graphs are kept.

- **Chunks**: a graph goes in requests of at most ``chunk_triples`` triples (the first
  ``PUT``, replacing the graph, the rest ``POST``); triples that share a blank node stay
  in one chunk, since each request's blank nodes are new to the server.
- **Retries**: a chunk that fails for a reason that may pass (refused or broken
  connection, deadline, HTTP 5xx) is sent again, up to ``retries`` times, waiting
  0.5 s, 1 s, 2 s...; a 4xx is final.
- **Resume**: a push that stops part-way (server killed, network down, Ctrl-C) is
  *resumed*, not rolled back: a journal in the cache folder records each graph the server
  has taken whole, and the same push run again skips those and sends the rest (a graph
  that was cut off is sent again from its first chunk, which replaces it).  The journal
  is keyed on the endpoint, the options and the content, and removed once the push
  completes.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

from pmograph.errors import EndpointError, InputError
from pmograph.remote.http import DEFAULT_CONNECT_TIMEOUT, HttpClient
from pmograph.remote.profiles import DEFAULT_HOLDER, MANIFEST_GRAPH, EngineProfile, get_profile
from pmograph.remote.urls import redact

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

N_TRIPLES = "application/n-triples"
DEFAULT_CHUNK_TRIPLES = 50_000
"""Triples per request (about 5-10 MB of N-Triples)."""
SD = "http://www.w3.org/ns/sparql-service-description#"
Progress = Callable[[str | None, int, int], None]
"""Called after each chunk with the graph (``None``: default), triples sent so far, and the total."""


@dataclass
class PushResult:
    """What :func:`push` uploaded."""

    url: str
    graphs: dict[str, int] = field(default_factory=dict)
    """Named graph IRI -> triples sent."""
    default: int = 0
    """Triples sent to the default graph."""
    chunks: int = 0
    """Requests that carried data."""
    retried: int = 0
    """Chunks sent again after a failure that could pass."""
    resumed: list[str | None] = field(default_factory=list)
    """Graphs an earlier, interrupted run of the same push had sent already (skipped)."""

    @property
    def triples(self) -> int:
        return self.default + sum(self.graphs.values())

    def summary(self) -> str:
        graphs = len(self.graphs)
        text = (
            f"pushed {self.triples:,} triples: {graphs:,} named graph{'s' if graphs != 1 else ''}"
            f" and {self.default:,} triples in the default graph, to {self.url}"
        )
        if self.resumed:
            text += f" (resumed: {len(self.resumed):,} graphs were already there)"
        return text


def push(
    url: str,
    quads: Iterable[ox.Quad],
    *,
    graph: str | None = None,
    replace: bool = True,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    timeout: float = 300.0,
    engine: str | None = None,
    chunk_triples: int = DEFAULT_CHUNK_TRIPLES,
    retries: int = 3,
    progress: Progress | None = None,
    journal_dir: Path | None = None,
) -> PushResult:
    """Upload quads to a SPARQL 1.1 Graph Store HTTP Protocol endpoint, graph by graph.

    Parameters
    ----------
    url
        The Graph Store endpoint (Oxigraph server: ``http://host:7878/store``;
        Virtuoso: ``http://host:8890/sparql-graph-crud-auth``; Fuseki:
        ``http://host:3030/ds/data``; GraphDB:
        ``http://host:7200/repositories/REPO/rdf-graphs/service``).
    quads
        What to send.
    graph
        Put every triple into this one named graph instead.
    replace
        ``PUT`` (replace each graph) rather than ``POST`` (add to it).
    timeout
        Total deadline in seconds for each request.
    engine
        An engine profile name, or ``None``/``auto`` to detect it from the URL.
    chunk_triples
        The most triples in one request.
    retries
        How many times a chunk is sent again after a failure that may pass.
    progress
        Called after each chunk (see :data:`Progress`).
    journal_dir
        Where the resume journal lives (default: ``push/`` in the cache folder).

    Raises
    ------
    InputError
        The URL is not http(s), or ``graph`` is not an absolute IRI.
    EndpointError
        The server refused a chunk (the message names the graph and says how to
        resume), or could not be reached after the retries.
    """
    import pyoxigraph as ox

    profile = get_profile(engine, url)
    client = HttpClient(url, auth=profile.auth, connect_timeout=connect_timeout, max_bytes=1 << 20)
    if chunk_triples < 1:
        raise InputError(f"chunk size must be at least 1 triple, not {chunk_triples}")
    if graph is not None and (":" not in graph or not _is_iri(graph)):
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
    order = sorted(by_graph, key=lambda g: (g is not None, g or ""))
    journal = _Journal(journal_dir, client.url, profile, replace, by_graph, order)
    result = PushResult(url=redact(client.url))
    for name in order:
        triples = by_graph[name]
        if journal.has(name):
            result.resumed.append(name)
        else:
            _send_graph(
                client,
                profile,
                name,
                triples,
                replace,
                timeout,
                chunk_triples,
                retries,
                progress,
                result,
                journal,
            )
            journal.add(name)
        if name is None:
            result.default += len(triples)
        else:
            result.graphs[name] = len(triples)
    if profile.dataset and result.graphs:
        manifest = _manifest(sorted(result.graphs))
        body = ox.serialize(manifest, format=ox.RdfFormat.N_TRIPLES) or b""
        _send_chunk(
            client,
            "POST",
            graph_url(client.url, MANIFEST_GRAPH, profile),
            body,
            timeout,
            retries,
            result,
            MANIFEST_GRAPH,
            1,
            1,
            journal,
        )
    journal.finish()
    return result


def _is_iri(text: str) -> bool:
    import pyoxigraph as ox

    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def _send_graph(
    client: HttpClient,
    profile: EngineProfile,
    name: str | None,
    triples: list[ox.Triple],
    replace: bool,
    timeout: float,
    chunk_triples: int,
    retries: int,
    progress: Progress | None,
    result: PushResult,
    journal: _Journal,
) -> None:
    import pyoxigraph as ox

    target = name if name is not None or profile.default_graph == "native" else DEFAULT_HOLDER
    url = graph_url(client.url, target, profile)
    chunks = list(chunked(triples, chunk_triples)) or [[]]
    sent = 0
    for number, chunk in enumerate(chunks, 1):
        method = "PUT" if replace and number == 1 else "POST"
        body = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES) or b""
        _send_chunk(
            client, method, url, body, timeout, retries, result, name, number, len(chunks), journal
        )
        sent += len(chunk)
        if progress is not None:
            progress(name, sent, len(triples))


def _send_chunk(
    client: HttpClient,
    method: str,
    url: str,
    body: bytes,
    timeout: float,
    retries: int,
    result: PushResult,
    name: str | None,
    number: int,
    total: int,
    journal: _Journal,
) -> None:
    attempt = 0
    while True:
        try:
            client.request(
                method, url, data=body, headers={"Content-Type": N_TRIPLES}, timeout=timeout
            )
            result.chunks += 1
            return
        except EndpointError as exc:
            status = getattr(exc, "status", None)
            if attempt < retries and (status is None or status >= 500):
                attempt += 1
                result.retried += 1
                time.sleep(0.5 * 2 ** (attempt - 1))
                continue
            which = f"graph <{name}>" if name else "the default graph"
            tries = f" after {attempt + 1} tries" if attempt else ""
            hint = journal.hint(name)
            raise EndpointError(
                f"while sending {which} (chunk {number} of {total}){tries}: {exc}{hint}"
            ) from None


def chunked(triples: list[ox.Triple], size: int) -> Iterable[list[ox.Triple]]:
    """``triples`` in lists of about ``size``, keeping triples that share a blank node together."""
    import pyoxigraph as ox

    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    plain: list[ox.Triple] = []
    linked: list[tuple[str, ox.Triple]] = []
    for t in triples:
        nodes = [n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        if not nodes:
            plain.append(t)
            continue
        root = find(nodes[0])
        for other in nodes[1:]:
            parent[find(other)] = root
        linked.append((nodes[0], t))
    groups: dict[str, list[ox.Triple]] = {}
    for node, t in linked:
        groups.setdefault(find(node), []).append(t)
    chunk: list[ox.Triple] = []
    for group in groups.values():
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk.extend(group)
    for t in plain:
        if len(chunk) >= size:
            yield chunk
            chunk = []
        chunk.append(t)
    if chunk:
        yield chunk


def graph_url(url: str, graph: str | None, profile: EngineProfile) -> str:
    """The Graph Store URL of one graph (``None``: the default graph)."""
    parts = urlsplit(url)
    extra = "default" if graph is None else f"{profile.graph_param}=" + quote(graph, safe="")
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _manifest(named: list[str]) -> list[ox.Triple]:
    """The record of what was pushed, read back by the endpoint client to name its dataset."""
    import pyoxigraph as ox

    me = ox.NamedNode(MANIFEST_GRAPH)
    out = [
        ox.Triple(
            me,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(SD + "Dataset"),
        )
    ]
    for g in named:
        node = ox.BlankNode()
        out.append(ox.Triple(me, ox.NamedNode(SD + "namedGraph"), node))
        out.append(ox.Triple(node, ox.NamedNode(SD + "name"), ox.NamedNode(g)))
    return out


class _Journal:
    """Which graphs of this push the server has taken whole, kept across runs until done."""

    def __init__(
        self,
        folder: Path | None,
        url: str,
        profile: EngineProfile,
        replace: bool,
        by_graph: dict[str | None, list[ox.Triple]],
        order: list[str | None],
    ) -> None:
        digest = hashlib.sha256(f"{url}\n{profile.name}\n{replace}\n".encode())
        for name in order:
            digest.update(f"graph {name}\n".encode())
            for t in by_graph[name]:
                digest.update(str(t).encode())
                digest.update(b"\n")
        if folder is None:
            from pmograph.stores.cache import cache_dir

            folder = cache_dir() / "push"
        self.path = folder / f"{digest.hexdigest()[:32]}.json"
        self.done: list[str | None] = []
        self.total = len(order)
        try:
            self.done = list(json.loads(self.path.read_text("utf-8"))["done"])
        except (OSError, ValueError, KeyError, TypeError):
            self.done = []

    def has(self, name: str | None) -> bool:
        return name in self.done

    def add(self, name: str | None) -> None:
        self.done.append(name)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"done": self.done}), "utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # without a journal, a rerun sends everything again: still correct

    def hint(self, name: str | None) -> str:
        done = len(self.done)
        return (
            f"; {done:,} of {self.total:,} graphs are on the server: run the same push again "
            "to resume with the rest"
        )

    def finish(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass
