"""Benchmark drafting a letter ('packet draft') against a LibreOffice conversion of it, in the same run.

    .venv/bin/python bench/bench_draft.py [--letters 50] [--no-convert]

Drafts letters for all nine denial categories in both voices (invented Denial records, a records folder
of three exhibits, the built-in templates) and measures:
  - the first letter (cold: imports, template and rule files, the ICD-10-CM list), then the median and
    95th percentile per letter after warm-up (target <= 100 ms);
  - for scale, one LibreOffice DOCX -> PDF conversion of the same letter (what 'packet build' does with it),
    and the ratio of the two.
Prints the figures; no assertion (speed is not a test).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--letters", type=int, default=54, help="letters to draft after warm-up (default 54)")
    ap.add_argument("--no-convert", action="store_true", help="skip the LibreOffice comparison")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from packet.draft import draft_letter
    from packet.model import CATEGORIES
    from samples.cases import SETTINGS, make_denial
    from samples.pdfmaker import text_pdf

    t_import = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="bench-draft-") as tmp:
        work = Path(tmp)
        rec = work / "records"
        rec.mkdir()
        for name in ("2026-01-05_pt_notes.pdf", "mri-report.pdf", "2025-12-01_office_visit.pdf"):
            text_pdf(rec / name, [["record"]])
        jobs = [(c, v) for c in CATEGORIES for v in ("provider", "patient")]

        t = time.perf_counter()
        first = draft_letter(make_denial("medical_necessity"), SETTINGS, records_dir=rec)
        cold = time.perf_counter() - t
        for c, v in jobs[:4]:  # warm-up
            draft_letter(make_denial(c), SETTINGS, voice=v, records_dir=rec)
        times = []
        for i in range(args.letters):
            c, v = jobs[i % len(jobs)]
            denial = make_denial(c)
            t = time.perf_counter()
            draft_letter(denial, SETTINGS, voice=v, records_dir=rec, expedited=i % 3 == 0)
            times.append(time.perf_counter() - t)
        times.sort()
        median = statistics.median(times)
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"import packet.draft:            {t_import * 1000:8.1f} ms")
        print(f"first letter (cold):            {cold * 1000:8.1f} ms")
        print(f"per letter after warm-up:       {median * 1000:8.1f} ms median, {p95 * 1000:.1f} ms p95, "
              f"{max(times) * 1000:.1f} ms max over {len(times)} letters "
              f"(target <= 100 ms: {'met' if p95 <= 0.1 else 'MISSED'})")  # fmt: skip
        print(f"letter size:                    {len(first) / 1024:8.1f} KB")
        if args.no_convert:
            return 0
        from packet.convert import docx_to_pdf, have_libreoffice

        if not have_libreoffice():
            print("LibreOffice is not installed: no conversion comparison")
            return 0
        src = work / "letter.docx"
        src.write_bytes(first)
        t = time.perf_counter()
        docx_to_pdf(src, work / "letter.pdf", fallback=False)
        conv = time.perf_counter() - t
        print(f"LibreOffice DOCX -> PDF (same letter): {conv * 1000:8.1f} ms")
        print(
            f"ratio draft / conversion:       {median / conv:8.3f} (drafting is {conv / median:.0f}x faster)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
