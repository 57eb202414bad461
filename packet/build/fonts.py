"""Fonts for the pages Appeal Packet draws itself.

The cover sheet, the attachment index and the footer stamps use the PDF standard fonts (Helvetica): nothing
to embed, so they add a few kilobytes, and every viewer and fax driver has them; their text is kept to the
Windows-1252 character set (accented Latin letters print as written; others lose their accent).
The fallback letter renderer embeds DejaVu (Debian's fonts-dejavu-core) when present, since a letter's
text is the user's own; without DejaVu it falls back to Times.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

DEJAVU_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
_STYLES = {"": "", "-Bold": "-Bold", "-Italic": "-Oblique", "-BoldItalic": "-BoldOblique"}


@cache
def family(kind: str = "sans") -> tuple[str, str, str, str]:
    """(regular, bold, italic, bold italic) font names registered with reportlab, DejaVu when present."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    base = "DejaVuSans" if kind == "sans" else "DejaVuSerif"
    for folder in DEJAVU_DIRS:
        files = {s: folder / f"{base}{(v if kind == 'sans' else s)}.ttf" for s, v in _STYLES.items()}
        if all(f.is_file() for f in files.values()):
            names = []
            for s, f in files.items():
                name = f"Pkt{base}{s}"
                pdfmetrics.registerFont(TTFont(name, str(f)))
                names.append(name)
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(names[0], bold, italic, names[bold + 2 * italic])
            return names[0], names[1], names[2], names[3]
    if kind == "sans":
        return "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"
    return "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"


STANDARD_SANS = ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique")


def embedded(kind: str = "sans") -> bool:
    return family(kind)[0].startswith("Pkt")


_NO_DECOMPOSITION = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Ħ": "H",
        "ħ": "h",
        "ı": "i",
        "ŀ": "l",
        "Ŀ": "L",
        "ŧ": "t",
        "Ŧ": "T",
        "ĸ": "k",
        "ŉ": "'n",
    }
)


def winansi(text: str) -> str:
    """``text`` limited to what the standard PDF fonts can show: accents kept where cp1252 has them."""
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        text = text.translate(_NO_DECOMPOSITION)
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch).encode("cp1252", "ignore").decode("cp1252")
            out.append(base or "?")
    return "".join(out)


def safe(text: str, kind: str = "sans") -> str:
    """Text fit for the chosen font family."""
    return text if embedded(kind) else winansi(text)
