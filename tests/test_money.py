"""The money rules of docs/rules.md: half-up shares, remainders, cumulative claims."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from docgen.errors import AmountError
from docgen.money import (
    Payment,
    Split,
    claim_figures,
    parse_amount,
    partner_split,
    share,
    split,
    total_split,
)
from docgen.records import Claim, Partner, Rates

D = Decimal
RATES = Rates()


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
    result = split(D("1000.00"), D("10000.01"), D("0.00"), RATES)
    assert result == Split(
        pilot=D("1000.00"),
        training=D("10000.01"),
        non_eligible=D("0.00"),
        total_eligible=D("11000.01"),
        lm_pilot=D("1000.00"),
        lm_training=D("7000.01"),
        lm_total=D("8000.01"),
        cofinancing=D("3000.00"),
        esf=D("6800.01"),
        state_budget=D("1200.00"),
        total=D("11000.01"),
    )


def test_rates_from_the_workbook_are_used() -> None:
    rates = Rates(esf=D("0.75"), pilot=D("0.9"), training=D("0.5"))
    result = split(D("100.00"), D("100.01"), D("5.00"), rates)
    assert result.lm_pilot == D("90.00")
    assert result.lm_training == D("50.01")  # 50,005 half up
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


def _adds_up(s: Split) -> None:
    assert s.total_eligible == s.pilot + s.training
    assert s.total == s.total_eligible + s.non_eligible
    assert s.lm_total == s.lm_pilot + s.lm_training
    assert s.lm_total + s.cofinancing == s.total_eligible
    assert s.esf + s.state_budget == s.lm_total
    assert s.lm_total + s.municipality_total == s.total
    for value in s.as_dict().values():
        assert value == value.quantize(D("0.01"))


@given(amounts, amounts, amounts, rates, rates, rates)
def test_every_split_adds_up(pilot, training, non_eligible, esf, pilot_rate, training_rate) -> None:
    s = split(pilot, training, non_eligible, Rates(esf, pilot_rate, training_rate))
    _adds_up(s)
    assert s.lm_pilot == share(pilot, pilot_rate)
    assert s.esf == share(s.lm_total, esf)
    assert D(0) <= s.cofinancing <= s.total_eligible


@given(st.lists(st.tuples(amounts, amounts, amounts), min_size=1, max_size=12), rates)
def test_columns_of_many_partners_add_up(budgets, esf) -> None:
    rows = [split(p, t, n, Rates(esf=esf)) for p, t, n in budgets]
    totals = total_split(rows)
    _adds_up(totals)  # the totals row adds up across, as each row does
    for key in totals.as_dict():
        assert getattr(totals, key) == sum(getattr(r, key) for r in rows)


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
        pilot=pilot,
        training=training,
        non_eligible=non_eligible,
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
            pilot=p,
            training=t,
            non_eligible=e,
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
    figures = claim_figures(partner, claims, Rates(esf=esf))
    agreement = partner_split(partner, Rates(esf=esf))
    assert total_split(f.period for f in figures) == agreement
    assert figures[-1].to_date == agreement
    assert figures[-1].remaining == total_split([])  # nothing left, in every column
    for f in figures:
        _adds_up(f.to_date)
        assert f.period.esf + f.period.state_budget == f.period.lm_total
        assert f.requested == f.period.lm_total
        assert f.to_date.lm_training == share(f.to_date.training, D("0.70"))


def test_claims_are_rounded_cumulatively() -> None:
    # Three claims of 0,05 training each: 0,035 per claim would round to 0,04 three times
    # (0,12); cumulatively LM gets 0,04, 0,07 (0,105 → 0,11 − 0,04), 0,11 (0,105 → 0,11).
    partner = _partner(D("0.00"), D("0.15"), D("0.00"))
    parts = [(D("0.00"), D("0.05"), D("0.00"))] * 3
    figures = claim_figures(partner, _claims(parts), RATES)
    assert [f.to_date.lm_training for f in figures] == [D("0.04"), D("0.07"), D("0.11")]
    assert [f.period.lm_training for f in figures] == [D("0.04"), D("0.03"), D("0.04")]
    assert [f.remaining.training for f in figures] == [D("0.10"), D("0.05"), D("0.00")]


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
        pilot=D(pilot),
        training=D(training),
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
    assert figures[0].period == total_split([])  # an advance claims no costs
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
    rates_ = Rates(esf=esf)
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
        pilot = sum((c.pilot for c in before), D(0)) + extra_pilot
        training = sum((c.training for c in before), D(0)) + extra_training
        # in force from the day after claim <position>'s period, before the next claim's end
        amendments.append(
            Amendment(
                row=number + 1,
                code="X",
                number=number,
                date=date(2021, position, 28) + timedelta(days=1),
                pilot=pilot,
                training=training,
            )
        )
    # the last claim takes the costs to the last budget in force exactly (when it can)
    final = in_force(partner, amendments)
    so_far = claims[:-1]
    rest = (
        final.pilot - sum((c.pilot for c in so_far), D(0)),
        final.training - sum((c.training for c in so_far), D(0)),
    )
    # only costs that fit the budgets drawn (Hypothesis says so if too few do)
    assume(
        min(rest) >= 0
        and not any(
            sum((getattr(c, k) for c in claims[: i + 1]), D(0))
            > getattr(in_force(partner, amendments, claims[i].period_end), k)
            for i in range(len(claims) - 1)
            for k in ("pilot", "training")
        )
    )
    claims[-1] = dataclasses.replace(claims[-1], pilot=rest[0], training=rest[1])
    assert _check_budget(claims, partner, amendments, lambda *a: "x") == []
    figures = claim_figures(partner, claims, RATES, amendments)
    for f in figures:
        for key in ("pilot", "training"):
            assert getattr(f.remaining, key) >= 0
    amended = partner_split(final, RATES)
    assert figures[-1].to_date == amended
    assert sum(f.period.lm_total for f in figures) == amended.lm_total
    assert sum(f.period.esf for f in figures) == amended.esf
    # one cent more in the last claim is above the budget in force
    over = dataclasses.replace(claims[-1], pilot=claims[-1].pilot + D("0.01"))
    assert _check_budget([*claims[:-1], over], partner, amendments, lambda *a: "x")
