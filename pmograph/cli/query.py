"""``pmograph query``, ``pmograph queries`` and ``pmograph why``.

A thin layer over :mod:`pmograph.sparql`: it reads the query, loads the graph,
calls the library and prints.  The default store is pyoxigraph, so that
``pmograph query`` does not import rdflib (see ``--store``).
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import click

from pmograph.cli.common import (
    data_option,
    format_option,
    info,
    query_store_option,
    reason_option,
    timeout_option,
)
from pmograph.errors import InputError
from pmograph.output import emit, render_rows

ROW_FORMATS = ("table", "json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("turtle", "trig", "nt", "jsonld")


def _pick_store(store: str, reason: bool) -> str:
    if store == "auto":
        return "memory" if reason else "oxigraph"
    return store


def _load(
    data: tuple[str, ...],
    reason: bool,
    store: str,
    *,
    cache: bool | None = None,
    endpoint: str | None = None,
    answer_first: bool = False,
) -> tuple[Any, float]:
    from pmograph.kg import load

    started = time.monotonic()
    if endpoint is not None:  # a remote SPARQL endpoint answers from its own data
        given = [opt for opt, used in (("--data", data), ("--reason", reason)) if used]
        if store != "auto":
            given.append("--store")
        if given:
            raise click.UsageError(
                f"{', '.join(given)} cannot be combined with --endpoint: the endpoint answers "
                "from its own data (upload files with `pmograph push`)"
            )
        return load(endpoint=endpoint), time.monotonic() - started
    if cache is None:
        cache = False
        if data:  # the packaged graph alone is never worth caching
            from pmograph.stores.cache import worth_caching

            cache = worth_caching(data)
    kg = load(
        list(data),
        reason=reason,
        store=_pick_store(store, reason),
        cache=cache,
        answer_first=answer_first,
    )
    return kg, time.monotonic() - started


def _remote_options(f: Any) -> Any:
    f = click.option(
        "--cache/--no-cache",
        default=None,
        help="Keep the parsed graph on disk (pyoxigraph store), keyed on the files' contents, "
        "so the next query does not parse them again. Default: on when --data files add up "
        "to 1 MB or more. Folder: $PMOGRAPH_CACHE_DIR, else ~/.cache/pmograph.",
    )(f)
    return click.option(
        "--endpoint",
        metavar="URL",
        help="Send the query to a SPARQL 1.1 endpoint (http or https) instead of loading "
        "files. Credentials: PMOGRAPH_ENDPOINT_USER / PMOGRAPH_ENDPOINT_PASSWORD or ~/.netrc.",
    )(f)


def _read_query(sparql: str | None, file: str | None, name: str | None) -> str:
    given = [x for x in (sparql, file, name) if x is not None]
    if len(given) != 1:
        raise click.UsageError(
            "give the query one way: inline ('SELECT ...'), -f FILE (- for stdin), "
            "or --name NAME (`pmograph queries` lists the names)"
        )
    if sparql is not None:
        return sparql
    if name is not None:
        from pmograph.sparql.named import named_query

        return named_query(name).text
    assert file is not None
    from pmograph.reading import read_query_file

    return read_query_file(file)


@click.command()
@click.argument("sparql", required=False)
@click.option(
    "-f", "--file", "file", metavar="FILE", help="Read the query from FILE (- for stdin)."
)
@click.option(
    "--name", metavar="NAME", help="Run a named query shipped with pmograph (see `queries`)."
)
@click.option(
    "--bind",
    "binds",
    multiple=True,
    metavar="VAR=VALUE",
    help="Bind ?VAR before evaluation (repeatable; never pasted into the query). VALUE: "
    "<iri>, a full IRI, pmg:Name, CLASS:label such as 'role:Project Manager', an integer, "
    '"text"@en for a language-tagged string, or a string (double quotes force a string).',
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(ROW_FORMATS + GRAPH_FORMATS),
    default=None,
    help="SELECT/ASK: table, json, xml, csv, tsv (W3C SPARQL results formats). "
    "CONSTRUCT/DESCRIBE: turtle, trig, nt, jsonld (or table). Default: table on a "
    "terminal; otherwise tsv for SELECT/ASK and turtle for CONSTRUCT/DESCRIBE.",
)
@click.option("--iris", is_flag=True, help="In a table, show IRIs instead of labels.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Print at most N rows (or triples).",
)
@timeout_option
@reason_option
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow SERVICE and FROM / FROM NAMED (network and file access from the query). "
    "Updates are never allowed.",
)
@data_option
@query_store_option
@_remote_options
def query(
    sparql: str | None,
    file: str | None,
    name: str | None,
    binds: tuple[str, ...],
    fmt: str | None,
    iris: bool,
    limit: int | None,
    timeout: float,
    reason: bool,
    allow_remote: bool,
    data: tuple[str, ...],
    store: str,
    endpoint: str | None,
    cache: bool | None,
) -> None:
    """Run a read-only SPARQL query over the graph.

    The query comes inline, from a file (-f q.rq, -f - for stdin) or by name
    (--name, see `pmograph queries`).  The prefixes pmg: skos: rdf: rdfs:
    owl: xsd: prov: dcterms: schema: are predeclared.  Queries see the union
    of all named graphs; GRAPH ?g { } reaches each source's graph.

    Safe by default: updates are refused; SERVICE and FROM are refused unless
    --allow-remote.  Rows go to stdout; the row count and time to stderr.

    \b
    Examples:
      pmograph query 'SELECT ?r ?l WHERE { ?r a pmg:Role ; skos:prefLabel ?l }'
      pmograph query --name next-step-after-project-manager
      pmograph query -f q.rq --bind 'role=role:Project Manager' --format json
    """
    from pmograph.sparql.bindings import parse_binding
    from pmograph.sparql.display import display_rows
    from pmograph.sparql.engine import run_and_finish
    from pmograph.sparql.scan import check_query

    text = _read_query(sparql, file, name)
    checked = check_query(text, allow_remote=allow_remote)
    graph_result = checked.form in ("construct", "describe")
    if fmt is None:
        if sys.stdout.isatty():
            fmt = "table"
        else:
            fmt = "turtle" if graph_result else "tsv"
    if graph_result and fmt in ROW_FORMATS[1:]:
        raise InputError(
            f"--format {fmt} is for SELECT and ASK; a {checked.form.upper()} query gives RDF: "
            f"use table, {', '.join(GRAPH_FORMATS)}"
        )
    if not graph_result and fmt in GRAPH_FORMATS:
        raise InputError(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE; a {checked.form.upper()} query "
            f"gives rows: use {', '.join(ROW_FORMATS)}"
        )

    # On a cache miss the answer comes from memory while a child process writes the cache
    # entry (writing RocksDB's files is most of a cold load): see pmograph.stores.cache.
    def answer() -> None:
        kg, load_time = _load(
            data, reason, store, cache=cache, endpoint=endpoint, answer_first=True
        )
        bindings = dict(parse_binding(kg, spec) for spec in binds)

        def finish(result: Any) -> tuple[bytes, str]:
            """The output and the stderr summary, made under the query's deadline."""
            if fmt == "table":
                header, cells = display_rows(kg, result, iris=iris, limit=limit)
                out = render_rows(header, cells, "table").encode("utf-8")
            else:
                out = result.serialize(fmt, limit=limit)
                if out and not out.endswith(b"\n"):
                    out += b"\n"
            return out, _summary(result, limit, load_time, kg.store.kind)

        out, summary = run_and_finish(
            kg, text, bindings, finish, timeout=timeout or None, allow_remote=allow_remote
        )
        emit(out)
        info(summary)

    answer()  # its graph (and memory store) is freed before waiting for the cache entry
    from pmograph.stores.cache import write_pending

    write_pending()


def _summary(result: Any, limit: int | None, load_time: float, held: str) -> str:
    total = len(result)
    noun = {"select": "row", "ask": "answer", "construct": "triple"}[result.kind]
    shown = f"{total} {noun}{'' if total == 1 else 's'}"
    if limit is not None and total > limit:
        shown = f"showing {limit} of {shown}"
    if result.kind == "ask":
        shown = f"answer {'true' if result.boolean else 'false'}"
    note = ""
    if held == "oxigraph" and result.store == "memory":
        note = (
            "; pyoxigraph binds only variables the query returns, so rdflib answered over a "
            "copy of the graph (slower): return the --bind variables in SELECT to stay on "
            "pyoxigraph"
        )
    return (
        f"{shown} in {result.elapsed:.2f} s "
        f"(graph loaded in {load_time:.2f} s, {result.store} store{note})"
    )


@click.command()
@format_option("table", "csv", "tsv", "json")
def queries(fmt: str) -> None:
    """List the named queries shipped with pmograph, with their questions.

    Run one with `pmograph query --name NAME`.
    """
    from pmograph.sparql.named import named_queries

    found = named_queries()
    emit(render_rows(["name", "question"], [(nq.name, nq.question) for nq in found], fmt))
    info(f"{len(found)} named queries")


@click.command()
@click.argument("subject")
@click.argument("predicate")
@click.argument("object_", metavar="OBJECT")
@click.option(
    "--literal",
    is_flag=True,
    help="OBJECT is text: match a literal with that text (any language tag or datatype).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@timeout_option
@reason_option
@data_option
@query_store_option
def why(
    subject: str,
    predicate: str,
    object_: str,
    literal: bool,
    fmt: str,
    timeout: float,
    reason: bool,
    data: tuple[str, ...],
    store: str,
) -> None:
    """Show the sources that state a fact, with their quotes.

    SUBJECT, PREDICATE and OBJECT are each a label ("Project Manager"), an
    IRI (<https://...> or https://...), or a prefixed name (pmg:progressesTo,
    role:Project Manager).  A predicate may also be named by its label or
    local name ("progresses to"); `a` is rdf:type.  With --literal, OBJECT is
    text matched against literal values (skos:prefLabel "Project Manager").

    Prints each named graph that holds the triple: the source entry it was
    derived from, the entry's question and the quotes.  Exits 1, with one
    line on stderr, when no source states the fact.

    \b
    Example:
      pmograph why 'Project Manager' pmg:progressesTo 'Programme Manager'
    """
    from pmograph.sparql.bindings import resolve
    from pmograph.sparql.display import compact
    from pmograph.sparql.provenance import provenance

    kg, _ = _load(data, reason, store)
    s = resolve(kg, subject)
    p = resolve(kg, predicate, what="predicate")
    o: Any = object_ if literal else resolve(kg, object_)
    found = provenance(kg, s, p, o, literal=literal, timeout=timeout or None)
    fact = f"{_name(kg, s)} {compact(p)} {object_ if literal else _name(kg, o)}"
    if not found:
        click.echo(
            f"no source states this fact: {fact}; check it with `pmograph query` "
            "(--reason adds inferred facts)",
            err=True,
        )
        sys.exit(1)
    if fmt == "json":
        records = [
            {
                "graph": pv.graph,
                "title": pv.title,
                "sources": [
                    {
                        "source": src.iri,
                        "title": src.title,
                        "question": src.question,
                        "document": src.document,
                        "document_title": src.document_title,
                    }
                    for src in pv.sources
                ],
                "quotes": list(pv.quotes),
            }
            for pv in found
        ]
        emit(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
    else:
        from pmograph.output import visible_controls

        emit(visible_controls("\n".join(_provenance_block(pv) for pv in found)))
    n = len(found)
    info(f"{n} graph{'' if n == 1 else 's'} state{'s' if n == 1 else ''}: {fact}")


def _provenance_block(pv: Any) -> str:
    from pmograph.namespaces import ENTAILED_GRAPH_IRI, INFERRED_GRAPH_IRI

    lines = [f"graph:    {pv.title + ' ' if pv.title else ''}<{pv.graph}>"]
    if pv.graph == INFERRED_GRAPH_IRI:
        lines.append("note:     inferred by OWL 2 RL reasoning (--reason) from the stated facts")
    elif pv.graph == ENTAILED_GRAPH_IRI:
        lines.append(
            "note:     entailed by the ontology's axioms from the stated facts; not a source"
        )
    for src in pv.sources:
        text = f"{src.title} <{src.iri}>" if src.title else f"<{src.iri}>"
        if src.document:
            text += f", part of {src.document_title + ' ' if src.document_title else ''}"
            text += f"<{src.document}>"
        lines.append(f"source:   {text}")
        if src.question:
            lines.append(f"question: {src.question}")
    for quote in pv.quotes:
        lines.append(f"quote:    \u201c{quote}\u201d")
    return "\n".join(lines) + "\n"


def _name(kg: Any, iri: str) -> str:
    from pmograph.sparql.display import compact

    label = kg.index.labels.get(iri)
    return label if label else compact(iri)
