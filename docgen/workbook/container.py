"""The workbook file as it really is: what kind of file it is, how large its parts inflate, each
sheet's values and formulas, and what each sheet's XML holds beside them.

Each sheet's XML is read once (:func:`read_sheet`): its values and formulas with what it says
beside them. A workbook found damaged is read again by :func:`sheet_facts`, sheet by sheet, to
name every damaged sheet and cell.

A workbook can lie. Its zip directory says how large each part inflates to: docgen refuses one
above :data:`MAX_PART_BYTES` (or all together above :data:`MAX_WORKBOOK_BYTES`) before inflating
anything, so that a small file that would fill the memory is refused in a moment. A sheet's
``<dimension>`` may state a smaller size than the rows it holds (openpyxl's read-only mode
trusted it): the reader ignores it and counts the rows itself. Hidden rows and columns, merged
cells and the stated size are read here from the sheet's XML, by lxml with no entity expanded
and no DTD loaded (a sheet whose DTD declares an entity is refused, as defusedxml refuses it:
billion laughs, external entities); the rest of the workbook, and a damaged one's sheets again,
with defusedxml.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from lxml import etree

from docgen.errors import shortened
from docgen.i18n import _, language
from docgen.workbook.excel import (
    MAC_EPOCH,
    WINDOWS_EPOCH,
    column_letter,
    column_number,
    date_styles,
    from_excel,
    reference_column,
    rich_text,
    shared_strings,
)

MAX_PART_BYTES = 50_000_000  # one part of the workbook, inflated (a sheet of 100 000 rows ~ 30 MB)
MAX_WORKBOOK_BYTES = 200_000_000  # all its parts together, inflated
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected workbook

MAX_DAMAGED_CELLS = 10  # damaged cells of one sheet named one by one; the rest are counted

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL = re.compile(r"([A-Z]+)(\d+)")
_INDEX = re.compile(r"[0-9]{1,10}")
_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


class ContainerError(Exception):
    """The file is not a workbook docgen can read, said in one line."""


def grouped(n: int) -> str:
    """A count of bytes, rows or cells as a message writes it: ``50,000,000`` in English,
    ``50 000 000`` (no-break spaces) in Latvian."""
    text = f"{n:,}"
    return text if language() == "en" else text.replace(",", "\u00a0")


@dataclass
class SheetFacts:
    """What a sheet's XML says besides its cells."""

    dimension: str | None = None  # the stated size, e.g. "A1:M50"
    stated_rows: int | None = None  # the last row the stated size covers
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)  # 1-based column numbers
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # col1 row1 col2 row2
    # Cells whose value the XML cannot hold (a shared string the workbook does not have, a
    # number that is not one): the first MAX_DAMAGED_CELLS as (cell, why), and how many in all.
    damaged: list[tuple[str, str]] = field(default_factory=list)
    damaged_count: int = 0

    def merged_anchor(self, column: int, row: int) -> tuple[int, int] | None:
        """The top-left cell of the merged range holding (column, row), unless it is that cell."""
        for col1, row1, col2, row2 in self.merged:
            if col1 <= column <= col2 and row1 <= row <= row2 and (column, row) != (col1, row1):
                return col1, row1
        return None


def check_file(path: Path) -> None:
    """Refuse what is not an .xlsx docgen can read safely: an old .xls or a password-protected
    workbook (both OLE files), a file that is not a zip, a part that inflates above the limit."""
    with open(path, "rb") as file:
        start = file.read(8)
    if start == OLE_SIGNATURE:
        raise ContainerError(
            _(
                "an Excel 97–2003 workbook (.xls) or a password-protected one; open it in Excel "
                "or LibreOffice and save it as an .xlsx workbook without a password"
            )
        )
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ContainerError(
            _("not an Excel workbook (.xlsx) that can be read: {detail}").format(detail=exc)
        ) from None
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > MAX_PART_BYTES:
            raise ContainerError(
                _(
                    "its part {part} inflates to {size} bytes, above the limit of {limit} bytes "
                    "for one part; a workbook of partners is far smaller"
                ).format(
                    part=part.filename,
                    size=grouped(part.file_size),
                    limit=grouped(MAX_PART_BYTES),
                )
            )
    if total > MAX_WORKBOOK_BYTES:
        raise ContainerError(
            _(
                "its parts inflate to {size} bytes, above the limit of {limit} bytes for a whole "
                "workbook"
            ).format(size=grouped(total), limit=grouped(MAX_WORKBOOK_BYTES))
        )


_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def sheet_parts(path: Path) -> dict[str, str]:
    """Each sheet's name and the zip part holding its XML, read from the workbook's own XML
    (with defusedxml), so that a damaged sheet can be named before openpyxl trips over it."""
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise ContainerError(
            _("the workbook's XML is damaged ({reason})").format(reason=_reason(exc))
        ) from None
    except (KeyError, zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise ContainerError(
            _("not an Excel workbook (.xlsx) that can be read: {detail}").format(detail=exc)
        ) from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(_PACKAGE_REL)}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts[sheet.get("name", "")] = part
    return parts


def shared_string_count(path: Path) -> int:
    """How many shared strings the workbook has (the cells of text refer to them by index).

    Raises :class:`ContainerError` when the XML is damaged or declares entities."""
    try:
        with zipfile.ZipFile(path) as archive:
            types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
            parts = [
                o.get("PartName", "").lstrip("/")
                for o in types.iter(_CONTENT_TYPES)
                if o.get("ContentType") == _SHARED_STRINGS
            ]
            if not parts:
                return 0
            with archive.open(parts[0]) as xml:
                count = 0
                for _event, element in ElementTree.iterparse(xml, events=("end",)):
                    if element.tag == f"{_MAIN}si":
                        count += 1
                        element.clear()
                return count
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise ContainerError(
            _("the workbook's XML is damaged ({reason})").format(reason=_reason(exc))
        ) from None
    except (KeyError, zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise ContainerError(
            _("not an Excel workbook (.xlsx) that can be read: {detail}").format(detail=exc)
        ) from None


def sheet_facts(path: Path, part: str, strings: int = 0) -> SheetFacts:
    """The stated size, hidden rows and columns, merged cells and damaged cells of the sheet at
    ``part``, in a workbook of ``strings`` shared strings.

    Raises :class:`ContainerError` when the XML is damaged or declares entities."""
    facts = SheetFacts()
    rows = 0
    try:
        with zipfile.ZipFile(path) as archive, archive.open(part.lstrip("/")) as xml:
            for _event, element in ElementTree.iterparse(xml, events=("end",)):
                tag = element.tag
                if tag == f"{_MAIN}dimension":
                    facts.dimension = element.get("ref")
                    last = (facts.dimension or "").split(":")[-1]
                    if match := _CELL.fullmatch(last):
                        facts.stated_rows = int(match.group(2))
                elif tag == f"{_MAIN}row":
                    if element.get("hidden") in ("1", "true") and element.get("r"):
                        facts.hidden_rows.add(int(element.get("r")))
                    rows = int(element.get("r") or rows + 1)
                    _check_cells(element, rows, strings, facts)
                    element.clear()  # the cells are openpyxl's to read; keep memory flat
                elif tag == f"{_MAIN}col" and element.get("hidden") in ("1", "true"):
                    low, high = int(element.get("min", "0")), int(element.get("max", "0"))
                    facts.hidden_columns.update(range(low, min(high, low + 16_384) + 1))
                elif tag == f"{_MAIN}mergeCell" and element.get("ref"):
                    facts.merged.append(_range(element.get("ref")))
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise ContainerError(
            _("the sheet's XML is damaged ({reason})").format(reason=_reason(exc))
        ) from None
    except (KeyError, zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise ContainerError(
            _("the sheet's XML cannot be read ({reason})").format(reason=_reason(exc))
        ) from None
    return facts


def _check_cells(row: Any, number: int, strings: int, facts: SheetFacts) -> None:
    """Note the cells of a row whose value does not fit their type: openpyxl would take a
    shared string index of -1 for the last string (another cell's text), and fail on one past
    the end or on a number that is not one."""
    column = 0
    for cell in row.iter(f"{_MAIN}c"):
        ref = cell.get("r")
        match = _CELL.fullmatch(ref or "")
        column = column_number(match.group(1)) if match else column + 1
        value = cell.find(f"{_MAIN}v")
        if value is None or cell.get("t") in ("str", "inlineStr", "e", "d"):
            continue
        text = value.text or ""
        kind = cell.get("t", "n")
        if kind == "s" and not (_INDEX.fullmatch(text) and int(text) < strings):
            why = _("the cell refers to shared string {index!r}, which the workbook does not have")
        elif kind == "b" and text not in ("0", "1"):
            why = _("the cell's value {value!r} is not a boolean (0 or 1)")
        elif kind == "n" and text and not _is_number(text):
            why = _("the cell's value {value!r} is not a number")
        else:
            continue
        facts.damaged_count += 1
        if len(facts.damaged) < MAX_DAMAGED_CELLS:
            shown = shortened(text)
            where = ref if match else f"{column_letter(column)}{number}"
            facts.damaged.append((where, why.format(index=shown, value=shown)))


MAX_DATES_KEPT = 10_000  # dates a sheet's reading remembers by their text (see read_sheet)
_UNKNOWN = object()  # a style not looked up yet
_DIGITS = "0123456789"


def _shows(style: str | None, book: Book) -> str | None:
    """What a number styled ``style`` (a cell's ``s``) shows: "date", "duration" or None."""
    index = int(style or 0)
    if index not in book.date_styles:
        return None
    return "duration" if index in book.timedelta_styles else "date"


def _number(raw: str, ref: str | None) -> int | float:
    """A number cell's value as openpyxl reads it: an int unless it has a point or exponent."""
    try:
        return float(raw) if "." in raw or "e" in raw or "E" in raw else int(raw)
    except ValueError:
        if not _is_number(raw):
            raise Damaged(ref or "") from None
        raise  # "nan", "inf": numbers to float, not to int: refused as openpyxl refuses them


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _range(ref: str) -> tuple[int, int, int, int]:
    first, _sep, last = ref.partition(":")
    last = last or first
    (c1, r1), (c2, r2) = (_CELL.fullmatch(x).groups() for x in (first, last))  # type: ignore[union-attr]
    return column_number(c1), int(r1), column_number(c2), int(r2)


def _reason(exc: Exception) -> str:
    """A short reason for damaged XML, without the library's class names."""
    if isinstance(exc, DefusedXmlException):
        return _("it declares entities, which docgen does not expand")
    return str(exc).strip() or type(exc).__name__


def is_damaged_xml(exc: BaseException) -> bool:
    """Whether an error from openpyxl's reading comes from damaged or hostile XML."""
    return isinstance(exc, ElementTree.ParseError | DefusedXmlException) or (
        type(exc).__name__ in ("ParseError", "XMLSyntaxError")
    )


def damaged_reason(exc: BaseException) -> str:
    return _reason(exc) if isinstance(exc, Exception) else type(exc).__name__


# --- One pass per sheet -------------------------------------------------------------------------
#
# The reader reads each sheet's XML once, here: its values, its formulas and what it says beside
# them (SheetFacts), with lxml, in one stream. The values are openpyxl's (read-only, data_only):
# the same types from the same rules (openpyxl's number, date and shared-string conversions,
# ported to docgen/workbook/excel.py and tested against openpyxl), so that the cells docgen
# reads are the cells it read before. A workbook with a damaged sheet or cell is refused by the
# checks above (sheet_facts), which name every place.

_STYLES = "xl/styles.xml"  # where openpyxl reads the styles from, whatever the manifest says
_ROW, _COL, _C = f"{_MAIN}row", f"{_MAIN}col", f"{_MAIN}c"
_V, _F, _IS, _T = f"{_MAIN}v", f"{_MAIN}f", f"{_MAIN}is", f"{_MAIN}t"
_DIMENSION, _MERGE = f"{_MAIN}dimension", f"{_MAIN}mergeCell"


class Damaged(ContainerError):
    """A sheet or a cell the pass met cannot be read: the workbook is refused with sheet_facts'
    messages, which name each damaged place."""


@dataclass
class Book:
    """What the reader needs of the workbook besides its sheets' XML."""

    path: Path
    parts: dict[str, str]  # each sheet's name and its zip part, in the workbook's order
    states: dict[str, str]  # each sheet's state: visible, hidden or veryHidden
    strings: list[str]  # the shared strings, as openpyxl reads them
    date_styles: frozenset[int]  # the styles that show a number as a date
    timedelta_styles: frozenset[int]  # … as a duration
    epoch: Any  # the workbook's day 0 (1900 or 1904)

    @property
    def sheetnames(self) -> list[str]:
        return list(self.parts)


def open_book(path: Path) -> Book:
    """The workbook's sheets, shared strings and date styles (the XML read with defusedxml).

    Raises :class:`ContainerError` when it is not a workbook that can be read, :class:`Damaged`
    when its XML is damaged."""
    parts = sheet_parts(path)
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
            shared = [
                o.get("PartName", "").lstrip("/")
                for o in types.iter(_CONTENT_TYPES)
                if o.get("ContentType") == _SHARED_STRINGS
            ]
            strings: list[str] = []
            if shared:
                with archive.open(shared[0]) as xml:
                    strings = shared_strings(xml)
            dates = durations = frozenset[int]()
            if _STYLES in archive.namelist():
                dates, durations = date_styles(archive.read(_STYLES))
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise Damaged(str(exc)) from None
    except (KeyError, zipfile.BadZipFile, EOFError, OSError, ValueError, TypeError) as exc:
        raise ContainerError(
            _("not an Excel workbook (.xlsx) that can be read: {detail}").format(
                detail=str(exc).strip() or type(exc).__name__
            )
        ) from None
    states = {
        s.get("name", ""): s.get("state") or "visible" for s in workbook.iter(f"{_MAIN}sheet")
    }
    properties = workbook.find(f"{_MAIN}workbookPr")
    mac = properties is not None and (properties.get("date1904") or "").lower() in ("1", "true")
    return Book(
        path,
        parts,
        {name: states.get(name, "visible") for name in parts},
        strings,
        dates,
        durations,
        MAC_EPOCH if mac else WINDOWS_EPOCH,
    )


# A row's number, its values and its formulas (None when it has none).
Row = tuple[int, list[Any], list[str | None] | None]


class Texts(dict[str, Any]):
    """Each text of a workbook's cells once, however many cells hold it: ``texts[text]`` is
    what a cell holding ``text`` gives (here the text itself, the first copy met). A subclass
    may give what it makes of the text (the reader: decoded, or None for a blank one), made
    once per text by ``__missing__``."""

    def __missing__(self, text: str) -> Any:
        self[text] = text
        return text


def read_sheet(
    book: Book, part: str, facts: SheetFacts, texts: Texts | None = None
) -> Iterator[Row]:
    """Each row of the sheet at ``part`` as openpyxl's read-only mode gives it (a missing row
    as an empty one, each row as wide as its last cell), with each cell's formula beside its
    value (None for a row without one); ``facts`` is filled as the XML goes by (the merges only
    at the end: they follow the cells). A text cell's value is ``texts[text]``. The stated size
    is not trusted: every row there is, is read.

    Raises :class:`Damaged` on damaged XML or a cell whose value its type cannot hold."""
    strings, count = book.strings, len(book.strings)
    # Each style's number as the cells write it ("3"), and what it makes of a number: a date,
    # a duration or a number (None): looked up by the attribute's text, not int() per cell.
    styles: dict[str | None, str | None] = {}
    shared: dict[str, tuple[str, str | None]] = {}  # shared formulas: index → text, first cell
    # Each text once, however many cells hold it (openpyxl's write-only mode writes every text
    # inline: a copy per cell held 30 MB at 10 000 partners), and what a text cell gives made
    # here, once per text, not in a second pass over the cells (10 000 partners: 0.35 s).
    texts = Texts() if texts is None else texts
    # Each date's value once per text and style: a project's dates repeat in every partner's
    # rows (openpyxl's from_excel was 0.3 s of the 10 000 partners' 220 000 dates,
    # bench/validate.py); at most MAX_DATES_KEPT kept.
    days: dict[tuple[str, str], Any] = {}
    expected = 1  # the next row's number
    try:
        with zipfile.ZipFile(book.path) as archive, archive.open(part.lstrip("/")) as xml:
            for element in _elements(xml):
                tag = element.tag
                if tag == _ROW:
                    given = element.get("r")
                    number = _row_number(given) if given else expected
                    if element.get("hidden") in ("1", "true") and given:
                        facts.hidden_rows.add(number)
                    values: list[Any] = []
                    formulas: list[str | None] | None = None  # made at the row's first formula
                    column = 0
                    for cell in element:  # each child a cell, as openpyxl takes them
                        ref = cell.get("r")
                        if ref:
                            letters = ref.rstrip(_DIGITS)
                            column = (letters != ref and _COLUMNS.get(letters)) or _column(ref)
                        else:
                            column += 1
                        kind = cell.get("t", "n")
                        raw = formula = inline = None
                        # A cell's one child (its value, the commonest) taken by its index:
                        # lxml's iterator over a single child cost 0.1 s of the 10 000
                        # partners' 915 000 cells (bench/validate.py).
                        for child in (cell[0],) if len(cell) == 1 else cell:
                            if child.tag == _V and raw is None:
                                raw = child.text or ""
                            elif child.tag == _F:
                                formula = child
                            elif child.tag == _IS:
                                inline = child
                        value: Any = None
                        if kind == "inlineStr":
                            if inline is not None and len(inline) == 1 and inline[0].tag == _T:
                                value = inline[0].text or ""  # plain text: Text's content, faster
                            elif inline is not None:
                                value = rich_text(inline)
                            if value is not None:
                                value = texts[value]
                        elif raw:
                            if kind == "n":
                                style = cell.get("s")
                                shows = styles.get(style, _UNKNOWN)
                                if shows is _UNKNOWN:
                                    shows = styles[style] = _shows(style, book)
                                if shows is None:
                                    value = _number(raw, ref)
                                elif (found := days.get((raw, shows))) is not None:
                                    value = found
                                else:
                                    value = _number(raw, ref)
                                    try:
                                        value = from_excel(
                                            value, book.epoch, duration=shows == "duration"
                                        )
                                    except (OverflowError, ValueError):
                                        value = "#VALUE!"
                                    if len(days) < MAX_DATES_KEPT:
                                        days[raw, shows] = value
                            elif kind == "s":
                                if not (_INDEX.fullmatch(raw) and int(raw) < count):
                                    raise Damaged(ref or "")
                                value = texts[strings[int(raw)]]
                            elif kind == "b":
                                if raw not in ("0", "1"):
                                    raise Damaged(ref or "")
                                value = raw == "1"
                            elif kind == "d":
                                value = _iso_date(raw)
                            else:  # str (a formula's text) and e (its error)
                                value = texts[raw]
                        elif raw is not None and kind in ("s", "b"):
                            raise Damaged(ref or "")  # <v></v>: no string, no boolean
                        if column == len(values) + 1:
                            values.append(value)
                        else:
                            if column > len(values):
                                values.extend([None] * (column - len(values)))
                            values[column - 1] = value
                        if formula is not None or formulas is not None:
                            if formulas is None:
                                formulas = []
                            if column > len(formulas):
                                formulas.extend([None] * (column - len(formulas)))
                            formulas[column - 1] = (
                                None if formula is None else _formula(formula, ref, value, shared)
                            )
                    _let_go(element)
                    if column and column < len(values):  # as wide as its last cell
                        del values[column:]
                    if formulas is not None:
                        del formulas[len(values) :]
                        formulas.extend([None] * (len(values) - len(formulas)))
                    if number < expected:
                        continue  # a row out of order: openpyxl drops it too
                    while expected < number:
                        yield expected, [], None
                        expected += 1
                    expected = number + 1
                    yield number, values, formulas
                elif tag == _DIMENSION:
                    facts.dimension = element.get("ref")
                    last = (facts.dimension or "").split(":")[-1]
                    if match := _CELL.fullmatch(last):
                        facts.stated_rows = int(match.group(2))
                elif tag == _COL and element.get("hidden") in ("1", "true"):
                    low, high = int(element.get("min", "0")), int(element.get("max", "0"))
                    facts.hidden_columns.update(range(low, min(high, low + 16_384) + 1))
                elif tag == _MERGE and element.get("ref"):
                    facts.merged.append(_range(element.get("ref")))
    except (etree.LxmlError, KeyError, zipfile.BadZipFile) as exc:
        raise Damaged(str(exc)) from None
    except (EOFError, OSError, ValueError) as exc:
        raise Damaged(str(exc)) from None


def _elements(xml: Any) -> Iterator[Any]:
    """The elements of a sheet's XML the reader looks at (rows, the stated size, columns and
    merges), each as it ends, parsed by lxml: defusedxml's pure-Python parser took 2.8 s of the
    10 000 partners' sheets, lxml takes 1.2 s (bench/validate.py). lxml expands no entity and
    loads no DTD here, and a sheet that has a DTD at all is refused as damaged, as defusedxml
    refuses it (sheet_facts then names it: it declares entities)."""
    events = etree.iterparse(
        xml,
        events=("end",),
        tag=(_ROW, _DIMENSION, _COL, _MERGE),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
    )
    checked = False
    for _event, element in events:
        if not checked:
            _refuse_entities(element)
            checked = True
        yield element
    if not checked and events.root is not None:  # a sheet with none of those elements
        _refuse_entities(events.root)


def _refuse_entities(element: Any) -> None:
    """Raise :class:`Damaged` when the document's DTD declares an entity (defusedxml refuses
    such XML; a DOCTYPE that declares none it reads, and so does docgen)."""
    dtd = element.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _entity in dtd.iterentities()):
        raise Damaged(_("it declares entities, which docgen does not expand"))


def _let_go(element: Any) -> None:
    """Free a row read, and the rows before it (cleared, they would stay in the tree)."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    while element.getprevious() is not None:
        del parent[0]


def _row_number(given: str) -> int:
    """A row's number as openpyxl reads its r (a float with no fraction allowed)."""
    try:
        return int(given)
    except ValueError:
        number = float(given)
        if not number.is_integer():
            raise ValueError(given) from None  # openpyxl refused it too
        return int(number)


# Each column's number by its letters, as references such as "H7" name it: looked up by the
# reference's letters instead of a regular expression per cell (0.3 s of the 10 000 partners'
# 915 000 cells, bench/validate.py).
_COLUMNS: dict[str, int] = {}


def _column(ref: str) -> int:
    """The column number of a cell reference such as ``H7``."""
    letters = ref.rstrip("0123456789")
    if letters != ref and (known := _COLUMNS.get(letters)):
        return known
    match = _CELL.fullmatch(ref)
    if not match:
        return reference_column(ref)
    column = column_number(match.group(1))
    if len(_COLUMNS) < 16_384:  # the columns a sheet can have
        _COLUMNS[match.group(1)] = column
    return column


def _iso_date(text: str) -> Any:
    """A date cell's ISO 8601 text (``t="d"``, rare: strict OOXML) as openpyxl reads it."""
    from openpyxl.utils.datetime import from_ISO8601

    return from_ISO8601(text)


def _formula(
    element: Any, ref: str | None, value: Any, shared: dict[str, tuple[str, str | None]]
) -> str | None:
    """A cell's formula as openpyxl gives it (``=A1+B1``), None for an array or a data table
    formula. A shared formula's copies are translated from its first cell only when a message
    may quote them (the cell has no value, or an error): a translation costs, a value needs none.
    """
    from openpyxl.formula.translate import Translator

    kind = element.get("t")
    text = "=" + (element.text or "")
    if kind in ("array", "dataTable"):
        return None
    if kind != "shared":
        return text
    index = element.get("si")
    if index in shared:
        first, origin = shared[index]
        if value is None or (isinstance(value, str) and value.startswith("#")):
            return Translator(first, origin).translate_formula(ref)
        return first
    if text != "=":
        shared[index] = (text, ref)
    return text
