"""The pre-send check (packet/check.py, 'packet check') and the DRAFT mark 'packet build' puts on a packet
that is not ready: real case folders, real letters (a drafted DOCX with its blanks, or a letter.pdf), real
packets read back with pypdf and rendered with pypdfium2."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from packet.build import BuildOptions, build_packet
from packet.case import load_case, save_case
from packet.check import DRAFT_MARK, check_case, check_workspace
from packet.cli import main
from packet.draft import draft_case
from packet.exceptions import ExitCode
from packet.settings import load_settings
from samples.cases import make_case, text_pdf

TODAY = date(2026, 2, 1)  # the sample case's appeal is due 2026-07-11


def codes(folder: Path, today: date = TODAY) -> dict[str, bool]:
    return {p.code: p.blocking for p in check_case(folder, today).problems}


def page_texts(pdf: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(pdf).pages]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_complete_case_is_ready_and_its_packet_unmarked(tmp_path: Path) -> None:
    folder = make_case(tmp_path, {"notes.pdf": lambda p: text_pdf(p, 2, "Notes")})
    assert codes(folder) == {"no_packet": True}
    r = build_packet(folder)
    assert r.not_ready == []
    assert not any(DRAFT_MARK in t for t in page_texts(r.outputs[0]))
    assert check_case(folder, TODAY).ready
    res = run("check", str(folder), "--today", "2026-02-01")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == ["case-1: ready"]


def test_a_drafted_letter_with_blanks_marks_every_page_and_says_why(tmp_path: Path, need_tool) -> None:
    need_tool("libreoffice")
    folder = make_case(tmp_path, {"notes.pdf": lambda p: text_pdf(p, 1, "Notes")}, letter=None)
    ws = folder.parent.parent
    draft_case(load_case(folder), load_settings(ws), workspace=ws, today=TODAY)
    report = check_case(folder, TODAY)
    blanks = next(p for p in report.blocking if p.code == "blanks")
    assert (
        not report.ready and "letter.docx has" in blanks.message and "blanks to fill in: [" in blanks.message
    )
    res = run("build", str(folder))
    assert res.exit_code == 0, res.output
    assert "NOT READY TO SEND: case-1" in res.stderr and "blanks to fill in" in res.stderr
    texts = page_texts(folder / "packet.pdf")
    assert len(texts) >= 5 and all(DRAFT_MARK in t for t in texts)
    # the mark is red, at the top of every page, and the page's own text still reads
    doc = pdfium.PdfDocument(str(folder / "packet.pdf"))
    try:
        for page in doc:
            img = page.render(scale=1).to_pil().convert("RGB")
            top = [img.getpixel((x, y)) for y in range(2, 16) for x in range(150, 460, 3)]
            assert any(r > 150 and g < 80 and b < 80 for r, g, b in top)
    finally:
        doc.close()
    assert "Appeal of prior authorization denial" in texts[0]
    res = run("check", str(folder), "--today", "2026-02-01")
    assert res.exit_code == ExitCode.not_ready
    assert res.stdout.startswith("case-1: NOT READY\n  - ") and "  - letter.docx has" in res.stdout


def test_a_packet_older_than_its_letter_or_records_is_stale(tmp_path: Path) -> None:
    folder = make_case(tmp_path)
    build_packet(folder)
    assert check_case(folder, TODAY).ready
    later = (folder / "packet.pdf").stat().st_mtime + 10
    text_pdf(folder / "records" / "new-notes.pdf", 1, "New")
    os.utime(folder / "records" / "new-notes.pdf", (later, later))
    report = check_case(folder, TODAY)
    assert [p.code for p in report.blocking] == ["stale_packet"]
    assert "older than new-notes.pdf" in report.blocking[0].message


def test_no_address_fax_or_portal_blocks(tmp_path: Path) -> None:
    folder = make_case(tmp_path)
    case = load_case(folder)
    case.extracted.appeal_to.address = case.extracted.appeal_to.fax = None
    save_case(case)
    build_packet(folder)
    assert codes(folder) == {"no_recipient": True}
    (folder / "corrections.toml").write_text('"appeal_to.fax" = "(800) 555-0123"\n')
    build_packet(folder)
    assert codes(folder) == {}


@pytest.mark.parametrize(
    "today,code,blocking",
    [(date(2026, 7, 9), "deadline_soon", False), (date(2026, 7, 12), "deadline_passed", True)],
)
def test_deadline_passed_blocks_and_within_two_days_warns(
    tmp_path: Path, today: date, code: str, blocking: bool
) -> None:
    folder = make_case(tmp_path)
    build_packet(folder)
    assert codes(folder, today) == {code: blocking}


def test_a_late_letter_with_a_good_cause_request_is_not_blocked_by_the_date(tmp_path: Path) -> None:
    folder = make_case(tmp_path, letter=None)
    text_pdf(folder / "letter.pdf", 1, "I ask that it be accepted for good cause")
    build_packet(folder)
    assert codes(folder, date(2026, 8, 1)) == {"deadline_passed": False}


@pytest.mark.parametrize(
    "letter,expedited,expected",
    [
        ("Please reconsider", True, "the cover says EXPEDITED"),
        ("I request an expedited appeal", False, "the letter asks for an expedited review"),
        ("I request an expedited appeal", True, None),
    ],
)
def test_expedited_on_the_cover_and_in_the_letter_must_agree(
    tmp_path: Path, letter: str, expedited: bool, expected: str | None
) -> None:
    folder = make_case(tmp_path, letter=None)
    text_pdf(folder / "letter.pdf", 1, letter)
    r = build_packet(folder, BuildOptions(expedited=expedited))
    problems = [p for p in check_case(folder, TODAY).problems if p.code == "expedited_mismatch"]
    if expected is None:
        assert problems == [] and r.not_ready == []
    else:
        assert len(problems) == 1 and problems[0].message.startswith(expected)
        assert r.not_ready == [problems[0].message]
        assert all(DRAFT_MARK in t for t in page_texts(r.outputs[0]))


def test_exhibits_cited_but_missing(tmp_path: Path) -> None:
    folder = make_case(tmp_path, {"notes.pdf": lambda p: text_pdf(p, 1, "Notes")}, letter=None)
    text_pdf(folder / "letter.pdf", 1, "See Exhibit A, Exhibit B and Exhibit D")
    r = build_packet(folder)
    assert r.not_ready and "cites Exhibit D but the packet has no such exhibit" in r.not_ready[0]


def test_check_all_lists_open_cases_and_exit_code(tmp_path: Path) -> None:
    ready = make_case(tmp_path, case_id="a-ready")
    build_packet(ready)
    make_case(tmp_path, case_id="b-unbuilt")
    ws = ready.parent.parent
    reports = check_workspace(ws, TODAY)
    assert [(r.case_id, r.ready) for r in reports] == [("a-ready", True), ("b-unbuilt", False)]
    res = run("check", "--all", str(ws), "--today", "2026-02-01")
    assert res.exit_code == ExitCode.not_ready
    assert "a-ready: ready" in res.stdout and "b-unbuilt: NOT READY" in res.stdout
    assert "1 of 2 cases ready to send" in res.stderr
    res = run("check", "--all", str(ws), "--json", "--today", "2026-02-01")
    assert '"ready": false' in res.stdout and '"code": "no_packet"' in res.stdout


def test_an_open_peer_to_peer_window_is_shown_not_blocking(tmp_path: Path) -> None:
    from packet.model import Deadline

    folder = make_case(tmp_path)
    case = load_case(folder)
    case.extracted.deadlines.all = [Deadline(date(2026, 2, 5), "peer_to_peer", "14 days", "letter")]
    save_case(case)
    build_packet(folder)
    report = check_case(folder, TODAY)
    assert report.ready and [p.code for p in report.problems] == ["peer_to_peer"]
    assert "until 2026-02-05" in report.problems[0].message
    assert check_case(folder, date(2026, 2, 6)).problems == []
