"""The review desk without a browser: Starlette's test client against the app over a real workspace.

Every route's refusals (no token, a wrong token, a wrong CSRF token, a foreign Host, an upload too large or
of the wrong type, paths that try to leave the workspace) and the happy paths, asserting what landed on
disk. The browser journey is in tests/test_desk_browser.py.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import tomllib
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from packet.case import load_case, read_history
from packet.desk import app as desk_app
from packet.desk.app import create_app
from packet.desk.security import COOKIE, Secrets
from packet.ingest import run_inbox
from packet.workspace import init_workspace, workspace_lock

ROOT = Path(__file__).resolve().parent.parent
DENIALS = ROOT / "samples" / "denials"
RECORDS = ROOT / "samples" / "records"
FIRST, SECOND = DENIALS / "01-mri-commercial.pdf", DENIALS / "04-humira-erisa-pairs.pdf"
TODAY = date(2026, 10, 1)
CASE = "GRH9133978339"  # the reference of 01-mri-commercial.pdf, hence its case id


@pytest.fixture(scope="module")
def base_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = init_workspace(tmp_path_factory.mktemp("desk") / "ws")
    shutil.copyfile(FIRST, ws / "inbox" / FIRST.name)
    summary = run_inbox(ws, jobs=1, today=TODAY)
    assert [r.status for r in summary.results] == ["created"]
    return ws


@pytest.fixture
def ws(base_workspace: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "ws"
    shutil.copytree(base_workspace, dest, symlinks=True)
    return dest


@pytest.fixture
def keys() -> Secrets:
    return Secrets()


@pytest.fixture
def client(ws: Path, keys: Secrets) -> Iterator[TestClient]:
    c = TestClient(create_app(ws, keys=keys, today=TODAY), base_url="http://127.0.0.1:8765")
    r = c.get(f"/?token={keys.token}", follow_redirects=False)
    assert r.status_code == 303
    yield c


def stranger(ws: Path, keys: Secrets) -> TestClient:
    """A client without the cookie."""
    return TestClient(create_app(ws, keys=keys, today=TODAY), base_url="http://127.0.0.1:8765")


def post(client: TestClient, url: str, keys: Secrets, data: dict | None = None, **kw: object):  # type: ignore[no-untyped-def]
    return client.post(url, data={"csrf": keys.csrf, **(data or {})}, follow_redirects=True, **kw)


def notes(html: str) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", " ", m).split())
        for m in re.findall(r'<p class="note note-[a-z]+">(.*?)</p>', html, re.S)
    ]


# -- the token, the cookie, the host, the headers -------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/", f"/case/{CASE}", f"/case/{CASE}/page/1.png", f"/case/{CASE}/file/letter.docx", "/static/desk.css"],
)
def test_every_page_needs_the_token(ws: Path, keys: Secrets, url: str) -> None:
    c = stranger(ws, keys)
    r = c.get(url)
    assert r.status_code == 403
    assert "packet serve" in r.text
    assert c.get(url + ("&" if "?" in url else "?") + "token=wrong").status_code == 403
    c.cookies.set(COOKIE, "wrong")
    assert c.get(url).status_code == 403


def test_a_post_without_the_cookie_is_refused_and_writes_nothing(ws: Path, keys: Secrets) -> None:
    c = stranger(ws, keys)
    r = c.post(
        f"/case/{CASE}/set?token={keys.token}", data={"csrf": keys.csrf, "field": "member.id", "value": "X1"}
    )
    assert r.status_code == 403
    assert not (ws / "cases" / CASE / "corrections.toml").exists()


def test_the_token_becomes_a_strict_httponly_cookie_and_leaves_the_address(ws: Path, keys: Secrets) -> None:
    c = stranger(ws, keys)
    r = c.get(f"/case/{CASE}?token={keys.token}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/case/{CASE}"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and keys.token.lower() in cookie
    assert c.get(f"/case/{CASE}").status_code == 200


def test_a_foreign_host_is_refused(client: TestClient) -> None:
    # a page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) sends its own Host
    assert client.get("/", headers={"host": "evil.example:8765"}).status_code == 403
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_pages_carry_a_strict_content_security_policy(client: TestClient) -> None:
    for url in ("/", f"/case/{CASE}"):
        r = client.get(url)
        assert r.status_code == 200
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert "<script>" not in r.text and " style=" not in r.text and "onclick" not in r.text
        assert "http://" not in r.text.replace("http://www.w3.org", "") and "https://" not in r.text


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/drop", {}),
        (f"/case/{CASE}/set", {"field": "member.id", "value": "X1"}),
        (f"/case/{CASE}/submitted", {"on": "2026-09-30", "via": "fax"}),
        (f"/case/{CASE}/decided", {"outcome": "upheld"}),
        (f"/case/{CASE}/build", {}),
        (f"/case/{CASE}/draft", {}),
        (f"/case/{CASE}/exhibits", {}),
        (f"/case/{CASE}/records", {}),
        (f"/case/{CASE}/letter", {}),
    ],
)
@pytest.mark.parametrize("csrf", [None, "", "wrong"])
def test_every_post_needs_the_csrf_token(
    client: TestClient, ws: Path, url: str, data: dict, csrf: str | None
) -> None:
    before = sorted(p.relative_to(ws) for p in ws.rglob("*"))
    form = {**data, **({"csrf": csrf} if csrf is not None else {})}
    r = client.post(
        url, data=form, files={"files": ("x.pdf", FIRST.read_bytes())} if url == "/drop" else None
    )
    assert r.status_code == 403
    assert "CSRF" in r.text
    assert sorted(p.relative_to(ws) for p in ws.rglob("*")) == before


# -- the desk and its drop zone ------------------------------------------------------------------------


def test_desk_lists_the_case_with_its_deadline_and_filters_by_state(client: TestClient) -> None:
    html = client.get("/").text
    assert f'data-case="{CASE}"' in html and "2027-03-14" in html and "Granite Ridge Health Plan" in html
    assert CASE in client.get("/?state=drafted").text
    assert CASE not in client.get("/?state=submitted").text
    assert client.get("/?state=bogus").status_code == 400


def test_overdue_cases_stand_out(ws: Path, keys: Secrets) -> None:
    c = TestClient(create_app(ws, keys=keys, today=date(2027, 4, 1)), base_url="http://127.0.0.1")
    html = c.get(f"/?token={keys.token}").text
    assert re.search(rf'<tr class="u-overdue" data-case="{CASE}"', html)
    assert "18 days overdue" in html


def test_dropping_two_denials_makes_two_cases_and_again_two_duplicates(
    client: TestClient, ws: Path, keys: Secrets
) -> None:
    files = [("files", (p.name, p.read_bytes(), "application/pdf")) for p in (FIRST, SECOND)]
    shutil.rmtree(ws / "cases" / CASE)
    r = post(client, "/drop", keys, files=files)
    assert r.status_code == 200
    lines = notes(r.text)
    assert sum("made" in n for n in lines) == 2, lines
    cases = sorted(p.name for p in (ws / "cases").iterdir())
    assert len(cases) == 2
    assert not list((ws / "inbox").glob("*.pdf"))
    r = post(client, "/drop", keys, files=files)
    assert sum(n.startswith("duplicate") for n in notes(r.text)) == 2
    assert len(list((ws / "inbox" / "duplicates").glob("*.pdf"))) == 2


def test_a_damaged_pdf_fails_with_its_reason_as_in_packet_run(
    client: TestClient, ws: Path, keys: Secrets
) -> None:
    bad = FIRST.read_bytes()[:2000]  # a truncated PDF
    r = post(client, "/drop", keys, files=[("files", ("cut.pdf", bad, "application/pdf"))])
    failed = [n for n in notes(r.text) if n.startswith("failed")]
    assert len(failed) == 1 and "cut.pdf" in failed[0]
    assert (ws / "inbox" / "failed" / "cut.pdf").is_file()
    assert (ws / "inbox" / "failed" / "cut.pdf.error.txt").is_file()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.txt", b"hello"),
        ("letter.html", b"<html><script>alert(1)</script></html>"),
        ("fake.pdf", b"<html>not a pdf</html>"),
        ("no-extension", b"%PDF-1.7\n"),
    ],
)
def test_a_drop_of_the_wrong_type_is_refused_before_the_inbox(
    client: TestClient, ws: Path, keys: Secrets, name: str, data: bytes
) -> None:
    r = post(client, "/drop", keys, files=[("files", (name, data, "application/octet-stream"))])
    assert any(n.startswith("failed") and name in n for n in notes(r.text))
    assert [p.name for p in (ws / "inbox").iterdir() if p.is_file()] == []


def test_an_upload_over_the_size_limit_is_refused(
    client: TestClient, ws: Path, keys: Secrets, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(desk_app, "MAX_FILE_BYTES", 1000)
    r = post(client, "/drop", keys, files=[("files", ("big.pdf", b"%PDF-1.7\n" + b"0" * 5000))])
    assert r.status_code == 413
    monkeypatch.setattr(desk_app, "MAX_REQUEST_BYTES", 1000)
    r = client.post(
        f"/case/{CASE}/records",
        data={"csrf": keys.csrf},
        files={"records": ("a.pdf", b"%PDF-" + b"0" * 5000)},
    )
    assert r.status_code == 413
    assert [p.name for p in (ws / "inbox").iterdir() if p.is_file()] == []
    assert not (ws / "cases" / CASE / "records" / "a.pdf").exists()


def test_a_drop_while_run_or_watch_holds_the_lock_waits_in_the_inbox(
    client: TestClient, ws: Path, keys: Secrets
) -> None:
    with workspace_lock(ws):
        assert "is working on this workspace now" in client.get("/").text
        r = post(client, "/drop", keys, files=[("files", (SECOND.name, SECOND.read_bytes()))])
        assert any("wait in inbox/" in n for n in notes(r.text))
    assert (ws / "inbox" / SECOND.name).is_file()
    assert len(list((ws / "cases").iterdir())) == 1


# -- a case ---------------------------------------------------------------------------------------------


def test_case_page_shows_the_pre_send_check(client: TestClient) -> None:
    html = client.get(f"/case/{CASE}").text
    assert '<span class="pill overdue" id="check-verdict">not ready</span>' in html
    assert re.search(r'<li class="miss">[^<]*packet', html)  # no packet built yet
    assert 'name="force"' in html


def test_case_page_highlights_each_value_where_it_was_read(client: TestClient) -> None:
    html = client.get(f"/case/{CASE}").text
    rects = re.findall(r'<rect class="hl" id="[^"]+" data-field="([^"]+)" x="([\d.]+)" y="([\d.]+)"', html)
    fields = {f for f, _, _ in rects}
    assert {"member.id", "reference", "notice_date", "appeal_to.fax"} <= fields
    x, y = next((float(x), float(y)) for f, x, y in rects if f == "member.id")
    assert 50 < x < 70 and 160 < y < 180  # 'Subscriber ID: GRH576894' sits there on the letter's first page
    assert 'href="/case/GRH9133978339/page/1.png"' in html and 'href="/case/GRH9133978339/page/2.png"' in html


def test_page_images_are_rendered_once_into_the_case_cache(client: TestClient, ws: Path) -> None:
    r = client.get(f"/case/{CASE}/page/1.png")
    assert r.status_code == 200 and r.content.startswith(b"\x89PNG")
    cached = list((ws / "cases" / CASE / ".cache").rglob("page-1.png"))
    assert len(cached) == 1 and oct(cached[0].stat().st_mode & 0o777) == "0o600"
    stamp = cached[0].stat().st_mtime_ns
    assert client.get(f"/case/{CASE}/page/1.png").content == r.content
    assert cached[0].stat().st_mtime_ns == stamp
    assert client.get(f"/case/{CASE}/page/3.png").status_code == 404
    assert client.get(f"/case/{CASE}/page/0.png").status_code == 404


def test_a_correction_goes_through_packet_set(client: TestClient, ws: Path, keys: Secrets) -> None:
    r = post(client, f"/case/{CASE}/set", keys, {"field": "member.id", "value": "W123"})
    assert any("member.id set" in n for n in notes(r.text))
    folder = ws / "cases" / CASE
    assert tomllib.loads((folder / "corrections.toml").read_text())["member"]["id"] == "W123"
    assert load_case(folder).denial.member.id == "W123"
    assert "extracted: GRH576894" in r.text
    assert [e["action"] for e in read_history(folder)][-2:] == ["corrected", "drafted"]
    r = post(client, f"/case/{CASE}/set", keys, {"field": "member.id", "unset": "1"})
    assert load_case(folder).denial.member.id == "GRH576894"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("provider.npi", "12345", "provider.npi=12345: an NPI is 10 digits"),
        ("notice_date", "12/01/2026", "notice_date=12/01/2026: not a date; write it YYYY-MM-DD"),
        ("member.idd", "W1", "did you mean member.id?"),
        ("member.id", "", "member.id: give a value"),
    ],
)
def test_a_bad_correction_gets_the_same_message_as_packet_set(
    client: TestClient, ws: Path, keys: Secrets, field: str, value: str, message: str
) -> None:
    r = post(client, f"/case/{CASE}/set", keys, {"field": field, "value": value})
    assert any(message in n for n in notes(r.text)), notes(r.text)
    assert not (ws / "cases" / CASE / "corrections.toml").exists()


def _edited_letter(ws: Path) -> bytes:
    import docx

    doc = docx.Document(str(ws / "cases" / CASE / "letter.docx"))
    doc.add_paragraph("Edited by the coordinator.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_an_edited_letter_replaces_letter_docx_and_a_redraft_keeps_it(
    client: TestClient, ws: Path, keys: Secrets
) -> None:
    edited = _edited_letter(ws)
    r = post(client, f"/case/{CASE}/letter", keys, files={"letter": ("my letter (final).docx", edited)})
    assert any("replaced" in n for n in notes(r.text))
    folder = ws / "cases" / CASE
    assert (folder / "letter.docx").read_bytes() == edited
    r = post(client, f"/case/{CASE}/draft", keys)
    assert (folder / "letter.docx").read_bytes() == edited
    assert (folder / "letter.new.docx").is_file()
    assert client.get(f"/case/{CASE}/file/letter.new.docx").status_code == 200
    r = client.get(f"/case/{CASE}/file/letter.docx")
    assert r.content == edited and "attachment" in r.headers["content-disposition"]


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("letter.pdf", FIRST.read_bytes(), "not a Word (.docx) file"),
        ("letter.docx", b"not a zip at all", "not a readable Word document"),
        ("letter.docx", _zip({"foo.xml": b"<a/>"}), "no word/document.xml"),
        ("letter.docx", _zip({"word/document.xml": b"<a/>", "word/vbaProject.bin": b"x"}), "macro"),
    ],
)
def test_a_bad_letter_is_refused_with_the_docx_checks_message(
    client: TestClient, ws: Path, keys: Secrets, name: str, data: bytes, message: str
) -> None:
    folder = ws / "cases" / CASE
    before = (folder / "letter.docx").read_bytes()
    r = post(client, f"/case/{CASE}/letter", keys, files={"letter": (name, data)})
    assert any(message in n for n in notes(r.text)), notes(r.text)
    assert (folder / "letter.docx").read_bytes() == before
    assert not [p for p in folder.iterdir() if ".desk." in p.name]


def test_records_are_checked_as_the_build_checks_them(client: TestClient, ws: Path, keys: Secrets) -> None:
    files = [
        ("records", ("clinical-notes.pdf", (RECORDS / "clinical-notes-whitfield.pdf").read_bytes())),
        ("records", ("scan.png", (RECORDS / "pt-discharge-scan.png").read_bytes())),
        ("records", ("renamed.png", FIRST.read_bytes())),
        ("records", ("tool.exe", b"MZ\x90\x00")),
    ]
    r = post(client, f"/case/{CASE}/records", keys, files=files)
    lines = notes(r.text)
    records = ws / "cases" / CASE / "records"
    assert sorted(p.name for p in records.iterdir()) == ["clinical-notes.pdf", "scan.png"]
    assert any("renamed.png" in n and "the name says PNG but the content is not" in n for n in lines), lines
    assert any("tool.exe" in n for n in lines)
    order = {
        "file": ["clinical-notes.pdf", "scan.png"],
        "title": ["Clinic notes", "Discharge summary"],
        "position": ["2", "1"],
    }
    r = post(client, f"/case/{CASE}/exhibits", keys, order)
    toml = tomllib.loads((records / "exhibits.toml").read_text())
    assert toml == {
        "exhibit": [
            {"file": "scan.png", "title": "Discharge summary"},
            {"file": "clinical-notes.pdf", "title": "Clinic notes"},
        ]
    }
    assert re.search(r"<td>B</td>.*?Discharge summary", r.text, re.S)


@pytest.mark.parametrize(
    "name",
    [
        "../../../evil.pdf",
        "/etc/evil.pdf",
        "..\\..\\evil.pdf",
        "a\x00b.pdf",
        ".hidden.pdf",
        "con.pdf",
        "Ünïcødé notes.pdf",
    ],
)
def test_odd_record_names_stay_inside_records(client: TestClient, ws: Path, keys: Secrets, name: str) -> None:
    data = (RECORDS / "clinical-notes-whitfield.pdf").read_bytes()
    post(client, f"/case/{CASE}/records", keys, files=[("records", (name, data))])
    records = ws / "cases" / CASE / "records"
    got = [p.name for p in records.iterdir()]
    assert len(got) == 1 and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.pdf", got[0]), got
    assert not list(ws.parent.rglob("evil.pdf")) or all(
        records in p.parents for p in ws.parent.rglob("evil.pdf")
    )


def test_exhibit_order_cannot_name_a_file_outside_records(
    client: TestClient, ws: Path, keys: Secrets
) -> None:
    r = post(
        client, f"/case/{CASE}/exhibits", keys, {"file": ["../case.json"], "title": ["x"], "position": ["1"]}
    )
    assert any("is not in records/" in n for n in notes(r.text))
    assert not (ws / "cases" / CASE / "records" / "exhibits.toml").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/case/..%2F..%2Fetc",
        "/case/%2E%2E",
        "/case/%2E",
        "/case/%2E%2E%2F%2E%2E%2Fpacket.toml",
        "/case/%2Fetc%2Fpasswd",
        "/case/.cache",
        f"/case/{CASE}/file/case.json",
        f"/case/{CASE}/file/denial.pdf",
        f"/case/{CASE}/file/..%2F..%2Fpacket.toml",
        f"/case/{CASE}/file/corrections.toml",
        "/static/..%2F..%2Fcase.py",
        "/static/../app.py",
        f"/case/{CASE}/page/1.png/../../../../packet.toml",
    ],
)
def test_no_path_leaves_the_workspace_or_reaches_a_file_it_should_not(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404, (url, r.status_code)


def test_a_symlink_out_of_the_workspace_is_not_followed(client: TestClient, ws: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copytree(ws / "cases" / CASE, outside / "copy")
    (ws / "cases" / "LINKED").symlink_to(outside / "copy")
    assert client.get("/case/LINKED").status_code == 404
    assert 'data-case="LINKED"' not in client.get("/").text
    secret = outside / "secret.pdf"
    secret.write_bytes(b"%PDF-1.7 secret")
    (ws / "cases" / CASE / "packet.pdf").symlink_to(secret)
    assert client.get(f"/case/{CASE}/file/packet.pdf").status_code == 404


def test_submitted_and_decided_record_the_state(client: TestClient, ws: Path, keys: Secrets) -> None:
    r = post(client, f"/case/{CASE}/submitted", keys, {"on": "2026-12-01", "via": "fax", "force": "1"})
    assert any("in the future" in n for n in notes(r.text))
    r = post(client, f"/case/{CASE}/submitted", keys, {"on": "2026-09-30", "via": "pigeon", "force": "1"})
    assert any("not a channel" in n for n in notes(r.text))
    assert load_case(ws / "cases" / CASE).state == "drafted"
    r = post(client, f"/case/{CASE}/submitted", keys, {"on": "2026-09-30", "via": "portal"})
    lines = notes(r.text)
    assert any("not ready to send" in n for n in lines), lines
    assert load_case(ws / "cases" / CASE).state == "drafted"
    r = post(client, f"/case/{CASE}/submitted", keys, {"on": "2026-09-30", "via": "portal", "force": "1"})
    case = load_case(ws / "cases" / CASE)
    assert case.state == "submitted" and case.submitted is not None and case.submitted.via == "portal"
    assert re.search(r"<td>[^<]*sent 2026-09-30[^<]*</td>", client.get("/").text)  # next: the decision
    post(client, f"/case/{CASE}/decided", keys, {"outcome": "overturned", "on": "2026-10-01"})
    assert load_case(ws / "cases" / CASE).outcome == "overturned"
    assert "decided: overturned" in client.get("/?state=decided").text


def test_a_build_through_the_desk_is_packet_build(
    client: TestClient, ws: Path, keys: Secrets, need_tool
) -> None:  # type: ignore[no-untyped-def]
    need_tool("libreoffice")
    r = post(client, f"/case/{CASE}/build", keys)
    assert any("packet built: packet.pdf" in n for n in notes(r.text)), notes(r.text)
    pdf = client.get(f"/case/{CASE}/file/packet.pdf?view=1")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"].startswith("inline")
    assert load_case(ws / "cases" / CASE).state == "built"


def test_logs_name_case_ids_never_the_member(
    client: TestClient, keys: Secrets, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    post(client, f"/case/{CASE}/set", keys, {"field": "member.name", "value": "Jerome Castellano-Smith"})
    post(
        client,
        f"/case/{CASE}/records",
        keys,
        files=[("records", ("notes.pdf", (RECORDS / "clinical-notes-whitfield.pdf").read_bytes()))],
    )
    text = caplog.text
    assert "Castellano" not in text


def test_packet_serve_has_help() -> None:
    from click.testing import CliRunner

    from packet.cli import main

    r = CliRunner().invoke(main, ["serve", "--help"])
    assert r.exit_code == 0 and "127.0.0.1" in r.output and "--no-browser" in r.output


def test_case_json_is_untouched_by_viewing(client: TestClient, ws: Path) -> None:
    path = ws / "cases" / CASE / "case.json"
    before = path.read_bytes()
    client.get(f"/case/{CASE}")
    client.get("/")
    assert path.read_bytes() == before
    assert json.loads(before)["case"]["id"] == CASE
    assert os.stat(path).st_mode & 0o077 == 0


def test_a_scanned_letter_is_highlighted_from_its_ocr_lines(tmp_path: Path, keys: Secrets, need_tool) -> None:  # type: ignore[no-untyped-def]
    need_tool("tesseract")
    ws = init_workspace(tmp_path / "ws")
    shutil.copyfile(ROOT / "samples" / "scanned" / FIRST.name, ws / "inbox" / FIRST.name)
    assert [r.status for r in run_inbox(ws, jobs=1, today=TODAY).results] == ["created"]
    c = TestClient(create_app(ws, keys=keys, today=TODAY), base_url="http://127.0.0.1")
    html = c.get(f"/?token={keys.token}").text
    case_id = re.search(r'data-case="([^"]+)"', html)[1]  # type: ignore[index]
    html = c.get(f"/case/{case_id}").text
    rects = re.findall(r'data-field="([^"]+)" x="([\d.]+)" y="([\d.]+)"', html)
    y = next(float(y) for f, _, y in rects if f == "member.id")
    assert 155 < y < 180  # the scan's 'Subscriber ID' line, where the text twin has it
    assert {"reference", "notice_date", "denial.reason"} <= {f for f, _, _ in rects}


def test_a_case_whose_denial_is_gone_still_opens(client: TestClient, ws: Path) -> None:
    (ws / "cases" / CASE / "denial.pdf").unlink()
    r = client.get(f"/case/{CASE}")
    assert r.status_code == 200 and "denial.pdf is missing" in r.text and 'id="field-member.id"' in r.text


@pytest.mark.parametrize(
    "url", ["/case/NOPE", "/case/NOPE/page/1.png", "/case/NOPE/file/letter.docx", "/nothing"]
)
def test_unknown_cases_and_pages_are_404(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 404


def test_a_post_to_an_unknown_case_is_404_and_writes_nothing(
    client: TestClient, ws: Path, keys: Secrets
) -> None:
    r = client.post("/case/NOPE/set", data={"csrf": keys.csrf, "field": "member.id", "value": "W1"})
    assert r.status_code == 404
    assert not (ws / "cases" / "NOPE").exists()


def test_the_server_binds_to_127_0_0_1_only() -> None:
    sock = desk_app.bind(0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()


def test_packet_serve_outside_a_workspace_says_so(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from packet.cli import main

    r = CliRunner().invoke(main, ["serve", str(tmp_path), "--no-browser"])
    assert r.exit_code == 13, r.output
    assert "packet.toml" in r.output or "workspace" in r.output


def test_pages_rendered_at_the_same_time_come_out_whole(ws: Path) -> None:
    # PDFium is not thread-safe: the desk's request threads share one lock (before, two pages rendered
    # at once lost glyphs: 'e denied' for 'We denied')
    from concurrent.futures import ThreadPoolExecutor

    from packet.desk.pages import cache_dir, page_image, page_views

    case = load_case(ws / "cases" / CASE)
    want = {n: page_image(case, n, 0o600).read_bytes() for n in (1, 2)}  # type: ignore[union-attr]
    for _ in range(3):
        shutil.rmtree(cache_dir(case))
        with ThreadPoolExecutor(4) as pool:
            jobs = [pool.submit(page_image, case, n, 0o600) for n in (1, 2, 1, 2)]
            pool.submit(page_views, case, 0o600)
            got = [j.result() for j in jobs]
        assert [p.read_bytes() for p in got] == [want[1], want[2], want[1], want[2]]  # type: ignore[union-attr]
