"""Who may use the web page: a secret token on 127.0.0.1, named users with passwords elsewhere.

The token is as Jupyter's: printed in the address to open (``/?token=…``), sent by scripts as
``Authorization: Bearer …``; a visit with it gets a session cookie. Passwords are kept as
``name:scrypt$salt$hash`` lines (hashlib.scrypt), one user a line.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import DocgenError
from docgen.files import write_bytes
from docgen.web.i18n import _, ngettext

# scrypt's cost: n=2**14, r=8 (RFC 7914's interactive setting), about 16 MB and 50 ms a check.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}
MIN_PASSWORD_CHARS = 8  # docgen users add refuses a shorter (or an empty) password
MAX_LOGIN_FAILURES = 5  # wrong passwords for one user name before it must pause
LOGIN_PAUSE_SECONDS = 300  # ... for this long after the last of them
MAX_NAME_KEPT = 64  # a name longer than any user's is counted by its first 64 characters
SESSION_SECONDS = 12 * 3600  # a session not used for this long ends (a working day)
LOGIN_FORM_SECONDS = 3600  # a login page's session (no user yet, only its CSRF token) ends sooner
MAX_LOGIN_FORMS = 10_000  # login pages' sessions kept at once; beyond, the oldest ends
SWEEP_SECONDS = 60  # how often the sessions that ended are looked for
USER_NAME = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class UsersFileError(DocgenError):
    """The users file cannot be read, or a line of it is not ``name:scrypt$salt$hash``."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$salt$hash``, both base64."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **SCRYPT)
    return f"scrypt${_b64(salt)}${_b64(digest)}"


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` (as :func:`hash_password` wrote it) hashes."""
    try:
        scheme, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        salt_bytes = base64.b64decode(salt, validate=True)
    except ValueError:
        return False
    actual = hashlib.scrypt(password.encode("utf-8"), salt=salt_bytes, **SCRYPT)
    return hmac.compare_digest(actual, expected)


def read_users(path: Path) -> dict[str, str]:
    """Name → stored hash, from a users file; blank lines and ``#`` comments are skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsersFileError(
            _("{path}: cannot be read: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    users = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _colon, stored = line.partition(":")
        if not USER_NAME.match(name) or not stored.startswith("scrypt$"):
            raise UsersFileError(
                _("{path} line {number}: not name:scrypt$salt$hash").format(
                    path=path, number=number
                )
            )
        users[name] = stored
    return users


def check_user_name(name: str) -> None:
    """UsersFileError unless ``name`` can be a user's."""
    if not USER_NAME.match(name):
        raise UsersFileError(
            _("{name}: a user name is 1-64 letters, digits, '.', '_' or '-'").format(
                name=repr(name)
            )
        )


def add_user(path: Path, name: str, password: str) -> None:
    """Add ``name`` to the users file (or give it a new password), creating the file."""
    check_user_name(name)
    if len(password) < MIN_PASSWORD_CHARS:
        raise UsersFileError(
            ngettext(
                "a password needs at least {count} character",
                "a password needs at least {count} characters",
                MIN_PASSWORD_CHARS,
            ).format(count=MIN_PASSWORD_CHARS)
        )
    path = Path(path)
    users = read_users(path) if path.exists() else {}
    users[name] = hash_password(password)
    text = "".join(f"{n}:{h}\n" for n, h in users.items())
    write_bytes(path, text.encode("utf-8"))
    path.chmod(0o600)


class LoginThrottle:
    """Wrong passwords by user name: after MAX_LOGIN_FAILURES of them within
    LOGIN_PAUSE_SECONDS, that name may not log in until LOGIN_PAUSE_SECONDS after the last.

    Counted by name, not by address (behind a proxy every address is the proxy's), and for
    names that are no user's too, so that the answer does not tell which names exist. Kept in
    memory, like the sessions; a name's count ends at a good login or when it is old.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def _recent(self, name: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(name, []) if now - t < LOGIN_PAUSE_SECONDS]
        if times:
            self._failures[name] = times
        else:
            self._failures.pop(name, None)
        return times

    def seconds_left(self, name: str) -> float:
        """How long ``name`` must wait before its next try (0: it may try now)."""
        now = self._clock()
        with self._lock:
            times = self._recent(name[:MAX_NAME_KEPT], now)
            if len(times) < MAX_LOGIN_FAILURES:
                return 0.0
            return LOGIN_PAUSE_SECONDS - (now - times[-1])

    def failed(self, name: str) -> None:
        with self._lock:
            self._failed(name, self._clock())

    def _failed(self, name: str, now: float) -> None:
        for old in [n for n, t in self._failures.items() if now - t[-1] >= LOGIN_PAUSE_SECONDS]:
            del self._failures[old]  # the dictionary holds only names tried of late
        self._failures.setdefault(name[:MAX_NAME_KEPT], []).append(now)

    def attempt(self, name: str) -> float:
        """A try for ``name``: how long it must wait (0: it may try now, and the try is counted
        as a wrong password until :meth:`succeeded` says otherwise, so that guesses sent at
        once cannot all pass while the first are being checked)."""
        now = self._clock()
        with self._lock:
            times = self._recent(name[:MAX_NAME_KEPT], now)
            if len(times) >= MAX_LOGIN_FAILURES:
                return LOGIN_PAUSE_SECONDS - (now - times[-1])
            self._failed(name, now)
            return 0.0

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name[:MAX_NAME_KEPT], None)


@functools.cache
def unknown_user_hash() -> str:
    """A hash no password is known for: a name that is no user's is checked against it, so that
    the answer takes as long as for a user's (the time would tell which names exist)."""
    return hash_password(secrets.token_urlsafe(32))


def same_secret(given: str | None, secret: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), secret.encode())


@dataclass
class Session:
    user: str | None  # None: not logged in yet (the login page's session, for its CSRF token)
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    used: float = field(default_factory=time.monotonic)


def _ended(session: Session, now: float) -> bool:
    limit = SESSION_SECONDS if session.user is not None else LOGIN_FORM_SECONDS
    return now - session.used > limit


class Sessions:
    """The server's sessions, in memory: a restart logs everyone out, and a session unused for
    SESSION_SECONDS ends. A login page's (no user yet) ends after LOGIN_FORM_SECONDS, and at
    most MAX_LOGIN_FORMS of them are kept (the oldest ends first), so that a script opening
    /login without end neither fills the memory nor touches a user's session."""

    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}
        self._forms: dict[str, None] = {}  # the login pages' keys, oldest first
        self._lock = threading.Lock()
        self._swept = time.monotonic()

    def start(self, user: str | None) -> tuple[str, Session]:
        key = secrets.token_urlsafe(32)
        session = Session(user)
        now = time.monotonic()
        with self._lock:
            if now - self._swept > SWEEP_SECONDS:  # not at each start: that made each slower
                self._swept = now
                for k in [k for k, s in self._sessions.items() if _ended(s, now)]:
                    self._drop(k)
            self._sessions[key] = session
            if user is None:
                self._forms[key] = None
                while len(self._forms) > MAX_LOGIN_FORMS:
                    self._drop(next(iter(self._forms)))
        return key, session

    def _drop(self, key: str) -> None:
        self._sessions.pop(key, None)
        self._forms.pop(key, None)

    def get(self, key: str | None) -> Session | None:
        if not key:
            return None
        now = time.monotonic()
        with self._lock:
            session = self._sessions.get(key)
            if session is None or _ended(session, now):
                self._drop(key)
                return None
            session.used = now
            return session

    def end(self, key: str | None) -> None:
        with self._lock:
            self._drop(key or "")
