"""Helpers for the draft and template tests: reading a drafted DOCX, a small template, a case to draft."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
from docx.enum.text import WD_COLOR_INDEX

from packet.case import Case, load_case, save_case
from samples.cases import make_denial
from samples.pdfmaker import text_pdf

TODAY = date(2026, 1, 20)

# A phrase of each category's argument (arguments.toml) that both voices contain.
ARGUES = {
    "medical_necessity": "is not medically necessary. ",
    "missing_information": "did not have the information it needed",
    "step_therapy": "step-therapy exception",
    "not_covered": "plan provision the denial relies on",
    "out_of_network": "network gap exception",
    "experimental": "experimental or investigational",
    "coding_error": "rests on a coding problem",
    "no_authorization": "retroactive",
    "other": "Answer the plan's stated reason directly",
}


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def all_text(data: bytes) -> str:
    d = open_docx(data)
    parts = [p.text for p in d.paragraphs]
    for s in d.sections:
        for hf in (s.header, s.first_page_header, s.footer, s.first_page_footer):
            parts += [p.text for p in hf.paragraphs]
    return "\n".join(parts)


def highlighted(data: bytes) -> list[str]:
    d = open_docx(data)
    return [r.text for p in d.paragraphs for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]


def no_tags(text: str) -> None:
    assert "{{" not in text and "{%" not in text and "%}" not in text and "}}" not in text
    assert "\ue000" not in text and "\ue001" not in text


def plain_template(path: Path, *paragraphs: str) -> Path:
    doc = docx.Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    doc.save(str(path))
    return path


def make_draft_case(tmp_path: Path, category: str = "step_therapy") -> Case:
    folder = tmp_path / "cases" / "2026-01-12-ab12"
    folder.mkdir(parents=True)
    text_pdf(folder / "denial.pdf", [["Notice of denial"]])
    (folder / "records").mkdir()
    text_pdf(folder / "records" / "office_notes.pdf", [["Notes"]])
    d = make_denial(category)
    case = Case(id=folder.name, folder=folder, denial=d, extracted=d, created="2026-01-20T00:00:00+00:00")
    save_case(case)
    return load_case(folder)
