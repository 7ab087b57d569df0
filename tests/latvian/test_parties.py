"""The parties as documents name them (docgen.latvian.parties): what a representative acts under,
with the institution in the genitive and the act in the accusative, after "saskaņā ar"."""

from __future__ import annotations

import pytest

from docgen.latvian.parties import authority, authority_gaps, cited_acts

KEKAVA = ("Ķekavas novada pašvaldība", "Ķekavas novada pašvaldības")


@pytest.mark.parametrize(
    ("institution", "written", "cited"),
    [
        # the bylaws, written or by default
        (KEKAVA, "pašvaldības nolikums", "Ķekavas novada pašvaldības nolikumu"),
        (KEKAVA, None, "Ķekavas novada pašvaldības nolikumu"),
        (KEKAVA, "nolikums", "Ķekavas novada pašvaldības nolikumu"),
        (KEKAVA, "Ķekavas novada pašvaldības nolikums", "Ķekavas novada pašvaldības nolikumu"),
        # a council decision with its date and number
        (
            KEKAVA,
            "domes 2021. gada 15. jūlija lēmums Nr. 12",
            "Ķekavas novada pašvaldības domes 2021. gada 15. jūlija lēmumu Nr. 12",
        ),
        # two acts: the institution once, before the first
        (
            KEKAVA,
            "pašvaldības nolikums un domes 2021. gada 15. jūlija lēmums Nr. 12",
            "Ķekavas novada pašvaldības nolikumu un domes 2021. gada 15. jūlija lēmumu Nr. 12",
        ),
        # a power of attorney
        (
            KEKAVA,
            "2021. gada 1. jūlija pilnvara Nr. 5",
            "Ķekavas novada pašvaldības 2021. gada 1. jūlija pilnvaru Nr. 5",
        ),
        (
            KEKAVA,
            "izpilddirektora rīkojums Nr. 3",
            "Ķekavas novada pašvaldības izpilddirektora rīkojumu Nr. 3",
        ),
        # a council before the reform is itself the institution
        (
            ("Jūrmalas pilsētas dome", "Jūrmalas pilsētas domes"),
            None,
            "Jūrmalas pilsētas domes nolikumu",
        ),
        (
            ("Jūrmalas pilsētas dome", "Jūrmalas pilsētas domes"),
            "domes 2020. gada 2. aprīļa lēmums Nr. 7",
            "Jūrmalas pilsētas domes 2020. gada 2. aprīļa lēmumu Nr. 7",
        ),
        # spaces as typed
        (KEKAVA, "  pašvaldības   nolikums ", "Ķekavas novada pašvaldības nolikumu"),
    ],
)
def test_the_authority_names_the_institution_and_the_act(institution, written, cited) -> None:
    result = authority(*institution, written)
    assert result.text == cited
    assert result.unsure == ""


def test_an_act_docgen_does_not_know_is_cited_as_written_and_unsure() -> None:
    result = authority(*KEKAVA, "statūti")
    assert result.text == "Ķekavas novada pašvaldības statūti"
    assert "no act docgen knows" in result.unsure and "'statūti'" in result.unsure


@pytest.mark.parametrize(
    ("written", "acts", "gaps"),
    [
        ("pašvaldības nolikums", ("nolikums",), []),
        ("domes 2021. gada 15. jūlija lēmums Nr. 12", ("lēmums",), []),
        ("domes 15.07.2021. lēmums Nr. 12", ("lēmums",), []),
        ("domes lēmums Nr. 12", ("lēmums",), ["date"]),
        ("2021. gada 1. jūlija pilnvara", ("pilnvara",), ["number"]),
        ("pilnvara", ("pilnvara",), ["date", "number"]),
        ("pašvaldības nolikums un domes lēmums", ("nolikums", "lēmums"), ["date", "number"]),
        ("statūti", (), []),
    ],
)
def test_a_decision_or_power_of_attorney_needs_its_date_and_number(written, acts, gaps) -> None:
    assert cited_acts(written) == acts
    assert authority_gaps(written) == gaps
