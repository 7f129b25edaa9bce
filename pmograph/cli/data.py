"""Commands about the data itself: validate, export, stats."""

from __future__ import annotations

import sys

import click

from pmograph.cli.common import data_option, format_option, info, store_option

RDF_EXPORTS = ("trig", "nquads", "turtle", "jsonld", "nt")
NETWORK_EXPORTS = ("graphml", "gexf")


@click.command()
@data_option
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="What runs the SHACL shapes: SPARQL on pyoxigraph (fast, for large graphs) "
    "or pyshacl (the reference); both report the same problems.",
)
def validate(data: tuple[str, ...], engine: str) -> None:
    """Check the packaged graph plus --data files against the shapes and checks.

    Exit 0 when the data conforms, 1 when it does not (one line per problem:
    file:line, resource, what is wrong), 2 when a file cannot be read or
    parsed.
    """
    from pmograph.kg import load
    from pmograph.validate import validate as run

    kg = load(data, store="oxigraph")
    report = run(kg, engine=engine)
    if report.conforms:
        info(
            f"conforms: {len(kg)} quads in {len(kg.files)} files, {len(report.checks_run)} checks passed"
        )
        return
    for problem in report.problems:
        click.echo(str(problem))
    info(f"{len(report.problems)} problem(s) found; the data does not conform")
    sys.exit(1)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*RDF_EXPORTS, *NETWORK_EXPORTS]),
    default="trig",
    show_default=True,
    help="RDF formats keep named graphs where the format holds them (trig, nquads, jsonld); "
    "graphml and gexf write the networkx view for Gephi and other network tools.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write to FILE (atomically) instead of stdout.",
)
@data_option
@store_option
def export(fmt: str, output: str | None, data: tuple[str, ...], store: str) -> None:
    """Write the whole dataset: ontology, data and --data files."""
    import pmograph
    from pmograph.output import atomic_write, emit

    kg = pmograph.load(data, store=store)
    if fmt in NETWORK_EXPORTS:
        from pmograph import careers

        payload = careers.write_network(kg, fmt)
    else:
        payload = kg.serialize(fmt)
    if output:
        atomic_write(output, payload)
        info(f"wrote {output} ({len(payload):,} bytes, {fmt})")
    else:
        emit(payload)


@click.command()
@data_option
@format_option("table", "csv", "tsv", "json")
def stats(data: tuple[str, ...], fmt: str) -> None:
    """Count what the graph holds: quads, named graphs, and resources by class."""
    import pmograph
    from pmograph.output import emit, render_rows

    kg = pmograph.load(data)
    emit(render_rows(["what", "count"], list(kg.counts().items()), fmt))
