"""packet extract."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from packet.cli import main


@main.command()
@click.argument("denial", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the extraction contract as one JSON object.")
@click.option(
    "--plan-type",
    default=None,
    metavar="TYPE",
    help="Plan type to assume when the letter does not show it (commercial, erisa, medicare_advantage, ...).",
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    hidden=True,
    help="Count days left from this date instead of today (for tests).",
)
def extract(denial: Path, as_json: bool, plan_type: str | None, today: object) -> None:
    """Read a denial letter PDF and print every field an appeal needs.

    Each value comes with the page and text it was read from; what the letter does not say stays empty.
    With --json the output is the extraction contract (schema appeal-packet/denial@1).

    \b
    Examples:
      packet extract denial.pdf
      packet extract denial.pdf --json > denial.json
      packet extract denial.pdf --json | jq .deadlines.appeal.due
    """
    from packet.extract import extract_file
    from packet.records import PLAN_TYPES
    from packet.summary import summarize

    if plan_type is not None and plan_type not in PLAN_TYPES:
        raise click.BadParameter(f"must be one of {', '.join(PLAN_TYPES)}", param_hint="--plan-type")
    day = today.date() if today is not None else None  # type: ignore[attr-defined]
    record = extract_file(denial, today=day, default_plan_type=plan_type)
    if as_json:
        sys.stdout.write(json.dumps(record.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(summarize(record, today=day or date.today()))
