"""A Word file made safe to hand to LibreOffice: nothing in it can reach outside the file.

    sanitize_docx(Path("letter.docx"), tmp / "letter.docx")   # the user's file is never changed

Word has many ways to pull content from elsewhere when a document is opened, and LibreOffice follows
them (a linked image becomes an HTTP request: a tracking beacon, and a breach of "never opens a network
connection"). The copy given to LibreOffice has none of them:

- every relationship with ``TargetMode="External"`` (linked images, linked OLE objects, remote attached
  templates, frames, subdocuments) is removed; an external hyperlink points nowhere (``#``) instead;
- ``r:link`` / ``r:href`` / ``o:href`` attributes (a picture or shape linked rather than embedded) go;
- OLE objects (``<o:OLEObject>``, linked or embedded) and ``<w:attachedTemplate>`` go;
- field instructions that fetch or run something (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE, DDEAUTO,
  IMPORT) are emptied: the field's last shown result stays as plain text.

``packet.limits.check_zip`` has already bounded the file and refused DTDs and macros, so the parts are
small enough to rewrite in memory and safe to treat as text.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from packet.fsutil import atomic_path

_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*?/>|<Relationship\b[^>]*?>.*?</Relationship>", re.S)
_EXTERNAL = re.compile(rb'TargetMode\s*=\s*["\']External["\']', re.I)
_HYPERLINK = re.compile(rb'Type\s*=\s*["\'][^"\']*/hyperlink["\']')
_TARGET = re.compile(rb'\sTarget\s*=\s*("[^"]*"|\'[^\']*\')')
_LINK_ATTRS = re.compile(rb'\s(?:r:link|r:href|o:href)\s*=\s*("[^"]*"|\'[^\']*\')')
_OLE = re.compile(rb"<o:OLEObject\b[^>]*?/>|<o:OLEObject\b[^>]*?>.*?</o:OLEObject>", re.S)
_TEMPLATE = re.compile(rb"<w:attachedTemplate\b[^>]*?/>")
_FETCHING = re.compile(rb"\b(?:INCLUDEPICTURE|INCLUDETEXT|LINK|DDEAUTO|DDE|IMPORT)\b", re.I)
_INSTR_ATTR = re.compile(rb'(\sw:instr\s*=\s*)("[^"]*"|\'[^\']*\')')
_INSTR_TEXT = re.compile(rb"(<w:instrText\b[^>]*>)(.*?)(</w:instrText>)", re.S)


def _clean_rels(data: bytes) -> bytes:
    def one(m: re.Match[bytes]) -> bytes:
        rel = m.group(0)
        if not _EXTERNAL.search(rel):
            return rel
        if _HYPERLINK.search(rel):
            return _EXTERNAL.sub(b"", _TARGET.sub(b' Target="#"', rel))
        return b""

    return _RELATIONSHIP.sub(one, data)


def _clean_xml(data: bytes) -> bytes:
    data = _LINK_ATTRS.sub(b"", data)
    data = _OLE.sub(b"", data)
    data = _TEMPLATE.sub(b"", data)
    data = _INSTR_ATTR.sub(lambda m: m.group(1) + b'""' if _FETCHING.search(m.group(2)) else m.group(0), data)
    return _INSTR_TEXT.sub(
        lambda m: m.group(1) + m.group(3) if _FETCHING.search(m.group(2)) else m.group(0), data
    )


def clean_part(name: str, data: bytes) -> bytes:
    """One part of the package with its external references removed (other parts unchanged)."""
    low = name.lower()
    if low.endswith(".rels"):
        return _clean_rels(data)
    if low.endswith(".xml") or low.endswith(".vml"):
        return _clean_xml(data)
    return data


def sanitize_docx(src: Path, dest: Path) -> Path:
    """Write to ``dest`` a copy of the Word file ``src`` that refers to nothing outside itself (see the
    module text); ``src`` is only read. The caller has run ``packet.convert.check_docx`` on it."""
    with zipfile.ZipFile(src) as zin, atomic_path(dest) as tmp, zipfile.ZipFile(tmp, "w") as zout:
        for info in zin.infolist():
            data = clean_part(info.filename, zin.read(info))
            out = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            out.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(out, data)
    return dest
