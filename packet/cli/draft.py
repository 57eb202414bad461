"""packet draft."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from packet.cli import main
from packet.cli.options import WORKSPACE_DEFAULT, today_option, workspace_option


@main.command()
@click.argument("source", metavar="DENIAL.pdf|CASE_DIR", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the letter (default: CASE_DIR/letter.docx, or DENIAL.appeal.docx beside the PDF). "
    "A letter you may have edited is never overwritten: the new draft goes to letter.new.docx "
    "(DENIAL.appeal.new.docx) instead. -o overwrites.",
)
@click.option(
    "--template",
    metavar="NAME|FILE.docx",
    help="A template name (see 'packet templates list'; default: appeal) or any .docx file.",
)
@click.option(
    "--voice",
    type=click.Choice(["provider", "patient"]),
    help="Who writes: the provider on the patient's behalf, or the patient "
    "(default: packet.toml defaults.voice, else provider).",
)
@click.option(
    "--expedited", is_flag=True, help="Ask for an expedited (fast) review because the matter is urgent."
)
@click.option(
    "--records",
    type=click.Path(path_type=Path, file_okay=False),
    help="With a PDF: a folder of records to list as enclosures (a case uses its records/).",
)
@workspace_option(f"The workspace whose packet.toml and templates/ to use (default: {WORKSPACE_DEFAULT}).")
@today_option
def draft(
    source: Path,
    output: Path | None,
    template: str | None,
    voice: str | None,
    expedited: bool,
    records: Path | None,
    workspace: Path | None,
    today: date | None,
) -> None:
    """Draft the appeal letter as an editable Word document (DOCX).

    Given a denial PDF, it is read first; given a case folder, the case record is used with your
    corrections (corrections.toml) applied. The letter argues against the denial's category (medical
    necessity, step therapy, ...), quotes the plan's reason word for word, and lists the enclosures with
    the titles the packet's index will use. What the denial does not say and only the clinician or the
    patient knows is a [bracketed blank] highlighted in yellow: fill each one in before sending.

    Prints the path written on stdout; warnings and the number of blanks go to stderr.

    \b
    Examples:
      packet draft cases/2026-01-12-ab12                    # cases/.../letter.docx
      packet draft cases/2026-01-12-ab12 --voice patient --expedited
      packet draft denial.pdf                               # denial.appeal.docx beside it
      packet draft denial.pdf -o appeal.docx --template peer-to-peer
      packet draft denial.pdf --template ~/my-letter.docx   # your own template
    """
    from packet.draft.target import draft_target

    result = draft_target(
        source, output=output, template=template, voice=voice, expedited=expedited, records=records,
        workspace=workspace, today=today,
    )  # fmt: skip
    click.echo(f"Template: {result.template}", err=True)
    for line in result.next_step:
        click.echo(line, err=True)
    for w in result.warnings:
        click.echo(f"Warning: {w}", err=True)
    blanks = result.placeholders
    if blanks:
        click.echo(f"{len(blanks)} blank{'s' if len(blanks) != 1 else ''} to fill in (highlighted in yellow)",
                   err=True)  # fmt: skip
    click.echo(str(result.path))
