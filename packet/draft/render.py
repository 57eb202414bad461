"""Render a DOCX template with docxtpl in a sandboxed, autoescaping Jinja environment.

Values are data, never template code: text from a denial that contains ``{{``, ``{%``, ``<``, ``>`` or
``&`` comes out literally. A template that reaches for Python internals (``''.__class__``), has a syntax
error or fails while rendering raises ``BadTemplateError`` naming the template and the paragraph.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from packet.draft.blanks import blank, highlight_blanks, strip_marks
from packet.exceptions import BadTemplateError, DamagedDocxError

_PARTS = ("document.main+xml", "header+xml", "footer+xml", "footnotes+xml", "endnotes+xml")
_CORE = ("author", "comments", "identifier", "language", "subject", "title")


class _Undefined(jinja2.ChainableUndefined):
    """An unknown name (or ``unknown.attribute``) prints as a highlighted blank naming it; an unsafe
    attribute is an error."""

    __slots__ = ()

    def __str__(self) -> str:
        if self._undefined_exception is not jinja2.UndefinedError:
            self._fail_with_undefined_error()
        return blank(f"{self._undefined_name}: not provided by Appeal Packet")


class _TooBig(SecurityError):
    """A '*' or '**' whose result would be too big to hold."""


class _Env(SandboxedEnvironment):
    """A sandbox that keeps what it compiled: a template's parts are the same text every time it is used,
    and compiling them is most of the cost of a letter. It also bounds ``*`` and ``**``, which the stock
    sandbox leaves alone (``{{ 'appeal ' * 10**9 }}`` would take gigabytes)."""

    MAX_CACHED = 256
    MAX_REPEAT_LEN = 100_000  # the longest string or list a '*' may make
    MAX_EXPONENT = 100  # the largest power '**' may raise to
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> jinja2.Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        t = self._compiled.get(source)
        if t is None:
            t = super().from_string(source)
            if len(self._compiled) >= self.MAX_CACHED:
                self._compiled.pop(next(iter(self._compiled)))
            self._compiled[source] = t
        return t

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                too_long = (
                    isinstance(seq, (str, bytes, list, tuple))
                    and isinstance(times, int)
                    and (len(seq) * max(times, 0) > self.MAX_REPEAT_LEN)
                )
                if too_long:
                    raise _TooBig(f"'*' would make a value longer than {self.MAX_REPEAT_LEN:,}")
        elif operator == "**" and isinstance(right, (int, float)) and abs(right) > self.MAX_EXPONENT:
            raise _TooBig(f"'**' with a power above {self.MAX_EXPONENT}")
        return super().call_binop(context, operator, left, right)


def make_env(*, autoescape: bool = True) -> SandboxedEnvironment:
    return _Env(autoescape=autoescape, undefined=_Undefined, keep_trailing_newline=True)


_TEXT_ENV = make_env(autoescape=False)
_DOCX_ENV = make_env(autoescape=True)


def render_text(source: str, context: dict[str, Any]) -> str:
    """One argument paragraph from arguments.toml, rendered in the sandbox (plain text out)."""
    return _TEXT_ENV.from_string(source).render(context)


def render_docx(template: bytes, context: dict[str, Any], name: str | Path) -> tuple[bytes, list[str]]:
    """The rendered DOCX and the blanks left in it (their texts, in order)."""
    try:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.init_docx()
    except (PackageNotFoundError, KeyError, ValueError, OSError) as e:
        raise DamagedDocxError(name) from e
    except Exception as e:  # lxml and zipfile errors on a damaged package
        raise DamagedDocxError(name, f"not a readable Word document ({type(e).__name__})") from e
    try:
        tpl.render(context, jinja_env=_DOCX_ENV, autoescape=True)
    except jinja2.TemplateSyntaxError as e:
        from packet.draft.syntax import check_syntax

        found, _ = check_syntax(make_env(), template, Path(name).name)
        raise BadTemplateError(
            name, f"Jinja syntax error: {found[0] if found else (e.message or 'syntax error') + _where(e)}"
        ) from e
    except _TooBig as e:
        raise BadTemplateError(
            name, f"the template computes a value too big to print ({e}){_where(e)}",
            "print the values Appeal Packet provides instead of computing large ones",
        ) from e  # fmt: skip
    except SecurityError as e:
        raise BadTemplateError(
            name, f"the template tries to reach Python internals ({e}){_where(e)}",
            "remove that tag; templates may only print the values Appeal Packet provides",
        ) from e  # fmt: skip
    except jinja2.TemplateError as e:
        raise BadTemplateError(name, f"the template failed while rendering: {e}{_where(e)}") from e
    except (TypeError, ValueError, AttributeError, ZeroDivisionError, OverflowError) as e:
        raise BadTemplateError(name, f"the template failed while rendering ({type(e).__name__}: {e})") from e
    doc = tpl.docx
    roots = [p.element for p in doc.part.package.iter_parts() if _is_story(p)]
    found = highlight_blanks(roots)
    for prop in _CORE:
        value = getattr(doc.core_properties, prop)
        if value:
            setattr(doc.core_properties, prop, strip_marks(value))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), found


def _is_story(part: Any) -> bool:
    ct = getattr(part, "content_type", "")
    return hasattr(part, "element") and "wordprocessingml" in ct and ct.endswith(_PARTS)


def _where(e: Exception) -> str:
    """' (in the paragraph "...")' from docxtpl's context lines, when it gave them."""
    lines = [ln.strip() for ln in getattr(e, "docx_context", None) or []]
    lineno = getattr(e, "lineno", None)
    if not lines or lineno is None:
        return ""
    idx = min(3, max(lineno - 1, 0))
    text = lines[idx] if idx < len(lines) else ""
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return ""
    return f' in the paragraph "{text[:120]}{"..." if len(text) > 120 else ""}"'
