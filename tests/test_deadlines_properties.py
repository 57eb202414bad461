"""Property tests (hypothesis): the engine never dates a deadline before the notice, windows round-trip,
month arithmetic never raises, and the parser never raises on any text."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from packet.dates import date_at as parse_date
from packet.deadlines import calendar_math as cm
from packet.deadlines import compute_deadlines
from packet.deadlines.parse import parse_pages
from packet.deadlines.rules import load_rules
from packet.model import PLAN_TYPES

TODAY = date(2026, 1, 20)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
UNIT_WORDS = {"days": "calendar days", "business_days": "business days", "weeks": "weeks", "months": "months"}
ANCHORS = [
    "after the date of this notice",
    "of receiving this notice",
    "from the date on your notice",
    "of the date listed at the top of this notice",
    "of getting notice",
]


@settings(max_examples=300, deadline=None)
@given(
    notice=dates,
    n=st.integers(1, 400),
    unit=st.sampled_from(list(UNIT_WORDS)),
    anchor=st.sampled_from(ANCHORS),
    plan=st.sampled_from(PLAN_TYPES),
)
def test_due_never_before_notice_and_window_round_trips(
    notice: date, n: int, unit: str, anchor: str, plan: str
) -> None:
    sentence = f"You must file your appeal within {n} {UNIT_WORDS[unit]} {anchor}."
    r = compute_deadlines([sentence], notice, plan, today=TODAY)
    a = r.deadlines.appeal
    assert a is not None and a.due is not None and a.basis == "letter"
    assert a.due >= notice
    assert a.due == cm.add_window(notice, n, unit)
    # read the window back from the two dates
    if unit == "days":
        assert (a.due - notice).days == n
    elif unit == "weeks":
        assert (a.due - notice).days == 7 * n
    elif unit == "months":
        back = relativedelta(a.due, notice)
        assert back.years * 12 + back.months == n or (
            a.due.day < notice.day and back.years * 12 + back.months == n - 1
        )
        assert cm.add_months(notice, n) == a.due
    else:
        assert (
            sum(cm.is_business_day(notice + timedelta(days=i)) for i in range(1, (a.due - notice).days + 1))
            == n
        )
    for d in r.deadlines.all:
        assert d.due is None or d.due >= notice


@settings(max_examples=300, deadline=None)
@given(notice=dates, plan=st.sampled_from(PLAN_TYPES), final=st.booleans())
def test_regulation_fill_never_before_notice(notice: date, plan: str, final: bool) -> None:
    text = "We have upheld our decision." if final else "We denied this request."
    r = compute_deadlines([text], notice, plan, today=TODAY)
    for d in r.deadlines.all:
        assert d.due is None or d.due > notice


@settings(max_examples=500, deadline=None)
@given(start=dates, n=st.integers(0, 1200))
def test_month_arithmetic_never_raises_and_is_month_end_safe(start: date, n: int) -> None:
    d = cm.add_months(start, n)
    assert (d.year - start.year) * 12 + d.month - start.month == n
    assert d.day <= start.day
    e = cm.add_months_external_review(start, n)
    assert e >= d and (e - d).days <= 3
    assert e.day == start.day or e.day == 1


@settings(max_examples=300, deadline=None)
@given(start=dates, n=st.integers(0, 60))
def test_business_days_land_on_business_days(start: date, n: int) -> None:
    d = cm.add_business_days(start, n)
    assert d >= start
    if n:
        assert cm.is_business_day(d)
    assert cm.is_business_day(cm.next_business_day(start))
    assert cm.next_business_day(start) - start < timedelta(days=5)


@settings(max_examples=200, deadline=None)
@given(d=dates)
def test_printed_dates_round_trip(d: date) -> None:
    for text in (
        d.strftime("%B %-d, %Y"),
        d.strftime("%b. %-d, %Y"),
        d.strftime("%m/%d/%Y"),
        d.isoformat(),
        d.strftime("%-d %B %Y"),
    ):
        got = parse_date(text)
        assert got is not None and got[0] == d, text


words = st.sampled_from(
    [
        "within",
        "days",
        "sixty",
        "(60)",
        "by",
        "[DATE+60]",
        "appeal",
        "of",
        "receipt",
        "months",
        "hours",
        "Fast",
        "(72",
        "hour",
        "review)",
        "external",
        "review",
        "fair",
        "hearing",
        "before",
        "January",
        "31,",
        "2026",
        "02/30/2026",
        "13/45/99",
        ".",
        ";",
        "\n",
        "upheld",
        "one hundred",
    ]
)


@settings(max_examples=2000, deadline=None)
@given(
    pages=st.lists(st.one_of(st.text(max_size=300), st.lists(words, max_size=40).map(" ".join)), max_size=3),
    notice=st.one_of(st.none(), dates),
    plan=st.sampled_from(PLAN_TYPES),
)
def test_parser_and_engine_never_raise(pages: list[str], notice: date | None, plan: str) -> None:
    parse_pages(pages, load_rules().vocab)
    r = compute_deadlines(pages, notice, plan, today=TODAY)
    for d in r.deadlines.all:
        assert notice is None or d.due is None or d.due >= notice
