"""Generate the built-in letter templates (``packet/templates/*.docx``) with python-docx.

    .venv/bin/python templates/make_templates.py          # rewrite packet/templates/*.docx
    .venv/bin/python templates/make_templates.py --check  # exit 1 if a committed file is out of date

The .docx files are committed (they are what users copy and edit in Word); this script is how they are
made, so a change to the wording is a reviewable diff here and the output is reproducible byte for byte
(fixed core properties, fixed zip timestamps).

The wording is in ``letters.py`` (one function per letter) and ``pieces.py`` (what letters share); this
script lays the paragraphs out. Markup in the paragraph lists: ``**bold**`` makes a bold run; a paragraph
that is only a docxtpl paragraph tag (``{%p if expedited %}``) is removed when the letter is rendered.
What each denial category argues is not here but in ``packet/draft/arguments.toml``; a template prints it
with ``{%p for para in argument %}{{ para }}{%p endfor %}``.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))  # letters.py and pieces.py beside this script
from letters import TEMPLATES

OUT = Path(__file__).resolve().parent.parent / "packet" / "templates"
FONT = "Times New Roman"  # LibreOffice uses the metric-compatible Liberation Serif where it is missing
STAMP = datetime(2026, 1, 1)

# ---------------------------------------------------------------------------------------------- layout


def _runs(paragraph, text: str, size: float | None = None) -> None:
    for i, part in enumerate(re.split(r"\*\*", text)):
        if part:
            run = paragraph.add_run(part)
            run.bold = i % 2 == 1
            if size:
                run.font.size = Pt(size)


def _letterhead(header, voice: str) -> None:
    lines = (
        ["**{{ sender_organization }}**", "{{ sender_name }}, NPI {{ sender_npi }}"]
        if voice == "provider"
        else ["**{{ sender_name }}**"]
    )
    lines += [
        "{{ sender_address_line }}",
        (
            "Phone {{ sender_phone }}{% if sender_fax %}  \u00b7  Fax {{ sender_fax }}{% endif %}"
            "{% if sender_email %}  \u00b7  {{ sender_email }}{% endif %}"
        ),
    ]
    first = header.paragraphs[0]
    for i, line in enumerate(lines):
        p = first if i == 0 else header.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        _runs(p, line, 14 if i == 0 else 9.5)
    rule = header.add_paragraph()
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "808080")):
        bottom.set(qn(k), v)
    pbdr.append(bottom)
    rule._p.get_or_add_pPr().append(pbdr)


def _footer(footer) -> None:
    """Member and reference only: the packet's stamp numbers every page ("Appeal letter, page 1 of 3",
    "Page 5 of 40"), so a page number here would be a second one."""
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _runs(p, "{{ member_name }}  \u00b7  Reference {{ reference }}", 9)


def build(name: str, title: str, voice: str, paragraphs: list[str]) -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.08

    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    section.header_distance = section.footer_distance = Inches(0.5)
    section.different_first_page_header_footer = True
    _letterhead(section.first_page_header, voice)
    cont = section.header.paragraphs[0]
    _runs(cont, "{{ member_name }}, member ID {{ member_id }}, reference {{ reference }}", 9)
    _footer(section.footer)
    _footer(section.first_page_footer)

    body = doc.paragraphs[0] if doc.paragraphs else None
    for i, text in enumerate(paragraphs):
        p = body if (i == 0 and body is not None) else doc.add_paragraph()
        _runs(p, text)
        if text == "{{ para }}":  # the argument's paragraphs, set apart
            p.paragraph_format.space_before = Pt(6)

    props = doc.core_properties
    props.title = title
    props.subject = "Appeal Packet letter template"
    props.keywords = f"appeal-packet; voice={voice}" if voice else "appeal-packet"
    props.comments = (
        "Made by templates/make_templates.py; the values it can print are in templates/README.md."
    )
    props.author = "Appeal Packet"
    props.last_modified_by = "Appeal Packet"
    props.created = props.modified = STAMP
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _normalize_zip(buf.getvalue())


def _normalize_zip(data: bytes) -> bytes:
    """The same bytes on every run: fixed timestamps and order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 if a committed template is out of date")
    ap.add_argument("--out", type=Path, default=OUT, help=f"folder to write (default {OUT})")
    args = ap.parse_args(argv)
    stale = []
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (title, voice, paragraphs) in TEMPLATES.items():
        data = build(name, title, voice, paragraphs)
        path = args.out / f"{name}.docx"
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(path.name)
            continue
        path.write_bytes(data)
        print(path)
    if stale:
        print("out of date: " + ", ".join(stale) + "; run templates/make_templates.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
