"""Figures, percentages, dates and IBANs in Latvian (docgen.latvian.formatting), as the rules
(docs/rules.md) write them.

Expected strings spell the NO-BREAK SPACE as "\u00a0" so that it cannot pass for a plain space.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, localcontext

import pytest
from babel.dates import format_date as babel_format_date
from hypothesis import given
from hypothesis import strategies as st

from docgen.errors import AmountError
from docgen.latvian.formatting import (
    format_amount,
    format_date,
    format_day_of_year,
    format_iban,
    format_percent,
    format_period,
    format_share,
)
from docgen.money import fraction

# --- amounts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        # below a thousand: no grouping
        ("0", "0,00"),
        ("0.00", "0,00"),
        ("0.05", "0,05"),
        ("5", "5,00"),
        ("12.5", "12,50"),
        ("999.99", "999,99"),
        # four digits are grouped too
        ("1000", "1\u00a0000,00"),
        ("3662.56", "3\u00a0662,56"),
        ("9999.99", "9\u00a0999,99"),
        # five and six digits
        ("10000.01", "10\u00a0000,01"),
        ("70222.38", "70\u00a0222,38"),
        ("316470.00", "316\u00a0470,00"),
        # seven digits and more
        ("7247622", "7\u00a0247\u00a0622,00"),
        ("1000000.10", "1\u00a0000\u00a0000,10"),
        ("999999999999.99", "999\u00a0999\u00a0999\u00a0999,99"),
        # negative
        ("-0.01", "-0,01"),
        ("-1234.5", "-1\u00a0234,50"),
        ("-7247622.00", "-7\u00a0247\u00a0622,00"),
        # the same value however the Decimal is written
        ("1E+3", "1\u00a0000,00"),
        ("1.2300", "1,23"),
        ("-0.00", "0,00"),
    ],
)
def test_format_amount(amount, expected):
    assert format_amount(Decimal(amount)) == expected


def test_format_amount_ignores_a_low_decimal_precision():
    with localcontext() as context:
        context.prec = 3
        assert format_amount(Decimal("123456.78")) == "123\u00a0456,78"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("0.005"), "amount 0.005 has a fraction of a cent"),
        (Decimal("70222.385"), "amount 70222.385 has a fraction of a cent"),
        (Decimal("NaN"), "Decimal('NaN') is not an amount"),
        (Decimal("-Infinity"), "Decimal('-Infinity') is not an amount"),
        (70222.38, "must be a Decimal such as Decimal('70222.38'), not float 70222.38"),
        (70222, "must be a Decimal such as Decimal('70222.38'), not int 70222"),
        ("70222.38", "must be a Decimal such as Decimal('70222.38'), not str '70222.38'"),
    ],
)
def test_format_amount_rejects(amount, message):
    with pytest.raises(AmountError, match=re.escape(message)):
        format_amount(amount)


_GROUPED = re.compile(r"-?(0|[1-9]\d{0,2}(\u00a0\d{3})*),\d\d")


@given(
    st.decimals(
        min_value=Decimal("-999999999999.99"),
        max_value=Decimal("999999999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_format_amount_groups_by_threes_and_reads_back(amount):
    text = format_amount(amount)
    assert _GROUPED.fullmatch(text), text
    assert Decimal(text.replace("\u00a0", "").replace(",", ".")) == amount


# --- percentages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        # the measure's rates
        ("0.85", "85\u00a0%"),
        ("0.15", "15\u00a0%"),
        ("0.7", "70\u00a0%"),
        ("0.3", "30\u00a0%"),
        ("1", "100\u00a0%"),
        ("0", "0\u00a0%"),
        # decimals as the rate has them, no trailing zeros
        ("0.125", "12,5\u00a0%"),
        ("0.8532", "85,32\u00a0%"),
        ("0.001", "0,1\u00a0%"),
        ("0.123456789", "12,3456789\u00a0%"),
        ("0.70", "70\u00a0%"),
        ("0.8500", "85\u00a0%"),
        ("1.00", "100\u00a0%"),
        ("1E-2", "1\u00a0%"),
        # above 100 %, grouped like an amount; and negative
        ("1.5", "150\u00a0%"),
        ("12", "1\u00a0200\u00a0%"),
        ("-0.05", "-5\u00a0%"),
        ("-0", "0\u00a0%"),
    ],
)
def test_format_percent(rate, expected):
    assert format_percent(Decimal(rate)) == expected


def test_format_percent_rejects_a_float():
    message = "a rate must be a Decimal such as Decimal('0.85'), not 0.85"
    with pytest.raises(TypeError, match=re.escape(message)):
        format_percent(0.85)


def test_format_percent_rejects_nan():
    with pytest.raises(ValueError, match=re.escape("Decimal('NaN') is not a rate")):
        format_percent(Decimal("NaN"))


# --- computed shares: two decimals, rounded half up --------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (9, 32, "28,13\u00a0%"),  # 28,125 %: half up, where Python's round() gives 28,12
        (1, 4, "25,00\u00a0%"),  # always two decimals, beside "29,17 %"
        (7, 24, "29,17\u00a0%"),
        (1, 1, "100,00\u00a0%"),
        (0, 5, "0,00\u00a0%"),
        (1, 3, "33,33\u00a0%"),
        (2, 3, "66,67\u00a0%"),
        (1, 800, "0,13\u00a0%"),  # 0,125 % → 0,13 %
        (3, 2, "150,00\u00a0%"),
        (Decimal("3000.00"), Decimal("10000.01"), "30,00\u00a0%"),
    ],
)
def test_a_computed_share_has_two_decimals_rounded_half_up(part, whole, expected):
    assert format_share(fraction(Decimal(part), Decimal(whole))) == expected


def test_a_share_of_nothing_is_none_and_a_share_must_be_a_decimal():
    assert fraction(Decimal(5), Decimal(0)) is None
    with pytest.raises(TypeError):
        format_share(0.25)


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2016, 4, 18), "18.04.2016."),
        (date(2020, 1, 1), "01.01.2020."),
        (date(2023, 12, 31), "31.12.2023."),
        (datetime(2021, 7, 1, 14, 30), "01.07.2021."),
    ],
)
def test_format_date_numeric(d, expected):
    assert format_date(d) == expected
    assert format_date(d, "numeric") == expected


@pytest.mark.parametrize(
    ("d", "case", "expected"),
    [
        # docs/rules.md's examples
        (date(2016, 4, 18), "locative", "2016. gada 18. aprīlī"),
        (date(2015, 4, 14), "genitive", "2015. gada 14. aprīļa"),
        (date(2023, 12, 31), "dative", "2023. gada 31. decembrim"),
        # every month in every case: docs/rules.md's 48 forms
        # janvāris
        (date(2016, 1, 1), "nominative", "2016. gada 1. janvāris"),
        (date(2016, 1, 1), "genitive", "2016. gada 1. janvāra"),
        (date(2016, 1, 1), "locative", "2016. gada 1. janvārī"),
        (date(2016, 1, 1), "dative", "2016. gada 1. janvārim"),
        # februāris
        (date(2017, 2, 9), "nominative", "2017. gada 9. februāris"),
        (date(2017, 2, 9), "genitive", "2017. gada 9. februāra"),
        (date(2017, 2, 9), "locative", "2017. gada 9. februārī"),
        (date(2017, 2, 9), "dative", "2017. gada 9. februārim"),
        # marts
        (date(2018, 3, 10), "nominative", "2018. gada 10. marts"),
        (date(2018, 3, 10), "genitive", "2018. gada 10. marta"),
        (date(2018, 3, 10), "locative", "2018. gada 10. martā"),
        (date(2018, 3, 10), "dative", "2018. gada 10. martam"),
        # aprīlis
        (date(2019, 4, 18), "nominative", "2019. gada 18. aprīlis"),
        (date(2019, 4, 18), "genitive", "2019. gada 18. aprīļa"),
        (date(2019, 4, 18), "locative", "2019. gada 18. aprīlī"),
        (date(2019, 4, 18), "dative", "2019. gada 18. aprīlim"),
        # maijs
        (date(2020, 5, 31), "nominative", "2020. gada 31. maijs"),
        (date(2020, 5, 31), "genitive", "2020. gada 31. maija"),
        (date(2020, 5, 31), "locative", "2020. gada 31. maijā"),
        (date(2020, 5, 31), "dative", "2020. gada 31. maijam"),
        # jūnijs
        (date(2021, 6, 2), "nominative", "2021. gada 2. jūnijs"),
        (date(2021, 6, 2), "genitive", "2021. gada 2. jūnija"),
        (date(2021, 6, 2), "locative", "2021. gada 2. jūnijā"),
        (date(2021, 6, 2), "dative", "2021. gada 2. jūnijam"),
        # jūlijs
        (date(2022, 7, 15), "nominative", "2022. gada 15. jūlijs"),
        (date(2022, 7, 15), "genitive", "2022. gada 15. jūlija"),
        (date(2022, 7, 15), "locative", "2022. gada 15. jūlijā"),
        (date(2022, 7, 15), "dative", "2022. gada 15. jūlijam"),
        # augusts
        (date(2023, 8, 31), "nominative", "2023. gada 31. augusts"),
        (date(2023, 8, 31), "genitive", "2023. gada 31. augusta"),
        (date(2023, 8, 31), "locative", "2023. gada 31. augustā"),
        (date(2023, 8, 31), "dative", "2023. gada 31. augustam"),
        # septembris
        (date(2016, 9, 30), "nominative", "2016. gada 30. septembris"),
        (date(2016, 9, 30), "genitive", "2016. gada 30. septembra"),
        (date(2016, 9, 30), "locative", "2016. gada 30. septembrī"),
        (date(2016, 9, 30), "dative", "2016. gada 30. septembrim"),
        # oktobris
        (date(2019, 10, 1), "nominative", "2019. gada 1. oktobris"),
        (date(2019, 10, 1), "genitive", "2019. gada 1. oktobra"),
        (date(2019, 10, 1), "locative", "2019. gada 1. oktobrī"),
        (date(2019, 10, 1), "dative", "2019. gada 1. oktobrim"),
        # novembris
        (date(2020, 11, 28), "nominative", "2020. gada 28. novembris"),
        (date(2020, 11, 28), "genitive", "2020. gada 28. novembra"),
        (date(2020, 11, 28), "locative", "2020. gada 28. novembrī"),
        (date(2020, 11, 28), "dative", "2020. gada 28. novembrim"),
        # decembris
        (date(2023, 12, 31), "nominative", "2023. gada 31. decembris"),
        (date(2023, 12, 31), "genitive", "2023. gada 31. decembra"),
        (date(2023, 12, 31), "locative", "2023. gada 31. decembrī"),
        (date(2023, 12, 31), "dative", "2023. gada 31. decembrim"),
    ],
)
def test_format_date_in_words(d, case, expected):
    assert format_date(d, case) == expected


@pytest.mark.parametrize("month", range(1, 13))
def test_nominative_months_agree_with_babel(month):
    # Babel's lv locale has the nominative only; the table's nominative must match it.
    d = date(2020, month, 1)
    assert format_date(d, "nominative") == "2020. gada " + babel_format_date(
        d, "d. MMMM", locale="lv"
    )


@pytest.mark.parametrize(
    ("month", "day", "case", "expected"),
    [
        # a reporting period of every year: genitive to dative (clause 6.1)
        (1, 1, "genitive", "1. janvāra"),
        (6, 30, "dative", "30. jūnijam"),
        (4, 1, "genitive", "1. aprīļa"),
        (12, 31, "locative", "31. decembrī"),
    ],
)
def test_format_day_of_year(month, day, case, expected):
    assert format_day_of_year(month, day, case) == expected


def test_format_day_of_year_rejects_an_unknown_case():
    valid = "nominative, genitive, locative, dative"
    with pytest.raises(ValueError, match=re.escape(f"unknown case 'numeric': use one of {valid}")):
        format_day_of_year(6, 30, "numeric")


@pytest.mark.parametrize("case", ["accusative", "Genitive", "", "long"])
def test_format_date_rejects_an_unknown_case(case):
    valid = "numeric, nominative, genitive, locative, dative"
    with pytest.raises(ValueError, match=re.escape(f"unknown case '{case}': use one of {valid}")):
        format_date(date(2016, 4, 18), case)


def test_format_date_rejects_a_string():
    message = "a date must be a datetime.date, not '2016-04-18'"
    with pytest.raises(TypeError, match=re.escape(message)):
        format_date("2016-04-18")


# --- periods --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            date(2016, 4, 18),
            date(2023, 12, 31),
            "no 2016. gada 18. aprīļa līdz 2023. gada 31. decembrim",
        ),
        (
            date(2021, 7, 1),
            date(2021, 9, 30),
            "no 2021. gada 1. jūlija līdz 2021. gada 30. septembrim",
        ),
        (date(2020, 3, 5), date(2020, 3, 5), "no 2020. gada 5. marta līdz 2020. gada 5. martam"),
    ],
)
def test_format_period(start, end, expected):
    assert format_period(start, end) == expected


def test_format_period_rejects_an_end_before_the_start():
    with pytest.raises(
        ValueError, match=re.escape("cannot end (2016-04-17) before it starts (2016-04-18)")
    ):
        format_period(date(2016, 4, 18), date(2016, 4, 17))


# --- IBANs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iban", "expected"),
    [
        # Latvian IBANs have 21 characters: the last group is one
        ("LV80BANK0000435195001", "LV80 BANK 0000 4351 9500 1"),
        ("LV80 BANK 0000 4351 9500 1", "LV80 BANK 0000 4351 9500 1"),
        ("lv80bank0000435195001", "LV80 BANK 0000 4351 9500 1"),
        (" LV80\u00a0BANK0000 435195001\n", "LV80 BANK 0000 4351 9500 1"),
        # other lengths
        ("DE89370400440532013000", "DE89 3704 0044 0532 0130 00"),
        ("NO9386011117947", "NO93 8601 1117 947"),
        ("LV80BANK", "LV80 BANK"),
    ],
)
def test_format_iban(iban, expected):
    assert format_iban(iban) == expected
