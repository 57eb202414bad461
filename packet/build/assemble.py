"""Write the packet volumes: cover, letter, index, exhibits, every page placed, stamped and bookmarked.

``write_volume`` takes a numbered plan and writes one PDF; it opens one source at a time (by
file handle, so a record is never read into memory whole) and forgets it before the next.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, ByteStringObject

from packet import __version__, limits
from packet.build import images
from packet.build.cover import CoverInfo, render_cover, render_separator
from packet.build.place import PageMaker, Stamp
from packet.build.plan import Section, Volume
from packet.exceptions import DamagedPdfError, EncryptedPdfError, InputTooLargeError, PacketError

log = logging.getLogger("packet.build")

_REPRINT = "print it to a new PDF or scan the paper again"


@dataclass
class Labels:
    """What every page's stamp repeats, and the packet's identity."""

    left: str  # member and reference
    total: int  # pages in the whole packet
    bates: str | None
    title: str  # "Appeal - <reference>"
    fingerprint: str  # of every input: gives the fixed document ID
    mark: str = ""  # "DRAFT - NOT READY TO SEND" on every page of a packet that is not ready


@contextlib.contextmanager
def open_pdf(path: Path) -> Iterator[PdfReader]:
    """A PdfReader reading from the file as needed; damage and passwords become one-line errors."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed by the with below)
    except OSError as e:
        raise DamagedPdfError(path, f"cannot be read ({e.strerror})") from e
    with fh:
        try:
            reader = PdfReader(fh, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise EncryptedPdfError(path)
            limits.check_page_count(path, limits.declared_pages(reader))  # before walking the tree
            limits.check_page_count(path, len(reader.pages))
        except PacketError:
            raise
        except LimitReachedError as e:
            raise InputTooLargeError(path, f"the PDF is over a safety limit ({e})", _REPRINT) from e
        except RecursionError as e:
            raise DamagedPdfError(
                path, "the PDF's objects are nested too deeply or refer to themselves"
            ) from e
        except Exception as e:  # pypdf raises many kinds for a damaged file; all mean the same to the user
            raise DamagedPdfError(path) from e
        yield reader


def count_pages(path: Path, kind: str) -> int:
    if kind == "pdf":
        with open_pdf(path) as r:
            return len(r.pages)
    return images.count_frames(path)


def _stamp(labels: Labels, page: int, center: str) -> Stamp:
    right = f"Page {page} of {labels.total}"
    if labels.bates:
        right += f"   {labels.bates}{page:06d}"
    return Stamp(labels.left, center, right, labels.mark)


def _add_generated(maker: PageMaker, pdf: bytes, labels: Labels, first: int, what: str) -> int:
    reader = PdfReader(io.BytesIO(pdf))
    n = len(reader.pages)
    for i, page in enumerate(reader.pages):
        center = what if n == 1 else f"{what}, page {i + 1} of {n}"
        maker.add(maker.pdf_source(page), _stamp(labels, first + i, center), fit=False)
    maker.writer._id_translated.pop(id(reader), None)
    return n


def _add_slice(maker: PageMaker, section: Section, start: int, stop: int, first: int, labels: Labels) -> None:
    def center(i: int) -> str:
        return f"{section.name}, page {i + 1} of {section.pages}"

    if section.kind == "pdf":
        with open_pdf(section.path) as reader:
            try:
                for i in range(start, stop):
                    limits.check_page_streams(reader.pages[i], section.path, i + 1)
                    src = maker.pdf_source(reader.pages[i])
                    maker.add(src, _stamp(labels, first + i - start, center(i)))
            except (PacketError, OSError):
                raise
            except LimitReachedError as e:
                raise InputTooLargeError(
                    section.path, f"page {i + 1} is over a safety limit ({e})", _REPRINT
                ) from e
            except Exception as e:  # a damaged page: pypdf, zlib and friends (RecursionError too)
                raise DamagedPdfError(section.path, f"page {i + 1} is damaged") from e
            finally:
                maker.writer._id_translated.pop(id(reader), None)
        return
    for i, frame in enumerate(images.frames(section.path)):
        if i >= stop:
            break
        if i >= start:
            maker.add(maker.image_source(frame), _stamp(labels, first + i - start, center(i)))


def write_volume(
    out: Path, volume: Volume, cover: CoverInfo, index: bytes | None, labels: Labels, parts: int
) -> int:
    """Write one volume to ``out`` (a temporary file: the caller moves it into place); returns its size."""
    writer = PdfWriter()
    maker = PageMaker(writer)
    marks: list[tuple[str, int, bool]] = []  # (title, 0-based page in this file, under "Exhibits")
    what = "Cover sheet" if parts == 1 else f"Cover sheet, part {volume.number} of {parts}"
    _add_generated(maker, render_cover(cover), labels, volume.first, what)
    marks.append(("Cover sheet", 0, False))
    for i, sl in enumerate(volume.slices):
        sec = sl.section
        title = sec.title if sec.exhibit is None else f"{sec.name}: {sec.title}"
        start = (sl.separator or sl.first) - volume.first
        marks.append((title + (" (continued)" if sl.continued else ""), start, sec.exhibit is not None))
        if sl.separator and sec.exhibit is not None:
            last = sl.first + sl.stop - sl.start - 1
            sheet = render_separator(sec.exhibit.label, sec.title, sec.pages, sl.first, last)
            _add_generated(maker, sheet, labels, sl.separator, "Separator sheet")
        _add_slice(maker, sec, sl.start, sl.stop, sl.first, labels)
        if i == 0 and index is not None:
            marks.append(("Attachment index", volume.index_first - volume.first, False))
            n = _add_generated(maker, index, labels, volume.index_first, "Attachment index")
            if n != volume.index_pages:
                raise AssertionError(f"index has {n} pages, planned {volume.index_pages}")
    _outline(writer, marks)
    suffix = "" if parts == 1 else f" (part {volume.number} of {parts})"
    writer.add_metadata(
        {
            "/Title": labels.title + suffix,
            "/Producer": f"Appeal Packet {__version__}",
            "/Creator": "Appeal Packet",
        }
    )
    digest = hashlib.sha256(f"{labels.fingerprint}:{volume.number}/{parts}".encode()).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    writer.page_mode = "/UseOutlines"
    writer.pdf_header = "%PDF-1.7"  # records may use any feature up to 1.7 (transparency, object streams...)
    with open(out, "wb") as fh:
        writer.write(fh)
    return out.stat().st_size


def _outline(writer: PdfWriter, marks: list[tuple[str, int, bool]]) -> None:
    parent: Any = None
    for title, page, under in marks:
        if under and parent is None:
            parent = writer.add_outline_item(title="Exhibits", page_number=page)
        writer.add_outline_item(title=title, page_number=page, parent=parent if under else None)
