"""Every hostile file of ``samples.hostile`` is generated, and small on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from samples.hostile import HOSTILE


@pytest.mark.parametrize(("name", "filename", "make"), [h[:3] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_every_hostile_file_is_generated_small(
    tmp_path: Path, name: str, filename: str, make: Callable[[Path], Path]
) -> None:
    path = make(tmp_path / filename)
    assert path.exists(), name
    assert path.stat().st_size < 2_000_000, (name, path.stat().st_size)
