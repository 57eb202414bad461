"""A small page writer over reportlab: lines, label pairs, wrapped paragraphs, pages, fax headers."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

BOLD = {"Times-Roman": "Times-Bold"}
TOP = 740.0
BOTTOM = 60.0
LEFT = 60.0


@dataclass
class Op:
    x: float
    y: float
    text: str
    font: str
    size: float


@dataclass
class Writer:
    """Collects text runs page by page; ``save`` draws them. A run is never split across a page."""

    size: float = 10.0
    font: str = "Helvetica"  # or "Courier", "Times-Roman": the standard PDF fonts
    pages: list[list[Op]] = field(default_factory=lambda: [[]])
    y: float = TOP
    headers: list[str] = field(default_factory=list)  # fax header lines, drawn on every page
    footers: list[str] = field(
        default_factory=list
    )  # form numbers and "Page 1 of 2" at the foot of every page

    @property
    def leading(self) -> float:
        return self.size * 1.35

    def _need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def new_page(self) -> None:
        self.pages.append([])
        self.y = TOP

    def text(self, x: float, text: str, *, bold: bool = False, size: float | None = None) -> None:
        """One run at column ``x`` on the current line (the line does not advance)."""
        font = BOLD.get(self.font, f"{self.font}-Bold") if bold else self.font
        self.pages[-1].append(Op(x, self.y, text, font, size or self.size))

    def line(self, text: str = "", x: float = LEFT, *, bold: bool = False, size: float | None = None) -> None:
        self._need(self.leading)
        if text:
            self.text(x, text, bold=bold, size=size)
        self.y -= (size or self.size) * 1.35

    def row(self, cells: list[tuple[float, str]], *, bold: bool = False, size: float | None = None) -> None:
        """Several runs on one baseline."""
        self._need(self.leading)
        for x, t in cells:
            if t:
                self.text(x, t, bold=bold, size=size)
        self.y -= (size or self.size) * 1.35

    def para(
        self, text: str, x: float = LEFT, width: int = 100, *, indent_rest: float = 0.0, bold: bool = False
    ) -> None:
        """A wrapped paragraph followed by a blank line."""
        lines = textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False) or [""]
        self._need(self.leading * min(len(lines), 3))
        for i, w in enumerate(lines):
            self.line(w, x + (indent_rest if i else 0.0), bold=bold)
        self.gap()

    def gap(self, n: float = 1.0) -> None:
        self.y -= self.leading * n

    def save(self, path: Path) -> None:
        c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
        c.setTitle(path.stem)
        c.setAuthor("Appeal Packet sample generator (invented data)")
        total = len(self.pages)
        for n, ops in enumerate(self.pages, start=1):
            for i, h in enumerate(self.headers):
                c.setFont("Courier", 8)
                c.drawString(36, 770 - 10 * i, h.format(page=n, pages=total))
            for i, f in enumerate(self.footers):
                c.setFont(self.font, 7)
                c.drawString(LEFT, 40 - 9 * i, f.format(page=n, pages=total))
            for op in ops:
                c.setFont(op.font, op.size)
                c.drawString(op.x, op.y, op.text)
            c.showPage()
        c.save()
