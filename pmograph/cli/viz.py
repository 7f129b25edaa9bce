"""``pmograph viz``: write the interactive HTML network."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from pmograph.cli.common import data_option, info, store_option


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default="pmograph.html",
    show_default=True,
    metavar="FILE.html",
    help="Where to write the page.",
)
@click.option("--open", "open_", is_flag=True, help="Open the page in the default web browser.")
@data_option
@store_option
@click.option(
    "--focus",
    metavar="LABEL",
    help="Draw only the neighbourhood of this role (label, alternative title or IRI).",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="How many steps around --focus to draw  [default: 1].",
)
@click.option(
    "--path",
    "career_path",
    nargs=2,
    metavar="FROM TO",
    default=None,
    help="Highlight the shortest career path (progressesTo steps) between two roles.",
)
@click.option(
    "--types",
    metavar="CLASSES",
    help="Draw only these classes, comma-separated (role,unit,activity,skill,qualification,...).",
)
@click.option(
    "--query",
    type=click.Path(dir_okay=False),
    metavar="FILE.rq",
    help="A SPARQL CONSTRUCT query whose triples choose the subgraph.",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=5000,
    show_default=True,
    metavar="N",
    help="Draw at most N nodes, the most connected; the page says how many were left out.",
)
def viz(
    output: str,
    open_: bool,
    data: tuple[str, ...],
    store: str,
    focus: str | None,
    depth: int | None,
    career_path: tuple[str, str] | None,
    types: str | None,
    query: str | None,
    max_nodes: int,
) -> None:
    """Write the graph as one interactive HTML page that works offline.

    The page (vis-network, everything inlined) shows nodes coloured and
    shaped by class with a legend, career steps as bold arrows, and lets you
    search, show or hide classes, and click a role to highlight its
    progression paths and required skills.  It prints the path written.

    \b
    Examples:
      pmograph viz -o careers.html --open
      pmograph viz --focus "Project Manager" --depth 2
      pmograph viz --path "PMO Analyst" "Portfolio Manager"
      pmograph viz --types role,skill --max-nodes 500
    """
    from pmograph import viz as viz_module
    from pmograph.cli.common import load_graph
    from pmograph.output import atomic_write

    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus LABEL")
    kg = load_graph(data, store)
    page = viz_module.render(
        kg,
        focus=focus,
        depth=1 if depth is None else depth,
        career_path=career_path,
        types=types,
        query=query,
        max_nodes=max_nodes,
    )
    written = atomic_write(output, page.html).resolve()
    info(f"{page.nodes} nodes, {page.edges} edges drawn")
    if page.omitted:
        info(f"{page.omitted} nodes not shown (--max-nodes {max_nodes} keeps the most connected)")
    if page.career_path:
        info("career path: " + " -> ".join(page.career_path))
    click.echo(str(written))
    if open_:
        webbrowser.open(Path(written).as_uri())
