"""packet build."""

from __future__ import annotations

from pathlib import Path

import click

from packet.cli import main
from packet.cli.options import WORKSPACE_DEFAULT, workspace_option

PORTAL_HINT_MB = 25


@main.command()
@click.argument("target", metavar="CASE_DIR|DENIAL.pdf", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the packet (default: CASE_DIR/packet.pdf).",
)
@click.option(
    "--expedited/--not-expedited",
    default=None,
    help='Put an "EXPEDITED REVIEW REQUESTED" banner on the cover sheet (or not, with --all).',
)
@click.option("--bates", metavar="PREFIX", help="Add Bates numbers (PREFIX000001, ...) to every page.")
@click.option(
    "--max-mb",
    type=float,
    metavar="N",
    help="Split into parts of at most N MB, at exhibit boundaries where possible.",
)
@click.option(
    "--separators/--no-separators",
    default=None,
    help='A separator sheet ("EXHIBIT B" and its title) before each exhibit.',
)
@click.option(
    "--ocr-records/--no-ocr-records",
    default=None,
    help="Give scanned records a text layer with OCR (tesseract), so the packet is searchable.",
)
@click.option(
    "--all",
    "all_cases",
    is_flag=True,
    help="The argument is a workspace: rebuild every case whose letter or records changed.",
)
@click.option("--force", is_flag=True, help="With --all: rebuild every case, changed or not.")
@workspace_option(f"The workspace whose packet.toml gives the sender (default: {WORKSPACE_DEFAULT}).")
@click.option(
    "--records",
    "record_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="With DENIAL.pdf: a record to enclose (repeat for each; the exhibits follow this order).",
)
@click.option(
    "--letter",
    type=click.Path(path_type=Path, dir_okay=False),
    help="With DENIAL.pdf: the letter (default: DENIAL.appeal.docx beside it, else a fresh draft).",
)
def build(
    target: Path,
    record_files: tuple[Path, ...],
    letter: Path | None,
    output: Path | None,
    expedited: bool | None,
    bates: str | None,
    max_mb: float | None,
    separators: bool | None,
    ocr_records: bool | None,
    all_cases: bool,
    force: bool,
    workspace: Path | None,
) -> None:
    """Build the submission-ready PDF packet of a case: cover sheet, letter, attachment index, exhibits.
    Given a denial PDF instead (no workspace needed), the letter is DENIAL.appeal.docx beside it (from
    'packet draft DENIAL.pdf', edited) or a fresh draft, and the records are the --records files.

    Exhibit A is the denial letter; the records in CASE_DIR/records/ follow (PDF, PNG, JPEG, TIFF,
    DOCX), in file-name order or as records/exhibits.toml lists them. Every page is US Letter with a
    footer stamp (member, reference, exhibit and page numbers). The letter is letter.pdf when it is
    newer than letter.docx, else letter.docx converted with LibreOffice. Prints the packet's path on
    stdout; its size on stderr. The same inputs always give a byte-identical file.

    \b
    Examples:
      packet build cases/2026-0001
      packet build cases/2026-0001 --expedited --bates DOE -o ~/Desktop/appeal.pdf
      packet build cases/2026-0001 --max-mb 10      # packet-part1.pdf, packet-part2.pdf, ...
      packet build cases/2026-0001 --separators     # an "EXHIBIT B" sheet before each exhibit
      packet build cases/2026-0001 --ocr-records    # scanned records get a text layer (searchable)
      packet build --all .                          # every case whose letter or records changed
      packet build denial.pdf --records notes.pdf --records mri.pdf -o packet.pdf   # no workspace

    \b
    records/exhibits.toml (optional; files it does not list follow by name):
      [[exhibit]]
      file = "mri_report.pdf"
      title = "MRI of the left knee, December 3, 2025"
    """
    from packet.build import BuildOptions, build_packet
    from packet.build.plan import megabytes
    from packet.exceptions import InvalidValueError

    if target.is_file() and not all_cases:
        _build_from_pdf(target, list(record_files), letter, output, bool(expedited), workspace)
        return
    if record_files or letter:
        raise InvalidValueError(
            "--records and --letter go with a denial PDF; a case uses its records/ folder"
        )
    if all_cases:
        if output is not None:
            raise InvalidValueError("-o cannot be used with --all: each case's packet goes in its folder")
        BuildOptions(bates=bates, max_mb=max_mb).check()
        override: dict[str, object] = {
            "expedited": expedited,
            "bates": bates,
            "max_mb": max_mb,
            "separators": separators,
            "ocr_records": ocr_records,
        }
        _build_all(target, override, force)
        return
    opts = BuildOptions(
        output=output,
        expedited=bool(expedited),
        bates=bates,
        max_mb=max_mb,
        separators=bool(separators),
        ocr_records=bool(ocr_records),
    )
    result = build_packet(target, opts, workspace=workspace)
    for path, size in zip(result.outputs, result.sizes, strict=True):
        click.echo(str(path))
        click.echo(f"{path.name}: {megabytes(size)}", err=True)
    click.echo(f"{result.pages} pages in {len(result.outputs)} file(s)", err=True)
    for w in result.warnings:
        click.echo(f"Warning: {w}", err=True)
    _say_not_ready(result.case_id, result.not_ready)


def _build_from_pdf(
    pdf: Path, records: list[Path], letter: Path | None, output: Path | None, expedited: bool, ws: Path | None
) -> None:
    from packet.build.plan import megabytes
    from packet.quick import build_from_pdf

    out = output or pdf.with_name(f"{pdf.stem}.packet.pdf")
    result = build_from_pdf(pdf, records, out, letter=letter, expedited=expedited, workspace=ws)
    for path, size in zip(result.outputs, result.sizes, strict=True):
        click.echo(str(path))
        click.echo(f"{path.name}: {megabytes(size)}, {result.pages} pages", err=True)
    for w in result.warnings:
        click.echo(f"Warning: {w}", err=True)
    _say_not_ready(pdf.name, result.not_ready)


def _say_not_ready(case_id: str, reasons: list[str]) -> None:
    """Why the packet carries "DRAFT - NOT READY TO SEND" (``packet check`` lists the same)."""
    if reasons:
        click.echo(f"NOT READY TO SEND: {case_id}: every page is marked DRAFT, because:", err=True)
        for r in reasons:
            click.echo(f"  - {r}", err=True)


def _build_all(workspace: Path, override: dict[str, object], force: bool) -> None:
    from packet.build.batch import build_all
    from packet.build.plan import megabytes
    from packet.exceptions import ExitCode

    items = build_all(workspace, override, force=force)
    failed = 0
    for item in items:
        if item.result is not None:
            for path, size in zip(item.result.outputs, item.result.sizes, strict=True):
                click.echo(str(path))
                click.echo(
                    f"{item.case_id}: {path.name}, {item.result.pages} pages, {megabytes(size)}", err=True
                )
            for w in item.result.warnings:
                click.echo(f"Warning: {item.case_id}: {w}", err=True)
            _say_not_ready(item.case_id, item.result.not_ready)
        elif item.error is not None:
            failed += 1
            click.echo(f"Error: {item.case_id}: {item.error}", err=True)
        else:
            click.echo(f"{item.case_id}: {item.note}", err=True)
    built = sum(1 for i in items if i.result is not None)
    click.echo(
        f"{built} built, {len(items) - built - failed} unchanged or skipped, {failed} failed", err=True
    )
    if failed:
        raise click.exceptions.Exit(int(ExitCode.some_inputs_failed))
