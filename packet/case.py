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

import contextlib
import copy
import errno
import fcntl
import json
import logging
import os
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from packet import __version__
from packet.exceptions import BadCorrectionsError, CaseNotFoundError, DamagedCaseError, OutputError
from packet.fsutil import FILE_MODE, _explain, atomic_path, sha256_file, write_text_atomic
from packet.model import CHANNELS as CHANNELS  # the closed sets live in packet.model; re-exported
from packet.model import DATE_FIELDS, LIST_FIELDS, CaseState, Denial, _date
from packet.model import OUTCOMES as OUTCOMES
from packet.model import STATES as STATES

log = logging.getLogger("packet.case")

CASE_FILE = "case.json"
DENIAL_FILE = "denial.pdf"
CORRECTIONS_FILE = "corrections.toml"
LETTER_FILE = "letter.docx"
PACKET_FILE = "packet.pdf"
RECORDS_DIR = "records"
HISTORY_FILE = "history.jsonl"


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
    state: CaseState = "new"
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
    """The case in ``folder``: ``CaseNotFoundError`` without a case.json, ``DamagedCaseError`` when it
    cannot be read (one line naming it, never a traceback), ``BadCorrectionsError`` for corrections.toml."""
    folder = Path(folder)
    path = folder / CASE_FILE
    if not path.is_file():
        raise CaseNotFoundError(str(folder))
    try:
        return _read_case(folder, path)
    except (BadCorrectionsError, DamagedCaseError):
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as e:
        raise DamagedCaseError(
            path,
            f"case {folder.name}: case.json cannot be read ({type(e).__name__})",
            "restore it from a backup, or remove the case folder and drop its denial.pdf in the inbox again",
        ) from e


def _read_case(folder: Path, path: Path) -> Case:
    data = json.loads(path.read_text(encoding="utf-8"))
    meta = data.pop("case", {}) or {}
    extracted = Denial.from_dict(data)
    corrections = read_corrections(folder)
    sub = meta.get("submitted")
    known = {"id", "state", "created", "submitted", "outcome", "decided_on", "letter_sha256", "tool_version"}
    if meta.get("state", "new") not in STATES:
        raise ValueError(f"unknown state {meta.get('state')!r}")
    try:
        denial = apply_corrections(extracted, corrections, folder / CORRECTIONS_FILE)
    except BadCorrectionsError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as e:  # a value of the wrong kind
        raise BadCorrectionsError(folder / CORRECTIONS_FILE, f"a value cannot be used ({e})") from e
    return Case(
        id=meta.get("id") or folder.name,
        folder=folder,
        denial=denial,
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


def history_entry(
    action: str,
    inputs: Any = None,  # dict[str, Path]; Any so that callers may pass **details of any type
    outputs: Any = None,  # dict[str, Path]
    **details: Any,
) -> dict[str, Any]:
    """One history.jsonl entry: time, action, tool version, SHA-256 of ``inputs`` and ``outputs``
    ({name: path}), and the details."""
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
    return entry


def append_history(
    folder: Path,
    action: str,
    inputs: dict[str, Path] | None = None,
    outputs: dict[str, Path] | None = None,
    mode: int = FILE_MODE,
    **details: Any,
) -> dict[str, Any]:
    """Append one line to history.jsonl: time, action, tool version, SHA-256 of inputs and outputs."""
    entry = history_entry(action, inputs, outputs, **details)
    with case_lock(folder):
        write_history_line(folder, entry, mode)
    return entry


def write_history_line(folder: Path, entry: dict[str, Any], mode: int = FILE_MODE) -> None:
    """Append ``entry`` as one line, in one write. A last line left without its newline (a full disk, a
    crash) is closed first, so the new entry starts on a line of its own; if the write fails, the file is
    cut back to what it was and the error raised (``OutputError``)."""
    path = folder / HISTORY_FILE
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, mode)
    except OSError as e:
        raise OutputError(path, _explain(e)) from e
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line
        try:
            if os.write(fd, line) != len(line):
                raise OSError(errno.ENOSPC, "short write")
        except OSError as e:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
            raise OutputError(path, _explain(e)) from e
    finally:
        os.close(fd)


@contextlib.contextmanager
def case_lock(folder: Path) -> Iterator[None]:
    """Hold the case's lock (``flock`` on the case folder itself: no lock file to leave behind) while
    case.json or history.jsonl change; it goes with the process however it ends. Waits for another
    holder (they hold it only for a read-modify-write)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError as e:
        raise CaseNotFoundError(str(folder)) from e
    except OSError as e:
        raise OutputError(folder, _explain(e)) from e
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def update_case(
    folder: str | Path,
    change: Callable[[Case], None],
    *,
    history: Callable[[Case], dict[str, Any] | None] | None = None,
    mode: int = FILE_MODE,
) -> Case:
    """Change a case by a short locked read-modify-write: under the case's lock, read case.json afresh,
    apply ``change`` (which sets only what it means to change), then write case.json and the history
    line together: the new case.json is complete beside the old one before the line is appended, and is
    renamed into place only once the line is written; if either fails, neither happens.

    ``history(case)`` (called after ``change``) gives the history entry (``history_entry``), or None.
    Returns the case as written."""
    folder = Path(folder)
    with case_lock(folder):
        case = load_case(folder)
        change(case)
        entry = history(case) if history is not None else None
        dest = folder / CASE_FILE
        with atomic_path(dest, mode) as tmp:
            tmp.write_text(json.dumps(case.to_dict(), indent=2, ensure_ascii=False) + "\n", "utf-8")
            if entry is not None:
                write_history_line(folder, entry, mode)
    return case


def read_history(folder: Path) -> list[dict[str, Any]]:
    path = folder / HISTORY_FILE
    if not path.exists():
        return []
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:  # a line cut short by a full disk or a crash: the rest still counts
            log.warning("%s: line %d of %s is damaged and was skipped", folder.name, n, HISTORY_FILE)
    return out
