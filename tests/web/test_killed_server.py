"""A server killed outright (SIGKILL: no chance to stop anything) while a batch runs takes its
batch workers, their processes and their LibreOffice with it, and nothing more is written into
the run, which the next start marks failed."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from docgen.batch.children import alive, wait_ended
from docgen.web.runs import RESTARTED, Runs
from tests.helpers import ROOT, SHIPPED_WORKBOOK, SOFFICE, TEMPLATES

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds the server's processes in /proc (Linux)"
)
TOKEN = "killed-server-token"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
GONE_SECONDS = 5  # the server's processes must be gone this soon after it was killed


def descendants(root: int) -> dict[int, str]:
    """The processes descended from ``root`` now (not zombies), with their names."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            text = stat.read_text()
            fields = text.rpartition(")")[2].split()
            if fields[0] != "Z":
                pid = int(stat.parent.name)
                parents[pid], names[pid] = (
                    int(fields[1]),
                    text[text.index("(") + 1 : text.rindex(")")],
                )
    found: dict[int, str] = {}
    for pid in parents:
        ancestor = parents[pid]
        while ancestor > 1 and ancestor != root:
            ancestor = parents.get(ancestor, 0)
        if ancestor == root:
            found[pid] = names[pid]
    return found


def files_in(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and time of change."""
    found = {}
    for path in folder.rglob("*"):
        with contextlib.suppress(FileNotFoundError):
            if path.is_file():
                stat = path.stat()
                found[str(path.relative_to(folder))] = (stat.st_size, stat.st_mtime_ns)
    return found


def ask(url: str, fields: dict[str, str] | None = None, workbook: bytes = b"") -> tuple[int, str]:
    """GET ``url``, or POST ``fields`` and ``workbook`` to it as a form; status and text."""
    request = urllib.request.Request(url, headers=BEARER)
    if fields is not None:
        boundary = "docgen-test-boundary"
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="workbook"; '
            f'filename="partners.xlsx"\r\n\r\n'.encode()
            + workbook
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request.data = b"".join(parts)
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_killed_server_leaves_no_worker_nor_libreoffice_and_writes_nothing_more(tmp_path):
    folder = tmp_path / "runs"
    port = free_port()
    command = [sys.executable, "-m", "docgen", "serve", "--port", str(port), "--lang", "en"]
    command += ["--folder", str(folder), "--templates", str(TEMPLATES), "--jobs", "2"]
    environment = {**os.environ, "DOCGEN_TOKEN": TOKEN}
    with open(tmp_path / "server.log", "wb") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=log, stderr=log, start_new_session=True
        )
    seen: dict[int, str] = {}
    try:
        address = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            with contextlib.suppress(OSError):
                if ask(f"{address}/api/words?amount=1")[0] == 200:
                    break
            assert time.monotonic() < deadline, "the server did not answer within a minute"
            time.sleep(0.2)
        # The example's agreements with their PDFs when LibreOffice is here (made one by one by
        # the worker's warm LibreOffice), else every document of the example: a long batch.
        fields = {"kinds": "agreement", "pdf": "1"} if SOFFICE else {}
        made = "*.pdf" if SOFFICE else "*.docx"
        status, text = ask(f"{address}/api/batch", fields, SHIPPED_WORKBOOK.read_bytes())
        assert status == 202, text
        job = json.loads(text)["job"]
        out = folder / job / "out"
        deadline = time.monotonic() + 120
        while not any(out.rglob(made)):  # the batch is writing its documents
            assert time.monotonic() < deadline, "the batch wrote nothing within two minutes"
            seen |= descendants(server.pid)
            time.sleep(0.05)
        seen |= descendants(server.pid)
        if SOFFICE:
            assert "soffice.bin" in seen.values(), seen
        workers = [pid for pid, name in seen.items() if name.startswith("python")]
        assert len(workers) >= 2, seen  # the pool's worker, its batch's, the resource tracker
        assert [pid for pid in workers if alive(pid)], "the batch ended before the test could"

        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        written = files_in(folder / job)
        running = {pid: seen[pid] for pid in wait_ended(list(seen), GONE_SECONDS)}
        assert running == {}, f"still running {GONE_SECONDS} s after the server was killed"
        time.sleep(1)
        assert files_in(folder / job) == written  # nothing written after the server's end

        runs = Runs(folder)  # as the next start does
        assert runs.mark_restarted() == 1
        run = runs.get(job, "local")
        assert (run.state, run.message) == ("failed", RESTARTED)
    finally:
        for pid in [server.pid, *seen]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        server.wait()
