"""A case folder: ``cases/<case-id>/`` in a workspace.

    denial.pdf         the original, byte-identical
    case.json          the extraction contract (as extracted) plus a "case" object: state, history summary
    corrections.toml   the user's values; they win over extracted ones; never written by the tool
                       except through 'packet set'
    letter.docx        the draft (generated hash kept in case.json so user edits are detected)
    records/           the user's supporting records
    packet.pdf         the built packet
    history.jsonl      the audit trail: time, action, tool version, SHA-256 of inputs and outputs

``load_case`` returns the ``Case`` with corrections applied to ``case.denial``; ``case.extracted`` keeps
the record as extracted.
"""

from __future__ import annotations

import copy
import json
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from packet import __version__
from packet.exceptions import BadCorrectionsError, CaseNotFoundError
from packet.fsutil import FILE_MODE, sha256_file, write_text_atomic
from packet.records import Denial, _date

CASE_FILE = "case.json"
DENIAL_FILE = "denial.pdf"
CORRECTIONS_FILE = "corrections.toml"
LETTER_FILE = "letter.docx"
PACKET_FILE = "packet.pdf"
RECORDS_DIR = "records"
HISTORY_FILE = "history.jsonl"

STATES: tuple[str, ...] = ("new", "drafted", "built", "submitted", "decided")
CHANNELS: tuple[str, ...] = ("fax", "portal", "mail")
OUTCOMES: tuple[str, ...] = ("overturned", "upheld", "partially_overturned")

# Fields a user may correct, by dotted path, and how their value is read.
DATE_FIELDS = {"member.dob", "service.date", "notice_date"}
LIST_FIELDS = {"service.codes", "diagnosis_codes"}


@dataclass
class Submission:
    on: date
    via: str


@dataclass
class Case:
    id: str
    folder: Path
    denial: Denial  # with the user's corrections applied
    extracted: Denial  # as extracted
    state: str = "new"
    created: str | None = None
    submitted: Submission | None = None
    outcome: str | None = None
    decided_on: date | None = None
    letter_sha256: str | None = None  # hash of letter.docx as generated (user edits change it)
    corrections: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # other stages' bookkeeping (e.g. last build)

    @property
    def denial_pdf(self) -> Path:
        return self.folder / DENIAL_FILE

    @property
    def letter_docx(self) -> Path:
        return self.folder / LETTER_FILE

    @property
    def records_dir(self) -> Path:
        return self.folder / RECORDS_DIR

    @property
    def packet_pdf(self) -> Path:
        return self.folder / PACKET_FILE

    def to_dict(self) -> dict[str, Any]:
        """case.json: the contract as extracted, plus the "case" object."""
        out = self.extracted.to_dict()
        out["case"] = {
            "id": self.id,
            "state": self.state,
            "created": self.created,
            "submitted": (
                {"on": self.submitted.on.isoformat(), "via": self.submitted.via} if self.submitted else None
            ),
            "outcome": self.outcome,
            "decided_on": self.decided_on.isoformat() if self.decided_on else None,
            "letter_sha256": self.letter_sha256,
            "tool_version": __version__,
            **self.extra,
        }
        return out


def read_corrections(folder: Path) -> dict[str, Any]:
    """``corrections.toml`` as a flat {dotted.path: value} mapping (empty when there is none)."""
    path = folder / CORRECTIONS_FILE
    if not path.exists():
        return {}
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise BadCorrectionsError(path, f"not valid TOML ({e})") from e
    return flatten_toml(raw)


def flatten_toml(raw: dict[str, Any]) -> dict[str, Any]:
    """Parsed TOML as {dotted.path: value}: ``[member] id = "W1"`` and ``member.id = "W1"`` alike."""
    flat: dict[str, Any] = {}

    def walk(prefix: str, obj: Any) -> None:
        if isinstance(obj, dict):
            for k, v in obj.items():
                walk(f"{prefix}.{k}" if prefix else k, v)
        else:
            flat[prefix] = obj

    walk("", raw)
    return flat


def apply_corrections(denial: Denial, corrections: dict[str, Any], source: Path | None = None) -> Denial:
    """A copy of ``denial`` with the user's values in place; each corrected field gets high confidence."""
    out = copy.deepcopy(denial)
    where = source or Path(CORRECTIONS_FILE)
    for path, value in corrections.items():
        if path == "deadlines.appeal.due":
            if out.deadlines.appeal is None:
                raise BadCorrectionsError(where, "deadlines.appeal.due needs an extracted appeal deadline")
            out.deadlines.appeal.due = _coerce_date(where, path, value)
            out.deadlines.appeal.basis = "letter"
            out.deadlines.appeal.rule = "set by the user in corrections.toml"
            out.confidence["deadlines.appeal"] = "high"
            continue
        if path in DATE_FIELDS:
            value = _coerce_date(where, path, value)
        elif path in LIST_FIELDS:
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, list):
                raise BadCorrectionsError(where, f"{path} must be a list of codes")
        try:
            out.set(path, value)
        except (KeyError, AttributeError) as e:
            raise BadCorrectionsError(where, f"unknown field '{path}'") from e
        out.confidence[path] = "high"
    return out


def _coerce_date(where: Path, path: str, value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as e:
        raise BadCorrectionsError(where, f"{path} must be a date written YYYY-MM-DD, not '{value}'") from e


def load_case(folder: str | Path) -> Case:
    folder = Path(folder)
    path = folder / CASE_FILE
    if not path.is_file():
        raise CaseNotFoundError(str(folder))
    data = json.loads(path.read_text(encoding="utf-8"))
    meta = data.pop("case", {}) or {}
    extracted = Denial.from_dict(data)
    corrections = read_corrections(folder)
    sub = meta.get("submitted")
    known = {"id", "state", "created", "submitted", "outcome", "decided_on", "letter_sha256", "tool_version"}
    return Case(
        id=meta.get("id") or folder.name,
        folder=folder,
        denial=apply_corrections(extracted, corrections, folder / CORRECTIONS_FILE),
        extracted=extracted,
        state=meta.get("state", "new"),
        created=meta.get("created"),
        submitted=Submission(on=_date(sub["on"]), via=sub["via"]) if sub else None,  # type: ignore[arg-type]
        outcome=meta.get("outcome"),
        decided_on=_date(meta.get("decided_on")),
        letter_sha256=meta.get("letter_sha256"),
        corrections=corrections,
        extra={k: v for k, v in meta.items() if k not in known},
    )


def save_case(case: Case, mode: int = FILE_MODE) -> Path:
    """Write case.json atomically."""
    return write_text_atomic(
        case.folder / CASE_FILE, json.dumps(case.to_dict(), indent=2, ensure_ascii=False) + "\n", mode
    )


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def append_history(
    folder: Path,
    action: str,
    inputs: dict[str, Path] | None = None,
    outputs: dict[str, Path] | None = None,
    mode: int = FILE_MODE,
    **details: Any,
) -> dict[str, Any]:
    """Append one line to history.jsonl: time, action, tool version, SHA-256 of inputs and outputs."""
    entry: dict[str, Any] = {"time": now_iso(), "action": action, "tool_version": __version__}
    if inputs:
        entry["inputs"] = {
            k: {"file": p.name, "sha256": sha256_file(p)} for k, p in inputs.items() if p.exists()
        }
    if outputs:
        entry["outputs"] = {
            k: {"file": p.name, "sha256": sha256_file(p)} for k, p in outputs.items() if p.exists()
        }
    entry.update({k: (v.isoformat() if isinstance(v, date) else v) for k, v in details.items()})
    path = folder / HISTORY_FILE
    new = not path.exists()
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
    if new:
        path.chmod(mode)
    return entry


def read_history(folder: Path) -> list[dict[str, Any]]:
    path = folder / HISTORY_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
