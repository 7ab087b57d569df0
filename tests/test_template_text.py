"""The plain-text renderings of the templates (docs/templates/*.txt) match the .docx files.

Lawyers review a clause's change as a diff of the rendering; a template edited without its
rendering (or the reverse) fails here. ``python tools/build_templates.py`` rewrites both;
``python tools/template_text.py`` rewrites the renderings of templates edited in Word.
"""

import importlib.util
import shutil
from pathlib import Path

import pytest
from docx import Document

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("template_text", ROOT / "tools" / "template_text.py")
template_text = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(template_text)

TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))


def test_every_template_has_a_rendering():
    assert TEMPLATES
    names = {p.stem for p in (ROOT / "docs" / "templates").glob("*.txt")}
    assert names == {p.stem for p in TEMPLATES}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_rendering_matches_the_template(template):
    expected = template_text.render_text(template)
    assert template_text.rendering_path(template).read_text(encoding="utf-8") == expected, (
        f"docs/templates/{template.stem}.txt is stale: run python tools/template_text.py"
    )


def test_a_template_edited_alone_is_found_stale(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates, ignore=shutil.ignore_patterns("*.py"))
    renderings = tmp_path / "renderings"
    template_text.write_all(templates, renderings)
    assert template_text.stale(templates, renderings) == []

    edited = templates / "sadarbibas_ligums.docx"
    document = Document(str(edited))
    document.paragraphs[-1].add_run(" Grozīts teikums.")
    document.save(str(edited))
    assert template_text.stale(templates, renderings) == [edited]
    assert "Grozīts teikums." in template_text.render_text(edited)


def test_the_rendering_keeps_clauses_tables_and_fields():
    text = template_text.rendering_path(ROOT / "templates" / "sadarbibas_ligums.docx").read_text(
        encoding="utf-8"
    )
    assert "Personas datu apstrāde" in text
    assert "{%tr for " in text  # table rows with their tags
    assert "[PAGE]" in text  # the footer's page field, not its last shown value
