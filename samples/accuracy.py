"""Field-level accuracy of extraction against ground truth (the samples' JSON files).

Development code (it needs samples/, which an installed wheel does not have): used by the accuracy and
OCR benchmarks (which print the figures) and by a test that enforces a floor.
A field counts as right when the extracted value equals the truth after whitespace is collapsed
(null must match null: inventing a value where the truth is null is wrong). An appeal date that is
not null and differs from the truth is counted apart: the target for those is zero.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packet.model import SCORED, dig  # the fields scored, by dotted path into the contract / truth

__all__ = ["SCORED", "Score", "dig", "score_files"]


def normalize(v: Any) -> Any:
    if isinstance(v, str):
        return " ".join(v.split())
    if isinstance(v, list):
        return [normalize(x) for x in v]
    return v


@dataclass
class Score:
    right: int = 0
    total: int = 0
    wrong_dates: list[str] = field(default_factory=list)  # non-null appeal dates that are wrong
    misses: list[tuple[str, str, Any, Any]] = field(default_factory=list)  # (file, field, got, want)
    by_field: dict[str, list[int]] = field(default_factory=dict)  # field -> [right, total]

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def report(self, misses: bool = False) -> list[str]:
        """The lines a benchmark prints after its headline: the wrong appeal dates, the fields that are not
        all right (worst first), and with ``misses`` every value that differs from the truth."""
        out = [f"non-null appeal dates that are wrong: {len(self.wrong_dates)} (target 0)"]
        out += [f"  WRONG DATE {line}" for line in self.wrong_dates]
        for f, (right, total) in sorted(self.by_field.items(), key=lambda kv: kv[1][0] / kv[1][1]):
            if right < total:
                out.append(f"  {f:<36} {right}/{total}")
        if misses:
            out += [f"  {name}: {f}: got {got!r}, want {want!r}" for name, f, got, want in self.misses]
        return out


def score_one(got: dict[str, Any], truth: dict[str, Any], name: str, s: Score) -> None:
    for f in SCORED:
        g, t = normalize(dig(got, f)), normalize(dig(truth, f))
        ok = g == t
        s.total += 1
        s.right += ok
        tally = s.by_field.setdefault(f, [0, 0])
        tally[0] += ok
        tally[1] += 1
        if not ok:
            s.misses.append((name, f, g, t))
            if f == "deadlines.appeal.due" and g is not None:
                s.wrong_dates.append(f"{name}: {g} (truth {t})")


def score_files(pairs: Iterable[tuple[dict[str, Any], Path]]) -> Score:
    """``pairs`` of (extracted contract dict, ground-truth JSON path)."""
    s = Score()
    for got, truth_path in pairs:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        score_one(got, truth, truth_path.stem, s)
    return s
