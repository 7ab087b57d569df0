"""A watch on the batch's workers, so that a worker that no longer works never holds the batch.

Each worker says, in memory shared with the batch's process, which document it is making and
since when. A worker that has been on one document longer than :data:`WATCHDOG_SECONDS` is
stopped (SIGSTOP) or hung (a C call that ignores the render's deadline, a lock never freed): the
batch ends it (SIGKILL), which ends the process pool, and the batch closes with the documents it
could not make failed, each with its reason. A document takes milliseconds; a template's render
is itself stopped after 30 s (``RENDER_SECONDS`` in :mod:`docgen.documents.sandbox`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from typing import Any

WATCHDOG_SECONDS = 120.0  # four times a render's own deadline: only a worker that hangs is over it
IDLE = 0.0
KILL = getattr(signal, "SIGKILL", signal.SIGTERM)  # Windows: os.kill ends the process either way


class Pulse:
    """The workers' shared record: for each worker (a slot), its pid, the chunk and the position
    in it of the document it makes, and when it began it (``time.monotonic``, one clock for
    every process of the machine; 0 when it waits for work)."""

    def __init__(self, context: Any, jobs: int) -> None:
        self.jobs = jobs
        self.started = context.Array("d", jobs, lock=False)
        self.chunk = context.Array("q", jobs, lock=False)
        self.position = context.Array("q", jobs, lock=False)
        self.pid = context.Array("q", jobs, lock=False)
        self._taken = context.Value("i", 0)
        self.slot = -1  # in a worker, its own

    def join(self) -> None:
        """In a worker, once: take a slot."""
        with self._taken.get_lock():
            self.slot = self._taken.value
            self._taken.value += 1
        if self._mine():
            self.pid[self.slot] = os.getpid()

    def beat(self, chunk: int, position: int) -> None:
        """In a worker: it begins this document."""
        if self._mine():
            self.chunk[self.slot] = chunk
            self.position[self.slot] = position
            self.started[self.slot] = time.monotonic()

    def rest(self) -> None:
        """In a worker: it has finished its chunk."""
        if self._mine():
            self.started[self.slot] = IDLE

    def _mine(self) -> bool:
        return 0 <= self.slot < self.jobs

    def end_overdue(self, seconds: float) -> list[tuple[int, int]]:
        """In the batch: end (SIGKILL; it ends a stopped process too) every worker that has
        been on one document longer than ``seconds``; the (chunk, position) of their documents."""
        now = time.monotonic()
        ended = []
        for slot in range(self.jobs):
            started = self.started[slot]
            if started != IDLE and now - started > seconds:
                ended.append((self.chunk[slot], self.position[slot]))
                self.started[slot] = IDLE  # ended once
                with contextlib.suppress(OSError):  # it ended meanwhile
                    os.kill(self.pid[slot], KILL)
        return ended

    def end_busy(self) -> None:
        """In the batch, once its process pool is broken: end (SIGKILL) every worker still on a
        document. The pool ends its workers with SIGTERM, which a stopped process keeps pending:
        waiting for it, the batch would wait for ever (two workers stopped a moment apart: the
        first ended by the watchdog broke the pool before the second was overdue). Only a worker
        that is still this process's child is ended (a pid of a worker already reaped may be
        another process's by now)."""
        for slot in range(self.jobs):
            if self.started[slot] != IDLE and _is_unreaped_child(self.pid[slot]):
                self.started[slot] = IDLE
                with contextlib.suppress(OSError):
                    os.kill(self.pid[slot], KILL)


def _is_unreaped_child(pid: int) -> bool:
    """Whether ``pid`` is a child of this process not yet waited for (left waitable); where
    the system cannot tell (Windows), True: there a pid is not reused while a handle is open."""
    if not hasattr(os, "waitid"):
        return pid > 0
    try:
        os.waitid(os.P_PID, pid, os.WEXITED | os.WSTOPPED | os.WNOHANG | os.WNOWAIT)
    except (ChildProcessError, OSError):
        return False
    return True
