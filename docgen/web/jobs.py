"""Batches for the web page, run in worker processes beside the server.

Each run is :func:`docgen.batch.run.run_batch` in a process of a ``spawn`` pool (a fresh
interpreter: nothing of the server's threads or sockets is inherited), at most ``max_running``
at once and one per user; the others wait in order. The batch writes its progress into
``progress.json`` in the run's folder, which the API reads; its zip is written under a
temporary name and renamed, and the run is served only once it is ``done``.

The workers end with the server, even when it is killed (SIGKILL) and has no chance to stop
them: each asks Linux to kill it when the server ends (as a batch's own workers do,
:func:`docgen.batch.children.die_with_parent`), and its batch's processes and its LibreOffice
end with it in turn. Nothing more is written into the run, which the next start marks failed.

Each worker process keeps one warm LibreOffice (:class:`docgen.batch.office.Office`) for its
life, started by its first batch with PDFs: their PDFs are made there one by one, without a
LibreOffice start for each batch. It ends with the worker (at its exit, or, when the worker is
killed, by the office's bridge noticing).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.batch.children import die_with_parent
from docgen.errors import DocgenError
from docgen.web.i18n import _
from docgen.web.runs import Runs

PROGRESS = "progress.json"
WORKBOOK = "workbook.xlsx"
OUT = "out"


@dataclass(frozen=True)
class Job:
    """A batch asked for: whose, and what of the workbook in its folder to make."""

    id: str
    owner: str
    folder: Path
    templates: Path
    kinds: tuple[str, ...]
    partners: tuple[str, ...]
    pdf: bool
    pdfa: bool


# What a batch is doing, as its progress says (the page words each).
PHASES = ("reading", "documents", "pdfs", "finishing")
DOCUMENTS = "documents.json"  # in a run's folder: every document with its status, for the page


@dataclass
class Progress:
    """A batch's progress: its documents and, when asked for, their PDFs, counted apart (a PDF
    is not a document more), and what it is doing now."""

    documents_total: int
    pdf: bool
    phase: str = "reading"
    documents: int = 0
    pdfs: int = 0
    pdfs_total: int | None = None  # known once the documents are made: one per document made

    def as_json(self) -> dict[str, Any]:
        return {
            "phase": self.phase,
            "documents": min(self.documents, self.documents_total),
            "documents_total": self.documents_total,
            "pdf": self.pdf,
            "pdfs": min(self.pdfs, self.pdfs_total or 0),
            "pdfs_total": self.pdfs_total,
        }


def write_progress(folder: Path, progress: Progress) -> None:
    """``progress.json``, replaced whole (a reader never sees half of it)."""
    temporary = folder / f".{PROGRESS}.tmp"
    temporary.write_text(json.dumps(progress.as_json()), encoding="utf-8")
    os.replace(temporary, folder / PROGRESS)


def read_progress(folder: Path) -> dict[str, Any]:
    """What ``progress.json`` says, or a batch that has not begun when there is none yet."""
    try:
        data = json.loads((folder / PROGRESS).read_text(encoding="utf-8"))
        return Progress(
            int(data["documents_total"]),
            bool(data["pdf"]),
            str(data["phase"]),
            int(data["documents"]),
            int(data["pdfs"]),
            None if data["pdfs_total"] is None else int(data["pdfs_total"]),
        ).as_json()
    except (OSError, ValueError, KeyError, TypeError):
        return Progress(0, False).as_json()


class CountedOffice:
    """An office (:class:`docgen.batch.office.Office`) whose conversions are counted into the
    batch's progress as each PDF is made, not once all are: PDFs are the slow part."""

    def __init__(self, office: Any, progress: Progress, folder: Path, jobs: int | None):
        self.office = office
        self.progress = progress
        self.folder = folder
        self.jobs = jobs or os.cpu_count() or 1

    def convert(self, sources: Sequence[Path], **options: Any) -> list[Any]:
        progress = self.progress
        progress.phase = "pdfs"
        base = progress.pdfs  # the PDFs already there (unchanged) were counted as they came
        progress.pdfs_total = base + len(sources)
        write_progress(self.folder, progress)
        made: list[Any] = []
        at_once = 1 if self.office.warm else self.jobs  # cold runs go in parallel, `jobs` a time
        for start in range(0, len(sources), at_once):
            made += self.office.convert(sources[start : start + at_once], **options)
            progress.pdfs = base + len(made)
            write_progress(self.folder, progress)
        return made

    def __getattr__(self, name: str) -> Any:
        return getattr(self.office, name)


def plan(workbook: Any, kinds: Sequence[str], partners: Sequence[str]) -> list[Any]:
    """The documents of ``kinds`` for ``partners`` (all when none); the summary covers all."""
    from docgen.documents import kinds as planners

    documents: list[Any] = []
    for kind in kinds:
        if kind == "agreement":
            documents += planners.plan_agreements(workbook, partners)
        elif kind == "claim":
            documents += planners.plan_claims(workbook, partners)
        elif kind == "report":
            documents += planners.plan_reports(workbook, partners)
        elif kind == "amendment":
            documents += planners.plan_amendments(workbook, partners)
        elif kind == "summary":
            documents += planners.plan_summary(workbook)
    return documents


_office: Any = None  # this worker's Office, made by its first batch with PDFs


def worker_office() -> Any:
    """This worker process's warm LibreOffice, made on first need."""
    global _office
    if _office is None:
        from docgen.batch.office import Office

        _office = Office()
    return _office


def unpathed(text: str, job: Job) -> str:
    """``text`` without the server's paths: a template by its file's name, a document by its
    path in the run's ``out/``, the run's other files by their names in its folder."""
    for folder in (job.templates, job.folder / OUT, job.folder):
        text = text.replace(f"{folder}{os.sep}", "")
    return text.replace(str(job.folder / OUT), OUT).replace(str(job.folder), ".")


def run_job(job: Job, batch_jobs: int | None) -> dict[str, Any]:
    """The batch of ``job``, in a worker process; what the run's record keeps of it. Every
    document with its status goes into ``documents.json`` in the run's folder."""
    from docgen.batch.run import run_batch
    from docgen.workbook.reader import load

    workbook = load(job.folder / WORKBOOK)
    documents = plan(workbook, job.kinds, job.partners)
    pdf = job.pdf or job.pdfa
    progress = Progress(len(documents), pdf)
    write_progress(job.folder, progress)

    def on_outcome(outcome: Any, done: int, total: int) -> None:
        if outcome.document.path.suffix == ".pdf":
            pdf_outcomes.append(outcome)  # counted already, if CountedOffice converted it
            progress.pdfs = max(progress.pdfs, len(pdf_outcomes))
        else:
            progress.documents += 1
            made.append(outcome)
        if progress.documents < progress.documents_total:
            progress.phase = "documents"
            return write_progress(job.folder, progress)
        if pdf and progress.pdfs_total is None:  # one PDF for each document made or unchanged
            progress.pdfs_total = sum(o.status in ("written", "unchanged") for o in made)
        more = pdf and progress.pdfs < (progress.pdfs_total or 0)
        progress.phase = "pdfs" if more else "finishing"  # then the register and the zip
        write_progress(job.folder, progress)

    made: list[Any] = []
    pdf_outcomes: list[Any] = []
    office = CountedOffice(worker_office(), progress, job.folder, batch_jobs) if pdf else None
    result = run_batch(
        workbook,
        job.folder / OUT,
        job.templates,
        documents=documents,
        jobs=batch_jobs,
        make_zip=True,
        pdf=pdf,
        pdfa=job.pdfa,
        on_outcome=on_outcome,
        office=office,
    )
    listed = document_list(workbook, result.outcomes, job)
    write_listed(job.folder, listed)
    counts = {s: result.count(s) for s in ("written", "unchanged", "edited", "failed")}
    failed = [o for o in result.outcomes if o.status == "failed"]
    problems = [f"{o.document.path.as_posix()}: {o.message}" for o in failed]
    return {
        "counts": counts,
        "zip": result.zip_path.name if result.zip_path else "",
        "errors": [unpathed(e, job) for e in (*result.errors, *problems)],
        "total": len(listed),
        "pdfs": sum(1 for o in result.outcomes if o.document.path.suffix == ".pdf"),
    }


# The documents of one partner in the order of the project's life: the agreement with its
# annexes, the amendments with the consolidated copy, the claims, the reports; the summary apart.
LIFE_ORDER = (
    "agreement",
    "claim_form",
    "report_form",
    "amendment",
    "consolidated",
    "claim",
    "report",
    "summary",
)


def document_list(workbook: Any, outcomes: Sequence[Any], job: Job) -> list[dict[str, Any]]:
    """Each document the batch made (or failed to), with its partner's name, its number and
    period, the amount a claim makes payable, its status and its PDF's, in LIFE_ORDER."""
    from docgen.money import claim_figures

    names = {p.code: p.name for p in workbook.partners}
    rates = workbook.project.rates
    payable: dict[tuple[str, int], str] = {}
    periods: dict[tuple[str, int], tuple[Any, Any]] = {}  # a claim's, from the workbook
    for partner in workbook.partners:
        claims = workbook.claims_of(partner.code)
        amendments = workbook.amendments_of(partner.code)
        for figures in claim_figures(partner, claims, rates, amendments):
            key = (partner.code, figures.claim.number)
            payable[key] = format(figures.payable.amount, "f")
            periods[key] = (figures.claim.period_start, figures.claim.period_end)
    pdfs = {
        o.document.path.with_suffix(".docx").as_posix(): o
        for o in outcomes
        if o.document.path.suffix == ".pdf"
    }
    listed = []
    for outcome in outcomes:
        document = outcome.document
        path = document.path.as_posix()
        if document.path.suffix == ".pdf":
            continue
        pdf = pdfs.get(path)
        claim = (document.partner, document.number) if document.kind == "claim" else None
        period = document.period or (periods.get(claim) if claim else None)
        listed.append(
            {
                "path": path,
                "kind": document.kind,
                "partner": document.partner,
                "name": names.get(document.partner or "", ""),
                "number": document.number,
                "period": [period[0].isoformat(), period[1].isoformat()] if period else None,
                "payable": payable.get(claim) if claim else None,
                "status": outcome.status,
                "message": unpathed(outcome.message, job),
                "pdf": None
                if pdf is None
                else {
                    "path": pdf.document.path.as_posix(),
                    "status": pdf.status,
                    "message": unpathed(pdf.message, job),
                },
            }
        )
    listed.sort(
        key=lambda d: (
            d["kind"] == "summary",
            d["name"],
            d["partner"] or "",
            LIFE_ORDER.index(d["kind"]) if d["kind"] in LIFE_ORDER else len(LIFE_ORDER),
            d["number"] or 0,
            d["period"] or [],
        )
    )
    return listed


def write_listed(folder: Path, listed: list[dict[str, Any]]) -> None:
    temporary = folder / f".{DOCUMENTS}.tmp"
    temporary.write_text(json.dumps(listed, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, folder / DOCUMENTS)


def read_listed(folder: Path) -> list[dict[str, Any]]:
    """``documents.json`` of a run, empty when it has none (a run that failed before it)."""
    try:
        data = json.loads((folder / DOCUMENTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return data if isinstance(data, list) else []


def start_worker(server: int) -> None:
    """In each worker process, first: end when the server (process ``server``) ends."""
    die_with_parent(server)


class Scheduler:
    """Starts the runs asked for: at most ``max_running`` at once, one per owner."""

    def __init__(self, runs: Runs, max_running: int, batch_jobs: int | None = None):
        self.runs = runs
        self.max_running = max_running
        self.batch_jobs = batch_jobs
        self._executor = self._new_pool()
        # A worker is started by the thread that submits to the pool, and Linux kills it when
        # that *thread* ends (PR_SET_PDEATHSIG), not only the server: one thread that lives as
        # long as the scheduler submits every run (a request's thread may end before its run).
        self._starter = ThreadPoolExecutor(1, thread_name_prefix="docgen-scheduler")
        self._waiting: list[Job] = []
        self._running: dict[str, Job] = {}  # owner → the job
        self._lock = threading.RLock()  # a done callback may run in submit()
        self._closing = False

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.max_running,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=start_worker,
            initargs=(os.getpid(),),
        )

    def _renew(self, broken: Any) -> None:
        """A process of the pool died (out of memory, ended from outside): the pool is broken
        for good, every later batch would fail. A new one runs the next batches."""
        with self._lock:
            if self._executor is broken and not self._closing:
                self._executor = self._new_pool()
        broken.shutdown(wait=False, cancel_futures=True)

    def submit(self, job: Job) -> None:
        with self._lock:
            self._waiting.append(job)
            self._start_ready()

    def _start_ready(self) -> None:
        if self._closing:
            return  # what still waits is failed at the next start (Runs.mark_restarted)
        for job in list(self._waiting):
            if len(self._running) >= self.max_running:
                return
            if job.owner in self._running:
                continue
            self._waiting.remove(job)
            self._running[job.owner] = job
            self.runs.update(job.id, "running")
            pool = self._executor
            try:
                future = self._starter.submit(pool.submit, run_job, job, self.batch_jobs).result()
            except BrokenProcessPool:  # broken by an earlier batch: this one on a new pool
                self._renew(pool)
                pool = self._executor
                future = self._starter.submit(pool.submit, run_job, job, self.batch_jobs).result()
            future.add_done_callback(lambda f, job=job, pool=pool: self._finished(job, f, pool))

    def _finished(self, job: Job, future: Future[dict[str, Any]], pool: Any) -> None:
        try:
            outcome = future.result()
        except DocgenError as exc:
            self.runs.update(job.id, "failed", message=unpathed(str(exc), job))
        except BrokenProcessPool:
            if self._closing:
                why = _("the server stopped")
            else:
                why = _(
                    "the batch's process ended unexpectedly (the server may lack the memory for "
                    "it, or the process was ended from outside); start the batch again"
                )
                self._renew(pool)
            self.runs.update(job.id, "failed", message=why)
        except Exception as exc:  # a bug: say so, go on
            if self._closing:
                why = _("the server stopped")
            else:
                why = _("the batch stopped: {reason}").format(reason=repr(exc))
            self.runs.update(job.id, "failed", message=why)
        else:
            state = "done" if outcome["zip"] else "failed"
            self.runs.update(job.id, state, outcome, "\n".join(outcome["errors"]))
        with self._lock:
            self._running.pop(job.owner, None)
            self._start_ready()

    def shutdown(self) -> None:
        """Stop at once: the batches running are ended (SIGTERM; a batch stopped so leaves no
        half file and none of its own workers) and their runs failed; nothing more starts."""
        with self._lock:
            self._closing = True
            # The pool's processes: concurrent.futures offers no public way to end a running
            # call, and waiting for a batch of hundreds of documents would hold Ctrl-C up.
            processes = list(getattr(self._executor, "_processes", {}).values())
        for process in processes:
            process.terminate()
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._starter.shutdown(wait=True)
