"""The sample generator: byte-identical reruns, ground truth of the contract's shape with the promised
coverage, deadlines counted independently of packet.deadlines, and invented contact numbers only."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from packet.model import CATEGORIES, PLAN_TYPES, SCORED, dig
from tests.helpers.paths import ROOT

DENIALS = ROOT / "samples" / "denials"
RECORDS = ROOT / "samples" / "records"
TRUTHS = sorted(DENIALS.glob("*.json"))
PDFS = sorted(DENIALS.glob("*.pdf"))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    r = subprocess.run(
        [sys.executable, str(ROOT / "samples" / "generate.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    return out


def has_path(obj: dict, path: str) -> bool:
    """``path``'s key is present; a null parent (``external_review: null``) stands for all its fields."""
    parts = path.split(".")
    for part in parts[:-1]:
        if part not in obj:
            return False
        if obj[part] is None:
            return True
        obj = obj[part]
    return parts[-1] in obj


def test_rerun_gives_the_committed_bytes(regenerated: Path) -> None:
    committed = sorted(p.name for p in DENIALS.iterdir())
    assert committed == sorted(p.name for p in (regenerated / "denials").iterdir())
    changed = [
        n for n in committed if (DENIALS / n).read_bytes() != (regenerated / "denials" / n).read_bytes()
    ]
    assert changed == [], f"samples differ from the generator's output (run ./dev samples): {changed[:5]}"
    for p in RECORDS.iterdir():
        assert p.read_bytes() == (regenerated / "records" / p.name).read_bytes(), p.name


def test_every_letter_has_truth() -> None:
    pdfs = sorted(DENIALS.glob("*.pdf"))
    assert len(pdfs) >= 40
    assert [p.stem for p in pdfs] == [t.stem for t in TRUTHS]


@pytest.mark.parametrize("t", TRUTHS, ids=[t.stem for t in TRUTHS])
def test_truth_has_the_contract_shape(t: Path) -> None:
    assert re.fullmatch(r"\d\d-[a-z0-9-]+", t.stem), t.name
    truth = json.loads(t.read_text())
    for f in SCORED:
        assert has_path(truth, f), (t.name, f)
    assert truth["payer"]["plan_type"] in PLAN_TYPES
    assert truth["denial"]["category"] in CATEGORIES
    for key in ("notice_date", "member.dob", "service.date", "deadlines.appeal.due"):
        v = dig(truth, key)
        assert v is None or date.fromisoformat(v), (t, key)


def test_coverage_of_plans_categories_layouts_and_gaps() -> None:
    from samples.generator.specs import SPECS

    truths = [json.loads(t.read_text()) for t in TRUTHS]
    plans = {t["payer"]["plan_type"] for t in truths}
    assert {"commercial", "erisa", "medicare_advantage", "medicare_part_d", "medicaid"} <= plans
    assert {t["denial"]["category"] for t in truths} == set(CATEGORIES)
    assert {s.layout for s in SPECS} >= {
        "lines",
        "pairs",
        "above",
        "eob",
        "letter",
        "checkbox",
        "cms",
        "hhs",
        "nydoh",
    }
    flags = " ".join(s.flags for s in SPECS)
    assert "page2" in flags and "fax" in flags
    # letters that leave things out, so that inventing a value is caught
    assert any(t["reference"] is None for t in truths)
    assert any(t["notice_date"] is None for t in truths)
    assert any(
        t["deadlines"]["appeal"]["basis"] == "regulation" and t["deadlines"]["appeal"]["due"] for t in truths
    )
    assert any(t["deadlines"]["appeal"]["due"] is None for t in truths)
    assert any(t["deadlines"]["external_review"] for t in truths)


def test_truth_counts_deadlines_on_its_own() -> None:
    from samples.generator.truth import appeal_truth, plus_months_external_review

    # 45 CFR 147.136(d): Oct 31 + 4 months has no Feb 31: the first day of March (2027-03-01, a Monday)
    assert plus_months_external_review(date(2026, 10, 31), 4) == date(2027, 3, 1)
    # 2026-03-04 + 4 months = Saturday 2026-07-04 (the holiday is observed Friday 07-03): Monday 07-06
    assert plus_months_external_review(date(2026, 3, 4), 4) == date(2026, 7, 6)
    assert appeal_truth("none", date(2026, 1, 12), "medicare_advantage")["due"] == "2026-03-18"
    assert appeal_truth("none", date(2026, 1, 12), "unknown")["due"] is None
    assert appeal_truth("window", None, "medicaid", n=60)["due"] is None
    assert appeal_truth("window", date(2026, 8, 31), "commercial", n=6, unit="months")["due"] == "2027-02-28"


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_only_invented_phone_numbers(pdf: Path) -> None:
    """Every telephone or fax number the samples print is a 555 number (1-800-MEDICARE aside)."""
    from packet.read import read_text

    phone = re.compile(r"(?<!\d)(?:1[-. ])?(?:\(\d{3}\)\s?|\d{3}[-. ])(\d{3})[-. ]\d{4}(?!\d)")
    text = "\n".join(read_text(pdf).texts).replace("1-800-633-4227", "")
    exchanges = {m.group(1) for m in phone.finditer(text)}
    assert exchanges <= {"555"}, (pdf.name, exchanges)


def test_records_for_later_stages() -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    assert 3 <= len(pdfium.PdfDocument(str(RECORDS / "clinical-notes-whitfield.pdf"))) <= 5
    with Image.open(RECORDS / "faxed-records.tif") as im:
        assert im.n_frames >= 2
    for name in ("pt-discharge-scan.png", "pt-discharge-scan.jpg"):
        with Image.open(RECORDS / name) as im:
            assert im.size[0] >= 1000
    with zipfile.ZipFile(RECORDS / "letter-of-medical-necessity.docx") as z:
        assert "medical necessity" in z.read("word/document.xml").decode()
    total = sum(p.stat().st_size for d in (DENIALS, RECORDS) for p in d.iterdir())
    assert total < 5_000_000


def test_the_generator_does_not_use_the_code_it_checks() -> None:
    """Truth from packet's own extraction or deadline engine could never catch their bugs."""
    for src in [*sorted((ROOT / "samples" / "generator").glob("*.py")), ROOT / "samples" / "generate.py"]:
        text = src.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+packet\b", text, re.MULTILINE), src.name
