"""The package as users get it: a wheel built from the sources, installed into a fresh virtual environment,
runs 'packet extract' and 'packet draft' on a sample letter from a folder outside the checkout.

The wheel is built by pip in its usual isolated build environment (setuptools from the package index, as
any user's pip does). The fresh environment holds only the wheel; the dependencies come from the test's
own environment through a .pth line (its editable install of this checkout is not active there: .pth files
inside a path added that way are not read), so nothing of the checkout can stand in for the wheel.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT, SAMPLES

pytestmark = pytest.mark.slow

SAMPLE = SAMPLES / "denials" / "01-mri-commercial.pdf"


def run(*args: str | Path, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bin/ of a fresh virtual environment with the wheel installed."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    shutil.copytree(ROOT / "packet", src / "packet", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "dist", src, cwd=tmp)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp / "dist").glob("appeal_packet-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
    assert not [n for n in names if n.startswith(("samples/", "tests/", "bench/"))]
    assert "packet/schema/denial-1.schema.json" in names

    venv = tmp / "venv"
    made = run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp)
    Path(purelib.stdout.strip(), "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    put = run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel, cwd=tmp)
    assert put.returncode == 0, put.stderr[-2000:]
    where = run(python, "-c", "import packet; print(packet.__file__)", cwd=tmp)
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr
    return venv / "bin"


def test_the_installed_wheel_extracts_a_letter(installed: Path, tmp_path: Path) -> None:
    pdf = Path(shutil.copy(SAMPLE, tmp_path / SAMPLE.name))
    r = run(installed / "packet", "extract", pdf, "--json", "--today", "2026-01-20", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    truth = json.loads(SAMPLE.with_suffix(".json").read_text(encoding="utf-8"))
    assert got["schema"] == "appeal-packet/denial@1"
    assert got["reference"] == truth["reference"] and got["member"]["id"] == truth["member"]["id"]


def test_the_installed_wheel_drafts_a_letter(installed: Path, tmp_path: Path) -> None:
    pdf = Path(shutil.copy(SAMPLE, tmp_path / SAMPLE.name))
    r = run(installed / "packet", "draft", pdf, "-o", "letter.docx", "--today", "2026-01-20", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "letter.docx"
    with zipfile.ZipFile(tmp_path / "letter.docx") as z:
        text = z.read("word/document.xml").decode("utf-8")
    truth = json.loads(SAMPLE.with_suffix(".json").read_text(encoding="utf-8"))
    assert truth["reference"] in text
