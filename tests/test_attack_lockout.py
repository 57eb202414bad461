"""Issue 16, item 1: killing the parent of 'packet run --jobs 2' leaves no worker behind and no lock held.

Real processes: a run over enough letters that its two workers are busy, SIGKILL to the parent only (its
workers get no signal), then a bounded poll until the workers are gone, and a second run that succeeds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers.workspace import TODAY, workspace

ROOT = Path(__file__).resolve().parent.parent


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            out.append(int(entry))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def packet_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "packet", *args]


def wait_for(predicate: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return bool(predicate())  # type: ignore[operator]


def test_killing_the_parent_of_a_parallel_run_leaves_no_worker_and_no_lock(tmp_path: Path) -> None:
    ws = workspace(tmp_path, 24)
    proc = subprocess.Popen(
        packet_cmd("run", str(ws), "--jobs", "2", "--today", TODAY.isoformat()),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert wait_for(lambda: len(children(proc.pid)) >= 2 or proc.poll() is not None, 60)
    workers = children(proc.pid)
    assert len(workers) >= 2, "the run finished before its workers could be seen; give it more letters"
    assert wait_for(lambda: any((ws / "cases").iterdir()), 60)  # the workers are busy with letters
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    gone = wait_for(lambda: not any(alive(w) for w in workers), 15)
    leftover = [w for w in workers if alive(w)]
    for w in leftover:  # do not leave them behind when the test fails
        os.kill(w, signal.SIGKILL)
    assert gone, f"workers {leftover} outlived their parent"
    second = subprocess.run(
        packet_cmd("run", str(ws), "--jobs", "2", "--today", TODAY.isoformat()),
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )
    assert second.returncode == 0, second.stderr.decode()[-500:]
    assert not list((ws / "inbox").glob("*.pdf"))
    assert len(list((ws / "cases").iterdir())) == 24


def test_sigterm_during_a_parallel_run_reports_what_is_left(tmp_path: Path) -> None:
    """Issue 16, item 18: SIGTERM finishes the files being processed, and the summary counts the rest."""
    import json

    ws = workspace(tmp_path, 20)
    proc = subprocess.Popen(
        packet_cmd("run", str(ws), "--jobs", "2", "--json", "--today", TODAY.isoformat()),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert wait_for(lambda: any((ws / "cases").iterdir()) or proc.poll() is not None, 60)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    summary = json.loads(out)
    remaining = len(list((ws / "inbox").glob("*.pdf")))
    assert remaining > 0, "the run finished before SIGTERM; give it more letters"
    assert summary["left"] == remaining, err.decode()[-300:]
    assert len(list((ws / "cases").iterdir())) == 20 - remaining
