"""'packet build': stdout/stderr, one-line errors with their exit codes, --max-mb parts, --all."""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from test_build import check_index_matches_pages, page_texts, stamps

from packet.cli import main
from packet.exceptions import ExitCode
from samples.cases import letter_docx, make_case, text_pdf


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_build_prints_the_path_on_stdout_and_the_size_on_stderr(tmp_path: Path) -> None:
    folder = make_case(tmp_path, {"notes.pdf": lambda p: text_pdf(p, 2, "Notes")})
    r = run("build", str(folder), "--bates", "DOE")
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == str(folder / "packet.pdf")
    assert "packet.pdf: " in r.stderr and " kB" in r.stderr and "8 pages" in r.stderr
    r = run("build", str(folder), "-o", str(tmp_path / "out.pdf"), "--expedited")
    assert r.exit_code == 0 and r.stdout.strip() == str(tmp_path / "out.pdf")
    assert "EXPEDITED REVIEW REQUESTED" in page_texts(tmp_path / "out.pdf")[0]


def _noise_png(path: Path, seed: int, px: int = 420) -> Path:
    from PIL import Image

    rnd = random.Random(seed)
    Image.frombytes("L", (px, px), bytes(rnd.getrandbits(8) for _ in range(px * px))).save(
        path, dpi=(150, 150)
    )
    return path


@pytest.mark.parametrize("extra", [[], ["--separators"]])
def test_max_mb_splits_at_exhibit_boundaries_each_part_with_its_cover(
    tmp_path: Path, extra: list[str]
) -> None:
    records = {f"scan_{i}.png": (lambda p, i=i: _noise_png(p, i)) for i in range(6)}  # ~176 kB each
    folder = make_case(tmp_path, records)
    r = run("build", str(folder), "--max-mb", "0.45", *extra)
    assert r.exit_code == 0, r.output
    parts = [Path(line) for line in r.stdout.split()]
    assert len(parts) >= 3 and [p.name for p in parts[:2]] == ["packet-part1.pdf", "packet-part2.pdf"]
    assert all(p.stat().st_size <= 450_000 for p in parts)
    texts = [t for p in parts for t in page_texts(p)]
    rows = check_index_matches_pages(texts)  # page numbers run on through the parts and count every cover
    assert len(rows) == 7
    n = len(parts)
    for k, p in enumerate(parts, 1):
        first = page_texts(p)[0]
        assert f"Part {k} of {n}" in first and f"Cover sheet, part {k} of {n}" in first
        assert PdfReader(p).metadata.title == f"Appeal - PA-2026-00042 (part {k} of {n})"
        # no exhibit is cut in two: each part's exhibits start at their page 1
        labels = [s for s in stamps(page_texts(p)) if s[0].startswith("Exhibit")]
        assert labels and labels[0][1] == 1
    assert "Attachment index" in page_texts(parts[0])[0]


def test_big_packet_warns_about_portal_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from packet.build import pipeline

    monkeypatch.setattr(pipeline, "PORTAL_LIMIT_MB", 0.01)
    folder = make_case(tmp_path, {"scan.png": lambda p: _noise_png(p, 1)})
    r = run("build", str(folder))
    assert r.exit_code == 0
    assert (
        "Warning: packet.pdf is 0.2 MB, over 0.01 MB: many portals refuse files over 25 MB; split it with "
        "--max-mb 25" in r.stderr
    )


@pytest.mark.parametrize(
    ("name", "data", "code", "message"),
    [
        (
            "notes.txt",
            b"hello",
            ExitCode.bad_record,
            "Error: notes.txt: '.txt' files are not accepted as records; save it as PDF, PNG, JPEG, TIFF or "
            "DOCX",
        ),
        (
            "broken.pdf",
            b"%PDF-1.4\n garbage garbage",
            ExitCode.damaged_pdf,
            "Error: broken.pdf: the PDF is damaged or truncated; ",
        ),
        ("photo.png", b"\x89PNG\r\n\x1a\n truncated", ExitCode.bad_record, "Error: photo.png: the image "),
        (
            "letter.docx",
            b"PK\x03\x04 not a zip",
            ExitCode.damaged_docx,
            "Error: letter.docx: not a readable Word",
        ),
    ],
)
def test_bad_record_is_one_line_with_its_exit_code_and_nothing_written(
    tmp_path: Path, name: str, data: bytes, code: ExitCode, message: str
) -> None:
    folder = make_case(tmp_path, {"good.pdf": lambda p: text_pdf(p, 1, "Good"), name: data})
    r = run("build", str(folder))
    assert r.exit_code == code, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), lines
    assert r.stdout == ""
    assert not (folder / "packet.pdf").exists()
    assert not [p for p in folder.iterdir() if p.name.startswith(".packet")]  # no temporary left behind


def test_missing_letter_and_bad_options(tmp_path: Path) -> None:
    folder = make_case(tmp_path, {}, letter=None)
    r = run("build", str(folder))
    assert r.exit_code == ExitCode.file_not_found
    assert r.stderr.strip() == (
        f"Error: letter.docx: the case has no letter yet; run 'packet draft {folder}' "
        "first (or put letter.pdf there)"
    )
    assert run("build", str(folder), "--bates", "no spaces").exit_code == ExitCode.invalid_value
    assert run("build", str(folder), "--max-mb", "0").exit_code == ExitCode.invalid_value
    assert run("build", str(tmp_path / "nope")).exit_code == ExitCode.case_not_found
    (tmp_path / "empty").mkdir()
    r = run("build", "--all", str(tmp_path / "empty"))
    assert r.exit_code == ExitCode.not_a_workspace and "no packet.toml" in r.stderr
    r = run("build", "--all", str(folder.parent.parent), "-o", str(tmp_path / "x.pdf"))
    assert r.exit_code == ExitCode.invalid_value and "-o cannot be used with --all" in r.stderr


def test_newer_letter_pdf_wins_over_docx(tmp_path: Path) -> None:
    folder = make_case(tmp_path, {}, letter="pdf")
    letter_docx(folder / "letter.docx")
    old = os.stat(folder / "letter.docx").st_mtime - 100
    os.utime(folder / "letter.docx", (old, old))
    r = run("build", str(folder))
    assert r.exit_code == 0
    assert "Appeal letter page 1" in page_texts(folder / "packet.pdf")[1]


@pytest.mark.tools
def test_build_all_batches_conversions_and_skips_unchanged(
    tmp_path: Path, need_tool: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    need_tool("libreoffice")
    from packet import convert

    a = make_case(tmp_path, {"n.pdf": lambda p: text_pdf(p, 1, "N")}, letter="docx", case_id="a")
    b = make_case(tmp_path / "b", {}, letter="docx", case_id="b")
    ws = a.parent.parent
    b.rename(ws / "cases" / "b")
    b = ws / "cases" / "b"
    make_case(tmp_path / "c", {}, letter=None, case_id="c").rename(ws / "cases" / "c")
    calls: list[list[Path]] = []
    real = convert.docx_to_pdf_many

    def spy(docxs: list[Path], *args: object, **kw: object) -> dict[Path, Path]:
        calls.append(list(docxs))
        return real(docxs, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(convert, "docx_to_pdf_many", spy)
    r = run("build", "--all", str(ws), "--bates", "X")
    assert r.exit_code == 0, r.output
    assert r.stdout.split() == [str(a / "packet.pdf"), str(b / "packet.pdf")]
    assert calls == [[a / "letter.docx", b / "letter.docx"]]  # one LibreOffice run for both letters
    assert "c: skipped: letter.docx: the case has no letter yet" in r.stderr
    assert "2 built, 1 unchanged or skipped, 0 failed" in r.stderr
    r = run("build", "--all", str(ws))
    assert r.exit_code == 0 and r.stdout == "" and "a: unchanged since the last build" in r.stderr
    text_pdf(b / "records" / "new.pdf", 1, "New record")
    r = run("build", "--all", str(ws))
    assert r.stdout.split() == [str(b / "packet.pdf")]
    assert stamps(page_texts(b / "packet.pdf"))[0][4] == 1 + 1 + 1 + 2 + 1
    assert "X000001" in page_texts(b / "packet.pdf")[0]  # the last build's --bates is kept


def test_parts_replace_the_single_file_and_back(tmp_path: Path) -> None:
    records = {f"scan_{i}.png": (lambda p, i=i: _noise_png(p, i)) for i in range(3)}
    folder = make_case(tmp_path, records)
    keep = tmp_path / "copy.pdf"
    assert run("build", str(folder), "-o", str(keep)).exit_code == 0
    assert run("build", str(folder)).exit_code == 0
    assert (folder / "packet.pdf").is_file() and keep.is_file()  # not a file of the same family: kept
    r = run("build", str(folder), "--max-mb", "0.45")
    assert r.exit_code == 0
    assert not (folder / "packet.pdf").exists() and (folder / "packet-part2.pdf").is_file()
    assert run("build", str(folder)).exit_code == 0
    assert (folder / "packet.pdf").is_file() and not list(folder.glob("packet-part*.pdf"))


@pytest.mark.tools
def test_docx_record_and_letter_are_converted_in_one_call(
    tmp_path: Path, need_tool: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    need_tool("libreoffice")
    from packet import convert

    folder = make_case(
        tmp_path, {"lmn.docx": lambda p: letter_docx(p, "Letter of medical necessity text")}, letter="docx"
    )
    calls: list[int] = []
    real = convert.docx_to_pdf_many
    monkeypatch.setattr(
        convert, "docx_to_pdf_many", lambda d, *a, **k: calls.append(len(d)) or real(d, *a, **k)
    )
    assert run("build", str(folder)).exit_code == 0
    assert calls == [2]
    texts = page_texts(folder / "packet.pdf")
    rows = check_index_matches_pages(texts)
    assert rows["B"][0] == "LMN"
    assert "Letter of medical necessity text" in texts[rows["B"][1] - 1]


def test_a_failure_while_writing_leaves_the_old_packet_and_no_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from packet.build import pipeline

    records = {f"scan_{i}.png": (lambda p, i=i: _noise_png(p, i)) for i in range(3)}
    folder = make_case(tmp_path, records)
    assert run("build", str(folder)).exit_code == 0
    before = (folder / "packet.pdf").read_bytes()
    real = pipeline.write_volume

    def fail_on_part_2(path: Path, volume: object, *args: object) -> int:
        if volume.number == 2:
            raise OSError(28, "No space left on device")
        return real(path, volume, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "write_volume", fail_on_part_2)
    r = run("build", str(folder), "--max-mb", "0.45")
    assert r.exit_code == ExitCode.output_error
    assert r.stderr.strip() == (
        f"Error: {folder / 'packet.pdf'}: cannot write (No space left on device); "
        "check free disk space and permissions"
    )
    assert (folder / "packet.pdf").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["case.json", "denial.pdf", "history.jsonl", "letter.pdf", "packet.pdf", "records"]
    )


def test_without_libreoffice_the_letter_is_rendered_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from test_convert import _no_libreoffice

    _no_libreoffice(monkeypatch)
    folder = make_case(tmp_path, {}, letter="docx")
    with caplog.at_level("WARNING", logger="packet"):
        r = run("build", str(folder))
    assert r.exit_code == 0, r.output
    assert "letter.docx was rendered by Appeal Packet itself and its layout is approximate" in caplog.text
    assert "Please reconsider the denial of physical therapy." in page_texts(folder / "packet.pdf")[1]


def _noisy_pdf(path: Path, pages: int) -> Path:
    """Pages that do not compress (a noise image each, ~60 kB), to force an exhibit over a part's size."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=(612, 792), invariant=1)
    rnd = random.Random(7)
    for k in range(pages):
        im = Image.frombytes("L", (245, 245), bytes(rnd.getrandbits(8) for _ in range(245 * 245)))
        c.drawImage(ImageReader(im), 72, 300, 300, 300)
        c.drawString(72, 720, f"Big scan page {k + 1}")
        c.showPage()
    c.save()
    return path


def test_an_exhibit_bigger_than_a_part_is_split_by_pages_and_indexed_in_runs(tmp_path: Path) -> None:
    folder = make_case(
        tmp_path, {"big_scan.pdf": lambda p: _noisy_pdf(p, 8), "z.pdf": lambda p: text_pdf(p, 1, "Z")}
    )
    r = run("build", str(folder), "--max-mb", "0.25", "--separators")
    assert r.exit_code == 0, r.output
    parts = [Path(line) for line in r.stdout.split()]
    assert len(parts) >= 3
    texts = [t for p in parts for t in page_texts(p)]
    st = stamps(texts)
    assert [s[3] for s in st] == list(range(1, len(texts) + 1))
    big = [s[3] for s in st if s[0] == "Exhibit B"]
    assert [s[1] for s in st if s[0] == "Exhibit B"] == list(range(1, 9))  # its own numbering runs on
    m = re.search(r"\nB Big scan ([\d\u2013;\s]+?)\n8 1, 2,", texts[4 - 1])  # the row wraps over lines
    assert m, texts[3]
    listed = re.findall(r"(\d+)(?:\u2013(\d+))?", m[1])
    pages = [n for a, b in listed for n in range(int(a), int(b or a) + 1)]
    assert pages == big and len(listed) >= 2  # runs, one per part; covers in between are not counted
    assert any("Exhibit B: Big scan (continued)" in page_texts(p)[0] for p in parts[1:])


def test_exhibits_toml_and_workspace_flow_into_the_packet(tmp_path: Path) -> None:
    folder = make_case(
        tmp_path,
        {"a_notes.pdf": lambda p: text_pdf(p, 1, "A notes"), "b_mri.pdf": lambda p: text_pdf(p, 2, "B mri")},
    )
    (folder / "records" / "exhibits.toml").write_text(
        '[[exhibit]]\nfile = "b_mri.pdf"\ntitle = "MRI of the left knee, December 3, 2025"\n'
    )
    other = tmp_path / "other"
    other.mkdir()
    (other / "packet.toml").write_text('[sender]\nname = "Pat Member"\nphone = "(555) 010-0000"\n')
    r = run("build", str(folder), "--workspace", str(other))
    assert r.exit_code == 0, r.output
    texts = page_texts(folder / "packet.pdf")
    rows = check_index_matches_pages(texts)
    assert [(k, v[0]) for k, v in rows.items()] == [
        ("A", "Notice of denial"),
        ("B", "MRI of the left knee, December 3, 2025"),
        ("C", "A notes"),
    ]
    assert "Pat Member" in texts[0] and "Dr. Alex Rivera" not in texts[0]
    assert "B mri page 1" in texts[rows["B"][1] - 1]


@pytest.mark.parametrize(
    ("cites", "missing"),
    [
        ("Enclosures: Exhibit A", ["Exhibit B (Notes)", "Exhibit C (Scan)"]),
        ("Exhibit A, Exhibit B, Exhibit C", []),
    ],
)
def test_a_letter_that_cites_exhibits_is_warned_of_the_ones_it_leaves_out(
    tmp_path: Path, cites: str, missing: list[str]
) -> None:
    folder = make_case(
        tmp_path, {"notes.pdf": lambda p: text_pdf(p, 1, "Notes"), "scan.pdf": lambda p: text_pdf(p, 1, "S")}
    )
    text_pdf(folder / "letter.pdf", 1, cites)
    r = run("build", str(folder))
    assert r.exit_code == 0, r.output
    warned = [ln for ln in r.stderr.splitlines() if "does not mention" in ln]
    assert len(warned) == len(missing)
    for w, exhibit in zip(warned, missing, strict=True):
        assert f"letter.pdf does not mention {exhibit}" in w and "packet draft case-1" in w


def test_a_letter_in_its_own_words_is_not_checked_for_exhibit_labels(tmp_path: Path) -> None:
    folder = make_case(tmp_path, {"notes.pdf": lambda p: text_pdf(p, 1, "Notes")}, letter="docx")
    r = run("build", str(folder))  # letter_docx says "Enclosures: Exhibits A to D"
    assert r.exit_code == 0, r.output
    assert "does not mention" not in r.stderr
