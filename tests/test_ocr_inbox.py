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
    ws = init_workspace(tmp_path / "ws")
    text_pdf = next((SAMPLES / "denials").glob("01-*.pdf"))
    scan_pdf = SAMPLES / "scanned" / text_pdf.name
    shutil.copy(text_pdf, ws / "inbox" / "text.pdf")
    shutil.copy(scan_pdf, ws / "inbox" / "scan.pdf")
    summary = run_inbox(ws, jobs=1, today=TODAY)
    by_file = {r.file: r for r in summary.results}
    assert {r.status for r in summary.results} == {"created"}, [r.error for r in summary.results]
    text_case = load_case(by_file["text.pdf"].folder)  # type: ignore[arg-type]
    scan_case = load_case(by_file["scan.pdf"].folder)  # type: ignore[arg-type]
    ref = text_case.denial.reference
    assert {scan_case.id, text_case.id} == {ref, f"{ref}-2"}  # the same reference: a suffix keeps them apart
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
