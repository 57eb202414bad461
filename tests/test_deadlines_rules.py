"""packet/rules/deadlines.toml is validated when loaded: a broken file raises BadRulesError, naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from packet.deadlines.rules import RULES_FILE, load_rules_file
from packet.exceptions import BadRulesError, ExitCode

GOOD = RULES_FILE.read_text(encoding="utf-8")


def test_bundled_rules_load() -> None:
    rules = load_rules_file(RULES_FILE)
    assert rules.initial["medicare_advantage"].n == 65
    assert rules.initial["fehb"].unit == "months"
    assert "unknown" not in rules.initial
    assert rules.vocab.levels["external appeal"] == "external_review"


@pytest.mark.parametrize(
    "old,new,problem",
    [
        ('level = "internal_appeal"\nn = 180', 'level = "first_appeal"\nn = 180', "level must be one of"),
        ("n = 65", "n = -65", "whole number"),
        ('unit = "months"', 'unit = "fortnights"', "unit must be one of"),
        ("[initial.tricare]", "[initial.veterans]", "unknown plan type"),
        ("'\\bextend\\w*\\b[^.;]*$',", "'\\bextend(\\w*\\b',", "invalid regular expression"),
        ("version = 1", "version = 2", "version must be 1"),
        ("[good_cause]", "[good_causes]", "unknown table"),
        ("hundred = 100", "", "hundred"),
        ("version = 1", "version = 1\nversion = 1", "not valid TOML"),
        ("window_cue = '\\b(within", "window_cue = '\\b((within", "invalid regular expression"),
    ],
)
def test_broken_rules_raise(tmp_path: Path, old: str, new: str, problem: str) -> None:
    assert old in GOOD, old
    bad = tmp_path / "deadlines.toml"
    bad.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(BadRulesError) as e:
        load_rules_file(bad)
    assert problem in str(e.value)
    assert str(e.value).startswith("deadlines.toml: invalid rule file:")
    assert e.value.exit_code == ExitCode.bad_rules


def test_missing_rules_file(tmp_path: Path) -> None:
    with pytest.raises(BadRulesError, match="missing"):
        load_rules_file(tmp_path / "nope.toml")
