"""Options and helpers shared by every command group: one definition of each option block.

Exports ``data_option``, ``store_option`` (memory | oxigraph),
``query_store_option`` (auto | oxigraph | memory), ``format_option``,
``output_option``, ``timeout_option``, ``reason_option`` and ``info``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from pmograph.output import ROW_FORMATS

F = TypeVar("F", bound=Callable[..., Any])


def data_option(f: F) -> F:
    """``--data FILE`` (repeatable): add user RDF files to the packaged graph."""
    return click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(),
        metavar="FILE",
        help="Add an RDF file (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD), or a career "
        "framework (.xlsx, a folder or .zip of CSV files); repeatable.",
    )(f)


def store_option(f: F) -> F:
    """``--store auto|oxigraph|memory`` (auto: oxigraph, cached when the files are large)."""
    return click.option(
        "--store",
        type=click.Choice(["auto", "oxigraph", "memory"]),
        default="auto",
        show_default=True,
        help="Where the graph is held: pyoxigraph (fast to start) or rdflib in memory. "
        "auto = oxigraph, with the on-disk cache once --data files reach 1 MB.",
    )(f)


def load_graph(data: Sequence[str], store: str = "auto") -> Any:
    """The graph for a command: packaged + ``data`` on ``store`` (see :func:`store_option`).

    ``auto`` starts fast: pyoxigraph, whose import is light (rdflib's is not),
    and the parsed-store cache when the files are big enough for it to pay.
    """
    from pmograph.kg import load

    if store == "auto":
        if not data:  # the packaged graph alone is never worth caching
            return load([], store="oxigraph")
        from pmograph.stores.cache import worth_caching

        return load(list(data), store="oxigraph", cache=worth_caching(list(data)))
    return load(list(data), store=store)


def format_option(*choices: str, default: str = "table") -> Callable[[F], F]:
    """``--format`` with the given choices (rows by default)."""
    opts = choices or ROW_FORMATS

    def deco(f: F) -> F:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(list(opts)),
            default=default,
            show_default=True,
            help="Output format.",
        )(f)

    return deco


def query_store_option(f: F) -> F:
    """``--store auto|oxigraph|memory`` for the commands that run SPARQL (auto: oxigraph)."""
    return click.option(
        "--store",
        type=click.Choice(["auto", "oxigraph", "memory"]),
        default="auto",
        show_default=True,
        help="Where the graph is held while querying: pyoxigraph (fast to start) or rdflib "
        "in memory. auto = oxigraph, or memory with --reason (owlrl works on rdflib).",
    )(f)


def timeout_option(f: F) -> F:
    """``--timeout SECONDS`` (0 for no limit)."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0),
        default=30.0,
        show_default=True,
        metavar="SECONDS",
        help="Stop the command after this long (exit 3); 0 for no limit.",
    )(f)


def reason_option(f: F) -> F:
    """``--reason``: close the graph under OWL 2 RL first."""
    return click.option(
        "--reason",
        is_flag=True,
        help="Query the graph closed under OWL 2 RL (owlrl): inverse, transitive and "
        "subclass facts answer too. Slower; uses the memory store.",
    )(f)


def output_option(
    help: str = "Write to FILE (atomically) instead of stdout.",
    *,
    required: bool = False,
    default: str | None = None,
    metavar: str = "FILE",
    dir_okay: bool = False,
) -> Callable[[F], F]:
    """``-o/--output FILE``: where a command writes (atomically); ``dir_okay`` for a folder."""

    def deco(f: F) -> F:
        return click.option(
            "-o",
            "--output",
            required=required,
            default=default,
            show_default=default is not None,
            type=click.Path(dir_okay=dir_okay),
            metavar=metavar,
            help=help,
        )(f)

    return deco


def info(message: str) -> None:
    """A count or timing, to stderr so that stdout pipes cleanly.

    stdout is flushed first, so that where both go to one terminal or file
    the summary comes after the output, on a line of its own.
    """
    import sys

    sys.stdout.flush()
    click.echo(message, err=True)


def answer_rows(header: Sequence[str], rows: list[list[Any]], fmt: str, empty: str) -> None:
    """Print rows, or the sentence ``empty`` when there are none.

    The table leaves out the last column, the IRIs, to stay readable; csv, tsv
    and json keep it.
    """
    from pmograph.output import emit, render_rows

    if fmt == "table" and header[-1] == "iri":
        header, rows = header[:-1], [r[:-1] for r in rows]
    if rows:
        emit(render_rows(list(header), rows, fmt))
    elif fmt == "table":
        emit(empty + "\n")
    else:
        info(empty)
        emit(render_rows(list(header), rows, fmt))
