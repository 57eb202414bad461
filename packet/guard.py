"""Worker processes that cannot outlive their caller or eat the machine.

    pool = ProcessPoolExecutor(initializer=guard.worker_init, initargs=(os.getpid(),))
    subprocess.Popen(cmd, preexec_fn=guard.child_preexec(os.getpid()))

A worker (``packet run --jobs N``, ``packet watch``) dies with the process that started it: Linux delivers
SIGKILL to it when its parent goes (``prctl(PR_SET_PDEATHSIG)``), and a watchdog thread checks every
half second that the caller is still alive (a worker started from a fork server has the server as its
parent, not the caller). It also closes its inherited copy of the workspace lock, so the lock lives
exactly as long as its owner. Each worker's address space is capped (``WORKER_MEMORY``): an input that
gets past every bound in ``packet.limits`` fails alone with a MemoryError instead of taking the machine.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

# The address space one worker may reserve. Python, pdfium and Pillow reserve more than they touch
# (thread arenas, mapped libraries): the resident peak for the worst hostile input stays far below.
WORKER_MEMORY = 768 * 1024 * 1024
WATCH_SECONDS = 0.5
LOCK_NAME = ".packet.lock"
_PR_SET_PDEATHSIG = 1


_libc: Any = None


def _load_libc() -> Any:
    """libc, loaded once in the parent (a ``preexec_fn`` must not import or load anything)."""
    global _libc
    if _libc is None and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return _libc


def _prctl_deathsig(sig: int, libc: Any = None) -> bool:
    """Ask Linux to send ``sig`` to this process when its parent exits; False elsewhere."""
    libc = libc or _load_libc()
    if libc is None:
        return False
    return int(libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)) == 0


def pid_alive(pid: int) -> bool:
    """``pid`` exists and is not a zombie (a killed parent not yet reaped by its own parent)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def release_inherited_locks() -> None:
    """Close this process's copies of a workspace lock (fork copies the descriptor: the lock is freed only
    when every copy is closed, so a worker must not keep one)."""
    fd_dir = "/proc/self/fd"
    if not os.path.isdir(fd_dir):
        return
    for name in os.listdir(fd_dir):
        with contextlib.suppress(OSError, ValueError):
            if os.readlink(f"{fd_dir}/{name}").endswith("/" + LOCK_NAME):
                os.close(int(name))


def _watchdog(caller: int) -> None:
    while True:
        time.sleep(WATCH_SECONDS)
        if not pid_alive(caller):
            os._exit(1)


def die_with(caller: int) -> None:
    """This process ends when ``caller`` does (at once if it is already gone)."""
    _prctl_deathsig(signal.SIGKILL)
    if not pid_alive(caller):
        os._exit(1)
    threading.Thread(target=_watchdog, args=(caller,), name="packet-watchdog", daemon=True).start()


def cap_memory(limit: int = WORKER_MEMORY) -> None:
    """Cap this process's address space at ``limit`` (lowered only, never raised)."""
    with contextlib.suppress(ValueError, OSError):
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def worker_init(caller: int, memory: int | None = WORKER_MEMORY) -> None:
    """A pool worker's initializer: die with ``caller``, hold no lock, stay within ``memory``; Ctrl-C
    reaches the whole process group, so a worker ignores it (the caller decides to stop)."""
    die_with(caller)
    release_inherited_locks()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory:
        cap_memory(memory)


def child_preexec(caller: int) -> Callable[[], None]:
    """A ``preexec_fn`` for a helper program (LibreOffice, tesseract): its own session (so a timeout can
    kill its whole group) and SIGKILL when the process that started it goes."""

    libc = _load_libc()

    def run() -> None:
        os.setsid()
        if libc is not None:
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        if os.getppid() != caller:
            os._exit(1)

    return run
