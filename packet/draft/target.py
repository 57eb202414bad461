"""``packet draft TARGET``: draft the letter for a case folder, a case id, or a denial PDF.

    result = draft_target(Path("cases/2026-01-12-ab12"))    # cases/.../letter.docx, recorded in case.json
    result = draft_target(Path("denial.pdf"))               # denial.appeal.docx beside the PDF

The command-line layer only parses options and prints ``DraftResult``; which workspace applies, where the
letter goes and how an edited letter is kept are decided here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from packet.draft import DraftResult, draft_case, render_draft
from packet.draft.appeal import next_step_lines

__all__ = ["default_output", "draft_target"]


def default_output(pdf: Path) -> tuple[Path, str | None]:
    """<stem>.appeal.docx beside the PDF; <stem>.appeal.new.docx when that exists already."""
    out = pdf.with_name(f"{pdf.stem}.appeal.docx")
    if not out.exists():
        return out, None
    new = pdf.with_name(f"{pdf.stem}.appeal.new.docx")
    return new, f"{out.name} exists (it may have your edits); the new draft is {new.name}"


def _case_id(target: Path, workspace: Path | None) -> Path:
    """A bare case id: the case of that id in ``workspace`` or the workspace around the current folder
    (``packet draft GSH-2026-0117`` as build's and check's messages suggest); else ``target`` as it is."""
    from packet.exceptions import CaseNotFoundError, NotAWorkspaceError
    from packet.track import resolve_case

    try:
        return resolve_case(target.name, workspace)
    except (CaseNotFoundError, NotAWorkspaceError):
        return target


def draft_target(
    target: Path,
    *,
    output: Path | None = None,
    template: str | Path | None = None,
    voice: str | None = None,
    expedited: bool = False,
    records: Path | None = None,
    workspace: Path | None = None,
    today: date | None = None,
) -> DraftResult:
    """Draft the letter for ``target``: a case folder, a case id inside ``workspace``, or a denial PDF.

    A case uses its own workspace's packet.toml (or ``workspace``'s) and writes letter.docx (letter.new.docx
    when letter.docx was edited); a PDF is read first, uses ``workspace`` or the current folder when it
    has packet.toml, and writes ``output`` or DENIAL.appeal.docx beside it (never over an existing one).
    """
    from packet.case import CASE_FILE, load_case
    from packet.exceptions import CaseNotFoundError
    from packet.extract import extract_file
    from packet.fsutil import write_bytes_atomic
    from packet.settings import load_settings
    from packet.track import _workspace_of

    if not target.exists() and len(target.parts) == 1:
        target = _case_id(target, workspace)
    if target.is_dir() and (target / CASE_FILE).is_file():
        ws = workspace or _workspace_of(target)
        settings = load_settings(ws)
        case = load_case(target)
        result = draft_case(
            case, settings, template=template, voice=voice, expedited=expedited, workspace=ws,
            today=today, out=output,
        )  # fmt: skip
        if result.choice is not None:
            result.next_step = next_step_lines(case.denial, result.choice, today or date.today())
        return result
    if target.is_dir():
        raise CaseNotFoundError(str(target))
    ws = workspace or (Path.cwd() if (Path.cwd() / "packet.toml").is_file() else None)
    settings = load_settings(ws)
    denial = extract_file(target, today=today, default_plan_type=settings.defaults.plan_type)
    r = render_draft(
        denial, settings, template=template, voice=voice, expedited=expedited, records_dir=records,
        workspace=ws, today=today,
    )  # fmt: skip
    warnings = list(r.warnings)
    if output is not None:
        path = output
    else:
        path, note = default_output(target)
        warnings += [note] if note else []
    write_bytes_atomic(path, r.data, settings.privacy.file_mode)
    result = DraftResult(
        path, f"{r.template.path.name} ({r.template.source})", r.placeholders, warnings, r.choice
    )
    if r.choice is not None:
        result.next_step = next_step_lines(denial, r.choice, today or date.today())
    return result
