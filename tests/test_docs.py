"""The README stays honest: every command and option is documented, and the
example sessions in ```console blocks run and print what the README shows.

In a console block, a line starting with ``$ pmograph`` is a command; the lines
after it, up to the next command or the end of the block, are its expected
standard output.  A line ``...`` in the expected output matches any number of
lines.  Commands that write files or start servers are shown in ```sh blocks,
which are not run.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pmograph.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def console_examples() -> list[tuple[str, list[str]]]:
    examples: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        command: str | None = None
        expected: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    examples.append((command, expected))
                command, expected = line[2:], []
            elif command is not None:
                expected.append(line)
        if command is not None:
            examples.append((command, expected))
    return examples


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line-by-line match where a ``...`` line stands for any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return (
        bool(actual)
        and expected[0].rstrip() == actual[0].rstrip()
        and matches(expected[1:], actual[1:])
    )


EXAMPLES = console_examples()


def test_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize("command,expected", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_prints_what_it_shows(command: str, expected: list[str]) -> None:
    argv = shlex.split(command)
    assert argv[0] == "pmograph"
    result = CliRunner().invoke(cli, argv[1:], catch_exceptions=False)
    stdout = result.stdout.splitlines()
    assert matches(expected, stdout), "\n".join(["README shows:", *expected, "but got:", *stdout])


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_and_option_is_in_the_readme(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    assert command.help, f"`pmograph {name}` has no help text"
    assert f"pmograph {name}" in README, f"`pmograph {name}` is not in the README"
    commands = [command]
    if isinstance(command, click.Group):
        commands += [
            command.get_command(click.Context(command), sub)
            for sub in command.list_commands(click.Context(command))
        ]  # type: ignore[misc]
    for cmd in commands:
        for param in cmd.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in README, f"option {opt} of `pmograph {name}` is not in the README"
