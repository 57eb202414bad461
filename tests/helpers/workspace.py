"""Helpers for the workspace tests: small invented denial letters and a fresh workspace."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from packet.workspace import init_workspace
from samples.pdfmaker import text_pdf

TODAY = date(2026, 1, 20)


def denial(
    path: Path,
    reference: str | None = "GSH-2026-0001",
    member_id: str = "GSH884120",
    notice: str = "January 12, 2026",
) -> Path:
    """A one-page denial letter; different arguments give different bytes (and SHA-256)."""
    lines = ["Granite State Health Benefits", f"Date: {notice}"]
    if reference:
        lines.append(f"Reference Number: {reference}")
    lines += [
        f"Member ID: {member_id}",
        "Description of Service: MRI lumbar spine without contrast (CPT 72148)",
        "We denied this request because:",
        "An MRI of the lumbar spine is not medically necessary before six weeks of conservative care.",
        "You must file your appeal within 180 days after you receive this notice.",
    ]
    return text_pdf(path, [lines])


def workspace(tmp_path: Path, n: int = 0, prefix: str = "REF") -> Path:
    """A new workspace with ``n`` different denials in its inbox (d00.pdf, d01.pdf, ...)."""
    ws = init_workspace(tmp_path / "ws")
    for i in range(n):
        denial(ws / "inbox" / f"d{i:02d}.pdf", f"{prefix}-{i:04d}", member_id=f"W{i:06d}")
    return ws
