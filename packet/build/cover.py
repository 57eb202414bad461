"""The pages Appeal Packet writes itself: the cover sheet and the attachment index (reportlab).

Both leave the footer band free for the stamp, and are deterministic (``invariant=1``, no dates of the
build). The index's page ranges depend on its own length: ``pipeline._number_with_index`` numbers the
packet, draws the index, and numbers again in the rare case the index came out longer than assumed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from packet.build.fonts import STANDARD_SANS, winansi
from packet.build.layout import FOOTER, PAGE_H, PAGE_W

MARGIN = 54.0
WIDTH = PAGE_W - 2 * MARGIN
BOTTOM = FOOTER + 24.0
DARK_RED = "#9b1c1c"

CONFIDENTIALITY = (
    "CONFIDENTIALITY NOTICE: This transmission contains protected health information that is confidential "
    "and protected by federal and state law, including HIPAA (45 CFR Parts 160 and 164). It is intended only "
    "for the health plan's appeals unit named above, for the purpose of reviewing this appeal. If you have "
    "received it in error, do not read, copy or share it; notify the sender{contact} and destroy all copies."
)


@dataclass
class IndexRow:
    label: str
    title: str
    runs: list[tuple[int, int]]  # (first, last) packet pages: one run, or one per part it is split over
    count: int  # the exhibit's own pages
    parts: list[int] | None = None  # the parts it is in, when the packet is split

    @property
    def pages(self) -> str:
        return "; ".join(str(a) if a == b else f"{a}\u2013{b}" for a, b in self.runs)

    @property
    def part(self) -> str:
        return ", ".join(str(p) for p in self.parts or [])


@dataclass
class CoverInfo:
    to: list[str]  # appeals unit name and address lines
    to_fax: str | None
    sender: list[str]  # name, organization, address, phone/fax lines
    sender_phone: str | None
    member: str | None
    member_id: str | None
    reference: str | None
    payer: str | None
    denial_date: date | None
    deadline: date | None
    total_pages: int
    part_pages: tuple[int, int] | None = None  # first and last page of this part, when split
    part: tuple[int, int] | None = None  # (k, n): "Part k of n"
    expedited: bool = False
    contents: list[tuple[str, str]] = field(default_factory=list)  # (what, pages)
    title: str = "Request for internal appeal"  # the step (packet/rules/appeals.toml)


def long_date(d: date | None) -> str | None:
    return f"{d:%B} {d.day}, {d.year}" if d else None


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    regular, bold, _, _ = STANDARD_SANS
    base = ParagraphStyle("base", fontName=regular, fontSize=10.5, leading=13.5)
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=19, leading=23, spaceAfter=4),
        "sub": ParagraphStyle(
            "sub", parent=base, fontSize=11, leading=14, textColor="#333333", spaceAfter=10
        ),
        "label": ParagraphStyle("label", parent=base, fontName=bold, fontSize=9.5, textColor="#444444"),
        "h": ParagraphStyle(
            "h", parent=base, fontName=bold, fontSize=12, leading=15, spaceBefore=12, spaceAfter=4
        ),
        "banner": ParagraphStyle(
            "banner", parent=base, fontName=bold, fontSize=15, leading=19, alignment=1, textColor="#ffffff"
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=12.5),
        "head": ParagraphStyle("head", parent=base, fontName=bold, fontSize=9.5, leading=12),
    }


def _p(text: str | None, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(winansi(text or "")).replace("\n", "<br/>"), style)


MISSING = "(not given: see the letter)"


def _table(rows: list[list[Any]], widths: list[float], style: list[tuple[Any, ...]]) -> Any:
    from reportlab.platypus import Table, TableStyle

    t = Table(rows, colWidths=widths)
    t.setStyle(TableStyle(style))
    return t


def _facts(info: CoverInfo, st: dict[str, Any]) -> Any:
    """To, from, member, reference, dates and pages, as a two-column table."""
    pages = f"{info.total_pages} (including this cover sheet)"
    if info.part and info.part_pages:
        pages = f"pages {info.part_pages[0]}\u2013{info.part_pages[1]} of {info.total_pages} in all"
    rows = [
        ("To", "\n".join(info.to) or MISSING),
        ("Fax", info.to_fax),
        ("From", "\n".join(info.sender) or "(the sender: set [sender] in packet.toml)"),
        ("Member", info.member or MISSING),
        ("Member ID", info.member_id or MISSING),
        ("Health plan", info.payer),
        ("Plan reference", info.reference or MISSING),
        ("Date of denial", long_date(info.denial_date) or MISSING),
        ("Appeal deadline", long_date(info.deadline) or "(see the denial letter)"),
        ("Pages", pages),
    ]
    return _table(
        [[_p(k, st["label"]), _p(v, st["base"])] for k, v in rows if v],
        [110, WIDTH - 110],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#bbbbbb"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ],
    )


def _story(info: CoverInfo, st: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Spacer

    sub = info.title + (f" \u2014 Part {info.part[0]} of {info.part[1]}" if info.part else "")
    story: list[Any] = [_p("Appeal of prior authorization denial", st["title"]), _p(sub, st["sub"])]
    if info.expedited:
        story += [
            _table(
                [[_p("EXPEDITED REVIEW REQUESTED", st["banner"])]],
                [WIDTH],
                [
                    ("BACKGROUND", (0, 0), (-1, -1), DARK_RED),
                    ("TOPPADDING", (0, 0), (-1, -1), 7),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
                ],
            ),
            Spacer(1, 10),
        ]
    story.append(_facts(info, st))
    if info.contents:
        rows = [[_p(what, st["base"]), _p(where, st["base"])] for what, where in info.contents]
        story += [
            _p("Contents", st["h"]),
            _table(
                rows,
                [WIDTH - 120, 120],
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ],
            ),
        ]
    return story


def render_cover(info: CoverInfo) -> bytes:
    """The cover sheet: one page, whatever is in it (long contents lists shrink to fit)."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Frame, KeepInFrame

    st = _styles()
    contact = f" at {info.sender_phone}" if info.sender_phone else ""
    notice = _table(
        [[_p(CONFIDENTIALITY.format(contact=contact), st["small"])]],
        [WIDTH],
        [
            ("BOX", (0, 0), (-1, -1), 0.75, "#444444"),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ],
    )
    _, notice_h = notice.wrap(WIDTH, PAGE_H)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=LETTER, invariant=1, pageCompression=1)
    top = BOTTOM + notice_h + 14
    frame = Frame(MARGIN, top, WIDTH, PAGE_H - MARGIN - top, 0, 0, 0, 0, showBoundary=0)
    frame.addFromList([KeepInFrame(WIDTH, PAGE_H - MARGIN - top, _story(info, st), mode="shrink")], c)
    notice.drawOn(c, MARGIN, BOTTOM)
    c.showPage()
    c.save()
    return buf.getvalue()


def render_index(rows: list[IndexRow], *, parts: bool = False) -> bytes:
    """The attachment index: exhibit, title, pages in this packet (and part, when split)."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    st = _styles()
    width = PAGE_W - 2 * MARGIN
    head = ["Exhibit", "Title", "Pages in this packet", "Pages"] + (["Part"] if parts else [])
    widths = [56.0, 0.0, 92.0, 50.0] + ([38.0] if parts else [])
    widths[1] = width - sum(widths)
    data: list[list[Any]] = [[_p(h, st["head"]) for h in head]]
    for r in rows:
        cells = [r.label, r.title, r.pages, str(r.count)] + ([r.part] if parts else [])
        data.append([_p(c, st["cell"]) for c in cells])
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.75, "#333333"),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, "#bbbbbb"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    intro = _p(
        "Page numbers are those stamped at the bottom of every page (\u201cPage N of M\u201d); each "
        "exhibit's pages also carry its label (\u201cExhibit B, page 1 of 4\u201d).",
        st["sub"],
    )
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=BOTTOM,
        invariant=1,
        title="",
        author="",
        creator="Appeal Packet",
    )
    bold = STANDARD_SANS[1]

    def continued(canvas: Any, _doc: Any) -> None:
        canvas.setFont(bold, 12)
        canvas.drawString(MARGIN, PAGE_H - MARGIN + 14, "Attachment index (continued)")

    doc.build([_p("Attachment index", st["title"]), intro, table], onLaterPages=continued)
    return buf.getvalue()


def render_separator(label: str, title: str, pages: int, first: int, last: int) -> bytes:
    """A separator sheet: "EXHIBIT B", its title, and where its pages are."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph

    regular, bold = STANDARD_SANS[0], STANDARD_SANS[1]
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=LETTER, invariant=1, pageCompression=1)
    c.setFont(bold, 44)
    c.drawCentredString(PAGE_W / 2, PAGE_H * 0.6, f"EXHIBIT {label}")
    style = ParagraphStyle("sep", fontName=regular, fontSize=16, leading=20, alignment=1)
    para = Paragraph(escape(winansi(title)), style)
    _, h = para.wrap(WIDTH, PAGE_H)
    para.drawOn(c, MARGIN, PAGE_H * 0.6 - 30 - h)
    where = f"page {first}" if first == last else f"pages {first}\u2013{last}"
    c.setFont(regular, 11)
    count = "1 page" if pages == 1 else f"{pages} pages"
    c.drawCentredString(PAGE_W / 2, PAGE_H * 0.6 - 50 - h, winansi(f"{count}, {where} of this packet"))
    c.showPage()
    c.save()
    return buf.getvalue()
