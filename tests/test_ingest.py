"""packet run: each inbox PDF becomes a complete case; duplicates and failures are set aside, nothing lost."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from packet.case import load_case, read_history
from packet.cli import main
from packet.exceptions import ExitCode
from packet.fsutil import sha256_file
from packet.ingest import Ingest, run_inbox, scan_inbox
from packet.workspace import base_case_id, is_junk, safe_id
from tests.helpers.workspace import TODAY, denial, workspace

CASE_FILES = {"denial.pdf", "case.json", "letter.docx", "records", "history.jsonl"}


def run(ws: Path, *args: str) -> object:
    return CliRunner().invoke(main, ["run", str(ws), "--today", TODAY.isoformat(), *args])


def test_each_pdf_becomes_a_complete_case_and_leaves_the_inbox(tmp_path: Path) -> None:
    ws = workspace(tmp_path, 3)
    originals = {p.name: p.read_bytes() for p in (ws / "inbox").iterdir()}
    result = run(ws, "--jobs", "1")
    assert result.exit_code == 0, result.output
    cases = sorted(p.name for p in (ws / "cases").iterdir())
    assert cases == ["REF-0000", "REF-0001", "REF-0002"]
    assert result.stdout.split() == [str(ws / "cases" / c) for c in cases]
    assert "3 files: 3 new cases, 0 duplicates, 0 failed" in result.stderr
    assert not list((ws / "inbox").glob("*.pdf"))
    assert list((ws / ".incoming").iterdir()) == []
    for i, name in enumerate(cases):
        folder = ws / "cases" / name
        assert {p.name for p in folder.iterdir()} == CASE_FILES
        assert (folder / "denial.pdf").read_bytes() == originals[f"d{i:02d}.pdf"]  # byte-identical
        assert list((folder / "records").iterdir()) == []
        case = load_case(folder)
        assert case.id == name and case.state == "drafted"
        assert case.extracted.source.file == f"d{i:02d}.pdf"
        assert case.extracted.source.sha256 == sha256_file(folder / "denial.pdf")
        history = read_history(folder)
        assert [h["action"] for h in history] == ["created", "drafted"]
        assert history[0]["inputs"]["denial"]["sha256"] == case.extracted.source.sha256
        assert history[0]["tool_version"] and history[0]["time"]
        assert stat.S_IMODE((folder / "case.json").stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_same_file_again_goes_to_duplicates(tmp_path: Path) -> None:
    ws = workspace(tmp_path, 1)
    keep = (ws / "inbox" / "d00.pdf").read_bytes()
    assert run(ws).exit_code == 0
    (ws / "inbox" / "again.pdf").write_bytes(keep)
    (ws / "inbox" / "again copy.pdf").write_bytes(keep)
    result = run(ws, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["created"], summary["duplicate"], summary["failed"]) == (0, 2, 0)
    assert {f["case"] for f in summary["files"]} == {"REF-0000"}
    assert sorted(p.name for p in (ws / "inbox" / "duplicates").iterdir()) == ["again copy.pdf", "again.pdf"]
    assert [p.name for p in (ws / "cases").iterdir()] == ["REF-0000"]


def test_a_failing_file_goes_to_failed_with_its_reason_and_the_others_go_on(tmp_path: Path) -> None:
    ws = workspace(tmp_path, 2)
    (ws / "inbox" / "notes.pdf").write_bytes(b"<html>not a pdf</html>")
    (ws / "inbox" / "empty.pdf").write_bytes(b"")
    result = run(ws, "--jobs", "1")
    assert result.exit_code == ExitCode.some_inputs_failed, result.output
    assert "4 files: 2 new cases, 0 duplicates, 2 failed" in result.stderr
    assert "2 of 4 files failed; see the .error.txt files in" in result.stderr
    failed = ws / "inbox" / "failed"
    assert sorted(p.name for p in failed.iterdir()) == [
        "empty.pdf",
        "empty.pdf.error.txt",
        "notes.pdf",
        "notes.pdf.error.txt",
    ]
    text = (failed / "notes.pdf.error.txt").read_text()
    assert text.startswith("notes.pdf: ") and text.count("\n") == 1
    assert text.endswith("not a PDF; save or export the denial letter as PDF and try again\n")
    assert (failed / "empty.pdf.error.txt").read_text().startswith("empty.pdf: the file is empty (0 bytes);")
    assert len(list((ws / "cases").iterdir())) == 2
    assert list((ws / ".incoming").iterdir()) == []  # no temporary folder left


def test_junk_is_left_alone(tmp_path: Path) -> None:
    ws = workspace(tmp_path, 1)
    junk = [
        ".DS_Store",
        "Thumbs.db",
        "~$letter.docx",
        "big.pdf.part",
        "x.pdf.crdownload",
        "y.tmp",
        ".hidden.pdf",
    ]
    for name in junk:
        (ws / "inbox" / name).write_bytes(b"partial")
    assert [p.name for p in scan_inbox(ws)] == ["d00.pdf"]
    assert run(ws).exit_code == 0
    assert sorted(p.name for p in (ws / "inbox").iterdir()) == sorted(junk)
    assert all(is_junk(n) for n in junk) and not is_junk("denial.pdf")


def test_case_ids() -> None:
    assert safe_id("GSH-2026/0117") == "GSH-2026-0117"
    assert safe_id("  Réf: 12 34 ") == "Ref-12-34"
    assert safe_id("../../etc") == "etc"
    assert safe_id("CON") == "CON-case"
    assert safe_id("a" * 100) == "a" * 64
    assert safe_id("???") == ""
    from datetime import date

    assert base_case_id(None, date(2026, 1, 12), "1a2b3c4d" + "0" * 56) == "2026-01-12-1a2b3c4d"
    assert base_case_id("///", None, "ffffffff" + "0" * 56) == "undated-ffffffff"


def test_same_reference_gets_a_suffix_and_no_reference_gets_date_and_hash(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    denial(ws / "inbox" / "a.pdf", "RX-2026-0007", member_id="A1")
    denial(ws / "inbox" / "b.pdf", "RX-2026-0007", member_id="B2")
    no_ref = denial(ws / "inbox" / "c.pdf", None, member_id="C3")
    sha = sha256_file(no_ref)
    assert run(ws, "--jobs", "1").exit_code == 0
    expected = ["RX-2026-0007", "RX-2026-0007-2", f"2026-01-12-{sha[:8]}"]
    assert sorted(p.name for p in (ws / "cases").iterdir()) == sorted(expected)
    assert load_case(ws / "cases" / "RX-2026-0007-2").id == "RX-2026-0007-2"


def test_parallel_workers_keep_case_ids_unique(tmp_path: Path) -> None:
    ws = workspace(tmp_path, 4)
    for i in range(6):
        denial(ws / "inbox" / f"same-{i}.pdf", "SAME-2026-0009", member_id=f"S{i}")
    summary = run_inbox(ws, jobs=2, today=TODAY)
    assert summary.counts()["created"] == 10
    ids = sorted(p.name for p in (ws / "cases").iterdir())
    same = ["SAME-2026-0009"] + [f"SAME-2026-0009-{i}" for i in range(2, 7)]
    assert ids == sorted([f"REF-{i:04d}" for i in range(4)] + same)
    assert all(load_case(ws / "cases" / i).id == i for i in ids)


def test_a_link_out_of_the_inbox_is_not_followed(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    secret = denial(tmp_path / "elsewhere.pdf", "SECRET-1")
    before = secret.read_bytes()
    (ws / "inbox" / "link.pdf").symlink_to(secret)
    (ws / "inbox" / "dangling.pdf").symlink_to(tmp_path / "nowhere.pdf")
    result = run(ws)
    assert result.exit_code == ExitCode.some_inputs_failed
    failed = ws / "inbox" / "failed"
    assert (failed / "link.pdf").is_symlink() and secret.read_bytes() == before
    assert (failed / "link.pdf.error.txt").read_text().startswith("link.pdf: a symbolic link;")
    assert (failed / "dangling.pdf").is_symlink()
    assert not list((ws / "cases").iterdir())


def test_hostile_names_are_handled_and_shown_escaped(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    denial(ws / "inbox" / "-rf.pdf", "DASH-1")
    (ws / "inbox" / "two\nlines.pdf").write_bytes(b"garbage")
    result = run(ws, "--jobs", "1")
    assert result.exit_code == ExitCode.some_inputs_failed
    assert [p.name for p in (ws / "cases").iterdir()] == ["DASH-1"]
    assert load_case(ws / "cases" / "DASH-1").extracted.source.file == "-rf.pdf"
    error = (ws / "inbox" / "failed" / "two\nlines.pdf.error.txt").read_text()
    assert error.count("\n") == 1 and error.startswith("two\\nlines.pdf: ")


def test_an_interrupted_move_is_finished_not_taken_for_a_duplicate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = workspace(tmp_path, 2)
    from packet import ingest

    monkeypatch.setattr(ingest, "_remove_input", lambda job: None)  # killed between rename and unlink
    run_inbox(ws, jobs=1, today=TODAY)
    assert len(list((ws / "inbox").glob("*.pdf"))) == 2
    monkeypatch.undo()
    (ws / ".incoming" / "abc.part").mkdir()  # a temporary folder left by a killed run
    shutil.copy(ws / "cases" / "REF-0000" / "denial.pdf", ws / "inbox" / "copy.pdf")  # a real duplicate
    summary = run_inbox(ws, jobs=1, today=TODAY)
    assert sorted((r.file, r.status) for r in summary.results) == [
        ("copy.pdf", "duplicate"),
        ("d00.pdf", "recovered"),
        ("d01.pdf", "recovered"),
    ]
    assert sorted(p.name for p in (ws / "cases").iterdir()) == ["REF-0000", "REF-0001"]
    assert not list((ws / "inbox").glob("*.pdf"))
    assert list((ws / ".incoming").iterdir()) == []


def test_run_on_a_locked_workspace_is_refused(tmp_path: Path) -> None:
    from packet.workspace import workspace_lock

    ws = workspace(tmp_path, 1)
    with workspace_lock(ws):
        result = run(ws)
    assert result.exit_code == ExitCode.workspace_locked
    assert "another 'packet run' or 'packet watch' is working on this workspace" in result.stderr
    assert (ws / "inbox" / "d00.pdf").exists()


def test_not_a_workspace(tmp_path: Path) -> None:
    result = run(tmp_path)
    assert result.exit_code == ExitCode.not_a_workspace


def test_a_deleted_case_can_be_made_again(tmp_path: Path) -> None:
    ws = workspace(tmp_path, 1)
    keep = (ws / "inbox" / "d00.pdf").read_bytes()
    run_inbox(ws, jobs=1, today=TODAY)
    shutil.rmtree(ws / "cases" / "REF-0000")
    (ws / "inbox" / "d00.pdf").write_bytes(keep)
    assert Ingest(ws).known == {}
    assert run_inbox(ws, jobs=1, today=TODAY).counts()["created"] == 1


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    result = run(ws, "--jobs", "0")
    assert result.exit_code == 2


def test_settings_modes_apply_to_new_cases(tmp_path: Path) -> None:
    ws = workspace(tmp_path, 1)
    toml = ws / "packet.toml"
    toml.write_text(toml.read_text().replace("file_mode = 0o600", "file_mode = 0o640"))
    run_inbox(ws, jobs=1, today=TODAY)
    assert stat.S_IMODE((ws / "cases" / "REF-0000" / "denial.pdf").stat().st_mode) == 0o640
    assert os.access(ws / "cases" / "REF-0000" / "letter.docx", os.R_OK)


def test_a_name_too_long_for_its_error_file_still_fails_cleanly(tmp_path: Path) -> None:
    ws = workspace(tmp_path, 1)
    long_name = "x" * 250 + ".pdf"  # <name>.error.txt would be over the 255-byte limit
    (ws / "inbox" / long_name).write_bytes(b"not a pdf")
    summary = run_inbox(ws, jobs=1, today=TODAY)
    assert summary.counts() == {"created": 1, "duplicate": 0, "failed": 1, "recovered": 0}
    failed = summary.failed[0]
    assert failed.error and failed.error.startswith("xxx") and failed.moved_to is not None
    # issue 16, item 17: it goes to failed/ under a shortened name, with its .error.txt beside it
    assert failed.moved_to.name.startswith("xxx") and failed.moved_to.read_bytes() == b"not a pdf"
    assert (failed.moved_to.parent / (failed.moved_to.name + ".error.txt")).is_file()
    assert not (ws / "inbox" / long_name).exists()


def test_a_full_disk_leaves_the_letter_in_the_inbox_for_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from packet.exceptions import OutputError
    from packet.ingest import make

    ws = workspace(tmp_path, 2)
    before = {p.name: p.read_bytes() for p in (ws / "inbox").glob("*.pdf")}
    real_save = make.save_case
    calls = []

    def full_disk(case: object, mode: int) -> object:
        calls.append(1)
        if len(calls) == 1:  # the first case cannot be written
            raise OutputError(ws / "cases", "the disk is full")
        return real_save(case, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(make, "save_case", full_disk)
    result = run(ws, "--jobs", "1")
    assert result.exit_code == ExitCode.some_inputs_failed, result.output
    assert "d00.pdf" in result.stderr and "stays in the inbox" in result.stderr
    assert {p.name: p.read_bytes() for p in (ws / "inbox").glob("*.pdf")} == {"d00.pdf": before["d00.pdf"]}
    assert not (ws / "inbox" / "failed").exists() or not list((ws / "inbox" / "failed").iterdir())
    assert sorted(p.name for p in (ws / "cases").iterdir()) == ["REF-0001"]
    assert list((ws / ".incoming").iterdir()) == []
    monkeypatch.setattr(make, "save_case", real_save)
    assert run(ws, "--jobs", "1").exit_code == 0  # space freed: the next run finishes it
    assert sorted(p.name for p in (ws / "cases").iterdir()) == ["REF-0000", "REF-0001"]
    assert not list((ws / "inbox").glob("*.pdf"))


def test_workers_start_from_a_server_when_other_threads_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    from packet.ingest import run as run_module

    asked: list[str | None] = []
    real = multiprocessing.get_context

    def spy(method: str | None = None) -> object:
        asked.append(method)
        return real(method)

    monkeypatch.setattr(multiprocessing, "get_context", spy)
    monkeypatch.setattr(run_module, "_threads", lambda: 3)  # as under 'packet watch' (its native watcher)
    ws = workspace(tmp_path, 3)
    summary = run_inbox(ws, jobs=2, today=TODAY)
    assert summary.counts()["created"] == 3
    assert asked == ["forkserver"]
    monkeypatch.setattr(run_module, "_threads", lambda: 1)  # as under 'packet run': the faster fork
    ws2 = workspace(tmp_path / "b", 2)
    assert run_inbox(ws2, jobs=2, today=TODAY).counts()["created"] == 2
    assert asked == ["forkserver", None]
