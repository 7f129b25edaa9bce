"""Commands for career frameworks in spreadsheets: template, import framework."""

from __future__ import annotations

import click

from pmograph.cli.common import data_option, info


@click.command()
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    metavar="PATH",
    help="The workbook to write (.xlsx); with --format csv, a folder or a .zip of CSV files.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "csv"]),
    default="xlsx",
    show_default=True,
    help="An Excel workbook, or one CSV file per sheet.",
)
def template(output: str, fmt: str) -> None:
    """Write an empty career-framework template to fill in.

    One sheet per kind (Roles, Progressions, Requirements, Activities, Skills,
    Certifications, Sources); each header has its help as a comment, and the
    controlled columns (family, seniority, level, SFIA level, importance) pick
    from a list.  Use the filled file with --data on any command.

    \b
    Example:
      pmograph template -o framework.xlsx
      pmograph validate --data framework.xlsx
    """
    from pmograph.frameworks.writer import write

    write(output, fmt=fmt)
    info(f"wrote {output} (the {fmt} framework template)")


@click.command(name="framework")
@click.argument("source", metavar="FILE")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="The TriG file to write (atomically); then use it with --data FILE.",
)
@data_option
def import_framework(source: str, output: str, data: tuple[str, ...]) -> None:
    """Turn a career framework (.xlsx, CSV folder or zip) into a TriG file.

    Names in the cells resolve against the packaged graph and any --data
    files; the output holds only the framework's own statements, one named
    graph per row, described with its file, sheet and row.
    """
    import pyoxigraph as ox

    from pmograph.frameworks.names import Names
    from pmograph.frameworks.reader import read_framework
    from pmograph.frameworks.writer import refuse_inputs
    from pmograph.loader import read_files
    from pmograph.namespaces import PREFIXES
    from pmograph.output import atomic_write

    refuse_inputs(output, [source, *data])
    names = Names.from_quads(read_files(data).quads)
    quads = read_framework(source, names)
    prefixes = {**PREFIXES, "user": "https://w3id.org/pmograph/id/user/"}
    payload = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes) or b""
    atomic_write(output, payload)
    graphs = len({q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)})
    info(f"wrote {output} ({len(quads):,} quads in {graphs:,} row graphs from {source})")
