"""Layers that only look down, checked on the source (ast; nothing is imported):

    0 model and I/O   model, exceptions, settings, fsutil, limits, case, workspace, ...
    1 stages          read, ocr, extract, deadlines, draft, build, ... and pipeline, which chains them
    2 workflows       ingest, watch, track, corrections, purge, followup, ...
    3 the interfaces  cli, desk

A module imports only from its own layer or below, and nothing outside packet/cli/ imports click.
A new module must be given a layer here. Known exceptions are listed with the reason; the list should
only shrink.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT

PACKAGE = ROOT / "packet"

LAYERS: dict[str, int] = {
    # 0: the data model and I/O
    "packet": 0,  # __init__: the version
    "packet.model": 0,
    "packet.exceptions": 0,
    "packet.settings": 0,
    "packet.fsutil": 0,
    "packet.limits": 0,
    "packet.tools": 0,
    "packet.dates": 0,
    "packet.guard": 0,
    "packet.docxsafe": 0,
    "packet.case": 0,
    "packet.workspace": 0,
    "packet.schema": 0,
    "packet.rules": 0,
    "packet.templates": 0,
    # 1: the stages, and the one function that chains them
    "packet.read": 1,
    "packet.ocr": 1,
    "packet.extract": 1,
    "packet.deadlines": 1,
    "packet.decision_times": 1,
    "packet.summary": 1,
    "packet.draft": 1,
    "packet.convert": 1,
    "packet.exhibits": 1,
    "packet.build": 1,
    "packet.check": 1,  # the pre-send check of a case's inputs, which build marks its packet by
    "packet.pipeline": 1,
    # 2: the workflows over cases
    "packet.ingest": 2,
    "packet.watch": 2,
    "packet.track": 2,
    "packet.corrections": 2,
    "packet.purge": 2,
    "packet.followup": 2,
    "packet.quick": 2,
    # 3: the interfaces
    "packet.cli": 3,
    "packet.desk": 3,
    "packet.__main__": 3,
}

# (importer, imported): imports that break a layer today, each with why it is still there.
KNOWN: dict[tuple[str, str], str] = {}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int | None:
    """The layer of the longest entry of LAYERS that ``module`` is or lies in."""
    best = None
    for name, layer in LAYERS.items():
        if (module == name or module.startswith(name + ".")) and (best is None or len(name) > len(best[0])):
            best = (name, layer)
    return best[1] if best else None


def imports(path: Path) -> list[tuple[str, int]]:
    """(module imported, line) for every import in the file, in functions too; ``from packet import x``
    counts as packet.x."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "packet":
                out += [(f"packet.{a.name}", node.lineno) for a in node.names]
            else:
                out.append((node.module, node.lineno))
    return out


MODULES = sorted(PACKAGE.rglob("*.py"))
IDS = [module_name(p) for p in MODULES]


@pytest.mark.parametrize("path", MODULES, ids=IDS)
def test_every_module_has_a_layer(path: Path) -> None:
    assert layer_of(module_name(path)) is not None, (
        f"give {module_name(path)} a layer in tests/test_layers.py"
    )


def upward_imports(me: str, path: Path) -> list[str]:
    """The imports of module ``me`` (file ``path``) from a layer above its own, known ones aside."""
    mine = layer_of(me)
    assert mine is not None
    upward = []
    for name, line in imports(path):
        theirs = layer_of(name) if name.startswith("packet") else None
        if theirs is not None and theirs > mine and not _known(me, name):
            upward.append(f"line {line}: {name} (layer {theirs}) from layer {mine}")
    return upward


@pytest.mark.parametrize("path", MODULES, ids=IDS)
def test_imports_only_look_down(path: Path) -> None:
    upward = upward_imports(module_name(path), path)
    assert not upward, f"{module_name(path)} imports upward: {upward}"


@pytest.mark.parametrize("path", [p for p in MODULES if layer_of(module_name(p)) != 3], ids=str)
def test_the_library_never_imports_click(path: Path) -> None:
    assert not [n for n, _ in imports(path) if n == "click" or n.startswith("click.")], module_name(path)


def test_known_exceptions_are_still_needed() -> None:
    for (importer, imported), why in KNOWN.items():
        path = next(p for p in MODULES if module_name(p) == importer)
        assert any(n == imported or n.startswith(imported + ".") for n, _ in imports(path)), (
            f"{importer} no longer imports {imported} ({why}): remove it from KNOWN"
        )


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    """The check itself can fail: a stage importing a workflow is caught."""
    assert layer_of("packet.extract.fields") == 1 and layer_of("packet.track") == 2
    fake = tmp_path / "m.py"
    fake.write_text("from packet import model\n\n\ndef f():\n    from packet.track import status_rows\n")
    assert upward_imports("packet.extract.fields", fake) == ["line 5: packet.track (layer 2) from layer 1"]
    assert upward_imports("packet.ingest.run", fake) == []


def _known(importer: str, imported: str) -> bool:
    return any(
        (importer == a or importer.startswith(a + ".")) and (imported == b or imported.startswith(b + "."))
        for a, b in KNOWN
    )
