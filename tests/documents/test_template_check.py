"""Templates that are wrong (docgen.documents.template_check): a mistyped field, a split tag, a
damaged file or Python internals are refused before anything is written."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest

from docgen.batch.run import run_batch
from docgen.documents.render import make_environment, render_document
from docgen.errors import TemplateError
from docgen.workbook.reader import load
from tests.helpers import TEMPLATES, invoke


def _template_dir(tmp_path: Path, agreement_text: list[list[str]]) -> Path:
    """The real templates, with the agreement replaced by paragraphs of the given runs."""
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    document = docx.Document()
    for runs in agreement_text:
        paragraph = document.add_paragraph()
        for run in runs:
            paragraph.add_run(run)
    document.save(str(folder / "sadarbibas_ligums.docx"))
    return folder


# --- Templates that are wrong ------------------------------------------------------------


def test_a_mistyped_field_is_refused_before_anything_is_written(book, tmp_path: Path) -> None:
    templates = _template_dir(
        tmp_path, [["Līgums ar {{ partner.nmae }} un {{ budget.lm_total|sum_words }}"]]
    )
    template = templates / "sadarbibas_ligums.docx"

    check = invoke("templates", "check", templates)
    assert check.exit_code == 1
    assert f"{template}: unknown field partner.nmae" in check.output
    assert f"{template}: unknown filter sum_words" in check.output
    assert check.output.endswith("2 problems.\n")

    out = tmp_path / "out"
    result = invoke("agreement", book.save(), "--out", out, "--templates", templates)
    assert result.exit_code == 1
    assert f"Error: {template}: unknown field partner.nmae" in result.output
    assert not out.exists()


def test_a_tag_split_by_word_is_reported(tmp_path: Path) -> None:
    templates = _template_dir(tmp_path, [["Līgums ar {{ partner.", "name }}."]])
    check = invoke("templates", "check", templates)
    assert check.exit_code == 1
    assert (
        f"{templates / 'sadarbibas_ligums.docx'}: the tag '{{{{ partner.name }}}}' is split by "
        "Word into pieces; retype it in one go"
    ) in check.output


def test_a_mistyped_field_in_a_footer_is_found(tmp_path: Path) -> None:
    templates = _template_dir(tmp_path, [["Līgums ar {{ partner.name }}."]])
    template = templates / "sadarbibas_ligums.docx"
    document = docx.Document(str(template))
    document.sections[0].footer.paragraphs[0].add_run("Lapa {{ partner.kood }}")
    document.save(str(template))
    check = invoke("templates", "check", templates)
    assert check.exit_code == 1
    assert f"{template}: unknown field partner.kood" in check.output


@pytest.mark.parametrize(
    "damage", [b"not a zip at all", "a zip without word/document.xml"], ids=["bytes", "zip"]
)
def test_a_damaged_template_is_reported_not_a_traceback(book, tmp_path: Path, damage) -> None:
    templates = _template_dir(tmp_path, [["Līgums."]])
    template = templates / "sadarbibas_ligums.docx"
    if isinstance(damage, bytes):
        template.write_bytes(damage)
    else:
        with zipfile.ZipFile(template, "w") as archive:
            archive.writestr("word/other.xml", "<x/>")
    check = invoke("templates", "check", templates)
    assert check.exit_code == 1
    assert f"{template}: not a Word document that can be read" in check.output
    result = invoke("batch", book.save(), "--out", tmp_path / "out", "--templates", templates)
    assert result.exit_code == 1
    assert "not a Word document that can be read" in result.output
    assert not (tmp_path / "out").exists()


def test_the_sandbox_refuses_python_internals(book, tmp_path: Path) -> None:
    templates = _template_dir(tmp_path, [["{{ ''.__class__.__mro__ }}"]])
    template = templates / "sadarbibas_ligums.docx"
    check = invoke("templates", "check", templates)
    assert check.exit_code == 1
    assert f"{template}: forbidden: __class__ reaches into Python internals\n" in check.output
    assert f"{template}: forbidden: __mro__ reaches into Python internals\n" in check.output

    workbook = load(book.save())
    with pytest.raises(TemplateError) as caught:
        render_document(template, {"partner": {}}, make_environment())
    assert str(caught.value).startswith(f"{template}: forbidden in a template: ")
    assert "__class__" in str(caught.value)
    with pytest.raises(TemplateError):
        run_batch(workbook, tmp_path / "out", templates, today=date(2026, 1, 1))
    assert not (tmp_path / "out").exists()
