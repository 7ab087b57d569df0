"""The documents, checked by opening them as a reader would: names, figures, words, tables."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT

from docgen.latvian.formatting import format_amount
from docgen.latvian.words import amount_in_words
from docgen.money import claim_figures, partner_split
from tests.helpers import SOFFICE, TEMPLATES, amount, find_table, invoke, text_of

# --- The agreement ---------------------------------------------------------------------------


def test_the_agreement_shows_the_parties_and_every_figure(made) -> None:
    workbook, out = made
    partner = workbook.partner("JURMALA")
    path = out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx"
    text = text_of(path)
    assert "SADARBĪBAS LĪGUMS Nr. 9.2.1.1/15/I/001/1" in text
    assert "Jūrmalas valstspilsētas pašvaldība, reģistrācijas Nr. 90000056357" in text
    assert "tās domes priekšsēdētāja Gata Truksņa personā, kurš rīkojas" in text
    assert "tās valsts sekretāres Ilzes Kalniņas personā, kura rīkojas" in text
    assert "Ministru kabineta 2015. gada 14. aprīļa noteikumiem Nr. 193" in text
    assert "no 2016. gada 18. aprīļa līdz 2023. gada 31. decembrim" in text
    assert "LV94\u00a0TREL\u00a00000\u00a00000\u00a00000\u00a01" in text
    figures = partner_split(partner, workbook.project.rates)
    for value in figures.as_dict(workbook.project.rates).values():
        assert format_amount(value) in text
    in_words = text.replace("\u00a0euro", " euro")  # the filter keeps the words with *euro*
    assert amount_in_words(figures.lm_total) in in_words
    assert "astoņi tūkstoši euro un 01 cents" in in_words
    assert amount_in_words(figures.total_eligible) in in_words


def test_the_agreement_sets_euro_in_italics(made) -> None:
    _, out = made
    document = docx.Document(str(out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx"))
    euro_runs = [r for p in document.paragraphs for r in p.runs if r.text == "euro"]
    assert euro_runs and all(r.italic for r in euro_runs)


def test_the_agreement_funding_tables_add_up(made) -> None:
    _, out = made
    path = out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx"
    table = find_table(path, "Izmaksu pozīcija")
    rows = {r[0]: [amount(c) for c in r[1:]] for r in table[1:]}
    pilot, training = rows["Pilotprojekta daļa"], rows["Apmācības un supervīzija"]
    eligible, non_eligible = rows["Attiecināmās izmaksas kopā"], rows["Neattiecināmās izmaksas"]
    assert pilot == [Decimal("1000.00"), Decimal("1000.00"), Decimal("0.00")]
    assert training == [Decimal("10000.01"), Decimal("7000.01"), Decimal("3000.00")]
    for column in range(3):
        assert eligible[column] == pilot[column] + training[column]
        assert rows["Kopā"][column] == eligible[column] + non_eligible[column]
    for values in rows.values():
        assert values[0] == values[1] + values[2]  # the ministry + the partner = the costs
    sources = find_table(path, "Finansējuma avots")
    esf, state, total = (amount(r[-1]) for r in sources[1:4])
    assert (esf, state, total) == (Decimal("6800.01"), Decimal("1200.00"), Decimal("8000.01"))


# --- The payment claim -------------------------------------------------------------------------


def test_the_claim_requests_the_engines_amount(made) -> None:
    workbook, out = made
    partner = workbook.partner("JURMALA")
    figures = claim_figures(partner, workbook.claims_of("JURMALA"), workbook.project.rates)
    second = figures[1]
    path = out / "JURMALA" / "JURMALA_maksajuma_pieprasijums_2.docx"
    text = text_of(path)
    assert "STARPPOSMA MAKSĀJUMA PIEPRASĪJUMS Nr. 2" in text
    assert "no 2017. gada 1. janvāra līdz 2017. gada 30. jūnijam" in text
    requested = second.requested  # 100,00 + 70 % of (4 000,50) − 70 % of 3 000 = 800,35
    assert requested == Decimal("800.35")
    nb = "\u00a0"
    words = amount_in_words(requested).replace(" euro", f"{nb}euro")
    assert f"{format_amount(requested)}{nb}euro ({words})" in text
    assert format_amount(second.period.esf) in text

    table = find_table(path, "Izmaksu pozīcija")
    header, pilot, training, eligible, non_eligible, total = table
    assert [r[0] for r in (eligible, non_eligible, total)] == [
        "Attiecināmās izmaksas kopā",
        "Neattiecināmās izmaksas",
        "Kopā",
    ]
    for column in range(1, len(header)):
        assert amount(pilot[column]) + amount(training[column]) == amount(eligible[column])
        assert amount(eligible[column]) + amount(non_eligible[column]) == amount(total[column])
    assert header[1:] == [
        "Apstiprināts līgumā, EUR",
        "Izlietots periodā, EUR",
        "Izlietots kopā no Līguma darbības sākuma, EUR",
        "Atlikums, EUR",
    ]
    assert [amount(c) for c in training[1:]] == [
        Decimal("10000.01"),  # agreed
        Decimal("1000.50"),  # this period
        Decimal("4000.50"),  # to date
        Decimal("5999.51"),  # remaining
    ]
    funding = find_table(path, "Finansējums")
    lm = {r[0]: [amount(c) for c in r[1:]] for r in funding[1:]}
    # the ministry's share: agreed, this period, to date (100 + 2 800,35), remaining
    assert lm["Ministrijas finansējums"] == [
        Decimal("8000.01"),
        Decimal("800.35"),
        Decimal("3300.35"),
        Decimal("4699.66"),
    ]
    assert [lm["tai skaitā Eiropas Sociālais fonds"][i] for i in (1, 2)] == [
        second.period.esf,
        second.to_date.esf,
    ]
    for column in range(4):
        parts = lm["tai skaitā Eiropas Sociālais fonds"][column]
        parts += lm["tai skaitā valsts budžets"][column]
        assert parts == lm["Ministrijas finansējums"][column]


# --- The progress report and the summary -----------------------------------------------


def test_the_report_has_indicators_costs_and_a_chart(made) -> None:
    _, out = made
    path = out / "JURMALA" / "JURMALA_progresa_parskats_2016-04-18_2016-12-31.docx"
    text = text_of(path)
    assert "PROGRESA PĀRSKATS" in text
    assert "Apmācītie speciālisti" in text
    costs = find_table(path, "Izmaksu pozīcija")
    training = next(r for r in costs if r[0] == "Apmācības un supervīzija")
    # claims to 31.12.2016: 3 000,00 of 10 000,01 → 29,9997 % → 30,00 % (two decimals, half up)
    assert [amount(c) for c in training[1:4]] == [
        Decimal("10000.01"),
        Decimal("3000.00"),
        Decimal("7000.01"),
    ]
    assert training[4] == "30,00\u00a0%"
    document = docx.Document(str(path))
    assert len(document.inline_shapes) == 1  # the chart
    images = [p for p in document.part.package.parts if p.partname.endswith(".png")]
    assert images and images[0].blob.startswith(b"\x89PNG")


def test_the_summary_adds_up_across_partners(made) -> None:
    _, out = made
    [path] = out.glob("kopsavilkums_*.docx")
    assert path.name == "kopsavilkums_2016-04-18_2023-12-31.docx"
    text = text_of(path)
    assert "Sadarbības partneru skaits: 2." in text
    document = docx.Document(str(path))
    assert len(document.inline_shapes) == 1
    header, *body, total = find_table(path, "Nr.")
    assert header[1:] == [
        "Sadarbības partneris",
        "Attiecināmās izmaksas, EUR",
        "Ministrijas finansējums, EUR",
        "ESF, EUR",
        "Valsts budžets, EUR",
        "Līdzfinansējums, EUR",
        "Pieprasīts periodā, EUR",
        "Pieprasīts kopā, EUR",
        "Apguve",
        "Noslēguma MP iesniegts",
    ]
    assert [r[1] for r in body] == ["Jūrmalas valstspilsētas pašvaldība", "Ādažu novada pašvaldība"]
    assert total[1] == "Kopā"
    for column in range(2, 9):
        assert sum(amount(r[column]) for r in body) == amount(total[column]), header[column]
    assert amount(body[0][3]) == Decimal("8000.01")  # JURMALA's LM funding
    # the ministry's share claimed to date: JURMALA 2 500,00 + 800,35, ADAZI 5 000,00
    assert amount(total[8]) == Decimal("8300.35")
    sources = find_table(path, "Finansējuma avots")
    assert [r[0] for r in sources] == [
        "Finansējuma avots",
        "Eiropas Sociālais fonds",
        "Valsts budžets",
        "Pašvaldību finansējums",
        "Kopā",
    ]
    assert sum(amount(r[1]) for r in sources[1:4]) == amount(sources[4][1])


def test_the_summary_says_its_period_flags_partners_without_a_final_claim_and_words_the_rest(
    book, tmp_path: Path
) -> None:
    book.claims[1]["Veids"] = "noslēguma"  # JURMALA's claim 2 is its final claim
    out = tmp_path / "out"
    result = invoke("summary", book.save(), "--out", out, "--templates", TEMPLATES)
    assert result.exit_code == 0, result.output
    [path] = out.glob("kopsavilkums_*.docx")
    text = text_of(path).replace("\u00a0", " ")
    # the period as it is, never "the whole project"
    assert "par periodu no 2016. gada 18. aprīļa līdz 2023. gada 31. decembrim" in text
    assert "visu projekta" not in text
    # what the partners do not use is left for the project's other activities and unallocated
    assert (
        "Atlikums – Projekta pārējām darbībām paredzētais un vēl nesadalītais finansējums" in text
    )
    assert "Nepiešķirtais" not in text
    # JURMALA has made its final claim (on the day given); ADAZI has not yet
    _, *body, _ = find_table(path, "Nr.")
    assert [(r[1], r[-1]) for r in body] == [
        ("Jūrmalas valstspilsētas pašvaldība", "03.07.2017."),
        ("Ādažu novada pašvaldība", "nav"),
    ]
    assert (
        "Līdz 2023. gada 31. decembrim noslēguma maksājuma pieprasījumu iesniedzis 1 no 2 "
        "sadarbības partneriem. Skaitīts pēc pieprasījuma iesniegšanas datuma"
    ) in text
    # one name for the ministry: "Ministrija", introduced once
    assert "(turpmāk – Ministrija)" in text
    assert not re.search(r"\bLM\b", text)
    # the chart captioned as the reports' are
    assert "1. attēls. Visu sadarbības partneru plānotās un izlietotās izmaksas" in text
    # the per-partner table has landscape pages of its own
    sections = docx.Document(str(path)).sections
    assert [s.orientation for s in sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
    ]


# --- Names as they are, and templates that are wrong ---------------------------------------


def test_a_name_with_markup_characters_is_shown_exactly(book, tmp_path: Path) -> None:
    book.partners[0]["Nosaukums"] = 'SIA "A&B" <Test>'
    path = book.save()
    out = tmp_path / "out"
    result = invoke(
        "agreement", path, "--partner", "JURMALA", "--out", out, "--templates", TEMPLATES
    )
    assert result.exit_code == 0, result.output
    assert "unsure" in result.output  # the name cannot be declined: a warning says so
    text = text_of(out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx")
    assert 'SIA "A&B" <Test>, reģistrācijas Nr. 90000056357' in text


def test_nothing_is_written_for_a_workbook_with_errors(book, tmp_path: Path) -> None:
    book.partners[1]["IBAN"] = "LV00TREL0000000000002"
    out = tmp_path / "out"
    result = invoke("agreement", book.save(), "--out", out, "--templates", TEMPLATES)
    assert result.exit_code == 1
    assert "Partneri!J3 (IBAN)" in result.output
    assert not out.exists()


def test_an_unknown_partner_is_a_usage_error(book, tmp_path: Path) -> None:
    result = invoke("agreement", book.save(), "--partner", "RIGA", "--out", tmp_path)
    assert result.exit_code == 2
    assert "no partner has the code RIGA (sheet Partneri)" in result.output


# --- Every document converts with LibreOffice --------------------------------------------


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_every_document_converts_with_libreoffice(made, tmp_path: Path) -> None:
    _, out = made
    documents = sorted(out.rglob("*.docx"))
    assert len(documents) == 2 * 3 + 3 + 3 + 1  # agreements with 2 forms, claims, reports, summary
    pdfs = tmp_path / "pdf"
    completed = subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdfs),
            *map(str, documents),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    for document in documents:
        pdf = pdfs / f"{document.stem}.pdf"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), document.name
