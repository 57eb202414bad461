"""Ground truth, computed here on its own from what each letter states (never with packet.deadlines, so a
bug there shows as a miss): calendar days from the notice date, calendar months with dateutil, and the
federal regulation table of ../shared/reference/deadlines.md when the letter states no window."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

# deadlines.md, "Window to file the first appeal", in days from the notice date.
REGULATION_DAYS = {
    "erisa": 180,
    "commercial": 180,
    "medicare_advantage": 65,
    "medicare_part_d": 65,
    "medicaid": 60,
}

FEDERAL_HOLIDAYS = {
    date(2026, 1, 1),
    date(2026, 1, 19),
    date(2026, 2, 16),
    date(2026, 5, 25),
    date(2026, 6, 19),
    date(2026, 7, 3),
    date(2026, 9, 7),
    date(2026, 10, 12),
    date(2026, 11, 11),
    date(2026, 11, 26),
    date(2026, 12, 25),
    date(2027, 1, 1),
    date(2027, 1, 18),
    date(2027, 2, 15),
    date(2027, 5, 31),
    date(2027, 6, 18),
    date(2027, 7, 5),
    date(2027, 9, 6),
    date(2027, 10, 11),
    date(2027, 11, 11),
    date(2027, 11, 25),
    date(2027, 12, 24),
}


def plus_months(start: date, n: int) -> date:
    """Calendar months, clamped to the month's last day (relativedelta's rule)."""
    return start + relativedelta(months=n)


def plus_months_external_review(start: date, n: int) -> date:
    """45 CFR 147.136(d): with no matching day in the last month, the first day of the month after; a
    weekend or federal holiday moves to the next business day."""
    clamped = start + relativedelta(months=n)
    due = clamped if clamped.day == start.day else clamped + timedelta(days=1)
    while due.weekday() >= 5 or due in FEDERAL_HOLIDAYS:
        due += timedelta(days=1)
    return due


def window_due(notice: date | None, n: int, unit: str, level: str) -> date | None:
    if notice is None:
        return None
    if unit == "days":
        return notice + timedelta(days=n)
    if level == "external_review":
        return plus_months_external_review(notice, n)
    return plus_months(notice, n)


def regulation_due(notice: date | None, plan_type: str) -> date | None:
    if notice is None or plan_type not in REGULATION_DAYS:
        return None
    return notice + timedelta(days=REGULATION_DAYS[plan_type])


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def appeal_truth(
    kind: str,
    notice: date | None,
    plan_type: str,
    *,
    n: int = 0,
    unit: str = "days",
    level: str = "internal_appeal",
    on: date | None = None,
) -> dict[str, Any]:
    """``kind``: "window" (the letter states n days/months), "date" (it prints the date), "none"."""
    if kind == "window":
        return {"due": iso(window_due(notice, n, unit, level)), "level": level, "basis": "letter"}
    if kind == "date":
        return {"due": iso(on), "level": level, "basis": "letter"}
    return {"due": iso(regulation_due(notice, plan_type)), "level": level, "basis": "regulation"}
