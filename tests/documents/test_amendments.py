"""The amendment agreement and the consolidated agreement, read as the lawyers read them: each
changed clause in its new wording with the new amounts and words, nothing that did not change,
and the agreement as first signed left as it was."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import docx
import pytest

from tests.helpers import SHIPPED_WORKBOOK, TEMPLATES, find_table, invoke, text_of

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
        "2.\tMinistrijas finansējuma kopsumma Sadarbības partnerim nemainās un ir 8 000,01 euro "
        "(astoņi tūkstoši euro un 01 cents)."
    ) in text
    # the reason quoted as the workbook gives it, its full stop left to the sentence
    assert 'ņemot vērā grozījumu pamatojumu: "Līdzekļi pārdalīti pilotprojektam",\n' in text
    assert "stājas spēkā 2018. gada 1. martā" in text
    # unchanged clauses are not in it: neither the period nor the targets, nor the advance's cap
    assert "15.2." not in text and "7.1." not in text and "5.1." not in text


def test_a_reallocation_that_raises_lms_total_says_so_and_replaces_the_cap(book, tmp_path) -> None:
    folder = make(book, tmp_path, dict(REALLOCATION, **{"Apmācības un supervīzija": None}))
    text = reading(folder / "JURMALA_grozijumi_1.docx")
    # pilot 1 000 → 2 000: LM 8 000,01 → 9 000,01
    assert (
        "Ar Vienošanos Ministrijas finansējums Sadarbības partnerim palielinās par 1 000,00 euro "
        "(viens tūkstotis euro) un ir 9 000,01 euro (deviņi tūkstoši euro un 01 cents)." in text
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
        'vārdiem "līdz 2024. gada 30. jūnijam".'  # the only item: a full stop
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
        "Konsolidētā redakcija (informatīvs teksts, nav parakstāms) ar grozījumiem, kas izdarīti "
        "ar 2018. gada 1. marta vienošanos Nr. 1 un 2019. gada 2. maija vienošanos Nr. 2."
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


# --- The wording: quotes that pair, lists that end, amounts with words -------------------------


def paragraphs(path: Path) -> list[str]:
    """The body's paragraphs (not the tables'), as a reader reads them."""
    return [p.text.replace(NB, " ") for p in docx.Document(str(path)).paragraphs if p.text]


def assert_well_written(path: Path) -> None:
    """What every amendment's text must get right, whatever it changes."""
    lines = paragraphs(path)
    text = "\n".join(lines)
    assert text.count('"') % 2 == 0, path.name  # every quotation closed
    for i, line in enumerate(lines):
        if line.endswith("šādā redakcijā:"):  # a new wording follows, opened by a quote
            assert lines[i + 1].startswith('"'), (path.name, line)
    items = [line for line in lines if re.match(r"1\.\d+\.\t", line)]
    assert items, path.name
    # each item of the list ends with ";", the last one with "."
    closing = [_item_closing(lines, item) for item in items]
    assert all(c.endswith(";") for c in closing[:-1]) and closing[-1].endswith("."), closing
    [reason] = [line for line in lines if line.startswith("ņemot vērā grozījumu")]
    assert reason.endswith(","), reason
    assert '.",' not in reason
    # amounts in the running text with euro and in words, never "EUR"
    assert "EUR" not in text, path.name
    [total] = [line for line in lines if line.startswith("2.\t")]
    assert re.search(r" \d[\d ]*,\d\d euro \([^()]+ euro[^()]*\)\.$", total), total


def _item_closing(lines: list[str], item: str) -> str:
    """The line that ends item 1.N: itself, or for a new wording that follows it, the line of
    its closing quote."""
    if not item.endswith(":"):
        return item
    after = lines[lines.index(item) + 1 :]
    return next(line for line in after[1:] if line.startswith('"'))


def test_each_item_ends_with_a_semicolon_and_the_last_with_a_full_stop(book, tmp_path) -> None:
    everything = dict(REALLOCATION, **{"Beigas": date(2024, 6, 30), "Mērķis: speciālisti": 7})
    path = make(book, tmp_path, everything) / "JURMALA_grozijumi_1.docx"
    lines = paragraphs(path)
    assert '";' in lines  # the budget's new wording, then more items
    assert any(
        line.startswith("1.2.\taizstāt Līguma 15.2.") and line.endswith('jūnijam";')
        for line in lines
    )
    assert (
        lines[lines.index("1.3.\tizteikt Līguma 7.1. apakšpunkta tabulu šādā redakcijā:") + 1]
        == '"'
    )
    assert '".' in lines  # the table's wording closes the list
    assert_well_written(path)


@pytest.mark.parametrize(
    ("reason", "quoted"),
    [
        ("Līdzekļi pārdalīti pilotprojektam.", '"Līdzekļi pārdalīti pilotprojektam",'),
        ("AIS novērtējumu skaits samazināts", '"AIS novērtējumu skaits samazināts",'),
        ("Periods pagarināts. ", '"Periods pagarināts",'),
    ],
)
def test_the_reason_is_quoted_within_the_recital(book, tmp_path, reason, quoted) -> None:
    path = make(book, tmp_path, dict(REALLOCATION, Pamatojums=reason)) / "JURMALA_grozijumi_1.docx"
    assert f"ņemot vērā grozījumu pamatojumu: {quoted}" in paragraphs(path)
    assert_well_written(path)


def test_a_fall_in_lms_funding_is_written_in_figures_and_words(book, tmp_path) -> None:
    # pilot 1 000 → 500, training as agreed: LM 8 000,01 → 7 500,01
    fall = dict(REALLOCATION, **{"Pilotprojekts": "500,00", "Apmācības un supervīzija": None})
    path = make(book, tmp_path, fall) / "JURMALA_grozijumi_1.docx"
    assert (
        "2.\tAr Vienošanos Ministrijas finansējums Sadarbības partnerim samazinās par 500,00 euro "
        "(pieci simti euro) un ir 7 500,01 euro (septiņi tūkstoši pieci simti euro un 01 cents)."
    ) in paragraphs(path)
    assert_well_written(path)


@pytest.fixture(scope="module")
def shipped_amendments(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("amendments")
    args = ("--partner", "RIGA", "--partner", "AIZKRAUKLES_NOV", "--out", out)
    result = invoke("amendment", SHIPPED_WORKBOOK, "--templates", TEMPLATES, *args)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(
    "name",
    [
        "RIGA/RIGA_grozijumi_1",
        "RIGA/RIGA_grozijumi_2",
        "AIZKRAUKLES_NOV/AIZKRAUKLES_NOV_grozijumi_1",
    ],
)
def test_the_examples_amendments_are_well_written(shipped_amendments, name) -> None:
    assert_well_written(shipped_amendments / f"{name}.docx")


def test_the_examples_extension_is_one_item_ending_with_a_full_stop(shipped_amendments) -> None:
    lines = paragraphs(shipped_amendments / "RIGA" / "RIGA_grozijumi_1.docx")
    assert (
        '1.1.\taizstāt Līguma 15.2. apakšpunktā vārdus "līdz 2023. gada 30. novembrim" ar '
        'vārdiem "līdz 2023. gada 31. decembrim".'
    ) in lines
    assert (
        "2.\tMinistrijas finansējuma kopsumma Sadarbības partnerim nemainās un ir 68 852,97 euro "
        "(sešdesmit astoņi tūkstoši astoņi simti piecdesmit divi euro un 97 centi)."
    ) in lines
    assert (
        'ņemot vērā grozījumu pamatojumu: "Izmaksu attiecināmības periods pagarināts līdz '
        'programmas attiecināmības beigām, jo apmācības daļēji pārceltas uz 2023. gada decembri",'
    ) in lines


# --- The consolidated agreement: for reading, never for signing --------------------------------


def test_the_consolidated_agreement_is_marked_and_has_nothing_to_sign(book, tmp_path) -> None:
    folder = make(book, tmp_path, REALLOCATION, command="batch")
    consolidated = folder / "JURMALA_sadarbibas_ligums_konsolideta.docx"
    lines = paragraphs(consolidated)
    assert lines[0] == (
        "Konsolidētā redakcija (informatīvs teksts, nav parakstāms) ar grozījumiem, kas izdarīti "
        "ar 2018. gada 1. marta vienošanos Nr. 1. Juridisks spēks ir parakstītajam līgumam un "
        "vienošanām."
    )
    assert lines[1] == "SADARBĪBAS LĪGUMS Nr. 9.2.1.1/15/I/001/1"
    text = reading(consolidated)
    assert "/paraksts" not in text
    assert "Dokuments ir parakstīts ar drošu elektronisko parakstu" not in text
    assert "Pušu rekvizīti" in lines and "Pušu rekvizīti un paraksti" not in text
    assert "Konts: LV94 TREL" in text  # the details stay
    # the agreement as first signed keeps its signatures and note, and no mark
    signed = reading(folder / "JURMALA_sadarbibas_ligums.docx")
    assert "Konsolidētā" not in signed and "informatīvs teksts" not in signed
    assert "/paraksts*/ | /paraksts*/" in signed
    assert (
        "* Dokuments ir parakstīts ar drošu elektronisko parakstu un satur laika zīmogu." in signed
    )
    assert "Pušu rekvizīti un paraksti" in signed
