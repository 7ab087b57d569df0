"""A claim's supporting documents printed as its annex, read from the document as a finance
officer reads it: every document listed, the totals per category and in all equal to the
claim's costs to the cent; a claim without documents says it has no list; an advance claim has
neither."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import docx
import pytest

from tests.helpers import TEMPLATES, amount, invoke, tables_of, text_of
from tests.workbook.test_expenses import DOCUMENTS, document

TITLE = "Izdevumus apliecinošo dokumentu saraksts"
NONE_ATTACHED = "Izdevumus apliecinošo dokumentu saraksts nav pievienots."
ATTACHED = "Izdevumus apliecinošo dokumentu saraksts ir šī maksājuma pieprasījuma pielikums."
LIST_HEADER = [
    "Nr.",
    "Dokuments",
    "Datums",
    "Saņēmējs",
    "Apraksts",
    "Kategorija",
    "Summa, EUR",
    "Apmaksāts",
]


def claims_of(book, tmp_path: Path) -> Path:
    """JURMALA's claims, made by the command without a warning."""
    out = tmp_path / "out"
    result = invoke(
        "claim", book.save(), "--partner", "JURMALA", "--out", out, "--templates", TEMPLATES
    )
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    return out / "JURMALA"


def table(path: Path, header: list[str]) -> list[list[str]]:
    (found,) = [t for t in tables_of(path) if t and t[0] == header]
    return found


def costs_in_period(path: Path) -> dict[str, D]:
    """The claim's own table of costs: each category's costs in the period."""
    rows = table(
        path,
        [
            "Izmaksu pozīcija",
            "Apstiprināts līgumā, EUR",
            "Izlietots periodā, EUR",
            "Izlietots kopā no Līguma darbības sākuma, EUR",
            "Atlikums, EUR",
        ],
    )
    return {r[0]: amount(r[2]) for r in rows[1:]}


@pytest.fixture
def listed(book, tmp_path: Path) -> Path:
    """JURMALA's two claims, each backed by documents that add up (tests/workbook/)."""
    book.expenses = [dict(row) for row in DOCUMENTS]
    return claims_of(book, tmp_path)


def test_a_claim_prints_its_documents_and_their_totals_to_the_cent(listed: Path) -> None:
    path = listed / "JURMALA_maksajuma_pieprasijums_1.docx"
    text = text_of(path)
    assert ATTACHED in text and NONE_ATTACHED not in text
    assert "Pielikums\n2017. gada 2. janvāra maksājuma pieprasījumam Nr. 1\n" + TITLE in text
    assert "par periodu no 2016. gada 18. aprīļa līdz 2016. gada 31. decembrim" in text
    rows = table(path, LIST_HEADER)[1:]
    # each document, in the order of the categories, then by date
    assert rows == [
        [
            "1",
            "Rēķins Nr. 12",
            "02.05.2016.",
            "SIA „Metodikas centrs”",
            "Metodikas konsultācijas",
            "Pilotprojekta daļa",
            "250,00",
            "20.05.2016.",
        ],
        [
            "2",
            "Līgums Nr. 3",
            "15.06.2016.",
            "IK „Sociālā darba eksperts”",
            "Metodikas konsultācijas",
            "Pilotprojekta daļa",
            "150,00",
            "20.05.2016.",
        ],
        [
            "3",
            "Algu saraksts Nr. 6",
            "30.06.2016.",
            "Sociālā dienesta darbinieki",
            "",
            "Apmācības un supervīzija",
            "3\u00a0000,00",
            "–",
        ],
    ]
    totals = table(path, ["Izmaksu pozīcija", "Dokumentu skaits", "Summa, EUR"])[1:]
    assert totals == [
        ["Pilotprojekta daļa", "2", "400,00"],
        ["Apmācības un supervīzija", "1", "3\u00a0000,00"],
        ["Neattiecināmās izmaksas", "0", "0,00"],
        ["Kopā", "3", "3\u00a0400,00"],
    ]
    # the totals are the list's sums and the claim's own costs, to the cent
    claimed = costs_in_period(path)
    for name, count, total in totals[:-1]:
        mine = [amount(r[6]) for r in rows if r[5] == name]
        assert (
            (len(mine), sum(mine, D("0.00")))
            == (int(count), amount(total))
            == (
                len(mine),
                claimed[name],
            )
        )
    assert amount(totals[-1][2]) == sum((amount(r[6]) for r in rows), D("0.00"))
    assert amount(totals[-1][2]) == claimed["Kopā"]


def test_the_second_claim_lists_its_own_documents_only(listed: Path) -> None:
    path = listed / "JURMALA_maksajuma_pieprasijums_2.docx"
    rows = table(path, LIST_HEADER)[1:]
    assert [(r[1], r[6]) for r in rows] == [
        ("Rēķins Nr. 40", "100,00"),
        ("Rēķins Nr. SV-7", "1\u00a0000,50"),
    ]
    totals = table(path, ["Izmaksu pozīcija", "Dokumentu skaits", "Summa, EUR"])
    assert totals[-1] == ["Kopā", "2", "1\u00a0100,50"]
    assert amount(totals[-1][2]) == costs_in_period(path)["Kopā"]


def test_the_annex_begins_on_a_page_of_its_own(listed: Path) -> None:
    document_ = docx.Document(str(listed / "JURMALA_maksajuma_pieprasijums_1.docx"))
    (annex,) = [p for p in document_.paragraphs if p.text == "Pielikums"]
    assert annex.paragraph_format.page_break_before


def test_a_claim_without_documents_says_it_has_no_list(book, tmp_path: Path) -> None:
    # The sheet lists ADAZI's claim only: JURMALA is not warned about, its claims have no list.
    book.expenses = [
        document(Kods="ADAZI", **{"Summa": "5 000,00", "Datums": date(2016, 9, 1)}),
    ]
    folder = claims_of(book, tmp_path)
    for number in (1, 2):
        path = folder / f"JURMALA_maksajuma_pieprasijums_{number}.docx"
        text = text_of(path)
        assert NONE_ATTACHED in text
        assert TITLE + "\n" not in text and "Pielikums\n" not in text
        assert not [t for t in tables_of(path) if t and t[0] == LIST_HEADER]


def test_a_workbook_without_the_sheet_makes_claims_that_say_they_have_no_list(
    book, tmp_path: Path
) -> None:
    text = text_of(claims_of(book, tmp_path) / "JURMALA_maksajuma_pieprasijums_1.docx")
    assert NONE_ATTACHED in text and "Pielikums\n" not in text


def test_an_advance_claim_has_no_list_and_says_nothing_of_one(book, tmp_path: Path) -> None:
    book.with_advance("2 000,00")
    book.expenses = [{**row, "MP Nr.": row["MP Nr."] + 1} for row in DOCUMENTS]
    folder = claims_of(book, tmp_path)
    advance = text_of(folder / "JURMALA_maksajuma_pieprasijums_1.docx")
    assert "apliecinošo dokumentu saraksts" not in advance and "Pielikums\n" not in advance
    assert ATTACHED in text_of(folder / "JURMALA_maksajuma_pieprasijums_2.docx")
