"""The data model: the Denial a letter is read into, and the closed sets its fields take.

``Denial`` is the extraction contract (``../shared/contract/extraction.md``, schema
``packet/schema/denial-1.schema.json``): ``Denial.to_dict()`` is exactly what ``packet extract --json``
prints, and ``Denial.from_dict()`` reads it back (case.json, users' scripts).

The dataclasses are the one place a field is declared. Every list of fields is derived from them:
``FIELDS`` (the fields that carry evidence and confidence), ``DATE_FIELDS`` and ``LIST_FIELDS`` (how a
correction is read), ``SCORED`` (what the accuracy benchmark compares). Each closed set is a ``Literal``
type with its values as a tuple (``PLAN_TYPES``, ``CATEGORIES``, ...), for the CLI's choices and checks.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, get_args

__all__ = [
    "BASES",
    "CATEGORIES",
    "CHANNELS",
    "CONFIDENCES",
    "DATE_FIELDS",
    "FIELDS",
    "LEVELS",
    "LIST_FIELDS",
    "OUTCOMES",
    "PLAN_TYPES",
    "SCHEMA_ID",
    "SCORED",
    "STATES",
    "AppealTo",
    "Basis",
    "CaseState",
    "Category",
    "Channel",
    "Confidence",
    "Deadline",
    "Deadlines",
    "Denial",
    "DenialReason",
    "Evidence",
    "Level",
    "Member",
    "Outcome",
    "Payer",
    "PlanType",
    "Provider",
    "Service",
    "Source",
    "cap_confidence",
    "dig",
    "lower_confidence",
]

SCHEMA_ID = "appeal-packet/denial@1"

# -- The closed sets ------------------------------------------------------------------------------------
Confidence = Literal["high", "medium", "low"]
PlanType = Literal[
    "commercial", "erisa", "medicare_advantage", "medicare_part_d", "medicaid", "tricare", "fehb", "unknown"
]
Category = Literal[
    "medical_necessity",
    "missing_information",
    "step_therapy",
    "not_covered",
    "out_of_network",
    "experimental",
    "coding_error",
    "no_authorization",
    "other",
]
# The next steps a deadline can belong to.
Level = Literal[
    "internal_appeal",
    "expedited_appeal",
    "external_review",
    "state_fair_hearing",
    "continued_benefits",
    "peer_to_peer",
]
Basis = Literal["letter", "regulation"]
# A case's life (packet.case), how an appeal was sent and what the plan decided (packet.track).
CaseState = Literal["new", "drafted", "built", "submitted", "decided"]
Channel = Literal["fax", "portal", "mail"]
Outcome = Literal["overturned", "upheld", "partially_overturned"]

CONFIDENCES: tuple[str, ...] = get_args(Confidence)
PLAN_TYPES: tuple[str, ...] = get_args(PlanType)
CATEGORIES: tuple[str, ...] = get_args(Category)
LEVELS: tuple[str, ...] = get_args(Level)
BASES: tuple[str, ...] = get_args(Basis)
STATES: tuple[str, ...] = get_args(CaseState)
CHANNELS: tuple[str, ...] = get_args(Channel)
OUTCOMES: tuple[str, ...] = get_args(Outcome)


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
    plan_type: PlanType = "unknown"


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
    category: Category | None = None
    reason: str | None = None
    criteria: str | None = None


@dataclass
class Deadline:
    """The last day to take one next step.

    ``basis`` is ``letter`` when the letter states the window or date, ``regulation`` when the plan type's
    rule supplied it. ``due`` is None when neither can be known (a warning says why).
    """

    due: date | None
    level: str  # a Level; typed str until packet.deadlines passes Level values
    rule: str
    basis: str  # a Basis
    text: str | None = None


@dataclass
class Deadlines:
    appeal: Deadline | None = field(default=None, metadata={"scored": ("due", "level", "basis")})
    expedited_decision_hours: int | None = None
    external_review: Deadline | None = field(default=None, metadata={"scored": ("due",)})
    # Every next step the letter offers (or the rules supply), earliest first. ``appeal`` is the earliest
    # of the filing steps among them.
    all: list[Deadline] = field(default_factory=list, metadata={"catalogue": False})


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
    confidence: dict[str, str] = field(
        default_factory=dict
    )  # Confidence values; str until extract passes them
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
        """The Denial of a contract JSON object (``to_dict``'s inverse; dates from ISO strings)."""
        denial: Denial = _build(cls, {**d, "schema": d.get("schema", SCHEMA_ID)})
        return denial

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


def dig(obj: Any, path: str) -> Any:
    """The value at dotted ``path`` in a contract JSON object (``dig(d, "member.id")``); None when absent."""
    for part in path.split("."):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(part)
    return obj


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


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _type_hints(cls: type[Any]) -> dict[str, Any]:
    """``typing.get_type_hints`` once per class (it evaluates every annotation: 30 ms a case.json)."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _build(cls: type[Any], d: dict[str, Any] | None) -> Any:
    """An instance of dataclass ``cls`` from its JSON object, each field read by its declared type."""
    d = d or {}
    hints = _type_hints(cls)
    kwargs = {f.name: _value(hints[f.name], d[f.name]) for f in dataclasses.fields(cls) if f.name in d}
    return cls(**kwargs)


def _value(tp: Any, v: Any) -> Any:
    args = [a for a in get_args(tp) if a is not type(None)]
    if v is None and type(None) in get_args(tp):
        return None
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        return _value(args[0], v) if len(args) == 1 else v
    origin = typing.get_origin(tp)
    if tp is date:
        return _date(v)
    if dataclasses.is_dataclass(tp):
        return _build(tp, v)  # type: ignore[arg-type]
    if origin is list:
        return [_value(args[0], x) for x in v or []]
    if origin is dict:
        return {k: _value(args[1], x) for k, x in (v or {}).items()}
    return v


# -- The field catalogue, derived from the dataclasses ---------------------------------------------------
_NOT_FIELDS = {"source", "evidence", "confidence", "warnings", "schema"}  # about the record, not the letter


def _leaves(cls: type[Any], prefix: str = "") -> list[tuple[str, Any, dataclasses.Field[Any]]]:
    """(dotted path, type, field) of every field a letter gives; a Deadline is one field, not four."""
    hints = _type_hints(cls)
    out: list[tuple[str, Any, dataclasses.Field[Any]]] = []
    for f in dataclasses.fields(cls):
        if (not prefix and f.name in _NOT_FIELDS) or not f.metadata.get("catalogue", True):
            continue
        tp = hints[f.name]
        inner = [a for a in get_args(tp) if a is not type(None)] or [tp]
        if dataclasses.is_dataclass(inner[0]) and inner[0] is not Deadline:
            out += _leaves(inner[0], f"{prefix}{f.name}.")  # type: ignore[arg-type]
        else:
            out.append((f"{prefix}{f.name}", tp, f))
    return out


def _has(tp: Any, kind: Any) -> bool:
    return tp is kind or kind in get_args(tp) or typing.get_origin(tp) is kind


_CATALOGUE = _leaves(Denial)
# Fields that carry evidence and confidence when they are not null, by dotted path, in the contract's order.
FIELDS: tuple[str, ...] = tuple(path for path, _, _ in _CATALOGUE)
# Fields whose value is a date, or a list of codes (how a correction's text is read).
DATE_FIELDS: frozenset[str] = frozenset(path for path, tp, _ in _CATALOGUE if _has(tp, date))
LIST_FIELDS: frozenset[str] = frozenset(path for path, tp, _ in _CATALOGUE if _has(tp, list))
# The fields the accuracy benchmark compares with the samples' truth; of a deadline, the parts its
# field's metadata names ("deadlines.appeal.due", ...).
SCORED: tuple[str, ...] = tuple(
    f"{path}.{part}" if "scored" in f.metadata else path
    for path, _, f in _CATALOGUE
    for part in f.metadata.get("scored", ("",))
)
