"""The project's own documentation: it stays inside the repository and covers what the code reads
and writes (docs/workbook.md lists every sheet, column and JSON key the code knows)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docgen.money import empty_split
from docgen.records import Rates
from docgen.workbook import schema
from tests.helpers import ROOT

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)|<img[^>]*\ssrc=\"([^\"]+)\"")


def links(path: Path) -> list[str]:
    return [a or b for a, b in LINK.findall(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_link_stays_in_the_repository_and_leads_somewhere(path: Path) -> None:
    for target in links(path):
        if target.startswith(("http://", "https://", "#")):
            continue
        resolved = (path.parent / target.split("#")[0]).resolve()
        assert resolved.is_relative_to(ROOT), f"{path.name} links outside the repository: {target}"
        assert resolved.exists(), f"{path.name} links to a missing file: {target}"


def test_nothing_points_at_the_specification_outside_the_repository() -> None:
    for path in DOCUMENTS:
        assert "../shared" not in path.read_text(encoding="utf-8"), path.name


def test_the_readme_links_every_page_of_docs() -> None:
    linked = {Path(t).name for t in links(ROOT / "README.md")}
    pages = {p.name for p in (ROOT / "docs").glob("*.md")}
    assert pages <= linked, f"README's Documentation section misses {sorted(pages - linked)}"


def test_the_workbook_page_names_every_sheet_and_column_the_code_reads() -> None:
    page = (ROOT / "docs" / "workbook.md").read_text(encoding="utf-8")
    tables = {**schema.TABLE_SHEETS, **schema.SHAPE_SHEETS}
    sheets = [schema.PROJECT_SHEET, *tables]
    columns = [*schema.PROJECT_ROWS, *(c for cs in tables.values() for c in cs)]
    missing = [s for s in sheets if f"`{s}`" not in page]
    missing += [c.header for c in columns if c.header not in page]
    # A category's, target's or result's column is documented by 9.2.1.1's key ("pilot").
    keys = [c.key for c in schema.PROJECT_ROWS]
    keys += [c.also[0] if c.also else c.key for cs in tables.values() for c in cs]
    missing += [k for k in keys if f"`{k}`" not in page]
    assert missing == []


def test_the_workbook_page_gives_every_key_of_the_splits_json() -> None:
    page = (ROOT / "docs" / "workbook.md").read_text(encoding="utf-8")
    rates = Rates()
    figures = empty_split(rates).as_dict(rates)
    shape = ["categories", "fund", "key", "eligible", "amount", "lm"]
    keys = ["code", "name", *figures, *shape]
    assert [k for k in keys if f'"{k}"' not in page] == []


def test_ci_runs_the_readmes_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    assert len(commands) >= 2 and "venv" in commands[0] and "venv" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == commands[1]
