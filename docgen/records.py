"""The workbook's content as validated, immutable records.

Built once by :mod:`docgen.workbook.reader`; everything downstream reads these, never the file.
``row`` is the sheet row a record came from, so later checks can name their place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path

DEFAULT_AVAILABLE_FUNDING = Decimal("7247622.00")
DEFAULT_CLAIM_DEADLINE_DAYS = 20  # working days after a period's end a claim is due


@dataclass(frozen=True)
class Rates:
    """The measure's funding rates; the workbook may override each (docs/rules.md, "Money")."""

    esf: Decimal = Decimal("0.85")
    pilot: Decimal = Decimal("1")
    training: Decimal = Decimal("0.70")
    advance: Decimal = Decimal("0.30")  # the largest advance, as a share of LM's funding


@dataclass(frozen=True)
class Contact:
    """A party's contact person for the agreement's day-to-day matters (any part may be empty)."""

    name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Project:
    """The ESF project and its beneficiary, the ministry (sheet ``Projekts``)."""

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
    claim_deadline_days: int = DEFAULT_CLAIM_DEADLINE_DAYS
    beneficiary_email: str | None = None
    contact: Contact = field(default_factory=lambda: Contact())
    cfla_agreement_date: date | None = None  # of the ministry's agreement with CFLA


@dataclass(frozen=True)
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
    pilot: Decimal
    training: Decimal
    non_eligible: Decimal = Decimal("0.00")
    representative_genitive: str | None = None
    representative_title_genitive: str | None = None
    authority: str | None = None
    email: str | None = None
    contact: Contact = field(default_factory=lambda: Contact())
    stated_eligible: Decimal | None = None
    stated_lm: Decimal | None = None
    target_specialists: int | None = None
    target_supervisions: int | None = None
    target_assessments: int | None = None


@dataclass(frozen=True)
class Claim:
    """A payment claim of one partner for one period (sheet ``Maksājumi``, one row)."""

    row: int
    code: str
    number: int
    period_start: date
    period_end: date
    date: date
    kind: str  # "avansa", "starpposma" or "noslēguma"
    pilot: Decimal
    training: Decimal
    non_eligible: Decimal = Decimal("0.00")
    advance: Decimal = Decimal("0.00")  # the LM funding an advance claim asks for
    justification: str = ""  # an advance's justification

    @property
    def is_advance(self) -> bool:
        return self.kind == "avansa"


@dataclass(frozen=True)
class Progress:
    """What one partner achieved in one period (sheet ``Rādītāji``, one row)."""

    row: int
    code: str
    period_start: date
    period_end: date
    specialists: int
    supervisions: int
    assessments: int
    notes: str = ""


@dataclass(frozen=True)
class Amendment:
    """A change to one partner's agreement, agreed in writing (sheet ``Grozījumi``, one row).

    A field left None is unchanged. From ``date`` on, the changed values are in force."""

    row: int
    code: str
    number: int
    date: date
    pilot: Decimal | None = None
    training: Decimal | None = None
    non_eligible: Decimal | None = None
    end: date | None = None
    target_specialists: int | None = None
    target_supervisions: int | None = None
    target_assessments: int | None = None
    reason: str = ""

    def changes(self) -> dict[str, object]:
        """What the amendment sets: {field: new value}."""
        return {k: getattr(self, k) for k in AMENDABLE if getattr(self, k) is not None}


AMENDABLE = (
    "pilot",
    "training",
    "non_eligible",
    "end",
    "target_specialists",
    "target_supervisions",
    "target_assessments",
)


def in_force(partner: Partner, amendments: Sequence[Amendment], day: date | None = None) -> Partner:
    """The partner's agreement as in force on ``day``: the agreement as first signed with every
    amendment dated on or before it applied, in their order (all of them when ``day`` is None)."""
    changes: dict[str, object] = {}
    for amendment in sorted(amendments, key=lambda a: a.number):
        if day is None or amendment.date <= day:
            changes.update(amendment.changes())
    return replace(partner, **changes) if changes else partner


@dataclass(frozen=True)
class Workbook:
    """Everything one batch needs, read from one ``.xlsx`` file."""

    path: Path
    project: Project
    partners: tuple[Partner, ...]
    claims: tuple[Claim, ...] = ()
    progress: tuple[Progress, ...] = ()
    amendments: tuple[Amendment, ...] = ()

    def partner(self, code: str) -> Partner:
        """The partner with this code; KeyError if there is none."""
        return self._index[0][code]

    def claims_of(self, code: str) -> tuple[Claim, ...]:
        """One partner's claims in the order of their numbers."""
        return self._index[1].get(code, ())

    def amendments_of(self, code: str) -> tuple[Amendment, ...]:
        """One partner's amendments in the order of their numbers."""
        return tuple(sorted((a for a in self.amendments if a.code == code), key=lambda a: a.number))

    def in_force(self, code: str, day: date | None = None) -> Partner:
        """A partner's agreement as in force on ``day`` (as last amended when None)."""
        return in_force(self.partner(code), self.amendments_of(code), day)

    def progress_of(self, code: str) -> tuple[Progress, ...]:
        """One partner's progress rows in the order of their periods."""
        return self._index[2].get(code, ())

    @cached_property
    def _index(
        self,
    ) -> tuple[dict[str, Partner], dict[str, tuple[Claim, ...]], dict[str, tuple[Progress, ...]]]:
        """Partners, claims and progress rows by code, built once (a batch asks thousands of
        times)."""
        claims: dict[str, list[Claim]] = {}
        for claim in self.claims:
            claims.setdefault(claim.code, []).append(claim)
        progress: dict[str, list[Progress]] = {}
        for row in self.progress:
            progress.setdefault(row.code, []).append(row)
        return (
            {p.code: p for p in self.partners},
            {k: tuple(sorted(v, key=lambda c: c.number)) for k, v in claims.items()},
            {k: tuple(sorted(v, key=lambda r: r.period_start)) for k, v in progress.items()},
        )
