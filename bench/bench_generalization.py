"""Extraction accuracy on letters no one on the project wrote (samples/corpus), three looks each.

Renders every corpus letter as text, cells and scan PDFs in a temporary folder, extracts each in-process and
scores it with the shared matching rules (bench/_score.py). Prints, per look:
- dev sources with the default rules (in-sample for any rule learned from them);
- dev sources leave-one-source-out: each source scored by ``rules_without_source(source)``, when
  packet.extract.rules provides it;
- the generator's figure on samples/denials, labelled in-sample;
- last, the held-out sources (rules never written from these).
Field accuracy is over the shared truth keys; ``level`` (the next step the letter opens) is reported apart.

Usage: .venv/bin/python bench/bench_generalization.py [--looks text,cells,scan] [--group dev|heldout|all]
       [--ids ID ...] [-v] [--json] [--jobs N] [--no-in-sample] [--show-heldout]
With -v the held-out misses name the letter, look and field only, so no rule is written from their values.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _score import FIELDS, Tally  # noqa: E402

TODAY = date(2026, 11, 22)  # fixed, as bench_accuracy.py: warnings about past dates never change a figure
SHORT = {
    "reference": "ref",
    "member_name": "name",
    "member_id": "id",
    "notice_date": "notice",
    "appeal_due": "due",
    "category": "cat",
    "plan_type": "plan",
    "codes": "codes",
    "dx": "dx",
    "fax": "fax",
}


@dataclass(frozen=True)
class Job:
    letter_id: str
    path: str
    source: str
    group: str
    look: str
    tmp: str
    loso: bool


def loso_available() -> bool:
    import packet.extract.rules as r

    return hasattr(r, "rules_without_source")


@functools.cache
def _rules_without(source: str) -> Any:
    import packet.extract.rules as r

    return r.rules_without_source(source)


def run(job: Job) -> tuple[Job, dict[str, Any], dict[str, Any] | None, str | None]:
    """Render one letter in one look, extract it with the default rules (and without its source's)."""
    from packet.extract import extract_fields
    from packet.read import read_text
    from samples.corpus.render import render_letter

    try:
        pdf = render_letter(Path(job.path), job.look, Path(job.tmp))
        doc = read_text(pdf)
        out = extract_fields(doc, today=TODAY).to_dict()
        loso = None
        if job.loso and job.group == "dev":
            loso = extract_fields(doc, rules=_rules_without(job.source), today=TODAY).to_dict()
        return job, out, loso, None
    except Exception as e:  # one letter's failure is a miss, not the end of the run
        return job, {}, ({} if job.loso and job.group == "dev" else None), f"{type(e).__name__}: {e}"


def in_sample() -> dict[str, Any]:
    """bench_accuracy.py's figure on the generator's own letters (samples.accuracy's scoring)."""
    from packet.extract import extract_file
    from samples.accuracy import score_files

    pdfs = sorted((ROOT / "samples" / "denials").glob("*.pdf"))
    if not pdfs:
        return {"error": "samples/denials has no PDFs (run ./dev samples)"}
    s = score_files((extract_file(p, today=TODAY).to_dict(), p.with_suffix(".json")) for p in pdfs)
    return {
        "letters": len(pdfs),
        "right": s.right,
        "total": s.total,
        "accuracy": round(s.accuracy, 4),
        "wrong_appeal_dates": len(s.wrong_dates),
    }


def row(look: str, t: Tally) -> str:
    cells = " ".join(f"{SHORT[f]}={g}/{n}" for f, (g, n) in t.fields.items() if n)
    level = f"level={t.level[0]}/{t.level[1]}" if t.level[1] else "level=-"
    return (
        f"  {look:<5} {t.accuracy:.3f} ({t.right}/{t.total})  {cells}  | {level}  "
        f"wrong non-null appeal dates: {t.wrong_dates}"
    )


def section(title: str, tallies: dict[str, Tally], verbose: bool, values: bool = True) -> None:
    """One group's rows; with ``verbose`` its misses (without the values when ``values`` is false)."""
    print(f"\n== {title} ==")
    for look, t in tallies.items():
        print(row(look, t))
    if verbose:
        for t in tallies.values():
            for m in t.misses:
                print(f"    {m if values else m.split(': want ')[0]}")


def main() -> int:
    from samples.corpus import load_corpus

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--looks", default="text,cells,scan")
    ap.add_argument("--group", default="all", choices=("dev", "heldout", "all"))
    ap.add_argument("--ids", nargs="*", default=None, help="only these letter ids")
    ap.add_argument("-v", action="store_true", help="print every miss: id look field: want X got Y")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the report")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--no-in-sample", action="store_true", help="skip the samples/denials figure")
    ap.add_argument(
        "--show-heldout",
        action="store_true",
        help="with -v, print held-out misses with their values (only at the end of the work)",
    )
    a = ap.parse_args()
    looks = [x for x in a.looks.split(",") if x]
    letters = load_corpus(a.group, a.ids)
    if not letters:
        ap.error("no letters selected")
    loso = loso_available()
    truth = {x.id: x.truth for x in letters}
    groups = {
        "dev": {lk: Tally() for lk in looks},
        "loso": {lk: Tally() for lk in looks},
        "heldout": {lk: Tally() for lk in looks},
    }
    sample = None if a.no_in_sample or a.group == "heldout" else in_sample()
    with tempfile.TemporaryDirectory(prefix="bench-gen-") as tmp:
        jobs = [Job(x.id, str(x.path), x.source, x.group, lk, tmp, loso) for x in letters for lk in looks]
        if a.jobs > 1:
            with ProcessPoolExecutor(a.jobs) as ex:
                results = list(ex.map(run, jobs))
        else:
            results = [run(j) for j in jobs]
    for job, out, loso_out, err in results:
        if err:
            print(f"{job.letter_id} {job.look}: {err}", file=sys.stderr)
        label = f"{job.letter_id} {job.look}"
        groups[job.group][job.look].add(label, out, truth[job.letter_id])
        if loso_out is not None:
            groups["loso"][job.look].add(label, loso_out, truth[job.letter_id])
    has = {g: any(t.total for t in tallies.values()) for g, tallies in groups.items()}
    if a.json:
        result = {
            g: {lk: t.to_dict() for lk, t in tallies.items()} for g, tallies in groups.items() if has[g]
        }
        print(
            json.dumps(
                {
                    "letters": len(letters),
                    "looks": looks,
                    "loso_available": loso,
                    **result,
                    "in_sample": sample,
                },
                indent=2,
            )
        )
        return 0
    dev_src = {x.source for x in letters if x.group == "dev"}
    held_src = {x.source for x in letters if x.group == "heldout"}
    n_dev = sum(x.group == "dev" for x in letters)
    print(
        f"corpus: {len(letters)} letters, {len(dev_src | held_src)} sources (dev {n_dev} letters from "
        f"{len(dev_src)} sources, held out {len(letters) - n_dev} from {len(held_src)}); fields: "
        f"{', '.join(FIELDS)}; level apart"
    )
    if has["dev"]:
        section("dev sources, default rules (in-sample for rules written from them)", groups["dev"], a.v)
        if loso:
            section(
                "dev sources, leave-one-source-out (each scored by rules written without it)",
                groups["loso"],
                a.v,
            )
        else:
            print(
                "leave-one-source-out: not available (packet.extract.rules has no rules_without_source); "
                "dev scored with the default rules only"
            )
    if sample and "error" in sample:
        print(f"\nin-sample (the generator the rules were written from): not measured: {sample['error']}")
    elif sample:
        print(
            f"\nin-sample (the generator the rules were written from): samples/denials, {sample['letters']} "
            f"letters: {sample['accuracy']:.3f} ({sample['right']}/{sample['total']}); wrong non-null appeal "
            f"dates: {sample['wrong_appeal_dates']}"
        )
    if has["heldout"]:
        section("held out (rules never written from these)", groups["heldout"], a.v, a.show_heldout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
