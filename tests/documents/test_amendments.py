"""The amendment agreement and the consolidated agreement, read as the lawyers read them: each
changed clause in its new wording with the new amounts and words, nothing that did not change,
and the agreement as first signed left as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.helpers import TEMPLATES, find_table, invoke, text_of

NB = "\u00a0"


def reading(path: Path) -> str:
    return text_of(path).replace(NB, " ")


REALLOCATION = {
    "Kods": "JURMALA",
    "Nr.": 1,
    "Datums": date(2018, 3, 1),
    "Pilotprojekts": "2 000,00",
    "Apmācības un supervīzija": "8 571,44",  # 70 % of it is 6 000,01: LM's total stays
    "Pamatojums": "Līdzekļi pārdalīti pilotprojektam.",
}


def make(book, tmp_path: Path, *amendments: dict, command: str = "amendment") -> Path:
    book.amendments = list(amendments)
    out = tmp_path / "out"
    result = invoke(command, book.save(), "--out", out, "--templates", TEMPLATES)
    assert result.exit_code == 0, result.output
    return out / "JURMALA"


def test_a_reallocation_restates_the_budget_clauses_and_nothing_else(book, tmp_path) -> None:
    folder = make(book, tmp_path, REALLOCATION)
    path = folder / "JURMALA_grozijumi_1.docx"
    text = reading(path)
    assert "VIENOŠANĀS Nr. 1" in text
    assert "par grozījumiem 2016. gada 14. aprīļa sadarbības līgumā Nr. 9.2.1.1/15/I/001/1" in text
    assert "1.1.\tizteikt Līguma 4.1., 4.2. un 4.3. apakšpunktu šādā redakcijā:" in text
    # the new amounts, in figures and words: eligible 10 571,44, LM 8 000,01
    assert (
        "4.1.\tSadarbības partnera attiecināmās izmaksas ir 10 571,44 euro (desmit tūkstoši "
        "pieci simti septiņdesmit viens euro un 44 centi)"
    ) in text
    assert "ir 8 000,01 euro (astoņi tūkstoši euro un 01 cents)" in text
    table = {r[0]: r[1:] for r in find_table(path, "Izmaksu pozīcija")[1:]}
    assert table["Pilotprojekta daļa"] == [f"2{NB}000,00", f"2{NB}000,00", "0,00"]
    assert table["Apmācības un supervīzija"] == [f"8{NB}571,44", f"6{NB}000,01", f"2{NB}571,43"]
    assert (
        "Ministrijas finansējuma kopsumma Sadarbības partnerim nemainās un ir 8 000,01 EUR." in text
    )
    assert "Līdzekļi pārdalīti pilotprojektam." in text
    assert "stājas spēkā 2018. gada 1. martā" in text
    # unchanged clauses are not in it: neither the period nor the targets, nor the advance's cap
    assert "15.2." not in text and "7.1." not in text and "5.1." not in text


def test_a_reallocation_that_raises_lms_total_says_so_and_replaces_the_cap(book, tmp_path) -> None:
    folder = make(book, tmp_path, dict(REALLOCATION, **{"Apmācības un supervīzija": None}))
    text = reading(folder / "JURMALA_grozijumi_1.docx")
    # pilot 1 000 → 2 000: LM 8 000,01 → 9 000,01
    assert (
        "Ministrijas finansējums Sadarbības partnerim palielinās par 1 000,00 EUR un ir "
        "9 000,01 euro (deviņi tūkstoši euro un 01 cents)." in text
    )
    # the advance's cap, 30 % of LM: 2 400,00 → 2 700,00
    assert (
        'Līguma 5.1. apakšpunktā skaitli un vārdus "2 400,00 euro" aizstāt ar skaitli un vārdiem '
        '"2 700,00 euro"'
    ) in text


def test_an_extension_replaces_the_words_of_the_period_only(book, tmp_path) -> None:
    folder = make(
        book,
        tmp_path,
        {"Kods": "JURMALA", "Nr.": 1, "Datums": date(2023, 6, 1), "Beigas": date(2024, 6, 30)},
    )
    text = reading(folder / "JURMALA_grozijumi_1.docx")
    assert (
        '1.1.\taizstāt Līguma 15.2. apakšpunktā vārdus "līdz 2023. gada 31. decembrim" ar '
        'vārdiem "līdz 2024. gada 30. jūnijam";'
    ) in text
    assert "4.1." not in text and "7.1." not in text
    assert "ņemot vērā, ka Puses ir vienojušās par Līguma grozījumiem," in text  # no reason given


def test_two_amendments_in_a_row_and_the_consolidated_agreement(book, tmp_path) -> None:
    folder = make(
        book,
        tmp_path,
        REALLOCATION,
        {
            "Kods": "JURMALA",
            "Nr.": 2,
            "Datums": date(2019, 5, 2),
            "Beigas": date(2024, 6, 30),
            "Mērķis: speciālisti": 7,
        },
    )
    second = reading(folder / "JURMALA_grozijumi_2.docx")
    assert "kurā grozījumi izdarīti ar 2018. gada 1. marta vienošanos Nr. 1," in second
    assert "1.1.\taizstāt Līguma 15.2. apakšpunktā" in second
    assert "1.2.\tizteikt Līguma 7.1. apakšpunkta tabulu šādā redakcijā:" in second
    targets = find_table(folder / "JURMALA_grozijumi_2.docx", "Rādītājs")
    assert targets[1][0] == "Apmācītie speciālisti" and targets[1][-1] == "7"
    assert "4.1." not in second  # the budget is the first amendment's, not changed again

    consolidated = reading(folder / "JURMALA_sadarbibas_ligums_konsolideta.docx")
    assert (
        "Konsolidētā redakcija ar grozījumiem, kas izdarīti ar 2018. gada 1. marta vienošanos "
        "Nr. 1 un 2019. gada 2. maija vienošanos Nr. 2."
    ) in consolidated
    assert "Sadarbības partnera attiecināmās izmaksas ir 10 571,44 euro" in consolidated
    assert "no 2016. gada 18. aprīļa līdz 2024. gada 30. jūnijam" in consolidated
    table = find_table(folder / "JURMALA_sadarbibas_ligums_konsolideta.docx", "Rādītājs")
    assert table[1][-1] == "7"


def test_an_agreement_already_made_is_not_rewritten_because_of_an_amendment(book, tmp_path) -> None:
    out = tmp_path / "out"
    args = ("--out", out, "--templates", TEMPLATES, "--jobs", "1")
    assert invoke("batch", book.save(), *args).exit_code == 0
    agreement = out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx"
    before = agreement.read_bytes()
    book.amendments = [REALLOCATION]
    result = invoke("batch", book.save(), *args)
    assert result.exit_code == 0, result.output
    assert agreement.read_bytes() == before  # as first signed
    assert "Konsolidētā" not in reading(agreement)
    assert (out / "JURMALA" / "JURMALA_grozijumi_1.docx").is_file()
    assert (out / "JURMALA" / "JURMALA_sadarbibas_ligums_konsolideta.docx").is_file()
    # the claims' remaining amounts are measured against the budget in force at their end
    assert "written        3" in result.output  # the amendment, the consolidated agreement,
    # and the summary, whose totals follow the agreements in force


@pytest.mark.parametrize("number", ["3"])
def test_an_unknown_amendment_number_is_refused(book, tmp_path, number) -> None:
    book.amendments = [REALLOCATION]
    result = invoke("amendment", book.save(), "--number", number, "--out", tmp_path / "o")
    assert result.exit_code != 0
    assert "no amendment has the number 3 (sheet Grozījumi)" in result.output


def test_reports_and_the_summary_compare_with_the_plan_in_force(book, tmp_path) -> None:
    book.amendments = [
        {"Kods": "JURMALA", "Nr.": 1, "Datums": date(2016, 6, 1), "Mērķis: supervīzijas": 3},
        dict(
            REALLOCATION,
            **{"Nr.": 2, "Apmācības un supervīzija": None, "Mērķis: speciālisti": 7},
        ),
    ]
    out = tmp_path / "out"
    path = book.save()
    for command in ("report", "summary"):
        assert invoke(command, path, "--out", out, "--templates", TEMPLATES).exit_code == 0
    report = out / "JURMALA" / "JURMALA_progresa_parskats_2016-04-18_2016-12-31.docx"
    indicators = {r[0]: r[1] for r in find_table(report, "Rādītājs")[1:]}
    # the period ends 31.12.2016: amendment 1 (1 June 2016) is in force, amendment 2 (2018) not
    assert indicators["Supervīzijas"] == "3"
    assert indicators["Apmācītie speciālisti"] != "7"
    costs = {r[0]: r[1] for r in find_table(report, "Izmaksu pozīcija")[1:]}
    assert costs["Pilotprojekta daļa"] == f"1{NB}000,00"  # the pilot part as then agreed
    [summary] = out.glob("kopsavilkums_*.docx")
    text = reading(summary)
    # to 31.12.2023 both are in force: LM 9 000,01 + 41 000,00 beside the first-signed 49 000,01
    assert (
        "sākotnēji noslēgtajos līgumos attiecināmās izmaksas bija 61 000,01 euro un Ministrijas "
        "finansējums 49 000,01 euro; grozījumu redakcijā līdz 2023. gada 31. decembrim tie ir "
        "62 000,01 euro un 50 000,01 euro."
    ) in text
