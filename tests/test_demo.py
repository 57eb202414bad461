"""./dev demo: init, drop the samples, run, add records, (build), and print where everything is."""

from __future__ import annotations

from pathlib import Path

import pytest

from samples import demo

pytestmark = pytest.mark.skipif(not list((demo.SAMPLES / "denials").glob("*.pdf")), reason="no samples")


def test_demo_makes_a_case_per_sample_and_prints_the_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "demo"
    assert demo.main(["--dir", str(ws), "--no-build", "--jobs", "2"]) == 0
    out, err = capsys.readouterr()
    samples = sorted((demo.SAMPLES / "denials").glob("*.pdf"))
    cases = sorted(p for p in (ws / "cases").iterdir())
    assert len(cases) == len(samples)
    assert out.splitlines() == [f"cases: {ws / 'cases'}", *map(str, cases)]
    assert f"{len(samples)} new cases, 0 duplicates, 0 failed" in err
    assert not [p for p in (ws / "inbox").iterdir() if p.is_file()]
    with_records = [c for c in cases if any((c / "records").iterdir())]
    assert len(with_records) == 2
    assert {p.suffix for c in with_records for p in (c / "records").iterdir()} >= {
        ".pdf",
        ".docx",
        ".png",
        ".tif",
    }
    demo.fresh_workspace(ws)  # a second demo replaces the first
    assert list((ws / "cases").iterdir()) == []


def test_demo_refuses_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(SystemExit, match="not an Appeal Packet workspace"):
        demo.main(["--dir", str(tmp_path), "--no-build"])
    assert (tmp_path / "mine.txt").read_text() == "keep me"
