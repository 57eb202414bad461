"""Helpers for the build tests: a workspace with one case, its denial, letter and records, all generated.

(No tests here; the test_build*.py modules import these.)
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from packet.case import Case, save_case
from packet.records import AppealTo, Deadline, Deadlines, Denial, Member, Payer, Source

SENDER_TOML = """[sender]
name = "Dr. Alex Rivera"
organization = "Riverside Physical Therapy"
address = "12 Elm Street\\nSpringfield, IL 62701"
phone = "(217) 555-0100"
fax = "(217) 555-0101"
"""


def text_pdf(
    path: Path, pages: int, label: str, size: tuple[float, float] = (612, 792), edge: bool = False
) -> Path:
    """A PDF whose page k says "<label> page k"; ``edge`` fills the page to its bottom edge."""
    from reportlab.pdfgen.canvas import Canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = Canvas(str(path), pagesize=size, invariant=1)
    for k in range(1, pages + 1):
        c.setFont("Helvetica", 14)
        c.drawString(72, size[1] - 72, f"{label} page {k}")
        if edge:
            c.rect(0, 0, size[0], size[1], stroke=1, fill=0)
            c.drawString(20, 4, f"{label} bottom edge {k}")
        c.showPage()
    c.save()
    return path


def image(
    path: Path, size: tuple[int, int] = (850, 1100), mode: str = "RGB", frames: int = 1, dpi: int = 100
) -> Path:
    from PIL import Image, ImageDraw

    path.parent.mkdir(parents=True, exist_ok=True)
    imgs = []
    for k in range(frames):
        im = Image.new(mode, size, "white" if mode != "1" else 1)
        d = ImageDraw.Draw(im)
        d.rectangle([20, 20, size[0] - 20, size[1] - 20], outline=0 if mode in ("1", "L") else (0, 0, 0))
        d.text((40, 40), f"{path.stem} frame {k + 1}", fill=0 if mode in ("1", "L") else (0, 0, 0))
        imgs.append(im)
    kw = {"dpi": (dpi, dpi)}
    if frames > 1:
        kw.update(save_all=True, append_images=imgs[1:])
    if path.suffix.lower() in (".tif", ".tiff") and mode == "1":
        kw["compression"] = "group4"
    imgs[0].save(path, **kw)
    return path


def letter_docx(path: Path, text: str = "Please reconsider the denial of physical therapy.") -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("Dear Appeals Reviewer,")
    d.add_paragraph(text)
    d.add_paragraph("Enclosures: Exhibits A to D")
    d.save(str(path))
    return path


def denial() -> Denial:
    return Denial(
        source=Source(file="denial.pdf", sha256="0" * 64, pages=2),
        payer=Payer(name="Acme Health Plan", plan_type="commercial"),
        reference="PA-2026-00042",
        member=Member(name="Jane Q. Doe", id="W123456789"),
        notice_date=date(2026, 1, 12),
        deadlines=Deadlines(
            appeal=Deadline(date(2026, 7, 11), "internal_appeal", "180 days from the notice", "letter")
        ),
        appeal_to=AppealTo(
            name="Acme Health Plan Appeals Unit",
            address="PO Box 1000\nDallas, TX 75201",
            fax="(800) 555-0199",
        ),
    )


def make_case(
    tmp_path: Path,
    records: dict[str, object] | None = None,
    *,
    letter: str | None = "pdf",
    case_id: str = "case-1",
) -> Path:
    """WORKSPACE/cases/<case_id>: a denial (2 pages), a letter (``letter.pdf``, ``letter.docx`` or none) and
    ``records`` ({name: maker(path) or bytes})."""
    ws = tmp_path / "ws"
    folder = ws / "cases" / case_id
    (folder / "records").mkdir(parents=True)
    (ws / "packet.toml").write_text(SENDER_TOML)
    d = denial()
    save_case(Case(id=case_id, folder=folder, denial=d, extracted=d, state="drafted"))
    text_pdf(folder / "denial.pdf", 2, "Notice of denial")
    if letter == "pdf":
        text_pdf(folder / "letter.pdf", 2, "Appeal letter")
    elif letter == "docx":
        letter_docx(folder / "letter.docx")
    for name, maker in (records or {}).items():
        path = folder / "records" / name
        if callable(maker):
            maker(path)
        else:
            path.write_bytes(maker)  # type: ignore[arg-type]
    return folder


def default_records() -> dict[str, object]:
    return {
        "2026-01-05_pt_notes.pdf": lambda p: text_pdf(p, 3, "PT notes"),
        "knee_photo.jpg": lambda p: image(p, (1200, 900)),
        "xray.png": lambda p: image(p, (600, 800), mode="L"),
        "fax_scan.tiff": lambda p: image(p, (1700, 2200), mode="1", frames=3, dpi=200),
        "wide_chart.pdf": lambda p: text_pdf(p, 1, "Wide chart", size=(792, 612)),
    }


def pdf_bytes_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)
