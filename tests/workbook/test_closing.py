"""Closing a project: the programme's eligibility end (and, as they come, the targets at closing,
approved costs and supporting documents)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from docgen.workbook.reader import validate
from tests.helpers import errors_of, warnings_of

RULE = (
    "01.01.2024. is after the programme's eligibility end 31.12.2023. (Attiecināmības beigas): "
    "costs are eligible only if incurred and paid by then"
)


@pytest.fixture
def default_end(book):
    """The test workbook with 9.2.1.1's eligibility end, 31.12.2023 (the default)."""
    del book.project["Attiecināmības beigas"]
    return book


def test_the_default_eligibility_end_is_the_end_of_2023(default_end) -> None:
    assert validate(default_end.save()).workbook.project.eligibility_end == date(2023, 12, 31)


def test_a_partner_ending_after_it(default_end) -> None:
    default_end.partners[1]["Beigas"] = date(2024, 1, 1)
    assert errors_of(default_end.save()) == [f"Partneri!O3 (Beigas): {RULE}"]


def test_an_amendment_extending_past_it(default_end) -> None:
    default_end.amendments = [{"Kods": "JURMALA", "Nr.": 1, "Datums": date(2018, 3, 1)}]
    default_end.amendments[0]["Beigas"] = date(2024, 1, 1)
    assert errors_of(default_end.save()) == [f"Grozījumi!G2 (Beigas): {RULE}"]


def test_a_claim_whose_period_ends_after_it(book) -> None:
    # With the extension allowed by the project, the claim's period is the limit's concern.
    book.project["Attiecināmības beigas"] = date(2023, 12, 31)
    book.claims[0]["Līdz"] = date(2024, 1, 1)
    errors = errors_of(book.save())
    assert f"Maksājumi!D2 (Līdz): {RULE}" in errors


def test_a_final_claim_made_after_it_is_fine(default_end) -> None:
    final = dict(default_end.claims[2], **{"Nr.": 2, "No": date(2017, 1, 1)})
    final.update({"Līdz": date(2023, 12, 31), "Datums": date(2024, 1, 15)})
    final.update({"Pilotprojekts": 0, "Apmācības un supervīzija": 0})
    default_end.claims.append(final)
    default_end.progress.append(
        dict(default_end.progress[2], **{"No": date(2017, 1, 1), "Līdz": date(2023, 12, 31)})
    )
    assert errors_of(default_end.save()) == []


def test_a_later_end_written_in_the_workbook(book) -> None:
    book.partners[1]["Beigas"] = date(2024, 6, 30)
    assert errors_of(book.save()) == []  # the test workbook's end is 31.12.2024
    book.project["Attiecināmības beigas"] = "30.06.2024."
    assert errors_of(book.save()) == []
    book.project["Attiecināmības beigas"] = "29.06.2024."
    assert errors_of(book.save())[0].startswith("Partneri!O3 (Beigas): 30.06.2024. is after")


# --- The agreement's identity --------------------------------------------------------------


def test_a_signed_agreement_without_its_number_is_refused(book) -> None:
    del book.partners[1]["Līguma Nr."]
    assert errors_of(book.save()) == [
        "Partneri!L3 (Līguma Nr.): the agreement is signed (15.04.2016.): write its number here; "
        "a number made from the row's place would change if the sheet were sorted"
    ]


def test_a_draft_without_a_date_may_take_its_number_from_its_row(book) -> None:
    del book.partners[1]["Līguma Nr."], book.partners[1]["Līguma datums"]
    book.claims = [c for c in book.claims if c["Kods"] != "ADAZI"]
    book.progress = [r for r in book.progress if r["Kods"] != "ADAZI"]
    result = validate(book.save())
    assert [str(p) for p in result.problems] == []
    assert result.workbook.partner("ADAZI").agreement_no == "9.2.1.1/15/I/001/2"


def test_claims_of_an_undated_agreement_are_a_warning_once(book) -> None:
    del book.partners[1]["Līguma datums"]
    assert warnings_of(book.save()) == [
        "warning: Partneri!M3 (Līguma datums): the agreement of ADAZI has no date yet, so its "
        "claims, reports and amendments cite it by its number alone; write the date of its last "
        "e-signature here"
    ]


def test_the_cfla_agreements_date_missing_is_a_warning(book) -> None:
    del book.project["CFLA vienošanās datums"]
    assert warnings_of(book.save()) == [
        "warning: Projekts (CFLA vienošanās datums): the date of the ministry's agreement with "
        "CFLA is missing: the cooperation agreements cite it by its number alone"
    ]


# --- Targets at closing ----------------------------------------------------------------------


@pytest.fixture
def finished(book):
    """ADAZI's agreement ends with a final claim and a final progress row: 3 of a target of 4
    AIS assessments (75,00 %)."""
    book.partners[1]["Mērķis: AIS novērtējumi"] = 4
    book.claims.append(
        dict(
            book.claims[2],
            **{"Nr.": 2, "No": date(2017, 1, 1), "Līdz": date(2023, 12, 31)},
            **{"Pilotprojekts": 0, "Apmācības un supervīzija": 0},
        )
    )
    book.progress.append(
        dict(book.progress[2], **{"No": date(2017, 1, 1), "Līdz": date(2023, 12, 31)})
    )
    book.progress[-1]["AIS novērtējumi"] = 0  # 3 in the first period, none in the last
    book.claims[-1]["Lēmums"] = "2024. gada 22. janvāra lēmums Nr. 1-5/7"  # accepted in full
    return book


SHORT = (
    "warning: Rādītāji!I5 (Skaidrojums): ADAZI reached 3 of its target of 4 for AIS novērtējumi "
    "(75,00\u00a0%), 1 short; write why in the final period's Skaidrojums"
)


def test_a_shortfall_without_an_explanation_is_a_warning(finished) -> None:
    assert warnings_of(finished.save()) == [SHORT]


def test_a_shortfall_with_an_explanation_is_fine(finished) -> None:
    finished.progress[-1]["Skaidrojums"] = "Klientu bija mazāk, nekā plānots."
    assert warnings_of(finished.save()) == []


def test_a_target_lowered_by_an_amendment_is_the_one_measured(finished) -> None:
    finished.amendments = [
        {"Kods": "ADAZI", "Nr.": 1, "Datums": date(2018, 3, 1), "Mērķis: AIS novērtējumi": 3}
    ]
    assert warnings_of(finished.save()) == []


# --- Approved costs and LM's decision -------------------------------------------------------


def test_approved_costs_are_read_and_the_money_follows_them(book) -> None:
    book.claims[1]["Apstiprināts: Apmācības un supervīzija"] = "900,50"  # of 1 000,50
    book.claims[1]["Lēmums"] = "2017. gada 20. jūlija lēmums Nr. 1-5/3"
    result = validate(book.save())
    assert [str(p) for p in result.problems] == []
    claim = result.workbook.claims_of("JURMALA")[1]
    assert dict(claim.approved) == {"training": D("900.50")}
    assert claim.decision == "2017. gada 20. jūlija lēmums Nr. 1-5/3"


def test_approved_above_claimed_is_an_error(book) -> None:
    book.claims[1]["Apstiprināts: Pilotprojekts"] = "100,01"  # of 100,00
    book.claims[1]["Lēmums"] = "lēmums Nr. 1"
    assert errors_of(book.save()) == [
        "Maksājumi!L3 (Apstiprināts: Pilotprojekts): 100,01 approved is more than the 100,00 "
        "claimed of Pilotprojekts in claim 2 of JURMALA"
    ]


def test_an_approval_without_a_decision_is_a_warning(book) -> None:
    book.claims[1]["Apstiprināts: Pilotprojekts"] = "50,00"
    assert warnings_of(book.save()) == [
        "warning: Maksājumi!O3 (Lēmums): claim 2 of JURMALA approves less than claimed but names "
        "no decision; write LM's decision (its date and number) in Lēmums: the claim's document "
        "cites it"
    ]


def test_a_final_claim_with_targets_missed_and_no_decision(finished) -> None:
    finished.progress[-1]["Skaidrojums"] = "Klientu bija mazāk."
    del finished.claims[-1]["Lēmums"]
    assert warnings_of(finished.save()) == [
        "warning: Maksājumi!O5 (Lēmums): the final claim 2 of ADAZI comes with targets missed "
        "(AIS novērtējumi); write LM's decision on it in Lēmums: costs approved below the "
        "claimed, or the claim accepted in full"
    ]
    finished.claims[-1]["Lēmums"] = "2024. gada 22. janvāra lēmums Nr. 1-5/7"
    assert warnings_of(finished.save()) == []
