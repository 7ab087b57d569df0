"""``out/registrs.xlsx``: the register of documents for people, one row per document.

Everything in it comes from the workbook or from docgen, but the workbook is typed by people: a
partner named ``=HYPERLINK(…)`` must stay text, never become a formula in the ministry's
spreadsheet (CSV/formula injection), and control characters, which Excel refuses, are dropped.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from docgen.batch.manifest import Entry
from docgen.files import write_bytes

REGISTER = "registrs.xlsx"
KIND_NAMES = {
    "agreement": "Sadarbības līgums",
    "claim": "Maksājuma pieprasījums",
    "report": "Progresa pārskats",
    "summary": "Kopsavilkums",
    "amendment": "Vienošanās par grozījumiem",
    "consolidated": "Līgums (konsolidētā redakcija)",
    "claim_form": "Līguma 2. pielikums: maksājuma pieprasījuma veidlapa",
    "report_form": "Līguma 3. pielikums: progresa pārskata veidlapa",
}
# The amount each kind of document is about, and its label in the register.
MAIN_AMOUNT = {
    "agreement": "lm_total",
    "claim": "requested",
    "report": "spent",
    "summary": "used",
    "amendment": "lm_total",
    "consolidated": "lm_total",
}
HEADERS = (
    "Kods",
    "Sadarbības partneris",
    "Dokuments",
    "Nr.",
    "No",
    "Līdz",
    "Summa, EUR",
    "ESF, EUR",
    "Valsts budžets, EUR",
    "Fails",
    "SHA-256",
    "Izveidots",
)
EURO_FORMAT = "#,##0.00"
FORMULA_STARTS = ("=", "+", "-", "@")


def safe_text(value: str) -> str:
    """Text as it may go into a cell: control characters dropped (Excel refuses them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def put(sheet: Any, row: int, column: int, value: Any) -> None:
    """Write a value into a cell; text stays text, even text that starts like a formula."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = safe_text(value)
        cell.value = value
        # openpyxl stores a string starting with "=" as a formula; make every text a string.
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # Excel then also shows and edits it as text
    else:
        cell.value = value


def _amount(entry: Entry, key: str) -> float | None:
    value = entry.amounts.get(key)
    return float(Decimal(value)) if value is not None else None


def register_bytes(entries: Iterable[Entry], names: dict[str, str], fund: str = "ESF") -> bytes:
    """The register as .xlsx bytes; ``names`` maps partner codes to their names, ``fund`` is the
    EU fund's short name for its column ("ESF, EUR")."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Reģistrs"
    headers = [f"{fund}, EUR" if h == "ESF, EUR" else h for h in HEADERS]
    for column, header in enumerate(headers, start=1):
        put(sheet, 1, column, header)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for row, entry in enumerate(entries, start=2):
        period = entry.period or ("", "")
        values = (
            entry.partner or "",
            names.get(entry.partner or "", ""),
            KIND_NAMES.get(entry.kind, entry.kind),
            entry.number,
            datetime.fromisoformat(period[0]).date() if period[0] else None,
            datetime.fromisoformat(period[1]).date() if period[1] else None,
            _amount(entry, MAIN_AMOUNT.get(entry.kind, "")),
            _amount(entry, "esf"),
            _amount(entry, "state_budget"),
            entry.path,
            entry.sha256,
            datetime.fromisoformat(entry.written).replace(tzinfo=None) if entry.written else None,
        )
        for column, value in enumerate(values, start=1):
            put(sheet, row, column, value)
        for column in (7, 8, 9):
            sheet.cell(row=row, column=column).number_format = EURO_FORMAT
        for column in (5, 6):
            sheet.cell(row=row, column=column).number_format = "DD.MM.YYYY"
        sheet.cell(row=row, column=12).number_format = "DD.MM.YYYY HH:MM"
        link = sheet.cell(row=row, column=10)
        link.hyperlink = entry.path  # a relative link attribute, not a HYPERLINK formula
        link.style = "Hyperlink"
    widths = (18, 40, 24, 6, 12, 12, 14, 14, 16, 60, 20, 18)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_register(
    out: Path, entries: Iterable[Entry], names: dict[str, str], fund: str = "ESF"
) -> Path:
    return write_bytes(Path(out) / REGISTER, register_bytes(entries, names, fund), no_link=True)
