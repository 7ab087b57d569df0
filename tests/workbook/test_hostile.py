"""Workbooks that lie or break: docgen reads what is really there, or refuses with the place,
never a traceback. Each input is built here, the zip rewritten by hand where openpyxl cannot
make it."""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from stdnum import iban

from docgen.workbook import container
from docgen.workbook.reader import _format_character, validate
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


# --- Round three (issue 21) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "column", "value", "place"),
    [
        ("claims", "Līdz", date(9999, 12, 31), "Maksājumi!D2 (Līdz)"),  # its date a default
        ("claims", "Datums", date(9999, 12, 31), "Maksājumi!E2 (Datums)"),
        ("claims", "Datums", "31.12.9999.", "Maksājumi!E2 (Datums)"),
        ("partners", "Beigas", date(1900, 1, 1), "Partneri!O2 (Beigas)"),
    ],
    ids=["period end", "claim date", "claim date as text", "the year 1900"],
)
def test_a_date_beyond_the_years_docgen_works_with_is_an_error_with_its_cell(
    book, tmp_path, sheet, column, value, place
) -> None:
    getattr(book, sheet)[0][column] = value
    path = book.save()
    shown = value if isinstance(value, str) else value.strftime("%d.%m.%Y.")
    errors = errors_of(path)
    assert errors == [
        f"{place}: {shown} is outside the years docgen works with, 2000–2100; check the year"
    ]
    for command, *options in (["validate"], ["claim", "--out", tmp_path / "out"]):
        code, output = run(command, path, *options)
        assert code == 1, (command, output)
        assert "Traceback" not in output and "outside the years" in output, command
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.docx"))


def test_a_deadline_of_working_days_has_a_range(book) -> None:
    book.project["MP termiņš (darbdienas)"] = 3_000_000
    assert errors_of(book.save()) == [
        "Projekts!B12 (MP termiņš (darbdienas)): 3000000 is outside the range of this "
        "parameter, 1 to 250"
    ]
    book.project["MP termiņš (darbdienas)"] = 0
    (error,) = errors_of(book.save())
    assert "0 is outside the range of this parameter, 1 to 250" in error
    book.project["MP termiņš (darbdienas)"] = 250
    assert errors_of(book.save()) == []


@pytest.mark.parametrize("written", ["1" * 5000, "1²", "١٢"])
def test_a_whole_number_docgen_cannot_read_is_an_error_not_a_traceback(book, written) -> None:
    book.claims[0]["Nr."] = written
    (error,) = errors_of(book.save())
    assert error.startswith("Maksājumi!B2 (Nr.): ")
    assert "is not a whole number" in error


def _shared_string_of(path: Path, sheet: str, cell: str, index: bytes) -> Path:
    """The workbook with two shared strings, the text of ``cell`` of ``sheet`` replaced by a
    reference to the string at ``index`` (the test's workbooks write their text inline)."""
    strings = ("Jūrmalas valstspilsētas pašvaldība", "AIS novērtējumu skaits samazināts")
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    table = f'<sst xmlns="{main}" count="2" uniqueCount="2">{items}</sst>'
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/>'
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", table.encode())
    rewrite(
        path,
        "[Content_Types].xml",
        lambda xml: xml.replace(b"</Types>", override.encode() + b"</Types>"),
    )

    def change(xml: bytes) -> bytes:
        start = xml.index(f'<c r="{cell}"'.encode())
        end = xml.index(b"</c>", start) + len(b"</c>")
        return xml[:start] + f'<c r="{cell}" t="s"><v>'.encode() + index + b"</v></c>" + xml[end:]

    return rewrite(path, sheet_part(path, sheet), change)


def test_a_shared_string_is_read_by_its_index(book) -> None:
    path = _shared_string_of(book.save(), "Partneri", "B2", b"1")
    assert validate(path).workbook.partners[0].name == "AIS novērtējumu skaits samazināts"


@pytest.mark.parametrize(
    "index", [b"-1", b"2", b"99999999999", b"abc", b""], ids=["-1", "past", "huge", "nan", "empty"]
)
def test_a_shared_string_index_out_of_range_is_damaged_xml_with_its_cell(book, index) -> None:
    path = _shared_string_of(book.save(), "Partneri", "B2", index)  # JURMALA's name
    code, output = run("validate", path)
    assert code == 1
    assert "Traceback" not in output
    assert output.splitlines()[0] == (
        f"Partneri!B2: the workbook's XML is damaged (the cell refers to shared string "
        f"{index.decode()!r}, which the workbook does not have)"
    )
    assert validate(path).workbook is None


@pytest.mark.parametrize(("kind", "value"), [(b"b", b"2"), (b"n", b"12abc")])
def test_a_boolean_or_a_number_that_is_not_one_is_damaged_xml_with_its_cell(
    book, kind, value
) -> None:
    path = book.save()

    def change(xml: bytes) -> bytes:
        start = xml.index(b'<c r="G2"')  # a claim's pilot costs
        end = xml.index(b"</c>", start) + len(b"</c>")
        return xml[:start] + b'<c r="G2" t="' + kind + b'"><v>' + value + b"</v></c>" + xml[end:]

    rewrite(path, sheet_part(path, "Maksājumi"), change)
    code, output = run("validate", path)
    assert code == 1
    assert "Traceback" not in output
    assert output.splitlines()[0].startswith("Maksājumi!G2: the workbook's XML is damaged (the ")
    assert repr(value.decode()) in output.splitlines()[0]


def test_many_damaged_cells_are_named_up_to_a_limit_and_counted(book) -> None:
    book.claims = [dict(book.claims[0], **{"Nr.": n}) for n in range(1, 31)]
    path = book.save()
    booleans = functools.partial(re.sub, rb'(<c r="G\d+") t="n"><v>\d+', rb'\1 t="b"><v>2')
    rewrite(path, sheet_part(path, "Maksājumi"), booleans)
    errors = errors_of(path)
    assert len(errors) == container.MAX_DAMAGED_CELLS + 1
    assert errors[-1] == "Maksājumi: 20 more cells of the sheet are damaged so"


def test_bidirectional_controls_in_headers_and_parameters_are_refused_once(book) -> None:
    book.rename("IBAN", "IB\u202eAN")  # a header that reads otherwise
    book.project["Projekta Nr.\u2066"] = book.project.pop("Projekta Nr.")  # now the last row
    row = len(book.project) + 1
    assert errors_of(book.save()) == [
        f"Projekts!A{row} (Projekta Nr.): the parameter's name holds an invisible format "
        "character (U+2066), which would make it read otherwise than it is written; delete it",
        "Partneri!J1 (IBAN): the header holds an invisible format character (U+202E), which "
        "would make it read otherwise than it is written; delete it",
    ]


@pytest.mark.parametrize(
    ("sheet", "column", "value"),
    [
        ("project", "Pieejamais finansējums", "1\u200b000,00"),  # a parameter's value
        ("partners", "Pilotprojekts", "1\u2066000"),  # a number as text
        ("claims", "Nr.", "\u202d2"),
        ("partners", "Adrese", "Jomas iela 1/5_x202E_, Jūrmala"),  # stored as an escape
    ],
)
def test_format_characters_in_values_and_numbers_as_text_are_refused(
    book, sheet, column, value
) -> None:
    rows = getattr(book, sheet)
    (rows if isinstance(rows, dict) else rows[0])[column] = value
    (error,) = errors_of(book.save())
    assert f"({column}): the text holds an invisible format character (U+" in error


def test_a_sheet_name_with_a_bidirectional_control_is_refused(book) -> None:
    path = book.save()
    workbook = openpyxl.load_workbook(path)
    workbook["Rādītāji"].title = "Rādī\u202etāji"
    workbook.save(path)
    assert errors_of(path) == [
        "Rādītāji: the sheet's name 'Rādī\\u202etāji' holds an invisible format character "
        "(U+202E), which would make it read otherwise than it is written; rename the sheet"
    ]


@pytest.mark.parametrize(
    "character", ["\u3164", "\u115f", "\ufe0f", "\u034f", "\U000e0041", "\u00ad"]
)
def test_other_invisible_characters_in_names_and_codes_are_refused(book, character) -> None:
    book.partners[0]["Nosaukums"] = f"Jūrmalas{character} valstspilsētas pašvaldība"
    (error,) = errors_of(book.save())
    assert error.startswith("Partneri!B2 (Nosaukums): the text holds an invisible ")
    assert f"(U+{ord(character):04X})" in error


def test_every_format_character_is_found_among_letters() -> None:
    """The reader looks up only the characters that are not letters, digits or spaces: every
    format character (Cf) of this Python's Unicode is found so, first in the text."""
    format_characters = [
        chr(i) for i in range(sys.maxunicode + 1) if unicodedata.category(chr(i)) == "Cf"
    ]
    assert len(format_characters) > 150
    for character in format_characters:
        assert _format_character(f"Jūrmala{character} ā\u200bb") == character


def test_a_message_quotes_at_most_80_characters_of_a_value(book) -> None:
    long = "Ā" * 32_000
    partner = book.partners[0]
    for header in ("Kods", "Reģistrācijas Nr.", "IBAN", "E-pasts", "Līguma datums", "Sākums"):
        partner[header] = long
    partner["Pārstāvības pamats"] = long
    book.partners[1]["Amats"] = long
    book.partners[1]["Nosaukums"] = long
    book.claims[2]["Veids"] = long
    book.claims[2]["Pilotprojekts"] = long
    book.claims[2]["Nr."] = long
    book.project["Vārdu stils"] = long
    book.project["ESF likme"] = long
    book.rename("Pamatojums", "X" * 32_000)  # an extra column's header
    problems = validate(book.save()).problems
    assert len(problems) >= 12, problems
    for problem in problems:
        assert len(str(problem)) < 500, str(problem)[:600]
    assert any("Ā" * 79 + "…" in str(p) for p in problems)


def test_a_partner_whose_row_has_an_error_is_not_reported_again_from_other_sheets(book) -> None:
    book.partners[0]["IBAN"] = "LV00TREL0000000000001"
    book.amendments = [
        {"Kods": "JURMALA", "Nr.": 1, "Datums": date(2018, 3, 1), "Beigas": date(2024, 6, 30)}
    ]
    book.expenses = []
    assert errors_of(book.save()) == [
        "Partneri!J2 (IBAN): LV00TREL0000000000001 is not a valid IBAN (check digits)"
    ]


def test_a_partner_whose_code_cell_is_refused_is_still_known_to_the_other_sheets(book) -> None:
    book.partners[0]["Kods"] = "JURMALA\u200b"  # refused in its cell; the other sheets say JURMALA
    assert errors_of(book.save()) == [
        "Partneri!A2 (Kods): the text holds an invisible format character (U+200B), which would "
        "make it read otherwise than it is written; delete it"
    ]


def test_long_values_that_are_read_are_quoted_shortened_by_the_checks_too(book) -> None:
    long = " ".join(["Pārstāvniecība"] * 2_000)  # 30 000 characters
    for partner in book.partners:
        partner.update(
            {
                "Nosaukums": "Jūrmalas " + long,
                "Pārstāvis": "Gatis " + long,
                "Amats": long,
                "Pārstāvis (ģenitīvā)": None,
                "Pārstāvības pamats": long,
                "Adrese": long,
            }
        )
    book.claims[1]["Datums"] = date(2017, 7, 1)  # a Saturday
    book.claims[1]["Pamatojums"] = long
    book.progress[0]["Piezīmes"] = long
    problems = validate(book.save()).problems
    assert problems
    for problem in problems:
        assert len(str(problem)) < 600, str(problem)[:700]
