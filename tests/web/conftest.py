"""The web app under Starlette's TestClient: token mode (one user) and login mode (two)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from docgen.web import Settings, create_app
from docgen.web.auth import hash_password
from tests.helpers import ROOT

TOKEN = "test-token"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
PASSWORDS = {"anna": "anna's secret", "berta": "berta's secret"}


# Each phase's report of a test, for fixtures that act on the outcome (the browser tests keep
# their screenshots of a failed test).
OUTCOMES = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(OUTCOMES, {})[report.when] = report
    return report


@pytest.fixture(autouse=True)
def _language_put_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """An app sets the process's language to its own (docgen.i18n): back to English after."""
    monkeypatch.setenv("DOCGEN_LANG", "en")


def validate_in_this_process(app) -> None:
    """The app's validations in a thread of this process, where a test's monkeypatch reaches.

    The server validates each workbook in a process of its own (``app.state.checker``); an error
    raised there is raised in the server alike. Call inside the app's ``with TestClient``.
    """
    from concurrent.futures import ThreadPoolExecutor

    from docgen.web.checker import Checker

    app.state.checker.shutdown()
    app.state.checker = Checker(lambda: ThreadPoolExecutor(1))


def settings(folder: Path, **changes) -> Settings:
    values = {
        "folder": folder / "runs",
        "templates": ROOT / "templates",
        "token": TOKEN,
        "batch_jobs": 1,
        "max_running": 1,
        "lang": "en",  # the messages the tests assert; the page's Latvian is tested on its own
    }
    values.update(changes)
    return Settings(**values)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """Token mode; the test authenticates each request as it means to."""
    with TestClient(create_app(settings(tmp_path))) as client:
        yield client


@pytest.fixture(scope="session")
def users() -> dict[str, str]:
    return {name: hash_password(password) for name, password in PASSWORDS.items()}


def try_login(client: TestClient, name: str, password: str):
    """The answer to the login page's form sent with ``name`` and ``password``."""
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
    data = {"name": name, "password": password, "csrf": csrf}
    return client.post("/login", data=data, follow_redirects=False)


def log_in(client: TestClient, name: str) -> str:
    """Log ``name`` in; the session's CSRF token."""
    response = try_login(client, name, PASSWORDS[name])
    assert response.status_code == 303, response.text
    return csrf_of(client)


def csrf_of(client: TestClient) -> str:
    return re.search(r'name="csrf" content="([^"]+)"', client.get("/").text)[1]


@pytest.fixture
def logins(tmp_path: Path, users) -> Iterator[tuple[TestClient, TestClient]]:
    """Login mode: one client logged in as anna, one as berta, on the same server."""
    app = create_app(settings(tmp_path, token=None, users=users))
    with TestClient(app) as anna:  # runs the app's startup; berta shares that state
        berta = TestClient(app)
        log_in(anna, "anna")
        log_in(berta, "berta")
        yield anna, berta
