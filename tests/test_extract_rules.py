"""The rule file is data, validated when loaded: a broken one is an error naming the file, never a skip."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w

from packet.dates import find_dates, is_only_date, parse_date
from packet.exceptions import BadRulesError, ExitCode
from packet.extract.codes import _icd10_codes, diagnosis_codes, procedure_codes
from packet.extract.rules import default_rules, load_rules_file

RULES = Path(__file__).resolve().parent.parent / "packet" / "rules" / "extraction.toml"


def _broken(tmp_path: Path, mutate) -> Path:  # type: ignore[no-untyped-def]
    raw = tomllib.loads(RULES.read_text(encoding="utf-8"))
    mutate(raw)
    p = tmp_path / "extraction.toml"
    p.write_text(tomli_w.dumps(raw))
    return p


def test_shipped_rules_load() -> None:
    rules = default_rules()
    assert "Claim #" in rules.labels["reference_claim"]
    assert len(rules.category_order) == 9


@pytest.mark.parametrize(
    "mutate, words",
    [
        (lambda r: r["labels"].pop("member_id"), "lacks member_id"),
        (lambda r: r["labels"].update(membr_id=["x"]), "unknown field membr_id"),
        (lambda r: r["categories"]["phrases"].update(medical_neccessity=[["x", 1]]), "unknown category"),
        (
            lambda r: r["categories"]["phrases"]["experimental"].append(["(unclosed", 2]),
            "invalid regular expression",
        ),
        (lambda r: r["categories"]["phrases"]["experimental"].append(["ok", 0]), "positive whole weight"),
        (lambda r: r["plan_types"]["phrases"].update(medicare=[["x", 1]]), "unknown plan type"),
        (lambda r: r.update(version=2), "version must be 1"),
        (
            lambda r: r["labels"].update(member_id=[]) or r["labels"]["member_id"].append(3),
            "list of non-empty strings",
        ),
        (lambda r: r["categories"].update(order=["other"]), "categories.order"),
    ],
)
def test_broken_rule_file_is_an_error(tmp_path: Path, mutate, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BadRulesError) as e:
        load_rules_file(_broken(tmp_path, mutate))
    assert e.value.exit_code == ExitCode.bad_rules
    assert "extraction.toml" in str(e.value) and words in str(e.value)


def test_not_toml_is_an_error(tmp_path: Path) -> None:
    p = tmp_path / "extraction.toml"
    p.write_text("labels = [unclosed")
    with pytest.raises(BadRulesError, match="not valid TOML"):
        load_rules_file(p)


@pytest.mark.parametrize(
    "text, iso",
    [
        ("January 12, 2026", "2026-01-12"),
        ("Jan. 12, 2026", "2026-01-12"),
        ("Jan 12 2026", "2026-01-12"),
        ("01/12/2026", "2026-01-12"),
        ("1/12/26", "2026-01-12"),
        ("2026-01-12", "2026-01-12"),
        ("12 January 2026", "2026-01-12"),
        ("Sept. 3, 2025", "2025-09-03"),
        ("12-Jan-2026", "2026-01-12"),
    ],
)
def test_dates_as_letters_print_them(text: str, iso: str) -> None:
    assert str(parse_date(f"Date: {text}")) == iso
    assert is_only_date(text)


def test_not_dates() -> None:
    assert parse_date("February 30, 2026") is None
    assert parse_date("13/45/2026") is None
    assert parse_date("XX/20XX") is None
    assert not is_only_date("Date of service: 01/02/2026")
    assert [str(f.value) for f in find_dates("from 1/2/2026 to 2/3/2026")] == ["2026-01-02", "2026-02-03"]


def test_icd10_code_set_is_available() -> None:
    assert len(_icd10_codes()) > 70000


def test_codes_by_shape_and_context() -> None:
    assert procedure_codes("MRI lumbar spine (CPT 72148)", in_code_context=False) == ["72148"]
    assert procedure_codes("Manchester, NH 03101", in_code_context=True) == []
    assert procedure_codes("Call 1-800-555-0144", in_code_context=True) == []
    assert procedure_codes("Remark: CO-50, N54", in_code_context=True) == []
    assert procedure_codes("J1745 infliximab", in_code_context=False) == ["J1745"]
    assert procedure_codes("Suite 12345", in_code_context=False) == []
    assert diagnosis_codes("Diagnosis: M54.50 low back pain; C61", in_dx_context=True) == ["M54.50", "C61"]
    assert diagnosis_codes("Remark code N54 and M76", in_dx_context=False) == []
    assert diagnosis_codes("ICD-10: Z99.99", in_dx_context=True) == []  # shape right, not a real code
