"""The development corpus: denial letters no one on the project wrote, each with hand-checked truth.

    from samples.corpus import load_corpus
    for letter in load_corpus("dev"):        # "dev", "heldout" or "all"
        print(letter.id, letter.source, letter.truth["appeal_due"])

Letters live in ``letters/`` (dev) and ``heldout/`` (never read while writing rules); ``sources.toml`` names
every letter's source and group. See README.md for the truth keys.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GROUPS = ("dev", "heldout")
FOLDER = {"dev": HERE / "letters", "heldout": HERE / "heldout"}
HEADER_END = "# ---"


@dataclass(frozen=True)
class Letter:
    id: str
    source: str
    group: str
    path: Path  # the .txt

    @property
    def truth(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.path.with_name(f"{self.id}.truth.json").read_text())
        return data

    def text_lines(self) -> list[str]:
        """The letter as laid out, without its header."""
        return letter_lines(self.path)


def letter_lines(path: Path) -> list[str]:
    """The lines of a letter file after its ``# ---`` header line (all lines when there is no header)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if HEADER_END in lines:
        lines = lines[lines.index(HEADER_END) + 1 :]
    return lines


def header(path: Path) -> dict[str, str]:
    """The ``# key: value`` lines above ``# ---``."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line == HEADER_END:
            break
        if line.startswith("# ") and ":" in line:
            key, value = line[2:].split(":", 1)
            out[key.strip()] = value.strip()
    return out


def load_sources() -> list[dict[str, Any]]:
    with (HERE / "sources.toml").open("rb") as f:
        sources: list[dict[str, Any]] = tomllib.load(f)["source"]
    return sources


def load_corpus(group: str = "all", ids: list[str] | None = None) -> list[Letter]:
    """The letters of a group ("dev", "heldout" or "all"), in id order, optionally only ``ids``."""
    if group not in (*GROUPS, "all"):
        raise ValueError(f"group must be dev, heldout or all, not {group!r}")
    out = []
    for src in load_sources():
        if group not in ("all", src["group"]):
            continue
        for lid in src["letters"]:
            if ids and lid not in ids:
                continue
            out.append(Letter(lid, src["id"], src["group"], FOLDER[src["group"]] / f"{lid}.txt"))
    return sorted(out, key=lambda x: x.id)
