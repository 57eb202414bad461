"""The README's exit-code table and ``packet.exceptions`` agree, and every error class has its own code."""

from __future__ import annotations

import inspect
import re

from packet import exceptions
from packet.exceptions import ExitCode, PacketError
from tests.helpers.paths import ROOT


def readme_table() -> dict[int, str]:
    """exit code -> meaning, from the table under "When something is wrong" in README.md."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## When something is wrong", 1)[1].split("\n## ", 1)[0]
    rows: dict[int, str] = {}
    for m in re.finditer(r"^\|\s*([\d, ]+?)\s*\|\s*(.+?)\s*\|$", section, re.MULTILINE):
        for code in m.group(1).split(","):
            assert int(code) not in rows, f"README lists exit code {code} twice"
            rows[int(code)] = m.group(2)
    return rows


def test_readme_lists_every_exit_code_and_no_other() -> None:
    table = readme_table()
    ours = {int(c) for c in ExitCode}
    clicks = {1, 2}  # click's own: a generic failure, a usage error
    assert set(table) == ours | clicks, (
        f"only in README: {sorted(set(table) - ours - clicks)}; only in ExitCode: {sorted(ours - set(table))}"
    )


def test_the_project_codes_start_at_3() -> None:
    assert min(int(c) for c in ExitCode if c != ExitCode.ok) == 3
    assert not {1, 2} & {int(c) for c in ExitCode}


def test_every_error_class_uses_a_code_from_the_table() -> None:
    table = readme_table()
    classes = [c for _, c in inspect.getmembers(exceptions, inspect.isclass) if issubclass(c, PacketError)]
    assert len(classes) > 10
    for cls in classes:
        assert isinstance(cls.exit_code, ExitCode), cls.__name__
        assert int(cls.exit_code) in table, cls.__name__
