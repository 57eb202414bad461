"""Extraction on corpus letters rendered to PDF: one test (or group) per way it failed on letters the project
did not write (issue 12, "What failed, by kind"). Each letter is a development letter from
``samples/corpus/letters/`` (never ``heldout/``), rendered with the corpus's own text look and, where the
layout matters, its table-cells look, read and extracted with ``packet.extract.extract_file``, and checked
against the letter's truth file with the bench's matching rules (bench/_score.py). Where no corpus letter
shows a case, a corpus letter is changed in named lines and the test says so.

A test marked ``xfail(strict=True)`` shows a miss the extraction still has (the reason says what is wanted and
what comes out); it turns into a failure once the miss is fixed, so the mark is removed with the fix.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from packet.extract import extract_file
from packet.extract.rules import Weighted, default_rules, parse_rules, rule_sources, rules_without_source
from packet.model import Denial
from samples.corpus import FOLDER, letter_lines, load_sources
from samples.corpus.render import cells_pdf, text_pdf

LETTERS = FOLDER["dev"]
TODAY = date(2026, 1, 1)
LOOKS = ("text", "cells")
Extract = Callable[..., Denial]


def _score_match() -> Callable[[str, Any, Any], bool]:
    """bench/_score.py's ``match`` (the rules the corpus is scored by); bench/ is not a package."""
    path = Path(__file__).resolve().parent.parent / "bench" / "_score.py"
    spec = importlib.util.spec_from_file_location("_bench_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.match  # type: ignore[no-any-return]


MATCH = _score_match()


def _truth(letter: str) -> dict[str, Any]:
    return json.loads((LETTERS / f"{letter}.truth.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _text(letter: str) -> str:
    return "\n".join(letter_lines(LETTERS / f"{letter}.txt"))


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Extract:
    """``extract(letter, look, lines=None, tag="")``: the letter rendered once per module and extracted."""
    folder = tmp_path_factory.mktemp("letters")
    cache: dict[tuple[str, str, str], Denial] = {}

    def get(letter: str, look: str = "text", lines: list[str] | None = None, tag: str = "") -> Denial:
        key = (letter, look, tag)
        if key not in cache:
            pdf = folder / f"{letter}{tag}.{look}.pdf"
            render = cells_pdf if look == "cells" else text_pdf
            pdf.write_bytes(render(lines if lines is not None else letter_lines(LETTERS / f"{letter}.txt")))
            cache[key] = extract_file(pdf, today=TODAY)
        return cache[key]

    return get


def _both(letters: list[str], xfail: dict[str, str] | None = None) -> list[Any]:  # pytest.param objects
    """(letter, look) parameters over both looks. ``xfail`` maps "letter" (both looks) or "letter-look" to
    the miss that parameter shows."""
    out = []
    for letter in letters:
        for look in LOOKS:
            why = (xfail or {}).get(f"{letter}-{look}") or (xfail or {}).get(letter)
            marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
            out.append(pytest.param(letter, look, marks=marks, id=f"{letter}-{look}"))
    return out


# --- codes in running text --------------------------------------------------------------------------------

CODES_IN_TEXT = [
    "d01_ndmc_dme",  # "(HCPCS Code E0260)", "(ICD-10: M62.81)" inside a numbered reason
    "d14_mi_mhp_initial",  # "(HCPCS Code J1745, 5 mg/kg", "(ICD-10: K50.90)"
    "d19_az_noa",  # "(CPT code 27447)", "Diagnosis on the request: M17.11."
    "x24_fhi_pt",  # "treatment code 97110"
    "x29_denialops_bcbsnc_noauth",  # "(CPT code 72148)"
    "d17_tx_star_appeal_decision",  # "(CPT code 90867)", "(F33.2)" inside the reason
    "d06_partd_step",  # "Diagnosis on the request: I48.91 (atrial fibrillation)", a drug: no procedure code
    "d21_tricare_eob",  # "Diagnosis on the claim: G43.909."
    "d13_pa_mednec",  # "(diagnosis F80.0, phonological disorder)" inside the second reason
    "d24_idn_payment_oon",  # "(CPT 99203, 73610)", "ankle sprain (S93.401A)" inside the reason
    "t01_ndmc_ma",  # "Diagnosis on the request: M17.11 Unilateral primary"
]


@pytest.mark.parametrize(("letter", "look"), _both(CODES_IN_TEXT))
def test_codes_and_diagnoses_in_running_text(extract: Extract, letter: str, look: str) -> None:
    d, truth = extract(letter, look), _truth(letter)
    assert MATCH("codes", truth["codes"], d.service.codes), d.service.codes
    assert MATCH("dx", truth["dx"], d.diagnosis_codes), d.diagnosis_codes
    if truth["dx"]:
        ev = d.evidence["diagnosis_codes"]
        assert ev.page == 1 and any(c in ev.text for c in truth["dx"]), ev


@pytest.mark.parametrize("look", LOOKS)
def test_hcpcs_ndc_line_gives_the_hcpcs_code_not_the_ndc(extract: Extract, look: str) -> None:
    # No dev letter prints a "HCPCS/NDC:" line: d14 with its code moved out of the sentence ("(HCPCS Code
    # J1745, 5 mg/kg" -> "(5 mg/kg") onto such a line below it, the drug's NDC beside it (57894 is five
    # digits, a CPT code's shape).
    lines = letter_lines(LETTERS / "d14_mi_mhp_initial.txt")
    at = next(i for i, ln in enumerate(lines) if "(HCPCS Code J1745, 5 mg/kg" in ln)
    lines[at] = lines[at].replace("(HCPCS Code J1745, 5 mg/kg", "(5 mg/kg")
    lines.insert(at + 2, "HCPCS/NDC: J1745 / 57894-0030-01")
    d = extract("d14_mi_mhp_initial", look, lines, "-ndc")
    assert d.service.codes == ["J1745"]
    assert d.evidence["service.codes"].text.startswith("HCPCS/NDC:")
    assert MATCH("dx", ["K50.90"], d.diagnosis_codes)


REMARKS = {"d18_oh_mcp": "N30", "d23_hhs_abd_eob_corrected": "M51"}


@pytest.mark.parametrize(("letter", "look"), _both(list(REMARKS)))
def test_remark_code_is_never_a_diagnosis(extract: Extract, letter: str, look: str) -> None:
    # d18 explains "N30: Patient ineligible for this service."; d23 "M51 - Missing/incomplete/invalid
    # procedure code(s) or diagnosis." Both remark codes have an ICD-10-CM code's shape.
    d, remark = extract(letter, look), REMARKS[letter]
    assert remark in _text(letter)
    assert remark not in d.diagnosis_codes
    assert MATCH("dx", _truth(letter)["dx"], d.diagnosis_codes), d.diagnosis_codes


@pytest.mark.parametrize(("letter", "look"), _both(["t01_ndmc_ma", "d06_partd_step"]))
def test_contract_number_in_an_id_is_not_a_hcpcs_code(extract: Extract, letter: str, look: str) -> None:
    # t01 "Member number: H7731-00482913", d06 "Member Number: BMC-H1874-550913": a plan's contract number
    # has a HCPCS code's shape (a letter and four digits) with a longer tail.
    d = extract(letter, look)
    assert not {"H7731", "H1874"} & set(d.service.codes)
    assert MATCH("codes", _truth(letter)["codes"], d.service.codes), d.service.codes


# --- the member -------------------------------------------------------------------------------------------

MEMBER_NAMES = [
    "d14_mi_mhp_initial",  # address block, no "Dear ..."
    "d08_final_abd_erisa",  # address block under the date, no "Dear ..."
    "d02_overturn_ny_mednec",  # address block, no "Dear ..."
    "x40_overturn_tx_oon_eob",  # address block on an EOB
    "d25_ma_masshealth_boh",  # address block checked against "Dear Teresa M. Callahan:"
    "t07_hhs_model_abd",  # "Patient Name: Kevin O'Brien          ID Number: GSH884120"
    "d07_final_abd_individual",  # "Patient Name: Theodore Lindqvist          ID Number: ..."
    "d23_hhs_abd_eob_corrected",  # "Patient Name: Owens, Latisha M."
    "d18_oh_mcp",  # "Member: MCALLISTER, JUNE E."
    "d16_tx_star_initial",  # "Member Name: Rosalinda Treviño Garza"
    "d21_tricare_eob",  # "Patient: Tanya R. Holloway" under "Sponsor: Marcus D. Holloway"
    "d19_az_noa",  # "To: Benjamin T. Yazzie"
    "d13_pa_mednec",  # "Member: ..." and "Dear Parent or Guardian of Aaliyah N. Brooks-Turner:"
]


@pytest.mark.parametrize(("letter", "look"), _both(MEMBER_NAMES))
def test_member_name(extract: Extract, letter: str, look: str) -> None:
    d, want = extract(letter, look), _truth(letter)["member_name"]
    assert MATCH("member_name", want, d.member.name), d.member.name
    assert d.evidence["member.name"].page == 1


def test_member_name_keeps_its_accent_and_sponsor_is_not_the_member(extract: Extract) -> None:
    assert extract("d16_tx_star_initial").member.name == "Rosalinda Treviño Garza"
    assert "Marcus" not in str(extract("d21_tricare_eob").member.name)


MEMBER_IDS = [
    "d01_ndmc_dme",  # "Date: March 3, 2026          Member number: LSC-0044719-02"
    "t01_ndmc_ma",  # "Date: June 2, 2026          Member number: H7731-00482913"
    "d24_idn_payment_oon",  # "Member number: MMA-22910457"
    "d05_partd_formulary",  # "Member Number: KRX88031457"
    "d09_ny_mmc_final",  # "Enrollee ID/CIN: TQ48213K"
    "d15_mi_mhp_appeal_decision",  # "Enrollee: Marisol Gutierrez-Vance          Enrollee ID: 0051207744"
    "t09_ny_mmc_initial",  # "Enrollee Number: AB12345C"
    "d10_fl_nabd",  # "Medicaid ID: 4400123987" ("PLAN ID: 0170023418" above it)
    "d16_tx_star_initial",  # "Medicaid ID: 529933172"
    "d14_mi_mhp_initial",  # "Beneficiary ID: 0048812390"
    "d21_tricare_eob",  # "DoD Benefits Number (DBN): 10498821765"
    "d19_az_noa",  # "AHCCCS ID: A84412095"
    "d25_ma_masshealth_boh",  # "MassHealth ID: 100482215377"
    "d08_final_abd_erisa",  # "Participant ID: HFL-004471-01          Group: 44710"
    "d23_hhs_abd_eob_corrected",  # "Patient Name: Owens, Latisha M.          ID Number: BRH-338104-02"
    "d12_pa_noncovered",  # "Member ID#: TRH-55012-4"
    "d22_fehb_reconsider",  # "Member ID: R48810342          Enrollment code: 481"
]


@pytest.mark.parametrize(("letter", "look"), _both(MEMBER_IDS))
def test_member_id_labels(extract: Extract, letter: str, look: str) -> None:
    d, want = extract(letter, look), _truth(letter)["member_id"]
    assert MATCH("member_id", want, d.member.id), d.member.id
    ev = d.evidence["member.id"]
    assert ev.page == 1 and want in ev.text, ev


# --- the reference ------------------------------------------------------------------------------------------

REFERENCES = [
    "d23_hhs_abd_eob_corrected",  # "Claim #: 2026-0719-004412                Date of Service: 07/08/2026"
    "d18_oh_mcp",  # "Claim #: 26330-0041178"
    "d01_ndmc_dme",  # "Case #: UM-26-030311"
    "d13_pa_mednec",  # "Case #: KCC-UM-26-11-0452"
    "d17_tx_star_appeal_decision",  # "Appeal Case #: APL-TXK-26-20871"
    "d12_pa_noncovered",  # "Reference ID: TRH-PD-2603-2291"
    "d19_az_noa",  # "Notice number: SDH-NOA-26-01733"
    "d14_mi_mhp_initial",  # "Authorization number: GLC-A-26-55120"
    "d16_tx_star_initial",  # "Authorization Request Number: LPH-PA-260402-0931"
    "d11_fl_appeal_resolution",  # "Plan Appeal Number:", after "NABD Number SMH-26-000544" in a sentence
    "d09_ny_mmc_final",  # "Plan Appeal Number: EV-APL-2026-07719"
    "d07_final_abd_individual",  # "Internal Appeal Reference: APL-26-09-3391" below "Claim #: 26-118820-77"
    "d06_partd_step",  # "Request ID: CD-2607-44102"
    "t01_ndmc_ma",  # "Reference #: SA-0602-7781"
    "d25_ma_masshealth_boh",  # "Internal appeal number: BCHP-IA-26-3381"
    "d08_final_abd_erisa",  # "Appeal Number: GLBA-APL-0605-118"
    "d05_partd_formulary",  # none: null (the OMB approval number is nobody's reference)
]


@pytest.mark.parametrize(("letter", "look"), _both(REFERENCES))
def test_reference_labels(extract: Extract, letter: str, look: str) -> None:
    d, want = extract(letter, look), _truth(letter)["reference"]
    assert MATCH("reference", want, d.reference), d.reference
    if want:
        ev = d.evidence["reference"]
        assert ev.page == 1 and want in ev.text, ev
    else:
        assert any(w.startswith("no reference number found") for w in d.warnings)


# --- the category -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("letter", "look"),
    _both(
        [
            "t01_ndmc_ma",  # "Medicare covers therapy only when it is reasonable and necessary"
            "x27_overturn_ma_homebound",  # "require that you be homebound ... does not show that you are"
            "d01_ndmc_dme",  # "Medicare covers a hospital bed only when your condition requires ..."
        ]
    ),
)
def test_category_regulatory_medical_necessity_wording(extract: Extract, letter: str, look: str) -> None:
    d = extract(letter, look)
    assert MATCH("category", _truth(letter)["category"], d.denial.category), d.denial.category
    assert d.denial.category == "medical_necessity"


@pytest.mark.parametrize(("letter", "look"), _both(["d05_partd_formulary"]))
def test_category_formulary_denial_offering_an_exception(extract: Extract, letter: str, look: str) -> None:
    # "this drug is not on our plan's list of covered drugs (formulary) ... ask us for a formulary exception"
    d = extract(letter, look)
    assert d.denial.category == _truth(letter)["category"] == "not_covered"
    assert d.denial.reason and "formulary" in d.denial.reason


@pytest.mark.parametrize(("letter", "look"), _both(["x40_overturn_tx_oon_eob", "d15_mi_mhp_appeal_decision"]))
def test_category_out_of_network_from_eob_remark_codes(extract: Extract, letter: str, look: str) -> None:
    # x40: an EOB whose only reason is its remark codes' meanings ("N-661: Provider is not in your plan's
    # network"); d15: "Office visit with a non-participating neurologist".
    d = extract(letter, look)
    assert d.denial.category == _truth(letter)["category"] == "out_of_network"


@pytest.mark.parametrize(
    ("letter", "look"),
    _both(
        ["x40_overturn_tx_oon_eob"],
        {
            "x40_overturn_tx_oon_eob-cells": (
                "x40 cells: denial.reason want both remark meanings (PR-45 and N-661), got only "
                "'PR-45: Charge exceeds fee schedule/maximum allowable. Patient responsibility.' (each "
                "'CODE: meaning' line is its own table row); the category comes from the letter's wording, "
                "with a warning"
            )
        },
    ),
)
def test_eob_reason_is_the_remark_codes_meanings(extract: Extract, letter: str, look: str) -> None:
    reason = extract(letter, look).denial.reason or ""
    assert "PR-45" in reason and "N-661: Provider is not in your plan's network." in reason, reason


@pytest.mark.parametrize(
    ("letter", "look"),
    _both(["d18_oh_mcp"]),
)
def test_category_coverage_not_in_effect(extract: Extract, letter: str, look: str) -> None:
    # "Your enrollment ... ended on October 31, 2026, so your coverage with us was not in effect on ..."
    d = extract(letter, look)
    assert MATCH("category", _truth(letter)["category"], d.denial.category)
    assert d.denial.category == "not_covered"


NUMBERED_MISS = (
    "d16: denial.category want medical_necessity, got not_covered: of the numbered reasons the first "
    "('The home assessment does not show that you cannot use a manual wheelchair') is medical necessity, "
    "the second ('A seat elevator is not covered unless it is needed') outweighs it"
)


@pytest.mark.parametrize(
    ("letter", "look"),
    _both(
        [
            "d01_ndmc_dme",
            "d13_pa_mednec",
            "d22_fehb_reconsider",
            "d25_ma_masshealth_boh",
            "d16_tx_star_initial",
        ],
        {"d16_tx_star_initial": NUMBERED_MISS},
    ),
)
def test_category_with_several_numbered_reasons(extract: Extract, letter: str, look: str) -> None:
    d = extract(letter, look)
    assert MATCH("category", _truth(letter)["category"], d.denial.category), d.denial.category
    assert d.denial.reason and d.denial.reason.startswith("1. ") and " 2. " in d.denial.reason


# --- the plan type and the payer ----------------------------------------------------------------------------

PLAN_TYPES = {
    # a state's Medicaid programme by its name
    "d12_pa_noncovered": "medicaid",  # "HealthChoices Physical Health Plan", "Medical Assistance Program"
    "d13_pa_mednec": "medicaid",  # "HealthChoices Physical Health", "Department of Human Services"
    "d16_tx_star_initial": "medicaid",  # "... Health Plan - STAR", "Medicaid ID", a Texas Medicaid manual
    "d19_az_noa": "medicaid",  # "AHCCCS Complete Care"
    "d20_az_appeal_decision": "medicaid",
    "d25_ma_masshealth_boh": "medicaid",  # "MassHealth Managed Care Organization", "Board of Hearings"
    "d11_fl_appeal_resolution": "medicaid",
    # Medicare: form numbers, "Part D", "Medicare Advantage"
    "d05_partd_formulary": "medicare_part_d",  # Form CMS-10146 under the DHHS header
    "d06_partd_step": "medicare_part_d",  # a "Medicare Complete (HMO)" plan's Part D denial
    "d24_idn_payment_oon": "medicare_advantage",  # Form CMS-10003-NDMCP
    "x27_overturn_ma_homebound": "medicare_advantage",
    # ERISA: "section 502(a) of the Employee Retirement Income Security Act", EBSA
    "d08_final_abd_erisa": "erisa",
    # marketplace and individual plans
    "d03_overturn_fl_benefit_limit": "commercial",  # "Group: Marketplace Bronze 60 - Individual"
    "x25_overturn_ca_noauth": "commercial",  # "Group: Individual HMO - Silver 70"
    "x40_overturn_tx_oon_eob": "commercial",  # "Bayou City Marketplace Plan"
    "d07_final_abd_individual": "commercial",  # an individual issuer; a state regulator's external review
}


@pytest.mark.parametrize(("letter", "look"), _both(list(PLAN_TYPES)))
def test_plan_type(extract: Extract, letter: str, look: str) -> None:
    d = extract(letter, look)
    assert d.payer.plan_type == _truth(letter)["plan_type"] == PLAN_TYPES[letter]
    assert d.evidence["payer.plan_type"].page == 1


GOVERNMENT = re.compile(r"department of health|human services|centers for medicare|model notice", re.I)


@pytest.mark.parametrize(
    ("letter", "look"),
    _both(["d05_partd_formulary", "d06_partd_step", "t07_hhs_model_abd", "d23_hhs_abd_eob_corrected"]),
)
def test_government_header_of_a_model_form_is_not_the_payer(extract: Extract, letter: str, look: str) -> None:
    # d05/d06 open with "DEPARTMENT OF HEALTH AND HUMAN SERVICES / CENTERS FOR MEDICARE & MEDICAID SERVICES";
    # t07/d23 with "Model Notice of Adverse Benefit Determination".
    name = extract(letter, look).payer.name
    assert name is None or not GOVERNMENT.search(name), name


PAYERS = {
    "t07_hhs_model_abd": "Granite State Health Benefits",
    "d23_hhs_abd_eob_corrected": "Blue Ridge Health Alliance",
    "d07_final_abd_individual": "Cascade Individual Health Co.",
    "d05_partd_formulary": "Keystone Rx Plan (PDP)",
    "d06_partd_step": "Bluegrass Medicare Complete (HMO)",
}


@pytest.mark.parametrize(("letter", "look"), _both(list(PAYERS)))
def test_payer_of_a_model_form_is_the_plan_below_the_header(extract: Extract, letter: str, look: str) -> None:
    assert extract(letter, look).payer.name == PAYERS[letter]


# --- the reason ---------------------------------------------------------------------------------------------

# letter: (the reason's first words, its last words), as the letter prints them
REASONS = {
    "t07_hhs_model_abd": ("Not medically necessary.", "(Clinical Policy RAD-204)."),
    "d14_mi_mhp_initial": ("We asked Dr. Park's office", "with these records at any time."),
    "d15_mi_mhp_appeal_decision": (
        "Lakeside Neurology Clinic is not",
        "(Medicaid Provider Manual, Managed Care chapter).",
    ),
    "d18_oh_mcp": (
        "Your enrollment in Buckeye Valley Health Plan",
        "the provider should bill that coverage.",
    ),
    "d20_az_appeal_decision": ("We asked you and Dr. Omar Haddad", "Diagnosis: E11.9."),
    "d01_ndmc_dme": ("1. Medicare covers a hospital bed", "(Local Coverage Determination L33820)."),
    "t09_ny_mmc_initial": ("The service is not medically necessary.", "are not needed at this time."),
    "d10_fl_nabd": (
        "We determined that your requested services are not medically necessary because",
        "can be done by a trained caregiver for 6 hours of the day.",
    ),
    "d12_pa_noncovered": ("We denied payment because", "you are 58 years old and live at home."),
    "d11_fl_appeal_resolution": (
        "The records do not show a new finding",
        "a repeat scan is not medically necessary.",
    ),
}
_REASON_MISS: dict[str, str] = {}
_REASON_MISS.update(
    {
        "d10_fl_nabd-text": (
            "d10: denial.reason cut mid-sentence: got '[X] We determined ... because the services do "
            "not' (the sentence goes on with 'meet the reason(s) checked below'; the checked reasons and "
            "'The facts that we used to make our decision are: ...' are left out)"
        ),
        "d10_fl_nabd-cells": (
            "d10 cells: denial.reason cut mid-sentence: got '... (See Rule 59G-1.010) Must be "
            "individualized, ... and not'"
        ),
        "d12_pa_noncovered": (
            "d12: denial.reason want 'We denied payment because ...', got 'Sokolowski: Three "
            "Rivers Health Partners denied payment for the service listed below ... (HCPCS V5261) We denied "
            "payment because ...': the 'because' sentence is split after the initial of 'Dear Raymond T. "
            "Sokolowski:', so it starts inside the salutation and takes the service lines"
        ),
        "d11_fl_appeal_resolution": (
            "d11: denial.reason want 'The records do not show a new finding ... not "
            "medically necessary.', got None (the reason follows 'hereby DENIES your plan appeal.' in the "
            "same paragraph, under no heading); no warning names the missing reason"
        ),
    }
)
# the cells look prints the first line of a reason in a table cell and the rest below the table: the reason
# and its category (d14, d20: missing_information) must come out whole all the same


@pytest.mark.parametrize(("letter", "look"), _both(list(REASONS), _REASON_MISS))
def test_reason_is_whole_sentences(extract: Extract, letter: str, look: str) -> None:
    first, last = REASONS[letter]
    reason = extract(letter, look).denial.reason
    assert reason is not None
    assert reason.startswith(first) and reason.endswith(last), reason


@pytest.mark.parametrize(
    ("letter", "look"),
    _both(["d14_mi_mhp_initial", "d20_az_appeal_decision"]),
)
def test_category_follows_the_whole_reason_in_cells(extract: Extract, letter: str, look: str) -> None:
    d = extract(letter, look)
    assert d.denial.category == _truth(letter)["category"] == "missing_information"


BOILERPLATE = {
    "d02_overturn_ny_mednec": "As a result, the plan paid",
    "d18_oh_mcp": "This is not a bill",
    "d22_fehb_reconsider": "If you disagree",
    "d03_overturn_fl_benefit_limit": "Amount billed",
    "x40_overturn_tx_oon_eob": "This is not a bill",
    "t07_hhs_model_abd": "Important Information",
    "d13_pa_mednec": "If you disagree",
    "d05_partd_formulary": "share a copy of this decision",
    "d06_partd_step": "share a copy of this decision",
    "d24_idn_payment_oon": "Share a copy of this decision",
}


@pytest.mark.parametrize(("letter", "look"), _both(list(BOILERPLATE)))
def test_reason_leaves_the_boilerplate_after_it_out(extract: Extract, letter: str, look: str) -> None:
    reason = extract(letter, look).denial.reason
    assert reason, reason
    assert BOILERPLATE[letter].lower() not in reason.lower(), reason


def _t09_without_reason() -> list[str]:
    # t09 less its "Why did we make this decision?" section (its last three lines): no reason printed at all
    lines = letter_lines(LETTERS / "t09_ny_mmc_initial.txt")
    return lines[: lines.index("Why did we make this decision?")]


@pytest.mark.parametrize("look", LOOKS)
def test_letter_without_a_reason_gives_null_not_a_guess(extract: Extract, look: str) -> None:
    d = extract("t09_ny_mmc_initial", look, _t09_without_reason(), "-noreason")
    assert d.denial.reason is None
    assert d.denial.category is None


@pytest.mark.parametrize("look", LOOKS)
def test_letter_without_a_reason_warns_naming_the_reason(extract: Extract, look: str) -> None:
    d = extract("t09_ny_mmc_initial", look, _t09_without_reason(), "-noreason")
    assert any("reason" in w.lower() for w in d.warnings), d.warnings


# --- where to send the appeal -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("letter", "look"),
    _both(
        [
            "d05_partd_formulary",  # "How to ask for a redetermination" ... "Fax: 1-877-555-0198"
            "d24_idn_payment_oon",  # "How to ask for an appeal" ... "Step 2: Mail, fax, or deliver ..."
            "d01_ndmc_dme",  # "How Do I File An Appeal?" ... "Fax: 1-888-555-0179"
            "t01_ndmc_ma",  # "How Do I File An Appeal?" ... "Fax: (813) 555-0147"
            "d23_hhs_abd_eob_corrected",  # "How do I file an appeal? ... or fax it to 540-555-0186."
            "d11_fl_appeal_resolution",  # "How to Ask for a Fair Hearing:" ... "239-338-2642 (fax)"
        ]
    ),
)
def test_fax_in_a_how_to_appeal_section(extract: Extract, letter: str, look: str) -> None:
    d = extract(letter, look)
    assert MATCH("fax", _truth(letter)["fax"], d.appeal_to.fax), d.appeal_to.fax


@pytest.mark.parametrize(
    ("letter", "look", "letterhead"),
    [
        pytest.param(letter, look, head, id=f"{letter}-{look}")
        for letter, head in (
            ("d06_partd_step", None),  # "Phone 1-866-555-0124 | Fax 1-866-555-0125"
            ("d13_pa_mednec", None),  # "Phone: 1-888-555-0152 | Fax: 1-888-555-0153"
            ("d18_oh_mcp", None),  # "Phone 1-866-555-0181 | Fax 1-866-555-0182"
            ("d19_az_noa", None),  # "Phone 1-800-555-0157 | Fax 602-555-0158"
            ("d25_ma_masshealth_boh", "6175550122"),  # the letterhead's fax is not the Board of Hearings'
            ("d07_final_abd_individual", "5415550109"),  # "Telephone ... / Fax 541-555-0109" is the issuer's
        )
        for look in LOOKS
    ],
)
def test_fax_beside_a_phone_on_one_line(
    extract: Extract, letter: str, look: str, letterhead: str | None
) -> None:
    d = extract(letter, look)
    fax = d.appeal_to.fax
    assert MATCH("fax", _truth(letter)["fax"], fax), fax
    assert letterhead is None or re.sub(r"\D", "", str(fax)).removeprefix("1") != letterhead
    assert d.evidence["appeal_to.fax"].page == 1


@pytest.mark.parametrize(
    ("letter", "look"),
    _both(["t09_ny_mmc_initial", "d03_overturn_fl_benefit_limit", "x41_overturn_ca_experimental"]),
)
def test_no_fax_in_the_letter_stays_null(extract: Extract, letter: str, look: str) -> None:
    assert "fax" not in _text(letter).lower()
    assert _truth(letter)["fax"] is None
    assert extract(letter, look).appeal_to.fax is None


ADDRESSES = {
    # letter: (what the address must hold, its last part), as the letter prints them
    "t01_ndmc_ma": ("PO Box 4410", "Tampa, FL 33601"),  # one line after "Mail your written appeal to:"
    "d11_fl_appeal_resolution": ("P.O. Box 60127", "Ft. Myers, FL 33906"),  # a block of four lines
    "d14_mi_mhp_initial": ("PO Box 44271", "Detroit, MI 48244"),  # "or write to:" then one line
}


@pytest.mark.parametrize(("letter", "look"), _both(list(ADDRESSES)))
def test_appeal_mailing_address(extract: Extract, letter: str, look: str) -> None:
    held, end = ADDRESSES[letter]
    address = extract(letter, look).appeal_to.address
    assert address is not None and held in address and address.rstrip(". ").endswith(end), address


# --- leave-one-source-out rules -----------------------------------------------------------------------------


def _tagged(value: Any, found: list[tuple[frozenset[str], str]]) -> None:
    """Every tagged entry of the raw rule data as (its sources, its value), read apart from packet's own."""
    if isinstance(value, dict):
        for v in value.values():
            _tagged(v, found)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and set(item) == {"v", "from"}:
                found.append((frozenset(item["from"]), str(item["v"])))
            elif isinstance(item, list) and len(item) == 3 and isinstance(item[2], list):
                found.append((frozenset(item[2]), f"{item[0]}|{item[1]}"))
            else:
                _tagged(item, found)


def _without(value: Any, source: str) -> Any:
    """The raw rule data less the entries learned only from ``source``, other tags stripped."""
    if isinstance(value, dict):
        return {k: _without(v, source) for k, v in value.items()}
    if not isinstance(value, list):
        return value
    out = []
    for item in value:
        if isinstance(item, dict) and set(item) == {"v", "from"}:
            if set(item["from"]) != {source}:
                out.append(item["v"])
        elif isinstance(item, list) and len(item) == 3 and isinstance(item[2], list):
            if set(item[2]) != {source}:
                out.append(item[:2])
        else:
            out.append(_without(item, source))
    return out


def _entries(rules: Any) -> Counter[str]:
    """Every entry of a Rules object as a string (a label, a pattern, 'pattern|weight'), counted."""
    out: Counter[str] = Counter()

    def add(v: Any) -> None:
        if isinstance(v, Weighted):
            out[f"{v.pattern.pattern}|{v.weight}"] += 1
        elif isinstance(v, re.Pattern):
            out[v.pattern] += 1
        elif isinstance(v, dict):
            for x in v.values():
                add(x)
        elif isinstance(v, tuple | frozenset):
            for x in v:
                add(x)
        elif isinstance(v, str):
            out[v] += 1

    for name in rules.__dataclass_fields__:
        if name != "path":
            add(getattr(rules, name))
    return out


def _raw() -> dict[str, Any]:
    return tomllib.loads(default_rules().path.read_text(encoding="utf-8"))


SOURCE_IDS = [s["id"] for s in load_sources()]


@pytest.mark.parametrize("source", SOURCE_IDS)
def test_rules_without_a_source_drop_exactly_its_entries(source: str) -> None:
    raw, tagged = _raw(), []
    _tagged(raw, tagged)
    mine = Counter(v for srcs, v in tagged if srcs == {source})
    less = rules_without_source(source)  # parses: a valid rule set for every source id
    assert less == parse_rules(_without(raw, source), default_rules().path)
    dropped, added = _entries(default_rules()) - _entries(less), _entries(less) - _entries(default_rules())
    assert not added
    assert dropped == mine
    assert (less == default_rules()) == (source not in rule_sources())


def test_rule_sources_are_the_tagged_dev_sources() -> None:
    tagged: list[tuple[frozenset[str], str]] = []
    _tagged(_raw(), tagged)
    named = set().union(*(srcs for srcs, _ in tagged))
    assert rule_sources() == named and named
    dev = {s["id"] for s in load_sources() if s["group"] == "dev"}
    assert named <= dev  # no rule was learned from a held-out source
