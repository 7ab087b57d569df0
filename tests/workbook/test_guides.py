"""The workbook docgen init writes helps in Excel: a note on every header, and Excel's rules
(data validation, as openpyxl reads them) on the columns, down to the rows staff add."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation

from docgen import sample_esf_plus as esf_plus
from docgen.workbook import schema
from docgen.workbook.guides import AMOUNT_FORMULA, LAST_ROW, NOTES
from docgen.workbook.reader import PARSERS
from tests.helpers import run

EXAMPLES = ("9.2.1.1", "esf-plus")
TABLES = (
    schema.PARTNERS_SHEET,
    schema.CLAIMS_SHEET,
    schema.PROGRESS_SHEET,
    schema.AMENDMENTS_SHEET,
    schema.EXPENSES_SHEET,
    schema.CATEGORIES_SHEET,
    schema.INDICATORS_SHEET,
)


@pytest.fixture(scope="module", params=EXAMPLES)
def written(request, tmp_path_factory) -> openpyxl.Workbook:
    """The example as docgen init writes it, read back from its file."""
    folder = tmp_path_factory.mktemp(request.param)
    code, output = run("init", folder, "--example", request.param)
    assert code == 0, output
    return openpyxl.load_workbook(folder / "inputs" / "partners.xlsx")


def _rules(sheet) -> list[DataValidation]:
    return list(sheet.data_validations.dataValidation)


def _rule_of(sheet, letter: str) -> DataValidation | None:
    """The rule on a column from row 2 to Excel's last row, which must be the only one on it."""
    found = [r for r in _rules(sheet) if f"{letter}2:{letter}{LAST_ROW}" in str(r.sqref).split()]
    assert len(found) <= 1, (sheet.title, letter)
    return found[0] if found else None


def _header(sheet, header: str):
    (cell,) = [c for c in sheet[1] if c.value == header]
    return cell


def _columns(sheet) -> dict[str, schema.Column]:
    """header -> column, for the sheet's columns as the example wrote them."""
    if schema.CATEGORIES_SHEET in sheet.parent.sheetnames:
        tables = schema.table_sheets(esf_plus.RATES, esf_plus.INDICATORS, True, True)
    else:
        tables = schema.TABLE_SHEETS
    known = {c.header: c for c in tables.get(sheet.title, ())}
    known.update({c.header: c for c in schema.SHAPE_SHEETS.get(sheet.title, ())})
    return known


def test_every_header_has_a_note_saying_what_it_holds_with_an_example(written) -> None:
    sheets = [s for s in written.worksheets if s.title in TABLES]
    assert schema.PARTNERS_SHEET in [s.title for s in sheets]
    for sheet in [*sheets, written[schema.PROJECT_SHEET]]:
        for cell in sheet[1]:
            note = cell.comment.text
            what, required, example = note.split("\n")
            assert what.endswith(".") and len(what) > 10, (sheet.title, cell.value, note)
            assert required in ("Jāaizpilda.", "Var atstāt tukšu.") or required.startswith(
                "Jāaizpilda, ja nav aizpildīta kolonna „Avanss”"
            )
            assert example.startswith("Piemērs: ")
    for row in written[schema.PROJECT_SHEET].iter_rows(min_row=2, max_col=1):
        assert "\nPiemērs: " in row[0].comment.text, row[0].value


def test_the_notes_examples_are_values_docgen_reads() -> None:
    """An example docgen would refuse would teach the wrong thing."""
    kinds = {
        (name, c.key.partition(":")[0]): c.kind
        for name, columns in [
            *schema.TABLE_SHEETS.items(),
            *schema.SHAPE_SHEETS.items(),
            (schema.PROJECT_SHEET, schema.PROJECT_ROWS),
        ]
        for c in columns
    }
    checked = 0
    for sheet, notes in NOTES.items():
        for key, (_what, example) in notes.items():
            kind = kinds.get((sheet, key), "text")
            PARSERS[kind](example)
            checked += kind != "text"
    assert checked > 30


def test_the_claims_kind_is_a_dropdown_that_refuses_another_word(written) -> None:
    sheet = written[schema.CLAIMS_SHEET]
    rule = _rule_of(sheet, _header(sheet, "Veids").column_letter)

    assert rule.type == "list"
    assert rule.showErrorMessage is True
    assert rule.errorStyle == "stop"
    assert rule.allow_blank is True
    allowed = rule.formula1.strip('"').split(",")
    assert allowed == ["avansa", "starpposma", "noslēguma"]
    assert "avanss" not in allowed
    # the rows below the example's claims are covered too
    assert sheet.max_row + 1 < LAST_ROW


def test_every_sheet_that_names_a_partner_offers_the_partners_codes(written) -> None:
    partners = written[schema.PARTNERS_SHEET]
    codes = _header(partners, "Kods").column_letter
    assert codes == "A"
    naming = [s for s in written.worksheets if s.title != partners.title and s["A1"].value]
    for sheet in naming:
        if "Kods" not in [c.value for c in sheet[1]]:
            continue
        rule = _rule_of(sheet, _header(sheet, "Kods").column_letter)
        assert rule.type == "list" and rule.showErrorMessage, sheet.title
        assert "'Partneri'!$A$2" in rule.formula1 and "'Partneri'!$A:$A" in rule.formula1
    assert {s.title for s in naming} >= {schema.CLAIMS_SHEET, schema.PROGRESS_SHEET}
    # on Partneri itself: 1-32 characters
    rule = _rule_of(partners, codes)
    assert (rule.type, rule.operator, rule.formula1, rule.formula2) == (
        "textLength",
        "between",
        "1",
        "32",
    )


def test_dates_amounts_and_counts_are_constrained_to_what_docgen_reads(written) -> None:
    first, last = to_excel(date(2000, 1, 1)), to_excel(date(2100, 12, 31))
    seen = set()
    for sheet in written.worksheets:
        columns = _columns(sheet)
        for cell in sheet[1]:
            column = columns.get(cell.value)
            if column is None or column.kind not in ("date", "amount", "count"):
                continue
            rule = _rule_of(sheet, cell.column_letter)
            assert rule is not None and rule.showErrorMessage, (sheet.title, cell.value)
            seen.add(column.kind)
            if column.kind == "date":
                assert (rule.type, rule.operator) == ("date", "between")
                assert (float(rule.formula1), float(rule.formula2)) == (first, last)
            elif column.kind == "amount":
                assert rule.type == "custom"
                assert rule.formula1 == AMOUNT_FORMULA.format(cell=f"{cell.column_letter}2")
                assert f"ROUND({cell.column_letter}2,2)={cell.column_letter}2" in rule.formula1
                assert f"{cell.column_letter}2>=0" in rule.formula1
            else:
                assert (rule.type, rule.formula1, rule.formula2) == ("whole", "0", "999999999")
    assert seen == {"date", "amount", "count"}


def test_the_project_sheets_values_have_their_rules(written) -> None:
    sheet = written[schema.PROJECT_SHEET]
    rules = {str(r.sqref): r for r in _rules(sheet)}
    row = {c.value: c.row for c in sheet["A"]}
    deadline = rules[f"B{row['MP termiņš (darbdienas)']}"]
    assert (deadline.type, deadline.formula1, deadline.formula2) == ("whole", "1", "250")
    style = rules[f"B{row['Vārdu stils']}"]
    assert style.formula1 == '"grāmatvedības,literārais"'
    assert rules[f"B{row['Attiecināmības beigas']}"].type == "date"
    assert rules[f"B{row['Pieejamais finansējums']}"].type == "custom"


def _allows(rule: DataValidation, value: object, codes: list[str]) -> bool:
    """Whether Excel's rule lets ``value`` in, as the rules docgen writes are meant."""
    if value is None:
        return bool(rule.allow_blank)
    if rule.type == "list":
        allowed = codes if "Partneri" in rule.formula1 else rule.formula1.strip('"').split(",")
        return value in allowed
    if rule.type == "date":
        return isinstance(value, datetime) and (
            float(rule.formula1) <= to_excel(value) <= float(rule.formula2)
        )
    if rule.type == "whole":
        return isinstance(value, int) and int(rule.formula1) <= value <= int(rule.formula2)
    if rule.type == "textLength":
        return int(rule.formula1) <= len(str(value)) <= int(rule.formula2)
    assert rule.type == "custom"
    return isinstance(value, int | float) and value >= 0 and round(value, 2) == value


def test_the_examples_own_values_keep_every_rule(written) -> None:
    codes = [c.value for c in written[schema.PARTNERS_SHEET]["A"][1:]]
    checked = 0
    for sheet in written.worksheets:
        for rule in _rules(sheet):
            for cells in rule.sqref.ranges:
                last = min(cells.max_row, sheet.max_row)
                for row in sheet.iter_rows(cells.min_row, last, cells.min_col, cells.max_col):
                    for cell in row:
                        assert _allows(rule, cell.value, codes), (sheet.title, cell.coordinate)
                        checked += cell.value is not None
    assert checked > 500


def test_the_rules_refuse_what_docgen_refuses(written) -> None:
    codes = [c.value for c in written[schema.PARTNERS_SHEET]["A"][1:]]
    claims = written[schema.CLAIMS_SHEET]
    kind, start, number = (
        _rule_of(claims, _header(claims, h).column_letter) for h in ("Veids", "No", "Nr.")
    )
    columns = _columns(claims)
    (first_cost, *_others) = [c for c in claims[1] if columns[c.value].key.startswith("cost:")]
    cost = _rule_of(claims, first_cost.column_letter)
    code = _rule_of(claims, "A")
    assert not _allows(kind, "avanss", codes)
    assert not _allows(start, datetime(1999, 12, 31), codes)
    assert not _allows(start, datetime(2101, 1, 1), codes)
    assert _allows(start, datetime(2016, 4, 18), codes)
    assert not _allows(number, -1, codes)
    assert not _allows(cost, 46370.345, codes)
    assert not _allows(cost, -0.01, codes)
    assert not _allows(code, "riga", codes)
    assert _allows(code, "RIGA", codes) == ("RIGA" in codes)
