"""``packet watch``: process what is in the inbox, then each new file once it is completely written.

    stop = threading.Event()
    with stop_on_signals(stop):                  # SIGTERM / Ctrl-C: finish the current file, then return
        watch_inbox(workspace, interval=2.0, stop=stop)

Parts (the paperless-ngx consumer model): file-system events (``watchfiles``; ``poll`` seconds for network
shares, where events do not arrive) only say where to look; a ``StabilityTracker`` (a pure class) takes a
file once its size and modification time have not changed for ``interval`` seconds and it can be opened;
a full rescan every ``rescan`` seconds is the safety net for missed events. Each ready batch goes through
``packet.ingest.Ingest`` (the same code as ``packet run``), under the workspace lock for the whole watch.
With ``build=True`` a case's packet is rebuilt when its letter or records/ change (and once when a case is
made), after the same stability wait.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from packet.case import LETTER_FILE, RECORDS_DIR
from packet.fsutil import private_temp
from packet.ingest import FileResult, Ingest, StopFlag, known_cases, scan_inbox
from packet.settings import load_settings
from packet.workspace import CASES_DIR, INBOX_DIR, Workspace, is_junk, workspace_lock

log = logging.getLogger("packet.watch")

Signature = tuple[Any, ...]
K = TypeVar("K", bound=Hashable)
# What a case's packet is built from that the user edits (letter.pdf: a letter exported from Word).
BUILD_INPUTS = (LETTER_FILE, "letter.pdf", RECORDS_DIR)


class StabilityTracker(Generic[K]):
    """Which keys (files, case folders) have stopped changing.

    Feed it what each key looks like now with ``observe(key, signature, now)`` (``None`` when it is gone);
    ``ready(now)`` returns, once, the keys whose signature has not changed for ``interval`` seconds. Time
    is passed in, so it is tested without a clock or real file events.
    """

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._seen: dict[K, tuple[Signature, float]] = {}

    def observe(self, key: K, signature: Signature | None, now: float, head_start: float = 0.0) -> None:
        """``head_start``: for a key seen for the first time, how long it has already been unchanged (a
        file that sat in the inbox while the watcher was busy need not wait the whole interval again)."""
        if signature is None:
            self._seen.pop(key, None)
            return
        current = self._seen.get(key)
        if current is None:
            self._seen[key] = (signature, now - max(0.0, head_start))
        elif current[0] != signature:
            self._seen[key] = (signature, now)

    def ready(self, now: float) -> list[K]:
        out = [k for k, (_, since) in self._seen.items() if now - since >= self.interval]
        for k in out:
            del self._seen[k]
        return out

    def pending(self) -> list[K]:
        return list(self._seen)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._seen


def file_signature(path: Path) -> Signature | None:
    """Size, modification time and identity of ``path`` (not following a link); None when it is gone."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_mode)


def can_open(path: Path) -> bool:
    """The writer has let go far enough for us to read it (a file still locked on a share cannot be opened).
    A link or special file 'opens' here so that ingest sets it aside with the reason."""
    if path.is_symlink() or not path.is_file():
        return True
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    os.close(fd)
    return True


def case_signature(folder: Path) -> Signature | None:
    """What a build of the case depends on that the user edits: the letter and every file in records/."""
    if not folder.is_dir():
        return None
    parts: list[tuple[str, int, int]] = []
    for p in [folder / LETTER_FILE, folder / "letter.pdf", *sorted((folder / RECORDS_DIR).rglob("*"))]:
        try:
            st = p.stat()
        except OSError:
            continue
        if not is_junk(p.name):
            parts.append((str(p.relative_to(folder)), st.st_size, st.st_mtime_ns))
    return tuple(parts)


def tick_seconds(interval: float) -> float:
    """How often the loop looks: a third of the stability interval, between 50 ms and 500 ms."""
    return max(0.05, min(0.5, interval / 3))


@dataclass
class WatchOptions:
    interval: float = 2.0  # seconds a file must stay unchanged
    poll: float | None = None  # poll every N seconds instead of waiting for events
    rescan: float = 30.0  # seconds between full rescans of the inbox
    build: bool = False
    jobs: int = 1
    today: date | None = None
    draft: bool = True


@dataclass
class Watcher:
    """The watch loop's state; ``tick`` is one step (events in, ready files processed)."""

    workspace: Path
    opts: WatchOptions
    stop: StopFlag
    on_result: Callable[[FileResult], None] | None = None
    on_build: Callable[[Any], None] | None = None
    clock: Callable[[], float] = time.monotonic
    files: StabilityTracker[Path] = field(init=False)
    cases: StabilityTracker[Path] = field(init=False)
    tried: dict[Path, Signature] = field(default_factory=dict)  # unchanged files that could not be moved

    def __post_init__(self) -> None:
        self.files = StabilityTracker(self.opts.interval)
        self.cases = StabilityTracker(self.opts.interval)
        self.ingest = Ingest(
            self.workspace, load_settings(self.workspace), today=self.opts.today, draft=self.opts.draft
        )
        self.inbox = self.workspace / INBOX_DIR
        self.cases_dir = self.workspace / CASES_DIR
        self.last_rescan = -1e9

    def head_start(self, path: Path, sig: Signature | None) -> float:
        """How long ``path`` has been unchanged by its modification time, capped so that it is still
        seen unchanged once more (a tick later) before it is taken."""
        if sig is None:
            return 0.0
        age = time.time() - float(sig[1]) / 1e9
        return min(max(0.0, age), max(0.0, self.opts.interval - tick_seconds(self.opts.interval)))

    def see(self, path: Path, now: float) -> None:
        sig = file_signature(path)
        self.files.observe(path, sig, now, self.head_start(path, sig))

    def note(self, path: Path, now: float) -> None:
        """An event for ``path``: an inbox file to watch, or (with build) a case whose inputs changed."""
        if path.parent == self.inbox:
            if not is_junk(path.name):
                self.see(path, now)
            return
        if not self.opts.build:
            return
        try:
            rel = path.relative_to(self.cases_dir).parts
        except ValueError:
            return
        edited = len(rel) >= 2 and rel[1] in BUILD_INPUTS
        if edited and not rel[0].startswith(".") and not is_junk(path.name):
            folder = self.cases_dir / rel[0]
            self.cases.observe(folder, case_signature(folder), now)

    def rescan(self, now: float) -> None:
        self.last_rescan = now
        self.ingest.known = known_cases(self.workspace)  # a case the user deleted may be dropped again
        self.tried.clear()  # a file deferred for a full disk is tried again once space may be free
        self.list_inbox(now)

    def unbuilt_cases(self, now: float) -> None:
        """With build: the cases already there that have a letter but no packet yet are built too."""
        if not self.opts.build or not self.cases_dir.is_dir():
            return
        for folder in sorted(self.cases_dir.iterdir()):
            letter = any((folder / name).is_file() for name in (LETTER_FILE, "letter.pdf"))
            if not folder.name.startswith(".") and letter and not (folder / "packet.pdf").exists():
                self.cases.observe(folder, case_signature(folder), now)

    def list_inbox(self, now: float) -> None:
        """Every entry of the inbox not yet followed (one directory listing): events only make it sooner.
        An overflowed event queue on a busy machine, or events merged away, cannot leave a file waiting
        for the next full rescan."""
        for p in scan_inbox(self.workspace):
            if p not in self.files and self.tried.get(p) != file_signature(p):
                self.see(p, now)

    def tick(self, changes: set[tuple[Any, str]]) -> None:
        now = self.clock()
        for _, raw in changes:
            self.note(Path(raw), now)
        if now - self.last_rescan >= self.opts.rescan:
            self.rescan(now)
        else:
            self.list_inbox(now)
        for key in self.files.pending():  # events can be merged or lost: look again at each pending file
            self.files.observe(key, file_signature(key), now)
        for key in self.cases.pending():
            self.cases.observe(key, case_signature(key), now)
        self._process(now)
        if self.opts.build:
            self._build(self.cases.ready(now))

    def _process(self, now: float) -> None:
        ready: list[Path] = []
        for p in sorted(self.files.ready(now)):
            sig = file_signature(p)
            if sig is None or self.tried.get(p) == sig:
                continue
            if not can_open(p):
                self.files.observe(p, ("not yet readable", now), now)
                continue
            ready.append(p)
        if not ready:
            return
        for p in ready:
            log.info("taking %s", p.name)
        results, left = self.ingest.process(
            ready, jobs=self.opts.jobs, stop=self.stop, on_result=self.on_result
        )
        for p in ready:  # still there and unchanged: it could not be moved; do not try it again as it is
            sig = file_signature(p)
            if sig is not None and not left:
                self.tried[p] = sig
        if self.opts.build:
            for r in results:
                if r.status == "created" and r.folder is not None:
                    self.cases.observe(r.folder, case_signature(r.folder), now)

    def _build(self, folders: list[Path]) -> None:
        if not folders or self.stop.is_set():
            return
        from packet.build.batch import build_all

        try:
            items = build_all(self.workspace)
        except Exception as e:  # the watcher outlives a failed build; the next change tries again
            log.error("build failed: %s", e, exc_info=log.isEnabledFor(logging.DEBUG))
            return
        for item in items:
            if item.result is not None or item.error is not None:
                if item.error is not None:
                    log.warning("%s: build failed: %s", item.case_id, item.error)
                if self.on_build:
                    self.on_build(item)


def watch_inbox(
    workspace: str | Path | None = None,
    opts: WatchOptions | None = None,
    *,
    stop: StopFlag | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    on_build: Callable[[Any], None] | None = None,
    on_ready: Callable[[Path], None] | None = None,
) -> None:
    """Watch the workspace's inbox until ``stop`` is set (see the module text). Holds the workspace lock."""
    import watchfiles

    found = Workspace.find(workspace)  # the one rule
    ws = found.root
    opts = opts or WatchOptions()
    stop = stop or threading.Event()
    tick_ms = int(tick_seconds(opts.interval) * 1000)
    with workspace_lock(ws), private_temp(ws, found.settings.privacy.dir_mode):
        w = Watcher(ws, opts, stop, on_result, on_build)
        w.ingest.cleanup()
        paths = [w.inbox] + ([w.cases_dir] if opts.build else [])
        for p in paths:
            p.mkdir(parents=True, exist_ok=True, mode=w.ingest.ctx.settings.privacy.dir_mode)
        w.unbuilt_cases(w.clock())
        w.tick(set())  # what is already there
        events = watchfiles.watch(
            *paths,
            watch_filter=None,
            debounce=tick_ms,
            step=min(50, tick_ms),
            stop_event=stop,
            rust_timeout=tick_ms,
            yield_on_timeout=True,
            raise_interrupt=False,
            force_polling=opts.poll is not None,
            poll_delay_ms=int((opts.poll or 0.3) * 1000),
            recursive=opts.build,
        )
        for n, changes in enumerate(events):
            if stop.is_set():
                break
            if n == 0:  # the watcher is live from here: look once more for files dropped before it was
                w.rescan(w.clock())
                if on_ready:
                    on_ready(ws)
            w.tick(changes)
    log.info("watch stopped")


@contextlib.contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """While inside, SIGTERM and SIGINT (Ctrl-C) set ``stop`` instead of killing the process, so the file
    being processed is finished; a second Ctrl-C interrupts at once."""

    def handler(signum: int, frame: object) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        log.warning("stopping after the current file (%s)", signal.Signals(signum).name)
        stop.set()

    old = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


__all__ = ["StabilityTracker", "WatchOptions", "Watcher", "stop_on_signals", "watch_inbox"]
