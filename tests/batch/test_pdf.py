"""PDF end to end: generate, convert with LibreOffice, read the text back with pdftotext."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from docgen.cli import main
from tests.helpers import TEMPLATES

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")
needs_libreoffice = pytest.mark.skipif(
    not (SOFFICE and POPPLER), reason="LibreOffice or poppler-utils (pdftotext) is not installed"
)
LETTERS = "āčēģīķļņšūž ĀČĒĢĪĶĻŅŠŪŽ"


def invoke(*args: str | Path, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def page_text(path: Path, number: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
    )


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory):
    """One batch with --pdfa of the test workbook, with every Latvian letter in an address."""
    if not (SOFFICE and POPPLER):
        pytest.skip("LibreOffice or poppler-utils (pdftotext) is not installed")
    from tests.conftest import Book

    folder = tmp_path_factory.mktemp("pdf")
    book = Book(folder)
    book.partners[0]["Adrese"] = f"Ģertrūdes iela 1, Rīga ({LETTERS})"
    out, workbook = folder / "out", book.save()
    result = invoke("batch", workbook, "--out", out, "--templates", TEMPLATES, "--pdfa", "--quiet")
    assert result.exit_code == 0, result.output
    return workbook, out


@needs_libreoffice
def test_the_agreement_pdf_has_the_figures_words_and_every_latvian_letter(converted) -> None:
    _, out = converted
    pdf = out / "JURMALA" / "JURMALA_sadarbibas_ligums.pdf"
    text = " ".join(pdf_text(pdf).split())  # lines joined, as a reader reads across them
    assert "SADARBĪBAS LĪGUMS Nr. 9.2.1.1/15/I/001/1" in text
    assert "Jūrmalas valstspilsētas pašvaldība, reģistrācijas Nr. 90000056357" in text
    for figure in ("11 000,01", "8 000,01", "6 800,01", "1 200,00", "3 000,00"):
        assert figure in text
    assert "astoņi tūkstoši euro un 01 cents" in text
    assert LETTERS in text
    assert 3 <= pages(pdf) <= 10  # the agreement's 20 sections, its tables and the signatures


@needs_libreoffice
def test_the_agreements_signature_block_is_whole_on_its_last_page(converted) -> None:
    _, out = converted
    for pdf in sorted(out.glob("*/*_sadarbibas_ligums.pdf")):
        last = pages(pdf)
        block = " ".join(page_text(pdf, last).split())
        before = " ".join(page_text(pdf, last - 1).split())
        for part in ("Pušu rekvizīti un paraksti", "Banka: Valsts kase", "Ilze Kalniņa"):
            assert part in block and part not in before, (pdf.name, part)
        assert block.count("/paraksts*/") == 2
        assert "Dokuments ir parakstīts ar drošu elektronisko parakstu" in block
        # the last clause keeps the signatures company: they never stand alone on a page
        assert "20.4." in block


@needs_libreoffice
def test_every_document_has_its_pdf_a(converted) -> None:
    _, out = converted
    documents = sorted(out.rglob("*.docx"))
    # 2 agreements with their 2 forms each, 3 claims, 3 reports, the summary
    assert len(documents) == 13
    for document in documents:
        pdf = document.with_suffix(".pdf")
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF"), pdf.name
        assert b"<pdfaid:part>2</pdfaid:part>" in data, pdf.name
        assert b"<pdfaid:conformance>B</pdfaid:conformance>" in data, pdf.name
        assert 1 <= pages(pdf) <= 10
    claim = " ".join(pdf_text(out / "JURMALA" / "JURMALA_maksajuma_pieprasijums_2.pdf").split())
    assert "800,35 euro (astoņi simti euro un 35 centi)" in claim


@needs_libreoffice
def test_pdfs_are_in_the_manifest_and_register_and_skipped_when_unchanged(converted) -> None:
    workbook, out = converted
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    paths = {e["path"] for e in manifest["documents"]}
    assert "JURMALA/JURMALA_sadarbibas_ligums.pdf" in paths
    assert len(paths) == 26  # 13 documents, each as .docx and .pdf
    sheet = openpyxl.load_workbook(out / "registrs.xlsx").active
    register = list(sheet.iter_rows(values_only=True))
    assert any(row[9] == "ADAZI/ADAZI_sadarbibas_ligums.pdf" for row in register)

    again = invoke("batch", workbook, "--out", out, "--templates", TEMPLATES, "--pdfa", "--quiet")
    assert again.exit_code == 0
    # the documents and their PDFs, each in a column
    assert again.output.splitlines()[-4:-2] == [
        "written             0     0",
        "unchanged          13    13",
    ]


HANGING = """#!/bin/sh
# A stand-in for LibreOffice that hangs, and starts a helper that would keep pipes open.
sleep 120 &
sleep 120
"""


def test_a_hanging_libreoffice_is_stopped_and_the_docx_kept(book, tmp_path: Path) -> None:
    stand_in = tmp_path / "soffice"
    stand_in.write_text(HANGING)
    stand_in.chmod(0o755)
    out = tmp_path / "out"
    started = time.monotonic()
    result = invoke(
        "agreement", book.save(), "--out", out, "--templates", TEMPLATES, "--pdf",
        "--pdf-timeout", "2",
        env={"DOCGEN_SOFFICE": str(stand_in)},
    )  # fmt: skip
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    assert (
        "failed: JURMALA/JURMALA_sadarbibas_ligums.pdf: LibreOffice did not finish within 2 s and "
        "was stopped; the .docx is kept"
    ) in result.output
    assert (out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx").is_file()
    assert not list(out.rglob("*.pdf"))


ESCAPING = """#!/bin/sh
# A stand-in for LibreOffice that hangs, with a helper in a session of its own (out of reach of
# the process group's kill) that holds LibreOffice's output open.
{python} -c "import os, time; os.setsid(); time.sleep(120)" &
echo $! > "{pid_file}"
sleep 120
"""


def test_the_timeout_holds_when_a_helper_escapes_the_process_group(book, tmp_path: Path) -> None:
    pid_file = tmp_path / "helper.pid"
    stand_in = tmp_path / "soffice"
    stand_in.write_text(ESCAPING.format(python=sys.executable, pid_file=pid_file))
    stand_in.chmod(0o755)
    out = tmp_path / "out"
    started = time.monotonic()
    try:
        result = invoke(
            "agreement", book.save(), "--out", out, "--templates", TEMPLATES, "--pdf",
            "--pdf-timeout", "2", env={"DOCGEN_SOFFICE": str(stand_in)},
        )  # fmt: skip
        assert time.monotonic() - started < 30
        assert result.exit_code == 1
        assert (
            "failed: JURMALA/JURMALA_sadarbibas_ligums.pdf: LibreOffice did not finish within 2 s "
            "and was stopped; the .docx is kept"
        ) in result.output
        assert not list(out.rglob("*.pdf"))
        helper = int(pid_file.read_text())
        os.kill(helper, 0)  # the helper was still there, holding the output: not waited for
    finally:
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid_file.read_text()), signal.SIGKILL)


FAKE = """#!{python}
# A stand-in for LibreOffice: writes each PDF as given, says something, exits with a code.
import pathlib, sys
args = sys.argv[1:]
folder = pathlib.Path(args[args.index("--outdir") + 1])
folder.mkdir(parents=True, exist_ok=True)
for name in args:
    if name.endswith(".docx"):
        (folder / (pathlib.Path(name).stem + ".pdf")).write_bytes({body!r})
print("Error: source file could not be loaded")
sys.exit({code})
"""
WHOLE = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("body", "code", "reason"),
    [
        (
            WHOLE,
            1,
            "LibreOffice failed (exit code 1; it said: Error: source file could not be loaded)",
        ),
        (WHOLE[:20], 0, "LibreOffice made an incomplete PDF (no %%EOF at its end)"),
        (
            b"<html>not a pdf</html>",
            0,
            "LibreOffice made a file that is not a PDF (no %PDF- at its start)",
        ),
    ],
    ids=["exit code", "cut short", "not a pdf"],
)
def test_a_pdf_is_taken_only_whole_and_from_a_clean_exit(
    book, tmp_path: Path, body: bytes, code: int, reason: str
) -> None:
    stand_in = tmp_path / "soffice"
    stand_in.write_text(FAKE.format(python=sys.executable, body=body, code=code))
    stand_in.chmod(0o755)
    out = tmp_path / "out"
    env = {"DOCGEN_SOFFICE": str(stand_in)}
    result = invoke(
        "agreement", book.save(), "--out", out, "--templates", TEMPLATES, "--pdf", env=env
    )
    assert result.exit_code == 1
    for code_ in ("JURMALA", "ADAZI"):
        assert (
            f"failed: {code_}/{code_}_sadarbibas_ligums.pdf: {reason}; the .docx is kept"
        ) in result.output
    assert not list(out.rglob("*.pdf"))
    assert (out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx").is_file()

    whole = FAKE.format(python=sys.executable, body=WHOLE, code=0)
    stand_in.write_text(whole)  # the same stand-in, a whole PDF and exit code 0: taken
    again = invoke(
        "agreement", book.save(), "--out", out, "--templates", TEMPLATES, "--pdf", env=env
    )
    assert again.exit_code == 0, again.output
    assert (out / "JURMALA" / "JURMALA_sadarbibas_ligums.pdf").read_bytes() == WHOLE


def test_missing_libreoffice_is_a_clear_error_and_docx_still_work(book, tmp_path: Path) -> None:
    out = tmp_path / "out"
    missing = {"DOCGEN_SOFFICE": str(tmp_path / "nav-soffice")}
    workbook = book.save()
    result = invoke(
        "agreement", workbook, "--out", out, "--templates", TEMPLATES, "--pdf", env=missing
    )
    assert result.exit_code == 1
    assert (
        "is not a program; install LibreOffice (on Debian or Ubuntu: apt-get install"
        in result.output
    )
    assert not out.exists()  # nothing written
    plain = invoke("agreement", workbook, "--out", out, "--templates", TEMPLATES, env=missing)
    assert plain.exit_code == 0
