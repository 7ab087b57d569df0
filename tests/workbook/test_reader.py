"""Bad input never gives a traceback: each gets its message with its place, and exit 1."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from docgen.workbook import schema
from docgen.workbook.reader import validate
from tests.helpers import SHIPPED_WORKBOOK, errors_of, run


def test_a_valid_workbook_passes(book) -> None:
    code, output = run("validate", book.save())
    assert code == 0
    assert output.endswith(
        "book.xlsx: 2 partners, 3 claims, 3 progress rows read; 0 errors, 0 warnings.\n"
    )


# --- The file and its layout -------------------------------------------------------------


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "partners.xlsx"
    path.write_text("Kods;Nosaukums\n")
    code, output = run("validate", path)
    assert code == 1
    assert (
        f"{path}: not an Excel workbook (.xlsx) that can be read: File is not a zip file" in output
    )
    assert "Traceback" not in output


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run("validate", tmp_path / "nav.xlsx")
    assert code == 2
    assert "Usage: main validate [OPTIONS] [WORKBOOK]" in output
    assert "does not exist" in output


def test_bad_option_is_a_usage_error(book) -> None:
    code, output = run("splits", book.save(), "--format", "pdf")
    assert code == 2
    assert "Invalid value for '--format'" in output


def test_missing_sheet(book) -> None:
    book.sheets = (schema.PROJECT_SHEET, schema.PARTNERS_SHEET, schema.PROGRESS_SHEET)
    assert errors_of(book.save()) == [
        "Maksājumi: the sheet is missing (the workbook has: Projekts, Partneri, Rādītāji)"
    ]


def test_missing_column(book) -> None:
    book.headers[schema.PARTNERS_SHEET].remove("IBAN")
    code, output = run("validate", book.save())
    assert code == 1
    assert "Partneri (IBAN): the column is missing from row 1\n" in output


def test_missing_project_parameter(book) -> None:
    del book.project["Normatīvais akts"]
    assert errors_of(book.save()) == [
        "Projekts (Normatīvais akts): the parameter is missing from column A"
    ]


def test_headers_match_loosely_and_extra_columns_are_ignored(book) -> None:
    headers = book.headers[schema.PARTNERS_SHEET]
    headers[headers.index("Reģistrācijas Nr.")] = "  registracijas nr. "
    headers[headers.index("IBAN")] = "iban"
    for row in book.partners:
        row["  registracijas nr. "] = row.pop("Reģistrācijas Nr.")
        row["iban"] = row.pop("IBAN")
        row["Piezīme lietvedim"] = "=not read"  # an extra column, even a formula-looking one
    result = validate(book.save())
    assert result.ok, result.problems
    assert result.workbook.partners[1].reg_no == "90000043403"


# --- Cells ----------------------------------------------------------------------------


def test_text_where_an_amount_belongs(book) -> None:
    book.partners[0]["Pilotprojekts"] = "tūkstotis"
    assert errors_of(book.save()) == [
        "Partneri!P2 (Pilotprojekts): 'tūkstotis' is not an amount (write it like 1 234,56)"
    ]


def test_text_where_a_date_belongs(book) -> None:
    book.partners[1]["Sākums"] = "18/04/2016"
    assert errors_of(book.save()) == [
        "Partneri!N3 (Sākums): '18/04/2016' is not a date (write it like 18.04.2016.)"
    ]


def test_dates_as_text_are_read(book) -> None:
    book.partners[0]["Sākums"] = "18.04.2016."
    book.partners[1]["Sākums"] = "2016-04-18"
    workbook = validate(book.save()).workbook
    assert [p.start for p in workbook.partners] == [date(2016, 4, 18)] * 2


def test_a_fraction_of_a_cent(book) -> None:
    book.partners[0]["Apmācības un supervīzija"] = 46370.345
    assert errors_of(book.save()) == [
        "Partneri!Q2 (Apmācības un supervīzija): 46370.345 has a fraction of a cent"
    ]


def test_a_negative_amount(book) -> None:
    book.claims[0]["Apmācības un supervīzija"] = -3000
    assert errors_of(book.save()) == [
        "Maksājumi!H2 (Apmācības un supervīzija): -3000.00 is negative"
    ]


def test_an_empty_required_cell(book) -> None:
    book.partners[1]["Adrese"] = "   "
    assert errors_of(book.save()) == ["Partneri!D3 (Adrese): a value is required"]


def test_a_bad_registration_number(book) -> None:
    book.partners[0]["Reģistrācijas Nr."] = "90000056358"
    assert errors_of(book.save()) == [
        "Partneri!C2 (Reģistrācijas Nr.): 90000056358 is not a valid registration number "
        "(check digit)"
    ]


def test_a_bad_iban(book) -> None:
    book.partners[0]["IBAN"] = "LV80BANK000043519500"
    book.partners[1]["IBAN"] = "LV95 TREL 0000 0000 0000 1"
    assert errors_of(book.save()) == [
        "Partneri!J2 (IBAN): LV80BANK000043519500 is not a valid IBAN (check digits)",
        "Partneri!J3 (IBAN): LV95TREL0000000000001 is not a valid IBAN (check digits)",
    ]


def test_a_bad_code(book) -> None:
    book.partners[0]["Kods"] = "../../x"
    book.claims[0]["Kods"] = "../../x"
    problems = errors_of(book.save())
    assert problems[0] == (
        "Partneri!A2 (Kods): '../../x' is not a code: use at most 32 letters A-Z, digits, '_' "
        "or '-' (codes become file names)"
    )


def test_a_formula_with_no_computed_value(book) -> None:
    book.partners[0]["Attiecināmās izmaksas kopā"] = "=P2+Q2"
    assert errors_of(book.save()) == [
        "Partneri!S2 (Attiecināmās izmaksas kopā): the formula =P2+Q2 has no computed value; "
        "open the workbook in Excel or LibreOffice and save it"
    ]


def test_every_problem_is_reported_at_once(book) -> None:
    book.partners[0]["IBAN"] = "LV80BANK000043519500"
    book.partners[1]["Beigas"] = "31.12.2015."
    book.claims[1]["No"] = "kad"
    book.progress[0]["Supervīzijas"] = 2.5
    code, output = run("validate", book.save())
    assert code == 1
    lines = output.splitlines()
    assert lines == [
        "Partneri!J2 (IBAN): LV80BANK000043519500 is not a valid IBAN (check digits)",
        "Maksājumi!C3 (No): 'kad' is not a date (write it like 18.04.2016.)",
        "Rādītāji!E2 (Supervīzijas): 2.5 is not a whole number",
        "Partneri!O3 (Beigas): 31.12.2015. is before Sākums 18.04.2016.",
        "Maksājumi!D4 (Līdz): 31.12.2016. is after the agreement of ADAZI ends "
        "(18.04.2016.–31.12.2015., Partneri row 3)",
        "Rādītāji!C4 (Līdz): 31.12.2016. is after the agreement of ADAZI ends "
        "(18.04.2016.–31.12.2015., Partneri row 3)",
        f"{book.folder / 'book.xlsx'}: 2 partners, 3 claims, 3 progress rows read; "
        "6 errors, 0 warnings.",
    ]


# --- Defaults --------------------------------------------------------------------------


def test_defaults(book) -> None:
    book.project["ESF likme"] = "80 %"
    book.project["Apmācību LM likme"] = "0,6"
    book.partners[1]["Līguma Nr."] = "LM/2016/7"
    del book.partners[0]["Līguma Nr."], book.partners[0]["Līguma datums"]  # a draft
    book.claims.append(
        dict(book.claims[0], **{"Nr.": 3, "No": date(2017, 7, 1), "Līdz": date(2023, 12, 31)})
    )
    book.claims[-1].update({"Pilotprojekts": 0, "Apmācības un supervīzija": 0})
    workbook = validate(book.save()).workbook
    rates = workbook.project.rates
    assert str(rates.fund.rate) == "0.8"
    assert str(rates.category("training").rate) == "0.6"
    assert str(rates.category("pilot").rate) == "1"
    assert [p.agreement_no for p in workbook.partners] == ["9.2.1.1/15/I/001/1", "LM/2016/7"]
    assert workbook.partners[0].agreement_date is None  # not signed yet: cited by number alone
    claims = workbook.claims_of("JURMALA")
    assert [c.kind for c in claims] == ["starpposma", "starpposma", "noslēguma"]
    assert claims[0].date == date(2017, 1, 2)  # the first working day after Līdz (a Saturday)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("85", "'85' is not a rate between 0 % and 100 % (write 85 % or 0,85)"),
        ("daudz", "'daudz' is not a rate (write it like 85 % or 0,85)"),
    ],
)
def test_a_bad_rate(book, written: str, message: str) -> None:
    book.project["ESF likme"] = written
    assert errors_of(book.save()) == [f"Projekts!B12 (ESF likme): {message}"]


def test_the_shipped_workbook_is_valid() -> None:
    code, output = run("validate", SHIPPED_WORKBOOK)
    assert code == 0, output
    assert re.search(
        r"43 partners, \d+ claims, \d+ progress rows, \d+ amendments read; 0 errors, 0 warnings",
        output,
    )


def test_reading_does_not_change_the_file(book) -> None:
    path = book.save()
    before = path.read_bytes()
    validate(path)
    assert path.read_bytes() == before
    assert openpyxl.load_workbook(path).sheetnames[0] == "Projekts"


def test_a_claim_is_dated_by_default_on_the_first_working_day_after_its_period(book) -> None:
    # Wednesday 22 June 2022: Līgo and Jāņi on Thursday and Friday, then a weekend.
    book.partners[0]["Beigas"] = date(2023, 12, 31)
    book.claims.append(
        {
            "Kods": "JURMALA",
            "Nr.": 3,
            "No": date(2017, 7, 1),
            "Līdz": date(2022, 6, 22),
            "Pilotprojekts": 0,
            "Apmācības un supervīzija": 0,
        }
    )
    workbook = validate(book.save()).workbook
    assert workbook.claims_of("JURMALA")[2].date == date(2022, 6, 27)


def test_the_garbage_collector_is_as_it_was_after_reading_even_from_threads(
    book, monkeypatch
) -> None:
    """While a workbook is read the collector runs rarely (GC_THRESHOLD); after the last of
    several readings at once, in threads, its thresholds are the ones from before."""
    import gc
    from concurrent.futures import ThreadPoolExecutor

    from docgen.workbook import reader

    path = book.save()
    before = gc.get_threshold()
    seen: list[int] = []
    original = reader._Reader.open

    def open_and_look(self):  # inside validate: the collector's threshold there
        seen.append(gc.get_threshold()[0])
        return original(self)

    monkeypatch.setattr(reader._Reader, "open", open_and_look)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(validate, [path] * 8))
    assert all(r.ok for r in results)
    assert len(seen) == 8 and all(threshold >= reader.GC_THRESHOLD for threshold in seen)
    assert gc.get_threshold() == before
