"""Every command has help; --version works; doctor lists each external program."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from packet import __version__
from packet.cli import main


def _commands(
    group: click.Group, prefix: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], click.Command]]:
    out = []
    for name, cmd in group.commands.items():
        out.append(((*prefix, name), cmd))
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, (*prefix, name)))
    return out


def test_version() -> None:
    r = CliRunner().invoke(main, ["--version"])
    assert r.exit_code == 0
    assert __version__ in r.output


COMMANDS = _commands(main)


def test_there_are_commands() -> None:
    assert len(COMMANDS) >= 10


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help_and_dash_h(path: tuple[str, ...], cmd: click.Command) -> None:
    assert cmd.help and cmd.help.strip(), f"{' '.join(path)} has no help text"
    r = CliRunner().invoke(main, [*path, "-h"])
    assert r.exit_code == 0, (path, r.output)
    assert "Usage:" in r.output


def test_doctor_lists_every_tool() -> None:
    from packet.tools import TOOLS

    r = CliRunner().invoke(main, ["doctor"])
    assert r.exit_code == 0
    for name in TOOLS:
        assert name in r.output
