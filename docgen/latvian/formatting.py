"""Figures, percentages, dates and IBANs written as Latvian documents write them.

The rules are docs/rules.md's "Latvian writing conventions": thousands grouped by a no-break space
(U+00A0) so that a figure never breaks across lines, a decimal comma, two decimals on every amount
(``70 222,38``), a no-break space before the percent sign (``85 %``), and dates in the case the
sentence needs (``Rīgā, 2016. gada 18. aprīlī``; ``no 2016. gada 18. aprīļa līdz …``).

Amounts are ``Decimal`` and are never rounded here: rounding is a money rule, decided before a
figure reaches a document, so an amount with a fraction of a cent is an error, not a figure to tidy.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from docgen.errors import AmountError
from docgen.i18n import _
from docgen.money import has_fraction_of_cent

_LATVIAN = Locale.parse("lv")

NBSP = "\u00a0"
"""NO-BREAK SPACE: groups thousands and separates a number from its percent sign."""

DATE_CASES = ("numeric", "nominative", "genitive", "locative", "dative")
"""The forms ``format_date`` writes: the table form ``18.04.2016.`` and the four cases in words."""

# Month forms from docs/rules.md, in the order of _WORD_CASES. Babel's lv locale has only the
# nominative ("aprīlis"), and an agreement needs all four.
_WORD_CASES = ("nominative", "genitive", "locative", "dative")
_MONTHS = (
    ("janvāris", "janvāra", "janvārī", "janvārim"),
    ("februāris", "februāra", "februārī", "februārim"),
    ("marts", "marta", "martā", "martam"),
    ("aprīlis", "aprīļa", "aprīlī", "aprīlim"),
    ("maijs", "maija", "maijā", "maijam"),
    ("jūnijs", "jūnija", "jūnijā", "jūnijam"),
    ("jūlijs", "jūlija", "jūlijā", "jūlijam"),
    ("augusts", "augusta", "augustā", "augustam"),
    ("septembris", "septembra", "septembrī", "septembrim"),
    ("oktobris", "oktobra", "oktobrī", "oktobrim"),
    ("novembris", "novembra", "novembrī", "novembrim"),
    ("decembris", "decembra", "decembrī", "decembrim"),
)


def format_amount(amount: Decimal) -> str:
    """Write an amount of euro in figures: ``Decimal("70222.38")`` → ``"70 222,38"``.

    Thousands are grouped by U+00A0 (four-digit amounts too: ``3 662,56``), the decimal
    separator is a comma and there are always two decimals (``0,00``, ``-1 234,50``). Raises
    ``AmountError`` for anything but a finite ``Decimal`` in whole cents.
    """
    if not isinstance(amount, Decimal):
        raise AmountError(
            _(
                "an amount must be a Decimal such as Decimal('70222.38'), not {kind} {value!r}"
            ).format(kind=type(amount).__name__, value=amount)
        )
    if not amount.is_finite():
        raise AmountError(_("{value!r} is not an amount of euro").format(value=amount))
    if has_fraction_of_cent(amount):
        raise AmountError(
            _(
                "amount {amount} has a fraction of a cent: round it to whole cents before "
                "formatting it"
            ).format(amount=format(amount, "f"))
        )
    if amount == 0:
        amount = amount.copy_abs()  # Decimal("-0.00") is zero, not "-0,00"
    return _babel_lv(amount, "#,##0.00")


def format_percent(rate: Decimal) -> str:
    """Write a rate as a Latvian percentage: ``Decimal("0.85")`` → ``"85 %"``.

    As many decimals as the rate has and no trailing zeros (``Decimal("0.125")`` → ``"12,5 %"``,
    ``Decimal("0.70")`` → ``"70 %"``), a decimal comma, and a no-break space before ``%``. Nothing
    is rounded. Raises ``TypeError`` for anything but a ``Decimal`` (a float rate such as 0.7 is
    not exactly 70 %) and ``ValueError`` for NaN or infinity.
    """
    if not isinstance(rate, Decimal):
        raise TypeError(
            _("a rate must be a Decimal such as Decimal('0.85'), not {value!r}").format(value=rate)
        )
    if not rate.is_finite():
        raise ValueError(_("{value!r} is not a rate").format(value=rate))
    sign, digits, exponent = rate.as_tuple()
    # Times 100 by moving the exponent: exact, whatever the decimal context's precision.
    percent = Decimal((sign, digits, exponent + 2))
    if percent == 0:
        percent = percent.copy_abs()
    # Optional digits ("#") for every decimal the figure has: Babel writes them all and drops
    # trailing zeros, so nothing is rounded and "70,0" comes out as "70".
    decimals = max(0, -percent.as_tuple().exponent)
    pattern = "#,##0." + "#" * decimals if decimals else "#,##0"
    return _babel_lv(percent, pattern) + NBSP + "%"


def format_share(fraction: Decimal) -> str:
    """Write a computed share (absorption, progress) as a percentage with two decimals, always:
    ``Decimal("0.2813")`` → ``"28,13 %"``, ``Decimal("0.25")`` → ``"25,00 %"``. The fraction
    is rounded half up to the hundredth of a percent first (``docgen.money.fraction`` gives it
    so). A rate the workbook gives is written by :func:`format_percent`, as given."""
    if not isinstance(fraction, Decimal):
        raise TypeError(
            _("a share must be a Decimal such as Decimal('0.25'), not {value!r}").format(
                value=fraction
            )
        )
    if not fraction.is_finite():
        raise ValueError(_("{value!r} is not a share").format(value=fraction))
    percent = (fraction * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if percent == 0:
        percent = percent.copy_abs()
    return _babel_lv(percent, "#,##0.00") + NBSP + "%"


def format_date(d: datetime.date, case: str = "numeric") -> str:
    """Write a date in the form the sentence needs; 18 April 2016 is written:

    - ``numeric``: ``18.04.2016.`` (tables; with the final dot)
    - ``nominative``: ``2016. gada 18. aprīlis``
    - ``genitive``: ``2016. gada 18. aprīļa`` (a cited act's date, a period's start)
    - ``locative``: ``2016. gada 18. aprīlī`` (the document's own date: "Rīgā, …")
    - ``dative``: ``2016. gada 18. aprīlim`` (a period's end)

    Raises ``ValueError`` for any other case, naming the valid ones.
    """
    if not isinstance(d, datetime.date):
        raise TypeError(_("a date must be a datetime.date, not {value!r}").format(value=d))
    if case == "numeric":
        return f"{d.day:02d}.{d.month:02d}.{d.year}."
    if case not in _WORD_CASES:
        raise ValueError(
            _("unknown case {case!r}: use one of {cases}").format(
                case=case, cases=", ".join(DATE_CASES)
            )
        )
    month = _MONTHS[d.month - 1][_WORD_CASES.index(case)]
    return f"{d.year}. gada {d.day}. {month}"


def format_day_of_year(month: int, day: int, case: str) -> str:
    """A day of every year in words, in one of the four cases: ``format_day_of_year(6, 30,
    "dative")`` → ``30. jūnijam`` (a reporting period "no 1. janvāra līdz 30. jūnijam")."""
    if case not in _WORD_CASES:
        raise ValueError(
            _("unknown case {case!r}: use one of {cases}").format(
                case=case, cases=", ".join(_WORD_CASES)
            )
        )
    return f"{day}. {_MONTHS[month - 1][_WORD_CASES.index(case)]}"


def format_period(start: datetime.date, end: datetime.date) -> str:
    """Write a period as agreements do, genitive to dative.

    ``format_period(date(2016, 4, 18), date(2023, 12, 31))`` →
    ``"no 2016. gada 18. aprīļa līdz 2023. gada 31. decembrim"``. Raises ``ValueError`` if the
    period ends before it starts.
    """
    if end < start:
        raise ValueError(
            _("a period cannot end ({end}) before it starts ({start})").format(
                end=end.isoformat(), start=start.isoformat()
            )
        )
    return f"no {format_date(start, 'genitive')} līdz {format_date(end, 'dative')}"


def format_iban(iban: str) -> str:
    """Write an IBAN in groups of four, as it is printed: ``"LV80 BANK 0000 4351 9500 1"``.

    Spaces already in it are dropped and letters capitalised first, so a grouped or lower-case
    IBAN comes out the same. This only formats: the workbook reader validates the check digits.
    """
    compact = "".join(iban.split()).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


@lru_cache(maxsize=16384)
def _babel_lv(number: Decimal, pattern: str) -> str:
    """Format a Decimal with Babel's lv locale, with the separators docs/rules.md prescribes.

    Cached: a batch writes the same agreed amounts in many documents, and Babel takes a
    tenth of a millisecond for each.
    """
    # Babel quantizes in the current decimal context; give it room for every digit so that a
    # caller's low precision (or a large figure) cannot raise InvalidOperation or round.
    with localcontext() as context:
        _sign, digits, exponent = number.as_tuple()
        context.prec = max(28, len(digits) + abs(exponent) + 3)
        text = _pattern(pattern).apply(number, _LATVIAN)
    # CLDR's lv group symbol is U+00A0 in the Babel this was written against (2.18), but CLDR
    # has moved other locales to NARROW NO-BREAK SPACE (U+202F), and a plain space would let a
    # figure break across lines; likewise a CLDR MINUS SIGN (U+2212) would not be "-".
    return text.replace("\u202f", NBSP).replace(" ", NBSP).replace("\u2212", "-")


@lru_cache(maxsize=64)
def _pattern(pattern: str) -> NumberPattern:
    """Babel's parsed number pattern, parsed once (format_decimal parses it on every call)."""
    return parse_pattern(pattern)
