"""Exhibit order, titles, junk filtering, exhibits.toml validation and one-line errors for bad records."""

from __future__ import annotations

from pathlib import Path

import pytest

from packet.exceptions import BadRecordError, PacketError
from packet.exhibits import exhibit_label, list_exhibits, readable_title

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 16
TIFF = b"II*\x00" + b"\0" * 16
DOCX = b"PK\x03\x04" + b"\0" * 16


def _records(tmp_path: Path, files: dict[str, bytes]) -> Path:
    d = tmp_path / "records"
    d.mkdir()
    for name, data in files.items():
        (d / name).write_bytes(data)
    return d


def test_order_by_file_name_denial_first_and_kinds(tmp_path: Path) -> None:
    d = _records(
        tmp_path,
        {
            "b_scan.tiff": TIFF,
            "2026-01-05_pt_notes.pdf": PDF,
            "photo.JPG": JPEG,
            "a.png": PNG,
            "lmn.docx": DOCX,
        },
    )
    denial = tmp_path / "denial.pdf"
    denial.write_bytes(PDF)
    ex = list_exhibits(d, denial)
    assert [(e.label, e.path.name, e.kind) for e in ex] == [
        ("A", "denial.pdf", "pdf"),
        ("B", "2026-01-05_pt_notes.pdf", "pdf"),
        ("C", "a.png", "image"),
        ("D", "b_scan.tiff", "tiff"),
        ("E", "lmn.docx", "docx"),
        ("F", "photo.JPG", "image"),
    ]
    assert ex[0].title == "Notice of denial"
    assert ex[1].title == "PT notes, January 5, 2026"
    assert ex[4].title == "LMN"
    # Without the denial, records keep their labels (B on), so a letter cites what the packet prints.
    assert [e.label for e in list_exhibits(d)] == ["B", "C", "D", "E", "F"]


def test_junk_is_ignored_and_missing_folder_is_empty(tmp_path: Path) -> None:
    d = _records(
        tmp_path,
        {".DS_Store": b"x", "Thumbs.db": b"x", "~$notes.docx": b"x", "dl.pdf.crdownload": b"x", "r.pdf": PDF},
    )
    (d / "sub").mkdir()
    assert [e.path.name for e in list_exhibits(d)] == ["r.pdf"]
    assert list_exhibits(tmp_path / "nope") == []


@pytest.mark.parametrize(
    ("name", "data", "expect"),
    [
        ("notes.txt", b"hello", "notes.txt: '.txt' files are not accepted as records; save it as PDF, PNG"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "old.doc: '.doc' files are not accepted"),
        ("empty.pdf", b"", "empty.pdf: the file is empty (0 bytes)"),
        ("fake.pdf", b"<html>", "fake.pdf: the name says PDF but the content is not"),
        ("fake.png", PDF, "fake.png: the name says PNG but the content is not"),
    ],
)
def test_bad_record_is_one_line_naming_file_and_fix(
    tmp_path: Path, name: str, data: bytes, expect: str
) -> None:
    d = _records(tmp_path, {name: data})
    with pytest.raises(BadRecordError) as err:
        list_exhibits(d)
    msg = str(err.value)
    assert msg.startswith(expect)
    assert "\n" not in msg and ";" in msg


def test_exhibits_toml_orders_and_titles(tmp_path: Path) -> None:
    d = _records(tmp_path, {"a.pdf": PDF, "b.pdf": PDF, "c_mri.pdf": PDF})
    (d / "exhibits.toml").write_text(
        '[[exhibit]]\nfile = "c_mri.pdf"\ntitle = "MRI of the left knee"\n\n[[exhibit]]\nfile = "b.pdf"\n'
    )
    ex = list_exhibits(d)
    assert [(e.label, e.path.name, e.title) for e in ex] == [
        ("B", "c_mri.pdf", "MRI of the left knee"),
        ("C", "b.pdf", "B"),
        ("D", "a.pdf", "A"),  # not listed: after the listed ones
    ]


@pytest.mark.parametrize(
    ("toml", "expect"),
    [
        ("[[exhibit]\n", "not valid TOML"),
        ('[[exhibit]]\nfile = "missing.pdf"\n', "exhibit 1 names 'missing.pdf', which is not in records/"),
        ('[[exhibit]]\nfile = "a.pdf"\n[[exhibit]]\nfile = "a.pdf"\n', "'a.pdf' is listed twice"),
        ('[[exhibit]]\nfile = "a.pdf"\nname = "x"\n', "exhibit 1 has unknown key 'name'"),
        ('[[exhibit]]\ntitle = "x"\n', "exhibit 1 has no file"),
        ('[[exhibit]]\nfile = "a.pdf"\ntitle = "  "\n', "has an empty title"),
        ('order = ["a.pdf"]\n', "unknown key 'order'"),
    ],
)
def test_broken_exhibits_toml_names_file_and_fix(tmp_path: Path, toml: str, expect: str) -> None:
    d = _records(tmp_path, {"a.pdf": PDF})
    (d / "exhibits.toml").write_text(toml)
    with pytest.raises(PacketError) as err:
        list_exhibits(d)
    assert str(err.value).startswith("exhibits.toml: ")
    assert expect in str(err.value)


def test_labels_and_titles() -> None:
    assert [exhibit_label(i) for i in (0, 1, 25, 26, 27, 51, 52)] == ["A", "B", "Z", "AA", "AB", "AZ", "BA"]
    assert readable_title("mri-report.pdf") == "MRI report"
    assert readable_title("x-ray_knee.png") == "X-ray knee"
    assert readable_title("20251203 Lab results.pdf") == "Lab results, December 3, 2025"
    assert readable_title("2026-01-05.pdf") == "Record dated January 5, 2026"
    assert readable_title("Dr_McKay_notes.pdf") == "Dr McKay notes"


def test_a_folder_inside_records_is_named_in_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    d = _records(tmp_path, {"r.pdf": PDF})
    (d / "older").mkdir()
    (d / "older" / "x.pdf").write_bytes(PDF)
    with caplog.at_level("WARNING", logger="packet"):
        assert [e.path.name for e in list_exhibits(d)] == ["r.pdf"]
    assert "records/older/ is a folder: its files are not exhibits" in caplog.text


def test_numbers_that_order_every_file_are_not_part_of_the_titles(tmp_path: Path) -> None:
    d = _records(tmp_path, {"01-clinical-notes.pdf": PDF, "02_mri-report.pdf": PDF, "10 pt-notes.pdf": PDF})
    assert [e.title for e in list_exhibits(d)] == ["Clinical notes", "MRI report", "PT notes"]


def test_a_number_that_only_one_file_starts_with_is_kept(tmp_path: Path) -> None:
    d = _records(tmp_path, {"24-hour-holter.pdf": PDF, "mri-report.pdf": PDF, "3.pdf": PDF})
    assert [e.title for e in list_exhibits(d)] == ["24 hour holter", "3", "MRI report"]


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Office notes 2025-12.pdf", "Office notes, December 2025"),
        ("office-notes-2025-12.pdf", "Office notes, December 2025"),
        ("notes_2025_12_03.pdf", "Notes, December 3, 2025"),
        ("24-hour-holter.pdf", "24 hour holter"),
    ],
)
def test_a_year_and_month_in_a_file_name_is_a_month(name: str, title: str) -> None:
    from packet.exhibits import readable_title

    assert readable_title(name) == title
