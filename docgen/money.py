"""The money rules (docs/rules.md): every amount a ``Decimal`` of euro with two decimals.

A share is amount × rate rounded to the cent half up; the other party gets the remainder, never
separately rounded, so every table adds up to the cent. Payment claims are rounded cumulatively so
that, when everything agreed has been claimed, the claims add up exactly to the agreement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from docgen.errors import AmountError, shortened
from docgen.i18n import _
from docgen.records import Amendment, Claim, FrozenDict, Partner, Rates, in_force

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

_AMOUNT_TEXT = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def parse_amount(value: object) -> Decimal:
    """An amount of euro from a cell or the command line, exact to the cent.

    Accepts ``Decimal``, ``int``, a ``float`` whose shortest form has at most two decimals, and
    text such as ``1 234,56``, ``1234.56`` or ``1 234.56 EUR``. More than two decimals is an error,
    never rounded: a float like 46370.345 left by a formula must not quietly become a cent.
    """
    if isinstance(value, bool):
        raise AmountError(_("{value} is not an amount").format(value=value))
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # repr() is the shortest text that reads back as this float: 1234.56, not 1234.5599999.
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.replace("\u00a0", " ").replace("\u202f", " ").strip()
        for suffix in ("EUR", "eur", "€", "euro", "eiro"):
            text = text.removesuffix(suffix).strip()
        text = text.replace(" ", "")
        if not _AMOUNT_TEXT.match(text):
            raise AmountError(
                _("{value!r} is not an amount (write it like 1 234,56)").format(
                    value=shortened(value.strip())
                )
            )
        number = Decimal(text.replace(",", "."))
    else:
        raise AmountError(_("{value!r} is not an amount").format(value=value))
    if not number.is_finite():
        raise AmountError(_("{value!r} is not an amount").format(value=value))
    try:
        exact = number.quantize(CENT)
    except InvalidOperation as exc:
        shown = shortened(value) if isinstance(value, str) else value
        raise AmountError(_("{value!r} is too large").format(value=shown)) from exc
    if exact != number:
        raise AmountError(
            _("{amount} has a fraction of a cent").format(amount=shortened(_plain(number)))
        )
    return exact


def has_fraction_of_cent(amount: Decimal) -> bool:
    """True if a finite Decimal has a non-zero digit below the cent (exact, context-free)."""
    _sign, digits, exponent = amount.as_tuple()
    below_cent = -2 - exponent  # how many of the coefficient's last digits lie below the cent
    return below_cent > 0 and any(digits[-below_cent:])


def _plain(number: Decimal) -> str:
    """A Decimal as plain positional text (str() may print 1E+3)."""
    return format(number, "f")


SHARE_STEP = Decimal("0.0001")  # a computed share as a fraction: two decimals of a percent


def fraction(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` of ``whole`` (absorption, a target's progress) to two decimals of a percent,
    rounded half up like every figure docgen computes (9 of 32 → 0.2813); None of nothing."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(SHARE_STEP, rounding=ROUND_HALF_UP)


def share(amount: Decimal, rate: Decimal) -> Decimal:
    """amount × rate, rounded to the cent half up (never banker's rounding)."""
    return (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Split:
    """How one budget (or the costs of a claim) divides between the ministry (the EU fund + the
    state budget) and the municipality, for any cost categories and rates.

    ``amounts`` and ``lm`` hold each category's amount and the ministry's share of it, in the
    project's order (a non-eligible category's share is 0,00); the rest are totals. ``esf`` is the
    EU fund's share whatever the fund is called: it is the key of ``docgen splits``.
    """

    amounts: FrozenDict[Decimal]
    lm: FrozenDict[Decimal]
    total_eligible: Decimal
    lm_total: Decimal
    cofinancing: Decimal
    esf: Decimal
    state_budget: Decimal
    total: Decimal
    non_eligible: Decimal  # the costs of the categories that are not eligible

    @property
    def municipality_total(self) -> Decimal:
        """All the municipality pays: its co-financing and the non-eligible costs."""
        return self.cofinancing + self.non_eligible

    def partner_share(self, key: str) -> Decimal:
        """What the municipality pays of one category: its amount less the ministry's share."""
        return self.amounts[key] - self.lm[key]

    def as_dict(self, rates: Rates) -> dict[str, Decimal]:
        """The JSON keys of ``docgen splits`` (docs/workbook.md): each category's amount by its
        key, the eligible total, LM's share of each eligible category as ``lm_<key>``, then the
        totals. For 9.2.1.1 these are the keys its contract has always had."""
        eligible = [c.key for c in rates.categories if c.eligible]
        return {
            **self.amounts,
            "total_eligible": self.total_eligible,
            **{f"lm_{key}": self.lm[key] for key in eligible},
            "lm_total": self.lm_total,
            "cofinancing": self.cofinancing,
            "esf": self.esf,
            "state_budget": self.state_budget,
            "total": self.total,
        }

    def __add__(self, other: Split) -> Split:
        return _combine(self, other, 1)

    def __sub__(self, other: Split) -> Split:
        return _combine(self, other, -1)


_TOTALS = ("total_eligible", "lm_total", "cofinancing", "esf", "state_budget", "total")


def _combine(a: Split, b: Split, sign: int) -> Split:
    """a + b or a − b, column by column (shares are never re-rounded)."""

    def each(x: FrozenDict[Decimal], y: FrozenDict[Decimal]) -> FrozenDict[Decimal]:
        return FrozenDict({k: x.get(k, ZERO) + sign * y.get(k, ZERO) for k in {**x, **y}})

    return Split(
        each(a.amounts, b.amounts),
        each(a.lm, b.lm),
        *(getattr(a, name) + sign * getattr(b, name) for name in _TOTALS),
        a.non_eligible + sign * b.non_eligible,
    )


def empty_split(rates: Rates) -> Split:
    """A split of nothing: 0,00 in every category and total."""
    return split(dict.fromkeys(rates.keys, ZERO), rates)


def split(amounts: Mapping[str, Decimal], rates: Rates) -> Split:
    """The full split of a budget (or of costs) by the rules of docs/rules.md: each category's
    LM share half up, the fund's share of LM's total half up, the others the remainders.
    ``amounts`` gives each category's amount by its key; a category not in it is 0,00."""
    given = {c.key: amounts.get(c.key, ZERO) for c in rates.categories}
    lm = {c.key: share(given[c.key], c.rate) if c.eligible else ZERO for c in rates.categories}
    lm_total = sum(lm.values(), ZERO)
    esf = share(lm_total, rates.fund.rate)
    total_eligible = sum((given[c.key] for c in rates.categories if c.eligible), ZERO)
    non_eligible = sum((given[c.key] for c in rates.categories if not c.eligible), ZERO)
    return Split(
        amounts=FrozenDict(given),
        lm=FrozenDict(lm),
        total_eligible=total_eligible,
        lm_total=lm_total,
        cofinancing=total_eligible - lm_total,
        esf=esf,
        state_budget=lm_total - esf,
        total=total_eligible + non_eligible,
        non_eligible=non_eligible,
    )


def partner_split(partner: Partner, rates: Rates) -> Split:
    """The agreed split of one partner's budget."""
    return split(partner.budget, rates)


def total_split(splits: Iterable[Split], rates: Rates) -> Split:
    """The column totals of many splits (each column a plain sum: shares are never re-rounded)."""
    result = empty_split(rates)
    for item in splits:
        result = result + item
    return result


@dataclass(frozen=True)
class Payment:
    """An amount of the ministry's funding and its split between the ESF and the state budget."""

    amount: Decimal
    esf: Decimal
    state_budget: Decimal

    @classmethod
    def between(cls, before: Decimal, after: Decimal, rates: Rates) -> Payment:
        """The funding from ``before`` to ``after`` on one cumulative scale, split cumulatively:
        its ESF part is the ESF share of ``after`` less that of ``before``."""
        esf = share(after, rates.fund.rate) - share(before, rates.fund.rate)
        return cls(after - before, esf, after - before - esf)

    def __sub__(self, other: Payment) -> Payment:
        return Payment(
            self.amount - other.amount,
            self.esf - other.esf,
            self.state_budget - other.state_budget,
        )


NO_PAYMENT = Payment(ZERO, ZERO, ZERO)


@dataclass(frozen=True)
class ClaimFigures:
    """One payment claim's figures: this period, to date (cumulative) and what remains; and the
    money: an advance paid, the advance offset against the claim, the amount payable, and on a
    final claim what the partner pays back.

    ``period`` is the difference of two cumulative splits, so its shares are the cumulative
    shares' differences, never rounded on their own. An advance claim has no costs: its
    ``period`` is empty and ``to_date`` is the previous claim's. ``approved`` and
    ``approved_to_date`` are the same of the costs LM approved (as claimed unless the claim
    says less): the money paid follows them.
    """

    claim: Claim
    agreed: Split
    period: Split
    to_date: Split
    previous: Split
    approved: Split
    approved_to_date: Split
    advance: Payment = NO_PAYMENT  # paid by an advance claim
    offset: Payment = NO_PAYMENT  # *ieskaitītais avanss*
    payable: Payment = NO_PAYMENT  # *izmaksājamā summa*
    repayment: Payment = NO_PAYMENT  # the advance a final claim could not offset
    outstanding: Decimal = ZERO  # advance not yet offset after this claim
    advances_to_date: Decimal = ZERO  # every advance paid up to this claim
    payable_to_date: Decimal = ZERO  # every amount payable up to this claim

    @property
    def remaining(self) -> Split:
        """What remains of the agreed budget after this claim."""
        return self.agreed - self.to_date

    @property
    def lm_period(self) -> Payment:
        """The ministry's share of this period's costs."""
        return Payment(self.period.lm_total, self.period.esf, self.period.state_budget)

    @property
    def lm_approved(self) -> Payment:
        """The ministry's share of this period's costs as it approved them."""
        return Payment(self.approved.lm_total, self.approved.esf, self.approved.state_budget)

    @property
    def requested(self) -> Decimal:
        """The amount the claim asks for: the advance, or the ministry's share of the costs."""
        return self.advance.amount if self.claim.is_advance else self.period.lm_total


def claim_figures(
    partner: Partner,
    claims: Sequence[Claim],
    rates: Rates,
    amendments: Sequence[Amendment] = (),
) -> list[ClaimFigures]:
    """The figures of each of one partner's claims, in the order of their numbers.

    Cumulative rounding: LM's share to date = costs to date × rate, rounded half up; a claim's share
    = its share to date − the previous claim's share to date. ESF likewise, from LM to date.
    Each claim's agreed figures (and so what remains) are the budget in force at its period's
    end, the agreement with the ``amendments`` dated by then.

    Advances: the ministry's funding is followed on one cumulative scale, *paid*: an advance
    moves it ahead of the LM share of the costs claimed; each later claim's LM share is offset
    against the advance still outstanding (paid − LM share to date) as far as it goes, and only
    the rest is payable; a final claim that cannot absorb the advance leaves its outstanding part
    to be paid back. Every payment's ESF part is the ESF share of *paid* after it less that
    before it, so an advance + the payables − the repayment equal the LM share of all costs, to
    the cent, and the same for the ESF and the state budget.

    Approval: where LM approves less than a claim's costs (``Claim.approved``), the money
    follows the approved costs, by the same cumulative rounding: *paid* is measured against
    LM's share of the approved costs to date, so an advance + the payables − the repayment
    equal LM's share of all approved costs, per fund. The claimed figures stay for the tables.
    """
    previous = empty_split(rates)
    approved_before = empty_split(rates)  # the approved costs' split to date
    paid = ZERO  # the ministry's funding paid so far: advances, payables, less repayments
    advances = payables = ZERO
    result = []
    for claim in sorted(claims, key=lambda c: c.number):
        # What remains is measured against the budget in force at the claim's period's end.
        agreed = partner_split(in_force(partner, amendments, claim.period_end), rates)
        if claim.is_advance:
            advance = Payment.between(paid, paid + claim.advance, rates)
            paid += claim.advance
            advances += claim.advance
            result.append(
                ClaimFigures(
                    claim,
                    agreed,
                    empty_split(rates),
                    previous,
                    previous,
                    empty_split(rates),
                    approved_before,
                    advance=advance,
                    payable=advance,
                    outstanding=paid - approved_before.lm_total,
                    advances_to_date=advances,
                    payable_to_date=payables,
                )
            )
            continue
        to_date = split(
            {key: previous.amounts[key] + claim.costs.get(key, ZERO) for key in rates.keys},
            rates,
        )
        period = to_date - previous
        approved_to_date = split(
            {
                key: approved_before.amounts[key] + claim.approved_costs.get(key, ZERO)
                for key in rates.keys
            },
            rates,
        )
        approved = approved_to_date - approved_before
        before = paid
        paid = max(paid, approved_to_date.lm_total)
        payable = Payment.between(before, paid, rates)
        offset = Payment(approved.lm_total, approved.esf, approved.state_budget) - payable
        repayment = NO_PAYMENT
        if claim.kind == "noslēguma" and paid > approved_to_date.lm_total:
            repayment = Payment.between(approved_to_date.lm_total, paid, rates)
            paid = approved_to_date.lm_total
        payables += payable.amount
        result.append(
            ClaimFigures(
                claim,
                agreed,
                period,
                to_date,
                previous,
                approved,
                approved_to_date,
                offset=offset,
                payable=payable,
                repayment=repayment,
                outstanding=paid - approved_to_date.lm_total,
                advances_to_date=advances,
                payable_to_date=payables,
            )
        )
        previous, approved_before = to_date, approved_to_date
    return result
