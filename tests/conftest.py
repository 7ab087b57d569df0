"""Small workbooks built in code: a valid one to start from, each test changing what it tests."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from docgen.workbook import schema

# The tests read docgen's messages in English (its msgids) whatever the machine's LANG; the tests
# of Latvian ask for it. Set before anything runs, so the batch's processes inherit it too.
os.environ["DOCGEN_LANG"] = "en"


@pytest.fixture(autouse=True)
def _english_again(monkeypatch):
    """--lang lv (and docgen serve) set DOCGEN_LANG for the rest of the process: each test
    starts in English again."""
    monkeypatch.setenv("DOCGEN_LANG", "en")


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch, tmp_path_factory):
    """Each test with a cache of checked templates of its own (docgen/batch/checked.py): none
    finds templates checked by another (a test may change docgen's limits or code)."""
    monkeypatch.setenv("DOCGEN_CACHE", str(tmp_path_factory.mktemp("cache")))


def _project() -> dict[str, Any]:
    return {
        "Projekta Nr.": "9.2.1.1/15/I/001",
        "Projekta nosaukums": "Profesionāla sociālā darba attīstība pašvaldībās",
        "Finansējuma saņēmējs": "Labklājības ministrija",
        "Saņēmēja reģistrācijas Nr.": "90000022399",
        "Saņēmēja adrese": "Skolas iela 28, Rīga, LV-1331",
        "Saņēmēja pārstāvis": "Ilze Kalniņa",
        "Pārstāvja amats": "valsts sekretāre",
        "Normatīvais akts": "Ministru kabineta 2015. gada 14. aprīļa noteikumi Nr. 193",
        # A year past 9.2.1.1's, so that tests may extend an agreement ending in 2023
        # (tests/workbook/test_closing.py deletes it to meet the default).
        "Attiecināmības beigas": date(2024, 12, 31),
        "CFLA vienošanās datums": date(2016, 3, 31),
    }


def _partner(**changes: Any) -> dict[str, Any]:
    row = {
        "Kods": "JURMALA",
        "Nosaukums": "Jūrmalas valstspilsētas pašvaldība",
        "Reģistrācijas Nr.": "90000056357",
        "Adrese": "Jomas iela 1/5, Jūrmala, LV-2015",
        "Pārstāvis": "Gatis Truksnis",
        "Amats": "domes priekšsēdētājs",
        "Pārstāvis (ģenitīvā)": "Gata Truksņa",
        "IBAN": "LV94TREL0000000000001",
        # signed: its number written, its date the last e-signature's
        "Līguma Nr.": "9.2.1.1/15/I/001/1",
        "Līguma datums": date(2016, 4, 14),
        "Sākums": date(2016, 4, 18),
        "Beigas": date(2023, 12, 31),
        "Pilotprojekts": 1000,
        "Apmācības un supervīzija": "10 000,01",
    }
    row.update(changes)
    return row


def _second_partner() -> dict[str, Any]:
    return _partner(
        **{
            "Kods": "ADAZI",
            "Nosaukums": "Ādažu novada pašvaldība",
            "Reģistrācijas Nr.": "90000043403",
            "Adrese": "Gaujas iela 33A, Ādaži, LV-2164",
            "Pārstāvis": "Karīna Miezīte",
            "Amats": "domes priekšsēdētāja",
            "IBAN": "LV67TREL0000000000002",
            "Līguma Nr.": "9.2.1.1/15/I/001/2",
            "Līguma datums": date(2016, 4, 15),
            "Pilotprojekts": 20000,
            "Apmācības un supervīzija": 30000,
        }
    )


def _claim(**changes: Any) -> dict[str, Any]:
    row = {
        "Kods": "JURMALA",
        "Nr.": 1,
        "No": date(2016, 4, 18),
        "Līdz": date(2016, 12, 31),
        "Pilotprojekts": 400,
        "Apmācības un supervīzija": 3000,
    }
    row.update(changes)
    return row


def _progress(**changes: Any) -> dict[str, Any]:
    row = {
        "Kods": "JURMALA",
        "No": date(2016, 4, 18),
        "Līdz": date(2016, 12, 31),
        "Apmācītie speciālisti": 4,
        "Supervīzijas": 2,
        "AIS novērtējumi": 5,
    }
    row.update(changes)
    return row


@dataclass
class Book:
    """A workbook to be written: change any part, then ``save()``.

    Table rows are dicts from header to value; their columns follow schema's order, then any
    header only a row names (to test extra columns). Omitting a header from ``headers`` drops
    the column.
    """

    folder: Path
    project: dict[str, Any] = field(default_factory=_project)
    partners: list[dict[str, Any]] = field(default_factory=lambda: [_partner(), _second_partner()])
    claims: list[dict[str, Any]] = field(
        default_factory=lambda: [
            _claim(),
            _claim(
                **{
                    "Nr.": 2,
                    "No": date(2017, 1, 1),
                    "Līdz": date(2017, 6, 30),
                    "Pilotprojekts": 100,
                    "Apmācības un supervīzija": "1 000,50",
                }
            ),
            _claim(**{"Kods": "ADAZI", "Pilotprojekts": 5000, "Apmācības un supervīzija": 0}),
        ]
    )
    # A progress row for the period of every claim, as the agreement asks.
    progress: list[dict[str, Any]] = field(
        default_factory=lambda: [
            _progress(),
            _progress(**{"No": date(2017, 1, 1), "Līdz": date(2017, 6, 30), "Supervīzijas": 1}),
            _progress(**{"Kods": "ADAZI", "AIS novērtējumi": 3}),
        ]
    )
    amendments: list[dict[str, Any]] = field(default_factory=list)  # sheet Grozījumi, if any
    expenses: list[dict[str, Any]] = field(default_factory=list)  # sheet Izdevumi, if any
    # The project's shape (sheets Kategorijas and Rādītāju saraksts), written when given.
    categories: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    headers: dict[str, list[str]] = field(
        default_factory=lambda: {
            name: [c.header for c in columns] for name, columns in schema.TABLE_SHEETS.items()
        }
    )
    sheets: tuple[str, ...] = (
        schema.PROJECT_SHEET,
        schema.PARTNERS_SHEET,
        schema.CLAIMS_SHEET,
        schema.PROGRESS_SHEET,
    )

    def with_advance(self, amount: Any, until: date = date(2016, 12, 31), **changes: Any) -> None:
        """JURMALA asks for an advance first (claim 1, for the period from its start to
        ``until``); its claims of costs move to the numbers after it."""
        for claim in self.claims:
            if claim["Kods"] == "JURMALA":
                claim["Nr."] += 1
        advance = {
            "Kods": "JURMALA",
            "Nr.": 1,
            "No": date(2016, 4, 18),
            "Līdz": until,
            "Avanss": amount,
        }
        advance.update(changes)
        self.claims.insert(0, advance)

    def rename(self, old: str, new: str) -> None:
        """Head a column ``new`` instead of ``old`` in every table sheet that has it."""
        for sheet, rows in self._tables().items():
            self.headers[sheet] = [new if h == old else h for h in self.headers[sheet]]
            for row in rows:
                if old in row:
                    row[new] = row.pop(old)

    def _tables(self) -> dict[str, list[dict[str, Any]]]:
        return {
            schema.PARTNERS_SHEET: self.partners,
            schema.CLAIMS_SHEET: self.claims,
            schema.PROGRESS_SHEET: self.progress,
            schema.AMENDMENTS_SHEET: self.amendments,
            schema.EXPENSES_SHEET: self.expenses,
        }

    def save(self, name: str = "book.xlsx") -> Path:
        book = openpyxl.Workbook()
        book.remove(book.active)
        for sheet_name, rows in (
            (schema.CATEGORIES_SHEET, self.categories),
            (schema.INDICATORS_SHEET, self.indicators),
        ):
            if rows:
                sheet = book.create_sheet(sheet_name)
                headers = list(dict.fromkeys(h for row in rows for h in row))
                sheet.append(headers)
                for row in rows:
                    sheet.append([row.get(h) for h in headers])
        tables = self._tables()
        sheets = self.sheets
        if self.amendments and schema.AMENDMENTS_SHEET not in sheets:
            sheets = (*sheets, schema.AMENDMENTS_SHEET)
        if self.expenses and schema.EXPENSES_SHEET not in sheets:
            sheets = (*sheets, schema.EXPENSES_SHEET)
        for sheet_name in sheets:
            sheet = book.create_sheet(sheet_name)
            if sheet_name == schema.PROJECT_SHEET:
                sheet.append(["Parametrs", "Vērtība"])
                for key, value in self.project.items():
                    sheet.append([key, value])
                continue
            rows = tables[sheet_name]
            headers = list(self.headers[sheet_name])
            for row in rows:
                headers += [h for h in row if h not in headers and h in _extra(row, sheet_name)]
            sheet.append(headers)
            for row in rows:
                sheet.append([row.get(h) for h in headers])
        path = self.folder / name
        book.save(path)
        return path


def _extra(row: dict[str, Any], sheet_name: str) -> set[str]:
    known = {c.header for c in schema.TABLE_SHEETS[sheet_name]}
    return {h for h in row if h not in known}


@pytest.fixture
def book(tmp_path: Path) -> Book:
    return Book(tmp_path)


# 9.2.1.1's headers and the ones the test project gives them.
RENAMED = {
    "Pilotprojekts": "Darbs ar klientiem",
    "Apmācības un supervīzija": "Aprīkojums",
    "Neattiecināmās izmaksas": "Citas izmaksas",
    "Mērķis: speciālisti": "Mērķis: Dalībnieki",
    "Apmācītie speciālisti": "Dalībnieki",
}


@pytest.fixture
def shaped_book(book):
    """The test workbook as a project of its own: three categories (85 %, 50 %, not eligible),
    ESF+ at 80 %, one indicator."""
    book.categories = [
        {"Nosaukums": "Darbs ar klientiem", "LM likme": "85 %", "Atslēga": "darbs"},
        {"Nosaukums": "Aprīkojums", "LM likme": "0,5", "Nosaukums (ģenitīvā)": "aprīkojuma"},
        {"Nosaukums": "Citas izmaksas", "LM likme": 0, "Attiecināmas": "nē"},
    ]
    book.indicators = [{"Nosaukums": "Dalībnieki", "Mērvienība": "personas"}]
    book.project.update(
        {
            "Fonds": "Eiropas Sociālais fonds Plus",
            "Fonds (ģenitīvā)": "Eiropas Sociālā fonda Plus",
            "Fonda saīsinājums": "ESF+",
            "ESF likme": "80 %",
        }
    )
    for old, new in RENAMED.items():
        book.rename(old, new)
    for header in ("Mērķis: supervīzijas", "Mērķis: AIS novērtējumi"):
        book.headers["Partneri"].remove(header)
        book.headers["Grozījumi"].remove(header)
    for header in ("Supervīzijas", "AIS novērtējumi"):
        book.headers["Rādītāji"].remove(header)
    for row in book.partners:
        row["Mērķis: Dalībnieki"] = 10
    return book


@pytest.fixture
def fresh_python():
    """Run Python code in a new interpreter (what it imports starts from nothing); return the
    words it printed."""

    def run(code: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    return run
