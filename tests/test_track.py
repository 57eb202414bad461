"""Tracking: status rows sorted by urgency, submitted/decided recorded in case.json and history.jsonl, and an
iCalendar file read back with the icalendar library. Cases are created through the library (save_case)."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from packet import track
from packet.case import Case, load_case, read_history, save_case
from packet.cli import main
from packet.deadlines import compute_deadlines
from packet.exceptions import CaseNotFoundError, ExitCode, InvalidValueError, NotAWorkspaceError
from packet.model import Denial, DenialReason, Member, Payer, Source

TODAY = date(2026, 2, 1)
NOW = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)

# (case id, reference, member, payer, plan type, category, notice date, deadline sentence)
CASES = [
    (
        "2026-01-12-gsh884",
        "2026011200417",
        "Kevin O'Brien",
        "Granite State Health Benefits",
        "commercial",
        "medical_necessity",
        date(2026, 1, 12),
        "You must file your appeal within 180 days after you receive this notice.",
    ),
    (
        "2025-12-01-mcd101",
        "MC-55012",
        "Rosa Delgado",
        "Hudson Valley Medicaid Plan",
        "medicaid",
        "not_covered",
        date(2025, 12, 1),
        "You can ask for a Plan Appeal within 60 days of the date of this notice.",
    ),
    (
        "2025-11-20-ma7734",
        "R-7734",
        "Walter Kim",
        "Bluewater Medicare Advantage",
        "medicare_advantage",
        "no_authorization",
        date(2025, 11, 20),
        "File your appeal in writing within 60 calendar days after the date of this notice.",
    ),
    (
        "2026-01-02-unk001",
        None,
        "Ada Park",
        None,
        "unknown",
        "other",
        date(2026, 1, 2),
        "We denied this request.",
    ),
]


def make_case(
    ws: Path,
    case_id: str,
    ref: str | None,
    member: str,
    payer: str | None,
    plan: str,
    category: str,
    notice: date,
    sentence: str,
) -> Path:
    folder = ws / "cases" / case_id
    folder.mkdir(parents=True)
    result = compute_deadlines([sentence], notice, plan, today=TODAY)
    denial = Denial(
        source=Source(file="denial.pdf", sha256="0" * 64, pages=1),
        payer=Payer(name=payer, plan_type=plan),
        reference=ref,
        member=Member(name=member, id="X1"),
        denial=DenialReason(category=category, reason="Not medically necessary."),
        notice_date=notice,
        deadlines=result.deadlines,
        evidence=result.evidence,
        confidence=result.confidence,
        warnings=result.warnings,
    )
    save_case(
        Case(id=case_id, folder=folder, denial=denial, extracted=denial, created="2026-01-13T10:00:00+00:00")
    )
    return folder


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    ws = tmp_path / "appeals"
    ws.mkdir()
    (ws / "packet.toml").write_text('[sender]\nname = "Dr. Test"\n', encoding="utf-8")
    for c in CASES:
        make_case(ws, *c)
    return ws


def test_status_rows_sorted_by_next_deadline(ws: Path) -> None:
    rows = track.status_rows(ws, today=TODAY)
    assert [r.case_id for r in rows] == [
        "2025-11-20-ma7734",
        "2025-12-01-mcd101",
        "2026-01-12-gsh884",
        "2026-01-02-unk001",
    ]
    ma, mcd, gsh, unk = rows
    assert (ma.due, ma.days_left, ma.urgency) == (date(2026, 1, 19), -13, "overdue")
    assert (mcd.due, mcd.days_left, mcd.urgency) == (date(2026, 1, 30), -2, "overdue")
    assert (gsh.due, gsh.days_left, gsh.urgency) == (date(2026, 7, 11), 160, "open")
    assert (unk.due, unk.urgency) == (None, "unknown")
    assert gsh.next_step == "file appeal" and gsh.state == "new"
    soon = track.status_rows(ws, today=date(2026, 1, 13))
    assert [(r.days_left, r.urgency) for r in soon][:2] == [(6, "soon"), (17, "open")]


def test_submitted_and_decided_update_case_and_history(ws: Path) -> None:
    folder = ws / "cases" / "2026-01-12-gsh884"
    track.record_submitted(folder, on=date(2026, 1, 30), via="fax", today=TODAY, force=True)
    case = load_case(folder)
    assert case.state == "submitted" and case.submitted is not None
    assert (case.submitted.on, case.submitted.via) == (date(2026, 1, 30), "fax")
    assert stat.S_IMODE((folder / "case.json").stat().st_mode) == 0o600
    row = next(r for r in track.status_rows(ws, today=TODAY) if r.case_id == case.id)
    # the plan's decision is due 30 days after it was sent (commercial, pre-service)
    assert (row.due, row.days_left, row.urgency) == (date(2026, 3, 1), 28, "open")
    assert row.next_step == "decision due (sent 2026-01-30)" and row.next_step in track.status_table([row])[1]
    track.record_decided(folder, outcome="overturned", on=date(2026, 2, 1), today=TODAY)
    case = load_case(folder)
    assert (case.state, case.outcome, case.decided_on) == ("decided", "overturned", date(2026, 2, 1))
    history = read_history(folder)
    assert [h["action"] for h in history] == ["submitted", "decided"]
    assert history[0]["on"] == "2026-01-30" and history[0]["via"] == "fax"
    assert history[1]["outcome"] == "overturned"
    assert track.status_rows(ws, today=TODAY)[-1].case_id == case.id  # closed cases sort last


def test_bad_values_are_refused_and_nothing_written(ws: Path) -> None:
    folder = ws / "cases" / "2026-01-12-gsh884"
    before = (folder / "case.json").read_bytes()
    with pytest.raises(InvalidValueError, match="in the future"):
        track.record_submitted(folder, on=date(2026, 3, 1), via="fax", today=TODAY)
    with pytest.raises(InvalidValueError, match="not a channel"):
        track.record_submitted(folder, on=TODAY, via="pigeon", today=TODAY)
    with pytest.raises(InvalidValueError, match="not an outcome"):
        track.record_decided(folder, outcome="won", today=TODAY)
    assert (folder / "case.json").read_bytes() == before
    assert not (folder / "history.jsonl").exists()


def test_resolve_case_by_id_or_folder(ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = ws / "cases" / "2025-12-01-mcd101"
    assert track.resolve_case("2025-12-01-mcd101", ws) == folder
    assert track.resolve_case(str(folder)) == folder
    monkeypatch.chdir(folder)  # inside the workspace: found by walking up
    assert track.resolve_case("2025-12-01-mcd101").resolve() == folder.resolve()
    with pytest.raises(CaseNotFoundError):
        track.resolve_case("nope", ws)
    with pytest.raises(NotAWorkspaceError):
        track.status_rows(tmp_path)


def test_calendar_events_alarms_and_stable_uids(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "deadlines.ics"
    track.write_calendar(ws, out, now=NOW)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    cal = Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    by_uid = {str(e["UID"]): e for e in events}
    assert set(by_uid) == {
        "2026-01-12-gsh884.internal_appeal@appeal-packet",
        "2025-12-01-mcd101.internal_appeal@appeal-packet",
        "2025-11-20-ma7734.internal_appeal@appeal-packet",
    }  # the unknown-plan case has no date, so no event
    ev = by_uid["2026-01-12-gsh884.internal_appeal@appeal-packet"]
    assert ev.decoded("DTSTART") == date(2026, 7, 11)
    assert ev.decoded("DTEND") == date(2026, 7, 12)
    assert "2026011200417" in str(ev["SUMMARY"]) and "Granite State Health Benefits" in str(ev["SUMMARY"])
    assert "Kevin" not in out.read_text(encoding="utf-8")  # no member names in the calendar
    triggers = sorted(a.decoded("TRIGGER") for a in ev.walk("VALARM"))
    assert triggers == [timedelta(days=-7), timedelta(days=-2)]
    # again after a submission: same UIDs, the submitted case's event is cancelled
    track.record_submitted(
        ws / "cases" / "2026-01-12-gsh884", on=TODAY, via="portal", today=TODAY, force=True
    )
    track.write_calendar(ws, out, now=NOW)
    again = {str(e["UID"]): e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    decision = again.pop("2026-01-12-gsh884.decision@appeal-packet")  # the plan's decision is now awaited
    assert decision.decoded("DTSTART") == date(2026, 3, 3) and "decision due" in str(decision["SUMMARY"])
    assert set(again) == set(by_uid)
    assert str(again["2026-01-12-gsh884.internal_appeal@appeal-packet"]["STATUS"]) == "CANCELLED"
    assert not list(again["2026-01-12-gsh884.internal_appeal@appeal-packet"].walk("VALARM"))
    assert str(again["2025-12-01-mcd101.internal_appeal@appeal-packet"]["STATUS"]) == "CONFIRMED"


# ---------------------------------------------------------------------------------------------------
# The commands


def test_cli_status_plain_when_piped_and_json(ws: Path) -> None:
    r = CliRunner().invoke(main, ["status", str(ws), "--today", "2026-02-01"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].split()[:2] == ["REFERENCE", "MEMBER"]
    assert "\x1b[" not in r.stdout
    assert lines[1].startswith("R-7734") and "-13 OVERDUE" in lines[1]
    assert lines[4].startswith("(2026-01-02-unk001)")
    j = CliRunner().invoke(main, ["status", str(ws), "--json", "--today", "2026-02-01"])
    data = json.loads(j.stdout)
    assert data[0]["case"] == "2025-11-20-ma7734"
    assert data[2] == {
        "case": "2026-01-12-gsh884",
        "reference": "2026011200417",
        "member": "Kevin O'Brien",
        "payer": "Granite State Health Benefits",
        "category": "medical_necessity",
        "next_step": "file appeal",
        "due": "2026-07-11",
        "days_left": 160,
        "state": "new",
        "urgency": "open",
    }


def test_cli_status_colour_only_on_a_terminal(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    runner = CliRunner()

    def isatty() -> bool:
        return True

    with runner.isolation(color=True) as (out, _err, _):
        monkeypatch.setattr(sys.stdout, "isatty", isatty)
        try:
            main.main(["status", str(ws), "--today", "2026-02-01"], standalone_mode=False)
        finally:
            monkeypatch.undo()
        text = out.getvalue().decode()
    assert "\x1b[31m" in text  # overdue rows in red


def test_cli_submitted_decided_and_calendar(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    r = runner.invoke(
        main,
        [
            "submitted",
            "2025-12-01-mcd101",
            "-w",
            str(ws),
            "--on",
            "2026-01-29",
            "--via",
            "mail",
            "--today",
            "2026-02-01",
            "--force",
        ],
    )
    assert r.exit_code == 0, r.output
    assert r.stdout.strip().endswith("2025-12-01-mcd101")
    assert load_case(ws / "cases" / "2025-12-01-mcd101").state == "submitted"
    monkeypatch.chdir(ws)
    r = runner.invoke(
        main,
        [
            "decided",
            "2025-12-01-mcd101",
            "--outcome",
            "upheld",
            "--on",
            "2026-02-01",
            "--today",
            "2026-02-01",
        ],
    )
    assert r.exit_code == 0, r.output
    assert load_case(ws / "cases" / "2025-12-01-mcd101").outcome == "upheld"
    out = tmp_path / "cal.ics"
    r = runner.invoke(main, ["calendar", str(ws), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == str(out)
    assert len(list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))) == 3


def test_cli_errors_are_one_line_with_exit_codes(ws: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(main, ["submitted", "nope", "-w", str(ws), "--on", "2026-01-29", "--via", "fax"])
    assert r.exit_code == ExitCode.case_not_found
    assert (
        r.stderr.strip() == "Error: nope: no such case (no case.json); run 'packet status' to list the cases"
    )
    r = runner.invoke(main, ["status", str(tmp_path)])
    assert r.exit_code == ExitCode.not_a_workspace and r.stderr.startswith("Error: ")
    r = runner.invoke(
        main, ["submitted", "2025-12-01-mcd101", "-w", str(ws), "--on", "2026-01-29", "--via", "pigeon"]
    )
    assert r.exit_code == 2  # click's usage error
    r = runner.invoke(
        main,
        [
            "submitted",
            "2025-12-01-mcd101",
            "-w",
            str(ws),
            "--on",
            "2026-02-02",
            "--via",
            "fax",
            "--today",
            "2026-02-01",
        ],
    )
    assert r.exit_code == ExitCode.invalid_value and "in the future" in r.stderr


def test_corrected_appeal_date_wins_in_status_and_calendar(ws: Path, tmp_path: Path) -> None:
    folder = ws / "cases" / "2026-01-12-gsh884"
    (folder / "corrections.toml").write_text('"deadlines.appeal.due" = "2026-06-30"\n', encoding="utf-8")
    row = next(r for r in track.status_rows(ws, today=TODAY) if r.case_id == "2026-01-12-gsh884")
    assert (row.due, row.days_left) == (date(2026, 6, 30), 149)
    out = tmp_path / "c.ics"
    track.write_calendar(ws, out, now=NOW)
    ev = next(e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT") if "gsh884" in str(e["UID"]))
    assert ev.decoded("DTSTART") == date(2026, 6, 30)
    assert "set by the user" in str(ev["DESCRIPTION"])


def test_every_step_gets_its_own_event(tmp_path: Path) -> None:
    ws = tmp_path / "w"
    ws.mkdir()
    (ws / "packet.toml").write_text("", encoding="utf-8")
    make_case(
        ws,
        "2026-01-12-mcd2",
        "MC-1",
        "Rosa Delgado",
        "Hudson Valley Medicaid Plan",
        "medicaid",
        "other",
        date(2026, 1, 12),
        "If you want your services to continue while you appeal, you must ask within 10 days of the date of "
        "this notice. You can ask for a Plan Appeal within 60 days of the date of this notice.",
    )
    cal = Calendar.from_ical(track.build_calendar(ws, now=NOW))
    got = sorted((str(e["UID"]), e.decoded("DTSTART")) for e in cal.walk("VEVENT"))
    assert got == [
        ("2026-01-12-mcd2.continued_benefits@appeal-packet", date(2026, 1, 22)),
        ("2026-01-12-mcd2.internal_appeal@appeal-packet", date(2026, 3, 13)),
    ]
    row = track.status_rows(ws, today=date(2026, 1, 20))[0]
    assert (row.next_step, row.due) == ("file plan appeal", date(2026, 3, 13))  # Medicaid words


def test_file_mode_follows_packet_toml(ws: Path, tmp_path: Path) -> None:
    (ws / "packet.toml").write_text("[privacy]\nfile_mode = 0o640\n", encoding="utf-8")
    folder = ws / "cases" / "2026-01-12-gsh884"
    track.record_submitted(folder, on=TODAY, via="mail", today=TODAY, force=True)
    assert stat.S_IMODE((folder / "case.json").stat().st_mode) == 0o640
    assert stat.S_IMODE((folder / "history.jsonl").stat().st_mode) == 0o640
    out = track.write_calendar(ws, tmp_path / "d.ics", now=NOW)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_the_next_step_is_named_in_the_program_s_words(ws: Path) -> None:
    rows = {r.case_id: r.next_step for r in track.status_rows(ws, today=TODAY)}
    assert rows["2026-01-12-gsh884"] == "file appeal"
    assert rows["2025-12-01-mcd101"] == "file plan appeal"
    assert rows["2025-11-20-ma7734"] == "file reconsideration"
