"""Passwords, the users file and sessions."""

from __future__ import annotations

import pytest

from docgen.web import auth
from docgen.web.auth import (
    Sessions,
    UsersFileError,
    add_user,
    check_password,
    hash_password,
    read_users,
)


def test_a_password_checks_against_its_hash_only():
    stored = hash_password("correct horse")
    assert stored.count("$") == 2 and stored.startswith("scrypt$")
    assert check_password("correct horse", stored)
    assert not check_password("correct hors", stored)
    assert hash_password("correct horse") != stored  # a new salt each time


@pytest.mark.parametrize("stored", ["", "scrypt$", "md5$a$b", "scrypt$!!$??", "plain"])
def test_a_damaged_hash_checks_nothing(stored):
    assert not check_password("", stored)


def test_a_damaged_users_file_names_its_line(tmp_path):
    path = tmp_path / "users.txt"
    path.write_text("# staff\nanna:" + hash_password("x") + "\n\nberta:plain\n")
    with pytest.raises(UsersFileError, match=r"users.txt line 4: not name:scrypt\$salt\$hash"):
        read_users(path)


def test_adding_a_user_again_changes_the_password(tmp_path):
    path = tmp_path / "users.txt"
    add_user(path, "anna", "one-secret")
    add_user(path, "berta", "two-secret")
    add_user(path, "anna", "three-secret")
    users = read_users(path)
    assert list(users) == ["anna", "berta"]
    assert check_password("three-secret", users["anna"])
    assert not check_password("one-secret", users["anna"])


@pytest.mark.parametrize("password", ["", "1234567"])
def test_a_password_has_at_least_eight_characters(tmp_path, password):
    from docgen.web.auth import MIN_PASSWORD_CHARS

    assert MIN_PASSWORD_CHARS == 8
    with pytest.raises(UsersFileError, match=r"^a password needs at least 8 characters$"):
        add_user(tmp_path / "users.txt", "anna", password)
    assert not (tmp_path / "users.txt").exists()
    add_user(tmp_path / "users.txt", "anna", "12345678")


@pytest.mark.parametrize("name", ["", "a:b", "../x", "anna berta", "x" * 65])
def test_a_user_name_is_letters_digits_and_a_few_marks(tmp_path, name):
    with pytest.raises(UsersFileError):
        add_user(tmp_path / "users.txt", name, "pw")


def test_a_session_unused_too_long_ends(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(auth.time, "monotonic", lambda: now[0])
    sessions = Sessions()
    key, session = sessions.start("anna")
    now[0] += auth.SESSION_SECONDS - 1
    assert sessions.get(key) is session  # using it keeps it
    now[0] += auth.SESSION_SECONDS - 1
    assert sessions.get(key) is session
    now[0] += auth.SESSION_SECONDS + 1
    assert sessions.get(key) is None
    assert sessions.get(None) is None and sessions.get("nonsense") is None


def test_login_pages_opened_by_the_thousand_keep_few_sessions_and_no_users(monkeypatch):
    """Each visit to /login without a cookie starts a session (for its CSRF token), and each
    start looked through all of them: a script opening it a few thousand times a minute made
    the server slower with every visit and kept them all for 12 hours."""
    monkeypatch.setattr(auth, "MAX_LOGIN_FORMS", 5)
    now = [1000.0]
    monkeypatch.setattr(auth.time, "monotonic", lambda: now[0])
    sessions = Sessions()
    user, anna = sessions.start("anna")
    forms = [sessions.start(None)[0] for _ in range(20)]
    assert sessions.get(user) is anna  # a user's session is never given up for a form's
    assert [k for k in forms if sessions.get(k) is not None] == forms[-5:]
    assert len(sessions._sessions) == 6
    now[0] += auth.LOGIN_FORM_SECONDS + 1
    assert sessions.get(forms[-1]) is None  # a login form is good for an hour
    assert sessions.get(user) is anna
