"""What the benchmarks share: the repository root on sys.path (so ``packet`` and ``samples`` import
from a checkout), timing that keeps the fastest of several runs, ratio lines, and the labels that say
whether a figure was measured on data the code was tuned on.

    from _common import ROOT, best_of, ratio_line, in_sample

bench/ never imports tests/: what a benchmark and a test both need lives in samples/.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

IN_SAMPLE = "in-sample"  # measured on the letters the rules or settings were tuned on
HELD_OUT = "held-out"  # measured on letters nothing was tuned on


def in_sample(text: str) -> str:
    """``text`` labelled as an in-sample figure: it can only show what tuning already saw."""
    return f"{text}  [{IN_SAMPLE}]"


def held_out(text: str) -> str:
    return f"{text}  [{HELD_OUT}]"


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    """Seconds of the fastest of ``repeat`` calls: other work on the machine slows a run down, never
    speeds it up."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def median_of(fn: Callable[[], Any], repeat: int) -> float:
    """Seconds of the median of ``repeat`` calls."""
    times = []
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def ratio_line(what: str, ours: float, theirs: float, reference: str, target: float | None = None) -> str:
    """``what: 0.41 s against 0.38 s for <reference>: ratio 1.08 (target <= 1.3)``."""
    ratio = ours / theirs if theirs else float("inf")
    goal = f" (target <= {target:g})" if target is not None else ""
    return f"{what}: {ours:.3f} s against {theirs:.3f} s for {reference}: ratio {ratio:.2f}{goal}"


def split_halves(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """A fixed split of numbered samples (``07-name.pdf``) into (tune, score): odd numbers tune, even
    numbers are held out. The rule never looks at the content, so no figure chooses its own data."""
    tune = [p for p in paths if _number(p) % 2 == 1]
    score = [p for p in paths if _number(p) % 2 == 0]
    return tune, score


def _number(path: Path) -> int:
    head = path.stem.split("-", 1)[0]
    return int(head) if head.isdigit() else sum(path.stem.encode())
