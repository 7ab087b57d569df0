"""The page after a batch of thousands of documents, in a real browser (Playwright with Debian's
chromium, as the browser tests): how long its list takes to appear, a search, and a group to
open (needs the test extra and playwright).

    python bench/page.py          # the example's partners ×10: 430 municipalities, 4 507 documents
    python bench/page.py 20       # ×20
    python bench/page.py --shot page.png

Serves the app (lang lv) on a free port in a thread, builds the workbook with bench/validate.py's
builder (the example's 43 partners grown N times, with their claims, progress rows and an
amendment per 10 partners), sends it from the page and makes every document (no PDFs): the
batch's time as the page shows it done (its list of documents drawn). Then it measures in the
browser, each from the moment of the action until the page shows its result:

- a search: a municipality's code typed into the search field until its group alone is open
  with its documents' rows;
- a group opened by a click until its rows are there;
- the page's elements (document.querySelectorAll("*")) after all that.

No target is set by an issue; a clerk would find 0.5 s for an action slow.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CHROMIUM = "/usr/bin/chromium"
TOKEN = "bench-token"
BATCH_SECONDS = 900  # the batch must end within this, or the bench stops


def serve(folder: Path) -> tuple[str, object]:
    import uvicorn

    from docgen.web import Settings, create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(
        folder=folder / "runs", templates=ROOT / "templates", token=TOKEN, lang="lv"
    )
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}/?token={TOKEN}", server


def measure(page, action, done: str) -> float:
    """Seconds from ``action()`` until the JavaScript condition ``done`` holds."""
    started = time.perf_counter()
    action()
    page.wait_for_function(done, polling="raf", timeout=60_000)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("times", nargs="?", type=int, default=10, help="the example's partners ×N")
    parser.add_argument("--shot", type=Path, help="a photograph of the page at the end (PNG)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    from validate import build  # bench/validate.py's builder

    with tempfile.TemporaryDirectory() as folder:
        workbook = Path(folder) / "partners.xlsx"
        rows = build(43 * args.times, workbook)
        print(f"workbook: {rows['Partneri']} partners, {rows['Maksājumi']} claims")
        address, server = serve(Path(folder))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            # the page's CSP allows no eval, which Playwright's waiting for a condition uses
            page = browser.new_page(viewport={"width": 1280, "height": 800}, bypass_csp=True)
            page.goto(address)
            page.set_input_files("#workbook", str(workbook))
            started = time.perf_counter()
            page.click("#generate")
            page.locator("#job-zip a").wait_for(timeout=BATCH_SECONDS * 1000)
            took = time.perf_counter() - started
            print(f"batch: {page.inner_text('#job-state')} in {took:.1f} s")
            groups = page.locator("#job-files details").count()
            print(f"groups on the page: {groups}")
            code = "RIGA_7"
            searched = measure(
                page,
                lambda: page.fill("#search", code),
                "document.querySelectorAll('#job-files details[open]').length === 1 && "
                "document.querySelector('#job-files details[open] tbody tr') !== null",
            )
            print(f"search for {code}: {searched:.2f} s")
            page.fill("#search", "")
            opened = measure(
                page,
                lambda: page.locator("#job-files details summary").nth(groups // 2).click(),
                "[...document.querySelectorAll('#job-files details[open]')]"
                ".some(d => d.querySelector('tbody tr'))",
            )
            print(f"a group opened by a click: {opened:.2f} s")
            elements = page.evaluate("document.querySelectorAll('*').length")
            print(f"elements on the page: {elements}")
            if args.shot:
                page.screenshot(path=str(args.shot))
            browser.close()
        server.should_exit = True


if __name__ == "__main__":
    main()
