"""A project's own shape read from the workbook: the sheets Kategorijas and Rādītāju saraksts,
the fund's parameters, and the columns of the other sheets that follow them; every mistake with
its place."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest

from docgen.records import DEFAULT_CATEGORIES, DEFAULT_INDICATORS
from docgen.workbook.reader import derived_key, validate
from tests.helpers import errors_of, run, warnings_of


@pytest.fixture
def shaped(shaped_book):
    return shaped_book


def test_the_shape_is_read_as_written(shaped) -> None:
    result = validate(shaped.save())
    assert [str(p) for p in result.errors] == []
    project = result.workbook.project
    categories = project.rates.categories
    assert [(c.key, c.name, c.rate, c.eligible) for c in categories] == [
        ("darbs", "Darbs ar klientiem", D("0.85"), True),
        ("aprikojums", "Aprīkojums", D("0.5"), True),
        ("citas_izmaksas", "Citas izmaksas", D("0"), False),
    ]
    assert categories[1].of == "aprīkojuma"
    assert categories[0].of == "kategorijas \u201eDarbs ar klientiem\u201d"
    fund = project.rates.fund
    assert (fund.name, fund.rate, fund.genitive, fund.short) == (
        "Eiropas Sociālais fonds Plus",
        D("0.8"),
        "Eiropas Sociālā fonda Plus",
        "ESF+",
    )
    assert [(i.key, i.name, i.unit) for i in project.indicators] == [
        ("dalibnieki", "Dalībnieki", "personas")
    ]
    partner = result.workbook.partner("JURMALA")
    assert dict(partner.budget) == {
        "darbs": D("1000.00"),
        "aprikojums": D("10000.01"),
        "citas_izmaksas": D("0.00"),
    }
    assert dict(partner.targets) == {"dalibnieki": 10}
    assert dict(result.workbook.progress_of("JURMALA")[0].achieved) == {"dalibnieki": 4}


def test_splits_give_each_category_and_the_fund(shaped) -> None:
    code, output = run("splits", shaped.save(), "--format", "json")
    assert code == 0, output
    first = json.loads(output)[0]
    # 85 % of 1 000,00 = 850,00; 50 % of 10 000,01 = 5 000,005 → 5 000,01 half up;
    # LM 5 850,01; ESF+ 80 % = 4 680,008 → 4 680,01; state budget the rest, 1 170,00.
    assert {k: first[k] for k in ("darbs", "aprikojums", "citas_izmaksas")} == {
        "darbs": "1000.00",
        "aprikojums": "10000.01",
        "citas_izmaksas": "0.00",
    }
    assert (first["lm_darbs"], first["lm_aprikojums"]) == ("850.00", "5000.01")
    assert "lm_citas_izmaksas" not in first and "pilot" not in first
    assert (first["lm_total"], first["cofinancing"]) == ("5850.01", "5150.00")
    assert (first["esf"], first["state_budget"]) == ("4680.01", "1170.00")
    assert first["fund"] == "Eiropas Sociālais fonds Plus"
    assert [c["key"] for c in first["categories"]] == ["darbs", "aprikojums", "citas_izmaksas"]
    assert first["categories"][1] == {
        "key": "aprikojums",
        "name": "Aprīkojums",
        "eligible": True,
        "amount": "10000.01",
        "lm": "5000.01",
        "cofinancing": "5000.00",
    }
    code, table = run("splits", shaped.save())
    assert code == 0
    head = table.splitlines()[0].split()
    assert head[:7] == ["Kods", "Darbs", "ar", "klientiem", "Aprīkojums", "Citas", "izmaksas"]
    assert "ESF+" in head


def test_claims_are_capped_per_category_by_its_column(shaped) -> None:
    shaped.claims[1]["Aprīkojums"] = "7 500,00"  # with claim 1's 3 000,00: above 10 000,01
    assert errors_of(shaped.save()) == [
        "Maksājumi!H3 (Aprīkojums): claims 1–2 of JURMALA add up to 10\u00a0500,00 of "
        "Aprīkojums, above the agreed 10\u00a0000,01 (Partneri row 2) by 499,99"
    ]


# --- Mistakes, each with its place --------------------------------------------------------


def test_a_category_without_its_column(shaped) -> None:
    shaped.headers["Partneri"].remove("Aprīkojums")
    for row in shaped.partners:
        del row["Aprīkojums"]
    assert "Partneri (Aprīkojums): the column is missing from row 1" in errors_of(shaped.save())


def test_a_column_of_a_category_the_project_does_not_have_is_a_warning(shaped) -> None:
    shaped.headers["Partneri"].append("Pilotprojekts")
    shaped.partners[0]["Pilotprojekts"] = 500
    path = shaped.save()
    assert errors_of(path) == []
    assert [w for w in warnings_of(path) if w.startswith("warning: Partneri!")] == [
        "warning: Partneri!Y1 (Pilotprojekts): the column looks like a cost category's or an "
        "indicator's, but the project has none of that name (Kategorijas, Rādītāju saraksts); "
        "it is not read"
    ]


def test_a_target_of_an_indicator_the_project_does_not_have_is_a_warning(shaped) -> None:
    shaped.headers["Partneri"].append("Mērķis: Supervīzijas")
    warnings = warnings_of(shaped.save())
    assert any(
        w.startswith("warning: Partneri!Y1 (Mērķis: Supervīzijas): the column looks like")
        for w in warnings
    )


def test_the_funds_rate_as_fonda_likme(shaped) -> None:
    del shaped.project["ESF likme"]
    shaped.project["Fonda likme"] = "75 %"
    assert validate(shaped.save()).workbook.project.rates.fund.rate == D("0.75")


def test_a_rate_above_100_percent(shaped) -> None:
    shaped.categories[0]["LM likme"] = "110 %"
    assert errors_of(shaped.save())[0] == (
        "Kategorijas!B2 (LM likme): '110 %' is not a rate between 0 % and 100 % "
        "(write 85 % or 0,85)"
    )


def test_two_categories_with_one_name(shaped) -> None:
    shaped.categories[1]["Nosaukums"] = "darbs ar klientiem "
    assert errors_of(shaped.save())[0] == (
        "Kategorijas!A3 (Nosaukums): 'darbs ar klientiem' is already in row 2; each needs a "
        "name of its own"
    )


def test_two_categories_with_one_key(shaped) -> None:
    shaped.categories[1]["Atslēga"] = "darbs"
    assert errors_of(shaped.save())[0] == (
        "Kategorijas!C3 (Atslēga): the key 'darbs' is already the key or the name of row 2; write "
        "another in Atslēga"
    )


@pytest.mark.parametrize("key", ["total", "esf", "lm_darbs"])
def test_a_key_the_figures_already_use(shaped, key) -> None:
    shaped.categories[1]["Atslēga"] = key
    assert errors_of(shaped.save())[0] == (
        f"Kategorijas!C3 (Atslēga): the key {key!r} is one docgen's figures already use; write "
        "another in Atslēga"
    )


def test_a_category_named_like_a_column_docgen_reads(shaped) -> None:
    shaped.categories[1]["Nosaukums"] = "Avanss"
    assert errors_of(shaped.save())[0] == (
        "Kategorijas!A3 (Nosaukums): 'Avanss' is already the header of a column docgen reads; "
        "name the category or indicator otherwise"
    )


def test_a_category_that_is_not_eligible_has_no_rate(shaped) -> None:
    shaped.categories[2]["LM likme"] = "10 %"
    assert errors_of(shaped.save())[0] == (
        "Kategorijas!B4 (LM likme): a category that is not eligible has no LM rate: write 0 %, "
        "or jā in Attiecināmas"
    )


def test_an_indicators_target_column_missing(shaped) -> None:
    shaped.headers["Partneri"].remove("Mērķis: Dalībnieki")
    for row in shaped.partners:
        del row["Mērķis: Dalībnieki"]
    assert "Partneri (Mērķis: Dalībnieki): the column is missing from row 1" in errors_of(
        shaped.save()
    )


def test_9211s_rates_beside_kategorijas_are_a_warning(shaped) -> None:
    shaped.project["Apmācību LM likme"] = "60 %"
    path = shaped.save()
    assert errors_of(path) == []
    assert [w for w in warnings_of(path) if w.startswith("warning: Projekts")] == [
        "warning: Projekts!B16 (Apmācību LM likme): the rates are given by the sheet "
        "Kategorijas; this parameter of 9.2.1.1's categories is not used"
    ]


def test_an_empty_kategorijas_sheet(shaped) -> None:
    shaped.categories = [{"Nosaukums": None, "LM likme": None}]
    assert "Kategorijas: the sheet has no row below its headers" in errors_of(shaped.save())


# --- 9.2.1.1 without the sheets ---------------------------------------------------------------


def test_without_the_sheets_the_shape_is_9211s(book) -> None:
    workbook = validate(book.save()).workbook
    assert workbook.project.rates.categories == DEFAULT_CATEGORIES
    assert workbook.project.indicators == DEFAULT_INDICATORS


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Apmācības un supervīzija", "apmacibas_un_supervizija"),
        ("  Ēkas & būves (2024.) ", "ekas_buves_2024"),
        ("2. kārta", "k_2_karta"),
        ("ļ" * 40, "l" * 32),
    ],
)
def test_a_key_derived_from_a_name(name, key) -> None:
    assert derived_key(name) == key


# --- What a hostile review found: each refused or named --------------------------------------


def test_a_misspelt_category_column_in_grozijumi_is_named(shaped) -> None:
    shaped.amendments = [
        {"Kods": "JURMALA", "Nr.": 1, "Datums": date(2018, 3, 1), "Aprīkojum": "9 000,00"}
    ]
    shaped.headers["Grozījumi"] = [
        "Aprīkojum" if h == "Aprīkojums" else h for h in shaped.headers["Grozījumi"]
    ]
    path = shaped.save()
    # read without its one change, the amendment changes nothing: an error too
    assert errors_of(path) == [
        "Grozījumi!A2 (Kods): amendment 1 of JURMALA changes nothing: each of its values is "
        "empty or the one in force"
    ]
    assert [w for w in warnings_of(path) if "Aprīkojum)" in w] == [
        "warning: Grozījumi!E1 (Aprīkojum): docgen does not read this column; if it is "
        "Aprīkojums, write its header so (it is not read)"
    ]


def test_a_misspelt_column_of_9211_is_named_too(book) -> None:
    book.headers["Partneri"] = [
        "Neattiecināmās izmaksa" if h == "Neattiecināmās izmaksas" else h
        for h in book.headers["Partneri"]
    ]
    warnings = warnings_of(book.save())
    assert any("if it is Neattiecināmās izmaksas, write its header so" in w for w in warnings)


def test_a_non_eligible_categorys_column_must_be_there(shaped) -> None:
    shaped.headers["Partneri"].remove("Citas izmaksas")
    errors = errors_of(shaped.save())
    assert "Partneri (Citas izmaksas): the column is missing from row 1" in errors


def test_a_header_with_an_invisible_character_is_still_found(shaped) -> None:
    shaped.rename("Citas izmaksas", "Citas izmaksas\u200b")
    shaped.partners[0]["Citas izmaksas\u200b"] = "12,00"
    result = validate(shaped.save())
    assert [str(p) for p in result.errors] == []
    assert result.workbook.partner("JURMALA").budget["citas_izmaksas"] == D("12.00")


def test_a_key_that_reads_as_another_categorys_name(shaped) -> None:
    shaped.categories[1]["Atslēga"] = "citas_izmaksas"  # row 4 derives this key from its name
    assert errors_of(shaped.save())[0] == (
        "Kategorijas!A4 (Nosaukums): the key 'citas_izmaksas' is already the key or the name of "
        "row 3; write another in Atslēga"
    )


@pytest.mark.parametrize(
    "key", ["fund", "categories", "advance", "municipality_total", "cofinancing_x", "items"]
)
def test_keys_the_contexts_already_use(shaped, key) -> None:
    shaped.categories[1]["Atslēga"] = key
    assert errors_of(shaped.save())[0].startswith(
        f"Kategorijas!C3 (Atslēga): the key {key!r} is one docgen's figures already use"
    )


def test_the_key_non_eligible_only_for_the_one_non_eligible_category(shaped) -> None:
    shaped.categories[0]["Atslēga"] = "non_eligible"
    assert errors_of(shaped.save())[0] == (
        "Kategorijas!C2 (Atslēga): the key 'non_eligible' is the total of the costs that are not "
        "eligible; only the project's one non-eligible category may have it"
    )
    shaped.categories[0]["Atslēga"] = "darbs"
    shaped.categories[2]["Atslēga"] = "non_eligible"
    assert errors_of(shaped.save()) == []


def test_a_rate_under_one_percent_is_a_warning_in_kategorijas_too(shaped) -> None:
    shaped.categories[0]["LM likme"] = "0,85 %"
    assert (
        "warning: Kategorijas!B2 (LM likme): '0,85 %' is less than one percent; if 0,85 % was "
        "meant as a fraction, write 85\u00a0%"
    ) in warnings_of(shaped.save())


def test_an_eligible_category_at_0_percent_is_a_warning(shaped) -> None:
    shaped.categories[2] = {"Nosaukums": "Citas izmaksas", "LM likme": "0 %"}
    assert (
        "warning: Kategorijas!B4 (LM likme): an eligible category at 0 % is paid wholly by the "
        "partner as its co-financing; if its costs are not eligible, write nē in Attiecināmas"
    ) in warnings_of(shaped.save())


def test_a_project_with_no_eligible_category(shaped) -> None:
    for row in shaped.categories:
        row.update({"LM likme": 0, "Attiecināmas": "nē"})
    assert (
        "Kategorijas: no category is eligible: the ministry would fund nothing (write jā in "
        "Attiecināmas)"
    ) in errors_of(shaped.save())


def test_an_invisible_format_character_in_a_name_is_refused(shaped) -> None:
    shaped.categories[1]["Nosaukums"] = "Apr\u202eīkojums"
    assert errors_of(shaped.save())[0] == (
        "Kategorijas!A3 (Nosaukums): the text holds an invisible format character (U+202E), "
        "which would make it read otherwise than it is written; delete it"
    )


def test_a_mistake_in_the_shape_stops_before_the_other_sheets(shaped) -> None:
    shaped.categories[1]["Nosaukums"] = "Beigas"
    result = validate(shaped.save())
    assert [str(p) for p in result.problems] == [
        "Kategorijas!A3 (Nosaukums): 'Beigas' is already the header of a column docgen reads; "
        "name the category or indicator otherwise",
        "warning: Kategorijas, Rādītāju saraksts: the other sheets are read once the project's "
        "categories and indicators have no errors",
    ]
    assert result.summary().endswith(
        "0 partners, 0 claims, 0 progress rows read; 1 error, 1 warning."
    )


@pytest.mark.parametrize("name", ["Mērķis: Dalībnieki", "Valsts budžets", "Kopā", "LM kopā"])
def test_names_of_targets_and_of_the_splits_totals_are_taken(shaped, name) -> None:
    shaped.categories[1]["Nosaukums"] = name
    assert errors_of(shaped.save())[0] == (
        f"Kategorijas!A3 (Nosaukums): {name!r} is already the header of a column docgen reads; "
        "name the category or indicator otherwise"
    )


def test_excels_true_and_false_in_attiecinamas(shaped) -> None:
    shaped.categories[0]["Attiecināmas"] = True
    shaped.categories[2]["Attiecināmas"] = False
    categories = validate(shaped.save()).workbook.project.rates.categories
    assert [c.eligible for c in categories] == [True, True, False]


def test_a_rate_with_more_decimals_than_a_rate_is_written_with(shaped) -> None:
    shaped.categories[1]["LM likme"] = 1 / 3
    assert errors_of(shaped.save())[0] == (
        "Kategorijas!B3 (LM likme): 0.3333333333333333 has more decimals than a rate is written "
        "with (at most four after the comma of a percent: 33,3333 %)"
    )
    shaped.categories[1]["LM likme"] = "33,3333 %"
    assert errors_of(shaped.save()) == []


def test_kategorijas_without_raditaju_saraksts_keeps_9211s_targets_optional(shaped) -> None:
    shaped.indicators = []
    shaped.rename("Mērķis: Dalībnieki", "Mērķis: speciālisti")
    shaped.rename("Dalībnieki", "Apmācītie speciālisti")
    shaped.headers["Rādītāji"] += ["Supervīzijas", "AIS novērtējumi"]
    for row in shaped.progress:
        row.update({"Supervīzijas": 1, "AIS novērtējumi": 1})
    assert errors_of(shaped.save()) == []
