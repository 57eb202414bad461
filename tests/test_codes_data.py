"""The ICD-10-CM code list is read from simple-icd-10-cm's data folder (its layout, not its interface):
these fail loudly when an upgrade moves it, and a missing list is an error, never an empty set."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from packet.extract.codes import _icd10_codes, valid_icd10
from tests.helpers.deps import declared
from tests.helpers.paths import ROOT


def test_the_installed_version_is_one_whose_layout_is_read() -> None:
    bound = declared("simple-icd-10-cm")
    assert any(s.operator == "<" for s in bound), (
        "simple-icd-10-cm needs an upper bound: its data layout is read"
    )
    assert version("simple-icd-10-cm") in bound


def test_the_code_list_is_where_it_is_read_and_complete() -> None:
    codes = _icd10_codes()
    assert len(codes) > 70_000
    assert {"M5450", "M5416", "M17", "M1711", "E119"} <= codes
    assert valid_icd10("M54.50") and valid_icd10("M17.11") and not valid_icd10("M54.99")


def test_a_missing_code_list_is_an_error_naming_the_fix(tmp_path: Path) -> None:
    fake = tmp_path / "simple_icd_10_cm"
    (fake / "data").mkdir(parents=True)
    (fake / "__init__.py").write_text("")  # the package is there, its code list is not
    code = "from packet.extract.codes import valid_icd10\nvalid_icd10('M54.50')\n"
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert r.returncode != 0
    assert "MissingToolError" in r.stderr and "code-list-*.txt" in r.stderr
    assert "pip install 'simple-icd-10-cm" in r.stderr
