"""The batch: every document for every partner, in parallel, safely, never over a person's edits.

1. The workbook is validated and the templates checked: nothing is written when either is wrong.
2. Each document's sources (its data and template) are hashed and compared with
   ``out/manifest.json``: unchanged documents are skipped; a file that changed on disk since
   docgen wrote it is kept (and reported) unless ``force``.
3. The rest are rendered in worker processes, each preparing every template once, and written
   atomically; one document's failure is reported and the others go on.
4. The manifest, ``out/registrs.xlsx`` and, when asked, a zip of everything are written.

Only one batch works on a folder at a time (a lock file), and temporary files left by a batch
that was killed are removed by the next.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import multiprocessing
import os
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from . import charts
from .context import CATEGORY_NAMES
from .documents import (
    KINDS,
    Document,
    build_context,
    plan_agreements,
    plan_claims,
    plan_reports,
    plan_summary,
)
from .errors import DocgenError, OutputError, Problem, TemplateError
from .files import TEMP_PREFIX, atomic_write, write_bytes
from .manifest import MANIFEST, Entry, read_manifest, sha256_of, sources_hash, write_manifest
from .pdf import convert, find_soffice
from .records import Workbook
from .register import REGISTER, write_register
from .render import TEMPLATE_FILES, Renderer
from .template_check import check_templates

LOCK = ".docgen.lock"
SAVE_EVERY = 10.0  # seconds between saves of the manifest during a batch

try:
    VERSION = metadata.version("docgen")
except metadata.PackageNotFoundError:  # running from a source tree that is not installed
    VERSION = "0"


@dataclass(frozen=True)
class Task:
    """One document for a worker: what to make, its context, and what is on disk now."""

    document: Document
    context: dict[str, Any]
    sources: str
    on_disk: str | None  # the SHA-256 of a file docgen cannot vouch for, else None


@dataclass(frozen=True)
class Outcome:
    """What became of one document."""

    document: Document
    status: str  # written, unchanged, edited or failed
    sha256: str = ""
    message: str = ""


@dataclass
class BatchResult:
    """Everything a batch did, for the closing table."""

    planned: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    zip_path: Path | None = None

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        return not any(o.status in ("edited", "failed") for o in self.outcomes)


# --- Planning -----------------------------------------------------------------------------


def plan_all(workbook: Workbook, kinds: Sequence[str] = KINDS) -> list[Document]:
    """Every document of the given kinds for every partner."""
    planners: dict[str, Callable[[Workbook], list[Document]]] = {
        "agreement": plan_agreements,
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
        raise OutputError(f"{relative}: a document's file name must stay inside {out}")
    return out / relative


def _key_amounts(kind: str, context: dict[str, Any]) -> dict[str, str]:
    """The amounts the manifest and the register show for a document."""
    picks = {
        "agreement": ("budget", ("total_eligible", "lm_total", "esf", "state_budget", "total")),
        "claim": ("claim", ("requested", "esf", "state_budget")),
        "report": ("costs_total", ("planned", "spent")),
        "summary": ("funding", ("available", "used")),
    }
    section, keys = picks[kind]
    return {k: format(context[section][k], "f") for k in keys}


# --- Workers ------------------------------------------------------------------------------

_renderer: Renderer | None = None
_out: Path | None = None
_force = False


def _start_worker(
    templates: Path, words_style: str, out: Path, force: bool, kinds: tuple[str, ...]
) -> None:
    """Before any document: prepare every template and the charts' frame (in the main process
    when workers are forked from it, else once in each worker)."""
    global _renderer, _out, _force
    _renderer = Renderer(templates, words_style)
    _out = out
    _force = force
    try:
        for kind in kinds:
            _renderer.prepare(kind)
        if {"report", "summary"} & set(kinds):
            charts.warm(tuple(CATEGORY_NAMES.values()))
    except DocgenError:
        pass  # reported with the first document that needs the template


def _work(task: Task) -> Outcome:
    """Render one document and write it, unless what is on disk must be kept."""
    assert _renderer is not None and _out is not None
    document = task.document
    try:
        data = _renderer.render(document.kind, task.context)
        digest = hashlib.sha256(data).hexdigest()
        if task.on_disk is not None:
            if task.on_disk == digest:
                return Outcome(document, "unchanged", digest)  # ours after all (a lost manifest)
            if not _force:
                return Outcome(document, "edited", task.on_disk, "changed since docgen wrote it")
        atomic_write(inside(_out, document.path), lambda handle: handle.write(data))
        return Outcome(document, "written", digest)
    except DocgenError as exc:
        return Outcome(document, "failed", message=str(exc))
    except Exception as exc:  # a bug: reported with the document, the others go on
        return Outcome(document, "failed", message=f"internal error: {type(exc).__name__}: {exc}")


# --- The folder: lock, stale temporary files ---------------------------------------------------


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold ``out/.docgen.lock`` for the batch; a second batch on the same folder refuses."""
    import fcntl

    out.mkdir(parents=True, exist_ok=True)
    handle = open(out / LOCK, "a+")  # noqa: SIM115 - held open for the whole batch
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise OutputError(
                f"{out} is in use by another docgen batch ({holder}); wait for it to finish"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {datetime.now().isoformat(timespec='seconds')}")
        handle.flush()
        yield
    finally:
        handle.close()


def clean_stale(out: Path) -> list[Path]:
    """Remove temporary files a killed batch left behind (only under the lock)."""
    stale = [p for p in out.rglob(f"{TEMP_PREFIX}*") if p.is_file()]
    for path in stale:
        path.unlink()
    return stale


# --- The batch ----------------------------------------------------------------------------------


def decide(
    workbook: Workbook,
    documents: Sequence[Document],
    out: Path,
    templates: Path,
    manifest: dict[str, Entry],
    today: date,
    warnings: list[Problem],
) -> Iterator[Task | Outcome]:
    """For each document, in turn: an Outcome when it is skipped as unchanged, else a Task to
    render (which knows the file on disk docgen cannot vouch for). Unsure declensions and the
    like are added to ``warnings``."""
    template_sha = {
        kind: sha256_of(templates / TEMPLATE_FILES[kind]) for kind in {d.kind for d in documents}
    }
    for document in documents:
        context = build_context(workbook, document, today)
        warnings += [w for w in context.warnings if w not in warnings]
        sources = sources_hash(document.kind, template_sha[document.kind], context.data, VERSION)
        state, actual = _on_disk(out, document.path, manifest, sources)
        if state == "unchanged":
            yield Outcome(document, "unchanged", actual)
        else:
            # A foreign file (edited, or written before a lost manifest entry) goes to the
            # worker with its hash: identical bytes are adopted, others kept unless --force.
            yield Task(document, context.data, sources, actual if state == "foreign" else None)


def _on_disk(
    out: Path, relative: Path, manifest: dict[str, Entry], sources: str
) -> tuple[str, str | None]:
    """What is at ``out/relative`` now: "absent"; "unchanged" (docgen's file from the same sources);
    "stale" (docgen's file, sources changed); or "foreign" (changed since docgen wrote it, or
    not in the manifest). With the file's SHA-256 when there is a file."""
    path = inside(out, relative)
    if not path.exists():
        return "absent", None
    actual = sha256_of(path)
    entry = manifest.get(relative.as_posix())
    if entry is None or entry.sha256 != actual:
        return "foreign", actual
    return ("unchanged" if entry.sources == sources else "stale"), actual


def _work_chunk(tasks: Sequence[Task]) -> list[Outcome]:
    return [_work(task) for task in tasks]


Render = Callable[[Iterable["Task | Outcome"], int], Iterator[Outcome]]


@contextlib.contextmanager
def _workers(
    jobs: int, templates: Path, words_style: str, out: Path, force: bool, kinds: tuple[str, ...]
) -> Iterator[Render]:
    """Something that renders tasks as they are decided: ``jobs`` worker processes (or this
    process, when jobs is 1), with the templates and charts prepared before the first document.

    A worker that dies (killed, out of memory) fails its documents and stops the batch with a
    report, never a hang: the others' finished documents are kept.
    """
    setup = (templates, words_style, out, force, kinds)
    if jobs <= 1:
        _start_worker(*setup)
        yield lambda items, total: (i if isinstance(i, Outcome) else _work(i) for i in items)
        return
    if "fork" in multiprocessing.get_all_start_methods():
        # Prepared here, once, and inherited by every forked worker: cheaper than each worker
        # importing matplotlib and preparing the templates again.
        _start_worker(*setup)
        # The workers' garbage collector would touch every object inherited from this process,
        # copying its memory page by page; frozen objects are left alone.
        gc.freeze()
        executor = ProcessPoolExecutor(jobs, multiprocessing.get_context("fork"))
    else:
        executor = ProcessPoolExecutor(
            jobs, multiprocessing.get_context("spawn"), initializer=_start_worker, initargs=setup
        )

    def results(future: Future, chunk: list[Task]) -> list[Outcome]:
        try:
            return future.result()
        except BrokenProcessPool:
            return [Outcome(t.document, "failed", message="a worker process died") for t in chunk]

    def run(items: Iterable[Task | Outcome], total: int) -> Iterator[Outcome]:
        size = max(1, min(16, total // (jobs * 8)))
        pending: dict[Future, list[Task]] = {}
        chunk: list[Task] = []
        for item in items:  # workers start on the first chunks while the rest are decided
            if isinstance(item, Outcome):
                yield item
                continue
            chunk.append(item)
            if len(chunk) == size:
                pending[executor.submit(_work_chunk, chunk)] = chunk
                chunk = []
            for future in [f for f in pending if f.done()]:
                yield from results(future, pending.pop(future))
        if chunk:
            pending[executor.submit(_work_chunk, chunk)] = chunk
        for future in as_completed(list(pending)):
            yield from results(future, pending.pop(future))

    try:
        yield run
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def run_batch(
    workbook: Workbook,
    out: Path,
    templates: Path,
    *,
    kinds: Sequence[str] = KINDS,
    documents: Sequence[Document] | None = None,
    jobs: int | None = None,
    force: bool = False,
    dry_run: bool = False,
    make_zip: bool = False,
    pdf: bool = False,
    pdfa: bool = False,
    pdf_timeout: float = 300.0,
    today: date | None = None,
    on_outcome: Callable[[Outcome, int, int], None] | None = None,
) -> BatchResult:
    """Make every document of ``kinds`` (or the ``documents`` given) into ``out``; see the
    module's docstring."""
    out, templates = Path(out), Path(templates)
    today = today or date.today()
    jobs = jobs or os.cpu_count() or 1
    if documents is None:
        documents = plan_all(workbook, kinds)
    kinds = tuple(k for k in KINDS if any(d.kind == k for d in documents))
    problems = [p for r in check_templates(templates, tuple(kinds)) for p in r.problems]
    if problems:
        raise TemplateError("\n".join(str(p) for p in problems))
    pdf = pdf or pdfa
    if pdf:
        find_soffice()  # LibreOffice missing: say so before anything is written
    result = BatchResult(planned=len(documents))
    if dry_run:
        manifest = read_manifest(out) if out.exists() else {}
        for item in decide(workbook, documents, out, templates, manifest, today, result.warnings):
            if isinstance(item, Task):
                status = "edited" if item.on_disk and not force else "written"
                item = Outcome(item.document, status)
            result.outcomes.append(item)
        return result
    style = workbook.project.words_style
    with locked(out), _workers(jobs, templates, style, out, force, kinds) as render:
        clean_stale(out)
        manifest = read_manifest(out)
        # What the manifest needs of each task sent to a worker (not its whole context).
        entries: dict[Path, Entry] = {}

        def decided() -> Iterator[Task | Outcome]:
            for item in decide(
                workbook, documents, out, templates, manifest, today, result.warnings
            ):
                if isinstance(item, Task):
                    entries[item.document.path] = _entry(item)
                yield item

        done = 0

        def record(outcome: Outcome) -> None:
            nonlocal done
            done += 1
            result.outcomes.append(outcome)
            entry = entries.pop(outcome.document.path, None)
            if entry is not None and outcome.status in ("written", "unchanged"):
                manifest[entry.path] = replace(
                    entry,
                    sha256=outcome.sha256,
                    written=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                )
            if on_outcome is not None:
                on_outcome(outcome, done, len(documents))

        try:
            saved = time.monotonic()
            for outcome in render(decided(), len(documents)):
                record(outcome)
                if time.monotonic() - saved > SAVE_EVERY:
                    write_manifest(out, manifest)  # so that a killed batch loses little
                    saved = time.monotonic()
            if pdf:
                ready = [
                    o.document for o in result.outcomes if o.status in ("written", "unchanged")
                ]
                for outcome in _make_pdfs(ready, manifest, out, pdfa, force, jobs, pdf_timeout):
                    record(outcome)
        finally:
            write_manifest(out, manifest)
        names = {p.code: p.name for p in workbook.partners}
        write_register(out, (manifest[k] for k in sorted(manifest)), names)
        if make_zip:
            result.zip_path = write_zip(out, manifest, today)
    return result


def _entry(task: Task) -> Entry:
    """The manifest entry of a task, but for the file's hash and time."""
    document = task.document
    period = tuple(d.isoformat() for d in document.period) if document.period else None
    return Entry(
        path=document.path.as_posix(),
        kind=document.kind,
        partner=document.partner,
        number=document.number,
        period=period,
        amounts=_key_amounts(document.kind, task.context),
        sources=task.sources,
    )


def _make_pdfs(
    documents: Sequence[Document],
    manifest: dict[str, Entry],
    out: Path,
    pdfa: bool,
    force: bool,
    jobs: int,
    timeout: float,
) -> Iterator[Outcome]:
    """PDFs of the given documents, beside them: skipped when made from the same .docx, kept
    when edited (unless ``force``), converted by LibreOffice in a few runs otherwise."""
    todo: list[tuple[Document, Entry, str]] = []
    for document in documents:
        made_from = manifest.get(document.path.as_posix())
        if made_from is None:
            continue
        target = replace(document, path=document.path.with_suffix(".pdf"))
        sources = hashlib.sha256(f"{made_from.sha256} pdfa={pdfa}".encode()).hexdigest()
        state, actual = _on_disk(out, target.path, manifest, sources)
        if state == "unchanged":
            yield Outcome(target, "unchanged", actual)
        elif state == "foreign" and not force:
            yield Outcome(target, "edited", actual, "changed since docgen wrote it")
        else:
            todo.append((target, made_from, sources))
    sources_of = [out / _docx(target).path for target, _, _ in todo]
    converted = {c.source: c for c in convert(sources_of, pdfa=pdfa, jobs=jobs, timeout=timeout)}
    for target, made_from, sources in todo:
        result = converted[out / _docx(target).path]
        if result.pdf is None:
            yield Outcome(target, "failed", message=f"{result.error}; the .docx is kept")
            continue
        write_bytes(inside(out, target.path), result.pdf)
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
    target = out / f"docgen_{today.isoformat()}.zip"
    names = [*sorted(manifest), MANIFEST, REGISTER]

    def write(handle: Any) -> None:
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in names:
                if (out / name).is_file():
                    archive.write(out / name, name)

    return atomic_write(target, write)
