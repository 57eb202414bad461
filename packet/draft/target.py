"""``packet draft TARGET``: draft the letter for a case folder, a case id, or a denial PDF.

    result = draft_target(Path("cases/2026-01-12-ab12"))    # cases/.../letter.docx, recorded in case.json
    result = draft_target(Path("denial.pdf"))               # denial.appeal.docx beside the PDF

The command-line layer only parses options and prints ``DraftResult``; which workspace applies, where the
letter goes and how an edited letter is kept are decided here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from packet.draft import DraftResult, draft_case
from packet.draft.appeal import next_step_lines
from packet.settings import Settings

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
    from packet.workspace import Workspace

    try:
        return Workspace.find(workspace).resolve_case(target.name)
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

    The workspace is ``Workspace.find``'s one rule (``workspace``, else the case's own, else the current
    folder or its nearest parent with packet.toml). A case gets letter.docx (letter.new.docx when
    letter.docx was edited); a PDF goes through the pipeline (``process_denial``) and its letter is
    written to ``output`` or DENIAL.appeal.docx beside it (never over an existing one).
    """
    from packet.case import CASE_FILE, load_case
    from packet.exceptions import CaseNotFoundError
    from packet.fsutil import write_bytes_atomic
    from packet.pipeline import process_denial
    from packet.workspace import Workspace

    if not target.exists() and len(target.parts) == 1:
        target = _case_id(target, workspace)
    if target.is_dir() and (target / CASE_FILE).is_file():
        ws = Workspace.find_or_none(workspace, case=target)
        case = load_case(target)
        result = draft_case(
            case, ws.settings if ws else Settings(), template=template, voice=voice, expedited=expedited,
            workspace=ws.root if ws else None, today=today, out=output, companions=True,
        )  # fmt: skip
        if result.choice is not None:
            result.next_step = next_step_lines(case.denial, result.choice, today or date.today())
        return result
    if target.is_dir():
        raise CaseNotFoundError(str(target))
    ws = Workspace.find_or_none(workspace)
    done = process_denial(
        target, ws, today=today, template=template, voice=voice, expedited=expedited, records_dir=records
    )
    r = done.letter
    assert r is not None  # drafted on its own: no case
    warnings = list(r.warnings)
    if output is not None:
        path = output
    else:
        path, note = default_output(target)
        warnings += [note] if note else []
    mode = ws.settings.privacy.file_mode if ws else Settings().privacy.file_mode
    write_bytes_atomic(path, r.data, mode)
    result = DraftResult(
        path, f"{r.template.path.name} ({r.template.source})", r.placeholders, warnings, r.choice
    )
    if r.choice is not None:
        result.next_step = next_step_lines(done.denial, r.choice, today or date.today())
    return result
