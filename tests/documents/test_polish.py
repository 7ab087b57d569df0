"""The legal and finance review's polish list for the claim, the progress report and the summary
(issue 20): each finding checked in the document a reader opens."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from docgen.documents.charts import LEGEND
from docgen.documents.render import make_environment
from tests.helpers import TEMPLATES, find_table, invoke, text_of

NB = "\u00a0"
NUMERIC_DATE = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\.")


def made(book, tmp_path: Path, command: str) -> Path:
    out = tmp_path / "out"
    result = invoke(command, book.save(), "--out", out, "--templates", TEMPLATES)
    assert result.exit_code == 0, result.output
    return out


def reading(path: Path) -> str:
    return text_of(path).replace(NB, " ")


def final_claim(book, **changes) -> None:
    """JURMALA's claim 3, its final one, claims the rest of its budget, 300,00 of it costs that
    are not eligible."""
    book.partners[0]["Neattiecināmās izmaksas"] = "300,00"
    book.claims.append(
        {
            "Kods": "JURMALA",
            "Nr.": 3,
            "No": date(2017, 7, 1),
            "Līdz": date(2023, 12, 31),
            "Pilotprojekts": "500,00",
            "Apmācības un supervīzija": "5 999,51",
            "Neattiecināmās izmaksas": "300,00",
            **changes,
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


# --- The payment claim ----------------------------------------------------------------------


def test_an_advance_claim_says_the_period_is_the_one_the_advance_is_for(book, tmp_path) -> None:
    book.with_advance("2 400,00", until=date(2017, 6, 30))
    out = made(book, tmp_path, "claim")
    advance = find_table(out / "JURMALA" / "JURMALA_maksajuma_pieprasijums_1.docx", "Projekts")
    assert ["Periods, par kuru pieprasīts avanss", "18.04.2016.–30.06.2017."] in advance
    assert "Pārskata periods" not in [label for label, _ in advance]
    # a claim of costs reports on its period
    costs = find_table(out / "JURMALA" / "JURMALA_maksajuma_pieprasijums_2.docx", "Projekts")
    assert ["Pārskata periods", "18.04.2016.–31.12.2016."] in costs


def test_a_claim_paying_nothing_says_its_funding_went_to_pay_off_the_advance(
    book, tmp_path
) -> None:
    book.with_advance("2 400,00", until=date(2016, 12, 31))
    book.claims[1]["Apmācības un supervīzija"] = "1 000,00"  # LM 1 100,00, all offset
    out = made(book, tmp_path, "claim")
    text = reading(out / "JURMALA" / "JURMALA_maksajuma_pieprasijums_2.docx")
    assert (
        "Izmaksājamā summa ir 0,00 euro (nulle euro): viss šī perioda Ministrijas finansējums ir "
        "ieskaitīts avansa dzēšanai."
    ) in text
    assert "ieskaitīts avansā" not in text


def test_the_final_claim_does_not_call_non_eligible_costs_requested(book, tmp_path) -> None:
    final_claim(book)
    out = made(book, tmp_path, "claim")
    header, *rows = find_table(out / "JURMALA" / "JURMALA_maksajuma_pieprasijums_3.docx", "Salī")
    assert header == [
        "Salīdzinājums",
        "Apstiprināts līgumā, EUR",
        "Maksājumu pieprasījumos kopā, EUR",
        "Starpība, EUR",
    ]
    by_name = {row[0]: row[1:] for row in rows}
    assert by_name["Neattiecināmās izmaksas (Ministrijas finansējums netiek pieprasīts)"] == [
        "300,00",
        "300,00",
        "0,00",
    ]
    assert by_name["Pilotprojekta daļa"] == [f"1{NB}000,00", f"1{NB}000,00", "0,00"]
    assert by_name["Ministrijas finansējums"] == [f"8{NB}000,01", f"8{NB}000,01", "0,00"]


def test_the_final_claim_without_an_advance_names_no_advances_paid(book, tmp_path) -> None:
    final_claim(book)
    out = made(book, tmp_path, "claim")
    text = reading(out / "JURMALA" / "JURMALA_maksajuma_pieprasijums_3.docx")
    # LM's share 3 500,00 + 800,35 + 3 699,66 = 8 000,01, all of it paid as claims' payables
    assert (
        "Ministrijas finansējums par visām pieprasītajām izmaksām ir 8 000,01 euro: "
        "izmaksājamās summas 8 000,01 euro."
    ) in text
    assert "izmaksātie avansi" not in text
    assert "Visos maksājuma pieprasījumos kopā norādītās izmaksas" in text


def test_the_final_claim_with_an_advance_names_it(book, tmp_path) -> None:
    book.with_advance("2 400,00", until=date(2016, 12, 31))
    final_claim(book, **{"Nr.": 4})
    out = made(book, tmp_path, "claim")
    text = reading(out / "JURMALA" / "JURMALA_maksajuma_pieprasijums_4.docx")
    assert "izmaksātie avansi 2 400,00 euro un izmaksājamās summas 5 600,01 euro" in text


@pytest.mark.parametrize("command", ["claim", "report"])
def test_the_signature_begins_with_a_capital_whatever_the_workbook_writes(
    book, tmp_path, command
) -> None:
    out = made(book, tmp_path, command)
    for path in (out / "JURMALA").glob("*.docx"):
        signature = find_table(path, "Domes priekšsēdētājs")
        assert signature[0] == ["Domes priekšsēdētājs", "/paraksts*/", "Gatis Truksnis"]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("domes priekšsēdētājs", "Domes priekšsēdētājs"),
        ("LM valsts sekretāre", "LM valsts sekretāre"),  # the rest as it is, never "Lm"
        ("ārkārtas komisijas vadītāja", "Ārkārtas komisijas vadītāja"),
        ("", ""),
    ],
)
def test_capfirst_capitalises_the_first_letter_only(value: str, written: str) -> None:
    template = make_environment().from_string("{{ value|capfirst }}")
    assert template.render(value=value) == written


# --- The progress report --------------------------------------------------------------------


def test_the_report_keeps_its_notes_certification_and_signature_together(book, tmp_path) -> None:
    book.progress[0]["Piezīmes"] = "Apmācības notika plānotajā apjomā."
    out = made(book, tmp_path, "report")
    [path] = (out / "JURMALA").glob("*2016-04-18_2016-12-31.docx")
    paragraphs = [p for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    start = next(i for i, p in enumerate(paragraphs) if p.text == "5. Piezīmes")
    kept = paragraphs[start + 1 :]
    assert [p.text for p in kept] == [
        "Apmācības notika plānotajā apjomā.",
        "Apliecinu, ka progresa pārskatā sniegtā informācija ir patiesa un pilnīga.",
        "Pārskats sagatavots 2017. gada 2. janvārī.",
    ]
    # each keeps with the next, down to the signature's table (whose rows keep together); the
    # heading by its style
    assert paragraphs[start].style.paragraph_format.keep_with_next
    for paragraph in kept:
        assert paragraph.paragraph_format.keep_with_next, paragraph.text
    for paragraph in kept[:2]:
        assert paragraph.paragraph_format.keep_together, paragraph.text


# --- The summary ----------------------------------------------------------------------------


@pytest.fixture
def summary(book, tmp_path) -> Path:
    """The summary with JURMALA's final claim made after the summary's end, and an amendment
    that changes the budget."""
    final_claim(book)
    book.amendments = [
        {
            "Kods": "ADAZI",
            "Nr.": 1,
            "Datums": date(2018, 3, 1),
            "Pilotprojekts": "20 000,00",
            "Apmācības un supervīzija": "31 000,00",
            "Pamatojums": "Palielināts apmācību apjoms.",
        }
    ]
    [path] = made(book, tmp_path, "summary").glob("kopsavilkums_*.docx")
    return path


def test_the_summary_writes_dates_in_its_sentences_in_words(summary: Path) -> None:
    sentences = [p.text.replace(NB, " ") for p in docx.Document(str(summary)).paragraphs]
    assert [s for s in sentences if NUMERIC_DATE.search(s)] == []
    text = "\n".join(sentences)
    assert "grozījumu redakcijā līdz 2023. gada 31. decembrim tie ir" in text
    assert (
        "Līdz 2023. gada 31. decembrim noslēguma maksājuma pieprasījumu iesnieguši 0 no 2 "
        "sadarbības partneriem; pēc šī datuma – vēl 1 (pēdējais 2024. gada 2. janvārī)."
    ) in text
    # the table keeps the numeric form
    _, *body, _ = find_table(summary, "Nr.")
    assert body[0][-1] == "02.01.2024."


def test_the_summary_chart_caption_says_what_its_legend_says(summary: Path) -> None:
    text = reading(summary)
    planned, spent = LEGEND
    assert (planned, spent) == ("Plānots", "Izlietots")
    assert "plānotās un izlietotās izmaksas pa izmaksu pozīcijām" in text
    assert "pieprasītās izmaksas" not in text
    assert (
        f"{spent} – maksājumu pieprasījumos iekļautās izmaksas līdz 2023. gada 31. decembrim."
    ) in text


def test_the_summary_table_hyphenates_its_narrow_header_and_keeps_one_font_size(
    summary: Path,
) -> None:
    table = next(t for t in docx.Document(str(summary)).tables if t.rows[0].cells[0].text == "Nr.")
    header = table.rows[0].cells[6]
    assert header.text == "Līdzfinansējums, EUR"
    # Word's optional hyphen between "Līdz" and "finansējums": it breaks there or not at all
    pieces = [
        "\u00ad" if child.tag == qn("w:softHyphen") else child.text
        for child in header._tc.iter(qn("w:t"), qn("w:softHyphen"))
    ]
    assert "".join(pieces) == "Līdz\u00adfinansējums, EUR"
    # the totals row in the size of the rows above it
    sizes = {
        row.cells[0].text or "Kopā": {
            run.font.size for cell in row.cells for p in cell.paragraphs for run in p.runs
        }
        for row in table.rows[1:]
    }
    assert len({frozenset(s) for s in sizes.values()}) == 1, sizes
    assert table.rows[-1].cells[1].text == "Kopā"


def test_the_summary_says_who_prepared_it_with_lines_to_fill_in(summary: Path) -> None:
    text = reading(summary)
    assert "Sagatavoja: Labklājības ministrija\n" in text
    assert re.search(r"Vārds, uzvārds, amats: _{20,}", text)
    assert re.search(r"Paraksts: _{20,}", text)


def test_the_summary_names_the_ministry_s_contact_person_as_its_preparer(book, tmp_path) -> None:
    book.project.update(
        {
            "Saņēmēja kontaktpersona": "Līga Ozola",
            "Saņēmēja kontaktpersonas e-pasts": "liga.ozola@lm.gov.lv",
            "Saņēmēja kontaktpersonas tālrunis": "67021599",
        }
    )
    [path] = made(book, tmp_path, "summary").glob("kopsavilkums_*.docx")
    text = reading(path)
    assert (
        "Sagatavoja: Līga Ozola, Labklājības ministrija, tālr. 67021599, liga.ozola@lm.gov.lv"
    ) in text
    assert "Paraksts:" not in text
