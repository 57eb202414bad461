"""The review desk as a person uses it: Debian's chromium driven by Selenium against the real server.

``packet serve`` runs in a subprocess on a free 127.0.0.1 port. The journey: drop two denials on the desk,
open a case, see a value highlighted on the letter, correct the member ID, upload an edited letter and a
record, build, check the attachment index's page numbers in the downloaded packet (pypdf), mark it
submitted, see the desk update. Screenshots of the desk and the case page are kept in the test's tmp
folder and, when PACKET_ARTIFACTS names a folder, copied there.

Needs chromium, chromium-driver (apt-get install chromium chromium-driver) and LibreOffice; under
PACKET_REQUIRE_TOOLS=1 (CI) a missing one fails the test instead of skipping it.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from packet.case import load_case
from packet.workspace import init_workspace

ROOT = Path(__file__).resolve().parent.parent
DENIALS = ROOT / "samples" / "denials"
RECORD = ROOT / "samples" / "records" / "clinical-notes-whitfield.pdf"
CASE = "GRH9133978339"  # 01-mri-commercial.pdf's reference
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
REQUIRE_TOOLS = os.environ.get("PACKET_REQUIRE_TOOLS") == "1"
WAIT = 120  # seconds: a build converts the letter with LibreOffice on a busy machine


def need_browser() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        msg = f"{', '.join(missing)} not installed (apt-get install chromium chromium-driver)"
        if REQUIRE_TOOLS:
            pytest.fail(msg + " and PACKET_REQUIRE_TOOLS=1")
        pytest.skip(msg)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``packet serve`` on a free port; yields (its address with the token, the workspace)."""
    ws = init_workspace(tmp_path / "ws")
    proc = subprocess.Popen(
        [sys.executable, "-m", "packet", "serve", str(ws), "--no-browser", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{40,}", url), url
        yield url, ws
    finally:
        proc.terminate()
        try:
            _, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        assert "Castellano" not in err  # the member's name never reaches the server's log


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1440,1100",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):  # fmt: skip
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


def keep(driver: object, tmp_path: Path, name: str) -> Path:
    """A screenshot in the test's folder, copied to $PACKET_ARTIFACTS when it is set."""
    path = tmp_path / name
    driver.save_screenshot(str(path))  # type: ignore[attr-defined]
    if os.environ.get("PACKET_ARTIFACTS"):
        dest = Path(os.environ["PACKET_ARTIFACTS"])
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest / name)
    return path


def notes(driver: object) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "p.note")]  # type: ignore[attr-defined]


def wait_for_note(driver: object, text: str) -> list[str]:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        WebDriverWait(driver, WAIT).until(lambda d: any(text in n for n in notes(d)))
    except TimeoutException:
        pytest.fail(f"no note saying {text!r} at {driver.current_url}; the notes: {notes(driver)}")  # type: ignore[attr-defined]
    return notes(driver)


def click(driver: object, element: object) -> None:
    """Click, then wait until the next page has replaced this one (a form's answer is a new page)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")  # type: ignore[attr-defined]
    element.click()  # type: ignore[attr-defined]
    WebDriverWait(driver, WAIT).until(ec.staleness_of(page))


def submit(driver: object, form_selector: str) -> None:
    from selenium.webdriver.common.by import By

    form = driver.find_element(By.CSS_SELECTOR, form_selector)  # type: ignore[attr-defined]
    click(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))


def edited_letter(ws: Path, dest: Path) -> Path:
    import docx

    doc = docx.Document(str(ws / "cases" / CASE / "letter.docx"))
    doc.add_paragraph("Reviewed and edited at the desk.")
    doc.save(str(dest))
    return dest


def index_rows(packet: bytes) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """The attachment index's rows {label: (first page, pages)} and every page's text, read with pypdf."""
    from pypdf import PdfReader

    texts = [p.extract_text() or "" for p in PdfReader(io.BytesIO(packet)).pages]
    rows: dict[str, tuple[int, int]] = {}
    for t in texts:
        if "Attachment index" not in t:
            continue
        # pypdf gives each cell its own line: label, title, first–last, pages
        for m in re.finditer(r"^([A-Z]{1,2})\n.+?\n(\d+)(?:\u2013(\d+))?\n(\d+)$", t, re.M):
            rows[m[1]] = (int(m[2]), int(m[4]))
    return rows, texts


def test_a_coordinator_reviews_corrects_builds_and_sends_a_case(
    server: tuple[str, Path], browser: object, tmp_path: Path, need_tool: Callable[[str], str]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    need_tool("libreoffice")
    url, ws = server
    d = browser
    d.get(url)  # type: ignore[attr-defined]
    assert d.current_url.endswith("/") and "token" not in d.current_url  # type: ignore[attr-defined]

    # 1. drop two denials on the desk (the files go into the drop zone's input, then a drop event)
    letters = [DENIALS / "01-mri-commercial.pdf", DENIALS / "04-humira-erisa-pairs.pdf"]
    d.find_element(By.ID, "drop-files").send_keys("\n".join(str(p) for p in letters))  # type: ignore[attr-defined]
    d.execute_script(  # type: ignore[attr-defined]
        "const zone = document.getElementById('drop-form'); const dt = new DataTransfer();"
        "for (const f of document.getElementById('drop-files').files) dt.items.add(f);"
        "zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));"
    )
    made = [n for n in wait_for_note(d, "made") if "made" in n]
    assert len(made) == 2, notes(d)
    assert len(d.find_elements(By.CSS_SELECTOR, "#desk-table tbody tr")) == 2  # type: ignore[attr-defined]

    # 2. open a case; the member ID is highlighted where the letter prints it
    click(d, d.find_element(By.LINK_TEXT, CASE))  # type: ignore[attr-defined]
    rect = d.find_element(By.CSS_SELECTOR, 'rect.hl[data-field="member.id"]')  # type: ignore[attr-defined]
    box = d.execute_script(
        "const b = arguments[0].getBoundingClientRect(); return [b.width, b.height];", rect
    )  # type: ignore[attr-defined]
    assert box[0] > 20 and box[1] > 4
    loaded = d.execute_script(  # type: ignore[attr-defined]
        "return new Promise(r => { const i = new Image(); i.onload = () => r(i.naturalWidth);"
        " i.onerror = () => r(0); i.src = document.querySelector('svg image').getAttribute('href'); });"
    )
    assert loaded > 500  # the page image is served (same origin, under the CSP)

    # 3. correct the member ID in place
    row = d.find_element(By.ID, "field-member.id")  # type: ignore[attr-defined]
    field = row.find_element(By.CSS_SELECTOR, "input[name=value]")
    field.clear()
    field.send_keys("GRH576899")
    click(d, row.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    wait_for_note(d, "member.id set")
    assert (
        d.find_element(By.CSS_SELECTOR, "#field-member\\.id input[name=value]").get_attribute("value")
        == "GRH576899"
    )  # type: ignore[attr-defined]
    d.execute_script("window.scrollTo(0, 0)")  # type: ignore[attr-defined]
    keep(d, tmp_path, "desk-case.png")

    # 4. upload an edited letter and a record
    mine = edited_letter(ws, tmp_path / "my-letter.docx")
    d.find_element(By.ID, "letter-file").send_keys(str(mine))  # type: ignore[attr-defined]
    submit(d, "form[action$='/letter']")
    wait_for_note(d, "replaced")
    assert (ws / "cases" / CASE / "letter.docx").read_bytes() == mine.read_bytes()
    d.find_element(By.ID, "records-files").send_keys(str(RECORD))  # type: ignore[attr-defined]
    submit(d, "#records-form")
    wait_for_note(d, "added to records/")

    # 5. build, then download the packet and check its index against its pages
    click(d, d.find_element(By.ID, "build-button"))  # type: ignore[attr-defined]
    wait_for_note(d, "packet built")
    link = d.find_element(By.ID, "download-packet.pdf").get_attribute("href")  # type: ignore[attr-defined]
    cookie = d.get_cookie("packet_desk")  # type: ignore[attr-defined]
    req = urllib.request.Request(link, headers={"Cookie": f"packet_desk={cookie['value']}"})
    with urllib.request.urlopen(req, timeout=60) as resp:  # the browser's cookie, the same server
        packet = resp.read()
    assert packet.startswith(b"%PDF")
    rows, texts = index_rows(packet)
    assert set(rows) == {"A", "B"}, rows
    for label, (first, count) in rows.items():
        assert f"Exhibit {label}, page 1 of {count}" in texts[first - 1]
        assert f"Exhibit {label}, page {count} of {count}" in texts[first + count - 2]
    assert "GRH576899" in texts[0]  # the cover sheet carries the corrected member ID

    # 6. mark it submitted: the pre-send check stops it (the letter still has blanks) until the
    # coordinator says to send it anyway; then the desk shows it
    assert d.find_element(By.ID, "check-verdict").text == "not ready"  # type: ignore[attr-defined]
    form = d.find_element(By.ID, "submitted-form")  # type: ignore[attr-defined]
    Select(form.find_element(By.NAME, "via")).select_by_value("fax")
    click(d, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    wait_for_note(d, "not ready to send")
    assert load_case(ws / "cases" / CASE).state == "built"
    form = d.find_element(By.ID, "submitted-form")  # type: ignore[attr-defined]
    Select(form.find_element(By.NAME, "via")).select_by_value("fax")
    form.find_element(By.NAME, "force").click()
    click(d, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    wait_for_note(d, "marked submitted")
    assert d.find_element(By.ID, "case-state").text == "submitted"  # type: ignore[attr-defined]
    assert load_case(ws / "cases" / CASE).state == "submitted"
    click(d, d.find_element(By.LINK_TEXT, "← all cases"))  # type: ignore[attr-defined]
    row = d.find_element(By.CSS_SELECTOR, f'tr[data-case="{CASE}"]')  # type: ignore[attr-defined]
    assert row.get_attribute("data-state") == "submitted"
    assert f"sent {date.today().isoformat()}" in row.text
    keep(d, tmp_path, "desk.png")
