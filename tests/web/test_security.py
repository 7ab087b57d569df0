"""Who may use the page, and what no request can reach: tokens, logins, CSRF, other users'
runs, paths out of a run's folder, oversized uploads."""

from __future__ import annotations

import json
import re
import secrets
import time

import pytest
from starlette.testclient import TestClient

from docgen.batch.manifest import Entry, write_manifest
from docgen.web import app as web_app
from docgen.web import create_app
from docgen.web.runs import RESTARTED, Runs
from tests.web.conftest import BEARER, TOKEN, settings, try_login

ENDPOINTS = [
    ("get", "/"),
    ("get", "/example.xlsx"),
    ("get", "/templates.zip"),
    ("get", "/api/words?amount=1"),
    ("post", "/api/validate"),
    ("post", "/api/batch"),
    ("get", "/api/jobs/" + "a" * 32),
    ("get", "/api/jobs/" + "a" * 32 + "/zip"),
    ("get", "/api/jobs/" + "a" * 32 + "/files/x.docx"),
]


def done_run(client: TestClient, owner: str = "local", files: tuple[str, ...] = ()) -> str:
    """A finished run made by hand: its manifest lists ``files``, which exist."""
    runs: Runs = client.app.state.runs
    run_id = runs.new_id()
    out = runs.folder_of(run_id) / "out"
    out.mkdir(parents=True)
    (runs.folder_of(run_id) / "workbook.xlsx").write_bytes(b"the upload")
    entries = {}
    for name in files:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(b"a document")
        entries[name] = Entry(name, "agreement", "A", None, None)
    write_manifest(out, entries)
    (out / "docgen_2026-01-01.zip").write_bytes(b"PK")
    runs.add(run_id, owner, "0" * 64, "agreement")
    runs.update(run_id, "done", {"zip": "docgen_2026-01-01.zip", "total": len(files)})
    return run_id


# --- the token --------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_without_the_token_every_endpoint_is_401(client, method, path):
    assert getattr(client, method)(path).status_code == 401


@pytest.mark.parametrize(
    "headers", [{"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}]
)
def test_a_wrong_token_is_401(client, headers):
    assert client.get("/api/words?amount=1", headers=headers).status_code == 401


def test_a_wrong_token_in_the_address_is_401_and_sets_no_cookie(client):
    response = client.get("/?token=wrong")
    assert response.status_code == 401
    assert "docgen_session" not in response.cookies


def test_the_token_in_the_address_sets_a_strict_httponly_cookie(client):
    response = client.get(f"/?token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/api/words?amount=1").status_code == 200  # the cookie alone will do


# --- CSRF -------------------------------------------------------------------------------


def test_a_post_with_the_cookie_but_without_the_csrf_token_is_refused(client, book):
    client.get(f"/?token={TOKEN}")
    files = {"workbook": ("b.xlsx", book.save().read_bytes())}
    response = client.post("/api/validate", files=files)
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]
    response = client.post("/api/validate", files=files, data={"csrf": "forged"})
    assert response.status_code == 403
    response = client.post("/logout")
    assert response.status_code == 403


def test_a_post_with_the_cookie_and_the_csrf_token_is_taken(client, book):
    from tests.web.conftest import csrf_of

    client.get(f"/?token={TOKEN}")
    csrf = csrf_of(client)
    files = {"workbook": ("b.xlsx", book.save().read_bytes())}
    assert client.post("/api/validate", files=files, data={"csrf": csrf}).status_code == 200
    headers = {"X-CSRF-Token": csrf}
    assert client.post("/api/validate", files=files, headers=headers).status_code == 200


def test_the_login_form_needs_its_csrf_token(logins):
    anna, _ = logins
    fresh = TestClient(anna.app)
    fresh.get("/login")
    response = fresh.post("/login", data={"name": "anna", "password": "anna's secret"})
    assert response.status_code == 403


# --- logins -----------------------------------------------------------------------------


def test_a_wrong_password_is_refused(logins):
    anna, _ = logins
    fresh = TestClient(anna.app)
    page = fresh.get("/")
    assert page.url.path == "/login"

    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
    response = fresh.post("/login", data={"name": "anna", "password": "guess", "csrf": csrf})
    assert response.status_code == 401
    assert "Wrong user name or password." in response.text
    assert fresh.get("/api/words?amount=1").status_code == 401


def test_the_token_of_token_mode_opens_nothing_in_login_mode(logins):
    anna, _ = logins
    fresh = TestClient(anna.app)
    assert fresh.get("/api/words?amount=1", headers=BEARER).status_code == 401


def test_another_users_job_is_404(logins):
    anna, berta = logins
    job = done_run(anna, owner="anna", files=("A/a.docx",))
    assert anna.get(f"/api/jobs/{job}").status_code == 200
    assert anna.get(f"/api/jobs/{job}/files/A/a.docx").status_code == 200
    for path in (f"/api/jobs/{job}", f"/api/jobs/{job}/zip", f"/api/jobs/{job}/files/A/a.docx"):
        response = berta.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"error": "no such job"}


def test_logging_out_ends_the_session(logins):
    from tests.web.conftest import csrf_of

    anna, _ = logins
    csrf = csrf_of(anna)
    assert anna.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert anna.get("/api/words?amount=1").status_code == 401


# --- paths ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "job",
    ["..", "..%2F..", "%2E%2E", "A" * 32, "a" * 31, "a" * 33, "g" * 32, "%2Fetc%2Fpasswd"],
)
def test_a_job_id_that_is_not_32_hex_digits_is_404(client, job):
    for tail in ("", "/zip", "/files/x.docx"):
        response = client.get(f"/api/jobs/{job}{tail}", headers=BEARER)
        assert response.status_code == 404, (job, tail)


@pytest.mark.parametrize(
    "path",
    [
        "..%2Fworkbook.xlsx",
        "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "%2Fetc%2Fpasswd",
        "A%2F..%2F..%2Fworkbook.xlsx",
        "manifest.json",
        "docgen_2026-01-01.zip",
        "A%5C..%5C..%5Cworkbook.xlsx",
        "A/b.docx",
    ],
)
def test_a_file_not_in_the_manifest_is_404(client, path):
    job = done_run(client, files=("A/a.docx",))
    response = client.get(f"/api/jobs/{job}/files/{path}", headers=BEARER)
    assert response.status_code == 404
    assert b"the upload" not in response.content


def test_a_file_in_the_manifest_is_served(client):
    job = done_run(client, files=("A/a.docx",))
    response = client.get(f"/api/jobs/{job}/files/A/a.docx", headers=BEARER)
    assert response.content == b"a document"


@pytest.mark.parametrize(
    "fields",
    [
        {"kinds": "../agreement"},
        {"kinds": "agreement,../../etc"},
        {"partners": "../JURMALA"},
        {"partners": "/etc/passwd"},
    ],
)
def test_kinds_and_partners_with_paths_are_refused(client, book, fields):
    files = {"workbook": ("../../b.xlsx", book.save().read_bytes())}
    response = client.post("/api/batch", files=files, data=fields, headers=BEARER)
    assert response.status_code == 422
    folder = client.app.state.runs.folder
    assert sorted(p.name for p in folder.iterdir()) == ["runs.sqlite"]
    assert not (folder.parent / "b.xlsx").exists()


def test_an_uploads_name_is_never_a_path(client, book, tmp_path):
    files = {"workbook": ("../../../escaped.xlsx", book.save().read_bytes())}
    response = client.post("/api/validate", files=files, headers=BEARER)
    assert response.status_code == 200
    assert response.json()["summary"].startswith("escaped.xlsx: ")
    assert list(tmp_path.rglob("escaped.xlsx")) == []


# --- sizes ------------------------------------------------------------------------------


def test_an_oversized_upload_is_refused_from_its_content_length(client, monkeypatch):
    monkeypatch.setattr(web_app, "MAX_UPLOAD_BYTES", 1000)
    files = {"workbook": ("b.xlsx", b"x" * 2000)}
    response = client.post("/api/validate", files=files, headers=BEARER)
    assert response.status_code == 413
    assert response.json() == {"error": "the upload is larger than the limit of 1000 bytes"}


def test_the_limit_is_said_in_megabytes():
    assert web_app.TooLarge().detail == "the upload is larger than the limit of 20 MB"


def test_an_oversized_upload_without_a_length_is_refused_while_it_streams(client, monkeypatch):
    monkeypatch.setattr(web_app, "MAX_UPLOAD_BYTES", 1000)
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="workbook"; filename="b.xlsx"\r\n'
        f"\r\n{'x' * 5000}\r\n--{boundary}--\r\n"
    ).encode()

    def chunks():
        for start in range(0, len(body), 500):
            yield body[start : start + 500]

    headers = {**BEARER, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    response = client.post("/api/validate", content=chunks(), headers=headers)
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert response.status_code == 413
    assert "larger than the limit" in response.json()["error"]


def test_more_files_than_allowed_are_refused(client, book):
    data = book.save().read_bytes()
    files = [("workbook", ("a.xlsx", data))]
    files += [("templates", (f"{i}.docx", data)) for i in range(web_app.MAX_UPLOADS)]
    response = client.post("/api/validate", files=files, headers=BEARER)
    assert response.status_code == 400
    assert "files" in response.json()["error"].lower()


# --- restarts and retention -------------------------------------------------------------


def test_a_restart_marks_the_jobs_left_running_or_queued_failed(tmp_path):
    runs = Runs(tmp_path / "runs")
    ids = {state: runs.new_id() for state in ("running", "queued", "done")}
    for state, run_id in ids.items():
        runs.add(run_id, "local", "0" * 64, "agreement")
        runs.update(run_id, state)
    with TestClient(create_app(settings(tmp_path))):
        pass
    assert runs.get(ids["running"], "local").state == "failed"
    assert runs.get(ids["running"], "local").message == RESTARTED
    assert runs.get(ids["queued"], "local").state == "failed"
    assert runs.get(ids["done"], "local").state == "done"


def test_a_job_not_done_serves_no_zip(client):
    runs: Runs = client.app.state.runs
    run_id = runs.new_id()
    runs.folder_of(run_id).mkdir()
    runs.add(run_id, "local", "0" * 64, "agreement")
    runs.update(run_id, "running", {"zip": "docgen_2026-01-01.zip"})
    response = client.get(f"/api/jobs/{run_id}/zip", headers=BEARER)
    assert response.status_code == 409
    assert client.get(f"/api/jobs/{run_id}", headers=BEARER).json()["state"] == "running"


def test_old_runs_are_removed_with_their_files_at_startup(tmp_path):
    runs = Runs(tmp_path / "runs")
    old, new = runs.new_id(), runs.new_id()
    for run_id in (old, new):
        runs.folder_of(run_id).mkdir()
        (runs.folder_of(run_id) / "workbook.xlsx").write_bytes(b"x")
        runs.add(run_id, "local", "0" * 64, "agreement")
    with runs._connect() as db:
        db.execute("update runs set created = ? where id = ?", (time.time() - 31 * 86400, old))
    with TestClient(create_app(settings(tmp_path))):
        pass
    assert runs.get(old, "local") is None and not runs.folder_of(old).exists()
    assert runs.get(new, "local") is not None and runs.folder_of(new).exists()


def test_the_retention_is_configurable(tmp_path):
    runs = Runs(tmp_path / "runs")
    run_id = runs.new_id()
    runs.add(run_id, "local", "0" * 64, "agreement")
    assert runs.remove_older_than(1, now=time.time() + 0.5 * 86400) == []
    assert runs.remove_older_than(1, now=time.time() + 2 * 86400) == [run_id]


def test_a_run_id_is_refused_as_a_folder_unless_it_is_32_hex_digits(tmp_path):
    runs = Runs(tmp_path)
    with pytest.raises(ValueError):
        runs.folder_of("../" + secrets.token_hex(15))
    assert json.dumps(runs.folder_of(runs.new_id()).name).strip('"').isalnum()


def test_what_a_stopped_server_left_is_removed_at_startup(tmp_path):
    runs = Runs(tmp_path / "runs")
    kept, orphan = runs.new_id(), runs.new_id()
    runs.add(kept, "local", "0" * 64, "agreement")
    for name in (kept, orphan, ".upload-" + runs.new_id(), ".example-x", "templates"):
        (runs.folder / name).mkdir()
    with TestClient(create_app(settings(tmp_path))):
        pass
    assert sorted(p.name for p in runs.folder.iterdir()) == sorted(
        [kept, "runs.sqlite", "templates"]
    )


def test_the_pages_may_not_be_framed_or_load_from_elsewhere(client, logins):
    page = client.get(f"/?token={TOKEN}")
    login = TestClient(logins[0].app).get("/login")
    for response in (page, login):
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "script-src" not in policy or "unsafe-inline" not in policy.split("script-src")[1]
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"  # the ?token= stays here


# --- login attempts -----------------------------------------------------------------------


def test_a_name_with_too_many_wrong_passwords_must_pause_and_others_may_go_on(logins, monkeypatch):
    from docgen.web import auth
    from tests.web.conftest import PASSWORDS

    anna, _ = logins
    now = [1000.0]
    anna.app.state.throttle = auth.LoginThrottle(clock=lambda: now[0])
    fresh = TestClient(anna.app)
    for _attempt in range(auth.MAX_LOGIN_FAILURES):
        assert try_login(fresh, "anna", "guess").status_code == 401
    response = try_login(fresh, "anna", PASSWORDS["anna"])  # right, but too late
    assert response.status_code == 429
    assert "Too many wrong passwords for this name; try again in 5 minutes." in response.text
    assert try_login(TestClient(anna.app), "berta", PASSWORDS["berta"]).status_code == 303
    now[0] += auth.LOGIN_PAUSE_SECONDS - 59
    assert "try again in 1 minute." in try_login(fresh, "anna", "guess").text
    now[0] += 60
    assert try_login(fresh, "anna", PASSWORDS["anna"]).status_code == 303


def test_a_good_login_clears_the_names_wrong_passwords(logins):
    from docgen.web import auth
    from tests.web.conftest import PASSWORDS

    anna, _ = logins
    fresh = TestClient(anna.app)
    for _attempt in range(auth.MAX_LOGIN_FAILURES - 1):
        assert try_login(fresh, "anna", "guess").status_code == 401
    assert try_login(fresh, "anna", PASSWORDS["anna"]).status_code == 303
    for _attempt in range(auth.MAX_LOGIN_FAILURES - 1):
        assert try_login(TestClient(anna.app), "anna", "guess").status_code == 401
    assert try_login(TestClient(anna.app), "anna", PASSWORDS["anna"]).status_code == 303


def test_names_that_are_no_users_are_counted_too_and_kept_short():
    from docgen.web.auth import MAX_LOGIN_FAILURES, MAX_NAME_KEPT, LoginThrottle

    throttle = LoginThrottle()
    long_name = "x" * 10_000
    for _attempt in range(MAX_LOGIN_FAILURES):
        assert throttle.seconds_left(long_name) == 0
        throttle.failed(long_name)
    assert throttle.seconds_left(long_name) > 0
    assert [len(n) for n in throttle._failures] == [MAX_NAME_KEPT]


def test_wrong_passwords_sent_at_once_are_counted_before_they_are_checked(logins, monkeypatch):
    """Forty guesses sent together all passed the throttle while the first were still being
    checked (a scrypt takes 50 ms): only MAX_LOGIN_FAILURES of them may be checked."""
    import threading

    from docgen.web import auth

    anna, _ = logins
    checked = []

    def slow_check(password: str, stored: str) -> bool:
        checked.append(password)
        time.sleep(0.3)
        return False

    monkeypatch.setattr(web_app, "check_password", slow_check)
    clients = [TestClient(anna.app) for _ in range(12)]
    pages = [c.get("/login") for c in clients]
    tokens = [re.search(r'name="csrf" value="([^"]+)"', p.text)[1] for p in pages]
    statuses: list[int] = []
    start = threading.Barrier(len(clients))

    def guess(client: TestClient, csrf: str) -> None:
        start.wait()
        data = {"name": "anna", "password": "guess", "csrf": csrf}
        statuses.append(client.post("/login", data=data, follow_redirects=False).status_code)

    threads = [
        threading.Thread(target=guess, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == auth.MAX_LOGIN_FAILURES
    assert sorted(statuses) == [401] * auth.MAX_LOGIN_FAILURES + [429] * (
        len(clients) - auth.MAX_LOGIN_FAILURES
    )


def test_a_name_that_is_no_users_costs_a_password_check_too(logins, monkeypatch):
    """Else the time of the answer (2 ms against 50) tells which names are users'."""
    anna, _ = logins
    checked = []
    real = web_app.check_password
    monkeypatch.setattr(web_app, "check_password", lambda p, s: checked.append(p) or real(p, s))
    assert try_login(TestClient(anna.app), "nobody", "guess").status_code == 401
    assert checked == ["guess"]
