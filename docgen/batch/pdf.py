"""PDF through LibreOffice: many documents per start, a private profile, a hard timeout.

Starting LibreOffice costs about a second and a half, converting a document in a running one a
fraction of that, so documents are converted in a few runs of many each (one run per worker,
in parallel). Each run has a profile of its own, so that parallel runs and a user's open
LibreOffice never collide. A run that does not finish in time is ended with its whole process
group (LibreOffice starts helpers), and its documents are reported; their .docx stay. A PDF is
taken only when LibreOffice exited with 0 and the file is whole (``%PDF-`` at its start,
``%%EOF`` at its end): a crash halfway through a file is a failure, not a document.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DocgenError
from docgen.i18n import N_, _

# PDF/A-2b, LibreOffice's "SelectPdfVersion" 2 (its JSON filter options, LibreOffice 7.4+).
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
PDF_FILTER = "pdf:writer_pdf_Export"
INSTALL_HINT = N_(
    "install LibreOffice (on Debian or Ubuntu: apt-get install libreoffice-writer-nogui;"
    " elsewhere from libreoffice.org), or set DOCGEN_SOFFICE to its soffice program"
)  # translated where it is shown


class ConverterError(DocgenError):
    """LibreOffice is missing, or could not convert documents to PDF."""


@dataclass(frozen=True)
class Converted:
    """A PDF made from ``source`` (its bytes), or why there is none."""

    source: Path
    pdf: bytes | None
    error: str = ""


def find_soffice() -> str:
    """The LibreOffice program: $DOCGEN_SOFFICE, else soffice or libreoffice on the PATH."""
    chosen = os.environ.get("DOCGEN_SOFFICE")
    if chosen:
        if shutil.which(chosen) is None:
            raise ConverterError(
                _("DOCGEN_SOFFICE={program} is not a program; {hint}").format(
                    program=chosen, hint=_(INSTALL_HINT)
                )
            )
        return chosen
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise ConverterError(
            _("LibreOffice is needed for --pdf and is not installed: {hint}").format(
                hint=_(INSTALL_HINT)
            )
        )
    return found


PDF_TAIL = 1024  # %%EOF must be within this many bytes of a PDF's end (PDF 1.7, 7.5.5)


def whole_pdf(data: bytes) -> str:
    """What is wrong with ``data`` as LibreOffice's PDF ("" when it is whole): a whole PDF
    starts with ``%PDF-`` and ends, but for a line break or trailing bytes, with ``%%EOF``. A
    file LibreOffice stopped writing halfway has the first and not the second."""
    if not data:
        return _("LibreOffice made an empty file")
    if not data.startswith(b"%PDF-"):
        return _("LibreOffice made a file that is not a PDF (no %PDF- at its start)")
    if b"%%EOF" not in data[-PDF_TAIL:]:
        return _("LibreOffice made an incomplete PDF (no %%EOF at its end)")
    return ""


def _run(soffice: str, sources: Sequence[Path], pdfa: bool, timeout: float) -> list[Converted]:
    """One LibreOffice run over ``sources``, in a fresh profile and output folder.

    Its output goes to a file, not a pipe: a helper LibreOffice started in another session
    (beyond the reach of killpg) may hold a pipe open for ever, and nothing waits on it.
    """
    with tempfile.TemporaryDirectory(prefix="docgen-lo-") as work:
        folder = Path(work)
        command = [
            soffice,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            PDFA_FILTER if pdfa else PDF_FILTER,
            "--outdir",
            str(folder / "pdf"),
            *map(str, sources),
        ]
        with open(folder / "output.txt", "wb") as log:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, to end it whole
            )
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):  # the group may have ended itself
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()  # it was killed: this returns at once, whatever its helpers hold
            message = _("LibreOffice did not finish within {seconds} s and was stopped").format(
                seconds=f"{timeout:g}"
            )
            return [Converted(s, None, message) for s in sources]
        said = (folder / "output.txt").read_bytes().decode("utf-8", "replace").strip()
        last = said.splitlines()[-1] if said else ""
        if process.returncode != 0:
            if last:
                message = _("LibreOffice failed (exit code {code}; it said: {said})").format(
                    code=process.returncode, said=last
                )
            else:
                message = _("LibreOffice failed (exit code {code})").format(code=process.returncode)
            return [Converted(s, None, message) for s in sources]
        results = []
        for source in sources:
            pdf = folder / "pdf" / f"{source.stem}.pdf"
            data = pdf.read_bytes() if pdf.is_file() else b""
            fault = whole_pdf(data) if data else ""
            if fault:
                results.append(Converted(source, None, fault))
            elif not data:
                if last:
                    message = _("LibreOffice made no PDF ({said})").format(said=last)
                else:
                    message = _("LibreOffice made no PDF (exit code {code})").format(
                        code=process.returncode
                    )
                results.append(Converted(source, None, message))
            else:
                results.append(Converted(source, data))
        return results


def convert(
    sources: Sequence[Path],
    *,
    pdfa: bool = False,
    jobs: int = 1,
    timeout: float = 300.0,
) -> list[Converted]:
    """Convert .docx files to PDF in ``jobs`` LibreOffice runs in parallel, many files each.

    Files with the same name go to different runs (LibreOffice names a PDF by its file's stem).
    ``timeout`` is for each run. Raises ConverterError when LibreOffice is missing.
    """
    made = {c.source: c for run in converted_by_run(sources, pdfa=pdfa, jobs=jobs, timeout=timeout)
            for c in run}  # fmt: skip
    return [made[source] for source in sources]


# The batch's PDFs in LibreOffice runs of at most about this many documents (a whole number of
# runs per worker), so that its progress moves as runs end, not once at the very end. Each run
# more is a start more, about 1,4 s. Measured with 2 workers on this machine: the example's 451
# documents with PDFs took 18,6 s in one run per worker, 19,8 s in three (+6 %); its 129
# agreements and forms stay in one run per worker (7,0 s; four runs per worker took 9,8 s).
PDF_RUN_DOCUMENTS = 100


def converted_by_run(
    sources: Sequence[Path],
    *,
    pdfa: bool = False,
    jobs: int = 1,
    timeout: float = 300.0,
    run_documents: int | None = None,
) -> Iterator[list[Converted]]:
    """As :func:`convert`, in ``jobs`` runs at a time — one per worker, or runs of about
    ``run_documents`` each when given — each run's results as soon as it ends."""
    if not sources:
        return
    soffice = find_soffice()
    # a whole number of runs per worker: a run left over would run alone after the others
    per_worker = -(-len(sources) // (jobs * run_documents)) if run_documents else 1
    runs = max(1, min(jobs * per_worker, len(sources)))
    groups: list[list[Path]] = [[] for _ in range(runs)]
    for index, source in enumerate(sources):
        group = groups[index % len(groups)]
        if any(s.stem == source.stem for s in group):
            groups.append([source])
        else:
            group.append(source)
    with ThreadPoolExecutor(max(1, min(jobs, len(groups)))) as pool:
        started = [pool.submit(_run, soffice, group, pdfa, timeout) for group in groups]
        for run in as_completed(started):
            yield run.result()
