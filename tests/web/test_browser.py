"""The page in a real browser (Playwright with Debian's chromium): check a workbook, make
documents with the progress bar, convert an amount. Skipped where either is missing; .ci/run
installs both."""

from __future__ import annotations

import importlib.util
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from docgen.web import create_app
from tests.web.conftest import TOKEN, settings

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("playwright") is None,
        reason="playwright is not installed (pip install playwright)",
    ),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)"
    ),
]


@pytest.fixture
def address(tmp_path):
    """The app served by uvicorn on a free port, in a thread; its address with the token."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings(tmp_path)), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}/?token={TOKEN}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def page(address):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page()
            page.set_default_timeout(30_000)
            page.goto(address)
            yield page
        finally:
            browser.close()


def test_checking_a_workbook_shows_its_problems_and_splits(page, book):
    book.partners[0]["IBAN"] = "LV80BANK000043519500"
    page.set_input_files("#workbook", str(book.save()))
    page.click("#check")
    errors = page.locator("#problems table", has_text="Kļūdas")
    errors.wait_for()
    assert errors.locator("td").all_inner_texts()[:3] == ["Partneri", "J2", "IBAN"]
    assert "1 error" in page.inner_text("#problems p")


def test_making_documents_shows_progress_and_the_downloads(page, book):
    page.set_input_files("#workbook", str(book.save()))
    page.click("#check")
    page.locator("#splits table", has_text="JURMALA").wait_for()
    for kind in ("claim", "report", "summary", "amendment"):
        page.uncheck(f'input[name="kind"][value="{kind}"]')
    page.fill("#partners", "JURMALA")
    page.click("#generate")
    page.locator("#job-zip a").wait_for()
    assert page.inner_text("#job-state").startswith("gatavs: 1 no 1")
    assert page.locator("#job-files a").all_inner_texts() == [
        "JURMALA/JURMALA_sadarbibas_ligums.docx"
    ]
    with page.expect_download() as download:
        page.click("#job-zip a")
    assert download.value.suggested_filename.endswith(".zip")


def test_the_amount_in_words_with_the_keyboard(page):
    page.focus("#amount")
    page.keyboard.type("1 000,50")
    page.keyboard.press("Enter")
    page.locator("#words", has_text="euro").wait_for()
    assert page.inner_text("#words") == "viens tūkstotis euro un 50 centi"


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice is not installed",
)
def test_page_1_of_a_document_by_keyboard(page, book):
    page.set_input_files("#workbook", str(book.save()))
    for kind in ("claim", "report", "summary", "amendment"):
        page.uncheck(f'input[name="kind"][value="{kind}"]')
    page.fill("#partners", "JURMALA")
    page.click("#generate")
    page.locator("#job-zip a").wait_for()
    button = page.get_by_role("button", name="Skatīt 1. lappusi")
    assert button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    picture = page.get_by_role(
        "img", name="Dokumenta JURMALA/JURMALA_sadarbibas_ligums.docx 1. lappuse"
    )
    picture.wait_for()
    deadline = time.monotonic() + 30  # wait_for_function evaluates a string: the CSP refuses
    while picture.evaluate("img => img.naturalWidth") == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert picture.evaluate("img => img.naturalWidth") == 900
    assert button.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Enter")  # and hidden again
    assert button.get_attribute("aria-expanded") == "false"
    assert not picture.is_visible()
