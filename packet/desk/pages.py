"""The denial's pages as images, and where on them each extracted value was read.

Both are computed once per denial and kept in the case folder's ``.cache/`` (keyed by the denial's
SHA-256 and the extraction's evidence, so a refresh that reads other text computes them again):

    .cache/<sha12>/page-1.png     the page rendered with pypdfium2 (at most limits.LETTER_PAGES pages)
    .cache/<sha12>/boxes.json     page sizes and, per field, the rectangles of its evidence text

A field's evidence (``case.json`` ``evidence``) gives its page and the text it was read from; the text's
position comes from pypdfium2's text search on that page. Evidence joined from several lines (``" / "``)
is searched line by line. A page read with OCR has no text layer to search: it is read again with OCR
(once; the boxes are cached) and the lines holding the evidence are marked.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packet import limits
from packet.case import Case
from packet.fsutil import make_private_dir, write_bytes_atomic, write_text_atomic

log = logging.getLogger("packet.desk")

CACHE_DIR = ".cache"
DPI = 110  # enough to read a letter on a screen; a page is about 150 KB
Rect = tuple[float, float, float, float]  # x, y, width, height in PDF points from the top left

# PDFium is not thread-safe, and the desk serves requests from a pool of threads: every use of it in the
# desk (rendering and searching here; extraction, drafting, checking and building behind the forms) holds
# this lock. Two pages rendered at once came out with glyphs missing ('e denied' for 'We denied').
PDFIUM = threading.RLock()


@dataclass
class PageView:
    number: int
    width: float
    height: float
    boxes: list[tuple[str, Rect]]  # (field, rectangle)


def cache_dir(case: Case) -> Path:
    sha = case.extracted.source.sha256 or "unknown"
    return case.folder / CACHE_DIR / sha[:12]


def _evidence_key(case: Case) -> str:
    data = json.dumps(case.extracted.to_dict().get("evidence") or {}, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def page_image(case: Case, number: int, mode: int) -> Path | None:
    """The PNG of page ``number`` (1-based), rendered on first use; None when there is no such page."""
    path = cache_dir(case) / f"page-{number}.png"
    if path.is_file():
        return path
    import pypdfium2 as pdfium

    with PDFIUM:
        if path.is_file():  # rendered by another request while this one waited
            return path
        pdf = pdfium.PdfDocument(str(case.denial_pdf))
        try:
            if not 1 <= number <= min(len(pdf), limits.LETTER_PAGES):
                return None
            page = pdf[number - 1]
            w, h = page.get_size()
            scale = limits.render_scale(w, h, DPI)
            image = page.render(scale=scale).to_pil()
        finally:
            pdf.close()
    import io

    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=False)
    make_private_dir(path.parent.parent)
    make_private_dir(path.parent)
    return write_bytes_atomic(path, buf.getvalue(), mode)


def page_views(case: Case, mode: int) -> list[PageView]:
    """Each page's size and the evidence rectangles on it (from the cache when it is there)."""
    path = cache_dir(case) / "boxes.json"
    key = _evidence_key(case)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key:
            raise ValueError("stale")
    except (OSError, ValueError):
        with PDFIUM:
            data = {"key": key, "pages": _locate_all(case)}
        make_private_dir(path.parent.parent)
        make_private_dir(path.parent)
        write_text_atomic(path, json.dumps(data), mode)
    return [
        PageView(p["number"], p["width"], p["height"], [(f, tuple(r)) for f, r in p["boxes"]])
        for p in data["pages"]
    ]


def _locate_all(case: Case) -> list[dict[str, Any]]:
    import pypdfium2 as pdfium

    evidence = case.extracted.to_dict().get("evidence") or {}
    pdf = pdfium.PdfDocument(str(case.denial_pdf))
    pages: list[dict[str, Any]] = []
    try:
        for i in range(min(len(pdf), limits.LETTER_PAGES)):
            page = pdf[i]
            w, h = page.get_size()
            text = page.get_textpage()
            wanted = [
                (name, str(ev["text"]))
                for name, ev in evidence.items()
                if isinstance(ev, dict) and ev.get("page") == i + 1 and ev.get("text")
            ]
            boxes = [(name, r) for name, t in wanted for r in find_text(text, t, h)]
            if wanted and not boxes and case.extracted.source.ocr:
                lines = _ocr_lines(pdf, i, case.id)
                boxes = [(name, r) for name, t in wanted for r in find_in_lines(lines, t)]
            pages.append({"number": i + 1, "width": w, "height": h, "boxes": boxes})
    finally:
        pdf.close()
    return pages


def find_text(textpage: Any, text: str, page_height: float) -> list[Rect]:
    """The rectangles of ``text``'s first occurrence on the page (each part of a ``" / "``-joined text on
    its own); empty when it is not there."""
    out: list[Rect] = []
    for part in (p.strip() for p in text.split(" / ")):
        if not part:
            continue
        found = textpage.search(part, match_case=False).get_next()
        if found is None and len(part) > 60:
            found = textpage.search(part[:60], match_case=False).get_next()
        if found is None:
            continue
        index, count = found
        for n in range(textpage.count_rects(index, count)):
            left, bottom, right, top = textpage.get_rect(n)
            out.append(
                (round(left, 1), round(page_height - top, 1), round(right - left, 1), round(top - bottom, 1))
            )
    return out


def _ocr_lines(pdf: Any, index: int, case_id: str) -> list[Any]:
    """The page's lines read with OCR (``packet.ocr``), with their positions; empty when OCR cannot run."""
    from packet.exceptions import PacketError
    from packet.ocr import ocr_pages

    try:
        return list(ocr_pages(pdf, [index], case_id, workers=1).lines.get(index, []))
    except PacketError as e:
        log.info(
            "%s: page %d not read with OCR for the highlights (%s)", case_id, index + 1, type(e).__name__
        )
        return []


def _squash(text: str) -> str:
    return "".join(text.lower().split())


def find_in_lines(lines: list[Any], text: str) -> list[Rect]:
    """The boxes of the OCR lines that hold ``text`` (or each ``" / "`` part of it), spaces ignored, as
    OCR reads them unevenly; a text over several lines marks the lines it starts and continues on."""
    out: list[Rect] = []
    for part in (_squash(p) for p in text.split(" / ")):
        if not part:
            continue
        for n, line in enumerate(lines):
            here = _squash(line.text)
            if not here:
                continue
            if part in here or (len(here) > 8 and part.startswith(here)):
                span = [line]
                rest = part[len(here) :] if part.startswith(here) else ""
                for nxt in lines[n + 1 :]:
                    piece = _squash(nxt.text)
                    if not rest or not piece or not rest.startswith(piece[: min(len(piece), 12)]):
                        break
                    span.append(nxt)
                    rest = rest[len(piece) :]
                out += [_line_box(ln) for ln in span]
                break
    return out


def _line_box(line: Any) -> Rect:
    x1 = max([c.x1 for c in line.cells] or [line.x0 + 6 * len(line.text)])
    return (round(line.x0, 1), round(line.top, 1), round(x1 - line.x0, 1), round(line.bottom - line.top, 1))
