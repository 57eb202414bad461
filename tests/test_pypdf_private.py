"""packet/build/place.py adds objects with pypdf's private ``PdfWriter._add_object`` (pypdf has no public
way to make an indirect object): pyproject.toml bounds pypdf to the major versions checked here, and this
fails loudly when the method is gone or behaves differently."""

from __future__ import annotations

import io
from importlib.metadata import version

from packaging.specifiers import SpecifierSet
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, IndirectObject, NameObject, NumberObject

from tests.helpers.deps import declared


def test_pypdf_is_bounded_to_the_versions_checked_here() -> None:
    bound: SpecifierSet = declared("pypdf")
    assert any(s.operator == "<" for s in bound), "pypdf needs an upper bound: a private method is used"
    assert version("pypdf") in bound


def test_add_object_makes_an_indirect_object_that_is_written() -> None:
    w = PdfWriter()
    w.add_blank_page(200, 200)
    obj = DictionaryObject({NameObject("/PktMark"): NumberObject(4711)})
    ref = w._add_object(obj)
    assert isinstance(ref, IndirectObject) and ref.pdf is w
    assert w._add_object(obj) == ref  # adding it again gives the same reference
    w._root_object[NameObject("/PktRef")] = ref
    buf = io.BytesIO()
    w.write(buf)
    back = PdfReader(io.BytesIO(buf.getvalue())).trailer["/Root"]["/PktRef"].get_object()
    assert back["/PktMark"] == 4711
