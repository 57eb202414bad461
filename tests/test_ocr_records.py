"""``packet build --ocr-records``: scanned records get a text layer so the packet is searchable; records that
already have text are left as they are."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from packet.build import BuildOptions, build_packet
from packet.cli import main
from packet.exceptions import ExitCode
from samples.cases import make_case, text_pdf
from samples.pdfmaker import text_pdf as letter_pdf
from samples.scan import ScanStyle, scan_pdf

RECORD = ["Physical therapy progress note", "Patient reports knee pain walking 200 feet", "Quadriceps 4/5"]
SCAN = ScanStyle(dpi=200, angle=0.8, blur=0.4, speckle=2.0, fax=True, seed=3)


def _scanned_record(path: Path) -> Path:
    src = letter_pdf(path.with_suffix(".src.pdf"), [RECORD])
    scan_pdf(src, path, SCAN)
    src.unlink()
    return path


def _scanned_png(path: Path) -> Path:
    src = letter_pdf(path.with_suffix(".src.pdf"), [RECORD])
    doc = pdfium.PdfDocument(str(src))
    doc[0].render(scale=200 / 72, grayscale=True).to_pil().save(path, dpi=(200, 200))
    doc.close()
    src.unlink()
    return path


def _texts(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return make_case(
        tmp_path,
        {
            "a_scanned_notes.pdf": _scanned_record,
            "b_typed_notes.pdf": lambda p: text_pdf(p, 1, "Typed notes"),
            "c_scanned_page.png": _scanned_png,
        },
    )


@pytest.mark.tools
def test_scanned_records_become_searchable(case: Path, need_tool: Callable[[str], str]) -> None:
    need_tool("tesseract")
    plain = build_packet(case, BuildOptions(output=case / "plain.pdf"))
    assert not any("knee pain" in t for t in _texts(plain.outputs[0]))
    result = build_packet(case, BuildOptions(output=case / "searchable.pdf", ocr_records=True))
    texts = _texts(result.outputs[0])
    assert result.pages == plain.pages  # a text layer, not new pages
    found = [t for t in texts if "knee pain" in t]
    assert len(found) == 2, "the scanned PDF page and the PNG page are both searchable"
    assert sum("Typed notes page 1" in t for t in texts) == 1  # a record with text is left alone
    assert not result.warnings


@pytest.mark.tools
def test_the_cli_flag(case: Path, need_tool: Callable[[str], str]) -> None:
    need_tool("tesseract")
    r = CliRunner().invoke(main, ["build", str(case), "--ocr-records", "-o", str(case / "p.pdf")])
    assert r.exit_code == 0, r.stderr
    assert any("Quadriceps" in t for t in _texts(case / "p.pdf"))


def test_without_tesseract_the_flag_names_the_install_command(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("packet.tools.shutil.which", lambda cmd: None)
    r = CliRunner().invoke(main, ["build", str(case), "--ocr-records"])
    assert r.exit_code == ExitCode.missing_tool, r.stderr
    (line,) = r.stderr.strip().splitlines()
    assert "apt-get install tesseract-ocr tesseract-ocr-eng" in line
