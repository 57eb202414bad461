"""``packet build --all WORKSPACE``: rebuild every case whose inputs changed since its last build.

"Changed" means the fingerprint of the letter, the denial, the records (and exhibits.toml), the corrected
fields, the sender and the build options differs from the one case.json recorded at the last build, or the
packet is gone. Every letter and DOCX record that needs converting goes to LibreOffice in one call.
Each case's options (--expedited, --bates, --max-mb, --separators) are those of its last build unless
the command line gives new ones.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packet.build.pipeline import BuildOptions, BuildResult, build_packet, choose_letter, fingerprint
from packet.case import load_case
from packet.exceptions import MissingInputError, NotAWorkspaceError, PacketError
from packet.exhibits import list_exhibits
from packet.fsutil import private_temp, sweep_parts
from packet.settings import SETTINGS_FILE, load_settings
from packet.workspace import CASES_DIR
from packet.workspace import case_folders as workspace_case_folders

log = logging.getLogger("packet.build")


@dataclass
class BatchItem:
    case_id: str
    folder: Path
    result: BuildResult | None = None
    error: PacketError | None = None
    note: str | None = None  # why nothing was built ("unchanged", "no letter yet")


def _options(stored: dict[str, Any], override: dict[str, Any]) -> BuildOptions:
    merged = {k: stored.get(k) for k in ("expedited", "bates", "max_mb", "separators", "ocr_records")}
    merged.update({k: v for k, v in override.items() if v is not None})
    return BuildOptions(
        expedited=bool(merged["expedited"]),
        bates=merged["bates"],
        max_mb=merged["max_mb"],
        separators=bool(merged["separators"]),
        ocr_records=bool(merged["ocr_records"]),
    )


def case_folders(workspace: Path) -> list[Path]:
    if not (workspace / SETTINGS_FILE).is_file() and not (workspace / CASES_DIR).is_dir():
        raise NotAWorkspaceError(workspace)
    return workspace_case_folders(workspace)


def build_all(
    workspace: Path, override: dict[str, Any] | None = None, *, force: bool = False
) -> list[BatchItem]:
    """Build the workspace's changed cases; one item per case (built, unchanged, skipped or failed).
    Temporary files stay inside the workspace (``fsutil.private_temp``)."""
    workspace = Path(workspace)
    with private_temp(workspace if (workspace / SETTINGS_FILE).is_file() else None):
        return _build_all(workspace, override, force)


def _build_all(workspace: Path, override: dict[str, Any] | None, force: bool) -> list[BatchItem]:
    settings = load_settings(workspace)
    items: list[BatchItem] = []
    todo: list[tuple[BatchItem, BuildOptions, list[Path]]] = []
    for folder in case_folders(workspace):
        item = BatchItem(folder.name, folder)
        items.append(item)
        sweep_parts(folder)  # what a killed build left in the case folder
        try:
            case = load_case(folder)
            item.case_id = case.id
            if case.state in ("submitted", "decided"):
                item.note = f"skipped: already {case.state}, the packet sent is kept (sent/)"
                continue
            last = case.extra.get("build") or {}
            opts = _options(last.get("options") or {}, override or {})
            letter = choose_letter(case)
            exhibits = list_exhibits(case.records_dir, case.denial_pdf)
            outputs = [folder / p for p in last.get("outputs") or []]
            unchanged = last.get("fingerprint") == fingerprint(case, letter, exhibits, settings, opts)
            if unchanged and outputs and all(p.is_file() for p in outputs) and not force:
                item.note = "unchanged since the last build"
                continue
            docx = [p for p in [letter, *(e.path for e in exhibits)] if p.suffix.lower() == ".docx"]
            todo.append((item, opts, docx))
        except MissingInputError as e:
            item.note = f"skipped: {e}"
        except PacketError as e:
            item.error = e
    if not todo:
        return items
    from packet.convert import docx_to_pdf_many

    with tempfile.TemporaryDirectory(prefix="packet-build-all-") as tmp:
        failures: dict[Path, PacketError] = {}
        everything = [p for _, _, docx in todo for p in docx]
        converted = docx_to_pdf_many(everything, Path(tmp), failures=failures) if everything else {}
        for item, opts, docx in todo:
            failed = [failures[p] for p in docx if p in failures]
            if failed:
                item.error = failed[0]
                continue
            try:
                item.result = build_packet(item.folder, opts, workspace=workspace, converted=converted)
            except PacketError as e:
                item.error = e
    return items
