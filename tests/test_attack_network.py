"""Issue 16, item 2: a Word file cannot make 'packet build' reach the network.

A letter.docx and a DOCX record carry every way Word has of pulling something in from elsewhere: an
externally linked image (``r:link``, ``TargetMode="External"``), an INCLUDEPICTURE and an INCLUDETEXT
field, a remote attached template and a linked OLE object, all pointing at a listener on 127.0.0.1 (a
thread with a socket server). The build runs as a real process with LibreOffice; no request may arrive.
The user's files are not changed.
"""

from __future__ import annotations

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
from samples.cases import make_case
from samples.hostile import linked_docx

ROOT = Path(__file__).resolve().parent.parent


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


def test_sanitized_copy_has_no_external_reference_left(tmp_path: Path) -> None:
    src = linked_docx(tmp_path / "notes.docx", "http://127.0.0.1:9")
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
    folder = make_case(tmp_path, {"notes.docx": lambda p: linked_docx(p, url)}, letter=None)
    linked_docx(folder / "letter.docx", url)
    before = {p.name: sha256_file(p) for p in (folder / "letter.docx", folder / "records" / "notes.docx")}
    done = subprocess.run(
        [sys.executable, "-m", "packet", "build", str(folder)], cwd=ROOT, capture_output=True, timeout=300
    )
    assert done.returncode == 0, done.stderr.decode()[-500:]
    assert listener.hits == [], f"LibreOffice reached the network: {listener.hits[:3]}"
    after = {p.name: sha256_file(p) for p in (folder / "letter.docx", folder / "records" / "notes.docx")}
    assert after == before
