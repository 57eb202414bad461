"""After the appeal is sent: the packet kept as sent, the plan's decision due date by step and plan type,
'decided' opening the next level with its own deadline and letter, notes and the readable history. Real
case folders and packets; every command through the CLI where the user would type it."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from packet import track
from packet.build import BuildOptions, build_packet
from packet.case import load_case, read_history, save_case
from packet.cli import main
from packet.exceptions import ExitCode
from packet.fsutil import sha256_file
from samples.cases import make_case, text_pdf

SENT = "2026-02-02"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def case_with(tmp_path: Path, plan: str = "commercial", category: str | None = None, **kw: object) -> Path:
    folder = make_case(tmp_path, **kw)
    case = load_case(folder)
    case.extracted.payer.plan_type = plan
    case.extracted.denial.category = category
    save_case(case)
    return folder


def submit(folder: Path, *extra: str):
    return run("submitted", str(folder), "--on", SENT, "--via", "fax", "--today", "2026-02-03", *extra)


def test_a_sent_packet_is_kept_with_its_hash_and_never_rebuilt(tmp_path: Path) -> None:
    folder = case_with(tmp_path)
    build_packet(folder)
    r = submit(folder)
    assert r.exit_code == 0, r.output
    assert "Decision due by 2026-03-04: 30 days for a pre-service appeal" in r.stderr
    kept = folder / "sent" / f"{SENT}-internal_appeal"
    assert sorted(p.name for p in kept.iterdir()) == ["letter.pdf", "packet.pdf"]
    assert sha256_file(kept / "packet.pdf") == sha256_file(folder / "packet.pdf")
    entry = read_history(folder)[-1]
    assert entry["action"] == "submitted" and entry["decision_due"] == "2026-03-04"
    hashes = {v["file"]: v["sha256"] for v in entry["outputs"].values()}
    assert hashes["packet.pdf"] == sha256_file(kept / "packet.pdf")
    before = (folder / "packet.pdf").read_bytes()
    r = run("build", str(folder))
    assert r.exit_code == ExitCode.invalid_value and "already submitted" in r.stderr
    r = run("build", "--all", str(folder.parent.parent), "--force")
    assert r.exit_code == 0 and "case-1: skipped: already submitted" in r.stderr
    assert (folder / "packet.pdf").read_bytes() == before
    # sent twice (a re-sent fax): a second copy beside the first, the first untouched
    assert submit(folder).exit_code == 0
    assert (folder / "sent" / f"{SENT}-internal_appeal-2" / "packet.pdf").is_file()


def test_a_case_that_is_not_ready_is_refused_unless_forced(tmp_path: Path) -> None:
    folder = case_with(tmp_path)  # never built
    before = (folder / "case.json").read_bytes()
    r = submit(folder)
    assert r.exit_code == ExitCode.not_ready
    assert r.stderr.startswith("Error: case-1: not ready to send: no packet yet")
    assert (folder / "case.json").read_bytes() == before and not (folder / "sent").exists()
    r = submit(folder, "--force")
    assert r.exit_code == 0, r.output
    assert load_case(folder).state == "submitted"
    assert read_history(folder)[-1]["forced"][0].startswith("no packet yet")


@pytest.mark.parametrize(
    "plan,category,expedited,due,extended",
    [
        ("commercial", None, False, "2026-03-04", None),
        ("erisa", "no_authorization", False, "2026-04-03", None),  # post-service: 60 days
        ("medicare_advantage", None, False, "2026-03-04", "2026-03-18"),  # 30 days, +14 extension
        ("medicare_part_d", None, False, "2026-02-09", None),  # 7 days
        ("medicaid", None, False, "2026-03-04", "2026-03-18"),
        ("medicare_advantage", None, True, "2026-02-05", "2026-02-19"),  # 72 hours, +14
    ],
)
def test_the_decision_due_date_follows_the_step_and_plan_type(
    tmp_path: Path, plan: str, category: str | None, expedited: bool, due: str, extended: str | None
) -> None:
    folder = case_with(tmp_path, plan, category, letter=None)
    text_pdf(folder / "letter.pdf", 1, "I request an expedited appeal" if expedited else "Please reconsider")
    build_packet(folder, BuildOptions(expedited=expedited))
    assert submit(folder).exit_code == 0
    decision = load_case(folder).extra["decision"]
    assert (decision["due"], decision["extended_due"]) == (due, extended)
    assert "CFR" in decision["rule"]


def test_status_and_calendar_show_the_decision_and_an_overdue_one_stands_out(tmp_path: Path) -> None:
    folder = case_with(tmp_path)
    build_packet(folder)
    submit(folder)
    ws = folder.parent.parent
    rows = json.loads(run("status", str(ws), "--json", "--today", "2026-03-01").stdout)
    assert (rows[0]["next_step"], rows[0]["due"], rows[0]["days_left"], rows[0]["urgency"]) == (
        "decision due (sent 2026-02-02)", "2026-03-04", 3, "open")  # fmt: skip
    late = run("status", str(ws), "--today", "2026-03-10").stdout
    assert "-6 DECISION OVERDUE" in late and "decision due (sent 2026-02-02)" in late
    cal = track.build_calendar(ws).decode()
    assert "case-1.decision@appeal-packet" in cal and "Plan's decision due" in cal


def test_decided_on_a_case_never_sent_is_refused(tmp_path: Path) -> None:
    folder = case_with(tmp_path)
    r = run("decided", str(folder), "--outcome", "upheld", "--today", "2026-03-01")
    assert r.exit_code == ExitCode.invalid_value and "no appeal was recorded as sent" in r.stderr
    assert load_case(folder).state == "drafted"


def _letter(folder: Path) -> str:
    return "\n".join(
        p.text for p in docx.Document(io.BytesIO((folder / "letter.docx").read_bytes())).paragraphs
    )


@pytest.mark.parametrize(
    "plan,level,due,title",
    [
        ("commercial", "external_review", "2026-07-01", "Request for external review"),
        ("medicaid", "state_fair_hearing", "2026-06-29", "Request for a state fair hearing"),  # 120 days
    ],
)
def test_upheld_opens_the_next_level_with_its_deadline_and_letter(
    tmp_path: Path, plan: str, level: str, due: str, title: str
) -> None:
    folder = case_with(tmp_path, plan)
    build_packet(folder)
    submit(folder)
    r = run("decided", str(folder), "--outcome", "upheld", "--on", "2026-03-01", "--today", "2026-03-02")
    assert r.exit_code == 0, r.output
    case = load_case(folder)
    assert case.extra["level"]["level"] == level and case.extra["level"]["due"] == due
    assert case.state == "drafted" and case.outcome == "upheld"
    assert f"Next: {level.replace('_', ' ')}, due {due}" in r.stderr
    assert title in _letter(folder) and not (folder / "letter.pdf").exists()  # the sent letter set aside
    assert [p.name for p in (folder / "sent").glob(f"{SENT}-*/letter.pdf")] == ["letter.pdf"]
    row = track.status_rows(folder.parent.parent, today=date(2026, 3, 2))[0]
    assert row.next_step == f"file {level.replace('_', ' ')}" and row.due == date.fromisoformat(due)
    # the next level's packet can be built and sent; its cover names the step
    r = run("build", str(folder))
    assert r.exit_code == 0, r.output


def test_upheld_medicare_advantage_opens_nothing_and_says_why(tmp_path: Path) -> None:
    folder = case_with(tmp_path, "medicare_advantage")
    build_packet(folder)
    submit(folder)
    r = run("decided", str(folder), "--outcome", "upheld", "--on", "2026-03-01", "--today", "2026-03-02")
    assert r.exit_code == 0, r.output
    case = load_case(folder)
    assert case.state == "decided" and "level" not in case.extra
    assert "Independent Review Entity" in read_history(folder)[-1]["note"]


def test_notes_and_the_readable_log(tmp_path: Path) -> None:
    folder = case_with(tmp_path)
    build_packet(folder)
    submit(folder)
    r = run("note", str(folder), "called the plan:   appeal received, decision expected 3/4")
    assert r.exit_code == 0 and r.stdout.rstrip().endswith(
        "note: called the plan: appeal received, decision expected 3/4"
    )
    lines = run("log", str(folder)).stdout.splitlines()
    assert [ln.split("  ", 1)[1].split(":")[0].split(" ")[0] for ln in lines] == [
        "build",
        "submitted",
        "note",
    ]
    sent = next(ln for ln in lines if "  submitted" in ln)
    assert (
        "on 2026-02-02; via fax" in sent
        and "decision due 2026-03-04" in sent
        and "packet.pdf (sha256 " in sent
    )
    assert run("note", str(folder), "   ").exit_code == ExitCode.invalid_value


def test_sent_in_time_and_recorded_after_the_deadline_is_not_refused(tmp_path: Path) -> None:
    folder = case_with(tmp_path)  # the appeal is due 2026-07-11
    build_packet(folder)
    r = run("submitted", str(folder), "--on", "2026-07-10", "--via", "fax", "--today", "2026-07-20")
    assert r.exit_code == 0, r.output
    assert "forced" not in read_history(folder)[-1]
