"""Typed records that flow through the pipeline.

``Denial`` is the extraction contract (``../shared/contract/extraction.md``, schema
``packet/schema/denial-1.schema.json``): ``Denial.to_dict()`` is exactly what ``packet extract --json``
prints, and ``Denial.from_dict()`` reads it back (case.json, users' scripts).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

SCHEMA_ID = "appeal-packet/denial@1"

Confidence = Literal["high", "medium", "low"]
CONFIDENCES: tuple[str, ...] = ("high", "medium", "low")

PLAN_TYPES: tuple[str, ...] = (
    "commercial",
    "erisa",
    "medicare_advantage",
    "medicare_part_d",
    "medicaid",
    "tricare",
    "fehb",
    "unknown",
)

CATEGORIES: tuple[str, ...] = (
    "medical_necessity",
    "missing_information",
    "step_therapy",
    "not_covered",
    "out_of_network",
    "experimental",
    "coding_error",
    "no_authorization",
    "other",
)

# The next steps a deadline can belong to.
LEVELS: tuple[str, ...] = (
    "internal_appeal",
    "expedited_appeal",
    "external_review",
    "state_fair_hearing",
    "continued_benefits",
    "peer_to_peer",
)

BASES: tuple[str, ...] = ("letter", "regulation")


def lower_confidence(conf: str) -> str:
    """One level lower: high -> medium -> low -> low."""
    i = CONFIDENCES.index(conf)
    return CONFIDENCES[min(i + 1, len(CONFIDENCES) - 1)]


def cap_confidence(conf: str, cap: str) -> str:
    """The lower of ``conf`` and ``cap``."""
    return CONFIDENCES[max(CONFIDENCES.index(conf), CONFIDENCES.index(cap))]


@dataclass
class Evidence:
    page: int
    text: str


@dataclass
class Source:
    file: str
    sha256: str
    pages: int
    ocr: bool = False


@dataclass
class Payer:
    name: str | None = None
    plan_type: str = "unknown"


@dataclass
class Member:
    name: str | None = None
    id: str | None = None
    dob: date | None = None


@dataclass
class Provider:
    name: str | None = None
    npi: str | None = None


@dataclass
class Service:
    description: str | None = None
    date: date | None = None
    codes: list[str] = field(default_factory=list)


@dataclass
class DenialReason:
    category: str | None = None
    reason: str | None = None
    criteria: str | None = None


@dataclass
class Deadline:
    """The last day to take one next step.

    ``basis`` is ``letter`` when the letter states the window or date, ``regulation`` when the plan type's
    rule supplied it. ``due`` is None when neither can be known (a warning says why).
    """

    due: date | None
    level: str
    rule: str
    basis: str
    text: str | None = None


@dataclass
class Deadlines:
    appeal: Deadline | None = None
    expedited_decision_hours: int | None = None
    external_review: Deadline | None = None
    # Every next step the letter offers (or the rules supply), earliest first. ``appeal`` is the earliest
    # of the filing steps among them.
    all: list[Deadline] = field(default_factory=list)


@dataclass
class AppealTo:
    name: str | None = None
    address: str | None = None
    fax: str | None = None
    phone: str | None = None
    portal: str | None = None


@dataclass
class Denial:
    source: Source
    payer: Payer = field(default_factory=Payer)
    reference: str | None = None
    member: Member = field(default_factory=Member)
    provider: Provider = field(default_factory=Provider)
    service: Service = field(default_factory=Service)
    diagnosis_codes: list[str] = field(default_factory=list)
    denial: DenialReason = field(default_factory=DenialReason)
    notice_date: date | None = None
    deadlines: Deadlines = field(default_factory=Deadlines)
    appeal_to: AppealTo = field(default_factory=AppealTo)
    # Keyed by dotted field path: "reference", "member.id", "service.codes", "deadlines.appeal", ...
    evidence: dict[str, Evidence] = field(default_factory=dict)
    confidence: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    schema: str = SCHEMA_ID

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object (dates as ISO strings), keys in the contract's order."""
        raw = dataclasses.asdict(self)
        out: dict[str, Any] = {"schema": raw.pop("schema")}
        out.update(raw)
        jsonable: dict[str, Any] = _jsonable(out)
        return jsonable

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Denial:
        dl = d.get("deadlines") or {}
        return cls(
            schema=d.get("schema", SCHEMA_ID),
            source=Source(**d["source"]),
            payer=Payer(**(d.get("payer") or {})),
            reference=d.get("reference"),
            member=Member(**{**(d.get("member") or {}), "dob": _date(d.get("member", {}).get("dob"))}),
            provider=Provider(**(d.get("provider") or {})),
            service=Service(
                **{**(d.get("service") or {}), "date": _date((d.get("service") or {}).get("date"))}
            ),
            diagnosis_codes=list(d.get("diagnosis_codes") or []),
            denial=DenialReason(**(d.get("denial") or {})),
            notice_date=_date(d.get("notice_date")),
            deadlines=Deadlines(
                appeal=_deadline(dl.get("appeal")),
                expedited_decision_hours=dl.get("expedited_decision_hours"),
                external_review=_deadline(dl.get("external_review")),
                all=[x for x in (_deadline(x) for x in dl.get("all") or []) if x is not None],
            ),
            appeal_to=AppealTo(**(d.get("appeal_to") or {})),
            evidence={k: Evidence(**v) for k, v in (d.get("evidence") or {}).items()},
            confidence=dict(d.get("confidence") or {}),
            warnings=list(d.get("warnings") or []),
        )

    def get(self, path: str) -> Any:
        """A field by dotted path: ``denial.get("member.id")``."""
        obj: Any = self
        for part in path.split("."):
            obj = getattr(obj, part)
        return obj

    def set(self, path: str, value: Any) -> None:
        """Set a field by dotted path: ``denial.set("member.id", "W123")``."""
        *parents, last = path.split(".")
        obj: Any = self
        for part in parents:
            obj = getattr(obj, part)
        if not hasattr(obj, last):
            raise KeyError(path)
        setattr(obj, last, value)


# Fields that carry evidence and confidence when they are not null, by dotted path.
FIELDS: tuple[str, ...] = (
    "payer.name",
    "payer.plan_type",
    "reference",
    "member.name",
    "member.id",
    "member.dob",
    "provider.name",
    "provider.npi",
    "service.description",
    "service.date",
    "service.codes",
    "diagnosis_codes",
    "denial.category",
    "denial.reason",
    "denial.criteria",
    "notice_date",
    "deadlines.appeal",
    "deadlines.expedited_decision_hours",
    "deadlines.external_review",
    "appeal_to.name",
    "appeal_to.address",
    "appeal_to.fax",
    "appeal_to.phone",
    "appeal_to.portal",
)


def _date(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(v)


def _deadline(v: dict[str, Any] | None) -> Deadline | None:
    if not v:
        return None
    return Deadline(**{**v, "due": _date(v.get("due"))})


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    return obj
