"""Benchmark the drop folder: 'packet run' over 100 denials, then 'packet build --all' over 20 cases.

    .venv/bin/python bench/bench_run.py [--files 100] [--build 20] [--jobs N]

1. 100 sample denials (samples/denials/*.pdf; beyond those, copies made different by a PDF comment after
   %%EOF, so that each is a new file, not a duplicate) are dropped into a fresh workspace's inbox, and
   'packet run' (a child process: interpreter start and imports included) turns them into drafted cases.
   Target: <= 30 s on a 2-core machine. Prints the wall time and each stage's time per file.
2. 20 of those cases in a workspace of their own: 'packet build --all' (a child process) converts their
   letters in one LibreOffice call. Target: conversion <= 0.35 s per letter on average. The reference,
   measured in the same run: one cold LibreOffice start per letter (3 letters, one call each).
Prints the figures; no assertion (speed is not a test). Work files go to bench/out/run/.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT  # and the repository root on sys.path

OUT = ROOT / "bench" / "out" / "run"

RUN_CHILD = """
import json, sys, time
t0 = time.perf_counter()
from packet.ingest import run_inbox
s = run_inbox(sys.argv[1], jobs=int(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - t0, "counts": s.counts(),
                  "timings": [r.timings for r in s.results if r.status == "created"]}))
"""

BUILD_CHILD = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
import packet.convert as convert
spent = {"seconds": 0.0, "files": 0, "calls": 0}
real = convert.docx_to_pdf_many
def timed(docxs, out_dir, **kw):
    t = time.perf_counter()
    try:
        return real(docxs, out_dir, **kw)
    finally:
        spent["seconds"] += time.perf_counter() - t
        spent["files"] += len(docxs)
        spent["calls"] += 1
convert.docx_to_pdf_many = timed
from packet.build.batch import build_all
items = build_all(Path(sys.argv[1]))
print(json.dumps({"seconds": time.perf_counter() - t0, "built": sum(i.result is not None for i in items),
                  "failed": [str(i.error) for i in items if i.error is not None], "convert": spent}))
"""


def child(code: str, *args: str) -> tuple[float, dict[str, object]]:
    t = time.perf_counter()
    p = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"child failed:\n{p.stderr}")
    return wall, json.loads(p.stdout.strip().splitlines()[-1])


def make_inputs(n: int, inbox: Path) -> int:
    """Copy ``n`` distinct denials into ``inbox``; returns how many are copies of a sample made different."""
    samples = sorted((ROOT / "samples" / "denials").glob("*.pdf"))
    if not samples:
        sys.exit("no samples in samples/denials/: run ./dev samples first")
    for i in range(n):
        src = samples[i % len(samples)]
        data = src.read_bytes()
        if i >= len(samples):
            data += f"\n%bench copy {i}\n".encode()
        (inbox / f"{i:03d}-{src.name}").write_bytes(data)
    return max(0, n - len(samples))


def bench_run(files: int, jobs: int) -> Path:
    from packet.workspace import init_workspace

    ws = init_workspace(OUT / "ws")
    copies = make_inputs(files, ws / "inbox")
    wall, r = child(RUN_CHILD, str(ws), str(jobs))
    counts = r["counts"]
    timings: list[dict[str, float]] = r["timings"]  # type: ignore[assignment]
    print(
        f"packet run: {files} denials ({copies} of them re-sent copies) "
        f"with --jobs {jobs} on {os.cpu_count()} CPUs"
    )
    target = "meets" if wall <= 30 else "MISSES"
    print(
        f"  wall time {wall:.2f} s including interpreter start ({files / wall:.1f} files/s; target <= 30 s: "
        f"{target}); inside run_inbox {r['seconds']:.2f} s"
    )
    print(f"  results: {counts}")
    print(
        "  per file, by stage (mean / max, seconds; worker time, so they add up to more than the wall time):"
    )
    for stage in ("copy", "extract", "case", "draft", "place", "total"):
        values = [t[stage] for t in timings if stage in t]
        if values:
            print(f"    {stage:<8} {statistics.mean(values):.4f} / {max(values):.4f}")
    return ws


def bench_build(src_ws: Path, n: int) -> None:
    from packet import tools
    from packet.workspace import init_workspace

    ws = init_workspace(OUT / "ws-build")
    cases = sorted(p for p in (src_ws / "cases").iterdir() if not p.name.startswith("."))[:n]
    for c in cases:
        shutil.copytree(c, ws / "cases" / c.name)
    have_lo = tools.find("libreoffice").path is not None
    # The reference, in this run: one cold LibreOffice start per letter.
    from packet.convert import docx_to_pdf_many

    cold = []
    if have_lo:
        for c in cases[:3]:
            with tempfile.TemporaryDirectory() as tmp:
                t = time.perf_counter()
                docx_to_pdf_many([c / "letter.docx"], Path(tmp))
                cold.append(time.perf_counter() - t)
    wall, r = child(BUILD_CHILD, str(ws))
    conv: dict[str, float] = r["convert"]  # type: ignore[assignment]
    print(
        f"packet build --all: {r['built']} of {len(cases)} cases built in {wall:.2f} s wall "
        f"({wall / max(1, len(cases)):.2f} s per case, interpreter start included); "
        f"failed: {r['failed'] or 'none'}"
    )
    if not have_lo:
        print("  LibreOffice is not installed: letters were rendered by the pure-Python fallback; no ratio")
        return
    per = conv["seconds"] / max(1, conv["files"])
    ref = statistics.mean(cold)
    target = "meets" if per <= 0.35 else "MISSES"
    print(
        f"  conversion: {conv['files']:.0f} letters in {conv['calls']:.0f} LibreOffice call(s), "
        f"{conv['seconds']:.2f} s "
        f"= {per:.3f} s per letter (target <= 0.35 s: {target})"
    )
    print(
        f"  reference, same run: a cold LibreOffice start per letter {ref:.2f} s (mean of {len(cold)}: "
        f"{', '.join(f'{c:.2f}' for c in cold)}); batched is {ref / per:.1f}x cheaper per letter"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--build", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    ws = bench_run(args.files, args.jobs)
    if args.build:
        bench_build(ws, args.build)


if __name__ == "__main__":
    main()
