"""The funding split of every partner as a report: a text table, JSON (docs/workbook.md) or xlsx."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path

from docgen.files import write_bytes
from docgen.latvian.formatting import format_amount, format_share
from docgen.money import Split, fraction, partner_split, total_split
from docgen.records import Partner, Workbook

FORMATS = ("table", "json", "xlsx")

# Excel's number format for euro in the Latvian locale (LCID 0x426).
EURO_FORMAT = "#,##0.00\\ [$€-426]"

# Split fields shown as columns, with their Latvian headers.
HEADERS = {
    "pilot": "Pilotprojekts",
    "training": "Apmācības un supervīzija",
    "non_eligible": "Neattiecināmās",
    "total_eligible": "Attiecināmās kopā",
    "lm_pilot": "LM pilotprojektam",
    "lm_training": "LM apmācībām",
    "lm_total": "LM kopā",
    "cofinancing": "Līdzfinansējums",
    "esf": "ESF",
    "state_budget": "Valsts budžets",
    "total": "Kopā",
}
# The terminal table leaves out LM's share per category to stay readable; JSON and xlsx have all.
TABLE_FIELDS = (
    "pilot",
    "training",
    "non_eligible",
    "total_eligible",
    "lm_total",
    "cofinancing",
    "esf",
    "state_budget",
    "total",
)
TABLE_HEADERS = {**HEADERS, "training": "Apmācības"}


@dataclass(frozen=True)
class SplitsReport:
    """Every partner's split and their totals, against the funding the measure has."""

    rows: tuple[tuple[Partner, Split], ...]
    totals: Split
    available_funding: Decimal


def splits_report(workbook: Workbook) -> SplitsReport:
    """Compute the report from validated records."""
    rates = workbook.project.rates
    rows = tuple((p, partner_split(p, rates)) for p in workbook.partners)
    return SplitsReport(rows, total_split(s for _, s in rows), workbook.project.available_funding)


def to_json(report: SplitsReport) -> str:
    """docs/workbook.md's contract: one object per partner, amounts as strings with a dot."""
    items = [
        {"code": p.code, "name": p.name, **{k: format(v, "f") for k, v in s.as_dict().items()}}
        for p, s in report.rows
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def to_table(report: SplitsReport) -> str:
    """An aligned table in Latvian format with a totals row and the funding still available."""
    head = ["Kods", *(TABLE_HEADERS[f] for f in TABLE_FIELDS)]
    body = [[p.code, *(format_amount(getattr(s, f)) for f in TABLE_FIELDS)] for p, s in report.rows]
    foot = ["Kopā", *(format_amount(getattr(report.totals, f)) for f in TABLE_FIELDS)]
    widths = [max(len(r[i]) for r in [head, *body, foot]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        return "  ".join([first, *(c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))])

    rule = "  ".join("-" * w for w in widths)
    lm, available = report.totals.lm_total, report.available_funding
    share = format_share(fraction(lm, available)) if available else "–"
    closing = (
        f"LM finansējums kopā {format_amount(lm)} EUR no pieejamajiem "
        f"{format_amount(available)} EUR ({share}); atlikums {format_amount(available - lm)} EUR."
    )
    return "\n".join([line(head), rule, *map(line, body), rule, line(foot), "", closing]) + "\n"


def to_xlsx(report: SplitsReport) -> bytes:
    """A sheet with one row per partner and a totals row; amounts are numbers in euro format."""
    import openpyxl  # here: most runs of docgen never write a sheet
    from openpyxl.styles import Font

    from docgen.batch.register import put  # text that looks like a formula stays text

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sadalījums"
    keys = [f.name for f in fields(Split)]
    rows = [
        ["Kods", "Nosaukums", *(HEADERS[k] for k in keys)],
        *([p.code, p.name, *(float(getattr(s, k)) for k in keys)] for p, s in report.rows),
        ["Kopā", "", *(float(getattr(report.totals, k)) for k in keys)],
    ]
    for number, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            put(sheet, number, column, value)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2, min_col=3):
        for cell in row:
            cell.number_format = EURO_FORMAT
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 40
    for index in range(3, 3 + len(keys)):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = 18
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_report(report: SplitsReport, fmt: str, path: Path) -> Path:
    """Write the report in one of FORMATS to a file, atomically."""
    if fmt == "xlsx":
        return write_bytes(path, to_xlsx(report))
    text = to_json(report) if fmt == "json" else to_table(report)
    return write_bytes(path, text.encode("utf-8"))
