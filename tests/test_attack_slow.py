"""Issue 16, item 12: one slow Word file fails alone, within a bounded time, and the others convert.

A DOCX of 100,000 paragraphs (LibreOffice needs minutes for it) goes to LibreOffice in one
batch with two short letters, under a short timeout: the batch times out, the files it did not convert
are tried one at a time, the two letters come out and only the slow file fails, naming the timeout.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from packet import convert
from packet.exceptions import ConversionFailedError
from samples.cases import letter_docx


def slow_docx(path: Path, paragraphs: int = 100_000) -> Path:
    letter_docx(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    rnd = random.Random(1)  # varied text: it must not look like a zip bomb
    body = "".join(
        f"<w:p><w:r><w:t>{i} {rnd.random()} {rnd.random()}</w:t></w:r></w:p>" for i in range(paragraphs)
    )
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:sectPr", body.encode() + b"<w:sectPr", 1
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return path


@pytest.mark.slow
def test_a_slow_docx_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, need_tool: Callable[[str], str]
) -> None:
    need_tool("libreoffice")
    monkeypatch.setattr(convert, "PER_FILE_SECONDS", 1)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = letter_docx(tmp_path / "a" / "letter.docx")  # two cases' letters, same name
    slow = slow_docx(tmp_path / "slow.docx")
    b = letter_docx(tmp_path / "b" / "letter.docx")
    failures: dict[Path, object] = {}
    out = convert.docx_to_pdf_many([a, slow, b], tmp_path / "out", timeout=15, failures=failures)  # type: ignore[arg-type]
    assert sorted(out) == sorted([a, b])
    assert all(p.is_file() and p.read_bytes().startswith(b"%PDF") for p in out.values())
    assert list(failures) == [slow]
    assert isinstance(failures[slow], ConversionFailedError)
    assert "did not finish within 15 s" in str(failures[slow])
