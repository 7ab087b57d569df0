"""Amendments (sheet Grozījumi): read into records, checked with their places, and the budget
in force at a date, against which claims are capped."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from docgen.money import claim_figures, partner_split
from docgen.workbook.reader import validate
from tests.helpers import errors_of, run

# JURMALA: pilot 1 000,00, training 10 000,01, from 18.04.2016 to 31.12.2023; claims for
# 2016 (pilot 400, training 3 000) and the first half of 2017 (100, 1 000,50).


def amendment(**values) -> dict:
    row = {"Kods": "JURMALA", "Nr.": 1, "Datums": date(2018, 3, 1)}
    row.update(values)
    return row


def test_an_amendment_is_read_and_the_budget_in_force_follows_its_date(book) -> None:
    book.amendments = [
        amendment(**{"Pilotprojekts": "2 000,00", "Apmācības un supervīzija": "8 571,44"}),
        amendment(**{"Nr.": 2, "Datums": date(2019, 5, 2), "Beigas": date(2024, 6, 30)}),
    ]
    path = book.save()
    code, output = run("validate", path)
    assert code == 0, output
    assert "2 amendments read; 0 errors" in output
    workbook = validate(path).workbook
    first, second = workbook.amendments_of("JURMALA")
    assert first.budget == {"pilot": D("2000.00"), "training": D("8571.44")}
    assert first.end is None and first.targets == {}
    assert second.end == date(2024, 6, 30) and second.budget == {}
    before = workbook.in_force("JURMALA", date(2018, 2, 28))
    between = workbook.in_force("JURMALA", date(2018, 3, 1))
    after = workbook.in_force("JURMALA")
    assert (before.budget["pilot"], before.end) == (D("1000.00"), date(2023, 12, 31))
    assert (between.budget["pilot"], between.budget["training"], between.end) == (
        D("2000.00"),
        D("8571.44"),
        date(2023, 12, 31),
    )
    assert (after.budget["pilot"], after.end) == (D("2000.00"), date(2024, 6, 30))
    # the agreement as first signed is kept
    assert workbook.partner("JURMALA").budget["pilot"] == D("1000.00")


def test_a_reallocation_whose_cents_round_differently_before_and_after(book) -> None:
    # Training 10 000,01 → 70 % is 7 000,007 → 7 000,01; moved to 8 571,45 → 6 000,015 → 6 000,02:
    # LM's total goes from 8 000,01 to 8 000,02 (pilot 2 000,00): the cents follow the new amounts.
    book.amendments = [
        amendment(**{"Pilotprojekts": "2 000,00", "Apmācības un supervīzija": "8 571,45"})
    ]
    workbook = validate(book.save()).workbook
    rates = workbook.project.rates
    first = partner_split(workbook.partner("JURMALA"), rates)
    amended = partner_split(workbook.in_force("JURMALA"), rates)
    assert (first.lm["training"], first.lm_total) == (D("7000.01"), D("8000.01"))
    assert (amended.lm["training"], amended.lm_total) == (D("6000.02"), D("8000.02"))
    assert amended.esf + amended.state_budget == amended.lm_total


def test_claims_before_and_after_an_amendment_are_capped_by_the_budget_in_force(book) -> None:
    book.partners[0]["Beigas"] = date(2023, 12, 31)
    book.amendments = [
        amendment(**{"Pilotprojekts": "2 000,00", "Apmācības un supervīzija": "8 571,44"})
    ]
    # A third claim after the amendment takes the pilot part to 1 500,00: above the first-signed
    # 1 000,00, within the amended 2 000,00.
    book.claims.append(
        {
            "Kods": "JURMALA",
            "Nr.": 3,
            "No": date(2017, 7, 1),
            "Līdz": date(2018, 6, 30),
            "Pilotprojekts": 1000,
            "Apmācības un supervīzija": 0,
        }
    )
    book.progress.append(
        {
            "Kods": "JURMALA",
            "No": date(2017, 7, 1),
            "Līdz": date(2018, 6, 30),
            "Apmācītie speciālisti": 1,
            "Supervīzijas": 1,
            "AIS novērtējumi": 1,
        }
    )
    assert errors_of(book.save()) == []
    # The same claim ending before the amendment is above the budget then in force.
    book.claims[-1]["Līdz"] = date(2018, 2, 28)
    book.progress[-1]["Līdz"] = date(2018, 2, 28)
    assert errors_of(book.save()) == [
        "Maksājumi!G5 (Pilotprojekts): claims 1–3 of JURMALA add up to 1\u00a0500,00 of "
        "Pilotprojekts, above the agreed 1\u00a0000,00 (Partneri row 2) by 500,00"
    ]


def test_claims_add_up_to_the_amended_agreement_when_everything_is_claimed(book) -> None:
    book.amendments = [
        amendment(**{"Pilotprojekts": "2 000,00", "Apmācības un supervīzija": "8 571,45"})
    ]
    book.claims.append(
        {
            "Kods": "JURMALA",
            "Nr.": 3,
            "No": date(2017, 7, 1),
            "Līdz": date(2023, 12, 31),
            "Pilotprojekts": "1 500,00",
            "Apmācības un supervīzija": "4 570,95",  # 8 571,45 − 3 000,00 − 1 000,50
        }
    )
    book.progress.append(
        {
            "Kods": "JURMALA",
            "No": date(2017, 7, 1),
            "Līdz": date(2023, 12, 31),
            "Apmācītie speciālisti": 1,
            "Supervīzijas": 1,
            "AIS novērtējumi": 1,
        }
    )
    workbook = validate(book.save()).workbook
    assert workbook is not None
    partner = workbook.partner("JURMALA")
    rates = workbook.project.rates
    figures = claim_figures(
        partner, workbook.claims_of("JURMALA"), rates, workbook.amendments_of("JURMALA")
    )
    amended = partner_split(workbook.in_force("JURMALA"), rates)
    assert figures[-1].to_date == amended
    assert sum(f.period.lm_total for f in figures) == amended.lm_total == D("8000.02")
    assert figures[-1].remaining.total == 0
    # the first claim's remaining is measured against the budget then in force
    assert figures[0].agreed.amounts["pilot"] == D("1000.00")
    assert figures[-1].agreed.amounts["pilot"] == D("2000.00")


def test_an_extension_lets_a_later_claim_in(book) -> None:
    late = {
        "Kods": "ADAZI",
        "Nr.": 2,
        "No": date(2024, 1, 1),
        "Līdz": date(2024, 3, 31),
        "Pilotprojekts": 0,
        "Apmācības un supervīzija": 0,
    }
    book.claims.append(late)
    assert any("is after the agreement of ADAZI ends" in e for e in errors_of(book.save()))
    book.amendments = [
        amendment(Kods="ADAZI", **{"Datums": date(2023, 6, 1), "Beigas": date(2024, 6, 30)})
    ]
    assert errors_of(book.save()) == []


# --- Each refusal with its place ------------------------------------------------------------------


def test_amendments_are_numbered_in_sequence(book) -> None:
    book.amendments = [amendment(**{"Nr.": 2, "Beigas": date(2024, 6, 30)})]
    assert errors_of(book.save()) == [
        "Grozījumi!B2 (Nr.): amendment 2 of JURMALA should be number 1: amendments are "
        "numbered 1, 2, … per partner, without gaps or repeats"
    ]


def test_amendment_dates_are_in_order(book) -> None:
    book.amendments = [
        amendment(**{"Beigas": date(2024, 6, 30)}),
        amendment(**{"Nr.": 2, "Datums": date(2018, 3, 1), "Mērķis: speciālisti": 3}),
    ]
    assert errors_of(book.save()) == [
        "Grozījumi!C3 (Datums): amendment 2 of JURMALA takes effect 01.03.2018., not after "
        "amendment 1 (01.03.2018.)"
    ]


def test_an_amendment_within_the_period_as_amended_so_far(book) -> None:
    book.amendments = [
        amendment(**{"Beigas": date(2024, 6, 30)}),
        amendment(**{"Nr.": 2, "Datums": date(2024, 3, 1), "Mērķis: speciālisti": 3}),
    ]
    assert errors_of(book.save()) == []  # within the extended period
    book.amendments[1]["Datums"] = date(2024, 7, 1)
    assert errors_of(book.save()) == [
        "Grozījumi!C3 (Datums): amendment 2 of JURMALA takes effect 01.07.2024., outside the "
        "agreement's period (18.04.2016.–30.06.2024.)"
    ]


def test_an_amendment_after_the_agreements_date(book) -> None:
    book.partners[0]["Līguma datums"] = date(2018, 3, 5)
    book.amendments = [amendment(**{"Beigas": date(2024, 6, 30)})]
    assert errors_of(book.save()) == [
        "Grozījumi!C2 (Datums): amendment 1 of JURMALA takes effect 01.03.2018., not after the "
        "agreement was signed (05.03.2018.)"
    ]


def test_a_row_that_changes_nothing(book) -> None:
    book.amendments = [amendment(**{"Pilotprojekts": "1 000,00"})]  # the amount in force
    assert errors_of(book.save()) == [
        "Grozījumi!A2 (Kods): amendment 1 of JURMALA changes nothing: each of its values is "
        "empty or the one in force"
    ]


def test_a_category_below_what_was_already_claimed(book) -> None:
    book.amendments = [amendment(**{"Pilotprojekts": "450,00"})]  # 500,00 claimed in 2016–2017
    assert errors_of(book.save()) == [
        "Grozījumi!D2 (Pilotprojekts): amendment 1 of JURMALA sets Pilotprojekts to 450,00, "
        "below the 500,00 already claimed for periods ending before 01.03.2018. by 50,00"
    ]


def test_an_end_before_an_existing_claim(book) -> None:
    book.amendments = [amendment(**{"Datums": date(2017, 3, 1), "Beigas": date(2017, 5, 31)})]
    assert errors_of(book.save()) == [
        "Grozījumi!G2 (Beigas): amendment 1 of JURMALA ends the period on 31.05.2017., before "
        "claim 2 (01.01.2017.–30.06.2017., Maksājumi row 3)"
    ]


def test_lm_funding_above_the_available_after_an_amendment(book) -> None:
    book.project["Pieejamais finansējums"] = "50 000"  # 49 000,01 agreed
    book.amendments = [amendment(**{"Pilotprojekts": "3 000,00"})]  # + 2 000,00 of LM
    assert errors_of(book.save()) == [
        "Grozījumi!B2 (Nr.): after amendment 1 of JURMALA the partners' LM funding adds up to "
        "51\u00a0000,01, above the available 50\u00a0000,00 by 1\u00a0000,01"
    ]


def test_an_amendment_of_no_partner(book) -> None:
    book.amendments = [amendment(Kods="NAV", **{"Beigas": date(2024, 6, 30)})]
    (error,) = errors_of(book.save())
    assert error.startswith("Grozījumi!A2 (Kods): NAV")
