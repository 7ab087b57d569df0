"""Latvian working days: documents are dated on them, deadlines are counted in them.

A working day is not a Saturday, a Sunday or a Latvian public holiday. The holidays come from the
`holidays` package's Latvian calendar, which knows the fixed ones (1 January, 1 and 4 May, 23–24
June, 18 November, 24–26 and 31 December), Good Friday and Easter Monday, the Monday after 4 May
or 18 November when they fall on a weekend, the closing day of the Song and Dance Festival, the
one-off holidays the Saeima declares (24 September 2018, 29 May 2023) and the working days the
Cabinet moves to a Friday or a Monday. Each of these is pinned by a test
(``tests/latvian/test_workdays.py``), so that a release of the package that loses one is noticed.

A Saturday that the Cabinet makes a working day in exchange for a moved one stays a day off here:
documents are never dated on a Saturday.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

from docgen.i18n import _, language

# The calendar's language for each language docgen speaks: a message names a holiday so.
_CALENDAR_LANGUAGES = {"en": "en_US", "lv": "lv"}

# The days the package's calendar lists that are not days off: observances that fall on a Sunday
# anyway (Easter Sunday, Pentecost, Mother's Day). They change nothing; naming them keeps
# holiday_name() from calling a Sunday a public holiday.
_NOT_DAYS_OFF = ("Easter Sunday", "Pentecost", "Mother's Day")


@lru_cache(maxsize=64)
def _holidays(year: int, calendar_language: str = "en_US") -> dict[date, str]:
    # The days off are chosen by their English names; their names are then the language's.
    english = holidays.country_holidays("LV", years=year, language="en_US")
    named = (
        english
        if calendar_language == "en_US"
        else holidays.country_holidays("LV", years=year, language=calendar_language)
    )
    return {day: named[day] for day, name in english.items() if name not in _NOT_DAYS_OFF}


def holiday_name(day: date) -> str | None:
    """The public holiday (or moved day off) on ``day``, named in the language messages are
    made in (the package's own English or Latvian name); None on any other day."""
    return _holidays(day.year, _CALENDAR_LANGUAGES.get(language(), "en_US")).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


# The answers of next_working_day and add_working_days kept (their last DAYS_KEPT questions): a
# project's periods end on the same days for every partner, and each claim asks both
# (10 000 partners: 0.15 s of validate, bench/validate.py).
DAYS_KEPT = 4096


@lru_cache(maxsize=DAYS_KEPT)
def next_working_day(day: date) -> date:
    """The first working day after ``day``."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


@lru_cache(maxsize=DAYS_KEPT)
def add_working_days(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (a deadline of ``count`` working days).

    Counted by whole weeks, not a day at a time: first ``count`` weekdays on, then one more
    weekday for each holiday on a weekday that those passed over, until none is passed over."""
    if count <= 0:
        return day
    end = _add_weekdays(day, count)
    missed = _weekday_holidays(day, end)
    while missed:
        day, end = end, _add_weekdays(end, missed)
        missed = _weekday_holidays(day, end)
    return end


def _add_weekdays(day: date, count: int) -> date:
    """The ``count``-th Monday-to-Friday after ``day`` (``count`` ≥ 1)."""
    if day.weekday() >= 5:  # from a weekend, as from the Friday before it
        day -= timedelta(days=day.weekday() - 4)
    weeks, rest = divmod(count, 5)
    day += timedelta(weeks=weeks)
    if rest:
        day += timedelta(days=rest + 2 if day.weekday() + rest >= 5 else rest)
    return day


def _weekday_holidays(after: date, until: date) -> int:
    """How many holidays fall on a weekday after ``after``, up to ``until`` included."""
    return sum(
        1
        for year in range(after.year, until.year + 1)
        for holiday in _holidays(year)
        if after < holiday <= until and holiday.weekday() < 5
    )


def why_not_working(day: date) -> str:
    """ "a Saturday", "a Sunday" or "a public holiday (its name)", in the language messages are
    made in; "" for a working day."""
    name = holiday_name(day)
    if name:
        return _("a public holiday ({name})").format(name=name)
    if day.weekday() >= 5:
        return _("a Saturday") if day.weekday() == 5 else _("a Sunday")
    return ""
