"""packet note, packet log: contacts with the plan in the case's history, and the history in words."""

from __future__ import annotations

from pathlib import Path

import click

from packet.cli import main
from packet.cli.options import workspace_option

_workspace = workspace_option()


@main.command()
@click.argument("case")
@click.argument("text")
@_workspace
def note(case: str, text: str, workspace: Path | None) -> None:
    """Record a contact or remark in the history of CASE (a case folder or id), with the time.

    \b
    Examples:
      packet note GSH-2026-0117 "called the plan: appeal received 2/4, decision expected by 3/6"
      packet note cases/GSH-2026-0117 "peer-to-peer set for Tuesday 10:00 with Dr. K."
    """
    from packet.followup import add_note
    from packet.track import resolve_case

    folder = resolve_case(case, workspace)
    entry = add_note(folder, text)
    click.echo(f"{str(entry['time'])[:16].replace('T', ' ')}  note: {entry['text']}")


@main.command()
@click.argument("case")
@_workspace
def log(case: str, workspace: Path | None) -> None:
    """Print the whole history of CASE (a case folder or id), oldest first: when it came in, each draft
    and build, when it was sent (with the packet's SHA-256), the decision, and your notes.

    \b
    Examples:
      packet log GSH-2026-0117
    """
    from packet.followup import history_lines
    from packet.track import resolve_case

    lines = history_lines(resolve_case(case, workspace))
    click.echo("\n".join(lines) if lines else "(no history yet)")
