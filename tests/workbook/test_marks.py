"""docgen validate --mark: a copy of the workbook with every problem marked on its cell, a first
sheet listing them with links, and the workbook itself untouched."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment

from docgen.workbook.marks import ERROR_FILL, WARNING_FILL
from docgen.workbook.reader import validate
from tests.helpers import run


def _fill(cell) -> str:
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else ""


def _listed(sheet) -> list[tuple[str, str, str, str | None]]:
    """The list sheet's rows below its header: place, kind, message, and the place's link."""
    return [
        (
            place.value,
            kind.value,
            message.value,
            place.hyperlink.location if place.hyperlink else None,
        )
        for place, kind, message in sheet.iter_rows(min_row=2, max_col=3)
    ]


@pytest.fixture
def broken(book) -> Path:
    """Errors in three sheets, one of them in a cell that already has a comment."""
    book.partners[0]["IBAN"] = "LV80BANK000043519500"
    book.claims[1]["No"] = "kad"
    book.claims[2]["Veids"] = "avanss"
    path = book.save()
    workbook = openpyxl.load_workbook(path)
    workbook["Partneri"]["J2"].comment = Comment("Pārbaudīts ar banku", "Anna")
    workbook.save(path)
    return path


def test_every_error_is_filled_and_commented_on_its_cell_and_listed_with_a_link(
    broken: Path, tmp_path: Path
) -> None:
    before = broken.read_bytes()
    problems = validate(broken).problems
    assert [p.place for p in problems] == [
        "Partneri!J2 (IBAN)",
        "Maksājumi!C3 (No)",
        "Maksājumi!F4 (Veids)",
    ]

    code, output = run("validate", "--mark", tmp_path / "marked.xlsx", broken)

    assert code == 1
    assert f"Wrote {tmp_path / 'marked.xlsx'}: 3 problems marked." in output
    assert broken.read_bytes() == before
    marked = openpyxl.load_workbook(tmp_path / "marked.xlsx")
    assert marked.sheetnames[0] == "Problems"
    assert marked.active.title == "Problems"
    for problem in problems:
        sheet, _, rest = problem.place.partition("!")
        cell = marked[sheet][rest.split(" ")[0]]
        assert _fill(cell) == ERROR_FILL.fgColor.rgb
        assert cell.comment.text.startswith(f"Error: {problem.message}")
    # the cell's own comment is kept below the message
    assert marked["Partneri"]["J2"].comment.text.endswith("\nPārbaudīts ar banku")
    links = ["'Partneri'!J2", "'Maksājumi'!C3", "'Maksājumi'!F4"]
    assert _listed(marked["Problems"]) == [
        (p.place, "error", p.message, link) for p, link in zip(problems, links, strict=True)
    ]
    # the cells without a problem are as they were
    assert _fill(marked["Partneri"]["J3"]) == ""
    assert marked["Partneri"]["J3"].comment is None
    assert marked["Partneri"]["J3"].value == "LV67TREL0000000000002"


def test_a_warning_has_a_colour_of_its_own_also_on_a_partners_row(book, tmp_path: Path) -> None:
    book.claims[0]["Datums"] = date(2017, 1, 7)  # a Saturday
    book.partners[0]["Pārstāvības pamats"] = "statūti"  # an act docgen cannot decline
    path = book.save()
    warnings = validate(path).warnings
    assert [w.place for w in warnings] == [
        "Maksājumi!E2 (Datums)",
        "Partneri row 2 (Pārstāvības pamats, JURMALA)",
    ]

    code, _output = run("validate", "--mark", tmp_path / "marked.xlsx", path)

    assert code == 0
    marked = openpyxl.load_workbook(tmp_path / "marked.xlsx")
    authority = next(c for c in marked["Partneri"][1] if c.value == "Pārstāvības pamats")
    cells = [marked["Maksājumi"]["E2"], marked["Partneri"].cell(2, authority.column)]
    for warning, cell in zip(warnings, cells, strict=True):
        assert _fill(cell) == WARNING_FILL.fgColor.rgb != ERROR_FILL.fgColor.rgb
        assert cell.comment.text == f"Warning: {warning.message}"
    links = [row[3] for row in _listed(marked["Problems"])]
    assert links == ["'Maksājumi'!E2", f"'Partneri'!{authority.column_letter}2"]
    assert [row[1] for row in _listed(marked["Problems"])] == ["warning", "warning"]

    # in Latvian the partner's row is "Partneri, 2. rinda (…)", found all the same
    run("validate", "--lang", "lv", "--mark", tmp_path / "lv.xlsx", path)
    latvian = openpyxl.load_workbook(tmp_path / "lv.xlsx")
    assert latvian["Problēmas"]["A3"].value == "Partneri, 2. rinda (Pārstāvības pamats, JURMALA)"
    cell = latvian["Partneri"].cell(2, authority.column)
    assert cell.comment.text.startswith("Brīdinājums: ")
    assert _fill(cell) == WARNING_FILL.fgColor.rgb


def test_a_problem_without_a_cell_is_only_listed(book, tmp_path: Path) -> None:
    book.sheets = ("Projekts", "Partneri", "Maksājumi")  # Rādītāji missing

    code, _output = run("validate", "--mark", tmp_path / "marked.xlsx", book.save())

    assert code == 1
    marked = openpyxl.load_workbook(tmp_path / "marked.xlsx")
    listed = _listed(marked["Problems"])
    place, kind, message, link = listed[0]
    assert (place, kind, link) == ("Rādītāji", "error", None)
    assert message.startswith("the sheet is missing")
    # the claims' warnings (no progress row for their periods) are the only marks in the sheets
    assert [row[3] for row in listed[1:]] == ["'Maksājumi'!D2", "'Maksājumi'!D3", "'Maksājumi'!D4"]
    assert [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in marked.worksheets[1:]
        for row in sheet.iter_rows()
        for cell in row
        if cell.comment or _fill(cell)
    ] == ["Maksājumi!D2", "Maksājumi!D3", "Maksājumi!D4"]


def test_in_latvian_the_comments_and_the_list_are_latvian(broken: Path, tmp_path: Path) -> None:
    code, output = run("validate", "--lang", "lv", "--mark", tmp_path / "m.xlsx", broken)

    assert code == 1
    assert "atzīmētas 3 problēmas" in output
    marked = openpyxl.load_workbook(tmp_path / "m.xlsx")
    assert marked.sheetnames[0] == "Problēmas"
    assert [c.value for c in marked["Problēmas"][1]] == ["Vieta", "Veids", "Problēma"]
    assert marked["Problēmas"]["B2"].value == "kļūda"
    comment = marked["Maksājumi"]["F4"].comment.text
    assert comment.startswith("Kļūda: 'avanss' nav maksājuma pieprasījuma veids")


def test_a_workbook_without_problems_gets_a_copy_that_says_so(book, tmp_path: Path) -> None:
    code, output = run("validate", "--mark", tmp_path / "marked.xlsx", book.save())

    assert code == 0
    assert "0 problems marked" in output
    marked = openpyxl.load_workbook(tmp_path / "marked.xlsx")
    assert marked["Problems"]["A2"].value == "The workbook has no problems."


def test_a_sheet_named_like_the_list_is_kept_and_the_list_takes_another_name(
    broken: Path, tmp_path: Path
) -> None:
    workbook = openpyxl.load_workbook(broken)
    workbook.create_sheet("Problems")["A1"] = "staff's own"
    workbook.save(broken)

    run("validate", "--mark", tmp_path / "marked.xlsx", broken)

    marked = openpyxl.load_workbook(tmp_path / "marked.xlsx")
    assert marked.sheetnames[0] == "Problems (2)"
    assert marked["Problems"]["A1"].value == "staff's own"


def test_the_workbook_itself_is_refused_as_the_copy(broken: Path, tmp_path: Path) -> None:
    before = broken.read_bytes()
    link = tmp_path / "link.xlsx"
    link.symlink_to(broken)
    for target in (broken, tmp_path / "." / broken.name, link):
        code, output = run("validate", "--mark", target, broken)
        assert code == 1
        assert output == (
            f"Error: {target} is the workbook itself; write the marked copy to another file\n"
        )
    assert broken.read_bytes() == before


def test_the_copy_must_be_an_xlsx_file(broken: Path, tmp_path: Path) -> None:
    code, output = run("validate", "--mark", tmp_path / "marked.xls", broken)

    assert code == 1
    assert "the marked copy is an Excel workbook; name it with .xlsx" in output
    assert not (tmp_path / "marked.xls").exists()


def test_a_file_that_is_no_workbook_cannot_be_marked(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"not a zip")

    code, output = run("validate", "--mark", tmp_path / "marked.xlsx", path)

    assert code == 1
    assert f"Error: {path}: the problems cannot be marked on a copy: " in output
    assert not (tmp_path / "marked.xlsx").exists()
