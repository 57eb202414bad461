"""From deadline mentions to dates: ``compute_deadlines(pages, notice_date, plan_type, today=...)``.

Counting follows ``../shared/reference/deadlines.md``: calendar days; receipt taken as the notice date unless
the letter says otherwise (so a date is never later than the true one); calendar months, month-end safe;
only federal external review moves a weekend or federal holiday to the next business day, every other
deadline landing on one gets a warning. A step the letter leaves out is filled from the plan type's rule
(``basis: regulation``, confidence at most medium); with no notice date or an unknown plan type the date is
None with a warning, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from packet.deadlines import calendar_math as cm
from packet.deadlines.parse import GENERIC_WORDS, Mention, Parsed, parse_pages
from packet.deadlines.rules import Rule, Rules, load_rules
from packet.model import Deadline, Deadlines, Evidence, cap_confidence

# Words that name no particular step: in a final decision they mean the next (external) step.
GENERIC_STEP_WORDS = (None, *GENERIC_WORDS)
FILING_LEVELS = ("internal_appeal", "expedited_appeal", "external_review", "state_fair_hearing")
LEVEL_WORDS = {
    "internal_appeal": "appeal",
    "expedited_appeal": "fast (expedited) appeal",
    "external_review": "external review",
    "state_fair_hearing": "state fair hearing",
    "continued_benefits": "request to keep services during the appeal",
    "peer_to_peer": "peer-to-peer review",
}
ANCHOR_WORDS = {
    "notice": "the notice date",
    "receipt": "receipt of the notice",
    "statement": "the date of the statement (taken as the notice date)",
    "service": "the date of service",
    "decision": "the appeal decision (this notice)",
    None: "the notice date (the letter names no starting day)",
}


@dataclass
class DeadlineResult:
    deadlines: Deadlines
    evidence: dict[str, Evidence] = field(default_factory=dict)
    confidence: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Found:
    deadline: Deadline
    confidence: str
    page: int
    sentence: str | None


def days_left(deadline: Deadline | date | None, today: date) -> int | None:
    """Days from ``today`` to the due date (negative when past), or None when there is no date."""
    due = deadline.due if isinstance(deadline, Deadline) else deadline
    return None if due is None else (due - today).days


FEDERAL_REVIEW_PLANS = ("commercial", "erisa")


def _count(start: date, n: int, unit: str, level: str, state_process: bool = False) -> tuple[date, str]:
    """The due date and a note when external review lands on a weekend or holiday. The federal process
    (45 CFR 147.136(d)) moves that day to the next business day; a state's process (the letter sends the
    request to a state agency) may not, so there the day stays, never later than the true one."""
    due = cm.add_window(start, n, unit, external_review=level == "external_review")
    if level == "external_review":
        moved = cm.next_business_day(due)
        if moved != due:
            why = cm.non_business_reason(due)
            if state_process:
                return due, (
                    f"; {due.isoformat()} is {why}: the federal external review process would move it to "
                    f"{moved.isoformat()}, but this review is not that process (a state's, or the plan "
                    "type's own), which may not, so it stays"
                )
            return moved, f"; {due.isoformat()} is {why}, so it moves to the next business day"
    return due, ""


def _from_window(m: Mention, notice: date | None, parsed: Parsed) -> _Found | None:
    assert m.n is not None and m.unit is not None
    if m.anchor == "decision" and not parsed.final:
        return None  # counted from a decision still to come: not a deadline yet
    if m.anchor == "service":
        rule = f"{m.phrase} after the date of service, which the notice date does not tell: check the letter"
        return _Found(Deadline(None, m.level, rule, "letter", m.sentence), "low", m.page, m.sentence)
    words = f"{m.phrase} after {ANCHOR_WORDS[m.anchor]}"
    if m.anchor == "receipt":
        words += (
            f" (receipt presumed {parsed.receipt_days} days after the notice date, as the letter says)"
            if parsed.receipt_days
            else " (receipt taken as the notice date)"
        )
    conf = "high" if m.anchor in ("notice", "receipt", "decision") else "medium"
    if notice is None:
        return _Found(
            Deadline(None, m.level, words + "; the notice date is unknown", "letter", m.sentence),
            "low",
            m.page,
            m.sentence,
        )
    start = notice + timedelta(days=parsed.receipt_days) if m.anchor == "receipt" else notice
    due, moved = _count(start, m.n, m.unit, m.level, parsed.state_review)
    return _Found(Deadline(due, m.level, words + moved, "letter", m.sentence), conf, m.page, m.sentence)


def _from_rule(
    rule: Rule,
    level: str,
    notice: date | None,
    why: str,
    page: int = 1,
    sentence: str | None = None,
    state_process: bool = False,
) -> _Found:
    text = f"{rule.rule}; {why}"
    if notice is None:
        return _Found(
            Deadline(None, level, text + "; the notice date is unknown", "regulation", sentence),
            "low",
            page,
            sentence,
        )
    due, moved = _count(notice, rule.n, rule.unit, level, state_process)
    return _Found(Deadline(due, level, text + moved, "regulation", sentence), "medium", page, sentence)


def _letter_steps(
    parsed: Parsed, notice: date | None, rules: Rules, plan: str
) -> tuple[list[_Found], list[str]]:
    found: list[_Found] = []
    warnings: list[str] = []
    final_level = rules.final[plan].level if parsed.final and plan in rules.final else "external_review"
    for m in parsed.mentions:
        if parsed.final and m.level == "internal_appeal":
            # "you may appeal" in a final decision: the next step; "ask the Independent Review Entity for a
            # reconsideration": the external step the sentence names
            nxt = next((lvl for lvl in ("external_review", "state_fair_hearing") if lvl in m.named), None)
            if nxt or m.step_words in GENERIC_STEP_WORDS:
                m.level = nxt or final_level
        warnings.extend(m.notes)
        if m.anchor == "service":
            warnings.append(
                f"The {LEVEL_WORDS.get(m.level, m.level)} deadline is counted from the date of service, not "
                "the "
                "notice date; count it from the date of service on the letter."
            )
        if m.kind == "window":
            f = _from_window(m, notice, parsed)
        elif m.kind == "date":
            assert m.on is not None
            if notice is not None and m.on < notice:
                warnings.append(
                    f"The letter gives {m.on.isoformat()} as a deadline, before its own notice date; check "
                    "the letter."
                )
                continue
            rule = f"the date the letter states ({m.phrase})" + (
                "; 'before' it means the day before" if m.day_before else ""
            )
            f = _Found(Deadline(m.on, m.level, rule, "letter", m.sentence), "high", m.page, m.sentence)
        else:
            f = _placeholder(m, notice, rules, plan, parsed)
        if f is not None:
            found.append(f)
    return found, warnings


def _placeholder(m: Mention, notice: date | None, rules: Rules, plan: str, parsed: Parsed) -> _Found | None:
    why = f"the letter prints a placeholder ({m.phrase}) instead of a date"
    rule = rules.named.get(m.level)
    if rule is None:
        table = rules.final if parsed.final else rules.initial
        rule = table.get(plan)
        if rule is None or rule.level != m.level:
            return None
    return _from_rule(rule, m.level, notice, why, m.page, m.sentence, parsed.state_review)


def _fill(
    parsed: Parsed, notice: date | None, rules: Rules, plan: str, have: list[_Found]
) -> tuple[list[_Found], list[str]]:
    """The plan type's rule for the main next step when the letter states no filing deadline."""
    if any(f.deadline.level in FILING_LEVELS and f.deadline.level != "expedited_appeal" for f in have):
        return [], []
    why = "the letter states no deadline"
    unknown_plan = plan == "unknown" or plan not in rules.initial
    if parsed.no_appeal is not None:
        said = f'the letter says it grants no appeal ("{parsed.no_appeal[:120]}")'
        if not unknown_plan:  # the plan type's rules give an appeal all the same
            found, notes = _fill_from_plan(parsed, notice, rules, plan, why)
            return found, [*notes, f"{said[0].upper()}{said[1:]}, but the {plan} rules give one: check it."]
        none = Deadline(None, "internal_appeal", "no date: the letter says it grants no appeal", "letter",
                        parsed.no_appeal)  # fmt: skip
        return [_Found(none, "low", 1, parsed.no_appeal)], [
            f"deadlines.appeal.due is empty: {said} and the plan type is unknown; check the letter or call "
            "the plan."
        ]
    if unknown_plan:
        unknown = Deadline(
            None,
            "internal_appeal",
            "no date: the letter states no deadline and the plan type is unknown",
            "regulation",
        )
        return [_Found(unknown, "low", 1, None)], [
            "deadlines.appeal.due is empty: the letter states no appeal deadline and the plan type is "
            "unknown, so no date can be computed; set payer.plan_type or read the letter's appeal section."
        ]
    return _fill_from_plan(parsed, notice, rules, plan, why)


def _fill_from_plan(
    parsed: Parsed, notice: date | None, rules: Rules, plan: str, why: str
) -> tuple[list[_Found], list[str]]:
    if parsed.final:
        if plan in rules.final_notes:
            return [], [rules.final_notes[plan]]
        final = rules.final[plan]
        return [_from_rule(final, final.level, notice, why, state_process=parsed.state_review)], []
    return [_from_rule(rules.initial[plan], rules.initial[plan].level, notice, why)], []


def _best_per_level(found: list[_Found]) -> tuple[list[_Found], list[str]]:
    """One deadline per step: the letter's over the regulation's, then the earliest date. Two dates the
    letter gives for one step that disagree ("within 30 days ... by May 15") leave the earlier, with a
    warning: a date is never later than the letter's own."""
    best: dict[str, _Found] = {}
    warnings: list[str] = []
    for f in found:
        cur = best.get(f.deadline.level)
        if cur is None or _rank(f) < _rank(cur):
            best[f.deadline.level] = f
    for level, chosen in best.items():
        mine = chosen.deadline.due
        others = sorted(
            {f.deadline.due for f in found if f.deadline.level == level and f.deadline.basis == "letter"}
            - {None, mine}
        )  # type: ignore[type-var]
        if others and chosen.deadline.basis == "letter" and mine is not None:
            warnings.append(
                f"The letter gives more than one deadline for the {LEVEL_WORDS.get(level, level)}: "
                f"{mine.isoformat()} and {', '.join(str(d) for d in others)}; "
                f"the earlier, {mine.isoformat()}, is used (deadlines.appeal.due): check the letter."
            )
    steps = sorted(
        best.values(),
        key=lambda f: (f.deadline.due is None, f.deadline.due or date.max, f.deadline.basis != "letter"),
    )
    return steps, warnings


def _rank(f: _Found) -> tuple[int, int, date, int]:
    """The letter's words over the regulation; a dated step; the earliest date; then the surer reading."""
    conf = ("high", "medium", "low").index(f.confidence)
    return (f.deadline.basis != "letter", f.deadline.due is None, f.deadline.due or date.max, conf)


def _date_warnings(f: _Found, today: date, plan: str, rules: Rules) -> list[str]:
    d = f.deadline
    if d.due is None:
        return []
    what = LEVEL_WORDS.get(d.level, d.level)
    out = []
    left = (d.due - today).days
    if left < 0:
        msg = f"The deadline for the {what} ({d.due.isoformat()}) has passed ({-left} days ago)."
        if plan in rules.good_cause_plans:
            msg += " " + rules.good_cause_note
        out.append(msg)
    elif left <= 7:
        out.append(
            f"The deadline for the {what} ({d.due.isoformat()}) is "
            f"{'today' if left == 0 else f'{left} days away'}."
        )
    why = cm.non_business_reason(d.due)
    if why and (d.level != "external_review" or "it stays" in d.rule):
        out.append(
            f"The deadline for the {what} ({d.due.isoformat()}) falls on {why}; it is not moved: file by the "
            "business day before."
        )
    return out


def compute_deadlines(
    pages: list[str],
    notice_date: date | None,
    plan_type: str,
    *,
    today: date | None = None,
    rules: Rules | None = None,
) -> DeadlineResult:
    """Every appeal deadline in the letter (``pages``: its text, page 1 first), counted from
    ``notice_date``."""
    rules = rules or load_rules()
    today = today or date.today()
    parsed = parse_pages(list(pages or []), rules.vocab)
    # The weekend rule of federal external review (45 CFR 147.136(d)) is for group and individual health
    # plans only; Medicare's levels (the IRE, an ALJ hearing), Medicaid's and the others' do not move a
    # weekend day, and neither does a plan whose type is unknown: the day stays, never later than the true
    # one.
    if plan_type not in FEDERAL_REVIEW_PLANS:
        parsed.state_review = True
    letter, warnings = _letter_steps(parsed, notice_date, rules, plan_type)
    filled, fill_warnings = _fill(parsed, notice_date, rules, plan_type, letter)
    warnings += fill_warnings
    steps, disagree = _best_per_level(letter + filled)
    warnings += disagree
    if notice_date is None and steps:
        warnings.append(
            "The letter has no notice date, so no deadline can be counted; set notice_date and run again."
        )
    filing = [f for f in steps if f.deadline.level in FILING_LEVELS]
    appeal = next((f for f in filing if f.deadline.due is not None), filing[0] if filing else None)
    external = next((f for f in steps if f.deadline.level == "external_review"), None)
    result = DeadlineResult(
        deadlines=Deadlines(
            appeal=appeal.deadline if appeal else None,
            expedited_decision_hours=parsed.expedited_hours,
            external_review=external.deadline if external else None,
            all=[f.deadline for f in steps],
        ),
        warnings=warnings,
    )
    for key, f in (("deadlines.appeal", appeal), ("deadlines.external_review", external)):
        if f is not None:
            result.evidence[key] = Evidence(f.page, f.sentence or f.deadline.rule)
            result.confidence[key] = (
                f.confidence if f.deadline.basis == "letter" else cap_confidence(f.confidence, "medium")
            )
    if parsed.expedited_hours is not None:
        result.evidence["deadlines.expedited_decision_hours"] = Evidence(
            parsed.expedited_page, parsed.expedited_sentence or ""
        )
        result.confidence["deadlines.expedited_decision_hours"] = "high"
    for f in steps:
        result.warnings.extend(_date_warnings(f, today, plan_type, rules))
    return result
