"""packet draft."""

from __future__ import annotations

from pathlib import Path

import click

from packet.cli import main


def _default_output(pdf: Path) -> tuple[Path, str | None]:
    """<stem>.appeal.docx beside the PDF; <stem>.appeal.new.docx when that exists already."""
    out = pdf.with_name(f"{pdf.stem}.appeal.docx")
    if not out.exists():
        return out, None
    new = pdf.with_name(f"{pdf.stem}.appeal.new.docx")
    return new, f"{out.name} exists (it may have your edits); the new draft is {new.name}"


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
@click.option(
    "-w",
    "--workspace",
    type=click.Path(path_type=Path, file_okay=False),
    help="The workspace whose packet.toml and templates/ to use (default: the case's own; with a "
    "PDF, the current folder when it has packet.toml).",
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    hidden=True,
    help="Date the letter as of this day (for tests).",
)
def draft(
    source: Path,
    output: Path | None,
    template: str | None,
    voice: str | None,
    expedited: bool,
    records: Path | None,
    workspace: Path | None,
    today: object,
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
    from packet.case import CASE_FILE, load_case
    from packet.draft import draft_case, render_draft
    from packet.extract import extract_file
    from packet.fsutil import write_bytes_atomic
    from packet.settings import load_settings
    from packet.track import _workspace_of

    day = today.date() if today is not None else None  # type: ignore[attr-defined]
    if workspace is not None and not source.exists() and len(source.parts) == 1:
        source = workspace / "cases" / source.name  # a case id inside the workspace
    if source.is_dir() and (source / CASE_FILE).is_file():
        ws = workspace or _workspace_of(source)
        settings = load_settings(ws)
        case = load_case(source)
        result = draft_case(
            case, settings, template=template, voice=voice, expedited=expedited, workspace=ws, today=day,
            out=output,
        )  # fmt: skip
        path, blanks, warnings, used = result.path, result.placeholders, result.warnings, result.template
    else:
        if source.is_dir():
            from packet.exceptions import CaseNotFoundError

            raise CaseNotFoundError(str(source))
        ws = workspace or (Path.cwd() if (Path.cwd() / "packet.toml").is_file() else None)
        settings = load_settings(ws)
        denial = extract_file(source, today=day, default_plan_type=settings.defaults.plan_type)
        r = render_draft(
            denial, settings, template=template, voice=voice, expedited=expedited, records_dir=records,
            workspace=ws, today=day,
        )  # fmt: skip
        warnings = list(r.warnings)
        if output is not None:
            path = output
        else:
            path, note = _default_output(source)
            warnings += [note] if note else []
        write_bytes_atomic(path, r.data, settings.privacy.file_mode)
        blanks, used = r.placeholders, f"{r.template.path.name} ({r.template.source})"
    click.echo(f"Template: {used}", err=True)
    for w in warnings:
        click.echo(f"Warning: {w}", err=True)
    if blanks:
        click.echo(f"{len(blanks)} blank{'s' if len(blanks) != 1 else ''} to fill in (highlighted in yellow)",
                   err=True)  # fmt: skip
    click.echo(str(path))
