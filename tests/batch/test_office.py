"""The warm LibreOffice: page 1 of a real agreement, quick the second time, started afresh when
killed or hung, nothing left behind; the cold path without a Python that has uno."""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from docgen.batch.children import alive
from docgen.batch.office import Office, can_import_uno, preview, session_members
from docgen.batch.pdf import ConverterError
from tests.batch.test_pdf import invoke
from tests.helpers import ROOT, TEMPLATES

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")
UNO = SOFFICE is not None and Office().warm
needs_libreoffice = pytest.mark.skipif(
    not (SOFFICE and POPPLER), reason="LibreOffice or poppler-utils (pdftotext) is not installed"
)
needs_uno = pytest.mark.skipif(
    not (SOFFICE and POPPLER and UNO),
    reason="LibreOffice, poppler-utils or a Python with uno (apt-get install python3-uno) is "
    "missing",
)
PNG = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG)
    return struct.unpack(">II", data[16:24])  # the IHDR chunk's width and height


def pdf_facts(data: bytes, folder: Path) -> tuple[int, str]:
    """The PDF's number of pages and its first page's text, as poppler reads them."""
    path = folder / "read.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(next(x.split()[-1] for x in info.stdout.splitlines() if x.startswith("Pages:")))
    text = subprocess.run(
        ["pdftotext", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pages, " ".join(text.split())


@pytest.fixture(scope="module")
def agreement(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The agreement of the test workbook's first partner, as the batch writes it."""
    from tests.conftest import Book

    folder = tmp_path_factory.mktemp("office")
    out = folder / "out"
    result = invoke("agreement", Book(folder).save(), "--out", out, "--templates", TEMPLATES)
    assert result.exit_code == 0, result.output
    return out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx"


@pytest.fixture(scope="module")
def office():
    """One warm office for the tests that leave it well."""
    with Office() as office:
        yield office


@needs_uno
def test_page_1_of_an_agreement_and_quickly_the_second_time(office, agreement, tmp_path):
    first = office.first_page(agreement)
    pages, text = pdf_facts(first, tmp_path)
    assert pages == 1  # the agreement has several; only the first is made
    assert "SADARBĪBAS LĪGUMS Nr. 9.2.1.1/15/I/001/1" in text
    assert "Jūrmalas valstspilsētas pašvaldība" in text

    started = time.monotonic()
    picture = preview(agreement, office=office)
    seconds = time.monotonic() - started
    assert seconds < 1.0, f"a second preview took {seconds:.2f} s"  # issue 14: under a second
    width, height = png_size(picture)
    assert width == 900 and 1200 < height < 1350  # an A4 page, 900 pixels wide
    assert len(picture) > 30_000  # a page with text on it, not a blank one (that is ~5 kB)
    assert office.starts == 1


@needs_uno
def test_whole_pdfs_and_pdf_a_in_the_warm_office(office, agreement, tmp_path):
    (plain,) = office.convert([agreement])
    (archive,) = office.convert([agreement], pdfa=True)
    assert plain.error == "" and archive.error == ""
    pages, text = pdf_facts(plain.pdf, tmp_path)
    assert 3 <= pages <= 10 and "SADARBĪBAS LĪGUMS" in text
    assert b"<pdfaid:part>2</pdfaid:part>" in archive.pdf
    assert b"<pdfaid:part>" not in plain.pdf
    missing = office.convert([tmp_path / "nothing.docx"])[0]
    assert missing.pdf is None and "nothing.docx" in missing.error
    assert office.first_page(agreement).startswith(b"%PDF-")  # a bad file harms no other


@needs_uno
def test_a_killed_libreoffice_is_started_afresh_for_the_next_call(agreement):
    with Office() as office:
        office.first_page(agreement)
        os.killpg(office.soffice_pid, signal.SIGKILL)
        assert office.preview(agreement).startswith(PNG)
        assert office.starts == 2


@needs_uno
def test_a_hung_libreoffice_fails_the_call_within_the_timeout_and_the_next_works(agreement):
    with Office(timeout=3) as office:
        office.first_page(agreement)
        stopped = office.soffice_pid
        os.killpg(stopped, signal.SIGSTOP)  # it hangs: alive, answering nothing
        started = time.monotonic()
        with pytest.raises(ConverterError, match=r"did not convert JURMALA_sadarbibas_ligums\.docx"
                           r" within 3 s and was stopped"):  # fmt: skip
            office.first_page(agreement)
        assert time.monotonic() - started < 3 + 3  # the timeout, and the killing
        assert session_members(stopped) == []
        assert office.preview(agreement).startswith(PNG)
        assert office.starts == 2


NEVER_LISTENS = """#!/bin/sh
# A stand-in for LibreOffice that starts and never opens its pipe, with a helper of its own.
sleep 120 &
sleep 120
"""


@needs_uno
def test_a_libreoffice_that_never_answers_fails_to_start_in_time_and_leaves_nothing(tmp_path):
    stand_in = tmp_path / "soffice"
    stand_in.write_text(NEVER_LISTENS)
    stand_in.chmod(0o755)
    office = Office(soffice=str(stand_in), start_timeout=2)
    source = tmp_path / "a.docx"
    source.write_bytes(b"not used")
    started = time.monotonic()
    (result,) = office.convert([source])
    assert result.pdf is None
    assert "LibreOffice did not start within 2 s" in result.error
    assert time.monotonic() - started < 2 + 5 + 3
    assert office.processes() == []
    assert not [p for p in _sleeping() if str(stand_in) in _command(p)]


@needs_libreoffice
def test_a_bridge_that_cannot_be_run_fails_the_start_and_ends_libreoffice(
    tmp_path, monkeypatch
):
    # its LibreOffice's profile in a folder of this test's: other tests' LibreOffice (in
    # parallel) are not its
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    office = Office(python=str(tmp_path / "no-python"))
    with pytest.raises(ConverterError, match=r"its bridge could not be started: .*no-python"):
        office.first_page(tmp_path / "a.docx")
    time.sleep(0.2)
    ours = [p for p in _sleeping() if "soffice" in _command(p) and str(tmp_path) in _command(p)]
    assert ours == []
    assert office.processes() == []


def _sleeping() -> list[int]:
    return [int(p.name) for p in Path("/proc").glob("[0-9]*") if _command(int(p.name))]


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@needs_uno
def test_close_leaves_no_process_and_no_folder(agreement):
    office = Office()
    office.first_page(agreement)
    pids = office.processes()
    assert len(pids) >= 3  # the bridge, oosplash and soffice.bin
    assert any("soffice.bin" in _command(p) for p in pids)
    folder = office._folder
    office.close()
    assert [p for p in pids if alive(p)] == []
    assert office.processes() == []
    assert folder is not None and not folder.exists()


DIES = """
import os, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from docgen.batch.office import Office
office = Office()
office.first_page(Path({source!r}))
print(" ".join(map(str, office.processes())), flush=True)
{end}
"""


@needs_uno
@pytest.mark.parametrize(
    ("end", "code"),
    [
        ("os.kill(os.getpid(), 9)", -signal.SIGKILL),  # no atexit: as a job worker killed
        ("sys.exit(3)", 3),  # no close(): atexit closes it (and the bridge sees stdin close)
    ],
    ids=["killed", "exits"],
)
def test_a_process_ending_with_its_office_running_leaves_no_libreoffice(
    agreement, end, code, tmp_path
):
    # its own temporary folder: other tests' offices (in parallel) come and go in the system's
    private = tmp_path / "tmp"
    private.mkdir()
    script = textwrap.dedent(DIES).format(root=str(ROOT), source=str(agreement), end=end)
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(private)},
    )
    assert done.returncode == code, done.stderr
    pids = [int(p) for p in done.stdout.split()]
    assert len(pids) >= 3
    deadline = time.monotonic() + 5
    while [p for p in pids if alive(p)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [p for p in pids if alive(p)] == []  # the bridge saw its parent go and ended them
    assert list(private.glob("docgen-office-*")) == []  # and removed LibreOffice's profile


@needs_libreoffice
def test_without_a_python_that_has_uno_previews_come_from_cold_runs(agreement, monkeypatch):
    assert not can_import_uno(sys.executable)  # the project's virtual environment has no uno
    monkeypatch.setenv("DOCGEN_UNO_PYTHON", sys.executable)
    with Office() as office:
        assert not office.warm
        assert "no Python that can import uno" in office.describe()
        assert "python3-uno" in office.reason
        picture = office.preview(agreement)
        assert office.processes() == []  # no LibreOffice kept
    assert png_size(picture)[0] == 900 and len(picture) > 30_000
    assert office.starts == 0


@needs_uno
def test_a_batch_makes_its_pdfs_in_the_office_given(office, book, tmp_path):
    from docgen.batch.run import run_batch

    before = office.starts
    result = run_batch(
        book.save(), tmp_path / "out", TEMPLATES, kinds=("agreement", "claim"), pdf=True,
        office=office, jobs=1,
    )  # fmt: skip
    pdfs = sorted((tmp_path / "out").rglob("*.pdf"))
    assert len(pdfs) == 9  # 2 agreements with their 2 forms each, 3 claims
    assert [o.status for o in result.outcomes] == ["written"] * 18  # and their .docx
    for pdf in pdfs:
        assert pdf.read_bytes().startswith(b"%PDF-") and pdf.read_bytes().rstrip().endswith(
            b"%%EOF"
        )
    # the same LibreOffice for every PDF: started once if no test before this one started it
    # (alone, or first in its process under pytest-xdist), else not again
    assert office.starts == max(before, 1)


@needs_uno
def test_a_document_libreoffice_cannot_open_is_said_so_in_the_language_chosen(
    office, agreement, tmp_path, monkeypatch
):
    import zipfile

    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(agreement) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":  # an outside entity: LibreOffice's import gives up
                data = data.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY e SYSTEM "x.txt">]>', 1)
                data = data.replace(b"</w:body>", b"<w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body>")
            target.writestr(name, data)
    monkeypatch.setenv("DOCGEN_LANG", "lv")
    with pytest.raises(ConverterError) as refused:
        office.preview(broken)
    assert str(refused.value) == "LibreOffice nevarēja atvērt broken.docx"
