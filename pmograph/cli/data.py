"""Commands about the data itself: validate, export, stats."""

from __future__ import annotations

import sys

import click

from pmograph.cli.common import data_option, format_option, info, output_option, store_option

RDF_EXPORTS = ("trig", "nquads", "turtle", "jsonld", "nt")
NETWORK_EXPORTS = ("graphml", "gexf")
FRAMEWORK_EXPORTS = ("xlsx", "csv")


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
    parsed.  Every resource needs an English definition, except one that only
    an import describes whose source file gives none (a note counts those).
    """
    from pmograph.kg import load
    from pmograph.validate import validate as run

    catch: tuple[type[Exception], ...] = ()
    if data:  # only a user's file can be a framework workbook: import its reader only then
        from pmograph.frameworks.problems import FrameworkError

        catch = (FrameworkError,)
    try:
        kg = load(data, store="oxigraph")
    except catch as exc:  # every bad cell of a framework workbook, one per line
        for cell in getattr(exc, "problems", ()):
            click.echo(str(cell))
        info(f"{len(getattr(exc, 'problems', ()))} problem(s) found; nothing was loaded")
        sys.exit(1)
    report = run(kg, engine=engine)
    if report.undefined_imported:  # not problems, but a demanding user wants to know
        counts = report.undefined_imported
        info(
            f"note: {sum(counts.values()):,} imported resources have no English definition "
            "because their source files give none ("
            + ", ".join(f"{source}: {n:,}" for source, n in counts.items())
            + "); not a problem"
        )
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
    type=click.Choice([*RDF_EXPORTS, *NETWORK_EXPORTS, *FRAMEWORK_EXPORTS]),
    default=None,
    help="RDF formats keep named graphs where the format holds them (trig, nquads, jsonld); "
    "graphml and gexf write the networkx view for Gephi and other network tools; xlsx and csv "
    "write the career-framework template (csv: a folder or .zip, -o required).  "
    "Default: the -o suffix's format (.trig .nq .jsonld .ttl .nt .graphml .gexf .xlsx), else trig.",
)
@click.option(
    "--only-user",
    is_flag=True,
    help="With --format xlsx or csv: only what the --data files state, not the packaged graph.",
)
@output_option(
    "Write to FILE (atomically) instead of stdout; for --format csv, a folder or a .zip.",
    dir_okay=True,
)
@data_option
@store_option
def export(
    fmt: str | None, only_user: bool, output: str | None, data: tuple[str, ...], store: str
) -> None:
    """Write the whole dataset: ontology, data and --data files.

    With -o, the file's suffix picks the format; a suffix that cannot hold
    what is written is refused (pmograph never writes a file it cannot read
    back), and .ttl / .nt say that they hold one graph.
    """
    from pmograph.output import atomic_write, emit

    fmt = _format_for(output, fmt)
    if only_user and fmt not in FRAMEWORK_EXPORTS:
        raise click.UsageError("--only-user goes with --format xlsx or csv")
    if fmt in FRAMEWORK_EXPORTS and not output:
        raise click.UsageError(f"--format {fmt} writes a file: give -o PATH")
    if fmt in FRAMEWORK_EXPORTS and output:
        from pmograph.frameworks.writer import refuse_inputs

        refuse_inputs(output, data)
    if fmt == "csv" and output:  # a folder or a .zip of CSV files
        from pmograph.cli.common import load_graph
        from pmograph.frameworks.export import export_framework

        export_framework(load_graph(data, store), output, fmt=fmt, only_user=only_user)
        info(f"wrote {output} (csv framework{', the --data files only' if only_user else ''})")
        return
    kg = None
    if fmt in (*NETWORK_EXPORTS, "xlsx"):
        payload = _kept_or_written(fmt, data, store, only_user)
    else:
        from pmograph.cli.common import load_graph

        kg = load_graph(data, store)
        payload = kg.serialize(fmt)
    if fmt == "xlsx" and output:
        atomic_write(output, payload)
        info(f"wrote {output} (xlsx framework{', the --data files only' if only_user else ''})")
        return
    if output:
        atomic_write(output, payload)
        if kg is not None and fmt in ("turtle", "nt"):
            from pmograph.formats import single_graph_note

            info(single_graph_note(output, len(kg.store.graph_names())))
        info(f"wrote {output} ({len(payload):,} bytes, {fmt})")
    else:
        emit(payload)


def _kept_or_written(fmt: str, data: tuple[str, ...], store: str, only_user: bool) -> bytes:
    """A GraphML, GEXF or workbook export: the bytes the same export of the same inputs wrote
    before (:mod:`pmograph.exportfile`), else written from the data and kept for the next."""
    from pmograph import exportfile

    at = (
        None
        if store == "memory"
        else exportfile.place(data, fmt=fmt, store=store, only_user=only_user)
    )
    kept = exportfile.read(at) if at is not None else None
    if kept is not None:
        return kept
    payload = _written(fmt, data, store, only_user)
    # kept only if no input changed while it was written (the name says what was read)
    if at is not None and at == exportfile.place(data, fmt=fmt, store=store, only_user=only_user):
        exportfile.keep(at, payload)
    return payload


def _written(fmt: str, data: tuple[str, ...], store: str, only_user: bool) -> bytes:
    """The export written from the data: the network view, or the framework workbook."""
    if fmt in NETWORK_EXPORTS:  # the networkx view needs only the index: prebuilt if it can be
        from pmograph.cli.careers import career_graph
        from pmograph.export import write_network

        return write_network(career_graph(data, store), fmt)
    from pmograph.cli.common import load_graph
    from pmograph.frameworks.export import framework_rows
    from pmograph.frameworks.writer import workbook_bytes

    return workbook_bytes(framework_rows(load_graph(data, store), only_user=only_user))


def _is_stream(output: str) -> bool:
    import os
    import stat

    try:
        return not stat.S_ISREG(os.stat(output).st_mode) and not os.path.isdir(output)
    except OSError:
        return False


def _format_for(output: str | None, fmt: str | None) -> str:
    """The export format: the -o suffix's (refusing one pmograph cannot read back), else --format."""
    if not output:
        return fmt or "trig"
    if fmt in FRAMEWORK_EXPORTS:  # a workbook, or CSVs in a folder or a .zip
        return fmt
    if _is_stream(output):  # -o /dev/stdout, a pipe: no suffix to go by
        return fmt or "trig"
    if output.lower().endswith(".xlsx"):
        if fmt is not None:
            raise click.UsageError(
                f"--format {fmt} does not match {output}'s suffix (xlsx); drop --format or rename the file"
            )
        return "xlsx"
    from pmograph.formats import output_format

    chosen = output_format(output, extra=(".graphml", ".gexf"))
    name = chosen if isinstance(chosen, str) else chosen.name
    name = name.lstrip(".")
    if fmt is not None and fmt != name:
        raise click.UsageError(
            f"--format {fmt} does not match {output}'s suffix ({name}); drop --format or rename the file"
        )
    return name


@click.command()
@data_option
@format_option("table", "csv", "tsv", "json")
def stats(data: tuple[str, ...], fmt: str) -> None:
    """Count what the graph holds: quads, named graphs, and resources by class."""
    from pmograph.cli.common import load_graph
    from pmograph.output import emit, render_rows

    kg = load_graph(data)
    emit(render_rows(["what", "count"], list(kg.counts().items()), fmt))
