"""The pipeline, named once: a denial letter is read, its fields and deadlines extracted, its appeal drafted.

    done = process_denial(Path("denial.pdf"), Workspace.find_or_none())
    done.denial          # the Denial (the extraction contract)
    done.letter          # the appeal letter, rendered (DOCX bytes, template, blanks, warnings)

``packet run`` and ``packet watch`` (through ``packet.ingest``), ``packet refresh`` and ``packet draft`` all
call ``process_denial``. Given ``file_case``, the Denial is first filed into a case folder and the letter is
drafted there (letter.docx, recorded in case.json and history.jsonl) instead of rendered on its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packet.model import Denial
from packet.settings import Settings
from packet.workspace import Workspace

if TYPE_CHECKING:
    from packet.case import Case
    from packet.draft import DraftResult, Rendered


@dataclass
class Processed:
    denial: Denial
    case: Case | None = None  # the case folder it was filed into (``file_case``)
    drafted: DraftResult | None = None  # the letter drafted into that case
    letter: Rendered | None = None  # the letter drafted on its own (no case)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage


def process_denial(
    pdf: Path,
    workspace: Workspace | None,
    *,
    today: date | None = None,
    draft: bool = True,
    file_case: Callable[[Denial], Case] | None = None,
    **draft_options: Any,
) -> Processed:
    """Read ``pdf``, extract its fields and deadlines (the workspace's default plan type where the letter
    shows none), then draft the appeal: into the case ``file_case`` makes of the Denial, or on its own.
    ``draft_options`` go to the draft stage (template, voice, expedited, records_dir)."""
    from packet.draft import draft_case, render_draft
    from packet.extract import extract_fields
    from packet.read import read_text

    settings = workspace.settings if workspace is not None else Settings()
    root = workspace.root if workspace is not None else None
    clock = _Clock()
    doc = read_text(pdf)  # read: the text layer, OCR for a page without one
    clock.lap("read")
    denial = extract_fields(doc, today=today, default_plan_type=settings.defaults.plan_type)  # + deadlines
    done = Processed(denial, timings=clock.lap("extract"))
    if file_case is not None:
        done.case = file_case(denial)
        clock.lap("case")
    if draft and done.case is not None:
        done.drafted = draft_case(done.case, settings, workspace=root, today=today, **draft_options)
    elif draft:
        done.letter = render_draft(denial, settings, workspace=root, today=today, **draft_options)
    clock.lap("draft")
    return done


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.t = time.perf_counter()

    def lap(self, stage: str) -> dict[str, float]:
        now = time.perf_counter()
        self.timings[stage] = now - self.t
        self.t = now
        return self.timings
