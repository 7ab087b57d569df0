"""Reading the input workbook (docs/workbook.md) into validated records.

Every problem is collected, with its place in the workbook's own words, before anything is
reported: ``Partneri!H7 (IBAN): LV80BANK000043519500 is not a valid IBAN (check digits)``.
Use :func:`validate` to get the records and every problem, :func:`load` to get the records or a
:class:`~docgen.errors.WorkbookError`.
"""

from __future__ import annotations

import difflib
import functools
import gc
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from stdnum import iban as stdnum_iban
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError
from stdnum.lv import pvn

from docgen.errors import AmountError, Problem, WorkbookError, shortened
from docgen.i18n import N_, _, ngettext
from docgen.latvian.formatting import format_date, format_percent
from docgen.latvian.parties import name_warnings
from docgen.latvian.workdays import is_working_day, next_working_day
from docgen.money import ZERO, parse_amount
from docgen.records import (
    DEFAULT_AVAILABLE_FUNDING,
    DEFAULT_CATEGORIES,
    DEFAULT_CLAIM_DEADLINE_DAYS,
    DEFAULT_ELIGIBILITY_END,
    DEFAULT_INDICATORS,
    Amendment,
    Category,
    Claim,
    Contact,
    Expense,
    FrozenDict,
    Fund,
    Indicator,
    Partner,
    Progress,
    Project,
    Rates,
    Schedule,
    Workbook,
)
from docgen.workbook import schema
from docgen.workbook.checks import check_records
from docgen.workbook.container import (
    Book,
    ContainerError,
    Damaged,
    Row,
    SheetFacts,
    Texts,
    check_file,
    grouped,
    open_book,
    read_sheet,
    shared_string_count,
    sheet_facts,
    sheet_parts,
)
from docgen.workbook.excel import column_letter
from docgen.workbook.schema import Column, fold

# Limits of what docgen reads, so that a hostile or broken workbook cannot exhaust the machine
# (the shipped example has 43 partners and fewer than 200 rows a sheet).
MAX_ROWS = 100_000  # rows of one sheet
MAX_CELLS = 2_000_000  # cells of one sheet
# The largest amount docgen reads: the largest its documents can write in words.
LARGEST_AMOUNT = Decimal("999999999999.99")
LARGEST_COUNT = 999_999_999  # the largest whole number (a claim's number, an indicator's count)
# The years a date may fall in: the calendar of working days and the documents' dates hold
# within them (a year 9999 would run off the end of the calendar).
FIRST_YEAR, LAST_YEAR = 2000, 2100
# The range of each whole-number parameter of the Projekts sheet.
PARAMETER_RANGES = {"claim_deadline_days": (1, 250)}  # a year of working days at most

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


# Invisible characters that are not format characters (category Cf) but show nothing either:
# fillers that pass for a letter, variation selectors and the combining grapheme joiner (the
# Unicode default-ignorable code points outside Cf).
_INVISIBLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0100-\U000e01ef]"
)
# The characters that reorder the text around them: a header, a parameter's name or a sheet's
# name holding one reads otherwise in every message that quotes it.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# The characters of a text that may be format characters: no format character (Cf) is a letter,
# a digit or a space (tests/workbook/test_hostile.py checks every one), so only the rest are
# looked up: unicodedata.category on every character of the non-ASCII texts took 0.7 s of
# validate's 12.6 s at 10 000 partners (bench/validate.py).
_NOT_WORD = re.compile(r"[^\w\s]")


def _format_character(text: str) -> str | None:
    """The first invisible format character of a text (a bidirectional override, a zero-width
    space, a filler), or None: a signed document must read as it is written."""
    if text.isascii():
        return None  # every format character and filler is beyond ASCII
    invisible = _INVISIBLE.search(text)
    return next(
        (c for c in _NOT_WORD.findall(text) if unicodedata.category(c) == "Cf"),
        invisible.group() if invisible else None,
    )


def _reordering(text: str) -> str | None:
    """The first bidirectional control of a text as a message names it (U+202E), or None."""
    bidi = _BIDI.search(text)
    return f"U+{ord(bidi.group()):04X}" if bidi else None


_UNSEEN = object()  # a text or value not met before

# The kinds of values whose parsing is remembered (_Reader.parsed): each repeats in every
# workbook, codes and dates in every row of a partner's (10 000 partners: validate 6.9 s -> 6.5 s).
REPEATING_KINDS = frozenset(("code", "date", "count", "claim_kind", "yes_no", "words_style"))
MAX_PARSED_KEPT = 100_000


def _plain_text(text: str) -> str:
    """A cell's text as the user typed it: the ``_xHHHH_`` escapes spreadsheets store for some
    characters decoded (``_x000D_`` is a carriage return), composed characters NFC-normalised
    (an "ā" typed as "a" + macron is the same as "ā")."""
    if "_x" in text:
        text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return unicodedata.normalize("NFC", text)


# What a spreadsheet shows in a cell whose formula failed.
EXCEL_ERRORS = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")
)


class CellError(ValueError):
    """A cell's value does not fit its column; the message says why, without the place."""


# --- Places -----------------------------------------------------------------------------------


@dataclass
class SheetLayout:
    """Where a sheet's columns are: key -> (column letter, the header as the workbook spells it)."""

    name: str
    columns: dict[str, tuple[str, str]]
    canonical: dict[str, str]
    cells: dict[str, str] = field(default_factory=dict)  # key -> cell, on the Projekts sheet

    def place(self, key: str, row: int | None = None) -> str:
        """``Partneri!H7 (IBAN)``; without a row or a column, as much of that as is known."""
        letter, header = self.columns.get(key, ("", self.canonical.get(key, key)))
        if key in self.cells:
            cell = f"!{self.cells[key]}"
        else:
            cell = f"!{letter}{row}" if letter and row else ""
        return f"{self.name}{cell} ({header})"


@dataclass
class Layout:
    """The places of every sheet read, for the checks that run after reading."""

    sheets: dict[str, SheetLayout]

    def place(self, sheet: str, key: str, row: int | None = None) -> str:
        layout = self.sheets.get(sheet)
        if layout is None:
            return f"{sheet} ({key})"
        return layout.place(key, row)


@dataclass(frozen=True)
class Validation:
    """The outcome of reading a workbook: the records (None when there are errors) and findings."""

    path: Path
    workbook: Workbook | None
    problems: tuple[Problem, ...]
    counts: dict[str, int]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """One line: what was read and what was found."""
        c = self.counts
        partners, claims, progress = (c.get(k, 0) for k in ("partners", "claims", "progress"))
        errors, warnings, amended = len(self.errors), len(self.warnings), c.get("amendments", 0)
        # Each count takes its own plural form, so the sentence holds them as placeholders.
        said = {
            "path": self.path,
            "partners": ngettext("{count} partner", "{count} partners", partners).format(
                count=partners
            ),
            "claims": ngettext("{count} claim", "{count} claims", claims).format(count=claims),
            "progress": ngettext("{count} progress row", "{count} progress rows", progress).format(
                count=progress
            ),
            "errors": ngettext("{count} error", "{count} errors", errors).format(count=errors),
            "warnings": ngettext("{count} warning", "{count} warnings", warnings).format(
                count=warnings
            ),
        }
        if amended:
            amendments = ngettext("{count} amendment", "{count} amendments", amended)
            return _(
                "{path}: {partners}, {claims}, {progress}, {amendments} read; {errors}, {warnings}."
            ).format(amendments=amendments.format(count=amended), **said)
        return _("{path}: {partners}, {claims}, {progress} read; {errors}, {warnings}.").format(
            **said
        )


# --- Cell parsers ---------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, str):
        # The text itself when it has no space to fold: the workbook stores a text once (its
        # shared strings) however many cells hold it, and so do the records (a new copy per
        # cell held 28 MB of validate's 196 MB at 10 000 partners, bench/validate.py).
        folded = " ".join(value.split())
        return value if folded == value else folded
    if isinstance(value, bool):
        raise CellError(_("{value} is not text").format(value=value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float | Decimal):
        return format(Decimal(repr(value)) if isinstance(value, float) else value, "f")
    if isinstance(value, datetime | date):
        raise CellError(_("{value} is a date, text is expected here").format(value=_show(value)))
    raise CellError(_("{value} is not text").format(value=_show(value)))


_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


# Names Windows reserves for devices: a file "NUL.docx" cannot be opened there.
_RESERVED = frozenset(
    [
        "CON",
        "PRN",
        "AUX",
        "NUL",
        *(f"COM{i}" for i in range(1, 10)),
        *(f"LPT{i}" for i in range(1, 10)),
    ]
)


def _code(value: Any) -> str:
    text = _text(value)
    if not _CODE.match(text):
        raise CellError(
            _(
                "{text!r} is not a code: use at most 32 letters A-Z, digits, '_' or '-' "
                "(codes become file names)"
            ).format(text=shortened(text))
        )
    if text.upper() in _RESERVED:
        raise CellError(
            _("{text!r} is a name Windows reserves for a device; choose another code").format(
                text=shortened(text)
            )
        )
    return text


def _reg_no(value: Any) -> str:
    text = _text(value).replace(" ", "")
    try:
        return pvn.validate(text)
    except InvalidChecksum:
        raise CellError(
            _("{text} is not a valid registration number (check digit)").format(
                text=shortened(text)
            )
        ) from None
    except ValidationError:  # InvalidLength among them
        raise CellError(
            _("{text} is not a valid registration number (11 digits expected)").format(
                text=shortened(text)
            )
        ) from None


# A Latvian IBAN as stdnum's registry of IBANs describes it: LV, two check digits, a bank's
# four letters and thirteen letters or digits. One that has this form and whose check digits
# hold (ISO 7064 mod 97-10: its letters as numbers, A = 10, the whole modulo 97 is 1) is one
# stdnum takes: known without stdnum's lookups, which took 0.2 s of 10 000 partners
# (bench/validate.py); any other is judged by stdnum, which says what is wrong.
_LATVIAN_IBAN = re.compile(r"LV[0-9]{2}[A-Z]{4}[A-Z0-9]{13}")
_LETTERS_AS_NUMBERS = str.maketrans({chr(ord("A") + i): str(10 + i) for i in range(26)})


def _iban_is_latvian(compact: str) -> bool:
    if not _LATVIAN_IBAN.fullmatch(compact):
        return False
    return int((compact[4:] + compact[:4]).translate(_LETTERS_AS_NUMBERS)) % 97 == 1


def _iban(value: Any) -> str:
    text = _text(value)
    compact = stdnum_iban.compact(text)
    if _iban_is_latvian(compact):
        return compact
    shown = shortened(compact)
    try:
        stdnum_iban.validate(compact)
    except InvalidChecksum:
        raise CellError(_("{iban} is not a valid IBAN (check digits)").format(iban=shown)) from None
    except InvalidLength:
        raise CellError(_("{iban} is not a valid IBAN (length)").format(iban=shown)) from None
    except ValidationError:
        raise CellError(_("{iban} is not a valid IBAN (format)").format(iban=shown)) from None
    if not compact.startswith("LV"):
        raise CellError(_("{iban} is not a Latvian IBAN (LV…)").format(iban=shown))
    return compact


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def _email(value: Any) -> str:
    text = _text(value)
    if not _EMAIL.match(text):
        raise CellError(_("{text!r} is not an e-mail address").format(text=shortened(text)))
    return text


_DATE_FORMATS = ("%d.%m.%Y.", "%d.%m.%Y", "%Y-%m-%d")


def _not_a_date(shown: str) -> CellError:
    return CellError(_("{value} is not a date (write it like 18.04.2016.)").format(value=shown))


def _date(value: Any) -> date:
    day = _any_date(value)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CellError(
            _(
                "{value} is outside the years docgen works with, {first}–{last}; check the year"
            ).format(value=format_date(day), first=FIRST_YEAR, last=LAST_YEAR)
        )
    return day


def _any_date(value: Any) -> date:
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise CellError(
                _("{value} has a time of day; a date is expected").format(
                    value=value.isoformat(sep=" ")
                )
            )
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise _not_a_date(_show(text))
    raise _not_a_date(_show(value))


_THREE_DECIMALS = re.compile(r"^\d{1,3}[.,]\d{3}$")


def _amount(value: Any) -> Decimal:
    if isinstance(value, datetime | date):
        raise CellError(
            _("{value} is a date, an amount is expected here").format(value=_show(value))
        )
    if isinstance(value, str) and _THREE_DECIMALS.match(value.strip()):
        # "1,000" and "21.500": a thousand and twenty-one thousand five hundred, or a euro and
        # 21,50 with a stray zero? Either is a figure someone will sign; docgen does not guess.
        whole, _sep, part = value.strip().replace(".", ",").partition(",")
        raise CellError(
            _(
                "{text!r} is ambiguous: write {whole},{cents} for {whole} euro {cents} cents, "
                "or {whole} {part} for {whole}{part} euro"
            ).format(text=value.strip(), whole=whole, cents=part[:2], part=part)
        )
    try:
        amount = parse_amount(value)
    except AmountError as exc:
        raise CellError(str(exc)) from None
    if amount < 0:
        raise CellError(_("{amount} is negative").format(amount=format(amount, "f")))
    if amount > LARGEST_AMOUNT:
        raise CellError(
            _(
                "{amount} is above the largest amount docgen reads, 999 999 999 999,99 (the "
                "largest its documents write in words)"
            ).format(amount=format(amount, "f"))
        )
    return amount


_DIGITS = re.compile(r"[0-9]{1,15}")  # ASCII digits only: int() would take "١٢" and choke on "1²"


def _count(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError(_("{value} is not a whole number").format(value=value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        value = int(value.strip())
    if not isinstance(value, int):
        raise CellError(_("{value} is not a whole number").format(value=_show(value)))
    if value < 0:
        raise CellError(_("{value} is negative").format(value=value))
    if value > LARGEST_COUNT:
        raise CellError(
            _("{value} is above the largest whole number docgen reads, {largest}").format(
                value=value, largest=grouped(LARGEST_COUNT)
            )
        )
    return value


_RATE = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(%?)$")
RATE_DECIMALS = 6  # of a rate as a fraction: four of a percent, 33,3333 %


def _rate(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("{value} is not a rate").format(value=value))
    if isinstance(value, int | float):
        rate = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    elif isinstance(value, str) and (match := _RATE.match(value.replace("\u00a0", " ").strip())):
        rate = Decimal(match.group(1).replace(",", "."))
        if match.group(2):
            rate = rate / 100
    else:
        raise CellError(
            _("{value} is not a rate (write it like 85 % or 0,85)").format(value=_show(value))
        )
    if not 0 <= rate <= 1:
        raise CellError(
            _("{value} is not a rate between 0 % and 100 % (write 85 % or 0,85)").format(
                value=_show(value)
            )
        )
    if rate.normalize().as_tuple().exponent < -RATE_DECIMALS:  # type: ignore[operator]
        # 0.3333333333333333 left by a formula would be printed so in a clause.
        raise CellError(
            _(
                "{value} has more decimals than a rate is written with (at most four after the "
                "comma of a percent: 33,3333 %)"
            ).format(value=_show(value))
        )
    return rate.normalize()


def _words_style(value: Any) -> str:
    text = _text(value)
    styles = {fold(k): v for k, v in schema.WORDS_STYLES.items()}
    styles.update({v: v for v in schema.WORDS_STYLES.values()})
    if fold(text) not in styles:
        *others, last = schema.WORDS_STYLES
        raise CellError(
            _("{text!r} is not a style: write {others} or {last}").format(
                text=shortened(text), others=", ".join(others), last=last
            )
        )
    return styles[fold(text)]


def _claim_kind(value: Any) -> str:
    text = _text(value)
    kinds = {fold(k): k for k in schema.CLAIM_KINDS}
    if fold(text) not in kinds:
        raise CellError(
            _("{text!r} is not a kind of claim: write {kinds}").format(
                text=shortened(text), kinds=", ".join(schema.CLAIM_KINDS)
            )
        )
    return kinds[fold(text)]


_DAY_OF_YEAR = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?$")


def _schedule(value: Any) -> Schedule:
    """Pārskata periodi: ``ceturksnis``, ``pusgads``, or the days of the year the periods end on,
    ``30.06, 31.12`` (``30.06.`` too)."""
    accepted = _(
        "write ceturksnis (calendar quarters), pusgads (half-years) or the days the reporting "
        "periods end on, like 30.06, 31.12"
    )
    if isinstance(value, datetime | date):
        raise CellError(
            _("{value} is a date with a year; {accepted}, as text").format(
                value=_show(value), accepted=accepted
            )
        )
    text = _text(value)
    named = {fold(k): (k, v) for k, v in schema.SCHEDULES.items()}
    if fold(text) in named:
        name, ends = named[fold(text)]
        return Schedule(ends, name)
    days = []
    for item in re.split(r"[,;]", text):
        match = _DAY_OF_YEAR.match(item.strip())
        try:
            # 2001 has no 29 February: a period cannot end on a day not every year has.
            day = date(2001, int(match.group(2)), int(match.group(1))) if match else None
        except ValueError:
            day = None
        if day is None:
            raise CellError(
                _("{text!r} is not a reporting schedule: {accepted}").format(
                    text=text, accepted=accepted
                )
            )
        days.append((day.month, day.day))
    if len(set(days)) != len(days):
        raise CellError(
            _("{text!r} names a day twice; {accepted}").format(text=text, accepted=accepted)
        )
    ends = tuple(sorted(days))
    return Schedule(ends, ", ".join(f"{d:02d}.{m:02d}." for m, d in ends))


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):  # Excel's TRUE and FALSE
        return value
    text = _text(value)
    answers = {fold(k): v for k, v in schema.YES_NO.items()}
    if fold(text) not in answers:
        raise CellError(_("{text!r} is neither jā nor nē").format(text=shortened(text)))
    return answers[fold(text)]


_SHAPE_KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def _shape_key(value: Any) -> str:
    text = _text(value)
    if not _SHAPE_KEY.match(text):
        raise CellError(
            _(
                "{text!r} is not a key: use at most 32 small letters a-z, digits and '_', "
                "beginning with a letter (templates and JSON name it)"
            ).format(text=shortened(text))
        )
    return text


def derived_key(name: str) -> str:
    """A category's or indicator's key made from its name: "Apmācības un supervīzija" →
    "apmacibas_un_supervizija" (ASCII, small letters, words joined by "_")."""
    words = re.findall(r"[a-z0-9]+", fold(name))
    key = "_".join(words)[:32].strip("_") or "x"
    return key if key[0].isalpha() else f"k_{key}"[:32]


PARSERS: dict[str, Callable[[Any], Any]] = {
    "text": _text,
    "code": _code,
    "reg_no": _reg_no,
    "iban": _iban,
    "email": _email,
    "date": _date,
    "amount": _amount,
    "count": _count,
    "rate": _rate,
    "words_style": _words_style,
    "claim_kind": _claim_kind,
    "schedule": _schedule,
    "yes_no": _yes_no,
    "shape_key": _shape_key,
}


# How a sheet may be hidden (openpyxl's sheet_state), as a message says it.
_SHEET_STATES = {"hidden": N_("hidden"), "veryHidden": N_("veryHidden")}


def _state(state: str) -> str:
    return _(_SHEET_STATES[state]) if state in _SHEET_STATES else state


def _show(value: Any) -> str:
    """A cell's value as a user would recognise it in a message."""
    if isinstance(value, datetime | date):
        return format_date(value if not isinstance(value, datetime) else value.date())
    if isinstance(value, float):
        return repr(value)
    return repr(shortened(value)) if isinstance(value, str) else shortened(str(value))


# --- Reading sheets -----------------------------------------------------------------------


class _PlainTexts(Texts):
    """Each text of the workbook as a cell gives it to the reader: its escapes decoded and NFC
    (:func:`_plain_text`), None for a blank one; each text made so once."""

    def __missing__(self, text: str) -> str | None:
        plain = _plain_text(text)
        value = self[text] = plain if plain.strip() else None
        return value


class _Reader:
    """Reads one workbook file, collecting problems as it goes."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []
        self.layout = Layout({})
        self.rows: dict[str, int] = {}  # non-empty data rows seen per table sheet
        self.incomplete: set[str] = set()  # codes of partners with a row not read for its errors
        self.facts: dict[str, SheetFacts] = {}  # what each sheet's XML says beside its cells
        self.positions: dict[int, int] = {}  # a Partneri row's number → its place among them
        # The table sheets' columns, for the project's shape (9.2.1.1's until shape() reads it).
        self.columns = schema.TABLE_SHEETS
        self.rates = Rates()
        self.indicators = DEFAULT_INDICATORS
        self.shaped: set[str] = set()  # sheets whose columns follow a shape the workbook defines
        self.legacy_rates: list[str] = []  # 9.2.1.1's rate parameters the Projekts sheet gives
        self.shape_failed = False  # Kategorijas or Rādītāju saraksts has an error
        self.read_parts: set[str] = set()  # the sheets' parts read to their end
        # Each text of the workbook as read (its escapes decoded, NFC), None for a blank one,
        # and the texts found free of invisible characters: a workbook repeats its texts (every
        # claim names its partner), each is decoded and checked once (bench/validate.py).
        self.plain = _PlainTexts()
        self.clean: set[str] = set()
        # The values of the kinds that repeat in any workbook (codes, dates, counts, choices)
        # parsed once each, at most MAX_PARSED_KEPT: by kind, type and value (1 and True and
        # 1.0 are equal keys, but not the same value of a cell).
        self.parsed: dict[tuple[str, type, Any], Any] = {}

    def error(self, place: str, message: str) -> None:
        self.problems.append(Problem(place, message))

    def warning(self, place: str, message: str) -> None:
        self.problems.append(Problem(place, message, "warning"))

    def open(self) -> Book | None:
        """The workbook, or None when it cannot be read (the problem said)."""
        try:
            check_file(self.path)
            return open_book(self.path)
        except Damaged:
            self.refuse()
        except ContainerError as exc:
            self.error(str(self.path), str(exc))
        except OSError as exc:
            self.error(
                str(self.path), _("cannot be read: {reason}").format(reason=exc.strerror or exc)
            )
        return None

    def refuse(self, reason: str = "") -> None:
        """Replace every problem found by the damage of the workbook's XML: each sheet's XML
        read on its own with defusedxml, each damaged sheet and cell named (up to a limit)."""
        self.problems = []
        try:
            parts = sheet_parts(self.path)
            strings = shared_string_count(self.path)
        except ContainerError as exc:
            self.error(str(self.path), str(exc))
            return
        for title, part in parts.items():
            try:
                facts = sheet_facts(self.path, part, strings)
            except ContainerError as exc:
                self.error(title, str(exc))
                continue
            for cell, why in facts.damaged:
                self.error(
                    f"{title}!{cell}",
                    _("the workbook's XML is damaged ({reason})").format(reason=why),
                )
            if facts.damaged_count > len(facts.damaged):
                more = facts.damaged_count - len(facts.damaged)
                self.error(
                    title,
                    ngettext(
                        "{count} more cell of the sheet is damaged so",
                        "{count} more cells of the sheet are damaged so",
                        more,
                    ).format(count=grouped(more)),
                )
        if not self.problems:  # damaged in a way only reading its values showed
            self.error(
                str(self.path),
                _("the workbook's XML is damaged ({reason})").format(reason=shortened(reason)),
            )

    def unread(self, book: Book) -> None:
        """Read the sheets not read to their end (extra sheets, a sheet whose headers were
        wrong): damaged XML anywhere refuses the workbook, as if every sheet were read.

        Raises :class:`Damaged`."""
        for part in book.parts.values():
            if part not in self.read_parts:
                for _row in read_sheet(book, part, SheetFacts()):
                    pass

    def sheet(self, book: Book, name: str) -> Iterator[Row] | None:
        """The rows of a sheet found by its name (matched loosely), or None when it is missing
        or cannot be read. Exactly one sheet may match."""
        found = [s for s in book.sheetnames if fold(s) == fold(name)]
        if not found:
            sheets = shortened(", ".join(book.sheetnames))
            self.error(
                name, _("the sheet is missing (the workbook has: {sheets})").format(sheets=sheets)
            )
            return None
        if len(found) > 1:
            *others, last = [
                repr(shortened(s))
                + (f" ({_state(book.states[s])})" if book.states[s] != "visible" else "")
                for s in found
            ]
            self.error(
                name,
                _("{others} and {last} both match; rename or delete all but one").format(
                    others=", ".join(others), last=last
                ),
            )
            return None
        if character := _reordering(found[0]):
            self.error(
                name,
                _(
                    "the sheet's name {sheet!r} holds an invisible format character ({character}), "
                    "which would make it read otherwise than it is written; rename the sheet"
                ).format(sheet=found[0], character=character),
            )
            return None
        facts = SheetFacts()
        self.facts[found[0]] = self.facts[name] = facts
        state = book.states[found[0]]
        if state != "visible":
            self.warning(
                name,
                _("the sheet {sheet!r} is {state}; it is read like any other").format(
                    sheet=found[0], state=_state(state)
                ),
            )
        # The sheet's stated <dimension> is not trusted (openpyxl's read-only mode did): a
        # smaller one than the rows it holds would lose rows without a word.
        return self._rows(name, book, book.parts[found[0]], facts)

    def _rows(self, name: str, book: Book, part: str, facts: SheetFacts) -> Iterator[Row]:
        rows = read_sheet(book, part, facts, self.plain)
        cells_read = last = 0
        for number, values, formulas in rows:
            if number > MAX_ROWS or cells_read + len(values) > MAX_CELLS:
                self.error(
                    name,
                    _(
                        "the sheet holds more than {rows} rows or {cells} cells, the limits "
                        "of a workbook docgen reads; the rest was not read"
                    ).format(rows=grouped(MAX_ROWS), cells=grouped(MAX_CELLS)),
                )
                for _row in rows:  # not read, but its XML checked as every sheet's is
                    pass
                self.read_parts.add(part)
                return
            cells_read += len(values)
            if values.count(None) < len(values):
                last = number
            yield number, values, formulas
        self.read_parts.add(part)
        if facts.stated_rows is not None and last > facts.stated_rows:
            self.warning(
                name,
                _(
                    "the sheet states its size as {dimension} but holds rows to {last}; every "
                    "row was read"
                ).format(dimension=facts.dimension, last=last),
            )

    def header(
        self, name: str, values: list[Any], columns: tuple[Column, ...]
    ) -> dict[str, int] | None:
        """Map each column key to its index from the header row; report missing required ones."""
        wanted: dict[str, Column] = {}
        for column in columns:
            for spelling in (column.header, column.key, *column.also):
                wanted.setdefault(fold(spelling), column)
        positions: dict[str, int] = {}
        spelled: dict[str, tuple[str, str]] = {}
        extra: list[tuple[int, str]] = []  # headers docgen does not read
        for index, value in enumerate(values):
            if value is None:
                continue
            column = wanted.get(fold(str(value)))
            written = shortened(" ".join(str(value).split()))  # as a message quotes it
            if column is None:
                extra.append((index, written))
                continue  # an extra column: kept out of the way
            letter = column_letter(index + 1)
            if character := _reordering(str(value)):
                self.error(
                    f"{name}!{letter}1 ({column.header})",
                    _(
                        "the header holds an invisible format character ({character}), which "
                        "would make it read otherwise than it is written; delete it"
                    ).format(character=character),
                )
            if column.key in positions:
                first = column_letter(positions[column.key] + 1)
                self.error(
                    f"{name}!{letter}1 ({written})",
                    _("the column {column} appears twice (also {first}1)").format(
                        column=column.header, first=first
                    ),
                )
                continue
            positions[column.key] = index
            spelled[column.key] = (letter, written)
        layout = SheetLayout(name, spelled, {c.key: c.header for c in columns})
        self.layout.sheets[name] = layout
        self._extra_columns(name, extra, [c for c in columns if c.key not in positions])
        missing = [c for c in columns if (c.required or c.present) and c.key not in positions]
        for column in missing:
            self.error(layout.place(column.key), _("the column is missing from row 1"))
        return None if missing else positions

    def value(
        self, layout: SheetLayout, column: Column, row: int, written: Any, formula: str | None
    ) -> Any:
        """The parsed value of one cell (``written``, its ``formula`` or None); None when empty
        (an error if required) or invalid."""
        if formula is not None and written is None:
            self.error(
                layout.place(column.key, row),
                _(
                    "the formula {formula} has no computed value; open the workbook in Excel "
                    "or LibreOffice and save it"
                ).format(formula=shortened(formula)),
            )
            return None
        if formula is not None and written in EXCEL_ERRORS:
            self.error(
                layout.place(column.key, row),
                _("the formula {formula} gives the error {error}").format(
                    formula=shortened(formula), error=written
                ),
            )
            return None
        if written is None:
            if column.required:
                self.error(layout.place(column.key, row), _("a value is required"))
            return None
        if isinstance(written, str) and written not in self.clean:
            self.check_text(layout, column, row, written)
            if written not in self.clean:
                return None
        key = None
        if column.kind in REPEATING_KINDS:
            key = (column.kind, type(written), written)
            if (parsed := self.parsed.get(key, _UNSEEN)) is not _UNSEEN:
                return parsed
        try:
            parsed = PARSERS[column.kind](written)
        except CellError as exc:
            self.error(layout.place(column.key, row), str(exc))
            return None
        if (
            column.kind == "rate"
            and isinstance(written, str)
            and "%" in written
            and 0 < parsed < Decimal("0.01")
        ):
            self.warning(
                layout.place(column.key, row),
                _(
                    "{written!r} is less than one percent; if {written} was meant as a "
                    "fraction, write {rate}"
                ).format(written=written.strip(), rate=format_percent(parsed * 100)),
            )
        if key is not None and len(self.parsed) < MAX_PARSED_KEPT:
            self.parsed[key] = parsed
        return parsed

    def check_text(self, layout: SheetLayout, column: Column, row: int, text: str) -> None:
        """Report a text's invisible control or format character; else know it as clean."""
        if bad := _CONTROL.search(text):
            self.error(
                layout.place(column.key, row),
                _(
                    "the text holds an invisible control character ({character}), which a "
                    "document cannot print; delete it"
                ).format(character=f"U+{ord(bad.group()):04X}"),
            )
        elif hidden := _format_character(text):
            self.error(
                layout.place(column.key, row),
                _(
                    "the text holds an invisible format character ({character}), which would "
                    "make it read otherwise than it is written; delete it"
                ).format(character=f"U+{ord(hidden):04X}"),
            )
        else:
            self.clean.add(text)

    def table(self, book: Book, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
        """Each non-empty row of a table sheet as {key: parsed value}; None for a bad row."""
        rows = self.sheet(book, name)
        if rows is None:
            return
        columns = self.columns.get(name) or schema.SHAPE_SHEETS[name]
        first = next(rows, None)
        if first is None:
            self.error(name, _("the sheet is empty; row 1 must hold the column headers"))
            return
        positions = self.header(name, first[1], columns)
        if positions is None:
            return
        layout = self.layout.sheets[name]
        facts = self.facts[name]
        hidden_data: set[int] = set()  # hidden columns seen holding data
        empty: list[
            tuple[int, str, int, int]
        ] = []  # required empty cells: problem, key, index, row
        # Each column with its index in the row (None: the sheet lacks it), the index of the
        # column it is optional with, and itself not required, for a row where that one is given;
        # its key, and its kind when it is one of REPEATING_KINDS (else None).
        plan = [
            (
                column,
                positions.get(column.key),
                positions.get(column.optional_if),
                replace(column, required=False) if column.optional_if else column,
                column.key,
                column.kind if column.kind in REPEATING_KINDS else None,
            )
            for column in columns
        ]
        parsed = self.parsed
        for number, values, formulas in rows:
            width = len(values)
            if values.count(None) == width and (
                formulas is None or formulas.count(None) == len(formulas)
            ):
                continue
            self.rows[name] = self.rows.get(name, 0) + 1
            if name == schema.PARTNERS_SHEET:
                self.positions[number] = self.rows[name]
            if number in facts.hidden_rows:
                self.warning(
                    f"{name}!{number}",
                    _("row {row} is hidden; its data is read").format(row=number),
                )
            if facts.hidden_columns:  # known before the rows: <cols> comes first
                for index, value in enumerate(values):
                    if value is not None and index + 1 in facts.hidden_columns:
                        hidden_data.add(index + 1)
            before = len(self.problems)
            record = {}
            for column, index, other, relaxed, key, repeating in plan:
                if other is not None and other < width and values[other] is not None:
                    column = relaxed
                written = formula = None
                if index is not None and index < width:
                    written = values[index]
                    formula = None if formulas is None else formulas[index]
                if formula is None:
                    # The two commonest cells answered here, not by value(): an empty optional
                    # one, and a value of a repeating kind parsed before (10 000 partners: 0.2 s).
                    if written is None and not column.required:
                        record[key] = None
                        continue
                    if repeating is not None:
                        known = parsed.get((repeating, type(written), written), _UNSEEN)
                        if known is not _UNSEEN:
                            record[key] = known
                            continue
                if written is None and column.required and index is not None:
                    # Its one error may be that the cell is under a merge, which the sheet's
                    # XML says after its rows: looked at when the rows are read.
                    empty.append((len(self.problems), key, index, number))
                record[key] = self.value(layout, column, number, written, formula)
            if not any(p.is_error for p in self.problems[before:]):
                yield number, record
            elif record.get("code") is not None:
                # Checks across rows would report this row's absence again: note the partner.
                self.incomplete.add(record["code"])
            elif name == schema.PARTNERS_SHEET and (at := positions.get("code", width)) < width:
                # The partner's code itself is refused: the other sheets' rows that name it as
                # written, or without its invisible characters, are not "of no partner".
                written = str(values[at] or "")
                self.incomplete.add(written.strip())
                self.incomplete.add("".join(c for c in written if not _format_character(c)).strip())
        for at, key, index, number in empty:
            if anchor := facts.merged_anchor(index + 1, number):
                self.problems[at] = Problem(
                    layout.place(key, number),
                    _("merged with {cell}: un-merge the cells and write the value in each").format(
                        cell=f"{column_letter(anchor[0])}{anchor[1]}"
                    ),
                )
        for column in sorted(hidden_data):
            letter = column_letter(column)
            self.warning(
                f"{name}!{letter}",
                _("column {column} is hidden; its data is read").format(column=letter),
            )

    def project(self, book: Book) -> Project | None:
        """The Projekts sheet: one parameter per row, found by its name in column Parametrs."""
        name = schema.PROJECT_SHEET
        rows = self.sheet(book, name)
        if rows is None:
            return None
        first = next(rows, None)
        header = (schema.PARAMETER_HEADER, schema.VALUE_HEADER)
        positions = self.header(name, first[1] if first else [], header)
        if positions is None:
            return None
        by_name = {fold(c.header): c for c in schema.PROJECT_ROWS}
        by_name.update({fold(x): c for c in schema.PROJECT_ROWS for x in (c.key, *c.also)})
        value_letter = column_letter(positions["value"] + 1)
        layout = SheetLayout(name, {}, {c.key: c.header for c in schema.PROJECT_ROWS})
        self.layout.sheets[name] = layout
        found: dict[str, Any] = {}
        before = len(self.problems)
        at, value_at = positions["parameter"], positions["value"]
        for number, values, formulas in rows:
            label = values[at] if at < len(values) else None
            value = values[value_at] if value_at < len(values) else None
            formula = formulas[value_at] if formulas and value_at < len(values) else None
            column = by_name.get(fold(str(label))) if label else None
            if column is None:
                continue
            if character := _reordering(str(label)):
                self.error(
                    f"{name}!{column_letter(at + 1)}{number} ({column.header})",
                    _(
                        "the parameter's name holds an invisible format character ({character}), "
                        "which would make it read otherwise than it is written; delete it"
                    ).format(character=character),
                )
            if column.key in layout.cells:
                self.error(
                    f"{name}!{value_letter}{number} ({shortened(str(label).strip())})",
                    _("the parameter {parameter} is given twice (also {cell}); keep one").format(
                        parameter=column.header, cell=layout.cells[column.key]
                    ),
                )
                continue
            layout.cells[column.key] = f"{value_letter}{number}"
            layout.columns[column.key] = (value_letter, shortened(str(label).strip()))
            found[column.key] = self.value(layout, column, number, value, formula)
            low, high = PARAMETER_RANGES.get(column.key, (None, None))
            given = found[column.key]
            if low is not None and given is not None and not low <= given <= high:
                self.error(
                    layout.place(column.key),
                    _("{value} is outside the range of this parameter, {low} to {high}").format(
                        value=given, low=low, high=high
                    ),
                )
        for column in schema.PROJECT_ROWS:
            if column.required and column.key not in layout.cells:
                letter = column_letter(positions["parameter"] + 1)
                self.error(
                    layout.place(column.key),
                    _("the parameter is missing from column {column}").format(column=letter),
                )
        if any(p.is_error for p in self.problems[before:]):
            return None

        def given(key: str, default: Any) -> Any:
            return default if found.get(key) is None else found[key]

        defaults = Rates()
        # 9.2.1.1's categories; its two rates may be given as parameters (Kategorijas, read by
        # shape(), replaces them all).
        legacy = {"pilot": "pilot_rate", "training": "training_rate"}
        categories = tuple(
            replace(c, rate=given(legacy[c.key], c.rate)) if c.key in legacy else c
            for c in DEFAULT_CATEGORIES
        )
        fund_name = given("fund", defaults.fund.name)
        named = fold(fund_name) != fold(defaults.fund.name)  # another fund than 9.2.1.1's ESF
        fund = Fund(
            fund_name,
            given("esf_rate", defaults.fund.rate),
            given("fund_genitive", f"fonda \u201e{fund_name}\u201d" if named else Fund.genitive),
            given("fund_short", fund_name if named else Fund.short),
        )
        self.legacy_rates = [key for key in legacy.values() if found.get(key) is not None]
        return Project(
            project_no=found["project_no"],
            project_title=found["project_title"],
            beneficiary=found["beneficiary"],
            beneficiary_reg_no=found["beneficiary_reg_no"],
            beneficiary_address=found["beneficiary_address"],
            beneficiary_representative=found["beneficiary_representative"],
            beneficiary_representative_title=found["beneficiary_representative_title"],
            regulation=found["regulation"],
            available_funding=given("available_funding", DEFAULT_AVAILABLE_FUNDING),
            words_style=given("words_style", "accounting"),
            rates=Rates(categories, fund, given("advance_rate", defaults.advance)),
            claim_deadline_days=given("claim_deadline_days", DEFAULT_CLAIM_DEADLINE_DAYS),
            beneficiary_email=found.get("beneficiary_email"),
            contact=Contact(
                found.get("beneficiary_contact_name") or "",
                found.get("beneficiary_contact_email") or "",
                found.get("beneficiary_contact_phone") or "",
            ),
            cfla_agreement_date=found.get("cfla_agreement_date"),
            cfla_agreement_no=found.get("cfla_agreement_no") or found["project_no"],
            eligibility_end=given("eligibility_end", DEFAULT_ELIGIBILITY_END),
            reporting_periods=found.get("reporting_periods"),
        )

    def shape(self, book: Book, project: Project | None) -> Project | None:
        """The optional sheets Kategorijas and Rādītāju saraksts: the project's own cost
        categories and indicators, in their order (9.2.1.1's without them). The table sheets'
        columns follow what they define. When either sheet has an error, ``shape_failed``:
        the other sheets' columns are not known, and are not read."""
        rates = project.rates if project is not None else self.rates
        indicators = DEFAULT_INDICATORS
        before = len(self.problems)
        categories_defined = _has_sheet(book, schema.CATEGORIES_SHEET)
        if categories_defined:
            rates = replace(rates, categories=self._categories(book))
            for key in self.legacy_rates:
                self.warning(
                    self.layout.place(schema.PROJECT_SHEET, key),
                    _(
                        "the rates are given by the sheet {sheet}; this parameter of 9.2.1.1's "
                        "categories is not used"
                    ).format(sheet=schema.CATEGORIES_SHEET),
                )
        indicators_defined = _has_sheet(book, schema.INDICATORS_SHEET)
        if indicators_defined:
            indicators = self._indicators(book)
        self.shape_failed = any(p.is_error for p in self.problems[before:])
        self.rates, self.indicators = rates, indicators
        self.columns = schema.table_sheets(
            rates, indicators, categories_defined, indicators_defined
        )
        if categories_defined or indicators_defined:
            self.shaped = {
                schema.PARTNERS_SHEET,
                schema.CLAIMS_SHEET,
                schema.AMENDMENTS_SHEET,
                schema.PROGRESS_SHEET,
            }
        if project is None:
            return None
        return replace(project, rates=rates, indicators=indicators)

    def _shape_rows(
        self, book: Book, sheet: str, taken: frozenset[str]
    ) -> Iterator[tuple[int, dict[str, Any], str]]:
        """The rows of Kategorijas or Rādītāju saraksts with each one's key (given, or made from
        its name). Names and keys are one namespace (a key is also a header the column is found
        by): each must be unique, and free of the headers and figures docgen has already."""
        seen: dict[str, int] = {}  # each name and key, folded, by the row that has it
        for row, v in self.table(book, sheet):
            layout = self.layout.sheets[sheet]
            key = v["key"] or derived_key(v["name"])
            key_place = layout.place("key" if v["key"] else "name", row)
            name = fold(v["name"])
            if name in taken or name.startswith((fold("Mērķis:"), fold("Apstiprināts:"))):
                self.error(
                    layout.place("name", row),
                    _(
                        "{name!r} is already the header of a column docgen reads; name the "
                        "category or indicator otherwise"
                    ).format(name=shortened(v["name"])),
                )
            elif name in seen:
                self.error(
                    layout.place("name", row),
                    _("{name!r} is already in row {row}; each needs a name of its own").format(
                        name=shortened(v["name"]), row=seen[name]
                    ),
                )
            elif key in schema.RESERVED_KEYS or key.startswith(schema.RESERVED_PREFIXES):
                self.error(
                    key_place,
                    _(
                        "the key {key!r} is one docgen's figures already use; write another in "
                        "Atslēga"
                    ).format(key=key),
                )
            elif key in seen:
                self.error(
                    key_place,
                    _(
                        "the key {key!r} is already the key or the name of row {row}; write "
                        "another in Atslēga"
                    ).format(key=key, row=seen[key]),
                )
            else:
                seen[name] = seen[key] = row
                yield row, v, key
        if not self.rows.get(sheet) and not any(p.place.startswith(sheet) for p in self.problems):
            self.error(sheet, _("the sheet has no row below its headers"))

    def _categories(self, book: Book) -> tuple[Category, ...]:
        result: list[tuple[int, Category]] = []
        place = functools.partial(self.layout.place, schema.CATEGORIES_SHEET)
        for row, v, key in self._shape_rows(book, schema.CATEGORIES_SHEET, _FIXED_COLUMNS):
            eligible = True if v["eligible"] is None else v["eligible"]
            if not eligible and v["rate"]:
                self.error(
                    place("rate", row),
                    _(
                        "a category that is not eligible has no LM rate: write 0 %, or jā in "
                        "Attiecināmas"
                    ),
                )
                continue
            if eligible and not v["rate"]:
                self.warning(
                    place("rate", row),
                    _(
                        "an eligible category at 0 % is paid wholly by the partner as its "
                        "co-financing; if its costs are not eligible, write nē in Attiecināmas"
                    ),
                )
            genitive = v["genitive"] or ""
            result.append((row, Category(key, v["name"], v["rate"], eligible, genitive=genitive)))
        categories = tuple(c for _row, c in result)
        apart = [c for c in categories if not c.eligible]
        for row, category in result:
            if category.key == schema.NON_ELIGIBLE_KEY and (category.eligible or len(apart) > 1):
                self.error(
                    place("key", row),
                    _(
                        "the key {key!r} is the total of the costs that are not eligible; only "
                        "the project's one non-eligible category may have it"
                    ).format(key=category.key),
                )
        if categories and not any(c.eligible for c in categories):
            self.error(
                schema.CATEGORIES_SHEET,
                _(
                    "no category is eligible: the ministry would fund nothing (write jā in "
                    "Attiecināmas)"
                ),
            )
        return categories

    def _indicators(self, book: Book) -> tuple[Indicator, ...]:
        return tuple(
            Indicator(key, v["name"], v["unit"] or "", v["description"] or "")
            for _row, v, key in self._shape_rows(
                book, schema.INDICATORS_SHEET, _FIXED_PROGRESS_COLUMNS
            )
        )

    def _extra_columns(
        self, sheet: str, extra: list[tuple[int, str]], missing: list[Column]
    ) -> None:
        """Warnings about columns docgen does not read that look as if they were meant for one
        it does: a category's or an indicator's of another project, or a header one slip away
        from a column the sheet lacks ("Speciālistu apmācība"): its figures would be lost."""
        near = {fold(c.header): c.header for c in missing}
        for index, header in extra:
            place = f"{sheet}!{column_letter(index + 1)}1 ({header})"
            if sheet in self.shaped and self._names_unknown_category(header):
                self.warning(
                    place,
                    _(
                        "the column looks like a cost category's or an indicator's, but the "
                        "project has none of that name ({sheets}); it is not read"
                    ).format(sheets=f"{schema.CATEGORIES_SHEET}, {schema.INDICATORS_SHEET}"),
                )
            elif close := difflib.get_close_matches(fold(header), near, n=1, cutoff=0.85):
                self.warning(
                    place,
                    _(
                        "docgen does not read this column; if it is {column}, write its header "
                        "so (it is not read)"
                    ).format(column=near[close[0]]),
                )

    def _names_unknown_category(self, header: str) -> bool:
        """A header that names a category or an indicator the project does not have: one of
        9.2.1.1's, or a target (Mērķis: …) of none of its indicators."""
        folded = fold(header)
        return folded in _DEFAULT_SHAPE_HEADERS or folded.startswith(
            (fold("Mērķis:"), fold("Apstiprināts:"))
        )

    def partners(self, book: Book, project: Project | None) -> list[Partner]:
        result = []
        for seq, (row, v) in enumerate(self.table(book, schema.PARTNERS_SHEET), start=1):
            if v["agreement_no"] is None and v["agreement_date"] is not None:
                self.error(
                    self.layout.place(schema.PARTNERS_SHEET, "agreement_no", row),
                    _(
                        "the agreement is signed ({date}): write its number here; a number "
                        "made from the row's place would change if the sheet were sorted"
                    ).format(date=format_date(v["agreement_date"])),
                )
            if v["agreement_no"] is None and project is not None:
                # A draft's number, from the partner's position in the sheet: stable only while
                # rows keep their order, so a signed agreement's must be in the workbook.
                v["agreement_no"] = f"{project.project_no}/{self.positions.get(row, seq)}"
            result.append(
                Partner(
                    row=row,
                    code=v["code"],
                    name=v["name"],
                    reg_no=v["reg_no"],
                    address=v["address"],
                    representative=v["representative"],
                    representative_title=v["representative_title"],
                    iban=v["iban"],
                    agreement_no=v["agreement_no"] or "",
                    agreement_date=v["agreement_date"],
                    start=v["start"],
                    end=v["end"],
                    budget=self._costs(v),
                    representative_genitive=v["representative_genitive"],
                    representative_title_genitive=v["representative_title_genitive"],
                    authority=v["authority"],
                    email=v["email"],
                    contact=Contact(
                        v["contact_name"] or "", v["contact_email"] or "", v["contact_phone"] or ""
                    ),
                    stated_eligible=v["stated_eligible"],
                    stated_lm=v["stated_lm"],
                    targets=FrozenDict(
                        {i.key: v[schema.target_key(i.key)] for i in self.indicators}
                    ),
                )
            )
        return result

    def _costs(self, v: dict[str, Any]) -> FrozenDict[Decimal]:
        """Each category's amount of a row; an empty optional cell is 0,00."""
        return FrozenDict(
            (key, ZERO if v[schema.cost_key(key)] is None else v[schema.cost_key(key)])
            for key in self.rates.keys
        )

    @staticmethod
    def _given(
        v: dict[str, Any], column: Callable[[str], str], keys: Iterable[str]
    ) -> FrozenDict[Any]:
        """What an amendment's row sets: the cells not left empty, by their category's or
        indicator's key."""
        given = {k: v[column(k)] for k in keys}
        return FrozenDict({k: x for k, x in given.items() if x is not None})

    def claims(self, book: Book, partners: dict[str, Partner]) -> list[Claim]:
        result = []
        for row, v in self.table(book, schema.CLAIMS_SHEET):
            kind = v["kind"]
            if kind is None and v["advance"] is not None:
                kind = "avansa"
            elif kind is None:
                partner = partners.get(v["code"])
                final = partner is not None and v["period_end"] == partner.end
                kind = "noslēguma" if final else "starpposma"
            result.append(
                Claim(
                    row=row,
                    code=v["code"],
                    number=v["number"],
                    period_start=v["period_start"],
                    period_end=v["period_end"],
                    date=v["date"] or _default_date(kind, v["period_start"], v["period_end"]),
                    kind=kind,
                    costs=self._costs(v),
                    approved=self._given(v, schema.approved_key, self.rates.keys),
                    decision=v["decision"] or "",
                    advance=v["advance"] if v["advance"] is not None else ZERO,
                    justification=v["justification"] or "",
                )
            )
        return result

    def amendments(self, book: Book) -> list[Amendment]:
        """The optional sheet Grozījumi: nothing when the workbook has none."""
        if not any(fold(s) == fold(schema.AMENDMENTS_SHEET) for s in book.sheetnames):
            return []
        return [
            Amendment(
                row=row,
                code=v["code"],
                number=v["number"],
                date=v["date"],
                budget=self._given(v, schema.cost_key, self.rates.keys),
                end=v["end"],
                targets=self._given(v, schema.target_key, (i.key for i in self.indicators)),
                reason=v["reason"] or "",
            )
            for row, v in self.table(book, schema.AMENDMENTS_SHEET)
        ]

    def expenses(self, book: Book) -> list[Expense]:
        """The optional sheet Izdevumi: each claim's supporting documents; nothing when the
        workbook has none. Kategorija names a cost category by its name or its column's header
        (matched loosely); Summa is above 0."""
        if not _has_sheet(book, schema.EXPENSES_SHEET):
            return []
        by_name: dict[str, str] = {}
        for category in self.rates.categories:
            by_name.setdefault(fold(category.name), category.key)
            by_name.setdefault(fold(category.column), category.key)
        place = functools.partial(self.layout.place, schema.EXPENSES_SHEET)
        result = []
        for row, v in self.table(book, schema.EXPENSES_SHEET):
            key = by_name.get(fold(v["category"]))
            if key is None:
                self.error(
                    place("category", row),
                    _(
                        "{text!r} is not a cost category of the project: write one of {names}"
                    ).format(
                        text=shortened(v["category"]),
                        names=", ".join(c.column for c in self.rates.categories),
                    ),
                )
            if v["amount"] == ZERO:
                self.error(
                    place("amount", row),
                    _("the amount is 0,00; a supporting document backs an amount above 0"),
                )
            if key is None or v["amount"] == ZERO:
                self.incomplete.add(v["code"])
                continue
            result.append(
                Expense(
                    row=row,
                    code=v["code"],
                    claim=v["claim"],
                    document=v["document"],
                    date=v["date"],
                    payee=v["payee"],
                    category=key,
                    amount=v["amount"],
                    description=v["description"] or "",
                    paid=v["paid"],
                )
            )
        return result

    def progress(self, book: Book) -> list[Progress]:
        return [
            Progress(
                row=row,
                code=v["code"],
                period_start=v["period_start"],
                period_end=v["period_end"],
                achieved=FrozenDict(
                    {i.key: v[schema.achieved_key(i.key)] for i in self.indicators}
                ),
                notes=v["notes"] or "",
                explanation=v["explanation"] or "",
                activities=v["activities"] or "",
            )
            for row, v in self.table(book, schema.PROGRESS_SHEET)
        ]


def _has_sheet(book: Book, name: str) -> bool:
    return any(fold(s) == fold(name) for s in book.sheetnames)


def _spellings(columns: Iterable[Column]) -> frozenset[str]:
    return frozenset(fold(x) for c in columns for x in (c.header, c.key, *c.also))


# Headers a category or an indicator may not take: the columns docgen reads beside them, and
# (a category) the totals' columns of the split report.
_FIXED_COLUMNS = _spellings(
    (
        *schema.PARTNER_COLUMNS,
        *schema.CLAIM_COLUMNS,
        schema.DECISION_COLUMN,
        *schema.AMENDMENT_COLUMNS,
    )
) | {fold(h) for h in schema.TOTAL_HEADERS.values()}
_FIXED_PROGRESS_COLUMNS = _spellings(schema.PROGRESS_COLUMNS)
# 9.2.1.1's categories' and indicators' headers: a column of one in a workbook that defines
# its own shape without it is probably a mistake.
_DEFAULT_SHAPE_HEADERS = (
    _spellings(c for cs in schema.table_sheets(Rates(), DEFAULT_INDICATORS).values() for c in cs)
    - _FIXED_COLUMNS
    - _FIXED_PROGRESS_COLUMNS
    - _spellings(schema.EXPENSE_COLUMNS)
)


# What the summary line counts: the rows of these sheets.
_COUNTED = {
    "partners": schema.PARTNERS_SHEET,
    "claims": schema.CLAIMS_SHEET,
    "progress": schema.PROGRESS_SHEET,
    "amendments": schema.AMENDMENTS_SHEET,
}


def _default_date(kind: str, start: date, end: date) -> date:
    """A claim is made on the first working day after its period; an advance, which is asked
    for before the costs, on the first working day of the period it is for."""
    if kind == "avansa":
        return start if is_working_day(start) else next_working_day(start)
    return next_working_day(end)


def _read_sheets(reader: _Reader, book: Book) -> tuple[Any, ...] | None:
    """The records of every sheet: the project, partners, claims, progress rows, amendments and
    supporting documents; None when the project's shape has an error.

    Raises :class:`Damaged` when a sheet's XML is damaged."""
    project = reader.shape(book, reader.project(book))
    if reader.shape_failed:
        # The other sheets' columns follow the categories and indicators: read against a
        # shape with a mistake, they would each report errors that are not theirs.
        reader.warning(
            f"{schema.CATEGORIES_SHEET}, {schema.INDICATORS_SHEET}",
            _(
                "the other sheets are read once the project's categories and indicators "
                "have no errors"
            ),
        )
        return None
    partners = reader.partners(book, project)
    by_code = {p.code: p for p in partners}
    claims = reader.claims(book, by_code)
    progress = reader.progress(book)
    amendments = reader.amendments(book)
    expenses = reader.expenses(book)
    return project, partners, claims, progress, amendments, expenses


# Reading a workbook makes about a million objects that live until its end, none of them in a
# cycle; Python's cyclic garbage collector, run after every 700 new objects, walked them over
# a thousand times (10 000 partners: 0.3 s of validate's 6.3 s, bench/validate.py). While a
# workbook is read it runs after every GC_THRESHOLD new objects; memory is the same.
GC_THRESHOLD = 100_000


class _RareCollections:
    """While inside (in any thread), the cyclic garbage collector runs after every
    GC_THRESHOLD new objects; the thresholds before are back when the last one leaves."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inside = 0
        self._before = gc.get_threshold()

    def __enter__(self) -> None:
        with self._lock:
            if self._inside == 0:
                self._before = gc.get_threshold()
                gc.set_threshold(max(GC_THRESHOLD, self._before[0]), *self._before[1:])
            self._inside += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._inside -= 1
            if self._inside == 0:
                gc.set_threshold(*self._before)


_rare_collections = _RareCollections()


def validate(path: str | Path) -> Validation:
    """Read a workbook and check everything in it; never raises for bad data.

    The returned :class:`Validation` holds the records when there are no errors, and every
    problem found (errors and warnings) with its place.
    """
    with _rare_collections:
        return _validate(Path(path))


def _validate(path: Path) -> Validation:
    reader = _Reader(path)
    book = reader.open()
    if book is None:
        return Validation(path, None, tuple(reader.problems), {})
    try:
        records = _read_sheets(reader, book)
        reader.unread(book)
    except Damaged as exc:
        reader.refuse(str(exc))
        return Validation(path, None, tuple(reader.problems), {})
    if records is None:
        return Validation(path, None, tuple(reader.problems), dict.fromkeys(_COUNTED, 0))
    project, partners, claims, progress, amendments, expenses = records
    rates = project.rates if project else reader.rates
    problems = [*reader.problems]
    readable = schema.PARTNERS_SHEET in reader.layout.sheets and not any(
        p.is_error and p.place.startswith(schema.PARTNERS_SHEET) and "!" not in p.place
        for p in reader.problems
    )
    if readable and not reader.rows.get(schema.PARTNERS_SHEET):
        problems.append(
            Problem(schema.PARTNERS_SHEET, _("no partners: the sheet has no row below its headers"))
        )
    # Without the partners, every claim and progress row would be "of no partner": say the
    # sheet's problem once, not once a row.
    skip = reader.incomplete if readable else {r.code for r in (*claims, *progress, *expenses)}
    problems += check_records(
        project, partners, claims, progress, rates, reader.layout.place, skip, amendments, expenses
    )
    counts = {key: reader.rows.get(sheet, 0) for key, sheet in _COUNTED.items()}
    ok = project is not None and not any(p.is_error for p in problems)
    workbook = (
        Workbook(
            path,
            project,
            tuple(partners),
            tuple(claims),
            tuple(progress),
            tuple(amendments),
            tuple(expenses),
        )
        if ok
        else None
    )
    if workbook is not None:
        problems += name_warnings(workbook)
    return Validation(path, workbook, tuple(problems), counts)


def load(path: str | Path) -> Workbook:
    """The workbook's records, or :class:`WorkbookError` listing every problem in it."""
    result = validate(path)
    if result.workbook is None:
        raise WorkbookError(result.problems)
    return result.workbook
