"""Benchmark 'packet build' against qpdf on the same inputs, in the same run.

    .venv/bin/python bench/bench_build.py [--pages 600] [--big 2000] [--letters 20]

Makes a case whose records have about 600 pages (text PDFs and scanned-image PDFs, invented content) in
bench/out/build/, then measures, each in a child process so that peak memory is the build's own:
  - packet build (letter.pdf already there: no conversion) vs `qpdf --empty --pages <inputs> -- out.pdf`
    on the same inputs: time ratio (target <= 4x), output size vs the inputs' total (target <= 1.25x),
    peak memory (target <= 300 MB);
  - the same for a ~2,000-page packet (memory target the same). Peak memory is the child's own high-water
    mark (VmHWM; resource.getrusage's ru_maxrss can carry the parent's across fork+exec);
  - letter conversion apart: one letter cold, and N letters in one LibreOffice call.
Prints the figures; no assertion (speed is not a test).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, best_of  # and the repository root on sys.path

OUT = ROOT / "bench" / "out" / "build"

CHILD = """
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from packet.build import BuildOptions, build_packet
t1 = time.perf_counter()
r = build_packet(Path(sys.argv[1]), BuildOptions(output=Path(sys.argv[2]), bates="BENCH"))
t2 = time.perf_counter()
# ru_maxrss can carry the parent's high-water mark across fork+exec on Linux; VmHWM is this program's own.
hwm = None
try:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) / 1024
except OSError:
    pass
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"import_s": t1 - t0, "build_s": t2 - t1, "pages": r.pages, "size": r.sizes[0],
                  "peak_mb": hwm if hwm is not None else rss, "maxrss_mb": rss}))
"""


def text_record(path: Path, pages: int, seed: int) -> None:
    from reportlab.pdfgen.canvas import Canvas

    rnd = random.Random(seed)
    words = [
        "patient",
        "reports",
        "knee",
        "pain",
        "improving",
        "range",
        "of",
        "motion",
        "flexion",
        "extension",
        "exercises",
        "gait",
        "strength",
        "assessment",
        "plan",
        "continue",
        "therapy",
        "twice",
        "weekly",
        "goals",
        "progress",
        "noted",
    ]
    c = Canvas(str(path), pagesize=(612, 792), invariant=1)
    for k in range(pages):
        c.setFont("Helvetica-Bold", 13)
        c.drawString(72, 730, f"Clinical note {seed}-{k + 1} (invented sample)")
        c.setFont("Helvetica", 10)
        for line in range(48):
            c.drawString(72, 700 - line * 13, " ".join(rnd.choice(words) for _ in range(14)))
        c.showPage()
    c.save()


def scan_record(path: Path, pages: int, seed: int) -> None:
    """A 'scanned' PDF: one grayscale JPEG per page (150 dpi), like a fax or a copier's output."""
    import io

    from PIL import Image, ImageDraw, ImageFilter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=(612, 792), invariant=1)
    rnd = random.Random(seed)
    for k in range(pages):
        im = Image.new("L", (1275, 1650), 250)
        d = ImageDraw.Draw(im)
        for line in range(60):
            y = 80 + line * 25
            d.line([(100, y), (100 + rnd.randint(400, 1075), y)], fill=rnd.randint(20, 90), width=3)
        d.text((100, 40), f"Scanned record {seed}-{k + 1}", fill=0)
        im = im.filter(ImageFilter.GaussianBlur(0.6))
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=60)
        buf.seek(0)
        c.drawImage(ImageReader(buf), 0, 0, 612, 792)
        c.showPage()
    c.save()


def make_case(root: Path, pages: int, name: str) -> Path:
    """The bench case (made once: the inputs are deterministic, so a later run reuses them)."""
    from samples.cases import make_case as make

    folder = root / "ws" / "cases" / name
    if (root / "complete").is_file():
        return folder
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    folder = make(root, {}, letter="pdf", case_id=name)
    records = folder / "records"
    done, i = 0, 0
    while done < pages:
        n = min(30, pages - done)
        if i % 5 == 4:
            scan_record(records / f"{i:03d}_scan.pdf", n, i)
        else:
            text_record(records / f"{i:03d}_notes.pdf", n, i)
        done += n
        i += 1
    (root / "complete").write_text("inputs complete\n")
    return folder


def run_child(folder: Path, out: Path) -> dict[str, float]:
    py = ROOT / ".venv" / "bin" / "python"
    r = subprocess.run(
        [str(py if py.exists() else sys.executable), "-c", CHILD, str(folder), str(out)],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if r.returncode != 0:
        raise SystemExit(r.stderr)
    return json.loads(r.stdout.strip().splitlines()[-1])


def inputs_of(folder: Path) -> list[Path]:
    return [folder / "letter.pdf", folder / "denial.pdf", *sorted((folder / "records").glob("*.pdf"))]


def qpdf_time(inputs: list[Path], out: Path, runs: int = 3) -> float:
    cmd = ["qpdf", "--empty", "--pages", *map(str, inputs), "--", str(out)]
    return best_of(lambda: subprocess.run(cmd, check=True), runs)


def bench_packet(pages: int, runs: int) -> None:
    folder = make_case(OUT / f"case{pages}", pages, f"bench-{pages}")
    inputs = inputs_of(folder)
    total_in = sum(p.stat().st_size for p in inputs)
    results = [run_child(folder, OUT / f"packet{pages}.pdf") for _ in range(runs)]
    best = min(results, key=lambda r: r["build_s"])
    peak = max(r["peak_mb"] for r in results)
    q = qpdf_time(inputs, OUT / f"qpdf{pages}.pdf") if shutil.which("qpdf") else float("nan")
    ratio_t = best["build_s"] / q
    ratio_s = best["size"] / total_in
    print(f"packet of {best['pages']} pages ({pages} pages of records, {len(inputs) - 2} record files):")
    print(
        f"  packet build      {best['build_s']:.2f} s (best of {runs}; imports {best['import_s']:.2f} s "
        "apart)"
    )
    print(f"  qpdf --pages      {q:.2f} s (best of 3)")
    print(f"  time ratio        {ratio_t:.2f}x   (target <= 4x)  {'ok' if ratio_t <= 4 else 'OVER'}")
    print(
        f"  output size       {best['size'] / 1e6:.2f} MB vs inputs {total_in / 1e6:.2f} MB: {ratio_s:.2f}x "
        f"(target <= 1.25x)  {'ok' if ratio_s <= 1.25 else 'OVER'}"
    )
    print(
        f"  peak memory       {peak:.0f} MB (child process: VmHWM, imports included; target <= 300 MB)  "
        f"{'ok' if peak <= 300 else 'OVER'}"
    )


def bench_letters(n: int) -> None:
    from packet import tools
    from packet.convert import docx_to_pdf, docx_to_pdf_many
    from samples.cases import letter_docx

    if not tools.find("libreoffice").path:
        print("letter conversion: LibreOffice not installed, skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        letters = [letter_docx(t / f"letter{i}.docx", f"Letter number {i}.") for i in range(n)]
        start = time.perf_counter()
        docx_to_pdf(letters[0], t / "one.pdf")
        one = time.perf_counter() - start
        start = time.perf_counter()
        out = docx_to_pdf_many(letters, t / "many")
        many = time.perf_counter() - start
    assert len(out) == n
    print("letter conversion (LibreOffice, cold profile each call; reported apart from the build):")
    print(f"  1 letter          {one:.2f} s")
    print(
        f"  {n} letters, 1 call {many:.2f} s  ({many / n:.2f} s each; {n * one / many:.1f}x faster than one "
        "by one)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=600)
    ap.add_argument("--big", type=int, default=2000, help="pages of the memory run (0: skip)")
    ap.add_argument("--letters", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.pages:
        bench_packet(args.pages, args.runs)
    if args.big:
        bench_packet(args.big, 1)
    if args.letters:
        bench_letters(args.letters)


if __name__ == "__main__":
    main()
