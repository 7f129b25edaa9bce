"""Options and helpers shared by every command group."""

from __future__ import annotations

from collections.abc import Callable
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
    """``--store memory|oxigraph``."""
    return click.option(
        "--store",
        type=click.Choice(["memory", "oxigraph"]),
        default="memory",
        show_default=True,
        help="Where the graph is held: rdflib in memory, or pyoxigraph for large graphs.",
    )(f)


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


def info(message: str) -> None:
    """A count or timing, to stderr so that stdout pipes cleanly."""
    click.echo(message, err=True)
