"""Workbooks that lie or break: docgen reads what is really there, or refuses with the place,
never a traceback. Each input is built here, the zip rewritten by hand where openpyxl cannot
make it."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from stdnum import iban

from docgen.workbook import container
from docgen.workbook.reader import validate
from tests.helpers import errors_of, invoke, run, warnings_of


def rewrite(path: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """The workbook with one of its parts changed, written back in place."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[part] = change(parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def sheet_part(path: Path, title: str) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return book[title]._worksheet_path.lstrip("/")
    finally:
        book.close()


# --- The sheet's stated size -------------------------------------------------------------------


def test_a_smaller_stated_dimension_loses_no_row(book) -> None:
    path = book.save()
    part = sheet_part(path, "Maksājumi")

    def shrink(xml: bytes) -> bytes:
        start = xml.index(b'<dimension ref="') + len(b'<dimension ref="')
        end = xml.index(b'"', start)
        return xml[:start] + b"A1:K2" + xml[end:]

    rewrite(path, part, shrink)
    result = validate(path)
    assert result.workbook is not None
    assert len(result.workbook.claims) == 3  # all three, not the one the dimension covers
    assert (
        "warning: Maksājumi: the sheet states its size as A1:K2 but holds rows to 4; every "
        "row was read" in [str(p) for p in result.problems]
    )


# --- Sheets, rows and columns out of sight -------------------------------------------------------


def test_a_hidden_sheet_matching_the_same_name_is_an_error_naming_both(book, tmp_path) -> None:
    path = book.save()
    workbook = openpyxl.load_workbook(path)
    decoy = workbook.copy_worksheet(workbook["Maksājumi"])
    decoy.title = "Maksajumi"
    decoy.sheet_state = "hidden"
    decoy["G2"] = 9.99
    workbook.save(path)
    assert errors_of(path) == [
        "Maksājumi: 'Maksājumi' and 'Maksajumi' (hidden) both match; rename or delete all but one"
    ]


def test_data_in_hidden_rows_and_columns_is_a_warning_with_its_place(book) -> None:
    path = book.save()
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Maksājumi"]
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["I"].hidden = True
    sheet["I2"] = 5
    workbook.save(path)
    warnings = warnings_of(path)
    assert "warning: Maksājumi!3: row 3 is hidden; its data is read" in warnings
    assert "warning: Maksājumi!I: column I is hidden; its data is read" in warnings


def test_a_hidden_sheet_is_read_with_a_warning(book) -> None:
    path = book.save()
    workbook = openpyxl.load_workbook(path)
    workbook["Rādītāji"].sheet_state = "hidden"
    workbook.save(path)
    assert "warning: Rādītāji: the sheet 'Rādītāji' is hidden; it is read like any other" in (
        warnings_of(path)
    )


# --- Size, damage and entities ----------------------------------------------------------------


def test_a_part_that_inflates_above_the_limit_is_refused_before_it_is_read(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(container, "MAX_PART_BYTES", 1_000_000)
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 4_000_000)  # 4 MB of zeros: 4 KB
    assert path.stat().st_size < 50_000
    code, output = run("validate", path)
    assert code == 1
    assert output.splitlines()[0] == (
        f"{path}: its part xl/worksheets/sheet1.xml inflates to 4,000,000 bytes, above the limit "
        "of 1,000,000 bytes for one part; a workbook of partners is far smaller"
    )


def test_all_parts_together_have_a_limit_too(book, monkeypatch) -> None:
    monkeypatch.setattr(container, "MAX_WORKBOOK_BYTES", 1_000)
    (error,) = errors_of(book.save())
    assert "above the limit of 1,000 bytes for a whole workbook" in error


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda xml: xml[: len(xml) // 2], "the sheet's XML is damaged ("),
        (
            lambda xml: xml.replace(
                b"<worksheet",
                b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><worksheet',
                1,
            ),
            "the sheet's XML is damaged (it declares entities, which docgen does not expand)",
        ),
        (
            lambda xml: xml.replace(
                b"<worksheet",
                b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet',
                1,
            ),
            "the sheet's XML is damaged (it declares entities, which docgen does not expand)",
        ),
    ],
    ids=["truncated", "billion laughs", "external entity"],
)
def test_damaged_or_hostile_sheet_xml_is_refused_with_the_sheet(book, change, reason) -> None:
    path = book.save()
    rewrite(path, sheet_part(path, "Partneri"), change)
    code, output = run("validate", path)
    assert code == 1
    assert "Traceback" not in output
    assert output.splitlines()[0].startswith(f"Partneri: {reason}")


def test_an_old_xls_or_a_password_protected_workbook_is_named_as_such(tmp_path) -> None:
    path = tmp_path / "vecs.xlsx"
    path.write_bytes(container.OLE_SIGNATURE + b"\0" * 512)
    code, output = run("validate", path)
    assert code == 1
    assert output.splitlines()[0] == (
        f"{path}: an Excel 97–2003 workbook (.xls) or a password-protected one; open it in Excel "
        "or LibreOffice and save it as an .xlsx workbook without a password"
    )


# --- Text as spreadsheets store it ------------------------------------------------------------


def test_escapes_are_decoded_and_control_characters_refused_with_the_cell(book) -> None:
    book.partners[0]["Adrese"] = "Jomas iela 1/5,_x000A_Jūrmala"  # a stored line break
    book.partners[1]["Adrese"] = "Gaujas iela 33A_x0001_, Ādaži"
    path = book.save()
    assert errors_of(path) == [
        "Partneri!D3 (Adrese): the text holds an invisible control character (U+0001), which a "
        "document cannot print; delete it"
    ]
    book.partners[1]["Adrese"] = "Gaujas iela 33A, Ādaži"
    workbook = validate(book.save()).workbook
    assert workbook.partners[0].address == "Jomas iela 1/5, Jūrmala"


def test_text_is_nfc_normalised(book) -> None:
    book.partners[0]["Nosaukums"] = "Ju\u0304rmalas valstspilse\u0304tas pas\u030cvaldi\u0304ba"
    workbook = validate(book.save()).workbook
    assert workbook.partners[0].name == "Jūrmalas valstspilsētas pašvaldība"


# --- Clearer refusals -------------------------------------------------------------------------


def test_a_required_cell_under_a_merge_says_what_it_is_merged_with(book) -> None:
    path = book.save()
    workbook = openpyxl.load_workbook(path)
    workbook["Maksājumi"].merge_cells("A2:A3")  # JURMALA in A2 over both claims
    workbook.save(path)
    assert errors_of(path) == [
        "Maksājumi!A3 (Kods): merged with A2: un-merge the cells and write the value in each"
    ]


def test_a_missing_sheet_is_one_error_not_one_a_row(book) -> None:
    book.sheets = ("Projekts", "Maksājumi", "Rādītāji")
    errors = errors_of(book.save())
    assert errors == [
        "Partneri: the sheet is missing (the workbook has: Projekts, Maksājumi, Rādītāji)"
    ]


def test_a_missing_partner_column_is_one_error(book) -> None:
    book.headers["Partneri"].remove("IBAN")
    assert errors_of(book.save()) == ["Partneri (IBAN): the column is missing from row 1"]


def test_headers_and_no_partners_is_no_partners_in_every_command(book, tmp_path) -> None:
    book.partners = []
    book.claims = []
    book.progress = []
    path = book.save()
    code, output = run("validate", path)
    assert code == 1
    assert output.splitlines()[0] == "Partneri: no partners: the sheet has no row below its headers"
    for command in ("agreement", "claim", "report", "summary", "batch", "splits"):
        where = ("--out", tmp_path / "out") if command != "splits" else ()
        result = invoke(command, path, *where)
        assert result.exit_code == 1, (command, result.output)
        assert "no partners" in result.output, command
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.docx"))


def test_one_bad_row_does_not_shift_the_automatic_numbers_of_the_others(book) -> None:
    book.partners[0]["IBAN"] = "LV00TREL0000000000001"  # row 2 is bad
    third = dict(book.partners[1], Kods="CESU_NOV", **{"Līguma Nr.": "9.2.1.1/15/I/001/2"})
    account = "TREL0000000000003"
    third.update({"IBAN": "LV" + iban.calc_check_digits("LV00" + account) + account})
    book.partners.append(third)
    # ADAZI (row 3) is still the second partner: its automatic number is …/2, which row 4 uses
    errors = errors_of(book.save())
    assert any(
        "9.2.1.1/15/I/001/2 is already the agreement number of ADAZI (row 3)" in e for e in errors
    ), errors


@pytest.mark.parametrize("written", ["1,000", "21,500", "21.500", " 3.000 "])
def test_an_amount_with_three_decimals_is_ambiguous(book, written) -> None:
    book.partners[0]["Pilotprojekts"] = written
    (error,) = errors_of(book.save())
    assert error.startswith("Partneri!P2 (Pilotprojekts): ")
    assert "is ambiguous" in error


def test_amounts_docgen_can_tell_are_read(book) -> None:
    book.partners[0]["Pilotprojekts"] = "1 000"
    book.partners[1]["Pilotprojekts"] = "10 000,50"
    workbook = validate(book.save()).workbook
    assert [str(p.budget["pilot"]) for p in workbook.partners] == ["1000.00", "10000.50"]


def test_a_rate_below_one_percent_written_with_a_percent_sign_is_a_warning(book) -> None:
    book.project["ESF likme"] = "0,85 %"
    assert warnings_of(book.save()) == [
        "warning: Projekts!B12 (ESF likme): '0,85 %' is less than one percent; if 0,85 % was "
        "meant as a fraction, write 85\u00a0%"
    ]


def test_an_amount_too_large_for_words_is_a_validation_error(book) -> None:
    book.partners[0]["Pilotprojekts"] = "1 000 000 000 000,00"
    assert errors_of(book.save()) == [
        "Partneri!P2 (Pilotprojekts): 1000000000000.00 is above the largest amount docgen reads, "
        "999 999 999 999,99 (the largest its documents write in words)"
    ]


def test_a_date_in_an_amount_cell_is_shown_as_a_date(book) -> None:
    book.claims[0]["Pilotprojekts"] = date(2016, 5, 1)
    assert errors_of(book.save()) == [
        "Maksājumi!G2 (Pilotprojekts): 01.05.2016. is a date, an amount is expected here"
    ]


def test_a_parameter_given_twice_is_an_error_naming_both(book) -> None:
    path = book.save()
    workbook = openpyxl.load_workbook(path)
    workbook["Projekts"].append(["Projekta Nr.", "9.2.1.1/15/I/002"])
    workbook.save(path)
    assert errors_of(path) == [
        "Projekts!B12 (Projekta Nr.): the parameter Projekta Nr. is given twice (also B2); keep one"
    ]


def test_a_missing_parameter_names_the_column_parametrs_is_in(book) -> None:
    path = book.save()
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Projekts"]
    sheet.insert_cols(1)  # Parametrs now in column B, Vērtība in C
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == "Normatīvais akts":
            row[1].value = None
            row[2].value = None
    workbook.save(path)
    assert errors_of(path) == [
        "Projekts (Normatīvais akts): the parameter is missing from column B"
    ]


def test_a_claim_number_below_one_is_said_so(book) -> None:
    book.claims[2]["Nr."] = 0  # ADAZI's only claim
    assert errors_of(book.save()) == [
        "Maksājumi!B4 (Nr.): claim 0 of ADAZI: claims are numbered from 1"
    ]


def test_a_registration_number_not_of_a_municipality_is_a_warning(book) -> None:
    book.partners[1]["Reģistrācijas Nr."] = "40003032065"  # valid, but a company's
    assert warnings_of(book.save()) == [
        "warning: Partneri!C3 (Reģistrācijas Nr.): 40003032065: a municipality's registration "
        "number starts with 9000; check that it is the institution's, not a person's or a "
        "company's"
    ]
