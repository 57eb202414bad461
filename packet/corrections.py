"""The user's corrections survive: ``packet set`` writes corrections.toml, ``packet refresh`` re-extracts.

    set_correction(folder, "member.id", "W123")     # corrections.toml gains member.id = "W123"
    refresh_case(folder)                             # extract denial.pdf again; corrections still win

corrections.toml belongs to the user: the tool changes only the one line it is asked to set, keeps every
comment and other value, checks the result reads back exactly as intended, and writes it atomically.
Values there win over extracted ones (``packet.case.apply_corrections``). A re-draft never overwrites a
letter.docx the user has edited: ``draft_case`` writes letter.new.docx then.
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packet.case import (
    CORRECTIONS_FILE,
    Case,
    apply_corrections,
    case_lock,
    flatten_toml,
    history_entry,
    load_case,
    read_corrections,
    update_case,
    write_history_line,
)
from packet.exceptions import BadCorrectionsError, InvalidValueError
from packet.model import CATEGORIES, DATE_FIELDS, FIELDS, LIST_FIELDS, PLAN_TYPES, Denial
from packet.settings import Settings
from packet.workspace import Workspace

if TYPE_CHECKING:
    from packet.draft import DraftResult

# Every field a user may set, by dotted path (deadline objects are set through their due date).
SETTABLE: tuple[str, ...] = (
    *(f for f in FIELDS if f not in ("deadlines.appeal", "deadlines.external_review")),
    "deadlines.appeal.due",
)
CHOICES = {"payer.plan_type": PLAN_TYPES, "denial.category": CATEGORIES}
INT_FIELDS = {"deadlines.expedited_decision_hours"}
CLOSED_STATES = ("submitted", "decided")


def parse_assignment(text: str) -> tuple[str, str]:
    """``"member.id=W123"`` -> ``("member.id", "W123")``."""
    path, sep, value = text.partition("=")
    if not sep or not path.strip():
        raise InvalidValueError(f"{text!r}: write FIELD=VALUE, e.g. member.id=W123")
    return path.strip(), value.strip()


def coerce(path: str, raw: str) -> Any:
    """The typed value of ``raw`` for ``path``, or ``InvalidValueError`` naming what is expected."""
    if path not in SETTABLE:
        close = difflib.get_close_matches(path, SETTABLE, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise InvalidValueError(f"{path}: not a field that can be set; {hint}fields: {', '.join(SETTABLE)}")
    if raw == "":
        raise InvalidValueError(
            f"{path}: give a value (FIELD=VALUE); to drop a correction, edit corrections.toml"
        )
    if path in DATE_FIELDS or path == "deadlines.appeal.due":
        try:
            return date.fromisoformat(raw)
        except ValueError as e:
            shown = "the value given" if path == "member.dob" else raw  # a birth date is never echoed
            raise InvalidValueError(f"{path}={shown}: not a date; write it YYYY-MM-DD") from e
    if path in LIST_FIELDS:
        codes = [c.strip() for c in raw.split(",") if c.strip()]
        return [icd10_code(path, c) for c in codes] if path == "diagnosis_codes" else codes
    if path in INT_FIELDS:
        if not raw.isdigit():
            raise InvalidValueError(f"{path}={raw}: give a whole number of hours, e.g. 72")
        return int(raw)
    if path in CHOICES and raw not in CHOICES[path]:
        raise InvalidValueError(f"{path}={raw}: use one of {', '.join(CHOICES[path])}")
    if path == "provider.npi" and not re.fullmatch(r"\d{10}", raw):
        raise InvalidValueError(f"{path}={raw}: an NPI is 10 digits")
    return raw


def icd10_code(path: str, code: str) -> str:
    """An ICD-10-CM code as the code set writes it ('m5450' -> 'M54.50'), or ``InvalidValueError`` when
    the code set has no such code (a CPT code, a typo)."""
    from packet.draft.context import icd10_description

    c = code.upper().replace(" ", "")
    if "." not in c and len(c) > 3:
        c = f"{c[:3]}.{c[3:]}"
    if not re.fullmatch(r"[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?", c) or icd10_description(c) is None:
        raise InvalidValueError(
            f"{path}={code}: not an ICD-10-CM code; write it as the letter does (M54.50), comma-separated"
        )
    return c


def toml_value(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


_HEADER = re.compile(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$")


def _key_pattern(key: str) -> re.Pattern[str]:
    dotted = r"\s*\.\s*".join(re.escape(part) for part in key.split("."))
    return re.compile(rf'^\s*(?:{dotted}|"{re.escape(key)}")\s*=')


def _locate(lines: list[str], path: str) -> tuple[int, int, str]:
    """Where ``path`` belongs in a corrections.toml: the line range of its table (``[member]`` for
    member.id; the top, before the first table, for a dotted key) and the key as written there."""
    headers = [
        (i, re.sub(r'[\s"\']', "", m.group(1))) for i, ln in enumerate(lines) if (m := _HEADER.match(ln))
    ]
    bounds = [(-1, ""), *headers, (len(lines), None)]
    start, end, key = 0, headers[0][0] if headers else len(lines), path
    best = ""
    for (i, name), (j, _) in itertools.pairwise(bounds):
        if name and path.startswith(name + ".") and len(name) > len(best):
            best, start, end, key = name, i + 1, j, path[len(name) + 1 :]
    return start, end, key


def edit_toml(text: str, path: str, value: Any) -> str:
    """``text`` with ``path`` set to ``value`` (or its line removed when ``value`` is None): the line that
    sets it is replaced, else a line is added in the table it belongs to (``[member]`` for member.id) or
    before the first table; nothing else changes."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start, end, key = _locate(lines, path)
    pattern = _key_pattern(key)
    for i in range(start, end):
        if pattern.match(lines[i]):
            if value is None:
                del lines[i]
            else:
                lines[i] = f"{key} = {toml_value(value)}\n"
            return "".join(lines)
    if value is None:
        return "".join(lines)
    new_line = f"{key} = {toml_value(value)}\n"
    at = end
    while at > start and not lines[at - 1].strip():
        at -= 1
    lines.insert(at, new_line)
    return "".join(lines)


def set_correction(
    folder: str | Path, path: str, raw: str | None, *, settings: Settings | None = None
) -> Case:
    """Set ``path`` to ``raw`` in the case's corrections.toml, or remove the correction when ``raw`` is
    None (validated, the user's other content kept, written atomically); returns the case with the
    corrections applied. Does not re-draft."""
    from packet.fsutil import write_text_atomic

    folder = Path(folder)
    value = coerce(path, raw) if raw is not None else None
    case = load_case(folder)  # also checks the corrections already there
    settings = settings or _settings_of(folder)
    target = folder / CORRECTIONS_FILE
    if value is None and path not in case.corrections:
        known = ", ".join(sorted(case.corrections)) or "none"
        raise InvalidValueError(f"{path}: {case.id} has no correction for it (its corrections: {known})")
    old = target.read_text(encoding="utf-8") if target.exists() else ""
    new = edit_toml(old, path, value)
    want = {k: v for k, v in {**case.corrections, path: value}.items() if v is not None}
    try:
        got = flatten_toml(tomllib.loads(new))
    except tomllib.TOMLDecodeError as e:
        raise BadCorrectionsError(target, f"{path} could not be added safely ({e}); add it by hand") from e
    if got != want:
        raise BadCorrectionsError(
            target, f"{path} could not be set without changing other lines; set it by hand"
        )
    try:
        case.denial = apply_corrections(case.extracted, got, target)
    except BadCorrectionsError as e:
        raise InvalidValueError(str(e)) from e
    existed = target.exists()
    with case_lock(folder):  # the change and its history line together: if the line fails, undo it
        write_text_atomic(target, new, settings.privacy.file_mode)
        try:
            entry = history_entry(
                "corrected" if value is not None else "correction removed",
                inputs={"corrections": target},
                field=path,
            )
            write_history_line(folder, entry, settings.privacy.file_mode)
        except BaseException:
            if existed:
                write_text_atomic(target, old, settings.privacy.file_mode)
            else:
                target.unlink(missing_ok=True)
            raise
    case.corrections = got
    return case


@dataclass
class RefreshResult:
    case: Case
    changed: list[str] = field(default_factory=list)  # extracted fields whose value changed
    letter: Path | None = None  # the letter written (letter.new.docx when the user had edited letter.docx)
    warnings: list[str] = field(default_factory=list)


def changed_fields(old: Denial, new: Denial) -> list[str]:
    """The contract's fields whose value differs between two extractions."""
    from packet.model import dig

    a, b = old.to_dict(), new.to_dict()
    return [f for f in FIELDS if dig(a, f) != dig(b, f)]


def _settings_of(folder: Path) -> Settings:
    """The settings of the workspace the case folder belongs to; the defaults outside one."""
    ws = Workspace.of_case(folder)
    return ws.settings if ws is not None else Settings()


def redraft(case: Case, *, settings: Settings | None = None, today: date | None = None) -> DraftResult | None:
    """Draft the case's letter again after its record changed (``packet set``, ``packet refresh``), unless
    the appeal is already submitted or decided. An edited letter.docx is kept (the draft goes to
    letter.new.docx)."""
    if case.state in CLOSED_STATES:
        return None
    from packet.draft import draft_case

    ws = Workspace.of_case(case.folder)
    settings = settings or (ws.settings if ws is not None else Settings())
    return draft_case(case, settings, workspace=ws.root if ws is not None else None, today=today)


def refresh_case(folder: str | Path, *, today: date | None = None, draft: bool = True) -> RefreshResult:
    """Extract the case's denial.pdf again (after an upgrade, say): case.json gets the new extraction,
    corrections.toml is untouched and still wins; then the letter is re-drafted (an edited letter.docx is
    kept, the new draft goes to letter.new.docx). A case already submitted or decided is not re-drafted."""
    from packet.pipeline import process_denial

    folder = Path(folder)
    case = load_case(folder)
    ws = Workspace.of_case(folder)
    settings = ws.settings if ws is not None else Settings()
    denial = process_denial(case.denial_pdf, ws, today=today, draft=False).denial  # redraft() drafts below
    denial.source.file = case.extracted.source.file
    result = RefreshResult(case, changed_fields(case.extracted, denial), warnings=list(denial.warnings))
    case.denial = apply_corrections(denial, case.corrections, folder / CORRECTIONS_FILE)

    def change(fresh: Case) -> None:  # a locked read-modify-write: only the extraction changes
        fresh.extracted = denial

    entry = history_entry("refreshed", inputs={"denial": case.denial_pdf}, changed=result.changed)
    fresh = update_case(folder, change, history=lambda _: entry, mode=settings.privacy.file_mode)
    case.extracted, case.state, case.letter_sha256 = denial, fresh.state, fresh.letter_sha256
    drafted = redraft(case, settings=settings, today=today) if draft else None
    if drafted is not None:
        result.letter = drafted.path
        result.warnings += list(drafted.warnings)
    return result


__all__ = [
    "SETTABLE",
    "RefreshResult",
    "coerce",
    "edit_toml",
    "parse_assignment",
    "read_corrections",
    "redraft",
    "refresh_case",
    "set_correction",
]
