"""A warm LibreOffice: started on first need, kept for the next document, started afresh when
it dies or hangs; the first page of a document as a picture on top of it.

Why UNO: starting LibreOffice costs about a second, and so does every ``soffice --convert-to``
handed to one already running (its own IPC starts a new conversion the same slow way). Through
UNO a running LibreOffice (``soffice --accept=pipe,…``) loads a document and writes its first
page as PDF in about 0.1 s. UNO needs ``import uno``, which only the Python LibreOffice was
built for has (Debian's /usr/bin/python3 with the package python3-uno, or LibreOffice's own
program/python), never docgen's virtual environment; so a small script shipped here,
:mod:`docgen.batch.uno_bridge`, runs in that Python and talks JSON lines with this module over
its stdin and stdout. Without such a Python the office says so (:attr:`Office.reason`) and
converts the cold way, one LibreOffice run a call (:func:`docgen.batch.pdf.convert`): slower,
never broken.

How it stays well: LibreOffice and the bridge each run in a session of their own (so that each
is ended whole, with the helpers it starts, by ``killpg``). A call that gets no answer within
the office's ``timeout`` (a hung LibreOffice) has both killed and fails with a message saying
so; one that finds either process dead, or loses the connection while the office was already
running (it died between two calls), starts them afresh and tries once more; the next call
after any failure starts afresh. :meth:`Office.close` kills both and removes their private
profile; it is also called at the interpreter's exit, and when the process holding the office
dies without closing it, the bridge notices and kills LibreOffice itself.

The picture: LibreOffice's own PNG export (``writer_png_Export``) is missing from the nogui
build Debian's servers use ("no export filter"; through UNO, an I/O error), so the first page
is written as PDF and drawn by PDFium (pypdfium2, from PyPI, with its own PDFium inside: no
system package). Measured on a 2-core machine for a page 900 pixels wide: pypdfium2 with
Pillow's PNG 0.04 s; poppler's ``pdftoppm -png`` 0.3 s (its PNG encoder at full compression),
0.08 s with its PPM output encoded by Pillow, but a program to install beside docgen.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from docgen.batch.pdf import Converted, ConverterError, find_soffice, whole_pdf
from docgen.batch.pdf import convert as convert_cold
from docgen.i18n import _

CONVERT_TIMEOUT = 60.0  # seconds one document may take in a warm LibreOffice
START_TIMEOUT = 60.0  # seconds LibreOffice may take to start and accept the bridge
PROBE_TIMEOUT = 30.0  # seconds a Python may take to say whether it can import uno
STOP_SECONDS = 5.0  # the longest close() waits for the processes it killed to be gone
PREVIEW_WIDTH = 900  # pixels: page 1 as the web page shows it
UNO_PYTHON = "DOCGEN_UNO_PYTHON"  # a Python that can import uno, chosen by hand
SYSTEM_PYTHON = "/usr/bin/python3"
BRIDGE = Path(__file__).with_name("uno_bridge.py")
MODES = ("pdf", "pdfa", "page1")
UNOPENED = "unopened"  # the bridge's answer for a document LibreOffice cannot open


class OfficeStartError(ConverterError):
    """The warm LibreOffice could not be started (or its bridge could not reach it)."""


def _plain_environment() -> dict[str, str]:
    """The environment for the other Python: without this interpreter's own paths."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def can_import_uno(python: str) -> bool:
    """Whether ``python`` is a program that can ``import uno``."""
    try:
        probe = subprocess.run(
            [python, "-c", "import uno"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=PROBE_TIMEOUT,
            env=_plain_environment(),
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def uno_pythons(soffice: str) -> list[str]:
    """Where a Python with uno is looked for: $DOCGEN_UNO_PYTHON alone when it is set, else
    Debian's /usr/bin/python3, then the one LibreOffice ships beside its soffice."""
    chosen = os.environ.get(UNO_PYTHON)
    if chosen:
        return [chosen]
    found = shutil.which(soffice) or soffice
    bundled = Path(os.path.realpath(found)).parent / "python"
    return [SYSTEM_PYTHON, str(bundled)]


def find_uno_python(soffice: str) -> str | None:
    """The first of :func:`uno_pythons` that can import uno, or None."""
    return next((p for p in uno_pythons(soffice) if can_import_uno(p)), None)


def session_members(session: int) -> list[int]:
    """The processes (not zombies) of the session ``session``, read from /proc (Linux)."""
    members = []
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            if fields[0] != "Z" and int(fields[3]) == session:  # state, ppid, pgrp, session
                members.append(int(entry.name))
    return members


def render_png(pdf: bytes, width: int = PREVIEW_WIDTH) -> bytes:
    """The first page of ``pdf`` as a PNG ``width`` pixels wide."""
    import pypdfium2

    with _RENDERING:  # PDFium is not thread-safe
        try:
            document = pypdfium2.PdfDocument(pdf)
        except pypdfium2.PdfiumError as exc:
            raise ConverterError(_("the PDF cannot be read: {error}").format(error=exc)) from exc
        try:
            page = document[0]
            image = page.render(scale=width / page.get_width()).to_pil()
        finally:
            document.close()
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=3)  # 6, the default, is twice as slow, no smaller
    return buffer.getvalue()


_RENDERING = threading.Lock()


class Office:
    """One LibreOffice kept for many conversions, one at a time (thread-safe); see the module.

    Nothing starts until the first conversion. ``timeout`` is for each document,
    ``start_timeout`` for LibreOffice's start. ``soffice`` and ``python`` (one that can import
    uno) are found as :func:`~docgen.batch.pdf.find_soffice` and :func:`find_uno_python` find
    them unless given.
    """

    def __init__(
        self,
        *,
        timeout: float = CONVERT_TIMEOUT,
        start_timeout: float = START_TIMEOUT,
        soffice: str | None = None,
        python: str | None = None,
    ):
        self.timeout = timeout
        self.start_timeout = start_timeout
        self._soffice_program = soffice
        self._python = python
        self._chosen = False  # whether the path (warm or cold) has been chosen
        self._lock = threading.RLock()
        self._soffice: subprocess.Popen[bytes] | None = None
        self._bridge: subprocess.Popen[bytes] | None = None
        self._answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._folder: Path | None = None
        self._logs: list[IO[bytes]] = []
        self._count = 0
        self._owner = os.getpid()  # the process that started them (a fork's copy must not kill)
        self.reason = ""  # why the cold path is used, once chosen ("" on the warm path)
        self.starts = 0  # how many times LibreOffice was started (restarts included)

    # --- which path ---------------------------------------------------------------------

    def _choose(self) -> None:
        if self._chosen:
            return
        self._soffice_program = self._soffice_program or find_soffice()
        if self._python is None:
            self._python = find_uno_python(self._soffice_program)
            if self._python is None:
                tried = ", ".join(uno_pythons(self._soffice_program))
                self.reason = _(
                    "no Python that can import uno (tried {pythons}): each conversion starts "
                    "LibreOffice anew; install python3-uno (Debian, Ubuntu) or set "
                    "DOCGEN_UNO_PYTHON"
                ).format(pythons=tried)
        self._chosen = True

    @property
    def warm(self) -> bool:
        """Whether conversions go to a LibreOffice kept running (else cold runs, see reason)."""
        with self._lock:
            self._choose()
            return self._python is not None

    def describe(self) -> str:
        """Which path is in use, in a sentence."""
        if self.warm:
            return _("a LibreOffice kept running, through UNO ({python})").format(
                python=self._python
            )
        return self.reason

    # --- starting and stopping ----------------------------------------------------------

    def _running(self) -> bool:
        return (
            self._soffice is not None
            and self._bridge is not None
            and self._soffice.poll() is None
            and self._bridge.poll() is None
        )

    def _start(self) -> None:
        assert self._python is not None and self._soffice_program is not None
        self._stop()
        self.starts += 1
        self._owner = os.getpid()
        folder = Path(tempfile.mkdtemp(prefix="docgen-office-"))
        self._folder = folder
        self._logs = [
            open(folder / "soffice.txt", "wb"),  # noqa: SIM115 - closed by _stop
            open(folder / "bridge.txt", "wb"),  # noqa: SIM115 - closed by _stop
        ]
        atexit.register(self.close)
        try:
            self._launch(folder)
        except OSError as exc:  # a program that cannot be run
            self._stop()
            raise OfficeStartError(
                _("LibreOffice and its bridge could not be started: {error}").format(error=exc)
            ) from exc
        answer = self._answer(self.start_timeout + 5.0)  # the bridge's own deadline first
        if answer is None or not answer.get("ready"):
            detail = (answer or {}).get("error") or self._last_words()
            self._stop()
            raise OfficeStartError(
                _("LibreOffice did not start within {seconds} s ({detail})").format(
                    seconds=f"{self.start_timeout:g}", detail=detail
                )
            )

    def _launch(self, folder: Path) -> None:
        """LibreOffice, listening on a pipe of its own, and the bridge that connects to it."""
        assert self._python is not None and self._soffice_program is not None
        pipe = f"docgen-{os.getpid()}-{secrets.token_hex(8)}"
        soffice_log, bridge_log = self._logs
        self._soffice = subprocess.Popen(
            [
                self._soffice_program,
                "--headless",
                "--invisible",
                "--nologo",
                "--nodefault",
                "--norestore",
                "--nolockcheck",
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
            ],
            stdin=subprocess.DEVNULL,
            stdout=soffice_log,  # a file, not a pipe: see docgen.batch.pdf._run
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._bridge = subprocess.Popen(
            [
                self._python,
                str(BRIDGE),
                pipe,
                str(self._soffice.pid),
                str(os.getpid()),
                str(self.start_timeout),
                str(folder),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=bridge_log,
            start_new_session=True,
            env=_plain_environment(),
        )
        self._answers = queue.Queue()
        reader = threading.Thread(
            target=_read_answers, args=(self._bridge.stdout, self._answers), daemon=True
        )
        reader.start()

    def _answer(self, seconds: float) -> dict[str, Any] | None:
        """The bridge's next line; None when it ended or said nothing within ``seconds``."""
        try:
            return self._answers.get(timeout=seconds)
        except queue.Empty:
            return None

    def _last_words(self) -> str:
        """The last line the bridge or LibreOffice wrote to its log, for a message."""
        if self._folder is None:
            return ""
        for name in ("bridge.txt", "soffice.txt"):
            with contextlib.suppress(OSError):
                said = (self._folder / name).read_text(encoding="utf-8", errors="replace")
                lines = [line for line in said.splitlines() if line.strip()]
                if lines:
                    return lines[-1].strip()
        return _("it said nothing")

    def _stop(self) -> None:
        """Kill the bridge and LibreOffice, each with its whole session; remove their files."""
        if os.getpid() != self._owner:  # a forked copy: the processes are its parent's
            self._soffice = self._bridge = None
            self._folder = None
            return
        processes = [p for p in (self._bridge, self._soffice) if p is not None]
        for process in processes:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)  # its own session: its pgid is its pid
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=STOP_SECONDS)
            if process.stdin is not None:  # its stdout is closed by the thread reading it
                with contextlib.suppress(OSError):
                    process.stdin.close()
        # soffice.bin, oosplash's child, is given to init when oosplash dies: wait for it too
        if sys.platform.startswith("linux"):
            for process in processes:
                _wait_gone(process.pid, STOP_SECONDS)
        for log in self._logs:
            log.close()
        self._logs = []
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
        self._soffice = self._bridge = None
        self._folder = None
        atexit.unregister(self.close)

    def close(self) -> None:
        """End LibreOffice and the bridge; a later conversion starts them again."""
        with self._lock:
            self._stop()

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def processes(self) -> list[int]:
        """The ids of every process the office runs now (LibreOffice's helpers included)."""
        with self._lock:
            sessions = [p.pid for p in (self._soffice, self._bridge) if p is not None]
        return [pid for session in sessions for pid in session_members(session)]

    @property
    def soffice_pid(self) -> int | None:
        """LibreOffice's process (the leader of its session and group), while it runs."""
        return self._soffice.pid if self._soffice is not None else None

    # --- converting ---------------------------------------------------------------------

    def _pdf(self, source: Path, mode: str) -> bytes:
        """The PDF of ``source`` made in the warm LibreOffice (whole, PDF/A-2b, or page 1), or
        ConverterError."""
        assert mode in MODES
        source = Path(source).resolve()
        for attempt in (1, 2):
            was_running = self._running()
            if not was_running:
                self._start()
            assert self._folder is not None and self._bridge is not None
            assert self._bridge.stdin is not None
            self._count += 1
            target = self._folder / f"{self._count}.pdf"
            request = {"source": str(source), "target": str(target), "mode": mode}
            try:
                self._bridge.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
                self._bridge.stdin.flush()
                answer = self._answer(self.timeout)
            except OSError:  # the bridge ended: a broken pipe
                answer = None
            if answer is not None and answer.get("ok"):
                data = target.read_bytes() if target.is_file() else b""
                with contextlib.suppress(OSError):
                    target.unlink()
                fault = whole_pdf(data)
                if fault:
                    raise ConverterError(
                        _("LibreOffice made {fault} of {name}").format(
                            fault=fault, name=source.name
                        )
                    )
                return data
            hung = answer is None and self._running()
            lost = not hung and (answer is None or bool(answer.get("lost")))
            detail = self._last_words() if answer is None else str(answer.get("error", ""))
            if hung or lost:
                self._stop()
            if lost and was_running and attempt == 1:
                continue  # it died since the last call: once more, in a fresh LibreOffice
            if hung:
                raise ConverterError(
                    _(
                        "LibreOffice did not convert {name} within {seconds} s and was "
                        "stopped; the next document starts it afresh"
                    ).format(name=source.name, seconds=f"{self.timeout:g}")
                )
            if lost:
                raise ConverterError(
                    _("LibreOffice stopped while converting {name} ({detail})").format(
                        name=source.name, detail=detail
                    )
                )
            with contextlib.suppress(OSError):
                target.unlink()
            if detail == UNOPENED:
                raise ConverterError(
                    _("LibreOffice could not open {name}").format(name=source.name)
                )
            raise ConverterError(
                _("LibreOffice could not convert {name}: {detail}").format(
                    name=source.name, detail=detail
                )
            )
        raise AssertionError("unreachable")  # for programmers: the loop returns or raises

    def convert(
        self, sources: Sequence[Path], *, pdfa: bool = False, jobs: int = 1, timeout: float = 300.0
    ) -> list[Converted]:
        """PDFs of ``sources``, as :func:`docgen.batch.pdf.convert` makes them: one by one in
        the warm LibreOffice (each within the office's ``timeout``), or on the cold path in
        ``jobs`` runs in parallel, each within ``timeout``."""
        with self._lock:
            if not self.warm:
                return convert_cold(sources, pdfa=pdfa, jobs=jobs, timeout=timeout)
            results = []
            for index, source in enumerate(sources):
                try:
                    results.append(Converted(source, self._pdf(source, "pdfa" if pdfa else "pdf")))
                except OfficeStartError as exc:  # no use trying the others, each for a minute
                    results += [Converted(s, None, str(exc)) for s in sources[index:]]
                    break
                except ConverterError as exc:
                    results.append(Converted(source, None, str(exc)))
            return results

    def first_page(self, source: Path) -> bytes:
        """A PDF of the first page of ``source`` (on the cold path: of the whole document)."""
        with self._lock:
            if self.warm:
                return self._pdf(Path(source), "page1")
            (converted,) = convert_cold([Path(source)], timeout=self.timeout)
            if converted.pdf is None:
                raise ConverterError(converted.error)
            return converted.pdf

    def preview(self, source: Path, width: int = PREVIEW_WIDTH) -> bytes:
        """The first page of ``source`` as a PNG ``width`` pixels wide."""
        return render_png(self.first_page(source), width)


def _read_answers(stream: IO[bytes], answers: queue.Queue[dict[str, Any] | None]) -> None:
    """The bridge's lines, as they come; None when it ends (or says something not JSON)."""
    with stream:
        for line in stream:
            try:
                answers.put(json.loads(line))
            except ValueError:
                break
    answers.put(None)


def _wait_gone(session: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while session_members(session) and time.monotonic() < deadline:
        time.sleep(0.02)


_shared: Office | None = None
_shared_lock = threading.Lock()


def shared_office() -> Office:
    """This process's Office, made on first need (and closed at its exit)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Office()
        return _shared


def preview(source: Path, *, office: Office | None = None, width: int = PREVIEW_WIDTH) -> bytes:
    """The first page of the .docx ``source`` as a PNG ``width`` pixels wide, made by ``office``
    (this process's :func:`shared_office` unless given): about a second the first time, a
    tenth of one after, on the warm path."""
    return (office or shared_office()).preview(source, width)
