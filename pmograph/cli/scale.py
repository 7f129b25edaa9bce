"""Commands for large graphs and other tools: import, push, serve."""

from __future__ import annotations

import click

from pmograph.cli.common import data_option, info
from pmograph.cli.framework import import_framework

# the engine profiles' names, spelt here so that --help needs no import of the client
PROFILE_NAMES = ("fuseki", "generic", "graphdb", "neptune", "oxigraph", "virtuoso")


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
    "Virtuoso: http://HOST:8890/sparql-graph-crud-auth; Fuseki: http://HOST:3030/DATASET/data).",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", *sorted(PROFILE_NAMES)]),
    default="auto",
    show_default=True,
    envvar="PMOGRAPH_ENDPOINT_ENGINE",
    help="The server's kind, for what differs between engines (see docs/scale.md); "
    "auto: from the URL.",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=50_000,
    show_default=True,
    metavar="TRIPLES",
    help="Send each graph in requests of at most this many triples.",
)
@click.option(
    "--retries",
    type=click.IntRange(0, 20),
    default=3,
    show_default=True,
    help="Send a chunk again this many times when it fails for a reason that may pass.",
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
    help="Wait at most this long, in all, for the server to take each chunk.",
)
@data_option
def push(
    endpoint: str,
    engine: str,
    chunk_size: int,
    retries: int,
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
    held (--append adds instead).  Works with Oxigraph server, Virtuoso,
    Apache Jena Fuseki, GraphDB and Amazon Neptune.  Credentials:
    PMOGRAPH_ENDPOINT_USER / PMOGRAPH_ENDPOINT_PASSWORD or ~/.netrc (HTTP
    Basic, or Digest when the server asks), never printed.

    Large graphs go in chunks (--chunk-size) with a progress bar on a
    terminal; a failed chunk is retried.  An interrupted push is resumed, not
    rolled back: run the same command again and it sends only the graphs the
    server does not have whole yet.

    \b
    Example:
      pmograph push --endpoint http://127.0.0.1:7878/store --data esco.trig
    """
    from pmograph.loader import read_files
    from pmograph.remote.push import push as send
    from pmograph.remote.urls import check_url

    check_url(endpoint)
    if not packaged and not data:
        raise click.UsageError("nothing to push: give --data FILE, or leave out --no-packaged")
    loaded = read_files(list(data), packaged=packaged)
    total = len(loaded.quads)
    import sys

    with click.progressbar(
        length=total, label="pushing", file=sys.stderr, hidden=not sys.stderr.isatty()
    ) as bar:
        done: dict[str | None, int] = {}

        def progress(name: str | None, sent: int, of: int) -> None:
            bar.update(sent - done.get(name, 0))
            done[name] = sent

        result = send(
            endpoint,
            loaded.quads,
            graph=graph,
            replace=not append,
            timeout=timeout,
            engine=engine,
            chunk_triples=chunk_size,
            retries=retries,
            progress=progress,
        )
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
    "--allow-remote",
    is_flag=True,
    help="Let the server run SPARQL SERVICE calls to other endpoints (off by default: "
    "the server cannot open outgoing connections).",
)
@click.option(
    "--packaged/--no-packaged",
    default=True,
    show_default=True,
    help="Include pmograph's packaged ontology and data.",
)
@data_option
def serve(
    port: int,
    host: str,
    writable: bool,
    allow_remote: bool,
    packaged: bool,
    data: tuple[str, ...],
) -> None:
    """Serve the graph over SPARQL with Oxigraph server, until Ctrl-C.

    Loads the packaged graph and the --data files into a temporary Oxigraph
    database and starts the `oxigraph` server from PyPI's oxigraph package
    (pip install 'pmograph[server]'), read-only unless --writable, unable to
    fetch URLs (SERVICE) unless --allow-remote, with the default graph as the
    union of the named graphs.  Ctrl-C, SIGTERM or SIGHUP stop it and remove
    its temporary database.  Prints the endpoint URLs:
    point any SPARQL tool, or pmograph query --endpoint URL, at them.
    """
    from pmograph.remote.server import run_server

    run_server(
        list(data),
        packaged=packaged,
        host=host,
        port=port,
        writable=writable,
        allow_remote=allow_remote,
        announce=lambda text: click.echo(text),
    )
