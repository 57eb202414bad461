"""What the desk's pages show, gathered from the library (track, corrections, exhibits, case)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from packet.case import Case, read_history
from packet.corrections import CHOICES, SETTABLE
from packet.deadlines import LEVEL_WORDS, days_left
from packet.exceptions import PacketError
from packet.exhibits import Exhibit, list_exhibits
from packet.model import dig
from packet.track import StatusRow, case_deadlines, status_row

NEW_LETTER = "letter.new.docx"


@dataclass
class FieldRow:
    path: str
    value: str  # as the letter will use it (corrections applied), as text for the form
    extracted: str | None  # the extracted value when a correction overrides it
    corrected: bool
    confidence: str
    evidence: str | None
    page: int | None
    choices: tuple[str, ...] = ()


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def field_rows(case: Case) -> list[FieldRow]:
    now, was = case.denial.to_dict(), case.extracted.to_dict()
    rows = []
    for path in SETTABLE:
        conf_key = "deadlines.appeal" if path == "deadlines.appeal.due" else path
        ev = case.extracted.evidence.get(conf_key)
        corrected = path in case.corrections
        rows.append(
            FieldRow(
                path=path,
                value=as_text(dig(now, path)),
                extracted=as_text(dig(was, path)) if corrected else None,
                corrected=corrected,
                confidence=case.denial.confidence.get(conf_key, "high" if corrected else "none"),
                evidence=ev.text if ev else None,
                page=ev.page if ev else None,
                choices=tuple(CHOICES.get(path, ())),
            )
        )
    return rows


@dataclass
class StepRow:
    step: str
    due: date | None
    days_left: int | None
    basis: str
    rule: str


def deadline_rows(case: Case, today: date) -> list[StepRow]:
    return [
        StepRow(LEVEL_WORDS.get(d.level, d.level), d.due, days_left(d, today), d.basis, d.rule)
        for d in case_deadlines(case)
    ]


@dataclass
class RecordsView:
    exhibits: list[Exhibit]
    error: str | None


def records_view(case: Case) -> RecordsView:
    try:
        return RecordsView(list_exhibits(case.records_dir, case.denial_pdf), None)
    except PacketError as e:
        return RecordsView([], str(e))


def checklist(case: Case, today: date) -> dict[str, Any]:
    """The pre-send check (``packet check``, packet.check.check_case): ready or not, and each problem."""
    from packet.check import check_case
    from packet.desk.pages import PDFIUM

    try:
        with PDFIUM:  # the check reads a letter.pdf with PDFium
            report = check_case(case.folder, today)
    except PacketError as e:
        return {"ready": False, "problems": [{"message": str(e), "blocking": True}], "closed": False}
    return {
        "ready": report.ready,
        "problems": [p.to_dict() for p in report.problems],
        "closed": report.state in ("submitted", "decided"),
    }


def history(case: Case) -> list[dict[str, Any]]:
    """The case's history, newest first; each entry's details as short text (names of files and fields)."""
    out = []
    for e in reversed(read_history(case.folder)):
        details = {
            k: v for k, v in e.items() if k not in ("time", "action", "tool_version", "inputs", "outputs")
        }
        files = [v.get("file") for k in ("inputs", "outputs") for v in (e.get(k) or {}).values()]
        out.append(
            {"time": e.get("time", ""), "action": e.get("action", ""), "details": details, "files": files}
        )
    return out


def letter_files(case: Case) -> list[str]:
    return [n for n in (case.letter_docx.name, NEW_LETTER) if (case.folder / n).is_file()]


def packet_files(case: Case) -> list[str]:
    """packet.pdf, or its parts when a build split it."""
    if case.packet_pdf.is_file():
        return [case.packet_pdf.name]
    return sorted(p.name for p in case.folder.glob("packet-part*.pdf"))


def row_for(case: Case, today: date) -> StatusRow:
    return status_row(case, today)


def file_size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"
