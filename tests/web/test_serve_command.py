"""docgen serve and docgen users add, at the command line's boundary."""

from __future__ import annotations

import uvicorn
from click.testing import CliRunner

from docgen.cli import main
from docgen.web.auth import check_password, read_users


def test_serve_prints_the_address_with_the_token(monkeypatch, tmp_path):
    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(kw, app=app))
    monkeypatch.setenv("DOCGEN_TOKEN", "s3cret")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    # in the page's language, Latvian unless --lang says otherwise
    assert result.output == "Atveriet http://127.0.0.1:8123/?token=s3cret\n"
    english = CliRunner().invoke(main, ["serve", "--port", "8123", "--lang", "en"])
    assert english.output == "Open http://127.0.0.1:8123/?token=s3cret\n"
    assert started["host"] == "127.0.0.1" and started["port"] == 8123
    settings = started["app"].state.settings
    assert settings.folder == tmp_path / "web-runs"
    assert (tmp_path / "web-runs" / "templates" / "sadarbibas_ligums.docx").is_file()


def test_without_docgen_token_the_token_is_random(monkeypatch, tmp_path):
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    monkeypatch.delenv("DOCGEN_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(main, ["serve"]).output
    second = CliRunner().invoke(main, ["serve"]).output
    assert first.startswith("Atveriet http://127.0.0.1:8000/?token=")
    assert first != second and len(first.split("token=")[1].strip()) >= 40


def test_another_host_needs_users(monkeypatch, tmp_path):
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "--host 0.0.0.0 needs --users FILE" in result.output


def test_users_add_asks_twice_and_stores_an_scrypt_hash(monkeypatch, tmp_path):
    users = tmp_path / "users.txt"
    result = CliRunner().invoke(
        main, ["users", "add", str(users), "anna"], input="pw1-secret\npw1-secret\n"
    )
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"anna can log in ({users})\n")
    stored = read_users(users)["anna"]
    assert stored.startswith("scrypt$") and "pw1" not in users.read_text()
    assert check_password("pw1-secret", stored) and not check_password("pw2-secret", stored)
    assert users.stat().st_mode & 0o077 == 0


def test_users_add_refuses_passwords_that_differ(tmp_path):
    users = tmp_path / "users.txt"
    result = CliRunner().invoke(
        main, ["users", "add", str(users), "anna"], input="aaaaaaaa\nb\naaaaaaaa\naaaaaaaa\n"
    )
    assert "do not match" in result.output
    assert result.exit_code == 0 and check_password("aaaaaaaa", read_users(users)["anna"])


def test_serve_with_users_asks_for_a_login(monkeypatch, tmp_path):
    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(kw, app=app))
    monkeypatch.chdir(tmp_path)
    CliRunner().invoke(main, ["users", "add", "users.txt", "anna"], input="x-secret\nx-secret\n")
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--users", "users.txt"])
    assert result.exit_code == 0, result.output
    assert result.output == "Atveriet http://0.0.0.0:8000/ un piesakieties\n"
    assert set(started["app"].state.settings.users) == {"anna"}


def test_serve_takes_the_running_batches_and_the_days_runs_are_kept(monkeypatch, tmp_path):
    from docgen.web import app as web_app

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(app=app))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["serve", "--running", "4", "--keep-days", "7.5"])
    assert result.exit_code == 0, result.output
    settings = started["app"].state.settings
    assert (settings.max_running, settings.retention_days) == (4, 7.5)
    shown = CliRunner().invoke(main, ["serve", "--help", "--lang", "en"]).output
    assert f"[default: {web_app.MAX_RUNNING}]" in shown  # the help says the constants
    assert f"[default: {web_app.RETENTION_DAYS:g}]" in shown
    refused = CliRunner().invoke(main, ["serve", "--keep-days", "0"])
    assert refused.exit_code == 2


def test_stopping_the_server_waits_for_its_requests_only_a_few_seconds(monkeypatch, tmp_path):
    """Twenty looks at documents that hang LibreOffice (a minute each) kept a stopped server
    (SIGTERM, Ctrl-C) running for twenty minutes: uvicorn waits for every request unless told."""
    from docgen.web.app import STOP_SECONDS

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(kw, app=app))
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["serve"]).exit_code == 0
    assert started["timeout_graceful_shutdown"] == STOP_SECONDS <= 10
