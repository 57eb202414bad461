"""The appeal a denial calls for: the step, its template, the cover's title and who decides.

    choice = choose_appeal(denial, today=date(2026, 2, 1))
    choice.step, choice.template        # "redetermination", "appeal"
    choice.title                        # "Request for redetermination (Medicare Part D)"
    choice.formulary_exception, choice.continued_benefits, choice.good_cause

The choice is data: ``packet/rules/appeals.toml`` maps the decision's level (``deadlines.appeal.level``, or
the level a decision opened) and the plan type to a step; the requests a step adds (a formulary exception,
continued benefits, good cause for a late filing) have their conditions there too.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from packet.exceptions import BadRulesError
from packet.fsutil import read_rules_toml
from packet.model import LEVELS, PLAN_TYPES, Deadline, Denial

RULES_FILE = Path(__file__).resolve().parent.parent / "rules" / "appeals.toml"
FINAL_LEVELS = ("external_review", "state_fair_hearing")
FILING = ("internal_appeal", "expedited_appeal", *FINAL_LEVELS)
TEMPLATE_NAMES = ("appeal", "external-review", "fair-hearing")
_STEP_KEYS = {"short", "title", "template", "recipient", "decider", "rule"}


@dataclass(frozen=True)
class Step:
    name: str
    short: str
    title: str
    template: str
    recipient: str
    decider: str
    rule: str


@dataclass(frozen=True)
class AppealRules:
    steps: dict[str, Step]
    choose: list[tuple[tuple[str, ...], tuple[str, ...], str]]  # (levels, plan types, step)
    formulary_steps: tuple[str, ...]
    formulary_categories: tuple[str, ...]
    formulary_reason: re.Pattern[str]
    formulary_enclosure: str
    continued_steps: tuple[str, ...]
    continued_days: int
    continued_rule: str
    good_cause_enclosure: str
    lmn_categories: tuple[str, ...]
    lmn_record: re.Pattern[str]
    lmn_template: str
    lmn_file: str


@dataclass
class AppealChoice:
    """What to file next, and what the letter asks for besides."""

    step: str
    level: str
    title: str
    template: str
    short: str
    recipient: str
    decider: str
    rule: str
    final: bool  # after a final internal denial
    due: date | None = None  # the last day to file it
    late_days: int = 0  # days past ``due`` (0 when on time or unknown)
    formulary_exception: bool = False
    continued_benefits: date | None = None  # the last day to ask to keep the service during the appeal
    peer_to_peer: Deadline | None = None  # the window the letter offers for a peer-to-peer review
    enclosures: list[str] = field(default_factory=list)  # extra enclosures the requests need

    @property
    def good_cause(self) -> bool:
        return self.late_days > 0


def _strings(path: Path, where: str, value: Any, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadRulesError(path, f"{where} must be a list of strings")
    bad = [v for v in value if allowed is not None and v not in allowed]
    if bad:
        raise BadRulesError(path, f"{where}: unknown value '{bad[0]}'")
    return tuple(value)


def _text(path: Path, where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadRulesError(path, f"{where} must be a non-empty string")
    return value


def _regex(path: Path, where: str, value: Any) -> re.Pattern[str]:
    try:
        return re.compile(_text(path, where, value))
    except re.error as e:
        raise BadRulesError(path, f"{where} is not a valid regular expression ({e})") from e


def _table(path: Path, raw: dict[str, Any], key: str) -> dict[str, Any]:
    t = raw.get(key)
    if not isinstance(t, dict):
        raise BadRulesError(path, f"no [{key}] table")
    return t


def parse_rules(raw: dict[str, Any], path: Path) -> AppealRules:
    from packet.model import CATEGORIES

    unknown = set(raw) - {"version", "step", "choose", "formulary_exception", "continued_benefits",
                          "good_cause", "medical_necessity_letter"}  # fmt: skip
    if unknown:
        raise BadRulesError(path, f"unknown key '{min(unknown)}'")
    steps: dict[str, Step] = {}
    for name, t in _table(path, raw, "step").items():
        if not isinstance(t, dict) or set(t) != _STEP_KEYS:
            raise BadRulesError(path, f"[step.{name}] needs exactly {', '.join(sorted(_STEP_KEYS))}")
        steps[name] = Step(name, **{k: _text(path, f"step.{name}.{k}", t[k]) for k in _STEP_KEYS})
    choose = []
    for i, row in enumerate(raw.get("choose") or []):
        where = f"[[choose]] #{i + 1}"
        if not isinstance(row, dict) or set(row) != {"level", "plan_type", "step"}:
            raise BadRulesError(path, f"{where} needs level, plan_type and step")
        if row["step"] not in steps:
            raise BadRulesError(path, f"{where}: no step '{row['step']}'")
        choose.append((_strings(path, where, row["level"], LEVELS),
                       _strings(path, where, row["plan_type"], PLAN_TYPES), row["step"]))  # fmt: skip
    if not choose:
        raise BadRulesError(path, "no [[choose]] rows")
    fe, cb = _table(path, raw, "formulary_exception"), _table(path, raw, "continued_benefits")
    lmn, gc = _table(path, raw, "medical_necessity_letter"), _table(path, raw, "good_cause")
    cats = tuple(CATEGORIES)
    days = cb.get("days")
    if not isinstance(days, int) or days < 0:
        raise BadRulesError(path, "continued_benefits.days must be a whole number of days")
    return AppealRules(
        steps=steps,
        choose=choose,
        formulary_steps=_strings(path, "formulary_exception.steps", fe.get("steps"), tuple(steps)),
        formulary_categories=_strings(path, "formulary_exception.categories", fe.get("categories"), cats),
        formulary_reason=_regex(path, "formulary_exception.reason", fe.get("reason")),
        formulary_enclosure=_text(path, "formulary_exception.enclosure", fe.get("enclosure")),
        continued_steps=_strings(path, "continued_benefits.steps", cb.get("steps"), tuple(steps)),
        continued_days=days,
        continued_rule=_text(path, "continued_benefits.rule", cb.get("rule")),
        good_cause_enclosure=_text(path, "good_cause.enclosure", gc.get("enclosure")),
        lmn_categories=_strings(path, "medical_necessity_letter.categories", lmn.get("categories"), cats),
        lmn_record=_regex(path, "medical_necessity_letter.record", lmn.get("record")),
        lmn_template=_text(path, "medical_necessity_letter.template", lmn.get("template")),
        lmn_file=_text(path, "medical_necessity_letter.file", lmn.get("file")),
    )  # fmt: skip


@functools.lru_cache(maxsize=4)
def load_appeal_rules(path: str | None = None) -> AppealRules:
    """``packet/rules/appeals.toml``, validated (cached)."""
    where = Path(path) if path else RULES_FILE
    raw = read_rules_toml(where)
    return parse_rules(raw, where)


def current_level(denial: Denial, opened: dict[str, Any] | None = None) -> tuple[str, date | None]:
    """The level to file next and its last day: the level a decision opened (``case.extra["level"]``),
    else the denial's ``deadlines.appeal``, else an internal appeal with no known date."""
    if opened and opened.get("level") in FILING:
        due = opened.get("due")
        return opened["level"], date.fromisoformat(due) if isinstance(due, str) else None
    a = denial.deadlines.appeal
    if a is not None and a.level in FILING:
        return a.level, a.due
    return "internal_appeal", a.due if a else None


def choose_appeal(
    denial: Denial, today: date, *, opened: dict[str, Any] | None = None, rules: AppealRules | None = None
) -> AppealChoice:
    """The step the denial calls for, by its level and plan type (``appeals.toml``), with its requests."""
    rules = rules or load_appeal_rules()
    level, due = current_level(denial, opened)
    plan = denial.payer.plan_type
    name = next(s for lv, pt, s in rules.choose if (not lv or level in lv) and (not pt or plan in pt))
    step = rules.steps[name]
    choice = AppealChoice(
        step=name, level=level, title=step.title, template=step.template, short=step.short,
        recipient=step.recipient,
        decider=step.decider, rule=step.rule, final=level in FINAL_LEVELS, due=due,
        late_days=max((today - due).days, 0) if due else 0,
    )  # fmt: skip
    reason = denial.denial.reason or ""
    if name in rules.formulary_steps and (
        denial.denial.category in rules.formulary_categories or rules.formulary_reason.search(reason)
    ):
        choice.formulary_exception = True
        choice.enclosures.append(rules.formulary_enclosure)
    if name in rules.continued_steps:
        last = _continued_until(denial, rules)
        if last is not None and last >= today:
            choice.continued_benefits = last
    if choice.good_cause:
        choice.enclosures.append(rules.good_cause_enclosure)
    p2p = [d for d in denial.deadlines.all if d.level == "peer_to_peer"]
    choice.peer_to_peer = p2p[0] if p2p and not choice.final else None
    return choice


def _continued_until(denial: Denial, rules: AppealRules) -> date | None:
    stated = [d.due for d in denial.deadlines.all if d.level == "continued_benefits" and d.due]
    if stated:
        return min(stated)
    return denial.notice_date + timedelta(days=rules.continued_days) if denial.notice_date else None


def needs_medical_necessity_letter(
    denial: Denial, records: list[str], rules: AppealRules | None = None
) -> bool:
    """True for a medical-necessity (or experimental) denial when no record looks like a letter of medical
    necessity (by file name or exhibit title)."""
    rules = rules or load_appeal_rules()
    if denial.denial.category not in rules.lmn_categories:
        return False
    return not any(rules.lmn_record.search(r) for r in records)


def next_step_lines(denial: Denial, choice: AppealChoice, today: date) -> list[str]:
    """What 'packet draft' tells the user besides the file: the step and its deadline, where to send it."""
    if choice.due is None:
        due = "deadline not found in the letter: read it, and count from the date you received it"
    else:
        left = (choice.due - today).days
        when = (
            f"{left} days left"
            if left >= 0
            else f"{-left} days ago: the letter asks to accept it for good cause"
        )
        due = f"due {choice.due.isoformat()} ({when})"
    lines = [f"Step: {choice.title}, {due}"]
    a = denial.appeal_to
    to = ", ".join(x for x in (a.name, *(a.address or "").splitlines()) if x and x.strip())
    how = "; ".join(f"{k} {v}" for k, v in (("fax", a.fax), ("portal", a.portal), ("phone", a.phone)) if v)
    if choice.final and not (to or how):
        lines.append(f"Send to: {choice.recipient}")
    else:
        lines.append(
            f"Send to: {to or 'the address is not in the letter: call the plan'}"
            + (f" ({how})" if how else "")
        )
    if choice.continued_benefits:
        lines.append(f"To keep the service during the appeal, ask by {choice.continued_benefits.isoformat()}")
    if choice.peer_to_peer and choice.peer_to_peer.due:
        lines.append(
            f"Peer-to-peer review offered until {choice.peer_to_peer.due.isoformat()} "
            "(--template peer-to-peer for a preparation sheet)"
        )
    return lines
