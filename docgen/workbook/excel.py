"""What openpyxl makes of a workbook's column letters, styles, shared strings and dates, without
importing openpyxl.

docgen reads a sheet's cells as openpyxl's read-only mode gives them (docgen/workbook/container.py)
and used openpyxl's own functions for these conversions. Importing openpyxl (and numpy, which it
imports when installed) took 0.13 s of every `docgen validate`, a third of the whole command on
the shipped example (bench/validate.py), so the few rules reading needs are here, each a port of
openpyxl 3.1's and each held to openpyxl's answers by tests/workbook/test_excel.py. What is rare
in a workbook of partners (a rich text with runs, an ISO date cell, a shared formula's copy in a
message) still asks openpyxl, imported then.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import IO, Any

from defusedxml import ElementTree

from docgen.i18n import _

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_SI, _T = f"{_MAIN}si", f"{_MAIN}t"

# --- Column letters (openpyxl.utils.cell) ----------------------------------------------------

MAX_COLUMN = 18_278  # ZZZ, the last column openpyxl names
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_NUMBERS = {letter: number for number, letter in enumerate(_LETTERS, start=1)}
_DIGITS = "0123456789"


def column_letter(number: int) -> str:
    """A column's letters: 1 → A, 27 → AA (openpyxl's get_column_letter)."""
    if not 1 <= number <= MAX_COLUMN:
        # for programmers: docgen names only the columns it has read
        raise ValueError(f"no column has the number {number}")
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = _LETTERS[remainder] + letters
    return letters


def column_number(letters: str) -> int:
    """A column's number from its letters, in any case: A → 1, aa → 27; ValueError for what is
    not a column from A to ZZZ (openpyxl's column_index_from_string)."""
    message = _("{letters!r} is not a column's name: columns are named A to ZZZ").format(
        letters=letters
    )
    if len(letters) > 3:
        raise ValueError(message)
    number = 0
    # At most the last three letters once upper-cased, as openpyxl counts them ("ß" is "SS").
    for letter, power in zip(reversed(letters.upper()), (1, 26, 676), strict=False):
        if letter not in _NUMBERS:
            raise ValueError(message)
        number += _NUMBERS[letter] * power
    if not 0 < number <= MAX_COLUMN:
        raise ValueError(message)
    return number


def reference_column(reference: str) -> int:
    """The column of a cell reference as openpyxl's coordinate_to_tuple reads it: the letters
    before its first digit (``$B$2`` is refused: ``$B$`` is no column), the rest a row number.
    Raises ValueError as it does."""
    # Where its first digit is; without one, its last character (openpyxl's loop ends there).
    at = next((i for i, char in enumerate(reference) if char in _DIGITS), len(reference) - 1)
    int(reference[at:])
    return column_number(reference[:at])


# --- Dates (openpyxl.utils.datetime) ---------------------------------------------------------

WINDOWS_EPOCH = datetime(1899, 12, 30)  # day 0 of a workbook of the 1900 date system
MAC_EPOCH = datetime(1904, 1, 1)  # … of the 1904 date system
_SECONDS_A_DAY = 86_400


def from_excel(value: float, epoch: datetime, duration: bool = False) -> Any:
    """A date cell's number as openpyxl's from_excel makes it: a datetime (a time before day 1,
    a timedelta when the style shows a ``duration``), to the millisecond; 1900's dates before
    1 March one day later, as Excel counts a 29 February 1900 that never was."""
    if duration:
        span = timedelta(days=value)
        if span.microseconds:
            span = timedelta(
                seconds=span.total_seconds() // 1, microseconds=round(span.microseconds, -3)
            )
        return span
    day, fraction = divmod(value, 1)
    diff = timedelta(milliseconds=round(fraction * _SECONDS_A_DAY * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1
    return epoch + timedelta(days=day) + diff


# --- Styles that show a date (openpyxl.styles) -----------------------------------------------

# The built-in number formats that show a date, a time or a duration, by their id (openpyxl's
# BUILTIN_FORMATS; the others, 0–13 and 37–44, 48 and 49, show numbers and text).
BUILTIN_DATE_FORMATS = {
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
}
# Text in quotes and a locale or colour in brackets say nothing of a date; [h], [mm], [ss] do.
_NOT_DATE_PARTS = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def is_date_format(code: str | None) -> bool:
    """Whether a number format shows a date or a time (its first section has d, m, h, y or s
    outside quotes and brackets; openpyxl's is_date_format)."""
    if code is None:
        return False
    return _DATE_LETTER.search(_NOT_DATE_PARTS.sub("", code.split(";")[0])) is not None


def is_duration_format(code: str | None) -> bool:
    """Whether a number format shows a duration ([h]:mm; openpyxl's is_timedelta_format)."""
    return code is not None and _DURATION.search(code.split(";")[0]) is not None


def date_styles(styles_xml: bytes) -> tuple[frozenset[int], frozenset[int]]:
    """The cell styles (by their place in ``cellXfs``) whose number format shows a date, and
    those that show a duration, from ``xl/styles.xml``, as openpyxl's Stylesheet finds them.

    Raises ValueError or TypeError for a format or a style whose id is not a whole number, or a
    format without its code, as openpyxl does; ElementTree's ParseError for damaged XML."""
    root = ElementTree.fromstring(styles_xml)
    custom: dict[int, str] = {}
    ids: list[int] = []
    for part in root:  # by their names without the namespace, the last of each, as openpyxl
        if _local(part.tag) == "numFmts":
            custom = dict(_number_formats(part))
        elif _local(part.tag) == "cellXfs":
            ids = [int(xf.get("numFmtId", 0)) for xf in part if _local(xf.tag) == "xf"]
    codes = [custom[i] if i in custom else BUILTIN_DATE_FORMATS.get(i) for i in ids]
    return (
        frozenset(i for i, code in enumerate(codes) if is_date_format(code)),
        frozenset(i for i, code in enumerate(codes) if is_duration_format(code)),
    )


def _number_formats(formats: Any) -> Iterable[tuple[int, str]]:
    for number_format in formats:
        if _local(number_format.tag) == "numFmt":
            code = number_format.get("formatCode")
            if code is None:
                raise TypeError(_("a number format of the styles has no code"))
            yield int(number_format.get("numFmtId")), code


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


# --- Shared strings (openpyxl.reader.strings) ------------------------------------------------


def shared_strings(xml: IO[bytes]) -> list[str]:
    """The workbook's shared strings as openpyxl's read_string_table reads them: each ``si``'s
    text (a rich text's runs joined, its phonetic guide left out), ``x005F_`` taken out.

    Raises what ElementTree raises for damaged XML, and what openpyxl raises for a rich text it
    cannot read."""
    strings = []
    for _event, node in ElementTree.iterparse(xml):
        if node.tag == _SI:
            if not node.attrib and len(node) == 1 and node[0].tag == _T:
                text = node[0].text or ""  # plain text, the commonest
            else:
                text = rich_text(node)
            strings.append(text.replace("x005F_", ""))
            node.clear()
    return strings


def rich_text(node: Any) -> str:
    """The text of an ``si`` or ``is`` element other than one plain ``t``, by openpyxl."""
    from openpyxl.cell.text import Text

    return Text.from_tree(node).content
