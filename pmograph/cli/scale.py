"""Commands for large graphs and other tools: import, push, serve."""

from __future__ import annotations

import click

from pmograph.cli.common import data_option, info
from pmograph.cli.framework import import_framework


def _output_option(f: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "-o",
        "--output",
        required=True,
        type=click.Path(dir_okay=False),
        metavar="FILE",
        help="The file to write (atomically); its suffix picks the format: .trig, .nq or "
        ".jsonld keep the import's named graph, .ttl and .nt hold one graph. "
        "Then use it with --data FILE.",
    )(f)


def _release_option(f: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--release",
        metavar="TEXT",
        help="The dataset's release (e.g. v1.2.0, 29.1), recorded in the output's provenance.",
    )(f)


def _folders_argument(f: click.decorators.FC) -> click.decorators.FC:
    return click.argument(
        "folders", metavar="DIR...", nargs=-1, required=True, type=click.Path(file_okay=False)
    )(f)


def _warn(warning: object) -> None:
    click.echo(f"Warning: {warning}", err=True)


def _finish(result: object) -> None:
    from pmograph.importers.common import ImportResult

    assert isinstance(result, ImportResult)
    for note in result.notes:
        info(note)
    info(f"imported {result.summary()}")


@click.group(name="import")
def import_() -> None:
    """Import a published occupation taxonomy (ESCO, O*NET) as an RDF file.

    The output holds the taxonomy in pmograph's vocabulary, in one named graph
    whose provenance gives the source, release, licence and attribution.
    Use it like any other file: pmograph query --data FILE.  A progress bar
    shows on a terminal.
    """


@import_.command(name="esco")
@_folders_argument
@_output_option
@_release_option
def import_esco(folders: tuple[str, ...], output: str, release: str | None) -> None:
    """Import ESCO from one or more download folders DIR... (any release, any languages).

    Give the classification folders (en/, fr/, ...) and the language-neutral
    relations folder, or the folder that holds them.  Files are told apart by
    their content: occupations, skills and knowledge, ISCO and skill groups,
    the skills hierarchy, occupation-skill relations (as qualified
    requirements), skill-skill and broader relations.  Labels of every
    language present land on the same resources.  Bad rows, and relations
    naming concepts no file describes, are reported with file and line and
    skipped.

    \b
    Example:
      pmograph import esco esco-1.1.1/en esco-1.1.1/fr esco-1.1.1/relations -o esco.trig
    """
    from pmograph.importers.esco import import_esco as run

    _finish(run(list(folders), output, release=release, warn=_warn))


# Career frameworks in spreadsheets (the framework engineer's command, pmograph.cli.framework).
import_.add_command(import_framework)


@import_.command(name="onet")
@_folders_argument
@_output_option
@_release_option
def import_onet(folders: tuple[str, ...], output: str, release: str | None) -> None:
    """Import O*NET from one or more text-edition folders DIR... (any subset of the files).

    Reads "Occupation Data.txt" (needed once), and whichever of "Alternate
    Titles.txt", "Task Statements.txt", "Related Occupations.txt",
    "Technology Skills.txt" and "Skills.txt" are there
    (https://www.onetcenter.org/database.html); a file that is absent is
    skipped with a note.  Skills become qualified requirements with O*NET's
    Importance (1-5) and Level (0-7).  Bad rows are reported with their line
    numbers and skipped.

    \b
    Example:
      pmograph import onet onet-30 onet-29-skills -o onet.trig --release 30.0
    """
    from pmograph.importers.onet import import_onet as run

    _finish(run(list(folders), output, release=release, warn=_warn))


@click.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="The SPARQL 1.1 Graph Store endpoint (Oxigraph server: http://HOST:7878/store; "
    "Fuseki: http://HOST:3030/DATASET/data).",
)
@click.option(
    "--graph",
    metavar="IRI",
    help="Put every triple into this one named graph, instead of keeping each file's graphs.",
)
@click.option(
    "--append",
    is_flag=True,
    help="Add to the graphs on the server (POST) instead of replacing them (PUT).",
)
@click.option(
    "--packaged/--no-packaged",
    default=True,
    show_default=True,
    help="Include pmograph's packaged ontology and data.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=300.0,
    show_default=True,
    metavar="SECONDS",
    help="Wait this long for the server to take each graph.",
)
@data_option
def push(
    endpoint: str,
    graph: str | None,
    append: bool,
    packaged: bool,
    timeout: float,
    data: tuple[str, ...],
) -> None:
    """Upload the graph to a SPARQL server, named graphs kept.

    Sends the packaged graph and the --data files through the SPARQL 1.1
    Graph Store HTTP Protocol: each named graph to URL?graph=IRI and the
    default graph (provenance) to URL?default, replacing what those graphs
    held (--append adds instead).  Works with Oxigraph server, Apache Jena
    Fuseki, GraphDB, Virtuoso and Amazon Neptune.  Credentials:
    PMOGRAPH_ENDPOINT_USER / PMOGRAPH_ENDPOINT_PASSWORD or ~/.netrc.

    \b
    Example:
      pmograph push --endpoint http://127.0.0.1:7878/store --data esco.trig
    """
    from pmograph.loader import read_files
    from pmograph.stores.endpoint import check_url
    from pmograph.stores.endpoint import push as send

    check_url(endpoint)
    if not packaged and not data:
        raise click.UsageError("nothing to push: give --data FILE, or leave out --no-packaged")
    loaded = read_files(list(data), packaged=packaged)
    result = send(endpoint, loaded.quads, graph=graph, replace=not append, timeout=timeout)
    info(result.summary())


@click.command()
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=7878,
    show_default=True,
    help="The port to listen on.",
)
@click.option(
    "--bind",
    "host",
    default="127.0.0.1",
    show_default=True,
    metavar="ADDRESS",
    help="The address to listen on (127.0.0.1: this machine only).",
)
@click.option(
    "--writable",
    is_flag=True,
    help="Also accept SPARQL updates and Graph Store uploads (changes are lost on exit).",
)
@click.option(
    "--packaged/--no-packaged",
    default=True,
    show_default=True,
    help="Include pmograph's packaged ontology and data.",
)
@data_option
def serve(port: int, host: str, writable: bool, packaged: bool, data: tuple[str, ...]) -> None:
    """Serve the graph over SPARQL with Oxigraph server, until Ctrl-C.

    Loads the packaged graph and the --data files into a temporary Oxigraph
    database and starts the `oxigraph` server from PyPI's oxigraph package
    (pip install 'pmograph[server]'), read-only unless --writable, with the
    default graph as the union of the named graphs.  Prints the endpoint URLs:
    point any SPARQL tool, or pmograph query --endpoint URL, at them.
    """
    from pmograph.stores.endpoint import run_server

    run_server(
        list(data),
        packaged=packaged,
        host=host,
        port=port,
        writable=writable,
        announce=lambda text: click.echo(text),
    )
