"""The funding split of every partner as a report: a text table, JSON (docs/workbook.md) or xlsx."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from docgen.files import write_bytes
from docgen.latvian.formatting import format_amount, format_share
from docgen.money import ZERO, Split, fraction, partner_split, total_split
from docgen.records import Partner, Rates, Workbook
from docgen.workbook.schema import TOTAL_HEADERS

FORMATS = ("table", "json", "xlsx")

# Excel's number format for euro in the Latvian locale (LCID 0x426).
EURO_FORMAT = "#,##0.00\\ [$€-426]"


@dataclass(frozen=True)
class SplitsReport:
    """Every partner's split and their totals, against the funding the measure has."""

    rows: tuple[tuple[Partner, Split], ...]
    totals: Split
    available_funding: Decimal
    rates: Rates

    def columns(self, *, short: bool = False) -> dict[str, str]:
        """Every figure's key and header, as the xlsx has them: each category's amount (headed
        as its column in the workbook), the eligible total, LM's share of each eligible
        category, then the totals. ``short``: the terminal's and the page's table, without
        LM's share per category."""
        named = {c.key: c.column for c in self.rates.categories}
        headers = {**TOTAL_HEADERS, "esf": self.rates.fund.short}
        keys = self.totals.as_dict(self.rates)
        return {
            key: named.get(key) or headers.get(key) or f"LM: {named[key.removeprefix('lm_')]}"
            for key in keys
            if not (short and key.startswith("lm_") and key != "lm_total")
        }


def splits_report(workbook: Workbook) -> SplitsReport:
    """Compute the report from validated records."""
    rates = workbook.project.rates
    rows = tuple((p, partner_split(p, rates)) for p in workbook.partners)
    totals = total_split((s for _, s in rows), rates)
    return SplitsReport(rows, totals, workbook.project.available_funding, rates)


def to_json(report: SplitsReport) -> str:
    """docs/workbook.md's contract: one object per partner, amounts as strings with a dot; the
    figures by their keys, then ``categories`` (each category's amount and shares) and
    ``fund`` (the EU fund's name)."""
    rates = report.rates
    items = [
        {
            "code": p.code,
            "name": p.name,
            **{k: format(v, "f") for k, v in s.as_dict(rates).items()},
            "categories": [
                {
                    "key": c.key,
                    "name": c.name,
                    "eligible": c.eligible,
                    "amount": format(s.amounts[c.key], "f"),
                    "lm": format(s.lm[c.key], "f"),
                    "cofinancing": format(s.partner_share(c.key) if c.eligible else ZERO, "f"),
                }
                for c in rates.categories
            ],
            "fund": rates.fund.name,
        }
        for p, s in report.rows
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def to_table(report: SplitsReport) -> str:
    """An aligned table in Latvian format with a totals row and the funding still available."""
    columns = report.columns(short=True)
    head = ["Kods", *columns.values()]
    body = [[p.code, *_amounts(s, report.rates, columns)] for p, s in report.rows]
    foot = ["Kopā", *_amounts(report.totals, report.rates, columns)]
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
    columns = report.columns()
    keys = list(columns)

    def figures(s: Split) -> list[float]:
        values = s.as_dict(report.rates)
        return [float(values[k]) for k in keys]

    rows = [
        ["Kods", "Nosaukums", *columns.values()],
        *([p.code, p.name, *figures(s)] for p, s in report.rows),
        ["Kopā", "", *figures(report.totals)],
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


def _amounts(split: Split, rates: Rates, columns: dict[str, str]) -> list[str]:
    values = split.as_dict(rates)
    return [format_amount(values[k]) for k in columns]


def write_report(report: SplitsReport, fmt: str, path: Path) -> Path:
    """Write the report in one of FORMATS to a file, atomically."""
    if fmt == "xlsx":
        return write_bytes(path, to_xlsx(report))
    text = to_json(report) if fmt == "json" else to_table(report)
    return write_bytes(path, text.encode("utf-8"))
