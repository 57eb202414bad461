"""Issue 16, item 2: a Word file cannot make 'packet build' reach the network.

A letter.docx and a DOCX record carry every way Word has of pulling something in from elsewhere: an
externally linked image (``r:link``, ``TargetMode="External"``), an INCLUDEPICTURE and an INCLUDETEXT
field, a remote attached template and a linked OLE object, all pointing at a listener on 127.0.0.1 (a
thread with a socket server). The build runs as a real process with LibreOffice; no request may arrive.
The user's files are not changed.
"""

from __future__ import annotations

import io
import re
import socket
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from packet.convert import sanitize_docx
from packet.fsutil import sha256_file
from samples.cases import image, make_case

ROOT = Path(__file__).resolve().parent.parent
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class Listener:
    """A TCP server on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.hits.append(conn.recv(4096) or b"(connected)")
                except OSError:
                    self.hits.append(b"(connected)")

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def hostile_docx(path: Path, url: str) -> Path:
    """A Word file with a linked image, INCLUDEPICTURE/INCLUDETEXT fields, a remote template and a linked
    OLE object, each pointing at ``url``."""
    import docx

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
        f'<Relationship Id="rIdOle1" Type="{R}/oleObject" Target="{url}/sheet.xlsx" TargetMode="External"/>'
        "</Relationships>",
    )
    settings = parts["word/settings.xml"].decode()
    settings = re.sub(r"(<w:settings[^>]*>)", r'\1<w:attachedTemplate r:id="rIdTpl1"/>', settings, count=1)
    parts["word/_rels/settings.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdTpl1" Type="{R}/attachedTemplate" Target="{url}/template.dotm" '
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


def test_sanitized_copy_has_no_external_reference_left(tmp_path: Path) -> None:
    src = hostile_docx(tmp_path / "notes.docx", "http://127.0.0.1:9")
    before = sha256_file(src)
    clean = sanitize_docx(src, tmp_path / "clean.docx")
    assert sha256_file(src) == before
    with zipfile.ZipFile(clean) as z:
        text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        assert z.testzip() is None
    assert "127.0.0.1" not in text
    assert 'TargetMode="External"' not in text
    for word in ("INCLUDEPICTURE", "INCLUDETEXT", "attachedTemplate", "OLEObject"):
        assert word not in text, word


def test_build_with_linked_content_sends_no_request(
    tmp_path: Path, listener: Listener, need_tool: Callable[[str], str]
) -> None:
    need_tool("libreoffice")
    url = f"http://127.0.0.1:{listener.port}"
    folder = make_case(tmp_path, {"notes.docx": lambda p: hostile_docx(p, url)}, letter=None)
    hostile_docx(folder / "letter.docx", url)
    before = {p.name: sha256_file(p) for p in (folder / "letter.docx", folder / "records" / "notes.docx")}
    done = subprocess.run(
        [sys.executable, "-m", "packet", "build", str(folder)], cwd=ROOT, capture_output=True, timeout=300
    )
    assert done.returncode == 0, done.stderr.decode()[-500:]
    assert listener.hits == [], f"LibreOffice reached the network: {listener.hits[:3]}"
    after = {p.name: sha256_file(p) for p in (folder / "letter.docx", folder / "records" / "notes.docx")}
    assert after == before
