"""External programs: where they are, their versions, and how to install them.

Later stages call ``require(name)``, which raises ``MissingToolError`` naming the install command.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

from packet.exceptions import MissingToolError


@dataclass(frozen=True)
class Tool:
    name: str
    commands: tuple[str, ...]  # executables to look for, in order
    version_args: tuple[str, ...]
    debian_package: str
    needed_for: str


TOOLS: dict[str, Tool] = {
    t.name: t
    for t in (
        Tool(
            "libreoffice",
            ("soffice", "libreoffice"),
            ("--version",),
            "libreoffice-writer-nogui",
            "to convert letters and DOCX records to PDF",
        ),
        Tool(
            "tesseract",
            ("tesseract",),
            ("--version",),
            "tesseract-ocr tesseract-ocr-eng",
            "to read scanned and faxed letters (OCR)",
        ),
        Tool("qpdf", ("qpdf",), ("--version",), "qpdf", "to check built packets (tests and benchmarks)"),
        Tool("pdftotext", ("pdftotext",), ("-v",), "poppler-utils", "for benchmarks and tests (poppler)"),
    )
}


@dataclass(frozen=True)
class Found:
    tool: Tool
    path: str | None
    version: str | None

    @property
    def install(self) -> str:
        return f"apt-get install {self.tool.debian_package}"


def find(name: str) -> Found:
    tool = TOOLS[name]
    for cmd in tool.commands:
        path = shutil.which(cmd)
        if path:
            return Found(tool, path, _version(path, tool.version_args))
    return Found(tool, None, None)


def _version(path: str, args: tuple[str, ...]) -> str | None:
    try:
        r = subprocess.run(
            [path, *args], capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in (r.stdout + "\n" + r.stderr).splitlines():
        if line.strip():
            return line.strip()
    return None


def require(name: str) -> str:
    """The path of a tool's executable, or ``MissingToolError`` naming the install command."""
    tool = TOOLS[name]
    for cmd in tool.commands:
        path = shutil.which(cmd)
        if path:
            return path
    raise MissingToolError(name, f"apt-get install {tool.debian_package}", tool.needed_for)


def doctor() -> list[Found]:
    return [find(name) for name in TOOLS]
