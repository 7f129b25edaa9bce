"""The ``pmograph`` command line: a thin layer over the library.

Commands are loaded lazily (each lives in its own module), so that
``pmograph query`` does not pay for importing networkx, pyvis or pyshacl.
Every error (a library error, a click usage error, a failed write to
stdout) becomes one line on stderr and its exit code, in one place:
:meth:`LazyGroup.main` (codes in :mod:`pmograph.errors`).
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from typing import Any

import click

from pmograph.errors import PmographError
from pmograph.version import __version__

# command name -> "module:attribute", in the order `pmograph --help` lists them
COMMANDS: dict[str, str] = {
    "query": "pmograph.cli.query:query",
    "queries": "pmograph.cli.query:queries",
    "why": "pmograph.cli.query:why",
    "validate": "pmograph.cli.data:validate",
    "export": "pmograph.cli.data:export",
    "stats": "pmograph.cli.data:stats",
    "template": "pmograph.cli.framework:template",
    "viz": "pmograph.cli.viz:viz",
    "path": "pmograph.cli.careers:path",
    "next": "pmograph.cli.careers:next_",
    "gap": "pmograph.cli.careers:gap",
    "rank": "pmograph.cli.careers:rank",
    "similar": "pmograph.cli.taxonomy:similar",
    "import": "pmograph.cli.scale:import_",
    "push": "pmograph.cli.scale:push",
    "serve": "pmograph.cli.scale:serve",
}


class LazyGroup(click.Group):
    """A group whose commands are imported only when they are run, and whose
    errors are always one line on stderr (click's usage errors included)."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        if not argv:  # bare `pmograph`: the usage, cleanly, on stdout
            with self.make_context(
                prog_name or "pmograph", ["--help"], resilient_parsing=True
            ) as ctx:
                click.echo(self.get_help(ctx))
            sys.exit(0)
        for number, arg in enumerate(argv, start=1):
            if not _is_text(arg):
                _fail(
                    f"argument {number} is not valid text (it holds bytes that are not UTF-8): "
                    f"{arg.encode('utf-8', 'surrogateescape')!r}; write it in UTF-8",
                    2,
                )
        _end_on_signals()
        try:
            rv = super().main(argv, prog_name, complete_var, False, **extra)
            sys.stdout.flush()
        except click.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            _fail(f"{exc.format_message()}{hint}", exc.exit_code)
        except click.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except (click.Abort, KeyboardInterrupt):
            _fail("aborted", 1)
        except PmographError as exc:
            _fail(str(exc), exc.exit_code)
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # the reader went away (`| head`): stop quietly
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more to flush
                sys.exit(1)
            if exc.errno not in _OUTPUT_ERRNOS:
                raise
            _fail(f"cannot write the output ({exc.strerror}); nothing more was written", 5)
        sys.exit(rv if isinstance(rv, int) else 0)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pmograph")
def cli() -> None:
    """pmograph: a knowledge graph of project-management careers.

    Query it in SPARQL, ask for career paths and skill gaps, validate and
    export it, or draw it as an interactive HTML network.  Every command that
    reads the graph takes --data FILE (repeatable) to add your own roles.
    Exit codes: 0 ok, 1 data does not conform, 2 bad input, 3 timeout,
    4 remote endpoint failed, 5 output not written.
    """


def _is_text(arg: str) -> bool:
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes come in as lone surrogates
        return False
    return True


def _end_on_signals() -> None:
    """SIGTERM and SIGHUP end pmograph as Ctrl-C does: through every ``finally``, so that
    query children are killed and temporary files removed before the process goes."""
    import signal

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None and signal.getsignal(sig) == signal.SIG_DFL:
            signal.signal(sig, stop)


_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG, errno.EROFS}


def _fail(message: str, code: int) -> None:
    try:
        click.echo(f"Error: {message}", err=True)
    finally:
        sys.exit(code)


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``pmograph`` console script (errors: see :class:`LazyGroup`)."""
    return cli.main(args=argv, prog_name="pmograph", standalone_mode=True)
