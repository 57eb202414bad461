"""Extraction speed against poppler's pdftotext, measured in the same run.

Prints, over the sample denial letters:
- the median in-process extraction time per letter (read_text + extract_fields, after warm-up) against the
  median time `pdftotext FILE -` takes on the same file (a process per file, as a user would run it);
  target: ratio <= 3x;
- the median wall time of the whole `packet extract FILE --json` command, interpreter start included,
  against `pdftotext`; target: <= 0.6 s;
- the text-only stage (pypdfium2, our line builder) against pdfplumber's extract_text on the same pages.

Usage: .venv/bin/python bench/bench_extract.py [--runs N] [FILES...]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from _common import ROOT  # and the repository root on sys.path
from _common import median_of as median_time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    files = args.files or sorted((ROOT / "samples" / "denials").glob("*.pdf"))
    if not files:
        print("no sample letters: run ./dev samples", file=sys.stderr)
        return 1
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        print(
            "pdftotext is not installed (apt-get install poppler-utils): no reference to compare with",
            file=sys.stderr,
        )
        return 1

    from packet.extract import extract_fields, extract_file
    from packet.read import read_text

    for f in files[:3]:  # warm-up: imports, rule file, code sets
        extract_file(f)

    ours, ref, text_ours, text_plumber = [], [], [], []
    for f in files:
        ours.append(median_time(lambda f=f: extract_fields(read_text(f)), args.runs))
        layout_cmd = [pdftotext, "-layout", str(f), "-"]
        ref.append(
            median_time(
                lambda cmd=layout_cmd: subprocess.run(cmd, capture_output=True, check=True), args.runs
            )
        )
        text_ours.append(median_time(lambda f=f: read_text(f), args.runs))
    import pdfplumber

    for f in files[:10]:

        def plumber(f: Path = f) -> None:
            with pdfplumber.open(f) as pdf:
                for p in pdf.pages:
                    p.extract_text()

        text_plumber.append(median_time(plumber, 1))

    packet_cmd = [sys.executable, "-m", "packet", "extract", "--json"]
    wall, wall_ref = [], []
    for f in files[:12]:
        ours_cmd, ref_cmd = [*packet_cmd, str(f)], [pdftotext, str(f), "-"]
        wall.append(median_time(lambda cmd=ours_cmd: subprocess.run(cmd, capture_output=True, check=True), 3))
        wall_ref.append(
            median_time(lambda cmd=ref_cmd: subprocess.run(cmd, capture_output=True, check=True), 3)
        )

    m_ours, m_ref = statistics.median(ours), statistics.median(ref)
    print(f"letters: {len(files)}  runs each: {args.runs}")
    print(f"in-process extraction, median per letter: {m_ours * 1000:.1f} ms")
    print(f"pdftotext (a process per file), median:    {m_ref * 1000:.1f} ms")
    print(f"ratio extraction / pdftotext: {m_ours / m_ref:.2f}x   (target <= 3x)")
    mt, mp = statistics.median(text_ours), statistics.median(text_plumber)
    print(
        f"text only: pypdfium2 line builder {mt * 1000:.1f} ms vs pdfplumber extract_text {mp * 1000:.1f} ms "
        f"per letter ({mp / mt:.0f}x faster)"
    )
    mw, mwr = statistics.median(wall), statistics.median(wall_ref)
    print(
        f"whole `packet extract --json` command, median wall: {mw:.3f} s (target <= 0.6 s); "
        f"pdftotext command {mwr:.3f} s; ratio {mw / mwr:.1f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
