"""The workbook's problems in Latvian under DOCGEN_LANG=lv, and the same problems in English
without it: places, sheet and column names, amounts and dates stay as they are, only the words
around them change."""

from __future__ import annotations

from datetime import date

import pytest

from docgen.errors import WorkbookError
from docgen.workbook import schema
from docgen.workbook.container import grouped
from docgen.workbook.reader import load, validate
from tests.helpers import run


def _missing_sheet(book) -> None:
    book.sheets = (schema.PROJECT_SHEET, schema.PARTNERS_SHEET, schema.PROGRESS_SHEET)


def _no_iban(book) -> None:
    book.partners[0]["IBAN"] = None


def _bad_iban(book) -> None:
    book.partners[0]["IBAN"] = "LV95TREL0000000000001"  # the check digits of ...001 are 94


def _not_an_amount(book) -> None:
    book.partners[0]["Pilotprojekts"] = "daudz"


def _claim_before_the_agreement(book) -> None:
    book.claims[0]["No"] = date(2016, 1, 1)


def _claims_overlap(book) -> None:
    book.claims[1]["No"] = date(2016, 12, 31)


def _above_the_budget(book) -> None:
    book.claims[1]["Pilotprojekts"] = 700  # 400 + 700 of the agreed 1 000,00


def _documents_a_cent_short(book) -> None:
    row = {"Kods": "JURMALA", "MP Nr.": 1, "Dokuments": "Rēķins Nr. 1", "Saņēmējs": "SIA A"}
    row["Datums"] = date(2016, 5, 2)
    book.expenses = [
        {**row, "Kategorija": "Pilotprojekts", "Summa": "399,99"},
        {**row, "Kategorija": "Apmācības un supervīzija", "Summa": 3000},
    ]


PROBLEMS = [
    (
        _missing_sheet,
        "Maksājumi: the sheet is missing (the workbook has: Projekts, Partneri, Rādītāji)",
        "Maksājumi: lapas nav (darbgrāmatā ir: Projekts, Partneri, Rādītāji)",
    ),
    (
        _no_iban,
        "Partneri!J2 (IBAN): a value is required",
        "Partneri!J2 (IBAN): vērtība ir obligāta",
    ),
    (
        _bad_iban,
        "Partneri!J2 (IBAN): LV95TREL0000000000001 is not a valid IBAN (check digits)",
        "Partneri!J2 (IBAN): LV95TREL0000000000001 nav derīgs IBAN (kontrolcipari)",
    ),
    (
        _not_an_amount,
        "Partneri!P2 (Pilotprojekts): 'daudz' is not an amount (write it like 1 234,56)",
        "Partneri!P2 (Pilotprojekts): 'daudz' nav summa (rakstiet, piemēram, 1 234,56)",
    ),
    (
        _claim_before_the_agreement,
        "Maksājumi!C2 (No): 01.01.2016. is before the agreement of JURMALA starts "
        "(18.04.2016.–31.12.2023., Partneri row 2)",
        "Maksājumi!C2 (No): 01.01.2016. ir pirms partnera JURMALA līguma sākuma "
        "(18.04.2016.–31.12.2023., lapas Partneri 2. rinda)",
    ),
    (
        _claims_overlap,
        "Maksājumi!C3 (No): claim 2 of JURMALA (31.12.2016.–30.06.2017.) overlaps claim 1 of "
        "JURMALA (18.04.2016.–31.12.2016., row 2)",
        "Maksājumi!C3 (No): partnera JURMALA maksājuma pieprasījuma Nr. 2 periods "
        "(31.12.2016.–30.06.2017.) pārklājas ar partnera JURMALA maksājuma pieprasījuma Nr. 1 "
        "periodu (18.04.2016.–31.12.2016., 2. rinda)",
    ),
    (
        _above_the_budget,
        "Maksājumi!G3 (Pilotprojekts): claims 1–2 of JURMALA add up to 1\u00a0100,00 of "
        "Pilotprojekts, above the agreed 1\u00a0000,00 (Partneri row 2) by 100,00",
        "Maksājumi!G3 (Pilotprojekts): partnera JURMALA maksājuma pieprasījumos Nr. 1–2 izmaksu "
        "kategorijā Pilotprojekts kopā ir 1\u00a0100,00, kas par 100,00 pārsniedz līgumā noteikto "
        "summu 1\u00a0000,00 (lapas Partneri 2. rinda)",
    ),
    (
        _documents_a_cent_short,
        "Maksājumi!G2 (Pilotprojekts): the supporting documents of claim 1 of JURMALA in "
        "Izdevumi add up to 399,99 of Pilotprojekts, 0,01 less than the claimed 400,00",
        "Maksājumi!G2 (Pilotprojekts): partnera JURMALA maksājuma pieprasījuma Nr. 1 izdevumus "
        "apliecinošie dokumenti lapā Izdevumi izmaksu kategorijā Pilotprojekts kopā ir 399,99, "
        "kas ir par 0,01 mazāk nekā pieprasītās izmaksas 400,00",
    ),
]


@pytest.mark.parametrize(
    ("change", "english", "latvian"), PROBLEMS, ids=[p[0].__name__ for p in PROBLEMS]
)
def test_a_problem_is_latvian_under_docgen_lang_lv_and_english_without(
    book, monkeypatch, change, english, latvian
) -> None:
    change(book)
    path = book.save()
    assert [str(p) for p in validate(path).errors] == [english]
    monkeypatch.setenv("DOCGEN_LANG", "lv")
    assert [str(p) for p in validate(path).errors] == [latvian]


def test_lang_lv_in_the_environment_as_gettext_reads_it(book, monkeypatch) -> None:
    _no_iban(book)
    path = book.save()
    monkeypatch.delenv("DOCGEN_LANG")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "lv_LV.UTF-8")
    assert [str(p) for p in validate(path).errors] == ["Partneri!J2 (IBAN): vērtība ir obligāta"]
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert [str(p) for p in validate(path).errors] == ["Partneri!J2 (IBAN): a value is required"]


def test_warnings_in_latvian_name_the_holiday_and_count_the_working_days(book, monkeypatch) -> None:
    book.claims[0]["Datums"] = date(2017, 6, 23)  # Līgo diena, and after the deadline
    book.project["MP termiņš (darbdienas)"] = 21  # a Latvian plural's singular: 21 darbdiena
    monkeypatch.setenv("DOCGEN_LANG", "lv")
    assert [str(p) for p in validate(book.save()).warnings] == [
        "brīdinājums: Maksājumi!E2 (Datums): partnera JURMALA maksājuma pieprasījums Nr. 1 "
        "datēts 23.06.2017., kas ir svētku diena (Līgo diena): datējiet to darbdienā",
        "brīdinājums: Maksājumi!E2 (Datums): partnera JURMALA maksājuma pieprasījums Nr. 1 "
        "datēts 23.06.2017., pēc iesniegšanas termiņa 30.01.2017. (21 darbdiena pēc "
        "31.12.2016.)",
    ]


@pytest.mark.parametrize(
    ("days", "latvian"),
    [(20, "20 darbdienu pēc"), (21, "21 darbdiena pēc"), (22, "22 darbdienas pēc")],
)
def test_the_deadline_takes_latvian_plural_forms(book, monkeypatch, days, latvian) -> None:
    book.project["MP termiņš (darbdienas)"] = days
    book.claims[1]["Datums"] = date(2017, 9, 1)
    monkeypatch.setenv("DOCGEN_LANG", "lv")
    (warning,) = [str(p) for p in validate(book.save()).warnings]
    assert f"({latvian} 30.06.2017.)" in warning


def test_an_unsure_declension_is_explained_in_latvian(book, monkeypatch) -> None:
    book.partners[0]["Pārstāvis (ģenitīvā)"] = None  # Truksnis: Truksņa or Trukšņa?
    monkeypatch.setenv("DOCGEN_LANG", "lv")
    assert [str(p) for p in validate(book.save()).warnings] == [
        "brīdinājums: Partneri, 2. rinda (Pārstāvis, JURMALA): izlocīts kā 'Gatis Truksnis', "
        "bet locījums nav drošs: vārda 'Truksnis' ģenitīvs var būt Trukšņa vai Truksņa; "
        "pārbaudiet ģenitīvu; ierakstiet pareizo formu kolonnā Pārstāvis (ģenitīvā)"
    ]


def test_the_summary_counts_with_latvian_plurals(book, monkeypatch) -> None:
    for partner in book.partners:
        partner["IBAN"] = None
    book.claims[0]["Datums"] = date(2017, 1, 7)  # a Saturday: a warning
    path = book.save()
    english = validate(path)
    assert english.summary() == (
        f"{path}: 2 partners, 3 claims, 3 progress rows read; 2 errors, 0 warnings."
    )
    monkeypatch.setenv("DOCGEN_LANG", "lv")
    latvian = validate(path)
    assert latvian.summary() == (
        f"{path}: nolasīts – 2 partneri, 3 maksājuma pieprasījumi, 3 rādītāju rindas; "
        "2 kļūdas, 0 brīdinājumu."
    )
    with pytest.raises(WorkbookError) as raised:
        load(path)
    assert str(raised.value).splitlines()[-1] == "2 kļūdas darbgrāmatā."


def test_one_of_each_in_the_summary_is_singular(book, monkeypatch) -> None:
    book.partners = book.partners[:1]
    book.claims = book.claims[:1]
    book.progress = book.progress[:1]
    book.claims[0]["Datums"] = date(2017, 1, 7)  # a Saturday: one warning
    book.amendments = [{"Kods": "JURMALA", "Nr.": 1, "Datums": date(2017, 3, 1), "Beigas": None}]
    book.amendments[0]["Pilotprojekts"] = 2000
    path = book.save()
    assert validate(path).summary() == (
        f"{path}: 1 partner, 1 claim, 1 progress row, 1 amendment read; 0 errors, 1 warning."
    )
    monkeypatch.setenv("DOCGEN_LANG", "lv")
    assert validate(path).summary() == (
        f"{path}: nolasīts – 1 partneris, 1 maksājuma pieprasījums, 1 rādītāju rinda, "
        "1 vienošanās par grozījumiem; 0 kļūdu, 1 brīdinājums."
    )


def test_the_command_prints_the_workbook_s_problems_in_latvian_under_lang_lv(
    book, monkeypatch
) -> None:
    _bad_iban(book)
    path = book.save()
    monkeypatch.delenv("DOCGEN_LANG")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "lv_LV.UTF-8")
    code, output = run("validate", path)
    assert code == 1
    assert "Partneri!J2 (IBAN): LV95TREL0000000000001 nav derīgs IBAN (kontrolcipari)" in output
    assert "1 kļūda" in output


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "50,000,000"), ("lv", "50\u00a0000\u00a0000")]
)
def test_a_count_in_a_message_is_grouped_as_the_language_groups_it(
    monkeypatch, lang, expected
) -> None:
    monkeypatch.setenv("DOCGEN_LANG", lang)
    assert grouped(50_000_000) == expected
