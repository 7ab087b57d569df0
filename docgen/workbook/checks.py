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

from docgen.errors import Problem, shortened
from docgen.i18n import _, ngettext
from docgen.latvian.formatting import format_amount, format_date, format_percent, format_share
from docgen.latvian.parties import authority_gaps, cited_acts, default_authority
from docgen.latvian.workdays import add_working_days, holiday_name, is_working_day
from docgen.money import ZERO, claim_figures, fraction, partner_split, share
from docgen.records import (
    DEFAULT_CLAIM_DEADLINE_DAYS,
    DEFAULT_ELIGIBILITY_END,
    Amendment,
    Claim,
    Expense,
    Indicator,
    Partner,
    Progress,
    Project,
    Rates,
    Schedule,
    in_force,
)
from docgen.workbook import schema

Place = Callable[..., str]  # place(sheet, key, row=None) -> "Sheet!Cell (Header)"

P, C, R = schema.PARTNERS_SHEET, schema.CLAIMS_SHEET, schema.PROGRESS_SHEET
A = schema.AMENDMENTS_SHEET
E = schema.EXPENSES_SHEET


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
    expenses: Sequence[Expense] = (),
) -> list[Problem]:
    """Every problem between records; an empty list when they agree with each other.

    ``incomplete`` names partners with a row that could not be read (already reported): their
    other rows are not checked against each other, which would only repeat that report.
    Claims are checked against the agreement as in force at their period's end (``amendments``).
    """
    problems: list[Problem] = []
    problems += _check_partners(partners, rates, place)
    limit = project.eligibility_end if project else DEFAULT_ELIGIBILITY_END
    problems += _check_eligibility(limit, partners, claims, amendments, place)
    problems += _check_undated(partners, (*claims, *progress, *amendments), place)
    if project is not None and project.cfla_agreement_date is None:
        problems.append(
            Problem(
                place(schema.PROJECT_SHEET, "cfla_agreement_date"),
                _(
                    "the date of the ministry's agreement with CFLA is missing: the "
                    "cooperation agreements cite it by its number alone"
                ),
                "warning",
            )
        )
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
    own_progress = [r for r in progress if r.code not in skip and r.code in by_code]
    problems += _check_progress([r for r in progress if r.code not in skip], by_code, place)
    if project is not None and project.reporting_periods is not None:
        problems += _check_schedule(own_progress, by_code, project.reporting_periods, place)
    problems += _check_activities(own_progress, [c for c in claims if c.code not in skip], place)
    if project is not None:
        own = [r for r in progress if r.code not in skip]
        shortfalls = _shortfalls(own, by_code, project.indicators)
        problems += _check_closing(shortfalls, [c for c in claims if c.code not in skip], place)
    problems += _check_approvals([c for c in claims if c.code not in skip], rates, place)
    problems += _check_expenses(
        [e for e in expenses if e.code not in skip],
        [c for c in claims if c.code not in skip],
        by_code,
        rates,
        limit,
        place,
    )
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
                    (
                        _(
                            "{code} is already used in row {row}; codes must be unique "
                            "(letter case aside)"
                        )
                        if first.code == partner.code
                        else _(
                            "{code} is already used in row {row} ({other}); codes must be unique "
                            "(letter case aside)"
                        )
                    ).format(code=partner.code, row=first.row, other=first.code),
                )
            )
        first = seen_numbers.setdefault(partner.agreement_no, partner)
        if partner.agreement_no and first is not partner:
            problems.append(
                Problem(
                    place(P, "agreement_no", partner.row),
                    _("{number} is already the agreement number of {code} (row {row})").format(
                        number=shortened(partner.agreement_no), code=first.code, row=first.row
                    ),
                )
            )
        if partner.end < partner.start:
            problems.append(
                Problem(
                    place(P, "end", partner.row),
                    _("{end} is before Sākums {start}").format(
                        end=format_date(partner.end), start=format_date(partner.start)
                    ),
                )
            )
        elif partner.agreement_date is not None and partner.agreement_date > partner.end:
            problems.append(
                Problem(
                    place(P, "agreement_date", partner.row),
                    _("{date} is after the agreement's end {end}").format(
                        date=format_date(partner.agreement_date), end=format_date(partner.end)
                    ),
                )
            )
        problems += _check_representation(partner, place)
        if not partner.reg_no.startswith("9000"):
            problems.append(
                Problem(
                    place(P, "reg_no", partner.row),
                    _(
                        "{reg_no}: a municipality's registration number starts with 9000; check "
                        "that it is the institution's, not a person's or a company's"
                    ).format(reg_no=partner.reg_no),
                    "warning",
                )
            )
        figures = partner_split(partner, rates)
        stated = (
            ("stated_eligible", partner.stated_eligible, figures.total_eligible),
            ("stated_lm", partner.stated_lm, figures.lm_total),
        )
        for key, given, computed in stated:
            if given is not None and given != computed:
                message = (
                    _(
                        "the stated total {stated} differs from the computed {computed} "
                        "({categories}) by {difference}"
                    )
                    if key == "stated_eligible"
                    else _(
                        "the stated total {stated} differs from the computed {computed} "
                        "(the ministry's share) by {difference}"
                    )
                )
                problems.append(
                    Problem(
                        place(P, key, partner.row),
                        message.format(
                            categories=" + ".join(c.column for c in rates.categories if c.eligible),
                            stated=format_amount(given),
                            computed=format_amount(computed),
                            difference=format_amount(given - computed),
                        ),
                    )
                )
    return problems


def _check_eligibility(
    limit: date,
    partners: Sequence[Partner],
    claims: Sequence[Claim],
    amendments: Sequence[Amendment],
    place: Place,
) -> list[Problem]:
    """No partner's period, amendment's new end or claim's period ends after the programme's
    last eligible day (a final claim may be made later; its period may not end later)."""
    late = [
        *((P, "end", p.row, p.end) for p in partners),
        *((A, "end", a.row, a.end) for a in amendments if a.end is not None),
        *((C, "period_end", c.row, c.period_end) for c in claims),
    ]
    return [
        Problem(
            place(sheet, key, row),
            _(
                "{date} is after the programme's eligibility end {limit} (Attiecināmības "
                "beigas): costs are eligible only if incurred and paid by then"
            ).format(date=format_date(day), limit=format_date(limit)),
        )
        for sheet, key, row, day in late
        if day > limit
    ]


def _check_undated(
    partners: Sequence[Partner], rows: Iterable[Claim | Progress | Amendment], place: Place
) -> list[Problem]:
    """A partner whose agreement has no date yet but claims, reports or amendments: each cites
    the agreement by its number alone (a warning, once for the partner)."""
    cited = {row.code for row in rows}
    return [
        Problem(
            place(P, "agreement_date", partner.row),
            _(
                "the agreement of {code} has no date yet, so its claims, reports and amendments "
                "cite it by its number alone; write the date of its last e-signature here"
            ).format(code=partner.code),
            "warning",
        )
        for partner in partners
        if partner.agreement_date is None and partner.code in cited
    ]


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
                _(
                    "an executive director ({title}) signs under a council decision or a power of "
                    "attorney, named with its date and number (for example "
                    '"domes 2021. gada 15. jūlija lēmums Nr. 12"), not the bylaws alone'
                ).format(title=shortened(partner.representative_title)),
                "warning",
            )
        )
    missing = authority_gaps(written)
    if missing:
        gaps = {
            ("date",): _("{text!r}: a decision or power of attorney is cited with its date"),
            ("number",): _("{text!r}: a decision or power of attorney is cited with its number"),
            ("date", "number"): _(
                "{text!r}: a decision or power of attorney is cited with its date and number"
            ),
        }
        problems.append(
            Problem(at, gaps[tuple(missing)].format(text=shortened(written)), "warning")
        )
    return problems


def _unknown_partner(sheet: str, row: int, code: str, place: Place) -> Problem:
    return Problem(
        place(sheet, "code", row),
        _("{code} is not the Kods of any partner in {sheet}").format(code=code, sheet=P),
    )


def _check_periods(
    sheet: str,
    rows: Iterable[Claim | Progress],
    partner: Partner,
    place: Place,
    overlap: Callable[[Claim | Progress, Claim | Progress], str],
) -> list[Problem]:
    """Each period inside the agreement, ending after it starts, none overlapping another."""
    problems = []
    valid = []
    for item in rows:
        if item.period_end < item.period_start:
            problems.append(
                Problem(
                    place(sheet, "period_end", item.row),
                    _("{end} is before No {start}").format(
                        end=format_date(item.period_end), start=format_date(item.period_start)
                    ),
                )
            )
            continue
        if item.period_start < partner.start:
            problems.append(
                Problem(
                    place(sheet, "period_start", item.row),
                    _(
                        "{start} is before the agreement of {code} starts ({period}, {sheet} "
                        "row {row})"
                    ).format(start=format_date(item.period_start), **_agreement(partner)),
                )
            )
        if item.period_end > partner.end:
            problems.append(
                Problem(
                    place(sheet, "period_end", item.row),
                    _(
                        "{end} is after the agreement of {code} ends ({period}, {sheet} row {row})"
                    ).format(end=format_date(item.period_end), **_agreement(partner)),
                )
            )
        valid.append(item)
    valid.sort(key=lambda item: (item.period_start, item.row))
    for before, after in pairwise(valid):
        if after.period_start <= before.period_end:
            problems.append(
                Problem(place(sheet, "period_start", after.row), overlap(after, before))
            )
    return problems


def _agreement(partner: Partner) -> dict[str, object]:
    """The agreement a period falls outside, as the messages about it name it."""
    return {
        "code": partner.code,
        "period": _period(partner.start, partner.end),
        "sheet": P,
        "row": partner.row,
    }


def _claims_overlap(after: Claim | Progress, before: Claim | Progress) -> str:
    assert isinstance(after, Claim) and isinstance(before, Claim)
    return _(
        "claim {number} of {code} ({period}) overlaps claim {other} of {code} ({other_period}, "
        "row {row})"
    ).format(
        number=after.number,
        code=after.code,
        period=_period(after.period_start, after.period_end),
        other=before.number,
        other_period=_period(before.period_start, before.period_end),
        row=before.row,
    )


def _periods_overlap(after: Claim | Progress, before: Claim | Progress) -> str:
    return _(
        "the period of {code} ({period}) overlaps the period of {code} ({other_period}, row {row})"
    ).format(
        code=after.code,
        period=_period(after.period_start, after.period_end),
        other_period=_period(before.period_start, before.period_end),
        row=before.row,
    )


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
        problems += _check_periods(C, costs, partner, place, _claims_overlap)
        for advance in (c for c in own if c.is_advance):
            problems += _check_periods(C, [advance], partner, place, _claims_overlap)
        problems += _check_order(costs, place)
        problems += _check_final_is_last(own, place)
        signed = (first_signed or {}).get(code, partner)
        amended = (changes or {}).get(code, [])
        problems += _check_budget(own, signed, amended, rates, place)
        problems += _check_advances(own, signed, amended, rates, place)
        problems += _check_dated_after_signature(own, partner, place)
        problems += _check_dates(own, deadline_days, place)
        problems += [
            Problem(
                place(C, "period_end", claim.row),
                _(
                    "claim {number} of {code} ({period}) has no progress row for the same period "
                    "in {sheet}; the agreement asks for a progress report with every claim"
                ).format(
                    number=claim.number,
                    code=code,
                    period=_period(claim.period_start, claim.period_end),
                    sheet=R,
                ),
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
            _("claim {number} of {code} comes after the final claim {final} (row {row})").format(
                number=claim.number, code=claim.code, final=final.number, row=final.row
            ),
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
    if not any(claim.is_advance or claim.advance for claim in claims):
        return problems
    largest = share(partner_split(partner, rates).lm_total, rates.advance)
    for claim in claims:
        if not claim.is_advance:
            if claim.advance:
                problems.append(
                    Problem(
                        place(C, "advance", claim.row),
                        _(
                            "claim {number} of {code} is a {kind} claim: only an avansa claim "
                            "asks for an advance (Veids avansa, and no costs)"
                        ).format(number=claim.number, code=claim.code, kind=claim.kind),
                    )
                )
            continue
        if not claim.advance:
            problems.append(
                Problem(
                    place(C, "advance", claim.row),
                    _("advance claim {number} of {code} needs the amount it asks for").format(
                        number=claim.number, code=claim.code
                    ),
                )
            )
        for key, cost in claim.costs.items():
            if cost:
                problems.append(
                    Problem(
                        place(C, schema.cost_key(key), claim.row),
                        _(
                            "advance claim {number} of {code} reports no costs; the costs go "
                            "into the claims of the periods they were made in"
                        ).format(number=claim.number, code=claim.code),
                    )
                )
        if claim.advance > largest:
            problems.append(
                Problem(
                    place(C, "advance", claim.row),
                    _(
                        "the advance {advance} is above the largest advance {largest} ({rate} of "
                        "the LM funding {funding} of {code}) by {difference}"
                    ).format(
                        advance=format_amount(claim.advance),
                        largest=format_amount(largest),
                        rate=format_percent(rates.advance),
                        funding=format_amount(partner_split(partner, rates).lm_total),
                        code=claim.code,
                        difference=format_amount(claim.advance - largest),
                    ),
                )
            )
    if problems or sum(claim.is_advance for claim in claims) < 2:
        # An advance is outstanding only after another advance: with fewer than two there is
        # nothing to follow (claim_figures for every partner took 1.9 s of validate's 12.6 s at
        # 10 000 partners in bench/validate.py).
        return problems
    # In the order of the numbers: no advance while another is outstanding.
    figures = claim_figures(partner, claims, rates, amendments)
    for before, after in pairwise(figures):
        if after.claim.is_advance and before.outstanding:
            problems.append(
                Problem(
                    place(C, "advance", after.claim.row),
                    _(
                        "claim {number} of {code} asks for an advance while {outstanding} of an "
                        "earlier advance is not offset yet (after claim {before}); one advance "
                        "at a time"
                    ).format(
                        number=after.claim.number,
                        code=partner.code,
                        outstanding=format_amount(before.outstanding),
                        before=before.claim.number,
                    ),
                )
            )
    return problems


def _check_dates(claims: list[Claim], deadline_days: int, place: Place) -> list[Problem]:
    """Claims are dated on working days, within the deadline after their period."""
    problems = []
    for claim in claims:
        not_working = _not_working(claim)
        if not_working:
            problems.append(Problem(place(C, "date", claim.row), not_working, "warning"))
        if claim.is_advance:
            continue
        deadline = add_working_days(claim.period_end, deadline_days)
        if claim.date > deadline:
            problems.append(
                Problem(
                    place(C, "date", claim.row),
                    ngettext(
                        "claim {number} of {code} is dated {date}, after its deadline {deadline} "
                        "({days} working day after {end})",
                        "claim {number} of {code} is dated {date}, after its deadline {deadline} "
                        "({days} working days after {end})",
                        deadline_days,
                    ).format(
                        **_dated(claim),
                        deadline=format_date(deadline),
                        days=deadline_days,
                        end=format_date(claim.period_end),
                    ),
                    "warning",
                )
            )
    return problems


def _not_working(claim: Claim) -> str:
    """The warning for a claim dated on a day off; "" for one dated on a working day."""
    if is_working_day(claim.date):
        return ""  # asked first: a holiday's name is looked up in the language of the messages
    holiday = holiday_name(claim.date)
    weekday = claim.date.weekday()
    if holiday:
        message = _(
            "claim {number} of {code} is dated {date}, a public holiday ({holiday}): date it on "
            "a working day"
        )
    elif weekday == 5:
        message = _(
            "claim {number} of {code} is dated {date}, a Saturday: date it on a working day"
        )
    elif weekday == 6:
        message = _("claim {number} of {code} is dated {date}, a Sunday: date it on a working day")
    else:
        return ""
    return message.format(**_dated(claim), holiday=holiday)


def _dated(claim: Claim) -> dict[str, object]:
    """The claim and its date, as the messages about its date name them."""
    return {"number": claim.number, "code": claim.code, "date": format_date(claim.date)}


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
            _(
                "claim {number} of {code} is dated {date}, before the agreement was signed "
                "({signed}, {sheet} row {row})"
            ).format(**_dated(claim), signed=format_date(signed), sheet=P, row=partner.row),
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
                    _("claim {number} of {code} is repeated (also row {row})").format(
                        number=claim.number, code=claim.code, row=first.row
                    ),
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
                    _("claim {number} of {code}: claims are numbered from 1").format(
                        number=number, code=seen[number].code
                    ),
                )
            )
            continue
        if number != expected:
            claim = seen[number]
            missing = str(expected) if number == expected + 1 else f"{expected}–{number - 1}"
            problems.append(
                Problem(
                    place(C, "number", claim.row),
                    _(
                        "claim {number} of {code}: claims are numbered 1, 2, … and {missing} is "
                        "missing"
                    ).format(number=number, code=claim.code, missing=missing),
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
                    _(
                        "claim {number} of {code} is for a period before claim {before}'s (row "
                        "{row}); number the claims in order"
                    ).format(
                        number=after.number, code=after.code, before=before.number, row=before.row
                    ),
                )
            )
    return problems


def _check_budget(
    claims: list[Claim],
    partner: Partner,
    amendments: Sequence[Amendment],
    rates: Rates,
    place: Place,
) -> list[Problem]:
    """The cumulative costs of each category stay within the amount agreed and in force at the
    claim's period's end."""
    problems = []
    ordered = sorted(claims, key=lambda c: (c.number, c.row))
    budgets = [in_force(partner, amendments, claim.period_end).budget for claim in ordered]
    for category in rates.categories:
        to_date = Decimal("0.00")
        for claim, budget in zip(ordered, budgets, strict=True):
            agreed = budget[category.key]
            to_date += claim.costs[category.key]
            if to_date > agreed:
                problems.append(
                    Problem(
                        place(C, schema.cost_key(category.key), claim.row),
                        _(
                            "claims 1–{number} of {code} add up to {to_date} of {category}, "
                            "above the agreed {agreed} ({sheet} row {row}) by {difference}"
                        ).format(
                            number=claim.number,
                            code=claim.code,
                            to_date=format_amount(to_date),
                            category=category.column,
                            agreed=format_amount(agreed),
                            sheet=P,
                            row=partner.row,
                            difference=format_amount(to_date - agreed),
                        ),
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
        problems += _check_periods(R, own, partners[code], place, _periods_overlap)
    return problems


def _check_schedule(
    rows: Sequence[Progress], partners: dict[str, Partner], schedule: Schedule, place: Place
) -> list[Problem]:
    """Each progress period follows the project's reporting schedule (docs/rules.md, "Progress
    reports"): it is one reporting period, except that the first may start on the agreement's
    start and the last end on its end (as amended). A warning names what was expected."""
    problems = []
    for row in rows:
        partner = partners[row.code]
        if not partner.start <= row.period_start <= row.period_end <= partner.end:
            continue  # an error already
        first, last = schedule.period_of(row.period_start)
        expected = (max(first, partner.start), min(last, partner.end))
        if (row.period_start, row.period_end) == expected:
            continue
        if row.period_end > last:
            key, why = "period_end", _("it spans more than one reporting period")
        elif row.period_start != expected[0]:
            key = "period_start"
            why = _(
                "it does not start on the day after a reporting period ends, nor on the "
                "agreement's start"
            )
        else:
            key = "period_end"
            why = _("it does not end when a reporting period ends, nor on the agreement's end")
        problems.append(
            Problem(
                place(R, key, row.row),
                _(
                    "the period {period} of {code} does not follow the reporting schedule "
                    "(Pārskata periodi: {schedule}): {why}; expected {expected}"
                ).format(
                    period=_period(row.period_start, row.period_end),
                    code=row.code,
                    schedule=schedule.name,
                    why=why,
                    expected=_period(*expected),
                ),
                "warning",
            )
        )
    return problems


def _check_activities(
    rows: Sequence[Progress], claims: Sequence[Claim], place: Place
) -> list[Problem]:
    """A report says what was done: a period with costs claimed (a claim of costs overlapping
    it, with an amount above zero) but no results and no Darbības is a warning."""
    problems = []
    claims_of = _by_code(claims)
    for row in rows:
        if row.activities or any(row.achieved.values()):
            continue
        costly = [
            c.number
            for c in claims_of.get(row.code, [])
            if not c.is_advance
            and c.period_start <= row.period_end
            and row.period_start <= c.period_end
            and any(c.costs.values())
        ]
        if costly:
            problems.append(
                Problem(
                    place(R, "activities", row.row),
                    ngettext(
                        "{code} has costs in {period} (claim {claims}) but no results in it and "
                        "no activities described; write what was done in Darbības",
                        "{code} has costs in {period} (claims {claims}) but no results in it and "
                        "no activities described; write what was done in Darbības",
                        len(costly),
                    ).format(
                        code=row.code,
                        period=_period(row.period_start, row.period_end),
                        claims=", ".join(str(n) for n in costly),
                    ),
                    "warning",
                )
            )
    return problems


Shortfall = tuple[Indicator, int, int]  # an indicator, achieved in all, its target in force


def _shortfalls(
    rows: Sequence[Progress], partners: dict[str, Partner], indicators: Sequence[Indicator]
) -> dict[str, tuple[Progress, list[Shortfall]]]:
    """The partners that reached their agreement's end (a progress row ending on it) with a
    target missed: their final period's row and each indicator short of its target in force."""
    by_code: dict[str, list[Progress]] = defaultdict(list)
    for row in rows:
        by_code[row.code].append(row)
    result = {}
    for code, own in by_code.items():
        partner = partners.get(code)
        final = next((r for r in own if partner and r.period_end == partner.end), None)
        if partner is None or final is None:
            continue
        short = []
        for indicator in indicators:
            target = partner.targets.get(indicator.key)
            done = sum(r.achieved[indicator.key] for r in own)
            if target and done < target:
                short.append((indicator, done, target))
        if short:
            result[code] = (final, short)
    return result


def _check_closing(
    shortfalls: dict[str, tuple[Progress, list[Shortfall]]],
    claims: Sequence[Claim],
    place: Place,
) -> list[Problem]:
    """At the end, each indicator is measured against its target in force (docs/rules.md,
    "Closing"): a shortfall with no explanation (Skaidrojums) on the final period's row is a
    warning naming the indicator and the gap; a final claim with a shortfall and no decision of
    LM's on it (Lēmums) is a warning."""
    problems = []
    claims_of = _by_code(claims)
    for code, (final, short) in shortfalls.items():
        if not final.explanation:
            problems += [
                Problem(
                    place(R, "explanation", final.row),
                    _(
                        "{code} reached {done} of its target of {target} for {indicator} "
                        "({share}), {gap} short; write why in the final period's Skaidrojums"
                    ).format(
                        code=code,
                        done=done,
                        target=target,
                        indicator=indicator.name,
                        share=format_share(fraction(Decimal(done), Decimal(target))),
                        gap=target - done,
                    ),
                    "warning",
                )
                for indicator, done, target in short
            ]
        problems += [
            Problem(
                place(C, "decision", claim.row),
                _(
                    "the final claim {number} of {code} comes with targets missed ({indicators}); "
                    "write LM's decision on it in Lēmums: costs approved below the claimed, or "
                    "the claim accepted in full"
                ).format(
                    number=claim.number,
                    code=code,
                    indicators=", ".join(indicator.name for indicator, _done, _target in short),
                ),
                "warning",
            )
            for claim in claims_of.get(code, [])
            if claim.kind == "noslēguma" and not claim.decision
        ]
    return problems


def _check_approvals(claims: Sequence[Claim], rates: Rates, place: Place) -> list[Problem]:
    """What LM approved of a claim: never more than claimed, never on an advance (it has no
    costs); an approval below the claimed names LM's decision (a warning without it)."""
    problems = []
    for claim in claims:
        named = {"number": claim.number, "code": claim.code}
        for category in rates.categories:
            approved = claim.approved.get(category.key)
            if approved is None:
                continue
            at = place(C, schema.approved_key(category.key), claim.row)
            if claim.is_advance:
                problems.append(
                    Problem(
                        at,
                        _(
                            "claim {number} of {code} is an advance claim: it has no costs to "
                            "approve"
                        ).format(**named),
                    )
                )
            elif approved > claim.costs[category.key]:
                problems.append(
                    Problem(
                        at,
                        _(
                            "{approved} approved is more than the {claimed} claimed of {category} "
                            "in claim {number} of {code}"
                        ).format(
                            **named,
                            approved=format_amount(approved),
                            claimed=format_amount(claim.costs[category.key]),
                            category=category.column,
                        ),
                    )
                )
        if claim.approved and not claim.decision and not claim.is_advance:
            problems.append(
                Problem(
                    place(C, "decision", claim.row),
                    _(
                        "claim {number} of {code} approves less than claimed but names no "
                        "decision; write LM's decision (its date and number) in Lēmums: the "
                        "claim's document cites it"
                    ).format(**named),
                    "warning",
                )
            )
    return problems


def _check_expenses(
    expenses: Sequence[Expense],
    claims: Sequence[Claim],
    partners: dict[str, Partner],
    rates: Rates,
    limit: date,
    place: Place,
) -> list[Problem]:
    """The supporting documents of the claims (sheet Izdevumi): each of a claim of costs of a
    known partner, dated within the claim's period and paid by the programme's eligibility end;
    a claim's documents add up per category to its costs, to the cent (the gap is reported at
    the claim's cost cell in Maksājumi). A partner that lists the documents of its claims lists
    them for each claim of costs: one without is a warning."""
    problems: list[Problem] = []
    by_claim = {(c.code, c.number): c for c in claims}
    listed: dict[Claim, list[Expense]] = defaultdict(list)
    listing = set()  # the partners with a row in the sheet
    for expense in expenses:
        if expense.code not in partners:
            problems.append(_unknown_partner(E, expense.row, expense.code, place))
            continue
        listing.add(expense.code)
        claim = by_claim.get((expense.code, expense.claim))
        named = {"number": expense.claim, "code": expense.code}
        if claim is None:
            problems.append(
                Problem(
                    place(E, "claim", expense.row),
                    _("{code} has no claim {number} in {sheet}").format(**named, sheet=C),
                )
            )
            continue
        if claim.is_advance:
            problems.append(
                Problem(
                    place(E, "claim", expense.row),
                    _(
                        "claim {number} of {code} is an advance claim, which has no costs: list "
                        "the document with the claim of the period its cost was made in"
                    ).format(**named),
                )
            )
            continue
        listed[claim].append(expense)
        if not claim.period_start <= expense.date <= claim.period_end:
            problems.append(
                Problem(
                    place(E, "date", expense.row),
                    _(
                        "{date} is outside the period of claim {number} of {code} ({period}, "
                        "{sheet} row {row})"
                    ).format(
                        **named,
                        date=format_date(expense.date),
                        period=_period(claim.period_start, claim.period_end),
                        sheet=C,
                        row=claim.row,
                    ),
                )
            )
        if expense.paid is not None and expense.paid > limit:
            problems.append(
                Problem(
                    place(E, "paid", expense.row),
                    _(
                        "{date} is after the programme's eligibility end {limit} (Attiecināmības "
                        "beigas): costs are eligible only if incurred and paid by then"
                    ).format(date=format_date(expense.paid), limit=format_date(limit)),
                )
            )
    for claim, rows in listed.items():
        for category in rates.categories:
            documented = sum((e.amount for e in rows if e.category == category.key), ZERO)
            claimed = claim.costs[category.key]
            if documented == claimed:
                continue
            message = (
                _(
                    "the supporting documents of claim {number} of {code} in {sheet} add up to "
                    "{documented} of {category}, {difference} less than the claimed {claimed}"
                )
                if documented < claimed
                else _(
                    "the supporting documents of claim {number} of {code} in {sheet} add up to "
                    "{documented} of {category}, {difference} more than the claimed {claimed}"
                )
            )
            problems.append(
                Problem(
                    place(C, schema.cost_key(category.key), claim.row),
                    message.format(
                        number=claim.number,
                        code=claim.code,
                        sheet=E,
                        documented=format_amount(documented),
                        category=category.column,
                        difference=format_amount(abs(claimed - documented)),
                        claimed=format_amount(claimed),
                    ),
                )
            )
    problems += [
        Problem(
            place(C, "number", claim.row),
            _(
                "claim {number} of {code} has no supporting documents in {sheet}, though other "
                "claims of {code} have; its document says that no list is attached"
            ).format(number=claim.number, code=claim.code, sheet=E),
            "warning",
        )
        for claim in claims
        if claim.code in listing
        and not claim.is_advance
        and any(claim.costs.values())
        and claim not in listed
    ]
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
        if amendment.code in skip:  # its partner's row has errors, already reported
            continue
        if amendment.code not in known:
            problems.append(_unknown_partner(A, amendment.row, amendment.code, place))
        else:
            by_code[amendment.code].append(amendment)
    claims_of = _by_code(claims)
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
                        _(
                            "amendment {number} of {code} should be number {expected}: "
                            "amendments are numbered 1, 2, … per partner, without gaps or repeats"
                        ).format(number=amendment.number, code=code, expected=expected),
                    )
                )
            expected = amendment.number + 1
        before: Amendment | None = None
        found = numbered
        for amendment in own:
            problems += _check_amendment(
                amendment, before, partner, own, claims_of.get(code, []), rates, place
            )
            before = amendment
        if any(p.is_error for p in problems[found:]):
            refused.add(code)
    if project is not None and not skip:
        problems += _check_amended_funding(amendments, partners, by_code, project, rates, place)
    return problems, refused


def _check_amended_funding(
    amendments: Sequence[Amendment],
    partners: Sequence[Partner],
    by_code: dict[str, list[Amendment]],
    project: Project,
    rates: Rates,
    place: Place,
) -> list[Problem]:
    """The partners' LM funding within the available funding after each amendment, in the order
    of their dates. The total is computed once and updated on each date by the partners amended
    on it (a sum of the partners' shares, as total_split adds them): linear in the partners and
    amendments, where recomputing every partner per amendment was their product."""
    problems: list[Problem] = []
    known = {p.code: p for p in partners}
    lm = {p.code: partner_split(p, rates).lm_total for p in partners}
    lm_total = sum(lm.values(), ZERO)
    dated: dict[date, list[Amendment]] = defaultdict(list)
    for amendment in sorted(amendments, key=lambda a: a.date):
        if amendment.code in known:
            dated[amendment.date].append(amendment)
    for day, changed in dated.items():
        for code in dict.fromkeys(a.code for a in changed):
            now = partner_split(in_force(known[code], by_code.get(code, []), day), rates).lm_total
            lm_total += now - lm[code]
            lm[code] = now
        if lm_total <= project.available_funding:
            continue
        problems += [
            Problem(
                place(A, "number", amendment.row),
                _(
                    "after amendment {number} of {code} the partners' LM funding adds up "
                    "to {total}, above the available {available} by {difference}"
                ).format(
                    number=amendment.number,
                    code=amendment.code,
                    total=format_amount(lm_total),
                    available=format_amount(project.available_funding),
                    difference=format_amount(lm_total - project.available_funding),
                ),
            )
            for amendment in changed
        ]
    return problems


def _by_code(rows: Iterable[Claim]) -> dict[str, list[Claim]]:
    """Rows by their partner's code, each partner's in the order given."""
    result: dict[str, list[Claim]] = defaultdict(list)
    for row in rows:
        result[row.code].append(row)
    return result


def _check_amendment(
    amendment: Amendment,
    before: Amendment | None,
    partner: Partner,
    own: Sequence[Amendment],
    mine: Sequence[Claim],
    rates: Rates,
    place: Place,
) -> list[Problem]:
    """One amendment of a partner, against the amendments before it and the partner's claims
    (``mine``)."""
    problems = []
    named = {"number": amendment.number, "code": amendment.code}
    current = in_force(partner, [a for a in own if a.number < amendment.number])
    if amendment.apply(current) == current:
        problems.append(
            Problem(
                place(A, "code", amendment.row),
                _(
                    "amendment {number} of {code} changes nothing: each of its values is empty "
                    "or the one in force"
                ).format(**named),
            )
        )
    day = amendment.date
    if before is not None and day <= before.date:
        problems.append(
            Problem(
                place(A, "date", amendment.row),
                _(
                    "amendment {number} of {code} takes effect {date}, not after amendment "
                    "{before} ({before_date})"
                ).format(
                    **named,
                    date=format_date(day),
                    before=before.number,
                    before_date=format_date(before.date),
                ),
            )
        )
    if partner.agreement_date is not None and day <= partner.agreement_date:
        problems.append(
            Problem(
                place(A, "date", amendment.row),
                _(
                    "amendment {number} of {code} takes effect {date}, not after the agreement "
                    "was signed ({signed})"
                ).format(
                    **named, date=format_date(day), signed=format_date(partner.agreement_date)
                ),
            )
        )
    if not current.start <= day <= current.end:
        problems.append(
            Problem(
                place(A, "date", amendment.row),
                _(
                    "amendment {number} of {code} takes effect {date}, outside the agreement's "
                    "period ({period})"
                ).format(
                    **named, date=format_date(day), period=_period(current.start, current.end)
                ),
            )
        )
    for category in rates.categories:
        new = amendment.budget.get(category.key)
        if new is None:
            continue
        claimed = sum((c.costs[category.key] for c in mine if c.period_end < day), ZERO)
        if new < claimed:
            problems.append(
                Problem(
                    place(A, schema.cost_key(category.key), amendment.row),
                    _(
                        "amendment {number} of {code} sets {category} to {amount}, below the "
                        "{claimed} already claimed for periods ending before {date} by "
                        "{difference}"
                    ).format(
                        **named,
                        category=category.column,
                        amount=format_amount(new),
                        claimed=format_amount(claimed),
                        date=format_date(day),
                        difference=format_amount(claimed - new),
                    ),
                )
            )
    if amendment.end is not None:
        if amendment.end < current.start:
            problems.append(
                Problem(
                    place(A, "end", amendment.row),
                    _("{end} is before the agreement's start {start}").format(
                        end=format_date(amendment.end), start=format_date(current.start)
                    ),
                )
            )
        late = [c for c in mine if c.period_end > amendment.end]
        if late:
            claim = max(late, key=lambda c: c.period_end)
            problems.append(
                Problem(
                    place(A, "end", amendment.row),
                    _(
                        "amendment {number} of {code} ends the period on {end}, before claim "
                        "{claim} ({period}, {sheet} row {row})"
                    ).format(
                        **named,
                        end=format_date(amendment.end),
                        claim=claim.number,
                        period=_period(claim.period_start, claim.period_end),
                        sheet=C,
                        row=claim.row,
                    ),
                )
            )
    return problems


def _check_funding(
    project: Project, partners: Sequence[Partner], rates: Rates, place: Place
) -> list[Problem]:
    """The ministry's funding of all partners stays within what the measure has available."""
    # The column of total_split's LM total, summed alone (the whole splits' sums were 0.1 s of
    # 10 000 partners, bench/validate.py).
    lm_total = sum((partner_split(p, rates).lm_total for p in partners), ZERO)
    if lm_total <= project.available_funding:
        return []
    return [
        Problem(
            place(schema.PROJECT_SHEET, "available_funding"),
            _(
                "the partners' LM funding adds up to {total}, above the available {available} by "
                "{difference}"
            ).format(
                total=format_amount(lm_total),
                available=format_amount(project.available_funding),
                difference=format_amount(lm_total - project.available_funding),
            ),
        )
    ]
