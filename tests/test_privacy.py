"""Patient data kept private (issue 8): no network, owner-only files, no health information in logs or
errors without --verbose, and ``packet purge``.

One whole run (init, run with a good and a broken letter, draft, build with a good and a hostile record,
status, calendar, extract of every hostile file, purge) goes through the command line in-process with
sockets blocked, a permissive umask, and every log record captured.
"""

from __future__ import annotations

import logging
import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from packet.cli import main
from packet.exceptions import ExitCode
from samples.cases import image
from samples.cases import text_pdf as record_pdf
from samples.hostile import DIAGNOSIS, DOB, HOSTILE_PDFS, MEMBER, bomb, denial_pdf, truncated

PHI = [MEMBER, MEMBER.split()[-1], DOB, DIAGNOSIS, "osteoarthritis"]
TODAY = "2026-01-20"


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every way Python opens a socket or resolves a name raises; the attempts are listed."""
    attempts: list[str] = []

    def refuse(what: str):  # type: ignore[no-untyped-def]
        def call(*a: object, **kw: object) -> object:
            attempts.append(f"{what}{a[:2]}")
            raise NetworkUsed(f"the pipeline tried to use the network: {what}{a[:2]}")

        return call

    class NoSocket(socket.socket):
        def __init__(self, *a: object, **kw: object) -> None:
            refuse("socket")(*a, **kw)

    monkeypatch.setattr(socket, "socket", NoSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair", "create_server"):
        monkeypatch.setattr(socket, name, refuse(name))
    yield attempts


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """A umask that would leave files world-readable: modes must come from the tool, not the umask."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


class Run:
    """Runs commands, keeping every stderr and every log record at INFO and above."""

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        self.caplog = caplog
        self.stderr: list[str] = []

    def __call__(self, *args: str, input: str | None = None) -> Result:
        r = CliRunner().invoke(main, list(args), input=input)
        self.stderr.append(r.stderr)
        assert "-v" in args or "Traceback" not in r.stderr, r.stderr
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            raise r.exception
        return r

    def said(self) -> str:
        logs = "\n".join(r.getMessage() for r in self.caplog.records if r.levelno >= logging.INFO)
        return "\n".join(self.stderr) + "\n" + logs


def _no_phi(text: str) -> None:
    for word in PHI:
        assert word not in text, f"{word!r} appears in logs or errors:\n{text}"


def _whole_run(tmp_path: Path, run: Run) -> Path:
    ws = tmp_path / "ws"
    assert run("init", str(ws)).exit_code == 0
    denial_pdf(ws / "inbox" / "fax 0417.pdf")
    truncated(ws / "inbox" / "broken fax.pdf")
    r = run("run", str(ws), "--today", TODAY)
    assert r.exit_code == ExitCode.some_inputs_failed, r.stderr
    cases = sorted((ws / "cases").iterdir())
    assert len(cases) == 1
    case = cases[0]
    if not (case / "letter.docx").is_file():
        assert run("draft", str(case)).exit_code == 0
    (case / "letter.pdf").unlink(missing_ok=True)
    record_pdf(case / "records" / "2026-01-05_pt_notes.pdf", 2, "PT notes")
    image(case / "records" / "knee.jpg", (600, 400))
    r = run("build", str(case))
    assert r.exit_code == 0, r.stderr
    bomb(case / "records" / "zz-bomb.pdf")
    r = run("build", str(case), "--bates", "X")
    assert r.exit_code == ExitCode.input_too_large
    (case / "records" / "zz-bomb.pdf").unlink()
    assert run("status", str(ws), "--today", TODAY).exit_code == 0
    assert run("calendar", str(ws), "-o", str(ws / "deadlines.ics")).exit_code == 0
    for _name, filename, make, _what in HOSTILE_PDFS:
        path = make(tmp_path / "hostile" / filename) if (tmp_path / "hostile").is_dir() else None
        if path is None:
            (tmp_path / "hostile").mkdir()
            path = make(tmp_path / "hostile" / filename)
        run("extract", str(path), "--today", TODAY)
    return ws


def test_a_whole_run_opens_no_socket_and_leaks_nothing(
    tmp_path: Path, no_network: list[str], loose_umask: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    run = Run(caplog)
    ws = _whole_run(tmp_path, run)
    assert no_network == []
    _no_phi(run.said())
    for err in (ws / "inbox" / "failed").glob("*.error.txt"):
        _no_phi(err.read_text())
    # Everything the tool created is owner-only. The one exception is a file the user dropped in the
    # inbox that could not be read: it is moved aside to inbox/failed/ as it is, with the user's own mode.
    dropped = {ws / "inbox" / "failed" / "broken fax.pdf"}
    loose = [
        f"{oct(stat.S_IMODE(p.lstat().st_mode))} {p.relative_to(ws)}"
        for p in [ws, *ws.rglob("*")]
        if p not in dropped and p.parent.name != "records" and stat.S_IMODE(p.lstat().st_mode) & 0o077
    ]
    assert loose == []


def test_modes_follow_packet_toml(
    tmp_path: Path, loose_umask: None, caplog: pytest.LogCaptureFixture
) -> None:
    run = Run(caplog)
    ws = tmp_path / "ws"
    assert run("init", str(ws)).exit_code == 0
    toml = ws / "packet.toml"
    toml.write_text(toml.read_text().replace("file_mode = 0o600", "file_mode = 0o640"))
    denial_pdf(ws / "inbox" / "fax.pdf")
    assert run("run", str(ws), "--today", TODAY).exit_code == 0
    case = next((ws / "cases").iterdir())
    assert stat.S_IMODE((case / "case.json").stat().st_mode) == 0o640


def test_verbose_may_say_more_but_errors_stay_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    run = Run(caplog)
    path = truncated(tmp_path / "broken.pdf")
    r = run("extract", str(path))
    assert r.stderr.count("\n") == 1
    r = run("-v", "extract", str(path))
    assert "Traceback" in r.stderr and r.stdout == ""
    assert r.stderr.strip().splitlines()[-1].startswith("Error: broken.pdf: ")


# ---------------------------------------------------------------------------------------------------------
# packet purge


def _workspace_with_case(tmp_path: Path, run: Run) -> tuple[Path, Path]:
    ws = tmp_path / "ws"
    assert run("init", str(ws)).exit_code == 0
    denial_pdf(ws / "inbox" / "fax.pdf")
    assert run("run", str(ws), "--today", TODAY).exit_code == 0
    denial_pdf(ws / "inbox" / "fax again.pdf")  # the same letter again: set aside as a duplicate
    run("run", str(ws), "--today", TODAY)
    assert run("calendar", str(ws), "-o", str(ws / "deadlines.ics")).exit_code == 0
    return ws, next((ws / "cases").iterdir())


def test_purge_asks_first_and_no_keeps_everything(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    run = Run(caplog)
    ws, case = _workspace_with_case(tmp_path, run)
    r = run("purge", case.name, "-w", str(ws), input="n\n")
    assert r.exit_code == 1
    assert "Nothing was removed" in r.stderr
    assert (case / "case.json").is_file()


def test_purge_removes_the_case_and_its_traces(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, no_network: list[str]
) -> None:
    caplog.set_level(logging.INFO)
    run = Run(caplog)
    ws, case = _workspace_with_case(tmp_path, run)
    dups = list((ws / "inbox" / "duplicates").glob("*.pdf")) if (ws / "inbox" / "duplicates").is_dir() else []
    assert f"UID:{case.name}." in (ws / "deadlines.ics").read_text()
    r = run("purge", case.name, "-w", str(ws), input="y\n")
    assert r.exit_code == 0, r.stderr
    assert not case.exists()
    assert [p.name for p in (ws / "cases").iterdir()] == []
    assert not any(p.exists() for p in dups)
    assert f"UID:{case.name}." not in (ws / "deadlines.ics").read_text()
    assert case.name in r.stderr
    _no_phi(run.said())
    assert no_network == []


def test_purge_with_yes_and_errors(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    run = Run(caplog)
    ws, case = _workspace_with_case(tmp_path, run)
    r = run("purge", "no-such-case", "-w", str(ws), "--yes")
    assert r.exit_code == ExitCode.case_not_found
    assert r.stderr.startswith("Error: no-such-case: no such case")
    assert run("purge", str(case), "--yes").exit_code == 0
    assert not case.exists()


def test_a_mistyped_birth_date_is_not_echoed(tmp_path: Path) -> None:
    """Issue 16, item 18: 'packet set CASE member.dob=03/14/1961' says what is wrong without the date."""
    from packet.corrections import coerce
    from packet.exceptions import InvalidValueError

    with pytest.raises(InvalidValueError) as e:
        coerce("member.dob", "03/14/1961")
    assert "03/14/1961" not in str(e.value) and "YYYY-MM-DD" in str(e.value)
