"""Amounts in Latvian words (docgen.latvian.words): tables written by hand, pins of num2words'
defects, errors, and a property checked by a small Latvian number-word parser of the test's own."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from num2words import num2words

from docgen.errors import AmountError
from docgen.latvian.words import LARGEST_AMOUNT, amount_in_words, number_in_words

# --- numbers in words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "style", "expected"),
    [
        # units, teens and tens: the same in both styles
        (0, "accounting", "nulle"),
        (0, "literary", "nulle"),
        (1, "accounting", "viens"),
        (1, "literary", "viens"),
        (2, "accounting", "divi"),
        (9, "literary", "deviņi"),
        (10, "accounting", "desmit"),
        (11, "accounting", "vienpadsmit"),
        (11, "literary", "vienpadsmit"),
        (19, "accounting", "deviņpadsmit"),
        (20, "literary", "divdesmit"),
        (21, "accounting", "divdesmit viens"),
        (21, "literary", "divdesmit viens"),
        (99, "accounting", "deviņdesmit deviņi"),
        (99, "literary", "deviņdesmit deviņi"),
        # hundreds: accounting writes the explicit "viens"; num2words' "simtu" is corrected
        (100, "accounting", "viens simts"),
        (100, "literary", "simts"),
        (101, "accounting", "viens simts viens"),
        (101, "literary", "simts viens"),
        (105, "literary", "simts pieci"),
        (110, "accounting", "viens simts desmit"),
        (110, "literary", "simts desmit"),
        (111, "accounting", "viens simts vienpadsmit"),
        (111, "literary", "simts vienpadsmit"),
        (200, "accounting", "divi simti"),
        (200, "literary", "divi simti"),
        (999, "accounting", "deviņi simti deviņdesmit deviņi"),
        (999, "literary", "deviņi simti deviņdesmit deviņi"),
        # thousands: singular after a numeral ending in 1 (but not 11), plural otherwise
        (1_000, "accounting", "viens tūkstotis"),
        (1_000, "literary", "tūkstotis"),
        (1_001, "accounting", "viens tūkstotis viens"),
        (1_001, "literary", "tūkstotis viens"),
        (1_100, "accounting", "viens tūkstotis viens simts"),
        (1_100, "literary", "tūkstotis simts"),
        (1_101, "accounting", "viens tūkstotis viens simts viens"),
        (1_101, "literary", "tūkstotis simts viens"),
        (2_000, "accounting", "divi tūkstoši"),
        (2_000, "literary", "divi tūkstoši"),
        (11_000, "accounting", "vienpadsmit tūkstoši"),
        (11_000, "literary", "vienpadsmit tūkstoši"),
        (19_873, "accounting", "deviņpadsmit tūkstoši astoņi simti septiņdesmit trīs"),
        (21_000, "accounting", "divdesmit viens tūkstotis"),
        (21_000, "literary", "divdesmit viens tūkstotis"),
        (100_000, "accounting", "viens simts tūkstoši"),
        (100_000, "literary", "simts tūkstoši"),
        (100_100, "accounting", "viens simts tūkstoši viens simts"),
        (100_100, "literary", "simts tūkstoši simts"),
        (101_000, "accounting", "viens simts viens tūkstotis"),
        (101_000, "literary", "simts viens tūkstotis"),
        (111_000, "accounting", "viens simts vienpadsmit tūkstoši"),
        (111_000, "literary", "simts vienpadsmit tūkstoši"),
        (201_000, "accounting", "divi simti viens tūkstotis"),
        (201_000, "literary", "divi simti viens tūkstotis"),
        # millions
        (1_000_000, "accounting", "viens miljons"),
        (1_000_000, "literary", "miljons"),
        (1_000_001, "accounting", "viens miljons viens"),
        (1_000_001, "literary", "miljons viens"),
        (1_001_000, "accounting", "viens miljons viens tūkstotis"),
        (1_001_000, "literary", "miljons tūkstotis"),
        (1_100_000, "accounting", "viens miljons viens simts tūkstoši"),
        (1_100_000, "literary", "miljons simts tūkstoši"),
        (2_000_000, "accounting", "divi miljoni"),
        (2_000_000, "literary", "divi miljoni"),
        (2_101_001, "accounting", "divi miljoni viens simts viens tūkstotis viens"),
        (2_101_001, "literary", "divi miljoni simts viens tūkstotis viens"),
        (21_000_000, "accounting", "divdesmit viens miljons"),
        (21_000_000, "literary", "divdesmit viens miljons"),
        (
            7_247_622,
            "accounting",
            "septiņi miljoni divi simti četrdesmit septiņi tūkstoši seši simti divdesmit divi",
        ),
        (
            123_456_789,
            "accounting",
            "viens simts divdesmit trīs miljoni četri simti piecdesmit seši tūkstoši"
            " septiņi simti astoņdesmit deviņi",
        ),
        (
            123_456_789,
            "literary",
            "simts divdesmit trīs miljoni četri simti piecdesmit seši tūkstoši"
            " septiņi simti astoņdesmit deviņi",
        ),
        # milliards, up to the largest number accepted
        (1_000_000_000, "accounting", "viens miljards"),
        (1_000_000_000, "literary", "miljards"),
        (2_000_000_000, "accounting", "divi miljardi"),
        (2_000_000_000, "literary", "divi miljardi"),
        (
            101_101_101_101,
            "accounting",
            "viens simts viens miljards viens simts viens miljons"
            " viens simts viens tūkstotis viens simts viens",
        ),
        (
            101_101_101_101,
            "literary",
            "simts viens miljards simts viens miljons simts viens tūkstotis simts viens",
        ),
        (
            999_999_999_999,
            "accounting",
            "deviņi simti deviņdesmit deviņi miljardi deviņi simti deviņdesmit deviņi miljoni"
            " deviņi simti deviņdesmit deviņi tūkstoši deviņi simti deviņdesmit deviņi",
        ),
        (
            999_999_999_999,
            "literary",
            "deviņi simti deviņdesmit deviņi miljardi deviņi simti deviņdesmit deviņi miljoni"
            " deviņi simti deviņdesmit deviņi tūkstoši deviņi simti deviņdesmit deviņi",
        ),
        # trillions (triljoni), up to the largest number accepted; num2words writes "triljons"
        # and "simtu viens triljons" (its defect) and leaves out the "one" as for the others
        (1_000_000_000_000, "accounting", "viens triljons"),
        (1_000_000_000_000, "literary", "triljons"),
        (2_000_000_000_000, "accounting", "divi triljoni"),
        (2_000_000_000_000, "literary", "divi triljoni"),
        (21_000_000_000_000, "accounting", "divdesmit viens triljons"),
        (11_000_000_000_000, "accounting", "vienpadsmit triljoni"),
        (100_000_000_000_000, "accounting", "viens simts triljoni"),
        (100_000_000_000_000, "literary", "simts triljoni"),
        (101_000_000_000_000, "accounting", "viens simts viens triljons"),
        (101_000_000_000_000, "literary", "simts viens triljons"),
        (1_001_000_000_000, "accounting", "viens triljons viens miljards"),
        (1_001_000_000_000, "literary", "triljons miljards"),
        (1_000_000_000_100, "accounting", "viens triljons viens simts"),
        (
            999_999_999_999_999,
            "accounting",
            "deviņi simti deviņdesmit deviņi triljoni deviņi simti deviņdesmit deviņi miljardi"
            " deviņi simti deviņdesmit deviņi miljoni deviņi simti deviņdesmit deviņi tūkstoši"
            " deviņi simti deviņdesmit deviņi",
        ),
    ],
)
def test_number_in_words(n, style, expected):
    assert number_in_words(n, style) == expected


def test_number_in_words_defaults_to_accounting_style():
    assert number_in_words(101_000) == "viens simts viens tūkstotis"


# --- amounts in words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "style", "expected"),
    [
        # docs/rules.md's examples; zero cents are left out
        ("316.47", "accounting", "trīs simti sešpadsmit euro un 47 centi"),
        ("19873.00", "accounting", "deviņpadsmit tūkstoši astoņi simti septiņdesmit trīs euro"),
        ("0.47", "accounting", "nulle euro un 47 centi"),
        ("0.00", "accounting", "nulle euro"),
        ("1.00", "accounting", "viens euro"),
        ("1.00", "literary", "viens euro"),
        # cents: two digits; "cents" when they end in 1 but not 11
        ("0.01", "accounting", "nulle euro un 01 cents"),
        ("0.02", "accounting", "nulle euro un 02 centi"),
        ("0.10", "accounting", "nulle euro un 10 centi"),
        ("0.11", "accounting", "nulle euro un 11 centi"),
        ("0.21", "accounting", "nulle euro un 21 cents"),
        ("0.91", "literary", "nulle euro un 91 cents"),
        ("0.99", "accounting", "nulle euro un 99 centi"),
        ("21.21", "accounting", "divdesmit viens euro un 21 cents"),
        ("21.21", "literary", "divdesmit viens euro un 21 cents"),
        # the styles differ in the euros only
        ("100.10", "accounting", "viens simts euro un 10 centi"),
        ("100.10", "literary", "simts euro un 10 centi"),
        ("1000.01", "accounting", "viens tūkstotis euro un 01 cents"),
        ("1000.01", "literary", "tūkstotis euro un 01 cents"),
        ("101000.11", "accounting", "viens simts viens tūkstotis euro un 11 centi"),
        ("101000.11", "literary", "simts viens tūkstotis euro un 11 centi"),
        (
            "7247622.00",
            "accounting",
            "septiņi miljoni divi simti četrdesmit septiņi tūkstoši seši simti divdesmit divi euro",
        ),
        (
            "1000000000000.00",
            "accounting",
            "viens triljons euro",
        ),
        ("2000000000000.01", "literary", "divi triljoni euro un 01 cents"),
        (
            "999999999999999.99",
            "accounting",
            "deviņi simti deviņdesmit deviņi triljoni deviņi simti deviņdesmit deviņi miljardi"
            " deviņi simti deviņdesmit deviņi miljoni deviņi simti deviņdesmit deviņi tūkstoši"
            " deviņi simti deviņdesmit deviņi euro un 99 centi",
        ),
        (
            "999999999999.99",
            "literary",
            "deviņi simti deviņdesmit deviņi miljardi deviņi simti deviņdesmit deviņi miljoni"
            " deviņi simti deviņdesmit deviņi tūkstoši deviņi simti deviņdesmit deviņi euro"
            " un 99 centi",
        ),
        # the same value however the Decimal is written
        ("5", "accounting", "pieci euro"),
        ("12.5", "accounting", "divpadsmit euro un 50 centi"),
        ("1E+3", "accounting", "viens tūkstotis euro"),
        ("1.230", "accounting", "viens euro un 23 centi"),
        ("-0.00", "accounting", "nulle euro"),
    ],
)
def test_amount_in_words(amount, style, expected):
    assert amount_in_words(Decimal(amount), style) == expected


def test_amount_in_words_defaults_to_accounting_style():
    assert amount_in_words(Decimal("100.00")) == "viens simts euro"


# --- pins: what raw num2words (lang="lv") writes, and words.py corrects ---------------------
# Each test asserts num2words' defect itself. If one fails, num2words has changed: check that
# words.py's correction still holds (its table tests above say so) and drop the pin.


@pytest.mark.parametrize(
    ("n", "raw"),
    [
        (101, "simtu viens"),
        (105, "simtu pieci"),
        (1_101, "tūkstotis simtu viens"),
        (101_000, "simtu viens tūkstotis"),
        (2_101_001, "divi miljoni simtu viens tūkstotis viens"),
    ],
)
def test_pin_num2words_writes_genitive_simtu_for_101_to_109(n, raw):
    assert num2words(n, lang="lv") == raw


@pytest.mark.parametrize(
    ("n", "raw"),
    [
        (100, "simts"),
        (1_000, "tūkstotis"),
        (1_100_000, "miljons simts tūkstoši"),
        (1_000_000, "miljons"),
        (1_000_000_000, "miljards"),
    ],
)
def test_pin_num2words_leaves_out_the_explicit_one(n, raw):
    assert num2words(n, lang="lv") == raw


def test_pin_num2words_currency_eur_is_eiro():
    assert (
        num2words(Decimal("316.47"), lang="lv", to="currency")
        == "trīs simti sešpadsmit eiro, četrdesmit septiņi centi"
    )


def test_pin_num2words_currency_reads_an_int_as_cents():
    assert (
        num2words(31647, lang="lv", to="currency", currency="EUR_LEGAL")
        == "trīs simti sešpadsmit euro, četrdesmit septiņi centi"
    )


def test_pin_num2words_currency_joins_with_a_comma_and_writes_zero_cents():
    assert (
        num2words(Decimal("19873.00"), lang="lv", to="currency", currency="EUR_LEGAL")
        == "deviņpadsmit tūkstoši astoņi simti septiņdesmit trīs euro, nulle centu"
    )


def test_pin_num2words_cannot_read_a_decimal_in_exponent_notation():
    # to_cardinal parses str(number), which for Decimal("1E+3") is "1E+3"; words.py passes ints.
    with pytest.raises(ValueError, match=re.escape("'1E+3'")):
        num2words(Decimal("1E+3"), lang="lv")


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        # negative
        (Decimal("-0.01"), "amount -0.01 is negative"),
        (Decimal("-1000"), "amount -1000 is negative"),
        # fractions of a cent
        (Decimal("0.001"), "amount 0.001 has a fraction of a cent"),
        (Decimal("316.475"), "amount 316.475 has a fraction of a cent"),
        (
            Decimal("1.00000000000000000000000000000001"),
            "amount 1.00000000000000000000000000000001 has a fraction of a cent",
        ),
        # not a Decimal
        (316.47, "must be a Decimal such as Decimal('316.47'), not float 316.47"),
        (316, "must be a Decimal such as Decimal('316.47'), not int 316"),
        ("316.47", "must be a Decimal such as Decimal('316.47'), not str '316.47'"),
        # too large, or no number at all
        (
            Decimal("1000000000000000.00"),
            "amount 1000000000000000.00 is too large: amounts in words run up to"
            " 999 999 999 999 999,99",
        ),
        (Decimal("1E+15"), "amount 1000000000000000 is too large"),
        (Decimal("NaN"), "Decimal('NaN') is not an amount"),
        (Decimal("Infinity"), "Decimal('Infinity') is not an amount"),
    ],
)
def test_amount_in_words_rejects(amount, message):
    with pytest.raises(AmountError, match=re.escape(message)):
        amount_in_words(amount)


@pytest.mark.parametrize(
    ("n", "message"),
    [
        (-1, "-1 cannot be written in words: the range is 0 to 999 999 999 999 999"),
        (10**15, "1000000000000000 cannot be written in words: the range is 0 to 999 999 999"),
        (1.0, "must be a whole number (int), not 1.0"),
        (Decimal("5"), "must be a whole number (int), not Decimal('5')"),
        (True, "must be a whole number (int), not True"),
    ],
)
def test_number_in_words_rejects(n, message):
    with pytest.raises(AmountError, match=re.escape(message)):
        number_in_words(n)


@pytest.mark.parametrize("style", ["Accounting", "legal", ""])
def test_unknown_style_is_a_value_error(style):
    message = f"unknown style {style!r}: use 'accounting' or 'literary'"
    with pytest.raises(ValueError, match=re.escape(message)) as e:
        number_in_words(1, style)
    assert not isinstance(e.value, AmountError)  # a caller's mistake, not the data's
    with pytest.raises(ValueError, match="unknown style"):
        amount_in_words(Decimal("1.00"), style)


# --- property: the words read back as the number --------------------------------------------
# An independent reader of Latvian number words, strict about order and agreement, so that
# number_in_words can be checked on numbers nobody wrote a table row for.

UNITS = {
    "viens": 1,
    "divi": 2,
    "trīs": 3,
    "četri": 4,
    "pieci": 5,
    "seši": 6,
    "septiņi": 7,
    "astoņi": 8,
    "deviņi": 9,
}
TEENS = {
    "desmit": 10,
    "vienpadsmit": 11,
    "divpadsmit": 12,
    "trīspadsmit": 13,
    "četrpadsmit": 14,
    "piecpadsmit": 15,
    "sešpadsmit": 16,
    "septiņpadsmit": 17,
    "astoņpadsmit": 18,
    "deviņpadsmit": 19,
}
TENS = {
    "divdesmit": 20,
    "trīsdesmit": 30,
    "četrdesmit": 40,
    "piecdesmit": 50,
    "sešdesmit": 60,
    "septiņdesmit": 70,
    "astoņdesmit": 80,
    "deviņdesmit": 90,
}
# word: (value, singular?)
SCALES = {
    "tūkstotis": (10**3, True),
    "tūkstoši": (10**3, False),
    "miljons": (10**6, True),
    "miljoni": (10**6, False),
    "miljards": (10**9, True),
    "miljardi": (10**9, False),
    "triljons": (10**12, True),
    "triljoni": (10**12, False),
}
NUMERALS = UNITS.keys() | TEENS.keys() | TENS.keys()


def _takes_singular(n: int) -> bool:
    return n % 10 == 1 and n % 100 != 11


def _read_group(words: list[str], i: int) -> tuple[int, int]:
    """Read a number below 1 000 from words[i:]; return it and the index after it."""
    value = 0
    if i + 1 < len(words) and words[i] in UNITS and words[i + 1] in ("simts", "simti"):
        hundreds = UNITS[words[i]]
        if words[i + 1] != ("simts" if hundreds == 1 else "simti"):
            raise ValueError(f"{words[i]} {words[i + 1]}: wrong number")
        value, i = 100 * hundreds, i + 2
    elif i < len(words) and words[i] == "simts":
        value, i = 100, i + 1
    if i < len(words) and words[i] in TENS:
        value, i = value + TENS[words[i]], i + 1
        if i < len(words) and words[i] in UNITS:
            value, i = value + UNITS[words[i]], i + 1
    elif i < len(words) and (words[i] in TEENS or words[i] in UNITS):
        value, i = value + TEENS.get(words[i], UNITS.get(words[i], 0)), i + 1
    return value, i


def read_number(text: str) -> int:
    """Read Latvian number words (either style) back as an int; ValueError if malformed."""
    if text == "nulle":
        return 0
    words = text.split(" ")
    total, i, last_scale = 0, 0, 10**15
    while i < len(words):
        start = i
        group, i = _read_group(words, i)
        if i < len(words) and words[i] in SCALES:
            scale, singular = SCALES[words[i]]
            group = group or (1 if i == start else 0)  # a bare "tūkstotis" is one thousand
            if scale >= last_scale or group == 0 or singular != _takes_singular(group):
                raise ValueError(f"{text!r}: {words[i]!r} out of place")
            total, i, last_scale = total + group * scale, i + 1, scale
        elif i == len(words) and i > start and group > 0:
            total += group
        else:
            raise ValueError(f"{text!r}: cannot read {words[i:]!r}")
    return total


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("divi simti viens", 201),
        ("simts viens tūkstotis", 101_000),
        ("viens simts viens tūkstotis", 101_000),
        ("miljons tūkstotis", 1_001_000),
        ("divdesmit viens miljons", 21_000_000),
    ],
)
def test_the_reader_reads(text, n):
    assert read_number(text) == n


@pytest.mark.parametrize(
    "text",
    [
        "simtu viens",  # num2words' defect
        "divdesmit viens tūkstoši",  # wrong number after 21
        "vienpadsmit tūkstotis",  # wrong number after 11
        "divi simts",
        "tūkstotis miljons",  # scales out of order
        "viens divi",
        "desmit viens",
        "",
    ],
)
def test_the_reader_rejects(text):
    with pytest.raises(ValueError):
        read_number(text)


# Numbers made of the groups where Latvian (and num2words) is irregular, plus any groups.
_TRICKY_GROUPS = st.sampled_from([0, 1, 2, 10, 11, 21, 100, 101, 105, 110, 111, 121, 200, 201])
_NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**15 - 1),
    st.lists(st.one_of(_TRICKY_GROUPS, st.integers(0, 999)), min_size=5, max_size=5).map(
        lambda groups: sum(g * 1000**k for k, g in enumerate(groups))
    ),
)
_ONE_OF = {"simts", "tūkstotis", "miljons", "miljards", "triljons"}


@given(n=_NUMBERS, style=st.sampled_from(["accounting", "literary"]))
def test_words_read_back_as_the_number(n, style):
    assert read_number(number_in_words(n, style)) == n


@given(n=_NUMBERS)
def test_accounting_never_leaves_out_the_one(n):
    words = number_in_words(n, "accounting").split(" ")
    for i, word in enumerate(words):
        if word in _ONE_OF:
            assert i > 0 and words[i - 1] in NUMERALS, words


@given(n=_NUMBERS)
def test_literary_writes_one_only_inside_a_larger_numeral(n):
    words = number_in_words(n, "literary").split(" ")
    for i, word in enumerate(words):
        if word in _ONE_OF and i > 0 and words[i - 1] == "viens":
            # "divdesmit viens tūkstotis", "simts viens tūkstotis", never "viens tūkstotis"
            assert i > 1 and words[i - 2] in TENS.keys() | {"simts", "simti"}, words


def test_every_group_at_every_scale_reads_back():
    for group in range(1000):
        for k in range(5):
            n = group * 1000**k
            for style in ("accounting", "literary"):
                assert read_number(number_in_words(n, style)) == n, (n, style)


def test_the_largest_amount_is_the_one_the_messages_name():
    assert str(LARGEST_AMOUNT) == "999999999999999.99"
    assert amount_in_words(LARGEST_AMOUNT).endswith(
        " deviņi simti deviņdesmit deviņi euro un 99 centi"
    )
    with pytest.raises(AmountError) as caught:
        amount_in_words(LARGEST_AMOUNT + Decimal("0.01"))
    assert str(caught.value).endswith("run up to 999 999 999 999 999,99")
