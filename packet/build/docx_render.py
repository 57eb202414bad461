"""A DOCX rendered to PDF without LibreOffice: paragraphs, headings, lists, tables, bold/italic/underline.

The layout is approximate (no headers, footers, images or exact spacing); ``packet.convert`` uses it only
when LibreOffice is missing, and says so. Output is deterministic (reportlab ``invariant``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from packet.build.fonts import family, safe
from packet.exceptions import DamagedDocxError
from packet.fsutil import atomic_path

_ALIGN = {"CENTER": 1, "RIGHT": 2, "JUSTIFY": 4, "DISTRIBUTE": 4}


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    regular, bold, _, _ = family("serif")
    body = ParagraphStyle("body", fontName=regular, fontSize=11, leading=14.5, spaceAfter=6)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=16, leading=20, spaceAfter=10),
        "h1": ParagraphStyle("h1", parent=body, fontName=bold, fontSize=13.5, leading=17, spaceBefore=8),
        "h2": ParagraphStyle("h2", parent=body, fontName=bold, fontSize=12, leading=15, spaceBefore=6),
        "list": ParagraphStyle("list", parent=body, leftIndent=18, bulletIndent=6, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=body, fontSize=10, leading=12.5, spaceAfter=0),
    }


def _markup(paragraph: Any) -> str:
    """The paragraph's runs as reportlab mini-HTML (bold, italic, underline, line breaks, tabs)."""
    parts = []
    for run in paragraph.runs:
        text = escape(safe(run.text or "", "serif")).replace("\t", "&nbsp;" * 4).replace("\n", "<br/>")
        if not text:
            continue
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        if run.underline:
            text = f"<u>{text}</u>"
        parts.append(text)
    return "".join(parts)


def _style_for(paragraph: Any, styles: dict[str, Any]) -> tuple[Any, str | None]:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    low = name.lower()
    if low == "title":
        return styles["title"], None
    if low.startswith("heading"):
        return (styles["h1"] if low.endswith("1") else styles["h2"]), None
    if low.startswith("list bullet"):
        return styles["list"], "\u2022"
    if low.startswith("list number"):
        return styles["list"], "#"
    return styles["body"], None


def _paragraph(paragraph: Any, styles: dict[str, Any], counter: list[int]) -> list[Any]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    style, bullet = _style_for(paragraph, styles)
    align = paragraph.alignment
    if align is not None and align.name in _ALIGN:
        style = ParagraphStyle(f"{style.name}-{align.name}", parent=style, alignment=_ALIGN[align.name])
    out: list[Any] = []
    text = _markup(paragraph)
    if bullet == "#":
        counter[0] += 1
        bullet = f"{counter[0]}."
    elif bullet is None:
        counter[0] = 0
    out.append(Paragraph(text, style, bulletText=bullet) if text.strip() else Spacer(1, style.leading * 0.6))
    if any(getattr(r, "contains_page_break", False) for r in paragraph.runs):
        out.append(PageBreak())
    return out


def _table(table: Any, styles: dict[str, Any], width: float) -> Any:
    from reportlab.platypus import Paragraph, Table, TableStyle

    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            text = "<br/>".join(_markup(p) for p in cell.paragraphs)
            cells.append(Paragraph(text, styles["cell"]))
        rows.append(cells)
    if not rows:
        return None
    ncols = max(len(r) for r in rows)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    t = Table(rows, colWidths=[width / ncols] * ncols, repeatRows=0)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "#666666"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return t


def render_docx(docx: Path, out_pdf: Path) -> Path:
    """Render ``docx`` to ``out_pdf`` on US Letter with 1-inch margins."""
    import docx as python_docx
    from docx.table import Table as DocxTable
    from reportlab.lib.pagesizes import LETTER
    from reportlab.platypus import SimpleDocTemplate, Spacer

    try:
        document = python_docx.Document(str(docx))
    except Exception as e:  # python-docx raises several types for a broken package
        raise DamagedDocxError(docx) from e
    styles = _styles()
    margin = 72.0
    width = LETTER[0] - 2 * margin
    story: list[Any] = []
    counter = [0]
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            t = _table(block, styles, width)
            if t is not None:
                story += [t, Spacer(1, 8)]
        else:
            story += _paragraph(block, styles, counter)
    if not story:
        story.append(Spacer(1, 1))
    with atomic_path(out_pdf) as part:
        doc = SimpleDocTemplate(
            str(part), pagesize=LETTER, leftMargin=margin, rightMargin=margin, topMargin=margin,
            bottomMargin=margin, invariant=1, title="", author="", creator="Appeal Packet",
        )  # fmt: skip
        doc.build(story)
    return out_pdf
