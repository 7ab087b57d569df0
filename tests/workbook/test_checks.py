"""The rules across rows (docgen.workbook.checks): each broken rule gets its message with its
place, and exit 1."""

from __future__ import annotations

from datetime import date

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
        "the computed 11\u00a0000,01 (pilot + training) by 3\u00a0000,00"
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
        "Projekts!B10 (Pieejamais finansējums): the partners' LM funding adds up to "
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
