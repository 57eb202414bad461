"""Matching rules for scoring extraction against the corpus truth files.

These are the shared score.py's rules (``/work/shared/corpus/letters/score.py``, the rules the project's
accuracy is judged by), copied so the bench needs nothing outside the repository:

- IDs and references ignore spaces, dashes, '#' and ':'; a reported ID that is a suffix of the true one
  (at least 6 characters, the rest of the true one letters only) counts as right;
- names ignore case and punctuation and may be printed "Last, First";
- codes and diagnoses are compared as sets, without "CPT"/"HCPCS"/"ICD-10" prefixes;
- fax by digits (a leading 1 of an 11-digit number dropped);
- a truth of null (or [] for codes) means the tool must report nothing;
- a category given as a list accepts any of its values;
- an appeal date reported where the truth has another date, or null, is a wrong date.

``level`` (the next step the letter opens) is scored with the same null rule and plain equality, and is kept
apart from the shared keys' figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

FIELDS: dict[str, str] = {
    "reference": "reference",
    "member_name": "member.name",
    "member_id": "member.id",
    "notice_date": "notice_date",
    "appeal_due": "deadlines.appeal.due",
    "category": "denial.category",
    "plan_type": "payer.plan_type",
    "codes": "service.codes",
    "dx": "diagnosis_codes",
    "fax": "appeal_to.fax",
}
LEVEL = ("level", "deadlines.appeal.level")
TRUTH_KEYS = (*FIELDS, LEVEL[0])
EMPTY: tuple[Any, ...] = (None, "", [], {})


def dig(d: Any, path: str) -> Any:
    for k in path.split("."):
        d = d.get(k) if isinstance(d, dict) else None
    return d


def norm_id(s: Any) -> str:
    return re.sub(r"[\s\-#:]", "", str(s)).upper()


def norm_code(c: Any) -> str:
    c = c.get("code", "") if isinstance(c, dict) else c
    return re.sub(r"^(CPT|HCPCS|ICD-?10(-CM)?)\s*", "", str(c).strip(), flags=re.I).upper()


def digits(s: Any) -> str:
    d = re.sub(r"\D", "", str(s))
    return d[1:] if len(d) == 11 and d.startswith("1") else d


def name(s: Any) -> str:
    s = str(s)
    if "," in s:
        s = " ".join(reversed(s.split(",", 1)))
    return re.sub(r"[^a-z ]", "", re.sub(r"\s+", " ", s.lower())).strip()


def match(field: str, want: Any, have: Any) -> bool:
    """Whether ``have`` (what the tool reported) matches ``want`` (the truth) for ``field``."""
    if want is None or (isinstance(want, list) and not want and field in ("codes", "dx")):
        return have in EMPTY
    if have in EMPTY:
        return False
    if field in ("reference", "member_id"):
        w, h = norm_id(want), norm_id(have)
        return w == h or (w.endswith(h) and len(h) >= 6 and w[: len(w) - len(h)].isalpha())
    if field == "member_name":
        return name(want) == name(have)
    if field in ("codes", "dx"):
        return {norm_code(c) for c in want} == {norm_code(c) for c in have}
    if field == "fax":
        return digits(want) == digits(have)
    if field == "category":
        return have in (want if isinstance(want, list) else [want])
    return str(want) == str(have)


@dataclass
class Tally:
    """Right/total per field for one set of letters; ``level`` counted apart from the shared keys."""

    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    level: list[int] = field(default_factory=lambda: [0, 0])
    wrong_dates: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def right(self) -> int:
        return sum(g for g, _ in self.fields.values())

    @property
    def total(self) -> int:
        return sum(t for _, t in self.fields.values())

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def add(self, label: str, out: dict[str, Any], truth: dict[str, Any]) -> None:
        """Score one extraction (``packet extract --json`` dict) against one truth dict."""
        for f, path in (*FIELDS.items(), LEVEL):
            if f not in truth:
                continue
            want, have = truth[f], dig(out, path)
            good = match(f, want, have)
            tally = self.level if f == LEVEL[0] else self.fields[f]
            tally[0] += good
            tally[1] += 1
            if f == "appeal_due" and have not in EMPTY and not good:
                self.wrong_dates += 1
            if not good:
                self.misses.append(f"{label} {f}: want {want!r} got {have!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "accuracy": round(self.accuracy, 4),
            "right": self.right,
            "total": self.total,
            "fields": {f: list(v) for f, v in self.fields.items()},
            "level": list(self.level),
            "wrong_appeal_dates": self.wrong_dates,
        }
