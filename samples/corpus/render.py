"""Render corpus letters as PDFs, three ways, deterministically.

- ``text``: a plain text PDF (Helvetica 10 pt), the letter's lines as in the file, long lines wrapped,
  paginated.
- ``cells``: a letterhead look: the first line (the plan's name) top-left in bold; every ``Label: value`` line
  whose label is at most 40 characters goes into a two-column table with ruling lines (label in one cell,
  value in the other; a line holding two pairs separated by 3+ spaces gives two rows); other lines are
  paragraphs.
- ``scan``: the text look rendered at 150 dpi (pypdfium2), rotated by 0.5-1.5 degrees, with salt specks and
  grey noise, saved as an image-only PDF (no text layer). All randomness is seeded by the letter's id.

Usage: python -m samples.corpus.render OUTDIR [--looks text,cells,scan] [--group dev|heldout|all] [ids...]
writes OUTDIR/<id>.<look>.pdf. The default group is dev (held-out letters are rendered only on request).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageChops, ImageDraw
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter as LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from samples.corpus import letter_lines, load_corpus

LOOKS = ("text", "cells", "scan")
MARGIN = 0.75 * inch
FONT, SIZE, LEADING = "Helvetica", 10, 12.5
SCAN_DPI = 150
FIXED_DATE = time.struct_time((2026, 1, 1, 0, 0, 0, 3, 1, 0))
PAIR = re.compile(r"^\s*((?:- )?[A-Za-z][^:]{0,39}):\s+(\S.*)$")


def text_pdf(lines: list[str]) -> bytes:
    """The ``text`` look: one line of the file per line of the page (wrapped if too long)."""
    buf = io.BytesIO()
    width, height = LETTER
    c = canvas.Canvas(buf, pagesize=LETTER, invariant=1)
    c.setFont(FONT, SIZE)
    y = height - MARGIN
    for line in lines:
        for part in simpleSplit(line, FONT, SIZE, width - 2 * MARGIN) or [""]:
            if y < MARGIN:
                c.showPage()
                c.setFont(FONT, SIZE)
                y = height - MARGIN
            c.drawString(MARGIN, y, part)
            y -= LEADING
    c.showPage()
    c.save()
    return buf.getvalue()


def label_pairs(line: str) -> list[tuple[str, str]] | None:
    """The ``Label: value`` pairs of a line (two pairs when separated by 3+ spaces), or None."""
    segments = [s for s in re.split(r"\s{3,}", line.strip()) if s]
    pairs = [PAIR.match(s) for s in segments]
    if segments and all(pairs):
        return [(m.group(1).strip() + ":", m.group(2).strip()) for m in pairs if m]
    whole = PAIR.match(line)
    return [(whole.group(1).strip() + ":", whole.group(2).strip())] if whole else None


def cells_pdf(lines: list[str]) -> bytes:
    """The ``cells`` look: letterhead, label-value tables with ruling lines, paragraphs."""
    body = ParagraphStyle("body", fontName=FONT, fontSize=SIZE, leading=LEADING)
    head = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=14, leading=18)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        invariant=1,
    )
    story: list[Flowable] = []
    rows: list[list[Paragraph]] = []
    label_width = 2.0 * inch

    def flush() -> None:
        if rows:
            t = Table(rows, colWidths=[label_width, doc.width - label_width], hAlign="LEFT")
            t.setStyle(
                TableStyle(
                    [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
                )
            )
            story.extend([t, Spacer(1, 4)])
            rows.clear()

    first = next((i for i, s in enumerate(lines) if s.strip()), None)
    for i, line in enumerate(lines):
        if i == first:
            story.extend([Paragraph(escape(line.strip()), head), Spacer(1, 6)])
            continue
        pairs = label_pairs(line)
        if pairs:
            rows.extend([Paragraph(escape(k), body), Paragraph(escape(v), body)] for k, v in pairs)
            continue
        flush()
        story.append(Paragraph(escape(line), body) if line.strip() else Spacer(1, LEADING))
    flush()
    doc.build(story)
    return buf.getvalue()


def _seed(letter_id: str, salt: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{letter_id}:{salt}".encode()).digest()[:8], "big")


def scan_page(img: Image.Image, rnd: random.Random) -> Image.Image:
    """Rotate by 0.5-1.5 degrees, add grey noise and salt specks."""
    angle = rnd.uniform(0.5, 1.5) * rnd.choice((-1, 1))
    img = img.convert("L").rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    noise = Image.frombytes("L", img.size, rnd.randbytes(img.size[0] * img.size[1]))
    img = ImageChops.subtract(img, noise.point(lambda v: v * 40 // 255))
    draw = ImageDraw.Draw(img)
    w, h = img.size
    for _ in range(int(w * h / 2500)):
        x, y, r = rnd.randrange(w), rnd.randrange(h), rnd.choice((0, 0, 1, 1, 2))
        draw.ellipse((x, y, x + r, y + r), fill=rnd.choice((0, 60, 255)))
    return img


def scan_pdf(lines: list[str], letter_id: str) -> bytes:
    """The ``scan`` look: the text look as an image-only PDF that looks scanned."""
    import pypdfium2 as pdfium

    rnd = random.Random(_seed(letter_id, "scan"))
    pdf = pdfium.PdfDocument(text_pdf(lines))
    try:
        pages = [
            scan_page(pdf[i].render(scale=SCAN_DPI / 72, grayscale=True).to_pil(), rnd)
            for i in range(len(pdf))
        ]
    finally:
        pdf.close()
    buf = io.BytesIO()
    pages[0].save(
        buf,
        format="PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(SCAN_DPI),
        creationDate=FIXED_DATE,
        modDate=FIXED_DATE,
        producer="samples/corpus/render.py",
        quality=80,
    )
    return buf.getvalue()


def render_bytes(path: Path, look: str) -> bytes:
    """One letter file (``.txt``, header skipped) rendered in one look."""
    lines = letter_lines(path)
    makers: dict[str, Callable[[], bytes]] = {
        "text": lambda: text_pdf(lines),
        "cells": lambda: cells_pdf(lines),
        "scan": lambda: scan_pdf(lines, path.stem),
    }
    if look not in makers:
        raise ValueError(f"look must be one of {', '.join(LOOKS)}, not {look!r}")
    return makers[look]()


def render_letter(path: Path, look: str, outdir: Path) -> Path:
    """Write ``outdir/<id>.<look>.pdf`` and return its path."""
    out = outdir / f"{path.stem}.{look}.pdf"
    tmp = out.with_suffix(".tmp")
    tmp.write_bytes(render_bytes(path, look))
    tmp.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--looks", default=",".join(LOOKS), help="comma-separated: text,cells,scan")
    ap.add_argument("--group", default="dev", choices=("dev", "heldout", "all"))
    ap.add_argument("ids", nargs="*", help="letter ids (default: every letter of the group)")
    a = ap.parse_intermixed_args(argv)
    looks = [x for x in a.looks.split(",") if x]
    bad = [x for x in looks if x not in LOOKS]
    if bad:
        ap.error(f"unknown look {bad[0]!r}; choose from {', '.join(LOOKS)}")
    letters = load_corpus(a.group, a.ids or None)
    missing = set(a.ids) - {x.id for x in letters}
    if missing:
        ap.error(f"no letter {sorted(missing)[0]!r} in group {a.group}")
    a.outdir.mkdir(parents=True, exist_ok=True)
    for x in letters:
        for look in looks:
            print(render_letter(x.path, look, a.outdir))
    print(f"{len(letters)} letters x {len(looks)} looks -> {a.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
