"""The batch's prepared templates make the same documents as docxtpl's own rendering."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from docgen.documents.charts import ChartSpec, draw
from docgen.documents.kinds import (
    build_context,
    plan_agreements,
    plan_amendments,
    plan_claims,
    plan_reports,
    plan_summary,
)
from docgen.documents.render import TEMPLATE_FILES, Renderer, make_environment
from docgen.workbook.reader import load
from tests.helpers import TEMPLATES


def seen(data: bytes) -> list[str]:
    """What a reader sees: every paragraph, every table cell, and how many pictures."""
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(c.text for c in row.cells) for row in table.rows]
    lines.append(f"{len(document.inline_shapes)} pictures")
    return lines


def with_docxtpl(path: Path, context: dict) -> bytes:
    template = DocxTemplate(str(path))

    def images(value):
        if isinstance(value, ChartSpec):
            return InlineImage(template, io.BytesIO(draw(value)), width=Mm(value.width_mm))
        if isinstance(value, dict):
            return {k: images(v) for k, v in value.items()}
        if isinstance(value, list):
            return [images(v) for v in value]
        return value

    template.render(images(context), jinja_env=make_environment(), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", list(TEMPLATE_FILES))
def test_prepared_templates_render_what_docxtpl_renders(book, kind: str) -> None:
    book.amendments = [
        {
            "Kods": "JURMALA",
            "Nr.": 1,
            "Datums": date(2018, 3, 1),
            "Pilotprojekts": "2 000,00",
            "Beigas": date(2024, 6, 30),
            "Mērķis: speciālisti": 9,
            "Pamatojums": "Pārdale.",
        }
    ]
    workbook = load(book.save())
    planned = {
        "agreement": plan_agreements,
        "claim": plan_claims,
        "report": plan_reports,
        "summary": plan_summary,
        "amendment": plan_amendments,
        "consolidated": plan_amendments,
        "claim_form": plan_agreements,
        "report_form": plan_agreements,
    }[kind](workbook)
    planned = [d for d in planned if d.kind == kind]
    assert planned
    renderer = Renderer(TEMPLATES)
    for document in planned:  # the same prepared template, used again and again
        context = build_context(workbook, document, date(2026, 11, 23)).data
        for part in context.get("parts", [context]):  # a form's parts, each one rendering
            ours = renderer.render(kind, part)
            theirs = with_docxtpl(TEMPLATES / TEMPLATE_FILES[kind], part)
            assert seen(ours) == seen(theirs)


def test_the_same_sources_make_the_same_bytes(book) -> None:
    workbook = load(book.save())
    document = plan_reports(workbook, ["JURMALA"])[0]
    context = build_context(workbook, document, date(2026, 11, 23)).data
    first = Renderer(TEMPLATES).render("report", context)
    assert Renderer(TEMPLATES).render("report", context) == first
