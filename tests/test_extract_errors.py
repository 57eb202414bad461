"""Every bad input to `packet extract`: one line on stderr naming the file and the fix, its own exit code,
nothing on stdout, the input untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from packet.cli import main
from packet.exceptions import ExitCode
from samples.pdfmaker import image_only_pdf, text_pdf

LETTER = [
    [
        "Date: January 12, 2026",
        "Member ID: GSH884120",
        "Claim #: 2026011200417",
        "We denied this request because:",
        "The service is not medically necessary for you.",
    ]
]


def _run(path: Path) -> tuple[int, str, str]:
    runner = CliRunner()
    before = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    r = runner.invoke(main, ["extract", str(path), "--json"])
    if before is not None:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "input was modified"
    return r.exit_code, r.stdout, r.stderr


def _assert_one_line_error(path: Path, code: ExitCode, words: str) -> None:
    exit_code, out, err = _run(path)
    assert exit_code == int(code), (exit_code, err)
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"Error: {path.name}: ")
    assert words in lines[0]
    assert "Traceback" not in err


def test_missing_file(tmp_path: Path) -> None:
    _assert_one_line_error(tmp_path / "nope.pdf", ExitCode.file_not_found, "no such file")


def test_zero_bytes(tmp_path: Path) -> None:
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    _assert_one_line_error(p, ExitCode.empty_file, "empty")


def test_random_bytes_named_pdf(tmp_path: Path) -> None:
    p = tmp_path / "random.pdf"
    p.write_bytes(bytes(range(256)) * 40)
    _assert_one_line_error(p, ExitCode.not_a_pdf, "not a PDF")


def test_html_saved_as_pdf(tmp_path: Path) -> None:
    p = tmp_path / "portal download.pdf"
    p.write_text("<!DOCTYPE html><html><body>Session expired</body></html>")
    _assert_one_line_error(p, ExitCode.not_a_pdf, "HTML")


def test_truncated_pdf(tmp_path: Path) -> None:
    full = text_pdf(tmp_path / "full.pdf", LETTER)
    p = tmp_path / "truncated.pdf"
    p.write_bytes(full.read_bytes()[:400])
    _assert_one_line_error(p, ExitCode.damaged_pdf, "damaged")


def test_password_protected(tmp_path: Path) -> None:
    plain = text_pdf(tmp_path / "plain.pdf", LETTER)
    w = PdfWriter(clone_from=PdfReader(plain))
    w.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    p = tmp_path / "locked.pdf"
    with open(p, "wb") as f:
        w.write(f)
    _assert_one_line_error(p, ExitCode.encrypted_pdf, "password")


def test_owner_password_only_is_readable(tmp_path: Path) -> None:
    plain = text_pdf(tmp_path / "plain.pdf", LETTER)
    w = PdfWriter(clone_from=PdfReader(plain))
    w.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    p = tmp_path / "owner-only.pdf"
    with open(p, "wb") as f:
        w.write(f)
    exit_code, out, err = _run(p)
    assert exit_code == 0, err
    assert '"GSH884120"' in out


def test_no_text_layer_without_tesseract_says_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With tesseract installed the scan is read with OCR (tests/test_ocr.py); without it, exit 8 and the
    install command."""
    monkeypatch.setattr("packet.tools.shutil.which", lambda cmd: None)
    p = image_only_pdf(tmp_path / "scan.pdf")
    _assert_one_line_error(p, ExitCode.no_text_layer, "scanned")
    _assert_one_line_error(p, ExitCode.no_text_layer, "apt-get install tesseract-ocr tesseract-ocr-eng")


def test_no_traceback_without_verbose_but_with_it(tmp_path: Path) -> None:
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    r = CliRunner().invoke(main, ["-v", "extract", str(p)])
    assert r.exit_code == int(ExitCode.empty_file)
    assert "Traceback" in r.stderr


def test_two_thousand_pages_reads_the_first_and_warns(tmp_path: Path) -> None:
    one = text_pdf(tmp_path / "one.pdf", LETTER)
    page = PdfReader(one).pages[0]
    w = PdfWriter()
    for _ in range(2000):
        w.add_page(page)
    p = tmp_path / "huge.pdf"
    with open(p, "wb") as f:
        w.write(f)
    exit_code, out, err = _run(p)
    assert exit_code == 0, err
    import json

    d = json.loads(out)
    assert d["source"]["pages"] == 2000
    assert d["member"]["id"] == "GSH884120"
    assert any("2000 pages" in w and "first" in w for w in d["warnings"])


@pytest.mark.parametrize("name", ["a folder.pdf"])
def test_a_folder_is_not_a_pdf(tmp_path: Path, name: str) -> None:
    d = tmp_path / name
    d.mkdir()
    r = CliRunner().invoke(main, ["extract", str(d)])
    assert r.exit_code != 0
    assert "Traceback" not in r.output
