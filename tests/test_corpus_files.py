"""The development corpus (samples/corpus) is well-formed: every letter has a header, a truth file with valid
values, a place in sources.toml, and renders in each look."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from samples.corpus import FOLDER, GROUPS, HEADER_END, header, load_corpus, load_sources
from samples.corpus.render import LOOKS, render_bytes

# The contract's lists (/work/shared/contract/extraction.md), written out so a change there is seen here.
CATEGORIES = {
    "medical_necessity", "missing_information", "step_therapy", "not_covered", "out_of_network",
    "experimental", "coding_error", "no_authorization", "other",
}  # fmt: skip
PLAN_TYPES = {
    "commercial",
    "erisa",
    "medicare_advantage",
    "medicare_part_d",
    "medicaid",
    "tricare",
    "fehb",
    "unknown",
}
LEVELS = {"internal_appeal", "external_review", "state_fair_hearing"}
KEYS = {
    "reference", "member_name", "member_id", "notice_date", "appeal_due", "category", "plan_type", "codes",
    "dx", "fax", "level",
}  # fmt: skip

SOURCES = load_sources()
LETTERS = load_corpus("all")
ON_DISK = sorted(p for g in GROUPS for p in FOLDER[g].glob("*.txt"))
IDS = [x.id for x in LETTERS]


def test_every_letter_on_disk_is_listed_in_sources_and_vice_versa() -> None:
    listed = {(x.group, x.id) for x in LETTERS}
    found = {(g, p.stem) for g in GROUPS for p in FOLDER[g].glob("*.txt")}
    assert found - listed == set(), "letter files not listed in sources.toml (or in the wrong folder)"
    assert listed - found == set(), "sources.toml lists letters with no file in their group's folder"
    assert len(IDS) == len(set(IDS)), "a letter is listed twice"
    truths = {(g, p.name[: -len(".truth.json")]) for g in GROUPS for p in FOLDER[g].glob("*.truth.json")}
    assert truths == found, "every letter needs exactly one truth file beside it"


def test_sources_have_the_required_fields() -> None:
    for s in SOURCES:
        assert {"id", "title", "licence", "group", "letters", "kind"} <= s.keys(), s.get("id")
        assert ("url" in s) != ("repo" in s), f"{s['id']}: give a url or a repo"
        assert s["group"] in GROUPS and s["kind"] in {"federal", "state", "oss"}
    assert len({s["id"] for s in SOURCES}) == len(SOURCES)


def test_corpus_is_big_and_varied_enough_and_held_out_groups_say_when_read() -> None:
    assert len(LETTERS) >= 40
    assert len(SOURCES) >= 20
    held = [s for s in SOURCES if s["group"] == "heldout"]
    # A held-out group, while there is one, is about a fifth of the sources. Once scored and read it becomes
    # dev, each of its sources saying so (`read`), and a new group is drawn before rules are written again.
    if held:
        assert len(held) >= 4 and sum(len(s["letters"]) for s in held) >= 8
        assert 0.15 <= len(held) / len(SOURCES) <= 0.3
    assert all(s.get("read") for s in SOURCES if s.get("round") and s["group"] == "dev")
    states = [s for s in SOURCES if s["kind"] == "state"]
    assert len(states) >= 10, "at least ten states' Medicaid notices"


@pytest.mark.parametrize("letter", LETTERS, ids=IDS)
def test_header_names_source_licence_and_note(letter) -> None:
    lines = letter.path.read_text(encoding="utf-8").splitlines()
    assert HEADER_END in lines
    h = header(letter.path)
    for key in ("source", "license", "note"):
        assert h.get(key), f"{letter.id}: header has no '# {key}:' line"
    assert any(line.strip() for line in letter.text_lines()), "no letter text after the header"


def _iso(value: object) -> bool:
    return (
        isinstance(value, str)
        and bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))
        and bool(date.fromisoformat(value))
    )


@pytest.mark.parametrize("letter", LETTERS, ids=IDS)
def test_truth_has_known_keys_and_valid_values(letter) -> None:
    t = json.loads(letter.path.with_name(f"{letter.id}.truth.json").read_text())
    assert set(t) <= KEYS, f"unknown keys {set(t) - KEYS}"
    for key in ("notice_date", "appeal_due"):
        assert t.get(key) is None or _iso(t[key]), f"{key} is not an ISO date"
    if t.get("notice_date") and t.get("appeal_due"):
        assert t["appeal_due"] > t["notice_date"]
    cats = t.get("category")
    for c in cats if isinstance(cats, list) else [cats]:
        assert c is None or c in CATEGORIES, f"category {c!r}"
    assert t.get("plan_type") is None or t["plan_type"] in PLAN_TYPES
    assert t.get("level") is None or t["level"] in LEVELS
    for key in ("codes", "dx"):
        assert t.get(key) is None or all(isinstance(c, str) and c == c.strip().upper() for c in t[key])
    assert t.get("fax") is None or re.fullmatch(r"\d{10}", t["fax"]), "fax is 10 digits or null"
    for key in ("reference", "member_name", "member_id"):
        assert t.get(key) is None or (isinstance(t[key], str) and t[key].strip())


def _text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


RENDERED = ["t01_ndmc_ma", "d16_tx_star_initial"]


@pytest.mark.parametrize("look", LOOKS)
@pytest.mark.parametrize("letter_id", RENDERED)
def test_each_look_renders_a_valid_pdf_deterministically(look: str, letter_id: str) -> None:
    letter = next(x for x in LETTERS if x.id == letter_id)
    pdf = render_bytes(letter.path, look)
    assert pdf.startswith(b"%PDF") and render_bytes(letter.path, look) == pdf
    text = _text(pdf)
    if look == "scan":
        assert text.strip() == "", "the scan look must be image-only, with no text layer"
        doc = pdfium.PdfDocument(pdf)
        assert any(o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE for o in doc[0].get_objects())
        doc.close()
    else:
        assert letter.truth["member_id"] in text


def test_cells_look_puts_label_and_value_in_separate_cells() -> None:
    from samples.corpus.render import label_pairs

    assert label_pairs("Date: June 2, 2026          Member number: H7731-00482913") == [
        ("Date:", "June 2, 2026"),
        ("Member number:", "H7731-00482913"),
    ]
    assert label_pairs("You have the right to appeal. File your appeal in writing within 60 days.") is None


def test_render_cli_writes_one_pdf_per_look(tmp_path: Path) -> None:
    from samples.corpus.render import main

    assert main([str(tmp_path), "--looks", "text,cells", "x24_fhi_pt"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x24_fhi_pt.cells.pdf", "x24_fhi_pt.text.pdf"]


@pytest.mark.parametrize(
    ("field", "want", "have", "ok"),
    [
        ("member_id", "H7731-00482913", "H7731 00482913", True),
        ("member_id", "SLM-880-44-2107", "880442107", True),  # suffix of 6+ after letters only
        ("member_id", "AB12345C", "12345C", True),  # the rest of the truth is letters only
        ("member_id", "W123456789", "23456789", False),  # the rest is not letters only
        ("reference", "2026011200417", "Claim #: 2026011200417", False),  # a label in the value is wrong
        ("member_name", "June E. McAllister", "MCALLISTER, JUNE E.", True),
        ("codes", ["97110", "97140"], ["CPT 97140", "97110"], True),
        ("dx", [], [], True),
        ("dx", [], ["M54.50"], False),
        ("fax", "8135550147", "1-(813) 555-0147", True),
        ("fax", None, "813-555-0147", False),
        ("category", ["medical_necessity", "step_therapy"], "step_therapy", True),
        ("appeal_due", "2026-08-01", None, False),
    ],
)
def test_bench_matching_rules_are_the_shared_ones(field: str, want: object, have: object, ok: bool) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from _score import match

    assert match(field, want, have) is ok
