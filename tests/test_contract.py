"""`packet extract --json` is the public interface: every output validates against the shipped JSON Schema,
every non-null field has evidence and a confidence, and the sample letters meet the accuracy floor."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from packet.cli import main
from packet.extract import extract_file
from packet.model import FIELDS
from samples.accuracy import score_files

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "packet" / "schema" / "denial-1.schema.json").read_text())
SAMPLES = sorted((ROOT / "samples" / "denials").glob("*.pdf"))
TODAY = date(2026, 11, 22)


def check_contract(d: dict[str, Any]) -> None:
    jsonschema.validate(d, SCHEMA)
    for path in FIELDS:
        obj: Any = d
        for part in path.split("."):
            obj = obj[part]
        if obj not in (None, []) and not (path == "payer.plan_type" and obj == "unknown"):  # its "null"
            assert path in d["evidence"], f"{path} has a value but no evidence"
            assert d["evidence"][path]["text"].strip(), path
            assert d["confidence"].get(path) in ("high", "medium", "low"), path
    if d["deadlines"]["appeal"] and d["deadlines"]["appeal"]["basis"] == "regulation":
        assert d["confidence"]["deadlines.appeal"] in ("medium", "low")


@cache
def extracted(pdf: Path) -> dict[str, Any]:
    return extract_file(pdf, today=TODAY).to_dict()


def test_there_are_samples() -> None:
    assert len(SAMPLES) >= 40, "run ./dev samples"


@pytest.mark.parametrize("pdf", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_output_follows_the_contract(pdf: Path) -> None:
    check_contract(extracted(pdf))


def test_cli_json_is_one_object_on_stdout_and_validates() -> None:
    pdf = SAMPLES[0]
    r = CliRunner().invoke(main, ["extract", str(pdf), "--json", "--today", "2026-11-22"])
    assert r.exit_code == 0, r.stderr
    d = json.loads(r.stdout)
    check_contract(d)
    assert d == extracted(pdf)


def test_cli_summary_names_the_fields() -> None:
    pdf = SAMPLES[0]
    r = CliRunner().invoke(main, ["extract", str(pdf)])
    assert r.exit_code == 0, r.stderr
    truth = json.loads(pdf.with_suffix(".json").read_text())
    assert "Appeal deadline" in r.stdout
    if truth["reference"]:
        assert truth["reference"] in r.stdout


def test_accuracy_floor_and_no_wrong_appeal_dates() -> None:
    s = score_files((extracted(p), p.with_suffix(".json")) for p in SAMPLES)
    assert s.wrong_dates == [], s.wrong_dates
    # The benchmark (bench/bench_accuracy.py) reports the figure; the target is 98%. This floor catches
    # regressions without making the suite flaky on a single new sample.
    assert s.accuracy >= 0.95, [m for m in s.misses][:20]
