"""The deadline engine: every phrasing in ../shared/reference/deadlines.md and variants, with expected dates.

Today is injected in every test (never the real clock).
"""

from __future__ import annotations

from datetime import date

import pytest

from packet.deadlines import compute_deadlines, days_left
from packet.records import Deadline

NOTICE = date(2026, 1, 12)  # a Monday
TODAY = date(2026, 1, 20)

# (id, sentence, plan type, expected appeal due, level, basis)
PHRASINGS = [
    # --- the reference's phrasings -------------------------------------------------------------------
    (
        "ref-60-calendar-after-notice",
        "File your appeal in writing within 60 calendar days after the date of this notice.",
        "medicare_advantage",
        date(2026, 3, 13),
        "internal_appeal",
        "letter",
    ),
    (
        "ref-65-date-listed-top",
        "You must appeal within 65 calendar days of the date listed at the top of this notice \u2026 after "
        "65 days "
        "\u2026 explain why your appeal is late.",
        "medicare_advantage",
        date(2026, 3, 18),
        "internal_appeal",
        "letter",
    ),
    (
        "ref-placeholder-date+60",
        "If you think this decision is wrong, you can ask for a Plan Appeal by [DATE+60].",
        "medicaid",
        date(2026, 3, 13),
        "internal_appeal",
        "regulation",
    ),
    (
        "ref-four-months-or-fair-hearing-placeholder",
        "you have four months to ask for an External Appeal or you can ask for a Fair Hearing by [Date+120]",
        "medicaid",
        date(2026, 5, 12),
        "external_review",
        "letter",
    ),
    (
        "ref-sixty-(60)-date-on-notice",
        "You may ask for an appeal within sixty (60) days from the date on your notice of adverse benefit "
        "determination.",
        "commercial",
        date(2026, 3, 13),
        "internal_appeal",
        "letter",
    ),
    (
        "ref-180-about-6-months-getting-notice",
        "You must file within 180 days (about 6 months) of getting notice.",
        "erisa",
        date(2026, 7, 11),
        "internal_appeal",
        "letter",
    ),
    (
        "ref-180-receiving",
        "You can appeal within 180 days of receiving this notice.",
        "commercial",
        date(2026, 7, 11),
        "internal_appeal",
        "letter",
    ),
    (
        "ref-four-months-after-receipt",
        "You can ask for an external review within four months after the date of receipt of this notice.",
        "commercial",
        date(2026, 5, 12),
        "external_review",
        "letter",
    ),
    (
        "ref-90-days-eob",
        "You must request an appeal within 90 days of the date on the explanation of benefits.",
        "tricare",
        date(2026, 4, 12),
        "internal_appeal",
        "letter",
    ),
    # --- variants: units, words, explicit dates -------------------------------------------------------
    (
        "words-one-hundred-eighty",
        "File your appeal within one hundred eighty (180) days of the date of this notice.",
        "erisa",
        date(2026, 7, 11),
        "internal_appeal",
        "letter",
    ),
    (
        "weeks",
        "You must send us your appeal within 8 weeks of the date of this letter.",
        "commercial",
        date(2026, 3, 9),
        "internal_appeal",
        "letter",
    ),
    (
        "business-days",
        "Ask for an appeal within 10 business days of the date of this notice.",
        "commercial",
        date(2026, 1, 27),
        "internal_appeal",
        "letter",
    ),  # skips Jan 19 (MLK Day)
    (
        "months-hyphen",
        "You have 6 months from the date of this notice to file an appeal.",
        "fehb",
        date(2026, 7, 12),
        "internal_appeal",
        "letter",
    ),
    (
        "by-month-name-date",
        "You must send your appeal by July 4, 2026.",
        "commercial",
        date(2026, 7, 4),
        "internal_appeal",
        "letter",
    ),
    (
        "no-later-than-slash",
        "Your appeal must be received no later than 03/15/2026.",
        "commercial",
        date(2026, 3, 15),
        "internal_appeal",
        "letter",
    ),
    (
        "abbrev-month",
        "Please file your appeal by Jan. 30, 2026.",
        "commercial",
        date(2026, 1, 30),
        "internal_appeal",
        "letter",
    ),
    (
        "short-year",
        "Submit your appeal no later than 2/27/26.",
        "commercial",
        date(2026, 2, 27),
        "internal_appeal",
        "letter",
    ),
    (
        "iso-date",
        "Your appeal deadline is 2026-02-20.",
        "commercial",
        date(2026, 2, 20),
        "internal_appeal",
        "letter",
    ),
    (
        "day-month-year",
        "You may appeal until 12 March 2026.",
        "commercial",
        date(2026, 3, 12),
        "internal_appeal",
        "letter",
    ),
    (
        "before-means-day-before",
        "Your appeal must reach us before March 1, 2026.",
        "commercial",
        date(2026, 2, 28),
        "internal_appeal",
        "letter",
    ),
    (
        "expedited-tricare",
        "You may request an expedited appeal within 3 days of the date of this notice.",
        "tricare",
        date(2026, 1, 15),
        "expedited_appeal",
        "letter",
    ),
    (
        "one-year",
        "You must file your appeal within one year of the date of this notice.",
        "tricare",
        date(2027, 1, 12),
        "internal_appeal",
        "letter",
    ),
    (
        "ordinal-day",
        "Your appeal must be received no later than the 60th day after the date of this notice.",
        "medicaid",
        date(2026, 3, 13),
        "internal_appeal",
        "letter",
    ),
    (
        "hyphenated-words",
        "You must file an appeal within sixty-five (65) calendar days from the date of this notice.",
        "medicare_advantage",
        date(2026, 3, 18),
        "internal_appeal",
        "letter",
    ),
    (
        "following-receipt",
        "A request for review must be filed within 180 days following receipt of the notification.",
        "erisa",
        date(2026, 7, 11),
        "internal_appeal",
        "letter",
    ),
    (
        "letter-window-beats-rule",
        "You may ask for a reconsideration within 120 days of the date of this notice.",
        "medicare_advantage",
        date(2026, 5, 12),
        "internal_appeal",
        "letter",
    ),
    (
        "window-and-date-earliest",
        "You must file your appeal within 60 days of the date of this letter, or by March 10, 2026.",
        "medicaid",
        date(2026, 3, 10),
        "internal_appeal",
        "letter",
    ),
    (
        "label-deadline-to-appeal",
        "Deadline to appeal: March 13, 2026",
        "commercial",
        date(2026, 3, 13),
        "internal_appeal",
        "letter",
    ),
    (
        "label-last-day-to-file",
        "Last day to file an appeal: 03/13/2026",
        "commercial",
        date(2026, 3, 13),
        "internal_appeal",
        "letter",
    ),
    (
        "postmarked-by",
        "Your appeal must be postmarked by 1/30/2026.",
        "commercial",
        date(2026, 1, 30),
        "internal_appeal",
        "letter",
    ),
    (
        "six-weeks-restated",
        "The plan must receive your appeal within 6 weeks (42 days) of the date of this notice.",
        "commercial",
        date(2026, 2, 23),
        "internal_appeal",
        "letter",
    ),
    (
        "up-to-no-anchor",
        "You have up to 180 days to file an appeal.",
        "commercial",
        date(2026, 7, 11),
        "internal_appeal",
        "letter",
    ),
    (
        "redetermination",
        "You may request a redetermination within 65 days from the date of this notice.",
        "medicare_part_d",
        date(2026, 3, 18),
        "internal_appeal",
        "letter",
    ),
    (
        "label-placeholder",
        "Appeal deadline: [Date]",
        "commercial",
        date(2026, 7, 11),
        "internal_appeal",
        "regulation",
    ),
    (
        "deadline-for-filing-is",
        "The deadline for filing an appeal is March 13, 2026.",
        "commercial",
        date(2026, 3, 13),
        "internal_appeal",
        "letter",
    ),
    (
        "received-after",
        "Appeals received after March 13, 2026 will not be considered.",
        "commercial",
        date(2026, 3, 13),
        "internal_appeal",
        "letter",
    ),
    (
        "until-slash",
        "You have until 03/13/2026 to file an appeal.",
        "commercial",
        date(2026, 3, 13),
        "internal_appeal",
        "letter",
    ),
    (
        "on-or-before",
        "Your appeal must be received on or before March 13, 2026.",
        "commercial",
        date(2026, 3, 13),
        "internal_appeal",
        "letter",
    ),
    # --- no window in the letter: the plan type's rule -------------------------------------------------
    ("fill-erisa", "We denied this request.", "erisa", date(2026, 7, 11), "internal_appeal", "regulation"),
    (
        "fill-commercial",
        "We denied this request.",
        "commercial",
        date(2026, 7, 11),
        "internal_appeal",
        "regulation",
    ),
    (
        "fill-ma",
        "We denied this request.",
        "medicare_advantage",
        date(2026, 3, 18),
        "internal_appeal",
        "regulation",
    ),
    (
        "fill-part-d",
        "We denied this request.",
        "medicare_part_d",
        date(2026, 3, 18),
        "internal_appeal",
        "regulation",
    ),
    (
        "fill-medicaid",
        "We denied this request.",
        "medicaid",
        date(2026, 3, 13),
        "internal_appeal",
        "regulation",
    ),
    (
        "fill-tricare",
        "We denied this request.",
        "tricare",
        date(2026, 4, 12),
        "internal_appeal",
        "regulation",
    ),
    ("fill-fehb", "We denied this request.", "fehb", date(2026, 7, 12), "internal_appeal", "regulation"),
    # --- a final internal decision: the next step is external review or a fair hearing ------------------
    (
        "final-commercial-fill",
        "We have upheld our decision. This is a final adverse benefit determination.",
        "commercial",
        date(2026, 5, 12),
        "external_review",
        "regulation",
    ),
    (
        "final-medicaid-fill",
        "Your appeal was denied. You can ask for a State Fair Hearing.",
        "medicaid",
        date(2026, 5, 12),
        "state_fair_hearing",
        "regulation",
    ),
    (
        "final-appeal-decision-anchor",
        "We upheld our decision. You can ask for a fair hearing within 120 days of the date of the appeal "
        "decision.",
        "medicaid",
        date(2026, 5, 12),
        "state_fair_hearing",
        "letter",
    ),
]


@pytest.mark.parametrize(
    "sentence,plan,due,level,basis", [p[1:] for p in PHRASINGS], ids=[p[0] for p in PHRASINGS]
)
def test_phrasing(sentence: str, plan: str, due: date, level: str, basis: str) -> None:
    r = compute_deadlines(["Notice of denial.\n\n" + sentence], NOTICE, plan, today=TODAY)
    a = r.deadlines.appeal
    assert a is not None
    assert (a.due, a.level, a.basis) == (due, level, basis), a.rule
    assert a.rule
    assert r.evidence["deadlines.appeal"].page == 1
    if basis == "letter":
        assert a.text and a.text in sentence.replace("\u2026", "\u2026")
    else:
        assert r.confidence["deadlines.appeal"] in ("medium", "low")
    assert a in r.deadlines.all


def test_rule_says_how_it_was_counted() -> None:
    r = compute_deadlines(["We denied this request."], NOTICE, "medicare_advantage", today=TODAY)
    rule = r.deadlines.appeal.rule  # type: ignore[union-attr]
    assert "65 days from the notice date" in rule and "422.582(b)" in rule and "states no deadline" in rule


def test_corpus_ma_form_reads_60_days_and_72_hours() -> None:
    from tests.helpers.paths import ROOT

    corpus = ROOT.parent.parent / "work" / "shared" / "corpus"
    path = next((p for p in (ROOT.parent / "shared" / "corpus", corpus) if p.is_dir()), None)
    if path is None:
        pytest.skip("../shared/corpus is not available")
    text = (path / "01_cms-10003-ndmc-2011_ma-template.txt").read_text(encoding="utf-8")
    r = compute_deadlines([text], NOTICE, "medicare_advantage", today=TODAY)
    assert r.deadlines.appeal is not None
    assert (r.deadlines.appeal.due, r.deadlines.appeal.basis) == (date(2026, 3, 13), "letter")
    assert r.deadlines.expedited_decision_hours == 72
    assert [d.level for d in r.deadlines.all] == [
        "internal_appeal"
    ]  # not the 30-day or 14-day decision times


def test_fast_72_hour_review_is_decision_time_not_a_deadline() -> None:
    text = (
        "Standard (30 days) - You can ask for a standard appeal. We must give you a decision no later than "
        "30 days "
        "after we get your appeal. (We may extend this time by up to 14 days if you request an extension.)\n"
        "Fast (72 hour review) - You can ask for a fast appeal if your health could be seriously harmed by "
        "waiting up to 30 days for a decision."
    )
    r = compute_deadlines([text], NOTICE, "commercial", today=TODAY)
    assert r.deadlines.expedited_decision_hours == 72
    assert r.evidence["deadlines.expedited_decision_hours"].text.startswith("Fast (72 hour review)")
    assert r.deadlines.appeal is not None and r.deadlines.appeal.basis == "regulation"


def test_earliest_step_is_the_appeal_and_all_are_listed() -> None:
    text = (
        "If you want your services to continue while you appeal, you must ask within 10 days of the date of "
        "this notice. You may file an appeal within 60 days of the date of this notice."
    )
    r = compute_deadlines([text], NOTICE, "medicaid", today=TODAY)
    assert [(d.level, d.due) for d in r.deadlines.all] == [
        ("continued_benefits", date(2026, 1, 22)),
        ("internal_appeal", date(2026, 3, 13)),
    ]
    assert r.deadlines.appeal is not None and r.deadlines.appeal.level == "internal_appeal"
    assert any("2026-01-22" in w and "2 days away" in w for w in r.warnings)


def test_external_review_moves_off_weekend_others_warn() -> None:
    # 2026-01-03 + 4 months = 2026-05-03, a Sunday -> Monday 2026-05-04
    r = compute_deadlines(
        ["You can ask for an external review within 4 months after receipt of this notice."],
        date(2026, 1, 3),
        "commercial",
        today=date(2026, 1, 5),
    )
    assert r.deadlines.external_review is not None
    assert r.deadlines.external_review.due == date(2026, 5, 4)
    assert "Sunday" in r.deadlines.external_review.rule
    assert not any("Sunday" in w for w in r.warnings)
    # an internal appeal on a Saturday is not moved, and warned about
    r2 = compute_deadlines(
        ["You may appeal within 180 days of receiving this notice."], NOTICE, "erisa", today=TODAY
    )
    assert r2.deadlines.appeal is not None and r2.deadlines.appeal.due == date(2026, 7, 11)
    assert any("Saturday" in w and "not moved" in w for w in r2.warnings)


def test_external_review_no_matching_day_is_first_of_next_month() -> None:
    r = compute_deadlines(
        ["We upheld our decision. You can ask for an external review within four months after receipt."],
        date(2025, 10, 31),
        "commercial",
        today=date(2025, 11, 3),
    )
    # 2025-10-31 + 4 months: no February 31 -> March 1, 2026 (a Sunday) -> Monday March 2
    assert r.deadlines.appeal is not None and r.deadlines.appeal.due == date(2026, 3, 2)


def test_federal_holiday_warning() -> None:
    # 2026-05-25 is Memorial Day: 60 days after 2026-03-26
    r = compute_deadlines(
        ["File your appeal within 60 days of the date of this notice."],
        date(2026, 3, 26),
        "medicaid",
        today=date(2026, 3, 27),
    )
    assert r.deadlines.appeal is not None and r.deadlines.appeal.due == date(2026, 5, 25)
    assert any("Memorial Day" in w for w in r.warnings)


def test_past_deadline_warns_and_medicare_mentions_good_cause() -> None:
    r = compute_deadlines(["We denied this request."], NOTICE, "medicare_advantage", today=date(2026, 4, 1))
    assert any("has passed" in w and "good cause" in w for w in r.warnings)
    r2 = compute_deadlines(["We denied this request."], NOTICE, "commercial", today=date(2026, 8, 1))
    assert any("has passed" in w for w in r2.warnings)
    assert not any("good cause" in w for w in r2.warnings)


def test_within_seven_days_warns() -> None:
    r = compute_deadlines(["We denied this request."], NOTICE, "medicaid", today=date(2026, 3, 8))
    assert any("5 days away" in w for w in r.warnings)
    r2 = compute_deadlines(["We denied this request."], NOTICE, "medicaid", today=date(2026, 3, 1))
    assert not any("days away" in w for w in r2.warnings)


def test_no_notice_date_gives_no_date_and_a_warning() -> None:
    r = compute_deadlines(
        ["File your appeal within 60 days of the date of this notice."], None, "medicaid", today=TODAY
    )
    assert r.deadlines.appeal is not None and r.deadlines.appeal.due is None
    assert r.deadlines.appeal.basis == "letter"
    assert any("no notice date" in w for w in r.warnings)
    r2 = compute_deadlines(["We denied this request."], None, "commercial", today=TODAY)
    assert r2.deadlines.appeal is not None and r2.deadlines.appeal.due is None


def test_unknown_plan_without_window_is_not_guessed() -> None:
    r = compute_deadlines(["We denied this request."], NOTICE, "unknown", today=TODAY)
    assert r.deadlines.appeal is not None and r.deadlines.appeal.due is None
    assert r.confidence["deadlines.appeal"] == "low"
    assert any("plan type is unknown" in w for w in r.warnings)
    # but a letter window works without a plan type
    r2 = compute_deadlines(
        ["Appeal within 60 days of the date of this notice."], NOTICE, "unknown", today=TODAY
    )
    assert r2.deadlines.appeal is not None and r2.deadlines.appeal.due == date(2026, 3, 13)


def test_decision_still_to_come_is_not_a_deadline_yet() -> None:
    text = (
        "You may appeal within 180 days of receiving this notice. If we uphold our decision, you can ask for "
        "an "
        "external review within 4 months of our final decision."
    )
    r = compute_deadlines([text], NOTICE, "commercial", today=TODAY)
    assert [d.level for d in r.deadlines.all] == ["internal_appeal"]
    assert r.deadlines.external_review is None


def test_letter_date_before_notice_is_rejected() -> None:
    r = compute_deadlines(["File your appeal by January 2, 2026."], NOTICE, "commercial", today=TODAY)
    assert r.deadlines.appeal is not None and r.deadlines.appeal.basis == "regulation"
    assert any("before its own notice date" in w for w in r.warnings)


def test_evidence_page_is_one_based() -> None:
    pages = [
        "Page one has the reason.",
        "Your rights.\n\nYou must file your appeal within 60 days of the date of this notice.",
    ]
    r = compute_deadlines(pages, NOTICE, "medicaid", today=TODAY)
    assert r.evidence["deadlines.appeal"].page == 2
    assert r.confidence["deadlines.appeal"] == "high"


def test_sentence_split_across_lines() -> None:
    page = "You must file your appeal within sixty\n(60) calendar days after the date of\nthis notice."
    r = compute_deadlines([page], NOTICE, "medicaid", today=TODAY)
    assert r.deadlines.appeal is not None and r.deadlines.appeal.due == date(2026, 3, 13)


def test_warnings_name_no_patient_data() -> None:
    text = "Dear Kevin O'Brien: You must file your appeal within 60 days of the date of this notice."
    r = compute_deadlines([text], NOTICE, "medicaid", today=date(2026, 3, 10))
    assert r.warnings and not any("Kevin" in w for w in r.warnings)


def test_days_left() -> None:
    d = Deadline(date(2026, 1, 25), "internal_appeal", "x", "letter")
    assert days_left(d, TODAY) == 5
    assert days_left(date(2026, 1, 10), TODAY) == -10
    assert days_left(Deadline(None, "internal_appeal", "x", "regulation"), TODAY) is None
    assert days_left(None, TODAY) is None


# ---------------------------------------------------------------------------------------------------
# Whole appeal-rights sections, with the other numbers letters print around the deadline

ERISA_LETTER = """Notice of Adverse Benefit Determination
Claim #: 2026011200417    Date of service: 12/29/2025    Amount billed: $1,250.00
You have the right to appeal this decision. Your appeal must be submitted in writing within 180 days of receipt
of this letter. We will notify you of our decision within 30 days of receiving your appeal.

If your situation is urgent, you may request an expedited appeal by calling 1-800-555-0144. We will decide
expedited appeals within 72 hours.

You have the right to request an external review within 4 months of receiving our final adverse determination.
You may also have the right to bring a civil action under Section 502(a) of ERISA. Call us within 2 business
days if you have questions."""  # noqa: E501 (the letter's own line breaks)

FINAL_LETTER = """FINAL ADVERSE DETERMINATION
We reviewed your appeal and upheld our original decision. This is a final internal adverse benefit determination.
You have the right to request an external review. Your request must be filed within four (4) months after the
date you receive this notice. If there is no corresponding date four months after receipt, the request must be
filed by the first day of the fifth month."""  # noqa: E501 (the letter's own line breaks)

MEDICAID_LETTER = """NOTICE OF ACTION
Date: January 12, 2026
If you think this decision is wrong, you can ask for a Plan Appeal. You must ask for a Plan Appeal within 60
calendar days of the date of this notice.
• If you want your services to continue while you appeal, you must ask for a Plan Appeal within 10 days of the
date of this notice, or before the effective date of the change, whichever is later.
• Fast Track Appeals: we will decide within 72 hours. Standard appeals are decided within 30 calendar days."""


def test_whole_erisa_letter() -> None:
    r = compute_deadlines(["Page 1.", ERISA_LETTER], NOTICE, "erisa", today=TODAY)
    assert [(d.level, d.due, d.basis) for d in r.deadlines.all] == [
        ("internal_appeal", date(2026, 7, 11), "letter")
    ]
    assert r.deadlines.expedited_decision_hours == 72
    assert r.deadlines.external_review is None  # counted from a decision not yet made
    assert r.evidence["deadlines.appeal"].page == 2
    assert r.confidence["deadlines.appeal"] == "high"


def test_whole_final_letter_moves_external_review_to_monday() -> None:
    r = compute_deadlines([FINAL_LETTER], date(2025, 10, 31), "commercial", today=date(2025, 11, 5))
    a = r.deadlines.appeal
    assert a is not None and (a.level, a.due, a.basis) == ("external_review", date(2026, 3, 2), "letter")
    assert r.deadlines.external_review == a


def test_whole_medicaid_letter() -> None:
    r = compute_deadlines([MEDICAID_LETTER], NOTICE, "medicaid", today=TODAY)
    assert [(d.level, d.due) for d in r.deadlines.all] == [
        ("continued_benefits", date(2026, 1, 22)),
        ("internal_appeal", date(2026, 3, 13)),
    ]
    assert r.deadlines.appeal is not None and r.deadlines.appeal.due == date(2026, 3, 13)
    assert r.deadlines.expedited_decision_hours == 72


def test_ny_template_placeholder_is_never_a_value() -> None:
    text = (
        "This is an important notice about your services. If you think this decision is wrong, you can ask "
        "for "
        "a Plan Appeal by [DATE+60]. You are not responsible for payment of covered services."
    )
    r = compute_deadlines([text], NOTICE, "medicaid", today=TODAY)
    a = r.deadlines.appeal
    assert a is not None and (a.due, a.basis) == (date(2026, 3, 13), "regulation")
    assert "[DATE+60]" in a.rule and "placeholder" in a.rule
    assert a.text is not None and "[DATE+60]" in a.text


def test_window_from_date_of_service_is_not_counted_from_the_notice() -> None:
    r = compute_deadlines(
        ["You must file your appeal within 90 days of the date of service."], NOTICE, "tricare", today=TODAY
    )
    a = r.deadlines.appeal
    assert a is not None and a.due is None and a.basis == "letter" and "date of service" in a.rule
    assert any("date of service" in w for w in r.warnings)


def test_words_and_digits_disagree_shorter_is_used() -> None:
    r = compute_deadlines(
        ["Appeal within sixty (90) days of the date of this notice."], NOTICE, "medicaid", today=TODAY
    )
    assert r.deadlines.appeal is not None and r.deadlines.appeal.due == date(2026, 3, 13)
    assert any("two ways" in w for w in r.warnings)


def test_peer_to_peer_is_listed_but_not_the_appeal() -> None:
    text = (
        "Your doctor may request a peer-to-peer review by calling 1-800-555-0100 within 5 business days of "
        "this "
        "notice. You may appeal within 180 days of receiving this notice."
    )
    r = compute_deadlines([text], NOTICE, "commercial", today=TODAY)
    assert [(d.level, d.due) for d in r.deadlines.all] == [
        ("peer_to_peer", date(2026, 1, 20)),  # skips Martin Luther King Jr. Day (Jan 19)
        ("internal_appeal", date(2026, 7, 11)),
    ]
    assert r.deadlines.appeal is not None and r.deadlines.appeal.level == "internal_appeal"


def test_not_deadlines() -> None:
    for text in (
        "Please respond within 14 days with the missing records so we can reconsider.",
        "This approval is valid through March 31, 2026.",
        "Call us within 2 business days if you have questions.",
        "We will notify you of our decision within 30 days of receiving your appeal.",
        "Your appeal will be decided within 30 days after we receive it.",
        "This decision is effective 10 days from the date of this notice.",
        "Date of service: 01/02/2026. We received your request on January 5, 2026.",
        "Please send the missing records by February 1, 2026.",
        "The deadline for us to receive your records is March 1, 2026.",
    ):
        r = compute_deadlines([text], NOTICE, "commercial", today=TODAY)
        assert r.deadlines.appeal is not None and r.deadlines.appeal.basis == "regulation", text


def test_every_result_fits_the_contract_schema() -> None:
    import json

    import jsonschema

    from packet.records import Denial, Source
    from tests.helpers.paths import ROOT

    schema = json.loads((ROOT / "packet" / "schema" / "denial-1.schema.json").read_text(encoding="utf-8"))
    texts = [(p[1], p[2]) for p in PHRASINGS] + [
        (ERISA_LETTER, "erisa"),
        (MEDICAID_LETTER, "medicaid"),
        ("We denied this request.", "unknown"),
    ]
    for notice in (NOTICE, None):
        for text, plan in texts:
            r = compute_deadlines([text], notice, plan, today=TODAY)
            d = Denial(
                source=Source("denial.pdf", "0" * 64, 1),
                notice_date=notice,
                deadlines=r.deadlines,
                evidence=r.evidence,
                confidence=r.confidence,
                warnings=r.warnings,
            )
            out = d.to_dict()
            jsonschema.validate(out, schema)
            for key in (
                "deadlines.appeal",
                "deadlines.external_review",
                "deadlines.expedited_decision_hours",
            ):
                value = out["deadlines"][key.split(".")[1]]
                if value is not None:
                    assert out["evidence"][key]["text"].strip() and out["confidence"][key] in (
                        "high",
                        "medium",
                        "low",
                    )


def test_every_step_gets_date_warnings() -> None:
    text = "Your doctor may ask for a peer-to-peer review within 5 business days of the date of this notice."
    r = compute_deadlines([text], NOTICE, "commercial", today=date(2026, 1, 16))
    assert any("peer-to-peer review (2026-01-20) is 4 days away" in w for w in r.warnings)


def test_final_decision_maps_only_a_generic_appeal_to_the_next_step() -> None:
    r = compute_deadlines(
        ["We have upheld our decision. You may appeal within 4 months of receiving this notice."],
        NOTICE,
        "commercial",
        today=TODAY,
    )
    assert r.deadlines.appeal is not None and r.deadlines.appeal.level == "external_review"
    r2 = compute_deadlines(
        [
            "We have upheld our decision. You may file a second level appeal within 60 days of "
            "receiving this notice."
        ],
        NOTICE,
        "erisa",
        today=TODAY,
    )
    assert r2.deadlines.appeal is not None
    assert (r2.deadlines.appeal.level, r2.deadlines.appeal.due) == ("internal_appeal", date(2026, 3, 13))
