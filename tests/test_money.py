"""The money rules of docs/rules.md: half-up shares, remainders, cumulative claims."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from docgen.errors import AmountError
from docgen.money import (
    Payment,
    Split,
    claim_figures,
    empty_split,
    parse_amount,
    partner_split,
    share,
    split,
    total_split,
)
from docgen.records import DEFAULT_CATEGORIES, Category, Claim, FrozenDict, Fund, Partner, Rates

D = Decimal
RATES = Rates()
CENT = D("0.01")
ZERO = D("0.00")


def _rates(
    esf: Decimal | str = "0.85", pilot: Decimal | str = "1", training: Decimal | str = "0.70"
) -> Rates:
    """9.2.1.1's shape (pilot, training, non-eligible) with other rates for LM and the ESF."""
    pilot_, training_, non_eligible = DEFAULT_CATEGORIES
    return Rates(
        categories=(
            dataclasses.replace(pilot_, rate=D(pilot)),
            dataclasses.replace(training_, rate=D(training)),
            non_eligible,
        ),
        fund=Fund(rate=D(esf)),
    )


def _costs(pilot: Decimal, training: Decimal, non_eligible: Decimal = ZERO) -> FrozenDict:
    """9.2.1.1's amounts by category."""
    return FrozenDict(pilot=pilot, training=training, non_eligible=non_eligible)


# --- Rounding at exactly half a cent ----------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "rate", "expected", "bankers"),
    [
        # 0.70 × 10 000,01 = 7 000,007: no tie, but the domain's own example
        ("10000.01", "0.70", "7000.01", "7000.01"),
        # ×0.85 ties at half a cent, where banker's rounding goes to the even cent
        ("8000.01", "0.85", "6800.01", "6800.01"),  # 6 800,0085 (not a tie)
        ("0.10", "0.85", "0.09", "0.08"),  # 0,085 → 0,09, banker's 0,08
        ("0.30", "0.85", "0.26", "0.26"),  # 0,255 → 0,26 (even anyway)
        ("0.50", "0.85", "0.43", "0.42"),  # 0,425 → 0,43, banker's 0,42
        ("100.10", "0.85", "85.09", "85.08"),  # 85,085
        ("0.05", "0.70", "0.04", "0.04"),  # 0,035 → 0,04
        ("0.15", "0.70", "0.11", "0.10"),  # 0,105 → 0,11, banker's 0,10
        ("12345.65", "0.70", "8641.96", "8641.96"),  # 8 641,955
        ("12345.75", "0.70", "8642.03", "8642.02"),  # 8 642,025
    ],
)
def test_share_rounds_half_up(amount: str, rate: str, expected: str, bankers: str) -> None:
    assert share(D(amount), D(rate)) == D(expected)
    # Python's round() is banker's rounding: the very thing the rule forbids.
    assert round(D(amount) * D(rate), 2) == D(bankers)


def test_domain_example() -> None:
    result = split(_costs(D("1000.00"), D("10000.01"), D("0.00")), RATES)
    assert result == Split(
        amounts=_costs(D("1000.00"), D("10000.01"), D("0.00")),
        lm=_costs(D("1000.00"), D("7000.01"), D("0.00")),
        total_eligible=D("11000.01"),
        lm_total=D("8000.01"),
        cofinancing=D("3000.00"),
        esf=D("6800.01"),
        state_budget=D("1200.00"),
        total=D("11000.01"),
        non_eligible=D("0.00"),
    )
    # the JSON of ``docgen splits``: 9.2.1.1's keys, in their order, as they have always been
    assert list(result.as_dict(RATES).items()) == [
        ("pilot", D("1000.00")),
        ("training", D("10000.01")),
        ("non_eligible", D("0.00")),
        ("total_eligible", D("11000.01")),
        ("lm_pilot", D("1000.00")),
        ("lm_training", D("7000.01")),
        ("lm_total", D("8000.01")),
        ("cofinancing", D("3000.00")),
        ("esf", D("6800.01")),
        ("state_budget", D("1200.00")),
        ("total", D("11000.01")),
    ]


def test_rates_from_the_workbook_are_used() -> None:
    rates = _rates(esf=D("0.75"), pilot=D("0.9"), training=D("0.5"))
    result = split(_costs(D("100.00"), D("100.01"), D("5.00")), rates)
    assert result.lm["pilot"] == D("90.00")
    assert result.lm["training"] == D("50.01")  # 50,005 half up
    assert result.cofinancing == D("60.00")  # 10,00 pilot + 50,00 training
    assert result.esf == D("105.01")  # 140,01 × 0,75 = 105,0075
    assert result.state_budget == D("35.00")
    assert result.total == D("205.01")


# --- Parsing amounts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1 234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1 234.56 EUR", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
        ("70 222,38 €", "70222.38"),
        ("5", "5.00"),
        (5, "5.00"),
        (1234.56, "1234.56"),
        (0.1, "0.10"),
        (D("3.5"), "3.50"),
    ],
)
def test_parse_amount(value: object, expected: str) -> None:
    assert parse_amount(value) == D(expected)
    assert str(parse_amount(value)) == expected  # exactly two decimals


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (46370.345, "46370.345 has a fraction of a cent"),
        ("12,345", "12.345 has a fraction of a cent"),
        ("1.234,56", "'1.234,56' is not an amount (write it like 1 234,56)"),
        ("abc", "'abc' is not an amount (write it like 1 234,56)"),
        (True, "True is not an amount"),
        (float("nan"), "nan is not an amount"),
    ],
)
def test_parse_amount_refuses(value: object, message: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(value)
    assert str(caught.value) == message


# --- Properties: every table adds up to the cent ---------------------------------------------

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
rates = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)


def _adds_up(s: Split, rates: Rates = RATES) -> None:
    eligible = [c.key for c in rates.categories if c.eligible]
    assert s.total_eligible == sum((s.amounts[k] for k in eligible), ZERO)
    assert s.non_eligible == sum((s.amounts[k] for k in rates.keys if k not in eligible), ZERO)
    assert s.total == s.total_eligible + s.non_eligible
    assert s.lm_total == sum((s.lm[k] for k in rates.keys), ZERO)
    assert s.lm_total + s.cofinancing == s.total_eligible
    assert s.esf + s.state_budget == s.lm_total
    assert s.lm_total + s.municipality_total == s.total
    for value in s.as_dict(rates).values():
        assert value == value.quantize(D("0.01"))


@given(amounts, amounts, amounts, rates, rates, rates)
def test_every_split_adds_up(pilot, training, non_eligible, esf, pilot_rate, training_rate) -> None:
    rates_ = _rates(esf, pilot_rate, training_rate)
    s = split(_costs(pilot, training, non_eligible), rates_)
    _adds_up(s, rates_)
    assert s.lm["pilot"] == share(pilot, pilot_rate)
    assert s.esf == share(s.lm_total, esf)
    assert D(0) <= s.cofinancing <= s.total_eligible


@given(st.lists(st.tuples(amounts, amounts, amounts), min_size=1, max_size=12), rates)
def test_columns_of_many_partners_add_up(budgets, esf) -> None:
    rates_ = _rates(esf=esf)
    rows = [split(_costs(p, t, n), rates_) for p, t, n in budgets]
    totals = total_split(rows, rates_)
    _adds_up(totals, rates_)  # the totals row adds up across, as each row does
    for key, total in totals.as_dict(rates_).items():
        assert total == sum(r.as_dict(rates_)[key] for r in rows)


def _partner(pilot: Decimal, training: Decimal, non_eligible: Decimal) -> Partner:
    return Partner(
        row=2,
        code="X",
        name="X novada pašvaldība",
        reg_no="90000056357",
        address="",
        representative="",
        representative_title="",
        iban="LV94TREL0000000000001",
        agreement_no="1",
        agreement_date=date(2021, 1, 1),
        start=date(2021, 1, 1),
        end=date(2023, 12, 31),
        budget=_costs(pilot, training, non_eligible),
    )


def _claims(parts: list[tuple[Decimal, Decimal, Decimal]]) -> list[Claim]:
    return [
        Claim(
            row=n + 2,
            code="X",
            number=n + 1,
            period_start=date(2021, 1, 1),
            period_end=date(2021, 1, 1),
            date=date(2021, 1, 2),
            kind="starpposma",
            costs=_costs(p, t, e),
        )
        for n, (p, t, e) in enumerate(parts)
    ]


@given(
    st.lists(
        st.tuples(
            st.decimals(0, 10**6, places=2),
            st.decimals(0, 10**6, places=2),
            st.decimals(0, 10**4, places=2),
        ),
        min_size=1,
        max_size=8,
    ),
    rates,
)
def test_claims_add_up_to_the_agreement_when_all_is_claimed(parts, esf) -> None:
    claims = _claims(parts)
    agreed = tuple(sum(p[i] for p in parts) for i in range(3))
    partner = _partner(*agreed)
    figures = claim_figures(partner, claims, _rates(esf=esf))
    agreement = partner_split(partner, _rates(esf=esf))
    assert total_split((f.period for f in figures), _rates(esf=esf)) == agreement
    assert figures[-1].to_date == agreement
    assert figures[-1].remaining == empty_split(_rates(esf=esf))  # nothing left, in every column
    for f in figures:
        _adds_up(f.to_date, _rates(esf=esf))
        assert f.period.esf + f.period.state_budget == f.period.lm_total
        assert f.requested == f.period.lm_total
        assert f.to_date.lm["training"] == share(f.to_date.amounts["training"], D("0.70"))


def test_claims_are_rounded_cumulatively() -> None:
    # Three claims of 0,05 training each: 0,035 per claim would round to 0,04 three times
    # (0,12); cumulatively LM gets 0,04, 0,07 (0,105 → 0,11 − 0,04), 0,11 (0,105 → 0,11).
    partner = _partner(D("0.00"), D("0.15"), D("0.00"))
    parts = [(D("0.00"), D("0.05"), D("0.00"))] * 3
    figures = claim_figures(partner, _claims(parts), RATES)
    assert [f.to_date.lm["training"] for f in figures] == [D("0.04"), D("0.07"), D("0.11")]
    assert [f.period.lm["training"] for f in figures] == [D("0.04"), D("0.03"), D("0.04")]
    assert [f.remaining.amounts["training"] for f in figures] == [D("0.10"), D("0.05"), D("0.00")]


# --- Advances and their offset ------------------------------------------------------------------


def _claim(number: int, kind: str, pilot="0.00", training="0.00", advance="0.00") -> Claim:
    return Claim(
        row=number + 1,
        code="X",
        number=number,
        period_start=date(2021, 1, 1),
        period_end=date(2021, 1, 1),
        date=date(2021, 1, 4),
        kind=kind,
        costs=_costs(D(pilot), D(training)),
        advance=D(advance),
    )


def _money(figures) -> list[tuple[D, D, D, D]]:
    """Per claim: the advance paid, the offset, the amount payable, the repayment."""
    return [
        (f.advance.amount, f.offset.amount, f.payable.amount, f.repayment.amount) for f in figures
    ]


def test_an_advance_offset_within_one_claim() -> None:
    partner = _partner(D("10000.00"), D("0.00"), D("0.00"))
    claims = [_claim(1, "avansa", advance="3000.00"), _claim(2, "starpposma", pilot="5000.00")]
    figures = claim_figures(partner, claims, RATES)
    assert _money(figures) == [
        (D("3000.00"), D("0"), D("3000.00"), D("0")),
        (D("0"), D("3000.00"), D("2000.00"), D("0")),
    ]
    assert [f.outstanding for f in figures] == [D("3000.00"), D("0.00")]
    assert figures[0].requested == D("3000.00")
    assert figures[0].period == empty_split(RATES)  # an advance claims no costs
    # its split: 85 % of 3 000,00 is ESF; the offset's split is the same (all of it offset)
    assert (figures[0].advance.esf, figures[0].advance.state_budget) == (D("2550.00"), D("450.00"))
    assert (figures[1].offset.esf, figures[1].offset.state_budget) == (D("2550.00"), D("450.00"))
    assert (figures[1].payable.esf, figures[1].payable.state_budget) == (D("1700.00"), D("300.00"))


def test_an_advance_offset_across_three_claims() -> None:
    partner = _partner(D("10000.00"), D("0.00"), D("0.00"))
    claims = [
        _claim(1, "avansa", advance="2500.00"),
        _claim(2, "starpposma", pilot="1000.00"),
        _claim(3, "starpposma", pilot="1000.00"),
        _claim(4, "starpposma", pilot="1000.00"),
        _claim(5, "noslēguma", pilot="7000.00"),
    ]
    figures = claim_figures(partner, claims, RATES)
    assert [f.offset.amount for f in figures] == [D("0"), D("1000"), D("1000"), D("500"), D("0")]
    assert [f.payable.amount for f in figures] == [D("2500"), D("0"), D("0"), D("500"), D("7000")]
    assert [f.outstanding for f in figures] == [D("2500"), D("1500"), D("500"), D("0"), D("0")]
    # A claim fully offset pays nothing, and nothing of the ESF nor of the state budget.
    for f in figures[1:3]:
        assert (f.payable.esf, f.payable.state_budget) == (D("0"), D("0"))


def test_an_advance_the_final_claim_cannot_use_up_is_paid_back() -> None:
    partner = _partner(D("10000.00"), D("0.00"), D("0.00"))
    claims = [
        _claim(1, "avansa", advance="3000.00"),
        _claim(2, "starpposma", pilot="1000.00"),
        _claim(3, "noslēguma", pilot="1200.01"),
    ]
    figures = claim_figures(partner, claims, RATES)
    assert _money(figures)[2] == (D("0"), D("1200.01"), D("0.00"), D("799.99"))
    final = figures[2]
    assert final.outstanding == D("0")
    assert final.repayment.esf + final.repayment.state_budget == D("799.99")
    # what the ministry paid net is its share of all the costs claimed
    net = sum(f.payable.amount for f in figures) - final.repayment.amount
    assert net == final.to_date.lm_total == D("2200.01")


def test_an_interim_claim_keeps_what_it_could_not_offset_outstanding() -> None:
    partner = _partner(D("10000.00"), D("0.00"), D("0.00"))
    claims = [_claim(1, "avansa", advance="3000.00"), _claim(2, "starpposma", pilot="100.00")]
    figures = claim_figures(partner, claims, RATES)
    assert figures[1].repayment.amount == D("0")  # only a final claim settles
    assert figures[1].outstanding == D("2900.00")


def test_an_advance_after_an_interim_claim_is_split_as_the_funding_it_prepays() -> None:
    # LM has paid 0,03 when the advance comes; 0,03 × 85 % = 0,0255 → 0,03 of ESF so far.
    partner = _partner(D("10.00"), D("0.00"), D("0.00"))
    claims = [
        _claim(1, "starpposma", pilot="0.03"),
        _claim(2, "avansa", advance="0.01"),
        _claim(3, "starpposma", pilot="0.01"),
    ]
    figures = claim_figures(partner, claims, RATES)
    advance, offset_claim = figures[1], figures[2]
    # 0,04 × 85 % = 0,034 → 0,03: the advance prepays a cent whose ESF part is 0,00
    assert (advance.advance.esf, advance.advance.state_budget) == (D("0.00"), D("0.01"))
    # the next claim is offset whole: nothing payable, in any column
    assert (offset_claim.payable.amount, offset_claim.payable.esf) == (D("0.00"), D("0.00"))
    assert offset_claim.payable.state_budget == D("0.00")
    assert offset_claim.offset == offset_claim.lm_period


def _kinds(draw_costs: list[tuple[D, D]], advances: dict[int, D], final: bool) -> list[Claim]:
    claims = []
    number = 0
    for index, (pilot, training) in enumerate(draw_costs):
        if index in advances:
            number += 1
            claims.append(_claim(number, "avansa", advance=str(advances[index])))
        number += 1
        last = final and index == len(draw_costs) - 1
        kind = "noslēguma" if last else "starpposma"
        claims.append(_claim(number, kind, pilot=str(pilot), training=str(training)))
    return claims


@given(
    st.lists(
        st.tuples(st.decimals(0, 10**5, places=2), st.decimals(0, 10**5, places=2)),
        min_size=1,
        max_size=6,
    ),
    st.dictionaries(st.integers(0, 5), st.decimals(D("0.01"), 10**5, places=2), max_size=3),
    st.booleans(),
    rates,
)
def test_advance_plus_payables_minus_repayment_is_the_share_of_all_costs(
    costs, advances, final, esf
) -> None:
    """advance + payables − repayment = LM's share of all the costs, to the cent, in the ESF and
    the state budget too, once the advance is settled; before that, the advance still
    outstanding (split as the funding it prepays) makes up the difference."""
    claims = _kinds(costs, advances, final)
    partner = _partner(D("10") ** 7, D("10") ** 7, D("0.00"))
    rates_ = _rates(esf=esf)
    figures = claim_figures(partner, claims, rates_)
    last = figures[-1]
    of_costs = last.to_date
    outstanding = Payment.between(of_costs.lm_total, of_costs.lm_total + last.outstanding, rates_)
    for part, share_of_costs in (
        ("amount", of_costs.lm_total),
        ("esf", of_costs.esf),
        ("state_budget", of_costs.state_budget),
    ):
        advanced = sum(getattr(f.advance, part) for f in figures)
        payable = sum(getattr(f.payable, part) for f in figures if not f.claim.is_advance)
        repaid = sum(getattr(f.repayment, part) for f in figures)
        assert advanced + payable - repaid == share_of_costs + getattr(outstanding, part), part
    if final:
        assert last.outstanding == 0  # the final claim settles the advance, one way or the other
    for f in figures:
        for payment in (f.advance, f.offset, f.payable, f.repayment):
            # every payment and each of its parts is a real amount: none below zero
            assert payment.esf + payment.state_budget == payment.amount
            assert payment.esf >= 0 and payment.state_budget >= 0
        if not f.claim.is_advance:
            # the offset takes what it can of the claim's share, the rest is payable
            assert f.offset.amount + f.payable.amount == f.period.lm_total
            assert f.offset.amount == min(f.period.lm_total, f.offset.amount + f.outstanding)


# --- Amendments: the budget in force ------------------------------------------------------------


@given(
    st.lists(
        st.tuples(st.decimals(0, 10**5, places=2), st.decimals(0, 10**5, places=2)),
        min_size=2,
        max_size=6,
    ),
    st.lists(
        st.tuples(st.decimals(0, 10**5, places=2), st.decimals(0, 10**5, places=2)),
        min_size=1,
        max_size=3,
    ),
    st.data(),
)
def test_claims_within_amendments_never_exceed_the_budget_in_force_and_add_up(
    costs, extras, data
) -> None:
    """Claims (one a month) and amendments between them that never go below what was claimed;
    the last claim uses up the last budget: every claim stays within the budget in force at its
    end, and together they are the amended agreement to the cent."""
    from docgen.records import Amendment, in_force
    from docgen.workbook.checks import _check_budget

    claims = [
        _claim(n + 1, "starpposma", pilot=str(p), training=str(t)) for n, (p, t) in enumerate(costs)
    ]
    claims = [
        dataclasses.replace(c, period_start=date(2021, n + 1, 1), period_end=date(2021, n + 1, 28))
        for n, c in enumerate(claims)
    ]
    # each amendment comes after some claim, and keeps at least what was claimed before it
    count = min(len(extras), len(claims) - 1)
    positions = sorted(
        data.draw(
            st.lists(st.integers(1, len(claims) - 1), min_size=count, max_size=count, unique=True)
        )
    )
    amendments = []
    first_pilot, first_training = costs[0][0] + extras[0][0], costs[0][1] + extras[0][1]
    partner = _partner(first_pilot, first_training, D("0.00"))
    for number, (position, (extra_pilot, extra_training)) in enumerate(
        zip(positions, extras, strict=False), 1
    ):
        before = claims[:position]
        pilot = sum((c.costs["pilot"] for c in before), D(0)) + extra_pilot
        training = sum((c.costs["training"] for c in before), D(0)) + extra_training
        # in force from the day after claim <position>'s period, before the next claim's end
        amendments.append(
            Amendment(
                row=number + 1,
                code="X",
                number=number,
                date=date(2021, position, 28) + timedelta(days=1),
                budget=FrozenDict(pilot=pilot, training=training),
            )
        )
    # the last claim takes the costs to the last budget in force exactly (when it can)
    final = in_force(partner, amendments)
    so_far = claims[:-1]
    rest = (
        final.budget["pilot"] - sum((c.costs["pilot"] for c in so_far), D(0)),
        final.budget["training"] - sum((c.costs["training"] for c in so_far), D(0)),
    )
    # only costs that fit the budgets drawn (Hypothesis says so if too few do)
    assume(
        min(rest) >= 0
        and not any(
            sum((c.costs[k] for c in claims[: i + 1]), D(0))
            > in_force(partner, amendments, claims[i].period_end).budget[k]
            for i in range(len(claims) - 1)
            for k in ("pilot", "training")
        )
    )
    claims[-1] = dataclasses.replace(claims[-1], costs=_costs(rest[0], rest[1]))
    assert _check_budget(claims, partner, amendments, RATES, lambda *a: "x") == []
    figures = claim_figures(partner, claims, RATES, amendments)
    for f in figures:
        for key in ("pilot", "training"):
            assert f.remaining.amounts[key] >= 0
    amended = partner_split(final, RATES)
    assert figures[-1].to_date == amended
    assert sum(f.period.lm_total for f in figures) == amended.lm_total
    assert sum(f.period.esf for f in figures) == amended.esf
    # one cent more in the last claim is above the budget in force
    more = _costs(claims[-1].costs["pilot"] + D("0.01"), claims[-1].costs["training"])
    over = dataclasses.replace(claims[-1], costs=more)
    assert _check_budget([*claims[:-1], over], partner, amendments, RATES, lambda *a: "x")


# --- Properties over random project shapes -------------------------------------------------------
# Any project: 1–7 cost categories with LM's rate in whole percent or with decimals (two thirds
# as 0,6666, a third as 0,333), some not eligible (their rate 0), any fund rate and advance rate.

any_rate = st.one_of(
    st.integers(0, 100).map(lambda percent: D(percent).scaleb(-2)),  # 70 → 0.70
    st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=1, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from([D("0.6666"), D("0.6667"), D("0.333"), D("0.3333"), D("0.1667"), D("0.85")]),
)
# amounts in cents: a few cents (where the rounding shows) or up to a milliard euro
cents = st.one_of(st.integers(0, 300), st.integers(0, 10**11))


def _euro(amount_in_cents: int) -> Decimal:
    """Cents as euro with exactly two decimals (1234 → 12.34, 100 → 1.00)."""
    return D(amount_in_cents).scaleb(-2)


@st.composite
def shapes(draw) -> Rates:
    count = draw(st.integers(1, 7))
    categories = []
    for i in range(count):
        eligible = draw(st.booleans())
        categories.append(
            Category(
                key=f"c{i}",
                name=f"Kategorija {i}",
                rate=draw(any_rate) if eligible else D("0"),
                eligible=eligible,
            )
        )
    return Rates(
        categories=tuple(categories), fund=Fund(rate=draw(any_rate)), advance=draw(any_rate)
    )


@st.composite
def budgets(draw, rates: Rates) -> FrozenDict:
    return FrozenDict({key: _euro(draw(cents)) for key in rates.keys})


def _two_decimals(s: Split, rates: Rates) -> None:
    """Every figure of a split is euro with exactly two decimals (so it prints as one)."""
    values = [*s.amounts.values(), *s.lm.values(), *s.as_dict(rates).values(), s.non_eligible]
    for value in values:
        assert value.as_tuple().exponent == -2, value


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_split_of_any_shape_adds_up_in_every_row_and_column(data) -> None:
    rates = data.draw(shapes())
    amounts = data.draw(budgets(rates))
    s = split(amounts, rates)
    assert list(s.amounts) == list(s.lm) == list(rates.keys)  # the project's order
    for category in rates.categories:
        amount = amounts[category.key]
        assert s.amounts[category.key] == amount
        # LM's share half up, the municipality the remainder: the row adds up
        assert s.lm[category.key] == (share(amount, category.rate) if category.eligible else ZERO)
        assert s.lm[category.key] + s.partner_share(category.key) == amount
        assert ZERO <= s.lm[category.key] <= amount
    eligible = [c.key for c in rates.categories if c.eligible]
    assert s.total_eligible == sum((amounts[k] for k in eligible), ZERO)
    assert s.non_eligible == sum((amounts[k] for k in rates.keys if k not in eligible), ZERO)
    assert s.total == s.total_eligible + s.non_eligible
    assert s.lm_total == sum(s.lm.values(), ZERO)
    assert s.esf == share(s.lm_total, rates.fund.rate)
    assert s.esf + s.state_budget == s.lm_total
    assert s.cofinancing == s.total_eligible - s.lm_total
    assert s.lm_total + s.municipality_total == s.total
    _adds_up(s, rates)
    _two_decimals(s, rates)
    # the JSON: each amount, the eligible total, LM's share of each eligible category, the totals
    assert list(s.as_dict(rates)) == [
        *rates.keys,
        "total_eligible",
        *(f"lm_{k}" for k in eligible),
        *("lm_total", "cofinancing", "esf", "state_budget", "total"),
    ]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_totals_of_many_partners_of_any_shape_are_the_sums_of_their_columns(data) -> None:
    rates = data.draw(shapes())
    rows = [split(b, rates) for b in data.draw(st.lists(budgets(rates), min_size=0, max_size=12))]
    totals = total_split(rows, rates)
    for key in rates.keys:
        assert totals.amounts[key] == sum((r.amounts[key] for r in rows), ZERO)
        assert totals.lm[key] == sum((r.lm[key] for r in rows), ZERO)
    for name in (
        "total_eligible",
        "lm_total",
        "cofinancing",
        "esf",
        "state_budget",
        "total",
        "non_eligible",
    ):
        assert getattr(totals, name) == sum((getattr(r, name) for r in rows), ZERO), name
    _adds_up(totals, rates)  # the totals row adds up across, as each row does
    _two_decimals(totals, rates)
    if not rows:
        assert totals == empty_split(rates)
        assert all(value == 0 for value in totals.as_dict(rates).values())
    else:
        # a difference of splits undoes their sum, column by column
        assert totals - rows[0] == total_split(rows[1:], rates)


@st.composite
def claimed_projects(draw) -> tuple[Rates, Partner, list[Claim]]:
    """A project's shape, a partner's budget and claims that claim all of it: the costs to date
    never above the budget in any category, the final claim taking each exactly to it; an advance
    of at most the advance rate of LM's funding first, or none."""
    rates = draw(shapes())
    budget = {key: draw(cents) for key in rates.keys}
    partner = _partner(ZERO, ZERO, ZERO)
    partner = dataclasses.replace(
        partner, budget=FrozenDict({k: _euro(v) for k, v in budget.items()})
    )
    count = draw(st.integers(1, 6))
    to_date = {
        key: [
            *sorted(draw(st.lists(st.integers(0, whole), min_size=count - 1, max_size=count - 1))),
            whole,
        ]
        for key, whole in budget.items()
    }
    claims = []
    ceiling = share(partner_split(partner, rates).lm_total, rates.advance)
    if ceiling >= CENT and draw(st.booleans()):
        advance = _euro(draw(st.integers(1, int(ceiling / CENT))))
        claims.append(
            Claim(
                row=2,
                code="X",
                number=1,
                period_start=date(2021, 1, 1),
                period_end=date(2021, 1, 31),
                date=date(2021, 1, 4),
                kind="avansa",
                costs=FrozenDict(dict.fromkeys(rates.keys, ZERO)),
                advance=advance,
                justification="Pirmās apmācības",
            )
        )
    for n in range(count):
        number = len(claims) + 1
        claims.append(
            Claim(
                row=number + 1,
                code="X",
                number=number,
                period_start=date(2021, n + 1, 1),
                period_end=date(2021, n + 1, 28),
                date=date(2021, n + 2, 2),
                kind="noslēguma" if n == count - 1 else "starpposma",
                costs=FrozenDict(
                    {k: _euro(v[n] - (v[n - 1] if n else 0)) for k, v in to_date.items()}
                ),
            )
        )
    return rates, partner, claims


@settings(max_examples=150, deadline=None)
@given(claimed_projects())
def test_a_fully_claimed_partner_of_any_shape_is_paid_its_agreement_to_the_cent(project) -> None:
    rates, partner, claims = project
    agreement = partner_split(partner, rates)
    figures = claim_figures(partner, claims, rates)
    assert [f.claim for f in figures] == claims
    # the claims add up to the agreement in every category and every total, to the cent
    claimed = total_split((f.period for f in figures), rates)
    assert claimed == agreement
    assert claimed.amounts == agreement.amounts and claimed.lm == agreement.lm
    assert claimed.as_dict(rates) == agreement.as_dict(rates)
    assert figures[-1].to_date == agreement
    assert figures[-1].remaining == empty_split(rates)  # nothing left, in every column
    assert all(value == 0 for value in figures[-1].remaining.amounts.values())
    assert all(value == 0 for value in figures[-1].remaining.lm.values())
    assert all(value == 0 for value in figures[-1].remaining.as_dict(rates).values())
    for f in figures:
        _adds_up(f.to_date, rates)
        _adds_up(f.period, rates)
        _two_decimals(f.period, rates)
        assert all(value >= 0 for value in f.remaining.amounts.values())  # never above budget
        assert f.period.esf + f.period.state_budget == f.period.lm_total
        for key in rates.keys:
            # each claim's share is the cumulative share's difference, never rounded on its own
            rate = rates.category(key).rate if rates.category(key).eligible else D(0)
            assert f.to_date.lm[key] == share(f.to_date.amounts[key], rate)
            assert f.period.lm[key] == f.to_date.lm[key] - f.previous.lm[key]
        for payment in (f.advance, f.offset, f.payable, f.repayment):
            assert payment.esf + payment.state_budget == payment.amount
            assert payment.esf >= 0 and payment.state_budget >= 0
    # advance + payables − repayment = LM's share of all the costs, and per fund
    assert figures[-1].outstanding == 0  # the final claim settles the advance
    assert _paid(figures) == {
        "amount": agreement.lm_total,
        "esf": agreement.esf,
        "state_budget": agreement.state_budget,
    }


def _paid(figures) -> dict[str, D]:
    """Advance + payables − repayment of a partner's claims, in all and per fund."""
    return {
        part: sum((getattr(f.advance, part) for f in figures), ZERO)
        + sum((getattr(f.payable, part) for f in figures if not f.claim.is_advance), ZERO)
        - sum((getattr(f.repayment, part) for f in figures), ZERO)
        for part in ("amount", "esf", "state_budget")
    }


@settings(max_examples=150, deadline=None)
@given(claimed_projects(), st.data())
def test_advance_plus_payables_minus_repayment_is_lms_share_in_any_shape(project, data) -> None:
    """The partner may stop early (its last claim final, below the budget): an advance the costs
    cannot use up is paid back, and the money still adds up to LM's share of the costs, per fund."""
    rates, partner, claims = project
    first = 2 if claims[0].is_advance else 1  # at least one claim of costs
    claims = claims[: data.draw(st.integers(first, len(claims)))]
    claims[-1] = dataclasses.replace(claims[-1], kind="noslēguma")
    figures = claim_figures(partner, claims, rates)
    of_costs = figures[-1].to_date
    assert figures[-1].outstanding == 0  # the final claim settles the advance
    assert _paid(figures) == {
        "amount": of_costs.lm_total,
        "esf": of_costs.esf,
        "state_budget": of_costs.state_budget,
    }
    for f in figures:
        assert f.repayment.amount >= 0
        for payment in (f.advance, f.offset, f.payable, f.repayment):
            assert payment.esf + payment.state_budget == payment.amount
            assert payment.esf >= 0 and payment.state_budget >= 0


# --- Approved costs: the money follows what LM approved ------------------------------------------


def test_approved_costs_below_claimed_with_an_advance_outstanding() -> None:
    # Agreed: pilot 10 000,00 (100 %), training 10 000,00 (70 %): LM 17 000,00, ESF 85 %.
    # Advance 5 000,00; claim 2 claims training 3 000,00 but LM approves 2 000,00; the final
    # claim claims pilot 4 000,00, approved 3 500,00 (an invoice not eligible).
    partner = _partner(D("10000.00"), D("10000.00"), ZERO)
    interim = dataclasses.replace(
        _claim(2, "starpposma", training="3000.00"), approved=FrozenDict(training=D("2000.00"))
    )
    final = dataclasses.replace(
        _claim(3, "noslēguma", pilot="4000.00"), approved=FrozenDict(pilot=D("3500.00"))
    )
    figures = claim_figures(
        partner, [_claim(1, "avansa", advance="5000.00"), interim, final], RATES
    )
    # by hand: LM of the approved costs to date: 1 400,00 after claim 2 (2 000,00 × 70 %),
    # 4 900,00 after claim 3 (+ 3 500,00 × 100 %); the advance covers claim 2 and 3 600,00 of 3
    assert figures[1].lm_period.amount == D("2100.00")  # asked: 70 % of 3 000,00
    assert (figures[1].approved.lm_total, figures[1].offset.amount) == (D("1400.00"), D("1400.00"))
    assert (figures[1].payable.amount, figures[1].outstanding) == (ZERO, D("3600.00"))
    assert (figures[2].approved.lm_total, figures[2].offset.amount) == (D("3500.00"), D("3500.00"))
    assert figures[2].payable.amount == ZERO
    # the final claim cannot use up the advance: 100,00 is paid back, split as the funding
    assert figures[2].repayment == Payment(D("100.00"), D("85.00"), D("15.00"))
    assert _paid(figures) == {
        "amount": D("4900.00"),
        "esf": share(D("4900.00"), D("0.85")),
        "state_budget": D("4900.00") - share(D("4900.00"), D("0.85")),
    }
    # the claimed figures stay for the tables
    assert figures[2].to_date.amounts["pilot"] == D("4000.00")


def test_without_approvals_the_approved_figures_are_the_claimed_ones() -> None:
    partner = _partner(D("1000.00"), D("10000.01"), ZERO)
    for f in claim_figures(partner, _claims([(D("100.00"), D("1000.00"), ZERO)]), RATES):
        assert (f.approved, f.approved_to_date) == (f.period, f.to_date)


@settings(max_examples=150, deadline=None)
@given(claimed_projects(), st.data())
def test_advance_payables_and_repayment_follow_the_approved_costs(project, data) -> None:
    """For random claims, approvals (each category of each claim approved in full or less) and
    an advance: advance + payables − repayment = LM's share of the approved costs, in LM, the
    fund and the state budget."""
    rates, partner, claims = project
    approved = []
    for claim in claims:
        cuts = {
            k: _euro(data.draw(st.integers(0, int(v / CENT))))
            for k, v in claim.costs.items()
            if v and data.draw(st.booleans())
        }
        approved.append(dataclasses.replace(claim, approved=FrozenDict(cuts)))
    figures = claim_figures(partner, approved, rates)
    of_approved = figures[-1].approved_to_date
    assert of_approved == split(
        {k: sum((c.approved_costs[k] for c in approved), ZERO) for k in rates.keys}, rates
    )
    assert _paid(figures) == {
        "amount": of_approved.lm_total,
        "esf": of_approved.esf,
        "state_budget": of_approved.state_budget,
    }
    for f in figures:
        for payment in (f.advance, f.offset, f.payable, f.repayment):
            assert payment.esf + payment.state_budget == payment.amount
            assert payment.amount >= 0
