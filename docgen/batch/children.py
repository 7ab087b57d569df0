"""The processes a batch starts end with it: killed, stopped or interrupted, it leaves none.

A worker or the reading process whose batch died would go on writing into the folder, holding
memory, or keep the folder's lock. On Linux the kernel ends them (``prctl(PR_SET_PDEATHSIG)``:
a signal when the parent dies); elsewhere a thread in each watches for its parent's end. Ctrl-C
reaches every process of the terminal's group: the children ignore it and the batch's own
process stops them, so that only it says anything.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from pathlib import Path

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_SECONDS = 0.5  # how often a child without PR_SET_PDEATHSIG looks for its parent


def die_with_parent(parent: int) -> None:
    """In a child process: end when the process ``parent`` ends; leave Ctrl-C to it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _parent_death_signal():
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it ended before the line above
        os._exit(1)


def _parent_death_signal() -> bool:
    """Ask Linux to kill this process when its parent (the thread that started it) ends."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    # A child whose parent ended is given to another (init, or a subreaper).
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def alive(pid: int) -> bool:
    """Whether a process with this id runs (a zombie, ended but not yet reaped, does not).
    POSIX only (on Windows, os.kill would end the process)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    stat = Path(f"/proc/{pid}/stat")
    with contextlib.suppress(OSError, IndexError):
        return stat.read_text().rpartition(")")[2].split()[0] != "Z"
    return True


def wait_ended(pids: list[int], seconds: float) -> list[int]:
    """Wait up to ``seconds`` for the processes to end; those still running."""
    deadline = time.monotonic() + seconds
    running = [p for p in pids if alive(p)]
    while running and time.monotonic() < deadline:
        time.sleep(0.05)
        running = [p for p in running if alive(p)]
    return running
