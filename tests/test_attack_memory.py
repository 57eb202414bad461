"""Issue 16, item 3: a content stream of millions of drawing operators (25 MB packed into 50 KB, under the
stream limit) is refused by the operator limit before pdfium holds it, as a denial, as a record and in
the workers of 'packet run --jobs 2'. Real processes under a 500 MB address-space limit: without the
bound, pdfium alone took 1 GB, so the process would die of it instead of giving the one-line error."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

from packet.exceptions import ExitCode
from samples.cases import make_case
from samples.hostile import path_bomb
from tests.helpers.workspace import workspace

ROOT = Path(__file__).resolve().parent.parent
CAP = 500 * 1024 * 1024


def capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def packet(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "packet", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=capped,
    )


def test_path_bomb_denial_is_refused_within_500_mb(tmp_path: Path) -> None:
    bomb = path_bomb(tmp_path / "denial.pdf")
    r = packet("extract", str(bomb))
    assert r.returncode == ExitCode.input_too_large, r.stderr[-600:]
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert lines == [
        "Error: denial.pdf: page 1 draws over 1,000,000 operators (a memory bomb or a broken file); "
        "print it to a new PDF or scan the paper again"
    ]


def test_path_bomb_record_is_refused_within_500_mb(tmp_path: Path) -> None:
    folder = make_case(tmp_path, {"chart.pdf": path_bomb})
    r = packet("build", str(folder))
    assert r.returncode == ExitCode.input_too_large, r.stderr[-600:]
    assert "chart.pdf: page 1 draws over 1,000,000 operators" in r.stderr
    assert not (folder / "packet.pdf").exists()


def test_two_path_bombs_in_parallel_workers_fail_alone(tmp_path: Path) -> None:
    ws = workspace(tmp_path, 2)
    path_bomb(ws / "inbox" / "bomb-a.pdf")
    shutil.copy(path_bomb(tmp_path / "b.pdf", megabytes=26), ws / "inbox" / "bomb-b.pdf")
    r = packet("run", str(ws), "--jobs", "2", "--today", "2026-01-20")
    assert r.returncode == ExitCode.some_inputs_failed, r.stderr[-600:]
    assert sorted(p.name for p in (ws / "inbox" / "failed").iterdir()) == [
        "bomb-a.pdf", "bomb-a.pdf.error.txt", "bomb-b.pdf", "bomb-b.pdf.error.txt",
    ]  # fmt: skip
    assert "operators" in (ws / "inbox" / "failed" / "bomb-a.pdf.error.txt").read_text()
    assert len(list((ws / "cases").iterdir())) == 2


def test_path_bomb_letter_pdf_is_refused_within_500_mb(tmp_path: Path) -> None:
    folder = make_case(tmp_path, letter=None)
    path_bomb(folder / "letter.pdf")
    r = packet("build", str(folder))
    assert r.returncode == ExitCode.input_too_large, r.stderr[-600:]
    assert "letter.pdf: page 1 draws over 1,000,000 operators" in r.stderr


def test_a_100000_page_record_is_refused_within_500_mb(tmp_path: Path) -> None:
    """Item 14: the page count the tree declares is checked before the tree is walked."""
    from samples.hostile import many_pages

    folder = make_case(tmp_path, {"chart.pdf": lambda p: many_pages(p, 100_000)})
    r = packet("build", str(folder))
    assert r.returncode == ExitCode.input_too_large, r.stderr[-600:]
    assert "chart.pdf: 100,000 pages, over the limit of 3,000" in r.stderr
