"""The workbook's content as validated, immutable records.

Built once by :mod:`docgen.workbook.reader`; everything downstream reads these, never the file.
``row`` is the sheet row a record came from, so later checks can name their place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
class Workbook:
    """Everything one batch needs, read from one ``.xlsx`` file."""

    path: Path
    project: Project
    partners: tuple[Partner, ...]
    claims: tuple[Claim, ...] = ()
    progress: tuple[Progress, ...] = ()

    def partner(self, code: str) -> Partner:
        """The partner with this code; KeyError if there is none."""
        return self._index[0][code]

    def claims_of(self, code: str) -> tuple[Claim, ...]:
        """One partner's claims in the order of their numbers."""
        return self._index[1].get(code, ())

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
