"""The deadline engine on corpus letters rendered to PDF: one test per way it failed on letters the project
did not write (issue 12 item 4). Each letter is a development letter from ``samples/corpus/letters/`` (never
``heldout/``), rendered with the corpus's own text look, read back with ``read_text`` and counted with the
notice date and plan type its truth file gives, so the test is about stage 3 alone. Where no corpus letter
shows a failure as it was met, a corpus letter is changed in one named line and the test says so.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from packet.deadlines import DeadlineResult, compute_deadlines
from packet.read import read_text
from samples.corpus import FOLDER, letter_lines
from samples.corpus.render import cells_pdf, text_pdf

LETTERS = FOLDER["dev"]
TODAY = date(2026, 1, 1)
LINES_PER_PAGE = 55  # render.text_pdf: 10 pt type on 12.5 pt leading inside 0.75 inch margins


def _truth(letter: str) -> dict[str, object]:
    return json.loads((LETTERS / f"{letter}.truth.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _lines(letter: str, changes: dict[str, str | None] | None = None) -> list[str]:
    """The letter's lines; ``changes`` maps a line's words to their replacement (None drops the line)."""
    lines = letter_lines(LETTERS / f"{letter}.txt")
    for old, new in (changes or {}).items():
        hits = [i for i, ln in enumerate(lines) if old in ln]
        assert hits, f"{letter}: no line holds {old!r}"
        for i in reversed(hits):
            if new is None:
                del lines[i]
            else:
                lines[i] = lines[i].replace(old, new)
    return lines


def _deadlines(
    tmp_path: Path, letter: str, lines: list[str] | None = None, plan: str | None = None, look: str = "text"
) -> tuple[DeadlineResult, dict[str, object]]:
    pdf = tmp_path / f"{letter}.{look}.pdf"
    render = cells_pdf if look == "cells" else text_pdf
    pdf.write_bytes(render(lines if lines is not None else _lines(letter)))
    pages = [p.text for p in read_text(pdf).pages]
    truth = _truth(letter)
    notice = date.fromisoformat(str(truth["notice_date"])) if truth.get("notice_date") else None
    plan_type = plan or str(truth.get("plan_type") or "unknown")
    return compute_deadlines(pages, notice, plan_type, today=TODAY), truth


def _due(r: DeadlineResult) -> str | None:
    a = r.deadlines.appeal
    return a.due.isoformat() if a and a.due else None


# --- a quantity in the service is not a window ---------------------------------------------------------


def test_inpatient_stay_14_days_is_not_the_appeal_window(tmp_path: Path) -> None:
    # d08: "Service: Inpatient rehabilitation facility stay, 14 days", a final ERISA denial.
    r, truth = _deadlines(tmp_path, "d08_final_abd_erisa")
    notice = date.fromisoformat(str(truth["notice_date"]))
    assert _due(r) == truth["appeal_due"] == "2026-10-05"
    assert all(d.due != notice + timedelta(days=14) for d in r.deadlines.all)


def test_service_quantity_before_a_window_less_appeal_line_falls_to_the_regulation(tmp_path: Path) -> None:
    # t07 (HHS model notice) with the failure put back: the service printed with "14 days" on the
    # line above an appeal sentence that states no window; the window sentence itself removed.
    lines = _lines(
        "t07_hhs_model_abd",
        {"You must file your appeal within 180 days after you receive this notice.": ""},
    )
    service = next(i for i, ln in enumerate(lines) if "Description of Service" in ln)
    lines.insert(service + 1, "Inpatient stay, 14 days")
    lines.insert(service + 2, "You may appeal this decision")
    r, _ = _deadlines(tmp_path, "t07_hhs_model_abd", lines)
    a = r.deadlines.appeal
    assert a is not None and (a.due, a.basis) == (date(2026, 7, 11), "regulation")  # 180 days, not 14


# --- a printed date wins over a counted window when it is earlier --------------------------------------


def test_printed_date_earlier_than_the_window_wins_and_warns(tmp_path: Path) -> None:
    # d16 (Texas STAR): "within 60 days from the date on this notice" given a printed date 30 days out.
    window = "You must ask for the appeal within 60 days"
    lines = _lines(
        "d16_tx_star_initial", {window: "You must ask for the appeal by May 6, 2026, within 60 days"}
    )
    r, truth = _deadlines(tmp_path, "d16_tx_star_initial", lines)
    assert truth["appeal_due"] == "2026-06-05"
    assert _due(r) == "2026-05-06"
    assert any("more than one deadline" in w and "2026-05-06" in w and "2026-06-05" in w for w in r.warnings)


def test_printed_date_that_agrees_with_the_window_needs_no_warning(tmp_path: Path) -> None:
    # d09 (NY Medicaid final): "a Fair Hearing by December 19, 2026, which is 120 days from the date of this
    # notice"; the External Appeal's four months end later.
    r, truth = _deadlines(tmp_path, "d09_ny_mmc_final")
    assert _due(r) == truth["appeal_due"] == "2026-12-19"
    assert r.deadlines.appeal is not None and r.deadlines.appeal.level == "state_fair_hearing"
    assert not any("more than one deadline" in w for w in r.warnings)


def test_never_later_than_the_letters_own_date(tmp_path: Path) -> None:
    # The regulation (Medicaid: 60 days) would give a later day than the date the letter prints.
    window = "You must ask for the appeal within 60 days"
    lines = _lines(
        "d16_tx_star_initial", {window: "You must ask for the appeal by April 20, 2026, within 60 days"}
    )
    r, _ = _deadlines(tmp_path, "d16_tx_star_initial", lines)
    assert _due(r) == "2026-04-20"
    assert all(d.due is None or d.due >= date(2026, 4, 20) for d in r.deadlines.all)


# --- a claim resubmission window is not an appeal deadline ---------------------------------------------


def test_corrected_claim_window_is_not_an_appeal_deadline(tmp_path: Path) -> None:
    # x26: "The provider may resubmit a corrected claim. ... file a written appeal within 180 days".
    r, truth = _deadlines(tmp_path, "x26_overturn_ny_coding")
    assert _due(r) == truth["appeal_due"] == "2027-03-01"


def test_corrected_claim_window_before_the_appeal_window(tmp_path: Path) -> None:
    # d23 (HHS model notice, EOB style): a 90-day corrected-claim window printed before the 180-day appeal.
    r, truth = _deadlines(tmp_path, "d23_hhs_abd_eob_corrected")
    notice = date.fromisoformat(str(truth["notice_date"]))
    assert _due(r) == truth["appeal_due"]
    assert all(d.due != notice + timedelta(days=90) for d in r.deadlines.all)


# --- a letter that grants no appeal gets no date ------------------------------------------------------


def test_letter_with_no_appeal_has_null_date_and_a_warning(tmp_path: Path) -> None:
    # x30: a claim notice whose only window is "Corrected claims must be submitted within 90 days".
    r, truth = _deadlines(tmp_path, "x30_denialops_aetna_coding")
    assert truth["appeal_due"] is None
    assert _due(r) is None
    assert all(d.due is None for d in r.deadlines.all)
    assert any(w.startswith("deadlines.appeal.due is empty") for w in r.warnings)


def test_letter_saying_no_appeal_with_unknown_plan_is_null(tmp_path: Path) -> None:
    # x26 with its appeal sentence replaced by a statement that the determination cannot be appealed.
    said = "This determination is not subject to appeal. If you disagree with this determination"
    lines = _lines("x26_overturn_ny_coding", {"If you disagree with this determination": said})
    lines = [ln.split(" you may file a written appeal")[0] for ln in lines]
    r, _ = _deadlines(tmp_path, "x26_overturn_ny_coding", lines)
    assert _due(r) is None
    assert any("deadlines.appeal.due is empty" in w and "grants no appeal" in w for w in r.warnings)


# --- a final internal denial opens external review --------------------------------------------------------


def test_final_internal_denial_opens_external_review_erisa(tmp_path: Path) -> None:
    r, truth = _deadlines(tmp_path, "d08_final_abd_erisa")
    a = r.deadlines.appeal
    assert a is not None and a.level == "external_review" == truth["level"]
    assert r.deadlines.external_review == a


def test_final_internal_denial_state_external_review_stays_on_sunday(tmp_path: Path) -> None:
    # d07: four months after receipt ends on Sunday 2027-02-14; the request goes to a state agency, whose
    # process may not move it to the next business day, so the earlier day stands, with a warning.
    r, truth = _deadlines(tmp_path, "d07_final_abd_individual")
    a = r.deadlines.appeal
    assert a is not None and (a.level, _due(r)) == ("external_review", truth["appeal_due"])
    assert any("2027-02-14" in w and "Sunday" in w for w in r.warnings)


def test_final_internal_denial_without_a_window_counts_four_months(tmp_path: Path) -> None:
    lines = _lines("d08_final_abd_erisa", {"within four months": "promptly"})
    r, _ = _deadlines(tmp_path, "d08_final_abd_erisa", lines)
    a = r.deadlines.appeal
    assert a is not None and (a.level, a.basis, a.due) == ("external_review", "regulation", date(2026, 10, 5))


# --- a Medicaid final decision opens the state fair hearing -------------------------------------------


def test_medicaid_plan_appeal_resolution_opens_fair_hearing(tmp_path: Path) -> None:
    # d11 (Florida): "any time up to 120 days after you get this Notice of Plan Appeal Resolution".
    r, truth = _deadlines(tmp_path, "d11_fl_appeal_resolution")
    a = r.deadlines.appeal
    assert a is not None and (a.level, a.basis) == ("state_fair_hearing", "letter")
    assert _due(r) == truth["appeal_due"] == "2026-09-24"


def test_medicaid_appeal_decision_counts_from_the_decision_letter(tmp_path: Path) -> None:
    # d17 (Texas): "within 120 days from the date of this appeal decision letter".
    r, truth = _deadlines(tmp_path, "d17_tx_star_appeal_decision")
    assert r.deadlines.appeal is not None and r.deadlines.appeal.level == "state_fair_hearing"
    assert _due(r) == truth["appeal_due"]


def test_medicaid_final_without_a_window_gets_120_days(tmp_path: Path) -> None:
    lines = _lines("d11_fl_appeal_resolution", {"any time up to 120 days after you get": "after you get"})
    r, truth = _deadlines(tmp_path, "d11_fl_appeal_resolution", lines)
    a = r.deadlines.appeal
    assert a is not None and (a.level, a.basis) == ("state_fair_hearing", "regulation")
    assert _due(r) == truth["appeal_due"]  # 120 days (42 CFR 438.408(f)(2))


# --- several next steps: the earliest --------------------------------------------------------------------


def test_several_steps_give_the_earliest(tmp_path: Path) -> None:
    # t09 (NY Medicaid initial): a Plan Appeal by [DATE+60], then a Fair Hearing by [Date+120] and an
    # External Appeal in four months.
    r, truth = _deadlines(tmp_path, "t09_ny_mmc_initial")
    assert _due(r) == truth["appeal_due"] == "2026-07-04"
    assert r.deadlines.appeal is not None and r.deadlines.appeal.level == "internal_appeal"


def test_continued_benefits_window_is_not_the_appeal_date(tmp_path: Path) -> None:
    # d10 (Florida NABD): a plan appeal within 60 days; services continue if asked within 10 days.
    r, truth = _deadlines(tmp_path, "d10_fl_nabd")
    assert _due(r) == truth["appeal_due"]
    assert any(d.level == "continued_benefits" for d in r.deadlines.all)


# --- a deadline sentence across a page break -------------------------------------------------------------


def test_window_sentence_across_a_page_break(tmp_path: Path) -> None:
    lines = _lines("t07_hhs_model_abd")
    at = next(i for i, ln in enumerate(lines) if "within 180 days after you receive" in ln)
    head, tail = lines[at].split("within 180 days", 1)
    lines[at : at + 1] = [head + "within one hundred", "eighty (180) days" + tail]
    lines[at:at] = [""] * (LINES_PER_PAGE - 1 - at)  # the first half ends page 1
    r, truth = _deadlines(tmp_path, "t07_hhs_model_abd", lines)
    a = r.deadlines.appeal
    assert a is not None and a.basis == "letter" and _due(r) == truth["appeal_due"]
    assert r.evidence["deadlines.appeal"].page == 1


# --- the table-cell look: a label cell beside the sentence puts a blank line inside it ---------------------


def test_window_split_by_a_table_cell_is_read_whole(tmp_path: Path) -> None:
    # d20 (Arizona) as label-value cells: "You must ask in writing within" / "agree:" / "" / "90 days from
    # the date you receive this notice." Read in pieces, the regulation's later 120 days stood.
    r, truth = _deadlines(tmp_path, "d20_az_appeal_decision", look="cells")
    a = r.deadlines.appeal
    assert a is not None and (a.level, a.basis) == ("state_fair_hearing", "letter")
    assert _due(r) == truth["appeal_due"]


def test_continued_benefits_window_in_a_cell_is_not_the_appeal(tmp_path: Path) -> None:
    # d10 (Florida) as cells: "... you must ask within" / "" / "10 days of the date this notice was sent"
    # belongs to "If you want your services to continue", not to the plan appeal.
    r, truth = _deadlines(tmp_path, "d10_fl_nabd", look="cells")
    assert _due(r) == truth["appeal_due"]
    assert [d.level for d in r.deadlines.all] == ["continued_benefits", "internal_appeal"]
    assert not any("more than one deadline" in w for w in r.warnings)


def test_masshealth_internal_appeal_decision_opens_the_board_of_hearings(tmp_path: Path) -> None:
    # d25 (MassHealth MCO): "we are upholding our decision"; the reason says therapists "can see you within
    # 14 days of your request" (no window); "no later than 120 calendar days from the date of mailing of
    # this internal appeal decision" to the Board of Hearings. Scored before it was read: 14 days, a miss.
    r, truth = _deadlines(tmp_path, "d25_ma_masshealth_boh")
    a = r.deadlines.appeal
    assert a is not None and (a.level, a.basis) == ("state_fair_hearing", "letter")
    assert _due(r) == truth["appeal_due"] == "2027-01-20"
    assert [d.level for d in r.deadlines.all] == ["continued_benefits", "state_fair_hearing"]
