"""Hostile input to drafting: a user template that reaches for Python internals, a denial whose text holds
Jinja and XML special characters, hostile Word files used as templates."""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from packet.cli import main
from packet.draft import draft_letter
from packet.exceptions import BadTemplateError, ExitCode, PacketError
from packet.settings import Settings
from samples.cases import denial
from samples.hostile import SECRET, denial_pdf, docx_bomb, docx_xxe

ROOT = Path(__file__).resolve().parent.parent


def template(path: Path, *paragraphs: str) -> Path:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(str(path))
    return path


def text_of(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ self._TemplateReference__context }}",
    "{{ member|attr('__class__') }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
]


@pytest.mark.parametrize("tag", ESCAPES)
def test_template_reaching_python_internals_is_refused(tmp_path: Path, tag: str) -> None:
    pdf = denial_pdf(tmp_path / "denial.pdf")
    evil = template(tmp_path / "evil template.docx", "Dear reviewer,", tag)
    out = tmp_path / "letter.docx"
    r = CliRunner().invoke(main, ["draft", str(pdf), "--template", str(evil), "-o", str(out)])
    assert r.exit_code == ExitCode.bad_template, (r.stderr, r.exception)
    lines = r.stderr.strip().splitlines()
    assert lines[-1].startswith("Error: evil template.docx: the template tries to reach Python internals")
    assert "Traceback" not in r.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["denial.pdf", "evil template.docx"]


def test_denial_text_with_jinja_and_xml_specials_comes_out_literally(tmp_path: Path) -> None:
    d = denial()
    d = replace(
        d,
        reference="PA-{{ 7*7 }}-<w:t>&amp;",
        member=replace(d.member, name="{% raw %}Jane <b>Doe</b> & ]]> {{ 6*7 }}"),
        payer=replace(d.payer, name="Acme {# not a comment #} Health <Plan>"),
    )
    plain = template(tmp_path / "t.docx", "Re: {{ reference }} for {{ member_name }} at {{ payer_name }}")
    for tpl in (None, plain):
        data = draft_letter(d, Settings(), template=tpl, today=d.notice_date)
        text = text_of(data)  # a valid DOCX: the XML specials were escaped
        assert "PA-{{ 7*7 }}-<w:t>&amp;" in text
        if tpl is plain:
            assert "{% raw %}Jane <b>Doe</b> & ]]> {{ 6*7 }}" in text
            assert "Acme {# not a comment #} Health <Plan>" in text
        assert "49" not in text and "42" not in text


def test_template_from_an_xxe_word_file_does_not_read_local_files(tmp_path: Path) -> None:
    if not SECRET.is_file() or not SECRET.read_text().strip():
        pytest.skip(f"{SECRET} is missing")
    try:
        data = draft_letter(denial(), Settings(), template=docx_xxe(tmp_path / "xxe.docx"))
    except PacketError:
        return  # refused: as good
    assert SECRET.read_text().strip() not in text_of(data)


def test_template_zip_bomb_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PacketError):
        draft_letter(denial(), Settings(), template=docx_bomb(tmp_path / "bomb.docx"))


CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
sys.path[:0] = [sys.argv[1]]
from samples.cases import denial
from packet.draft import draft_letter
from packet.exceptions import PacketError
from packet.settings import Settings
try:
    draft_letter(denial(), Settings(), template=sys.argv[2])
    print("rendered")
except PacketError as e:
    print("PacketError", type(e).__name__)
except MemoryError:
    print("MemoryError")
"""


def test_template_memory_bomb_is_a_template_error(tmp_path: Path) -> None:
    evil = template(tmp_path / "big.docx", "{{ 'appeal ' * 100000000 }}")
    r = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), str(evil)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert r.stdout.strip() == "PacketError BadTemplateError", r.stdout + r.stderr[-500:]


def test_bad_template_error_is_a_packet_error() -> None:
    assert issubclass(BadTemplateError, PacketError)


@pytest.mark.parametrize("tag", ["{{ 2 ** 100000000 }}", "{{ [1, 2] * 10**6 }}", "{{ 100000000 * 'x' }}"])
def test_huge_powers_and_repeats_are_refused_before_they_are_computed(tmp_path: Path, tag: str) -> None:
    evil = template(tmp_path / "big.docx", "Dear reviewer,", tag)
    with pytest.raises(BadTemplateError, match="a value too big to print"):
        draft_letter(denial(), Settings(), template=evil)


def test_ordinary_arithmetic_in_a_template_still_works(tmp_path: Path) -> None:
    ok = template(tmp_path / "ok.docx", "Dear reviewer,", "{{ '-' * 20 }} {{ 2 ** 10 }}")
    assert "-" * 20 + " 1024" in text_of(draft_letter(denial(), Settings(), template=ok))
