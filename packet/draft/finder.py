"""Which template a letter uses: the workspace's ``templates/`` first, then the built-in ones.

A template NAME (``appeal``, ``peer-to-peer``) is looked up as ``NAME-VOICE.docx`` then ``NAME.docx``,
first in ``WORKSPACE/templates/``, then in the package (``packet/templates/``), so a workspace file of
the same name overrides a built-in one. A path to a ``.docx`` file is used as it is. A name written for
one voice only (``peer-to-peer``) is used for the other voice too, with a warning.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from packet.exceptions import BadTemplateError, DamagedDocxError, FileNotFoundInputError
from packet.workspace import TEMPLATES_DIR

DEFAULT_TEMPLATE = "appeal"
WORKSPACE_DIR = TEMPLATES_DIR  # the workspace's own templates (packet.workspace owns the layout)


@dataclass
class TemplateFile:
    name: str  # "appeal-provider"
    path: Path
    source: str  # "built-in", "workspace" or "file"
    title: str = ""
    voice: str = ""  # "provider", "patient" or "" (either)
    warning: str | None = None  # said when the template does not fit the request


def builtin_dir() -> Path:
    return Path(str(resources.files("packet").joinpath("templates")))


def _folders(workspace: Path | None) -> list[tuple[str, Path]]:
    out = []
    if workspace is not None:
        out.append(("workspace", Path(workspace) / WORKSPACE_DIR))
    out.append(("built-in", builtin_dir()))
    return out


def _describe(path: Path, source: str) -> TemplateFile:
    title, voice = "", ""
    try:
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        core = ""
    m = re.search(r"<dc:title>([^<]*)</dc:title>", core)
    title = m.group(1) if m else ""
    m = re.search(r"voice=(provider|patient)", core)
    stem = path.stem
    voice = m.group(1) if m else next((v for v in ("provider", "patient") if stem.endswith(f"-{v}")), "")
    return TemplateFile(stem, path, source, title, voice)


def resolve_template(template: str | Path | None, voice: str, workspace: Path | None) -> TemplateFile:
    """The template file for a NAME or a path; ``BadTemplateError`` listing the names when unknown."""
    if template is None:
        template = DEFAULT_TEMPLATE
    text = str(template)
    if isinstance(template, Path) or text.lower().endswith(".docx") or "/" in text:
        path = Path(text)
        if not path.is_file():
            raise FileNotFoundInputError(path)
        return _describe(path, "file")
    name = text.removesuffix(f"-{voice}")
    folders = _folders(workspace)
    for stem in (f"{name}-{voice}", name):
        for source, folder in folders:
            path = folder / f"{stem}.docx"
            if path.is_file():
                return _describe(path, source)
    for source, folder in folders:  # written for the other voice only
        for path in sorted(folder.glob(f"{name}-*.docx")) if folder.is_dir() else []:
            found = _describe(path, source)
            if found.voice and found.voice != voice:
                found.warning = f"template '{name}' is written in the {found.voice}'s voice; used as it is"
                return found
    names = sorted({base_name(t.name) for t in list_templates(workspace)})
    raise BadTemplateError(
        f"{name}.docx", "no such template", f"use one of {', '.join(names)}, or --template FILE.docx"
    )


def base_name(stem: str) -> str:
    """``appeal-provider`` -> ``appeal``."""
    return re.sub(r"-(provider|patient)$", "", stem)


def list_templates(workspace: Path | None = None) -> list[TemplateFile]:
    """Every template available, workspace ones first; a built-in overridden by the workspace is left out."""
    out: list[TemplateFile] = []
    seen: set[str] = set()
    for source, folder in _folders(workspace):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.docx")):
            if path.name.startswith(("~$", ".")) or path.stem in seen:
                continue
            seen.add(path.stem)
            out.append(_describe(path, source))
    return out


def read_template(t: TemplateFile) -> bytes:
    """The template's bytes, after the checks every Word file gets before a parser sees it (zip bombs,
    XML entity declarations, macros: ``packet.convert.check_docx``)."""
    from packet.convert import check_docx

    check_docx(t.path)
    try:
        data = t.path.read_bytes()
    except OSError as e:
        raise DamagedDocxError(t.path, f"cannot be read ({e.strerror})") from e
    if not data.startswith(b"PK\x03\x04"):
        raise DamagedDocxError(t.path, "not a Word document (.docx)")
    return data
