"""The reporting schedule in the agreement's clause 6.1, and what was done (Darbības) in the
progress report: each read from the document."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import TEMPLATES, invoke, text_of


def clause_6_1(book, tmp_path: Path) -> str:
    out = tmp_path / "out"
    result = invoke(
        "agreement", book.save(), "--partner", "JURMALA", "--out", out, "--templates", TEMPLATES
    )
    assert result.exit_code == 0, result.output
    text = text_of(out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx").replace("\u00a0", " ")
    return next(line for line in text.splitlines() if line.startswith("6.1.\t"))


FIRST_AND_LAST = (
    "Pirmais pārskata periods sākas izmaksu attiecināmības perioda pirmajā dienā, un pēdējais "
    "beidzas tā pēdējā dienā (Līguma 15.2. apakšpunkts)."
)


@pytest.mark.parametrize(
    ("written", "period"),
    [
        (
            "pusgads",
            "kalendāra pusgadu (no 1. janvāra līdz 30. jūnijam un no 1. jūlija līdz 31. decembrim)",
        ),
        (
            "ceturksnis",
            "kalendāra ceturksni (no 1. janvāra līdz 31. martam, no 1. aprīļa līdz 30. jūnijam, "
            "no 1. jūlija līdz 30. septembrim un no 1. oktobra līdz 31. decembrim)",
        ),
        ("31.12.", "kalendāra gadu (no 1. janvāra līdz 31. decembrim)"),
        # a period may run across the new year
        (
            "30.09, 31.03",
            "laikposmu (no 1. oktobra līdz 31. martam un no 1. aprīļa līdz 30. septembrim)",
        ),
    ],
)
def test_the_agreement_states_the_schedule(book, tmp_path: Path, written, period) -> None:
    book.project["Pārskata periodi"] = written
    assert clause_6_1(book, tmp_path) == (
        "6.1.\tSadarbības partneris iesniedz Ministrijai starpposma maksājuma pieprasījumu par "
        f"katru pārskata periodu – {period} – 20 darbdienu laikā pēc pārskata perioda beigām. "
        f"{FIRST_AND_LAST} Veidlapa ir Līguma 2. pielikumā. Maksājumu pieprasījumus numurē "
        "secīgi, un to pārskata periodi nepārklājas."
    )


def test_without_a_schedule_the_clause_keeps_its_wording(book, tmp_path: Path) -> None:
    clause = clause_6_1(book, tmp_path)
    assert "par katru Ministrijas noteikto pārskata periodu 20 darbdienu laikā" in clause
    assert "Pirmais pārskata periods" not in clause


# --- Darbības in the report -------------------------------------------------------------


def report_text(book, tmp_path: Path, *period: str) -> str:
    out = tmp_path / "out"
    result = invoke(
        "report", book.save(), "--partner", "JURMALA", "--out", out, "--templates", TEMPLATES,
        *period,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (path,) = (out / "JURMALA").glob("*progresa_parskats*")
    return text_of(path)


def section(text: str, heading: str, following: str) -> list[str]:
    """The paragraphs between a heading and the next one."""
    lines = text.splitlines()
    return lines[lines.index(heading) + 1 : lines.index(following)]


ACTIVITIES = "Notika 2 supervīzijas. Speciālisti aprobēja metodiku ikdienas darbā."


def test_the_report_says_what_was_done(book, tmp_path: Path) -> None:
    book.progress = book.progress[:1] + book.progress[2:]  # JURMALA's first period only
    book.claims = book.claims[:1] + book.claims[2:]
    book.progress[0]["Darbības"] = ACTIVITIES
    text = report_text(book, tmp_path)
    assert section(text, "1. Īstenotās darbības", "2. Sasniegtie rādītāji") == [ACTIVITIES]


def test_a_report_without_activities_says_so(book, tmp_path: Path) -> None:
    book.progress = book.progress[:1] + book.progress[2:]
    book.claims = book.claims[:1] + book.claims[2:]
    text = report_text(book, tmp_path)
    assert section(text, "1. Īstenotās darbības", "2. Sasniegtie rādītāji") == [
        "Darbības nav aprakstītas."
    ]


def test_a_report_of_several_periods_dates_each_text(book, tmp_path: Path) -> None:
    book.progress[0]["Darbības"] = ACTIVITIES
    book.progress[1]["Darbības"] = "Apmācības pabeidza 4 speciālisti."
    text = report_text(book, tmp_path, "--from", "18.04.2016.", "--to", "30.06.2017.")
    assert section(text, "1. Īstenotās darbības", "2. Sasniegtie rādītāji") == [
        f"18.04.2016.–31.12.2016.: {ACTIVITIES}",
        "01.01.2017.–30.06.2017.: Apmācības pabeidza 4 speciālisti.",
    ]
