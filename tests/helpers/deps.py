"""The dependencies pyproject.toml declares, for tests that check a version bound."""

from __future__ import annotations

import re
import tomllib

from packaging.specifiers import SpecifierSet

from tests.helpers.paths import ROOT


def declared(name: str) -> SpecifierSet:
    """The version specifier pyproject.toml gives ``name`` (``pypdf>=5.0,<8`` -> ``>=5.0,<8``)."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    for dep in deps:
        m = re.fullmatch(r"([A-Za-z0-9._-]+)\s*(.*)", dep)
        if m and m.group(1).lower() == name.lower():
            return SpecifierSet(m.group(2))
    raise AssertionError(f"{name} is not a declared dependency")
