"""Issue 7's end-to-end check: a scanned sample dropped into the inbox becomes a case like its text twin."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

from packet.case import load_case
from packet.ingest import run_inbox
from packet.workspace import init_workspace
from tests.helpers.paths import SAMPLES

TODAY = date(2026, 11, 22)


def test_a_scanned_letter_in_the_inbox_becomes_a_case_like_its_text_twin(
    tmp_path: Path, need_tool: Any
) -> None:
    need_tool("tesseract")
    # two workspaces: in one, the second copy of the same denial would be a duplicate (test_duplicates.py)
    ws, ws2 = init_workspace(tmp_path / "ws"), init_workspace(tmp_path / "ws2")
    text_pdf = next((SAMPLES / "denials").glob("01-*.pdf"))
    scan_pdf = SAMPLES / "scanned" / text_pdf.name
    shutil.copy(text_pdf, ws2 / "inbox" / "text.pdf")
    shutil.copy(scan_pdf, ws / "inbox" / "scan.pdf")
    results = run_inbox(ws, jobs=1, today=TODAY).results + run_inbox(ws2, jobs=1, today=TODAY).results
    by_file = {r.file: r for r in results}
    assert {r.status for r in results} == {"created"}, [r.error for r in results]
    text_case = load_case(by_file["text.pdf"].folder)  # type: ignore[arg-type]
    scan_case = load_case(by_file["scan.pdf"].folder)  # type: ignore[arg-type]
    assert scan_case.id == text_case.id == text_case.denial.reference
    assert scan_case.extracted.source.ocr is True and text_case.extracted.source.ocr is False
    text, scan = text_case.denial, scan_case.denial
    assert scan.reference == text.reference and scan.member.id == text.member.id
    assert scan.notice_date == text.notice_date
    assert scan.deadlines.appeal and text.deadlines.appeal
    assert scan.deadlines.appeal.due == text.deadlines.appeal.due
    assert scan.denial.category == text.denial.category
    assert any("read with OCR" in w for w in scan.warnings)
    assert scan_case.letter_docx.is_file() and scan_case.state == "drafted"
    assert not list((ws / "inbox").glob("*.pdf"))
