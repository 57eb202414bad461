"""'packet watch' under load: how long after its last write each of N files leaves the inbox (its case made),
while every core is kept busy by other work.

    .venv/bin/python bench/bench_watch_load.py [--files 100] [--every 0.6] [--interval 2] [--burners 2]

Each file (a small invented denial, each with its own reference) is written in three chunks 0.1 s apart,
one file every --every seconds; --burners processes spin at 100% CPU throughout (default: one per core).
A file counts as taken when it has left the inbox, i.e. after the watcher waited --interval seconds of
quiet, read it, extracted it and drafted its letter. The target is --interval + 1 s for every file. Prints
the distribution and every file over the target (a run with no miss prints none).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from packet.workspace import init_workspace  # noqa: E402
from tests.helpers.workspace import denial  # noqa: E402


def burn(stop: mp.Event) -> None:  # type: ignore[valid-type]
    x = 0
    while not stop.is_set():  # type: ignore[attr-defined]
        for _ in range(100_000):
            x += 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--every", type=float, default=0.6, help="seconds between new files")
    ap.add_argument("--interval", type=float, default=2.0)
    ap.add_argument("--burners", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as tmp:
        ws = init_workspace(Path(tmp) / "ws")
        src = Path(tmp) / "src"
        src.mkdir()
        blobs = []
        for i in range(args.files):
            p = denial(src / f"d{i:03d}.pdf", f"LOAD-{i:04d}", member_id=f"W{i:06d}")
            blobs.append(p.read_bytes())
        stop = mp.Event()
        burners = [mp.Process(target=burn, args=(stop,), daemon=True) for _ in range(args.burners)]
        for b in burners:
            b.start()
        watch = subprocess.Popen(
            [sys.executable, "-m", "packet", "-v", "watch", str(ws), "--interval", str(args.interval),
             "--today", "2026-01-20"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        taken: dict[str, float] = {}
        reader = threading.Thread(target=_read_taken, args=(watch, taken), daemon=True)
        reader.start()
        time.sleep(3)  # the watcher's start-up (imports, first scan, subscription)
        last_write: dict[str, float] = {}
        gone: dict[str, float] = {}
        inbox = ws / "inbox"
        try:
            start = time.monotonic()
            for i, data in enumerate(blobs):
                name = f"d{i:03d}.pdf"
                due = start + i * args.every
                while time.monotonic() < due:
                    _collect(inbox, last_write, gone)
                    time.sleep(0.02)
                third = len(data) // 3
                with open(inbox / name, "wb") as f:
                    for k, chunk in enumerate((data[:third], data[third : 2 * third], data[2 * third :])):
                        f.write(chunk)
                        f.flush()
                        if k < 2:
                            time.sleep(0.1)
                last_write[name] = time.monotonic()
            deadline = time.monotonic() + 120
            while len(gone) < len(blobs) and time.monotonic() < deadline:
                _collect(inbox, last_write, gone)
                time.sleep(0.02)
        finally:
            watch.terminate()
            watch.wait(timeout=60)
            stop.set()
            for b in burners:
                b.join(timeout=5)
    picked = sorted(taken[n] - last_write[n] for n in taken if n in last_write)
    delays = sorted((gone[n] - last_write[n], n) for n in gone)
    target = args.interval + 1.0
    missing = sorted(set(last_write) - set(gone))
    late = [(d, n) for d, n in delays if d > target]
    values = [d for d, _ in delays]
    print(f"packet watch --interval {args.interval:g}, {args.files} files one every {args.every:g} s, "
          f"{args.burners} CPU burners on {os.cpu_count()} cores")  # fmt: skip
    if picked:
        print(f"  last write -> taken (the watcher starts on it): {_spread(picked)} (target {target:.1f} s); "
              f"over the target: {sum(d > target for d in picked)} of {len(picked)}")  # fmt: skip
    if values:
        print(f"  last write -> out of the inbox (case made, letter drafted): {_spread(values)}")
    print(f"  out of the inbox later than the target: {len(late)} of {len(values)}; never: {len(missing)}")
    for d, n in late:
        print(f"    {n}: {d:.2f} s")
    for n in missing:
        print(f"    {n}: not taken within 120 s")
    return 0 if picked and all(d <= target for d in picked) and not missing else 1


def _spread(values: list[float]) -> str:
    q = statistics.quantiles(values, n=20) if len(values) > 1 else values
    return (f"min {values[0]:.2f} s, median {statistics.median(values):.2f} s, p95 {q[-1]:.2f} s, "
            f"max {values[-1]:.2f} s")  # fmt: skip


def _read_taken(proc: subprocess.Popen[str], taken: dict[str, float]) -> None:
    """The watcher's 'taking NAME' log lines (-v), stamped as they arrive."""
    assert proc.stderr is not None
    for line in proc.stderr:
        m = re.search(r"taking (\S+)$", line.strip())
        if m:
            taken.setdefault(m.group(1), time.monotonic())


def _collect(inbox: Path, last_write: dict[str, float], gone: dict[str, float]) -> None:
    now = time.monotonic()
    present = {p.name for p in inbox.iterdir()} if inbox.is_dir() else set()
    for name in last_write:
        if name not in gone and name not in present:
            gone[name] = now


if __name__ == "__main__":
    sys.exit(main())
