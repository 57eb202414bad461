"""Issue 16, items 6 and 7: folders in the inbox are not files, the workspace's own folders are not links,
and purge finds every copy of a case's letter."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from packet.ingest import run_inbox
from packet.purge import plan_purge, purge_case
from samples.hostile import truncated
from tests.helpers.workspace import TODAY, denial, workspace

ROOT = Path(__file__).resolve().parent.parent


def wait_for(condition: Callable[[], bool], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_watch_leaves_folders_in_the_inbox_alone(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    mine = ws / "inbox" / "scans to sort"
    mine.mkdir()
    denial(mine / "inside.pdf", "FOLDER-0001")
    proc = subprocess.Popen(
        [sys.executable, "-m", "packet", "watch", str(ws), "--interval", "0.1", "--rescan", "1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(1.0)
        truncated(ws / "inbox" / "broken.pdf")  # makes inbox/failed/
        denial(ws / "inbox" / "good.pdf", "FOLDER-0002")
        assert wait_for(lambda: (ws / "inbox" / "failed" / "broken.pdf.error.txt").is_file(), 60)
        assert wait_for(lambda: len(list((ws / "cases").iterdir())) == 1, 60)
        time.sleep(2.5)  # events for failed/ and a rescan or two
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    assert (mine / "inside.pdf").is_file()  # the user's folder stayed where it was
    assert sorted(p.name for p in (ws / "inbox").iterdir()) == ["failed", "scans to sort"]
    assert sorted(p.name for p in (ws / "inbox" / "failed").iterdir()) == [
        "broken.pdf",
        "broken.pdf.error.txt",
    ]


def test_run_leaves_folders_in_the_inbox_alone(tmp_path: Path) -> None:
    ws = workspace(tmp_path, 1)
    (ws / "inbox" / "failed").mkdir()
    (ws / "inbox" / "mine").mkdir()
    summary = run_inbox(ws, jobs=1, today=TODAY)
    assert [r.status for r in summary.results] == ["created"]
    assert sorted(p.name for p in (ws / "inbox").iterdir()) == ["failed", "mine"]


def test_purge_finds_every_copy_of_the_letter(tmp_path: Path) -> None:
    ws = workspace(tmp_path, 1)
    run_inbox(ws, jobs=1, today=TODAY)
    (folder,) = (ws / "cases").iterdir()
    copies = [
        ws / "inbox" / "duplicates" / "again.pdf",
        ws / "inbox" / "failed" / "earlier.pdf",
        ws / ".incoming" / "tmpabc.part" / "d00.pdf",
        ws / ".tmp" / "p999999" / "packet-build-x" / "denial.pdf",
    ]
    for c in copies:
        c.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(folder / "denial.pdf", c)
    (ws / "inbox" / "failed" / "earlier.pdf.error.txt").write_text("reason\n")
    denial(ws / "inbox" / "failed" / "other.pdf", "OTHER-1")  # another letter: kept
    plan = plan_purge(folder.name, ws)
    assert sorted(plan.duplicates) == sorted(copies)
    purge_case(plan)
    assert not folder.exists()
    assert not any(c.exists() for c in copies)
    assert not (ws / "inbox" / "failed" / "earlier.pdf.error.txt").exists()
    assert (ws / "inbox" / "failed" / "other.pdf").is_file()


def test_a_linked_failed_folder_is_not_followed(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    outside = tmp_path / "world-writable"
    outside.mkdir(mode=0o777)
    (ws / "inbox" / "failed").symlink_to(outside)
    truncated(ws / "inbox" / "broken.pdf")
    summary = run_inbox(ws, jobs=1, today=TODAY)
    assert {r.status for r in summary.results} == {"failed"}  # broken.pdf, and the link itself
    assert list(outside.iterdir()) == []  # nothing of the patient's left the workspace
    assert (ws / "inbox" / "broken.pdf").is_file()  # it stays in the inbox, the reason logged


def test_a_linked_incoming_folder_is_not_followed(tmp_path: Path) -> None:
    ws = workspace(tmp_path, 1)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (ws / ".incoming").symlink_to(outside)
    run_inbox(ws, jobs=1, today=TODAY)
    assert list(outside.iterdir()) == []
    assert list((ws / "cases").iterdir()) == []


def test_an_inbox_file_that_cannot_be_removed_does_not_stop_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16, item 8: an immutable leftover (its case complete) is one line; the other files go on."""
    from packet import ingest

    ws = workspace(tmp_path, 1)
    monkeypatch.setattr(ingest, "_remove_input", lambda job: None)  # killed between rename and unlink
    run_inbox(ws, jobs=1, today=TODAY)
    monkeypatch.undo()
    stuck = ws / "inbox" / "d00.pdf"
    if subprocess.run(["chattr", "+i", str(stuck)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i needs root and a file system that supports it")
    try:
        denial(ws / "inbox" / "later.pdf", "LATER-1")
        summary = run_inbox(ws, jobs=1, today=TODAY)
        again = run_inbox(ws, jobs=1, today=TODAY)
    finally:
        subprocess.run(["chattr", "-i", str(stuck)], check=True)
    assert sorted((r.file, r.status) for r in summary.results) == [
        ("d00.pdf", "recovered"),
        ("later.pdf", "created"),
    ]
    assert "cannot be removed" in (next(r.note for r in summary.results if r.file == "d00.pdf") or "")
    assert [r.status for r in again.results] == ["recovered"]
    assert len(list((ws / "cases").iterdir())) == 2
