"""Issue 16, item 11: a killed build leaves no copy of a patient's letter behind and no LibreOffice running.

Real processes: 'packet build --all' is killed (the parent alone, or its whole process group) while
LibreOffice converts the letters. Then: no LibreOffice of it is left, nothing was written to the system's
temporary folder (TMPDIR points at an empty folder the test watches), and the next build removes what
the killed one left in the workspace (.tmp/, .part folders in the case).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from samples.cases import letter_docx, make_case

ROOT = Path(__file__).resolve().parent.parent


def processes_mentioning(text: str) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmd = Path(f"/proc/{entry}/cmdline").read_bytes()
                state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if text.encode() in cmd and state != "Z":
                out.append(int(entry))
    return out


def wait_until(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


@pytest.mark.parametrize("group", [False, True], ids=["parent-only", "whole-group"])
def test_killed_build_leaves_no_libreoffice_and_no_temp_copy(
    tmp_path: Path, group: bool, need_tool: Callable[[str], str]
) -> None:
    need_tool("libreoffice")
    folder = make_case(tmp_path, {"notes.docx": letter_docx}, letter="docx")
    ws = folder.parent.parent
    systmp = tmp_path / "systmp"
    systmp.mkdir()
    env = {**os.environ, "TMPDIR": str(systmp)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "packet", "build", "--all", str(ws)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        assert wait_until(lambda: bool(processes_mentioning("soffice")) or proc.poll() is not None, 60)
        assert proc.poll() is None, "the build ended before LibreOffice was seen"
        time.sleep(0.5)  # LibreOffice is converting
        if group:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        gone = wait_until(lambda: not processes_mentioning(str(tmp_path)), 15)
        left = processes_mentioning(str(tmp_path))
        assert gone, f"LibreOffice outlived the build: {left}"
    finally:
        for pid in processes_mentioning(str(tmp_path)):
            os.kill(pid, signal.SIGKILL)
    assert list(systmp.iterdir()) == []  # no patient's letter in the system's temporary folder

    again = subprocess.run(
        [sys.executable, "-m", "packet", "build", "--all", str(ws)],
        cwd=ROOT, env=env, capture_output=True, timeout=300,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr.decode()[-500:]
    assert (folder / "packet.pdf").is_file()
    assert list((ws / ".tmp").iterdir()) == []
    assert [p.name for p in folder.iterdir() if p.name.endswith(".part")] == []
    assert list(systmp.iterdir()) == []
