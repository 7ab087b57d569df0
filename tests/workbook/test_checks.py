"""The rules across rows (docgen.workbook.checks): each broken rule gets its message with its
place, and exit 1."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from docgen.workbook.reader import validate
from tests.helpers import errors_of, warnings_of

# --- Between rows ---------------------------------------------------------------------


def test_a_duplicate_code(book) -> None:
    book.partners[1]["Kods"] = "jurmala"
    assert errors_of(book.save())[0] == (
        "Partneri!A3 (Kods): jurmala is already used in row 2 (JURMALA); codes must be unique "
        "(letter case aside)"
    )


def test_end_before_start(book) -> None:
    book.partners[0]["Beigas"] = date(2016, 4, 17)
    assert errors_of(book.save())[0] == (
        "Partneri!O2 (Beigas): 17.04.2016. is before Sākums 18.04.2016."
    )


def test_a_stated_total_that_differs(book) -> None:
    book.partners[0]["Attiecināmās izmaksas kopā"] = "14 000,01"  # a typo of 3 000
    book.partners[0]["LM finansējums kopā"] = "8 000,01"  # right
    assert errors_of(book.save()) == [
        "Partneri!S2 (Attiecināmās izmaksas kopā): the stated total 14\u00a0000,01 differs from "
        "the computed 11\u00a0000,01 (Pilotprojekts + Apmācības un supervīzija) by 3\u00a0000,00"
    ]


def test_claims_that_overlap(book) -> None:
    book.claims[1]["No"] = date(2016, 12, 31)
    assert errors_of(book.save()) == [
        "Maksājumi!C3 (No): claim 2 of JURMALA (31.12.2016.–30.06.2017.) overlaps claim 1 of "
        "JURMALA (18.04.2016.–31.12.2016., row 2)"
    ]


def test_a_claim_outside_the_agreement(book) -> None:
    book.claims[0]["No"] = date(2016, 1, 1)
    book.claims[1]["Līdz"] = date(2024, 1, 31)
    assert errors_of(book.save()) == [
        "Maksājumi!C2 (No): 01.01.2016. is before the agreement of JURMALA starts "
        "(18.04.2016.–31.12.2023., Partneri row 2)",
        "Maksājumi!D3 (Līdz): 31.01.2024. is after the agreement of JURMALA ends "
        "(18.04.2016.–31.12.2023., Partneri row 2)",
    ]


def test_a_claim_ending_before_it_starts(book) -> None:
    book.claims[1]["Līdz"] = date(2016, 12, 1)
    assert errors_of(book.save()) == ["Maksājumi!D3 (Līdz): 01.12.2016. is before No 01.01.2017."]


def test_claims_above_the_budget(book) -> None:
    book.claims[1]["Pilotprojekts"] = "600,01"  # 400 + 600,01 of an agreed 1 000
    assert errors_of(book.save()) == [
        "Maksājumi!G3 (Pilotprojekts): claims 1–2 of JURMALA add up to 1\u00a0000,01 of "
        "Pilotprojekts, above the agreed 1\u00a0000,00 (Partneri row 2) by 0,01"
    ]


def test_claim_numbers_with_a_gap_or_a_repeat(book) -> None:
    book.claims[1]["Nr."] = 3
    book.claims.append(dict(book.claims[2], **{"No": date(2017, 1, 1), "Līdz": date(2017, 3, 1)}))
    assert errors_of(book.save()) == [
        "Maksājumi!B3 (Nr.): claim 3 of JURMALA: claims are numbered 1, 2, … and 2 is missing",
        "Maksājumi!B5 (Nr.): claim 1 of ADAZI is repeated (also row 4)",
    ]


def test_a_claim_of_no_partner(book) -> None:
    book.claims[2]["Kods"] = "ADAZU"
    assert errors_of(book.save()) == [
        "Maksājumi!A4 (Kods): ADAZU is not the Kods of any partner in Partneri"
    ]


def test_progress_rows_that_overlap(book) -> None:
    del book.progress[1:]  # one row, and one that overlaps it
    book.progress.append(
        dict(book.progress[0], **{"No": date(2016, 6, 1), "Līdz": date(2017, 1, 31)})
    )
    assert errors_of(book.save()) == [
        "Rādītāji!B3 (No): the period of JURMALA (01.06.2016.–31.01.2017.) overlaps the period "
        "of JURMALA (18.04.2016.–31.12.2016., row 2)"
    ]


def test_funding_above_what_is_available(book) -> None:
    book.project["Pieejamais finansējums"] = "40 000"
    # LM: JURMALA 8 000,01 + ADAZI 20 000 + 21 000 = 49 000,01
    assert errors_of(book.save()) == [
        "Projekts!B12 (Pieejamais finansējums): the partners' LM funding adds up to "
        "49\u00a0000,01, above the available 40\u00a0000,00 by 9\u00a0000,01"
    ]


# --- Who signs, and on what authority ----------------------------------------------------------


def test_an_executive_director_under_the_bylaws_alone_is_a_warning(book) -> None:
    book.partners[1].update(
        {"Amats": "izpilddirektors", "Pārstāvības pamats": "pašvaldības nolikums"}
    )
    path = book.save()
    assert errors_of(path) == []
    assert warnings_of(path) == [
        "warning: Partneri!I3 (Pārstāvības pamats): an executive director (izpilddirektors) signs "
        "under a council decision or a power of attorney, named with its date and number (for "
        'example "domes 2021. gada 15. jūlija lēmums Nr. 12"), not the bylaws alone'
    ]
    book.partners[1]["Pārstāvības pamats"] = "domes 2021. gada 15. jūlija lēmums Nr. 12"
    assert warnings_of(book.save()) == []


def test_an_executive_director_with_no_authority_given_is_a_warning(book) -> None:
    book.partners[1]["Amats"] = "pašvaldības izpilddirektore"
    assert [w.split(": ", 2)[1] for w in warnings_of(book.save())] == [
        "Partneri!I3 (Pārstāvības pamats)"
    ]


def test_a_decision_without_its_date_or_number_is_a_warning(book) -> None:
    book.partners[0]["Pārstāvības pamats"] = "domes lēmums Nr. 12"
    assert warnings_of(book.save()) == [
        "warning: Partneri!I2 (Pārstāvības pamats): 'domes lēmums Nr. 12': a decision or power "
        "of attorney is cited with its date"
    ]


def test_an_act_docgen_cannot_decline_is_a_warning(book) -> None:
    book.partners[0]["Pārstāvības pamats"] = "statūti"
    (warning,) = warnings_of(book.save())
    assert warning.startswith("warning: Partneri row 2 (Pārstāvības pamats, JURMALA): no act")


def test_a_claim_dated_before_the_agreement_was_signed_is_a_warning(book) -> None:
    book.partners[0]["Līguma datums"] = date(2017, 3, 1)
    book.claims[1]["Datums"] = date(2017, 7, 3)
    assert warnings_of(book.save()) == [
        "warning: Maksājumi!E2 (Datums): claim 1 of JURMALA is dated 02.01.2017., before the "
        "agreement was signed (01.03.2017., Partneri row 2)"
    ]


# --- Advances ------------------------------------------------------------------------------------
# JURMALA's LM funding is 8 000,01: the largest advance (30 %) is 2 400,00 (2 400,003).


def _with_advance(book, amount, **changes) -> None:
    """An advance claim first for JURMALA, asked for the costs of 2016."""
    book.with_advance(
        amount,
        **{
            "Veids": "avansa",
            "Pamatojums": "Apmācību uzsākšanai.",
            "Pilotprojekts": None,
            "Apmācības un supervīzija": None,
            **changes,
        },
    )


def test_an_advance_of_exactly_the_cap_is_accepted(book) -> None:
    _with_advance(book, "2 400,00")
    path = book.save()
    assert errors_of(path) == []
    assert warnings_of(path) == []
    workbook = validate(path).workbook
    advance = workbook.claims_of("JURMALA")[0]
    assert (advance.kind, advance.advance) == ("avansa", D("2400.00"))
    assert advance.costs == {"pilot": D("0.00"), "training": D("0.00"), "non_eligible": D("0.00")}
    assert advance.date == date(2016, 4, 18)  # the first working day of its period


def test_an_advance_one_cent_above_the_cap_is_refused(book) -> None:
    _with_advance(book, "2 400,01")
    assert errors_of(book.save()) == [
        "Maksājumi!J2 (Avanss): the advance 2\u00a0400,01 is above the largest advance "
        "2\u00a0400,00 (30\u00a0% of the LM funding 8\u00a0000,01 of JURMALA) by 0,01"
    ]


def test_the_cap_follows_the_advance_rate(book) -> None:
    book.project["Avansa likme"] = "10 %"
    _with_advance(book, "800,01")
    assert errors_of(book.save()) == [
        "Maksājumi!J2 (Avanss): the advance 800,01 is above the largest advance 800,00 "
        "(10\u00a0% of the LM funding 8\u00a0000,01 of JURMALA) by 0,01"
    ]


def test_an_advance_with_costs_is_refused(book) -> None:
    _with_advance(book, "1 000", **{"Pilotprojekts": 10})
    assert errors_of(book.save()) == [
        "Maksājumi!G2 (Pilotprojekts): advance claim 1 of JURMALA reports no costs; the costs go "
        "into the claims of the periods they were made in"
    ]


def test_an_advance_claim_without_its_amount_is_refused(book) -> None:
    _with_advance(book, None, **{"Pilotprojekts": 0, "Apmācības un supervīzija": 0})
    assert errors_of(book.save()) == [
        "Maksājumi!J2 (Avanss): advance claim 1 of JURMALA needs the amount it asks for"
    ]


def test_an_advance_on_a_claim_of_costs_is_refused(book) -> None:
    book.claims[0]["Avanss"] = 500
    book.claims[0]["Veids"] = "starpposma"
    assert errors_of(book.save()) == [
        "Maksājumi!J2 (Avanss): claim 1 of JURMALA is a starpposma claim: only an avansa claim "
        "asks for an advance (Veids avansa, and no costs)"
    ]


def test_an_amount_in_avanss_makes_an_advance_claim(book) -> None:
    _with_advance(book, "1 000", Veids=None)
    assert validate(book.save()).workbook.claims_of("JURMALA")[0].kind == "avansa"


def test_a_second_advance_while_one_is_outstanding_is_refused(book) -> None:
    _with_advance(book, "2 400,00")
    # claim 2 (400 + 70 % of 3 000 = 2 500,00 of LM) offsets it whole; a second advance
    # before claim 2 would find 2 400,00 outstanding
    book.claims.insert(
        1,
        {
            "Kods": "JURMALA",
            "Nr.": 2,
            "No": date(2016, 4, 18),
            "Līdz": date(2016, 12, 31),
            "Avanss": 100,
        },
    )
    for claim in book.claims[2:]:
        if claim["Kods"] == "JURMALA":
            claim["Nr."] += 1
    assert errors_of(book.save()) == [
        "Maksājumi!J3 (Avanss): claim 2 of JURMALA asks for an advance while 2\u00a0400,00 of an "
        "earlier advance is not offset yet (after claim 1); one advance at a time"
    ]


def test_an_advance_after_the_first_is_offset_is_accepted(book) -> None:
    _with_advance(book, "2 400,00")
    book.claims.append(
        {
            "Kods": "JURMALA",
            "Nr.": 4,
            "No": date(2017, 7, 1),
            "Līdz": date(2017, 12, 31),
            "Avanss": 100,
        }
    )
    assert errors_of(book.save()) == []


def test_nothing_is_claimed_after_the_final_claim(book) -> None:
    book.claims[0]["Veids"] = "noslēguma"
    assert errors_of(book.save()) == [
        "Maksājumi!B3 (Nr.): claim 2 of JURMALA comes after the final claim 1 (row 2)"
    ]


# --- Dates and deadlines, claims with their reports ------------------------------------------


def test_a_claim_dated_on_a_non_working_day_is_a_warning(book) -> None:
    book.claims[0]["Datums"] = date(2017, 1, 7)
    assert warnings_of(book.save()) == [
        "warning: Maksājumi!E2 (Datums): claim 1 of JURMALA is dated 07.01.2017., a Saturday: "
        "date it on a working day"
    ]
    book.claims[0]["Datums"] = date(2017, 6, 23)
    (warning,) = [w for w in warnings_of(book.save()) if "a public holiday" in w]
    assert "claim 1 of JURMALA is dated 23.06.2017., a public holiday (Midsummer Eve)" in warning


def test_a_claim_after_its_deadline_is_a_warning_naming_the_deadline(book) -> None:
    # 20 working days after Friday 30 June 2017: 28 July 2017.
    book.claims[1]["Datums"] = date(2017, 7, 28)
    assert warnings_of(book.save()) == []
    book.claims[1]["Datums"] = date(2017, 7, 31)
    assert warnings_of(book.save()) == [
        "warning: Maksājumi!E3 (Datums): claim 2 of JURMALA is dated 31.07.2017., after its "
        "deadline 28.07.2017. (20 working days after 30.06.2017.)"
    ]


def test_the_deadline_follows_the_workbook(book) -> None:
    book.project["MP termiņš (darbdienas)"] = 10
    book.claims[1]["Datums"] = date(2017, 7, 17)
    assert warnings_of(book.save()) == [
        "warning: Maksājumi!E3 (Datums): claim 2 of JURMALA is dated 17.07.2017., after its "
        "deadline 14.07.2017. (10 working days after 30.06.2017.)"
    ]


def test_a_claim_without_a_progress_row_for_its_period_is_a_warning(book) -> None:
    del book.progress[1]  # JURMALA's second period
    assert warnings_of(book.save()) == [
        "warning: Maksājumi!D3 (Līdz): claim 2 of JURMALA (01.01.2017.–30.06.2017.) has no "
        "progress row for the same period in Rādītāji; the agreement asks for a progress report "
        "with every claim"
    ]


def test_an_advance_needs_no_progress_row(book) -> None:
    _with_advance(book, "1 000")
    assert warnings_of(book.save()) == []
