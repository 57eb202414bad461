"""Issue 16, low items: a DTD deep in a Word part, a long name that fails, parents made under umask 000."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from packet.convert import check_docx
from packet.exceptions import ExitCode, UnsafeInputError
from packet.ingest import run_inbox
from samples.cases import letter_docx
from samples.hostile import truncated
from samples.pdfmaker import text_pdf
from tests.helpers.workspace import TODAY, denial, workspace

ROOT = Path(__file__).resolve().parent.parent
DTD = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]>'


def test_a_dtd_after_the_first_4_kb_of_a_part_is_refused(tmp_path: Path) -> None:
    """Item 15: the DOCTYPE check reads the whole part, not its first 4 KB."""
    path = letter_docx(tmp_path / "late-dtd.docx")
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    comment = b"<!-- " + b"x" * 8000 + b" -->"
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b"?>", b"?>" + comment + DTD, 1)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    path.write_bytes(buf.getvalue())
    with pytest.raises(UnsafeInputError, match="declares XML entities"):
        check_docx(path)


def test_a_long_name_that_fails_gets_its_error_file(tmp_path: Path) -> None:
    """Item 17: a 250-byte name that fails goes to failed/ with an .error.txt (a shorter name if need be),
    and the next run has nothing left to do."""
    ws = workspace(tmp_path)
    long = ws / "inbox" / ("f" * 246 + ".pdf")
    truncated(long)
    first = run_inbox(ws, jobs=1, today=TODAY)
    assert [r.status for r in first.results] == ["failed"]
    failed = sorted(p.name for p in (ws / "inbox" / "failed").iterdir())
    assert len(failed) == 2 and failed[1] == failed[0] + ".error.txt"
    assert "damaged" in (ws / "inbox" / "failed" / failed[1]).read_text()
    assert run_inbox(ws, jobs=1, today=TODAY).results == []


def test_init_makes_parents_owner_only_under_umask_000(tmp_path: Path) -> None:
    """Item 18: 'packet init a/b/ws' under umask 000 makes a/ and a/b/ owner-only too."""
    code = "import os, sys; os.umask(0); from packet.cli import main; main(sys.argv[1:], prog_name='p')"
    r = subprocess.run(
        [sys.executable, "-c", code, "init", str(tmp_path / "a" / "b" / "ws")],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr[-300:]
    for d in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "ws"):
        assert os.stat(d).st_mode & 0o777 == 0o700, d


def test_build_refuses_a_denial_that_is_not_the_cases_own(tmp_path: Path) -> None:
    """Item 16: another file copied in as denial.pdf would become Exhibit A under this patient's stamps."""

    ws = workspace(tmp_path, 1)
    run_inbox(ws, jobs=1, today=TODAY, draft=False)
    (folder,) = (ws / "cases").iterdir()
    text_pdf(folder / "letter.pdf", [["Dear Appeals Reviewer,", "Please reconsider."]])
    denial(folder / "denial.pdf", "SOMEONE-ELSE", member_id="Z999999")  # the wrong file copied in
    r = subprocess.run(
        [sys.executable, "-m", "packet", "build", str(folder)], cwd=ROOT, capture_output=True, text=True
    )
    assert r.returncode == ExitCode.unsafe_input, r.stderr[-300:]
    assert "denial.pdf: it is not the letter case" in r.stderr
    assert not (folder / "packet.pdf").exists()
