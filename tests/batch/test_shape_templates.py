"""Templates of a project of its own shape: checked against its own categories and indicators,
by `templates check --workbook` and by the batch once it has read the workbook."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from docgen.batch.run import run_batch
from docgen.documents.template_check import check_template
from docgen.errors import TemplateError
from docgen.workbook.reader import load
from tests.helpers import TEMPLATES, run, text_of

AGREEMENT = "sadarbibas_ligums.docx"


def _templates_with(folder: Path, line: str) -> Path:
    """The shipped templates, the agreement with one more paragraph: ``line``."""
    shutil.copytree(TEMPLATES, folder)
    path = folder / AGREEMENT
    document = docx.Document(str(path))
    document.add_paragraph(line)
    document.save(str(path))
    return folder


def test_a_field_of_the_projects_own_category_is_known_only_with_its_shape(
    shaped_book, tmp_path
) -> None:
    project = load(shaped_book.save()).project
    templates = _templates_with(tmp_path / "t", "Darbs: {{ budget.lm_darbs|amount }}")
    unknown = check_template(templates / AGREEMENT, "agreement")
    assert [p.message for p in unknown.problems] == ["unknown field budget.lm_darbs"]
    known = check_template(templates / AGREEMENT, "agreement", "accounting", *_shape(project))
    assert known.problems == ()
    assert "budget.lm_darbs" in known.fields


def _shape(project):
    return project.rates, project.indicators


def test_templates_check_with_the_workbook(shaped_book, tmp_path) -> None:
    workbook = shaped_book.save()
    templates = _templates_with(tmp_path / "t", "Darbs: {{ budget.lm_darbs|amount }}")
    code, output = run("templates", "check", templates)
    assert code == 1 and "unknown field budget.lm_darbs" in output
    code, output = run("templates", "check", templates, "--workbook", workbook)
    assert code == 0, output
    assert output.endswith("0 problems.\n")


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_batch_checks_the_templates_against_the_workbooks_shape(
    shaped_book, tmp_path, jobs
) -> None:
    workbook = shaped_book.save()
    own = _templates_with(tmp_path / "own", "Darbs LM: {{ budget.lm_darbs|amount }}")
    result = run_batch(workbook, tmp_path / "out", own, kinds=("agreement",), jobs=jobs)
    assert [o.status for o in result.outcomes] == ["written"] * 6  # with their forms
    text = text_of(tmp_path / "out" / "JURMALA" / "JURMALA_sadarbibas_ligums.docx")
    assert "Darbs LM: 850,00" in text  # 85 % of 1 000,00
    register = openpyxl.load_workbook(tmp_path / "out" / "registrs.xlsx").active
    assert [c.value for c in register[1]][6:9] == ["Summa, EUR", "ESF+, EUR", "Valsts budžets, EUR"]
    jurmala = next(r for r in register.iter_rows(min_row=2, values_only=True) if r[0] == "JURMALA")
    assert jurmala[6:8] == (5850.01, 4680.01)  # LM's funding; its ESF+ part, 80 % half up
    # 9.2.1.1's field in a template for this project: refused before anything is written.
    old = _templates_with(tmp_path / "old", "Pilotprojekts: {{ budget.pilot|amount }}")
    with pytest.raises(TemplateError, match=r"unknown field budget\.pilot"):
        run_batch(workbook, tmp_path / "out2", old, kinds=("agreement",), jobs=jobs)
    assert not (tmp_path / "out2" / "JURMALA").exists()
