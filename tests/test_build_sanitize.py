"""A record carrying JavaScript, an open action, a launch action, an embedded file and a form comes out clean;
what the form showed (its filled-in value) stays visible, flattened into the page."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from test_build import page_texts

from packet.build import build_packet
from samples.cases import make_case, text_pdf

FORBIDDEN = {
    "/JS",
    "/JavaScript",
    "/OpenAction",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/AcroForm",
    "/AA",
    "/Annots",
    "/URI",
    "/SubmitForm",
    "/RichMedia",
    "/XFA",
}


def _name(n: str) -> NameObject:
    return NameObject(n)


def hostile_pdf(path: Path) -> Path:
    base = text_pdf(path.with_suffix(".base.pdf"), 2, "Hostile record")
    w = PdfWriter(clone_from=str(base))
    base.unlink()
    js = DictionaryObject(
        {_name("/S"): _name("/JavaScript"), _name("/JS"): TextStringObject("app.alert('pwned')")}
    )
    w._root_object[_name("/OpenAction")] = w._add_object(js)
    w.add_attachment("payload.exe", b"MZ\x90\x00 not really an executable")
    names = w._root_object["/Names"]
    names[_name("/JavaScript")] = DictionaryObject(
        {_name("/Names"): ArrayObject([TextStringObject("x"), w._add_object(js)])}
    )
    page = w.pages[0]
    launch = DictionaryObject({_name("/S"): _name("/Launch"), _name("/F"): TextStringObject("calc.exe")})
    link = DictionaryObject({
        _name("/Type"): _name("/Annot"), _name("/Subtype"): _name("/Link"),
        _name("/Rect"): ArrayObject([FloatObject(v) for v in (72, 600, 300, 620)]), _name("/A"): launch,
    })  # fmt: skip
    ap = DecodedStreamObject()
    ap.set_data(b"BT /Helv 12 Tf 2 6 Td (FILLED VALUE 4711) Tj ET")
    ap.update({
        _name("/Type"): _name("/XObject"), _name("/Subtype"): _name("/Form"),
        _name("/BBox"): ArrayObject([FloatObject(v) for v in (0, 0, 200, 20)]),
        _name("/Resources"): DictionaryObject({_name("/Font"): DictionaryObject({
            _name("/Helv"): DictionaryObject({
                _name("/Type"): _name("/Font"), _name("/Subtype"): _name("/Type1"),
                _name("/BaseFont"): _name("/Helvetica")})})}),
    })  # fmt: skip
    widget = DictionaryObject({
        _name("/Type"): _name("/Annot"), _name("/Subtype"): _name("/Widget"), _name("/FT"): _name("/Tx"),
        _name("/T"): TextStringObject("member_id"), _name("/V"): TextStringObject("FILLED VALUE 4711"),
        _name("/Rect"): ArrayObject([FloatObject(v) for v in (72, 500, 272, 520)]),
        _name("/F"): NumberObject(4),
        _name("/AP"): DictionaryObject({_name("/N"): w._add_object(ap)}),
        _name("/AA"): DictionaryObject({_name("/K"): js}),
    })  # fmt: skip
    hidden = DictionaryObject(
        {**widget, _name("/F"): NumberObject(2), _name("/T"): TextStringObject("hidden")}
    )
    refs = [w._add_object(a) for a in (link, widget, hidden)]
    page[_name("/Annots")] = ArrayObject(refs)
    page[_name("/AA")] = DictionaryObject({_name("/O"): js})
    w._root_object[_name("/AcroForm")] = DictionaryObject({_name("/Fields"): ArrayObject(refs[1:])})
    with open(path, "wb") as f:
        w.write(f)
    return path


def all_keys(reader: PdfReader) -> set[str]:
    keys: set[str] = set()
    seen: set[int] = set()

    def walk(obj: object) -> None:
        ref = getattr(obj, "indirect_reference", None)
        if ref is not None:
            if ref.idnum in seen:
                return
            seen.add(ref.idnum)
        obj = obj.get_object() if hasattr(obj, "get_object") else obj
        if isinstance(obj, DictionaryObject):
            for k, v in obj.items():
                keys.add(str(k))
                if k != "/Parent":
                    walk(v)
        elif isinstance(obj, ArrayObject):
            for v in obj:
                walk(v)

    walk(reader.trailer)
    return keys


def test_hostile_record_comes_out_clean_and_its_form_value_stays_visible(tmp_path: Path) -> None:
    src = hostile_pdf(tmp_path / "hostile.pdf")
    before = all_keys(PdfReader(src))
    assert {"/JavaScript", "/OpenAction", "/EmbeddedFiles", "/AcroForm", "/Annots", "/AA"} <= before
    folder = make_case(tmp_path, {"hostile.pdf": src.read_bytes()})
    out = build_packet(folder).outputs[0]
    keys = all_keys(PdfReader(out))
    assert not keys & FORBIDDEN, keys & FORBIDDEN
    data = out.read_bytes()
    assert b"pwned" not in data and b"calc.exe" not in data and b"MZ\x90" not in data
    texts = page_texts(out)
    hostile = [t for t in texts if "Hostile record page 1" in t]
    assert len(hostile) == 1
    assert "FILLED VALUE 4711" in hostile[0]  # the visible widget, flattened
    assert hostile[0].count("FILLED VALUE 4711") == 1  # the hidden one is not drawn


def test_encrypted_record_without_password_is_opened(tmp_path: Path) -> None:
    base = text_pdf(tmp_path / "plain.pdf", 1, "Owner-locked record")
    w = PdfWriter(clone_from=str(base))
    w.encrypt(user_password="", owner_password="owner-secret", algorithm="AES-128")
    buf = io.BytesIO()
    w.write(buf)
    folder = make_case(tmp_path, {"locked.pdf": buf.getvalue()})
    out = build_packet(folder).outputs[0]
    assert not PdfReader(out).is_encrypted
    assert any("Owner-locked record page 1" in t for t in page_texts(out))
