"""Hostile and broken input files, generated: nothing opaque is checked in.

Each maker writes one file and returns its path. ``HOSTILE`` is the table the tests, the privacy run and
``bench/bench_hostile.py`` share: (name, file name, what it is). Bombs are small on disk (a gigabyte of
spaces packs into a few kilobytes); tests/test_hostile_files.py checks that every file stays small.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from samples.pdfmaker import text_pdf

# A denial with the fields extraction looks for; the member's name, birth date and diagnosis are
# distinctive, so the privacy tests can look for them in logs and errors.
MEMBER = "Zebulon Quackenbush"
DOB = "03/14/1961"
DIAGNOSIS = "M17.11"
LETTER = [
    [
        "Acme Health Plan",
        "Date: January 12, 2026",
        f"Member: {MEMBER}",
        f"Date of Birth: {DOB}",
        "Member ID: GSH884120",
        "Reference Number: PA-2026-00417",
        f"Diagnosis: {DIAGNOSIS} Unilateral primary osteoarthritis, right knee",
        "Service: Physical therapy, 12 visits (CPT 97110)",
        "We denied this request because: the service is not medically necessary for you.",
        "You have 180 days from the date of this notice to file an appeal.",
    ]
]


def denial_pdf(path: Path) -> Path:
    return text_pdf(path, LETTER)


def raw_pdf(path: Path, objects: dict[int, bytes], root: int = 1) -> Path:
    """A PDF written object by object, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    path.write_bytes(bytes(out))
    return path


def _stream(entries: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n" % (entries, len(data)) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _one_page(
    content: bytes, extra_objects: dict[int, bytes] | None = None, page_extra: bytes = b""
) -> dict[int, bytes]:
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> %s >> >>" % page_extra,
        4: content,
        5: _FONT,
    }
    objs.update(extra_objects or {})
    return objs


# ---------------------------------------------------------------------------------------------------------
# PDFs


def zero_bytes(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def random_bytes(path: Path) -> Path:
    import random

    path.write_bytes(random.Random(8).randbytes(20_000))
    return path


def html_page(path: Path) -> Path:
    path.write_text(
        "<!DOCTYPE html><html><head><title>Portal</title></head><body>Session expired</body></html>"
    )
    return path


def truncated(path: Path) -> Path:
    data = denial_pdf(path).read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def broken_xref(path: Path) -> Path:
    """startxref points into the middle of the file and every offset in the table is wrong: pdfium
    rebuilds it."""
    data = denial_pdf(path).read_bytes()
    head, _, _ = data.rpartition(b"startxref")
    table = head.rindex(b"xref")
    body, entries = head[:table], head[table:]
    entries = entries.replace(b"0000000", b"0000009")  # every offset off by 9,000,000 bytes
    path.write_bytes(body + entries + b"startxref\n1234\n%%EOF\n")
    return path


def _encrypted(path: Path, user: str) -> Path:
    plain = denial_pdf(path)
    w = PdfWriter(clone_from=PdfReader(io.BytesIO(plain.read_bytes())))
    w.encrypt(user_password=user, owner_password="owner-secret", algorithm="AES-128")
    buf = io.BytesIO()
    w.write(buf)
    path.write_bytes(buf.getvalue())
    return path


def user_password(path: Path) -> Path:
    return _encrypted(path, "secret")


def owner_password_only(path: Path) -> Path:
    return _encrypted(path, "")


def no_pages(path: Path) -> Path:
    return raw_pdf(
        path, {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [] /Count 0 >>"}
    )


def _letter_ops(top: int = 740) -> bytes:
    return b"".join(
        b"BT /F1 10 Tf 60 %d Td (%s) Tj ET\n" % (top - 14 * i, line.encode("latin-1"))
        for i, line in enumerate(LETTER[0])
    )


def many_pages(path: Path, pages: int = 5000) -> Path:
    """5,000 pages sharing one content stream, the letter's text (small on disk)."""
    content = _letter_ops()
    kids = b" ".join(b"%d 0 R" % (10 + i) for i in range(pages))
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        4: _stream(b"", content),
        5: _FONT,
    }
    for i in range(pages):
        objs[10 + i] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"
        )
    return raw_pdf(path, objs)


def giant_page(path: Path) -> Path:
    """One page 200 inches square (14,400 pt, the largest PDF allows without UserUnit)."""
    objs = _one_page(_stream(b"", _letter_ops(14000)))
    objs[3] = objs[3].replace(b"[0 0 612 792]", b"[0 0 14400 14400]")
    return raw_pdf(path, objs)


@lru_cache(maxsize=2)
def _bomb_data(gigabytes: int) -> bytes:
    """``gigabytes`` GB of spaces (valid, empty page content) packed twice with Flate: a few kilobytes.

    One megabyte is deflated once into an independent, byte-aligned block (a full flush); the block repeated
    1,024 times per gigabyte, then an empty final block and the Adler-32 checksum, is a valid zlib stream."""
    mb = b" " * (1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(mb) + c.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    n = 1024 * gigabytes
    adler = 1
    for _ in range(n):
        adler = zlib.adler32(mb, adler)
    inner = b"\x78\xda" + block * n + end + struct.pack(">I", adler)
    return zlib.compress(inner, 9)


def bomb(path: Path) -> Path:
    """A page whose content stream inflates to 2 GB."""
    data = _bomb_data(2)
    return raw_pdf(path, _one_page(_stream(b"/Filter [/FlateDecode /FlateDecode]", data)))


def path_bomb(path: Path, megabytes: int = 25) -> Path:
    """One page whose content stream is ``megabytes`` MB of path operators (a line drawn to and fro),
    well under the stream limit but millions of operators: packed, about 50 KB per 25 MB."""
    unit = b"0 0 m 9 9 l S\n"
    ops = b"q 0.1 w\n" + unit * (megabytes * (1 << 20) // len(unit)) + b"Q\n" + _letter_ops()
    return raw_pdf(path, _one_page(_stream(b"/Filter /FlateDecode", zlib.compress(ops, 9))))


def deeply_nested(path: Path) -> Path:
    """An array nested 50,000 deep in the page dictionary (recursive parsers run out of stack)."""
    nest = b"[" * 50_000 + b"]" * 50_000
    text = _letter_ops()
    return raw_pdf(path, _one_page(_stream(b"", text), page_extra=b"/Nest " + nest))


def self_referencing(path: Path) -> Path:
    """A form that draws itself (its resources name itself), and a page tree whose kids include itself."""
    form = _stream(
        b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X 6 0 R >> >>",
        b"/X Do",
    )
    text = _letter_ops() + b" /X Do"
    objs = _one_page(_stream(b"", text), {6: form}, page_extra=b"/XObject << /X 6 0 R >>")
    objs[2] = b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 1 >>"
    return raw_pdf(path, objs)


def active_content(path: Path) -> Path:
    """JavaScript, an open action, a launch action and an embedded file (the builder's own maker)."""
    from test_build_sanitize import hostile_pdf

    return hostile_pdf(path)


# ---------------------------------------------------------------------------------------------------------
# Images


def _png(width: int, height: int, rows: Callable[[], bytes], colour: int = 0, depth: int = 8) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows()) + chunk(b"IEND", b"")


def jpeg_really_png(path: Path) -> Path:
    """A PNG saved with a .jpg name (phones and portals do this)."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(im).text((20, 20), "Knee photo (really a PNG)", fill=(0, 0, 0))
    im.save(path, format="PNG")
    return path


def huge_image(path: Path) -> Path:
    """A valid 20,000 x 20,000 pixel PNG (1-bit, white): 400 megapixels in about 50 kB."""
    width = height = 20_000

    def rows() -> bytes:
        c = zlib.compressobj(9)
        row = b"\x00" + b"\xff" * (width // 8)
        return b"".join(c.compress(row) for _ in range(height)) + c.flush()

    path.write_bytes(_png(width, height, rows, colour=0, depth=1))
    return path


# ---------------------------------------------------------------------------------------------------------
# Word files


def docx_base(path: Path, text: str = "Please reconsider the denial.") -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("Dear Appeals Reviewer,")
    d.add_paragraph(text)
    d.save(str(path))
    return path


def _rewrite_docx(
    path: Path, change: Callable[[str, bytes], bytes], add: dict[str, bytes] | None = None
) -> Path:
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, change(info.filename, src.read(info)))
        for name, data in (add or {}).items():
            out.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return path


def docx_not_a_zip(path: Path) -> Path:
    path.write_bytes(b"This is the appeal letter, saved as plain text with a .docx name.\n" * 20)
    return path


def docx_bomb(path: Path) -> Path:
    """A Word file with a 300 MB part of spaces: about 300 kB on disk."""
    docx_base(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z, z.open("word/media/filler.xml", "w") as f:
        mb = b" " * (1 << 20)
        for _ in range(300):
            f.write(mb)
    return path


SECRET = Path("/etc/hostname")


def docx_xxe(path: Path) -> Path:
    """word/document.xml declares an external entity reading a local file, and uses it in the text."""
    docx_base(path, "XXE-MARKER")

    def change(name: str, data: bytes) -> bytes:
        if name != "word/document.xml":
            return data
        text = data.decode("utf-8")
        decl, _, body = text.partition("?>")
        dtd = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{SECRET}">]>'
        return (decl + "?>" + dtd + body.replace("XXE-MARKER", "XXE-MARKER &xxe;")).encode("utf-8")

    return _rewrite_docx(path, change)


def docm(path: Path) -> Path:
    """A macro-enabled Word file: the macro content type and a vbaProject.bin part."""
    docx_base(path)

    def change(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return data.replace(
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                b"application/vnd.ms-word.document.macroEnabled.main+xml",
            )
        return data

    return _rewrite_docx(
        path, change, {"word/vbaProject.bin": b'\xd0\xcf\x11\xe0 Sub AutoOpen() Shell("calc")'}
    )


def linked_docx(path: Path, url: str = "http://127.0.0.1:9") -> Path:
    """A Word file with a linked image, INCLUDEPICTURE/INCLUDETEXT fields, a remote template and a linked
    OLE object, each pointing at ``url``."""
    import re

    import docx

    from samples.cases import image

    picture = image(path.parent / "pixel.png", (40, 40))
    d = docx.Document()
    d.add_paragraph("Dear Appeals Reviewer, please see the enclosed notes.")
    d.add_picture(str(picture))
    d.save(str(path))
    picture.unlink()
    parts = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            parts[name] = z.read(name)
    xml = parts["word/document.xml"].decode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    rid = re.search(r'r:embed="(rId\d+)"', xml).group(1)  # type: ignore[union-attr]
    xml = xml.replace(f'r:embed="{rid}"', f'r:link="{rid}"')
    rels = re.sub(
        rf'<Relationship Id="{rid}" Type="([^"]+)" Target="[^"]+"/>',
        rf'<Relationship Id="{rid}" Type="\1" Target="{url}/linked.png" TargetMode="External"/>',
        rels,
    )
    fields = (
        f"<w:p><w:fldSimple w:instr=' INCLUDEPICTURE \"{url}/field.png\" \\d '><w:r><w:t>x</w:t></w:r>"
        f'</w:fldSimple></w:p><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r>'
        f'<w:instrText xml:space="preserve"> INCLUDETEXT "{url}/text.docx" </w:instrText></w:r><w:r>'
        '<w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>y</w:t></w:r><w:r>'
        '<w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" Type="Link" '
        'ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" DrawAspect="Content" r:id="rIdOle1" '
        'UpdateMode="Always"/></w:object></w:r></w:p>'
    )
    xml = xml.replace("<w:sectPr", fields + "<w:sectPr", 1)
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdOle1" Type="{_REL}/oleObject" Target="{url}/sheet.xlsx" '
        'TargetMode="External"/>'
        "</Relationships>",
    )
    settings = parts["word/settings.xml"].decode()
    settings = re.sub(r"(<w:settings[^>]*>)", r'\1<w:attachedTemplate r:id="rIdTpl1"/>', settings, count=1)
    parts["word/_rels/settings.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdTpl1" Type="{_REL}/attachedTemplate" Target="{url}/template.dotm" '
        'TargetMode="External"/></Relationships>'
    ).encode()
    parts["word/document.xml"], parts["word/_rels/document.xml.rels"] = xml.encode(), rels.encode()
    parts["word/settings.xml"] = settings.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return path


_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# (name, file name, maker, what it is)
HOSTILE_PDFS: list[tuple[str, str, Callable[[Path], Path], str]] = [
    ("zero-bytes", "empty.pdf", zero_bytes, "0 bytes"),
    ("random", "random.pdf", random_bytes, "random bytes named .pdf"),
    ("html", "portal download.pdf", html_page, "an HTML page saved as .pdf"),
    ("truncated", "truncated.pdf", truncated, "the first third of a PDF"),
    ("broken-xref", "broken-xref.pdf", broken_xref, "wrong startxref and table offsets (repairable)"),
    ("user-password", "locked.pdf", user_password, "opens only with a password"),
    ("owner-password", "owner-only.pdf", owner_password_only, "restrictions only; opens without one"),
    ("no-pages", "no-pages.pdf", no_pages, "a page tree with no pages"),
    ("5000-pages", "5000-pages.pdf", many_pages, "5,000 pages"),
    ("giant-page", "giant-page.pdf", giant_page, "one page 200 inches square"),
    ("bomb", "bomb.pdf", bomb, "a content stream that inflates to 2 GB"),
    ("path-bomb", "path-bomb.pdf", path_bomb, "25 MB of path operators in one 50 KB stream"),
    ("nested", "nested.pdf", deeply_nested, "an array nested 50,000 deep"),
    ("self-ref", "self-ref.pdf", self_referencing, "a form drawing itself, a page tree containing itself"),
]
HOSTILE_IMAGES = [
    ("jpeg-is-png", "knee photo.jpg", jpeg_really_png, "a PNG named .jpg"),
    ("20k-image", "huge scan.png", huge_image, "20,000 x 20,000 pixels"),
]
HOSTILE_DOCX = [
    ("docx-not-zip", "notes.docx", docx_not_a_zip, "text with a .docx name"),
    ("docx-bomb", "bomb.docx", docx_bomb, "a 300 MB part packed small"),
    ("docx-xxe", "xxe.docx", docx_xxe, "an external XML entity reading a local file"),
    ("docm", "macro.docm", docm, "a macro-enabled Word file"),
    ("docx-linked", "linked.docx", linked_docx, "a linked image, fields, a template and OLE from a URL"),
]
HOSTILE = HOSTILE_PDFS + HOSTILE_IMAGES + HOSTILE_DOCX
