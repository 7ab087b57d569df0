"""The batch: every document for every partner, in parallel, safely, never over a person's edits.

1. The workbook is validated and the templates checked: nothing is written when either is wrong.
   Given the workbook's path, a forked process (:mod:`docgen.batch.aside`) reads it while this one
   checks and prepares the templates; this process never imports openpyxl, and imports docxtpl
   and Jinja only then (so the reading process starts without waiting for them).
2. Worker processes (forked from this one after it prepared every template once) take the
   documents in turn: each builds a document's context and hashes its sources (its data and
   template); a document whose file docgen wrote from the same sources, as ``out/manifest.json``
   records, is skipped; the others are rendered and written atomically, but a file changed on
   disk since docgen wrote it is kept (and reported) unless ``force``. One document's failure is
   reported and the others go on.
3. The manifest, ``out/registrs.xlsx`` (by the reading process, which has openpyxl) and, when
   asked, a zip of everything are written.

Only one batch works on a folder at a time (a lock file), and temporary files left by a batch
that was killed are removed by the next.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from docgen import __version__
from docgen.batch import checked
from docgen.batch.aside import Aside, AsideDied, can_fork
from docgen.batch.children import alive, die_with_parent, wait_ended
from docgen.batch.limit_hits import LimitHits
from docgen.batch.manifest import (
    MANIFEST,
    Entry,
    read_manifest,
    sha256_of,
    sources_hash,
    write_manifest,
)
from docgen.batch.pdf import PDF_RUN_DOCUMENTS, Converted, converted_by_run, find_soffice
from docgen.batch.watchdog import WATCHDOG_SECONDS, Pulse
from docgen.documents import charts
from docgen.documents.kinds import (
    KINDS,
    TEMPLATE_FILES,
    Document,
    build_context,
    plan_agreements,
    plan_amendments,
    plan_claims,
    plan_reports,
    plan_summary,
    select_partners,
    template_kinds,
)
from docgen.errors import DocgenError, OutputError, Problem, TemplateError
from docgen.files import TEMP_PREFIX, atomic_write, open_no_follow, write_bytes
from docgen.i18n import N_, _, ngettext
from docgen.latvian.formatting import format_date
from docgen.records import DEFAULT_CATEGORIES, DEFAULT_INDICATORS, Workbook

if TYPE_CHECKING:
    from docgen.batch.office import Office
    from docgen.documents.render import Renderer

LOCK = ".docgen.lock"
# The order documents go to the workers: the slowest kinds first (a summary takes 10 ms, a report
# with its chart 5, a claim 2), so that the workers finish together.
RENDER_ORDER = (
    "summary",
    "report",
    "consolidated",
    "agreement",
    "amendment",
    "claim",
    "claim_form",
    "report_form",
)
# Documents go to the workers in chunks (fewer messages between the processes): about
# CHUNKS_PER_WORKER each, of at most CHUNK_MOST documents.
CHUNKS_PER_WORKER = 8
CHUNK_MOST = 16
SAVE_EVERY = 10.0  # seconds between saves of the manifest during a batch
LOCK_WAIT_SECONDS = 5.0  # the longest a batch waits for the workers of a killed one to end
INTERRUPT_POLL = 0.1  # seconds between looks for Ctrl-C while waiting for the workers
READER_DIED = N_("the process reading the workbook died (exit code {code})")
REGISTER_DIED = N_("the process writing the register died (exit code {code})")
EDITED = N_("changed since docgen wrote it")  # an edited document's note (translated when made)

VERSION = __version__  # part of every document's sources: a new docgen makes them again


@dataclass(frozen=True)
class Task:
    """One document for a worker, and what is on disk for it now."""

    document: Document
    made_from: str | None = None  # the sources of docgen's own file on disk, if it is there
    on_disk: str | None = None  # the SHA-256 of a file on disk docgen cannot vouch for


@dataclass(frozen=True)
class Outcome:
    """What became of one document."""

    document: Document
    status: str  # written, unchanged, edited or failed
    sha256: str = ""
    message: str = ""
    sources: str = ""  # the hash of what it was made from (its data and template)
    amounts: dict[str, str] = field(default_factory=dict)  # its key amounts
    warnings: tuple[Problem, ...] = ()  # unsure declensions and the like
    cannot_write: str = ""  # why the system refused to write the file (a full disk), if it did


@dataclass
class BatchResult:
    """Everything a batch did, for the closing table."""

    planned: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    zip_path: Path | None = None
    errors: list[str] = field(default_factory=list)  # the folder's: manifest, register, zip
    # documents (and their PDFs) in the manifest that the workbook no longer asks for: kept on
    # disk, out of the register and the zip; ``pruned``: removed (with --prune)
    superseded: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        return not self.errors and not any(o.status in ("edited", "failed") for o in self.outcomes)


# --- Planning -----------------------------------------------------------------------------


def plan_all(workbook: Workbook, kinds: Sequence[str] = KINDS) -> list[Document]:
    """Every document of the given kinds for every partner."""
    planners: dict[str, Callable[[Workbook], list[Document]]] = {
        "agreement": plan_agreements,
        "amendment": plan_amendments,
        "claim": plan_claims,
        "report": plan_reports,
        "summary": plan_summary,
    }
    return [d for kind in KINDS if kind in kinds for d in planners[kind](workbook)]


def inside(out: Path, relative: Path) -> Path:
    """``out/relative``, refusing any path that would land outside ``out``."""
    root = out.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root) or target == root:
        raise OutputError(
            _("{path}: a document's file name must stay inside {out}").format(
                path=relative, out=out
            )
        )
    return out / relative


def _key_amounts(kind: str, context: dict[str, Any]) -> dict[str, str]:
    """The amounts the manifest and the register show for a document."""
    picks = {
        "agreement": ("budget", ("total_eligible", "lm_total", "esf", "state_budget", "total")),
        "claim": ("claim", ("requested", "esf", "state_budget")),
        "report": ("costs_total", ("planned", "spent")),
        "summary": ("funding", ("available", "used")),
        "amendment": ("budget", ("total_eligible", "lm_total")),
        "consolidated": ("budget", ("total_eligible", "lm_total", "esf", "state_budget", "total")),
    }
    if kind in ("claim_form", "report_form"):  # blank forms: no figures of their own
        return {}
    if kind == "amendment":  # the figures the amendment makes: the new budget
        return {k: format(context["new"]["budget"][k], "f") for k in picks[kind][1]}
    section, keys = picks[kind]
    return {k: format(context[section][k], "f") for k in keys}


# --- Workers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setup:
    """What a worker needs before its first document."""

    workbook: Workbook | None  # None while another process reads it
    templates: Path
    out: Path
    kinds: tuple[str, ...]
    today: date
    force: bool = False
    dry_run: bool = False
    hits: LimitHits | None = None  # the templates that hit a limit (docgen/batch/limit_hits.py)
    partners: tuple[str, ...] = ()  # only these partners' documents (every partner's when empty)


_setup: Setup | None = None
_renderer: Renderer | None = None
_template_sha: dict[str, str] = {}
_held_locks: list[int] = []  # the descriptors of the locks this process holds
_pulse: Pulse | None = None  # in a worker: where it tells the watchdog what it makes


def _start_worker(setup: Setup) -> None:
    """Before any document: prepare every template and the charts' frame (in the main process
    when workers are forked from it, else once in each worker)."""
    from docgen.documents.render import Renderer

    global _setup, _renderer, _template_sha
    _setup = setup
    _renderer = Renderer(setup.templates)
    if setup.workbook is not None:
        _use_workbook(setup)
    _template_sha = {k: sha256_of(setup.templates / TEMPLATE_FILES[k]) for k in setup.kinds}
    if setup.dry_run:
        return
    try:
        for kind in setup.kinds:
            _renderer.prepare(kind)
    except DocgenError:
        pass  # reported with the first document that needs the template


def _use_workbook(setup: Setup) -> None:
    """The workbook, read meanwhile, for the templates prepared here (and the workers to come)."""
    global _setup
    assert setup.workbook is not None
    _setup = setup
    if _renderer is not None:
        _renderer.words.style = setup.workbook.project.words_style
    if not setup.dry_run and {"report", "summary"} & set(setup.kinds):
        # The charts' frame shows the project's categories: shipped for 9.2.1.1's, drawn here
        # once for another project's, before the workers are forked.
        charts.warm(tuple(c.name for c in setup.workbook.project.rates.categories))


def _work(task: Task) -> Outcome:
    """Make one document's context; unless docgen's file on disk was made from the same sources,
    render it and write it, but not over a file someone changed (unless forced)."""
    assert _setup is not None and _setup.workbook is not None and _renderer is not None
    document = task.document
    try:
        context = build_context(_setup.workbook, document, _setup.today)
        made = {
            "sources": sources_hash(
                document.kind, _template_sha[document.kind], context.data, VERSION
            ),
            "amounts": _key_amounts(document.kind, context.data),
            "warnings": tuple(context.warnings),
        }
        if task.made_from == made["sources"]:
            return Outcome(document, "unchanged", task.on_disk or "", **made)
        foreign = task.on_disk is not None and task.made_from is None  # edited, or not docgen's
        if _setup.dry_run:
            status = "edited" if foreign and not _setup.force else "written"
            return Outcome(document, status, **made)
        not_made = _not_made(document)
        if not_made:
            return Outcome(document, "failed", message=not_made, **made)
        data = _renderer.render(document.kind, context.data)
        digest = hashlib.sha256(data).hexdigest()
        if foreign:
            if task.on_disk == digest:  # ours after all (a lost manifest)
                return Outcome(document, "unchanged", digest, **made)
            if not _setup.force:
                return Outcome(document, "edited", task.on_disk, _(EDITED), **made)
        atomic_write(inside(_setup.out, document.path), lambda handle: handle.write(data))
        return Outcome(document, "written", digest, **made)
    except OutputError as exc:
        return Outcome(document, "failed", message=str(exc), cannot_write=exc.reason)
    except DocgenError as exc:
        _note_limit(document, exc)
        return Outcome(document, "failed", message=str(exc))
    except Exception as exc:  # a bug: reported with the document, the others go on
        message = _("internal error: {error}").format(error=f"{type(exc).__name__}: {exc}")
        return Outcome(document, "failed", message=message)


# --- Fail fast: a template that hit a limit renders no more documents (limit_hits.py) -----------


def _not_made(document: Document) -> str:
    """Why the document is not made, when its template hit a limit in this batch; else ""."""
    assert _setup is not None
    if _setup.hits is None:
        return ""
    return _setup.hits.hit(TEMPLATE_FILES[document.kind])


def _note_limit(document: Document, exc: DocgenError) -> None:
    """A document that failed by hitting a limit (``exc.limit``, see
    docgen/documents/prepared.py): the template's other documents are not made."""
    limit = getattr(exc, "limit", "")
    if not limit or _setup is None or _setup.hits is None or _renderer is None:
        return
    message = _("not made: {template} hit {limit} in {document}").format(
        template=_renderer.path(document.kind), limit=limit, document=document.path.as_posix()
    )
    _setup.hits.note(TEMPLATE_FILES[document.kind], message)


# --- The folder: lock, stale temporary files ---------------------------------------------------


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold ``out/.docgen.lock`` for the batch; a second batch on the same folder refuses.

    The lock file says who holds it: ``pid N since …``, and each worker adds ``; worker N``. A
    lock whose batch has died (killed) does not block: its workers end with it, and the next
    batch waits for them (up to LOCK_WAIT_SECONDS) before it starts.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = _take_lock(out)
    except OSError as exc:  # a folder that cannot be written: read-only, full, not ours
        reason = exc.strerror or str(exc)
        message = _("{out}: cannot write in this folder: {reason}").format(out=out, reason=reason)
        raise OutputError(message, reason) from exc
    _held_locks.append(handle.fileno())
    try:
        yield
    finally:
        _held_locks.remove(handle.fileno())
        _remove_lock(out / LOCK, handle)
        handle.close()


def _remove_lock(path: Path, handle: Any) -> None:
    """Remove the lock file at the end of a batch, while still holding it, if it is still the
    file held (a batch that opened it meanwhile sees it gone and takes a fresh one). Unlinking
    removes a link itself, never what it points to."""
    with contextlib.suppress(OSError):
        if os.stat(path, follow_symlinks=False).st_ino == os.fstat(handle.fileno()).st_ino:
            path.unlink()


def _take_lock(out: Path) -> Any:
    import fcntl

    path = out / LOCK
    for _attempt in range(3):
        # held open for the whole batch; never a file a link planted as the lock points to
        handle = os.fdopen(open_no_follow(path, os.O_RDWR | os.O_CREAT | os.O_APPEND), "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _lock_text(handle)
            pid = _lock_pid(holder)
            if pid is None or alive(pid):
                handle.close()
                raise OutputError(
                    _(
                        "{out} is in use by another docgen batch ({holder}); wait for it to finish"
                    ).format(out=out, holder=_lock_holder(holder))
                ) from None
            # Its batch is dead; the lock is held by its workers, which end with it.
            if not _flock_within(handle, LOCK_WAIT_SECONDS):
                # They did not end: a fresh lock file in its place (the next turn takes it).
                with contextlib.suppress(OSError):
                    if os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino:
                        path.unlink()
                handle.close()
                continue
        try:
            replaced = os.stat(path).st_ino != os.fstat(handle.fileno()).st_ino
        except FileNotFoundError:
            replaced = True
        if replaced:  # another batch put a fresh lock file in place meanwhile: try that one
            handle.close()
            continue
        before = _lock_text(handle)
        wait_ended(_lock_workers(before), LOCK_WAIT_SECONDS)  # a killed batch's last workers
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {datetime.now().isoformat(timespec='seconds')}")
        handle.flush()
        return handle
    raise OutputError(
        _("{path}: cannot be locked; remove it if no docgen batch is running").format(path=path)
    )


def _lock_text(handle: Any) -> str:
    handle.seek(0)
    return handle.read().strip()


def _lock_holder(text: str) -> str:
    """Who holds the lock, in the user's words: "process 4711, started 04.12.2026. 06:10"."""
    pid = _lock_pid(text)
    started = re.search(r"\bsince (\d{4}-\d\d-\d\dT\d\d:\d\d)", text)
    if pid is None:
        return _("another process")
    if started is None:
        return _("process {pid}").format(pid=pid)
    at = datetime.fromisoformat(started.group(1))
    return _("process {pid}, started {date} {time}").format(
        pid=pid, date=format_date(at.date()), time=at.strftime("%H:%M")
    )


def _lock_pid(text: str) -> int | None:
    words = text.split()
    return int(words[1]) if len(words) > 1 and words[0] == "pid" and words[1].isdigit() else None


def _lock_workers(text: str) -> list[int]:
    return [int(pid) for pid in re.findall(r"\bworker (\d+)", text)]


def _flock_within(handle: Any, seconds: float) -> bool:
    import fcntl

    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)


def _join_lock(out: Path) -> None:
    """In a worker: add its pid to the batch's lock file, for the next batch to wait on should
    this one be killed; and let go of the lock's descriptor inherited through fork, so that the
    lock ends with the batch's own process."""
    for fd in _held_locks:
        with contextlib.suppress(OSError):
            os.close(fd)
    _held_locks.clear()
    with (
        contextlib.suppress(OSError, OutputError),
        os.fdopen(open_no_follow(out / LOCK, os.O_WRONLY | os.O_APPEND), "a") as lock,
    ):
        lock.write(f"; worker {os.getpid()}")


def _forked_worker(parent: int, out: Path, pulse: Pulse) -> None:
    global _pulse
    die_with_parent(parent)
    _join_lock(out)
    _pulse = pulse
    pulse.join()


def _spawned_worker(parent: int, setup: Setup, pulse: Pulse) -> None:
    _forked_worker(parent, setup.out, pulse)
    _start_worker(setup)


def clean_stale(out: Path) -> list[Path]:
    """Remove temporary files a killed batch left behind (only under the lock)."""
    stale = [p for p in out.rglob(f"{TEMP_PREFIX}*") if p.is_file()]
    for path in stale:
        with contextlib.suppress(OSError):  # a read-only folder: they stay, harmless
            path.unlink()
    return stale


# --- The batch ----------------------------------------------------------------------------------


def decide(documents: Iterable[Document], out: Path, manifest: dict[str, Entry]) -> Iterator[Task]:
    """A task for each document, knowing what is on its place on disk (the worker decides, from
    the document's sources, whether it is to be made again)."""
    for document in documents:
        entry, actual = _on_disk(out, document.path, manifest)
        yield Task(document, entry.sources if entry else None, actual)


def _on_disk(
    out: Path, relative: Path, manifest: dict[str, Entry]
) -> tuple[Entry | None, str | None]:
    """What is at ``out/relative`` now, and its SHA-256: nothing (None, None); the file docgen
    wrote (its manifest entry, hash); or a file docgen cannot vouch for, changed since docgen
    wrote it or not in the manifest (None, hash)."""
    path = inside(out, relative)
    if not path.exists():
        return None, None
    actual = sha256_of(path)
    entry = manifest.get(relative.as_posix())
    return (entry if entry is not None and entry.sha256 == actual else None), actual


def _work_chunk(number: int, tasks: Sequence[Task]) -> list[Outcome]:
    """In a worker: the documents of chunk ``number``, each announced to the watchdog."""
    outcomes = []
    for position, task in enumerate(tasks):
        if _pulse is not None:
            _pulse.beat(number, position)
        outcomes.append(_work(task))
    if _pulse is not None:
        _pulse.rest()
    return outcomes


def _recovered(setup: Setup, task: Task, template_sha: dict[str, str]) -> Outcome | None:
    """What a lost worker (killed, ended by the watchdog) did with a document before it was
    lost, seen from here: its file replaced during this batch (each write is whole: a rename)
    is written; docgen's file made from the same sources is unchanged; else None (not made).
    Its context is built again here for the manifest's sources and amounts."""
    assert setup.workbook is not None
    document = task.document
    try:
        path = inside(setup.out, document.path)
        digest = sha256_of(path) if path.is_file() else None
        kind = document.kind
        if kind not in template_sha:
            template_sha[kind] = sha256_of(setup.templates / TEMPLATE_FILES[kind])
        context = build_context(setup.workbook, document, setup.today)
    except (OSError, DocgenError):
        return None
    made = {
        "sources": sources_hash(kind, template_sha[kind], context.data, VERSION),
        "amounts": _key_amounts(kind, context.data),
        "warnings": tuple(context.warnings),
    }
    if digest is not None and digest != task.on_disk:
        return Outcome(document, "written", digest, **made)
    if digest is not None and task.made_from == made["sources"]:
        return Outcome(document, "unchanged", digest, **made)
    return None


Render = Callable[[Iterable[Task], int], Iterator[Outcome]]


def _forking(jobs: int) -> bool:
    """Whether the workers are forked from this process (and inherit what it prepared)."""
    return jobs > 1 and can_fork()


def _template_problems(
    templates: Path, kinds: tuple[str, ...], workbook: Workbook | None = None
) -> list[Problem]:
    """The templates' problems, checked against the contexts of the workbook's project (its
    categories and indicators), or of 9.2.1.1 while the workbook is being read; templates found
    right before, with the same code and shape, are not checked again (docgen/batch/checked.py)."""
    from docgen.documents.template_check import check_templates

    project = workbook.project if workbook is not None else None
    shape = (project.rates, project.indicators) if project is not None else ()
    files = [templates / TEMPLATE_FILES[k] for k in kinds]
    name = checked.key(files, repr((kinds, shape)))
    if checked.is_checked(name):
        return []
    found = [p for r in check_templates(templates, kinds, *shape) for p in r.problems]
    if not found:
        checked.remember(name)
    # Kinds share template files (the consolidated agreement the agreement's, the forms the
    # claim's and the report's): a missing or broken file is the same problem for each of them.
    return list(dict.fromkeys(found))


def _own_shape(workbook: Workbook) -> bool:
    """Whether the workbook's project has categories or indicators other than 9.2.1.1's (the
    templates were then checked against the wrong ones while it was being read)."""
    project = workbook.project
    return (project.rates.categories, project.indicators) != (
        DEFAULT_CATEGORIES,
        DEFAULT_INDICATORS,
    )


def _check_and_prepare(jobs: int, setup: Setup) -> list[Problem]:
    """Check the templates (nothing is written when they are wrong) and, when the workers will
    be forked from this process, prepare them here, once for all of them."""
    problems = _template_problems(setup.templates, setup.kinds, setup.workbook)
    if not problems and _forking(jobs):
        _start_worker(setup)
    return problems


@contextlib.contextmanager
def _workers(jobs: int, setup: Setup) -> Iterator[Render]:
    """Something that works through tasks as they come: ``jobs`` worker processes (or this
    process, when jobs is 1), with the templates and charts prepared before the first document
    (by :func:`_check_and_prepare` when the workers are forked from this process).

    A worker that dies (killed, out of memory) ends the process pool and the batch with a
    report, never a hang: the documents written before, by any worker, count as written, the
    others fail with the reason. A worker on one document longer than WATCHDOG_SECONDS (stopped,
    hung) is ended by the batch (:mod:`docgen.batch.watchdog`), with the same ending.
    """
    if jobs <= 1:
        _start_worker(setup)
        yield lambda tasks, total: map(_work, tasks)
        return
    template_sha: dict[str, str] = {}  # for documents of a lost worker, computed here
    if _forking(jobs):
        # The workers inherit the workbook, the prepared templates and the chart frame. Their
        # garbage collector would touch every object inherited from this process, copying its
        # memory page by page; frozen objects are left alone.
        gc.freeze()
        context = multiprocessing.get_context("fork")
        pulse = Pulse(context, jobs)
        executor = ProcessPoolExecutor(
            jobs, context, initializer=_forked_worker, initargs=(os.getpid(), setup.out, pulse)
        )
    else:
        context = multiprocessing.get_context("spawn")
        pulse = Pulse(context, jobs)
        executor = ProcessPoolExecutor(
            jobs, context, initializer=_spawned_worker, initargs=(os.getpid(), setup, pulse)
        )

    ended: dict[tuple[int, int], str] = {}  # documents whose worker the watchdog ended

    def watch() -> None:
        for place in pulse.end_overdue(WATCHDOG_SECONDS):
            ended[place] = _(
                "not made: its worker gave no sign of life for {seconds} s (stopped or hung)"
                " and was ended"
            ).format(seconds=f"{WATCHDOG_SECONDS:g}")

    def lost(number: int, position: int, task: Task) -> Outcome:
        recovered = _recovered(setup, task, template_sha)
        if recovered is not None:  # done before its worker was lost
            return recovered
        if (number, position) in ended:
            message = ended[number, position]
        elif ended:
            message = _("not made: the batch ended its workers after one hung")
        else:
            message = _("a worker process died")
        return Outcome(task.document, "failed", message=message)

    broken = threading.Event()  # a worker was lost: the pool ended the others

    def results(future: Future, number: int, chunk: list[Task]) -> list[Outcome]:
        try:
            return future.result()
        except BrokenProcessPool:
            broken.set()
            return [lost(number, position, task) for position, task in enumerate(chunk)]

    def run(tasks: Iterable[Task], total: int) -> Iterator[Outcome]:
        size = max(1, min(CHUNK_MOST, total // (jobs * CHUNKS_PER_WORKER)))
        pending: dict[Future, tuple[int, list[Task]]] = {}
        numbers = itertools.count()

        def submit(chunk: list[Task]) -> None:
            number = next(numbers)
            try:
                future = executor.submit(_work_chunk, number, chunk)
            except BrokenProcessPool as exc:  # a worker was lost: these are not made either
                future = Future()
                future.set_exception(exc)
            pending[future] = (number, chunk)

        chunk: list[Task] = []
        for task in tasks:  # workers start on the first chunks while the rest are looked at
            _stop_if(interrupted)
            watch()
            chunk.append(task)
            if len(chunk) == size:
                submit(chunk)
                chunk = []
            for future in [f for f in pending if f.done()]:
                yield from results(future, *pending.pop(future))
        if chunk:
            submit(chunk)
        while pending:
            done, _ = wait(list(pending), timeout=INTERRUPT_POLL, return_when=FIRST_COMPLETED)
            _stop_if(interrupted)
            watch()
            for future in done:
                yield from results(future, *pending.pop(future))

    interrupted = threading.Event()
    try:
        with _ctrl_c_noted(interrupted):
            yield run
    finally:
        if broken.is_set():
            pulse.end_busy()  # a stopped worker would hold the shutdown for ever
        executor.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


@contextlib.contextmanager
def _ctrl_c_noted(interrupted: threading.Event) -> Iterator[None]:
    """While the workers run, Ctrl-C is noted and acted on between two results: raised at any
    moment, KeyboardInterrupt could land inside the process pool's own code, leaving its locks
    held and the batch hung at shutdown."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread
        return
    previous = signal.signal(signal.SIGINT, lambda *_: interrupted.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _stop_if(interrupted: threading.Event) -> None:
    if interrupted.is_set():
        raise KeyboardInterrupt


def run_batch(
    workbook: Workbook | str | Path,
    out: Path,
    templates: Path,
    *,
    kinds: Sequence[str] = KINDS,
    partners: Sequence[str] = (),
    documents: Sequence[Document] | None = None,
    jobs: int | None = None,
    force: bool = False,
    dry_run: bool = False,
    make_zip: bool = False,
    prune: bool = False,
    pdf: bool = False,
    pdfa: bool = False,
    pdf_timeout: float = 300.0,
    today: date | None = None,
    on_outcome: Callable[[Outcome, int, int], None] | None = None,
    office: Office | None = None,
) -> BatchResult:
    """Make every document of ``kinds`` (only the ``partners``' when some are named: the
    summary, of every partner, is then not made; or the ``documents`` given) into ``out``; see
    the module's docstring. A partner's code the workbook does not have is a SelectionError,
    before anything is written. ``workbook`` is a loaded workbook or the path of one: the batch then
    reads it in a forked process while it checks and prepares the templates (WorkbookError
    when it has errors, as :func:`docgen.load`). The PDFs are made by ``office`` (a warm
    LibreOffice, :mod:`docgen.batch.office`) when one is given, else in cold runs in parallel.
    ``prune`` removes the superseded documents (see :func:`_supersede`)."""
    out, templates = Path(out), Path(templates)
    jobs = jobs or os.cpu_count() or 1
    if documents is not None:
        kinds = tuple(k for k in TEMPLATE_FILES if any(d.kind == k for d in documents))
    else:
        kinds = template_kinds([k for k in KINDS if k in kinds])
    setup = Setup(
        None, templates, out, kinds, today or date.today(), force, dry_run, partners=tuple(partners)
    )
    start_method = "fork" if _forking(jobs) else "spawn" if jobs > 1 else None
    setup = replace(setup, hits=LimitHits([TEMPLATE_FILES[k] for k in kinds], start_method))
    with contextlib.ExitStack() as stack:
        reading = None
        if isinstance(workbook, Workbook):
            setup = replace(setup, workbook=workbook)
        elif dry_run or not _forking(jobs):
            setup = replace(setup, workbook=_load(Path(workbook)))
        else:
            reading = stack.enter_context(contextlib.closing(Aside()))
            reading.call(_read_aside, Path(workbook), died=READER_DIED)
        problems = _check_and_prepare(1 if dry_run else jobs, setup)
        if reading is not None:
            setup = replace(setup, workbook=reading.result())
            if _own_shape(setup.workbook):
                # Checked above against 9.2.1.1's fields while the workbook was read: a
                # project of its own shape is checked again against its own (a template that
                # names budget.aprobacija is right for it, one that names budget.pilot would
                # fail every document).
                prepared = not problems
                problems = _template_problems(setup.templates, setup.kinds, setup.workbook)
                if not problems and not prepared and _forking(jobs):
                    _start_worker(setup)
        if problems:
            raise TemplateError("\n".join(str(p) for p in problems))
        if reading is not None:
            _use_workbook(setup)
        return _run(
            setup,
            documents,
            jobs,
            make_zip,
            prune,
            pdf or pdfa,
            pdfa,
            pdf_timeout,
            on_outcome,
            reading,
            office,
        )


def _load(path: Path) -> Workbook:
    from docgen.workbook.reader import load  # openpyxl: imported only by the process that reads

    return load(path)


def _read_aside(path: Path) -> Workbook:
    """:func:`_load` in the reading process. That process only reads the workbook and writes
    the register: openpyxl imports numpy, when it is installed, only to accept numpy numbers in
    cells, which docgen never gives it, so there it is not imported (a tenth of a second)."""
    sys.modules.setdefault("numpy", None)  # an import of numpy now fails; openpyxl expects that
    return _load(path)


def _write_register(
    out: Path, entries: list[Entry], names: dict[str, str], fund: str = "ESF"
) -> None:
    from docgen.batch.register import write_register  # openpyxl, as in _load

    write_register(out, entries, names, fund)


def _run(
    setup: Setup,
    documents: Sequence[Document] | None,
    jobs: int,
    make_zip: bool,
    prune: bool,
    pdf: bool,
    pdfa: bool,
    pdf_timeout: float,
    on_outcome: Callable[[Outcome, int, int], None] | None,
    aside: Aside | None,
    office: Office | None = None,
) -> BatchResult:
    """The batch once the workbook is read and the templates checked (and, when the workers are
    forked, prepared); ``aside`` (the process that read the workbook) writes the register."""
    workbook, out, force = setup.workbook, setup.out, setup.force
    assert workbook is not None
    # The partners whose documents the run covers: all, or those of the documents given.
    partners = None if documents is None else {d.partner for d in documents}
    if documents is None:
        documents = plan_all(workbook, setup.kinds)
        if setup.partners:  # their documents only (the summary, of every partner, is not made)
            partners = set(select_partners(workbook, setup.partners))
            documents = [d for d in documents if d.partner in partners]
    if pdf:
        find_soffice()  # LibreOffice missing: say so before anything is written
    result = BatchResult(planned=len(documents))

    def note(outcome: Outcome) -> None:
        result.outcomes.append(outcome)
        result.warnings.extend(w for w in outcome.warnings if w not in result.warnings)
        if on_outcome is not None:
            on_outcome(outcome, len(result.outcomes), len(documents))

    if setup.dry_run:
        _start_worker(setup)
        manifest = read_manifest(out) if out.exists() else {}
        for task in decide(documents, out, manifest):
            note(_work(task))
        asked = {d.path.as_posix() for d in plan_all(workbook, setup.kinds)}
        _supersede(result, out, manifest, asked, setup.kinds, partners, prune, force, dry_run=True)
        return result
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(locked(out))
        except OutputError as exc:
            if not exc.reason:
                raise  # in use by another batch
            for document in documents:  # nothing can be written: each document says why
                note(Outcome(document, "failed", message=str(exc), cannot_write=exc.reason))
            _folder_error(result, out, exc.reason)
            return result
        render = stack.enter_context(_workers(jobs, setup))
        clean_stale(out)
        manifest = read_manifest(out)

        def record(outcome: Outcome) -> None:
            note(outcome)
            if outcome.status not in ("written", "unchanged"):
                return
            key = outcome.document.path.as_posix()
            kept = manifest.get(key)  # an unchanged document keeps its entry (and its time)
            made = _entry(outcome)
            if kept is None or replace(made, written=kept.written) != kept:
                manifest[key] = made  # new, or its entry says more now (a claim's period)

        try:
            saved = time.monotonic()
            ordered = sorted(documents, key=lambda d: RENDER_ORDER.index(d.kind))
            for outcome in render(decide(ordered, out, manifest), len(documents)):
                record(outcome)
                if time.monotonic() - saved > SAVE_EVERY:
                    write_manifest(out, manifest)  # so that a killed batch loses little
                    saved = time.monotonic()
            if pdf:
                ready = [
                    o.document for o in result.outcomes if o.status in ("written", "unchanged")
                ]
                made = _make_pdfs(ready, manifest, out, pdfa, force, jobs, pdf_timeout, office)
                for outcome in made:
                    note(outcome)
            asked = {d.path.as_posix() for d in plan_all(workbook, setup.kinds)}
            _supersede(result, out, manifest, asked, setup.kinds, partners, prune, force)
        finally:
            _keep_going(result, write_manifest, out, manifest)
        current = {k: e for k, e in manifest.items() if not e.superseded}
        entries = [current[k] for k in sorted(current)]
        names = {p.code: p.name for p in workbook.partners}
        fund = workbook.project.rates.fund.short
        if aside is not None:
            aside.call(_write_register, out, entries, names, fund, died=REGISTER_DIED)
            _keep_going(result, aside.result)
        else:
            _keep_going(result, _write_register, out, entries, names, fund)
        if make_zip:
            result.zip_path = _keep_going(result, write_zip, out, current, setup.today)
    reasons = [o.cannot_write for o in result.outcomes if o.cannot_write]
    if reasons:
        _folder_error(result, out, reasons[0])
    return result


def _supersede(
    result: BatchResult,
    out: Path,
    manifest: dict[str, Entry],
    asked: set[str],
    kinds: Sequence[str],
    partners: set[str | None] | None,
    prune: bool,
    force: bool,
    dry_run: bool = False,
) -> None:
    """Mark the manifest's documents of the run's ``kinds`` and ``partners`` (None: all) that
    the workbook no longer asks for (``asked``: the paths of every document of those kinds) as
    superseded, and a document asked for again as current. Their files stay on disk, left out of
    the register and the zip; with ``prune`` they are removed (with their PDFs) and leave the
    manifest, but not a file changed since docgen wrote it (unless ``force``). A run of some
    kinds or partners says nothing about the others' documents. A summary is never superseded:
    it is made for the period someone asked for (``docgen summary --from``), which the workbook
    does not name. A ``dry_run`` changes nothing: it lists what would be superseded, and
    removed (``result.pruned``)."""
    for key, entry in sorted(manifest.items()):
        if entry.kind not in kinds or (partners is not None and entry.partner not in partners):
            continue
        if entry.kind == "summary":
            continue
        superseded = PurePosixPath(key).with_suffix(".docx").as_posix() not in asked
        if superseded != entry.superseded and not dry_run:
            manifest[key] = replace(entry, superseded=superseded)
        if not superseded:
            continue
        if not prune:
            result.superseded.append(key)
            continue
        path = inside(out, Path(key))
        try:
            if path.is_file() and sha256_of(path) != entry.sha256 and not force:
                result.superseded.append(key)  # someone's edits: kept
                note = _("changed since docgen wrote it: not removed (--force removes it)")
                result.warnings.append(Problem(key, note, "warning"))
                continue
            if dry_run:
                result.pruned.append(key)
                continue
            path.unlink(missing_ok=True)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            result.errors.append(
                _("{path}: cannot remove: {reason}").format(path=path, reason=reason)
            )
            result.superseded.append(key)
            continue
        del manifest[key]
        result.pruned.append(key)


def _keep_going(result: BatchResult, write: Callable[..., Any], *args: Any) -> Any:
    """``write(*args)``; a file that cannot be written (the manifest, the register, the zip),
    or the process writing it dead, is one of the batch's errors, and the closing table still
    shows what was done."""
    try:
        return write(*args)
    except (OutputError, AsideDied) as exc:
        result.errors.append(str(exc))
        return None


def _folder_error(result: BatchResult, out: Path, reason: str) -> None:
    failed = sum(1 for o in result.outcomes if o.cannot_write)
    result.errors.append(
        ngettext(
            "{out}: cannot write in this folder ({reason}): {count} of the files not written",
            "{out}: cannot write in this folder ({reason}): {count} of the files not written",
            failed,
        ).format(out=out, reason=reason, count=failed)
    )


def _entry(outcome: Outcome) -> Entry:
    """The manifest entry of a document written (or found identical) now."""
    document = outcome.document
    period = tuple(d.isoformat() for d in document.period) if document.period else None
    return Entry(
        path=document.path.as_posix(),
        kind=document.kind,
        partner=document.partner,
        number=document.number,
        period=period,
        amounts=outcome.amounts,
        sources=outcome.sources,
        sha256=outcome.sha256,
        written=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )


def _make_pdfs(
    documents: Sequence[Document],
    manifest: dict[str, Entry],
    out: Path,
    pdfa: bool,
    force: bool,
    jobs: int,
    timeout: float,
    office: Office | None = None,
) -> Iterator[Outcome]:
    """PDFs of the given documents, beside them: skipped when made from the same .docx, kept
    when edited (unless ``force``), converted by LibreOffice in a few runs otherwise (or one by
    one by ``office``, when given)."""
    todo: list[tuple[Document, Entry, str]] = []
    for document in documents:
        made_from = manifest.get(document.path.as_posix())
        if made_from is None:
            continue
        target = replace(document, path=document.path.with_suffix(".pdf"))
        sources = hashlib.sha256(f"{made_from.sha256} pdfa={pdfa}".encode()).hexdigest()
        entry, actual = _on_disk(out, target.path, manifest)
        if entry is not None and entry.sources == sources:
            yield Outcome(target, "unchanged", entry.sha256)
        elif entry is None and actual is not None and not force:
            yield Outcome(target, "edited", actual, _(EDITED))
        else:
            todo.append((target, made_from, sources))
    sources_of = [out / _docx(target).path for target, _, _ in todo]
    todo_of = {
        out / _docx(target).path: (target, made_from, sources)
        for target, made_from, sources in todo
    }
    runs: Iterable[list[Converted]]
    if office is not None:  # (the page counts its PDFs as its office makes them: web/jobs.py)
        runs = [office.convert(sources_of, pdfa=pdfa, jobs=jobs, timeout=timeout)]
    else:
        runs = converted_by_run(
            sources_of, pdfa=pdfa, jobs=jobs, timeout=timeout, run_documents=PDF_RUN_DOCUMENTS
        )
    for result in (converted for run in runs for converted in run):
        target, made_from, sources = todo_of[result.source]
        if result.pdf is None:
            message = _("{reason}; the .docx is kept").format(reason=result.error)
            yield Outcome(target, "failed", message=message)
            continue
        try:
            write_bytes(inside(out, target.path), result.pdf)
        except OutputError as exc:
            yield Outcome(target, "failed", message=str(exc), cannot_write=exc.reason)
            continue
        digest = hashlib.sha256(result.pdf).hexdigest()
        manifest[target.path.as_posix()] = replace(
            made_from,
            path=target.path.as_posix(),
            sources=sources,
            sha256=digest,
            written=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )
        yield Outcome(target, "written", digest)


def _docx(document: Document) -> Document:
    return replace(document, path=document.path.with_suffix(".docx"))


def write_zip(out: Path, manifest: dict[str, Entry], today: date) -> Path:
    """``out/docgen_<date>.zip``: every document in the manifest, the manifest and the register."""
    from docgen.batch.register import REGISTER

    target = out / f"docgen_{today.isoformat()}.zip"
    names = [*sorted(manifest), MANIFEST, REGISTER]

    def write(handle: Any) -> None:
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in names:
                source = inside(out, Path(name))  # read_manifest refuses entries outside out
                if source.is_file():
                    archive.write(source, name)

    return atomic_write(target, write, no_link=True)
