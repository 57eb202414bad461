"""Read deadline sentences: windows ("sixty (60) calendar days"), explicit dates ("by July 4, 2026"),
placeholders ("by [DATE+60]"), what a window is counted from, and which step it belongs to.

Pure text in, ``Mention`` records out; no date arithmetic here (see ``compute``). Never raises on any text.
The words come from ``packet/rules/deadlines.toml`` (``Vocabulary``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from packet.dates import date_at
from packet.deadlines.rules import Vocabulary
from packet.deadlines.text import letter_sentences, sentences

__all__ = ["Mention", "Parsed", "parse_pages", "sentences", "words_to_number"]

_EXPEDITED_WORDS = re.compile(r"\b(fast|expedited|urgent|rush)\b", re.IGNORECASE)
_CONNECTOR = re.compile(
    r"\s*(?:\([^)]{0,40}\)\s*)?(?:after|of|from|following|since|beginning(?: on| with)?|starting(?: on| "
    r"from)?)\b",
    re.IGNORECASE,
)
# How many sentences a step named in a heading or sentence stays the context for the ones after it.
_CONTEXT_SENTENCES = 3
# Words that name no particular step ("appeal"): a step named in the same clause wins over them.
GENERIC_WORDS = ("appeal", "appeals", "request for review", "review of our decision")
# Words before a final-decision phrase that make it a decision still to come ("If we deny your appeal, you
# will receive a final adverse determination"; "within 4 months of the date you receive notice of a final
# internal adverse benefit determination").
_LATER = re.compile(r"\b(if|when|after|once|should|unless|receiv\w*|get|gets|getting)\b", re.IGNORECASE)
_NOT_CONTEXT = ("continued_benefits", "peer_to_peer")
_DECISION_NOUN = re.compile(r"\s+(decision|determination|resolution|letter)s?\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+", re.IGNORECASE)
# Anchors that tie a window to this letter: with a filing verb they make it the appeal's window.
_THIS_NOTICE = ("notice", "receipt", "decision")
_CLAUSE_END = re.compile(r"[;.!?]|\s[-\u2013\u2014]\s")


@dataclass
class Mention:
    """One deadline the letter states (or names), before any date arithmetic."""

    kind: str  # "window" | "date" | "placeholder"
    level: str
    page: int  # 1-based
    sentence: str
    phrase: str  # the words matched: "sixty (60) days", "July 4, 2026", "[DATE+60]"
    n: int | None = None
    unit: str | None = None
    unit_text: str | None = None  # the unit as printed: "calendar days", "months"
    anchor: str | None = None  # decision | statement | service | receipt | notice | None (not stated)
    on: date | None = None
    day_before: bool = False  # "before July 4" = July 3
    step_words: str | None = None  # the words that named the step ("external appeal"); None: none did
    named: tuple[str, ...] = ()  # every step the sentence names
    notes: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    mentions: list[Mention] = field(default_factory=list)
    expedited_hours: int | None = None
    expedited_page: int = 1
    expedited_sentence: str | None = None
    final: bool = False
    final_sentence: str | None = None
    receipt_days: int = 0  # days after the notice date the letter says receipt is presumed
    no_appeal: str | None = None  # the sentence saying the letter grants no appeal
    state_review: bool = False  # the letter sends external review to a state agency (a state's process)
    notes: list[str] = field(default_factory=list)


def _phrase_regex(phrases: list[str]) -> re.Pattern[str]:
    alts = sorted({p for p in phrases}, key=len, reverse=True)
    body = "|".join(r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", p)) for p in alts)
    return re.compile(rf"(?<![\w-])(?:{body})s?(?![\w])", re.IGNORECASE)


@dataclass
class _Compiled:
    window: re.Pattern[str]
    levels: re.Pattern[str]
    cue: re.Pattern[str]
    anchors: list[tuple[str, re.Pattern[str]]]


_CACHE: dict[int, tuple[Vocabulary, _Compiled]] = {}


def _compile(vocab: Vocabulary) -> _Compiled:
    hit = _CACHE.get(id(vocab))
    if hit is not None and hit[0] is vocab:
        return hit[1]
    comp = _build(vocab)
    _CACHE[id(vocab)] = (vocab, comp)
    return comp


def _build(vocab: Vocabulary) -> _Compiled:
    words = "|".join(sorted(vocab.numbers, key=len, reverse=True))
    num = rf"(?:\d{{1,4}}(?:st|nd|rd|th)?|(?:{words})(?:[\s-]+(?:and[\s-]+)?(?:{words}))*)"
    units = "|".join(
        r"[\s-]+".join(re.escape(w) for w in p.split()) for p in sorted(vocab.units, key=len, reverse=True)
    )
    window = re.compile(
        rf"(?<![\w/$.,-])(?P<num>{num})\s*(?:\(\s*(?P<num2>\d{{1,4}})\s*\)\s*)?[\s-]*(?P<unit>{units})(?![\w])",
        re.IGNORECASE,
    )
    cues = "|".join(re.escape(c) for c in sorted(vocab.date_cues, key=len, reverse=True))
    cue = re.compile(
        rf"(?<![\w])(?P<cue>{cues})\s*(?:the\s+)?(?:end\s+of\s+(?:the\s+)?day\s+(?:on\s+)?)?", re.IGNORECASE
    )
    anchors = [(kind, _phrase_regex(phrases)) for kind, phrases in vocab.anchors]
    return _Compiled(window, _phrase_regex(list(vocab.levels)), cue, anchors)


def words_to_number(text: str, numbers: dict[str, int]) -> int | None:
    """ "sixty" -> 60, "one hundred eighty" -> 180, "twenty-one" -> 21, "90" -> 90."""
    text = re.sub(r"(?<=\d)(st|nd|rd|th)$", "", text.strip().lower())
    if text.isdigit():
        return int(text)
    total = 0
    for tok in re.split(r"[\s-]+", text):
        if tok == "and" or not tok:
            continue
        if tok not in numbers:
            return None
        if numbers[tok] == 100:
            total = max(total, 1) * 100
        else:
            total += numbers[tok]
    return total or None


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause (between ';' or sentence ends) around ``sentence[start:end]``."""
    left = 0
    for m in _CLAUSE_END.finditer(sentence, 0, start):
        left = m.end()
    m2 = _CLAUSE_END.search(sentence, end)
    return left, (m2.start() if m2 else len(sentence))


_Levels = list[tuple[re.Match[str], str]]


def _levels_in(sentence: str, vocab: Vocabulary, comp: _Compiled) -> _Levels:
    """Every step phrase in the sentence, with its step; not one that names a decision ("this internal
    appeal decision", "Notice of Plan Appeal Resolution"), which is what a window counts from."""
    found = [(m, vocab.levels.get(_norm(m.group(0)), "") or vocab.levels.get(_norm(m.group(0))[:-1], ""))
             for m in comp.levels.finditer(sentence)]  # fmt: skip
    return [(m, lvl) for m, lvl in found if lvl and not _DECISION_NOUN.match(sentence, m.end())]


def _level_for(
    found: _Levels, start: int, end: int, clause: tuple[int, int] | None = None
) -> tuple[str, str] | None:
    """The step the words nearest ``[start:end]`` name, and those words; continued benefits and
    peer-to-peer win whenever they are named. Within the clause, a step named by its own name ("a State
    Fair Hearing") wins over the bare word "appeal" ("Your appeal rights: you have 60 days to request a
    State Fair Hearing")."""
    if not found:
        return None
    for special in ("continued_benefits", "peer_to_peer"):
        for m, lvl in found:
            if lvl == special:
                return lvl, _norm(m.group(0))
    if clause is not None:
        inside = [(m, lvl) for m, lvl in found if clause[0] <= m.start() and m.end() <= clause[1]]
        named = [(m, lvl) for m, lvl in inside if _norm(m.group(0)) not in GENERIC_WORDS]
        found = named or inside or found

    def dist(m: re.Match[str]) -> int:
        return start - m.end() if m.end() <= start else max(0, m.start() - end)

    m, lvl = min(found, key=lambda ml: dist(ml[0]))
    return lvl, _norm(m.group(0))


def _norm(phrase: str) -> str:
    p = re.sub(r"[\s-]+", " ", phrase.lower()).strip()
    return p


def _anchor_after(sentence: str, end: int, comp: _Compiled) -> str | None:
    """What the window ending at ``end`` is counted from, when words right after it say so."""
    m = _CONNECTOR.match(sentence, end)
    if not m:
        return None
    stop = _CLAUSE_END.search(sentence, m.end())
    tail = sentence[m.end() : min(stop.start() if stop else len(sentence), m.end() + 70)]
    for kind, rx in comp.anchors:
        if rx.search(tail):
            return kind
    return "notice_implied"


def _any(patterns: list[re.Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def _grant(
    sentence: str,
    m: re.Match[str],
    vocab: Vocabulary,
    comp: _Compiled,
    levels: _Levels,
    context: tuple[str, str] | None,
) -> tuple[tuple[str, str | None], str | None] | None:
    """The step a window grants and what it counts from, or None when the window grants no appeal right."""
    cs, ce = _clause(sentence, m.start(), m.end())
    before = sentence[cs : m.start()]
    around = sentence[cs : min(ce, m.end() + 60)]
    if _any(vocab.decision_time_before, before) or _any(vocab.not_appeal, sentence[cs:ce]):
        return None  # how long the plan takes; a corrected claim, records or a payment, not an appeal
    anchor = _anchor_after(sentence, m.end(), comp)
    if vocab.future_step.search(sentence[: m.start()]):
        anchor = "decision"  # "If we uphold our denial, ... within 90 days": after that decision
    stated = anchor not in (None, "notice_implied")
    if not stated and not vocab.window_cue.search(before):
        return None  # a quantity ("inpatient stay, 14 days"), not a window: no "within", no starting day
    filing = _any(vocab.filing, sentence[cs:ce])
    if not stated and (_any(vocab.decision_time_around, around) or not filing):
        return None
    # the step named just before counts for a window that states no other starting day ("within 14 days
    # of your request" does)
    step = _level_for(levels, m.start(), m.end(), (cs, ce)) or (
        context if filing and anchor not in ("notice_implied", "service") else None
    )
    if step is None and not (anchor in _THIS_NOTICE and vocab.appeal_verbs.search(sentence[cs:ce])):
        return None  # no appeal named here or just before: "effective 10 days from the date of this notice"
    # "You must file within 180 days of receiving this notice": the appeal, though it is not named
    return (step or ("internal_appeal", None)), (None if anchor == "notice_implied" else anchor)


def _windows(
    sentence: str,
    page: int,
    vocab: Vocabulary,
    comp: _Compiled,
    parsed: Parsed,
    levels: _Levels,
    previous: str = "",
    context: tuple[str, str] | None = None,
) -> None:
    """Windows that grant an appeal right: a step named in the sentence (or the heading or sentence just
    before), a window ("within 60 days", "you have four months") and what it counts from."""
    for m in comp.window.finditer(sentence):
        unit = vocab.units.get(_norm(m.group("unit")))
        n = words_to_number(m.group("num"), vocab.numbers)
        n2 = int(m.group("num2")) if m.group("num2") else None
        if unit is None or (n is None and n2 is None):
            continue
        if vocab.restatement.search(sentence[max(0, m.start() - 20) : m.start()]):
            continue  # "(about 6 months)" restating the window before it
        notes = []
        if n is not None and n2 is not None and n != n2:
            notes.append(f"the letter writes the window two ways ('{m.group(0)}'); the shorter is used")
        value = min(x for x in (n, n2) if x is not None)
        if value <= 0:
            continue
        if unit == "years":
            unit, value = "months", value * 12
        if unit == "hours":
            # "Fast appeals: ... ask for an expedited appeal. We will decide within 72 hours."
            if parsed.expedited_hours is None and _EXPEDITED_WORDS.search(sentence + " " + previous):
                parsed.expedited_hours, parsed.expedited_page, parsed.expedited_sentence = (
                    value,
                    page,
                    sentence,
                )
            continue
        grant = _grant(sentence, m, vocab, comp, levels, context)
        if grant is None:
            continue
        (level, step_words), anchor = grant
        parsed.mentions.append(
            Mention(
                kind="window",
                level=level,
                step_words=step_words,
                page=page,
                sentence=sentence,
                phrase=m.group(0).strip(),
                n=value,
                unit=unit,
                unit_text=_norm(m.group("unit")),
                anchor=anchor,
                notes=notes,
                named=tuple(lvl for _, lvl in levels),
            )
        )


def _dates(
    sentence: str,
    page: int,
    vocab: Vocabulary,
    comp: _Compiled,
    parsed: Parsed,
    levels: _Levels,
    context: tuple[str, str] | None = None,
) -> None:
    """Printed dates and placeholders for a step: "ask for a Plan Appeal by May 4, 2026", or a date with
    deadline words ("must be received by") under an appeal heading or sentence."""
    starts = [(m.start(), m.end(), m.group("cue").lower()) for m in comp.cue.finditer(sentence)]
    starts += [(m.start(), m.end(), "label") for m in vocab.date_label.finditer(sentence)]
    seen: set[int] = set()
    for start, pos, cue in sorted(starts):
        pos += len(sentence[pos:]) - len(sentence[pos:].lstrip())
        weekday = _WEEKDAY.match(sentence, pos)  # "by Friday, May 29, 2026"
        pos = weekday.end() if weekday else pos
        if pos in seen:
            continue
        seen.add(pos)
        placeholder = vocab.placeholder.match(sentence, pos)
        got = None if placeholder else date_at(sentence, pos)
        if not placeholder and got is None:
            continue
        cs, ce = _clause(sentence, start, pos)
        if _any(vocab.decision_time_before, sentence[cs:start]) or _any(vocab.not_appeal, sentence[cs:ce]):
            continue
        step = _level_for(levels, start, pos)
        if step is None and (cue == "label" or vocab.deadline_words.search(sentence[cs:ce])):
            step = context
        if step is None:
            continue
        level, step_words = step
        if placeholder:
            close = re.match(r"[\[{<][^\]}>]{0,40}[\]}>]?", sentence[pos:].lstrip())
            parsed.mentions.append(
                Mention(kind="placeholder", level=level, page=page, sentence=sentence, step_words=step_words,
                        phrase=close.group(0) if close else sentence[pos : pos + 12])
            )  # fmt: skip
            continue
        assert got is not None
        on, end = got
        day_before = cue == "before"
        parsed.mentions.append(
            Mention(
                kind="date",
                level=level,
                step_words=step_words,
                page=page,
                sentence=sentence,
                phrase=sentence[pos:end],
                on=on - timedelta(days=1) if day_before else on,
                day_before=day_before,
            )
        )


def _final(sentence: str, vocab: Vocabulary) -> bool:
    for p in vocab.final_decision:
        for m in p.finditer(sentence):
            if not _LATER.search(sentence[: m.start()]):
                return True
    return False


def _presumed_receipt(sentence: str, vocab: Vocabulary) -> int | None:
    for p in vocab.receipt_presumption:
        m = p.search(sentence)
        if m:
            return words_to_number(m.group("n"), vocab.numbers)
    return None


def _no_appeal(sentence: str, vocab: Vocabulary) -> bool:
    return any(p.search(sentence) for p in vocab.no_appeal)


def parse_pages(pages: list[str], vocab: Vocabulary) -> Parsed:
    """Every deadline mention in the letter (page numbers 1-based). A step named in a heading or sentence
    stays the context for the next few sentences, so "How to appeal: ... File within 60 days of this
    notice." reads as the appeal's window."""
    comp = _compile(vocab)
    parsed = Parsed()
    previous, context, age, last_page = "", None, 0, 0
    for page_no, sentence in letter_sentences(list(pages or [])):
        if page_no != last_page:
            previous, last_page = "", page_no
        if not parsed.final and _final(sentence, vocab):
            parsed.final, parsed.final_sentence = True, sentence
        if parsed.no_appeal is None and _no_appeal(sentence, vocab):
            parsed.no_appeal = sentence
        parsed.state_review = parsed.state_review or bool(vocab.state_review.search(sentence))
        days = _presumed_receipt(sentence, vocab)
        if days is not None and parsed.receipt_days == 0:
            parsed.receipt_days = days
        levels = _levels_in(sentence, vocab, comp)
        _windows(sentence, page_no, vocab, comp, parsed, levels, previous, context)
        _dates(sentence, page_no, vocab, comp, parsed, levels, context)
        previous = sentence
        # continued benefits and peer-to-peer never carry over: "Your benefits will continue. You must file
        # within 60 days of this notice." is the appeal
        named = [(lvl, _norm(m.group(0))) for m, lvl in levels if lvl not in _NOT_CONTEXT]
        context, age = (named[-1], 0) if named else (context, age + 1)
        if age > _CONTEXT_SENTENCES:
            context = None
    return parsed
