"""OCR for scanned and faxed pages: render, clean up, run tesseract, rebuild lines with positions.

``read_text`` calls ``ocr_pages`` for the pages that have no usable text layer (``needs_ocr``). Each page is
rendered at 300 dpi with pypdfium2, its specks wiped by a 3-pixel median filter, and read by tesseract
through pytesseract, whose TSV word boxes are rebuilt into the same ``Line``/``Cell`` structure
``read_text`` makes from a text layer: words on one visual line are joined, a wide gap becomes a column
break, a tall gap an empty line. A skewed scan is straightened on the word boxes (the skew measured from
tesseract's own lines), not on the image: rotating the image cost a third of tesseract's time and read
worse. The clean-up steps were chosen by measuring them (``bench/bench_ocr.py``; see ``Preprocess``).

Why pytesseract: it runs the same ``tesseract`` program the benchmark measures (so the overhead is ours and
small), installs without a compiler (tesserocr needs libtesseract headers), and its ``timeout`` kills the
tesseract process of a page that hangs, which an in-process binding cannot do. OCRmyPDF would pull in
pikepdf and Ghostscript and gives a PDF, where extraction needs word boxes.

Pages are read in parallel, one worker per CPU: threads that each wait on a tesseract process; pdfium is not
thread-safe, so rendering is serialized by a lock. Every tesseract runs with ``OMP_THREAD_LIMIT=1`` so N
workers use N cores rather than N times OpenMP's own threads.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageFilter, ImageOps

from packet.exceptions import MissingToolError
from packet.read import COLUMN_GAP, COLUMN_GAP_PT, Cell, Line, _mark_paragraphs

log = logging.getLogger(__name__)

DPI = 300
PAGE_TIMEOUT_S = 60.0  # a page tesseract has not read by then is abandoned with a warning
MIN_PAGE_CHARS = 40  # fewer characters than this on a page: no usable text layer
MIN_GOOD_SHARE = 0.7  # fewer letters, digits and common punctuation than this share: a garbage text layer
LANG = "eng"
# Letters are dark on light: no second pass on lines read inverted (white on black).
CONFIG = "-c tessedit_do_invert=0"
_PDFIUM = threading.Lock()  # pdfium is not thread-safe
_COMMON = set(" .,:;-/()#$%&'\"@*+=?!_[]<>|\u2019\u2018\u201c\u201d\u2013\u2014\u00a7")


@dataclass(frozen=True)
class Preprocess:
    """How a rendered page is cleaned before tesseract reads it.

    Measured on the scanned twins of the samples (bench/bench_ocr.py, first 30 letters): no clean-up
    92.8%, a 3-pixel median 95.3%; a 5-pixel median erodes strokes ('Dr.' read 'Or.'); global Otsu
    binarization saves tesseract 0.18 s a page but costs 2 points ('appeals' read 'appeais'); image
    deskew read worse than none (the word boxes are straightened instead)."""

    deskew: bool = False
    despeckle: int = 3  # the size of a median filter that wipes specks (0: none; 3 or 5 pixels at 300 dpi)
    binarize: bool = False


DEFAULT_PREPROCESS = Preprocess()


@dataclass
class OcrResult:
    lines: dict[int, list[Line]] = field(default_factory=dict)  # page index (0-based) -> lines
    warnings: list[str] = field(default_factory=list)


def needs_ocr(lines: Sequence[Line], page: Any = None) -> bool:
    """True when a page's text layer is missing, too thin, or garbage (a broken font encoding).

    A thin layer (a page number, a fax server's stamp) counts as missing only on a page that holds an
    image, when the pdfium ``page`` is given: a text letter's nearly empty last page is not a scan."""
    text = "".join(ln.text for ln in lines)
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return True
    if len(chars) < MIN_PAGE_CHARS:
        return page is None or _has_image(page)
    good = sum(1 for c in chars if c in _COMMON or (unicodedata.category(c)[0] in "LN" and c.isprintable()))
    return good / len(chars) < MIN_GOOD_SHARE


def _has_image(page: Any) -> bool:
    import pypdfium2.raw as pdfium_c

    with _PDFIUM:
        return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4))


def render(page: Any, dpi: int = DPI) -> Image.Image:
    """A pdfium page as an 8-bit grayscale image at ``dpi``, or lower for a giant page (within
    ``limits.MAX_RENDER_PIXELS``); ``info["dpi"]`` says which."""
    from packet import limits

    with _PDFIUM:
        scale = limits.render_scale(page.get_width(), page.get_height(), dpi)
        img: Image.Image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
    img.info["dpi"] = (scale * 72, scale * 72)
    return img


def blank(img: Image.Image) -> bool:
    """No ink worth reading: fewer than 1 in 2,000 pixels dark."""
    hist = img.reduce(4).histogram()
    return sum(hist[:128]) * 2000 < sum(hist)


def skew_angle(img: Image.Image, limit: float = 2.0) -> float:
    """The rotation (degrees, counter-clockwise) that makes the text lines horizontal.

    Projection profile: rotated correctly, the rows of a page alternate between ink and paper, so the
    row sums vary the most. Searched on a small copy, coarse then fine."""
    small = ImageOps.invert(img.reduce(4))
    h = small.height

    def sharpness(angle: float) -> float:
        rows = list(
            small.rotate(angle, resample=Image.Resampling.BILINEAR)
            .resize((1, h), Image.Resampling.BOX)
            .getdata()
        )
        return float(sum((a - b) ** 2 for a, b in itertools.pairwise(rows)))

    coarse = max((a / 4 for a in range(int(-limit * 4), int(limit * 4) + 1)), key=sharpness)
    return max((coarse + a / 20 for a in range(-5, 6)), key=sharpness)


def otsu_threshold(img: Image.Image) -> int:
    hist = img.histogram()[:256]
    total = sum(hist)
    sum_all = sum(i * h for i, h in enumerate(hist))
    best, best_t, w0, sum0 = -1.0, 128, 0, 0.0
    for t in range(256):
        w0 += hist[t]
        if w0 == 0 or w0 == total:
            continue
        sum0 += t * hist[t]
        m0, m1 = sum0 / w0, (sum_all - sum0) / (total - w0)
        between = w0 * (total - w0) * (m0 - m1) ** 2
        if between > best:
            best, best_t = between, t
    return best_t


def preprocess(img: Image.Image, how: Preprocess) -> Image.Image:
    if how.deskew:
        angle = skew_angle(img)
        if abs(angle) >= 0.1:
            img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if how.despeckle:
        img = img.filter(ImageFilter.MedianFilter(how.despeckle))
    if how.binarize:
        t = otsu_threshold(img)
        img = img.point(lambda v: 255 if v > t else 0).convert("1", dither=Image.Dither.NONE)
    return img


def run_tesseract(image_path: str, *, timeout: float, extension: str = "tsv", config: str = "") -> Any:
    """tesseract on one image file: the TSV as pytesseract's dict, or the PDF bytes for ``extension='pdf'``.

    Raises ``TimeoutError`` when the page takes longer than ``timeout`` seconds (the process is killed)."""
    import pytesseract

    from packet import tools

    pytesseract.pytesseract.tesseract_cmd = tools.require("tesseract")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # pytesseract passes os.environ to tesseract
    try:
        if extension == "pdf":
            return pytesseract.image_to_pdf_or_hocr(
                image_path, lang=LANG, config=f"{CONFIG} {config}", extension="pdf", timeout=timeout
            )
        return pytesseract.image_to_data(
            image_path, lang=LANG, config=CONFIG, output_type=pytesseract.Output.DICT, timeout=timeout
        )
    except RuntimeError as e:
        if "timeout" in str(e).lower():
            raise TimeoutError(str(e)) from e
        raise
    except pytesseract.TesseractNotFoundError as e:
        raise MissingToolError(
            "tesseract",
            "apt-get install tesseract-ocr tesseract-ocr-eng",
            "to read scanned and faxed letters (OCR)",
        ) from e
    except pytesseract.TesseractError as e:
        if "traineddata" in str(e) or "language" in str(e).lower():
            raise MissingToolError(
                "tesseract's English data",
                "apt-get install tesseract-ocr-eng",
                "to read scanned and faxed letters (OCR)",
            ) from e
        raise


# A speck beside a word is read as a quote, underscore or dot stuck to it: '_Member', '“Claim', 'pain’'.
_SPECK_EDGES = re.compile(
    r"^[_‘“\"'`.,~-]+(?=[A-Za-z0-9])|(?<=[A-Za-z0-9.,:;)])[_’”\"`~]+$|(?<=[:;,])[.,'`]+$"
)


_GLUED = re.compile(r"([a-z]{2,})\.([a-z]{2,})([,.;:]?)")
_TLDS = frozenset(
    [
        "com",
        "org",
        "net",
        "gov",
        "edu",
        "us",
        "mil",
        "info",
        "biz",
        "io",
        "co",
        "html",
        "htm",
        "pdf",
        "aspx",
        "php",
    ]
)


@dataclass
class _Word:
    left: int
    top: int
    right: int
    bottom: int
    text: str
    conf: float


def _words(tsv: dict[str, list[Any]], dpi: float = DPI) -> list[tuple[tuple[int, int, int], _Word]]:
    out = []
    for i, text in enumerate(tsv["text"]):
        text = str(text).strip()
        if int(tsv["level"][i]) != 5 or not text:
            continue
        conf = float(tsv["conf"][i])
        height = int(tsv["height"][i])
        if height < dpi / 36 or not any(c.isalnum() or c in "#&%§@" for c in text):
            continue  # a speck read as punctuation or a stray letter (no character is under 2 pt high)
        text = _SPECK_EDGES.sub("", text) or text
        if text[0] == "$" and text[1:2].isalpha():
            text = "S" + text[1:]  # '$V26-389308': a dollar sign is followed by digits
        glued = _GLUED.fullmatch(text)
        if glued and glued.group(2).lower() not in _TLDS:
            text = (
                f"{glued.group(1)} {glued.group(2)}{glued.group(3)}"  # 'request.for': a speck between words
            )
        left, top = int(tsv["left"][i]), int(tsv["top"][i])
        w = _Word(left, top, left + int(tsv["width"][i]), top + int(tsv["height"][i]), text, conf)
        out.append(((int(tsv["block_num"][i]), int(tsv["par_num"][i]), int(tsv["line_num"][i])), w))
    return out


def _straighten(tess_lines: list[list[_Word]]) -> list[list[_Word]]:
    """The words moved to where they would be on a straight page.

    The page's skew is the median slope of tesseract's own long lines (their word bottoms against x): free,
    where straightening the image costs a third of tesseract's time. Each word keeps its size; its centre
    is rotated about the page's centre, so lines side by side come out level."""
    slopes = []
    for ws in tess_lines:
        if len(ws) < 4 or ws[-1].right - ws[0].left < 400:
            continue
        xs = [(w.left + w.right) / 2 for w in ws]
        ys = [float(w.bottom) for w in ws]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        var = sum((x - mx) ** 2 for x in xs)
        if var:
            slopes.append(sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var)
    if not slopes:
        return tess_lines
    slope = sorted(slopes)[len(slopes) // 2]
    if abs(slope) < 0.001:
        return tess_lines
    words = [w for ws in tess_lines for w in ws]
    cx = (min(w.left for w in words) + max(w.right for w in words)) / 2
    cy = (min(w.top for w in words) + max(w.bottom for w in words)) / 2
    cos, sin = 1 / math.sqrt(1 + slope * slope), slope / math.sqrt(1 + slope * slope)
    out = []
    for ws in tess_lines:
        moved = []
        for w in ws:
            dx, dy = (w.left + w.right) / 2 - cx, (w.top + w.bottom) / 2 - cy
            sx, sy = (
                round(cx + dx * cos + dy * sin - (w.left + w.right) / 2),
                round(cy - dx * sin + dy * cos - (w.top + w.bottom) / 2),
            )
            moved.append(_Word(w.left + sx, w.top + sy, w.right + sx, w.bottom + sy, w.text, w.conf))
        out.append(moved)
    return out


def _trim_specks(
    words: list[tuple[tuple[int, int, int], _Word]], image: Image.Image
) -> list[tuple[tuple[int, int, int], _Word]]:
    """Word boxes far wider than their text, cut down to their main run of ink.

    A speck beside a word becomes part of its box, which moves the word's left edge into the next
    column of a table (a date read under the wrong header). The ink of the box, column by column, shows
    the word as one run and the speck apart from it."""
    widths = sorted((w.right - w.left) / len(w.text) for _, w in words if w.conf >= 80 and len(w.text) >= 3)
    if not widths:
        return words
    char = widths[len(widths) // 2]
    out = []
    for key, w in words:
        if w.conf < 90 or w.right - w.left > 1.4 * char * len(w.text) + char:
            w = _main_ink(w, image, char)
        out.append((key, w))
    return out


def _main_ink(w: _Word, image: Image.Image, char: float) -> _Word:
    box = image.crop((w.left, w.top, w.right, w.bottom)).convert("L")
    ink = [v < 240 for v in box.resize((box.width, 1), Image.Resampling.BOX).tobytes()]
    runs: list[list[int]] = []  # [first, last] columns of ink, joined across gaps under a character
    for x, dark in enumerate(ink):
        if not dark:
            continue
        if runs and x - runs[-1][1] <= 0.75 * char:
            runs[-1][1] = x
        else:
            runs.append([x, x])
    if not runs:
        return w
    first, last = max(runs, key=lambda r: r[1] - r[0])
    if last - first < 0.5 * (w.right - w.left):
        return w  # no run stands out as the word: leave the box as tesseract drew it
    return _Word(w.left + first, w.top, w.left + last + 1, w.bottom, w.text, w.conf)


def _span(ws: list[_Word]) -> tuple[float, float]:
    """A line's top and bottom, as the median of its words' (a speck glued to a word cannot stretch it)."""
    tops, bottoms = sorted(w.top for w in ws), sorted(w.bottom for w in ws)
    return tops[len(tops) // 2], bottoms[len(bottoms) // 2]


def _rows(tess_lines: list[list[_Word]]) -> list[list[list[_Word]]]:
    """tesseract's lines grouped into rows: side by side (no horizontal overlap) and on the same level."""
    rows: list[list[list[_Word]]] = []
    for ws in sorted(tess_lines, key=lambda ws: _span(ws)[0]):
        top, bottom = _span(ws)
        left, right = min(w.left for w in ws), max(w.right for w in ws)
        for row in rows:
            rt, rb = _span(row[0])
            level = min(rb, bottom) - max(rt, top) > 0.5 * min(rb - rt, bottom - top)
            apart = all(right < min(w.left for w in o) or left > max(w.right for w in o) for o in row)
            if level and apart:
                row.append(ws)
                break
        else:
            rows.append([ws])
    return rows


def lines_from_tsv(
    tsv: dict[str, list[Any]], dpi: float = DPI, image: Image.Image | None = None
) -> list[Line]:
    """tesseract's words rebuilt into lines: tesseract's own lines, merged when they sit side by side on
    one row (two columns read as two blocks), split into cells at wide gaps, in points from the top.
    With the page ``image``, a word box stretched by a speck tesseract glued to it is trimmed."""
    by_line: dict[tuple[int, int, int], list[_Word]] = {}
    words = _words(tsv, dpi)
    if image is not None:
        words = _trim_specks(words, image)
    for key, w in words:
        by_line.setdefault(key, []).append(w)
    scale = 72 / dpi
    lines = []
    for row in _rows(_straighten(list(by_line.values()))):
        in_row = sorted((w for ws in row for w in ws), key=lambda w: w.left)
        cells: list[Cell] = []
        for w in in_row:
            if cells and (w.left * scale - cells[-1].x1) <= COLUMN_GAP_PT:
                cells[-1] = Cell(cells[-1].x0, w.right * scale, f"{cells[-1].text} {w.text}")
            else:
                cells.append(Cell(w.left * scale, w.right * scale, w.text))
        top, bottom = (v * scale for v in _span(in_row))
        lines.append(Line(COLUMN_GAP.join(c.text for c in cells), cells[0].x0, top, bottom, cells))
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return _mark_paragraphs([_repair_line(ln) for ln in lines])


_CODE_WORDS = re.compile(r"\b(cpt|hcpcs|procedure|code|codes|icd-?10|diagnos[ie]s|dx)\b", re.IGNORECASE)
_ZIP_DOT = re.compile(r"(\b[A-Z]{2},?\s+\d{5}(?:-\d{4})?)\.$")  # 'Mobile, AL 36602.': a speck after the ZIP
_WWW_SPACE = re.compile(r"\bwww\.\s+(?=[a-z0-9])")
_TOKEN = re.compile(r"(?<![\w.])[0-9A-Za-z]{3,5}(?:\.[0-9A-Za-z]{1,4})?(?![\w])")


def _repair_line(line: Line) -> Line:
    """Undo OCR confusions: in procedure and diagnosis codes on a line that names codes; the space OCR
    reads after 'www.' in a web address; a speck read as a period after a ZIP code ending a line."""
    codes = bool(_CODE_WORDS.search(line.text))
    if not codes and "www." not in line.text and not _ZIP_DOT.search(line.text):
        return line
    from packet.extract.codes import repair_ocr_token

    def fix(text: str) -> str:
        text = _ZIP_DOT.sub(r"\1", _WWW_SPACE.sub("www.", text))
        return _TOKEN.sub(lambda m: repair_ocr_token(m.group(0)), text) if codes else text

    cells = [Cell(c.x0, c.x1, fix(c.text)) for c in line.cells]
    return Line(fix(line.text), line.x0, line.top, line.bottom, cells)


def ocr_image(img: Image.Image, *, timeout: float, how: Preprocess | None = None) -> list[Line]:
    """Lines read from one page image (rendered at ``img.info["dpi"]``, else ``DPI``)."""
    dpi = float(img.info.get("dpi", (DPI, DPI))[0])
    img = preprocess(img, how or DEFAULT_PREPROCESS)
    with tempfile.TemporaryDirectory(prefix="packet-ocr-") as tmp:
        path = Path(tmp) / ("page.pbm" if img.mode == "1" else "page.pgm")
        img.save(path)
        tsv = run_tesseract(str(path), timeout=timeout)
    return lines_from_tsv(tsv, dpi, image=img)


def ocr_pages(
    pdf: Any,
    indexes: Sequence[int],
    name: str,
    *,
    timeout: float | None = None,
    how: Preprocess | None = None,
    workers: int | None = None,
) -> OcrResult:
    """Read the pages ``indexes`` (0-based) of an open pdfium document with OCR, in parallel.

    A page that takes longer than ``timeout`` seconds, or that tesseract cannot read, is left out with a
    warning. ``MissingToolError`` when tesseract or its English data is not installed."""
    from packet import tools

    tools.require("tesseract")
    limit = PAGE_TIMEOUT_S if timeout is None else timeout
    how = how or DEFAULT_PREPROCESS
    result = OcrResult()

    def one(i: int) -> list[Line]:
        img = render(pdf[i])
        return [] if blank(img) else ocr_image(img, timeout=limit, how=how)

    n = max(1, min(workers or os.cpu_count() or 1, len(indexes)))
    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="ocr") as pool:
        futures = {i: pool.submit(one, i) for i in indexes}
        for i, fut in futures.items():
            try:
                result.lines[i] = fut.result()
            except TimeoutError:
                result.warnings.append(
                    f"{name}: page {i + 1} took longer than {limit:g} s to read with OCR and was skipped; "
                    "check that page yourself"
                )
            except MissingToolError:
                raise
            except Exception as e:  # tesseract's own failures: one page, not the whole letter
                log.debug("OCR of %s page %d failed", name, i + 1, exc_info=True)
                result.warnings.append(
                    f"{name}: page {i + 1} could not be read with OCR ({e}); check that page"
                )
    return result


# Records: ``packet build --ocr-records`` gives scanned records a text layer so the packet is searchable,
# as ``ocrmypdf --skip-text`` does: pages that have text are left alone.


def _text_only_pdf(img: Image.Image, tmp: Path, timeout: float) -> bytes:
    """An invisible text layer for one page image (tesseract's own PDF renderer, text only)."""
    path = tmp / f"page-{threading.get_ident()}.pgm"
    img.save(path)
    return run_tesseract(  # type: ignore[no-any-return]
        str(path), timeout=timeout, extension="pdf", config=f"--dpi {DPI} -c textonly_pdf=1"
    )


def searchable_pdf(src: Path, dst: Path, *, timeout: float | None = None) -> list[str]:
    """Copy a PDF record to ``dst`` with an invisible text layer on every page that has none.

    Returns warnings (pages skipped); ``dst`` is not written when no page needed OCR."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader, PdfWriter, Transformation

    from packet import tools

    tools.require("tesseract")
    limit = PAGE_TIMEOUT_S if timeout is None else timeout
    warnings: list[str] = []
    pdf = pdfium.PdfDocument(str(src))
    try:
        with _PDFIUM:
            texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        todo = [i for i, t in enumerate(texts) if needs_ocr([Line(t)])]
        if not todo:
            return warnings
        layers: dict[int, bytes] = {}
        with tempfile.TemporaryDirectory(prefix="packet-ocr-") as tmp:

            def one(i: int) -> bytes:
                img = render(pdf[i])
                if blank(img):
                    return b""
                return _text_only_pdf(preprocess(img, DEFAULT_PREPROCESS), Path(tmp), limit)

            with ThreadPoolExecutor(max_workers=max(1, min(os.cpu_count() or 1, len(todo)))) as pool:
                futures = {i: pool.submit(one, i) for i in todo}
                for i, fut in futures.items():
                    try:
                        layers[i] = fut.result()
                    except TimeoutError:
                        warnings.append(
                            f"{src.name}: page {i + 1} took longer than {limit:g} s to read with OCR"
                        )
                    except MissingToolError:
                        raise
                    except Exception as e:
                        warnings.append(f"{src.name}: page {i + 1} could not be read with OCR ({e})")
    finally:
        pdf.close()
    writer = PdfWriter(clone_from=PdfReader(src))
    for i, data in layers.items():
        if not data:
            continue
        page = writer.pages[i]
        if page.rotation % 360:
            warnings.append(f"{src.name}: page {i + 1} is rotated; it was left without a text layer")
            continue
        layer = PdfReader(io.BytesIO(data)).pages[0]
        box, lw, lh = page.cropbox, float(layer.mediabox.width), float(layer.mediabox.height)
        t = (
            Transformation()
            .scale(float(box.width) / lw, float(box.height) / lh)
            .translate(box.left, box.bottom)
        )
        page.merge_transformed_page(layer, t)
    with open(dst, "wb") as f:
        writer.write(f)
    return warnings


def searchable_image(src: Path, dst: Path, *, timeout: float | None = None) -> list[str]:
    """An image record (PNG, JPEG, TIFF, every frame) as a PDF with a text layer: tesseract's own PDF
    output, which keeps a JPEG's bytes as they are."""
    from packet import tools

    tools.require("tesseract")
    limit = PAGE_TIMEOUT_S if timeout is None else timeout
    with Image.open(src) as im:
        turned = im.getexif().get(0x0112, 1) not in (0, 1)
    if turned:  # tesseract ignores EXIF orientation; the builder turns the image itself
        return [f"{src.name}: the photo is stored turned (EXIF); it was left without a text layer"]
    try:
        data = run_tesseract(str(src), timeout=limit * _frames(src), extension="pdf")
    except TimeoutError:
        return [f"{src.name}: took longer than {limit:g} s a page to read with OCR; left as it is"]
    dst.write_bytes(data)
    return []


def _frames(path: Path) -> int:
    with Image.open(path) as im:
        return int(getattr(im, "n_frames", 1))


# A deadline sentence OCR garbled ('within 90 cays', 'within 6O days') is not read by the deadline parser,
# which then falls back on the regulation's default window: often longer than the letter's, so a date
# later than the true one. ``misread_window`` finds such a sentence so the extractor can leave the date
# unknown instead.
_WINDOW = re.compile(r"\bwithin\s+([0-9OoIlSB]{1,3})\s+([A-Za-z]+)", re.IGNORECASE)
_UNITS = ("days", "calendar", "business", "weeks", "months")


def misread_window(text: str) -> str | None:
    """The first 'within N <unit>' in OCR text whose number or unit looks misread, else None."""
    from difflib import SequenceMatcher

    for m in _WINDOW.finditer(text):
        number, unit = m.group(1), m.group(2).lower()
        near = max(SequenceMatcher(None, unit, u).ratio() for u in _UNITS)
        garbled_number = not number.isdigit() and any(c.isdigit() for c in number)
        if (unit not in _UNITS and near >= 0.6) or (garbled_number and near >= 0.6):
            return m.group(0)
    return None
