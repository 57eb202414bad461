"""Shared fixtures.

``need_tool("libreoffice")`` skips a test when the program is missing, except under
PACKET_REQUIRE_TOOLS=1 (CI), where a missing program fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
REQUIRE_TOOLS = os.environ.get("PACKET_REQUIRE_TOOLS") == "1"


@pytest.fixture
def need_tool() -> Callable[[str], str]:
    from packet import tools

    def check(name: str) -> str:
        found = tools.find(name)
        if found.path:
            return found.path
        msg = f"{name} is not installed ({found.install})"
        if REQUIRE_TOOLS:
            pytest.fail(msg + " and PACKET_REQUIRE_TOOLS=1")
        pytest.skip(msg)
        raise AssertionError  # unreachable

    return check
