"""Issue 16, item 5: active content riding inside what a record's page draws never reaches the packet.

A record whose page resources hold a JavaScript action in an ExtGState, whose form XObject carries /AA
(additional actions) and an /AF associated embedded file, and whose filled-in field's appearance stream
has a JavaScript action in its own resources. After 'packet build', the packet (expanded by qpdf, every
object written out plainly) holds no /JavaScript, /JS, /AA, /AF, /EmbeddedFile or /Filespec, and the
page's text is still drawn.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from samples.cases import make_case
from samples.hostile import _letter_ops, _stream, raw_pdf

ROOT = Path(__file__).resolve().parent.parent
JS = b"<< /S /JavaScript /JS (app.alert('pwned')) >>"


def riding_pdf(path: Path) -> Path:
    """One page: text, a form drawn with /Fm1 (carrying /AA and /AF), an ExtGState with a script inside,
    and a widget whose appearance's resources hold a script."""
    content = b"/GS1 gs " + _letter_ops() + b" q /Fm1 Do Q"
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots [10 0 R] "
        b"/Resources << /Font << /F1 5 0 R >> /ExtGState << /GS1 6 0 R >> /XObject << /Fm1 7 0 R >> >> >>",
        4: _stream(b"", content),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        6: b"<< /Type /ExtGState /CA 1 /Evil " + JS + b" >>",
        7: _stream(
            b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] /AA << /PO " + JS + b" >> /AF [8 0 R]",
            b"0 0 m 50 50 l S",
        ),
        8: b"<< /Type /Filespec /F (payload.txt) /UF (payload.txt) /AFRelationship /Data "
        b"/EF << /F 9 0 R >> >>",
        9: _stream(b"/Type /EmbeddedFile", b"secret payload"),
        10: b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (f) /V (VALUE 4711) /F 4 /Rect [72 500 272 520] "
        b"/AP << /N 11 0 R >> >>",
        11: _stream(
            b"/Type /XObject /Subtype /Form /BBox [0 0 200 20] /Resources << /Font << /Helv 5 0 R >> "
            b"/ExtGState << /G 12 0 R >> >>",
            b"/G gs BT /Helv 12 Tf 2 6 Td (VALUE 4711) Tj ET",
        ),
        12: b"<< /Type /ExtGState /ca 1 /Trap << /A " + JS + b" >> >>",
    }
    return raw_pdf(path, objs)


def test_scripts_and_files_inside_page_resources_are_stripped(
    tmp_path: Path, need_tool: Callable[[str], str]
) -> None:
    qpdf = need_tool("qpdf")
    folder = make_case(tmp_path, {"record.pdf": riding_pdf})
    r = subprocess.run(
        [sys.executable, "-m", "packet", "build", str(folder)], cwd=ROOT, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr[-400:]
    plain = tmp_path / "plain.pdf"
    subprocess.run(
        [qpdf, "--qdf", "--object-streams=disable", str(folder / "packet.pdf"), str(plain)], check=True
    )
    data = plain.read_bytes()
    for word in (
        b"/JavaScript",
        b"/JS",
        b"/AA",
        b"/AF",
        b"/EmbeddedFile",
        b"/Filespec",
        b"pwned",
        b"payload",
    ):
        assert word not in data, word
    assert b"VALUE 4711" in data  # the field's value is still drawn


@pytest.mark.parametrize("key", ["/AA", "/AF", "/JS"])
def test_strip_active_removes_each_kind(key: str) -> None:
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    from packet.build.strip import strip_active

    inner = DictionaryObject(
        {NameObject(key): TextStringObject("x"), NameObject("/CA"): TextStringObject("1")}
    )
    outer = DictionaryObject({NameObject("/ExtGState"): DictionaryObject({NameObject("/G"): inner})})
    assert strip_active(outer) == 1
    assert key not in inner and "/CA" in inner
