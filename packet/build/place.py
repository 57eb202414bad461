"""Put source pages on packet pages: clean, fitted, stamped.

A record's page becomes a Form XObject (its content streams and resources, clipped to its crop box) drawn
on a new US Letter page: nothing else of the original page comes along (no annotations, actions, links,
JavaScript, form fields, thumbnails), except that visible annotation appearances (filled-in form fields,
stamps, comments) are drawn into the page ("flattened") so the reviewer sees what the record showed.
Document-level parts (open actions, named JavaScript, embedded files, AcroForm, outlines) are never read.

The footer stamp is plain text in standard Helvetica (one shared font object, no embedding), drawn in the
band below ``layout.FOOTER`` that the content never enters.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from packet.build.fonts import winansi
from packet.build.images import Frame
from packet.build.layout import FOOTER, IDENTITY, PAGE_H, PAGE_W, SIDE, Matrix, cm, fit_matrix, then
from packet.build.strip import strip_active

STAMP_SIZE = 8.0
STAMP_Y = 11.0
RULE_Y = FOOTER - 5.0


@dataclass
class Source:
    """Something to draw: ``ops`` paint it in its own coordinates, inside ``box``, with ``xobjects``."""

    box: tuple[float, float, float, float]
    rotate: int
    ops: str
    xobjects: dict[str, Any] = field(default_factory=dict)


@dataclass
class Stamp:
    left: str  # member and reference
    center: str  # "Exhibit B, page 3 of 12"
    right: str  # "Page 17 of 80" (and the Bates number)
    mark: str = ""  # "DRAFT - NOT READY TO SEND" on a packet that is not ready (``packet.check``)


MARK_SIZE = 11.0
MARK_BAND = 18.0  # the white band at the top of the page the mark's line sits in
FRAME_WIDTH = 3.0
FRAME_INSET = 2.0


def _name(n: str) -> NameObject:
    return NameObject(n)


def _pdf(value: Any) -> Any:
    """Plain Python values as pypdf objects (for image dictionaries)."""
    if isinstance(value, str) and value.startswith("/"):
        return NameObject(value)
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return NumberObject(value)
    if isinstance(value, float):
        return FloatObject(value)
    if isinstance(value, dict):
        return DictionaryObject({NameObject(k): _pdf(v) for k, v in value.items()})
    if isinstance(value, list):
        return ArrayObject(_pdf(v) for v in value)
    return value


def _stream(data: bytes, entries: dict[str, Any] | None = None, compress: bool = False) -> StreamObject:
    s: StreamObject
    if compress:
        s = EncodedStreamObject()
        s._data = zlib.compress(data, 6)
        s[_name("/Filter")] = NameObject("/FlateDecode")
    else:
        s = DecodedStreamObject()
        s._data = data
    for k, v in (entries or {}).items():
        s[_name(k)] = v
    return s


class PageMaker:
    """Adds finished packet pages to ``writer``."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        helv = {"/Type": "/Font", "/Subtype": "/Type1", "/Encoding": "/WinAnsiEncoding"}
        fonts = DictionaryObject(
            {
                _name("/PktF1"): writer._add_object(_pdf({**helv, "/BaseFont": "/Helvetica"})),
                _name("/PktF2"): writer._add_object(_pdf({**helv, "/BaseFont": "/Helvetica-Bold"})),
            }
        )
        self.fonts = writer._add_object(fonts)

    # -- sources -------------------------------------------------------------------------------------
    def pdf_source(self, page: PageObject) -> Source:
        """A record's page as a clean Form XObject, with its visible annotations flattened."""
        media = [float(v) for v in page.mediabox]
        crop = [float(v) for v in page.cropbox]
        box = (
            max(min(crop[0], crop[2]), min(media[0], media[2])),
            max(min(crop[1], crop[3]), min(media[1], media[3])),
            min(max(crop[0], crop[2]), max(media[0], media[2])),
            min(max(crop[1], crop[3]), max(media[1], media[3])),
        )
        if box[2] - box[0] < 1 or box[3] - box[1] < 1:
            box = (
                min(media[0], media[2]),
                min(media[1], media[3]),
                max(media[0], media[2]),
                max(media[1], media[3]),
            )
        form = self._content_form(page, box)
        xobjects: dict[str, Any] = {"/PktP": form}
        ops = ["/PktP Do"]
        for i, (ref, matrix) in enumerate(self._appearances(page)):
            xobjects[f"/PktA{i}"] = ref
            ops.append(f"q {cm(matrix)} /PktA{i} Do Q")
        return Source(box, int(page.get("/Rotate", 0) or 0), "\n".join(ops), xobjects)

    def _content_form(self, page: PageObject, box: tuple[float, float, float, float]) -> IndirectObject:
        raw = page.raw_get("/Contents") if "/Contents" in page else None
        obj: Any = raw.get_object() if raw is not None else None
        entries: dict[str, Any] = {
            "/Type": NameObject("/XObject"),
            "/Subtype": NameObject("/Form"),
            "/BBox": ArrayObject(FloatObject(v) for v in box),
        }
        res = page.raw_get("/Resources") if "/Resources" in page else None
        if res is not None:
            entries["/Resources"] = res.clone(self.writer)
            strip_active(entries["/Resources"])  # scripts and files riding in resources (issue 16)
        if isinstance(obj, StreamObject):
            form = _stream(b"", entries)
            form._data = obj._data  # still encoded: copied, not recompressed
            for key in ("/Filter", "/DecodeParms"):
                if key in obj:
                    form[_name(key)] = obj[key].clone(self.writer)
        else:
            parts = [p.get_object().get_data() for p in obj] if isinstance(obj, ArrayObject) else []
            form = _stream(b"\n".join(parts), entries, compress=True)
        return self.writer._add_object(form)

    def _appearances(self, page: PageObject) -> list[tuple[IndirectObject, Matrix]]:
        out: list[tuple[IndirectObject, Matrix]] = []
        annots: Any = page.get("/Annots", None)
        for annot in annots.get_object() if annots is not None else []:
            a: Any = annot.get_object()
            if not isinstance(a, DictionaryObject) or a.get("/Subtype") in ("/Link", "/Popup"):
                continue
            if int(a.get("/F", 0) or 0) & (2 | 32):  # hidden, no-view
                continue
            ap: Any = a.get("/AP")
            ap = ap.get_object() if ap is not None else None
            normal: Any = ap.get("/N") if isinstance(ap, DictionaryObject) else None
            normal = normal.get_object() if normal is not None else None
            if isinstance(normal, DictionaryObject) and not isinstance(normal, StreamObject):
                states: Any = normal
                state = a.get("/AS")
                normal = states[state].get_object() if state in states else None
            if not isinstance(normal, StreamObject) or "/BBox" not in normal or "/Rect" not in a:
                continue
            rect: Any = a["/Rect"]
            matrix = _annotation_matrix(normal, [float(v) for v in rect])
            if matrix is None:
                continue
            clone = normal.clone(self.writer)
            strip_active(clone)
            ref = clone.indirect_reference or self.writer._add_object(clone)
            out.append((ref, matrix))
        return out

    def image_source(self, frame: Frame) -> Source:
        entries = {
            "/Type": NameObject("/XObject"),
            "/Subtype": NameObject("/Image"),
            "/Width": NumberObject(frame.width),
            "/Height": NumberObject(frame.height),
        }
        entries.update({k: _pdf(v) for k, v in frame.dict.items()})
        img = _stream(b"", entries)
        img._data = frame.data
        if "/Filter" in entries:  # already encoded: mark it so pypdf writes it as it is
            enc = EncodedStreamObject()
            enc.update(img)
            enc._data = frame.data
            img = enc
        ref = self.writer._add_object(img)
        w, h = frame.size_pt
        return Source(
            (0.0, 0.0, w, h), frame.rotate, f"q {cm((w, 0, 0, h, 0, 0))} /PktI Do Q", {"/PktI": ref}
        )

    # -- pages ---------------------------------------------------------------------------------------
    def add(self, source: Source, stamp: Stamp | None, *, fit: bool = True) -> PageObject:
        """A new packet page showing ``source`` (fitted above the footer, or as it is) with ``stamp``."""
        matrix = fit_matrix(source.box, source.rotate)[0] if fit else IDENTITY
        x0, y0, x1, y1 = source.box
        clip = f"{x0:g} {y0:g} {x1 - x0:g} {y1 - y0:g} re W n"
        body = f"q {cm(matrix)} {clip}\n{source.ops}\nQ\n".encode("latin-1")
        page = self.writer.add_blank_page(PAGE_W, PAGE_H)
        xobjects = DictionaryObject({_name(k): v for k, v in source.xobjects.items()})
        page[_name("/Resources")] = DictionaryObject(
            {_name("/XObject"): xobjects, _name("/Font"): self.fonts}
        )
        page[_name("/Contents")] = self.writer._add_object(
            _stream(body + (stamp_ops(stamp) if stamp else b""), compress=True)
        )
        return page


def _annotation_matrix(form: StreamObject, rect: list[float]) -> Matrix | None:
    """PDF 32000 12.5.5: map the appearance's (transformed) BBox onto the annotation's Rect."""
    bbox: Any = form["/BBox"]
    bx0, by0, bx1, by1 = (float(v) for v in bbox)
    fm: Any = form.get("/Matrix")
    m: Matrix = IDENTITY
    if fm is not None and len(fm) == 6:
        m = (float(fm[0]), float(fm[1]), float(fm[2]), float(fm[3]), float(fm[4]), float(fm[5]))
    pts = [(x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]) for x in (bx0, bx1) for y in (by0, by1)]
    tx0, tx1 = min(p[0] for p in pts), max(p[0] for p in pts)
    ty0, ty1 = min(p[1] for p in pts), max(p[1] for p in pts)
    rx0, rx1 = sorted((rect[0], rect[2]))
    ry0, ry1 = sorted((rect[1], rect[3]))
    if tx1 - tx0 < 1e-6 or ty1 - ty0 < 1e-6:
        return None
    sx, sy = (rx1 - rx0) / (tx1 - tx0), (ry1 - ry0) / (ty1 - ty0)
    return then(IDENTITY, (sx, 0.0, 0.0, sy, rx0 - sx * tx0, ry0 - sy * ty0))


def _text(s: str) -> bytes:
    raw = winansi(s).encode("cp1252")
    out = bytearray(b"(")
    for b in raw:
        if b in b"()\\":
            out += b"\\" + bytes([b])
        elif b < 32 or b > 126:
            out += f"\\{b:03o}".encode()
        else:
            out.append(b)
    return bytes(out + b")")


@lru_cache(maxsize=4096)
def _width(s: str, bold: bool = False) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(winansi(s), "Helvetica-Bold" if bold else "Helvetica", STAMP_SIZE))


@lru_cache(maxsize=64)
def _fit(s: str, room: float) -> str:
    if _width(s) <= room:
        return s
    while s and _width(s + "...") > room:
        s = s[:-1]
    return s.rstrip() + "..."


def stamp_ops(stamp: Stamp) -> bytes:
    """The footer: a thin rule, then left / center (bold) / right text, all inside the footer band."""
    right_w = _width(stamp.right)
    center_w = _width(stamp.center, bold=True)
    cx = (PAGE_W - center_w) / 2
    left = _fit(stamp.left, max(0.0, cx - SIDE - 12))
    rx = PAGE_W - SIDE - right_w
    ops = [
        f"q 0.5 w 0.55 G {SIDE:g} {RULE_Y:g} m {PAGE_W - SIDE:g} {RULE_Y:g} l S Q".encode(),
        b"BT 0 g /PktF1 %g Tf %g %g Td " % (STAMP_SIZE, SIDE, STAMP_Y) + _text(left) + b" Tj ET",
        b"BT 0 g /PktF2 %g Tf %.2f %g Td " % (STAMP_SIZE, cx, STAMP_Y) + _text(stamp.center) + b" Tj ET",
        b"BT 0 g /PktF1 %g Tf %.2f %g Td " % (STAMP_SIZE, rx, STAMP_Y) + _text(stamp.right) + b" Tj ET",
    ]
    if stamp.mark:
        ops.append(mark_ops(stamp.mark))
    return b"\n".join(ops) + b"\n"


def mark_ops(mark: str) -> bytes:
    """The not-ready mark: a red line of text on a white band across the top of the page, and a red frame
    around the page, so no page of the packet can pass for a final one (the frame is drawn, not written:
    the page's text reads as before)."""
    w = _width(mark, bold=True) * MARK_SIZE / STAMP_SIZE
    top = PAGE_H - MARK_BAND
    return b"\n".join(
        [
            f"q 1 g 0 {top:g} {PAGE_W:g} {MARK_BAND:g} re f Q".encode(),
            f"q 0.8 0 0 RG {FRAME_WIDTH:g} w {FRAME_INSET:g} {FRAME_INSET:g} {PAGE_W - 2 * FRAME_INSET:g} "
            f"{PAGE_H - 2 * FRAME_INSET:g} re S Q".encode(),
            b"q 0.75 0 0 rg BT /PktF2 %g Tf %.2f %.2f Td " % (MARK_SIZE, (PAGE_W - w) / 2, top + 5)
            + _text(mark)
            + b" Tj ET Q",
        ]
    )
