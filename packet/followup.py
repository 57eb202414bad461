"""After the appeal is sent: keep the packet as sent, the plan's decision due date, the next level when the
plan upholds its denial, notes of calls, and the case's history in words.

    send_case(folder, on=date(2026, 2, 2), via="fax")        # refuses a case that is not ready (force=True)
    decide_case(folder, "upheld", on=date(2026, 3, 1))       # opens external review or the fair hearing
    add_note(folder, "called the plan, spoke to J., decision expected Friday")
    history_lines(folder)                                     # the whole history, readably

Every change to case.json is a short locked read-modify-write (``packet.case.update_case``) written with
its history line. The packet sent is copied to ``sent/<date>-<step>/`` in the case folder, never over an
earlier copy, and its SHA-256 goes in the history.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from packet.case import Case, Submission, history_entry, load_case, read_history, update_case
from packet.check import check_case
from packet.decision_times import DecisionDue, decision_due, decision_kind
from packet.draft.appeal import FINAL_LEVELS, choose_appeal, current_level
from packet.exceptions import InvalidValueError, NotReadyError, OutputError
from packet.fsutil import sha256_file

log = logging.getLogger("packet.followup")

SENT_DIR = "sent"
LETTERS = ("letter.docx", "letter.pdf")
REOPEN_OUTCOMES = ("upheld", "partially_overturned")


@dataclass
class Sent:
    case: Case
    folder: Path  # sent/<date>-<step>/
    files: list[Path]
    decision: DecisionDue
    forced: list[str]  # what was not ready, when sent anyway


@dataclass
class Decided:
    case: Case
    opened: dict[str, Any] | None  # the next level: level, due, rule, opened
    note: str | None  # why no next level was opened
    letter: Path | None = None  # the next level's draft


def _expedited(case: Case) -> bool:
    return bool(((case.extra.get("build") or {}).get("options") or {}).get("expedited"))


def _packets(case: Case) -> list[Path]:
    outputs = (case.extra.get("build") or {}).get("outputs") or []
    paths = [p if p.is_absolute() else case.folder / p for p in (Path(o) for o in outputs)]
    return [p for p in paths or [case.packet_pdf] if p.is_file()]


def _sent_folder(case: Case, on: date, step: str) -> Path:
    """sent/<date>-<step>/, with -2, -3 ... when that exists: an earlier copy is never touched."""
    base = case.folder / SENT_DIR / f"{on.isoformat()}-{step}"
    path, n = base, 1
    while path.exists():
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    return path


def _copy_sent(case: Case, dest: Path, mode: int) -> list[Path]:
    files = [*_packets(case), *(case.folder / n for n in LETTERS if (case.folder / n).is_file())]
    try:
        dest.mkdir(parents=True, mode=0o700)
        out = []
        for src in files:
            target = dest / src.name
            shutil.copyfile(src, target)
            target.chmod(mode & 0o666 & ~0o222)  # read-only: a sent packet is not edited
            out.append(target)
    except OSError as e:
        raise OutputError(dest, e.strerror or str(e)) from e
    return out


def send_case(
    folder: str | Path,
    on: date,
    via: str,
    *,
    today: date | None = None,
    force: bool = False,
    mode: int = 0o600,
) -> Sent:
    """Record the appeal as sent: refuse it when ``packet check`` finds it not ready (unless ``force``),
    copy the packet and letter to sent/, set the plan's decision due date (``decision_times``)."""
    folder = Path(folder)
    report = check_case(folder, on)  # the deadline as it stood on the day it was sent
    reasons = [p.message for p in report.blocking] if force else []
    if report.state == "decided":
        raise InvalidValueError(
            f"{report.case_id}: already decided; record the next level with 'packet "
            "decided --outcome upheld' first"
        )
    if report.blocking and not force:
        raise NotReadyError(
            report.case_id,
            [p.message for p in report.blocking],
            "fix it, or record the sending anyway with --force",
        )
    case = load_case(folder)
    choice = choose_appeal(case.denial, on, opened=case.extra.get("level"))
    due = decision_due(choice.step, decision_kind(_expedited(case), case.denial.denial.category), on)
    dest = _sent_folder(case, on, choice.step)
    files = _copy_sent(case, dest, mode)

    def change(c: Case) -> None:
        c.state = "submitted"
        c.submitted = Submission(on=on, via=via)
        c.extra["decision"] = due.to_dict()
        c.extra["sent"] = [str(p.relative_to(c.folder)) for p in files]

    def entry(c: Case) -> dict[str, Any]:
        outs = {f"sent_{p.stem}_{p.suffix.lstrip('.')}": p for p in files}
        extra = {"forced": reasons} if reasons else {}
        return history_entry(
            "submitted",
            outputs=outs,
            on=on,
            via=via,
            step=choice.step,
            sent_to=str(dest.relative_to(c.folder)),
            decision_due=due.due,
            decision_rule=due.rule,
            **extra,
        )

    case = update_case(folder, change, history=entry, mode=mode)
    return Sent(case, dest, files, due, reasons)


def next_level(case: Case, on: date) -> tuple[dict[str, Any] | None, str | None]:
    """The level an upheld decision on ``on`` opens, with its own deadline (the plan type's rule for a
    final decision, counted from the decision), or None and why."""
    from packet.deadlines import add_window, load_rules, next_business_day

    level, _ = current_level(case.denial, case.extra.get("level"))
    if level in FINAL_LEVELS:
        return None, (
            f"{level.replace('_', ' ')} was the last level this tool files; the decision letter "
            "names the next (a hearing or court)"
        )
    rules = load_rules()
    plan = case.denial.payer.plan_type
    rule = rules.final.get(plan)
    if rule is None:
        return None, rules.final_notes.get(plan) or (
            f"no next-level rule for the plan type '{plan}'; the decision letter names the next step"
        )
    due = add_window(on, rule.n, rule.unit, external_review=rule.level == "external_review")
    if rule.level == "external_review":
        due = next_business_day(due)
    return {
        "level": rule.level,
        "due": due.isoformat(),
        "rule": f"{rule.rule}; counted from the decision of {on.isoformat()}",
        "opened": on.isoformat(),
    }, None


def _set_aside_letters(case: Case) -> None:
    """The sent level's letters leave the case folder (a copy is in sent/): the next level's letter is
    drafted afresh. One that differs from every sent copy is kept as letter.<n>.docx."""
    sent = {sha256_file(p) for p in (case.folder / SENT_DIR).rglob("letter.*") if p.is_file()}
    for name in LETTERS:
        path = case.folder / name
        if not path.is_file():
            continue
        if sha256_file(path) in sent:
            path.unlink()
        else:
            n = 1
            while (keep := path.with_name(f"{path.stem}.{n}{path.suffix}")).exists():
                n += 1
            path.rename(keep)


def decide_case(
    folder: str | Path, outcome: str, on: date, *, mode: int = 0o600, today: date | None = None
) -> Decided:
    """Record the plan's decision; an upheld (or partly upheld) one opens the next level with its own
    deadline, and the caller drafts its letter. A case never sent is refused."""
    folder = Path(folder)
    case = load_case(folder)
    if case.state != "submitted" or case.submitted is None:
        raise InvalidValueError(
            f"{case.id}: no appeal was recorded as sent (state: {case.state}); record it "
            f"first with 'packet submitted {case.id} --on DATE --via fax|portal|mail'"
        )
    if on < case.submitted.on:
        raise InvalidValueError(
            f"--on {on.isoformat()}: before the appeal was sent ({case.submitted.on.isoformat()})"
        )
    opened, note = next_level(case, on) if outcome in REOPEN_OUTCOMES else (None, None)

    def change(c: Case) -> None:
        c.state, c.outcome, c.decided_on = "decided", outcome, on
        if opened is not None:
            c.extra.setdefault("levels", []).append(
                {**(c.extra.get("level") or {}), "decided": on.isoformat(), "outcome": outcome}
            )
            c.extra["level"] = opened
            c.extra.pop("decision", None)
            c.state, c.letter_sha256 = "new", None

    def entry(c: Case) -> dict[str, Any]:
        extra = {"next_level": opened["level"], "next_due": opened["due"]} if opened else {}
        return history_entry("decided", outcome=outcome, on=on, **extra, **({"note": note} if note else {}))

    if opened is not None:
        _set_aside_letters(case)
    case = update_case(folder, change, history=entry, mode=mode)
    return Decided(case, opened, note)


def add_note(folder: str | Path, text: str, *, mode: int = 0o600) -> dict[str, Any]:
    """A contact or remark in the history ("called the plan, ..."), with the time."""
    from packet.case import append_history

    text = " ".join(text.split())
    if not text:
        raise InvalidValueError("the note is empty; write what happened, in quotes")
    load_case(folder)  # a case folder, or CaseNotFoundError
    return append_history(Path(folder), "note", mode=mode, text=text)


_SKIP = {"time", "action", "tool_version", "inputs", "outputs"}


def _words(v: Any) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return "; ".join(str(x) for x in v)
    return str(v)


def _describe(e: dict[str, Any]) -> str:
    action = str(e.get("action", "?"))
    if action == "note":
        return f"note: {e.get('text', '')}"
    details = [
        f"{k.replace('_', ' ')} {_words(v)}"
        for k, v in e.items()
        if k not in _SKIP and v not in (None, "", [])
    ]
    files = [
        f"{v.get('file')} (sha256 {str(v.get('sha256', ''))[:12]})" for v in (e.get("outputs") or {}).values()
    ]
    text = action
    if details:
        text += ": " + "; ".join(details)
    if files:
        text += " -> " + ", ".join(files)
    return text


def history_lines(folder: str | Path) -> list[str]:
    """history.jsonl in words, one line per entry, oldest first: '2026-02-02 14:03  submitted: on ...'."""
    load_case(folder)
    out = []
    for e in read_history(Path(folder)):
        when = str(e.get("time", ""))[:16].replace("T", " ")
        out.append(f"{when:16}  {_describe(e)}")
    return out


def decision_status(case: Case, today: date) -> tuple[date | None, int | None, str]:
    """For a submitted case: the decision's due date, days left, and 'overdue' / 'soon' / 'open'."""
    d = case.extra.get("decision")
    if case.state != "submitted" or not d:
        return None, None, "closed"
    due = DecisionDue.from_dict(d).due
    left = (due - today).days
    return due, left, "overdue" if left < 0 else ("soon" if left <= 2 else "open")
