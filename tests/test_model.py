"""packet.model: the field catalogue derived from the dataclasses agrees with the JSON Schema, and every
list of fields elsewhere is that catalogue."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from packet import case, corrections, model
from packet.extract import extract_file
from samples import accuracy
from tests.helpers.paths import ROOT, SAMPLES

SCHEMA = json.loads((ROOT / "packet" / "schema" / "denial-1.schema.json").read_text(encoding="utf-8"))


def schema_at(path: str) -> dict[str, Any]:
    node = SCHEMA
    for part in path.split("."):
        node = node["properties"][part]
    return node


def schema_leaves(node: dict[str, Any] = SCHEMA, prefix: str = "") -> set[str]:
    """Dotted paths of the schema's letter fields; a deadline object counts as one field."""
    out: set[str] = set()
    for name, sub in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        if not prefix and name in ("schema", "source", "evidence", "confidence", "warnings"):
            continue
        if path == "deadlines.all":
            continue
        if "properties" in sub and not path.startswith("deadlines."):
            out |= schema_leaves(sub, path + ".")
        else:
            out.add(path)
    return out


def test_the_catalogue_is_the_schemas_fields() -> None:
    assert set(model.FIELDS) == schema_leaves()
    assert len(model.FIELDS) == len(set(model.FIELDS))


@pytest.mark.parametrize(
    ("path", "values"),
    [
        ("payer.plan_type", model.PLAN_TYPES),
        ("denial.category", (*model.CATEGORIES, None)),
        ("deadlines.appeal.level", model.LEVELS),
        ("deadlines.appeal.basis", model.BASES),
    ],
)
def test_closed_sets_are_the_schemas_enums(path: str, values: tuple[object, ...]) -> None:
    assert list(schema_at(path)["enum"]) == list(values)


def test_date_fields_are_the_schemas_date_strings() -> None:
    dated = {f for f in model.FIELDS if schema_at(f).get("pattern") == r"^\d{4}-\d{2}-\d{2}$"}
    assert dated == model.DATE_FIELDS
    lists = {f for f in model.FIELDS if schema_at(f).get("type") == "array"}
    assert lists == model.LIST_FIELDS


def test_every_list_of_fields_is_derived_from_the_catalogue() -> None:
    assert case.DATE_FIELDS is model.DATE_FIELDS and case.LIST_FIELDS is model.LIST_FIELDS
    assert accuracy.SCORED is model.SCORED
    assert set(corrections.SETTABLE) == (
        set(model.FIELDS) - {"deadlines.appeal", "deadlines.external_review"}
    ) | {"deadlines.appeal.due"}
    assert {s.rsplit(".", 1)[0] if s.startswith("deadlines.") else s for s in model.SCORED} >= (
        set(model.FIELDS) - {"deadlines.expedited_decision_hours"}
    )


def test_from_dict_reads_back_what_to_dict_wrote() -> None:
    pdf = sorted((SAMPLES / "denials").glob("*.pdf"))[0]
    d = extract_file(pdf, today=date(2026, 1, 20))
    again = model.Denial.from_dict(json.loads(json.dumps(d.to_dict())))
    assert again == d
    assert again.to_dict() == d.to_dict()


def test_from_dict_of_a_minimal_record() -> None:
    d = model.Denial.from_dict({"source": {"file": "x.pdf", "sha256": "0" * 64, "pages": 1}, "member": None})
    assert d.payer.plan_type == "unknown" and d.member == model.Member() and d.deadlines.all == []
    assert d.schema == model.SCHEMA_ID
