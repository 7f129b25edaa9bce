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
    default=None,
    metavar="FILE",
    help="Where to write the page or image  [default: pmograph.html, or pmograph.svg/.png].",
)
@click.option(
    "--view",
    type=click.Choice(["map", "network"]),
    default="map",
    show_default=True,
    help="The view the page opens on: the career map (roles on a seniority ladder) "
    "or the network of everything.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "svg", "png"]),
    default=None,
    help="html: the interactive page; svg or png: the career map as an image for a 16:9 "
    "slide (Graphviz)  [default: from the file's suffix, else html].",
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
    output: str | None,
    view: str,
    fmt: str | None,
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
    """Write the career map as one interactive HTML page that works offline, or as an image.

    The page opens on the career map: roles on a ladder (seniority from
    junior at the bottom to executive at the top), in lanes by family, with
    career steps as arrows.  Click a role (or choose it from the list) for
    its card: definition, titles, requirements, activities, next steps and
    the sources of each; compare two roles for the gap between them.  A
    switch shows the network of everything (skills, certifications,
    activities, units) with search, class filters and highlights.  With
    --format svg or png, the map is written as an image for slides.  It
    prints the path written.

    \b
    Examples:
      pmograph viz -o careers.html --open
      pmograph viz --view network --types role,skill --max-nodes 500
      pmograph viz --focus "Project Manager" --depth 2
      pmograph viz --path "PMO Analyst" "Portfolio Manager"
      pmograph viz --format svg -o map.svg
    """
    from pmograph import viz as viz_module
    from pmograph.cli.careers import career_graph_at
    from pmograph.output import atomic_write
    from pmograph.viz.image import image
    from pmograph.viz.layout import hide_plotting

    hide_plotting()  # nothing plots in this process: igraph need not import matplotlib
    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus LABEL")
    if query is not None:
        from pmograph.output import protect

        protect(query)  # -o never replaces the query file
    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in ("svg", "png") else "html"
    if output is None:
        output = f"pmograph.{fmt}"
    # the role cards' requirements, next steps and gaps come from the prebuilt career index
    # (built on a first run): a page of the whole graph then needs no networkx
    kg, place = career_graph_at(data, store)
    if place is not None:  # and the whole graph's facts from beside it: no store to load
        from pmograph.viz.factsfile import attach, place_for

        attach(kg, place_for(place))
    page = viz_module.render(
        kg,
        view=view,
        focus=focus,
        depth=1 if depth is None else depth,
        career_path=career_path,
        types=types,
        query=query,
        max_nodes=max_nodes,
    )
    if fmt != "html":
        written = atomic_write(output, image(page, fmt)).resolve()
        info(f"career map of {page.roles} roles written as {fmt.upper()}")
        click.echo(str(written))
        if open_:
            webbrowser.open(Path(written).as_uri())
        return
    written = atomic_write(output, page.html).resolve()
    info(f"career map: {page.roles} roles; network: {page.nodes} nodes, {page.edges} edges drawn")
    if page.omitted:
        info(f"{page.omitted} nodes not shown (--max-nodes {max_nodes} keeps the most connected)")
    if page.career_path:
        info("career path: " + " -> ".join(page.career_path))
    click.echo(str(written))
    if open_ and not webbrowser.open(Path(written).as_uri()):
        info(f"--open: no web browser was found to open the page; open {written} yourself")
