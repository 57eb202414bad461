"""Issue 16, item 9: a damaged case.json is one line naming it, for every command, and 'build --all' and
'status' go on with the other cases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from packet.exceptions import ExitCode
from samples.cases import make_case

ROOT = Path(__file__).resolve().parent.parent
DAMAGE = {
    "cut short": lambda text: text[: len(text) // 2],
    "not JSON": lambda text: "this is not JSON\n",
    "wrong types": lambda text: '{"case": ["a", "list"], "member": 5}\n',
}


def packet(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "packet", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("how", list(DAMAGE))
def test_a_damaged_case_json_is_one_line_and_the_others_go_on(tmp_path: Path, how: str) -> None:
    good = make_case(tmp_path, case_id="good")
    bad = make_case(tmp_path, case_id="bad")
    ws = good.parent.parent
    (bad / "case.json").write_text(DAMAGE[how]((bad / "case.json").read_text()))
    for args in (
        ["build", str(bad)],
        ["set", "bad", "member.id=W1", "--workspace", str(ws)],
        ["refresh", "bad", "--workspace", str(ws)],
        ["draft", str(bad)],
        ["submitted", "bad", "--on", "2026-01-20", "--via", "fax", "--workspace", str(ws)],
    ):
        r = packet(*args)
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert r.returncode == ExitCode.damaged_case, (args, r.stderr[-400:])
        assert len(lines) == 1 and "case.json cannot be read" in lines[0], (args, r.stderr[-400:])
    r = packet("build", "--all", str(ws))
    assert "Traceback" not in r.stderr
    assert (good / "packet.pdf").is_file()
    r = packet("status", str(ws))
    assert r.returncode == 0, r.stderr[-400:]
    assert "PA-2026-00042" in r.stdout


def test_a_bad_value_in_corrections_does_not_stop_status(tmp_path: Path) -> None:
    good = make_case(tmp_path, case_id="good")
    bad = make_case(tmp_path, case_id="bad")
    (bad / "corrections.toml").write_text('service.codes = 5\nnotice_date = "soon"\n')
    r = packet("status", str(good.parent.parent))
    assert r.returncode == 0, r.stderr[-400:]
    assert "Traceback" not in r.stderr
