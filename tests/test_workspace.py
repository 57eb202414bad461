"""packet init, the workspace lock, packet set and packet refresh: the user's corrections survive."""

from __future__ import annotations

import stat
import tomllib
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from packet.case import load_case, read_corrections, read_history
from packet.cli import main
from packet.corrections import edit_toml, refresh_case, set_correction
from packet.exceptions import ExitCode, InvalidValueError, WorkspaceLockedError
from packet.fsutil import sha256_file
from packet.ingest import run_inbox
from packet.settings import load_settings
from packet.workspace import init_workspace, workspace_lock
from tests.helpers.workspace import TODAY, workspace


def invoke(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_init_makes_the_layout_and_a_commented_packet_toml(tmp_path: Path) -> None:
    result = invoke("init", str(tmp_path / "ws"))
    assert result.exit_code == 0, result.output
    ws = tmp_path / "ws"
    assert result.stdout.strip() == str(ws)
    assert {p.name for p in ws.iterdir()} == {"packet.toml", "inbox", "cases", "templates"}
    text = (ws / "packet.toml").read_text()
    raw = tomllib.loads(text)
    assert set(raw) == {"sender", "defaults", "privacy"}
    for key in ("name", "organization", "npi", "address", "phone", "fax", "signature", "plan_type"):
        assert f"# {key} = " in text  # every setting is there, commented, with an example
    s = load_settings(ws)
    assert s.sender.name is None and s.defaults.plan_type is None
    assert (s.privacy.file_mode, s.privacy.dir_mode) == (0o600, 0o700)
    assert stat.S_IMODE((ws / "inbox").stat().st_mode) == 0o700
    assert stat.S_IMODE((ws / "packet.toml").stat().st_mode) == 0o600


def test_init_again_keeps_the_users_settings(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", sender={"name": "Dr. Ana Ruiz", "npi": "1234567893"})
    assert load_settings(ws).sender.name == "Dr. Ana Ruiz"
    (ws / "templates").rmdir()
    init_workspace(ws)
    assert load_settings(ws).sender.npi == "1234567893"
    assert (ws / "templates").is_dir()


def test_init_reports_a_broken_packet_toml(tmp_path: Path) -> None:
    (tmp_path / "packet.toml").write_text("[sender\n")
    assert invoke("init", str(tmp_path)).exit_code == ExitCode.bad_settings


def test_the_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    with workspace_lock(ws), pytest.raises(WorkspaceLockedError), workspace_lock(ws):
        pass
    with workspace_lock(ws):  # released
        pass


@pytest.fixture
def case_folder(tmp_path: Path) -> Path:
    ws = workspace(tmp_path, 1)
    run_inbox(ws, jobs=1, today=TODAY)
    return ws / "cases" / "REF-0000"


def test_set_writes_corrections_that_win(case_folder: Path) -> None:
    result = invoke(
        "set",
        str(case_folder),
        "member.id=W123",
        "notice_date=2026-01-05",
        "service.codes=72148, 72149",
        "--today",
        TODAY.isoformat(),
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(case_folder)
    assert read_corrections(case_folder) == {
        "member.id": "W123",
        "notice_date": date(2026, 1, 5),
        "service.codes": ["72148", "72149"],
    }
    case = load_case(case_folder)
    assert case.denial.member.id == "W123" and case.extracted.member.id == "W000000"
    assert [h["action"] for h in read_history(case_folder)][-4:] == ["corrected"] * 3 + ["drafted"]
    assert "W123" not in (case_folder / "history.jsonl").read_text()  # values stay out of the audit trail


def test_set_keeps_the_users_other_content(case_folder: Path) -> None:
    path = case_folder / "corrections.toml"
    path.write_text(
        '# checked with the plan on the phone\nreference = "REF-0000"  # as on the fax\n\n'
        '[member]\nname = "Ana Ruiz"\n\n[deadlines.appeal]\ndue = 2026-07-01\n'
    )
    set_correction(case_folder, "member.id", "W9")
    set_correction(case_folder, "deadlines.appeal.due", "2026-06-30")
    set_correction(case_folder, "payer.plan_type", "erisa")
    text = path.read_text()
    assert text == (
        '# checked with the plan on the phone\nreference = "REF-0000"  # as on the fax\n'
        'payer.plan_type = "erisa"\n\n[member]\nname = "Ana Ruiz"\nid = "W9"\n\n'
        "[deadlines.appeal]\ndue = 2026-06-30\n"
    )
    assert load_case(case_folder).denial.deadlines.appeal.due == date(2026, 6, 30)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text, path, value, expected",
    [
        ("", "member.id", "W1", 'member.id = "W1"\n'),
        ('member.id = "X"', "member.id", "W1", 'member.id = "W1"\n'),
        ('"member.id" = "X"\n', "member.id", "W1", 'member.id = "W1"\n'),
        (
            'member . id = "X"\n',
            "member.id",
            'a "quoted" \\ value',
            'member.id = "a \\"quoted\\" \\\\ value"\n',
        ),
        ("[member]\nid = 'X'\n", "member.id", "W1", '[member]\nid = "W1"\n'),
    ],
)
def test_edit_toml(text: str, path: str, value: str, expected: str) -> None:
    assert edit_toml(text, path, value) == expected
    assert tomllib.loads(expected)


@pytest.mark.parametrize(
    "arg, message",
    [
        ("member.idd=W1", "member.idd: not a field that can be set; did you mean member.id?"),
        ("notice_date=Jan 5", "notice_date=Jan 5: not a date; write it YYYY-MM-DD"),
        ("payer.plan_type=hmo", "payer.plan_type=hmo: use one of commercial,"),
        ("provider.npi=12", "provider.npi=12: an NPI is 10 digits"),
        ("diagnosis_codes=M54.50,99213", "diagnosis_codes=99213: not an ICD-10-CM code"),
        ("member.id", "'member.id': write FIELD=VALUE"),
        ("member.id=", "member.id: give a value"),
    ],
)
def test_set_refuses_bad_fields_and_values_and_writes_nothing(
    case_folder: Path, arg: str, message: str
) -> None:
    result = invoke("set", str(case_folder), "reference=OK-1", arg)
    assert result.exit_code == ExitCode.invalid_value, result.output
    assert f"Error: {message}" in result.stderr
    assert not (case_folder / "corrections.toml").exists()


def test_set_by_case_id_in_the_workspace(case_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case_folder.parent.parent)
    result = invoke("set", "REF-0000", "member.id=W5", "--no-draft")
    assert result.exit_code == 0, result.output
    assert read_corrections(case_folder) == {"member.id": "W5"}
    assert invoke("set", "NOPE", "member.id=W5").exit_code == ExitCode.case_not_found


def test_refresh_re_extracts_and_keeps_corrections_and_the_edited_letter(case_folder: Path) -> None:
    set_correction(case_folder, "member.id", "W777")
    case = load_case(case_folder)
    case.extracted.member.id = "stale"  # as an older version might have read it
    from packet.case import save_case

    save_case(case)
    letter = case_folder / "letter.docx"
    letter.write_bytes(letter.read_bytes() + b"\0")  # the user edited the letter
    edited = sha256_file(letter)
    result = invoke("refresh", str(case_folder), "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert "fields changed: member.id" in result.stderr
    assert "letter.new.docx" in result.stderr
    after = load_case(case_folder)
    assert after.extracted.member.id == "W000000" and after.denial.member.id == "W777"
    assert read_corrections(case_folder) == {"member.id": "W777"}
    assert sha256_file(letter) == edited and (case_folder / "letter.new.docx").is_file()
    assert "refreshed" in [h["action"] for h in read_history(case_folder)]


def test_refresh_without_draft_and_a_closed_case(case_folder: Path) -> None:
    from packet.track import record_submitted

    record_submitted(case_folder, on=TODAY, via="fax", today=TODAY, force=True)
    before = sha256_file(case_folder / "letter.docx")
    r = refresh_case(case_folder, today=TODAY)
    assert r.letter is None and r.case.state == "submitted"
    assert sha256_file(case_folder / "letter.docx") == before


def test_coerce_is_checked_in_the_library_too(case_folder: Path) -> None:
    with pytest.raises(InvalidValueError):
        set_correction(case_folder, "deadlines.expedited_decision_hours", "soon")
    set_correction(case_folder, "deadlines.expedited_decision_hours", "72")
    assert load_case(case_folder).denial.deadlines.expedited_decision_hours == 72


def test_every_new_command_has_help_with_examples() -> None:
    for cmd in ("init", "run", "watch", "set", "refresh"):
        result = invoke(cmd, "-h")
        assert result.exit_code == 0 and "Examples:" in result.output, cmd


def test_unset_removes_only_that_correction_and_the_extracted_value_counts_again(case_folder: Path) -> None:
    path = case_folder / "corrections.toml"
    path.write_text(
        '# from the phone call\nreference = "REF-9"\n\n[member]\nid = "W9"  # typo?\nname = "Ana Ruiz"\n'
    )
    r = invoke("set", str(case_folder), "--unset", "member.id", "--today", TODAY.isoformat())
    assert r.exit_code == 0, r.output
    assert path.read_text() == '# from the phone call\nreference = "REF-9"\n\n[member]\nname = "Ana Ruiz"\n'
    case = load_case(case_folder)
    assert case.denial.member.id == case.extracted.member.id == "W000000"
    assert case.denial.reference == "REF-9"
    assert read_history(case_folder)[-2]["action"] == "correction removed"


def test_unset_of_a_field_without_a_correction_is_refused_and_writes_nothing(case_folder: Path) -> None:
    path = case_folder / "corrections.toml"
    path.write_text('reference = "REF-9"\n')
    r = invoke("set", str(case_folder), "--unset", "member.id")
    assert r.exit_code == ExitCode.invalid_value
    assert r.stderr.strip().splitlines()[-1] == (
        "Error: member.id: REF-0000 has no correction for it (its corrections: reference)"
    )
    assert path.read_text() == 'reference = "REF-9"\n'
    r = invoke("set", str(case_folder))
    assert r.exit_code == 2 and "--unset FIELD" in r.stderr
