"""Checks across rows and sheets: what no single cell can show is wrong.

Unique codes, agreement periods, the numbering, periods and budgets of claims, stated totals
recomputed, and the partners' funding against what the measure has available. Each finding
names its place the way the reader does: ``Maksājumi!C9 (No): …``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date
from decimal import Decimal
from itertools import pairwise

from docgen.errors import Problem
from docgen.latvian.formatting import format_amount, format_date, format_percent
from docgen.latvian.parties import authority_gaps, cited_acts, default_authority
from docgen.latvian.workdays import add_working_days, why_not_working
from docgen.money import CATEGORIES, ZERO, claim_figures, partner_split, share, total_split
from docgen.records import (
    DEFAULT_CLAIM_DEADLINE_DAYS,
    Amendment,
    Claim,
    Partner,
    Progress,
    Project,
    Rates,
    in_force,
)
from docgen.workbook import schema

Place = Callable[..., str]  # place(sheet, key, row=None) -> "Sheet!Cell (Header)"

P, C, R = schema.PARTNERS_SHEET, schema.CLAIMS_SHEET, schema.PROGRESS_SHEET
A = schema.AMENDMENTS_SHEET


def _period(start: date, end: date) -> str:
    return f"{format_date(start)}–{format_date(end)}"


def check_records(
    project: Project | None,
    partners: Sequence[Partner],
    claims: Sequence[Claim],
    progress: Sequence[Progress],
    rates: Rates,
    place: Place,
    incomplete: Collection[str] = (),
    amendments: Sequence[Amendment] = (),
) -> list[Problem]:
    """Every problem between records; an empty list when they agree with each other.

    ``incomplete`` names partners with a row that could not be read (already reported): their
    other rows are not checked against each other, which would only repeat that report.
    Claims are checked against the agreement as in force at their period's end (``amendments``).
    """
    problems: list[Problem] = []
    problems += _check_partners(partners, rates, place)
    skip = set(incomplete)
    found, refused = _check_amendments(amendments, partners, claims, project, rates, place, skip)
    problems += found
    # A partner's rows are checked against its agreement as amended; when an amendment of it is
    # wrong, against the agreement as first signed (its error is reported once, not per row).
    changes: dict[str, list[Amendment]] = defaultdict(list)
    for amendment in amendments:
        if amendment.code not in refused:
            changes[amendment.code].append(amendment)
    # A claim or progress row may fall in a period an amendment extended.
    by_code = {p.code: in_force(p, changes[p.code]) for p in partners}
    first_signed = {p.code: p for p in partners}
    deadline = project.claim_deadline_days if project else DEFAULT_CLAIM_DEADLINE_DAYS
    problems += _check_claims(
        [c for c in claims if c.code not in skip],
        by_code,
        progress,
        rates,
        deadline,
        place,
        first_signed,
        changes,
    )
    problems += _check_progress([r for r in progress if r.code not in skip], by_code, place)
    if project is not None and not skip:
        problems += _check_funding(project, partners, rates, place)
    return problems


def _check_partners(partners: Sequence[Partner], rates: Rates, place: Place) -> list[Problem]:
    problems = []
    seen_codes: dict[str, Partner] = {}
    seen_numbers: dict[str, Partner] = {}
    for partner in partners:
        # Codes become file names; two that differ only in case would be one file on Windows.
        first = seen_codes.setdefault(partner.code.casefold(), partner)
        if first is not partner:
            problems.append(
                Problem(
                    place(P, "code", partner.row),
                    f"{partner.code} is already used in row {first.row}"
                    + ("" if first.code == partner.code else f" ({first.code})")
                    + "; codes must be unique (letter case aside)",
                )
            )
        first = seen_numbers.setdefault(partner.agreement_no, partner)
        if partner.agreement_no and first is not partner:
            problems.append(
                Problem(
                    place(P, "agreement_no", partner.row),
                    f"{partner.agreement_no} is already the agreement number of "
                    f"{first.code} (row {first.row})",
                )
            )
        if partner.end < partner.start:
            problems.append(
                Problem(
                    place(P, "end", partner.row),
                    f"{format_date(partner.end)} is before Sākums {format_date(partner.start)}",
                )
            )
        elif partner.agreement_date is not None and partner.agreement_date > partner.end:
            problems.append(
                Problem(
                    place(P, "agreement_date", partner.row),
                    f"{format_date(partner.agreement_date)} is after the agreement's end "
                    f"{format_date(partner.end)}",
                )
            )
        problems += _check_representation(partner, place)
        if not partner.reg_no.startswith("9000"):
            problems.append(
                Problem(
                    place(P, "reg_no", partner.row),
                    f"{partner.reg_no}: a municipality's registration number starts with 9000; "
                    "check that it is the institution's, not a person's or a company's",
                    "warning",
                )
            )
        figures = partner_split(partner, rates)
        stated = (
            (
                "stated_eligible",
                partner.stated_eligible,
                figures.total_eligible,
                "pilot + training",
            ),
            ("stated_lm", partner.stated_lm, figures.lm_total, "the ministry's share"),
        )
        for key, given, computed, how in stated:
            if given is not None and given != computed:
                problems.append(
                    Problem(
                        place(P, key, partner.row),
                        f"the stated total {format_amount(given)} differs from the computed "
                        f"{format_amount(computed)} ({how}) by {format_amount(given - computed)}",
                    )
                )
    return problems


def _check_representation(partner: Partner, place: Place) -> list[Problem]:
    """Warnings about the act the partner's representative signs under (Pārstāvības pamats)."""
    written = partner.authority or default_authority(partner.name)
    acts = cited_acts(written)
    at = place(P, "authority", partner.row)
    problems = []
    if "izpilddirektor" in partner.representative_title.casefold() and set(acts) <= {"nolikums"}:
        problems.append(
            Problem(
                at,
                f"an executive director ({partner.representative_title}) signs under a council "
                "decision or a power of attorney, named with its date and number (for example "
                '"domes 2021. gada 15. jūlija lēmums Nr. 12"), not the bylaws alone',
                "warning",
            )
        )
    missing = authority_gaps(written)
    if missing:
        problems.append(
            Problem(
                at,
                f"{written!r}: a decision or power of attorney is cited with its "
                f"{' and '.join(missing)}",
                "warning",
            )
        )
    return problems


def _unknown_partner(sheet: str, row: int, code: str, place: Place) -> Problem:
    return Problem(place(sheet, "code", row), f"{code} is not the Kods of any partner in {P}")


def _check_periods(
    sheet: str,
    rows: Iterable[Claim | Progress],
    partner: Partner,
    place: Place,
    what: Callable[[Claim | Progress], str],
) -> list[Problem]:
    """Each period inside the agreement, ending after it starts, none overlapping another."""
    problems = []
    valid = []
    for item in rows:
        if item.period_end < item.period_start:
            problems.append(
                Problem(
                    place(sheet, "period_end", item.row),
                    f"{format_date(item.period_end)} is before No {format_date(item.period_start)}",
                )
            )
            continue
        agreement = _period(partner.start, partner.end)
        if item.period_start < partner.start:
            problems.append(
                Problem(
                    place(sheet, "period_start", item.row),
                    f"{format_date(item.period_start)} is before the agreement of {partner.code} "
                    f"starts ({agreement}, {P} row {partner.row})",
                )
            )
        if item.period_end > partner.end:
            problems.append(
                Problem(
                    place(sheet, "period_end", item.row),
                    f"{format_date(item.period_end)} is after the agreement of {partner.code} "
                    f"ends ({agreement}, {P} row {partner.row})",
                )
            )
        valid.append(item)
    valid.sort(key=lambda item: (item.period_start, item.row))
    for before, after in pairwise(valid):
        if after.period_start <= before.period_end:
            problems.append(
                Problem(
                    place(sheet, "period_start", after.row),
                    f"{what(after)} ({_period(after.period_start, after.period_end)}) overlaps "
                    f"{what(before)} ({_period(before.period_start, before.period_end)}, "
                    f"row {before.row})",
                )
            )
    return problems


def _claim_name(claim: Claim | Progress) -> str:
    assert isinstance(claim, Claim)
    return f"claim {claim.number} of {claim.code}"


def _progress_name(row: Claim | Progress) -> str:
    return f"the period of {row.code}"


def _check_claims(
    claims: Sequence[Claim],
    partners: dict[str, Partner],
    progress: Sequence[Progress],
    rates: Rates,
    deadline_days: int,
    place: Place,
    first_signed: dict[str, Partner] | None = None,
    changes: dict[str, list[Amendment]] | None = None,
) -> list[Problem]:
    problems = []
    by_code: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.code not in partners:
            problems.append(_unknown_partner(C, claim.row, claim.code, place))
        else:
            by_code[claim.code].append(claim)
    periods = {(r.code, r.period_start, r.period_end) for r in progress}
    for code, own in by_code.items():
        partner = partners[code]
        costs = [c for c in own if not c.is_advance]
        problems += _check_numbers(own, place)
        # An advance is for a period that the claims of its costs will cover again.
        problems += _check_periods(C, costs, partner, place, _claim_name)
        for advance in (c for c in own if c.is_advance):
            problems += _check_periods(C, [advance], partner, place, _claim_name)
        problems += _check_order(costs, place)
        problems += _check_final_is_last(own, place)
        signed = (first_signed or {}).get(code, partner)
        amended = (changes or {}).get(code, [])
        problems += _check_budget(own, signed, amended, place)
        problems += _check_advances(own, signed, amended, rates, place)
        problems += _check_dated_after_signature(own, partner, place)
        problems += _check_dates(own, deadline_days, place)
        problems += [
            Problem(
                place(C, "period_end", claim.row),
                f"claim {claim.number} of {code} ({_period(claim.period_start, claim.period_end)})"
                f" has no progress row for the same period in {R}; the agreement asks for a "
                "progress report with every claim",
                "warning",
            )
            for claim in costs
            if (code, claim.period_start, claim.period_end) not in periods
        ]
    return problems


def _check_final_is_last(claims: list[Claim], place: Place) -> list[Problem]:
    """Nothing is claimed after the final claim (noslēguma)."""
    ordered = sorted(claims, key=lambda c: c.number)
    final = next((c for c in ordered if c.kind == "noslēguma"), None)
    if final is None:
        return []
    return [
        Problem(
            place(C, "number", claim.row),
            f"claim {claim.number} of {claim.code} comes after the final claim {final.number} "
            f"(row {final.row})",
        )
        for claim in ordered
        if claim.number > final.number
    ]


def _check_advances(
    claims: list[Claim],
    partner: Partner,
    amendments: Sequence[Amendment],
    rates: Rates,
    place: Place,
) -> list[Problem]:
    """An advance claim asks for an amount and reports no costs; it is at most the advance rate
    of the partner's LM funding; a second one waits until the first is offset in full."""
    problems = []
    largest = share(partner_split(partner, rates).lm_total, rates.advance)
    for claim in claims:
        if not claim.is_advance:
            if claim.advance:
                problems.append(
                    Problem(
                        place(C, "advance", claim.row),
                        f"claim {claim.number} of {claim.code} is a {claim.kind} claim: only an "
                        "avansa claim asks for an advance (Veids avansa, and no costs)",
                    )
                )
            continue
        if not claim.advance:
            problems.append(
                Problem(
                    place(C, "advance", claim.row),
                    f"advance claim {claim.number} of {claim.code} needs the amount it asks for",
                )
            )
        for category in CATEGORIES:
            if getattr(claim, category):
                problems.append(
                    Problem(
                        place(C, category, claim.row),
                        f"advance claim {claim.number} of {claim.code} reports no costs; the "
                        "costs go into the claims of the periods they were made in",
                    )
                )
        if claim.advance > largest:
            problems.append(
                Problem(
                    place(C, "advance", claim.row),
                    f"the advance {format_amount(claim.advance)} is above the largest advance "
                    f"{format_amount(largest)} ({format_percent(rates.advance)} of the LM "
                    f"funding {format_amount(partner_split(partner, rates).lm_total)} of "
                    f"{claim.code}) by {format_amount(claim.advance - largest)}",
                )
            )
    if problems:
        return problems
    # In the order of the numbers: no advance while another is outstanding.
    figures = claim_figures(partner, claims, rates, amendments)
    for before, after in pairwise(figures):
        if after.claim.is_advance and before.outstanding:
            problems.append(
                Problem(
                    place(C, "advance", after.claim.row),
                    f"claim {after.claim.number} of {partner.code} asks for an advance while "
                    f"{format_amount(before.outstanding)} of an earlier advance is not offset "
                    f"yet (after claim {before.claim.number}); one advance at a time",
                )
            )
    return problems


def _check_dates(claims: list[Claim], deadline_days: int, place: Place) -> list[Problem]:
    """Claims are dated on working days, within the deadline after their period."""
    problems = []
    for claim in claims:
        why = why_not_working(claim.date)
        if why:
            problems.append(
                Problem(
                    place(C, "date", claim.row),
                    f"claim {claim.number} of {claim.code} is dated {format_date(claim.date)}, "
                    f"{why}: date it on a working day",
                    "warning",
                )
            )
        if claim.is_advance:
            continue
        deadline = add_working_days(claim.period_end, deadline_days)
        if claim.date > deadline:
            problems.append(
                Problem(
                    place(C, "date", claim.row),
                    f"claim {claim.number} of {claim.code} is dated {format_date(claim.date)}, "
                    f"after its deadline {format_date(deadline)} ({deadline_days} working days "
                    f"after {format_date(claim.period_end)})",
                    "warning",
                )
            )
    return problems


def _check_dated_after_signature(
    claims: list[Claim], partner: Partner, place: Place
) -> list[Problem]:
    """A claim is made under a signed agreement: one dated before the signature is a warning."""
    signed = partner.agreement_date
    if signed is None:
        return []
    return [
        Problem(
            place(C, "date", claim.row),
            f"claim {claim.number} of {claim.code} is dated {format_date(claim.date)}, before "
            f"the agreement was signed ({format_date(signed)}, Partneri row {partner.row})",
            "warning",
        )
        for claim in claims
        if claim.date < signed
    ]


def _check_numbers(claims: list[Claim], place: Place) -> list[Problem]:
    """Claims of one partner are numbered 1, 2, … with no gaps or repeats."""
    problems = []
    seen: dict[int, Claim] = {}
    for claim in claims:
        if claim.number in seen:
            first = seen[claim.number]
            problems.append(
                Problem(
                    place(C, "number", claim.row),
                    f"claim {claim.number} of {claim.code} is repeated (also row {first.row})",
                )
            )
        else:
            seen[claim.number] = claim
    expected = 1
    for number in sorted(seen):
        if number < 1:
            problems.append(
                Problem(
                    place(C, "number", seen[number].row),
                    f"claim {number} of {seen[number].code}: claims are numbered from 1",
                )
            )
            continue
        if number != expected:
            claim = seen[number]
            missing = str(expected) if number == expected + 1 else f"{expected}–{number - 1}"
            problems.append(
                Problem(
                    place(C, "number", claim.row),
                    f"claim {number} of {claim.code}: claims are numbered 1, 2, … and "
                    f"{missing} is missing",
                )
            )
        expected = number + 1
    return problems


def _check_order(claims: list[Claim], place: Place) -> list[Problem]:
    """Numbers follow the periods: claim 2 is for a period after claim 1's."""
    problems = []
    ordered = sorted(claims, key=lambda c: c.number)
    for before, after in pairwise(ordered):
        if before.number != after.number and after.period_start < before.period_start:
            problems.append(
                Problem(
                    place(C, "number", after.row),
                    f"claim {after.number} of {after.code} is for a period before claim "
                    f"{before.number}'s (row {before.row}); number the claims in order",
                )
            )
    return problems


_CATEGORY_NAMES = {
    "pilot": "Pilotprojekts",
    "training": "Apmācības un supervīzija",
    "non_eligible": "Neattiecināmās izmaksas",
}


def _check_budget(
    claims: list[Claim], partner: Partner, amendments: Sequence[Amendment], place: Place
) -> list[Problem]:
    """The cumulative costs of each category stay within the amount agreed and in force at the
    claim's period's end."""
    problems = []
    for category in CATEGORIES:
        to_date = Decimal("0.00")
        for claim in sorted(claims, key=lambda c: (c.number, c.row)):
            agreed: Decimal = getattr(in_force(partner, amendments, claim.period_end), category)
            to_date += getattr(claim, category)
            if to_date > agreed:
                problems.append(
                    Problem(
                        place(C, category, claim.row),
                        f"claims 1–{claim.number} of {claim.code} add up to "
                        f"{format_amount(to_date)} of {_CATEGORY_NAMES[category]}, above the "
                        f"agreed {format_amount(agreed)} ({P} row {partner.row}) by "
                        f"{format_amount(to_date - agreed)}",
                    )
                )
                break
    return problems


def _check_progress(
    rows: Sequence[Progress], partners: dict[str, Partner], place: Place
) -> list[Problem]:
    problems = []
    by_code: dict[str, list[Progress]] = defaultdict(list)
    for row in rows:
        if row.code not in partners:
            problems.append(_unknown_partner(R, row.row, row.code, place))
        else:
            by_code[row.code].append(row)
    for code, own in by_code.items():
        problems += _check_periods(R, own, partners[code], place, _progress_name)
    return problems


def _check_amendments(
    amendments: Sequence[Amendment],
    partners: Sequence[Partner],
    claims: Sequence[Claim],
    project: Project | None,
    rates: Rates,
    place: Place,
    skip: Collection[str],
) -> tuple[list[Problem], set[str]]:
    """Amendments numbered 1, 2, … per partner, dated in order after the agreement's date and
    within its period as amended so far; each changes something; none takes a category below
    what claims ending before its date already claimed, nor ends the period before a claim; the
    partners' LM funding stays within the available funding after each. Returns the problems
    and the codes of the partners with a wrong amendment."""
    problems: list[Problem] = []
    refused: set[str] = set()
    known = {p.code: p for p in partners}
    by_code: dict[str, list[Amendment]] = defaultdict(list)
    for amendment in amendments:
        if amendment.code not in known:
            problems.append(_unknown_partner(A, amendment.row, amendment.code, place))
        elif amendment.code not in skip:
            by_code[amendment.code].append(amendment)
    for code, own in by_code.items():
        partner = known[code]
        own.sort(key=lambda a: (a.number, a.row))
        numbered = len(problems)
        expected = 1
        for amendment in own:
            if amendment.number != expected:
                problems.append(
                    Problem(
                        place(A, "number", amendment.row),
                        f"amendment {amendment.number} of {code} should be number {expected}: "
                        "amendments are numbered 1, 2, … per partner, without gaps or repeats",
                    )
                )
            expected = amendment.number + 1
        before: Amendment | None = None
        found = numbered
        for amendment in own:
            problems += _check_amendment(amendment, before, partner, own, claims, place)
            before = amendment
        if any(p.is_error for p in problems[found:]):
            refused.add(code)
    if project is not None and not skip:
        for amendment in sorted(amendments, key=lambda a: a.date):
            if amendment.code not in known:
                continue
            lm_total = total_split(
                partner_split(in_force(p, by_code.get(p.code, []), amendment.date), rates)
                for p in partners
            ).lm_total
            if lm_total > project.available_funding:
                problems.append(
                    Problem(
                        place(A, "number", amendment.row),
                        f"after amendment {amendment.number} of {amendment.code} the partners' LM "
                        f"funding adds up to {format_amount(lm_total)}, above the available "
                        f"{format_amount(project.available_funding)} by "
                        f"{format_amount(lm_total - project.available_funding)}",
                    )
                )
    return problems, refused


def _check_amendment(
    amendment: Amendment,
    before: Amendment | None,
    partner: Partner,
    own: Sequence[Amendment],
    claims: Sequence[Claim],
    place: Place,
) -> list[Problem]:
    problems = []
    name = f"amendment {amendment.number} of {amendment.code}"
    current = in_force(partner, [a for a in own if a.number < amendment.number])
    if not {k: v for k, v in amendment.changes().items() if getattr(current, k) != v}:
        problems.append(
            Problem(
                place(A, "code", amendment.row),
                f"{name} changes nothing: each of its values is empty or the one in force",
            )
        )
    day = amendment.date
    if before is not None and day <= before.date:
        problems.append(
            Problem(
                place(A, "date", amendment.row),
                f"{name} takes effect {format_date(day)}, not after amendment {before.number} "
                f"({format_date(before.date)})",
            )
        )
    if partner.agreement_date is not None and day <= partner.agreement_date:
        problems.append(
            Problem(
                place(A, "date", amendment.row),
                f"{name} takes effect {format_date(day)}, not after the agreement was signed "
                f"({format_date(partner.agreement_date)})",
            )
        )
    if not current.start <= day <= current.end:
        problems.append(
            Problem(
                place(A, "date", amendment.row),
                f"{name} takes effect {format_date(day)}, outside the agreement's period "
                f"({_period(current.start, current.end)})",
            )
        )
    mine = [c for c in claims if c.code == partner.code]
    for category in CATEGORIES:
        new = getattr(amendment, category)
        if new is None:
            continue
        claimed = sum((getattr(c, category) for c in mine if c.period_end < day), ZERO)
        if new < claimed:
            problems.append(
                Problem(
                    place(A, category, amendment.row),
                    f"{name} sets {_CATEGORY_NAMES[category]} to {format_amount(new)}, below the "
                    f"{format_amount(claimed)} already claimed for periods ending before "
                    f"{format_date(day)} by {format_amount(claimed - new)}",
                )
            )
    if amendment.end is not None:
        if amendment.end < current.start:
            problems.append(
                Problem(
                    place(A, "end", amendment.row),
                    f"{format_date(amendment.end)} is before the agreement's start "
                    f"{format_date(current.start)}",
                )
            )
        late = [c for c in mine if c.period_end > amendment.end]
        if late:
            claim = max(late, key=lambda c: c.period_end)
            problems.append(
                Problem(
                    place(A, "end", amendment.row),
                    f"{name} ends the period on {format_date(amendment.end)}, before claim "
                    f"{claim.number} ({_period(claim.period_start, claim.period_end)}, "
                    f"{C} row {claim.row})",
                )
            )
    return problems


def _check_funding(
    project: Project, partners: Sequence[Partner], rates: Rates, place: Place
) -> list[Problem]:
    """The ministry's funding of all partners stays within what the measure has available."""
    lm_total = total_split(partner_split(p, rates) for p in partners).lm_total
    if lm_total <= project.available_funding:
        return []
    return [
        Problem(
            place(schema.PROJECT_SHEET, "available_funding"),
            f"the partners' LM funding adds up to {format_amount(lm_total)}, above the available "
            f"{format_amount(project.available_funding)} by "
            f"{format_amount(lm_total - project.available_funding)}",
        )
    ]
