"""The scheduler: at most MAX_RUNNING batches at once, one per user, the rest in order; what a
finished or failed batch leaves in its run's record. The worker pool is replaced by futures
the test resolves, so no process is started."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

from docgen.errors import Problem, WorkbookError
from docgen.web.jobs import Job, Progress, Scheduler, read_progress, write_progress
from docgen.web.runs import Runs


class Pool:
    def __init__(self):
        self.started: list[tuple[Job, Future]] = []

    def submit(self, function, job, batch_jobs):
        future: Future = Future()
        self.started.append((job, future))
        return future

    def shutdown(self, **kwargs):
        pass


@pytest.fixture
def scheduler(tmp_path):
    runs = Runs(tmp_path)
    scheduler = Scheduler(runs, max_running=2)
    scheduler._executor.shutdown()
    scheduler._executor = Pool()
    return scheduler


def job(scheduler: Scheduler, owner: str) -> Job:
    run_id = scheduler.runs.new_id()
    scheduler.runs.add(run_id, owner, "0" * 64, "agreement")
    return Job(run_id, owner, Path("."), Path("."), ("agreement",), (), False, False)


def state(scheduler: Scheduler, j: Job) -> str:
    return scheduler.runs.get(j.id, j.owner).state


def test_one_batch_per_user_at_a_time_and_at_most_max_running(scheduler):
    anna1, anna2, berta, cecilija = (
        job(scheduler, o) for o in ("anna", "anna", "berta", "cecilija")
    )
    for j in (anna1, anna2, berta, cecilija):
        scheduler.submit(j)
    assert [state(scheduler, j) for j in (anna1, anna2, berta, cecilija)] == [
        "running",
        "queued",
        "running",
        "queued",
    ]
    done = {"counts": {"written": 1}, "zip": "docgen_2026-01-01.zip", "errors": [], "total": 1}
    scheduler._executor.started[0][1].set_result(done)  # anna1 ends: anna2 is next in order
    assert state(scheduler, anna1) == "done"
    assert state(scheduler, anna2) == "running"
    assert state(scheduler, cecilija) == "queued"
    scheduler._executor.started[1][1].set_result(done)  # berta ends: cecilija starts
    assert state(scheduler, cecilija) == "running"


def test_a_batch_that_raises_is_failed_with_its_message(scheduler):
    j = job(scheduler, "anna")
    scheduler.submit(j)
    error = WorkbookError([Problem("Partneri!J2 (IBAN)", "not a valid IBAN")])
    scheduler._executor.started[0][1].set_exception(error)
    run = scheduler.runs.get(j.id, "anna")
    assert run.state == "failed"
    assert run.message == "Partneri!J2 (IBAN): not a valid IBAN\n1 error in the workbook."


def test_a_worker_that_died_fails_its_run_and_the_next_starts(scheduler):
    first, second = job(scheduler, "anna"), job(scheduler, "anna")
    scheduler.submit(first)
    scheduler.submit(second)
    scheduler._executor.started[0][1].set_exception(RuntimeError("killed"))
    assert scheduler.runs.get(first.id, "anna").message.startswith("the batch stopped: ")
    assert state(scheduler, second) == "running"


def test_a_pool_broken_by_a_dead_worker_is_renewed_for_the_next_batches(scheduler):
    from concurrent.futures.process import BrokenProcessPool

    broken = scheduler._executor
    pools = [Pool()]
    scheduler._new_pool = pools.pop  # the pool made when the first one breaks
    first, second = job(scheduler, "anna"), job(scheduler, "anna")
    scheduler.submit(first)
    scheduler.submit(second)
    broken.started[0][1].set_exception(BrokenProcessPool("a process ended abruptly"))
    run = scheduler.runs.get(first.id, "anna")
    assert run.state == "failed"
    assert run.message.startswith("the batch's process ended unexpectedly")
    assert scheduler._executor is not broken  # a new pool runs the next batch
    assert [j for j, _ in scheduler._executor.started] == [second]
    assert state(scheduler, second) == "running"


def test_a_batch_without_its_zip_is_failed_with_the_reason(scheduler):
    j = job(scheduler, "anna")
    scheduler.submit(j)
    outcome = {"counts": {}, "zip": "", "errors": ["out: cannot write"], "total": 0}
    scheduler._executor.started[0][1].set_result(outcome)
    run = scheduler.runs.get(j.id, "anna")
    assert (run.state, run.message) == ("failed", "out: cannot write")


def test_progress_is_read_back_and_nothing_is_zero(tmp_path):
    nothing = Progress(0, False).as_json()
    assert read_progress(tmp_path) == nothing
    write_progress(tmp_path, Progress(7, True, "pdfs", 7, 3, 6))
    assert read_progress(tmp_path) == {
        "phase": "pdfs",
        "documents": 7,
        "documents_total": 7,
        "pdf": True,
        "pdfs": 3,
        "pdfs_total": 6,
    }
    (tmp_path / "progress.json").write_text("{half")
    assert read_progress(tmp_path) == nothing


def test_at_shutdown_nothing_more_starts_and_the_running_batch_is_failed(scheduler):
    first, second = job(scheduler, "anna"), job(scheduler, "anna")
    scheduler.submit(first)
    scheduler.submit(second)
    scheduler.shutdown()
    scheduler._executor.started[0][1].set_exception(RuntimeError("terminated"))
    assert scheduler.runs.get(first.id, "anna").message == "the server stopped"
    assert state(scheduler, second) == "queued"  # failed by the next start (mark_restarted)
    assert len(scheduler._executor.started) == 1
