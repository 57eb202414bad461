"""packet status, packet calendar, packet submitted, packet decided: tracking cases by urgency."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from packet.cli import main

CHANNEL_CHOICES = ("fax", "portal", "mail")
OUTCOME_CHOICES = ("overturned", "upheld", "partially_overturned")
URGENCY_COLOUR = {"overdue": "red", "soon": "yellow"}

_today_option = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    hidden=True,
    metavar="YYYY-MM-DD",
    help="Pretend today is this date (tests).",
)
_workspace_option = click.option(
    "-w",
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The workspace holding the case (default: the current folder or the nearest parent with "
    "packet.toml).",
)


def _day(value: object) -> date | None:
    return value.date() if value is not None else None  # type: ignore[attr-defined]


@main.command()
@click.argument("workspace", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON (for scripts).")
@_today_option
def status(workspace: Path | None, as_json: bool, today: object) -> None:
    """One row per case, the next deadline first: reference, member, payer, category, next step, due date,
    days left and state. Overdue and due-within-7-days rows stand out on a terminal.

    \b
    Examples:
      packet status                    # the workspace in the current folder
      packet status ~/appeals --json   # for scripts
    """
    from packet import track

    rows = track.status_rows(workspace, today=_day(today))
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
@click.argument("workspace", required=False, type=click.Path(file_okay=False, path_type=Path))
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
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    required=True,
    metavar="YYYY-MM-DD",
    help="The day the appeal was sent (YYYY-MM-DD).",
)
@click.option("--via", type=click.Choice(CHANNEL_CHOICES), required=True, help="How it was sent.")
@_workspace_option
@_today_option
def submitted(case: str, on: object, via: str, workspace: Path | None, today: object) -> None:
    """Record that the appeal for CASE (a case folder or a case id) was sent; its deadlines are then closed.

    \b
    Examples:
      packet submitted 2026-01-12-gsh884 --on 2026-02-03 --via fax
      packet submitted cases/2026-01-12-gsh884 --on 2026-02-03 --via portal
    """
    from packet import track

    folder = track.resolve_case(case, workspace)
    done = track.record_submitted(folder, on=_day(on), via=via, today=_day(today))  # type: ignore[arg-type]
    click.echo(str(done.folder))


@main.command()
@click.argument("case")
@click.option("--outcome", type=click.Choice(OUTCOME_CHOICES), required=True, help="What the plan decided.")
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="The day of the decision (default: today).",
)
@_workspace_option
@_today_option
def decided(case: str, outcome: str, on: object, workspace: Path | None, today: object) -> None:
    """Record the plan's decision on the appeal for CASE (a case folder or a case id).

    \b
    Examples:
      packet decided 2026-01-12-gsh884 --outcome overturned
      packet decided cases/2026-01-12-gsh884 --outcome upheld --on 2026-03-02
    """
    from packet import track

    folder = track.resolve_case(case, workspace)
    done = track.record_decided(folder, outcome=outcome, on=_day(on), today=_day(today))
    click.echo(str(done.folder))
    if outcome != "overturned":
        click.echo(
            "Next: run 'packet extract' on the decision letter to get the external review or fair hearing "
            "deadline it gives.",
            err=True,
        )
