"""The letter's text as deadline sentences: OCR slips in numbers mended, lines joined, sentences split, and a
sentence that runs over a page break read whole.

Pure text in, ``(page, sentence)`` pairs out; never raises on any text.
"""

from __future__ import annotations

import re

# OCR reads 0 as O and 1 as l or I inside numbers ("6O days", "l80 days"), and 1 for i inside words
# ("w1thin"). Only tokens that mix the two are mended, so "IO" or a plain word stays as printed.
_OCR_NUMBER = re.compile(r"(?<![\w/.-])(?=[0-9OolI]*[0-9])(?=[0-9]*[OolI])[0-9OolI]{2,4}(?![\w/-])")
_OCR_WORD = re.compile(r"(?<![\w/.-])(?=[a-z]*[01][a-z])[a-z]+[01][a-z]+(?![\w/-])")
_OCR_SPECK = re.compile(
    r"(?<=\d)[.,'\u00b0\u00b7:;](?=(?:calendar |business |working )?(?:days?|months?|weeks?)\b)",
    re.IGNORECASE,
)
_NUMBER_FIX = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
_WORD_FIX = str.maketrans({"0": "o", "1": "i"})
# Lines that are not the letter's words: running headers and footers a page break puts mid-sentence.
_PAGE_FURNITURE = re.compile(
    r"^\s*(page \d+( of \d+)?|\d+\s*(of|/)\s*\d+|-\s*\d+\s*-|from:.*page \d+.*|.*\bpage \d+\s*/\s*\d+.*)\s*$",
    re.IGNORECASE,
)
# How a piece of a sentence starts when it continues the one before: a small letter, a digit, "(60)".
_CONTINUES = re.compile(r"\s*[a-z0-9(]")
_SENTENCE_END = re.compile(r"[.!?:][)\]\"'\u201d]?\s*$")


def mend_ocr(text: str) -> str:
    """Numbers and words with the usual OCR slips put right: "6O days" -> "60 days", "w1thin" -> "within",
    "120.days" (a speck read as a full stop) -> "120 days"."""
    text = _OCR_SPECK.sub(" ", text)
    text = _OCR_NUMBER.sub(lambda m: m.group(0).translate(_NUMBER_FIX), text)
    return _OCR_WORD.sub(lambda m: m.group(0).translate(_WORD_FIX), text)


def sentences(page_text: str) -> list[str]:
    """Sentences of one page: paragraphs split on blank lines and bullets, lines joined, then split on
    sentence ends (a period before a capital letter; "Jan. 12" stays whole)."""
    out: list[str] = []
    for para in _paragraphs(page_text or ""):
        flat = re.sub(r"-\n(?=[a-z])", "", para)
        flat = re.sub(r"[|\u2502\u2503]", " ", flat)  # the sides of a box drawn in text
        flat = re.sub(r"\s+", " ", flat).strip()
        if not flat:
            continue
        for s in re.split(r"(?:(?<=[.!?])|(?<=[.!?][)\]\"'\u201d]))\s+(?=[\"'(\[\u201c]?[A-Z])", flat):
            if s.strip():
                out.append(s.strip())
    return out


def _paragraphs(text: str) -> list[str]:
    """Paragraphs split on blank lines and bullets; a paragraph that starts with a small letter, a digit or
    "(" after one that ends with no full stop continues it (a table cell or a wrapped box put a blank line
    inside the sentence: "You must ask in writing within" / "90 days from the date you receive ...")."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n|[\u2022\u25aa\u25cf]", text):
        if out and _CONTINUES.match(para) and not re.search(r"[.!?][)\]\"'\u201d]?\s*$", out[-1]):
            out[-1] = f"{out[-1]}\n{para}"
        else:
            out.append(para)
    return out


def bounded(items: list[str], size: int = 1500, overlap: int = 300) -> list[str]:
    """Sentences cut to at most ``size`` characters, a very long one (text with no full stops) in
    overlapping pieces, so the work per sentence stays bounded and no deadline is lost at a cut."""
    out: list[str] = []
    for s in items:
        if len(s) <= size:
            out.append(s)
            continue
        start = 0
        while start < len(s):
            out.append(s[start : start + size])
            if start + size >= len(s):
                break
            nxt = s.find(" ", start + size - overlap)  # start the next piece at a word, not inside a number
            start = nxt + 1 if nxt != -1 else len(s)
    return out


def _without_furniture(page_text: str) -> str:
    return "\n".join(ln for ln in page_text.splitlines() if not _PAGE_FURNITURE.match(ln))


def letter_sentences(pages: list[str]) -> list[tuple[int, str]]:
    """``(page number, sentence)`` for the whole letter. A sentence left open at the foot of a page (no
    full stop) is joined to the first sentence of the next page and counted on the page it starts on."""
    out: list[tuple[int, str]] = []
    carry: tuple[int, str] | None = None
    for page_no, raw in enumerate(pages, start=1):
        text = mend_ocr(_without_furniture(raw if isinstance(raw, str) else ""))
        items = sentences(text)
        if carry is not None:
            if items and _CONTINUES.match(items[0]):
                items[0] = f"{carry[1]} {items[0]}"
                out.append((carry[0], items.pop(0)))
            else:
                out.append(carry)
            carry = None
        if items and not _SENTENCE_END.search(items[-1]) and page_no < len(pages):
            carry = (page_no, items.pop())
        out.extend((page_no, s) for s in items)
    if carry is not None:
        out.append(carry)
    return [(p, piece) for p, s in out for piece in bounded([s])]
