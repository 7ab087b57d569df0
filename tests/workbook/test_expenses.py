"""The sheet Izdevumi: the documents that back a claim's costs, checked against the claim: each
a claim of costs of a known partner, dated within its period, paid by the eligibility end, and
together adding up per category to the claim's costs, to the cent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from docgen.workbook.reader import validate
from tests.helpers import errors_of, warnings_of

NB = "\u00a0"  # amounts in messages group their thousands by a no-break space


def document(**changes) -> dict:
    """A row of Izdevumi: by default 400,00 of Pilotprojekts for claim 1 of JURMALA
    (18.04.2016.–31.12.2016.)."""
    row = {
        "Kods": "JURMALA",
        "MP Nr.": 1,
        "Dokuments": "Rēķins Nr. 12",
        "Datums": date(2016, 5, 2),
        "Saņēmējs": "SIA „Metodikas centrs”",
        "Apraksts": "Metodikas konsultācijas",
        "Kategorija": "Pilotprojekts",
        "Summa": "400,00",
        "Apmaksāts": date(2016, 5, 20),
    }
    row.update(changes)
    return row


# JURMALA's two claims of the test workbook, each backed in full: claim 1 has 400,00 of
# Pilotprojekts and 3 000,00 of training, claim 2 has 100,00 and 1 000,50.
DOCUMENTS = [
    document(**{"Summa": "250,00"}),
    document(
        **{
            "Dokuments": "Līgums Nr. 3",
            "Datums": date(2016, 6, 15),
            "Saņēmējs": "IK „Sociālā darba eksperts”",
            "Summa": "150,00",
        }
    ),
    document(
        **{
            "Dokuments": "Algu saraksts Nr. 6",
            "Datums": date(2016, 6, 30),
            "Saņēmējs": "Sociālā dienesta darbinieki",
            "Apraksts": None,
            "Kategorija": "Apmācības un supervīzija",
            "Summa": "3 000,00",
            "Apmaksāts": None,
        }
    ),
    document(
        **{
            "MP Nr.": 2,
            "Dokuments": "Rēķins Nr. 40",
            "Datums": date(2017, 2, 1),
            "Summa": "100,00",
            "Apmaksāts": date(2017, 2, 10),
        }
    ),
    document(
        **{
            "MP Nr.": 2,
            "Dokuments": "Rēķins Nr. SV-7",
            "Datums": date(2017, 3, 1),
            "Saņēmējs": "SIA „Supervīzijas centrs”",
            "Apraksts": "Supervīzijas",
            "Kategorija": "Apmācības un supervīzija",
            "Summa": "1 000,50",
            "Apmaksāts": date(2017, 3, 15),
        }
    ),
]


@pytest.fixture
def documented(book):
    """The test workbook with JURMALA's claims backed in full (sheet Izdevumi rows 2–6)."""
    book.expenses = [dict(row) for row in DOCUMENTS]
    return book


def test_documents_that_add_up_are_read_without_a_problem(documented) -> None:
    result = validate(documented.save())
    assert [str(p) for p in result.problems] == []
    workbook = result.workbook
    first = workbook.expenses_of("JURMALA", 1)
    assert [(e.row, e.document, e.category, e.amount) for e in first] == [
        (2, "Rēķins Nr. 12", "pilot", Decimal("250.00")),
        (3, "Līgums Nr. 3", "pilot", Decimal("150.00")),
        (4, "Algu saraksts Nr. 6", "training", Decimal("3000.00")),
    ]
    assert first[0].paid == date(2016, 5, 20) and first[2].paid is None
    assert first[0].description == "Metodikas konsultācijas" and first[2].description == ""
    assert len(workbook.expenses_of("JURMALA", 2)) == 2
    assert workbook.expenses_of("ADAZI", 1) == ()


def test_a_list_off_by_a_cent_in_one_category_is_one_error_naming_the_gap(documented) -> None:
    documented.expenses[1]["Summa"] = "149,99"
    assert errors_of(documented.save()) == [
        "Maksājumi!G2 (Pilotprojekts): the supporting documents of claim 1 of JURMALA in "
        "Izdevumi add up to 399,99 of Pilotprojekts, 0,01 less than the claimed 400,00"
    ]


def test_a_list_above_the_claim_is_an_error_too(documented) -> None:
    documented.expenses[4]["Summa"] = "1 000,51"
    assert errors_of(documented.save()) == [
        "Maksājumi!H3 (Apmācības un supervīzija): the supporting documents of claim 2 of "
        f"JURMALA in Izdevumi add up to 1{NB}000,51 of Apmācības un supervīzija, 0,01 more than "
        f"the claimed 1{NB}000,50"
    ]


def test_a_document_of_a_category_the_claim_has_no_costs_in_is_a_gap(documented) -> None:
    documented.expenses.append(
        document(**{"Kategorija": "Neattiecināmās izmaksas", "Summa": "12,00"})
    )
    assert errors_of(documented.save()) == [
        "Maksājumi!I2 (Neattiecināmās izmaksas): the supporting documents of claim 1 of "
        "JURMALA in Izdevumi add up to 12,00 of Neattiecināmās izmaksas, 12,00 more than the "
        "claimed 0,00"
    ]


def test_a_category_without_documents_is_a_gap(documented) -> None:
    del documented.expenses[2]  # claim 1's training
    assert errors_of(documented.save()) == [
        "Maksājumi!H2 (Apmācības un supervīzija): the supporting documents of claim 1 of "
        f"JURMALA in Izdevumi add up to 0,00 of Apmācības un supervīzija, 3{NB}000,00 less than "
        f"the claimed 3{NB}000,00"
    ]


def test_a_category_is_named_by_its_name_or_its_column_loosely(documented) -> None:
    documented.expenses[0]["Kategorija"] = "Pilotprojekta daļa"
    documented.expenses[2]["Kategorija"] = "  APMACIBAS un  supervizija "
    assert errors_of(documented.save()) == []


def test_an_unknown_category_is_an_error_at_its_cell(documented) -> None:
    documented.expenses[0]["Kategorija"] = "Aprīkojums"
    assert errors_of(documented.save()) == [
        "Izdevumi!G2 (Kategorija): 'Aprīkojums' is not a cost category of the project: write "
        "one of Pilotprojekts, Apmācības un supervīzija, Neattiecināmās izmaksas"
    ]


def test_a_document_dated_outside_its_claims_period(documented) -> None:
    documented.expenses[3]["Datums"] = date(2016, 12, 30)  # claim 2 is 01.01.–30.06.2017.
    assert errors_of(documented.save()) == [
        "Izdevumi!D5 (Datums): 30.12.2016. is outside the period of claim 2 of JURMALA "
        "(01.01.2017.–30.06.2017., Maksājumi row 3)"
    ]


def test_a_document_paid_after_the_eligibility_end(documented) -> None:
    documented.expenses[4]["Apmaksāts"] = date(2025, 1, 2)  # the test project's end: 31.12.2024
    assert errors_of(documented.save()) == [
        "Izdevumi!I6 (Apmaksāts): 02.01.2025. is after the programme's eligibility end "
        "31.12.2024. (Attiecināmības beigas): costs are eligible only if incurred and paid by then"
    ]


def test_a_document_of_a_claim_that_does_not_exist(documented) -> None:
    documented.expenses.append(document(**{"MP Nr.": 3}))
    assert errors_of(documented.save()) == [
        "Izdevumi!B7 (MP Nr.): JURMALA has no claim 3 in Maksājumi"
    ]


def test_a_document_of_no_partner(documented) -> None:
    documented.expenses.append(document(Kods="NAV"))
    assert errors_of(documented.save()) == [
        "Izdevumi!A7 (Kods): NAV is not the Kods of any partner in Partneri"
    ]


def test_a_document_of_an_advance_claim(documented) -> None:
    documented.with_advance("2 000,00")  # JURMALA's claims of costs become 2 and 3
    for row in documented.expenses:
        row["MP Nr."] += 1
    documented.expenses.append(document(**{"MP Nr.": 1, "Summa": "10,00"}))
    assert errors_of(documented.save()) == [
        "Izdevumi!B7 (MP Nr.): claim 1 of JURMALA is an advance claim, which has no costs: list "
        "the document with the claim of the period its cost was made in"
    ]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (0, "the amount is 0,00; a supporting document backs an amount above 0"),
        ("0,00", "the amount is 0,00; a supporting document backs an amount above 0"),
        (-250, "-250.00 is negative"),
    ],
)
def test_an_amount_must_be_above_zero(documented, amount, message) -> None:
    documented.expenses[0]["Summa"] = amount
    # the row is not used, and JURMALA's rows are not checked against each other
    assert errors_of(documented.save()) == [f"Izdevumi!H2 (Summa): {message}"]


def test_a_required_cell_left_empty(documented) -> None:
    documented.expenses[0]["Saņēmējs"] = None
    assert errors_of(documented.save()) == ["Izdevumi!E2 (Saņēmējs): a value is required"]


def test_a_claim_without_documents_when_its_partner_lists_them_is_a_warning(documented) -> None:
    documented.expenses = [r for r in documented.expenses if r["MP Nr."] == 1]
    path = documented.save()
    assert errors_of(path) == []
    assert warnings_of(path) == [
        "warning: Maksājumi!B3 (Nr.): claim 2 of JURMALA has no supporting documents in "
        "Izdevumi, though other claims of JURMALA have; its document says that no list is "
        "attached"
    ]


def test_a_partner_without_any_documents_is_not_warned_about(documented) -> None:
    # ADAZI's claim 1 has none; the sheet has only JURMALA's rows.
    assert warnings_of(documented.save()) == []


def test_a_workbook_without_the_sheet_or_with_an_empty_one_warns_of_nothing(book) -> None:
    assert warnings_of(book.save()) == []
    book.sheets = (*book.sheets, "Izdevumi")  # the header row alone
    path = book.save()
    assert validate(path).problems == ()
    assert validate(path).workbook.expenses == ()


def test_a_project_of_its_own_shape_names_its_own_categories(shaped_book) -> None:
    shaped_book.claims = [
        c | {"Darbs ar klientiem": 400, "Aprīkojums": 3000}
        for c in shaped_book.claims
        if c["Kods"] == "JURMALA" and c["Nr."] == 1
    ]
    shaped_book.progress = shaped_book.progress[:1]
    shaped_book.expenses = [
        document(**{"Kategorija": "Darbs ar klientiem"}),
        document(**{"Kategorija": "aprikojums", "Summa": "2 999,99"}),
    ]
    assert errors_of(shaped_book.save()) == [
        "Maksājumi!H2 (Aprīkojums): the supporting documents of claim 1 of JURMALA in Izdevumi "
        f"add up to 2{NB}999,99 of Aprīkojums, 0,01 less than the claimed 3{NB}000,00"
    ]
