"""Scanned twins of the sample letters: what a faxed or mailed denial looks like when it reaches the inbox.

Every ``samples/denials/NN-*.pdf`` becomes ``samples/scanned/NN-*.pdf``: each page rendered at 150-200 dpi,
rotated by up to 1.5 degrees, blurred, speckled, some with a fax header line across the top, saved as an
image-only PDF (no text layer). The ground truth JSON is copied beside it unchanged: a scan must read the
same as its text twin. Everything is drawn from a random generator seeded with the file name, so the same
input always gives the same bytes.

Fax twins are 1-bit (CCITT G4, as a fax machine sends them); mail twins are 8-bit grayscale JPEG at 150 or
175 dpi (they are the bulk of the size: all twins stay well under 10 MB).

Usage: .venv/bin/python samples/scan.py [--src samples/denials] [--dst samples/scanned]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FIXED_DATE = time.struct_time((2026, 1, 1, 0, 0, 0, 3, 1, 0))  # PDF dates, so the bytes never vary
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


@dataclass(frozen=True)
class ScanStyle:
    dpi: int
    angle: float  # degrees, counter-clockwise
    blur: float  # Gaussian radius in pixels
    speckle: float  # dark specks per square inch
    fax: bool  # a fax header line across the top, 1-bit like a fax
    seed: int


def style_for(name: str) -> ScanStyle:
    """The scan settings for one sample, drawn from a generator seeded with its name."""
    seed = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big")
    rnd = random.Random(seed)
    fax = rnd.random() < 0.5
    return ScanStyle(
        dpi=rnd.choice((150, 200) if fax else (150, 175, 175)),
        angle=round(rnd.uniform(-1.5, 1.5), 2),
        blur=round(rnd.uniform(0.3, 0.8), 2),
        speckle=round(rnd.uniform(2.0, 8.0), 1),
        fax=fax,
        seed=seed,
    )


def _fax_header(width: int, dpi: int, page: int, pages: int, rnd: random.Random) -> Image.Image:
    """A fax machine's header strip: sender fax number, time stamp, page counter."""
    strip = Image.new("L", (width, int(dpi * 0.28)), 255)
    draw = ImageDraw.Draw(strip)
    try:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.truetype(FONT, int(dpi * 0.11))
    except OSError:
        font = ImageFont.load_default()
    number = f"{rnd.randint(200, 989)}-555-{rnd.randint(100, 9999):04d}"
    month, day, hour, minute = rnd.randint(1, 12), rnd.randint(1, 28), rnd.randint(0, 23), rnd.randint(0, 59)
    stamp = f"{month:02d}/{day:02d}/2026 {hour:02d}:{minute:02d}"
    text = f"{stamp}   FROM: {number}   UTILIZATION MGMT   P.{page:03d}/{pages:03d}"
    draw.text((int(dpi * 0.3), int(dpi * 0.06)), text, fill=0, font=font)
    return strip


def scan_page(
    page_image: Image.Image, style: ScanStyle, rnd: random.Random, page: int, pages: int
) -> Image.Image:
    """One rendered page (grayscale, at style.dpi) made to look scanned."""
    img = page_image.convert("L")
    if style.fax:
        img.paste(_fax_header(img.width, style.dpi, page, pages, rnd), (0, 0))
    img = img.rotate(style.angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(style.blur))
    draw = ImageDraw.Draw(img)
    area = (img.width / style.dpi) * (img.height / style.dpi)
    for _ in range(int(area * style.speckle)):
        x, y = rnd.randrange(img.width), rnd.randrange(img.height)
        r = rnd.choice((0, 0, 1, 1, 2))
        draw.ellipse((x, y, x + r, y + r), fill=rnd.randint(0, 90))
    if style.fax:
        return img.point(lambda v: 255 if v > 150 else 0).convert("1", dither=Image.Dither.NONE)
    return img


def scan_pdf(src: Path, dst: Path, style: ScanStyle | None = None) -> Path:
    """Write ``dst``: an image-only PDF that looks like a scan of ``src``."""
    import pypdfium2 as pdfium

    style = style or style_for(src.name)
    rnd = random.Random(style.seed)
    pdf = pdfium.PdfDocument(str(src))
    try:
        pages = [
            scan_page(
                pdf[i].render(scale=style.dpi / 72, grayscale=True).to_pil(), style, rnd, i + 1, len(pdf)
            )
            for i in range(len(pdf))
        ]
    finally:
        pdf.close()
    buf = io.BytesIO()
    extra = {} if style.fax else {"quality": 35}
    pages[0].save(
        buf,
        format="PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(style.dpi),
        creationDate=FIXED_DATE,
        modDate=FIXED_DATE,
        producer="appeal-packet samples/scan.py",
        **extra,
    )
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_suffix(".pdf.tmp")
    tmp.write_bytes(buf.getvalue())
    tmp.replace(dst)
    return dst


def scan_all(src_dir: Path, dst_dir: Path) -> list[Path]:
    """A scanned twin, with its ground truth, for every NN-*.pdf in ``src_dir``; twins whose letter is
    gone are removed."""
    out = []
    for pdf in sorted(src_dir.glob("[0-9][0-9]-*.pdf")):
        dst = scan_pdf(pdf, dst_dir / pdf.name)
        truth = pdf.with_suffix(".json")
        if truth.exists():
            shutil.copyfile(truth, dst.with_suffix(".json"))
        out.append(dst)
    for old in dst_dir.glob("[0-9][0-9]-*.*"):
        if old.suffix in (".pdf", ".json") and not (src_dir / f"{old.stem}.pdf").exists():
            old.unlink()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", type=Path, default=ROOT / "samples" / "denials")
    ap.add_argument("--dst", type=Path, default=ROOT / "samples" / "scanned")
    args = ap.parse_args()
    if not args.src.is_dir():
        print(f"{args.src}: no such folder; generate the samples first", file=sys.stderr)
        return 1
    done = scan_all(args.src, args.dst)
    size = sum(p.stat().st_size for p in done)
    print(f"{len(done)} scanned twins in {args.dst} ({size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
