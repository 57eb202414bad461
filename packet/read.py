"""Stage 1, ``read_text``: a denial PDF in, its pages as lines of text with positions out.

Text comes from pypdfium2 (fast: a few ms a page), built into lines from pdfium's text rectangles so that
two label pairs printed on one line stay apart (a wide gap becomes a column break, ``COLUMN_GAP``) and
paragraphs stay apart (a tall gap becomes an empty line). Every problem with the file is translated here
into the project's own errors, each naming the file and the fix.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from packet import limits
from packet.exceptions import (
    DamagedPdfError,
    EmptyFileError,
    EncryptedPdfError,
    FileNotFoundInputError,
    NotAPdfError,
    NoTextLayerError,
    PacketError,
)
from packet.fsutil import sha256_file

log = logging.getLogger(__name__)

# A denial letter is a few pages; a longer file is a letter with attachments or the wrong file.
MAX_LETTER_PAGES = limits.LETTER_PAGES
# Between two text runs on one line, a gap wider than this many points is a column break.
COLUMN_GAP_PT = 14.0
COLUMN_GAP = "   "  # how a column break is written inside a line
# Fewer characters than this on every page means there is no usable text layer.
MIN_TEXT_CHARS = 40


@dataclass
class Cell:
    x0: float
    x1: float
    text: str


@dataclass
class Line:
    text: str
    x0: float = 0.0
    top: float = 0.0  # distance from the top of the page, in points
    bottom: float = 0.0
    cells: list[Cell] = field(default_factory=list)  # the line split at column breaks, with positions


@dataclass
class Page:
    number: int  # 1-based
    lines: list[Line]
    ocr: bool = False

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)


@dataclass
class Document:
    path: Path
    sha256: str
    page_count: int  # pages in the file
    pages: list[Page]  # pages read (at most MAX_LETTER_PAGES)
    warnings: list[str] = field(default_factory=list)

    @property
    def ocr(self) -> bool:
        return any(p.ocr for p in self.pages)

    @property
    def texts(self) -> list[str]:
        return [p.text for p in self.pages]


def check_pdf_file(path: Path) -> None:
    """Cheap checks before a parser sees the file: exists, not empty, really a PDF."""
    if not path.exists():
        raise FileNotFoundInputError(path)
    if not path.is_file():
        raise NotAPdfError(path, "not a file")
    size = path.stat().st_size
    if size == 0:
        raise EmptyFileError(path)
    with open(path, "rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        low = head.lower()
        if b"<html" in low or b"<!doctype html" in low:
            raise NotAPdfError(path, "a web page (HTML) saved with a .pdf name, not a PDF")
        if head.startswith(b"PK"):
            raise NotAPdfError(path, "a Word or ZIP file, not a PDF")
        raise NotAPdfError(path)


def open_pdf(path: Path):  # type: ignore[no-untyped-def]
    """Open with pdfium, translating its errors; then bound what its first pages inflate to (pdfium has no
    limit of its own), see ``packet.limits``."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        raise _open_error(path, str(e)) from e
    try:
        check_pdf_bounds(path)
    except BaseException:
        pdf.close()
        raise
    return pdf


def _open_error(path: Path, message: str) -> PacketError:
    """The error for a file pdfium would not open. pdfium's last-error code is process-wide and can be left
    over from an earlier file, so "password" is believed only when the file has an /Encrypt entry."""
    if "password" in message.lower() and _mentions(path, b"/Encrypt"):
        return EncryptedPdfError(path)
    try:
        from pypdf import PdfReader

        with _quiet_pypdf():
            if len(PdfReader(path, strict=False).pages) == 0:
                return DamagedPdfError(path, "the PDF has no pages")
    except Exception as e:
        log.debug("%s: page count unknown (%s)", path.name, e.__class__.__name__)
    return DamagedPdfError(path)


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf's repair notes name no file and would break the one-line error; ours do (structure_warnings)."""
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        yield
    finally:
        quiet.setLevel(level)


def _mentions(path: Path, word: bytes) -> bool:
    with open(path, "rb") as f:
        prev = b""
        for chunk in iter(lambda: f.read(1 << 20), b""):
            if word in prev[-len(word) :] + chunk:
                return True
            prev = chunk
    return False


def check_pdf_bounds(path: Path, pages: int = limits.LETTER_PAGES) -> None:
    """``InputTooLargeError`` for a decompression bomb in the first ``pages`` pages, ``DamagedPdfError`` for
    objects nested past any real file. A structure pypdf cannot follow is left to pdfium (it repairs more)."""
    from pypdf import PdfReader

    try:
        with _quiet_pypdf(), open(path, "rb") as fh:
            reader = PdfReader(fh, strict=False)
            if reader.is_encrypted:
                reader.decrypt("")
            limits.check_pdf_streams(reader, path, limits.first_pages(reader, pages))
    except PacketError:
        raise
    except Exception as e:
        log.debug("%s: bounds not checked (%s)", path.name, e.__class__.__name__)


LETTER_XREF_FIX = "check the fields, or print the letter to a new PDF"
RECORD_XREF_FIX = "check that all its pages are in the packet, or print it to a new PDF"


def structure_warnings(path: Path, fix: str = LETTER_XREF_FIX) -> list[str]:
    """A warning when the file's cross-reference table is broken (pdfium and pypdf rebuild it while
    reading)."""
    try:
        with open(path, "rb") as f:
            size = f.seek(0, 2)
            f.seek(max(0, size - 2048))
            tail = f.read()
            m = list(re.finditer(rb"startxref\s+(\d+)", tail))
            ok = False
            if m:
                offset = int(m[-1].group(1))
                if offset < size:
                    f.seek(offset)
                    head = f.read(32)
                    ok = head.startswith(b"xref") or re.match(rb"\s*\d+\s+\d+\s+obj", head) is not None
    except (OSError, ValueError):
        return []
    if ok:
        return []
    return [(f"{path.name}: the PDF's cross-reference table is broken and was repaired while reading; {fix}")]


def _lines_from_textpage(textpage, page_height: float) -> list[Line]:  # type: ignore[no-untyped-def]
    runs: list[tuple[float, float, float, float, str]] = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top)
        text = text.replace("\r", " ").replace("\n", " ").replace("\x00", "")
        if text.strip():
            runs.append((left, bottom, right, top, text))
    # Group runs into lines: same line when their vertical spans overlap by half the smaller height.
    runs.sort(key=lambda r: (-r[3], r[0]))
    groups: list[list[tuple[float, float, float, float, str]]] = []
    for run in runs:
        for g in groups:
            gb = min(r[1] for r in g)
            gt = max(r[3] for r in g)
            overlap = min(gt, run[3]) - max(gb, run[1])
            if overlap > 0.5 * min(gt - gb, run[3] - run[1]):
                g.append(run)
                break
        else:
            groups.append([run])
    lines: list[Line] = []
    for g in groups:
        g.sort(key=lambda r: r[0])
        cells: list[Cell] = []
        for left, _b, right, _t, text in g:
            glue = "" if text[:1] != " " and cells and left - cells[-1].x1 < 0.8 else " "
            text = " ".join(text.split())
            if cells and left - cells[-1].x1 <= COLUMN_GAP_PT:
                cells[-1] = Cell(cells[-1].x0, right, f"{cells[-1].text}{glue}{text}".strip())
            else:
                cells.append(Cell(left, right, text))
        top = max(r[3] for r in g)
        bottom = min(r[1] for r in g)
        joined = COLUMN_GAP.join(c.text for c in cells)
        lines.append(Line(joined, g[0][0], page_height - top, page_height - bottom, cells))
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return _mark_paragraphs(lines)


def _mark_paragraphs(lines: list[Line]) -> list[Line]:
    """Insert an empty line where the vertical gap between two lines is much taller than a line."""
    if len(lines) < 2:
        return lines
    heights = sorted(max(ln.bottom - ln.top, 1.0) for ln in lines)
    h = heights[len(heights) // 2]
    out = [lines[0]]
    for prev, ln in itertools.pairwise(lines):
        if ln.top - prev.bottom > 0.9 * h:
            out.append(Line("", prev.x0, prev.bottom, ln.top))
        out.append(ln)
    return out


def read_text(
    path: str | Path, max_pages: int = MAX_LETTER_PAGES, *, require_text: bool = True, ocr: bool = True
) -> Document:
    """Read a denial PDF's text, page by page.

    Raises the project's input errors for a missing, empty, non-PDF, damaged or password-protected file,
    and ``NoTextLayerError`` when no page has usable text and ``require_text`` is set. Pages without a
    usable text layer (a scan, a fax) are read with OCR (``packet.ocr``) unless ``ocr`` is false.
    """
    path = Path(path)
    check_pdf_file(path)
    pdf = open_pdf(path)
    try:
        count = len(pdf)
        if count == 0:
            raise DamagedPdfError(path, "the PDF has no pages")
        doc = Document(path=path, sha256=sha256_file(path), page_count=count, pages=[])
        doc.warnings.extend(structure_warnings(path))
        if count > max_pages:
            doc.warnings.append(
                f"{path.name} has {count} pages; only the first {max_pages} were read as the letter "
                "(put records in the case's records/ folder, not in the denial)"
            )
        for i in range(min(count, max_pages)):
            try:
                page = pdf[i]
                tp = page.get_textpage()
                lines = _lines_from_textpage(tp, page.get_height())
            except Exception as e:  # pdfium raises plain errors for broken page content
                log.warning("%s: page %d could not be read (%s)", path.name, i + 1, e)
                lines = []
            doc.pages.append(Page(number=i + 1, lines=lines))
        if ocr:
            _read_scanned_pages(pdf, doc)
    finally:
        pdf.close()
    if require_text and not has_text(doc):
        raise NoTextLayerError(path)
    return doc


def _read_scanned_pages(pdf, doc: Document) -> None:  # type: ignore[no-untyped-def]
    """Read with OCR the pages that have no usable text layer; without tesseract, say how to install it."""
    from packet import ocr
    from packet.exceptions import MissingToolError, OcrFailedError

    todo = [p.number - 1 for p in doc.pages if ocr.needs_ocr(p.lines, pdf[p.number - 1])]
    if not todo:
        return
    try:
        result = ocr.ocr_pages(pdf, todo, doc.path.name)
    except MissingToolError as e:
        if not has_text(doc):
            raise NoTextLayerError(doc.path, str(e)) from e
        pages = ", ".join(str(i + 1) for i in todo)
        doc.warnings.append(f"{doc.path.name}: page(s) {pages} have no text layer and were not read: {e}")
        return
    for i, lines in result.lines.items():
        if lines:
            doc.pages[i] = Page(number=i + 1, lines=lines, ocr=True)
    if result.warnings and not has_text(doc):
        raise OcrFailedError(doc.path, "; ".join(w.split(": ", 1)[-1] for w in result.warnings))
    doc.warnings.extend(result.warnings)


def has_text(doc: Document) -> bool:
    chars = sum(len(ln.text.strip()) for p in doc.pages for ln in p.lines)
    return chars >= MIN_TEXT_CHARS
