"""A 'packet run' killed with SIGKILL at any moment loses nothing and leaves nothing half-written.

Three workspaces of 30 letters each; in each, 7 runs are killed at random points (spread over the run:
after a random number of cases have appeared, plus a random fraction of one file's time), then one run
finishes the rest. After every kill: each input is either still in the inbox, byte-identical, or in
exactly one complete case (never both, never neither); every case folder is complete and readable; the
only other thing a kill may leave is a temporary folder in .incoming/ (never in cases/), which the next
run removes.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from packet.case import load_case, read_history
from packet.fsutil import sha256_file
from packet.workspace import init_workspace
from tests.helpers.workspace import TODAY, denial

FILES = 30
WORKSPACES = 3
KILLS_PER_WORKSPACE = 7
CASE_FILES = {"denial.pdf", "case.json", "letter.docx", "records", "history.jsonl"}
WORKSPACE_ENTRIES = {"packet.toml", ".packet.lock", "inbox", "cases", "templates", ".incoming", ".tmp"}
ROOT = Path(__file__).resolve().parent.parent


def start_run(ws: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "packet", "run", str(ws), "--jobs", "1", "--today", TODAY.isoformat()],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def case_count(ws: Path) -> int:
    return sum(1 for _ in (ws / "cases").iterdir())


def kill_at_random(proc: subprocess.Popen[bytes], ws: Path, rng: random.Random) -> bool:
    """Kill ``proc`` once a random number of further cases exist, plus up to one file's time; False if it
    finished first."""
    target = case_count(ws) + rng.randrange(0, 4)
    deadline = time.monotonic() + 60
    while case_count(ws) < target and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    try:
        proc.wait(timeout=rng.uniform(0, 0.12))  # a random kill point within the next file
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True


def check(ws: Path, originals: dict[str, bytes]) -> tuple[int, int, int]:
    """The invariants after a kill; returns (inputs in the inbox, inputs in cases, temporary folders)."""
    assert {p.name for p in ws.iterdir()} <= WORKSPACE_ENTRIES
    assert {p.name for p in (ws / "inbox").iterdir()} <= {f"d{i:02d}.pdf" for i in range(FILES)}  # no failed/
    inbox = {}
    for p in (ws / "inbox").iterdir():
        data = p.read_bytes()
        sha = sha256_file(p)
        assert originals.get(sha) == data, f"{p.name} changed in the inbox"
        inbox[sha] = p.name
    in_cases: dict[str, str] = {}
    incoming = ws / ".incoming"
    temporary = len(list(incoming.iterdir())) if incoming.exists() else 0  # removed by the next run
    for folder in (ws / "cases").iterdir():
        assert not folder.name.startswith("."), folder.name
        assert {p.name for p in folder.iterdir()} == CASE_FILES, f"{folder.name} is incomplete"
        sha = sha256_file(folder / "denial.pdf")
        assert sha in originals and sha not in in_cases
        case = load_case(folder)
        assert case.id == folder.name and case.extracted.source.sha256 == sha and case.state == "drafted"
        with zipfile.ZipFile(folder / "letter.docx") as z:
            assert z.testzip() is None
        assert [h["action"] for h in read_history(folder)] == ["created", "drafted"]
        json.loads((folder / "case.json").read_text())
        in_cases[sha] = folder.name
    assert not set(inbox) & set(in_cases), "an input is both in the inbox and in a case"
    assert set(inbox) | set(in_cases) == set(originals), "an input is neither in the inbox nor in a case"
    return len(inbox), len(in_cases), temporary


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    rng = random.Random(20260120)
    src = tmp_path / "letters"
    src.mkdir()
    for i in range(FILES):
        denial(src / f"d{i:02d}.pdf", f"KILL-{i:04d}", member_id=f"K{i:06d}")
    originals = {sha256_file(p): p.read_bytes() for p in src.iterdir()}
    kills = 0
    states = set()
    for n in range(WORKSPACES):
        ws = init_workspace(tmp_path / f"ws{n}")
        for p in src.iterdir():
            shutil.copy(p, ws / "inbox" / p.name)
        for _ in range(KILLS_PER_WORKSPACE):
            killed = kill_at_random(start_run(ws), ws, rng)
            kills += killed
            states.add((n, *check(ws, originals)))
            if not killed:
                break
        final = start_run(ws)
        assert final.wait(timeout=120) == 0
        assert check(ws, originals) == (0, FILES, 0)
        assert list((ws / ".incoming").iterdir()) == []
        assert not (ws / "inbox" / "duplicates").exists()
        assert sorted(os.listdir(ws / "cases")) == [f"KILL-{i:04d}" for i in range(FILES)]
    assert kills >= 20
    assert len(states) >= 15  # the kills landed at many different points of the runs
    assert sum(1 for s in states if s[3]) >= 5  # ... many of them in the middle of writing a case
