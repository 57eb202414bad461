"""Where things land: cover and index text, stamps only in the footer band, records fitted above it;
images at real size or scaled, multi-page TIFF, landscape pages turned, JPEG data kept as it was."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from test_build import page_texts

from packet.build import BuildOptions, build_packet
from packet.build.layout import FOOTER, PAGE_H
from samples.cases import image, make_case, text_pdf

BAND_TOP = PAGE_H - FOOTER  # in pdfplumber's top-down coordinates


def words(page: pdfplumber.page.Page) -> list[dict]:
    return page.extract_words(keep_blank_chars=False, use_text_flow=True)


def split_stamp(page: pdfplumber.page.Page) -> tuple[list[dict], list[dict]]:
    ws = words(page)
    return [w for w in ws if w["top"] >= BAND_TOP], [w for w in ws if w["top"] < BAND_TOP]


def test_cover_and_index_text_land_where_a_reviewer_looks(tmp_path: Path) -> None:
    folder = make_case(tmp_path, {"notes.pdf": lambda p: text_pdf(p, 2, "Notes")})
    out = build_packet(folder, BuildOptions(expedited=True, bates="DOE")).outputs[0]
    with pdfplumber.open(out) as pdf:
        cover = pdf.pages[0]
        stamp, body = split_stamp(cover)
        title = next(w for w in body if w["text"] == "Appeal")
        assert title["top"] < 80 and title["x0"] < 80
        assert all(w["bottom"] <= BAND_TOP for w in body)
        stamp_text = " ".join(w["text"] for w in stamp)
        assert "Page 1 of" in stamp_text and "DOE000001" in stamp_text and "Cover sheet" in stamp_text
        assert all(w["bottom"] <= PAGE_H - 4 and w["x0"] >= 30 and w["x1"] <= 582 for w in stamp)
        text = cover.extract_text()
        for expected in (
            "EXPEDITED REVIEW REQUESTED",
            "Acme Health Plan Appeals Unit",
            "(800) 555-0199",
            "Dr. Alex Rivera",
            "Jane Q. Doe",
            "W123456789",
            "PA-2026-00042",
            "January 12, 2026",
            "July 11, 2026",
            "CONFIDENTIALITY NOTICE",
            "(217) 555-0100",
        ):
            assert expected in text, expected
        notice = next(w for w in body if w["text"] == "CONFIDENTIALITY")
        assert notice["top"] > PAGE_H / 2  # at the bottom, above the stamp
        index = pdf.pages[3]
        heading = next(w for w in words(index) if w["text"] == "Attachment")
        assert heading["top"] < 80
        _, body = split_stamp(index)
        rows = [w for w in body if w["text"] in ("A", "B") and w["x0"] < 80]
        assert [w["text"] for w in rows] == ["A", "B"] and rows[0]["top"] < rows[1]["top"]
    # Rendered: the banner is red near the top, and the footer band has ink.
    doc = pdfium.PdfDocument(str(out))
    img = doc[0].render(scale=1).to_pil().convert("RGB")
    doc.close()
    reds = [(x, y) for y in range(0, 200, 2) for x in range(60, 550, 5) if _is_red(img.getpixel((x, y)))]
    assert reds, "no red banner near the top"
    band = [
        img.getpixel((x, y)) for y in range(int(BAND_TOP) + 6, int(PAGE_H) - 2) for x in range(36, 576, 2)
    ]
    assert any(sum(p) < 300 for p in band)


def _is_red(p: tuple[int, int, int]) -> bool:
    return p[0] > 120 and p[1] < 60 and p[2] < 60


def test_edge_to_edge_record_is_shrunk_above_the_stamp(tmp_path: Path) -> None:
    folder = make_case(tmp_path, {"full.pdf": lambda p: text_pdf(p, 1, "Full bleed", edge=True)})
    out = build_packet(folder).outputs[0]
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[-1]
        stamp, body = split_stamp(page)
        assert "Exhibit B, page 1 of 1" in " ".join(w["text"] for w in stamp)
        edge = [w for w in body if w["text"] == "edge"]
        assert edge and edge[0]["bottom"] <= BAND_TOP
        frame = [r for r in page.rects if r["width"] > 500]
        assert frame and frame[0]["bottom"] <= BAND_TOP + 0.5 and frame[0]["top"] >= -0.5
        assert abs(frame[0]["height"] - BAND_TOP) < 1  # scaled to the height above the band, no more


def test_images_tiff_landscape_and_odd_sizes(tmp_path: Path) -> None:
    records = {
        "a_small.png": lambda p: image(p, (100, 200), mode="L", dpi=100),  # 72 x 144 pt: real size
        "b_scan.tiff": lambda p: image(p, (1700, 2200), mode="1", frames=3, dpi=200),
        "c_wide.pdf": lambda p: text_pdf(p, 1, "Wide chart", size=(792, 612)),
        "d_a4.pdf": lambda p: text_pdf(p, 1, "A4 page", size=(595.3, 841.9)),
        "e_photo.jpg": lambda p: image(p, (640, 480), dpi=72),
    }
    folder = make_case(tmp_path, records)
    out = build_packet(folder).outputs[0]
    texts = page_texts(out)
    with pdfplumber.open(out) as pdf:
        pages = pdf.pages
        assert all((p.width, p.height) == (612, 792) for p in pages)
        by_stamp = {
            t.strip().splitlines()[-1].split(" Page ")[0].split("Ref. PA-2026-00042 ")[-1]: i
            for i, t in enumerate(texts)
        }
        small = pages[by_stamp["Exhibit B, page 1 of 1"]].images[0]
        assert abs(small["width"] - 72) < 0.5 and abs(small["height"] - 144) < 0.5  # real size
        tiff = [pages[by_stamp[f"Exhibit C, page {k} of 3"]] for k in (1, 2, 3)]
        for p in tiff:
            (img,) = p.images
            assert img["bits"] == 1  # the fax scan stays 1-bit
            assert img["bottom"] <= BAND_TOP + 0.5 and abs(img["height"] - BAND_TOP) < 1  # 11 in: scaled down
        wide = pages[by_stamp["Exhibit D, page 1 of 1"]]
        chars = [c for c in wide.chars if c["top"] < BAND_TOP]
        assert chars and not any(c["upright"] for c in chars)  # turned to portrait
        assert all(c["x0"] < 200 for c in chars)  # the landscape page's top is on the left
        a4 = pages[by_stamp["Exhibit E, page 1 of 1"]]
        a4_chars = [c for c in a4.chars if c["top"] < BAND_TOP]
        assert a4_chars and all(c["upright"] for c in a4_chars)
        photo = pages[by_stamp["Exhibit F, page 1 of 1"]].images[0]
        # 640 x 480 pt at 72 dpi: landscape, so turned to 480 x 640, which fits at real size
        assert abs(photo["width"] - 480) < 0.5 and abs(photo["height"] - 640) < 0.5
    jpeg = (folder / "records" / "e_photo.jpg").read_bytes()
    assert jpeg in out.read_bytes()  # JPEG data kept exactly as it was


def test_names_outside_the_standard_fonts_lose_only_their_accents(tmp_path: Path) -> None:
    from packet.build.fonts import winansi
    from packet.case import load_case, save_case

    assert winansi("Zoë Łukasz Nguyễn – “ok”") == "Zoë Lukasz Nguyen – “ok”"
    folder = make_case(tmp_path, {})
    case = load_case(folder)
    case.extracted.member.name = "Łukasz Nguyễn"
    save_case(case)
    out = build_packet(folder).outputs[0]
    texts = page_texts(out)
    assert "Member Lukasz Nguyen" in texts[0].replace("\n", " ")
    assert all(t.strip().splitlines()[-1].startswith("Lukasz Nguyen · ID W123456789") for t in texts)


def test_rotate_attribute_and_crop_box_are_honoured(tmp_path: Path) -> None:
    from pypdf import PdfWriter
    from pypdf.generic import RectangleObject

    base = text_pdf(tmp_path / "base.pdf", 2, "Turned")
    w = PdfWriter(clone_from=str(base))
    w.pages[0].rotate(90)  # a portrait page shown as landscape: turned back, it reads upright again
    w.pages[1].cropbox = RectangleObject((50, 400, 350, 750))  # only the top-left part is shown
    odd = tmp_path / "odd.pdf"
    w.write(odd)
    folder = make_case(tmp_path, {"odd.pdf": odd.read_bytes()})
    out = build_packet(folder).outputs[0]
    with pdfplumber.open(out) as pdf:
        first, second = pdf.pages[-2], pdf.pages[-1]
        chars = [c for c in first.chars if c["top"] < BAND_TOP]
        assert chars and all(c["upright"] for c in chars)
        text = [w for w in words(second) if w["text"] == "Turned"]
        # a 300 x 350 pt crop box fits at real size, centered above the footer: (612-300)/2 + (72-50) = 178
        assert text and abs(text[0]["x0"] - 178) < 1 and abs(text[0]["top"] - 225) < 2
        assert all((p.width, p.height) == (612, 792) for p in (first, second))
