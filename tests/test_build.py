"""The packet: index ranges are where exhibits really are, qpdf --check, determinism, metadata, bookmarks."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from packet.build import BuildOptions, build_packet
from packet.case import load_case, read_history
from samples.cases import default_records, make_case, text_pdf

STAMP = re.compile(
    r"(Exhibit [A-Z]+|Appeal letter|Attachment index|Cover sheet|Separator sheet)(?:, page (\d+) of "
    r"(\d+))?.*?"
    r"Page (\d+) of (\d+)"
)
INDEX_ROW = re.compile(r"^([A-Z]{1,2}) (.+?) (\d+)(?:\u2013(\d+))? (\d+)(?: (\d+))?$")


def page_texts(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [doc[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(doc))]
    finally:
        doc.close()


def stamps(texts: list[str]) -> list[tuple[str, int | None, int | None, int, int]]:
    """Each page's stamp: (what, page within it, its pages, packet page, packet pages)."""
    out = []
    for t in texts:
        m = STAMP.search(t.strip().splitlines()[-1])
        assert m, t
        out.append((m[1], int(m[2]) if m[2] else None, int(m[3]) if m[3] else None, int(m[4]), int(m[5])))
    return out


def index_rows(texts: list[str]) -> dict[str, tuple[str, int, int, int]]:
    """{label: (title, first, last, pages)} read back from the attachment index pages."""
    rows = {}
    for t in texts:
        if not t.startswith("Attachment index"):
            continue
        for line in t.splitlines():
            m = INDEX_ROW.match(line.strip())
            if m:
                first = int(m[3])
                rows[m[1]] = (m[2], first, int(m[4] or first), int(m[5]))
    return rows


def check_index_matches_pages(texts: list[str]) -> dict[str, tuple[str, int, int, int]]:
    st = stamps(texts)
    total = len(texts)
    assert [s[3] for s in st] == list(range(1, total + 1))  # "Page N of M" is the real page number
    assert {s[4] for s in st} == {total}
    where: dict[str, list[int]] = {}
    for s in st:
        if s[0].startswith("Exhibit"):
            where.setdefault(s[0].split()[1], []).append(s[3])
    rows = index_rows(texts)
    assert set(rows) == set(where) and rows
    for label, (_title, first, last, count) in rows.items():
        pages = where[label]
        assert (first, last) == (min(pages), max(pages)), label
        assert count == len(pages) == last - first + 1, label
        assert texts[first - 1].strip().splitlines()[-1].count(f"Exhibit {label}, page 1 of {count}") == 1
    return rows


def test_index_ranges_are_where_each_exhibit_starts_and_ends(tmp_path: Path) -> None:
    folder = make_case(tmp_path, default_records())
    result = build_packet(folder)
    assert result.outputs == [folder / "packet.pdf"]
    texts = page_texts(result.outputs[0])
    rows = check_index_matches_pages(texts)
    assert list(rows) == ["A", "B", "C", "D", "E", "F"]
    assert rows["A"][0] == "Notice of denial" and rows["B"][0] == "PT notes, January 5, 2026"
    assert rows["C"][3] == 3  # the 3-frame TIFF
    st = stamps(texts)
    assert [s[0] for s in st[:4]] == ["Cover sheet", "Appeal letter", "Appeal letter", "Attachment index"]
    assert "Notice of denial page 1" in texts[rows["A"][1] - 1]
    assert "PT notes page 3" in texts[rows["B"][2] - 1]
    assert result.pages == len(texts) == 1 + 2 + 1 + 2 + 3 + 3 + 1 + 1 + 1


def test_many_exhibits_index_spills_onto_two_pages_and_stays_right(tmp_path: Path) -> None:
    records = {f"{i:02d}_note.pdf": (lambda p, i=i: text_pdf(p, 1 + i % 3, f"Note {i}")) for i in range(40)}
    folder = make_case(tmp_path, records)
    texts = page_texts(build_packet(folder).outputs[0])
    assert sum(t.startswith("Attachment index") for t in texts) == 2
    rows = check_index_matches_pages(texts)
    assert len(rows) == 41


@pytest.mark.tools
def test_qpdf_check_passes(tmp_path: Path, need_tool: Callable[[str], str]) -> None:
    qpdf = need_tool("qpdf")
    folder = make_case(tmp_path, default_records())
    out = build_packet(folder, BuildOptions(expedited=True, bates="DOE")).outputs[0]
    r = subprocess.run([qpdf, "--check", str(out)], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "No syntax or stream encoding errors found" in r.stdout


def test_same_inputs_give_a_byte_identical_packet(tmp_path: Path) -> None:
    folder = make_case(tmp_path, default_records())
    first = build_packet(folder, BuildOptions(bates="X")).outputs[0].read_bytes()
    second = (
        build_packet(folder, BuildOptions(bates="X", output=tmp_path / "again.pdf")).outputs[0].read_bytes()
    )
    assert first == second
    third = (
        build_packet(folder, BuildOptions(bates="Y", output=tmp_path / "other.pdf")).outputs[0].read_bytes()
    )
    assert third != first


@pytest.mark.tools
def test_letter_docx_through_libreoffice_is_deterministic_too(
    tmp_path: Path, need_tool: Callable[[str], str]
) -> None:
    need_tool("libreoffice")
    folder = make_case(tmp_path, {}, letter="docx")
    a = build_packet(folder).outputs[0].read_bytes()
    b = build_packet(folder, BuildOptions(output=tmp_path / "b.pdf")).outputs[0].read_bytes()
    assert a == b
    assert "Please reconsider the denial of physical therapy." in page_texts(folder / "packet.pdf")[1]


def test_metadata_bookmarks_and_no_local_paths(tmp_path: Path) -> None:
    folder = make_case(tmp_path, default_records())
    out = build_packet(folder).outputs[0]
    r = PdfReader(out)
    assert not r.is_encrypted
    assert r.metadata is not None and r.metadata.title == "Appeal - PA-2026-00042"
    assert set(r.metadata) <= {"/Title", "/Producer", "/Creator"}
    data = out.read_bytes()
    assert str(tmp_path).encode() not in data and b"/tmp" not in data and b"/home" not in data
    assert r.trailer["/ID"][0] == r.trailer["/ID"][1] and len(r.trailer["/ID"][0]) == 16
    titles = [o.title if not isinstance(o, list) else [c.title for c in o] for o in r.outline]
    assert titles[:3] == ["Cover sheet", "Appeal letter", "Attachment index"]
    assert titles[3] == "Exhibits" and titles[4][0] == "Exhibit A: Notice of denial" and len(titles[4]) == 6
    assert r.get_destination_page_number(r.outline[2]) == 3
    assert all((float(p.mediabox.width), float(p.mediabox.height)) == (612, 792) for p in r.pages)
    assert all(p.rotation == 0 and "/Annots" not in p for p in r.pages)


def test_build_is_recorded_in_case_and_history(tmp_path: Path) -> None:
    folder = make_case(tmp_path, default_records())
    result = build_packet(folder)
    case = load_case(folder)
    assert case.state == "built"
    assert case.extra["build"]["fingerprint"] == result.fingerprint
    assert case.extra["build"]["outputs"] == ["packet.pdf"] and case.extra["build"]["pages"] == result.pages
    entry = read_history(folder)[-1]
    assert entry["action"] == "build" and entry["outputs"]["packet"]["file"] == "packet.pdf"
    assert oct((folder / "packet.pdf").stat().st_mode & 0o777) == "0o600"


def test_header_says_pdf_1_7(tmp_path: Path) -> None:
    folder = make_case(tmp_path, {})
    assert build_packet(folder).outputs[0].read_bytes().startswith(b"%PDF-1.7\n")


def test_byte_identical_across_processes_with_different_hash_seeds(tmp_path: Path) -> None:
    import os
    import sys

    folder = make_case(tmp_path, default_records())
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"p{seed}.pdf"
        code = (
            "import sys; from pathlib import Path; from packet.build import build_packet, BuildOptions; "
            "build_packet(Path(sys.argv[1]), BuildOptions(output=Path(sys.argv[2]), bates='Z'))"
        )
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(folder), str(out)], check=True, env=env)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_separator_sheets_come_before_each_exhibit_and_the_index_still_matches(tmp_path: Path) -> None:
    folder = make_case(tmp_path, default_records())
    out = build_packet(folder, BuildOptions(separators=True)).outputs[0]
    texts = page_texts(out)
    rows = check_index_matches_pages(texts)  # ranges are the exhibits' own pages, after their sheets
    st = stamps(texts)
    for label, (title, first, last, count) in rows.items():
        sheet = texts[first - 2]
        assert sheet.startswith(f"EXHIBIT {label}\n{title}"), sheet
        assert st[first - 2][0] == "Separator sheet"
        where = f"page {first}" if first == last else f"pages {first}\u2013{last}"
        assert f"{count} page{'s' if count > 1 else ''}, {where} of this packet" in sheet
    r = PdfReader(out)
    exhibits = r.outline[4]
    assert [r.get_destination_page_number(o) + 1 for o in exhibits] == [v[1] - 1 for v in rows.values()]
    plain = build_packet(folder, BuildOptions(output=tmp_path / "plain.pdf"))
    assert len(texts) == plain.pages + len(rows)
