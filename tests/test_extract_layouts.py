"""Extraction on small letters made here, one per layout, and on the three public blank forms (where
nothing may be extracted: a label or a placeholder is never a value)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from packet.extract import extract_file
from samples.pdfmaker import corpus_pdf, text_pdf

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
TODAY = date(2026, 1, 20)


@pytest.mark.parametrize("form", sorted(p.name for p in CORPUS.glob("*.txt")))
def test_blank_public_forms_yield_no_values(tmp_path: Path, form: str) -> None:
    d = extract_file(corpus_pdf(CORPUS / form, tmp_path / "form.pdf"), today=TODAY)
    assert d.reference is None
    assert d.member.name is None and d.member.id is None and d.member.dob is None
    assert d.provider.name is None
    assert d.service.description is None and d.service.date is None and d.service.codes == []
    assert d.notice_date is None
    assert d.denial.reason is None
    assert d.payer.name is None
    assert d.appeal_to.address is None and d.appeal_to.fax is None
    assert d.deadlines.appeal is None or d.deadlines.appeal.due is None
    assert any("no notice date" in w for w in d.warnings)


def test_label_value_and_two_pairs_on_a_line(tmp_path: Path) -> None:
    pdf = text_pdf(
        tmp_path / "l.pdf",
        [
            [
                "Granite State Health Benefits",
                "Date: January 12, 2026",
                ((60, "Patient Name: Kevin O'Brien"), (320, "Claim #: 2026011200417")),
                ((60, "Member ID: GSH884120"), (320, "Date of Service: 12/29/2025")),
                "Description of Service: MRI lumbar spine without contrast (CPT 72148)",
                "Diagnosis: M54.50",
                "",
                "We denied this request because:",
                "An MRI of the lumbar spine is not medically necessary before six weeks of conservative "
                "care.",
                "",
            ]
        ],
    )
    d = extract_file(pdf, today=TODAY)
    assert d.member.name == "Kevin O'Brien"
    assert d.reference == "2026011200417"
    assert d.member.id == "GSH884120"
    assert d.service.date == date(2025, 12, 29)
    assert d.notice_date == date(2026, 1, 12)
    assert d.service.codes == ["72148"]
    assert d.diagnosis_codes == ["M54.50"]
    assert d.service.description == "MRI lumbar spine without contrast"
    assert d.denial.category == "medical_necessity"
    assert d.denial.reason and d.denial.reason.startswith("An MRI of the lumbar spine")
    assert d.evidence["reference"].page == 1 and "2026011200417" in d.evidence["reference"].text
    assert d.confidence["member.id"] == "high"


def test_label_above_value(tmp_path: Path) -> None:
    pdf = text_pdf(
        tmp_path / "l.pdf",
        [
            [
                "Date of Notice",
                "03/02/2026",
                ((60, "Member ID"), (300, "Case ID")),
                ((60, "W998877665"), (300, "UM-2026-0042")),
            ]
        ],
    )
    d = extract_file(pdf, today=TODAY)
    assert d.notice_date == date(2026, 3, 2)
    assert d.member.id == "W998877665"
    assert d.reference == "UM-2026-0042"


def test_reference_prefers_the_number_to_quote_over_the_claim(tmp_path: Path) -> None:
    pdf = text_pdf(
        tmp_path / "l.pdf",
        [
            [
                "Claim #: 555000111",
                "Authorization #: PA-7781234",
                "Please include the authorization number on your appeal.",
            ]
        ],
    )
    assert extract_file(pdf, today=TODAY).reference == "PA-7781234"


def test_placeholders_are_not_values(tmp_path: Path) -> None:
    pdf = text_pdf(
        tmp_path / "l.pdf",
        [
            [
                "Date: [Date]",
                "Member ID: XXX-XXX-XXXX",
                "Plan Reference Number: [Reference Number]",
                "Patient Name: {member name}",
                "Fax: (______)_______",
            ]
        ],
    )
    d = extract_file(pdf, today=TODAY)
    assert (d.notice_date, d.member.id, d.reference, d.member.name, d.appeal_to.fax) == (None,) * 5


def test_salutation_and_address_block(tmp_path: Path) -> None:
    pdf = text_pdf(
        tmp_path / "l.pdf",
        [
            [
                "Pinecrest Community Health Plan",
                "400 Harbor Way",
                "Portland, ME 04101",
                "",
                "February 3, 2026",
                "",
                "Maria Delgado",
                "12 Elm Street",
                "Bangor, ME 04401",
                "",
                "Dear Ms. Delgado:",
                "We reviewed the request your doctor sent.",
            ]
        ],
    )
    d = extract_file(pdf, today=TODAY)
    assert d.member.name == "Maria Delgado"
    # the address block and the salutation agree: two readings of one name
    assert d.confidence["member.name"] == "high"
    assert d.notice_date == date(2026, 2, 3)
    assert d.payer.name == "Pinecrest Community Health Plan"


def test_checked_box_is_the_reason(tmp_path: Path) -> None:
    pdf = text_pdf(
        tmp_path / "l.pdf",
        [
            [
                "We made our decision because:",
                "[ ] The service is not covered by your plan.",
                "[X] We did not receive the medical records we asked your provider for.",
                "[ ] The provider is not in our network.",
                "",
                "What if I don't agree with this decision?",
            ]
        ],
    )
    d = extract_file(pdf, today=TODAY)
    assert d.denial.reason == "We did not receive the medical records we asked your provider for."
    assert d.denial.category == "missing_information"


def test_fax_header_is_not_the_notice_date(tmp_path: Path) -> None:
    pdf = text_pdf(
        tmp_path / "l.pdf",
        [
            [
                "From: Granite State Health   Fax: 603-555-0100   11/03/2026 14:02   Page 1/2",
                "Granite State Health Benefits",
                "October 30, 2026",
                "Member ID: GSH884120",
            ]
        ],
    )
    d = extract_file(pdf, today=TODAY)
    assert d.notice_date == date(2026, 10, 30)


def test_appeal_address_block_and_fax(tmp_path: Path) -> None:
    pdf = text_pdf(
        tmp_path / "l.pdf",
        [
            [
                "Customer service: 1-800-555-0100",
                "Mail or deliver your written appeal to:",
                "Granite State Health Benefits, Appeals Department",
                "PO Box 1140",
                "Manchester, NH 03105",
                "Fax: 603-555-0141",
                "Phone: 1-800-555-0144",
            ]
        ],
    )
    d = extract_file(pdf, today=TODAY)
    assert d.appeal_to.name == "Granite State Health Benefits, Appeals Department"
    assert d.appeal_to.address == "PO Box 1140, Manchester, NH 03105"
    assert d.appeal_to.fax == "603-555-0141"
    assert d.appeal_to.phone == "1-800-555-0144"
