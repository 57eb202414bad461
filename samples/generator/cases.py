"""One letter's facts (``Case``), how they are printed, and the ground truth they imply."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from samples.generator.data import Person, Plan, Reason
from samples.generator.truth import appeal_truth, iso

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def fmt_date(d: date, style: str) -> str:
    """The five styles letters print: long, us, iso, short, dmy."""
    if style == "long":
        return f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}"
    if style == "us":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "short":
        return f"{MONTH_NAMES[d.month - 1][:3]} {d.day}, {d.year}"
    if style == "dmy":
        return f"{d.day:02d}-{MONTH_NAMES[d.month - 1][:3]}-{d.year}"
    raise ValueError(style)


@dataclass(frozen=True)
class DeadlineText:
    """How the letter states the appeal deadline. ``kind``: window, date or none."""

    kind: str
    sentence: str = ""  # "{date}" is replaced by the printed deadline date
    n: int = 0
    unit: str = "days"
    level: str = "internal_appeal"
    offset: int = 0  # for kind "date": the printed date is the notice date plus this many days


@dataclass
class Case:
    number: int
    slug: str
    layout: str  # lines, pairs, above, eob, letter, checkbox
    plan: Plan
    person: Person
    member_id: str
    provider: tuple[str, str]
    reason: Reason
    service_date: date
    notice: date | None  # None: the letter prints no notice date
    style: str  # date style
    reference: tuple[str, str] | None  # (label, number) the appeal must cite
    other_numbers: list[tuple[str, str]] = field(default_factory=list)  # e.g. the claim number too
    deadline: DeadlineText = DeadlineText("none")
    final: bool = False  # the plan's decision on an appeal (the next step is external)
    expedited: bool = True
    show_dob: bool = True
    show_npi: bool = True
    show_phone: bool = True
    show_portal: bool = True
    rights_on_page2: bool = False
    fax_header: bool = False
    font: str = "Helvetica"
    received: date | None = None  # "Date request received", a distractor near the notice date
    traps: frozenset[str] = frozenset()  # quote placeholder todoc carc late telfax faxinline effective

    @property
    def name(self) -> str:
        return f"{self.number:02d}-{self.slug}"

    def d(self, value: date) -> str:
        return fmt_date(value, self.style)

    @property
    def dob(self) -> date:
        return date.fromisoformat(self.person.dob)

    def deadline_sentence(self) -> str:
        dl = self.deadline
        if dl.kind == "date":
            assert self.notice is not None
            return dl.sentence.format(date=self.d(self.notice + timedelta(days=dl.offset)))
        return dl.sentence

    def truth(self) -> dict[str, Any]:
        r, p, dl = self.reason, self.plan, self.deadline
        on = self.notice + timedelta(days=dl.offset) if dl.kind == "date" and self.notice else None
        appeal = appeal_truth(dl.kind, self.notice, p.plan_type, n=dl.n, unit=dl.unit, level=dl.level, on=on)
        return {
            "reference": self.reference[1] if self.reference else None,
            "payer": {"name": p.name, "plan_type": p.plan_type},
            "member": {
                "name": self.person.name,
                "id": self.member_id,
                "dob": self.person.dob if self.show_dob else None,
            },
            "provider": {"name": self.provider[0], "npi": self.provider[1] if self.show_npi else None},
            "service": {
                "description": r.service.description,
                "date": None if "nodos" in self.traps or self.layout == "nydoh" else iso(self.service_date),
                "codes": list(r.service.codes),
            },
            "diagnosis_codes": list(r.service.dx),
            "denial": {"category": r.category, "reason": r.text, "criteria": r.criteria},
            "notice_date": iso(self.notice),
            "deadlines": {
                "appeal": appeal,
                "expedited_decision_hours": 72 if self.expedited else None,
                "external_review": {"due": appeal["due"]} if appeal["level"] == "external_review" else None,
            },
            "appeal_to": {
                "name": ", ".join(p.unit),
                "address": ", ".join(p.address),
                "fax": None if "placeholder" in self.traps else p.fax,
                "phone": p.appeal_phone if self.show_phone else None,
                "portal": p.portal if self.show_portal else None,
            },
        }
