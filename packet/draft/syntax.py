"""Jinja syntax of a DOCX template, paragraph by paragraph, as docxtpl will see it.

docxtpl joins the runs of each tag and renders the XML with one line per paragraph; parsing the same
text here turns Jinja's line numbers into the paragraph a user can find in Word. An unclosed block
(``{% if %}`` without ``{% endif %}``) is reported where it opens, not at the end of the document.
"""

from __future__ import annotations

import html
import io
import re

import jinja2
from docxtpl import DocxTemplate
from jinja2 import meta

from packet.exceptions import DamagedDocxError

_BLOCKS = {"if", "for", "macro", "call", "filter", "with", "autoescape", "block"}


def sources(data: bytes, name: str) -> list[tuple[str, str]]:
    """(part, Jinja source with one paragraph per line) for the body, the headers and the footers."""
    try:
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
    except Exception as e:  # python-docx, lxml and zipfile each signal a damaged package their own way
        raise DamagedDocxError(name) from e
    out = [("body", tpl.patch_xml(tpl.get_xml()))]
    for uri, what in ((tpl.HEADER_URI, "header"), (tpl.FOOTER_URI, "footer")):
        for _, part in tpl.get_headers_footers(uri):
            out.append((what, tpl.patch_xml(tpl.get_part_xml(part))))
    return [(part, re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)) for part, xml in out]


def paragraph(source: str, lineno: int | None) -> str:
    """The text of the paragraph on ``lineno`` (tags stripped, shortened)."""
    lines = source.splitlines()
    if not lineno or lineno > len(lines):
        return ""
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", lines[lineno - 1]))).strip()
    return text if len(text) <= 120 else text[:117] + "..."


def _unclosed(env: jinja2.Environment, source: str) -> int | None:
    """The line of the innermost block left open, if the lexer gets that far."""
    stack: list[int] = []
    after_begin = False
    try:
        for lineno, kind, value in env.lex(source):
            if kind == "block_begin":
                after_begin = True
                continue
            if kind == "whitespace":
                continue
            if after_begin and kind == "name":
                if value in _BLOCKS:
                    stack.append(lineno)
                elif value.startswith("end") and stack:
                    stack.pop()
            after_begin = False
    except jinja2.TemplateSyntaxError:
        return None
    return stack[-1] if stack else None


def check_syntax(env: jinja2.Environment, data: bytes, name: str) -> tuple[list[str], set[str]]:
    """(one message per part with an error, naming its paragraph; the names the template prints)."""
    errors: list[str] = []
    used: set[str] = set()
    for part, source in sources(data, name):
        try:
            used |= meta.find_undeclared_variables(env.parse(source))
        except jinja2.TemplateSyntaxError as e:
            line = e.lineno
            text = e.message or "syntax error"
            if "Unexpected end of template" in text:
                line = _unclosed(env, source) or line
            where = paragraph(source, line)
            msg = text.rstrip(".") + (f' in the paragraph "{where}"' if where else "")
            errors.append(msg if part == "body" else f"{part}: {msg}")
    return errors, used
