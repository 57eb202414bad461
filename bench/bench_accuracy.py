"""Field-level extraction accuracy on the sample letters, against their ground-truth JSON.

Prints the overall accuracy (target >= 98%), the accuracy per field, every miss, and every non-null
appeal date that is wrong (target: none). The figure is in-sample: the extraction rules were written
while reading these letters. bench/bench_generalization.py gives the figure on letters no one here wrote.

Usage: .venv/bin/python bench/bench_accuracy.py [--dir samples/denials] [--misses]
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from _common import ROOT, in_sample


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, default=ROOT / "samples" / "denials")
    ap.add_argument("--misses", action="store_true", help="list every field that differs from the truth")
    ap.add_argument("--today", default="2026-11-22")
    args = ap.parse_args()
    from packet.extract import extract_file
    from samples.accuracy import score_files

    pdfs = sorted(args.dir.glob("*.pdf"))
    today = date.fromisoformat(args.today)
    s = score_files((extract_file(p, today=today).to_dict(), p.with_suffix(".json")) for p in pdfs)
    print(
        in_sample(
            f"{args.dir.name}: {len(pdfs)} letters, {s.total} fields: accuracy {s.accuracy:.1%} "
            "(target >= 98%)"
        )
    )
    print("\n".join(s.report(args.misses)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
