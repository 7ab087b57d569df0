"""A batch that is killed or interrupted leaves no process behind and does not block the next."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docgen.batch.children import alive
from docgen.cli import INTERRUPTED
from tests.helpers import ROOT, SHIPPED_WORKBOOK, TEMPLATES

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds a batch's processes in /proc (Linux)"
)


def children_of(parent: int) -> list[int]:
    """The processes whose parent is ``parent`` now, from /proc/*/stat."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == parent and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


# `python -m docgen` as a system that cannot fork runs it: the workers spawned.
WITHOUT_FORK = """
import sys
import docgen.batch.run
docgen.batch.run.can_fork = lambda: False
from docgen.cli import main
sys.argv = ["docgen", *sys.argv[1:]]
main()
"""


def start_batch(out: Path, fork: bool = True) -> tuple[subprocess.Popen, list[int]]:
    """``python -m docgen batch`` on the shipped workbook with two workers, once they run (and,
    forked, the reading process) and the first documents are on disk."""
    start = ["-m", "docgen"] if fork else ["-c", WITHOUT_FORK]
    command = [sys.executable, *start, "batch", str(SHIPPED_WORKBOOK), "--out", str(out)]
    command += ["--templates", str(TEMPLATES), "--jobs", "2", "--quiet"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, as a terminal gives a command
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        children = children_of(process.pid)
        if len(children) >= (3 if fork else 2) and any(out.rglob("*.docx")):
            return process, children
        assert process.poll() is None, process.communicate()
        time.sleep(0.01)
    process.kill()
    raise AssertionError("the batch did not start its workers within a minute")


@pytest.fixture(autouse=True)
def no_batch_left(monkeypatch):
    """Whatever a test asserts, the batches it started do not outlive it."""
    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", popen)
    yield
    for process in started:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def next_batch(out: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "docgen", "batch", str(SHIPPED_WORKBOOK), "--out", str(out)]
    command += ["--templates", str(TEMPLATES), "--jobs", "2", "--quiet"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("how", "fork"),
    [(signal.SIGKILL, True), (signal.SIGTERM, True), (signal.SIGKILL, False)],
    ids=["SIGKILL", "SIGTERM", "SIGKILL-spawned-workers"],
)
def test_a_killed_batch_leaves_no_worker_and_the_next_one_completes(
    tmp_path: Path, how, fork: bool
) -> None:
    out = tmp_path / "out"
    process, children = start_batch(out, fork)
    os.kill(process.pid, how)
    process.communicate(timeout=30)  # its pipes close: no worker of it holds them
    assert (out / ".docgen.lock").read_text().startswith(f"pid {process.pid} since ")

    done = next_batch(out)  # at once, on the same folder
    assert done.returncode == 0, done.stdout + done.stderr
    assert "failed         0" in done.stdout and "edited         0" in done.stdout
    assert [pid for pid in children if alive(pid)] == []
    assert not [p for p in out.rglob(".docgen-tmp-*")]


def test_ctrl_c_stops_the_batch_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    out = tmp_path / "out"
    process, children = start_batch(out)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole group gets it
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert stderr == f"Error: {INTERRUPTED}\n"
    assert "Traceback" not in stdout
    assert [pid for pid in children if alive(pid)] == []

    done = next_batch(out)
    assert done.returncode == 0, done.stdout + done.stderr
