"""Latvian working days (docgen.latvian.workdays): each kind of holiday the rules name, pinned
date by date, so that a release of the `holidays` package that loses one is noticed."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest

from docgen.latvian.workdays import (
    add_working_days,
    holiday_name,
    is_working_day,
    next_working_day,
    why_not_working,
)


@pytest.mark.parametrize(
    "day",
    [
        # Līgo and Jāņi, whatever the weekday
        date(2021, 6, 23),
        date(2021, 6, 24),
        date(2022, 6, 23),
        date(2022, 6, 24),
        # Good Friday and Easter Monday of several years
        date(2016, 3, 25),
        date(2016, 3, 28),
        date(2019, 4, 19),
        date(2019, 4, 22),
        date(2022, 4, 15),
        date(2022, 4, 18),
        date(2023, 4, 7),
        date(2023, 4, 10),
        # 4 May and 18 November on a weekend: the Monday after
        date(2019, 5, 6),  # 4 May 2019 a Saturday
        date(2025, 5, 5),  # 4 May 2025 a Sunday
        date(2017, 11, 20),  # 18 November 2017 a Saturday
        date(2018, 11, 19),  # 18 November 2018 a Sunday
        date(2023, 11, 20),  # 18 November 2023 a Saturday
        # the year's end
        date(2021, 12, 24),
        date(2021, 12, 31),
        date(2019, 12, 31),
        date(2021, 1, 1),
        # one-off holidays: the Song and Dance Festival, the Pope's visit, the hockey bronze
        date(2018, 7, 9),
        date(2018, 9, 24),
        date(2023, 5, 29),
        date(2023, 7, 10),
        # days off moved by the Cabinet
        date(2021, 6, 25),
        date(2023, 5, 5),
    ],
)
def test_a_holiday_is_not_a_working_day(day: date) -> None:
    assert day.weekday() < 5  # a weekday, so only the holiday makes it a day off
    assert not is_working_day(day)
    assert holiday_name(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2022, 6, 22),  # the day before Līgo
        date(2019, 5, 7),  # the day after the observed 4 May
        date(2021, 12, 30),
        date(2023, 5, 30),
        date(2016, 4, 18),
    ],
)
def test_an_ordinary_weekday_is_a_working_day(day: date) -> None:
    assert is_working_day(day)
    assert holiday_name(day) is None
    assert why_not_working(day) == ""


def test_weekends_are_not_working_days_and_say_why() -> None:
    assert why_not_working(date(2022, 6, 25)) == "a Saturday"
    assert why_not_working(date(2022, 6, 26)) == "a Sunday"
    assert why_not_working(date(2022, 6, 23)).startswith("a public holiday (")
    # Easter Sunday is a Sunday, not called a public holiday
    assert why_not_working(date(2023, 4, 9)) == "a Sunday"


@pytest.mark.parametrize(
    ("period_end", "first_working_day"),
    [
        (date(2022, 6, 22), date(2022, 6, 27)),  # Līgo, Jāņi, a weekend
        (date(2021, 12, 31), date(2022, 1, 3)),  # 1 January a Saturday
        (date(2022, 12, 23), date(2022, 12, 27)),  # 24–26 December
        (date(2023, 5, 26), date(2023, 5, 30)),  # weekend, then the hockey holiday
        (date(2023, 4, 6), date(2023, 4, 11)),  # Easter
        (date(2022, 6, 30), date(2022, 7, 1)),
    ],
)
def test_the_first_working_day_after_a_period(period_end: date, first_working_day: date) -> None:
    assert next_working_day(period_end) == first_working_day


def test_a_deadline_in_working_days() -> None:
    # 20 working days after 30 June 2022: July has no holiday, so four weeks.
    assert add_working_days(date(2022, 6, 30), 20) == date(2022, 7, 28)
    # Over Christmas: 21, 22, 23, (24 Friday off, the weekend), 27, 28 December.
    assert add_working_days(date(2021, 12, 20), 5) == date(2021, 12, 28)
    assert add_working_days(date(2021, 12, 20), 0) == date(2021, 12, 20)


def _walked(day: date, count: int) -> date:
    """The deadline as docgen counted it before: a day at a time."""
    for _day in range(count):
        day = next_working_day(day)
    return day


def test_a_deadline_counted_by_weeks_is_the_one_counted_day_by_day() -> None:
    start = date(2015, 12, 1)
    for offset in range(0, 3000, 3):  # every weekday and every holiday season, 2015–2024
        day = start + timedelta(days=offset)
        for count in (0, 1, 2, 3, 4, 5, 6, 9, 10, 14, 20, 21, 25, 60, 250):
            assert add_working_days(day, count) == _walked(day, count), (day, count)


def test_a_deadline_of_a_year_of_working_days_is_counted_in_a_moment() -> None:
    # 10 000 claims with the longest deadline docgen reads: a day at a time, 2 500 000 steps
    started = time.perf_counter()
    for offset in range(10_000):
        add_working_days(date(2020, 1, 1) + timedelta(days=offset % 3000), 250)
    assert time.perf_counter() - started < 1
