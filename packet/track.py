"""Case tracking: what is due next across a workspace, a calendar of deadlines, and recording submissions
and decisions.

    rows = status_rows(workspace, today=date(2026, 1, 20))     # one StatusRow per case, next deadline first
    write_calendar(workspace, Path("deadlines.ics"))            # one all-day event per open deadline
    record_submitted(case_folder, on=date(2026, 2, 1), via="fax")
    record_decided(case_folder, outcome="overturned")

A workspace is a folder with ``packet.toml`` and ``cases/<case-id>/case.json`` (see ``packet.case``).
Nothing here opens a network connection. Calendar text names the reference, payer and step: never the
member's name or a diagnosis.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from packet.case import CASE_FILE, Case, load_case
from packet.deadlines import FILING_LEVELS, LEVEL_WORDS, days_left
from packet.exceptions import CaseNotFoundError, InvalidValueError, PacketError
from packet.fsutil import write_bytes_atomic
from packet.model import CHANNELS, OUTCOMES, Deadline
from packet.settings import Settings, load_settings
from packet.workspace import CASES_DIR as CASES_DIR  # the layout is packet.workspace's; re-exported
from packet.workspace import Workspace
from packet.workspace import case_folders as workspace_case_folders

log = logging.getLogger("packet.track")

OPEN_STATES = ("new", "drafted", "built")
SOON_DAYS = 7
ALARM_DAYS = (7, 2)
DECISION = "decision"  # the calendar's event for the plan's decision on an appeal sent


@dataclass
class StatusRow:
    case_id: str
    reference: str | None
    member: str | None
    payer: str | None
    category: str | None
    next_step: str
    due: date | None
    days_left: int | None
    state: str
    urgency: str  # "overdue" | "soon" | "open" | "unknown" (open, no date) | "closed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case_id,
            "reference": self.reference,
            "member": self.member,
            "payer": self.payer,
            "category": self.category,
            "next_step": self.next_step,
            "due": self.due.isoformat() if self.due else None,
            "days_left": self.days_left,
            "state": self.state,
            "urgency": self.urgency,
        }


# ---------------------------------------------------------------------------------------------------
# Finding workspaces and cases


def find_workspace(path: str | Path | None = None) -> Path:
    """The workspace folder at ``path``, else the current folder or its nearest parent with packet.toml
    (``Workspace.find``, the one rule)."""
    return Workspace.find(path).root


def resolve_case(case: str | Path, workspace: str | Path | None = None) -> Path:
    """A case folder from a path (``cases/2026-01-12-ab12``) or a case id inside the workspace."""
    if (Path(case) / CASE_FILE).is_file():
        return Path(case)
    if len(Path(case).parts) != 1:
        raise CaseNotFoundError(str(case))
    return Workspace.find(workspace).resolve_case(case)


def case_folders(workspace: Path) -> list[Path]:
    """Every case folder in the workspace (sorted by id)."""
    return workspace_case_folders(workspace)


def load_cases(workspace: Path) -> list[Case]:
    """Every readable case; an unreadable one is logged (by folder name) and skipped."""
    cases = []
    for folder in case_folders(workspace):
        try:
            cases.append(load_case(folder))
        except (PacketError, ValueError, KeyError, TypeError) as e:
            log.warning("%s: skipped, case.json cannot be read (%s)", folder.name, type(e).__name__)
    return cases


# ---------------------------------------------------------------------------------------------------
# Status


def case_deadlines(case: Case) -> list[Deadline]:
    """Every dated step of the case, earliest first; ``deadlines.appeal`` (which the user may have corrected
    in corrections.toml) replaces the step of the same level in ``deadlines.all``."""
    opened = case.extra.get("level")
    if opened and opened.get("due"):  # a decision opened the next level: its deadline is the one left
        due = date.fromisoformat(opened["due"])
        return [Deadline(due, opened["level"], opened.get("rule", ""), "regulation")]
    dl = case.denial.deadlines
    steps = [d for d in dl.all if not (dl.appeal is not None and d.level == dl.appeal.level)]
    if dl.appeal is not None:
        steps.append(dl.appeal)
    return sorted((d for d in steps if d.due is not None), key=lambda d: d.due or date.max)


def open_deadlines(case: Case) -> list[Deadline]:
    """The deadlines still to act on: every dated step while the appeal is not yet submitted or decided."""
    return case_deadlines(case) if case.state in OPEN_STATES else []


def next_deadline(case: Case) -> Deadline | None:
    """The filing deadline to meet next (the earliest open filing step), or None when nothing is open."""
    if case.state not in OPEN_STATES:
        return None
    filing = [d for d in open_deadlines(case) if d.level in FILING_LEVELS]
    return filing[0] if filing else case.denial.deadlines.appeal


def _urgency(case: Case, left: int | None) -> str:
    if case.state not in OPEN_STATES:
        return "closed"
    if left is None:
        return "unknown"
    if left < 0:
        return "overdue"
    return "soon" if left <= SOON_DAYS else "open"


def _next_step(case: Case, deadline: Deadline | None) -> str:
    if case.state == "submitted":
        sub = case.submitted
        return f"decision due (sent {sub.on.isoformat()})" if sub else "decision due"
    if case.state == "decided":
        return f"decided: {(case.outcome or 'unknown').replace('_', ' ')}"
    if deadline is None:
        return "file appeal (no deadline known)"
    from packet.draft.appeal import choose_appeal

    choice = choose_appeal(case.denial, date.today(), opened=case.extra.get("level"))
    if deadline.level == choice.level:  # the appeal's own step, in its program's words
        return "file " + choice.short
    return "file " + LEVEL_WORDS.get(deadline.level, deadline.level)


def status_row(case: Case, today: date) -> StatusRow:
    from packet.followup import decision_status

    d = case.denial
    nxt = next_deadline(case)
    left = days_left(nxt, today) if nxt else None
    if case.state == "submitted":  # the plan's decision is what is due now
        due, left, urgency = decision_status(case, today)
        return StatusRow(case.id, d.reference, d.member.name, d.payer.name, d.denial.category,
                         _next_step(case, nxt), due, left, case.state, urgency)  # fmt: skip
    return StatusRow(
        case_id=case.id,
        reference=d.reference,
        member=d.member.name,
        payer=d.payer.name,
        category=d.denial.category,
        next_step=_next_step(case, nxt),
        due=nxt.due if nxt else None,
        days_left=left,
        state=case.state,
        urgency=_urgency(case, left),
    )


def status_rows(workspace: str | Path | None, today: date | None = None) -> list[StatusRow]:
    """One row per case, sorted by the next deadline (open cases with a date first, closed cases last)."""
    ws = find_workspace(workspace)
    today = today or date.today()
    rows = [status_row(c, today) for c in load_cases(ws)]
    order = {"overdue": 0, "soon": 0, "open": 0, "unknown": 1, "closed": 2}
    return sorted(rows, key=lambda r: (order[r.urgency], r.due or date.max, r.case_id))


STATUS_COLUMNS = (
    ("reference", "REFERENCE"),
    ("member", "MEMBER"),
    ("payer", "PAYER"),
    ("category", "CATEGORY"),
    ("next_step", "NEXT STEP"),
    ("due", "DUE"),
    ("days_left", "DAYS LEFT"),
    ("state", "STATE"),
)


def _cell(row: StatusRow, key: str) -> str:
    if key == "reference":
        return row.reference or f"({row.case_id})"
    value = getattr(row, key)
    if value is None or (key in ("due", "days_left") and row.urgency == "closed"):
        return "-"
    if key == "days_left" and row.urgency == "overdue" and row.state == "submitted":
        return f"{value} DECISION OVERDUE"
    if key == "days_left" and row.urgency == "overdue":
        return f"{value} OVERDUE"
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("_", " ") if key == "category" else str(value)


def status_table(rows: list[StatusRow], width: int = 28) -> list[str]:
    """The rows as aligned plain-text lines (a header first); long cells are cut to ``width`` (the next
    step, which carries dates, to 40)."""
    cells = [[h for _, h in STATUS_COLUMNS]]
    for row in rows:
        cells.append([_clip(_cell(row, k), max(width, 40) if k == "next_step" else width)
                      for k, _ in STATUS_COLUMNS])  # fmt: skip
    widths = [max(len(r[i]) for r in cells) for i in range(len(STATUS_COLUMNS))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


# ---------------------------------------------------------------------------------------------------
# Recording what happened


def _file_mode(workspace: Path | None) -> int:
    """The workspace's privacy.file_mode (packet.toml), 0600 by default."""
    return load_settings(workspace).privacy.file_mode


def _case_workspace(folder: Path) -> tuple[Path | None, Settings]:
    """The case's workspace folder and its settings (packet.toml read once); the defaults outside one."""
    ws = Workspace.of_case(folder)
    return (ws.root, ws.settings) if ws is not None else (None, Settings())


def _workspace_of(folder: Path) -> Path | None:
    """WORKSPACE for WORKSPACE/cases/<id> (a relative path too), when it has a packet.toml."""
    ws = Workspace.of_case(folder)
    return ws.root if ws is not None else None


def record_submitted(
    folder: str | Path, on: date, via: str, today: date | None = None, *, force: bool = False
) -> Case:
    """Mark the case submitted on ``on`` by ``via`` (fax, portal, mail): refused when ``packet check``
    finds it not ready (``NotReadyError``) unless ``force``; the packet is kept in sent/ with its SHA-256
    in the history, and case.json gets the plan's decision due date (``packet.followup.send_case``)."""
    from packet.followup import send_case

    folder = Path(folder)
    if via not in CHANNELS:
        raise InvalidValueError(f"--via {via}: not a channel; use one of {', '.join(CHANNELS)}")
    if on > (today or date.today()):
        raise InvalidValueError(
            f"--on {on.isoformat()}: the date is in the future; give the day the appeal was sent"
        )
    mode = _case_workspace(folder)[1].privacy.file_mode
    sent = send_case(folder, on, via, today=today, force=force, mode=mode)
    log.info("%s: submitted on %s by %s", sent.case.id, on.isoformat(), via)
    return sent.case


def record_decided(
    folder: str | Path, outcome: str, on: date | None = None, today: date | None = None
) -> Case:
    """Mark the case decided with ``outcome`` (overturned, upheld, partially_overturned). A case never
    submitted is refused; an upheld (or partly upheld) decision opens the next level with its own deadline
    and drafts its letter (``packet.followup.decide_case``)."""
    from packet.followup import decide_case

    folder = Path(folder)
    if outcome not in OUTCOMES:
        raise InvalidValueError(f"--outcome {outcome}: not an outcome; use one of {', '.join(OUTCOMES)}")
    today = today or date.today()
    on = on or today
    if on > today:
        raise InvalidValueError(
            f"--on {on.isoformat()}: the date is in the future; give the day of the decision"
        )
    ws, settings = _case_workspace(folder)
    done = decide_case(folder, outcome, on, mode=settings.privacy.file_mode, today=today)
    log.info("%s: decided (%s)", done.case.id, outcome)
    if done.note:
        log.warning("%s: %s", done.case.id, done.note)
    if done.opened is None:
        return done.case
    from packet.draft import draft_case

    draft_case(load_case(folder), settings, workspace=ws, today=today)
    return load_case(folder)


# ---------------------------------------------------------------------------------------------------
# Calendar (iCalendar, RFC 5545)


def event_uid(case_id: str, level: str) -> str:
    """Stable across runs, so importing the calendar again updates an event instead of duplicating it."""
    return f"{case_id}.{level}@appeal-packet"


def _event(case: Case, d: Deadline, stamp: datetime, cancelled: bool) -> Any:
    from icalendar import Alarm, Event

    assert d.due is not None
    # the plan's reference; a letter without one is named by its case id, called what it is
    ref = f"ref. {case.denial.reference}" if case.denial.reference else f"case {case.id}"
    payer = case.denial.payer.name or "the plan"
    step = LEVEL_WORDS.get(d.level, d.level) if d.level != DECISION else "the appeal sent"
    what = "Last day" if d.level != DECISION else "Plan's decision due"
    ev = Event()
    ev.add("uid", event_uid(case.id, d.level))
    ev.add("dtstamp", stamp)
    ev.add("last-modified", stamp)
    ev.add("sequence", int(stamp.timestamp()) // 60)  # grows with every export, so a re-import updates
    ev.add("dtstart", d.due)
    ev.add("dtend", d.due + timedelta(days=1))
    ev.add("summary", f"{'Done: ' if cancelled else ''}{what}: {step}, {ref} ({payer})")
    ev.add(
        "description",
        f"Case {case.id}, {ref}, {payer}.\n{what} ({step}): {d.due.isoformat()}.\n"
        f"How it was counted: {d.rule} (basis: {d.basis}).\nCheck it against the letter.",
    )
    ev.add("transp", "TRANSPARENT")
    ev.add("categories", ["Appeal deadline"])
    if cancelled:
        ev.add("status", "CANCELLED")
        return ev
    ev.add("status", "CONFIRMED")
    for days in ALARM_DAYS:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(days=-days))
        alarm.add("description", f"{days} days left: {step}, {ref} ({payer})")
        ev.add_component(alarm)
    return ev


def build_calendar(workspace: str | Path | None, now: datetime | None = None) -> bytes:
    """The workspace's deadlines as an .ics file: one all-day event per open deadline with reminders 7 and
    2 days before; a case already submitted or decided keeps its events, marked cancelled, so that
    importing again clears them in the calendar program."""
    from icalendar import Calendar

    ws = find_workspace(workspace)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//Appeal Packet//packet calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Appeal deadlines")
    for case in load_cases(ws):
        closed = case.state not in OPEN_STATES
        for d in case_deadlines(case):
            cal.add_component(_event(case, d, stamp, cancelled=closed))
        decision = case.extra.get("decision")
        if decision:  # the plan's decision on the appeal sent: open while it is awaited
            due = Deadline(date.fromisoformat(decision["due"]), DECISION, decision["rule"], "regulation")
            cal.add_component(_event(case, due, stamp, cancelled=case.state != "submitted"))
    return bytes(cal.to_ical())


def write_calendar(workspace: str | Path | None, out: str | Path, now: datetime | None = None) -> Path:
    """Write the calendar atomically to ``out`` (owner-only unless packet.toml says otherwise)."""
    data = build_calendar(workspace, now)
    return write_bytes_atomic(out, data, _file_mode(find_workspace(workspace)))
