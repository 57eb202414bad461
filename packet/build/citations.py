"""What the letter cites: a packet whose letter names its exhibits by label ("Exhibit C") should name every
exhibit the packet holds, or the reviewer meets records the letter never mentions (records added after the
letter was drafted)."""

from __future__ import annotations

import re
from pathlib import Path

from packet.exhibits import Exhibit


def pdf_text(pdf: Path) -> str:
    """The letter's text, to check what it cites (empty when pdfium cannot read it: the build goes on)."""
    import pypdfium2 as pdfium

    from packet.limits import MAX_RECORD_PAGES
    from packet.read import check_pdf_bounds

    check_pdf_bounds(pdf, MAX_RECORD_PAGES)  # bombs are refused before pdfium holds a page (issue 16)
    try:
        doc = pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError:
        return ""
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def unmentioned_exhibits(
    letter_text: str, letter_name: str, exhibits: list[Exhibit], case_id: str
) -> list[str]:
    """A warning for each exhibit the packet holds that a letter citing exhibits by label does not name
    (records added after the letter was drafted). A letter that cites no "Exhibit X" at all is the user's
    own wording and is left alone."""
    cited = set(re.findall(r"\bExhibit\s+([A-Z]{1,2})\b", letter_text))
    if not cited:
        return []
    return [
        f"{letter_name} does not mention Exhibit {e.label} ({e.title}); add it to the enclosures, or run "
        f"'packet draft {case_id}' again if you have not edited the letter yet"
        for e in exhibits
        if e.label not in cited
    ]
