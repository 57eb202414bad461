"""Deadline engine: accuracy on the phrasing table and speed, against a naive baseline in the same run.

The baseline is what a quick script would do: the first "<digits> days" in the letter added to the notice
date. It shows what the engine's parsing and rules buy (words, months, anchors, placeholders, decision times
that are not deadlines, plan-type rules) and what they cost in time.

Usage: .venv/bin/python bench/bench_deadlines.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_NAIVE = re.compile(r"(\d+)\s+(?:calendar\s+)?days", re.IGNORECASE)


def naive(pages: list[str], notice: date) -> date | None:
    m = _NAIVE.search(" ".join(pages))
    return notice + timedelta(days=int(m.group(1))) if m else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=200, help="timing rounds over the whole table")
    args = ap.parse_args()
    from packet.deadlines import compute_deadlines
    from tests.test_deadlines import ERISA_LETTER, FINAL_LETTER, MEDICAID_LETTER, NOTICE, PHRASINGS, TODAY

    cases = [([f"Notice of denial.\n\n{s}"], NOTICE, plan, due) for _, s, plan, due, _, _ in PHRASINGS]
    cases += [
        ([ERISA_LETTER], NOTICE, "erisa", date(2026, 7, 11)),
        ([FINAL_LETTER], date(2025, 10, 31), "commercial", date(2026, 3, 2)),
        ([MEDICAID_LETTER], NOTICE, "medicaid", date(2026, 3, 13)),
    ]
    compute_deadlines(["warm up"], NOTICE, "commercial", today=TODAY)
    engine_right = naive_right = 0
    for pages, notice, plan, due in cases:
        r = compute_deadlines(pages, notice, plan, today=TODAY)
        engine_right += bool(r.deadlines.appeal and r.deadlines.appeal.due == due)
        naive_right += naive(pages, notice) == due
    print(f"phrasings and letters: {len(cases)}")
    print(f"  engine right:   {engine_right}/{len(cases)}")
    print(f"  baseline right: {naive_right}/{len(cases)} (first '<n> days' + notice date)")

    t0 = time.perf_counter()
    for _ in range(args.rounds):
        for pages, notice, plan, _due in cases:
            compute_deadlines(pages, notice, plan, today=TODAY)
    engine_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(args.rounds):
        for pages, notice, _plan, _due in cases:
            naive(pages, notice)
    naive_s = time.perf_counter() - t0
    n = args.rounds * len(cases)
    print(f"speed over {n} letters:")
    print(f"  engine:   {engine_s / n * 1e3:.3f} ms per letter")
    print(f"  baseline: {naive_s / n * 1e3:.4f} ms per letter")
    print(f"  ratio engine/baseline: {engine_s / naive_s:.0f}x (both far below reading one PDF page)")
    return 0 if engine_right == len(cases) else 1


if __name__ == "__main__":
    raise SystemExit(main())
