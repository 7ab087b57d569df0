"""Payment claims as a finance officer reconciles them: the advance claim, the advance offset in
the claims after it, the amount payable in figures and words, and the final claim's account of
everything claimed against the agreement. Every figure is read from the document."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from docgen.latvian.words import amount_in_words
from tests.helpers import TEMPLATES, amount, find_table, invoke, text_of

NB = "\u00a0"


def euro_words(value: D) -> str:
    """How the document writes an amount: figures, *euro*, the words in brackets."""
    words = amount_in_words(value).replace(" euro", f"{NB}euro")
    figures = f"{value:,.2f}".replace(",", NB).replace(".", ",")
    return f"{figures}{NB}euro ({words})"


@pytest.fixture
def advanced(book, tmp_path: Path) -> Path:
    """JURMALA (LM funding 8 000,01) asks for an advance of 2 400,00 first, then claims
    2 500,00 and 800,35 of LM's share, and settles with a final claim of the rest."""
    book.with_advance("2 400,00", until=date(2017, 6, 30), Pamatojums="Apmācību uzsākšanai.")
    book.claims.append(
        {
            "Kods": "JURMALA",
            "Nr.": 4,
            "No": date(2017, 7, 1),
            "Līdz": date(2023, 12, 31),
            "Pilotprojekts": "500,00",
            "Apmācības un supervīzija": "5 999,51",
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
    out = tmp_path / "out"
    result = invoke(
        "claim", book.save(), "--partner", "JURMALA", "--out", out, "--templates", TEMPLATES
    )
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    return out / "JURMALA"


def rows(path: Path, first: str) -> dict[str, list[D]]:
    return {r[0]: [amount(c) for c in r[1:]] for r in find_table(path, first)[1:]}


def test_the_advance_claim_asks_for_the_advance_and_reports_no_costs(advanced: Path) -> None:
    path = advanced / "JURMALA_maksajuma_pieprasijums_1.docx"
    text = text_of(path)
    assert "AVANSA MAKSĀJUMA PIEPRASĪJUMS Nr. 1" in text
    assert f"pieprasa avansu {euro_words(D('2400.00'))}" in text
    # its split: 85 % of 2 400,00
    assert f"Eiropas Sociālā fonda finansējums 2{NB}040,00{NB}euro" in text
    assert f"valsts budžeta finansējums 360,00{NB}euro" in text
    assert f"ir 2{NB}400,00{NB}euro. Avansa maksājuma pieprasījumā izmaksas nenorāda." in text
    assert "Avansa pamatojums: Apmācību uzsākšanai." in text
    # no costs and no certification about costs
    assert "Izmaksu pozīcija" not in text
    assert "grāmatvedības attaisnojuma dokumentiem" not in text
    assert "pieprasītais avanss tiks izmantots tikai Sadarbības līguma 2.1.–2.7." in text


def test_the_next_claim_offsets_the_advance_and_pays_nothing(advanced: Path) -> None:
    path = advanced / "JURMALA_maksajuma_pieprasijums_2.docx"
    money = rows(path, "Maksājums")
    # LM's share of 400 + 3 000 × 70 % = 2 500,00, of which 2 400,00 is the advance's
    assert money["Ministrijas finansējums par pārskata periodu"] == [
        D("2500.00"),
        D("2125.00"),
        D("375.00"),
    ]
    assert money["Ieskaitītais avanss"] == [D("2400.00"), D("2040.00"), D("360.00")]
    assert money["Izmaksājamā summa"] == [D("100.00"), D("85.00"), D("15.00")]
    assert f"Izmaksājamā summa ir {euro_words(D('100.00'))}. Lūdzam" in text_of(path)
    assert "Neieskaitītais avanss" not in text_of(path)


def test_a_claim_with_the_advance_not_used_up_says_what_remains(book, tmp_path: Path) -> None:
    book.with_advance("2 400,00", until=date(2016, 12, 31))
    book.claims[1]["Apmācības un supervīzija"] = "1 000,00"  # LM: 400 + 700 = 1 100,00
    out = tmp_path / "out"
    assert invoke("claim", book.save(), "--out", out, "--templates", TEMPLATES).exit_code == 0
    path = out / "JURMALA" / "JURMALA_maksajuma_pieprasijums_2.docx"
    text = text_of(path)
    assert rows(path, "Maksājums")["Izmaksājamā summa"] == [D("0.00")] * 3
    assert f"Izmaksājamā summa ir {euro_words(D('0.00'))}: viss šī perioda" in text
    assert f"Neieskaitītais avanss pēc šī maksājuma pieprasījuma ir 1{NB}300,00{NB}euro" in text


def test_the_final_claim_reconciles_everything_with_the_agreement(advanced: Path) -> None:
    path = advanced / "JURMALA_maksajuma_pieprasijums_4.docx"
    text = text_of(path)
    assert "NOSLĒGUMA MAKSĀJUMA PIEPRASĪJUMS Nr. 4" in text
    reconciliation = rows(path, "Maksājums")
    final = rows(path, "Salīdzinājums")
    assert final["Pilotprojekta daļa"] == [D("1000.00")] * 2 + [D("0.00")]
    assert final["Apmācības un supervīzija"] == [D("10000.01")] * 2 + [D("0.00")]
    assert final["Ministrijas finansējums"] == [
        D("8000.01"),
        D("8000.01"),
        D("0.00"),
    ]
    assert reconciliation["Ieskaitītais avanss"][0] == D("0.00")  # used up by claim 2
    assert (
        "Visos maksājuma pieprasījumos kopā norādītās izmaksas un Ministrijas finansējums ir "
        "vienādi ar Sadarbības līgumā apstiprinātajiem."
    ) in text
    # advance 2 400,00 + payables 100,00 + 800,35 + 4 699,66 = 8 000,01
    assert (
        f"izmaksātie avansi 2{NB}400,00{NB}euro un izmaksājamās summas 5{NB}600,01{NB}euro" in text
    )


def test_a_final_claim_that_cannot_use_up_the_advance_asks_for_it_back(
    book, tmp_path: Path
) -> None:
    book.with_advance("2 400,00", until=date(2017, 6, 30))
    book.claims[1]["Apmācības un supervīzija"] = "1 000,00"  # LM 1 100,00
    book.claims[2].update({"Veids": "noslēguma", "Apmācības un supervīzija": "0,00"})  # LM 100
    out = tmp_path / "out"
    assert invoke("claim", book.save(), "--out", out, "--templates", TEMPLATES).exit_code == 0
    path = out / "JURMALA" / "JURMALA_maksajuma_pieprasijums_3.docx"
    text = text_of(path)
    # 2 400,00 − 1 100,00 − 100,00 = 1 200,00 the partner pays back
    assert (
        f"ko noslēguma maksājuma pieprasījumā nevar ieskaitīt, {euro_words(D('1200.00'))}" in text
    )
    assert f"Eiropas Sociālā fonda finansējumu 1{NB}020,00{NB}euro" in text
    assert "atmaksā Ministrijai Sadarbības līguma 5.4. apakšpunktā" in text
    assert f"Ministrijas finansējums ir par 6{NB}800,01 EUR mazāks" in text
    assert f"atskaitot atmaksājamo avansu 1{NB}200,00 EUR" in text
