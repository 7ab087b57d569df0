"""A process forked to do work for this one meanwhile, one call at a time.

The batch uses one to read the workbook (openpyxl and numpy take a quarter of a second to
import, the reading a tenth) while it checks and prepares the templates, and later to write the
register with openpyxl already imported. The batch's own process never imports openpyxl, so
its workers, forked from it, are smaller too.

A plain process and a pipe, no threads: the batch forks its workers while this one lives.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable
from typing import Any

from docgen.batch.children import die_with_parent
from docgen.errors import DocgenError
from docgen.i18n import N_, _

DIED = N_("the process working aside died (exit code {code})")


class AsideDied(DocgenError):
    """The process ended (killed, out of memory) before it answered."""


def can_fork() -> bool:
    """Whether this system can fork (Linux, and macOS where fork is offered)."""
    return "fork" in multiprocessing.get_all_start_methods()


class Aside:
    """``call`` sends a function and its arguments to the process; ``result`` waits for what it
    returned, or raises what it raised."""

    def __init__(self) -> None:
        self._died = DIED
        self._lost = False  # the last call could not be sent: the process is gone
        context = multiprocessing.get_context("fork")
        self._connection, theirs = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(theirs, self._connection, os.getpid()), daemon=True
        )
        self._process.start()
        theirs.close()

    def call(self, function: Callable[..., Any], *args: Any, died: str = DIED) -> None:
        """Send the call; ``died`` (a msgid with ``{code}``) says what the process was doing,
        should it die before it answers (:meth:`result` raises it)."""
        self._died = died
        try:
            self._connection.send((function, args))
            self._lost = False
        except OSError:
            # A pipe whose other end died (BrokenPipeError): never let it pass as a closed stdout
            # (Click ends a command quietly on that), the process is said to have died.
            self._lost = True

    def result(self) -> Any:
        try:
            if self._lost:
                raise EOFError
            ok, value = self._connection.recv()
        except (EOFError, OSError):
            self._process.join(5)
            message = _(self._died).format(code=self._process.exitcode)
            raise AsideDied(message) from None
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Let the process end (or stop it, if it does not within a few seconds)."""
        with contextlib.suppress(OSError, ValueError):  # already gone
            self._connection.send(None)
        self._process.join(5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._connection.close()


def _serve(connection: Any, other_end: Any, parent: int) -> None:
    die_with_parent(parent)
    other_end.close()  # so that the pipe ends when this process's parent does
    try:
        while (message := connection.recv()) is not None:
            function, args = message
            try:
                reply = (True, function(*args))
            except BaseException as exc:  # sent back to be raised there
                reply = (False, exc)
            connection.send(reply)
    except (EOFError, OSError):
        return  # the parent is gone: nobody to answer, nothing to say
    finally:
        connection.close()
