"""Cases, letters and records made in code for the tests and benchmarks: a workspace with one case, its
denial, letter and records (the build tests), and a complete Denial of each category (the draft tests).
Invented people and numbers only.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from packet.case import Case, save_case
from packet.model import (
    AppealTo,
    Deadline,
    Deadlines,
    Denial,
    DenialReason,
    Member,
    Payer,
    Provider,
    Service,
    Source,
)
from packet.settings import Sender, Settings

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


# -- A complete Denial of each category, and a sender (the draft tests and bench_draft) --------------------
REASONS = {
    "medical_necessity": "Not medically necessary. An MRI of the lumbar spine is not medically necessary "
    "before six weeks of conservative treatment.",
    "missing_information": "We did not receive the clinical notes we requested.",
    "step_therapy": "You must try and fail methotrexate for 3 months before Humira is covered.",
    "not_covered": "Hearing aids are excluded from your benefit plan.",
    "out_of_network": "The provider is not in our network and no referral was on file.",
    "experimental": "Proton beam therapy is considered experimental/investigational for this indication.",
    "coding_error": "The procedure code 97110 does not match the diagnosis submitted.",
    "no_authorization": "Prior authorization was required and was not obtained before the service.",
    "other": "The request was denied under plan provision 4.2.",
}


def make_denial(category: str = "medical_necessity", **over: object) -> Denial:
    d = Denial(
        source=Source("denial.pdf", "0" * 64, 2),
        payer=Payer("Granite State Health Benefits", "commercial"),
        reference="2026011200417",
        member=Member("Kevin O'Brien", "GSH884120", date(1971, 3, 4)),
        provider=Provider("Northeast Imaging Associates", "1234567893"),
        service=Service("MRI lumbar spine without contrast", date(2025, 12, 29), ["72148"]),
        diagnosis_codes=["M54.50"],
        denial=DenialReason(category, REASONS.get(category, "Denied."), "Clinical Policy RAD-204"),
        notice_date=date(2026, 1, 12),
        deadlines=Deadlines(
            appeal=Deadline(date(2026, 7, 11), "internal_appeal", "180 days", "letter"),
            expedited_decision_hours=72,
        ),
        appeal_to=AppealTo("Granite State Health Benefits, Appeals", "22 Market Street, Manchester, NH 03101",
                           "603-555-0141", "1-800-555-0144", None),
    )  # fmt: skip
    for path, value in over.items():
        d.set(path.replace("__", "."), value)
    return d


SETTINGS = Settings(
    sender=Sender(
        name="Dr. Ann Lee", organization="Lakeside Spine Clinic", npi="1234567893",
        address="5 Lake Road\nConcord, NH 03301", phone="603-555-0100", fax="603-555-0101",
    )
)  # fmt: skip
