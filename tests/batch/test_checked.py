"""The batch checks its templates once: a second batch with the same templates, code and
project's shape finds them checked; any change to a template has them checked again
(docgen/batch/checked.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen.batch import checked
from docgen.batch.run import run_batch
from docgen.documents import template_check
from docgen.errors import TemplateError
from docgen.files import cache_folder
from docgen.workbook.reader import load
from tests.helpers import TEMPLATES, templates_with_agreement


@pytest.fixture
def checks(monkeypatch) -> list[Path]:
    """The template folders the check was run on."""
    done: list[Path] = []
    check = template_check.check_templates

    def counted(templates, *args, **kwargs):
        done.append(Path(templates))
        return check(templates, *args, **kwargs)

    monkeypatch.setattr(template_check, "check_templates", counted)
    return done


def _templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def test_a_second_batch_finds_the_same_templates_checked(book, tmp_path, checks) -> None:
    workbook, templates = load(book.save()), _templates(tmp_path)
    for out in ("out1", "out2"):
        result = run_batch(workbook, tmp_path / out, templates, jobs=1)
        assert result.count("written") == result.planned > 0
    assert checks == [templates]
    assert len(list((cache_folder() / checked.FOLDER).iterdir())) == 1


def test_a_changed_template_is_checked_again_and_refused(book, tmp_path, checks) -> None:
    workbook, templates = load(book.save()), _templates(tmp_path)
    run_batch(workbook, tmp_path / "out", templates, jobs=1)
    shutil.rmtree(templates)
    templates_with_agreement(tmp_path, [["Līgums ar {{ partner.nosaukums }}."]])
    for _ in range(2):  # a template found wrong is never remembered as checked
        with pytest.raises(TemplateError, match="nosaukums"):
            run_batch(workbook, tmp_path / "out", templates, jobs=1)
    assert checks == [templates] * 3


def test_another_limit_has_the_templates_checked_again(book, tmp_path, checks, monkeypatch):
    from docgen.documents import sandbox

    workbook, templates = load(book.save()), _templates(tmp_path)
    run_batch(workbook, tmp_path / "out", templates, jobs=1)
    monkeypatch.setattr(sandbox, "MAX_TEXT_CHARS", 1_000_000)
    run_batch(workbook, tmp_path / "out2", templates, jobs=1)
    assert checks == [templates] * 2
