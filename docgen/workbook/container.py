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

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from openpyxl.utils import column_index_from_string

from docgen.i18n import _, language

MAX_PART_BYTES = 50_000_000  # one part of the workbook, inflated (a sheet of 100 000 rows ~ 30 MB)
MAX_WORKBOOK_BYTES = 200_000_000  # all its parts together, inflated
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected workbook

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL = re.compile(r"([A-Z]+)(\d+)")


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


def sheet_facts(path: Path, part: str) -> SheetFacts:
    """The stated size, hidden rows and columns and merged cells of the sheet at ``part``.

    Raises :class:`ContainerError` when the XML is damaged or declares entities."""
    facts = SheetFacts()
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
