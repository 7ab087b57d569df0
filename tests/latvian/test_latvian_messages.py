"""The language changes docgen's messages, never what its documents write: amounts in figures and
in words, percentages, dates and declined names are Latvian in either language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from docgen.errors import AmountError, OutputError
from docgen.files import write_bytes
from docgen.latvian import names
from docgen.latvian.formatting import (
    format_amount,
    format_date,
    format_iban,
    format_percent,
    format_period,
    format_share,
)
from docgen.latvian.words import amount_in_words, number_in_words
from docgen.latvian.workdays import holiday_name, why_not_working
from docgen.money import parse_amount
from docgen.workbook.container import ContainerError, check_file


def _written() -> list[str]:
    """What documents write, one of each kind."""
    return [
        format_amount(D("70222.38")),
        format_percent(D("0.85")),
        format_share(D("0.2813")),
        format_date(date(2016, 4, 18)),
        format_date(date(2016, 4, 18), "locative"),
        format_period(date(2016, 4, 18), date(2023, 12, 31)),
        format_iban("LV80BANK0000435195001"),
        amount_in_words(D("316.47")),
        amount_in_words(D("101000.21"), "literary"),
        number_in_words(1_000_000),
        names.person_genitive("Gatis Trukšāns").text,
        names.institution_dative("Jūrmalas valstspilsētas pašvaldība").text,
        names.title_genitive("domes priekšsēdētāja vietnieks").text,
    ]


def test_what_documents_write_does_not_change_with_the_language(monkeypatch) -> None:
    english = _written()
    assert english[:3] == ["70\u00a0222,38", "85\u00a0%", "28,13\u00a0%"]
    assert english[7] == "trīs simti sešpadsmit euro un 47 centi"
    monkeypatch.setenv("DOCGEN_LANG", "lv")
    assert _written() == english


@pytest.mark.parametrize(
    ("call", "english", "latvian"),
    [
        (
            lambda: parse_amount("daudz"),
            "'daudz' is not an amount (write it like 1 234,56)",
            "'daudz' nav summa (rakstiet, piemēram, 1 234,56)",
        ),
        (
            lambda: parse_amount("12,345"),
            "12.345 has a fraction of a cent",
            "summā 12.345 ir centa daļa",
        ),
        (
            lambda: amount_in_words(D("-5.00")),
            "amount -5.00 is negative: an amount in words cannot be below zero",
            "summa -5.00 ir negatīva: vārdiem rakstīta summa nevar būt mazāka par nulli",
        ),
        (
            lambda: amount_in_words(D("1000000000000000.00")),
            "amount 1000000000000000.00 is too large: amounts in words run up to "
            "999 999 999 999 999,99",
            "summa 1000000000000000.00 ir pārāk liela: vārdiem raksta summas līdz "
            "999 999 999 999 999,99",
        ),
        (
            lambda: format_amount("12"),
            "an amount must be a Decimal such as Decimal('70222.38'), not str '12'",
            "summai jābūt Decimal, piemēram, Decimal('70222.38'), nevis str '12'",
        ),
    ],
)
def test_an_amount_error_is_latvian_under_docgen_lang_lv(monkeypatch, call, english, latvian):
    with pytest.raises(AmountError) as raised:
        call()
    assert str(raised.value) == english
    monkeypatch.setenv("DOCGEN_LANG", "lv")
    with pytest.raises(AmountError) as raised:
        call()
    assert str(raised.value) == latvian


def test_a_template_s_wrong_date_case_is_explained_in_latvian(monkeypatch) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "lv")
    with pytest.raises(ValueError) as raised:
        format_date(date(2016, 4, 18), "genetive")
    assert str(raised.value) == (
        "nezināms locījums 'genetive': izmantojiet kādu no šiem: numeric, nominative, genitive, "
        "locative, dative"
    )


def test_a_holiday_is_named_in_the_language_of_the_messages(monkeypatch) -> None:
    assert holiday_name(date(2017, 6, 23)) == "Midsummer Eve"
    assert why_not_working(date(2022, 6, 25)) == "a Saturday"
    monkeypatch.setenv("DOCGEN_LANG", "lv")
    assert holiday_name(date(2017, 6, 23)) == "Līgo diena"
    assert why_not_working(date(2017, 11, 18)) == (
        "svētku diena (Latvijas Republikas Proklamēšanas diena)"
    )
    assert why_not_working(date(2022, 6, 25)) == "sestdiena"
    assert why_not_working(date(2022, 6, 26)) == "svētdiena"
    assert holiday_name(date(2017, 4, 16)) is None  # Easter Sunday: a Sunday, not a day off


def test_why_a_declension_is_unsure_is_said_in_latvian(monkeypatch) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "lv")
    declined = names.person_genitive("Chris Smith")
    assert (declined.text, declined.sure) == ("Chris Smith", False)
    assert declined.reason == (
        "'Chris Smith' izskatās pēc cittautu vārda ('ch'); latviešu galotnes var nederēt; "
        "pārbaudiet ģenitīvu"
    )
    assert names.institution_dative('SIA "Kalni"').reason == (
        "nosaukums pēdiņās (uzņēmums vai biedrība?) pēc locīšanas likumiem netiek locīts; "
        "pārbaudiet datīvu"
    )


def test_an_old_xls_workbook_is_refused_in_latvian(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "partneri.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    monkeypatch.setenv("DOCGEN_LANG", "lv")
    with pytest.raises(ContainerError) as raised:
        check_file(path)
    assert str(raised.value) == (
        "Excel 97–2003 darbgrāmata (.xls) vai ar paroli aizsargāta darbgrāmata; atveriet to "
        "programmā Excel vai LibreOffice un saglabājiet kā .xlsx darbgrāmatu bez paroles"
    )


def test_a_file_that_cannot_be_written_is_said_in_latvian(tmp_path: Path, monkeypatch) -> None:
    blocked = tmp_path / "fails"
    blocked.write_text("not a folder")
    monkeypatch.setenv("DOCGEN_LANG", "lv")
    with pytest.raises(OutputError) as raised:
        write_bytes(blocked / "ligums.docx", b"x")
    assert str(raised.value).startswith(f"{blocked / 'ligums.docx'}: nevar ierakstīt: ")
    assert raised.value.reason  # what the system said, as it said it
