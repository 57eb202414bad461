"""Highlighted blanks: what the user must fill in, marked while rendering and highlighted afterwards.

A blank is text between two private-use characters (``START``/``END``). Values are rendered into the
template as plain text; afterwards ``highlight_blanks`` finds the marked text in the DOCX, splits the runs
around it, highlights it yellow and removes the marks. Text from a denial or from packet.toml is passed
through ``clean`` first, so it can never carry a mark of its own (or a character XML forbids).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator

from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run
from lxml import etree

START, END = "\ue000", "\ue001"
HIGHLIGHT = WD_COLOR_INDEX.YELLOW

# Characters XML 1.0 forbids, the marks, and controls docxtpl would turn into tabs, breaks or pages.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff\ue000\ue001\ud800-\udfff]")


class Missing(str):
    """A blank printed as ``[what is missing]``, highlighted; false in ``{% if %}`` so templates can
    test it."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False


def blank(text: str) -> Missing:
    """``blank("Describe the treatments tried")`` -> a highlighted ``[Describe the treatments tried]``."""
    return Missing(f"{START}[{clean(str(text))}]{END}")


def clean(text: str) -> str:
    """Text safe to put in the letter: no marks, no characters XML forbids; line breaks kept."""
    return _UNSAFE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def strip_marks(text: str) -> str:
    return text.replace(START, "").replace(END, "")


_W_P, _W_R, _W_T, _W_RPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:rPr")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def highlight_blanks(roots: Iterable[etree._Element]) -> list[str]:
    """Highlight every marked blank under ``roots`` (document body, headers, footers); return their texts."""
    found: list[str] = []
    for root in roots:
        for p in root.iter(_W_P):
            if any(START in (t.text or "") or END in (t.text or "") for t in p.iter(_W_T)):
                found += _paragraph(p)
    return found


def _paragraph(p: etree._Element) -> list[str]:
    found: list[str] = []
    inside = False
    text: list[str] = []
    for r in list(p.iter(_W_R)):
        if not inside and not any(START in (t.text or "") for t in r.iter(_W_T)):
            continue
        rpr = r.find(_W_RPR)
        new_runs = []
        for child in r:
            if child.tag == _W_RPR:
                continue
            if child.tag != _W_T:
                new_runs.append(_run(rpr, inside, [copy.deepcopy(child)]))
                continue
            for piece, is_mark in _split(child.text or ""):
                if is_mark:
                    if piece == START:
                        inside, text = True, []
                    elif inside:
                        inside = False
                        found.append("".join(text))
                    continue
                if inside:
                    text.append(piece)
                t = OxmlElement("w:t")
                t.text = piece
                t.set(_XML_SPACE, "preserve")
                new_runs.append(_run(rpr, inside, [t]))
        for new in new_runs:
            r.addprevious(new)
        r.getparent().remove(r)
    return found


def _split(text: str) -> Iterator[tuple[str, bool]]:
    for piece in re.split(f"([{START}{END}])", text):
        if piece:
            yield piece, piece in (START, END)


def _run(rpr: etree._Element | None, highlighted: bool, children: list[etree._Element]) -> etree._Element:
    r = OxmlElement("w:r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    for c in children:
        r.append(c)
    if highlighted:
        Run(r, None).font.highlight_color = HIGHLIGHT  # type: ignore[arg-type]
    return r
