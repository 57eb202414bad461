"""Supporting records for later stages (exhibits, conversion, OCR): multi-page clinical notes (PDF), a
scanned-looking page (PNG and JPG), a multi-page fax (TIFF) and a doctor's letter (DOCX). All invented.

Deterministic: seeded noise, Pillow's bundled font, fixed document dates and zip entry times.
"""

from __future__ import annotations

import io
import random
import zipfile
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from samples.generator.render import LEFT, Writer

PATIENT = "Dana Whitfield"
DOB = "03/14/1961"
MEMBER_ID = "GRH884120"
DOCTOR = "Dr. Helena Marchetti, MD"
CLINIC = (
    "Northeast Spine and Sports Medicine",
    "410 Elm Street, Suite 200",
    "Concord, NH 03301",
    "Phone 603-555-0112   Fax 603-555-0113",
)

VISITS = [
    (
        "09/08/2025",
        "Initial evaluation",
        (
            "Low back pain for 3 weeks after lifting a box at home, radiating to the left buttock and "
            "posterior thigh. "
            "No bowel or bladder change. Pain 7/10, worse with sitting. Exam: lumbar paraspinal tenderness, "
            "straight "
            "leg raise positive on the left at 45 degrees, strength 5/5, reflexes symmetric."
        ),
        (
            "Lumbar radiculopathy, left (M54.16). Start naproxen 500 mg twice daily, home exercise program, "
            "refer to "
            "physical therapy twice weekly for 6 weeks."
        ),
    ),
    (
        "10/06/2025",
        "Follow-up",
        (
            "Attended 8 of 12 physical therapy visits. Pain 6/10. New numbness over the left lateral foot. "
            "Exam: "
            "straight leg raise positive on the left at 35 degrees, ankle reflex reduced on the left, great "
            "toe "
            "extension 4+/5."
        ),
        (
            "Worsening radicular symptoms despite therapy and anti-inflammatory medication. Continue "
            "therapy, add "
            "gabapentin 300 mg at night. Return in 4 weeks."
        ),
    ),
    (
        "11/03/2025",
        "Follow-up",
        (
            "Completed 12 physical therapy visits (see therapy discharge summary). Pain 7/10. Numbness "
            "unchanged, new "
            "weakness climbing stairs. Exam: ankle dorsiflexion 4/5 on the left, ankle reflex absent on the "
            "left."
        ),
        (
            "Progressive neurological deficit after 8 weeks of conservative treatment. Order MRI lumbar "
            "spine without "
            "contrast (CPT 72148) to evaluate for disc herniation with nerve root compression; consider "
            "spine surgery "
            "referral depending on the result."
        ),
    ),
    (
        "12/15/2025",
        "Telephone note",
        (
            "Patient called: the health plan denied the MRI as not medically necessary. Patient reports a "
            "fall on the "
            "stairs last week because the left foot catches."
        ),
        (
            "Letter of medical necessity sent with the office notes of 09/08, 10/06 and 11/03/2025 and the "
            "therapy "
            "discharge summary. Advised the patient to file an appeal and to go to the emergency department "
            "for new "
            "bladder or bowel symptoms."
        ),
    ),
]


def clinical_notes(path: Path) -> Path:
    w = Writer()
    for i, (when, kind, subjective, plan) in enumerate(VISITS):
        if i:
            w.new_page()
        for ln in CLINIC:
            w.line(ln, size=9)
        w.gap()
        w.line(f"PROGRESS NOTE - {kind}", bold=True, size=11)
        w.row([(LEFT, f"Patient: {PATIENT}"), (320.0, f"DOB: {DOB}")])
        w.row([(LEFT, f"Date of visit: {when}"), (320.0, f"Member ID: {MEMBER_ID}")])
        w.line(f"Provider: {DOCTOR}")
        w.gap()
        w.line("History and examination", bold=True)
        w.para(subjective, width=95)
        w.line("Assessment and plan", bold=True)
        w.para(plan, width=95)
        w.line(f"Electronically signed by {DOCTOR} on {when}", size=8)
    w.save(path)
    return path


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _scan_page(lines: list[str], seed: int, *, width: int = 1275, height: int = 1650) -> Image.Image:
    """A page of text as a scanner sees it: grey paper, a slight tilt, specks. 150 dpi."""
    rng = random.Random(seed)
    img = Image.new("L", (width, height), 246)
    draw = ImageDraw.Draw(img)
    font = _font(22)
    y = 90
    for ln in lines:
        draw.text((90, y), ln, fill=25, font=font)
        y += 34 if ln else 20
    for _ in range(350):
        x, yy = rng.randrange(width), rng.randrange(height)
        draw.point((x, yy), fill=rng.randrange(60, 160))
    return img.rotate(rng.uniform(-1.2, 1.2), resample=Image.Resampling.BILINEAR, fillcolor=246)


THERAPY = [
    "RIVERSIDE PHYSICAL THERAPY                       Fax 603-555-0199",
    "",
    "PHYSICAL THERAPY DISCHARGE SUMMARY",
    f"Patient: {PATIENT}        DOB: {DOB}",
    "Referring provider: Dr. Helena Marchetti",
    "Dates of care: 09/10/2025 to 10/31/2025     Visits: 12",
    "",
    "Diagnosis: Lumbar radiculopathy, left (M54.16)",
    "Treatment: therapeutic exercise (97110), manual therapy (97140),",
    "  neuromuscular re-education (97112), home exercise program.",
    "",
    "Outcome: Oswestry disability index 46% at start, 52% at discharge.",
    "Left ankle dorsiflexion weakness noted at visits 9-12, new since",
    "evaluation. Patient unable to progress lifting tasks.",
    "",
    "Assessment: no meaningful improvement after 12 visits over 7 weeks",
    "of conservative care; neurological signs worsening. Recommend",
    "return to referring physician for imaging.",
    "",
    "Signed: Maria Okonkwo, PT, DPT        10/31/2025",
]


def scanned_page(png: Path, jpg: Path) -> list[Path]:
    img = _scan_page(THERAPY, seed=11)
    img.save(png, format="PNG", optimize=True)
    img.save(jpg, format="JPEG", quality=70, optimize=True)
    return [png, jpg]


FAX_PAGES = [
    [
        "FAX COVER SHEET",
        "",
        "To: Granite Ridge Health Plan, Appeals Department",
        "Fax: 603-555-0141",
        "From: Northeast Spine and Sports Medicine",
        "Fax: 603-555-0113",
        "",
        "Pages: 3 including cover",
        "RE: Dana Whitfield, Member ID GRH884120",
        "Appeal of MRI denial, Reference GRH2026011204",
        "",
        "CONFIDENTIAL: this fax contains health information.",
    ],
    [
        "CONCORD IMAGING CENTER                 Report date: 11/20/2025",
        "",
        "LUMBAR SPINE X-RAY, 3 VIEWS",
        f"Patient: {PATIENT}   DOB: {DOB}",
        "",
        "Findings: mild loss of disc height at L4-L5 and L5-S1.",
        "No fracture. No spondylolisthesis. Alignment normal.",
        "",
        "Impression: degenerative disc disease L4-S1. MRI is recommended",
        "to evaluate the neurological deficit.",
        "",
        "Read by: Tomas Lindgren, MD",
    ],
    [
        "MEDICATION HISTORY",
        f"Patient: {PATIENT}",
        "",
        "naproxen 500 mg twice daily   09/08/2025 - 11/03/2025",
        "gabapentin 300 mg at night      10/06/2025 - present",
        "cyclobenzaprine 5 mg            09/08/2025 - 09/22/2025",
        "",
        "Printed 12/15/2025 by clinic staff",
    ],
]


def fax_tiff(path: Path) -> Path:
    pages = [
        _scan_page(lines, seed=100 + i).point(lambda v: 255 if v > 150 else 0).convert("1")
        for i, lines in enumerate(FAX_PAGES)
    ]
    pages[0].save(
        path, format="TIFF", save_all=True, append_images=pages[1:], compression="group4", dpi=(150, 150)
    )
    return path


LETTER = [
    "To whom it may concern:",
    (
        f"I am writing on behalf of my patient, {PATIENT} (date of birth {DOB}, member ID {MEMBER_ID}), to "
        "ask you "
        "to reverse your denial of an MRI of the lumbar spine without contrast (CPT 72148), reference "
        "GRH2026011204."
    ),
    (
        "Your letter says the MRI is not medically necessary before six weeks of conservative treatment "
        "unless there "
        "are red-flag signs. Ms. Whitfield completed eight weeks of conservative treatment: 12 physical "
        "therapy "
        "visits, naproxen and gabapentin. She now has a progressive neurological deficit: new weakness of "
        "ankle "
        "dorsiflexion (4/5) and an absent left ankle reflex, and she fell on the stairs because her foot "
        "catches. A "
        "progressive motor deficit is a red-flag sign under your own Clinical Policy RAD-204 and under the "
        "American "
        "College of Radiology Appropriateness Criteria."
    ),
    (
        "Enclosed are my office notes of September 8, October 6 and November 3, 2025, the physical therapy "
        "discharge "
        "summary and the X-ray report. Please call me at 603-555-0112 if you need anything else."
    ),
    "Sincerely,",
    DOCTOR,
    "Northeast Spine and Sports Medicine",
]


def doctor_letter(path: Path) -> Path:
    import docx

    d = docx.Document()
    for ln in CLINIC:
        d.add_paragraph(ln)
    d.add_paragraph("December 15, 2025")
    d.add_paragraph("Granite Ridge Health Plan\nAppeals Department\nPO Box 4410\nManchester, NH 03108-4410")
    d.add_paragraph("RE: Letter of medical necessity, MRI lumbar spine")
    for para in LETTER:
        d.add_paragraph(para)
    fixed = datetime(2026, 1, 1)
    props = d.core_properties
    props.author = props.last_modified_by = "Appeal Packet sample generator"
    props.created = props.modified = fixed
    props.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    _fixed_zip(buf.getvalue(), path)
    return path


def _fixed_zip(data: bytes, path: Path) -> None:
    """The same zip with every entry dated 1980-01-01, so the bytes never vary."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            out.writestr(fixed, src.read(info.filename))


def write_all(out: Path) -> list[Path]:
    return [
        clinical_notes(out / "clinical-notes-whitfield.pdf"),
        *scanned_page(out / "pt-discharge-scan.png", out / "pt-discharge-scan.jpg"),
        fax_tiff(out / "faxed-records.tif"),
        doctor_letter(out / "letter-of-medical-necessity.docx"),
    ]
