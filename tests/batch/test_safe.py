"""The batch never follows a link out of out/, never ends silently, survives a lost worker and
tells the documents the workbook no longer asks for (docgen issue 21, items 12-15)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.files import TEMP_PREFIX
from tests.helpers import TEMPLATES


def batch(workbook: Path, out: Path, *args: str | Path):
    arguments = ["batch", workbook, "--out", out, "--templates", TEMPLATES, "--jobs", "2", *args]
    return CliRunner().invoke(main, [str(a) for a in arguments])


def table(output: str) -> dict[str, int]:
    rows = {}
    names = ("written", "unchanged", "edited", "failed", "superseded")
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in names and parts[1].isdigit():
            rows[parts[0]] = int(parts[1])
    return rows


# --- 12. Links ---------------------------------------------------------------------------------

ZIP = f"docgen_{date.today().isoformat()}.zip"


@pytest.mark.parametrize("name", [".docgen.lock", "manifest.json", "registrs.xlsx", ZIP])
def test_a_link_in_place_of_the_batchs_own_file_is_refused(book, tmp_path, name) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("pid 1 since 2020-01-01; not docgen's")
    out = tmp_path / "out"
    out.mkdir()
    (out / name).symlink_to(outside)

    result = batch(book.save(), out, "--quiet", "--zip")
    assert result.exit_code == 1
    assert (
        f"{out / name} is a symbolic link; docgen does not follow links in its output folder"
        " (remove it)"
    ) in result.output
    assert outside.read_text() == "pid 1 since 2020-01-01; not docgen's"
    assert (out / name).is_symlink()


def test_a_stale_temporary_link_is_removed_not_followed(book, tmp_path) -> None:
    outside = tmp_path / "outside.docx"
    outside.write_text("not docgen's")
    out = tmp_path / "out"
    (out / "JURMALA").mkdir(parents=True)
    stale = out / "JURMALA" / f"{TEMP_PREFIX}abc.docx"
    stale.symlink_to(outside)
    assert batch(book.save(), out, "--quiet").exit_code == 0
    assert not stale.is_symlink() and outside.read_text() == "not docgen's"
