"""The example workbook: valid by every rule docgen checks, plausible, and the same on every run."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from stdnum import iban
from stdnum.lv import pvn

from docgen.errors import OutputError
from docgen.latvian.workdays import is_working_day
from docgen.money import share, split
from docgen.records import Rates
from docgen.sample import PROJECT_NO, sample_workbook, write_sample
from docgen.workbook import schema
from tests.helpers import SHIPPED_WORKBOOK

CENT = Decimal("0.01")
RATES = Rates()
TRAINING_RATE = RATES.category("training").rate


def _budget(partner: dict[str, Any]) -> dict[str, Decimal]:
    """A Partneri row's amount of each of 9.2.1.1's categories."""
    return {key: partner[key] for key in RATES.keys}


# The 7 state cities and 36 novadi of 2021–2023, as the first word of their names.
STATE_CITIES = ["Daugavpils", "Jelgavas", "Jūrmalas", "Liepājas", "Rēzeknes", "Rīgas", "Ventspils"]
# fmt: off
NOVADI = [
    "Ādažu", "Aizkraukles", "Alūksnes", "Augšdaugavas", "Balvu", "Bauskas", "Cēsu",
    "Dienvidkurzemes", "Dobeles", "Gulbenes", "Jelgavas", "Jēkabpils", "Krāslavas", "Kuldīgas",
    "Ķekavas", "Limbažu", "Līvānu", "Ludzas", "Madonas", "Mārupes", "Ogres", "Olaines", "Preiļu",
    "Rēzeknes", "Ropažu", "Salaspils", "Saldus", "Saulkrastu", "Siguldas", "Smiltenes", "Talsu",
    "Tukuma", "Valkas", "Valmieras", "Varakļānu", "Ventspils",
]
# fmt: on


@pytest.fixture(scope="module")
def workbook() -> openpyxl.Workbook:
    return sample_workbook()


@pytest.fixture(scope="module")
def partners(workbook: openpyxl.Workbook) -> list[dict[str, Any]]:
    return _table(workbook, schema.PARTNERS_SHEET, schema.TABLE_SHEETS[schema.PARTNERS_SHEET])


@pytest.fixture(scope="module")
def claims(workbook: openpyxl.Workbook) -> dict[str, list[dict[str, Any]]]:
    return _by_code(_table(workbook, schema.CLAIMS_SHEET, schema.TABLE_SHEETS[schema.CLAIMS_SHEET]))


@pytest.fixture(scope="module")
def progress(workbook: openpyxl.Workbook) -> dict[str, list[dict[str, Any]]]:
    return _by_code(
        _table(workbook, schema.PROGRESS_SHEET, schema.TABLE_SHEETS[schema.PROGRESS_SHEET])
    )


def _table(
    workbook: openpyxl.Workbook, name: str, columns: Sequence[schema.Column]
) -> list[dict[str, Any]]:
    """A sheet's rows as dicts by column key (a category's, target's or result's by 9.2.1.1's
    field name, "pilot", "target_specialists"); the header must be the schema's."""
    sheet = workbook[name]
    assert [cell.value for cell in sheet[1]] == [column.header for column in columns]
    return [
        {
            (column.also[0] if column.also else column.key): _plain(value)
            for column, value in zip(columns, row, strict=True)
        }
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


def _plain(value: Any) -> Any:
    """Dates as dates (a saved file gives datetimes), amounts as exact Decimals."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _by_code(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    result: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        result.setdefault(row["code"], []).append(row)
    return result


def _money(value: Any) -> Decimal:
    return Decimal("0.00") if value is None else Decimal(value)


def _values(workbook: openpyxl.Workbook) -> dict[str, list[tuple[Any, ...]]]:
    return {
        sheet.title: [tuple(_plain(v) for v in row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook
    }


# --- The project ------------------------------------------------------------------------


def test_project_sheet_lists_every_parameter_in_order(workbook: openpyxl.Workbook) -> None:
    sheet = workbook[schema.PROJECT_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (schema.PARAMETER_HEADER.header, schema.VALUE_HEADER.header)
    assert [name for name, _ in rows[1:]] == [row.header for row in schema.PROJECT_ROWS]
    values = {c.key: value for c, (_, value) in zip(schema.PROJECT_ROWS, rows[1:], strict=True)}
    assert values["project_no"] == PROJECT_NO == "9.2.1.1/15/I/001"
    assert values["available_funding"] == 7247622
    assert (values["esf_rate"], values["pilot_rate"], values["training_rate"]) == (
        "85 %",
        "100 %",
        "70 %",
    )
    reg_no = values["beneficiary_reg_no"]
    assert re.fullmatch(r"9000\d{7}", reg_no) and pvn.is_valid(reg_no)


# --- The partners -----------------------------------------------------------------------


def test_one_partner_per_local_government_with_unique_codes(partners: list[dict]) -> None:
    codes = [p["code"] for p in partners]
    assert len(codes) == 43
    assert len(set(codes)) == 43
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,32}", code) for code in codes)


def test_names_are_the_7_state_cities_and_36_novadi(partners: list[dict]) -> None:
    names = [p["name"] for p in partners]
    cities = [n for n in names if n.endswith(" valstspilsētas pašvaldība")]
    novadi = [n for n in names if n.endswith(" novada pašvaldība")]
    assert len(cities) == 7 and len(novadi) == 36
    assert [n.split()[0] for n in cities] == STATE_CITIES
    assert [n.split()[0] for n in novadi] == NOVADI


@pytest.mark.parametrize(
    "city, novads", [("JELGAVA", "Jelgavas"), ("REZEKNE", "Rēzeknes"), ("VENTSPILS", "Ventspils")]
)
def test_a_city_and_its_namesake_novads_are_two_partners(
    partners: list[dict], city: str, novads: str
) -> None:
    by_name = {p["name"]: p for p in partners}
    city_row = next(p for p in partners if p["code"] == city)
    novads_row = by_name[f"{novads} novada pašvaldība"]
    assert city_row["name"] == f"{novads} valstspilsētas pašvaldība"
    assert novads_row["code"] != city
    assert novads_row["reg_no"] != city_row["reg_no"]
    assert novads_row["email"] != city_row["email"]


def test_registration_numbers_are_valid_and_unique(partners: list[dict]) -> None:
    numbers = [p["reg_no"] for p in partners]
    assert all(re.fullmatch(r"9000\d{7}", n) for n in numbers)
    assert all(pvn.is_valid(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)


def test_ibans_are_valid_treasury_accounts(partners: list[dict]) -> None:
    accounts = [iban.compact(p["iban"]) for p in partners]
    assert all(iban.is_valid(a) for a in accounts)
    assert all(re.fullmatch(r"LV\d\dTREL\d{13}", a) for a in accounts)
    assert len(set(accounts)) == len(accounts)


def test_emails_are_ascii_mailboxes_of_the_social_service(partners: list[dict]) -> None:
    pattern = r"socialais\.dienests@[a-z]+\.lv"
    assert all(re.fullmatch(pattern, p["email"]) for p in partners)


def test_representatives_exercise_every_declension_ending(partners: list[dict]) -> None:
    men = {"domes priekšsēdētājs", "izpilddirektors"}
    women = {"domes priekšsēdētāja"}
    assert {p["representative_title"] for p in partners} == men | women
    endings = set()
    for p in partners:
        for word in p["representative"].replace("-", " ").split():
            if p["representative_title"] in men:
                ending = next(e for e in ("us", "is", "š", "s", "") if word.endswith(e))
                endings.add(("man", ending))
            else:
                endings.add(("woman", word[-1]))
    assert endings >= {("man", e) for e in ("s", "š", "is", "us")}
    assert endings >= {("woman", "a"), ("woman", "e")}


def test_genitive_overrides_are_few(partners: list[dict]) -> None:
    overridden = [p for p in partners if p["representative_genitive"]]
    assert 1 <= len(overridden) <= 2
    assert [p["representative_genitive"] for p in overridden] == [
        "Kārļa Priedes",
        "Ingas Bērziņas-Kalniņas",
    ]


def test_agreement_dates_and_numbers(partners: list[dict]) -> None:
    for p in partners:
        assert date(2021, 7, 1) <= p["start"] <= date(2021, 12, 1)
        assert p["end"] in (date(2023, 11, 30), date(2023, 12, 31))
        assert date(2021, 7, 1) <= p["agreement_date"] <= p["start"]
        assert is_working_day(p["agreement_date"]), p["code"]
    # Every agreement is signed: its date and its number written, never derived from its row.
    numbers = [p["agreement_no"] for p in partners]
    assert all(re.fullmatch(re.escape(PROJECT_NO) + r"/\d+", n) for n in numbers)
    assert len(set(numbers)) == len(numbers)


def test_the_regulation_in_force_is_cited_with_its_full_title(workbook) -> None:
    values = dict(_values(workbook)["Projekts"][1:])
    regulation = values["Normatīvais akts"]
    assert regulation.startswith("Ministru kabineta 2019. gada 17. decembra noteikumi Nr. 686 ")
    assert '"Paaugstināt sociālo dienestu darba efektivitāti un darbinieku profesionalitāti' in (
        regulation
    )
    assert regulation.endswith('pašvaldībās" īstenošanas noteikumi"')


def test_representatives_sign_under_a_plausible_authority(partners: list[dict]) -> None:
    executives = [p for p in partners if p["representative_title"] == "izpilddirektors"]
    assert executives
    months = "jūlija|augusta|septembra|oktobra|novembra"
    for p in executives:
        decision = re.fullmatch(
            rf"domes 2021\. gada (\d{{1,2}})\. ({months}) lēmums Nr\. \d+", p["authority"]
        )
        assert decision, p["authority"]
        day, month = int(decision[1]), months.split("|").index(decision[2]) + 7
        if p["agreement_date"] is not None:  # decided before the agreement was signed
            assert date(2021, month, day) <= p["agreement_date"], p["code"]
    for p in partners:
        if p not in executives:
            assert p["authority"] in (None, "pašvaldības nolikums")


def test_budgets_and_targets_are_in_range(partners: list[dict]) -> None:
    for p in partners:
        assert Decimal(15_000) <= p["pilot"] <= Decimal(60_000)
        assert Decimal(20_000) <= p["training"] <= Decimal(90_000)
        assert Decimal(0) <= p["non_eligible"] <= Decimal(5_000)
        assert 5 <= p["target_specialists"] <= 40
        assert 6 <= p["target_supervisions"] <= 24
        assert 5 <= p["target_assessments"] <= 60
    assert any(p["non_eligible"] for p in partners)


def test_some_training_shares_need_half_up_rounding(partners: list[dict]) -> None:
    # Where 70 % of the amount ends in exactly half a cent, banker's rounding would differ.
    differ = [
        p["code"]
        for p in partners
        if share(p["training"], TRAINING_RATE)
        != (p["training"] * TRAINING_RATE).quantize(CENT, rounding=ROUND_HALF_EVEN)
    ]
    assert len(differ) >= 3


def test_stated_totals_match_the_computed_split(partners: list[dict]) -> None:
    stated = [p for p in partners if p["stated_eligible"] is not None or p["stated_lm"] is not None]
    assert 15 <= len(stated) <= 28
    for p in stated:
        figures = split(_budget(p), RATES)
        assert (p["stated_eligible"], p["stated_lm"]) == (figures.total_eligible, figures.lm_total)


def test_all_partners_together_stay_well_under_the_measure(partners: list[dict]) -> None:
    lm = sum(split(_budget(p), RATES).lm_total for p in partners)
    assert lm < Decimal("7247622.00") * Decimal("0.75")


# --- Payment claims ---------------------------------------------------------------------


def test_claims_are_numbered_from_1_without_gaps(partners: list[dict], claims: dict) -> None:
    assert set(claims) == {p["code"] for p in partners}
    for p in partners:
        numbers = [c["number"] for c in claims[p["code"]]]
        assert 2 <= len(numbers) <= 6
        assert numbers == list(range(1, len(numbers) + 1))


def test_claim_periods_follow_each_other_inside_the_agreement(
    partners: list[dict], claims: dict
) -> None:
    for p in partners:
        rows = [c for c in claims[p["code"]] if c["kind"] != "avansa"]
        assert rows[0]["period_start"] == p["start"]
        for c in rows:
            assert p["start"] <= c["period_start"] <= c["period_end"] <= p["end"]
            assert c["kind"] in (*schema.CLAIM_KINDS, None)
            if c["date"] is not None:
                assert c["date"] > c["period_end"]
        for before, after in pairwise(rows):
            assert (after["period_start"] - before["period_end"]).days == 1


def test_every_claim_of_costs_comes_with_a_progress_row_for_its_period(
    claims: dict, progress: dict
) -> None:
    for code, rows in claims.items():
        periods = [(r["period_start"], r["period_end"]) for r in progress[code]]
        costs = [(c["period_start"], c["period_end"]) for c in rows if c["kind"] != "avansa"]
        assert periods == costs, code


def test_two_partners_ask_for_a_real_advance_that_their_claims_offset(
    partners: list[dict], claims: dict
) -> None:
    by_code = {p["code"]: p for p in partners}
    advances = [c for rows in claims.values() for c in rows if c["kind"] == "avansa"]
    assert len(advances) == 2
    for advance in advances:
        partner = by_code[advance["code"]]
        lm = split(_budget(partner), RATES).lm_total
        assert Decimal(0) < _money(advance["advance"]) <= share(lm, Decimal("0.30"))
        assert advance["number"] == 1 and advance["justification"]
        assert (advance["pilot"], advance["training"], advance["non_eligible"]) == (None,) * 3
        assert is_working_day(advance["date"])
        assert advance["date"] >= (partner["agreement_date"] or partner["start"])
    # one of them has finished, so its claims offset the advance whole
    assert any(claims[a["code"]][-1]["kind"] == "noslēguma" for a in advances)


def test_no_claim_or_report_of_the_example_is_dated_on_a_non_working_day() -> None:
    from docgen.documents.context import report_context
    from docgen.workbook.reader import load

    workbook = load(SHIPPED_WORKBOOK)
    for claim in workbook.claims:
        assert is_working_day(claim.date), (claim.code, claim.number, claim.date)
    for row in workbook.progress:
        partner = workbook.partner(row.code)
        context = report_context(workbook, partner, row.period_start, row.period_end, date.today())
        assert is_working_day(context.data["report"]["date"]), (row.code, row.period_end)


def test_cumulative_claims_never_exceed_the_agreement(partners: list[dict], claims: dict) -> None:
    for p in partners:
        for key in ("pilot", "training", "non_eligible"):
            to_date = Decimal("0.00")
            for c in claims[p["code"]]:
                assert _money(c[key]) >= 0
                to_date += _money(c[key])
                assert to_date <= p[key], (p["code"], c["number"], key)


def test_final_claims_settle_the_agreement_exactly(partners: list[dict], claims: dict) -> None:
    finished = [p for p in partners if claims[p["code"]][-1]["period_end"] == p["end"]]
    assert 10 <= len(finished) <= 20
    for p in finished:
        rows = claims[p["code"]]
        assert rows[-1]["kind"] == "noslēguma"
        for key in ("pilot", "training", "non_eligible"):
            assert sum(_money(c[key]) for c in rows) == p[key], (p["code"], key)


def test_claim_kinds_are_mixed(claims: dict) -> None:
    rows = [c for rows in claims.values() for c in rows]
    assert {c["kind"] for c in rows} == {*schema.CLAIM_KINDS, None}
    assert all(c["kind"] != "noslēguma" for rows in claims.values() for c in rows[:-1])
    assert all(c["kind"] != "avansa" for rows in claims.values() for c in rows[1:])
    assert all(
        c["advance"] is None for rows in claims.values() for c in rows if c["kind"] != "avansa"
    )


# --- Progress ---------------------------------------------------------------------------


def test_progress_periods_follow_each_other_inside_the_agreement(
    partners: list[dict], progress: dict
) -> None:
    assert set(progress) == {p["code"] for p in partners}
    for p in partners:
        rows = progress[p["code"]]
        assert 2 <= len(rows) <= 6
        for row in rows:
            assert p["start"] <= row["period_start"] <= row["period_end"] <= p["end"]
        for before, after in pairwise(rows):
            assert after["period_start"] > before["period_end"]


def test_progress_adds_up_to_at_most_the_targets(partners: list[dict], progress: dict) -> None:
    for p in partners:
        for key in ("specialists", "supervisions", "assessments"):
            counts = [row[key] for row in progress[p["code"]]]
            assert all(isinstance(n, int) and n >= 0 for n in counts)
            assert sum(counts) <= p[f"target_{key}"]


def test_some_progress_rows_have_notes(progress: dict) -> None:
    notes = [row["notes"] for rows in progress.values() for row in rows]
    assert 0 < sum(1 for n in notes if n) < len(notes)
    assert "Supervīzijas notika attālināti." in notes


# --- Cells and presentation -------------------------------------------------------------


def test_no_cell_holds_a_formula(workbook: openpyxl.Workbook) -> None:
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                assert not str(cell.value or "").startswith("="), cell.coordinate


def test_text_has_no_stray_spaces(workbook: openpyxl.Workbook) -> None:
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.value == " ".join(cell.value.split()), cell.coordinate


def _typed_cells(workbook: openpyxl.Workbook, kind: str) -> list[Any]:
    """Every cell of the given column kind, the Projekts values included."""
    cells = []
    for name, columns in schema.TABLE_SHEETS.items():
        sheet = workbook[name]
        for number, column in enumerate(columns, start=1):
            if column.kind == kind:
                cells += [row[number - 1] for row in sheet.iter_rows(min_row=2)]
    project = workbook[schema.PROJECT_SHEET]
    for number, column in enumerate(schema.PROJECT_ROWS, start=2):
        if column.kind == kind:
            cells.append(project.cell(number, 2))
    return [cell for cell in cells if cell.value is not None]


def test_amounts_are_numbers_with_at_most_two_decimals(workbook: openpyxl.Workbook) -> None:
    cells = _typed_cells(workbook, "amount")
    assert len(cells) > 500
    for cell in cells:
        assert isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
        exact = Decimal(repr(cell.value))
        assert exact.quantize(CENT) == exact, (cell.parent.title, cell.coordinate)
        assert cell.number_format == "#,##0.00"
    # Cents are always there in the partners' budgets, not only whole euro.
    assert any(Decimal(repr(c.value)) % 1 for c in cells)


def test_dates_are_excel_dates(workbook: openpyxl.Workbook) -> None:
    cells = _typed_cells(workbook, "date")
    assert len(cells) > 500
    for cell in cells:
        assert isinstance(cell.value, date)
        assert cell.number_format == "DD.MM.YYYY"


@pytest.mark.parametrize(
    "name",
    [schema.PROJECT_SHEET, schema.PARTNERS_SHEET, schema.CLAIMS_SHEET, schema.PROGRESS_SHEET],
)
def test_headers_are_bold_and_frozen(workbook: openpyxl.Workbook, name: str) -> None:
    sheet = workbook[name]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert all(sheet.column_dimensions[c.column_letter].width >= 5 for c in sheet[1])


# --- Determinism and writing ------------------------------------------------------------


def test_two_builds_are_identical_cell_by_cell(workbook: openpyxl.Workbook) -> None:
    assert _values(sample_workbook()) == _values(workbook)


def test_write_sample_creates_folders_and_writes_what_reads_back(
    tmp_path: Path, workbook: openpyxl.Workbook
) -> None:
    path = tmp_path / "new" / "inputs" / "partners.xlsx"
    assert write_sample(path) == path
    saved = openpyxl.load_workbook(path)
    assert saved.sheetnames == [
        schema.PROJECT_SHEET,
        schema.PARTNERS_SHEET,
        schema.CLAIMS_SHEET,
        schema.PROGRESS_SHEET,
        schema.AMENDMENTS_SHEET,
        schema.EXPENSES_SHEET,
    ]
    assert _values(saved) == _values(workbook)
    assert saved.properties.modified == datetime(2026, 1, 1)


def test_write_sample_writes_the_same_bytes_every_time(tmp_path: Path) -> None:
    first = write_sample(tmp_path / "a.xlsx").read_bytes()
    second = write_sample(tmp_path / "b.xlsx").read_bytes()
    assert first == second


def test_write_sample_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "partners.xlsx"
    path.write_bytes(b"staff's own workbook")
    with pytest.raises(OutputError) as caught:
        write_sample(path)
    assert str(caught.value) == f"{path} exists; use --force to overwrite it"
    assert path.read_bytes() == b"staff's own workbook"

    write_sample(path, force=True)
    assert openpyxl.load_workbook(path).sheetnames[0] == schema.PROJECT_SHEET


def test_write_sample_reports_a_path_it_cannot_write(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="a-file"):
        write_sample(blocker / "partners.xlsx")


def test_a_few_partners_list_the_documents_of_their_claims_and_they_add_up() -> None:
    from docgen.workbook.reader import load

    workbook = load(SHIPPED_WORKBOOK)
    listing = sorted({e.code for e in workbook.expenses})
    assert 3 <= len(listing) <= 5, listing
    for code in listing:
        for claim in workbook.claims_of(code):
            documents = workbook.expenses_of(code, claim.number)
            if claim.is_advance:
                assert documents == ()
                continue
            for key, cost in claim.costs.items():
                mine = [e.amount for e in documents if e.category == key]
                assert sum(mine, Decimal("0.00")) == cost, (code, claim.number, key)
            for e in documents:
                assert claim.period_start <= e.date <= claim.period_end
                assert is_working_day(e.date)
                assert e.paid is None or e.date <= e.paid <= min(claim.date, date(2023, 12, 31))
    # a partner with an advance and one with non-eligible costs among them
    assert any(c.is_advance for code in listing for c in workbook.claims_of(code))
    assert any(e.category == "non_eligible" for e in workbook.expenses)
    # the same document number never twice for one partner
    numbers = [(e.code, e.document) for e in workbook.expenses]
    assert len(numbers) == len(set(numbers))
