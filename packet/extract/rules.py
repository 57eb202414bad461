"""Load and validate the extraction rule file (``packet/rules/extraction.toml``).

A broken rule file is an error (``BadRulesError`` naming the file and the problem), never a silent skip.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from packet.exceptions import BadRulesError
from packet.fsutil import read_rules_toml
from packet.model import CATEGORIES, PLAN_TYPES

LABEL_FIELDS = (
    "reference_quote",
    "reference_auth",
    "reference_claim",
    "member_id",
    "member_name",
    "member_dob",
    "provider_name",
    "provider_npi",
    "service_description",
    "service_date",
    "service_codes",
    "diagnosis_codes",
    "notice_date",
    "other_dates",
    "criteria",
    "payer_name",
    "appeal_fax",
    "appeal_phone",
    "portal",
    "reason",
    "basis",
    "form_only",
)
TOP_KEYS = {
    "id_words",
    "member",
    "reason",
    "version",
    "placeholders",
    "labels",
    "appeal_to",
    "categories",
    "plan_types",
    "payer",
    "fax_header",
    "service",
    "criteria",
}


@dataclass(frozen=True)
class Weighted:
    pattern: re.Pattern[str]
    weight: int


@dataclass(frozen=True)
class Rules:
    path: Path
    placeholders: tuple[re.Pattern[str], ...]
    labels: dict[str, tuple[str, ...]]
    appeal_introducers: tuple[re.Pattern[str], ...]
    unit_words: re.Pattern[str]
    fax_phrases: tuple[re.Pattern[str], ...]
    portal_phrases: tuple[re.Pattern[str], ...]
    category_order: tuple[str, ...]
    category_phrases: dict[str, tuple[Weighted, ...]]
    plan_min_score: int
    plan_phrases: dict[str, tuple[Weighted, ...]]
    org_words: frozenset[str]
    not_names: tuple[str, ...]
    fax_header: tuple[re.Pattern[str], ...]
    # sentences after which the service is printed without a label (optional section [service])
    service_introducers: tuple[re.Pattern[str], ...] = ()
    # phrases that cite the policy in a basis paragraph; group "c" is the policy (optional [criteria])
    criteria_cites: tuple[re.Pattern[str], ...] = ()
    # words that make a name line an organisation's, not the member's (optional [member])
    member_org_words: frozenset[str] = frozenset()
    # reason headings as patterns, and sentences that state a reason without a label (optional [reason])
    # what a "<words> ID:" label of no known field names, by its words (optional [id_words], in order)
    id_words: dict[str, re.Pattern[str]] = field(default_factory=dict)
    reason_headings: tuple[re.Pattern[str], ...] = ()
    reason_sentences: tuple[re.Pattern[str], ...] = ()


def _fail(path: Path, problem: str) -> BadRulesError:
    return BadRulesError(path, problem)


def _regex(path: Path, where: str, pattern: Any) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise _fail(path, f"{where}: expected a non-empty regular expression string")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as e:
        raise _fail(path, f"{where}: invalid regular expression {pattern!r} ({e})") from e


def _strings(path: Path, where: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, f"{where}: expected a list of non-empty strings")
    return tuple(value)


def _weighted(path: Path, where: str, value: Any) -> tuple[Weighted, ...]:
    if not isinstance(value, list):
        raise _fail(path, f"{where}: expected a list of [pattern, weight] pairs")
    out = []
    for i, item in enumerate(value):
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], int) and item[1] > 0):
            raise _fail(path, f"{where}[{i}]: expected [pattern, positive whole weight]")
        out.append(Weighted(_regex(path, f"{where}[{i}]", item[0]), item[1]))
    return tuple(out)


def _section(path: Path, raw: dict[str, Any], name: str) -> dict[str, Any]:
    sec = raw.get(name)
    if not isinstance(sec, dict):
        raise _fail(path, f"missing section [{name}]")
    return sec


def _is_tag(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value) and bool(value)


def untag(value: Any, exclude: frozenset[str] = frozenset()) -> Any:
    """The rule data with provenance tags removed, and without the entries learned only from the sources in
    ``exclude``. An entry may name the development letters' sources it was learned from: a label or pattern
    as ``{ v = "Claim #", from = ["x29"] }``, a weighted phrase as ``["pattern", 3, ["x29"]]``. Entries with
    no tag came from the reference documents, the public blank forms or general knowledge."""
    if isinstance(value, dict):
        return {k: untag(v, exclude) for k, v in value.items()}
    if not isinstance(value, list):
        return value
    out = []
    for item in value:
        if isinstance(item, dict) and set(item) == {"v", "from"} and _is_tag(item["from"]):
            if not set(item["from"]) <= exclude:
                out.append(untag(item["v"], exclude))
        elif isinstance(item, list) and len(item) == 3 and isinstance(item[1], int) and _is_tag(item[2]):
            if not set(item[2]) <= exclude:
                out.append(item[:2])
        else:
            out.append(untag(item, exclude))
    return out


def tagged_sources(value: Any) -> set[str]:
    """Every source named by a provenance tag in the rule data."""
    found: set[str] = set()
    if isinstance(value, dict):
        for v in value.values():
            found |= tagged_sources(v)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and set(item) == {"v", "from"} and _is_tag(item["from"]):
                found |= set(item["from"])
            elif isinstance(item, list) and len(item) == 3 and isinstance(item[1], int) and _is_tag(item[2]):
                found |= set(item[2])
            else:
                found |= tagged_sources(item)
    return found


def parse_rules(raw: dict[str, Any], path: Path, exclude: frozenset[str] = frozenset()) -> Rules:
    raw = untag(raw, exclude)
    unknown = set(raw) - TOP_KEYS
    if unknown:
        raise _fail(path, f"unknown section [{min(unknown)}]")
    if raw.get("version") != 1:
        raise _fail(path, "version must be 1")
    labels_sec = _section(path, raw, "labels")
    missing = [f for f in LABEL_FIELDS if f not in labels_sec]
    if missing:
        raise _fail(path, f"[labels] lacks {missing[0]}")
    extra = set(labels_sec) - set(LABEL_FIELDS)
    if extra:
        raise _fail(path, f"[labels] has unknown field {min(extra)}")
    labels = {k: _strings(path, f"labels.{k}", v) for k, v in labels_sec.items()}

    cats = _section(path, raw, "categories")
    order = _strings(path, "categories.order", cats.get("order"))
    if sorted(order) != sorted(CATEGORIES):
        raise _fail(path, f"categories.order must list exactly: {', '.join(CATEGORIES)}")
    cat_phr = cats.get("phrases") or {}
    bad = set(cat_phr) - set(CATEGORIES)
    if bad:
        raise _fail(path, f"categories.phrases: unknown category {min(bad)}")
    plans = _section(path, raw, "plan_types")
    plan_phr = plans.get("phrases") or {}
    bad = set(plan_phr) - set(PLAN_TYPES)
    if bad:
        raise _fail(path, f"plan_types.phrases: unknown plan type {min(bad)}")
    if not isinstance(plans.get("min_score"), int):
        raise _fail(path, "plan_types.min_score must be a whole number")
    appeal = _section(path, raw, "appeal_to")
    payer = _section(path, raw, "payer")
    unit = _strings(path, "appeal_to.unit_words", appeal.get("unit_words"))
    service = raw.get("service", {})
    if not isinstance(service, dict) or set(service) - {"introducers"}:
        raise _fail(path, "[service] may only hold introducers")
    service_intro = (
        _strings(path, "service.introducers", service["introducers"]) if "introducers" in service else ()
    )
    crit = raw.get("criteria", {})
    if not isinstance(crit, dict) or set(crit) - {"cites"}:
        raise _fail(path, "[criteria] may only hold cites")
    cites = tuple(
        _regex(path, "criteria.cites", p) for p in _strings(path, "criteria.cites", crit.get("cites", []))
    )
    if any("c" not in p.groupindex for p in cites):
        raise _fail(path, "criteria.cites: every pattern needs a group (?P<c>...) for the policy")
    return Rules(
        path=path,
        placeholders=tuple(
            _regex(path, f"placeholders.patterns[{i}]", p)
            for i, p in enumerate(
                _strings(path, "placeholders.patterns", _section(path, raw, "placeholders").get("patterns"))
            )
        ),
        labels=labels,
        appeal_introducers=tuple(
            _regex(path, "appeal_to.introducers", p)
            for p in _strings(path, "appeal_to.introducers", appeal.get("introducers"))
        ),
        unit_words=_regex(path, "appeal_to.unit_words", r"\b(" + "|".join(unit) + r")\b"),
        fax_phrases=tuple(
            _regex(path, "appeal_to.fax_phrases", p)
            for p in _strings(path, "appeal_to.fax_phrases", appeal.get("fax_phrases"))
        ),
        portal_phrases=tuple(
            _regex(path, "appeal_to.portal_phrases", p)
            for p in _strings(path, "appeal_to.portal_phrases", appeal.get("portal_phrases"))
        ),
        category_order=order,
        category_phrases={c: _weighted(path, f"categories.phrases.{c}", v) for c, v in cat_phr.items()},
        plan_min_score=plans["min_score"],
        plan_phrases={p: _weighted(path, f"plan_types.phrases.{p}", v) for p, v in plan_phr.items()},
        org_words=frozenset(w.lower() for w in _strings(path, "payer.org_words", payer.get("org_words"))),
        not_names=tuple(w.lower() for w in _strings(path, "payer.not_names", payer.get("not_names"))),
        fax_header=tuple(
            _regex(path, "fax_header.patterns", p)
            for p in _strings(path, "fax_header.patterns", _section(path, raw, "fax_header").get("patterns"))
        ),
        service_introducers=tuple(_regex(path, "service.introducers", p) for p in service_intro),
        criteria_cites=cites,
        id_words={
            k: _regex(path, f"id_words.{k}", r"\b(" + "|".join(_strings(path, f"id_words.{k}", v)) + r")\b")
            for k, v in raw.get("id_words", {}).items()
        },
        reason_headings=tuple(
            _regex(path, "reason.headings", p)
            for p in _strings(path, "reason.headings", raw.get("reason", {}).get("headings", ["^$"]))
        ),
        reason_sentences=tuple(
            _regex(path, "reason.sentences", p)
            for p in _strings(path, "reason.sentences", raw.get("reason", {}).get("sentences", ["^$"]))
        ),
        member_org_words=frozenset(
            w.lower() for w in _strings(path, "member.org_words", raw.get("member", {}).get("org_words", []))
        )
        if raw.get("member", {}).get("org_words")
        else frozenset(),
    )


def _load_raw(path: Path) -> dict[str, Any]:
    return read_rules_toml(path)


def load_rules_file(path: str | Path, exclude: frozenset[str] = frozenset()) -> Rules:
    path = Path(path)
    return parse_rules(_load_raw(path), path, exclude)


def _default_path() -> Path:
    return Path(str(resources.files("packet") / "rules" / "extraction.toml"))


@functools.lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The rules shipped in the package (loaded once per process)."""
    return load_rules_file(_default_path())


def rules_without_source(source_id: str) -> Rules:
    """The shipped rules less what was learned from one development source's letters: for scoring that
    source leave-one-source-out (bench/bench_generalization.py)."""
    return load_rules_file(_default_path(), frozenset({source_id}))


def rule_sources() -> set[str]:
    """The development sources the shipped rules name as where an entry was learned."""
    return tagged_sources(_load_raw(_default_path()))
