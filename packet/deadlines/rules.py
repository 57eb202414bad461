"""Load and validate ``packet/rules/deadlines.toml``: the regulations' fill-in rules and the phrase
vocabulary.

A broken file raises ``BadRulesError`` naming the file and the problem: never a silent skip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from packet.exceptions import BadRulesError
from packet.fsutil import read_rules_toml
from packet.model import LEVELS, PLAN_TYPES

RULES_FILE = Path(__file__).resolve().parent.parent / "rules" / "deadlines.toml"
RULE_UNITS = ("days", "business_days", "weeks", "months")
VOCAB_UNITS = ("days", "business_days", "weeks", "months", "hours", "years")
ANCHORS = ("decision", "statement", "service", "receipt", "notice")
PATTERN_KEYS = (
    "decision_time_before",
    "decision_time_around",
    "filing",
    "receipt_presumption",
    "final_decision",
    "date_cues",
    "restatement",
    "placeholder",
    "date_label",
    "window_cue",
    "not_appeal",
    "deadline_words",
    "no_appeal",
    "state_review",
    "future_step",
    "appeal_verbs",
)


@dataclass(frozen=True)
class Rule:
    """A deadline the regulation supplies: ``n`` ``unit`` from the notice date, explained by ``rule``."""

    level: str
    n: int
    unit: str
    rule: str


@dataclass
class Vocabulary:
    numbers: dict[str, int]
    units: dict[str, str]  # phrase -> unit
    levels: dict[str, str]  # phrase -> level
    anchors: list[tuple[str, list[str]]]  # (anchor kind, phrases), in the order they are tried
    decision_time_before: list[re.Pattern[str]]
    decision_time_around: list[re.Pattern[str]]
    filing: list[re.Pattern[str]]
    receipt_presumption: list[re.Pattern[str]]
    final_decision: list[re.Pattern[str]]
    date_cues: list[str]
    restatement: re.Pattern[str]
    placeholder: re.Pattern[str]
    date_label: re.Pattern[str]
    window_cue: re.Pattern[str]  # words just before a window that make it one ("within", "you have")
    not_appeal: list[re.Pattern[str]]  # a window or date for something else: a corrected claim, records
    deadline_words: re.Pattern[str]  # words that make a date a deadline under an appeal heading
    no_appeal: list[re.Pattern[str]]  # the letter says it grants no appeal
    state_review: re.Pattern[str]  # a state agency that runs external review: a state's process
    future_step: re.Pattern[str]  # a step after a decision still to come ("if we uphold our denial")
    appeal_verbs: re.Pattern[str]  # verbs that make an unnamed step counted from this notice the appeal


@dataclass
class Rules:
    path: Path
    initial: dict[str, Rule]
    final: dict[str, Rule]
    final_notes: dict[str, str]
    named: dict[str, Rule]
    good_cause_plans: tuple[str, ...]
    good_cause_note: str
    vocab: Vocabulary
    extra: dict[str, Any] = field(default_factory=dict)


def _need(cond: bool, path: Path, problem: str) -> None:
    if not cond:
        raise BadRulesError(path, problem)


def _table(raw: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = raw.get(key)
    _need(isinstance(value, dict), path, f"missing table [{key}]")
    return value  # type: ignore[return-value]


def _rule(path: Path, where: str, d: Any, level: str | None = None) -> Rule:
    _need(isinstance(d, dict), path, f"[{where}] must be a table")
    allowed = {"level", "n", "unit", "rule"} if level is None else {"n", "unit", "rule"}
    unknown = set(d) - allowed
    _need(not unknown, path, f"unknown key {where}.{sorted(unknown)[0] if unknown else ''}")
    lvl = level if level is not None else d.get("level")
    _need(lvl in LEVELS, path, f"{where}.level must be one of {', '.join(LEVELS)}")
    n = d.get("n")
    _need(
        isinstance(n, int) and not isinstance(n, bool) and 0 < n <= 400,
        path,
        f"{where}.n must be a whole number 1-400",
    )
    _need(d.get("unit") in RULE_UNITS, path, f"{where}.unit must be one of {', '.join(RULE_UNITS)}")
    _need(
        isinstance(d.get("rule"), str) and d["rule"].strip() != "", path, f"{where}.rule must be a sentence"
    )
    return Rule(level=str(lvl), n=int(n), unit=str(d["unit"]), rule=str(d["rule"]).strip())


def _regex(path: Path, where: str, pattern: Any) -> re.Pattern[str]:
    _need(isinstance(pattern, str), path, f"{where} must be a string")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as e:
        raise BadRulesError(path, f"invalid regular expression in {where} ({e})") from e


def _phrases(path: Path, where: str, value: Any) -> list[str]:
    _need(
        isinstance(value, list) and bool(value) and all(isinstance(p, str) and p.strip() for p in value),
        path,
        f"{where} must be a non-empty list of phrases",
    )
    return [re.sub(r"[\s-]+", " ", p.strip().lower()) for p in value]


def _plan_rules(path: Path, raw: dict[str, Any], key: str) -> tuple[dict[str, Rule], dict[str, str]]:
    rules: dict[str, Rule] = {}
    notes: dict[str, str] = {}
    for plan, d in _table(raw, key, path).items():
        _need(plan in PLAN_TYPES and plan != "unknown", path, f"[{key}.{plan}]: unknown plan type")
        if isinstance(d, dict) and set(d) == {"note"}:
            _need(
                isinstance(d["note"], str) and d["note"].strip() != "",
                path,
                f"{key}.{plan}.note must be a sentence",
            )
            notes[plan] = d["note"].strip()
        else:
            rules[plan] = _rule(path, f"{key}.{plan}", d)
    return rules, notes


def _vocabulary(path: Path, raw: dict[str, Any]) -> Vocabulary:
    voc = _table(raw, "vocabulary", path)
    unknown = set(voc) - {"numbers", "units", "levels", "anchors", "patterns"}
    _need(not unknown, path, f"unknown table [vocabulary.{sorted(unknown)[0] if unknown else ''}]")
    numbers = _table(voc, "numbers", path)
    _need(
        all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in numbers.values()),
        path,
        "vocabulary.numbers values must be positive whole numbers",
    )
    _need("hundred" in numbers, path, "vocabulary.numbers must define 'hundred'")
    units: dict[str, str] = {}
    for unit, phrases in _table(voc, "units", path).items():
        _need(
            unit in VOCAB_UNITS,
            path,
            f"vocabulary.units.{unit}: unit must be one of {', '.join(VOCAB_UNITS)}",
        )
        units.update({p: unit for p in _phrases(path, f"vocabulary.units.{unit}", phrases)})
    levels: dict[str, str] = {}
    for level, phrases in _table(voc, "levels", path).items():
        _need(level in LEVELS, path, f"vocabulary.levels.{level}: level must be one of {', '.join(LEVELS)}")
        levels.update({p: level for p in _phrases(path, f"vocabulary.levels.{level}", phrases)})
    anchors_raw = _table(voc, "anchors", path)
    _need(
        set(anchors_raw) == set(ANCHORS), path, f"vocabulary.anchors must define exactly {', '.join(ANCHORS)}"
    )
    anchors = [(a, _phrases(path, f"vocabulary.anchors.{a}", anchors_raw[a])) for a in ANCHORS]
    return Vocabulary(
        numbers={k.lower(): int(v) for k, v in numbers.items()},
        units=units,
        levels=levels,
        anchors=anchors,
        **_patterns(path, _table(voc, "patterns", path)),
    )


# Pattern keys that hold a list of regular expressions; date_cues is a list of phrases; the rest are one each.
LIST_PATTERNS = (
    "decision_time_before",
    "decision_time_around",
    "filing",
    "receipt_presumption",
    "final_decision",
    "not_appeal",
    "no_appeal",
)


def _patterns(path: Path, pats: dict[str, Any]) -> dict[str, Any]:
    """``[vocabulary.patterns]`` compiled, keyed as the ``Vocabulary`` fields."""
    missing = [k for k in PATTERN_KEYS if k not in pats]
    _need(not missing, path, f"vocabulary.patterns.{missing[0] if missing else ''} is missing")
    unknown = set(pats) - set(PATTERN_KEYS)
    _need(not unknown, path, f"unknown key vocabulary.patterns.{sorted(unknown)[0] if unknown else ''}")
    out: dict[str, Any] = {}
    for key in PATTERN_KEYS:
        where = f"vocabulary.patterns.{key}"
        if key == "date_cues":
            out[key] = _phrases(path, where, pats[key])
        elif key in LIST_PATTERNS:
            _need(isinstance(pats[key], list) and bool(pats[key]), path, f"{where} must be a list")
            out[key] = [_regex(path, f"{where}[{i}]", p) for i, p in enumerate(pats[key])]
        else:
            out[key] = _regex(path, where, pats[key])
    _need(
        all("n" in p.groupindex for p in out["receipt_presumption"]),
        path,
        "receipt_presumption patterns need a group (?P<n>...)",
    )
    return out


def parse_rules(raw: dict[str, Any], path: Path) -> Rules:
    """Validate a decoded rules file."""
    _need(raw.get("version") == 1, path, "version must be 1")
    known = {"version", "initial", "final", "named", "good_cause", "vocabulary"}
    unknown = set(raw) - known
    _need(not unknown, path, f"unknown table [{sorted(unknown)[0] if unknown else ''}]")
    initial, initial_notes = _plan_rules(path, raw, "initial")
    _need(not initial_notes, path, "[initial] entries need level, n, unit and rule")
    final, final_notes = _plan_rules(path, raw, "final")
    named = {}
    for level, d in _table(raw, "named", path).items():
        _need(level in LEVELS, path, f"[named.{level}]: level must be one of {', '.join(LEVELS)}")
        named[level] = _rule(path, f"named.{level}", d, level=level)
    gc = _table(raw, "good_cause", path)
    plans = gc.get("plan_types")
    _need(
        isinstance(plans, list) and all(p in PLAN_TYPES for p in plans),
        path,
        "good_cause.plan_types: unknown plan type",
    )
    _need(isinstance(gc.get("note"), str), path, "good_cause.note must be a sentence")
    return Rules(
        path=path,
        initial=initial,
        final=final,
        final_notes=final_notes,
        named=named,
        good_cause_plans=tuple(plans),  # type: ignore[arg-type]
        good_cause_note=str(gc["note"]),
        vocab=_vocabulary(path, raw),
    )


def load_rules_file(path: str | Path) -> Rules:
    """Read and validate a rules file (``BadRulesError`` when it is missing or broken)."""
    path = Path(path)
    return parse_rules(read_rules_toml(path), path)


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> Rules:
    """The bundled rules (cached)."""
    return load_rules_file(path or RULES_FILE)
