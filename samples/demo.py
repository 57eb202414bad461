"""``./dev demo`` (``python samples/demo.py``): the whole job on the bundled sample denials.

Development code, beside the samples it needs (an installed wheel has no samples/).

    init a workspace (demo/ at the repo root) -> drop samples/denials/*.pdf into its inbox -> run
    -> put sample records into two cases' records/ -> build every packet -> print where they are

Progress goes to stderr; the paths of the cases and packets go to stdout. Everything is invented: the
letters, members, plans and records are made by samples/generate.py.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from pathlib import Path

from packet.ingest import FileResult, run_inbox
from packet.settings import SETTINGS_FILE
from packet.track import CASES_DIR
from packet.workspace import INBOX_DIR, init_workspace

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DEMO_SENDER = {
    "name": "Dr. Maya Lindqvist",
    "organization": "Riverbend Family Medicine (demo)",
    "npi": "1234567893",
    "address": "400 Example Avenue, Suite 2, Springfield, ST 00000",
    "phone": "555-555-0100",
    "fax": "555-555-0101",
    "signature": "Maya Lindqvist, MD",
}
# Which sample records go into which case (by the denial they came from), in exhibit order.
RECORDS = {
    "01-mri-commercial.pdf": [
        "clinical-notes-whitfield.pdf",
        "letter-of-medical-necessity.docx",
        "pt-discharge-scan.png",
        "faxed-records.tif",
    ],
    "04-humira-erisa-pairs.pdf": ["clinical-notes-whitfield.pdf", "pt-discharge-scan.jpg"],
}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def fresh_workspace(ws: Path) -> Path:
    """A new workspace at ``ws``; an earlier demo there is replaced, anything else is refused."""
    if ws.exists():
        if not (ws / SETTINGS_FILE).is_file() and any(ws.iterdir()):
            raise SystemExit(f"{ws} exists and is not an Appeal Packet workspace; choose another --dir")
        shutil.rmtree(ws)
    return init_workspace(ws, sender=DEMO_SENDER)


def add_records(ws: Path, created: dict[str, FileResult]) -> list[Path]:
    """Copy the sample records into the cases made from the denials named in RECORDS."""
    filled = []
    for denial, records in RECORDS.items():
        result = created.get(denial)
        if result is None or result.folder is None:
            continue
        for i, name in enumerate(records, 1):
            src = SAMPLES / "records" / name
            if src.is_file():
                shutil.copy(src, result.folder / "records" / f"{i:02d}-{name}")
        filled.append(result.folder)
    return filled


def redraft(ws: Path, folders: list[Path]) -> None:
    """Draft those cases' letters again (packet draft CASE), so that their enclosure lists name the records
    just added; a letter nobody has edited yet is replaced."""
    from packet.case import load_case
    from packet.corrections import redraft
    from packet.settings import load_settings

    settings = load_settings(ws)
    for folder in folders:
        result = redraft(load_case(folder), settings=settings)
        if result is not None:
            say(f"   packet draft {folder.name}: {result.path.name} now lists the records as enclosures")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="samples/demo.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--dir", type=Path, default=ROOT / "demo", help="the demo workspace (default: demo/)")
    ap.add_argument("--jobs", type=int, default=None, help="parallel processes (default: the number of CPUs)")
    ap.add_argument("--no-build", action="store_true", help="stop after drafting the letters")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s", stream=sys.stderr)
    denials = sorted((SAMPLES / "denials").glob("*.pdf"))
    if not denials:
        say("No sample denials in samples/denials/: run ./dev samples first.")
        return 1

    ws = fresh_workspace(args.dir)
    say(f"1. Workspace: {ws} (packet init)")
    for pdf in denials:
        shutil.copy(pdf, ws / INBOX_DIR / pdf.name)
    say(f"2. Dropped {len(denials)} sample denial letters into {ws / INBOX_DIR}")
    say("3. packet run: each letter becomes a case with a drafted appeal letter")
    done = [0]

    def progress(r: FileResult) -> None:
        done[0] += 1
        what = f"case {r.case_id}" if r.status == "created" else f"{r.status}: {r.error or r.case_id}"
        say(f"   [{done[0]:>2}/{len(denials)}] {r.file} -> {what}")

    summary = run_inbox(ws, jobs=args.jobs, on_result=progress)
    say(f"   {summary.line()}")
    created = {r.file: r for r in summary.results if r.status == "created"}
    filled = add_records(ws, created)
    say(
        f"4. Put sample records (PDF, DOCX, PNG, JPG, TIFF) into {len(filled)} cases' records/: "
        + ", ".join(p.name for p in filled)
    )
    redraft(ws, filled)
    packets: list[Path] = []
    if not args.no_build:
        from packet.build.batch import build_all

        say("5. packet build --all: cover sheet, letter, attachment index and exhibits, one PDF per case")
        t = time.perf_counter()
        for item in build_all(ws):
            if item.result is not None:
                packets += item.result.outputs
            elif item.error is not None:
                say(f"   {item.case_id}: {item.error}")
        say(f"   {len(packets)} packets built in {time.perf_counter() - t:.1f} s")

    cases = ws / CASES_DIR
    say("")
    say(
        f"Cases ({len(created)}): {cases}/<case-id>/ "
        "(denial.pdf, case.json, letter.docx, records/, history.jsonl)"
    )
    print(f"cases: {cases}")
    for r in sorted(created.values(), key=lambda r: r.case_id or ""):
        print(r.folder)
    if packets:
        say(
            f"Packets ({len(packets)}): packet.pdf in each case folder; with records: "
            + ", ".join(str(p / "packet.pdf") for p in filled)
        )
        print("packets:")
        for p in sorted(packets):
            print(p)
    say(
        f"Next: edit a letter.docx, then 'packet build {filled[0] if filled else cases}'; "
        f"'packet status {ws}' lists the deadlines."
    )
    return 0 if not summary.failed else 20


if __name__ == "__main__":
    sys.exit(main())
