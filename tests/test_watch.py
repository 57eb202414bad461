"""packet watch: each file taken once, only when complete; the stability rule tested without real events."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from packet.case import load_case
from packet.exceptions import ExitCode
from packet.fsutil import sha256_bytes, sha256_file
from packet.watch import StabilityTracker, Watcher, WatchOptions
from tests.helpers.workspace import TODAY, denial, workspace

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------------
# The stability rule, with the clock passed in


def test_a_file_is_ready_once_unchanged_for_the_interval() -> None:
    t = StabilityTracker(2.0)
    t.observe("a", (100, 1), now=0.0)
    assert t.ready(1.9) == []
    t.observe("a", (100, 1), now=1.9)  # looked at again, unchanged: the wait is not restarted
    assert t.ready(2.0) == ["a"]
    assert t.ready(10.0) == []  # once


def test_a_growing_file_waits() -> None:
    t = StabilityTracker(2.0)
    t.observe("a", (100, 1), 0.0)
    t.observe("a", (200, 2), 1.5)  # still being written
    assert t.ready(3.0) == []
    assert t.ready(3.5) == ["a"]


def test_a_vanished_file_is_forgotten_and_keys_are_independent() -> None:
    t = StabilityTracker(1.0)
    t.observe("a", (1,), 0.0)
    t.observe("b", (1,), 0.5)
    t.observe("a", None, 0.6)
    assert "a" not in t and t.pending() == ["b"]
    assert t.ready(1.4) == []
    assert t.ready(1.5) == ["b"]


def test_watcher_tick_takes_only_stable_files(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    now = [0.0]
    done: list[str] = []
    w = Watcher(
        ws,
        WatchOptions(interval=1.0, today=TODAY),
        threading.Event(),
        on_result=lambda r: done.append(r.file),
        clock=lambda: now[0],
    )
    pdf = denial(tmp_path / "letter.pdf", "TICK-2026-0001").read_bytes()
    target = ws / "inbox" / "a.pdf"
    target.write_bytes(pdf[:100])
    (ws / "inbox" / "b.pdf.crdownload").write_bytes(pdf[:50])
    w.tick({(1, str(target))})
    now[0] = 0.8
    with open(target, "ab") as f:
        f.write(pdf[100:])
    w.tick(set())
    now[0] = 1.5  # 1.5 s since it first appeared, 0.7 s since it last changed
    w.tick(set())
    assert done == []
    now[0] = 1.9
    w.tick(set())
    assert done == ["a.pdf"]
    assert sha256_file(ws / "cases" / "TICK-2026-0001" / "denial.pdf") == sha256_bytes(pdf)
    assert [p.name for p in (ws / "inbox").iterdir()] == ["b.pdf.crdownload"]


def _ticking(ws: Path, now: list[float], done: list[str]) -> Watcher:
    # no periodic rescan after the first: only events, or the per-tick listing, can find a file
    opts = WatchOptions(interval=1.0, rescan=1e9, today=TODAY)
    return Watcher(ws, opts, threading.Event(), on_result=lambda r: done.append(r.file), clock=lambda: now[0])


def test_a_file_whose_event_was_lost_is_taken_within_the_interval(tmp_path: Path) -> None:
    """An overflowed event queue (a busy machine) or merged events: the listing at every tick finds it;
    it no longer waits for the next full rescan (about 30 s)."""
    ws = workspace(tmp_path)
    now, done = [0.0], []
    w = _ticking(ws, now, done)
    w.tick(set())  # the first look at the inbox
    denial(ws / "inbox" / "lost.pdf", "LOST-2026-0001")  # no event for it
    now[0] = 0.3
    w.tick(set())
    now[0] = 1.35  # 1.05 s after it was first seen unchanged
    w.tick(set())
    assert done == ["lost.pdf"]


def test_a_file_that_waited_while_the_watcher_was_busy_needs_one_more_look(tmp_path: Path) -> None:
    """A file written while a batch was being processed, quiet since: taken one tick after it is first
    seen (unchanged on a second look), not a whole interval later."""
    ws = workspace(tmp_path)
    now, done = [0.0], []
    w = _ticking(ws, now, done)
    w.tick(set())
    path = denial(ws / "inbox" / "waited.pdf", "WAIT-2026-0001")
    old = time.time() - 10
    os.utime(path, (old, old))
    now[0] = 5.0
    w.tick(set())
    assert done == []  # seen once: not yet
    now[0] = 5.0 + 0.34  # one tick (a third of the interval) later, unchanged
    w.tick(set())
    assert done == ["waited.pdf"]
    # a file still being written gets no head start from an old modification time
    t = StabilityTracker(2.0)
    t.observe("f", (1,), 10.0, head_start=1.5)
    t.observe("f", (2,), 10.2, head_start=1.5)  # changed: the wait starts again
    assert t.ready(11.9) == [] and t.ready(12.2) == ["f"]


# ---------------------------------------------------------------------------------------------------
# The real watcher, in its own process


class WatchProcess:
    def __init__(self, ws: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "packet", "watch", str(ws), "--today", TODAY.isoformat(), *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.err: list[str] = []
        self.out: list[str] = []
        for stream, sink in ((self.proc.stderr, self.err), (self.proc.stdout, self.out)):
            threading.Thread(
                target=lambda s=stream, k=sink: k.extend(iter(s.readline, "")), daemon=True
            ).start()

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=60)


def wait_for(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


@pytest.fixture
def watcher(tmp_path: Path) -> Iterator[Callable[..., WatchProcess]]:
    started: list[WatchProcess] = []

    def start(ws: Path, *args: str) -> WatchProcess:
        w = WatchProcess(ws, *args)
        started.append(w)
        wait_for(lambda: any("Watching" in line for line in w.err) or w.proc.poll() is not None)
        assert w.proc.poll() is None, "".join(w.err)
        return w

    yield start
    for w in started:
        if w.proc.poll() is None:
            w.proc.kill()
            w.proc.wait()


def cases(ws: Path) -> list[Path]:
    return list((ws / "cases").iterdir())


@pytest.mark.slow
def test_100_files_written_slowly_each_processed_once_and_only_when_complete(
    tmp_path: Path, watcher: Callable[..., WatchProcess]
) -> None:
    ws = workspace(tmp_path)
    src = tmp_path / "letters"
    src.mkdir()
    letters = {
        f"w{i:03d}.pdf": denial(src / f"w{i:03d}.pdf", f"WATCH-{i:04d}", member_id=f"M{i:06d}").read_bytes()
        for i in range(100)
    }
    names = sorted(letters)
    w = watcher(ws, "--interval", "0.4", "--jobs", "2")
    rng = random.Random(7)
    go = threading.Barrier(10)

    def writer(batch: list[str]) -> None:
        go.wait()  # ten writers start at the same moment
        for name in batch:
            data = letters[name]
            cuts = sorted(rng.sample(range(1, len(data)), 3))
            partial = name.endswith("5.pdf")  # some are saved the way browsers do: name.part, then renamed
            path = ws / "inbox" / (name + ".part" if partial else name)
            with open(path, "wb") as f:
                for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True):
                    f.write(data[a:b])
                    f.flush()
                    time.sleep(rng.uniform(0.01, 0.08))  # slower than a local copy, well within the interval
            if partial:
                path.rename(ws / "inbox" / name)

    threads = [threading.Thread(target=writer, args=(names[i::10],)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wait_for(lambda: len(cases(ws)) >= 100 or (ws / "inbox" / "failed").exists(), timeout=90)
    assert w.stop() == 0
    assert not (ws / "inbox" / "failed").exists(), "a file was taken before it was complete"
    assert not (ws / "inbox" / "duplicates").exists(), "a file was processed twice"
    assert sorted(p.name for p in cases(ws)) == [f"WATCH-{i:04d}" for i in range(100)]
    for i, name in enumerate(names):
        case = load_case(ws / "cases" / f"WATCH-{i:04d}")
        assert case.extracted.source.sha256 == sha256_bytes(letters[name])  # read complete, not in part
        assert case.extracted.source.file == name
    assert sorted(p.name for p in (ws / "inbox").iterdir()) == []
    assert len(w.out) == 100 and "Stopped." in "".join(w.err)


@pytest.mark.slow
def test_what_is_there_at_start_is_processed_and_sigterm_finishes_the_current_file(
    tmp_path: Path, watcher: Callable[..., WatchProcess]
) -> None:
    ws = workspace(tmp_path, 12)
    w = watcher(ws, "--interval", "0.2")
    wait_for(lambda: len(cases(ws)) >= 1)
    assert w.stop() == 0
    assert "Stopped." in "".join(w.err)
    done = cases(ws)
    left = list((ws / "inbox").glob("*.pdf"))
    assert len(done) + len(left) == 12
    assert list((ws / ".incoming").iterdir()) == []  # the current file was finished
    for folder in done:
        assert {p.name for p in folder.iterdir()} >= {
            "denial.pdf",
            "case.json",
            "letter.docx",
            "history.jsonl",
        }


def test_a_second_watcher_or_run_is_refused(tmp_path: Path, watcher: Callable[..., WatchProcess]) -> None:
    ws = workspace(tmp_path)
    w = watcher(ws, "--interval", "0.2")
    for cmd in (["watch", str(ws)], ["run", str(ws)]):
        other = subprocess.run(
            [sys.executable, "-m", "packet", *cmd],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert other.returncode == ExitCode.workspace_locked, other.stderr
        assert "another 'packet run' or 'packet watch' is working on this workspace" in other.stderr
    assert w.stop() == 0


def test_polling_for_network_shares(tmp_path: Path, watcher: Callable[..., WatchProcess]) -> None:
    ws = workspace(tmp_path)
    w = watcher(ws, "--interval", "0.2", "--poll", "0.1")
    denial(ws / "inbox" / "p.pdf", "POLL-2026-0001")
    wait_for(lambda: len(cases(ws)) == 1)
    assert w.stop() == 0
    assert [p.name for p in cases(ws)] == ["POLL-2026-0001"]


@pytest.mark.slow
def test_build_rebuilds_when_records_change(tmp_path: Path, watcher: Callable[..., WatchProcess]) -> None:
    ws = workspace(tmp_path)
    w = watcher(ws, "--interval", "0.2", "--build")
    denial(ws / "inbox" / "b.pdf", "BUILD-2026-0001")
    packet = ws / "cases" / "BUILD-2026-0001" / "packet.pdf"
    wait_for(packet.exists, timeout=120)
    first = sha256_file(packet)
    record = tmp_path / "note.pdf"
    denial(record, "NOTE-1")
    os.replace(record, ws / "cases" / "BUILD-2026-0001" / "records" / "01_note.pdf")
    wait_for(lambda: packet.exists() and sha256_file(packet) != first, timeout=120)
    assert w.stop() == 0
    assert any(line.strip() == str(packet) for line in w.out)


def test_a_deferred_file_is_tried_again_at_the_next_rescan(tmp_path: Path) -> None:
    """Issue 16, item 13: a file left in the inbox unchanged (deferred for a full disk) is not given up on
    for good: the next full rescan (every 30 s) takes it again, once space may be free."""
    ws = workspace(tmp_path)
    now, done = [0.0], []
    opts = WatchOptions(interval=1.0, rescan=30.0, today=TODAY)
    w = Watcher(ws, opts, threading.Event(), on_result=lambda r: done.append(r.file), clock=lambda: now[0])
    w.tick(set())
    p = denial(ws / "inbox" / "deferred.pdf", "DEFER-2026-0001")
    from packet.watch import file_signature

    w.tried[p] = file_signature(p)  # as after a pass that could not write its case (a full disk)
    for t in (0.5, 2.0, 10.0):
        now[0] = t
        w.tick(set())
    assert done == []  # unchanged and deferred: not taken again at every tick
    for t in (30.5, 32.0):
        now[0] = t
        w.tick(set())
    assert done == ["deferred.pdf"]


def test_watch_build_builds_existing_cases_that_have_no_packet(
    tmp_path: Path, watcher: Callable[..., WatchProcess]
) -> None:
    """Issue 16, item 13: 'watch --build' also builds the cases already there without a packet."""
    from samples.cases import make_case

    folder = make_case(tmp_path)  # a letter.pdf, no packet yet
    ws = folder.parent.parent
    for sub in ("inbox", "templates"):
        (ws / sub).mkdir(exist_ok=True)
    w = watcher(ws, "--build", "--interval", "0.1")
    wait_for(lambda: (folder / "packet.pdf").is_file(), 120)
    assert w.stop() == 0
