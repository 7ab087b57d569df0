"""Every answer carries the security headers: pages, JSON, scripts, downloads, page 1's picture
and errors (401, 404, 405, 413, 422, 500), the pages with their own Content-Security-Policy."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from docgen.batch.manifest import Entry, write_manifest
from docgen.web import app as web_app
from docgen.web import create_app
from docgen.web.runs import Runs
from tests.helpers import TEMPLATES
from tests.web.conftest import BEARER, TOKEN, settings, try_login, validate_in_this_process
from tests.web.test_api import upload

EVERY_ANSWER = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
DOCUMENT = "A/a.docx"
SHA256 = "ab" * 32


def assert_headers(response, what) -> None:
    for name, value in EVERY_ANSWER.items():
        assert response.headers.get(name) == value, (what, response.status_code, name)
    policy = response.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in policy, (what, response.status_code)


def done_run(client: TestClient) -> str:
    """A finished run made by hand: a document in its manifest and page 1's picture of it kept
    (so that the preview is a file read, without LibreOffice)."""
    runs: Runs = client.app.state.runs
    run_id = runs.new_id()
    folder = runs.folder_of(run_id)
    (folder / "out" / "A").mkdir(parents=True)
    (folder / "out" / DOCUMENT).write_bytes(b"a document")
    entry = Entry(DOCUMENT, "agreement", "A", None, None, sha256=SHA256)
    write_manifest(folder / "out", {DOCUMENT: entry})
    (folder / "out" / "docgen_2026-01-01.zip").write_bytes(b"PK")
    (folder / web_app.PREVIEWS).mkdir()
    (folder / web_app.PREVIEWS / f"{SHA256}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    runs.add(run_id, "local", "0" * 64, "agreement")
    runs.update(run_id, "done", {"zip": "docgen_2026-01-01.zip", "total": 1})
    return run_id


def test_every_route_answers_with_the_security_headers(client, book):
    job = done_run(client)
    workbook = upload(book.save())
    template = ("sadarbibas_ligums.docx", (TEMPLATES / "sadarbibas_ligums.docx").read_bytes())
    # A request for each route, as the page or a script makes it (a batch refused at once, so
    # that no worker starts).
    asked = {
        "/": [("get", f"/?token={TOKEN}", {}), ("get", "/", {})],
        "/login": [("get", "/login", {}), ("post", "/login", {})],
        "/logout": [("post", "/logout", {})],
        "/static/app.js": [("get", "/static/app.js", {})],
        "/example.xlsx": [("get", "/example.xlsx", {})],
        "/templates.zip": [("get", "/templates.zip", {})],
        "/api/validate": [("post", "/api/validate", {"files": workbook})],
        "/api/batch": [("post", "/api/batch", {"files": workbook, "data": {"kinds": "x"}})],
        "/api/templates": [("post", "/api/templates", {"files": {"templates": template}})],
        "/api/words": [("get", "/api/words?amount=1", {}), ("get", "/api/words?amount=x", {})],
        "/api/jobs/{job}": [("get", f"/api/jobs/{job}", {})],
        "/api/mark": [("post", "/api/mark", {"files": workbook})],
        "/api/jobs/{job}/zip": [("get", f"/api/jobs/{job}/zip", {})],
        "/api/jobs/{job}/zip/{partner}": [("get", f"/api/jobs/{job}/zip/A", {})],
        "/api/jobs/{job}/files/{path:path}": [("get", f"/api/jobs/{job}/files/{DOCUMENT}", {})],
        "/api/jobs/{job}/preview/{path:path}": [("get", f"/api/jobs/{job}/preview/{DOCUMENT}", {})],
    }
    routes = {r.path for r in client.app.routes if isinstance(r, Route)}
    assert routes == set(asked), "a route without a request here"
    statuses, types = set(), set()
    for requests in asked.values():
        for method, address, extra in requests:
            for headers in (BEARER, {}):  # with the token, and refused without it
                client.cookies.clear()  # no session: the page itself is the next test's
                response = getattr(client, method)(
                    address, headers=headers, follow_redirects=False, **extra
                )
                assert_headers(response, (method, address))
                statuses.add(response.status_code)
                types.add(response.headers.get("content-type", "").split(";")[0])
    assert {200, 303, 401, 404, 422} <= statuses
    assert {"application/json", "text/javascript", "image/png", "application/zip"} <= types


def test_the_pages_keep_their_own_policy(client, logins):
    page = client.get(f"/?token={TOKEN}")
    login = TestClient(logins[0].app).get("/login")
    for response in (page, login):
        assert (
            response.headers["content-security-policy"]
            == (web_app.PAGE_HEADERS["Content-Security-Policy"])
        )
        assert_headers(response, response.url)
    wrong = try_login(TestClient(logins[0].app), "anna", "wrong")
    assert wrong.status_code == 401
    assert_headers(wrong, "a wrong password")


@pytest.mark.parametrize(
    ("method", "address", "status"),
    [
        ("get", "/no/such/address", 404),
        ("post", "/api/words?amount=1", 405),
        ("get", "/api/jobs/" + "a" * 32, 404),
        ("get", "/api/jobs/..%2F..%2Fetc/files/x", 404),
    ],
)
def test_errors_answer_with_the_security_headers(client, method, address, status):
    response = getattr(client, method)(address, headers=BEARER)
    assert response.status_code == status
    assert_headers(response, address)


def test_a_refused_upload_and_an_unexpected_error_answer_with_the_security_headers(
    tmp_path, book, monkeypatch
):
    from docgen.workbook import reader

    def broken(path):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(reader, "validate", broken)
    app = create_app(settings(tmp_path))
    with TestClient(app, raise_server_exceptions=False) as client:
        validate_in_this_process(app)
        failed = client.post("/api/validate", files=upload(book.save()), headers=BEARER)
        assert failed.status_code == 500
        assert_headers(failed, "500")
        monkeypatch.setattr(web_app, "MAX_UPLOAD_BYTES", 10)
        large = client.post("/api/validate", files=upload(book.save()), headers=BEARER)
        assert large.status_code == 413
        assert_headers(large, "413")


def test_a_download_is_an_attachment_with_the_security_headers(client):
    job = done_run(client)
    response = client.get(f"/api/jobs/{job}/files/{DOCUMENT}", headers=BEARER)
    assert response.content == b"a document"
    assert re.match(r"attachment; filename=\"?a\.docx", response.headers["content-disposition"])
    assert_headers(response, "a download")
