"""Issue 16, item 4: a change to a case made while its packet is being built is not undone by the build.

Real processes: 'packet build' on a case with a long record (so it runs for a while), and during it
'packet set' (which re-drafts the letter and records its hash) and 'packet submitted'. After all three,
case.json holds the submission, the new letter's hash and the build; history.jsonl has every action.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from packet.case import read_corrections, read_history, update_case
from packet.fsutil import sha256_file
from samples.cases import make_case, text_pdf

ROOT = Path(__file__).resolve().parent.parent


def packet(*args: str) -> list[str]:
    return [sys.executable, "-m", "packet", *args]


def test_set_and_submitted_during_a_build_are_kept(tmp_path: Path) -> None:
    folder = make_case(tmp_path, {"chart.pdf": lambda p: text_pdf(p, 2000, "Chart")}, letter="docx")
    ws = folder.parent.parent
    letter = sha256_file(folder / "letter.docx")
    update_case(folder, lambda c: setattr(c, "letter_sha256", letter))  # as drafted: 'set' re-drafts it
    build = subprocess.Popen(
        packet("build", str(folder)), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while not list(folder.glob(".packet.*.part")) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # the build has read case.json and is writing its parts
    assert build.poll() is None, "the build ended before the changes could be made; make the record longer"
    for cmd in (
        packet("set", "case-1", "member.id=W999", "--workspace", str(ws)),
        packet(
            "submitted", "case-1", "--on", "2026-01-20", "--via", "fax", "--force", "--workspace", str(ws)
        ),
    ):
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()[-400:]
    assert build.poll() is None, "the build ended before the changes were made; make the record longer"
    _, err = build.communicate(timeout=300)
    assert build.returncode == 0, err.decode()[-400:]

    meta = json.loads((folder / "case.json").read_text())["case"]
    assert meta["state"] == "submitted"
    assert meta["submitted"] == {"on": "2026-01-20", "via": "fax"}
    assert meta["letter_sha256"] == sha256_file(folder / "letter.docx") != letter  # the re-drafted one
    assert meta["build"]["pages"] > 2000
    assert read_corrections(folder) == {"member.id": "W999"}
    actions = [h["action"] for h in read_history(folder)]
    assert {"corrected", "drafted", "submitted", "build"} <= set(actions)
    assert not (folder / "letter.new.docx").exists()
