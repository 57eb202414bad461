"""The case folder: corrections win over extracted values, in either TOML form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from packet.case import Case, load_case, read_corrections, save_case
from packet.exceptions import BadCorrectionsError
from packet.model import Deadline, Deadlines, Denial, Member, Source


def _case(folder: Path) -> Case:
    folder.mkdir()
    d = Denial(
        source=Source(file="denial.pdf", sha256="0" * 64, pages=1),
        reference="R-1",
        member=Member(name="Test Person", id="X1"),
        notice_date=date(2026, 1, 12),
        deadlines=Deadlines(
            appeal=Deadline(due=date(2026, 7, 11), level="internal_appeal", rule="180 days", basis="letter")
        ),
    )
    case = Case(id="R-1", folder=folder, denial=d, extracted=d)
    save_case(case)
    return case


@pytest.mark.parametrize(
    "toml",
    [
        '"deadlines.appeal.due" = "2026-06-30"\nmember.id = "W123"\n',
        '[deadlines.appeal]\ndue = 2026-06-30\n[member]\nid = "W123"\n',
    ],
)
def test_corrections_in_dotted_or_table_form(tmp_path: Path, toml: str) -> None:
    case = _case(tmp_path / "c")
    (case.folder / "corrections.toml").write_text(toml)
    loaded = load_case(case.folder)
    assert loaded.denial.member.id == "W123"
    assert loaded.denial.deadlines.appeal is not None
    assert loaded.denial.deadlines.appeal.due == date(2026, 6, 30)
    assert loaded.extracted.member.id == "X1"  # the extracted record is kept as it was
    assert set(read_corrections(case.folder)) == {"deadlines.appeal.due", "member.id"}


def test_unknown_correction_is_a_clear_error(tmp_path: Path) -> None:
    case = _case(tmp_path / "c")
    (case.folder / "corrections.toml").write_text('member.idd = "W123"\n')
    with pytest.raises(BadCorrectionsError, match=r"unknown field 'member\.idd'"):
        load_case(case.folder)


def test_bad_date_correction(tmp_path: Path) -> None:
    case = _case(tmp_path / "c")
    (case.folder / "corrections.toml").write_text('notice_date = "Jan 5"\n')
    with pytest.raises(BadCorrectionsError, match="YYYY-MM-DD"):
        load_case(case.folder)
