"""Every hostile file dropped in the inbox at once, with odd names and a link out of the inbox: one
``packet run`` ends with no traceback and nothing lost. Each file ends up in a case (a letter that was
read) or in inbox/failed/ with an .error.txt naming it and the fix; the link is not followed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner

from packet.cli import main
from packet.exceptions import ExitCode
from samples.hostile import HOSTILE_PDFS, denial_pdf

ODD_NAMES = ["denial letter é.pdf", "-leading dash.pdf", "new\nline.pdf", "denial..copy ...pdf"]
HIDDEN = "..hidden.pdf"  # a dotfile: a partial download or an editor's file; left alone, untouched


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_everything_hostile_at_once(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(ws)]).exit_code == 0
    inbox = ws / "inbox"
    dropped: dict[str, str] = {}
    for name, filename, make, _ in HOSTILE_PDFS:
        (tmp_path / "made" / name).mkdir(parents=True)
        p = make(tmp_path / "made" / name / filename)
        target = inbox / f"{name} {filename}"
        target.write_bytes(p.read_bytes())
        dropped[target.name] = sha(target)
    for i, odd in enumerate(ODD_NAMES):
        p = inbox / odd
        denial_pdf(p)
        p.write_bytes(p.read_bytes() + f"% copy {i}\n".encode())  # four different files (not duplicates)
        dropped[odd] = sha(p)
    denial_pdf(inbox / HIDDEN)
    hidden = sha(inbox / HIDDEN)
    secret = tmp_path / "outside.pdf"
    denial_pdf(secret)
    outside = sha(secret)
    (inbox / "link.pdf").symlink_to(secret)

    r = CliRunner().invoke(main, ["run", str(ws), "--json", "--today", "2026-01-20"])
    assert "Traceback" not in r.stderr, r.stderr
    assert r.exit_code == ExitCode.some_inputs_failed, (r.exit_code, r.stderr, r.exception)
    json.loads(r.stdout)

    # Nothing lost: every dropped file is a case's denial.pdf (same bytes) or waits in inbox/failed/
    # (same bytes) with its .error.txt, or was a duplicate of one that is.
    in_cases = {sha(p) for p in (ws / "cases").glob("*/denial.pdf")}
    failed = {
        p.name: sha(p)
        for p in (inbox / "failed").iterdir()
        if not p.name.endswith(".error.txt") and not p.is_symlink()
    }
    dups = {sha(p) for p in (inbox / "duplicates").iterdir()} if (inbox / "duplicates").is_dir() else set()
    for name, digest in dropped.items():
        assert digest in in_cases or digest in failed.values() or digest in dups, name
    for name in failed:
        err = inbox / "failed" / f"{name}.error.txt"
        assert err.is_file(), name
        assert err.read_text().strip(), name
    # the four odd names; owner password only, broken xref, 5,000 pages, 200 inches, nested, self-referencing
    assert len(in_cases | dups) == 4 + 6  # one case; the same letter again is a duplicate of it
    assert len(failed) == 8, sorted(failed)  # 0 bytes, random, HTML, truncated, user password, no pages,
    # the two bombs
    link = inbox / "failed" / "link.pdf"
    assert link.is_symlink() and (inbox / "failed" / "link.pdf.error.txt").read_text().strip()
    # The link was not followed: the file outside is untouched and not in any case.
    assert secret.is_file() and sha(secret) == outside
    assert not any(p.read_bytes() == secret.read_bytes() for p in (ws / "cases").glob("*/denial.pdf"))
    # every file was dealt with, except the dotfile, which is left as it was
    assert [p.name for p in inbox.iterdir() if p.is_file() and not p.is_symlink()] == [HIDDEN]
    assert sha(inbox / HIDDEN) == hidden
