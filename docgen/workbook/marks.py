"""A copy of the workbook with every problem marked on its cell (``docgen validate --mark``).

An error's cell is filled red, a warning's yellow (an error's colour wins where a cell has
both), and the messages become the cell's comment, above any comment the cell had. A first
sheet lists every problem with a link to its cell; a problem of no cell (a sheet or a column
missing, the file itself) is listed there only. The workbook itself is never written.

A problem names its cell in its place, ``Maksājumi!C3 (No)``; the name checks find on a partner's
row, ``Partneri row 2 (Pārstāvis, RIGA)``, is marked on the row's cell under that header.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from docgen.errors import OutputError, Problem
from docgen.files import write_bytes
from docgen.i18n import _
from docgen.workbook.container import ContainerError, check_file, damaged_reason, is_damaged_xml
from docgen.workbook.schema import fold

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")  # Excel's light red ("Bad")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")  # Excel's light yellow ("Neutral")
AUTHOR = "docgen"
COMMENT_WIDTH = 360  # points
COMMENT_LINE_HEIGHT = 15
COMMENT_LINE_CHARACTERS = 55  # characters of a line in a box COMMENT_WIDTH wide
LIST_WIDTHS = (40, 14, 100)  # the list sheet's columns: place, kind, message
SUFFIX = ".xlsx"

# A place with a cell: "Maksājumi!C3 (No)", "Partneri!J2".
_CELL_PLACE = re.compile(r"^(?P<sheet>.+?)!(?P<cell>[A-Z]{1,3}[1-9][0-9]{0,6})(?: \(|$)")


def check_target(workbook: Path, target: Path) -> None:
    """Refuse a marked copy that would overwrite the workbook, or that Excel would not open."""
    if target.suffix.lower() != SUFFIX:
        raise OutputError(
            _("{path}: the marked copy is an Excel workbook; name it with .xlsx").format(
                path=target
            )
        )
    same = target.resolve() == workbook.resolve() or (
        target.exists() and workbook.exists() and target.samefile(workbook)
    )
    if same:
        raise OutputError(
            _("{path} is the workbook itself; write the marked copy to another file").format(
                path=target
            )
        )


def write_marked(workbook: Path, problems: Sequence[Problem], target: Path) -> Path:
    """Write to ``target`` a copy of ``workbook`` with ``problems`` marked; return ``target``."""
    workbook, target = Path(workbook), Path(target)
    check_target(workbook, target)
    book = _open(workbook)
    cells = [_cell_of(book, problem.place) for problem in problems]
    on_cell: dict[tuple[str, str], list[Problem]] = {}
    for problem, cell in zip(problems, cells, strict=True):
        if cell is not None:
            on_cell.setdefault(cell, []).append(problem)
    for (title, coordinate), found in on_cell.items():
        _mark(_writable(book[title], coordinate), found)
    _list(book, problems, cells)
    data = io.BytesIO()
    book.save(data)
    return write_bytes(target, data.getvalue())


def _open(path: Path) -> Workbook:
    """The workbook with its formulas, as openpyxl keeps them (pictures and charts are not)."""
    try:
        check_file(path)  # a file that would inflate beyond docgen's limits is refused first
        return openpyxl.load_workbook(path, rich_text=True)
    except ContainerError as exc:
        reason = str(exc)
    except OSError as exc:
        reason = exc.strerror or str(exc)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        reason = str(exc).strip() or type(exc).__name__
    except Exception as exc:
        if not is_damaged_xml(exc):
            raise
        reason = damaged_reason(exc)
    raise OutputError(
        _("{path}: the problems cannot be marked on a copy: {reason}").format(
            path=path, reason=reason
        )
    )


def _sheet_title(book: Workbook, name: str) -> str | None:
    """The sheet ``name`` names: its title, or the one title it matches loosely (the reader
    finds ``Maksājumi`` in a sheet titled `` MAKSAJUMI``)."""
    if name in book.sheetnames:
        return name
    found = [title for title in book.sheetnames if fold(title) == fold(name)]
    return found[0] if len(found) == 1 else None


def _row_place() -> re.Pattern[str]:
    """A place on a partner's row, as the name checks write it in the language of now."""
    pattern = re.escape(_("{sheet} row {row} ({header}, {code})"))
    for name, group in (
        ("sheet", r"(?P<sheet>.+?)"),
        ("row", r"(?P<row>[1-9][0-9]{0,6})"),
        ("header", r"(?P<header>.+)"),
        ("code", r"[^,()]*"),
    ):
        pattern = pattern.replace(re.escape("{" + name + "}"), group)
    return re.compile(f"^{pattern}$")


def _cell_of(book: Workbook, place: str) -> tuple[str, str] | None:
    """(sheet title, cell) of a problem's place, or None when it names no cell of the book."""
    if match := _CELL_PLACE.match(place):
        title = _sheet_title(book, match["sheet"])
        return (title, match["cell"]) if title else None
    if match := _row_place().match(place):
        title = _sheet_title(book, match["sheet"])
        if title is None:
            return None
        header = fold(match["header"])
        columns = [
            c.column for c in book[title][1] if c.value is not None and fold(c.value) == header
        ]
        if len(columns) != 1:
            return None
        return title, f"{get_column_letter(columns[0])}{match['row']}"
    return None


def _label(problem: Problem) -> str:
    if problem.is_error:
        return _("Error: {message}").format(message=problem.message)
    return _("Warning: {message}").format(message=problem.message)


def _writable(sheet: Worksheet, coordinate: str) -> Cell:
    """The cell at ``coordinate``, or the first cell of the merged cells it is one of (the one
    that holds their value)."""
    for merged in sheet.merged_cells.ranges:
        if coordinate in merged:
            return sheet.cell(merged.min_row, merged.min_col)
    return sheet[coordinate]


def _mark(cell: Cell, problems: Sequence[Problem]) -> None:
    """Fill ``cell`` (red when one of its problems is an error) and put their messages first in
    its comment."""
    cell.fill = ERROR_FILL if any(p.is_error for p in problems) else WARNING_FILL
    before = [cell.comment.text] if cell.comment else []
    text = "\n".join([*(_label(p) for p in problems), *before])
    lines = sum(len(line) // COMMENT_LINE_CHARACTERS + 1 for line in text.split("\n"))
    cell.comment = Comment(
        text, AUTHOR, height=COMMENT_LINE_HEIGHT * (lines + 1), width=COMMENT_WIDTH
    )


def _list(
    book: Workbook, problems: Sequence[Problem], cells: Sequence[tuple[str, str] | None]
) -> None:
    """The first sheet: every problem, its place linked to its cell."""
    title = _free_title(book, _("Problems"))
    sheet = book.create_sheet(title, 0)
    sheet.append([_("Place"), _("Kind"), _("Problem")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if not problems:
        sheet.append([_("The workbook has no problems.")])
    for problem, found in zip(problems, cells, strict=True):
        kind = _("error") if problem.is_error else _("warning")
        sheet.append([problem.place, kind, problem.message])
        place, severity = sheet.cell(sheet.max_row, 1), sheet.cell(sheet.max_row, 2)
        severity.fill = ERROR_FILL if problem.is_error else WARNING_FILL
        if found is not None:
            target = f"{quote_sheetname(found[0])}!{found[1]}"
            place.hyperlink = Hyperlink(ref=place.coordinate, location=target)
            place.style = "Hyperlink"
    for number, width in enumerate(LIST_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    book.active = 0
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False


def _free_title(book: Workbook, title: str) -> str:
    """``title``, or ``title (2)``… when the workbook has a sheet of that name."""
    taken = {fold(t) for t in book.sheetnames}
    candidate, number = title, 1
    while fold(candidate) in taken:
        number += 1
        candidate = f"{title} ({number})"
    return candidate
