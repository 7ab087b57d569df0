"""A template file that several kinds of document share (the agreement's makes the consolidated
agreement too, the claim's and the report's make the agreement's forms) is reported once when it
is missing or broken: by the command, by the batch, and by the web API."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen.batch.run import run_batch
from docgen.errors import TemplateError
from docgen.workbook.reader import load
from tests.helpers import TEMPLATES, invoke
from tests.web.conftest import BEARER
from tests.web.test_api import upload

AGREEMENT = "sadarbibas_ligums.docx"
CLAIM = "maksajuma_pieprasijums.docx"
REPORT = "progresa_parskats.docx"


def damaged_templates(tmp_path: Path) -> Path:
    """The real templates with the agreement's and the claim's gone and the report's broken."""
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (folder / AGREEMENT).unlink()
    (folder / CLAIM).unlink()
    (folder / REPORT).write_bytes(b"not a Word document")
    return folder


EXPECTED = {
    AGREEMENT: "the template is missing",
    CLAIM: "the template is missing",
    REPORT: "not a Word document that can be read",
}


def assert_each_once(text: str, folder: Path) -> None:
    for name, message in EXPECTED.items():
        assert text.count(f"{folder / name}: {message}") == 1, text
        assert text.count(name) == 1, text


def test_the_command_names_each_missing_or_broken_template_once(book, tmp_path: Path) -> None:
    templates = damaged_templates(tmp_path)
    out = tmp_path / "out"
    result = invoke("batch", book.save(), "--out", out, "--templates", templates)
    assert result.exit_code == 1
    assert_each_once(result.output, templates)
    assert not out.exists()


def test_the_batch_names_each_missing_or_broken_template_once(book, tmp_path: Path) -> None:
    templates = damaged_templates(tmp_path)
    with pytest.raises(TemplateError) as caught:
        run_batch(load(book.save()), tmp_path / "out", templates, jobs=1)
    assert_each_once(str(caught.value), templates)
    assert len(str(caught.value).splitlines()) == len(EXPECTED)


def test_the_web_api_names_each_missing_or_broken_template_once(book, tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from docgen.web import create_app
    from tests.web.conftest import settings

    templates = damaged_templates(tmp_path)
    app = create_app(settings(tmp_path, templates=templates))
    with TestClient(app) as client:
        response = client.post("/api/batch", files=upload(book.save()), headers=BEARER)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert sorted((e["place"], e["message"].split(" (")[0]) for e in errors) == sorted(
        EXPECTED.items()
    )
    assert str(tmp_path) not in response.text
