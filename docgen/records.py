"""The workbook's content as validated, immutable records.

Built once by :mod:`docgen.workbook.reader`; everything downstream reads these, never the file.
``row`` is the sheet row a record came from, so later checks can name their place.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, Sequence, ValuesView
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, TypeVar

V = TypeVar("V")

DEFAULT_AVAILABLE_FUNDING = Decimal("7247622.00")
DEFAULT_CLAIM_DEADLINE_DAYS = 20  # working days after a period's end a claim is due
# The programme's last eligible day: 2014–2020 costs are eligible only if incurred and paid by
# 31 December 2023 (Regulation (EU) No 1303/2013, art. 65(2)).
DEFAULT_ELIGIBILITY_END = date(2023, 12, 31)


class FrozenDict(Mapping[str, V]):
    """An immutable mapping that keeps its order and can be hashed: a record's figures per cost
    category or indicator, in the project's order (``partner.budget["training"]``)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, V] | Iterable[tuple[str, V]] = (), **more: V):
        self._items = dict(items, **more)

    def __getitem__(self, key: str) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    # Mapping's own get, in and views call __getitem__ from Python: the dict's answer them
    # (read only; validating 10 000 partners asks ~500 000 times, bench/validate.py).
    def __contains__(self, key: object) -> bool:
        return key in self._items

    def get(self, key: str, default: Any = None) -> Any:
        return self._items.get(key, default)

    def keys(self) -> KeysView[str]:
        return self._items.keys()

    def items(self) -> ItemsView[str, V]:
        return self._items.items()

    def values(self) -> ValuesView[V]:
        return self._items.values()

    def __hash__(self) -> int:
        # Equal mappings hash alike whatever their order, as Mapping's == compares them.
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return f"FrozenDict({self._items!r})"

    def __getstate__(self) -> dict[str, V]:
        return self._items

    def __setstate__(self, state: dict[str, V]) -> None:
        self._items = state


@dataclass(frozen=True)
class Category:
    """A cost category of the project (sheet ``Kategorijas``, one row): the words documents print,
    LM's rate (the partner co-finances the rest) and whether its costs are eligible.

    ``header`` is the workbook's column when it differs from ``name`` (9.2.1.1's pilot part is
    printed "Pilotprojekta daļa", its column is "Pilotprojekts"); ``genitive`` is how a clause
    names its costs, "… no {genitive} izmaksām"."""

    key: str
    name: str
    rate: Decimal
    eligible: bool = True
    header: str = ""
    genitive: str = ""

    @property
    def column(self) -> str:
        """The header of the category's amount column in the workbook."""
        return self.header or self.name

    @property
    def of(self) -> str:
        """The category in a clause's genitive: "pilotprojekta daļas", or "kategorijas „X”"."""
        return self.genitive or f"kategorijas \u201e{self.name}\u201d"


@dataclass(frozen=True)
class Indicator:
    """An indicator of the project's results (sheet ``Rādītāju saraksts``, one row): its name (the
    progress column in ``Rādītāji``), its unit, and what the agreement says it counts.

    ``target_header`` is the partner's target column, ``Mērķis: <name>`` unless 9.2.1.1's own."""

    key: str
    name: str
    unit: str = ""
    description: str = ""
    target_header: str = ""

    @property
    def target_column(self) -> str:
        return self.target_header or f"Mērķis: {self.name}"


@dataclass(frozen=True)
class Fund:
    """The EU fund that pays its rate of LM's funding; the state budget pays the rest.

    ``genitive`` is its name in a clause ("… Eiropas Sociālā fonda finansējums"), ``short`` its
    abbreviation in tables ("ESF")."""

    name: str = "Eiropas Sociālais fonds"
    rate: Decimal = Decimal("0.85")
    genitive: str = "Eiropas Sociālā fonda"
    short: str = "ESF"


# 9.2.1.1's shape: a workbook that defines no categories, indicators or fund has these.
DEFAULT_CATEGORIES = (
    Category(
        "pilot",
        "Pilotprojekta daļa",
        Decimal("1"),
        header="Pilotprojekts",
        genitive="pilotprojekta daļas",
    ),
    Category(
        "training",
        "Apmācības un supervīzija",
        Decimal("0.70"),
        genitive="apmācību un supervīzijas",
    ),
    Category("non_eligible", "Neattiecināmās izmaksas", Decimal("0"), eligible=False),
)
DEFAULT_INDICATORS = (
    Indicator(
        "specialists",
        "Apmācītie speciālisti",
        "speciālisti",
        "Sadarbības partnera sociālā darba speciālisti, kuri pabeiguši Līguma 2.1., 2.3., "
        "2.6. vai 2.7. apakšpunktā minētās apmācības (personu skaits; katru personu "
        "uzskaita vienu reizi)",
        "Mērķis: speciālisti",
    ),
    Indicator(
        "supervisions",
        "Supervīzijas",
        "reizes",
        "Notikušās Līguma 2.6. apakšpunktā minētās supervīzijas (reižu skaits)",
        "Mērķis: supervīzijas",
    ),
    Indicator(
        "assessments",
        "AIS novērtējumi",
        "novērtējumi",
        "Pabeigtie Līguma 2.2. apakšpunktā minētie individuālo vajadzību novērtējumi ar AIS "
        "(novērtējumu skaits)",
        "Mērķis: AIS novērtējumi",
    ),
)


@dataclass(frozen=True)
class Rates:
    """What the money rules need of the project (docs/rules.md, "Money"): its cost categories
    with LM's rate of each, the EU fund and its rate, and the largest advance's rate."""

    categories: tuple[Category, ...] = DEFAULT_CATEGORIES
    fund: Fund = field(default_factory=Fund)
    advance: Decimal = Decimal("0.30")  # the largest advance, as a share of LM's funding

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """The categories' keys, in the project's order."""
        return tuple(c.key for c in self.categories)

    def category(self, key: str) -> Category:
        return next(c for c in self.categories if c.key == key)


# The reporting schedules the workbook names, by the days of the year their periods end on.
QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))
HALF_YEAR_ENDS = ((6, 30), (12, 31))
YEAR_ENDS = ((12, 31),)


@dataclass(frozen=True)
class Schedule:
    """The project's reporting schedule (``Projekts``' *Pārskata periodi*): the days of the year
    its reporting periods end on, as sorted (month, day) pairs, and its name as the workbook
    gives it: "ceturksnis" (calendar quarters), "pusgads" (half-years), or the listed days
    ("30.06., 31.12."). Each period starts the day after the one before ends."""

    ends: tuple[tuple[int, int], ...]
    name: str

    @property
    def kind(self) -> str:
        """ "quarters", "half_years", "year" (calendar years: 31.12 alone) or "dates" (other days
        the workbook lists)."""
        kinds = {QUARTER_ENDS: "quarters", HALF_YEAR_ENDS: "half_years", YEAR_ENDS: "year"}
        return kinds.get(self.ends, "dates")

    def period_of(self, day: date) -> tuple[date, date]:
        """The reporting period that holds ``day``: from the day after the period end before
        it to the first period end on or after it."""
        return _period_of(self.ends, day)


# The periods found kept (the last PERIODS_KEPT): every partner's progress rows start on the
# same few days (10 000 partners: 0.05 s of validate, bench/validate.py).
PERIODS_KEPT = 1024


@lru_cache(maxsize=PERIODS_KEPT)
def _period_of(period_ends: tuple[tuple[int, int], ...], day: date) -> tuple[date, date]:
    ends = [date(y, m, d) for y in (day.year - 1, day.year, day.year + 1) for m, d in period_ends]
    before = max(e for e in ends if e < day)
    return before + timedelta(days=1), min(e for e in ends if e >= day)


@dataclass(frozen=True)
class Contact:
    """A party's contact person for the agreement's day-to-day matters (any part may be empty)."""

    name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Project:
    """The project and its beneficiary, the ministry (sheet ``Projekts``), and its shape: the
    cost categories and fund (``rates``) and the indicators (``Kategorijas``, ``Rādītāju
    saraksts``; 9.2.1.1's when the workbook defines none)."""

    project_no: str
    project_title: str
    beneficiary: str
    beneficiary_reg_no: str
    beneficiary_address: str
    beneficiary_representative: str
    beneficiary_representative_title: str
    regulation: str
    available_funding: Decimal = DEFAULT_AVAILABLE_FUNDING
    words_style: str = "accounting"  # "accounting" ("viens simts") or "literary" ("simts")
    rates: Rates = field(default_factory=Rates)
    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS
    claim_deadline_days: int = DEFAULT_CLAIM_DEADLINE_DAYS
    beneficiary_email: str | None = None
    contact: Contact = field(default_factory=lambda: Contact())
    cfla_agreement_date: date | None = None  # of the ministry's agreement with CFLA
    cfla_agreement_no: str = ""  # its number; the project's number when not given
    eligibility_end: date = DEFAULT_ELIGIBILITY_END  # no cost is eligible after it
    reporting_periods: Schedule | None = None  # the reporting schedule; None: none stated


# The rows' records have slots, no __dict__ each: at 10 000 partners (about 100 000 records)
# that held 6 MB less of validate's peak (bench/validate.py).
@dataclass(frozen=True, slots=True)
class Partner:
    """A municipality taking part as cooperation partner (sheet ``Partneri``, one row)."""

    row: int
    code: str
    name: str
    reg_no: str
    address: str
    representative: str
    representative_title: str
    iban: str  # compact: LV80BANK0000435195001
    agreement_no: str
    agreement_date: date | None  # the last e-signature's date, once known; None before
    start: date
    end: date
    budget: FrozenDict[Decimal]  # the agreed amount of each cost category, in the project's order
    representative_genitive: str | None = None
    representative_title_genitive: str | None = None
    authority: str | None = None
    email: str | None = None
    contact: Contact = field(default_factory=lambda: Contact())
    stated_eligible: Decimal | None = None
    stated_lm: Decimal | None = None
    targets: FrozenDict[int | None] = field(
        default_factory=FrozenDict
    )  # each indicator's target; None: not set


@dataclass(frozen=True, slots=True)
class Claim:
    """A payment claim of one partner for one period (sheet ``Maksājumi``, one row)."""

    row: int
    code: str
    number: int
    period_start: date
    period_end: date
    date: date
    kind: str  # "avansa", "starpposma" or "noslēguma"
    costs: FrozenDict[Decimal]  # the period's costs in each category (none in an advance claim)
    advance: Decimal = Decimal("0.00")  # the LM funding an advance claim asks for
    justification: str = ""  # an advance's justification
    # The costs LM approved where it approved less than claimed (by category; the others are
    # approved as claimed), and its decision's reference.
    approved: FrozenDict[Decimal] = field(default_factory=FrozenDict)
    decision: str = ""

    @property
    def approved_costs(self) -> FrozenDict[Decimal]:
        """Each category's costs as LM approved them: as claimed unless ``approved`` says less."""
        return FrozenDict({k: self.approved.get(k, v) for k, v in self.costs.items()})

    @property
    def is_advance(self) -> bool:
        return self.kind == "avansa"


@dataclass(frozen=True, slots=True)
class Progress:
    """What one partner achieved in one period (sheet ``Rādītāji``, one row)."""

    row: int
    code: str
    period_start: date
    period_end: date
    achieved: FrozenDict[int]  # each indicator's result in the period
    notes: str = ""
    explanation: str = ""  # on the final period's row: why a target was not reached
    activities: str = ""  # what was done in the period (Darbības), printed in the report


@dataclass(frozen=True, slots=True)
class Amendment:
    """A change to one partner's agreement, agreed in writing (sheet ``Grozījumi``, one row).

    Only what it changes is given: ``budget`` and ``targets`` hold the categories and indicators
    it sets, ``end`` is None when the period stays. From ``date`` on, the changed values are in
    force."""

    row: int
    code: str
    number: int
    date: date
    budget: FrozenDict[Decimal] = field(
        default_factory=FrozenDict
    )  # the new amount of each category it changes
    end: date | None = None
    targets: FrozenDict[int] = field(
        default_factory=FrozenDict
    )  # the new target of each indicator it changes
    reason: str = ""

    def apply(self, partner: Partner) -> Partner:
        """The agreement with this amendment applied."""
        return replace(
            partner,
            budget=FrozenDict({**partner.budget, **self.budget}),
            targets=FrozenDict({**partner.targets, **self.targets}),
            end=self.end if self.end is not None else partner.end,
        )


@dataclass(frozen=True, slots=True)
class Expense:
    """A document that backs a claim's costs (sheet ``Izdevumi``, one row): an invoice, a
    payroll or a contract, its date, payee, what it was for, the cost category (by its key) and
    the amount, and when it was paid (None: not given)."""

    row: int
    code: str
    claim: int  # the number of the partner's claim it backs
    document: str  # its number
    date: date
    payee: str
    category: str  # the cost category's key
    amount: Decimal
    description: str = ""
    paid: date | None = None


def in_force(partner: Partner, amendments: Sequence[Amendment], day: date | None = None) -> Partner:
    """The partner's agreement as in force on ``day``: the agreement as first signed with every
    amendment dated on or before it applied, in their order (all of them when ``day`` is None)."""
    for amendment in sorted(amendments, key=lambda a: a.number):
        if day is None or amendment.date <= day:
            partner = amendment.apply(partner)
    return partner


@dataclass(frozen=True)
class Workbook:
    """Everything one batch needs, read from one ``.xlsx`` file."""

    path: Path
    project: Project
    partners: tuple[Partner, ...]
    claims: tuple[Claim, ...] = ()
    progress: tuple[Progress, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    expenses: tuple[Expense, ...] = ()  # sheet Izdevumi; none without it

    def partner(self, code: str) -> Partner:
        """The partner with this code; KeyError if there is none."""
        return self._index[0][code]

    def claims_of(self, code: str) -> tuple[Claim, ...]:
        """One partner's claims in the order of their numbers."""
        return self._index[1].get(code, ())

    def amendments_of(self, code: str) -> tuple[Amendment, ...]:
        """One partner's amendments in the order of their numbers."""
        return self._amendments.get(code, ())

    @cached_property
    def _amendments(self) -> dict[str, tuple[Amendment, ...]]:
        """Amendments by code, built once: each claim and report asks for its partner's (a
        scan of all of them per document grew with partners × amendments)."""
        by_code: dict[str, list[Amendment]] = {}
        for amendment in self.amendments:
            by_code.setdefault(amendment.code, []).append(amendment)
        return {k: tuple(sorted(v, key=lambda a: a.number)) for k, v in by_code.items()}

    def in_force(self, code: str, day: date | None = None) -> Partner:
        """A partner's agreement as in force on ``day`` (as last amended when None)."""
        return in_force(self.partner(code), self.amendments_of(code), day)

    def expenses_of(self, code: str, number: int) -> tuple[Expense, ...]:
        """The supporting documents of one partner's claim, in the order of the sheet's rows."""
        return self._index[3].get((code, number), ())

    def progress_of(self, code: str) -> tuple[Progress, ...]:
        """One partner's progress rows in the order of their periods."""
        return self._index[2].get(code, ())

    @cached_property
    def _index(
        self,
    ) -> tuple[
        dict[str, Partner],
        dict[str, tuple[Claim, ...]],
        dict[str, tuple[Progress, ...]],
        dict[tuple[str, int], tuple[Expense, ...]],
    ]:
        """Partners, claims and progress rows by code, supporting documents by code and claim
        number, built once (a batch asks thousands of times)."""
        claims: dict[str, list[Claim]] = {}
        for claim in self.claims:
            claims.setdefault(claim.code, []).append(claim)
        progress: dict[str, list[Progress]] = {}
        for row in self.progress:
            progress.setdefault(row.code, []).append(row)
        expenses: dict[tuple[str, int], list[Expense]] = {}
        for expense in self.expenses:
            expenses.setdefault((expense.code, expense.claim), []).append(expense)
        return (
            {p.code: p for p in self.partners},
            {k: tuple(sorted(v, key=lambda c: c.number)) for k, v in claims.items()},
            {k: tuple(sorted(v, key=lambda r: r.period_start)) for k, v in progress.items()},
            {k: tuple(sorted(v, key=lambda e: e.row)) for k, v in expenses.items()},
        )
