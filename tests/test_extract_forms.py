"""Extraction on the filled-in shapes of the public forms and the traps real letters set: a curly
apostrophe in a label, the NPI inside the provider's line, a service printed with no label, an address
block split by a page break, the policy cited in a basis paragraph, the plan's general website and fax in
a header, a telephone and a fax in one run, and an explanation-of-benefits table with several rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from packet.extract import extract_file
from samples.pdfmaker import text_pdf

TODAY = date(2026, 1, 20)


def test_cms_form_filled_in(tmp_path: Path) -> None:
    pdf = text_pdf(
        tmp_path / "cms.pdf",
        [
            [
                "Notice of Denial of Medical Coverage",
                ((60, "Date: 01/12/2026"), (320, "Member number: SVH64749829")),
                "Beneficiary\u2019s name: Hector Villanueva",
                "",
                "We have denied coverage of the following medical services or items that you or your "
                "physician",
                "requested:",
                "",
                ((80, "MRI lumbar spine without contrast (CPT 72148)"),),
                ((80, "Requested by: Dr. Helena Marchetti (NPI 1336258470)"),),
                "",
                "We denied this request because:",
                "Not medically necessary. The notes do not show six weeks of conservative treatment.",
                "",
            ]
        ],
    )
    d = extract_file(pdf, today=TODAY)
    assert d.member.name == "Hector Villanueva"
    assert d.member.id == "SVH64749829"
    assert d.service.description == "MRI lumbar spine without contrast"
    assert d.service.codes == ["72148"]
    assert d.provider.name == "Dr. Helena Marchetti"
    assert d.provider.npi == "1336258470"
    assert d.confidence["service.description"] == "medium"


def test_a_label_line_after_the_introducer_is_not_the_service(tmp_path: Path) -> None:
    pdf = text_pdf(
        tmp_path / "x.pdf",
        [
            [
                "We have denied coverage of the following medical services or items that you or your "
                "physician",
                "requested:",
                "Member number: ABC12345",
                "We denied this request because:",
                "The request is not medically necessary for this member.",
            ]
        ],
    )
    assert extract_file(pdf, today=TODAY).service.description is None


def test_address_block_over_a_page_break(tmp_path: Path) -> None:
    pdf = text_pdf(
        tmp_path / "p.pdf",
        [
            [
                "How Do I File An Appeal?",
                "Mail or deliver your written appeal to:",
                ((80, "Sunvale Health"),),
                ((80, "Medicare Appeals and Grievances"),),
                ((80, "PO Box 26150"),),
            ],
            [((80, "Tucson, AZ 85726"),), ((80, "Fax: 1-520-555-0102"),), ((80, "Phone: 1-800-555-0101"),)],
        ],
    )
    d = extract_file(pdf, today=TODAY)
    assert d.appeal_to.name == "Sunvale Health, Medicare Appeals and Grievances"
    assert d.appeal_to.address == "PO Box 26150, Tucson, AZ 85726"
    assert d.appeal_to.fax == "1-520-555-0102"
    assert d.appeal_to.phone == "1-800-555-0101"


def test_hhs_model_notice_header_and_basis(tmp_path: Path) -> None:
    pdf = text_pdf(
        tmp_path / "hhs.pdf",
        [
            [
                "Expiration Date: XX/20XX",
                ((60, "Date of Notice:"), (190, "January 12, 2026")),
                ((60, "Name of Plan:"), (190, "Lakeshore Mutual Health Insurance Company")),
                ((60, "Telephone/Fax:"), (190, "1-888-555-0172 / 1-888-555-0199")),
                ((60, "Website/Email Address:"), (190, "www.lakeshorehealth.com")),
                "",
                ((60, "Patient Name: Renata Okafor"), (320, "ID Number: LMW12345678")),
                "Provider: Dr. Samuel Oyelaran   NPI: 1265039847",
                "",
                "Reason for Denial (in whole or in part):",
                "The request does not meet the criteria for knee replacement surgery.",
                "",
                "Explanation of Basis for Determination:",
                "We applied InterQual 2026 Procedures: Arthroplasty, Knee. You can ask for a free copy of "
                "it.",
                "",
                "Send your written appeal to:",
                "Grievance and Appeals Unit",
                "900 Harbor Drive, Suite 310",
                "Duluth, MN 55802",
                "Telephone: 1-888-555-0173      Fax: (218) 555-0190",
            ]
        ],
    )
    d = extract_file(pdf, today=TODAY)
    assert d.notice_date == date(2026, 1, 12)
    assert d.payer.name == "Lakeshore Mutual Health Insurance Company"
    assert d.member.name == "Renata Okafor" and d.member.id == "LMW12345678"
    assert d.provider.name == "Dr. Samuel Oyelaran" and d.provider.npi == "1265039847"
    assert d.denial.criteria == "InterQual 2026 Procedures: Arthroplasty, Knee"
    assert d.appeal_to.portal is None  # the plan's general website is not where the appeal goes
    assert d.appeal_to.fax == "(218) 555-0190"  # the appeals fax, not the header's general fax
    assert d.appeal_to.phone == "1-888-555-0173"


def test_basis_citing_no_named_policy_gives_no_criteria(tmp_path: Path) -> None:
    pdf = text_pdf(
        tmp_path / "b.pdf",
        [
            [
                "Reason for denial:",
                "Hearing aids are excluded from your plan.",
                "",
                "Explanation of Basis for Determination:",
                "We applied the terms of your plan. You can ask for a free copy of them.",
            ]
        ],
    )
    assert extract_file(pdf, today=TODAY).denial.criteria is None


def test_every_row_of_an_eob_code_column(tmp_path: Path) -> None:
    cols = [60, 160, 340, 390, 450]
    pdf = text_pdf(
        tmp_path / "eob.pdf",
        [
            [
                "Statement date: 22-Jun-2026",
                tuple(
                    zip(
                        cols,
                        ["Date of Service", "Service description", "Code", "Billed", "Remark"],
                        strict=True,
                    )
                ),
                tuple(
                    zip(
                        cols,
                        ["29-May-2026", "Outpatient physical therapy", "97110", "$480.00", "CO-197"],
                        strict=True,
                    )
                ),
                tuple(zip(cols, ["29-May-2026", "", "97140", "$480.00", "N54"], strict=True)),
                tuple(zip(cols, ["Total", "", "", "$960.00", ""], strict=True)),
            ]
        ],
    )
    d = extract_file(pdf, today=TODAY)
    assert d.service.codes == ["97110", "97140"]
    assert d.notice_date == date(2026, 6, 22)
    assert d.service.date == date(2026, 5, 29)


def test_checked_box_reason_keeps_all_its_lines(tmp_path: Path) -> None:
    pdf = text_pdf(
        tmp_path / "cb.pdf",
        [
            [
                "We made our decision because:",
                ((70, "[  ]  We did not receive the information we needed."),),
                (
                    (
                        70,
                        "[X]  The request does not meet the criteria for knee replacement surgery. The "
                        "records",
                    ),
                ),
                (
                    (
                        94,
                        "do not show that 12 weeks of non-surgical treatment failed, and the X-rays do not "
                        "show",
                    ),
                ),
                ((94, "severe joint space narrowing."),),
                ((70, "[  ]  The provider is not in our network."),),
            ]
        ],
    )
    d = extract_file(pdf, today=TODAY)
    assert d.denial.reason is not None and d.denial.reason.endswith("severe joint space narrowing.")
    assert "network" not in d.denial.reason


def test_appealing_this_decision_within_a_window_is_a_deadline(tmp_path: Path) -> None:
    """'appeal this decision within 90 days' is the reader's deadline, not how long the plan takes."""
    pdf = text_pdf(
        tmp_path / "d.pdf",
        [
            [
                "Date: January 12, 2026",
                "You may appeal this decision within 90 days of the date on the explanation of benefits.",
                "We will make a decision within 30 days after we get your appeal.",
            ]
        ],
    )
    d = extract_file(pdf, today=TODAY)
    assert d.deadlines.appeal is not None
    assert d.deadlines.appeal.due == date(2026, 4, 12) and d.deadlines.appeal.basis == "letter"


def test_an_empty_line_inside_an_address_block(tmp_path: Path) -> None:
    """Lines of capitals and digits are short, so a Courier letter can read with a gap inside the block."""
    pdf = text_pdf(
        tmp_path / "a.pdf",
        [
            [
                "Send your appeal to:",
                "Crestpoint Rx",
                "Part D Redeterminations",
                "",
                "PO Box 61210",
                "",
                "Omaha, NE 68106",
                "Fax: 1-855-555-0135",
                "",
                "Questions? Call 1-855-555-0131.",
            ]
        ],
    )
    d = extract_file(pdf, today=TODAY)
    assert d.appeal_to.name == "Crestpoint Rx, Part D Redeterminations"
    assert d.appeal_to.address == "PO Box 61210, Omaha, NE 68106"
    assert d.appeal_to.fax == "1-855-555-0135"


def test_form_footer_inside_an_address_block_over_a_page_break(tmp_path: Path) -> None:
    pdf = text_pdf(
        tmp_path / "f.pdf",
        [
            [
                "Mail or deliver your written appeal to:",
                "Sunvale Health",
                "Medicare Appeals and Grievances",
                "PO Box 26150",
                "",
                "",
                "Form CMS-10003-NDMC (Approved 03/2011)   OMB Approval 0938-0829",
                "Page 1 of 2",
            ],
            [
                "Tucson, AZ 85726",
                "Fax: 1-520-555-0102",
                "",
                "Form CMS-10003-NDMC (Approved 03/2011)",
                "Page 2 of 2",
            ],
        ],
    )
    d = extract_file(pdf, today=TODAY)
    assert d.appeal_to.address == "PO Box 26150, Tucson, AZ 85726"
    assert d.appeal_to.fax == "1-520-555-0102"
