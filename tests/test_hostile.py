"""Hostile and broken input (issue 8): every file meets a correct result (maybe with a warning) or one line
on stderr naming the file, what is wrong and what to do, with its own exit code; the input is left
untouched and nothing is left half-written. Time and memory are measured by bench/bench_hostile.py; here
the tests check that the bounds are enforced by the code (the limit is what refuses the file).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader, PdfWriter

from packet import limits
from packet.cli import main
from packet.exceptions import ExitCode
from samples.cases import make_case
from samples.hostile import (
    HOSTILE_DOCX,
    HOSTILE_IMAGES,
    HOSTILE_PDFS,
    bomb,
    docm,
    docx_bomb,
    docx_xxe,
    huge_image,
    many_pages,
)

MAKERS = {name: (filename, make) for name, filename, make, _ in HOSTILE_PDFS + HOSTILE_IMAGES + HOSTILE_DOCX}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its hash: the same before and after means nothing changed."""
    return {str(p.relative_to(folder)): sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_one_line(r: Result, code: ExitCode, start: str, *words: str) -> str:
    assert r.exit_code == int(code), (r.exit_code, r.stderr, r.exception)
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith(f"Error: {start}"), lines[0]
    assert "; " in lines[0]  # what is wrong; what to do
    for w in words:
        assert w in lines[0], (w, lines[0])
    assert "Traceback" not in r.stderr
    return lines[0]


# ---------------------------------------------------------------------------------------------------------
# The denial letter: packet extract

# name -> (exit code, words in the error) or (0, a warning's words or None)
DENIAL_EXPECT: dict[str, tuple[ExitCode, str | None]] = {
    "zero-bytes": (ExitCode.empty_file, "empty (0 bytes)"),
    "random": (ExitCode.not_a_pdf, "not a PDF"),
    "html": (ExitCode.not_a_pdf, "HTML"),
    "truncated": (ExitCode.damaged_pdf, "damaged or truncated"),
    "broken-xref": (ExitCode.ok, "cross-reference table is broken and was repaired"),
    "user-password": (ExitCode.encrypted_pdf, "password-protected"),
    "owner-password": (ExitCode.ok, None),
    "no-pages": (ExitCode.damaged_pdf, "no pages"),
    "5000-pages": (ExitCode.ok, "5000 pages; only the first 12 were read"),
    "giant-page": (ExitCode.ok, None),
    "bomb": (ExitCode.input_too_large, "inflates to over 256 MB"),
    "path-bomb": (ExitCode.input_too_large, "page 1 draws over 1,000,000 operators"),
    "nested": (ExitCode.ok, None),
    "self-ref": (ExitCode.ok, None),
}


@pytest.mark.parametrize("name", list(DENIAL_EXPECT))
def test_hostile_denial(tmp_path: Path, name: str) -> None:
    filename, make = MAKERS[name]
    path = make(tmp_path / filename)
    before = tree(tmp_path)
    r = run("extract", str(path), "--json", "--today", "2026-01-20")
    code, words = DENIAL_EXPECT[name]
    if code == ExitCode.ok:
        assert r.exit_code == 0, (r.stderr, r.exception)
        d = json.loads(r.stdout)
        assert d["member"]["id"] == "GSH884120"
        assert d["reference"] == "PA-2026-00417"
        if words:
            assert any(words in w for w in d["warnings"]), d["warnings"]
        assert "Traceback" not in r.stderr
    else:
        assert_one_line(r, code, f"{filename}: ", words or "")
    assert tree(tmp_path) == before  # input untouched, nothing written beside it


def test_a_bomb_is_refused_by_the_limit_not_by_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal comes from limits.MAX_STREAM_BYTES: raise the limit past the bomb and a page is read."""
    path = bomb(tmp_path / "bomb.pdf")
    assert limits.inflated_size(b"x" * 10, 0, 5) == 10
    with open(path, "rb") as f:
        reader = PdfReader(f)
        stream = reader.pages[0]["/Contents"].get_object()
        # counted in chunks and stopped just past the cap: never the whole 2 GB
        assert (
            limits.MAX_STREAM_BYTES
            < limits.inflated_size(stream._data, 2, limits.MAX_STREAM_BYTES)
            < (limits.MAX_STREAM_BYTES + 8 * (1 << 20))
        )
    monkeypatch.setattr(limits, "MAX_STREAM_BYTES", 10)
    r = run("extract", str(bomb(tmp_path / "small.pdf")))
    assert r.exit_code == ExitCode.input_too_large  # even a small stream over a small cap


def test_file_names_with_spaces_accents_newline_and_leading_dash(tmp_path: Path) -> None:
    for name in ["denial letter é.pdf", "-denial.pdf", "bad\nname.pdf", "..pdf"]:
        path = tmp_path / name
        path.write_bytes(b"")
        r = run("extract", "--", str(path)) if name.startswith("-") else run("extract", str(path))
        shown = name.replace("\n", "\\n")
        assert_one_line(r, ExitCode.empty_file, f"{shown}: ", "empty")


def test_a_leading_dash_name_is_not_an_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("-v").write_bytes(b"")
    r = run("extract", "--", "-v")
    assert_one_line(r, ExitCode.empty_file, "-v: ")


# ---------------------------------------------------------------------------------------------------------
# Records: packet build

RECORD_EXPECT: dict[str, tuple[ExitCode, str | None]] = {
    "zero-bytes": (ExitCode.bad_record, "empty (0 bytes)"),
    "random": (ExitCode.bad_record, "the name says PDF but the content is not"),
    "html": (ExitCode.bad_record, "the name says PDF but the content is not"),
    "truncated": (ExitCode.damaged_pdf, "damaged or truncated"),
    "broken-xref": (ExitCode.ok, "cross-reference table is broken and was repaired"),
    "user-password": (ExitCode.encrypted_pdf, "password-protected"),
    "owner-password": (ExitCode.ok, None),
    "no-pages": (ExitCode.damaged_pdf, "no pages"),
    "5000-pages": (ExitCode.input_too_large, "5,000 pages, over the limit of 3,000"),
    "giant-page": (ExitCode.ok, None),
    "bomb": (ExitCode.input_too_large, "inflates to over 256 MB"),
    "path-bomb": (ExitCode.input_too_large, "page 1 draws over 1,000,000 operators"),
    "nested": (ExitCode.ok, None),
    "self-ref": (ExitCode.damaged_pdf, "damaged"),  # pypdf will not follow a page tree that contains itself
    "jpeg-is-png": (ExitCode.ok, None),
    "20k-image": (ExitCode.input_too_large, "the image is over the limit of 50 megapixels"),
    "docx-not-zip": (ExitCode.damaged_docx, "not a Word document"),
    "docx-bomb": (ExitCode.input_too_large, "unpacks to 301 MB, over the limit of 200 MB"),
    "docx-xxe": (ExitCode.unsafe_input, "declares XML entities"),
    "docm": (ExitCode.bad_record, "'.docm' files are not accepted"),
    "docx-linked": (ExitCode.ok, None),
}


def build(folder: Path) -> Result:
    return run("build", str(folder))


@pytest.mark.parametrize("name", list(RECORD_EXPECT))
def test_hostile_record(tmp_path: Path, name: str) -> None:
    filename, make = MAKERS[name]
    folder = make_case(tmp_path, {filename: make})
    before = tree(folder)
    r = build(folder)
    code, words = RECORD_EXPECT[name]
    if code == ExitCode.ok:
        assert r.exit_code == 0, (r.stderr, r.exception)
        if words:  # a repaired file works, with a warning naming it
            warned = [ln for ln in r.stderr.splitlines() if ln.startswith("Warning:")]
            assert any(f"{filename}: " in w and words in w for w in warned), r.stderr
        out = folder / "packet.pdf"
        pages = PdfReader(out).pages
        assert all(abs(float(p.mediabox.width) - 612) < 1 for p in pages)  # a giant page is scaled to Letter
        after = tree(folder)
        assert {k: v for k, v in after.items() if k in before and k != "case.json"} == {
            k: v for k, v in before.items() if k != "case.json"
        }
    else:
        assert_one_line(r, code, f"{filename}: ", words or "")
        assert tree(folder) == before  # nothing written, nothing half-written, the record untouched
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".") or p.name.endswith(".part")]
    assert leftovers == []


def test_record_page_cap_is_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_RECORD_PAGES", 20)
    folder = make_case(tmp_path, {"chart.pdf": lambda p: many_pages(p, 21)})
    assert_one_line(build(folder), ExitCode.input_too_large, "chart.pdf: ", "21 pages, over the limit of 20")


def test_image_pixel_cap_is_per_call_not_global(tmp_path: Path) -> None:
    from PIL import Image

    before = Image.MAX_IMAGE_PIXELS
    folder = make_case(tmp_path, {"huge scan.png": huge_image})
    assert build(folder).exit_code == ExitCode.input_too_large
    assert before == Image.MAX_IMAGE_PIXELS  # Pillow's process-wide setting is not touched


def test_image_pixel_cap_is_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from samples.cases import image

    monkeypatch.setattr(limits, "MAX_IMAGE_PIXELS", 1_000_000)
    folder = make_case(tmp_path, {"photo.jpg": lambda p: image(p, (1200, 1000))})
    assert_one_line(
        build(folder), ExitCode.input_too_large, "photo.jpg: ", "1,200 x 1,000 pixels, over the limit"
    )


def test_docx_checks_happen_before_any_parser(tmp_path: Path) -> None:
    """check_docx refuses before LibreOffice or python-docx open the file."""
    from packet.convert import check_docx
    from packet.exceptions import InputTooLargeError, UnsafeInputError

    with pytest.raises(UnsafeInputError, match="declares XML entities"):
        check_docx(docx_xxe(tmp_path / "x.docx"))
    with pytest.raises(InputTooLargeError, match="unpacks to"):
        check_docx(docx_bomb(tmp_path / "b.docx"))
    with pytest.raises(UnsafeInputError, match="macro"):
        check_docx(docm(tmp_path / "m.docx"))


def test_python_docx_never_resolves_entities(tmp_path: Path) -> None:
    """Defence in depth: even without check_docx, python-docx's parser does not read the local file."""
    import docx

    from samples.hostile import SECRET

    if not SECRET.is_file() or not SECRET.read_text().strip():
        pytest.skip(f"{SECRET} is missing")
    d = docx.Document(str(docx_xxe(tmp_path / "x.docx")))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "XXE-MARKER" in text
    assert SECRET.read_text().strip() not in text


@pytest.mark.parametrize(("maker", "code", "words"), [
    (docm, ExitCode.unsafe_input, "contains macros"),
    (docx_xxe, ExitCode.unsafe_input, "declares XML entities"),
    (docx_bomb, ExitCode.input_too_large, "over the limit of 200 MB"),
])  # fmt: skip
def test_hostile_letter_docx(
    tmp_path: Path, maker: Callable[[Path], Path], code: ExitCode, words: str
) -> None:
    folder = make_case(tmp_path, {}, letter=None)
    maker(folder / "letter.docx")
    before = tree(folder)
    assert_one_line(build(folder), code, "letter.docx: ", words)
    assert tree(folder) == before


# ---------------------------------------------------------------------------------------------------------
# Output: a read-only case folder, a full disk


def _deny_writes_under(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``folder`` read-only; as root (where modes do not stop writes) creating files in it fails too."""
    folder.chmod(0o555)
    if os.geteuid() != 0:
        return
    real_mkdtemp, real_mkstemp = tempfile.mkdtemp, tempfile.mkstemp

    def guard(real: Callable[..., object]) -> Callable[..., object]:
        def call(*a: object, **kw: object) -> object:
            where = Path(str(kw.get("dir") or tempfile.gettempdir())).resolve()
            if where == folder.resolve():
                raise PermissionError(errno.EACCES, "Permission denied")
            return real(*a, **kw)

        return call

    monkeypatch.setattr(tempfile, "mkdtemp", guard(real_mkdtemp))
    monkeypatch.setattr(tempfile, "mkstemp", guard(real_mkstemp))


def test_read_only_case_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_case(tmp_path, {})
    before = tree(folder)
    _deny_writes_under(folder, monkeypatch)
    try:
        r = build(folder)
    finally:
        folder.chmod(0o700)
    assert_one_line(r, ExitCode.output_error, str(folder / "packet.pdf"), "cannot write", "permission")
    assert tree(folder) == before


def test_full_disk_while_writing_the_packet_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_case(tmp_path, {})
    assert build(folder).exit_code == 0
    before = tree(folder)

    def full(self: PdfWriter, stream: object) -> None:
        stream.write(b"%PDF-1.7\n half a packet")  # type: ignore[attr-defined]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(PdfWriter, "write", full)
    r = run("build", str(folder), "--bates", "DOE")
    assert_one_line(r, ExitCode.output_error, str(folder / "packet.pdf"), "No space left on device")
    assert tree(folder) == before  # the old packet and case.json as they were, no temporary left


def test_full_disk_in_an_atomic_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from packet.exceptions import OutputError
    from packet.fsutil import write_text_atomic

    dest = tmp_path / "case.json"
    dest.write_text("old")

    def full(self: Path, data: bytes) -> int:
        with open(self, "wb") as f:
            f.write(data[:3])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OutputError, match="the disk is full"):
        write_text_atomic(dest, "new contents")
    assert dest.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["case.json"]


def test_render_scale_keeps_a_giant_page_within_the_pixel_cap() -> None:
    letter = limits.render_scale(612, 792, 300)
    assert letter == 300 / 72  # a normal page at full resolution
    giant = limits.render_scale(14400, 14400, 300)
    assert (14400 * giant) ** 2 <= limits.MAX_RENDER_PIXELS * 1.0001
