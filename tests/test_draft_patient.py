"""A patient with one letter and no workspace: 'packet draft denial.pdf --voice patient' says the deadline,
the step and where to send, and writes a letter without packet.toml blanks; 'packet build denial.pdf
--records ...' makes the packet from the PDF, using the letter beside it. Real sample letters."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from packet.cli import main
from packet.exceptions import ExitCode
from tests.helpers.paths import SAMPLES


@pytest.fixture
def alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with no packet.toml above it, holding a Part D denial and a record."""
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(SAMPLES / "denials" / "14-wegovy-partd-noterm.pdf", tmp_path / "denial.pdf")
    shutil.copyfile(SAMPLES / "records" / "clinical-notes-whitfield.pdf", tmp_path / "notes.pdf")
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_patient_draft_says_the_step_deadline_and_where_to_send(alone: Path) -> None:
    r = run("draft", "denial.pdf", "--voice", "patient", "--today", "2026-10-01")
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "denial.appeal.docx"
    assert "Step: Request for redetermination (Medicare Part D), due 2026-11-19 (49 days left)" in r.stderr
    assert "Send to: Crestpoint Rx, Part D Redeterminations, PO Box 61210, Omaha, NE 68106" in r.stderr
    assert "fax 1-855-555-0135" in r.stderr
    d = docx.Document(io.BytesIO((alone / "denial.appeal.docx").read_bytes()))
    text = "\n".join(p.text for p in d.paragraphs)
    head = "\n".join(p.text for s in d.sections for p in s.first_page_header.paragraphs)
    assert "Lucille Baptiste" in head and "[Your address]" in head
    assert "packet.toml" not in text + head
    assert "Request for a formulary or tiering exception" in text


def test_build_straight_from_the_pdf_uses_the_letter_beside_it(alone: Path, need_tool) -> None:
    need_tool("libreoffice")
    assert run("draft", "denial.pdf", "--voice", "patient", "--today", "2026-10-01").exit_code == 0
    r = run("build", "denial.pdf", "--records", "notes.pdf", "-o", "packet.pdf")
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "packet.pdf"
    reader = PdfReader(alone / "packet.pdf")
    texts = [p.extract_text() or "" for p in reader.pages]
    notes = len(PdfReader(alone / "notes.pdf").pages)
    denial = len(PdfReader(alone / "denial.pdf").pages)
    letter = sum("Appeal letter, page" in t for t in texts)
    assert len(texts) == 1 + letter + 1 + denial + notes  # cover, letter, index, Exhibit A, Exhibit B
    assert "Request for redetermination (Medicare Part D)" in texts[0]
    assert any("Lucille Baptiste" in t and "formulary" in t for t in texts[1 : 1 + letter])
    assert "NOT READY TO SEND: denial.pdf" in r.stderr  # its blanks are still to fill in
    assert not (alone / "cases").exists()  # nothing left behind but the packet


def test_records_and_letter_options_need_a_pdf(alone: Path) -> None:
    (alone / "case").mkdir()
    r = run("build", "case", "--records", "notes.pdf")
    assert r.exit_code == ExitCode.invalid_value and "go with a denial PDF" in r.stderr
    r = run("build", "denial.pdf", "-o", "missing/packet.pdf")
    assert r.exit_code == ExitCode.output_error and "its folder does not exist" in r.stderr
