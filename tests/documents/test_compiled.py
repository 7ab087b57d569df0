"""A template's parts are compiled once: read back from the cache folder by a later process,
they make the same documents and the same errors; a changed template is compiled again
(docgen/documents/prepared.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from docgen.documents import sandbox
from docgen.documents.kinds import build_context, plan_agreements
from docgen.documents.render import Renderer
from docgen.errors import TemplateError
from docgen.workbook.reader import load
from tests.helpers import TEMPLATES, templates_with_agreement, text_of


@pytest.fixture
def compiles(monkeypatch) -> list[str]:
    """The sources Jinja compiled."""
    done: list[str] = []
    compile_ = sandbox.LimitedEnvironment.compile

    def counted(self, source, *args, **kwargs):
        done.append(source)
        return compile_(self, source, *args, **kwargs)

    monkeypatch.setattr(sandbox.LimitedEnvironment, "compile", counted)
    return done


def _agreement(book, templates: Path) -> bytes:
    workbook = load(book.save())
    document = plan_agreements(workbook)[0]
    context = build_context(workbook, document, date(2026, 11, 23)).data
    return Renderer(templates).render("agreement", context)


def test_a_template_compiled_once_makes_the_same_document(book, compiles, tmp_path) -> None:
    first = _agreement(book, TEMPLATES)
    assert compiles  # the document part, its headers and footers
    count = len(compiles)
    assert _agreement(book, TEMPLATES) == first  # a new renderer: read back, not compiled
    assert len(compiles) == count
    changed = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.name }} (grozīts)."]])
    target = tmp_path / "changed.docx"
    target.write_bytes(_agreement(book, changed))
    assert len(compiles) == count + 1
    assert "(grozīts)." in text_of(target)


def test_a_template_read_back_names_the_failing_tag_as_compiled(book, tmp_path) -> None:
    templates = templates_with_agreement(tmp_path, [["Ievads."], ["Daļa: {{ 1 // 0 }}"]])
    messages = []
    for _ in range(2):
        with pytest.raises(TemplateError) as caught:
            _agreement(book, templates)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert "{{ 1 // 0 }} divides by zero" in messages[0]


def test_a_torn_compiled_part_is_compiled_again_and_kept_whole(book, compiles) -> None:
    from docgen.documents.prepared import COMPILED
    from docgen.files import cache_folder

    first = _agreement(book, TEMPLATES)
    entries = sorted((cache_folder() / COMPILED).iterdir())
    assert entries and len(compiles) == len(entries)
    torn = entries[0]
    torn.write_bytes(torn.read_bytes()[:-10])  # a crash cut it short
    assert _agreement(book, TEMPLATES) == first
    assert len(compiles) == len(entries) + 1  # that part only, compiled again
    assert _agreement(book, TEMPLATES) == first
    assert len(compiles) == len(entries) + 1  # and read back whole the next time
