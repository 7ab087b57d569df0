"""The web page and its JSON API, as a Starlette application (see the package's docstring).

Every request but the login page's needs a user: the token (``?token=`` once, then the session
cookie; or ``Authorization: Bearer``) when the server listens on 127.0.0.1, a login otherwise.
A POST made with the session cookie must carry the session's CSRF token (the form field
``csrf`` or the header ``X-CSRF-Token``); one made with the Bearer token needs none, since a
browser never adds that header by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import io
import json
import math
import os
import re
import shutil
import unicodedata
import urllib.parse
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from http import HTTPStatus
from importlib import resources
from pathlib import Path, PurePath
from typing import Any

import anyio
import anyio.to_thread
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders, UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from docgen.documents.kinds import KINDS, TEMPLATE_FILES, TEMPLATE_NAMES, template_kinds
from docgen.errors import AmountError, Problem
from docgen.i18n import set_language
from docgen.latvian.words import amount_in_words
from docgen.money import parse_amount
from docgen.records import Workbook
from docgen.web.auth import (
    LoginThrottle,
    Session,
    Sessions,
    check_password,
    same_secret,
    unknown_user_hash,
)
from docgen.web.checker import Checker, ValidationLost, process_pool
from docgen.web.i18n import N_, _, ngettext, translations
from docgen.web.jobs import OUT, WORKBOOK, Job, Scheduler, read_listed, read_progress
from docgen.web.runs import Runs

# The limits; tests set smaller ones.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a request's body: a workbook of the 43 partners is 60 kB
MAX_UPLOADS = 1 + len(TEMPLATE_NAMES)  # files in one request: a workbook and each template
MAX_RUNNING = 2  # batches running at once (one per user)
# Workbooks validated at once (/api/validate), each in a process of its own: in the server's
# threads every validation held its one interpreter lock, one core (8 clients on this 2-core
# machine: p95 0.71 s in threads, 0.20 s in processes, bench/web.py).
VALIDATE_PROCESSES = os.cpu_count() or 1
RETENTION_DAYS = 30.0  # a run and its files are removed this long after it was made
CLEANUP_SECONDS = 24 * 3600  # how often old runs are looked for, besides at startup
STOP_SECONDS = 5  # a stopped server waits this long for the requests under way, then ends them

COOKIE = "docgen_session"
# The pages load nothing from elsewhere, run no inline script and are never framed (clickjacking).
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; "
        "form-action 'self'; base-uri 'none'"
    ),
}
# Every answer's (pages, JSON, scripts, downloads, pictures, errors), unless it sets its own: no
# guessing of a type other than the one sent, no address (with its ?token=) sent on, no framing;
# what is not a page may load nothing at all.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}
LOCAL_USER = "local"  # the one user of token mode
PREVIEWS = "previews"  # in a run's folder: the pictures of page 1 made, by the .docx's SHA-256
ZIP_NAME = re.compile(r"^docgen_\d{4}-\d{2}-\d{2}\.zip$")
PLACE = re.compile(
    r"^(?P<sheet>[^!]+?)(?:!(?P<cell>[A-Z]*[0-9]+|[A-Z]+))?(?: \((?P<column>.+)\))?$"
)


@dataclass(frozen=True)
class Settings:
    """What ``docgen serve`` was given."""

    folder: Path  # the runs go here, each in a folder of its own
    templates: Path  # the Word templates the batches use
    workbook: Path | None = None  # the folder's own workbook (inputs/partners.xlsx), if any
    token: str | None = None  # token mode: the secret of the printed address
    users: dict[str, str] | None = None  # login mode: name → scrypt hash
    batch_jobs: int | None = None  # worker processes of one batch (one per core by default)
    max_running: int | None = None  # MAX_RUNNING unless given
    retention_days: float | None = None  # RETENTION_DAYS unless given
    lang: str = "lv"  # the page's language, one of LANGUAGES


class Refused(Exception):
    """A request the API answers 422 with one problem: ``message`` (in the server's language)."""

    def __init__(self, message: str, **values: str):
        self.message = _(message).format(**values)
        super().__init__(self.message)


class TooLarge(HTTPException):
    def __init__(self) -> None:
        megabytes, rest = divmod(MAX_UPLOAD_BYTES, 1024 * 1024)
        if rest:
            limit = _("{count} bytes").format(count=MAX_UPLOAD_BYTES)
        else:
            limit = _("{count} MB").format(count=megabytes)
        super().__init__(
            413, _("the upload is larger than the limit of {limit}").format(limit=limit)
        )


class UploadLimit:
    """Refuse a request body above MAX_UPLOAD_BYTES: at once from its Content-Length, and while
    it streams when it has none (or lies)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > MAX_UPLOAD_BYTES:
            exc = TooLarge()
            await JSONResponse({"error": exc.detail}, 413)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_UPLOAD_BYTES:
                raise TooLarge()
            return message

        await self.app(scope, counted, send)


class SecurityHeaders:
    """Add SECURITY_HEADERS to every answer, each unless the answer has it (the pages' own
    Content-Security-Policy). It wraps the whole application, Starlette's answer to an
    unforeseen error (500) included."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


class _Application(Starlette):
    def build_middleware_stack(self) -> ASGIApp:
        # Outside Starlette's own middleware: its ServerErrorMiddleware (the 500) is outermost.
        return SecurityHeaders(super().build_middleware_stack())


# --- who is asking ----------------------------------------------------------------------


@dataclass(frozen=True)
class Caller:
    user: str
    session: Session | None  # None: the Bearer token (no CSRF check needed)


def _caller(request: Request) -> Caller | None:
    settings: Settings = request.app.state.settings
    if settings.token is not None:
        scheme, _space, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and same_secret(given.strip(), settings.token):
            return Caller(LOCAL_USER, None)
    session = request.app.state.sessions.get(request.cookies.get(COOKIE))
    if session is not None and session.user is not None:
        return Caller(session.user, session)
    return None


def _require(request: Request) -> Caller:
    caller = _caller(request)
    if caller is None:
        raise HTTPException(401, _("log in first: open the address docgen serve printed"))
    return caller


def _check_csrf(caller: Caller | Session | None, given: str | None) -> None:
    session = caller.session if isinstance(caller, Caller) else caller
    if session is None and isinstance(caller, Caller):
        return  # the Bearer token
    if session is None or not same_secret(given, session.csrf):
        raise HTTPException(403, _("the form's CSRF token is missing or wrong; reload the page"))


async def _read_form(request: Request, max_files: int, max_fields: int) -> Any:
    """The request's form; one Starlette refuses (400, in English) refused in our words."""
    try:
        return await request.form(max_files=max_files, max_fields=max_fields)
    except HTTPException as exc:
        if exc.status_code != 400:
            raise
        if exc.detail.startswith("Too many files"):
            message = _("too many files: a request may carry at most {count}").format(
                count=max_files
            )
        elif exc.detail.startswith("Too many fields"):
            message = _("too many fields: a request may carry at most {count}").format(
                count=max_fields
            )
        else:
            message = _("not a form that can be read ({reason})").format(reason=exc.detail)
        raise HTTPException(400, message) from None


async def _form(request: Request, caller: Caller) -> Any:
    form = await _read_form(request, MAX_UPLOADS, 20)
    _check_csrf(caller, request.headers.get("x-csrf-token") or _text(form, "csrf"))
    return form


def _text(form: Any, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


# --- pages ------------------------------------------------------------------------------

LANGUAGES = ("lv", "en")  # the page's; its strings are English msgids, lv from locale/

# The words the page's script shows, by key (given to it as JSON in the page).
SCRIPT_STRINGS = {
    "sheet": N_("Sheet"),
    "file": N_("File"),
    "cell": N_("Cell"),
    "column": N_("Column"),
    "message": N_("What is wrong"),
    "errors": N_("Errors"),
    "warnings": N_("Warnings"),
    "splits": N_("Funding split (EUR)"),
    "partner": N_("Partner"),
    "totals": N_("Total"),
    "nofile": N_("Choose a workbook (.xlsx) first."),
    "marked": N_("The copy with the problems marked is downloaded: %(name)s"),
    "zip": N_("Download everything (zip)"),
    "partnerzip": N_("Download this municipality's documents (zip)"),
    "view": N_("View page 1"),
    "page1": N_("Page 1 of %(name)s"),
    "making": N_("Making the picture of page 1…"),
    "nopicture": N_("The picture of page 1 could not be made."),
    "document": N_("Document"),
    "payable": N_("Amount payable (EUR)"),
    "status": N_("Status"),
    "download": N_("Download"),
    "numbered": N_("%(name)s No. %(number)s"),
    "count": N_("documents: %(count)s"),
    "nomatch": N_("No municipality matches the search."),
    "summary_apart": N_("For the whole project"),
    "written": N_("made"),
    "unchanged": N_("unchanged"),
    "edited": N_("edited by hand, kept"),
    "failed": N_("failed"),
    "pdf_failed": N_("PDF failed"),
    "agreement": N_("Cooperation agreement"),
    "claim_form": N_("Annex 2: payment claim form"),
    "report_form": N_("Annex 3: progress report form"),
    "amendment": N_("Amendment agreement"),
    "consolidated": N_("Agreement (consolidated version)"),
    "claim": N_("Payment claim"),
    "report": N_("Progress report"),
    "summary": N_("Summary"),
}


@functools.cache
def pages(lang: str) -> Environment:
    """The pages' Jinja environment in ``lang``."""
    environment = Environment(
        loader=PackageLoader("docgen.web", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return environment


def _set_session(response: Response, key: str) -> None:
    response.set_cookie(COOKIE, key, httponly=True, samesite="strict", path="/")


async def page(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    token = request.query_params.get("token")
    if settings.token is not None and token is not None:
        if not same_secret(token, settings.token):
            raise HTTPException(401, _("this address's token is wrong"))
        key, _session = request.app.state.sessions.start(LOCAL_USER)
        response = RedirectResponse("/", 303)  # the token leaves the address bar
        _set_session(response, key)
        return response
    caller = _caller(request)
    if caller is None or caller.session is None:
        if settings.users is not None:
            return RedirectResponse("/login", 303)
        raise HTTPException(401, _("open the address docgen serve printed (with its ?token=)"))
    lang = settings.lang
    html = (
        pages(lang)
        .get_template("page.html")
        .render(
            lang=lang,
            strings={key: translations(lang).gettext(text) for key, text in SCRIPT_STRINGS.items()},
            user=caller.user if settings.users is not None else None,
            csrf=caller.session.csrf,
            kinds=KINDS,
            folder_workbook=bool(settings.workbook and settings.workbook.is_file()),
            logins=settings.users is not None,
            max_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
            template_names=", ".join(TEMPLATE_NAMES),
        )
    )
    return HTMLResponse(html, headers=PAGE_HEADERS)


def _password_right(password: str, stored: str | None) -> bool:
    """Whether ``password`` is the user's (``stored``: None for a name that is no user's, checked
    all the same against a hash of nothing, so that the time taken tells nothing)."""
    return check_password(password, stored or unknown_user_hash()) and stored is not None


async def login(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    sessions: Sessions = request.app.state.sessions
    if settings.users is None:
        raise HTTPException(404, _("no logins here: open the address docgen serve printed"))
    key = request.cookies.get(COOKIE)
    session = sessions.get(key)
    error, status = "", 200
    if request.method == "POST":
        form = await _read_form(request, 0, 10)
        _check_csrf(session, _text(form, "csrf"))
        name, password = _text(form, "name") or "", _text(form, "password") or ""
        stored = settings.users.get(name)
        throttle: LoginThrottle = request.app.state.throttle
        wait = throttle.attempt(name)  # counted as wrong until the password proves right
        right = wait <= 0 and await run_in_threadpool(_password_right, password, stored)
        if wait > 0:
            status = 429
            minutes = math.ceil(wait / 60)
            error = ngettext(
                "Too many wrong passwords for this name; try again in {count} minute.",
                "Too many wrong passwords for this name; try again in {count} minutes.",
                minutes,
            ).format(count=minutes)
        elif right:
            throttle.succeeded(name)
            sessions.end(key)
            key, _session = sessions.start(name)  # a new session id at login (no fixation)
            response = RedirectResponse("/", 303)
            _set_session(response, key)
            return response
        else:
            status = 401
            error = _("Wrong user name or password.")
    if session is None:
        key, session = sessions.start(None)
    html = (
        pages(settings.lang)
        .get_template("login.html")
        .render(lang=settings.lang, csrf=session.csrf, error=error)
    )
    response = HTMLResponse(html, status, headers=PAGE_HEADERS)
    _set_session(response, key or "")
    return response


async def logout(request: Request) -> Response:
    caller = _require(request)
    await _form(request, caller)
    request.app.state.sessions.end(request.cookies.get(COOKIE))
    response = RedirectResponse("/login" if request.app.state.settings.users else "/", 303)
    response.delete_cookie(COOKIE, path="/")
    return response


async def script(request: Request) -> Response:
    source = resources.files("docgen.web").joinpath("static/app.js").read_text(encoding="utf-8")
    return Response(source, media_type="text/javascript; charset=utf-8")


# --- the API ----------------------------------------------------------------------------


def problem_json(problem: Problem) -> dict[str, str]:
    """``Sheet!Cell (Column)``, ``Sheet (Column)``, ``Sheet!3`` or ``Sheet`` in parts."""
    match = PLACE.match(problem.place)
    parts = match.groupdict() if match else {"sheet": problem.place}
    return {
        "place": problem.place,
        "sheet": parts.get("sheet") or "",
        "cell": parts.get("cell") or "",
        "column": parts.get("column") or "",
        "message": problem.message,
    }


def _named(problem: Problem, path: Path, name: str) -> Problem:
    """The problem with the uploaded file's name instead of the server's path."""
    return Problem(
        problem.place.replace(str(path), name),
        problem.message.replace(str(path), name),
        problem.severity,
    )


def _errors(message: str, status: int = 422) -> JSONResponse:
    problem = {"place": "", "sheet": "", "cell": "", "column": "", "message": message}
    return JSONResponse({"errors": [problem], "warnings": [], "summary": message}, status)


async def _workbook_into(form: Any, request: Request, target: Path) -> str:
    """Write the uploaded workbook (or the folder's own) to ``target``; its name, for text.

    The name a browser sends is only shown, never used as a path.
    """
    sent = form.getlist("workbook")
    if len(sent) > 1:  # the last would be taken, silently
        raise HTTPException(422, _("send one workbook, not {count}").format(count=len(sent)))
    upload = form.get("workbook")
    if isinstance(upload, UploadFile):
        with target.open("wb") as handle:
            while chunk := await upload.read(1024 * 1024):
                handle.write(chunk)
        return PurePath(upload.filename or WORKBOOK).name or WORKBOOK
    own = request.app.state.settings.workbook
    if _text(form, "folder") and own is not None and own.is_file():
        shutil.copyfile(own, target)
        return own.name
    raise HTTPException(422, _("send a workbook (the field workbook)"))


def _validate(path: Path, name: str) -> dict[str, Any]:
    return _checked(path, name)[0]


def _checked(path: Path, name: str, result: Any = None) -> tuple[dict[str, Any], Workbook | None]:
    """What the page shows of a workbook (its problems, its splits), and its records when it
    has no error; ``result``: its validation, when done already."""
    from docgen.splits import splits_report, to_json, to_table
    from docgen.workbook.reader import validate

    result = result or validate(path)
    problems = [_named(p, path, name) for p in result.problems]
    data: dict[str, Any] = {
        "errors": [problem_json(p) for p in problems if p.is_error],
        "warnings": [problem_json(p) for p in problems if not p.is_error],
        "summary": result.summary().replace(str(path), name),
        "readable": bool(result.counts),
    }
    if result.workbook is not None:
        data["partners"] = [p.code for p in result.workbook.partners]
        report = splits_report(result.workbook)
        data["splits"] = json.loads(to_json(report))
        # The page's table: the columns of `docgen splits`, with their Latvian headers (a
        # column for each of the project's cost categories).
        shown = {"code": "Kods", "name": "Nosaukums"}
        data["split_headers"] = shown | report.columns(short=True)
        totals = report.totals.as_dict(report.rates)
        data["split_totals"] = {k: format(v, "f") for k, v in totals.items()}
        # the line `docgen splits` closes its table with: LM's funding against the available
        data["split_closing"] = to_table(report).rstrip("\n").splitlines()[-1]
    return data, result.workbook


@contextlib.asynccontextmanager
async def _uploaded_workbook(request: Request) -> AsyncIterator[tuple[Path, str]]:
    """The workbook sent (or the folder's own), in a folder of its own that is removed after:
    its path, and its name as the browser sent it (for text only)."""
    caller = _require(request)
    form = await _form(request, caller)
    runs: Runs = request.app.state.runs
    folder = runs.folder / f".upload-{runs.new_id()}"
    folder.mkdir()
    try:
        path = folder / WORKBOOK
        yield path, await _workbook_into(form, request, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def api_validate(request: Request) -> Response:
    async with _uploaded_workbook(request) as (path, name):
        data = await request.app.state.checker.run(_validate, path, name)
    readable = data.pop("readable")
    return JSONResponse(data, 200 if readable else 422)


MARKED_SUFFIX = "_atzimes.xlsx"  # the marked copy's name: the workbook's, with this ending


def _marked(path: Path, name: str) -> tuple[bytes | None, dict[str, Any]]:
    """The workbook at ``path`` with its problems marked on their cells (``validate --mark``),
    or None when it cannot be (not a workbook), with what the page shows of its problems."""
    from docgen.errors import OutputError
    from docgen.workbook.marks import write_marked
    from docgen.workbook.reader import validate

    result = validate(path)
    data = _checked(path, name, result)[0]
    try:
        target = write_marked(path, result.problems, path.with_name("marked.xlsx"))
    except OutputError as exc:
        message = str(exc).replace(str(path), name)
        data["errors"].append(problem_json(Problem(name, message, "error")))
        return None, data
    return target.read_bytes(), data


async def api_mark(request: Request) -> Response:
    """The uploaded workbook (field ``workbook``) with every problem marked on its cell, as
    ``docgen validate --mark`` writes it: an .xlsx to download; 422 with the problems when it
    is not a workbook that can be marked."""
    async with _uploaded_workbook(request) as (path, name):
        data, checked = await request.app.state.checker.run(_marked, path, name)
    if data is None:
        checked.pop("readable", None)
        return JSONResponse(checked, 422)
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    marked = f"{PurePath(name).stem or 'partners'}{MARKED_SUFFIX}"
    return Response(data, media_type=kind, headers=_attachment(marked))


def _listed(text: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in (text or "").split(",") if p.strip()))


def _template_problems(
    templates: Path, kinds: tuple[str, ...], workbook: Workbook | None = None
) -> list[Problem]:
    """The problems of the templates of ``kinds`` in ``templates``, each named by its file's
    name, never by the server's path; checked against the fields of the workbook's project (its
    categories and indicators), or 9.2.1.1's without one."""
    from docgen.documents.template_check import check_templates

    project = workbook.project if workbook is not None else None
    shape = (project.rates, project.indicators) if project is not None else ()
    found = [
        _named(p, item.path, item.path.name)
        for item in check_templates(templates, template_kinds(kinds), *shape)
        for p in item.problems
    ]
    return list(dict.fromkeys(found))  # a file shared by kinds (the agreement's, the forms')


TEMPLATES = "templates"  # a run's own templates, when the request brought some
# Letters of other scripts that look like the Latin ones of the templates' names.
_LOOK_ALIKES = str.maketrans("аеіјорсѕухԁɡ", "aeijopcsyxdg")
_INVISIBLE = re.compile(r"[\s\u00ad\u200b-\u200f\u2060\ufeff]")


def _skeleton(name: str) -> str:
    """``name`` as it looks: without case, spaces, invisible marks, or other scripts' letters
    that look like Latin ones (a Cyrillic і for an i)."""
    folded = unicodedata.normalize("NFKC", name).casefold().translate(_LOOK_ALIKES)
    return _INVISIBLE.sub("", folded)


async def _templates_into(form: Any, defaults: Path, target: Path) -> tuple[Path, list[str]]:
    """The folder of templates a run uses, and the names of those uploaded.

    The uploads (field ``templates``, .docx files named as docgen's templates are) go into
    ``target`` beside copies of ``defaults``' others; without an upload it is ``defaults``. A
    file's name is matched against TEMPLATE_NAMES and the file is written under that constant
    name, so no name from the request becomes a path.
    """
    uploads = [u for u in form.getlist(TEMPLATES) if isinstance(u, UploadFile) and u.filename]
    if not uploads:
        return defaults, []
    names = [PurePath(u.filename or "").name for u in uploads]
    unknown = [n for n in names if n not in TEMPLATE_NAMES]
    for name in unknown:
        resembled = next((k for k in TEMPLATE_NAMES if _skeleton(k) == _skeleton(name)), None)
        if resembled is not None:
            raise Refused(
                N_(
                    "{name}: almost the name of {known}, but not quite (a capital letter, a space"
                    " or a letter that only looks the same); name it exactly {known}"
                ),
                name=repr(name),
                known=resembled,
            )
    if unknown:
        raise Refused(
            N_(
                "{names}: not the name of one of docgen's templates; name each as the template it "
                "replaces: {known}"
            ),
            names=", ".join(unknown),
            known=", ".join(TEMPLATE_NAMES),
        )
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise Refused(N_("{names}: sent twice; send each template once"), names=", ".join(twice))
    target.mkdir()
    for name in TEMPLATE_NAMES:
        if name not in names and (defaults / name).is_file():
            shutil.copyfile(defaults / name, target / name)
    for upload, name in zip(uploads, names, strict=True):
        with (target / name).open("wb") as handle:
            while chunk := await upload.read(1024 * 1024):
                handle.write(chunk)
    return target, names


def _kinds_of(names: list[str]) -> tuple[str, ...]:
    """The kinds (of KINDS, in order) that render one of the templates ``names``."""
    return tuple(k for k in KINDS if TEMPLATE_FILES[k] in names)


async def api_templates(request: Request) -> Response:
    """Check uploaded templates (field ``templates``) against the fields docgen gives them."""
    caller = _require(request)
    form = await _form(request, caller)
    runs: Runs = request.app.state.runs
    folder = runs.folder / f".upload-{runs.new_id()}"
    folder.mkdir()
    try:
        try:
            defaults = request.app.state.settings.templates
            templates, names = await _templates_into(form, defaults, folder / TEMPLATES)
        except Refused as exc:
            return _errors(exc.message)
        if not names:
            return _errors(_("send one or more templates (the field templates)"))
        problems = await run_in_threadpool(_template_problems, templates, _kinds_of(names))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    checked = [p for p in problems if PurePath(p.place).name in names]
    # a count each, in its own plural form ("1 errors" was English for one error)
    summary = _("{templates} checked: {errors}.").format(
        templates=ngettext("{count} template", "{count} templates", len(names)).format(
            count=len(names)
        ),
        errors=ngettext("{count} error", "{count} errors", len(checked)).format(count=len(checked)),
    )
    return JSONResponse(
        {
            "errors": [problem_json(p) for p in checked],
            "warnings": [],
            "summary": summary,
            "templates": names,
        },
    )


async def api_batch(request: Request) -> Response:
    caller = _require(request)
    form = await _form(request, caller)
    settings: Settings = request.app.state.settings
    kinds = _listed(_text(form, "kinds")) or KINDS
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        message = _("{kinds}: not a kind; choose from {known}")
        return _errors(message.format(kinds=", ".join(unknown), known=", ".join(KINDS)))
    kinds = tuple(k for k in KINDS if k in kinds)
    partners = _listed(_text(form, "partners"))
    pdfa = bool(_text(form, "pdfa"))
    pdf = bool(_text(form, "pdf")) or pdfa
    if pdf:
        from docgen.batch.pdf import ConverterError, find_soffice

        try:
            find_soffice()  # said now, not by a job that fails later
        except ConverterError as exc:
            return _errors(str(exc))
    runs: Runs = request.app.state.runs
    run_id = runs.new_id()
    folder = runs.folder_of(run_id)
    folder.mkdir()
    keep = False
    try:
        path = folder / WORKBOOK
        name = await _workbook_into(form, request, path)
        data, workbook = await run_in_threadpool(_checked, path, name)
        if data["errors"]:
            data.pop("readable")
            return JSONResponse(data, 422)
        missing = [p for p in partners if p not in data["partners"]]
        if missing:
            message = _("no partner has the code {codes} (sheet Partneri)")
            return _errors(message.format(codes=", ".join(missing)))
        try:
            templates, _names = await _templates_into(form, settings.templates, folder / TEMPLATES)
        except Refused as exc:
            return _errors(exc.message)
        problems = await run_in_threadpool(_template_problems, templates, kinds, workbook)
        if problems:
            found = [problem_json(p) for p in problems]
            summary = ngettext(
                "{count} error in the templates.", "{count} errors in the templates.", len(found)
            ).format(count=len(found))
            return JSONResponse({"errors": found, "warnings": [], "summary": summary}, 422)
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        runs.add(run_id, caller.user, sha256, ",".join(kinds))
        job = Job(
            run_id,
            caller.user,
            folder,
            templates,
            kinds,
            partners,
            pdf=pdf,
            pdfa=pdfa,
        )
        request.app.state.scheduler.submit(job)
        keep = True
        return JSONResponse({"job": run_id}, 202)
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def _run_of(request: Request) -> Any:
    caller = _require(request)
    run = request.app.state.runs.get(request.path_params["job"], caller.user)
    if run is None:
        raise HTTPException(404, _("no such job"))
    return run


def _manifest(out: Path) -> dict[str, Any]:
    from docgen.batch.manifest import read_manifest

    return read_manifest(out) if (out / "manifest.json").is_file() else {}


async def api_job(request: Request) -> Response:
    """A job's state and progress (documents and PDFs apart); once it is done, its documents
    with their status, partner's name, number, period and amount payable (documents.json)."""
    run = _run_of(request)
    folder = request.app.state.runs.folder_of(run.id)
    progress = read_progress(folder)
    files: list[str] = []
    documents: list[dict[str, Any]] = []
    if run.state == "done":
        files = sorted(await run_in_threadpool(_manifest, folder / OUT))
        documents = await run_in_threadpool(read_listed, folder)
        total = run.counts.get("total", progress["documents_total"])
        progress.update(phase="done", documents=total, documents_total=total)
        if progress["pdf"]:
            pdfs = run.counts.get("pdfs", progress["pdfs"])
            progress.update(pdfs=pdfs, pdfs_total=pdfs)
    progress["fraction"] = _fraction(progress)
    return JSONResponse(
        {
            "state": run.state,
            "said": _said(run.state, progress),
            "done": progress["documents"],
            "total": progress["documents_total"],
            "progress": progress,
            "counts": run.counts.get("counts", {}),
            "files": files,
            "documents": documents,
            "message": run.message,
        }
    )


PDF_WEIGHT = 4  # a PDF takes about four times as long as its document: the bar's share of it


def _fraction(progress: dict[str, Any]) -> float:
    """How far the batch is, 0 to 1, PDFs (the slow part) weighing PDF_WEIGHT documents each;
    before the documents are made, their PDFs are counted as one per document."""
    documents, total = progress["documents"], progress["documents_total"]
    pdfs, pdfs_total = 0, 0
    if progress["pdf"]:
        pdfs = progress["pdfs"]
        pdfs_total = total if progress["pdfs_total"] is None else progress["pdfs_total"]
    whole = total + PDF_WEIGHT * pdfs_total
    if progress["phase"] == "done":
        return 1.0
    return min(1.0, (documents + PDF_WEIGHT * pdfs) / whole) if whole else 0.0


def _said(state: str, progress: dict[str, Any]) -> str:
    """What the batch is doing now, in a sentence of the server's language."""
    documents, total = progress["documents"], progress["documents_total"]
    made = ngettext("{count} document", "{count} documents", documents).format(count=documents)
    pdfs = _("PDFs {done} of {total}").format(
        done=progress["pdfs"], total=progress["pdfs_total"] or 0
    )
    if state == "queued":
        return _("Waiting for another batch to end.")
    if state == "failed":
        return _("The documents could not all be made.")
    if state == "done":
        return _("Done: {made}.").format(made=f"{made}; {pdfs}" if progress["pdf"] else made)
    phase = progress["phase"]
    if phase == "reading":
        return _("Reading the workbook and checking the templates…")
    if phase == "documents":
        return _("Making the documents: {done} of {total}…").format(done=documents, total=total)
    if phase == "pdfs":
        return _("Making the PDFs in LibreOffice: {made}; {pdfs}…").format(made=made, pdfs=pdfs)
    return _("Writing the register and the zip: {made}…").format(
        made=f"{made}; {pdfs}" if progress["pdf"] else made
    )


# Why a job's documents cannot be had yet, by its state (a sentence each, translated when said).
NOT_DONE = {
    "queued": N_("the job is still waiting in the queue"),
    "running": N_("the job is still running"),
    "failed": N_("the job failed"),
}
NO_ZIP = {
    "queued": N_("the job is still waiting in the queue, its zip is not ready yet"),
    "running": N_("the job is still running, its zip is not ready yet"),
    "failed": N_("the job failed, it has no zip"),
    "done": N_("the job failed, it has no zip"),  # a done job has one: for a damaged record
}


async def api_zip(request: Request) -> Response:
    run = _run_of(request)
    name = run.counts.get("zip", "")
    if run.state != "done" or not ZIP_NAME.match(name):
        raise HTTPException(409, _(NO_ZIP[run.state]))
    path = request.app.state.runs.folder_of(run.id) / OUT / name
    return FileResponse(path, media_type="application/zip", filename=name)


def _partner_zip(out: Path, partner: str) -> bytes | None:
    """One partner's documents (and their PDFs) of the run, as a zip made from its files; None
    when the run has none of that partner."""
    entries = [e for e in _manifest(out).values() if e.partner == partner and not e.superseded]
    if not entries:
        return None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in sorted(entries, key=lambda e: e.path):
            source = out / entry.path  # read_manifest refuses entries outside out/
            if source.is_file():
                archive.write(source, entry.path)
    return buffer.getvalue()


async def api_partner_zip(request: Request) -> Response:
    """The documents of one partner (``partner``: its code) of a job that is done."""
    run = _run_of(request)
    if run.state != "done":
        raise HTTPException(409, _(NO_ZIP[run.state]))
    partner = request.path_params["partner"]
    out = request.app.state.runs.folder_of(run.id) / OUT
    data = await run_in_threadpool(_partner_zip, out, partner)
    if data is None:
        raise HTTPException(404, _("this job has no documents of {code}").format(code=partner))
    return Response(
        data, media_type="application/zip", headers=_attachment(f"docgen_{partner}.zip")
    )


def _attachment(name: str) -> dict[str, str]:
    """The header that makes a browser save the answer as ``name`` (any letters)."""
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    quoted = urllib.parse.quote(name, safe="")
    return {
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=utf-8''{quoted}"
    }


async def _listed_document(request: Request) -> tuple[Path, str, Any]:
    """The run's folder, the path asked for and its manifest entry: only a document the job's
    batch wrote, of a job of this user that is done."""
    run = _run_of(request)
    if run.state != "done":
        raise HTTPException(409, _(NOT_DONE[run.state]))
    folder = request.app.state.runs.folder_of(run.id)
    wanted = request.path_params["path"]
    manifest = await run_in_threadpool(_manifest, folder / OUT)
    if wanted not in manifest:  # only what the batch wrote; never a name from the request
        raise HTTPException(404, _("no such document in this job"))
    return folder, wanted, manifest[wanted]


async def api_file(request: Request) -> Response:
    folder, wanted, entry = await _listed_document(request)
    return FileResponse(folder / OUT / entry.path, filename=PurePath(wanted).name)


def _preview(office: Any, source: Path, cached: Path, failures: dict[Any, str], key: Any) -> None:
    """Page 1 of ``source`` into ``cached``, unless another request made it meanwhile, or
    failed to (``failures``: why, by ``key``; a document that hung LibreOffice would again)."""
    from docgen.batch.office import OfficeStartError
    from docgen.batch.pdf import ConverterError
    from docgen.errors import DocgenError
    from docgen.files import write_bytes

    if key in failures:
        raise ConverterError(failures[key])
    if not cached.is_file():
        try:
            write_bytes(cached, office.preview(source))
        except OfficeStartError:
            raise  # LibreOffice's, not the document's: the next look tries again
        except DocgenError as exc:
            failures[key] = str(exc)
            raise


async def api_preview(request: Request) -> Response:
    """Page 1 of a .docx of the job as a PNG, made once by the app's warm LibreOffice and
    kept in the run's folder (a second look is a file read)."""
    from docgen.errors import DocgenError

    folder, wanted, entry = await _listed_document(request)
    if PurePath(wanted).suffix != ".docx" or not re.fullmatch(r"[0-9a-f]{64}", entry.sha256):
        raise HTTPException(404, _("page 1 is shown only of a .docx of this job"))
    cached = folder / PREVIEWS / f"{entry.sha256}.png"
    if not cached.is_file():
        try:
            # The office makes one at a time: the others wait here, not in the server's
            # threads (which its logins and checks need too).
            await anyio.to_thread.run_sync(
                _preview,
                request.app.state.office,
                folder / OUT / entry.path,
                cached,
                request.app.state.preview_failures,
                (folder.name, entry.sha256),
                limiter=request.app.state.preview_limiter,
            )
        except DocgenError as exc:
            return JSONResponse({"error": str(exc)}, 503)
        except anyio.get_cancelled_exc_class():  # the server stopping ends the looks waiting
            return JSONResponse({"error": _("the server is stopping; look again later")}, 503)
    return FileResponse(cached, media_type="image/png", headers={"Cache-Control": "private"})


async def api_words(request: Request) -> Response:
    _require(request)
    style = request.query_params.get("style", "accounting")
    if style not in ("accounting", "literary"):
        return JSONResponse({"error": _("style: accounting or literary")}, 422)
    try:
        value = parse_amount(request.query_params.get("amount", ""))
        return JSONResponse({"words": amount_in_words(value, style)})
    except AmountError as exc:
        return JSONResponse({"error": str(exc)}, 422)


async def example(request: Request) -> Response:
    _require(request)
    from docgen.sample import write_sample

    runs: Runs = request.app.state.runs
    folder = runs.folder / f".example-{runs.new_id()}"
    try:
        path = await run_in_threadpool(write_sample, folder / "partners.xlsx")
        data = path.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    headers = {"Content-Disposition": 'attachment; filename="partners.xlsx"'}
    return Response(data, media_type=kind, headers=headers)


async def default_templates(request: Request) -> Response:
    _require(request)
    source = resources.files("docgen.default_templates")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in TEMPLATE_NAMES:
            archive.writestr(name, source.joinpath(name).read_bytes())
    headers = {"Content-Disposition": 'attachment; filename="templates.zip"'}
    return Response(buffer.getvalue(), media_type="application/zip", headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail
    if detail == HTTPStatus(exc.status_code).phrase:  # Starlette's own, in English
        if exc.status_code == 404:
            detail = _("there is no such address")
        elif exc.status_code == 405:
            detail = _("this address takes no {method} request").format(method=request.method)
    return JSONResponse({"error": detail}, exc.status_code, headers=exc.headers)


async def validation_lost(request: Request, exc: Exception) -> Response:
    """The process checking a workbook died under it (docgen/web/checker.py): said in words,
    the next request is served by new processes."""
    return _errors(
        _(
            "the process checking the workbook ended before it answered (the server may "
            "lack the memory for it); try again"
        ),
        503,
    )


async def unexpected_error(request: Request, exc: Exception) -> Response:
    """An error docgen did not foresee: said as JSON in the server's language (the traceback goes
    to the server's log), never Starlette's plain-text page."""
    message = _("docgen failed unexpectedly ({error}); the server's log has the details").format(
        error=type(exc).__name__
    )
    return JSONResponse({"error": message}, 500)


# --- the application --------------------------------------------------------------------


def create_app(settings: Settings) -> Starlette:
    """The application for ``settings``; its runs are looked after while it is running."""
    retention = settings.retention_days or RETENTION_DAYS

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        set_language(settings.lang)  # the library's messages too, here and in the job workers
        runs = Runs(settings.folder)
        runs.mark_restarted()
        runs.remove_older_than(retention)
        runs.remove_leftovers()
        app.state.runs = runs
        app.state.sessions = Sessions()
        app.state.throttle = LoginThrottle()
        app.state.scheduler = Scheduler(
            runs, settings.max_running or MAX_RUNNING, settings.batch_jobs
        )
        app.state.checker = Checker(process_pool(VALIDATE_PROCESSES))
        from docgen.batch.office import Office

        app.state.office = Office()  # for the previews; LibreOffice starts with the first
        app.state.preview_limiter = anyio.CapacityLimiter(1)  # the office makes one at a time
        app.state.preview_failures = {}  # (run, the .docx's SHA-256) → why it failed

        async def clean_daily() -> None:
            while True:
                await asyncio.sleep(CLEANUP_SECONDS)
                await run_in_threadpool(runs.remove_older_than, retention)

        cleaner = asyncio.create_task(clean_daily())
        try:
            yield
        finally:
            cleaner.cancel()
            await run_in_threadpool(app.state.scheduler.shutdown)
            await run_in_threadpool(app.state.checker.shutdown)
            await run_in_threadpool(app.state.office.close)

    routes = [
        Route("/", page),
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/static/app.js", script),
        Route("/example.xlsx", example),
        Route("/templates.zip", default_templates),
        Route("/api/validate", api_validate, methods=["POST"]),
        Route("/api/batch", api_batch, methods=["POST"]),
        Route("/api/templates", api_templates, methods=["POST"]),
        Route("/api/words", api_words),
        Route("/api/jobs/{job}", api_job),
        Route("/api/mark", api_mark, methods=["POST"]),
        Route("/api/jobs/{job}/zip", api_zip),
        Route("/api/jobs/{job}/zip/{partner}", api_partner_zip),
        Route("/api/jobs/{job}/files/{path:path}", api_file),
        Route("/api/jobs/{job}/preview/{path:path}", api_preview),
    ]
    app = _Application(
        routes=routes,
        middleware=[Middleware(UploadLimit)],
        lifespan=lifespan,
        exception_handlers={
            HTTPException: http_error,
            ValidationLost: validation_lost,
            Exception: unexpected_error,
        },
    )
    app.state.settings = settings
    return app
