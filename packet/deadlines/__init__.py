"""The deadline engine: every appeal date in a denial letter, counted the way the rules count it.

    from packet.deadlines import compute_deadlines, days_left
    result = compute_deadlines(pages, notice_date, plan_type, today=date(2026, 1, 20))
    result.deadlines.appeal.due        # the earliest next filing step
    result.deadlines.all               # every step found, earliest first
    result.warnings                    # past, within 7 days, weekend/holiday, missing notice date, ...

``text`` turns the pages into sentences (OCR slips mended, a sentence read whole across a line, a table cell
or a page break); ``parse`` reads the deadline sentences, only those that grant an appeal or review right;
``compute`` turns them into dates with ``calendar_math`` (two dates the letter gives for one step leave the
earlier; a final decision opens external review or the fair hearing); the regulations' fill-in rules and the
phrase vocabulary are data in ``packet/rules/deadlines.toml``.
"""

from packet.deadlines.calendar_math import add_window, next_business_day, non_business_reason
from packet.deadlines.compute import FILING_LEVELS, LEVEL_WORDS, DeadlineResult, compute_deadlines, days_left
from packet.deadlines.rules import load_rules, load_rules_file

__all__ = [
    "FILING_LEVELS",
    "LEVEL_WORDS",
    "DeadlineResult",
    "add_window",
    "compute_deadlines",
    "days_left",
    "load_rules",
    "load_rules_file",
    "next_business_day",
    "non_business_reason",
]
