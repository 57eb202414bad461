"""Property-based fuzzing of the stages that read untrusted text: text-to-fields, the deadline parser and
the date parser, and the letter renderer (a user's template: untrusted too). Over every generated input, no
exception other than the project's own (``PacketError``).

Examples: ``--fuzz-examples N`` (or ``PACKET_FUZZ_EXAMPLES``), default 4,000: N each for the deadline and
date parsers, 3N/4 for extraction, N/25 for the renderer (a DOCX each): 11,160 inputs in all by default,
under a minute in CI. A longer run: ``--fuzz-examples 100000``. Inputs mix arbitrary Unicode with the pieces
real letters are made of (labels, dates, day counts, placeholders, Jinja and XML specials), so that the
generator reaches the code behind the labels and not only the fall-through.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from packet.exceptions import PacketError
from packet.read import Cell, Document, Line, Page

pytestmark = pytest.mark.slow  # over 10,000 generated inputs: ./dev test -m 'not slow' leaves it out

PIECES = [
    "Member ID:", "Member:", "Patient Name:", "Date of Birth:", "DOB:", "Reference Number:", "Claim #:",
    "Auth #", "Case No.", "NPI:", "Provider:", "Diagnosis:", "ICD-10:", "CPT", "HCPCS", "Service:",
    "Date of service:", "Date:", "Notice date:", "Fax:", "Phone:", "Appeals Unit", "P.O. Box 1000",
    "We denied this request because:", "not medically necessary", "experimental", "out of network",
    "You have 180 days from the date of this notice to file an appeal.", "within sixty (60) calendar days",
    "by July 4, 2026", "before [DATE+60]", "no later than 02/30/2026", "within 72 hours", "expedited",
    "external review", "second level", "January 12, 2026", "2026-01-12", "13/45/2026", "Feb 29, 2025",
    "12/31/9999", "00/00/0000", "M17.11", "Z99.89", "97110", "G0283", "W123456789", "PA-2026-00417",
    "[Reference Number]", "XXX-XXX-XXXX", "{{ member.name }}", "{% for x in y %}", "{{ ''.__class__ }}",
    "<w:t>", "&amp;", "]]>", "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "\u202e", "\x00",
    "\ufeff", "   ", "\t", "Page 1 of 3", "FROM: 800-555-0199 TO: 217-555-0101 01/12/2026 10:41 P. 1/3",
]  # fmt: skip

piece = st.one_of(st.sampled_from(PIECES), st.text(max_size=40))
line_text = st.lists(piece, max_size=6).map(" ".join)
page_lines = st.lists(line_text, max_size=12)
pages = st.lists(page_lines, min_size=1, max_size=3)


def _settings(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def _document(texts: list[list[str]]) -> Document:
    out = []
    for n, lines in enumerate(texts, 1):
        made = []
        for i, text in enumerate(lines):
            cells = [Cell(60.0 + 200 * k, 250.0 + 200 * k, c) for k, c in enumerate(text.split("   "))]
            made.append(Line(text, 60.0, 60.0 + 14 * i, 70.0 + 14 * i, cells))
        out.append(Page(number=n, lines=made))
    return Document(path=Path("fuzz.pdf"), sha256="0" * 64, page_count=len(out), pages=out)


def test_fuzz_extract_fields(fuzz_examples: int) -> None:
    from packet.extract import extract_fields

    n = fuzz_examples * 3 // 4  # ~1.5 ms each: the costliest stage per input
    seen = [0]

    @_settings(n)
    @given(texts=pages, plan=st.sampled_from([None, "commercial", "erisa", "medicare_advantage", "medicaid"]))
    def check(texts: list[list[str]], plan: str | None) -> None:
        seen[0] += 1
        try:
            d = extract_fields(_document(texts), today=date(2026, 1, 20), default_plan_type=plan)
        except PacketError:
            return
        d.to_dict()  # the contract serializes whatever was found

    check()
    assert seen[0] >= n


def test_fuzz_deadline_parser(fuzz_examples: int) -> None:
    from packet.deadlines import compute_deadlines

    seen = [0]

    @_settings(fuzz_examples)
    @given(
        texts=st.lists(st.lists(piece, max_size=12).map(" ".join), min_size=1, max_size=3),
        notice=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2100, 12, 31))),
        plan=st.sampled_from(["commercial", "erisa", "medicare_advantage", "medicaid", "unknown", ""]),
        today=st.dates(date(1990, 1, 1), date(2100, 12, 31)),
    )
    def check(texts: list[str], notice: date | None, plan: str, today: date) -> None:
        seen[0] += 1
        try:
            compute_deadlines(texts, notice, plan, today=today)
        except PacketError:
            return

    check()
    assert seen[0] >= fuzz_examples


def test_fuzz_dates(fuzz_examples: int) -> None:
    from packet.dates import find_dates, is_only_date, parse_date

    seen = [0]

    @_settings(fuzz_examples)
    @given(text=st.lists(piece, max_size=8).map(" ".join))
    def check(text: str) -> None:
        seen[0] += 1
        for f in find_dates(text):
            assert 0 <= f.start < f.end <= len(text)
        parse_date(text)
        is_only_date(text)

    check()
    assert seen[0] >= fuzz_examples


TEMPLATE_PIECES = [
    "{{", "}}", "{%", "%}", "{#", "#}", "{{ member_name }}", "{{ reference }}", "{{ nothing.at.all }}",
    "{% if reference %}", "{% else %}", "{% endif %}", "{% for x in [1, 2] %}", "{% endfor %}",
    "{{ member_name|upper }}", "{{ 1/0 }}", "{{ [] + 1 }}", "{{ range(10**7) }}", "{{ ''.__class__ }}",
    "{{ x|attr('__globals__') }}", "{% raw %}", "{% endraw %}", "{% macro m() %}", "{% endmacro %}",
    "{% set a = 1 %}", "{{ a.b.c() }}", "{{ 'a' ~ 1 }}", "{% include 'x' %}", "{% extends 'y' %}",
    "<w:t>", "&", "]]>", "\x00", "\ufffe", "{{ member_name", "%}{{",
]  # fmt: skip


def test_fuzz_template_renderer(fuzz_examples: int) -> None:
    """A template paragraph made of Jinja pieces and text, rendered with a denial whose values are fuzzed
    too: a letter or ``BadTemplateError`` (a rendering costs ~25 ms: 1 in 25 of the examples)."""
    import io

    import docx

    from packet.draft.render import render_docx

    seen = [0]
    values = st.lists(piece, max_size=3).map(" ".join)

    @_settings(max(50, fuzz_examples // 25))
    @given(
        paragraphs=st.lists(
            st.lists(st.one_of(st.sampled_from(TEMPLATE_PIECES), piece), max_size=6).map(" ".join),
            min_size=1,
            max_size=3,
        ),
        member=values,
        reference=values,
    )  # fmt: skip
    def check(paragraphs: list[str], member: str, reference: str) -> None:
        seen[0] += 1
        d = docx.Document()
        for p in paragraphs:
            try:
                d.add_paragraph(p)
            except ValueError:  # text XML cannot hold (a NUL): not a template Word could save
                return
        buf = io.BytesIO()
        d.save(buf)
        try:
            render_docx(buf.getvalue(), {"member_name": member, "reference": reference}, "fuzz.docx")
        except PacketError:
            return

    check()
    assert seen[0] >= max(50, fuzz_examples // 25)
