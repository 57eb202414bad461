"""Scanned and faxed denials read with OCR (packet/ocr.py): a scan reads like its text twin, marked as OCR
with lower confidence and a warning naming the pages; codes repaired only where their shape demands it; a
page that takes too long is abandoned with a warning; without tesseract, one line naming the install command.

The tests that run tesseract use the ``need_tool`` fixture (they fail instead of skipping in CI) and read a
page or two each: OCR takes about a second a page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from packet.cli import main
from packet.exceptions import ExitCode, OcrFailedError
from packet.extract import extract_fields, extract_file
from packet.extract.codes import repair_ocr_code, repair_ocr_token
from packet.ocr import lines_from_tsv, misread_window, needs_ocr
from packet.read import Line, read_text
from samples.pdfmaker import text_pdf
from samples.scan import ScanStyle, scan_pdf
from tests.helpers.paths import SAMPLES

LETTER: list[Any] = [
    "Granite State Health Benefits",
    "22 Market Street, Manchester, NH 03101",
    "Date: January 12, 2026",
    ((60, "Member ID: GSH884120"), (330, "Claim #: 2026011200417")),
    ((60, "Member: Kevin O'Brien"), (330, "Date of birth: 03/14/1961")),
    "Service: MRI lumbar spine without contrast (CPT 72148)",
    "Diagnosis: M54.50 Low back pain",
    "We denied this request because:",
    (
        "Not medically necessary. An MRI of the lumbar spine is not medically necessary before six weeks of "
        "conservative treatment."
    ),
    "You must file your appeal within 180 days after you receive this notice.",
    "Fax your appeal to 603-555-0141 or call 1-800-555-0144.",
]
FAX = ScanStyle(dpi=150, angle=1.3, blur=0.6, speckle=6.0, fax=True, seed=7)
MAIL = ScanStyle(dpi=175, angle=-1.1, blur=0.7, speckle=4.0, fax=False, seed=8)


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("twins")
    text = text_pdf(d / "text.pdf", [LETTER])
    return {
        "text": text,
        "fax": scan_pdf(text, d / "fax.pdf", FAX),
        "mail": scan_pdf(text, d / "mail.pdf", MAIL),
    }


def _two_pages(first: Path, second: Path, out: Path) -> Path:
    w = PdfWriter()
    for src in (first, second):
        w.add_page(PdfReader(src).pages[0])
    with open(out, "wb") as f:
        w.write(f)
    return out


@pytest.mark.tools
@pytest.mark.parametrize("kind", ["fax", "mail"])
def test_a_scan_reads_like_its_text_twin(twins: dict[str, Path], kind: str, need_tool: Any) -> None:
    need_tool("tesseract")
    text = extract_file(twins["text"]).to_dict()
    scan = extract_file(twins[kind]).to_dict()
    assert scan["source"]["ocr"] is True and text["source"]["ocr"] is False
    for key in ("reference", "notice_date"):
        assert scan[key] == text[key], key
    assert scan["member"]["id"] == text["member"]["id"] == "GSH884120"
    assert scan["service"]["codes"] == ["72148"]
    assert scan["diagnosis_codes"] == ["M54.50"]
    assert scan["deadlines"]["appeal"]["due"] == text["deadlines"]["appeal"]["due"]
    # one level lower confidence, and a warning that names the page
    assert text["confidence"]["reference"] == "high"
    assert scan["confidence"]["reference"] == "medium"
    assert any("page 1 " in w and "OCR" in w for w in scan["warnings"])


@pytest.mark.tools
def test_a_scan_keeps_two_pairs_on_a_line_apart(twins: dict[str, Path], need_tool: Any) -> None:
    need_tool("tesseract")
    doc = read_text(twins["fax"])
    (row,) = [ln for ln in doc.pages[0].lines if "GSH884120" in ln.text]
    assert len(row.cells) == 2, row.cells
    assert row.cells[0].text.endswith("GSH884120")
    assert row.cells[1].text.startswith("Claim")
    assert row.cells[1].x0 > 250  # positions in points, like a text layer's


@pytest.mark.tools
def test_a_committed_scanned_sample_reads_like_its_truth(need_tool: Any) -> None:
    need_tool("tesseract")
    scans = sorted((SAMPLES / "scanned").glob("01-*.pdf"))
    if not scans:
        pytest.skip("no scanned samples (run samples/scan.py)")
    truth = json.loads(scans[0].with_suffix(".json").read_text(encoding="utf-8"))
    got = extract_file(scans[0]).to_dict()
    assert got["source"]["ocr"] is True
    for key in ("reference", "notice_date"):
        assert got[key] == truth[key], key
    assert got["member"]["id"] == truth["member"]["id"]


@pytest.mark.tools
def test_only_the_scanned_page_is_read_with_ocr(
    twins: dict[str, Path], tmp_path: Path, need_tool: Any
) -> None:
    need_tool("tesseract")
    mixed = _two_pages(twins["text"], twins["fax"], tmp_path / "mixed.pdf")
    doc = read_text(mixed)
    assert [p.ocr for p in doc.pages] == [False, True]
    d = extract_file(mixed).to_dict()
    assert any("page 2 " in w and "OCR" in w for w in d["warnings"])
    assert d["confidence"]["reference"] == "high"  # read from page 1's text layer


@pytest.mark.tools
def test_a_page_over_the_time_limit_is_abandoned_with_a_warning(
    twins: dict[str, Path], tmp_path: Path, need_tool: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_tool("tesseract")
    monkeypatch.setattr("packet.ocr.PAGE_TIMEOUT_S", 0.001)
    mixed = _two_pages(twins["text"], twins["fax"], tmp_path / "mixed.pdf")
    doc = read_text(mixed)
    assert [p.ocr for p in doc.pages] == [False, False]
    assert any("page 2 took longer than" in w for w in doc.warnings)
    with pytest.raises(OcrFailedError) as e:
        read_text(twins["fax"])
    assert e.value.exit_code == ExitCode.ocr_failed
    assert "page 1 took longer than" in str(e.value)


def test_without_tesseract_a_scan_is_one_line_naming_the_install_command(
    twins: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("packet.tools.shutil.which", lambda cmd: None)
    r = CliRunner().invoke(main, ["extract", str(twins["fax"]), "--json"])
    assert r.exit_code == int(ExitCode.no_text_layer), r.stderr
    (line,) = r.stderr.strip().splitlines()
    assert line.startswith("Error: fax.pdf: ") and "scanned" in line
    assert "apt-get install tesseract-ocr tesseract-ocr-eng" in line
    assert r.stdout == ""


def test_without_tesseract_a_scanned_page_among_text_pages_is_a_warning(
    twins: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("packet.tools.shutil.which", lambda cmd: None)
    doc = read_text(_two_pages(twins["text"], twins["fax"], tmp_path / "mixed.pdf"))
    assert not doc.ocr
    assert any("page(s) 2" in w and "apt-get install tesseract-ocr" in w for w in doc.warnings)


def test_doctor_reports_a_missing_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("packet.tools.shutil.which", lambda cmd: None)
    r = CliRunner().invoke(main, ["doctor"])
    (line,) = [ln for ln in r.stdout.splitlines() if "tesseract" in ln]
    assert line.startswith("MISSING") and "apt-get install tesseract-ocr tesseract-ocr-eng" in line


@pytest.mark.parametrize(
    ("text", "scanned"),
    [
        ("", True),
        ("Page 2 of 2", True),
        ("\ue001\ue002\ue003 " * 20, True),  # a broken font encoding: private-use characters
        (
            "Your request for an MRI of the lumbar spine was denied because it is not medically necessary.",
            False,
        ),
    ],
)
def test_which_pages_need_ocr(text: str, scanned: bool) -> None:
    assert needs_ocr([Line(text)]) is scanned


@pytest.mark.parametrize(
    ("kind", "token", "fixed"),
    [
        ("cpt", "7214B", "72148"),
        ("cpt", "72l48", "72148"),
        ("cpt", "O0O1U", "O0O1U"),  # too few real digits: not taken for a code
        ("cpt", "99213", "99213"),
        ("icd10", "M54.5O", "M54.50"),  # after the letter, the code set wants a digit
        ("icd10", "l10", "I10"),  # an ICD-10-CM code starts with a letter
        ("icd10", "MS4.50", "M54.50"),
        ("icd10", "M54.50", "M54.50"),
        ("icd10", "Z99.99", "Z99.99"),  # not a real code and no repair gives one: unchanged
    ],
)
def test_code_repair_follows_the_shape(kind: str, token: str, fixed: str) -> None:
    assert repair_ocr_code(kind, token) == fixed


@pytest.mark.parametrize("word", ["BOB", "SOS", "Brien", "OLIS", "Bill", "110", "12345", "Sl0an"])
def test_names_and_plain_numbers_are_never_repaired(word: str) -> None:
    assert repair_ocr_token(word) == word


def _tsv(words: list[tuple[int, int, int, int, int, str]]) -> dict[str, list[Any]]:
    """pytesseract's TSV dict for words (block, line, left, top, width, text), 40 px high, conf 95."""
    keys = ("level", "block_num", "par_num", "line_num", "left", "top", "width", "height", "conf", "text")
    tsv: dict[str, list[Any]] = {k: [] for k in keys}
    for block, line, left, top, width, text in words:
        for k, v in zip(keys, (5, block, 1, line, left, top, width, 40, 95, text), strict=True):
            tsv[k].append(v)
    return tsv


def test_two_blocks_on_one_row_become_one_line_with_two_cells() -> None:
    tsv = _tsv(
        [(1, 1, 250, 400, 200, "Member"), (1, 1, 470, 400, 300, "ID:"), (2, 1, 1400, 404, 300, "Claim")]
    )
    (line,) = lines_from_tsv(tsv)
    assert [c.text for c in line.cells] == ["Member ID:", "Claim"]
    assert line.cells[1].x0 == pytest.approx(1400 * 72 / 300)


def test_a_skewed_page_is_straightened_before_rows_are_formed() -> None:
    # 2% slope: the right-hand column sits 24 px lower than the left one started
    words = [
        (1, i, 250 + 120 * k, 400 + 80 * i + int(0.02 * 120 * k), 100, f"w{k}")
        for i in range(3)
        for k in range(5)
    ]
    words += [(2, 1, 1500, 400 + 30, 200, "Right")]
    lines = [ln for ln in lines_from_tsv(_tsv(words)) if ln.text]
    assert len(lines) == 3
    assert lines[0].cells[-1].text == "Right"


def test_a_nearly_empty_text_page_is_not_taken_for_a_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("packet.tools.shutil.which", lambda cmd: None)  # OCR would warn: it must not be tried
    doc = read_text(text_pdf(tmp_path / "two.pdf", [LETTER, ["Page 2 of 2"]]))
    assert not doc.ocr
    assert not any("tesseract" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("text", "misread"),
    [
        ("You may appeal within 90 cays of the date on the statement.", "within 90 cays"),
        ("You must appeal within 6O days.", "within 6O days"),
        ("You must appeal within 60 days.", None),
        ("Providers within 30 miles of your home", None),
        ("We will decide within 72 hours.", None),
    ],
)
def test_a_garbled_deadline_sentence_is_recognised(text: str, misread: str | None) -> None:
    assert misread_window(text) == misread


def test_a_garbled_deadline_sentence_leaves_the_date_unknown(tmp_path: Path) -> None:
    """'within 90 cays' is not read as a window; the regulation's 180 days would be later than the letter's
    90, so on an OCR page the date stays unknown, with a warning."""
    lines = [ln for ln in LETTER if not (isinstance(ln, str) and ln.startswith("You must file"))]
    lines += ["This plan is governed by ERISA.", "You may appeal within 90 cays of the date of this letter."]
    doc = read_text(text_pdf(tmp_path / "garbled.pdf", [lines]))
    as_text = extract_fields(doc).to_dict()["deadlines"]["appeal"]
    assert as_text["due"] is not None and as_text["basis"] == "regulation"  # a text layer is taken as printed
    doc.pages[0].ocr = True
    d = extract_fields(doc).to_dict()
    assert d["deadlines"]["appeal"]["due"] is None
    assert any("within 90 cays" in w and "misread by OCR" in w for w in d["warnings"])


def test_the_space_ocr_reads_after_www_is_closed() -> None:
    words = [(1, 1, 250, 400, 200, "online"), (1, 1, 470, 400, 60, "at"), (1, 1, 545, 400, 70, "www."),
             (1, 1, 630, 400, 500, "crestpointrx.com/appeals")]  # fmt: skip
    (line,) = lines_from_tsv(_tsv(words))
    assert line.text == "online at www.crestpointrx.com/appeals"


@pytest.mark.parametrize(
    ("word", "read"),
    [("request.for", "request for"), ("you.to", "you to"), ("hvfamilyhealth.com", "hvfamilyhealth.com")],
)
def test_a_speck_read_as_a_dot_between_two_words_is_a_space(word: str, read: str) -> None:
    (line,) = lines_from_tsv(_tsv([(1, 1, 250, 400, 400, word)]))
    assert line.text == read


def test_a_speck_after_a_zip_code_ending_a_line_is_dropped() -> None:
    words = [(1, 1, 250, 400, 200, "Mobile,"), (1, 1, 470, 400, 60, "AL"), (1, 1, 545, 400, 150, "36602.")]
    (line,) = lines_from_tsv(_tsv(words))
    assert line.text == "Mobile, AL 36602"


@pytest.mark.tools
def test_a_giant_scanned_page_is_read_at_a_lower_resolution(tmp_path: Path, need_tool: Any) -> None:
    """A page 20 by 40 inches would be 72 megapixels at 300 dpi: it is rendered within
    limits.MAX_RENDER_PIXELS, and its lines still come out in points."""
    need_tool("tesseract")
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (3000, 6000), 255)  # 150 dpi over 20 x 40 inches
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 40)
    for k in range(3):
        ImageDraw.Draw(img).text((150, 3000 + 60 * k), f"Member ID: GSH88412{k} was read", fill=0, font=font)
    path = tmp_path / "giant.pdf"
    c = canvas.Canvas(str(path), pagesize=(20 * 72, 40 * 72), invariant=1)
    c.drawImage(ImageReader(img), 0, 0, width=20 * 72, height=40 * 72)
    c.showPage()
    c.save()
    doc = read_text(path)
    (line,) = [ln for ln in doc.pages[0].lines if "GSH884120" in ln.text]
    assert doc.pages[0].ocr
    assert line.top == pytest.approx(3000 / 150 * 72, abs=20)  # points, not pixels
