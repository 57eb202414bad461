"""packet extract."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from packet.cli import main
from packet.cli.options import plan_type_option, today_option


@main.command()
@click.argument("denial", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the extraction contract as one JSON object.")
@plan_type_option
@today_option
def extract(denial: Path, as_json: bool, plan_type: str | None, today: date | None) -> None:
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
    from packet.summary import summarize

    record = extract_file(denial, today=today, default_plan_type=plan_type)
    if as_json:
        sys.stdout.write(json.dumps(record.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(summarize(record, today=today or date.today()))
