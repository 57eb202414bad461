"""DOCX -> PDF: LibreOffice (batched, own profile, failures named), and the pure-Python fallback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from packet import convert, tools
from packet.exceptions import ConversionFailedError, DamagedDocxError, MissingToolError, PacketError


def make_docx(path: Path, heading: str = "Appeal letter", body: str = "We ask you to reconsider.") -> Path:
    import docx

    d = docx.Document()
    d.add_heading(heading, 1)
    p = d.add_paragraph("Dear reviewer, ")
    p.add_run(body).bold = True
    d.add_paragraph("first point", style="List Number")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "Code"
    t.cell(0, 1).text = "97110"
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    return path


def pdf_text(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    real = tools.find

    def fake(name: str) -> tools.Found:
        found = real(name)
        return tools.Found(found.tool, None, None) if name == "libreoffice" else found

    monkeypatch.setattr(tools, "find", fake)
    monkeypatch.setattr(tools.shutil, "which", lambda cmd: None)


@pytest.mark.tools
def test_batch_converts_same_named_letters_in_one_call(
    tmp_path: Path, need_tool: Callable[[str], str]
) -> None:
    need_tool("libreoffice")
    a = make_docx(tmp_path / "case1" / "letter.docx", body="Case one text")
    b = make_docx(tmp_path / "case2" / "letter.docx", body="Case two text")
    out = convert.docx_to_pdf_many([a, b], tmp_path / "out")
    assert set(out) == {a, b} and out[a] != out[b]
    assert "Case one text" in pdf_text(out[a])
    assert "Case two text" in pdf_text(out[b])


@pytest.mark.tools
def test_single_conversion_and_failure_is_named(tmp_path: Path, need_tool: Callable[[str], str]) -> None:
    need_tool("libreoffice")
    good = make_docx(tmp_path / "good.docx")
    pdf = convert.docx_to_pdf(good, tmp_path / "good.pdf")
    assert "Appeal letter" in pdf_text(pdf)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    failures: dict[Path, PacketError] = {}
    out = convert.docx_to_pdf_many([good, broken], tmp_path / "out", failures=failures)
    assert list(out) == [good]
    assert isinstance(failures[broken], DamagedDocxError)
    assert str(failures[broken]).startswith("broken.docx: ")


@pytest.mark.tools
def test_soffice_that_produces_nothing_is_conversion_failed(
    tmp_path: Path, need_tool: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    need_tool("libreoffice")
    monkeypatch.setattr(convert, "_run", lambda cmd, timeout, home: "LibreOffice did not finish within 1 s")
    good = make_docx(tmp_path / "good.docx")
    with pytest.raises(ConversionFailedError) as err:
        convert.docx_to_pdf(good, tmp_path / "good.pdf")
    assert str(err.value).startswith("good.docx: conversion to PDF failed (LibreOffice did not finish")
    assert not (tmp_path / "good.pdf").exists()


def test_timeout_kills_the_process_group(tmp_path: Path) -> None:
    reason = convert._run(["sh", "-c", "sleep 30 & sleep 30"], 0.5, tmp_path)
    assert reason is not None and reason.startswith("LibreOffice did not finish within")


def test_fallback_without_libreoffice_warns_and_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _no_libreoffice(monkeypatch)
    src = make_docx(tmp_path / "letter.docx", body="Approximate but readable")
    with caplog.at_level(logging.WARNING, logger="packet"):
        pdf = convert.docx_to_pdf(src, tmp_path / "letter.pdf")
    text = pdf_text(pdf)
    assert "Appeal letter" in text and "Approximate but readable" in text and "97110" in text
    assert any("layout is" in r.getMessage() and "approximate" in r.getMessage() for r in caplog.records)
    again = convert.docx_to_pdf(src, tmp_path / "again.pdf")
    assert again.read_bytes() == pdf.read_bytes()  # deterministic


def test_no_fallback_means_missing_tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_libreoffice(monkeypatch)
    src = make_docx(tmp_path / "letter.docx")
    with pytest.raises(MissingToolError) as err:
        convert.docx_to_pdf(src, tmp_path / "letter.pdf", fallback=False)
    assert "apt-get install libreoffice-writer-nogui" in str(err.value)


def test_not_a_docx_is_damaged(tmp_path: Path) -> None:
    bad = tmp_path / "letter.docx"
    bad.write_text("plain text")
    with pytest.raises(DamagedDocxError) as err:
        convert.docx_to_pdf(bad, tmp_path / "letter.pdf")
    assert str(err.value).startswith("letter.docx: not a readable Word document; ")


@pytest.mark.tools
def test_parallel_conversions_do_not_collide(tmp_path: Path, need_tool: Callable[[str], str]) -> None:
    need_tool("libreoffice")
    from concurrent.futures import ThreadPoolExecutor

    docs = [make_docx(tmp_path / f"d{i}" / "letter.docx", body=f"Parallel letter {i}") for i in range(2)]
    with ThreadPoolExecutor(2) as pool:
        outs = list(pool.map(lambda d: convert.docx_to_pdf(d, d.with_suffix(".pdf")), docs))
    for i, out in enumerate(outs):
        assert f"Parallel letter {i}" in pdf_text(out)
