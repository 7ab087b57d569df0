"""docgen.workbook.excel gives what openpyxl gives: its column letters, the styles it takes for
dates, its shared strings and its dates, asked of openpyxl itself on the same inputs."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.reader.strings import read_string_table
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.styles.stylesheet import Stylesheet
from openpyxl.utils import column_index_from_string, coordinate_to_tuple, get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.xml.functions import fromstring

from docgen.workbook import excel

ROOT = Path(__file__).resolve().parents[2]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _same(ours, theirs, argument):
    """Both give the same value, or both raise the same kind of error (docgen's words for a
    column's, which a user reads in the reason a workbook is refused)."""
    try:
        expected = theirs(argument)
    except (ValueError, OverflowError) as exc:
        with pytest.raises(type(exc)):
            ours(argument)
        return
    assert ours(argument) == expected, argument


def test_column_letters_are_openpyxls_for_every_column():
    for number in range(1, excel.MAX_COLUMN + 1):
        letters = get_column_letter(number)
        assert excel.column_letter(number) == letters
        assert excel.column_number(letters) == number
        assert excel.column_number(letters.lower()) == number
    for number in (0, -1, excel.MAX_COLUMN + 1):
        with pytest.raises(ValueError):
            excel.column_letter(number)


@pytest.mark.parametrize(
    "letters", ["", "AAAA", "$B$", "A1", "ß", "ßß", "ßßß", "ı", "Ä", " A", "ZZZ", "XFD", "@"]
)
def test_column_numbers_refuse_what_openpyxl_refuses(letters):
    _same(excel.column_number, column_index_from_string, letters)


@pytest.mark.parametrize(
    "reference", ["A1", "a2", "$B$2", "B", "AB", "AAAA2", "Z0", "ZZZ9", "ß2", "1A", "A1B", "Ä7"]
)
def test_a_references_column_is_openpyxls(reference):
    _same(excel.reference_column, lambda r: coordinate_to_tuple(r)[1], reference)


FORMAT_CODES = [
    *BUILTIN_FORMATS.values(),
    "dd.mm.yyyy",
    "dd.mm.yyyy.",
    "yyyy-mm-dd h:mm",
    "[$-426]dd.mm.yyyy",
    "[Red]0.00",
    "[h]:mm:ss",
    "[hh]:mm",
    "[mm]:ss",
    "[ss].00",
    "h:mm;@",
    '0;[Red]-0;"d"',
    '#,##0.00 "EUR"',
    '"Datums" 0',
    "_d0",
    "\\d0",
    "0.00_);(0.00)",
    "General",
    "D",
    "Y",
    "",
]


@pytest.mark.parametrize("code", FORMAT_CODES)
def test_a_format_shows_a_date_or_a_duration_as_openpyxl_says(code):
    assert excel.is_date_format(code) == is_date_format(code)
    assert excel.is_duration_format(code) == is_timedelta_format(code)


def test_the_builtin_formats_that_show_dates_are_openpyxls():
    dates = {i: code for i, code in BUILTIN_FORMATS.items() if is_date_format(code)}
    assert dates == excel.BUILTIN_DATE_FORMATS


def _styles(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return archive.read("xl/styles.xml")


def _formatted(*codes: str) -> bytes:
    book = openpyxl.Workbook()
    for row, code in enumerate(codes, start=1):
        book.active.cell(row, 1, 1).number_format = code
    return _styles(book)


@pytest.mark.parametrize(
    "styles",
    [
        zipfile.ZipFile(ROOT / "inputs" / "partners.xlsx").read("xl/styles.xml"),
        _formatted("dd.mm.yyyy", "0.00", "[h]:mm", "yyyy-mm-dd h:mm", "mm-dd-yy", '"d"0', "@"),
        _formatted("General"),
        f'<styleSheet xmlns="{MAIN}"/>'.encode(),
        (
            f'<styleSheet xmlns="{MAIN}"><numFmts><numFmt numFmtId="14" formatCode="0.00"/>'
            '<numFmt numFmtId="200" formatCode="dd/mm/yy"/></numFmts><cellXfs>'
            '<xf numFmtId="14"/><xf numFmtId="200"/><xf/><xf numFmtId="22"/><xf numFmtId="46"/>'
            "</cellXfs></styleSheet>"
        ).encode(),
    ],
    ids=["example", "custom", "general", "empty", "builtin-overridden"],
)
def test_the_styles_that_show_dates_are_openpyxls(styles):
    theirs = Stylesheet.from_tree(fromstring(styles))
    expected = (
        (frozenset(theirs.date_formats), frozenset(theirs.timedelta_formats))
        if theirs.cell_styles
        else (frozenset(), frozenset())
    )
    assert excel.date_styles(styles) == expected


@pytest.mark.parametrize(
    "styles",
    [
        f'<styleSheet xmlns="{MAIN}"><cellXfs><xf numFmtId="x"/></cellXfs></styleSheet>',
        f'<styleSheet xmlns="{MAIN}"><numFmts><numFmt numFmtId="170"/></numFmts></styleSheet>',
        f'<styleSheet xmlns="{MAIN}"><numFmts><numFmt formatCode="0"/></numFmts></styleSheet>',
    ],
)
def test_styles_openpyxl_refuses_are_refused(styles):
    with pytest.raises((TypeError, ValueError)):
        Stylesheet.from_tree(fromstring(styles.encode()))
    with pytest.raises((TypeError, ValueError)):
        excel.date_styles(styles.encode())


SHARED = (
    f'<sst xmlns="{MAIN}">'
    "<si><t>Rīga</t></si>"
    "<si><t/></si>"
    '<si><t xml:space="preserve">  two  spaces </t></si>'
    "<si><t>a_x005F_x000D_b</t></si>"
    "<si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></si>"
    '<si><t>Tokio</t><rPh sb="0" eb="1"><t>とうきょう</t></rPh></si>'
    "<si/>"
    "<si><t>last</t></si>"
    "</sst>"
)


def test_shared_strings_are_openpyxls():
    theirs = list(read_string_table(io.BytesIO(SHARED.encode())))
    assert excel.shared_strings(io.BytesIO(SHARED.encode())) == theirs
    assert theirs[0] == "Rīga" and theirs[4] == "rich text"


@pytest.mark.parametrize(
    "value",
    [0, 0.25, 0.99999999, 1, 1.5, 59, 59.75, 60, 61, 44393, 44393.5, 44393.123456, 2958465],
)
@pytest.mark.parametrize("epoch", [excel.WINDOWS_EPOCH, excel.MAC_EPOCH])
def test_dates_are_openpyxls(value, epoch):
    _same(lambda v: excel.from_excel(v, epoch), lambda v: from_excel(v, epoch), value)
    _same(lambda v: excel.from_excel(v, epoch, True), lambda v: from_excel(v, epoch, True), value)


def test_the_epochs_are_openpyxls():
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    assert (excel.WINDOWS_EPOCH, excel.MAC_EPOCH) == (CALENDAR_WINDOWS_1900, CALENDAR_MAC_1904)
    assert datetime(1899, 12, 30) == excel.WINDOWS_EPOCH


def test_validate_does_not_import_openpyxl(tmp_path):
    """Reading is openpyxl-free (0.13 s of every `docgen validate`); a fresh process shows it."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from docgen.workbook.reader import validate\n"
        f"result = validate({str(ROOT / 'inputs' / 'partners.xlsx')!r})\n"
        "assert result.ok, result.problems\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'numpy')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
