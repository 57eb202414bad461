"""Draft the appeal as an editable DOCX from a Word template.

    data = draft_letter(denial, settings)                  # the DOCX bytes
    result = draft_case(case, settings, expedited=True)    # writes cases/<id>/letter.docx, records it

The template (``packet/templates/*.docx``, or the workspace's ``templates/``) is rendered with docxtpl in
a sandboxed Jinja environment (``render``); its values come from the Denial record, packet.toml and the
case's records (``context``); what each denial category argues is data (``arguments.toml``). What the
denial does not say, and what only the clinician or patient knows, is a highlighted blank (``blanks``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from packet.case import Case, append_history, history_entry, update_case
from packet.draft.appeal import (
    AppealChoice,
    choose_appeal,
    load_appeal_rules,
    needs_medical_necessity_letter,
)
from packet.draft.context import VOICES, build_context
from packet.draft.finder import TemplateFile, read_template, resolve_template
from packet.draft.render import render_docx, render_text
from packet.exceptions import InvalidValueError
from packet.exhibits import list_exhibits
from packet.fsutil import sha256_bytes, sha256_file, write_bytes_atomic
from packet.model import Denial
from packet.settings import Settings

__all__ = ["DraftResult", "draft_case", "draft_letter", "render_draft"]

log = logging.getLogger("packet.draft")

NEW_LETTER = "letter.new.docx"


@dataclass
class DraftResult:
    path: Path
    template: str  # the template's file name and where it came from: "appeal-provider.docx (built-in)"
    placeholders: list[str] = field(default_factory=list)  # the highlighted blanks left for the user
    warnings: list[str] = field(default_factory=list)
    choice: AppealChoice | None = None  # the step the letter asks for
    extra: list[Path] = field(default_factory=list)  # other drafts made with it (medical-necessity.docx)
    next_step: list[str] = field(default_factory=list)  # the step, its deadline, where to send it


@dataclass
class Rendered:
    data: bytes
    template: TemplateFile
    placeholders: list[str]
    warnings: list[str]
    choice: AppealChoice | None = None


def _voice(voice: str | None, settings: Settings) -> str:
    v = voice or settings.defaults.voice
    if v not in VOICES:
        raise InvalidValueError(f"voice '{v}' is not known; use 'provider' or 'patient'")
    return v


def render_draft(
    denial: Denial,
    settings: Settings,
    *,
    template: str | Path | None = None,
    voice: str | None = None,
    expedited: bool = False,
    records_dir: Path | None = None,
    denial_pdf: Path | None = None,
    workspace: Path | None = None,
    today: date | None = None,
    opened: dict[str, Any] | None = None,
) -> Rendered:
    """``draft_letter`` with everything it found: the template used, the blanks, the warnings.

    With no ``template`` the appeal's step chooses it (``choose_appeal``: the appeal, the external review
    or the fair hearing request); ``opened`` is the level a decision opened (``case.extra["level"]``).
    """
    v = _voice(voice, settings)
    day = today or date.today()
    choice = choose_appeal(denial, day, opened=opened)
    tpl = resolve_template(template or choice.template, v, workspace)
    warnings = [tpl.warning] if tpl.warning else []
    exhibits = None
    if records_dir is not None:
        exhibits = list_exhibits(Path(records_dir), denial_pdf or Path(denial.source.file or "denial.pdf"))
    ctx = build_context(
        denial, settings, voice=v, expedited=expedited, exhibits=exhibits, today=day,
        render_text=render_text, choice=choice,
    )  # fmt: skip
    data, blanks = render_docx(read_template(tpl), ctx, tpl.path)
    return Rendered(data, tpl, list(dict.fromkeys(blanks)), warnings, choice)


def draft_letter(
    denial: Denial,
    settings: Settings,
    *,
    template: str | Path | None = None,
    voice: str | None = None,
    expedited: bool = False,
    records_dir: Path | None = None,
    workspace: Path | None = None,
    today: date | None = None,
) -> bytes:
    """The appeal letter for ``denial`` as DOCX bytes.

    ``template`` is a NAME (looked up in ``workspace/templates/``, then the built-ins) or a .docx path;
    ``voice`` defaults to packet.toml's ``defaults.voice``; ``records_dir`` lists the enclosures.
    """
    return render_draft(
        denial, settings, template=template, voice=voice, expedited=expedited, records_dir=records_dir,
        workspace=workspace, today=today,
    ).data  # fmt: skip


def draft_case(
    case: Case,
    settings: Settings,
    *,
    template: str | Path | None = None,
    voice: str | None = None,
    expedited: bool = False,
    workspace: Path | None = None,
    today: date | None = None,
    out: Path | None = None,
    companions: bool = False,
) -> DraftResult:
    """Draft the case's letter into its folder (or ``out``), keeping the user's edits. With
    ``companions`` ('packet draft CASE'), a medical-necessity case with no letter of medical necessity
    among its records also gets the physician's draft, medical-necessity.docx.

    When letter.docx was edited since it was drafted (its hash is not case.letter_sha256), the new draft
    goes to letter.new.docx and a warning says so. case.json records the hash and the state "drafted";
    history.jsonl gets a "drafted" entry.
    """
    r = render_draft(
        case.denial, settings, template=template, voice=voice, expedited=expedited,
        records_dir=case.records_dir, denial_pdf=case.denial_pdf, workspace=workspace, today=today,
        opened=case.extra.get("level"),
    )  # fmt: skip
    warnings = list(r.warnings)
    mode = settings.privacy.file_mode
    target = Path(out) if out is not None else case.letter_docx
    is_letter = target.resolve() == case.letter_docx.resolve()
    if is_letter and target.exists() and sha256_file(target) != case.letter_sha256:
        target = case.folder / NEW_LETTER
        is_letter = False
        warnings.append(
            f"{case.id}: letter.docx was edited since it was drafted; the new draft is {NEW_LETTER} "
            "(copy what you need from it; delete letter.docx to draft it afresh)"
        )
    write_bytes_atomic(target, r.data, mode)

    def change(fresh: Case) -> None:  # a locked read-modify-write: a concurrent build's record is kept
        if is_letter:
            fresh.letter_sha256 = sha256_bytes(r.data)
            if fresh.state == "new":
                fresh.state = "drafted"

    entry = history_entry(
        "drafted", inputs={"denial": case.denial_pdf}, outputs={"letter": target},
        template=r.template.path.name, template_source=r.template.source, voice=_voice(voice, settings),
        expedited=expedited, placeholders=len(r.placeholders),
    )  # fmt: skip
    fresh = update_case(case.folder, change, history=lambda _: entry, mode=mode)
    case.letter_sha256, case.state = fresh.letter_sha256, fresh.state
    extra = (
        _draft_medical_necessity(case, settings, workspace, today, mode)
        if companions and not template
        else []
    )
    return DraftResult(
        target, f"{r.template.path.name} ({r.template.source})", r.placeholders, warnings, r.choice, extra
    )


def _draft_medical_necessity(
    case: Case, settings: Settings, workspace: Path | None, today: date | None, mode: int
) -> list[Path]:
    """For a medical-necessity denial with no letter of medical necessity among the records: the
    physician's template draft beside the letter (medical-necessity.docx, never over an existing one),
    to be signed and put in records/."""
    rules = load_appeal_rules()
    names = [p.name for p in case.records_dir.iterdir()] if case.records_dir.is_dir() else []
    path = case.folder / rules.lmn_file
    if path.exists() or not needs_medical_necessity_letter(case.denial, names, rules):
        return []
    r = render_draft(
        case.denial, settings, template=rules.lmn_template, voice="provider", workspace=workspace,
        today=today, records_dir=case.records_dir, denial_pdf=case.denial_pdf, opened=case.extra.get("level"),
    )  # fmt: skip
    write_bytes_atomic(path, r.data, mode)
    append_history(case.folder, "drafted", outputs={"medical_necessity": path}, mode=mode,
                   template=r.template.path.name, template_source=r.template.source)  # fmt: skip
    return [path]
