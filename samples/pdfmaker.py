"""Small PDFs made on the fly for tests and benchmarks (reportlab), so no opaque binary is checked in."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas


def text_pdf(path: Path, pages: list[list[str]], *, font: str = "Helvetica", size: float = 10) -> Path:
    """A PDF with one text line per list item; a tuple item ``(x, text)`` is drawn at column x."""
    c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    for lines in pages:
        c.setFont(font, size)
        y = 740.0
        for item in lines:
            if isinstance(item, tuple):
                for x, text in item:  # several runs on one baseline
                    c.drawString(x, y, text)
            else:
                for w in textwrap.wrap(item, 105) or [""]:
                    c.drawString(60, y, w)
                    y -= size * 1.3
                continue
            y -= size * 1.3
        c.showPage()
    c.save()
    return path


def corpus_pdf(src: Path, dst: Path) -> Path:
    """Render one of the public blank forms (tests/fixtures/corpus/*.txt) to a text PDF."""
    body = src.read_text(encoding="utf-8").split("# ---\n", 1)[1]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = "Helvetica"
    for ttf in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",):
        if Path(ttf).exists():
            pdfmetrics.registerFont(TTFont("DejaVu", ttf))
            font = "DejaVu"
    # Helvetica cannot draw the CJK line of the HHS form; drop characters it lacks.
    lines = body.splitlines()
    if font == "Helvetica":
        lines = [ln.encode("latin-1", "ignore").decode("latin-1") for ln in lines]
    per_page = 48
    chunks = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    return text_pdf(dst, chunks, font=font, size=9)


def image_only_pdf(path: Path) -> Path:
    """A 'scanned' page: an image of text, no text layer."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (850, 1100), 255)
    draw = ImageDraw.Draw(img)
    for i in range(20):
        draw.text((60, 60 + i * 40), f"Scanned line {i} Member ID: W{i:06d}", fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    from reportlab.lib.utils import ImageReader

    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, width=612, height=792)
    c.showPage()
    c.save()
    return path
