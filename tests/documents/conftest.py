"""Documents made once by the commands, for the tests that open them."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.workbook.reader import load
from tests.helpers import TEMPLATES, invoke


@pytest.fixture
def made(book, tmp_path: Path):
    """Every document of the two-partner test workbook, made by the commands."""
    path = book.save()
    out = tmp_path / "out"
    for command in ("agreement", "claim", "report", "summary"):
        result = invoke(command, path, "--out", out, "--templates", TEMPLATES)
        assert result.exit_code == 0, result.output
    return load(path), out
