"""The commands at their boundary: exit codes, exact output, files written."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.money import split
from docgen.records import Rates
from docgen.sample import write_sample
from tests.helpers import ROOT
from tests.helpers import SHIPPED_WORKBOOK as SHIPPED


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- words -------------------------------------------------------------------------------


def test_words() -> None:
    result = invoke("words", "316.47")
    assert (result.exit_code, result.output) == (0, "trīs simti sešpadsmit euro un 47 centi\n")


def test_words_takes_latvian_figures_and_the_literary_style() -> None:
    assert invoke("words", "101 000,01").output == "viens simts viens tūkstotis euro un 01 cents\n"
    literary = invoke("words", "101000.01", "--style", "literary")
    assert literary.output == "simts viens tūkstotis euro un 01 cents\n"


def test_words_refuses_what_is_not_an_amount() -> None:
    result = invoke("words", "12.345")
    assert result.exit_code == 2
    assert "Invalid value for AMOUNT: 12.345 has a fraction of a cent" in result.output
    assert invoke("words", "--", "-5").exit_code == 2


def test_words_run_up_to_the_trillions() -> None:
    largest = invoke("words", "999 999 999 999 999,99")
    assert largest.exit_code == 0
    assert largest.output.startswith("deviņi simti deviņdesmit deviņi triljoni deviņi simti")
    assert largest.output.endswith(" euro un 99 centi\n")
    assert invoke("words", "1000000000000").output == "viens triljons euro\n"
    too_large = invoke("words", "1000000000000000")
    assert too_large.exit_code == 2
    assert (
        "Error: Invalid value for AMOUNT: amount 1000000000000000.00 is too large: amounts in "
        "words run up to 999 999 999 999 999,99\n"
    ) in too_large.output


# --- splits ------------------------------------------------------------------------------


def test_splits_json_follows_the_contract(book) -> None:
    result = invoke("splits", book.save(), "--format", "json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert items[0] == {
        "code": "JURMALA",
        "name": "Jūrmalas valstspilsētas pašvaldība",
        "pilot": "1000.00",
        "training": "10000.01",
        "non_eligible": "0.00",
        "total_eligible": "11000.01",
        "lm_pilot": "1000.00",
        "lm_training": "7000.01",
        "lm_total": "8000.01",
        "cofinancing": "3000.00",
        "esf": "6800.01",
        "state_budget": "1200.00",
        "total": "11000.01",
        "categories": [
            {
                "key": "pilot",
                "name": "Pilotprojekta daļa",
                "eligible": True,
                "amount": "1000.00",
                "lm": "1000.00",
                "cofinancing": "0.00",
            },
            {
                "key": "training",
                "name": "Apmācības un supervīzija",
                "eligible": True,
                "amount": "10000.01",
                "lm": "7000.01",
                "cofinancing": "3000.00",
            },
            {
                "key": "non_eligible",
                "name": "Neattiecināmās izmaksas",
                "eligible": False,
                "amount": "0.00",
                "lm": "0.00",
                "cofinancing": "0.00",
            },
        ],
        "fund": "Eiropas Sociālais fonds",
    }
    assert list(items[0]) == list(json.loads(json.dumps(items[0])))  # key order as docs/workbook.md
    assert [i["code"] for i in items] == ["JURMALA", "ADAZI"]


def test_splits_table(book) -> None:
    result = invoke("splits", book.save())
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "Kods",
        "Pilotprojekts",
        "Apmācības",
        "un",
        "supervīzija",
        "Neattiecināmās",
        "izmaksas",
        "Attiecināmās",
        "kopā",
        "LM",
        "kopā",
        "Līdzfinansējums",
        "ESF",
        "Valsts",
        "budžets",
        "Kopā",
    ]
    nb = "\u00a0"
    assert lines[2].split("  ")[0] == "JURMALA"
    assert f"1{nb}000,00" in lines[2] and f"6{nb}800,01" in lines[2]
    total = lines[5]
    assert total.startswith("Kopā")
    # 8 000,01 + 41 000,00 (ADAZI: 20 000 pilot + 70 % of 30 000)
    assert f"49{nb}000,01" in total
    assert len({len(line) for line in lines[:6]}) == 1  # aligned
    assert lines[-1] == (
        f"LM finansējums kopā 49{nb}000,01 EUR no pieejamajiem 7{nb}247{nb}622,00 EUR "
        f"(0,68{nb}%); atlikums 7{nb}198{nb}621,99 EUR."
    )


def test_splits_xlsx(book, tmp_path: Path) -> None:
    target = tmp_path / "x" / "splits.xlsx"
    result = invoke("splits", book.save(), "--format", "xlsx", "-o", target)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Kods", "Nosaukums", "Pilotprojekts", "Apmācības un supervīzija")
    assert rows[1][0] == "JURMALA" and rows[1][2:4] == (1000, 10000.01)
    assert rows[-1][0] == "Kopā"
    for column in range(2, len(rows[0])):
        parts = sum(Decimal(repr(r[column])) for r in rows[1:-1])
        assert parts == Decimal(repr(rows[-1][column])), rows[0][column]
    assert isinstance(sheet["C2"].value, float | int)
    assert "€" in sheet["C2"].number_format


def test_splits_xlsx_needs_an_output_file(book) -> None:
    result = invoke("splits", book.save(), "--format", "xlsx")
    assert result.exit_code == 2
    assert "--format xlsx needs -o FILE" in result.output


def test_splits_refuses_a_bad_workbook(book) -> None:
    book.partners[0]["IBAN"] = "LV00TREL0000000000001"
    result = invoke("splits", book.save())
    assert result.exit_code == 1
    assert result.output == (
        "Error: Partneri!J2 (IBAN): LV00TREL0000000000001 is not a valid IBAN (check digits)\n"
        "1 error in the workbook.\n"
    )


# --- init and the shipped workbook --------------------------------------------------------


def test_init_writes_the_example_and_the_templates_and_never_overwrites(tmp_path: Path) -> None:
    result = invoke("init", tmp_path)
    assert result.exit_code == 0, result.output
    path = tmp_path / "inputs" / "partners.xlsx"
    templates = tmp_path / "templates"
    assert result.output.splitlines() == [
        f"Wrote {path}",
        f"Wrote {templates / 'sadarbibas_ligums.docx'}",
        f"Wrote {templates / 'maksajuma_pieprasijums.docx'}",
        f"Wrote {templates / 'progresa_parskats.docx'}",
        f"Wrote {templates / 'kopsavilkums.docx'}",
        f"Wrote {templates / 'vienosanas_grozijumi.docx'}",
    ]
    for name in ("sadarbibas_ligums.docx", "kopsavilkums.docx"):
        assert (templates / name).read_bytes() == (ROOT / "templates" / name).read_bytes()
    again = invoke("init", tmp_path)
    assert again.exit_code == 1
    assert again.output == f"Error: {path} exists; use --force to overwrite it\n"
    path.unlink()  # the workbook is gone, the shipped templates unchanged: written again
    assert invoke("init", tmp_path).exit_code == 0
    assert path.exists()


def test_the_shipped_workbook_is_init_output(tmp_path: Path) -> None:
    shipped = openpyxl.load_workbook(SHIPPED)
    fresh = openpyxl.load_workbook(write_sample(tmp_path / "partners.xlsx"))
    assert shipped.sheetnames == fresh.sheetnames
    for name in fresh.sheetnames:
        assert list(shipped[name].values) == list(fresh[name].values), name


def test_the_shipped_splits_match_the_engine() -> None:
    items = json.loads(invoke("splits", SHIPPED, "--format", "json").output)
    assert len(items) == 43
    for item in items:
        expected = split({k: Decimal(item[k]) for k in Rates().keys}, Rates())
        assert {k: format(v, "f") for k, v in expected.as_dict(Rates()).items()} == {
            k: v for k, v in item.items() if k not in ("code", "name", "categories", "fund")
        }
        assert [c["amount"] for c in item["categories"]] == [item[k] for k in Rates().keys]
        assert item["fund"] == "Eiropas Sociālais fonds"


@pytest.mark.parametrize("start", ["+", "-", "@"])
def test_splits_xlsx_keeps_text_that_looks_like_a_formula_as_text(book, tmp_path, start) -> None:
    book.partners[1]["Nosaukums"] = f"{start}SUM(A1:A9) Ādažu novada pašvaldība"
    target = tmp_path / "splits.xlsx"
    assert invoke("splits", book.save(), "--format", "xlsx", "-o", target).exit_code == 0
    cell = openpyxl.load_workbook(target).active["B3"]
    assert (cell.value, cell.data_type) == (f"{start}SUM(A1:A9) Ādažu novada pašvaldība", "s")
    assert cell.quotePrefix  # Excel shows and edits it as text too
    with zipfile.ZipFile(target) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
