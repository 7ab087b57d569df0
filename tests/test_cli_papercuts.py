"""The command line's small promises (issue 23, item 6): each said in one exact line, in English
and in Latvian."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner

from docgen.batch.run import Outcome
from docgen.cli import _progress, main, shipped_templates
from docgen.documents.kinds import Document
from tests.helpers import ROOT, TEMPLATES


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- the shipped templates when there is no ./templates ------------------------------------


def test_without_a_templates_folder_the_shipped_templates_are_used_and_said(
    book, tmp_path, monkeypatch
):
    path = book.save()
    monkeypatch.chdir(tmp_path)  # no templates/ here
    shipped = shipped_templates()
    assert (shipped / "sadarbibas_ligums.docx").is_file()
    result = invoke("agreement", path, "--partner", "JURMALA", "--out", "out")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    said = f"No folder templates: using the templates shipped with docgen ({shipped})."
    assert lines.count(said) == 1
    assert (tmp_path / "out" / "JURMALA" / "JURMALA_sadarbibas_ligums.docx").is_file()
    batch = invoke("batch", path, "--only", "summary", "--out", "out", "--lang", "lv")
    assert batch.exit_code == 0, batch.output
    latvian = f"Mapes templates nav: izmanto docgen noklusējuma veidnes ({shipped})."
    assert batch.output.splitlines().count(latvian) == 1


def test_templates_given_win_and_must_exist(book, tmp_path, monkeypatch):
    path = book.save()
    monkeypatch.chdir(tmp_path)
    given = invoke("summary", path, "--templates", TEMPLATES, "--out", "out")
    assert given.exit_code == 0, given.output
    assert "No folder templates" not in given.output
    missing = invoke("summary", path, "--templates", "nowhere", "--out", "out")
    assert missing.exit_code == 2
    assert "Error: Invalid value for '--templates': Directory 'nowhere' does not exist." in (
        missing.output
    )
    (tmp_path / "templates").mkdir()  # ./templates is there: it is used, and nothing said
    here = invoke("summary", path, "--out", "out")
    assert "No folder templates" not in here.output
    assert "templates/kopsavilkums.docx" in here.output  # its template missing, named


# --- init never overwrites edited templates -------------------------------------------------


def test_init_force_overwrites_the_workbook_never_edited_templates(tmp_path):
    assert invoke("init", tmp_path).exit_code == 0
    workbook = tmp_path / "inputs" / "partners.xlsx"
    templates = tmp_path / "templates"
    edited = templates / "kopsavilkums.docx"
    edited.write_bytes(b"our summary")
    workbook.write_bytes(b"our workbook")
    refused = invoke("init", tmp_path, "--force")
    assert refused.exit_code == 1
    assert refused.output == (
        f"Error: {edited} differs from the template docgen ships (edited?); not overwritten:"
        " use --force-templates to overwrite it\n"
    )
    assert (workbook.read_bytes(), edited.read_bytes()) == (b"our workbook", b"our summary")
    # --force-templates alone: the templates, the workbook kept
    restored = invoke("init", tmp_path, "--force-templates")
    assert restored.exit_code == 0, restored.output
    assert edited.read_bytes() == (ROOT / "templates" / "kopsavilkums.docx").read_bytes()
    assert workbook.read_bytes() == b"our workbook"
    assert f"Wrote {workbook}" not in restored.output
    # the shipped templates unchanged: --force writes the workbook and them again, silently
    again = invoke("init", tmp_path, "--force")
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[0] == f"Wrote {workbook}"
    assert workbook.read_bytes() != b"our workbook"


def test_init_names_every_edited_template_in_latvian(tmp_path):
    assert invoke("init", tmp_path).exit_code == 0
    first = tmp_path / "templates" / "sadarbibas_ligums.docx"
    second = tmp_path / "templates" / "kopsavilkums.docx"
    for path in (first, second):
        path.write_bytes(b"edited")
    refused = invoke("init", tmp_path, "--force", "--lang", "lv")
    assert refused.exit_code == 1
    assert refused.output == (
        f"Kļūda: {first}, {second} atšķiras no docgen noklusējuma veidnēm (labotas?); nav"
        " pārrakstītas: lai tās pārrakstītu, norādiet --force-templates\n"
    )


# --- serve on a busy port ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Error: port {port} is in use (another docgen serve?); stop it or choose another"
            " port with --port\n",
        ),
        (
            "lv",
            "Kļūda: ports {port} ir aizņemts (vai darbojas cits docgen serve?); apturiet to"
            " vai izvēlieties citu portu ar --port\n",
        ),
    ],
)
def test_serve_on_a_busy_port_says_so_with_exit_1(monkeypatch, tmp_path, lang, expected):
    def never(*args, **kwargs):
        raise AssertionError("uvicorn started on a busy port")

    monkeypatch.setattr(uvicorn, "run", never)
    monkeypatch.chdir(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = invoke("serve", "--port", port, "--lang", lang)
    assert result.exit_code == 1
    assert result.output == expected.format(port=port)  # no address printed


# --- a partner code that does not exist ----------------------------------------------------


def test_an_unknown_partner_code_suggests_the_nearest(book, tmp_path):
    path = book.save()
    lower = invoke("claim", path, "--partner", "jurmala", "--templates", TEMPLATES)
    assert lower.exit_code == 2
    assert lower.output.endswith(
        "Error: Invalid value: no partner has the code jurmala (sheet Partneri);"
        " did you mean JURMALA?\n"
    )
    two = invoke("claim", path, "--partner", "ADAZU", "--partner", "JURMLA", "--lang", "lv")
    assert two.output.endswith(
        "Kļūda: Nederīga vērtība: nevienam partnerim nav kodu ADAZU, JURMLA (lapa Partneri);"
        " vai domājāt ADAZI, JURMALA?\n"
    )
    far = invoke("claim", path, "--partner", "XYZ", "--lang", "en")
    assert far.output.endswith("no partner has the code XYZ (sheet Partneri)\n")


# --- nothing to make -------------------------------------------------------------------------


def test_a_command_with_nothing_to_make_says_so_in_one_line(book, tmp_path):
    path, out = book.save(), tmp_path / "out"
    result = invoke("amendment", path, "--partner", "JURMALA", "--out", out)
    assert (result.exit_code, result.output) == (
        0,
        "Nothing to make: partner JURMALA has no amendments (sheet Grozījumi).\n",
    )
    assert not out.exists()
    every = invoke("amendment", path, "--out", out, "--lang", "lv")
    assert (every.exit_code, every.output) == (
        0,
        "Nav ko izveidot: nevienam partnerim nav grozījumu (lapa Grozījumi).\n",
    )
    book.claims = [c for c in book.claims if c["Kods"] != "ADAZI"]
    book.progress = [p for p in book.progress if p["Kods"] != "ADAZI"]
    fewer = book.save("fewer.xlsx")
    claims = invoke("claim", fewer, "--partner", "ADAZI", "--out", out, "--lang", "lv")
    assert claims.output == (
        "Nav ko izveidot: partnerim ADAZI nav maksājuma pieprasījumu (lapa Maksājumi).\n"
    )
    reports = invoke("report", fewer, "--partner", "ADAZI", "--out", out, "--lang", "en")
    assert reports.output == (
        "Nothing to make: partner ADAZI has no progress rows (sheet Rādītāji).\n"
    )
    batch = invoke(
        "batch", path, "--only", "amendment", "--out", out, "--templates", TEMPLATES, "--lang", "en"
    )
    assert (batch.exit_code, batch.output) == (
        0,
        "Nothing to make: the workbook asks for no document of these kinds (amendment).\n",
    )


# --- a summary of a period without data ----------------------------------------------------


def test_a_summary_of_a_period_without_data_is_a_warning(book, tmp_path):
    path, out = book.save(), tmp_path / "out"
    period = ("--from", "01.01.2030.", "--to", "31.12.2030.")
    result = invoke("summary", path, *period, "--out", out, "--templates", TEMPLATES)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "warning: the summary: no payment claim or progress row falls in 01.01.2030.–31.12.2030."
        " (sheets Maksājumi and Rādītāji); the project runs 18.04.2016.–31.12.2023."
    )
    latvian = invoke(
        "summary", path, *period, "--out", out, "--templates", TEMPLATES, "--lang", "lv"
    )
    assert latvian.output.splitlines()[0] == (
        "brīdinājums: kopsavilkums: laikposmā 01.01.2030.–31.12.2030. nav neviena maksājuma"
        " pieprasījuma un progresa rindas (lapas Maksājumi un Rādītāji); projekts norit"
        " 18.04.2016.–31.12.2023."
    )
    with_data = ("--from", "01.01.2017.", "--to", "30.06.2017.")
    fine = invoke(
        "summary", path, *with_data, "--out", out, "--templates", TEMPLATES, "--lang", "en"
    )
    assert fine.exit_code == 0 and "warning" not in fine.output


# --- a workbook open in Excel or LibreOffice -----------------------------------------------


@pytest.mark.parametrize("lock", ["~$book.xlsx", ".~lock.book.xlsx#"])
def test_a_workbook_open_in_excel_or_libreoffice_is_a_warning(book, lock):
    path = book.save()
    assert "open in Excel" not in invoke("validate", path).output
    (path.parent / lock).write_bytes(b"")
    result = invoke("validate", path)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        f"warning: {path}: open in Excel or LibreOffice ({lock} is beside it): changes not saved"
        " there are not read"
    )
    latvian = invoke("splits", path, "--lang", "lv")
    assert latvian.output.splitlines()[0] == (
        f"brīdinājums: {path}: atvērta Excel vai LibreOffice (blakus ir {lock}): tur"
        " nesaglabātās izmaiņas netiek nolasītas"
    )


# --- progress: documents and PDFs counted apart ----------------------------------------------


def test_progress_counts_documents_and_pdfs_each_against_its_own_total(capsys):
    """As the batch calls it: its own count runs on through the PDFs (the "[16/8]" of old)."""
    on_outcome, finish = _progress(quiet=False, pdf=True)
    made = [
        Outcome(Document("claim", Path("A/a.docx")), "written"),
        Outcome(Document("claim", Path("A/b.docx")), "failed", message="x"),
        Outcome(Document("claim", Path("A/c.docx")), "unchanged"),
        Outcome(Document("claim", Path("A/a.pdf")), "written"),
        Outcome(Document("claim", Path("A/c.pdf")), "unchanged"),
    ]
    for done, outcome in enumerate(made, start=1):
        on_outcome(outcome, done, 3)
    finish()
    assert capsys.readouterr().out.splitlines() == [
        "[1/3] written   A/a.docx",
        "[2/3] failed    A/b.docx",
        "[3/3] unchanged A/c.docx",
        "Converting 2 documents to PDF (LibreOffice)…",
        "[PDF 1/2] written   A/a.pdf",
        "[PDF 2/2] unchanged A/c.pdf",
    ]


def test_web_runs_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "web-runs/" in ignored
