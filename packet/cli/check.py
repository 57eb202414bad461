"""packet check: what stops a case from being ready to send."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from packet.cli import main
from packet.cli.options import today_option, workspace_option


@main.command()
@click.argument("target", metavar="CASE|WORKSPACE", required=False)
@click.option(
    "--all", "all_cases", is_flag=True, help="Check every open case of the workspace (TARGET or here)."
)
@click.option("--closed", is_flag=True, help="With --all: cases already submitted or decided too.")
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON (for scripts).")
@workspace_option()
@today_option
def check(
    target: str | None,
    all_cases: bool,
    closed: bool,
    as_json: bool,
    workspace: Path | None,
    today: date | None,
) -> None:
    """List what stops a case (a case folder or id) from being ready to send: blanks left in the letter,
    no address or fax to send it to, a packet older than its letter or records, a deadline passed,
    an expedited request on the cover but not in the letter (or the reverse), exhibits cited but missing.
    Lines with '~' are worth a look but do not stop it (due within 2 days, no letter of medical necessity).

    Prints one block per case on stdout. Exit code 0 when every case checked is ready, 26 when one is not.

    \b
    Examples:
      packet check GSH-2026-0117
      packet check cases/GSH-2026-0117 --json
      packet check --all ~/appeals
    """
    from packet.check import check_case, check_workspace
    from packet.exceptions import ExitCode, InvalidValueError
    from packet.track import find_workspace, resolve_case

    day = today
    if all_cases:
        reports = check_workspace(find_workspace(target or workspace), day, closed=closed)
    elif target is None:
        raise InvalidValueError("give a case (folder or id), or --all for every case of the workspace")
    else:
        reports = [check_case(resolve_case(target, workspace), day)]
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], indent=2, ensure_ascii=False))
    else:
        for r in reports:
            click.echo("\n".join(r.lines()))
        if all_cases:
            ready = sum(r.ready for r in reports)
            click.echo(f"{ready} of {len(reports)} cases ready to send", err=True)
    if not all(r.ready for r in reports):
        raise click.exceptions.Exit(int(ExitCode.not_ready))
