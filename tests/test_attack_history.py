"""Issue 16, item 10: history.jsonl is the audit trail. A last line cut short (a full disk, a crash) does not
swallow the next entry, and a change is not made when its history line cannot be written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from packet.case import HISTORY_FILE, history_entry, read_history, update_case
from packet.corrections import set_correction
from packet.exceptions import OutputError
from samples.cases import make_case


def test_an_entry_after_a_cut_short_line_starts_on_its_own_line(tmp_path: Path) -> None:
    folder = make_case(tmp_path)
    (folder / HISTORY_FILE).write_text(
        '{"time": "2026-01-20T10:00:00+00:00", "action": "drafted"}\n{"time": "20'
    )
    set_correction(folder, "member.id", "W999")
    lines = (folder / HISTORY_FILE).read_text().splitlines()
    assert lines[1] == '{"time": "20'
    assert json.loads(lines[2])["action"] == "corrected"
    assert [h["action"] for h in read_history(folder)] == ["drafted", "corrected"]


def test_a_correction_is_not_kept_when_its_history_line_cannot_be_written(tmp_path: Path) -> None:
    folder = make_case(tmp_path)
    (folder / HISTORY_FILE).mkdir()  # cannot be appended to
    with pytest.raises(OutputError):
        set_correction(folder, "member.id", "W999")
    assert not (folder / "corrections.toml").exists()


def test_a_case_change_is_not_kept_when_its_history_line_cannot_be_written(tmp_path: Path) -> None:
    folder = make_case(tmp_path)
    before = (folder / "case.json").read_bytes()
    (folder / HISTORY_FILE).mkdir()

    def change(case: object) -> None:
        case.state = "built"  # type: ignore[attr-defined]

    with pytest.raises(OutputError):
        update_case(folder, change, history=lambda c: history_entry("build"))
    assert (folder / "case.json").read_bytes() == before
    assert [p.name for p in folder.iterdir() if p.name.endswith(".part")] == []
