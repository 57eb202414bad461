"""packet init, run, watch, set, refresh: the workspace and its drop folder."""

from __future__ import annotations

import json
import sys
import threading
from datetime import date
from pathlib import Path
from typing import Any

import click

from packet.cli import main
from packet.cli.options import today_option, workspace_argument, workspace_option


def _jobs(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise click.BadParameter("give 1 or more", param_hint="--jobs")
    return value


def _alerts(folder: Path, today: Any) -> list[str]:
    """What matters under a new case's line (``packet.summary.case_alerts``)."""
    from packet.case import load_case
    from packet.summary import case_alerts

    try:
        return case_alerts(load_case(folder).denial, today or date.today())
    except Exception:  # the case is made; an alert that cannot be worked out is not worth failing the run
        return []


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Make DIRECTORY a workspace: packet.toml (commented settings: who sends the appeals, defaults,
    privacy), inbox/ (drop denial letters here), cases/ and templates/. Running it again only adds what is
    missing; an existing packet.toml is kept. Prints the workspace's path.

    \b
    Examples:
      packet init ~/appeals
      packet init .
    """
    from packet.workspace import init_workspace

    ws = init_workspace(directory)
    click.echo(str(ws))
    click.echo(
        f"Next: fill in [sender] in {ws / 'packet.toml'}, drop denial PDFs into {ws / 'inbox'}, "
        f"then run 'packet run {directory}'.",
        err=True,
    )


class _Progress:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""

    def __init__(self) -> None:
        self.bar: Any = None

    def start(self, total: int) -> None:
        if total and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label="Processing", file=sys.stderr)
            self.bar.__enter__()

    def step(self, result: Any) -> None:
        if self.bar is not None:
            self.bar.update(1, result.file)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@main.command()
@workspace_argument
@click.option(
    "-j",
    "--jobs",
    type=int,
    default=None,
    callback=lambda c, p, v: _jobs(v),
    help="Files processed in parallel processes (default: the number of CPUs).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a summary as JSON (for scripts).")
@today_option
def run(workspace: Path | None, jobs: int | None, as_json: bool, today: date | None) -> None:
    """One pass over the workspace's inbox: each denial PDF becomes a case in cases/<case-id>/ (the letter,
    its extraction, a drafted appeal letter, an empty records/ folder and an audit trail). The same file
    again goes to inbox/duplicates/; a file that cannot be read goes to inbox/failed/ with
    <name>.error.txt (the reason and the fix) and the others go on; the exit code is then 20.

    Prints each new case's folder on stdout (or, with --json, a summary); a summary line on stderr.
    SIGTERM or Ctrl-C finishes the file being processed and stops.

    \b
    Examples:
      packet run                    # the workspace in the current folder
      packet run ~/appeals --jobs 2
      packet run ~/appeals --json | jq .failed
    """
    from packet.exceptions import SomeInputsFailedError
    from packet.ingest import run_inbox
    from packet.watch import stop_on_signals

    progress = _Progress()

    def on_result(r: Any) -> None:
        progress.step(r)
        if r.status == "created" and not as_json:
            click.echo(str(r.folder))
            for alert in _alerts(r.folder, today):
                click.echo(f"  ! {r.case_id}: {alert}", err=True)

    stop = threading.Event()
    try:
        with stop_on_signals(stop):
            summary = run_inbox(
                workspace,
                jobs=jobs,
                today=today,
                stop=stop,
                on_start=progress.start,
                on_result=on_result,
            )
    finally:
        progress.close()
    if as_json:
        click.echo(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False))
    for r in summary.results:
        if r.status in ("failed", "duplicate"):
            click.echo(f"{r.status}: {r.error or r.note}", err=True)
    click.echo(summary.line(), err=True)
    if summary.failed:
        from packet.workspace import FAILED_DIR, INBOX_DIR

        failed = summary.workspace / INBOX_DIR / FAILED_DIR
        raise SomeInputsFailedError(len(summary.failed), len(summary.results), failed)


@main.command()
@workspace_argument
@click.option(
    "--interval",
    type=click.FloatRange(min=0.05),
    default=2.0,
    show_default=True,
    help="Seconds a file's size and modification time must stay unchanged before it is taken.",
)
@click.option(
    "--poll",
    type=click.FloatRange(min=0.1),
    default=None,
    metavar="SECONDS",
    help="Look for changes every SECONDS instead of waiting for file-system events (network shares).",
)
@click.option(
    "--rescan",
    type=click.FloatRange(min=1),
    default=30.0,
    show_default=True,
    help="Seconds between full rescans of the inbox (a safety net for missed events).",
)
@click.option(
    "--build", is_flag=True, help="Also rebuild a case's packet when its letter.docx or records/ change."
)
@click.option(
    "-j",
    "--jobs",
    type=int,
    default=1,
    show_default=True,
    callback=lambda c, p, v: _jobs(v),
    help="Files processed in parallel processes when several arrive at once.",
)
@today_option
def watch(
    workspace: Path | None,
    interval: float,
    poll: float | None,
    rescan: float,
    build: bool,
    jobs: int,
    today: date | None,
) -> None:
    """Watch the workspace's inbox: process what is there, then each new file once it is completely written
    (unchanged for --interval seconds and readable). Partial downloads and junk (.DS_Store, Thumbs.db,
    ~$*, *.part, *.crdownload, *.tmp, dotfiles) are ignored. Only one 'packet run' or 'packet watch' works
    on a workspace at a time. SIGTERM or Ctrl-C finishes the current file, then exits.

    Prints each new case's folder (and, with --build, each packet built) on stdout.

    \b
    Examples:
      packet watch ~/appeals
      packet watch ~/appeals --build
      packet watch /mnt/share/appeals --poll 5      # a network share: events do not arrive
    """
    from packet.watch import WatchOptions, stop_on_signals, watch_inbox

    def on_result(r: Any) -> None:
        if r.status == "created":
            click.echo(str(r.folder))
        elif r.status == "failed":
            click.echo(f"failed: {r.error}", err=True)
        elif r.status == "duplicate":
            click.echo(f"duplicate: {r.note}", err=True)
        sys.stdout.flush()

    def on_build(item: Any) -> None:
        if item.result is not None:
            for p in item.result.outputs:
                click.echo(str(p))
        else:
            click.echo(f"build failed: {item.error}", err=True)
        sys.stdout.flush()

    def on_ready(ws: Path) -> None:
        click.echo(f"Watching {ws / 'inbox'} (Ctrl-C to stop).", err=True)

    opts = WatchOptions(interval=interval, poll=poll, rescan=rescan, build=build, jobs=jobs, today=today)
    stop = threading.Event()
    with stop_on_signals(stop):
        watch_inbox(workspace, opts, stop=stop, on_result=on_result, on_build=on_build, on_ready=on_ready)
    click.echo("Stopped.", err=True)


@main.command(name="set")
@click.argument("case")
@click.argument("assignments", nargs=-1, metavar="FIELD=VALUE...")
@click.option(
    "--unset",
    "unset",
    multiple=True,
    metavar="FIELD",
    help="Remove your correction of FIELD (the extracted value counts again); repeatable.",
)
@click.option("--no-draft", is_flag=True, help="Only write corrections.toml; do not re-draft the letter.")
@workspace_option()
@today_option
def set_(
    case: str,
    assignments: tuple[str, ...],
    unset: tuple[str, ...],
    no_draft: bool,
    workspace: Path | None,
    today: date | None,
) -> None:
    """Correct what was extracted for CASE (a case folder or a case id): FIELD=VALUE pairs go into the
    case's corrections.toml, where they win over extracted values and survive 'packet refresh'. The rest
    of corrections.toml is kept as it is. Then the letter is re-drafted (an edited letter.docx is never
    overwritten: the new draft goes to letter.new.docx).

    Fields: reference, member.id, member.name, member.dob, provider.npi, service.date, service.codes (comma-
    separated), diagnosis_codes, notice_date, payer.plan_type, denial.category, deadlines.appeal.due, ...
    Dates are YYYY-MM-DD.

    \b
    Examples:
      packet set 2026011200417 member.id=W123
      packet set cases/GSH-2026-0117 notice_date=2026-01-12 payer.plan_type=erisa
      packet set 2026011200417 --unset member.id
    """
    from packet.corrections import coerce, parse_assignment, redraft, set_correction
    from packet.track import resolve_case

    if not assignments and not unset:
        raise click.UsageError("give FIELD=VALUE pairs to set, or --unset FIELD to remove a correction")
    folder = resolve_case(case, workspace)
    sets = [parse_assignment(a) for a in assignments]
    for path, value in sets:  # check every value before writing any
        coerce(path, value)
    changes: list[tuple[str, str | None]] = [*sets, *((path, None) for path in unset)]
    for path, raw in changes:
        done = set_correction(folder, path, raw)
    click.echo(str(done.folder))
    result = None if no_draft else redraft(done, today=today)
    if result is not None:
        click.echo(f"Re-drafted: {result.path}", err=True)
        for w in result.warnings:
            click.echo(f"warning: {w}", err=True)


@main.command()
@click.argument("case")
@click.option("--no-draft", is_flag=True, help="Only re-extract; do not re-draft the letter.")
@workspace_option()
@today_option
def refresh(case: str, no_draft: bool, workspace: Path | None, today: date | None) -> None:
    """Extract CASE's denial.pdf again (say, after an upgrade) and re-draft its letter. corrections.toml is
    kept and its values still win; an edited letter.docx is never overwritten (the new draft goes to
    letter.new.docx). Prints the case folder; says on stderr which extracted fields changed.

    \b
    Examples:
      packet refresh 2026011200417
      packet refresh cases/GSH-2026-0117 --no-draft
    """
    from packet.corrections import refresh_case
    from packet.track import resolve_case

    folder = resolve_case(case, workspace)
    result = refresh_case(folder, today=today, draft=not no_draft)
    click.echo(str(result.case.folder))
    changed = ", ".join(result.changed) if result.changed else "none"
    click.echo(f"Re-extracted; fields changed: {changed}.", err=True)
    if result.letter is not None:
        click.echo(f"Re-drafted: {result.letter}", err=True)
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)
