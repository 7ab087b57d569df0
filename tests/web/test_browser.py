"""The page in a real browser (Playwright with Debian's chromium) at 1280×800: check the example
workbook and a broken one, make documents with the progress bar and open one from the zip,
check a template, convert an amount with the keyboard, and measure the contrast of every text.
Skipped where either is missing; .ci/run installs both.

Each step is photographed; when a test fails, its photographs are written to
``test-screenshots/<test>/`` (DOCGEN_SCREENSHOTS names another folder, and with it they are
written whatever the outcome: that is how docs/ got its two).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest

from docgen.web import create_app
from tests.helpers import ROOT, text_of
from tests.web.conftest import OUTCOMES, TOKEN, settings

CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT = {"width": 1280, "height": 800}  # the smallest screen
SCREENSHOTS = ROOT / "test-screenshots"
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for text (1.4.3)

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
        create_app(settings(tmp_path, lang="lv")), host="127.0.0.1", port=port, log_level="warning"
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


class Steps:
    """The photographs of a test's steps, kept in memory until the test is over."""

    def __init__(self, page):
        self.page = page
        self.shots: list[tuple[str, bytes]] = []

    def shot(self, name: str) -> None:
        self.shots.append((name, self.page.screenshot(full_page=True)))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for number, (name, data) in enumerate(self.shots, 1):
            (folder / f"{number}-{name}.png").write_bytes(data)


@pytest.fixture
def page(address, request):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--disable-background-networking", "--disable-component-update"],
        )
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.set_default_timeout(int(os.environ.get("PW_TIMEOUT", "30000")))
            page.goto(address)
            page.steps = Steps(page)
            yield page
            outcome = request.node.stash.get(OUTCOMES, {}).get("call")  # tests/web/conftest.py
            chosen = os.environ.get("DOCGEN_SCREENSHOTS")
            if chosen or outcome is None or outcome.failed:
                folder = Path(chosen) if chosen else SCREENSHOTS
                page.steps.save(folder / request.node.name)
        finally:
            browser.close()


# Each text's colour against the background it stands on (the first ancestor with one), as
# WCAG 2.1 defines contrast: (L1 + 0.05) / (L2 + 0.05) of the relative luminances.
CONTRASTS = r"""() => {
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const found = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    if (!own || style.visibility === "hidden" || el.closest("[hidden]")) continue;
    const a = lum(rgb(style.color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    found.push([el.tagName.toLowerCase() + (el.className ? "." + el.className : ""), ratio]);
  }
  return found;
}"""


def split_of(workbook: Path, code: str) -> dict[str, str]:
    """The partner's funding split as the API gives it (docgen splits --format json)."""
    import json

    from docgen.splits import splits_report, to_json
    from docgen.workbook.reader import load

    return next(s for s in json.loads(to_json(splits_report(load(workbook)))) if s["code"] == code)


def lowest_contrast(page) -> tuple[str, float]:
    found = page.evaluate(CONTRASTS)
    assert len(found) > 20  # the measure saw the page's texts
    return min(found, key=lambda item: item[1])


def test_a_broken_workbook_shows_its_problems_with_their_cells(page, book):
    book.partners[0]["IBAN"] = "LV80BANK000043519500"
    page.steps.shot("page")
    page.set_input_files("#workbook", str(book.save()))
    page.click("#check")
    errors = page.locator("#problems table", has_text="Kļūdas")
    errors.wait_for()
    page.steps.shot("problems")
    assert errors.locator("td").all_inner_texts()[:3] == ["Partneri", "J2", "IBAN"]
    assert "IBAN" in errors.locator("td").all_inner_texts()[3]
    assert page.locator("#splits table").count() == 0


SIZES = ({"width": 1280, "height": 800}, {"width": 1024, "height": 768})
# Names and formats the Latvian page may show as they are.
NOT_ENGLISH = {"pdf", "zip", "word", "docx", "xlsx", "libreoffice", "excel", "eur", "esf", "docgen"}


def english_words() -> set[str]:
    """The words of the catalogs' English msgids (the page's and the library's) that no Latvian
    translation has: any of them on the Latvian page is a string the catalog does not translate."""
    import re

    from babel.messages.pofile import read_po

    english, latvian = set(), set()
    for package, domain in (("docgen/web", "messages"), ("docgen", "docgen")):
        path = ROOT / package / "locale" / "lv" / "LC_MESSAGES" / f"{domain}.po"
        for message in read_po(path.open("rb")):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            unplaced = re.compile(r"%\(\w+\)s|\{\w*\}")
            for text in ids:
                english |= set(re.findall(r"[a-z]{3,}", unplaced.sub("", text).lower()))
            for text in strings:
                latvian |= set(re.findall(r"[^\W\d_]+", text.lower()))
    return english - latvian - NOT_ENGLISH


def english_on(text: str, english: set[str]) -> list[str]:
    import re

    return sorted({w for w in re.findall(r"[^\W\d_]+", text.lower()) if w in english})


def splits_command_totals(workbook: Path) -> tuple[list[str], str]:
    """The totals row (its figures) and the closing line `docgen splits` prints."""
    from click.testing import CliRunner

    from docgen.cli import main

    printed = CliRunner().invoke(main, ["splits", str(workbook)]).output.splitlines()
    totals = next(line for line in printed if line.startswith("Kopā"))
    figures = [f.strip() for f in totals.removeprefix("Kopā").split("  ") if f.strip()]
    return figures, next(line for line in printed if line.startswith("LM finansējums kopā"))


def test_the_example_by_municipality_at_1280_and_1024(page, tmp_path):
    from docgen.sample import write_sample

    english = english_words()
    assert english_on("Making the documents: 3 of 7", english) == ["documents", "making", "the"]
    example = write_sample(tmp_path / "partners.xlsx")
    page.click("#check")  # no workbook chosen: said in red beside the button
    assert page.inner_text("#workbook-empty") == "Vispirms izvēlieties darbgrāmatu (.xlsx failu)."
    page.set_input_files("#workbook", str(example))
    page.click("#check")
    page.locator("#splits table", has_text="JURMALA").wait_for()
    assert page.inner_text("#workbook-empty") == ""
    assert page.locator("#problems table").count() == 0  # neither errors nor warnings
    assert page.inner_text("#problems p").endswith("; 0 kļūdu, 0 brīdinājumu.")
    assert len(page.locator("#splits tbody tr").all()) == 43
    figures, closing = splits_command_totals(example)
    totals = page.locator("#splits-totals td").all_inner_texts()
    assert totals == figures  # each with a no-break space between thousands
    assert page.inner_text("#splits-closing") == closing
    for size in SIZES:
        page.set_viewport_size(size)
        page.steps.shot(f"checked-{size['width']}")
        splits = page.locator("#splits")
        widths = splits.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert widths[0] <= widths[1], (size, widths)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    page.click("#generate")
    page.locator("#job-zip a").wait_for(timeout=180_000)
    assert page.inner_text("#job-state") == "Gatavs: 451 dokuments."
    assert page.get_attribute("#progress", "value") == "1"
    assert page.locator("#job-files details").count() == 43 + 1  # the summary apart
    assert page.locator("#job-files a").count() == 0  # no group opened: no page of links
    for size in SIZES:
        page.set_viewport_size(size)
        page.fill("#search", "")
        page.fill("#search", "Ādaž")
        group = page.locator("#job-files details[open]")
        assert group.count() == 1
        assert (
            group.locator("summary").inner_text().startswith("Ādažu novada pašvaldība (ADAZU_NOV)")
        )
        claim = group.locator("tr", has_text="Maksājuma pieprasījums Nr. 3,")
        page.steps.shot(f"adazi-{size['width']}")
        claim.wait_for()  # the group's rows are made when it opens
        payable = claim.locator("td.amount").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        assert english_on(page.inner_text("body"), english) == []
        link = claim.get_by_role("link", name="Word")
        with page.expect_download() as download:
            link.focus()
            page.keyboard.press("Enter")
        assert download.value.suggested_filename == "ADAZU_NOV_maksajuma_pieprasijums_3.docx"
        text = text_of(Path(download.value.path()))
        assert "Ādažu novada pašvaldība" in text and payable.replace("\u00a0", " ") in text.replace(
            "\u00a0", " "
        )
    page.select_option("#kind-filter", "claim")
    kinds = group.locator("tbody tr:not(.page1-row):visible td:first-child").all_inner_texts()
    assert kinds and all(k.startswith("Maksājuma pieprasījums Nr.") for k in kinds)
    with page.expect_download() as download:
        group.get_by_role("link", name="Lejupielādēt šīs pašvaldības dokumentus (zip)").click()
    names = zipfile.ZipFile(download.value.path()).namelist()
    assert "ADAZU_NOV/ADAZU_NOV_maksajuma_pieprasijums_3.docx" in names
    assert all(n.startswith("ADAZU_NOV/") for n in names)


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice is not installed",
)
def test_progress_with_pdfs_never_passes_the_end(page, book):
    import re

    page.set_viewport_size(SIZES[1])
    page.set_input_files("#workbook", str(book.save()))
    for kind in ("report", "summary", "amendment"):
        page.uncheck(f'input[name="kind"][value="{kind}"]')
    page.check("#pdf")
    page.click("#generate")
    samples = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        value = float(page.get_attribute("#progress", "value") or 0)
        said = page.inner_text("#job-state")
        samples.append((value, said))
        if said.startswith("Gatavs") or "neizdevās" in said.lower():
            break
        time.sleep(0.1)
    page.steps.shot("pdfs")
    assert samples[-1][1].startswith("Gatavs:"), samples[-1]
    assert any("LibreOffice veido PDF" in said for _, said in samples), samples
    for value, said in samples:
        assert 0 <= value <= 1, (value, said)
        for done, total in re.findall(r"(\d+) no (\d+)", said):
            assert int(done) <= int(total), said
    values = [v for v, _ in samples]
    assert values == sorted(values)  # the bar never goes back


def test_a_template_with_a_mistyped_field_is_shown_by_its_file(page, tmp_path):
    from tests.helpers import templates_with_agreement

    folder = templates_with_agreement(tmp_path, [["{{ partner.nmae }}"]])
    page.set_input_files("#templates", str(folder / "sadarbibas_ligums.docx"))
    page.click("#check-templates")
    errors = page.locator("#problems table", has_text="Kļūdas")
    errors.wait_for()
    page.steps.shot("template")
    cells = errors.locator("td").all_inner_texts()
    assert cells[0] == "sadarbibas_ligums.docx" and "partner.nmae" in cells[3]


def test_every_text_has_contrast_and_the_page_fits_1280_by_800(page, book):
    book.partners[0]["IBAN"] = "LV80BANK000043519500"
    page.set_input_files("#workbook", str(book.save()))
    page.click("#check")
    page.locator("#problems table", has_text="Kļūdas").wait_for()  # error and warning colours too
    page.focus("#amount")
    page.keyboard.type("12")
    page.keyboard.press("Enter")
    page.locator("#words", has_text="euro").wait_for()
    where, ratio = lowest_contrast(page)
    print(f"lowest text contrast: {ratio:.2f}:1 ({where})")
    assert ratio >= MIN_CONTRAST, where
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORT["width"]
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll("input:not([type=hidden]), select")]
            .filter((i) => !i.labels || i.labels.length === 0).map((i) => i.id || i.name)"""
    )
    assert unlabelled == []


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
    page.fill("#search", "JURM")
    button = page.get_by_role("button", name="Skatīt 1. lappusi", description="Sadarbības līgums")
    assert button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    # the agreement named with its term, as the manifest records it
    picture = page.get_by_role(
        "img", name="Dokumenta Sadarbības līgums, 18.04.2016.–31.12.2023. (JURMALA) 1. lappuse"
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
