"""What many tests use: the repository's paths, the command line, and a document read as a reader
reads it (its paragraphs and table cells as text)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import docx
from click.testing import CliRunner

from docgen.cli import main
from docgen.workbook.reader import validate

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
SHIPPED_WORKBOOK = ROOT / "inputs" / "partners.xlsx"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


def errors_of(path: Path) -> list[str]:
    return [str(p) for p in validate(path).errors]


def warnings_of(path: Path) -> list[str]:
    return [str(p) for p in validate(path).problems if not p.is_error]


def text_of(path: Path) -> str:
    """Everything a reader sees: paragraphs and table cells, one per line."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def tables_of(path: Path) -> list[list[list[str]]]:
    return [
        [[cell.text.strip() for cell in row.cells] for row in table.rows]
        for table in docx.Document(str(path)).tables
    ]


def amount(text: str) -> Decimal:
    return Decimal(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))


def find_table(path: Path, first_cell: str) -> list[list[str]]:
    for table in tables_of(path):
        if table and table[0] and table[0][0].startswith(first_cell):
            return table
    raise AssertionError(f"no table starting with {first_cell!r} in {path.name}")


def templates_with_agreement(tmp_path: Path, paragraphs: list[list[str]]) -> Path:
    """The real templates in a folder of their own, the agreement replaced by paragraphs of the
    given runs."""
    import shutil

    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for run in runs:
            paragraph.add_run(run)
    document.save(str(folder / "sadarbibas_ligums.docx"))
    return folder


def assert_refused_before_writing(book, tmp_path: Path, templates: Path, message: str) -> None:
    """``templates check`` and a document command both refuse the agreement's template with
    ``message``, and nothing is written."""
    template = templates / "sadarbibas_ligums.docx"
    check = invoke("templates", "check", templates)
    assert check.exit_code == 1
    assert f"{template}: {message}\n" in check.output
    out = tmp_path / "out"
    result = invoke("agreement", book.save(), "--out", out, "--templates", templates)
    assert result.exit_code == 1
    assert f"Error: {template}: {message}\n" in result.output
    assert not out.exists()


def pool_starts(monkeypatch) -> list[str]:
    """How the batch's worker pools start their processes (fork, spawn), one entry a pool, as
    the batch makes them from now on in this test."""
    import docgen.batch.run as batch_run

    started: list[str] = []
    real_pool = batch_run.ProcessPoolExecutor

    def pool(jobs, context, **kwargs):
        started.append(context.get_start_method())
        return real_pool(jobs, context, **kwargs)

    monkeypatch.setattr(batch_run, "ProcessPoolExecutor", pool)
    return started
