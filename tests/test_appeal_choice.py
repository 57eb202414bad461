"""The appeal a denial calls for (packet/rules/appeals.toml): step, template, title and requests follow the
decision's level and the plan type; the letters are rendered and read back as DOCX."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest

from packet.case import Case, save_case
from packet.draft import draft_case, render_draft
from packet.draft.appeal import choose_appeal, load_appeal_rules, parse_rules
from packet.exceptions import BadRulesError
from packet.model import Deadline
from samples.cases import SETTINGS, make_denial
from samples.pdfmaker import text_pdf
from tests.helpers.drafting import TODAY


def text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def denial(
    plan: str, level: str, category: str = "medical_necessity", due: date = date(2026, 7, 11), **kw: object
):
    return make_denial(
        category, payer__plan_type=plan, deadlines__appeal=Deadline(due, level, "rule", "letter"), **kw
    )


@pytest.mark.parametrize(
    "plan,level,step,template,title",
    [
        ("commercial", "internal_appeal", "internal_appeal", "appeal", "Request for internal appeal"),
        ("erisa", "expedited_appeal", "internal_appeal", "appeal", "Request for internal appeal"),
        ("medicare_advantage", "internal_appeal", "reconsideration", "appeal", "Request for reconsideration"),
        ("medicare_part_d", "internal_appeal", "redetermination", "appeal", "Request for redetermination"),
        ("medicaid", "internal_appeal", "medicaid_plan_appeal", "appeal", "Request for a plan appeal"),
        (
            "commercial",
            "external_review",
            "external_review",
            "external-review",
            "Request for external review",
        ),
        ("erisa", "external_review", "external_review", "external-review", "Request for external review"),
        ("medicare_part_d", "external_review", "part_d_ire", "external-review", "Independent Review Entity"),
        ("medicaid", "state_fair_hearing", "state_fair_hearing", "fair-hearing", "state fair hearing"),
        ("medicaid", "external_review", "state_fair_hearing", "fair-hearing", "state fair hearing"),
    ],
)
def test_the_step_follows_the_level_and_plan_type(
    plan: str, level: str, step: str, template: str, title: str
) -> None:
    d = denial(plan, level)
    choice = choose_appeal(d, TODAY)
    assert (choice.step, choice.template) == (step, template)
    assert title in choice.title
    r = render_draft(d, SETTINGS, today=TODAY)  # no --template: the step chooses it
    assert r.template.path.name == f"{template}-provider.docx"
    body = text(r.data)
    assert title in body and "{{" not in body


def test_a_final_denial_asks_the_reviewer_not_the_plan_and_encloses_the_authorization() -> None:
    r = render_draft(denial("commercial", "external_review"), SETTINGS, today=TODAY)
    body = text(r.data)
    assert "independent external review" in body and "Dear Reviewer:" in body
    assert "Dear Appeals Reviewer" not in body and "overturn its denial" not in body
    enclosures = body.split("Enclosures", 1)[1]
    assert "signed authorization" in enclosures  # the letter says it is enclosed: the list has it


def test_part_d_formulary_denial_asks_for_an_exception_with_the_prescriber_statement() -> None:
    d = denial("medicare_part_d", "internal_appeal", "not_covered",
               denial__reason="Semaglutide is not on our formulary.")  # fmt: skip
    r = render_draft(d, SETTINGS, today=TODAY)
    body = text(r.data)
    assert "Request for a formulary or tiering exception" in body and "42 CFR 423.578" in body
    assert "Prescriber's supporting statement" in body.split("Enclosures", 1)[1]
    # the same denial on a commercial plan gets no Part D exception request
    assert "formulary or tiering exception" not in text(
        render_draft(denial("commercial", "internal_appeal", "not_covered"), SETTINGS, today=TODAY).data
    )


def test_part_d_medical_necessity_without_formulary_words_gets_no_exception() -> None:
    assert not choose_appeal(denial("medicare_part_d", "internal_appeal"), TODAY).formulary_exception


def test_medicaid_plan_appeal_asks_to_continue_benefits_only_within_the_window() -> None:
    d = denial("medicaid", "internal_appeal", notice_date=date(2026, 1, 12))
    within = text(render_draft(d, SETTINGS, today=date(2026, 1, 20)).data)
    assert "Request to continue benefits during the appeal" in within and "January 22, 2026" in within
    late = text(render_draft(d, SETTINGS, today=date(2026, 1, 23)).data)
    assert "continue benefits" not in late


def test_a_late_appeal_gets_a_good_cause_paragraph_with_blanks() -> None:
    d = denial("medicare_advantage", "internal_appeal", due=date(2026, 1, 10))
    r = render_draft(d, SETTINGS, today=TODAY)
    body = text(r.data)
    assert "Request to accept this appeal for good cause" in body and "422.582(c)" in body
    assert any(b.startswith("[The reason the appeal could not be filed on time") for b in r.placeholders)
    on_time = text(render_draft(denial("medicare_advantage", "internal_appeal"), SETTINGS, today=TODAY).data)
    assert "good cause" not in on_time


def test_peer_to_peer_is_a_preparation_sheet_with_the_window(need_tool) -> None:
    d = denial("commercial", "internal_appeal")
    d.deadlines.all = [Deadline(date(2026, 1, 26), "peer_to_peer", "14 days", "letter")]
    r = render_draft(d, SETTINGS, template="peer-to-peer", today=TODAY)
    body = text(r.data)
    assert "Peer-to-peer review: preparation sheet" in body and "January 26, 2026" in body
    assert d.denial.reason in body and "Clinical Policy RAD-204" in body
    assert any(b.startswith("[Criterion 1") for b in r.placeholders)


def test_peer_to_peer_sheet_is_one_page(tmp_path: Path, need_tool) -> None:
    from pypdf import PdfReader

    from packet.convert import docx_to_pdf_many

    need_tool("libreoffice")
    src = tmp_path / "p2p.docx"
    src.write_bytes(render_draft(denial("commercial", "internal_appeal"), SETTINGS, template="peer-to-peer",
                                 today=TODAY).data)  # fmt: skip
    out = docx_to_pdf_many([src], tmp_path)[src]
    assert len(PdfReader(out).pages) == 1


def test_medical_necessity_case_without_a_letter_gets_the_physicians_draft(tmp_path: Path) -> None:
    folder = tmp_path / "cases" / "c1"
    (folder / "records").mkdir(parents=True)
    text_pdf(folder / "denial.pdf", [["Notice of denial"]])
    text_pdf(folder / "records" / "office-notes.pdf", [["Notes"]])
    d = denial("commercial", "internal_appeal")
    case = Case("c1", folder, d, d)
    save_case(case)
    result = draft_case(case, SETTINGS, today=TODAY, companions=True)
    lmn = folder / "medical-necessity.docx"
    assert result.extra == [lmn] and "Letter of medical necessity" in text(lmn.read_bytes())
    # with a letter among the records: none
    folder2 = tmp_path / "cases" / "c2"
    (folder2 / "records").mkdir(parents=True)
    text_pdf(folder2 / "denial.pdf", [["Notice of denial"]])
    text_pdf(folder2 / "records" / "letter-of-medical-necessity.pdf", [["LMN"]])
    case2 = Case("c2", folder2, d, d)
    save_case(case2)
    assert draft_case(case2, SETTINGS, today=TODAY, companions=True).extra == []
    assert not (folder2 / "medical-necessity.docx").exists()


def test_a_workspace_template_overrides_the_chosen_one(tmp_path: Path) -> None:
    from packet.draft.finder import builtin_dir

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "fair-hearing-provider.docx").write_bytes(
        (builtin_dir() / "medical-necessity-provider.docx").read_bytes()
    )
    r = render_draft(denial("medicaid", "state_fair_hearing"), SETTINGS, workspace=tmp_path, today=TODAY)
    assert r.template.source == "workspace" and "Letter of medical necessity" in text(r.data)


def test_the_rules_are_validated() -> None:
    rules = load_appeal_rules()
    assert {"reconsideration", "redetermination", "state_fair_hearing"} <= set(rules.steps)
    with pytest.raises(BadRulesError, match="no step 'nope'"):
        import tomllib

        from packet.draft.appeal import RULES_FILE

        raw = tomllib.loads(RULES_FILE.read_text())
        raw["choose"][0]["step"] = "nope"
        parse_rules(raw, RULES_FILE)


@pytest.mark.parametrize("voice", ["provider", "patient"])
@pytest.mark.parametrize(
    "plan,level,category",
    [
        ("medicare_part_d", "internal_appeal", "not_covered"),  # formulary exception
        ("medicaid", "internal_appeal", "medical_necessity"),  # continued benefits
        ("medicare_advantage", "internal_appeal", "step_therapy"),
        ("commercial", "external_review", "experimental"),
        ("medicaid", "state_fair_hearing", "out_of_network"),
    ],
)
def test_every_chosen_letter_renders_in_both_voices_when_late_too(
    plan: str, level: str, category: str, voice: str
) -> None:
    d = denial(plan, level, category, due=date(2026, 1, 15), notice_date=date(2026, 1, 12))
    r = render_draft(d, SETTINGS, voice=voice, today=TODAY)
    body = text(r.data)
    assert "{{" not in body and "{%" not in body
    assert "good cause" in body and choose_appeal(d, TODAY).title in body


def test_a_plan_name_ending_in_s_and_a_service_phrase_read_right_mid_sentence() -> None:
    d = denial("commercial", "internal_appeal", service__description="Laparoscopic sleeve gastrectomy")
    body = text(render_draft(d, SETTINGS, today=TODAY).data)
    assert "Granite State Health Benefits' denial of laparoscopic sleeve gastrectomy" in body
    assert "Benefits's" not in body and "Service: Laparoscopic sleeve gastrectomy" in body
    branded = denial("commercial", "internal_appeal", service__description="Humira 40 mg pen")
    assert "denial of Humira 40 mg pen" in text(render_draft(branded, SETTINGS, today=TODAY).data)
