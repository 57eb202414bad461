"""The records of an inbox pass: ``Job`` (one file to process), ``Known`` (a case already made),
``Context`` (what a worker needs), ``FileResult`` (what became of one file) and ``RunSummary`` (the pass)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from packet.settings import Settings


class StopFlag(Protocol):
    def is_set(self) -> bool: ...


@dataclass
class FileResult:
    """What became of one inbox file."""

    file: str  # its name in the inbox (printable)
    status: str  # "created" | "duplicate" | "failed" | "recovered"
    case_id: str | None = None
    folder: Path | None = None
    sha256: str | None = None
    error: str | None = None
    exit_code: int | None = None
    moved_to: Path | None = None  # inbox/failed/... or inbox/duplicates/...
    note: str | None = None  # for a duplicate: which case (or file in this run) it repeats
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "status": self.status, "case": self.case_id}
        out["folder"] = str(self.folder) if self.folder else None
        if self.error:
            out["error"] = self.error
            out["exit_code"] = self.exit_code
        if self.moved_to:
            out["moved_to"] = str(self.moved_to)
        if self.note:
            out["note"] = self.note
        out["warnings"] = self.warnings
        return out


@dataclass
class RunSummary:
    workspace: Path
    results: list[FileResult] = field(default_factory=list)
    left: int = 0  # files not processed because the run was asked to stop
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        out = {"created": 0, "duplicate": 0, "failed": 0, "recovered": 0}
        for r in self.results:
            out[r.status] += 1
        return out

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def line(self) -> str:
        c = self.counts()
        bits = [
            f"{_n(len(self.results), 'file')}: {_n(c['created'], 'new case')}",
            _n(c["duplicate"], "duplicate"),
            f"{c['failed']} failed",
        ]
        if c["recovered"]:
            bits.append(f"{c['recovered']} finished from an interrupted run")
        if self.left:
            bits.append(f"{self.left} left in the inbox (stopped)")
        return ", ".join(bits) + f" ({self.seconds:.1f} s)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "workspace": str(self.workspace),
            **self.counts(),
            "left": self.left,
            "seconds": round(self.seconds, 3),
            "files": [r.to_dict() for r in self.results],
        }


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@dataclass
class Job:
    """One inbox file to turn into a case (picklable: it crosses to a worker process)."""

    path: Path
    sha256: str
    origin: dict[str, Any]


@dataclass
class Known:
    case_id: str
    folder: Path
    origin: dict[str, Any] | None


@dataclass
class Context:
    """What a worker needs to process files (picklable)."""

    workspace: Path
    settings: Settings
    today: date | None = None
    draft: bool = True
