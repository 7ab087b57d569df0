"""The processes that validate the workbooks sent to ``/api/validate`` (and mark them, for
``/api/mark``).

A validation in the server's own threads held its one interpreter lock, one core, for its
length: 8 clients waited 0.71 s (p95, bench/web.py), 0.20 s so. Each runs in a process
of a pool, one per core (``VALIDATE_PROCESSES`` in app.py), started with the first validations
from the event loop's thread, which lives as long as the server: they end with it
(``start_worker``).

A process that dies (a workbook that took all the memory, a process killed from outside)
breaks a process pool for good: every later call would fail. The pool is then made anew; the
validations it held are answered with :class:`ValidationLost`, the next ones are served.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from docgen.web.jobs import start_worker


class ValidationLost(Exception):
    """The process validating a workbook ended before it answered."""


def process_pool(processes: int) -> Callable[[], Executor]:
    """What makes the pool: ``processes`` spawned processes that end with the server."""

    def make() -> Executor:
        return ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=start_worker,
            initargs=(os.getpid(),),
        )

    return make


class Checker:
    """Runs calls in a pool made by ``make_pool``, made anew when one of its processes died."""

    def __init__(self, make_pool: Callable[[], Executor]) -> None:
        self._make_pool = make_pool
        self._lock = threading.Lock()
        self.pool = make_pool()

    async def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` in a process of the pool. Raises :class:`ValidationLost` when
        that process (or another of the pool) died before it answered."""
        pool = self.pool
        try:
            future = pool.submit(function, *args)
        except BrokenProcessPool:  # broken by an earlier call: this one is served by a new pool
            pool = self._renewed(pool)
            future = pool.submit(function, *args)
        try:
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            self._renewed(pool)
            raise ValidationLost() from None

    def _renewed(self, broken: Executor) -> Executor:
        with self._lock:
            if self.pool is broken:  # not renewed yet by another call it held
                self.pool = self._make_pool()
        broken.shutdown(wait=False, cancel_futures=True)
        return self.pool

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
