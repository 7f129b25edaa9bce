"""Commands for large graphs and other tools: import, push, serve."""

from __future__ import annotations

import click

from pmograph.cli.common import handle_errors, info


def _output_option(f: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "-o",
        "--output",
        required=True,
        type=click.Path(dir_okay=False),
        metavar="FILE",
        help="The TriG file to write (atomically); then use it with --data FILE.",
    )(f)


def _release_option(f: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--release",
        metavar="TEXT",
        help="The dataset's release (e.g. v1.2.0, 29.1), recorded in the output's provenance.",
    )(f)


def _warn(warning: object) -> None:
    click.echo(f"Warning: {warning}", err=True)


@click.group(name="import")
def import_() -> None:
    """Import a published occupation taxonomy (ESCO, O*NET) as a TriG file.

    The output holds the taxonomy in pmograph's vocabulary, in one named graph
    whose provenance gives the source, release, licence and attribution.
    Use it like any other file: pmograph query --data FILE.
    """


@import_.command(name="esco")
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False))
@_output_option
@_release_option
@handle_errors
def import_esco(folder: str, output: str, release: str | None) -> None:
    """Import ESCO occupations and ISCO groups from DIR (ESCO's English CSV).

    DIR holds occupations_en.csv and ISCOGroups_en.csv as downloaded from
    https://esco.ec.europa.eu/.  Bad rows are reported with their line numbers
    and skipped.
    """
    from pmograph.importers.esco import import_esco as run

    result = run(folder, output, release=release, warn=_warn)
    info(f"imported {result.summary()}")


@import_.command(name="onet")
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False))
@_output_option
@_release_option
@handle_errors
def import_onet(folder: str, output: str, release: str | None) -> None:
    """Import O*NET occupations, related occupations and tasks from DIR.

    DIR holds "Occupation Data.txt", "Related Occupations.txt" and
    "Task Statements.txt" from O*NET's text download
    (https://www.onetcenter.org/database.html).  Bad rows are reported with
    their line numbers and skipped.
    """
    from pmograph.importers.onet import import_onet as run

    result = run(folder, output, release=release, warn=_warn)
    info(f"imported {result.summary()}")
