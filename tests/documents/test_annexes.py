"""The agreement's annexes 2 and 3: the claim and report forms written beside every agreement,
made from the claims' and reports' own templates, the partner's and the agreement's details
filled and the figures left blank."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from docgen.documents.context import BLANK_LINE
from tests.helpers import SHIPPED_WORKBOOK, TEMPLATES, errors_of, invoke, text_of, warnings_of

FORMS = {2: "_sadarbibas_ligums_pielikums_2.docx", 3: "_sadarbibas_ligums_pielikums_3.docx"}
AMOUNT = re.compile(r"\d[\d\u00a0 ]*,\d\d")  # an amount as the documents write it


def agreements(book, tmp_path: Path, templates: Path = TEMPLATES) -> Path:
    out = tmp_path / "out"
    result = invoke("agreement", book.save(), "--out", out, "--templates", templates)
    assert result.exit_code == 0, result.output
    return out


def listed_annexes(agreement: Path) -> dict[int, tuple[str, str]]:
    """Clause 20.3's forms: annex number → (title, file)."""
    found = re.findall(
        r'^20\.3\.(\d)\.\t\1\. pielikums "([^"]+)" \(datne ([^)]+)\)[;.]$',
        text_of(agreement),
        re.MULTILINE,
    )
    return {int(number): (title, file) for number, title, file in found}


def test_every_agreement_has_its_forms_named_in_its_list_of_annexes(book, tmp_path) -> None:
    out = agreements(book, tmp_path)
    for code in ("JURMALA", "ADAZI"):
        agreement = out / code / f"{code}_sadarbibas_ligums.docx"
        listed = listed_annexes(agreement)
        assert listed == {
            2: ("Maksājuma pieprasījuma veidlapa", f"{code}{FORMS[2]}"),
            3: ("Progresa pārskata veidlapa", f"{code}{FORMS[3]}"),
        }
        written = sorted(p.name for p in (out / code).glob(f"{code}_sadarbibas_ligums_pielikums_*"))
        assert written == sorted(file for _, file in listed.values())
        partner = next(p for p in book.partners if p["Kods"] == code)
        for annex, (title, file) in listed.items():
            text = text_of(out / code / file)
            lines = text.splitlines()
            # headed as the annex it is, of this agreement, with the title the agreement gives
            assert lines[0] == f"{annex}. pielikums"
            assert lines[1] == f"Sadarbības līgumam Nr. {partner['Līguma Nr.']}"
            assert lines[2] == title.upper()
            assert partner["Nosaukums"] in text
            assert partner["Līguma Nr."] in text
        assert partner["Reģistrācijas Nr."] in text_of(out / code / f"{code}{FORMS[2]}")


def test_the_claim_form_has_an_advance_part_and_an_interim_part_with_the_figures_blank(
    book, tmp_path
) -> None:
    out = agreements(book, tmp_path)
    form = out / "JURMALA" / f"JURMALA{FORMS[2]}"
    text = text_of(form)
    assert "AVANSA MAKSĀJUMA PIEPRASĪJUMS Nr. " + BLANK_LINE in text
    assert "STARPPOSMA VAI NOSLĒGUMA MAKSĀJUMA PIEPRASĪJUMS Nr. " + BLANK_LINE in text
    # the advance part before the interim part, from a new page
    body = docx.Document(str(form)).element.body
    assert body.xml.count('w:type="page"') >= 1
    assert text.index("AVANSA MAKSĀJUMA") < text.index("STARPPOSMA VAI NOSLĒGUMA")

    tables = docx.Document(str(form)).tables
    costs = next(t for t in tables if t.rows[0].cells[0].text == "Izmaksu pozīcija")
    for row in costs.rows[1:]:
        cells = [c.text for c in row.cells]
        assert AMOUNT.fullmatch(cells[1].replace("\u00a0", " ")), cells  # agreed: the budget
        assert cells[2:] == [BLANK_LINE] * 3  # in the period, to date, remaining: to fill in
    payable = next(t for t in tables if t.rows[0].cells[0].text == "Maksājums")
    for row in payable.rows[1:]:
        assert [c.text for c in row.cells][1:] == [BLANK_LINE] * 3
    # no figure of any claim: no amount but the agreement's budget and its largest advance
    assert "Pieprasījuma datums | " + BLANK_LINE in text
    assert "Izmaksājamā summa ir " + BLANK_LINE in text
    assert "Neapstiprinātais" not in text  # a decision's row belongs to a claim, not the form


def test_the_report_form_has_the_targets_and_blank_results(book, tmp_path) -> None:
    book.partners[0]["Mērķis: speciālisti"] = 12
    out = agreements(book, tmp_path)
    text = text_of(out / "JURMALA" / f"JURMALA{FORMS[3]}")
    assert "PROGRESA PĀRSKATS" in text
    assert "par periodu " + BLANK_LINE in text
    blank = f"{BLANK_LINE} | {BLANK_LINE} | {BLANK_LINE}"
    assert f"Apmācītie speciālisti | 12 | {blank}" in text.splitlines()
    assert "Attēlu sagatavo Ministrija" in text  # no chart of figures not yet reported
    assert "Pārskats sagatavots " + BLANK_LINE in text


def test_a_change_to_the_claim_template_shows_in_annex_2(book, tmp_path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    claim = templates / "maksajuma_pieprasijums.docx"
    document = docx.Document(str(claim))
    document.add_paragraph("Apliecinājumu paraksta pašvaldības izpilddirektors.")
    document.save(str(claim))
    out = agreements(book, tmp_path, templates)
    text = text_of(out / "JURMALA" / f"JURMALA{FORMS[2]}")
    # in both parts of the form, the advance's and the interim claim's
    assert text.count("Apliecinājumu paraksta pašvaldības izpilddirektors.") == 2
    assert "izpilddirektors" not in text_of(out / "JURMALA" / f"JURMALA{FORMS[3]}")


def test_the_batch_manifest_and_register_know_the_forms(book, tmp_path) -> None:
    out = tmp_path / "out"
    result = invoke("batch", book.save(), "--out", out, "--templates", TEMPLATES, "--zip")
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    kinds = {e["path"]: e["kind"] for e in manifest["documents"]}
    assert kinds[f"JURMALA/JURMALA{FORMS[2]}"] == "claim_form"
    assert kinds[f"JURMALA/JURMALA{FORMS[3]}"] == "report_form"
    register = openpyxl.load_workbook(out / "registrs.xlsx").active
    names = [row[2] for row in register.iter_rows(min_row=2, values_only=True)]
    assert "Līguma 2. pielikums: maksājuma pieprasījuma veidlapa" in names
    assert "Līguma 3. pielikums: progresa pārskata veidlapa" in names


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "out"
    result = invoke(
        "batch", SHIPPED_WORKBOOK, "--out", out, "--templates", TEMPLATES, "--only", "agreement"
    )
    assert result.exit_code == 0, result.output
    return out


def test_the_example_is_clean_and_every_agreement_has_both_forms(example: Path) -> None:
    assert errors_of(SHIPPED_WORKBOOK) == []
    assert warnings_of(SHIPPED_WORKBOOK) == []
    agreements = sorted(example.glob("*/*_sadarbibas_ligums.docx"))
    assert len(agreements) == 43
    for agreement in agreements:
        code = agreement.parent.name
        listed = listed_annexes(agreement)
        assert sorted(file for _, file in listed.values()) == [
            f"{code}{FORMS[2]}",
            f"{code}{FORMS[3]}",
        ]
        for _, file in listed.values():
            assert (agreement.parent / file).is_file()
