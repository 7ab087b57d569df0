"""PDF end to end: generate, convert with LibreOffice, read the text back with pdftotext."""

from __future__ import annotations

import json
import shutil
import subprocess
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
    assert len(documents) == 9  # 2 agreements, 3 claims, 3 reports, the summary
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
    assert len(paths) == 18  # 9 documents, each as .docx and .pdf
    sheet = openpyxl.load_workbook(out / "registrs.xlsx").active
    register = list(sheet.iter_rows(values_only=True))
    assert any(row[9] == "ADAZI/ADAZI_sadarbibas_ligums.pdf" for row in register)

    again = invoke("batch", workbook, "--out", out, "--templates", TEMPLATES, "--pdfa", "--quiet")
    assert again.exit_code == 0
    assert "written        0" in again.output and "unchanged     18" in again.output


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
