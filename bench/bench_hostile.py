"""Time and peak memory of every hostile input (issue 8: at most 10 s and 500 MB each).

    .venv/bin/python bench/bench_hostile.py [--only bomb,20k-image]

Generates the hostile files of samples/hostile.py in bench/out/hostile/, then runs each through
the command line in a child process of its own: every PDF as a denial (``packet extract``), every file as a
record of a case (``packet build``), and the Word files as the case's letter.docx. Prints one row each:
exit code, wall time, peak memory (the child's own VmHWM, or its largest child process's: a worker of
'packet run --jobs 2', LibreOffice) and the start of its error line. Each child
runs under an address-space limit of 2 GB and a 120 s timeout, so a regression shows as a row, not as a
machine out of memory. No assertion: the limits themselves are tested in tests/test_hostile.py.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT  # and the repository root on sys.path

OUT = ROOT / "bench" / "out" / "hostile"

TIME_TARGET, MEMORY_TARGET = 10.0, 500.0

CHILD = """
import io, json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
t0 = time.perf_counter()
from packet.cli import main
err = io.StringIO()
sys.stderr, real = err, sys.stderr
code = 0
try:
    main(args=sys.argv[2:], prog_name="packet")
except SystemExit as e:
    code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
except MemoryError:
    code = "MemoryError"
sys.stderr = real
hwm = None
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        hwm = int(line.split()[1]) / 1024
# the largest process it started (a worker, LibreOffice), if larger
hwm = max(hwm or 0, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
lines = [ln for ln in err.getvalue().splitlines() if ln.startswith("Error:")]
with open(sys.argv[1], "w") as f:
    error = lines[-1] if lines else ""
    result = {"code": code, "s": time.perf_counter() - t0, "peak_mb": hwm, "error": error}
    json.dump(result, f)
"""


def child(args: list[str], work: Path) -> dict[str, object]:
    result = work / "result.json"
    result.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(result), *args],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"code": "timeout", "s": 120.0, "peak_mb": None, "error": ""}
    if not result.is_file():
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        return {
            "code": f"died {proc.returncode}",
            "s": time.perf_counter() - started,
            "peak_mb": None,
            "error": tail[0],
        }
    return json.loads(result.read_text())


def cases(work: Path) -> list[tuple[str, str, list[str]]]:
    """(input, how, command line) for every hostile file."""
    from samples.cases import make_case
    from samples.hostile import HOSTILE, HOSTILE_DOCX, HOSTILE_PDFS

    out = []
    for name, filename, make, _ in HOSTILE_PDFS:
        d = work / "denials" / name
        d.mkdir(parents=True)
        out.append((name, "extract", ["extract", str(make(d / filename)), "--json"]))
    for name, filename, make, _ in HOSTILE:
        folder = make_case(work / "records" / name, {filename: make})
        out.append((name, "build (record)", ["build", str(folder)]))
    for name, _filename, make, _ in HOSTILE_DOCX:
        if name == "docx-not-zip":
            continue
        folder = make_case(work / "letters" / name, {}, letter=None)
        make(folder / "letter.docx")
        out.append((name, "build (letter)", ["build", str(folder)]))
    out.append(("2 path-bombs", "run --jobs 2", ["run", str(_bombs_workspace(work)), "--jobs", "2"]))
    return out


def _bombs_workspace(work: Path) -> Path:
    """Two path bombs and two letters in a workspace's inbox (the workers' memory, issue 16)."""
    from packet.workspace import init_workspace
    from samples.hostile import denial_pdf, path_bomb

    ws = init_workspace(work / "run-bombs")
    path_bomb(ws / "inbox" / "bomb-a.pdf")
    path_bomb(ws / "inbox" / "bomb-b.pdf", megabytes=26)
    denial_pdf(ws / "inbox" / "letter.pdf")
    return ws


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="", help="comma-separated input names (default: all)")
    opts = ap.parse_args()
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    only = {n for n in opts.only.split(",") if n}
    rows = [c for c in cases(OUT) if not only or c[0] in only]
    print(f"{'input':<16} {'through':<15} {'exit':>5} {'time s':>7} {'peak MB':>8}  error line")
    worst_s = worst_mb = 0.0
    over = []
    for name, how, args in rows:
        r = child(args, OUT)
        s, mb = float(r["s"]), r["peak_mb"]  # type: ignore[arg-type]
        worst_s = max(worst_s, s)
        worst_mb = max(worst_mb, float(mb or 0))  # type: ignore[arg-type]
        if s > TIME_TARGET or mb is None or float(mb) > MEMORY_TARGET:  # type: ignore[arg-type]
            over.append(f"{name} ({how})")
        err = str(r["error"])[:70]
        peak = f"{mb:8.0f}" if mb is not None else f"{'?':>8}"
        print(f"{name:<16} {how:<15} {r['code']!s:>5} {s:7.2f} {peak}  {err}")
    print(f"\n{len(rows)} runs; slowest {worst_s:.2f} s (target {TIME_TARGET:g} s), "
          f"highest peak {worst_mb:.0f} MB (target {MEMORY_TARGET:g} MB)")  # fmt: skip
    print("over a target: " + (", ".join(over) if over else "none"))


if __name__ == "__main__":
    main()
