"""packet purge: remove a case and its traces, after confirmation."""

from __future__ import annotations

from pathlib import Path

import click

from packet.cli import main
from packet.cli.options import workspace_option


@main.command()
@click.argument("case")
@workspace_option()
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
def purge(case: str, workspace: Path | None, yes: bool) -> None:
    """Remove CASE (a case id or folder) for good: its folder (denial, letter, records, packet, history),
    copies of its denial in inbox/duplicates/, and its events in the workspace's calendar files.

    Asks first unless --yes is given. There is no undo: keep a copy of the packet you sent if you need one.

    \b
    Examples:
      packet purge PA-2026-00417
      packet purge cases/PA-2026-00417 --yes
    """
    from packet.purge import plan_purge, purge_case

    plan = plan_purge(case, workspace)
    if not yes:
        click.echo(f"This removes {plan.summary()}.", err=True)
        if not click.confirm("Remove it for good?", default=False, err=True):
            click.echo("Nothing was removed.", err=True)
            raise SystemExit(1)
    purge_case(plan)
    click.echo(f"Removed case {plan.case_id}.", err=True)
