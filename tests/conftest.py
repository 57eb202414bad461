"""Shared fixtures.

``need_tool("libreoffice")`` skips a test when the program is missing, except under
PACKET_REQUIRE_TOOLS=1 (CI), where a missing program fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

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


# -- Fuzzing (tests/test_fuzz.py) ------------------------------------------------------------------------
# Examples per fuzz test: --fuzz-examples N or PACKET_FUZZ_EXAMPLES=N; the default keeps the whole fuzz
# module (over 10,000 inputs in all) under a minute in CI. Longer runs: --fuzz-examples 200000.
FUZZ_EXAMPLES = 4000


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fuzz-examples",
        type=int,
        default=int(os.environ.get("PACKET_FUZZ_EXAMPLES", FUZZ_EXAMPLES)),
        help=f"generated inputs per fuzz test (default {FUZZ_EXAMPLES}, or PACKET_FUZZ_EXAMPLES)",
    )


@pytest.fixture
def fuzz_examples(request: pytest.FixtureRequest) -> int:
    return int(request.config.getoption("--fuzz-examples"))
