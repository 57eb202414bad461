"""How long the plan has to decide an appeal once it is sent: ``packet/rules/decision_times.toml``.

    due = decision_due("reconsideration", "pre_service", sent=date(2026, 2, 2))
    due.due, due.extended_due, due.rule        # 2026-03-04, 2026-03-18, "30 days for a standard ..."

The step is the appeal's (``packet.draft.appeal``: internal_appeal, reconsideration, redetermination,
medicaid_plan_appeal, external_review, part_d_ire, state_fair_hearing); the kind is expedited,
pre_service or post_service (``decision_kind``). Counted from the day it was sent, so the date is the
earliest the decision can be owed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from packet.deadlines import add_window
from packet.exceptions import BadRulesError
from packet.fsutil import read_rules_toml

RULES_FILE = Path(__file__).resolve().parent / "rules" / "decision_times.toml"
KINDS: tuple[str, ...] = ("expedited", "pre_service", "post_service")
UNITS: tuple[str, ...] = ("hours", "days", "business_days")
_KEYS = ("n", "unit", "rule")


@dataclass(frozen=True)
class DecisionRule:
    n: int
    unit: str
    rule: str
    extension_days: int = 0


@dataclass
class DecisionDue:
    step: str
    kind: str
    sent: date
    due: date
    rule: str
    extended_due: date | None = None  # the latest date when the rule lets the plan extend

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "kind": self.kind,
            "sent": self.sent.isoformat(),
            "due": self.due.isoformat(),
            "extended_due": self.extended_due.isoformat() if self.extended_due else None,
            "rule": self.rule,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DecisionDue:
        ext = d.get("extended_due")
        sent, due = date.fromisoformat(d["sent"]), date.fromisoformat(d["due"])
        return cls(d["step"], d["kind"], sent, due, d["rule"], date.fromisoformat(ext) if ext else None)


def parse_rules(raw: dict[str, Any], path: Path) -> dict[str, dict[str, DecisionRule]]:
    out: dict[str, dict[str, DecisionRule]] = {}
    for step, kinds in raw.items():
        if step == "version":
            continue
        if not isinstance(kinds, dict) or set(kinds) != set(KINDS):
            raise BadRulesError(path, f"[{step}] needs exactly {', '.join(KINDS)}")
        out[step] = {}
        for kind, r in kinds.items():
            where = f"[{step}.{kind}]"
            if not isinstance(r, dict) or not {"n", "unit", "rule"} <= set(r) <= {*_KEYS, "extension_days"}:
                raise BadRulesError(path, f"{where} needs n, unit and rule (and may have extension_days)")
            if not isinstance(r["n"], int) or r["n"] <= 0 or r["unit"] not in UNITS:
                raise BadRulesError(path, f"{where}: n must be a positive whole number, unit one of {UNITS}")
            out[step][kind] = DecisionRule(r["n"], r["unit"], str(r["rule"]), int(r.get("extension_days", 0)))
    return out


@functools.lru_cache(maxsize=2)
def load_decision_rules(path: str | None = None) -> dict[str, dict[str, DecisionRule]]:
    """The rules, validated against the steps of appeals.toml (cached)."""
    from packet.draft.appeal import load_appeal_rules

    where = Path(path) if path else RULES_FILE
    raw = read_rules_toml(where)
    rules = parse_rules(raw, where)
    missing = set(load_appeal_rules().steps) - set(rules)
    if missing:
        raise BadRulesError(where, f"no decision times for the step '{min(missing)}'")
    return rules


def decision_kind(expedited: bool, category: str | None) -> str:
    """Expedited when asked for; post-service when the service was received without authorization (a
    request for retroactive authorization); otherwise pre-service (prior authorization)."""
    if expedited:
        return "expedited"
    return "post_service" if category == "no_authorization" else "pre_service"


def decision_due(step: str, kind: str, sent: date) -> DecisionDue:
    """The day the decision is due for ``step`` and ``kind`` when the appeal went out on ``sent``."""
    rules = load_decision_rules()
    if step not in rules or kind not in KINDS:
        raise BadRulesError(RULES_FILE, f"no decision time for {step} ({kind})")
    r = rules[step][kind]
    # 72 hours from the day it was sent: by the end of the third day after
    due = sent + timedelta(days=-(-r.n // 24)) if r.unit == "hours" else add_window(sent, r.n, r.unit)
    extended = due + timedelta(days=r.extension_days) if r.extension_days else None
    return DecisionDue(step, kind, sent, due, r.rule, extended)
