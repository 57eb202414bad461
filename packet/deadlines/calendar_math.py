"""Date arithmetic for deadlines: calendar days, business days, weeks, calendar months, federal holidays.

Months are calendar months and month-end safe (``relativedelta``: January 31 + 1 month = February 28/29).
Federal external review counts months its own way (45 CFR 147.136(d)): "four months after receipt", and
when the fourth month after has no matching day, the first day of the month after it. Business days skip
weekends and US federal holidays (the ``holidays`` library).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

UNITS: tuple[str, ...] = ("days", "business_days", "weeks", "months", "hours")


@lru_cache(maxsize=64)
def _federal(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("US", years=year).items())


def holiday_name(d: date) -> str | None:
    """The US federal holiday on ``d`` (observed days included), or None."""
    return _federal(d.year).get(d)


def non_business_reason(d: date) -> str | None:
    """Why ``d`` is not a business day ("a Saturday", "a federal holiday (Juneteenth ...)"), or None."""
    if d.weekday() >= 5:
        return f"a {calendar.day_name[d.weekday()]}"
    name = holiday_name(d)
    if name:
        return f"a federal holiday ({name})"
    return None


def is_business_day(d: date) -> bool:
    return non_business_reason(d) is None


def next_business_day(d: date) -> date:
    """``d`` itself when it is a business day, else the next one."""
    while not is_business_day(d):
        d += timedelta(days=1)
    return d


def add_business_days(start: date, n: int) -> date:
    """``n`` business days after ``start`` (weekends and federal holidays skipped)."""
    d = start
    step = 1 if n >= 0 else -1
    left = abs(n)
    while left:
        d += timedelta(days=step)
        if is_business_day(d):
            left -= 1
    return d


def add_months(start: date, n: int) -> date:
    """Calendar months, month-end safe: a missing day becomes the last day of the month (never later)."""
    return start + relativedelta(months=n)


def add_months_external_review(start: date, n: int) -> date:
    """Federal external review: ``n`` months after ``start``; with no matching day, the first day of the
    following month (45 CFR 147.136(d): "the first day of the fifth month" for four months)."""
    target = start + relativedelta(months=n)
    if target.day != start.day:  # the day was clamped: no matching day in that month
        return target + timedelta(days=1)
    return target


def add_window(start: date, n: int, unit: str, *, external_review: bool = False) -> date:
    """``start`` plus ``n`` units. Hours round down to whole days (a date is what the user files by)."""
    if unit == "days":
        return start + timedelta(days=n)
    if unit == "business_days":
        return add_business_days(start, n)
    if unit == "weeks":
        return start + timedelta(weeks=n)
    if unit == "months":
        return add_months_external_review(start, n) if external_review else add_months(start, n)
    if unit == "hours":
        return start + timedelta(days=n // 24)
    raise ValueError(f"unknown unit {unit!r}")


def days_between(start: date, end: date) -> int:
    return (end - start).days
