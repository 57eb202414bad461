"""The same denial twice, recognised by its content (reference, member ID and notice date) and not only by
its bytes: a re-sent fax (other bytes, same letter) and a scan beside its text copy go to
inbox/duplicates/ with a line naming the case they repeat. Real sample letters through 'packet run'."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from packet.cli import main
from packet.ingest import run_inbox
from packet.workspace import init_workspace
from tests.helpers.paths import SAMPLES

TODAY = date(2026, 11, 22)
LETTER = "01-mri-commercial.pdf"


def test_a_resent_copy_with_other_bytes_is_a_duplicate_of_its_case(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    shutil.copy(SAMPLES / "denials" / LETTER, ws / "inbox" / "first.pdf")
    first = run_inbox(ws, jobs=1, today=TODAY).results[0]
    assert first.status == "created"
    again = (SAMPLES / "denials" / LETTER).read_bytes() + b"\n% re-sent by the fax server\n"
    (ws / "inbox" / "resent.pdf").write_bytes(again)
    r = CliRunner().invoke(main, ["run", str(ws), "--today", TODAY.isoformat()])
    assert r.exit_code == 0, r.output
    assert (
        f"resent.pdf: the same denial as case {first.case_id} (reference, member ID and notice date match)"
        in r.stderr
    )
    assert (ws / "inbox" / "duplicates" / "resent.pdf").read_bytes() == again
    assert [p.name for p in (ws / "cases").iterdir()] == [first.case_id]
    assert not list(ws.glob(".incoming/*"))  # the duplicate's half-made case is gone


def test_a_scan_and_its_text_copy_in_one_run_make_one_case(tmp_path: Path, need_tool: Any) -> None:
    need_tool("tesseract")
    ws = init_workspace(tmp_path / "ws")
    shutil.copy(SAMPLES / "denials" / LETTER, ws / "inbox" / "text.pdf")
    shutil.copy(SAMPLES / "scanned" / LETTER, ws / "inbox" / "scan.pdf")
    summary = run_inbox(ws, jobs=2, today=TODAY)
    status = sorted(r.status for r in summary.results)
    assert status == ["created", "duplicate"], [(r.file, r.status, r.error) for r in summary.results]
    created = next(r for r in summary.results if r.status == "created")
    dup = next(r for r in summary.results if r.status == "duplicate")
    assert dup.case_id == created.case_id and "the same denial as case" in (dup.note or "")
    assert len(list((ws / "cases").iterdir())) == 1
    assert (ws / "inbox" / "duplicates" / dup.file).is_file()
