"""packet doctor."""

from __future__ import annotations

import click

from packet.cli import main


@main.command()
def doctor() -> None:
    """List the external programs Appeal Packet uses, their versions, and how to install missing ones.

    \b
    Example:
      packet doctor
    """
    from packet import tools

    missing = 0
    for found in tools.doctor():
        if found.path:
            click.echo(
                f"ok       {found.tool.name:<12} {found.version or '(version unknown)'}  [{found.path}]"
            )
        else:
            missing += 1
            click.echo(
                f"MISSING  {found.tool.name:<12} needed {found.tool.needed_for}; install: {found.install}"
            )
    click.echo(
        "All external programs found."
        if not missing
        else f"{missing} missing; the parts that need them will say so.",
        err=True,
    )
