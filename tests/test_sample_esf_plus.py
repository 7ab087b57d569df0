"""The ESF+ example (``docgen init --example esf-plus``): a valid workbook of a shape of its own,
read as written, and a whole batch of documents whose figures agree with a computation made here.

The computation is independent of docgen: plain ``Decimal`` arithmetic with ROUND_HALF_UP on the
workbook's own cells, read with openpyxl (not :mod:`docgen.money`, not the reader). The documents
are read as a reader reads them: their tables' rows found by their first cell (a category's name),
so the checks hold whatever order or layout the templates give the rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from stdnum import iban
from stdnum.lv import pvn

from docgen.batch.run import run_batch
from docgen.latvian.words import amount_in_words
from docgen.workbook.reader import load, validate
from tests.helpers import amount, run, tables_of, text_of

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
ELIGIBLE_TOTAL = "Attiecināmās izmaksas kopā"
TOTAL = "Kopā"


def share(value: Decimal, rate: Decimal) -> Decimal:
    return (value * rate).quantize(CENT, rounding=ROUND_HALF_UP)


# --- The workbook's cells, read with openpyxl ----------------------------------------------


@dataclass
class Cells:
    """The workbook as written: each sheet's rows as dicts by header."""

    project: dict[str, Any]
    categories: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    partners: list[dict[str, Any]]
    claims: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    progress: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    amendments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def partner(self, code: str) -> dict[str, Any]:
        return next(p for p in self.partners if p["Kods"] == code)

    def rate(self, category: dict[str, Any]) -> Decimal:
        return percent(category["LM likme"]) if category["Attiecināmas"] == "jā" else ZERO

    @property
    def fund_rate(self) -> Decimal:
        return percent(self.project["ESF likme"])

    @property
    def advance_rate(self) -> Decimal:
        return percent(self.project["Avansa likme"])

    def budget(self, code: str, day: date | None = None) -> dict[str, Decimal]:
        """A partner's budget by category name, with the amendments dated by ``day`` applied."""
        partner = self.partner(code)
        budget = {c["Nosaukums"]: money(partner[c["Nosaukums"]]) for c in self.categories}
        for row in self.amendments_by(code, day):
            budget.update({k: money(row[k]) for k in budget if row.get(k) is not None})
        return budget

    def target(self, code: str, indicator: str, day: date) -> int:
        header = f"Mērķis: {indicator}"
        value = self.partner(code)[header]
        for row in self.amendments_by(code, day):
            value = row[header] if row.get(header) is not None else value
        return value

    def amendments_by(self, code: str, day: date | None) -> list[dict[str, Any]]:
        rows = sorted(self.amendments.get(code, []), key=lambda r: r["Nr."])
        return [r for r in rows if day is None or r["Datums"] <= day]


def percent(text: str) -> Decimal:
    return Decimal(text.removesuffix("%").strip().replace(",", ".")) / 100


def money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(repr(value)).quantize(CENT)


def _rows(sheet: Any) -> list[dict[str, Any]]:
    rows = list(sheet.iter_rows(values_only=True))
    return [
        {h: (v.date() if isinstance(v, datetime) else v) for h, v in zip(rows[0], row, strict=True)}
        for row in rows[1:]
    ]


def _by_code(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    result: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        result.setdefault(row["Kods"], []).append(row)
    return result


def read_cells(path: Path) -> Cells:
    book = openpyxl.load_workbook(path)
    return Cells(
        project={row["Parametrs"]: row["Vērtība"] for row in _rows(book["Projekts"])},
        categories=_rows(book["Kategorijas"]),
        indicators=_rows(book["Rādītāju saraksts"]),
        partners=_rows(book["Partneri"]),
        claims=_by_code(_rows(book["Maksājumi"])),
        progress=_by_code(_rows(book["Rādītāji"])),
        amendments=_by_code(_rows(book["Grozījumi"])),
    )


# --- The independent computation -----------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    """A budget's split: each category's (amount, LM's share, the partner's), the totals."""

    rows: dict[str, tuple[Decimal, Decimal, Decimal]]
    eligible: tuple[Decimal, Decimal, Decimal]
    total: tuple[Decimal, Decimal, Decimal]
    esf: Decimal
    state_budget: Decimal


def compute(cells: Cells, amounts: dict[str, Decimal]) -> Budget:
    rows = {}
    for category in cells.categories:
        name = category["Nosaukums"]
        lm = share(amounts[name], cells.rate(category))
        rows[name] = (amounts[name], lm, amounts[name] - lm)
    eligible_names = [c["Nosaukums"] for c in cells.categories if c["Attiecināmas"] == "jā"]
    eligible = tuple(sum((rows[n][i] for n in eligible_names), ZERO) for i in range(3))
    total = tuple(sum((r[i] for r in rows.values()), ZERO) for i in range(3))
    esf = share(eligible[1], cells.fund_rate)
    return Budget(rows, eligible, total, esf, eligible[1] - esf)  # type: ignore[arg-type]


def lm_of(cells: Cells, costs: dict[str, Decimal]) -> Decimal:
    """LM's funding of these (cumulative) costs: each category's share rounded, then added."""
    return sum(
        (share(costs[c["Nosaukums"]], cells.rate(c)) for c in cells.categories),
        ZERO,
    )


# --- Fixtures: the example written by `docgen init` and a whole batch ----------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("esf-plus")
    code, output = run("init", folder, "--example", "esf-plus")
    assert code == 0, output
    return folder


@pytest.fixture(scope="module")
def path(project: Path) -> Path:
    return project / "inputs" / "partners.xlsx"


@pytest.fixture(scope="module")
def cells(path: Path) -> Cells:
    return read_cells(path)


@pytest.fixture(scope="module")
def out(project: Path, path: Path) -> Path:
    folder = project / "out"
    result = run_batch(path, folder, project / "templates", jobs=2, today=date(2026, 2, 2))
    assert result.ok, [(o.document, o.status, o.message) for o in result.outcomes if o.message]
    assert result.count("failed") == 0
    # every agreement with its two forms, claim, progress row and amendment has its document,
    # and the summary
    assert result.planned == 10 * 3 + 45 + 43 + 3 + 2 + 1
    return folder


def doc(out: Path, code: str, name: str) -> Path:
    return out / code / f"{code}_{name}.docx"


def table(path: Path, first_cell: str) -> dict[str, list[Decimal | str]]:
    """The table whose header starts with ``first_cell``, as its rows by their first cell, each
    cell an amount where it is one (a percent stays text)."""
    for rows in tables_of(path):
        if rows and rows[0] and rows[0][0].startswith(first_cell):
            return {row[0]: [_cell(c) for c in row[1:]] for row in rows[1:]}
    raise AssertionError(f"no table starting with {first_cell!r} in {path.name}")


def _cell(text: str) -> Decimal | str:
    try:
        return amount(text)
    except ArithmeticError:
        return text


def codes_where(cells: Cells, test: Any) -> list[str]:
    return [p["Kods"] for p in cells.partners if test(p["Kods"])]


def finished(cells: Cells) -> list[str]:
    return codes_where(cells, lambda c: cells.claims[c][-1]["Veids"] == "noslēguma")


def advanced(cells: Cells) -> list[str]:
    return codes_where(cells, lambda c: any(r["Veids"] == "avansa" for r in cells.claims[c]))


def amended(cells: Cells) -> list[str]:
    return codes_where(cells, lambda c: c in cells.amendments)


# --- The workbook --------------------------------------------------------------------------


def test_the_workbook_is_valid_without_a_warning(path: Path) -> None:
    result = validate(path)
    assert [str(p) for p in result.problems] == []


def test_the_shape_is_read_as_written(path: Path, cells: Cells) -> None:
    project = load(path).project
    rates = project.rates
    assert [(c.key, c.name, c.rate, c.eligible, c.genitive) for c in rates.categories] == [
        ("aprobacija", "Metodikas aprobācija", Decimal("1"), True, "metodikas aprobācijas"),
        ("apmacibas", "Speciālistu apmācības", Decimal("0.85"), True, "speciālistu apmācību"),
        ("aprikojums", "Aprīkojums", Decimal("0.5"), True, "aprīkojuma"),
        ("neattiecinamas", "Neattiecināmās izmaksas", Decimal("0"), False, ""),
    ]
    # ... and as the cells say, row by row
    assert [(c.key, c.name, c.rate, c.eligible) for c in rates.categories] == [
        (row["Atslēga"], row["Nosaukums"], cells.rate(row), row["Attiecināmas"] == "jā")
        for row in cells.categories
    ]
    fund = rates.fund
    assert (fund.name, fund.genitive, fund.short, fund.rate) == (
        "Eiropas Sociālais fonds Plus",
        "Eiropas Sociālā fonda Plus",
        "ESF+",
        Decimal("0.8"),
    )
    assert rates.advance == Decimal("0.3")
    assert [(i.key, i.name, i.unit) for i in project.indicators] == [
        ("specialisti", "Apmācīti sociālā darba speciālisti", "personas"),
        ("atbalsta_plani", "Aprobētie atbalsta plāni", "plāni"),
    ]
    assert all(i.description for i in project.indicators)
    assert project.project_no == "4.3.5.3/1/24/I/001"
    assert project.regulation.startswith("Ministru kabineta 2023. gada 14. marta noteikumi Nr. 121")
    # 9.2.1.1's rate parameters are not there to be ignored
    assert "Pilotprojekta LM likme" not in cells.project


def test_the_project_has_ten_partners_of_2024_2028(cells: Cells) -> None:
    assert len(cells.partners) == 10
    for p in cells.partners:
        assert date(2024, 1, 1) <= p["Sākums"] < p["Beigas"] <= date(2028, 12, 31)
        assert re.fullmatch(r"9000\d{7}", p["Reģistrācijas Nr."]) and pvn.is_valid(
            p["Reģistrācijas Nr."]
        )
        assert iban.is_valid(p["IBAN"]) and iban.compact(p["IBAN"])[4:8] == "TREL"
        # a budget in every category
        assert all(money(p[c["Nosaukums"]]) > 0 for c in cells.categories)
        # signed: its date and its number written, never derived from its row
        assert date(2024, 1, 1) <= p["Līguma datums"] <= p["Sākums"]
        assert p["Līguma Nr."].startswith("4.3.5.3/1/24/I/001/")
    for code, rows in cells.amendments.items():
        partner = cells.partner(code)
        for row in rows:  # after the agreement was signed, within its period
            assert partner["Līguma datums"] < row["Datums"] <= partner["Beigas"]


def test_claims_are_consecutive_within_the_agreement_and_the_budget(cells: Cells) -> None:
    for code, claims in cells.claims.items():
        partner = cells.partner(code)
        costs = [c for c in claims if c["Veids"] != "avansa"]
        assert costs[0]["No"] == partner["Sākums"]
        for before, after in pairwise(costs):
            assert (after["No"] - before["Līdz"]).days == 1
        end = max(
            [partner["Beigas"], *(r["Beigas"] or date.min for r in cells.amendments_by(code, None))]
        )
        assert costs[-1]["Līdz"] <= end
        for category in cells.categories:
            name = category["Nosaukums"]
            to_date = ZERO
            for claim in costs:
                to_date += money(claim[name])
                assert to_date <= cells.budget(code, claim["Līdz"])[name], (code, name)
        # a progress row for the period of every claim of costs, and no other
        assert [(r["No"], r["Līdz"]) for r in cells.progress[code]] == [
            (c["No"], c["Līdz"]) for c in costs
        ]


def test_advances_are_at_most_30_percent_of_lm_and_report_no_costs(cells: Cells) -> None:
    codes = advanced(cells)
    assert codes
    for code in codes:
        claim = cells.claims[code][0]
        assert (claim["Veids"], claim["Nr."]) == ("avansa", 1)
        assert all(claim[c["Nosaukums"]] is None for c in cells.categories)
        lm = compute(cells, cells.budget(code)).eligible[1]
        assert ZERO < money(claim["Avanss"]) <= share(lm, cells.advance_rate)
    # one advance is the largest the agreement allows
    assert any(
        money(cells.claims[c][0]["Avanss"])
        == share(compute(cells, cells.budget(c)).eligible[1], cells.advance_rate)
        for c in codes
    )


def test_finished_partners_claim_exactly_their_budget(cells: Cells) -> None:
    codes = finished(cells)
    assert len(codes) >= 3
    assert set(advanced(cells)) & set(codes), "an advance is offset in full by a final claim"
    for code in codes:
        claims = cells.claims[code]
        assert claims[-1]["Līdz"] == cells.partner(code)["Beigas"]
        for name, agreed in cells.budget(code).items():
            assert sum((money(c[name]) for c in claims), ZERO) == agreed, (code, name)


def test_some_shares_are_rounded_half_up_where_bankers_rounding_differs(cells: Cells) -> None:
    differ = [
        (p["Kods"], c["Nosaukums"])
        for p in cells.partners
        for c in cells.categories
        if share(money(p[c["Nosaukums"]]), cells.rate(c))
        != (money(p[c["Nosaukums"]]) * cells.rate(c)).quantize(CENT, rounding=ROUND_HALF_EVEN)
    ]
    assert len(differ) >= 2


def test_the_example_is_the_same_bytes_every_time(tmp_path: Path, path: Path) -> None:
    code, output = run("init", tmp_path, "--example", "esf-plus")
    assert code == 0, output
    assert (tmp_path / "inputs" / "partners.xlsx").read_bytes() == path.read_bytes()


def test_the_command_line_names_the_examples_the_library_has() -> None:
    from docgen import cli, sample

    assert cli.EXAMPLES == sample.EXAMPLES
    assert cli.EXAMPLES[0] == sample.DEFAULT_EXAMPLE


def test_splits_show_the_four_categories(path: Path) -> None:
    import json

    code, output = run("splits", path, "--format", "json")
    assert code == 0, output
    for item in json.loads(output):
        assert [c["name"] for c in item["categories"]] == [
            "Metodikas aprobācija",
            "Speciālistu apmācības",
            "Aprīkojums",
            "Neattiecināmās izmaksas",
        ]
        assert item["fund"] == "Eiropas Sociālais fonds Plus"


# --- The documents against the computation -------------------------------------------------


def assert_budget_table(path: Path, cells: Cells, expected: Budget) -> None:
    """The budget table (each category's amount, LM's share, the partner's; the eligible
    subtotal; the total) and the funding table (the fund's and the state budget's) equal the
    computation, and each adds up in rows and columns."""
    rows = table(path, "Izmaksu pozīcija")
    assert set(rows) == {*expected.rows, ELIGIBLE_TOTAL, TOTAL}
    for name, figures in expected.rows.items():
        assert tuple(rows[name]) == figures, (path.name, name)
    assert tuple(rows[ELIGIBLE_TOTAL]) == expected.eligible
    assert tuple(rows[TOTAL]) == expected.total
    for figures in rows.values():
        assert figures[0] == figures[1] + figures[2]
    eligible = [c["Nosaukums"] for c in cells.categories if c["Attiecināmas"] == "jā"]
    other = [c["Nosaukums"] for c in cells.categories if c["Attiecināmas"] != "jā"]
    for column in range(3):
        assert rows[ELIGIBLE_TOTAL][column] == sum(rows[n][column] for n in eligible)
        assert rows[TOTAL][column] == rows[ELIGIBLE_TOTAL][column] + sum(
            rows[n][column] for n in other
        )
    funding = table(path, "Finansējuma avots")
    fund = next(k for k in funding if k.startswith("Eiropas Sociālais fonds Plus"))
    state = next(k for k in funding if k.startswith("Valsts budžets"))
    assert "80 %" in fund.replace("\u00a0", " ") and "20 %" in state.replace("\u00a0", " ")
    assert funding[fund] == [expected.esf]
    assert funding[state] == [expected.state_budget]
    assert funding[TOTAL] == [expected.eligible[1]] == [expected.esf + expected.state_budget]


def assert_words_match_figures(path: Path, at_least: int) -> None:
    """Every "12 345,67 euro (words)" of the document says the amount in words."""
    text = text_of(path).replace("\u00a0", " ")
    found = re.findall(r"(\d{1,3}(?: \d{3})*,\d\d) euro \(([^()]+)\)", text)
    assert len(found) >= at_least, path.name
    for figure, words in found:
        assert words == amount_in_words(amount(figure), "accounting"), (path.name, figure)


def test_every_agreement_has_the_computed_budget(out: Path, cells: Cells) -> None:
    for partner in cells.partners:
        code = partner["Kods"]
        path = doc(out, code, "sadarbibas_ligums")
        expected = compute(cells, cells.budget(code, date.min))  # as first signed
        assert_budget_table(path, cells, expected)
        text = text_of(path).replace("\u00a0", " ")
        assert "Eiropas Sociālā fonda Plus" in text
        # the clause naming each eligible category's rate, in its genitive
        assert "100 % no metodikas aprobācijas" in text
        assert "85 % no speciālistu apmācību" in text
        assert "50 % no aprīkojuma" in text
        assert_words_match_figures(path, at_least=3)


def test_the_amended_budget_is_the_computed_one(out: Path, cells: Cells) -> None:
    moved = [
        (code, row)
        for code in amended(cells)
        for row in cells.amendments[code]
        if any(row.get(c["Nosaukums"]) is not None for c in cells.categories)
    ]
    assert moved, "an amendment moves money between categories"
    for code, row in moved:
        before = cells.budget(code, row["Datums"] - timedelta(days=1))
        after = cells.budget(code, row["Datums"])
        changed = [n for n in after if after[n] != before[n]]
        assert len(changed) == 2 and sum(after.values()) == sum(before.values())
        path = doc(out, code, f"grozijumi_{row['Nr.']}")
        new = compute(cells, after)
        assert_budget_table(path, cells, new)
        change = new.eligible[1] - compute(cells, before).eligible[1]
        text = text_of(path).replace("\u00a0", " ")
        assert f"{_lv(change)} euro" in text  # in legal text, euro and the amount in words
        assert_words_match_figures(path, at_least=3)


def _lv(value: Decimal) -> str:
    """12345.6 → "12 345,60", as the documents write amounts."""
    return f"{value:,.2f}".replace(",", " ").replace(".", ",")


def simulate(cells: Cells, code: str) -> dict[int, dict[str, Any]]:
    """Each claim's figures by the agreement's rules, cumulatively: costs to date, LM's share of
    them (each category rounded, then added), this period's share as the difference; an advance
    paid ahead, offset against each later share until the claims catch up; the fund's part of
    every payment the fund's share of paid-after less that of paid-before."""
    fund = cells.fund_rate
    names = [c["Nosaukums"] for c in cells.categories]
    to_date = dict.fromkeys(names, ZERO)
    previous_lm = paid = ZERO
    result = {}
    for claim in sorted(cells.claims[code], key=lambda c: c["Nr."]):
        if claim["Veids"] == "avansa":
            advance = money(claim["Avanss"])
            result[claim["Nr."]] = {
                "advance": advance,
                "advance_esf": share(paid + advance, fund) - share(paid, fund),
            }
            paid += advance
            continue
        for name in names:
            to_date[name] += money(claim[name])
        lm = lm_of(cells, to_date)
        period_lm = lm - previous_lm
        period_esf = share(lm, fund) - share(previous_lm, fund)
        after = max(paid, lm)
        payable = after - paid
        payable_esf = share(after, fund) - share(paid, fund)
        result[claim["Nr."]] = {
            "costs": {n: money(claim[n]) for n in names},
            "to_date": dict(to_date),
            "agreed": cells.budget(code, claim["Līdz"]),
            "lm": lm,
            "period_lm": period_lm,
            "period_esf": period_esf,
            "offset": period_lm - payable,
            "offset_esf": period_esf - payable_esf,
            "payable": payable,
            "payable_esf": payable_esf,
            "outstanding": after - lm,
        }
        paid, previous_lm = after, lm
    return result


def assert_claim(path: Path, cells: Cells, expected: dict[str, Any]) -> None:
    """A claim of costs: the costs table (agreed, this period, to date, what remains), the
    funding table and the payment (LM's share, the advance offset, the amount payable) equal the
    computation; every table adds up."""
    costs = table(path, "Izmaksu pozīcija")
    eligible = [c["Nosaukums"] for c in cells.categories if c["Attiecināmas"] == "jā"]
    other = [c["Nosaukums"] for c in cells.categories if c["Attiecināmas"] != "jā"]
    for name in [*eligible, *other]:
        agreed, period, to_date, remaining = costs[name]
        assert (agreed, period, to_date) == (
            expected["agreed"][name],
            expected["costs"][name],
            expected["to_date"][name],
        ), (path.name, name)
        assert remaining == agreed - to_date
    for column in range(4):
        assert costs[ELIGIBLE_TOTAL][column] == sum(costs[n][column] for n in eligible)
        assert costs[TOTAL][column] == costs[ELIGIBLE_TOTAL][column] + sum(
            costs[n][column] for n in other
        )
    funding = table(path, "Finansējums")
    lm, esf, state = (
        funding["Ministrijas finansējums"],
        funding["tai skaitā Eiropas Sociālais fonds Plus"],
        funding["tai skaitā valsts budžets"],
    )
    agreed_lm = compute(cells, expected["agreed"]).eligible[1]
    assert lm == [agreed_lm, expected["period_lm"], expected["lm"], agreed_lm - expected["lm"]]
    assert esf[1] == expected["period_esf"]
    for column in range(4):
        assert lm[column] == esf[column] + state[column]
    for row in (lm, esf, state):
        assert row[0] - row[2] == row[3]
    payment = table(path, "Maksājums")
    period = payment["Ministrijas finansējums par pārskata periodu"]
    offset, payable = payment["Ieskaitītais avanss"], payment["Izmaksājamā summa"]
    assert period[:2] == [expected["period_lm"], expected["period_esf"]]
    assert offset[:2] == [expected["offset"], expected["offset_esf"]]
    assert payable[:2] == [expected["payable"], expected["payable_esf"]]
    for row in (period, offset, payable):
        assert row[0] == row[1] + row[2]
    for column in range(3):
        assert period[column] - offset[column] == payable[column]


def test_claims_of_finished_partners_add_up_to_their_agreements(out: Path, cells: Cells) -> None:
    for code in finished(cells):
        figures = simulate(cells, code)
        agreed = compute(cells, cells.budget(code))
        period_lm = ZERO
        costs = dict.fromkeys(agreed.rows, ZERO)
        paid = ZERO
        for claim in cells.claims[code]:
            path = doc(out, code, f"maksajuma_pieprasijums_{claim['Nr.']}")
            expected = figures[claim["Nr."]]
            if claim["Veids"] == "avansa":
                text = text_of(path).replace("\u00a0", " ")
                assert f"pieprasa avansu {_lv(expected['advance'])} euro" in text
                paid += expected["advance"]
                continue
            assert_claim(path, cells, expected)
            period_lm += table(path, "Finansējums")["Ministrijas finansējums"][1]
            for name in costs:
                costs[name] += table(path, "Izmaksu pozīcija")[name][1]
            paid += table(path, "Maksājums")["Izmaksājamā summa"][0]
        # what the documents claim, added up, is the agreement
        assert period_lm == agreed.eligible[1], code
        assert costs == {name: row[0] for name, row in agreed.rows.items()}, code
        assert paid == agreed.eligible[1], code  # advances and payables, nothing to pay back
        final = doc(out, code, f"maksajuma_pieprasijums_{cells.claims[code][-1]['Nr.']}")
        # its non-eligible rows say that no funding is asked for them
        reconciliation = {
            name.removesuffix(" (Ministrijas finansējums netiek pieprasīts)"): row
            for name, row in table(final, "Salīdzinājums").items()
        }
        for name, row in agreed.rows.items():
            assert reconciliation[name] == [row[0], row[0], ZERO]
        assert reconciliation["Ministrijas finansējums"] == [agreed.eligible[1]] * 2 + [ZERO]
        assert_words_match_figures(final, at_least=1)


def test_an_advance_and_its_offset(out: Path, cells: Cells) -> None:
    for code in advanced(cells):
        figures = simulate(cells, code)
        lm = compute(cells, cells.budget(code, date.min)).eligible[1]
        advance_doc = doc(out, code, "maksajuma_pieprasijums_1")
        text = text_of(advance_doc).replace("\u00a0", " ")
        advance = figures[1]["advance"]
        assert f"pieprasa avansu {_lv(advance)} euro" in text
        assert (
            f"tai skaitā Eiropas Sociālā fonda Plus finansējums {_lv(figures[1]['advance_esf'])}"
            in text
        )
        assert f"ir {_lv(share(lm, cells.advance_rate))} euro" in text  # the largest advance
        assert_words_match_figures(advance_doc, at_least=1)
        # the next claim's LM share goes to offset the advance first
        following = figures[2]
        assert following["offset"] == min(advance, following["period_lm"]) > 0
        assert_claim(doc(out, code, "maksajuma_pieprasijums_2"), cells, following)
        assert following["outstanding"] > 0  # the first claim does not offset it all
        next_text = text_of(doc(out, code, "maksajuma_pieprasijums_2")).replace("\u00a0", " ")
        outstanding = _lv(following["outstanding"])
        assert f"Neieskaitītais avanss pēc šī maksājuma pieprasījuma ir {outstanding} euro" in (
            next_text
        )
        # all claims of costs together offset the advance in full, or go on offsetting it
        offsets = sum((f["offset"] for f in figures.values() if "offset" in f), ZERO)
        assert offsets == min(advance, sum(f["period_lm"] for f in figures.values() if "lm" in f))


def test_claims_of_an_amended_partner_follow_the_budget_in_force(out: Path, cells: Cells) -> None:
    for code in amended(cells):
        figures = simulate(cells, code)
        for claim in cells.claims[code]:
            path = doc(out, code, f"maksajuma_pieprasijums_{claim['Nr.']}")
            assert_claim(path, cells, figures[claim["Nr."]])


def test_progress_reports_show_targets_to_date_and_percent(out: Path, cells: Cells) -> None:
    names = [i["Nosaukums"] for i in cells.indicators]
    checked = 0
    for code in [*finished(cells)[:2], *amended(cells)]:
        rows = cells.progress[code]
        for row in rows:
            path = doc(out, code, f"progresa_parskats_{row['No']:%Y-%m-%d}_{row['Līdz']:%Y-%m-%d}")
            indicators = table(path, "Rādītājs")
            assert list(indicators) == names
            for name in names:
                target = cells.target(code, name, row["Līdz"])
                to_date = sum(r[name] for r in rows if r["Līdz"] <= row["Līdz"])
                fraction = (Decimal(to_date) / Decimal(target)).quantize(
                    Decimal("0.0001"), rounding=ROUND_HALF_UP
                )
                shown = f"{fraction * 100:.2f}".replace(".", ",") + " %"
                assert indicators[name][:3] == [target, row[name], to_date], (path.name, name)
                assert str(indicators[name][3]).replace("\u00a0", " ") == shown
            checked += 1
            costs = table(path, "Izmaksu pozīcija")
            for figures in costs.values():
                assert figures[0] - figures[1] == figures[2]
    assert checked >= 8


def test_init_names_what_it_wrote_and_refuses_an_unknown_example(tmp_path: Path) -> None:
    code, output = run("init", tmp_path / "a", "--example", "esf-plus")
    assert code == 0
    assert output.splitlines()[0] == f"Wrote {tmp_path / 'a' / 'inputs' / 'partners.xlsx'}"
    code, output = run("init", tmp_path / "b", "--example", "9.2.2")
    assert code == 2 and "'9.2.2' is not one of '9.2.1.1', 'esf-plus'" in output
    assert not (tmp_path / "b").exists()


def test_the_library_refuses_an_unknown_example(tmp_path: Path) -> None:
    from docgen.sample import write_sample

    message = "no example '9.2.2'; the examples are 9.2.1.1, esf-plus"
    with pytest.raises(ValueError, match=re.escape(message)):
        write_sample(tmp_path / "partners.xlsx", example="9.2.2")
    assert not (tmp_path / "partners.xlsx").exists()


def test_the_summary_adds_up_per_category_and_fund(out: Path, cells: Cells) -> None:
    [path] = out.glob("kopsavilkums_*.docx")
    end = date.fromisoformat(path.stem.rsplit("_", 1)[1])
    budgets = [compute(cells, cells.budget(p["Kods"], end)) for p in cells.partners]
    categories = table(path, "Izmaksu pozīcija")
    assert list(categories) == [*(c["Nosaukums"] for c in cells.categories), TOTAL]
    for category in cells.categories:
        name = category["Nosaukums"]
        amount_, lm, partner = (sum((b.rows[name][i] for b in budgets), ZERO) for i in range(3))
        assert categories[name] == [amount_, lm, partner], name
    for column in range(3):
        assert categories[TOTAL][column] == sum(
            categories[c["Nosaukums"]][column] for c in cells.categories
        )
    sources = table(path, "Finansējuma avots")
    fund = sum((b.esf for b in budgets), ZERO)
    state = sum((b.state_budget for b in budgets), ZERO)
    assert sources["Eiropas Sociālais fonds Plus"][0] == fund
    assert sources["Valsts budžets"][0] == state
    assert sources[TOTAL][0] == categories[TOTAL][0]
    assert sum(r[0] for k, r in sources.items() if k != TOTAL) == sources[TOTAL][0]
    partners = tables_of(path)[2]
    assert partners[0][4] == "ESF+, EUR"
    assert amount(partners[-1][4]) == fund


def test_the_consolidated_agreement_has_the_budget_in_force(out: Path, cells: Cells) -> None:
    for code in amended(cells):
        path = doc(out, code, "sadarbibas_ligums_konsolideta")
        assert_budget_table(path, cells, compute(cells, cells.budget(code, None)))
        assert "Konsolidētā redakcija" in text_of(path)
