"""Regenerate the sample material (``./dev samples``): invented denial letters with ground truth in
samples/denials/, supporting records in samples/records/. Deterministic: a rerun gives identical bytes.

Usage: .venv/bin/python samples/generate.py [--out DIR] [--only denials|records]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from samples.generator.letters import render  # noqa: E402
from samples.generator.specs import cases  # noqa: E402


def write_denials(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for c in cases():
        pdf = out / f"{c.name}.pdf"
        render(c).save(pdf)
        pdf.with_suffix(".json").write_text(json.dumps(c.truth(), indent=2) + "\n", encoding="utf-8")
        written.append(pdf)
    keep = {p.name for p in written} | {p.with_suffix(".json").name for p in written}
    for stale in [*out.glob("[0-9][0-9]-*.pdf"), *out.glob("[0-9][0-9]-*.json")]:
        if stale.name not in keep:  # a letter renamed or renumbered: its old files go
            stale.unlink()
    return written


def write_records(out: Path) -> list[Path]:
    from samples.generator.records import write_all

    out.mkdir(parents=True, exist_ok=True)
    return write_all(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--out", type=Path, default=HERE, help="where denials/ and records/ go (default: samples/)"
    )
    ap.add_argument("--only", choices=("denials", "records"))
    args = ap.parse_args(argv)
    n = 0
    if args.only in (None, "denials"):
        n += len(write_denials(args.out / "denials"))
    if args.only in (None, "records"):
        n += len(write_records(args.out / "records"))
    print(f"wrote {n} sample files under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
