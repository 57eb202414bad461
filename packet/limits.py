"""Safety limits on what the tool will read: the numbers in one place, and the checks that enforce them.

Every input comes from a fax server, a scanner, a download or a user's folder, so every read is bounded:
a file over a limit is an ``InputTooLargeError`` (exit 9) naming the file and the limit, never an
out-of-memory kill or a run that does not end. The numbers are chosen so that one file stays well inside
10 s and 500 MB, and so that real paperwork (a 600 dpi colour scan, a 2,000-page chart) is never refused.

    check_pdf_streams(reader, path, pages=range(12))   # decompression bombs, nesting, loops
    check_image_size(path, width, height)              # pixel bombs (Pillow's own limit is global: not used)
    check_zip(path)                                    # DOCX zip bombs, DTDs (XXE), macros
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from packet.exceptions import DamagedPdfError, InputTooLargeError, UnsafeInputError

# -- PDFs ----------------------------------------------------------------------------------------------
# A denial letter: only its first pages are read (the rest is attachments or the wrong file; a warning).
LETTER_PAGES = 12
# A record in records/: more pages than this is refused (a whole chart export belongs split by visit).
MAX_RECORD_PAGES = 3000
# One compressed stream (page content, form, image) may inflate to at most this many bytes.
MAX_STREAM_BYTES = 256 * 1024 * 1024
# Form XObjects nested deeper than this inside one page are refused (real files nest two or three).
MAX_NESTING = 32
# Drawing operators on one page (its content streams and the forms it draws, each form counted once).
# A typed letter page has hundreds, a dense vector chart tens of thousands; a page of millions is a
# memory and time bomb (pdfium keeps every path: 25 MB of "0 0 m 9 9 l S" took 1 GB and 25 s).
MAX_PAGE_OPERATORS = 1_000_000
# Streams inflated in chunks of this size and thrown away: the check itself needs little memory.
_CHUNK = 1 << 20
# Operators are counted as words that start with a letter (or ' ") after a space or delimiter: the bytes
# are mapped to three classes (letter, name-or-number, space) and the starts counted, at C speed.
_CLASSES = bytes(
    ord("a") if chr(b).isascii() and (chr(b).isalpha() or chr(b) in "'\"*") else
    ord("0") if chr(b).isdigit() or chr(b) in "/#.+-" else ord(" ")
    for b in range(256)
)  # fmt: skip

# -- Images --------------------------------------------------------------------------------------------
# 50 megapixels: a letter page at 800 dpi. Decoded RGB is 150 MB; two copies stay under 500 MB.
MAX_IMAGE_PIXELS = 50_000_000

# A page rendered for OCR: at most this many pixels (a Letter page at 300 dpi is 8.4 million; a page
# 200 inches square at 300 dpi would be 3.6 billion, 3.6 GB of gray). ``render_scale`` lowers the dpi.
MAX_RENDER_PIXELS = 40_000_000

# -- DOCX ----------------------------------------------------------------------------------------------
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024  # all parts together, as their headers declare
MAX_DOCX_PARTS = 5000
MAX_DOCX_RATIO = 200  # one part may not inflate more than this many times its compressed size (and > 1 MB)
_PROLOG_BYTES = 4096  # a DTD sits in the prolog, before the root element

# -- External programs ---------------------------------------------------------------------------------
CONVERT_SECONDS = 120  # LibreOffice, one file (packet.convert adds 30 s per further file in a batch)

MB = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / MB:,.0f} MB"


# ------------------------------------------------------------------------------------------------------
# PDF streams


def _filters(stream: Any) -> list[str]:
    f = stream.get("/Filter")
    if f is None:
        return []
    f = f.get_object() if hasattr(f, "get_object") else f
    if isinstance(f, list):
        return [str(x) for x in f]
    return [str(f)]


def inflated_size(data: bytes, layers: int, cap: int, seen: Callable[[bytes], None] | None = None) -> int:
    """How many bytes ``data`` inflates to through ``layers`` nested Flate filters, stopping past ``cap``.

    Decompresses in chunks and discards them, so memory stays about one chunk per layer. Returns a number
    above ``cap`` as soon as the output passes it; a stream that is not valid zlib counts as its own size.
    ``seen`` is given each inflated chunk (it may raise to stop early).
    """
    if layers <= 0:
        if seen is not None:
            for at in range(0, len(data), _CHUNK):
                seen(data[at : at + _CHUNK])
        return len(data)

    def pieces(src: Iterable[bytes]) -> Iterable[bytes]:
        d = zlib.decompressobj()
        for chunk in src:
            buf = chunk
            while buf:
                out = d.decompress(buf, _CHUNK)
                if out:
                    yield out
                buf = d.unconsumed_tail
                if d.eof:
                    return
        tail = d.flush()
        if tail:
            yield tail

    stream: Iterable[bytes] = [data]
    for _ in range(layers):
        stream = pieces(stream)
    total = 0
    try:
        for out in stream:
            total += len(out)
            if total > cap:
                return total
            if seen is not None:
                seen(out)
    except zlib.error:
        return max(total, len(data))
    return total


class OperatorCount:
    """Counts the drawing operators of one page across its streams; raises once past the limit."""

    def __init__(self, path: Path, where: str, limit: int | None = None) -> None:
        self.path, self.where, self.n = path, where, 0
        self.limit = MAX_PAGE_OPERATORS if limit is None else limit

    def __call__(self, chunk: bytes) -> None:
        self.n += chunk.translate(_CLASSES).count(b" a") + (chunk[:1].translate(_CLASSES) == b"a")
        if self.n > self.limit:
            raise InputTooLargeError(
                self.path,
                f"{self.where} draws over {self.limit:,} operators (a memory bomb or a broken file)",
                "print it to a new PDF or scan the paper again",
            )


def _check_stream(stream: Any, path: Path, where: str, ops: OperatorCount | None = None) -> None:
    """Bound what ``stream`` inflates to; with ``ops`` (a content stream or form), count its operators."""
    filters = _filters(stream)
    flate = 0
    for f in filters:
        if f not in ("/FlateDecode", "/Fl"):
            break
        flate += 1
    if flate < len(filters):  # another filter first (or only): its output is not counted here
        ops = None
    if not flate and ops is None:
        return
    size = inflated_size(stream._data, flate, MAX_STREAM_BYTES, ops)
    if size > MAX_STREAM_BYTES:
        raise InputTooLargeError(
            path,
            f"{where} holds a compressed stream that inflates to over {_mb(MAX_STREAM_BYTES)} "
            "(a decompression bomb or a broken file)",
            "print it to a new PDF or scan the paper again",
        )


def check_page_streams(page: Any, path: Path, number: int) -> None:
    """Bound every Flate stream page ``number`` (1-based) draws: its contents, forms (recursively) and
    images. Raises ``InputTooLargeError`` for a bomb, ``DamagedPdfError`` for forms nested too deep."""
    from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

    where = f"page {number}"
    seen: set[int] = set()
    ops = OperatorCount(path, where)

    def visit(obj: Any, depth: int) -> None:
        ref = getattr(obj, "indirect_reference", None)
        if ref is not None:
            if ref.idnum in seen:
                return  # shared or self-referencing: checked once
            seen.add(ref.idnum)
        if depth > MAX_NESTING:
            raise DamagedPdfError(
                path, f"{where} nests forms more than {MAX_NESTING} deep (a loop or a hostile file)"
            )
        if isinstance(obj, StreamObject):
            form = obj.get("/Subtype") == "/Form"
            _check_stream(obj, path, where, ops if form else None)
        res = obj.get("/Resources") if isinstance(obj, DictionaryObject) else None
        res = res.get_object() if res is not None else None
        if not isinstance(res, DictionaryObject):
            return
        xobjects = res.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else None
        if isinstance(xobjects, DictionaryObject):
            for value in xobjects.values():
                visit(value.get_object(), depth + 1)

    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    for part in contents if isinstance(contents, ArrayObject) else [contents] if contents is not None else []:
        part = part.get_object()
        if isinstance(part, StreamObject):
            _check_stream(part, path, where, ops)
    visit(page, 0)


MAX_TREE_NODES = 100_000  # page-tree nodes visited to find the first pages


def first_pages(reader: Any, n: int) -> list[Any]:
    """The first ``n`` pages, found by walking the page tree (pypdf's ``reader.pages`` flattens all of it:
    a second for 5,000 pages). Loops are skipped; inherited /Resources are copied onto the page seen."""
    from pypdf.generic import DictionaryObject, NameObject

    root: Any = reader.trailer["/Root"].get_object()["/Pages"].get_object()
    stack: list[tuple[Any, Any]] = [(root, None)]
    seen: set[int] = set()
    out: list[Any] = []
    visits = 0
    while stack and len(out) < n and visits < MAX_TREE_NODES:
        node, inherited = stack.pop()
        visits += 1
        ref = node.indirect_reference
        if ref is not None:
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
        if not isinstance(node, DictionaryObject):
            continue
        res = node.get("/Resources", inherited)
        kids = node.get("/Kids")
        if kids is None or node.get("/Type") == "/Page":
            page = node if "/Resources" in node or res is None else DictionaryObject(node)
            if page is not node:
                page[NameObject("/Resources")] = res
            out.append(page)
            continue
        for kid in reversed(list(kids.get_object())):
            stack.append((kid.get_object(), res))
    return out


def check_pdf_streams(reader: Any, path: Path, pages: Iterable[int] | list[Any]) -> None:
    """``check_page_streams`` for each page in ``pages`` (0-based indexes, or page objects as
    ``first_pages`` gives); pypdf's own limits and a recursion past Python's stack become the project's
    errors."""
    from pypdf.errors import LimitReachedError

    try:
        for i, page in enumerate(pages):
            if isinstance(page, int):
                i = page
                if i >= len(reader.pages):
                    break
                page = reader.pages[i]
            check_page_streams(page, path, i + 1)
    except LimitReachedError as e:
        raise InputTooLargeError(
            path, f"the PDF is over a safety limit ({e})", "print it to a new PDF or scan the paper again"
        ) from e
    except RecursionError as e:
        raise DamagedPdfError(path, "the PDF's objects are nested too deeply or refer to themselves") from e


def declared_pages(reader: Any) -> int:
    """The page count the file's page tree declares (/Count), read without walking the tree (pypdf's
    ``len(reader.pages)`` walks all of it: 100,000 pages took 9.5 s and 465 MB before being refused);
    0 when it cannot be read."""
    try:
        return int(reader.trailer["/Root"].get_object()["/Pages"].get_object()["/Count"])
    except Exception:  # a broken tree is counted the slow way, by walking it
        return 0


def check_page_count(path: Path, pages: int, limit: int | None = None) -> None:
    """``InputTooLargeError`` for a record with more than ``MAX_RECORD_PAGES`` pages (or frames)."""
    limit = MAX_RECORD_PAGES if limit is None else limit
    if pages > limit:
        raise InputTooLargeError(
            path,
            f"{pages:,} pages, over the limit of {limit:,} for one record",
            "split it into smaller files (one per visit or report) in records/",
        )


# ------------------------------------------------------------------------------------------------------
# Images


def check_image_size(path: Path, width: int, height: int) -> None:
    """``InputTooLargeError`` when an image (one frame) has more than ``MAX_IMAGE_PIXELS`` pixels."""
    if width * height > MAX_IMAGE_PIXELS:
        raise InputTooLargeError(
            path,
            f"the image is {width:,} x {height:,} pixels, over the limit of "
            f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels",
            "scan or export it again at 300 dpi or less",
        )


def render_scale(width_pt: float, height_pt: float, dpi: float) -> float:
    """pdfium's ``scale`` for rendering a page at ``dpi``, lowered so the bitmap stays within
    ``MAX_RENDER_PIXELS`` (a giant page is read at a lower resolution instead of exhausting memory)."""
    scale = dpi / 72.0
    pixels = max(width_pt * scale, 1.0) * max(height_pt * scale, 1.0)
    if pixels > MAX_RENDER_PIXELS:
        scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
    return scale


# ------------------------------------------------------------------------------------------------------
# DOCX (zip) files


def check_zip(path: Path, z: zipfile.ZipFile) -> None:
    """Before anything opens a Word file's parts: bound its size, and refuse DTDs and macros.

    - zip bombs: the parts' declared sizes in all, the number of parts, each part's compression ratio
      (Python's zipfile stops reading a part at its declared size, so the declared sizes are the bound);
    - XML external entities: Word never writes a document type declaration, so any ``<!DOCTYPE`` or
      ``<!ENTITY`` in a part's prolog is refused before any XML parser (ours or LibreOffice's) sees it;
    - macros: a ``vbaProject.bin`` or a macro-enabled content type (a .docm renamed .docx) is refused.
    """
    infos = z.infolist()
    if len(infos) > MAX_DOCX_PARTS:
        raise InputTooLargeError(
            path, f"the Word file has {len(infos):,} parts (over {MAX_DOCX_PARTS:,})", _DOCX_FIX
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_DOCX_UNCOMPRESSED:
        raise InputTooLargeError(
            path,
            f"the Word file unpacks to {_mb(total)}, over the limit of {_mb(MAX_DOCX_UNCOMPRESSED)}",
            _DOCX_FIX,
        )
    for i in infos:
        if i.file_size > MB and i.file_size > MAX_DOCX_RATIO * max(i.compress_size, 1):
            raise InputTooLargeError(
                path,
                f"the Word file's part {i.filename} is a zip bomb ({_mb(i.file_size)} packed small)",
                _DOCX_FIX,
            )
    names = {i.filename.lower() for i in infos}
    if any(n.endswith("vbaproject.bin") for n in names):
        raise UnsafeInputError(path, "the Word file contains macros", _MACRO_FIX)
    for i in infos:
        if not i.filename.lower().endswith((".xml", ".rels")):
            continue
        with z.open(i) as f:
            head = f.read(_PROLOG_BYTES if i.filename != "[Content_Types].xml" else 16 * _PROLOG_BYTES)
            if i.filename == "[Content_Types].xml" and b"macroenabled" in head.lower():
                raise UnsafeInputError(path, "the Word file is macro-enabled (.docm)", _MACRO_FIX)
            declares = _declares_entities(head, f)  # the whole part: a DTD after the first 4 KB counts too
        if declares:
            raise UnsafeInputError(
                path,
                f"the Word file's part {i.filename} declares XML entities (which Word never writes)",
                "open it in Word or LibreOffice and save it again as .docx",
            )


def _declares_entities(head: bytes, rest: Any) -> bool:
    """``<!DOCTYPE`` or ``<!ENTITY`` anywhere in a part (``head`` read, ``rest`` the open part), read in
    chunks with an overlap so that a declaration split between two chunks is found."""
    tail = b""
    chunk = head
    while chunk:
        upper = (tail + chunk).upper()
        if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
            return True
        tail = upper[-16:]
        chunk = rest.read(_CHUNK)
    return False


_DOCX_FIX = "open it in Word or LibreOffice and save it again as .docx, or export it to PDF"
_MACRO_FIX = "save it in Word as a plain Word Document (.docx) without macros, or export it to PDF"
