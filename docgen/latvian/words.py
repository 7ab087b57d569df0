"""Amounts in Latvian words, as agreements write them: "trīs simti sešpadsmit euro un 47 centi".

A signed agreement states each sum twice, in figures and in words, so that neither can be altered
alone. num2words (``lang="lv"``) is the engine; its Latvian defects are corrected around it here,
each correction commented with the defect it works around and pinned by a test in
``tests/latvian/test_words.py`` (so that a num2words release that fixes or changes one is noticed).

Two styles (docs/rules.md, "Latvian writing conventions"):

- ``"accounting"`` (default): bookkeeping practice writes the explicit "one" before hundreds and
  powers of a thousand, so that nothing can be prepended: 100 → "viens simts", 1 000 →
  "viens tūkstotis", 101 000 → "viens simts viens tūkstotis", 1 000 000 → "viens miljons".
- ``"literary"``: the literary norm leaves it out: "simts", "tūkstotis", "simts viens tūkstotis",
  "miljons".
"""

from __future__ import annotations

from decimal import Context, Decimal

from docgen.errors import AmountError
from docgen.i18n import _
from docgen.money import has_fraction_of_cent

STYLES = ("accounting", "literary")
"""The styles ``number_in_words`` and ``amount_in_words`` accept."""

LIMIT = 10**15
"""Numbers in words run up to 999 999 999 999 999 (triljoni), as the outside references do
(num2words, the State Treasury's forms); far beyond any sum the measure handles."""

LARGEST_AMOUNT = Decimal(LIMIT) - Decimal("0.01")
"""The largest amount in words: 999 999 999 999 999,99 euro."""


def _grouped(n: int) -> str:
    """999 999 999 999 999: a whole number with its thousands apart, as the messages write it."""
    return f"{n:,}".replace(",", " ")


_LARGEST_NUMBER = _grouped(LIMIT - 1)  # LIMIT - 1 as a message writes it
_LARGEST = f"{_LARGEST_NUMBER},99"  # LARGEST_AMOUNT as a message writes it

# A context of its own, so that a caller's low precision cannot round an amount.
_EXACT = Context(prec=28)

# Words num2words writes for a power of a thousand, singular and plural.
_SCALE_WORDS = frozenset(
    {"tūkstotis", "tūkstoši", "miljons", "miljoni", "miljards", "miljardi", "triljons", "triljoni"}
)

# Words that mean "one hundred", "one thousand", ... when no numeral stands before them.
_ONE_OF = frozenset({"simts", "tūkstotis", "miljons", "miljards", "triljons"})


def number_in_words(n: int, style: str = "accounting") -> str:
    """Write a whole number from 0 to 999 999 999 999 999 in Latvian words (nominative).

    >>> number_in_words(101000)
    'viens simts viens tūkstotis'
    >>> number_in_words(101000, style="literary")
    'simts viens tūkstotis'

    Raises ``AmountError`` for anything but an ``int`` in that range, and ``ValueError`` for a
    style other than ``"accounting"`` or ``"literary"``.
    """
    _check_style(style)
    if isinstance(n, bool) or not isinstance(n, int):
        raise AmountError(
            _("a number in words must be a whole number (int), not {value!r}").format(value=n)
        )
    if not 0 <= n < LIMIT:
        raise AmountError(
            _("{number} cannot be written in words: the range is 0 to {largest}").format(
                number=n, largest=_LARGEST_NUMBER
            )
        )

    # Imported at the first amount in words: `docgen validate` writes none (0.013 s of its start).
    from num2words import num2words

    words = num2words(n, lang="lv").split()
    # num2words defect: for a group of 101-109 it writes the genitive "simtu" ("simtu viens" for
    # 101, "simtu viens tūkstotis" for 101 000, "tūkstotis simtu viens" for 1 101); the cardinal
    # is "simts viens". It writes "simtu" nowhere else, so every "simtu" is this defect.
    words = ["simts" if word == "simtu" else word for word in words]
    if style == "accounting":
        words = _with_explicit_one(words)
    return " ".join(words)


def amount_in_words(amount: Decimal, style: str = "accounting") -> str:
    """Write a sum of euro in the legal style: whole euro in words, then the cents as two digits.

    >>> amount_in_words(Decimal("316.47"))
    'trīs simti sešpadsmit euro un 47 centi'
    >>> amount_in_words(Decimal("19873.00"))
    'deviņpadsmit tūkstoši astoņi simti septiņdesmit trīs euro'
    >>> amount_in_words(Decimal("0.21"))
    'nulle euro un 21 cents'

    Zero cents are left out. The currency is the legal *euro* (not the everyday *eiro*), and
    "cents" is singular when the cents end in 1 but not 11. Raises ``AmountError`` for anything
    but a ``Decimal`` from 0 to 999 999 999 999 999.99 (``LARGEST_AMOUNT``) in whole cents: an
    amount is never rounded here, because rounding is a money rule, decided before a figure
    reaches a document.
    """
    _check_style(style)
    euros, cents = _euros_and_cents(amount)
    # num2words' own currency mode is not used, for four defects: it spells EUR "eiro" (the
    # legal "euro" needs currency="EUR_LEGAL"); it reads an int as cents (31647 → "trīs simti
    # sešpadsmit euro, četrdesmit septiņi centi"); it joins the cents with a comma instead of "un"
    # and writes them in words instead of two digits; and it writes zero cents as "nulle centu"
    # instead of leaving them out. So the euros go through number_in_words (as an int: num2words
    # parses str(number), and str() of a Decimal can be "1E+3") and the rest is written here.
    text = f"{number_in_words(euros, style)} euro"
    if cents:
        noun = "cents" if cents % 10 == 1 and cents != 11 else "centi"
        text += f" un {cents:02d} {noun}"
    return text


def _check_style(style: str) -> None:
    if style not in STYLES:
        raise ValueError(
            _("unknown style {style!r}: use 'accounting' or 'literary'").format(style=style)
        )


def _with_explicit_one(words: list[str]) -> list[str]:
    """Put "viens" before every "simts", "tūkstotis", "miljons", "miljards", "triljons" that has
    no numeral.

    num2words follows the literary norm and leaves the "one" out (100 → "simts", 1 000 →
    "tūkstotis", 1 000 000 → "miljons"), which accounting style must not. Such a word has no
    numeral exactly when it starts the text or follows a power-of-a-thousand word ("miljons
    simts tūkstoši" → "viens miljons viens simts tūkstoši"); after a numeral it already has one
    ("divdesmit viens tūkstotis", "simts viens tūkstotis").
    """
    out: list[str] = []
    for word in words:
        if word in _ONE_OF and (not out or out[-1] in _SCALE_WORDS):
            out.append("viens")
        out.append(word)
    return out


def _euros_and_cents(amount: Decimal) -> tuple[int, int]:
    """Split an amount into whole euros and cents, or say why it is not an amount in words."""
    if not isinstance(amount, Decimal):
        raise AmountError(
            _(
                "an amount in words must be a Decimal such as Decimal('316.47'), not {kind} "
                "{value!r}"
            ).format(kind=type(amount).__name__, value=amount)
        )
    if not amount.is_finite():
        raise AmountError(_("{value!r} is not an amount of euro").format(value=amount))
    shown = format(amount, "f")  # plain digits, never "1E+3"
    if amount < 0:
        raise AmountError(
            _("amount {amount} is negative: an amount in words cannot be below zero").format(
                amount=shown
            )
        )
    if amount > LARGEST_AMOUNT:
        raise AmountError(
            _("amount {amount} is too large: amounts in words run up to {largest}").format(
                amount=shown, largest=_LARGEST
            )
        )
    if has_fraction_of_cent(amount):
        raise AmountError(
            _(
                "amount {amount} has a fraction of a cent: round it to whole cents before "
                "writing it"
            ).format(amount=shown)
        )
    # Exact whatever the caller's decimal context: the value is below 10**17 cents and integral.
    cents_total = int(amount.scaleb(2, context=_EXACT))
    return divmod(cents_total, 100)
