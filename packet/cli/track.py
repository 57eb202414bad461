"""packet status, packet calendar, packet submitted, packet decided: tracking cases by urgency."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from packet.cli import main
from packet.cli.options import (
    on_option,
    outcome_option,
    today_option,
    via_option,
    workspace_argument,
    workspace_option,
)

URGENCY_COLOUR = {"overdue": "red", "soon": "yellow"}


@main.command()
@workspace_argument
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON (for scripts).")
@today_option
def status(workspace: Path | None, as_json: bool, today: date | None) -> None:
    """One row per case, the next deadline first: reference, member, payer, category, next step, due date,
    days left and state. Overdue and due-within-7-days rows stand out on a terminal.

    \b
    Examples:
      packet status                    # the workspace in the current folder
      packet status ~/appeals --json   # for scripts
    """
    from packet import track

    rows = track.status_rows(workspace, today=today)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in rows], indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("No cases yet.", err=True)
        return
    colour = sys.stdout.isatty()
    header, *lines = track.status_table(rows)
    click.echo(header)
    for row, line in zip(rows, lines, strict=True):
        fg = URGENCY_COLOUR.get(row.urgency)
        click.echo(click.style(line, fg=fg, bold=True) if (colour and fg) else line)
    overdue = sum(r.urgency == "overdue" for r in rows)
    soon = sum(r.urgency == "soon" for r in rows)
    click.echo(f"{len(rows)} cases: {overdue} overdue, {soon} due within 7 days.", err=True)


@main.command()
@workspace_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("deadlines.ics"),
    show_default=True,
    help="The .ics file to write.",
)
def calendar(workspace: Path | None, output: Path) -> None:
    """Write every open deadline to an iCalendar file: one all-day event each, with reminders 7 and 2 days
    before. Event ids are stable, so importing the file again updates the events instead of duplicating
    them (cases already submitted or decided come out as cancelled). Prints the file's path.

    \b
    Examples:
      packet calendar -o deadlines.ics
      packet calendar ~/appeals -o ~/appeals/deadlines.ics
    """
    from packet import track

    click.echo(str(track.write_calendar(workspace, output)))


@main.command()
@click.argument("case")
@on_option("The day the appeal was sent (YYYY-MM-DD).", required=True)
@via_option
@click.option("--force", is_flag=True, help="Record it even though 'packet check' says it is not ready.")
@workspace_option()
@today_option
def submitted(case: str, on: date, via: str, force: bool, workspace: Path | None, today: date | None) -> None:
    """Record that the appeal for CASE (a case folder or a case id) was sent. A case 'packet check' finds
    not ready is refused (exit 26) unless --force. The packet and letter are kept in the case's sent/
    folder (never overwritten, their SHA-256 in the history), and the plan's decision due date is set
    by the rule for the step and plan type; 'packet status' and the calendar show it.

    \b
    Examples:
      packet submitted 2026-01-12-gsh884 --on 2026-02-03 --via fax
      packet submitted cases/2026-01-12-gsh884 --on 2026-02-03 --via portal --force
    """
    from packet import track

    folder = track.resolve_case(case, workspace)
    done = track.record_submitted(folder, on=on, via=via, today=today, force=force)
    click.echo(str(done.folder))
    decision = done.extra.get("decision") or {}
    sent = done.extra.get("sent") or []
    if sent:
        click.echo(f"Kept as sent: {', '.join(sent)}", err=True)
    if decision:
        click.echo(f"Decision due by {decision['due']}: {decision['rule']}", err=True)


@main.command()
@click.argument("case")
@outcome_option
@on_option("The day of the decision (default: today).")
@workspace_option()
@today_option
def decided(case: str, outcome: str, on: date | None, workspace: Path | None, today: date | None) -> None:
    """Record the plan's decision on the appeal for CASE (a case folder or a case id).

    \b
    Examples:
      packet decided 2026-01-12-gsh884 --outcome overturned
      packet decided cases/2026-01-12-gsh884 --outcome upheld --on 2026-03-02
    """
    from packet import track

    folder = track.resolve_case(case, workspace)
    done = track.record_decided(folder, outcome=outcome, on=on, today=today)
    click.echo(str(done.folder))
    opened = done.extra.get("level") if done.state != "decided" else None
    if opened:
        step = opened["level"].replace("_", " ")
        click.echo(f"Next: {step}, due {opened['due']} ({opened['rule']}); its letter is "
                   f"{done.letter_docx}. Check the date against the decision letter.", err=True)  # fmt: skip
    elif outcome != "overturned":
        click.echo("Next: the decision letter names the next step and its deadline.", err=True)
