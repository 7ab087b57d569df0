"""The reporting schedule (Projekts' Pārskata periodi) and what a progress row says was done
(Rādītāji's Darbības): read, refused, and the warnings about periods off the schedule and about
costs with neither results nor activities."""

from __future__ import annotations

from datetime import date

import pytest

from docgen.records import HALF_YEAR_ENDS, QUARTER_ENDS, Schedule
from docgen.workbook.reader import validate
from tests.helpers import SHIPPED_WORKBOOK, errors_of, warnings_of

SCHEDULE = "Pārskata periodi"


def warned(book) -> list[str]:
    """The workbook's warnings, each without its "warning: "."""
    return [w.removeprefix("warning: ") for w in warnings_of(book.save())]


# --- The parameter ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "ends", "name"),
    [
        # the named schedules, matched loosely
        ("pusgads", HALF_YEAR_ENDS, "pusgads"),
        (" Ceturksnis ", QUARTER_ENDS, "ceturksnis"),
        # the days the periods end on, in any order, with or without the final dot
        ("31.12, 30.06", HALF_YEAR_ENDS, "30.06., 31.12."),
        ("30.06., 31.12.", HALF_YEAR_ENDS, "30.06., 31.12."),
        ("31.3; 30.9", ((3, 31), (9, 30)), "31.03., 30.09."),
        ("31.12", ((12, 31),), "31.12."),
    ],
)
def test_the_schedule_is_read(book, written: str, ends: tuple, name: str) -> None:
    book.project[SCHEDULE] = written
    project = validate(book.save()).workbook.project
    assert project.reporting_periods == Schedule(ends, name)


def test_without_it_no_schedule_is_stated_and_nothing_is_warned(book) -> None:
    # The test workbook's periods follow no schedule (18.04.–31.12., then a half-year).
    result = validate(book.save())
    assert result.workbook.project.reporting_periods is None
    assert result.warnings == ()


ACCEPTED = (
    "write ceturksnis (calendar quarters), pusgads (half-years) or the days the reporting "
    "periods end on, like 30.06, 31.12"
)


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("mēnesis", f"'mēnesis' is not a reporting schedule: {ACCEPTED}"),
        ("31.06", f"'31.06' is not a reporting schedule: {ACCEPTED}"),
        # not a day of every year
        ("28.02, 29.02", f"'28.02, 29.02' is not a reporting schedule: {ACCEPTED}"),
        ("30.06, 31.12,", f"'30.06, 31.12,' is not a reporting schedule: {ACCEPTED}"),
        ("30.06, 30.06.", f"'30.06, 30.06.' names a day twice; {ACCEPTED}"),
        (date(2022, 6, 30), f"30.06.2022. is a date with a year; {ACCEPTED}, as text"),
    ],
)
def test_a_value_that_is_no_schedule_is_refused_with_its_cell(book, written, why) -> None:
    book.project[SCHEDULE] = written
    row = list(book.project).index(SCHEDULE) + 2  # below the header
    assert errors_of(book.save()) == [f"Projekts!B{row} ({SCHEDULE}): {why}"]


# --- Progress periods against the schedule ----------------------------------------------


def _periods(book, *periods: tuple[date, date]) -> None:
    """Give the test workbook's claims and their progress rows (in pairs, in order) these
    periods."""
    for claim, row, (first, last) in zip(book.claims, book.progress, periods, strict=True):
        claim["No"] = row["No"] = first
        claim["Līdz"] = row["Līdz"] = last


@pytest.fixture
def half_yearly(book):
    """The test workbook reporting by half-years: JURMALA's first period from its start
    (18.04.2016) to 30.06.2016, then the second half of 2016; ADAZI's from its start."""
    book.project[SCHEDULE] = "pusgads"
    _periods(
        book,
        (date(2016, 4, 18), date(2016, 6, 30)),
        (date(2016, 7, 1), date(2016, 12, 31)),
        (date(2016, 4, 18), date(2016, 6, 30)),
    )
    return book


def test_periods_that_follow_the_schedule_are_not_warned(half_yearly) -> None:
    # The first period starts on the agreement's start, not on 1 January.
    assert warnings_of(half_yearly.save()) == []


def test_a_last_period_ending_on_the_amended_end_is_not_warned(half_yearly) -> None:
    half_yearly.amendments = [
        {"Kods": "JURMALA", "Nr.": 1, "Datums": date(2018, 3, 1), "Beigas": date(2024, 3, 15)}
    ]
    last = {"No": date(2024, 1, 1), "Līdz": date(2024, 3, 15)}
    half_yearly.progress.append(dict(half_yearly.progress[1], **last))
    assert warnings_of(half_yearly.save()) == []


def test_a_period_ending_on_the_end_before_an_amendment_moved_it_is_warned(half_yearly) -> None:
    half_yearly.amendments = [
        {"Kods": "JURMALA", "Nr.": 1, "Datums": date(2018, 3, 1), "Beigas": date(2024, 3, 15)}
    ]
    half_yearly.partners[0]["Beigas"] = date(2023, 11, 30)
    last = {"No": date(2023, 7, 1), "Līdz": date(2023, 11, 30)}
    half_yearly.progress.append(dict(half_yearly.progress[1], **last))
    assert warned(half_yearly) == [
        "Rādītāji!C5 (Līdz): the period 01.07.2023.–30.11.2023. of JURMALA does not follow the "
        "reporting schedule (Pārskata periodi: pusgads): it does not end when a reporting period "
        "ends, nor on the agreement's end; expected 01.07.2023.–31.12.2023."
    ]


def test_a_period_spanning_two_reporting_periods_is_warned(half_yearly) -> None:
    _periods(
        half_yearly,
        (date(2016, 4, 18), date(2016, 6, 30)),
        (date(2016, 7, 1), date(2017, 6, 30)),
        (date(2016, 4, 18), date(2016, 6, 30)),
    )
    assert warned(half_yearly) == [
        "Rādītāji!C3 (Līdz): the period 01.07.2016.–30.06.2017. of JURMALA does not follow the "
        "reporting schedule (Pārskata periodi: pusgads): it spans more than one reporting "
        "period; expected 01.07.2016.–31.12.2016."
    ]


def test_a_period_starting_off_the_schedule_is_warned(half_yearly) -> None:
    half_yearly.project[SCHEDULE] = "ceturksnis"
    _periods(
        half_yearly,
        (date(2016, 4, 18), date(2016, 6, 30)),
        (date(2016, 8, 1), date(2016, 9, 30)),
        (date(2016, 4, 18), date(2016, 6, 30)),
    )
    assert warned(half_yearly) == [
        "Rādītāji!B3 (No): the period 01.08.2016.–30.09.2016. of JURMALA does not follow the "
        "reporting schedule (Pārskata periodi: ceturksnis): it does not start on the day after a "
        "reporting period ends, nor on the agreement's start; expected 01.07.2016.–30.09.2016."
    ]


def test_a_period_ending_off_the_listed_days_is_warned(half_yearly) -> None:
    half_yearly.project[SCHEDULE] = "31.03, 30.09"
    _periods(
        half_yearly,
        (date(2016, 4, 18), date(2016, 9, 30)),
        (date(2016, 10, 1), date(2016, 12, 31)),
        (date(2016, 4, 18), date(2016, 9, 30)),
    )
    assert warned(half_yearly) == [
        "Rādītāji!C3 (Līdz): the period 01.10.2016.–31.12.2016. of JURMALA does not follow the "
        "reporting schedule (Pārskata periodi: 31.03., 30.09.): it does not end when a reporting "
        "period ends, nor on the agreement's end; expected 01.10.2016.–31.03.2017."
    ]


# --- Darbības ---------------------------------------------------------------------------


def test_activities_are_read(book) -> None:
    book.progress[0]["Darbības"] = "Notika  2 supervīzijas."
    workbook = validate(book.save()).workbook
    assert [r.activities for r in workbook.progress_of("JURMALA")] == ["Notika 2 supervīzijas.", ""]


def _no_results(row: dict) -> None:
    row.update({"Apmācītie speciālisti": 0, "Supervīzijas": 0, "AIS novērtējumi": 0})


def test_costs_without_results_or_activities_are_warned(book) -> None:
    _no_results(book.progress[2])  # ADAZI claimed 5 000,00 for the period
    assert warned(book) == [
        "Rādītāji!H4 (Darbības): ADAZI has costs in 18.04.2016.–31.12.2016. (claim 1) but no "
        "results in it and no activities described; write what was done in Darbības"
    ]


def test_costs_of_two_claims_in_a_longer_period_are_named(book) -> None:
    # One progress row for JURMALA's two claims (the second claim then has no row of its own).
    book.progress[0]["Līdz"] = date(2017, 6, 30)
    _no_results(book.progress[0])
    del book.progress[1]
    assert (
        "Rādītāji!H2 (Darbības): JURMALA has costs in 18.04.2016.–30.06.2017. (claims 1, 2) but "
        "no results in it and no activities described; write what was done in Darbības"
    ) in warned(book)


def test_activities_or_no_costs_need_no_warning(book) -> None:
    _no_results(book.progress[2])
    book.progress[2]["Darbības"] = "Speciālisti sagatavojās AIS apmācībām."
    assert warnings_of(book.save()) == []
    del book.progress[2]["Darbības"]
    book.claims[2]["Pilotprojekts"] = 0  # no costs in the period
    assert warnings_of(book.save()) == []


# --- The example ------------------------------------------------------------------------


def test_the_example_reports_by_half_years_and_validates_clean() -> None:
    result = validate(SHIPPED_WORKBOOK)
    assert (len(result.errors), len(result.warnings)) == (0, 0)
    workbook = result.workbook
    assert workbook.project.reporting_periods == Schedule(HALF_YEAR_ENDS, "pusgads")
    assert all(row.activities for row in workbook.progress)
