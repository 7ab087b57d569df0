"""The workbook file as it really is, before openpyxl reads it: what kind of file it is, how
large its parts inflate, and what each sheet's XML holds beside its values.

A workbook can lie. Its zip directory says how large each part inflates to: docgen refuses one
above :data:`MAX_PART_BYTES` (or all together above :data:`MAX_WORKBOOK_BYTES`) before inflating
anything, so that a small file that would fill the memory is refused in a moment. A sheet's
``<dimension>`` may state a smaller size than the rows it holds (openpyxl's read-only mode
trusts it): the reader ignores it and counts the rows itself. Hidden rows and columns, merged
cells and the stated size are read here from the sheet's XML, with defusedxml, which refuses
entity declarations (billion laughs, external entities) instead of expanding them.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from openpyxl.utils import column_index_from_string, get_column_letter

from docgen.errors import shortened
from docgen.i18n import _, language

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
        column = column_index_from_string(match.group(1)) if match else column + 1
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
            where = ref if match else f"{get_column_letter(column)}{number}"
            facts.damaged.append((where, why.format(index=shown, value=shown)))


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
    return column_index_from_string(c1), int(r1), column_index_from_string(c2), int(r2)


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
