"""The template context: the one place where records and figures become what templates see.

Templates see only what is built here (docs/context.md lists every field). The parties' names
come declined from :mod:`docgen.latvian.parties`, with what it was unsure of returned as
warnings beside the context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from docgen.documents.charts import ChartSpec
from docgen.errors import Problem
from docgen.latvian.formatting import (
    NBSP,
    format_date,
    format_day_of_year,
    format_iban,
    format_period,
)
from docgen.latvian.parties import ministry_names, partner_names, regulation_dative
from docgen.latvian.workdays import next_working_day
from docgen.money import (
    ZERO,
    ClaimFigures,
    Payment,
    Split,
    claim_figures,
    fraction,
    partner_split,
    share,
    split,
    total_split,
)
from docgen.records import (
    Amendment,
    Category,
    Claim,
    Expense,
    FrozenDict,
    Indicator,
    Partner,
    Progress,
    Project,
    Rates,
    Schedule,
    Workbook,
    in_force,
)

KIND_TITLES = {
    "avansa": "Avansa maksājuma pieprasījums",
    "starpposma": "Starpposma maksājuma pieprasījums",
    "noslēguma": "Noslēguma maksājuma pieprasījums",
}
TREASURY_BIC = "TRELLV22"


@dataclass(frozen=True)
class FormAnnex:
    """An annex of the agreement that is a blank form: its number in the agreement's list
    (clause 20.3), its title there and on the form, and its file beside the agreement."""

    number: int
    title: str
    suffix: str  # the file's name after the partner's code

    def file(self, code: str) -> str:
        return f"{code}{self.suffix}"


# The forms by the kind of document that writes them (the claim's and the report's templates).
FORM_ANNEXES = {
    "claim_form": FormAnnex(
        2, "Maksājuma pieprasījuma veidlapa", "_sadarbibas_ligums_pielikums_2.docx"
    ),
    "report_form": FormAnnex(
        3, "Progresa pārskata veidlapa", "_sadarbibas_ligums_pielikums_3.docx"
    ),
}


@dataclass
class Context:
    """A template's context and what building it noticed (unsure declensions)."""

    data: dict[str, Any]
    warnings: list[Problem] = field(default_factory=list)


def _fraction(part: Decimal, whole: Decimal) -> Decimal | None:
    return fraction(part, whole)


def _indicator(indicator: Indicator) -> dict[str, Any]:
    return {
        "key": indicator.key,
        "name": indicator.name,
        "unit": indicator.unit,
        "description": indicator.description,
    }


def _category(category: Category) -> dict[str, Any]:
    """What a template knows of a cost category whatever the document: its key and name, how a
    clause names it, LM's rate and the partner's."""
    return {
        "key": category.key,
        "name": category.name,
        "of": category.of,
        "eligible": category.eligible,
        "rate": category.rate,
        "cofinancing_rate": 1 - category.rate if category.eligible else Decimal(0),
    }


# How clause 6.1 names a reporting period of each kind of schedule, in the accusative.
_SCHEDULE_NOUNS = {
    "quarters": "kalendāra ceturksni",
    "half_years": "kalendāra pusgadu",
    "year": "kalendāra gadu",
    "dates": "laikposmu",
}


def schedule_words(schedule: Schedule | None) -> str:
    """The reporting period as the agreement defines it, in the accusative ("par katru pārskata
    periodu – …"): "kalendāra pusgadu (no 1. janvāra līdz 30. jūnijam un no 1. jūlija līdz
    31. decembrim)"; "" when the workbook states no schedule."""
    if schedule is None:
        return ""
    spans = []
    for position, (month, day) in enumerate(schedule.ends):
        # Each period starts the day after the one before ends (the first after the last).
        before = schedule.ends[position - 1]
        first = date(2001, *before) + timedelta(days=1)
        spans.append(
            f"no {format_day_of_year(first.month, first.day, 'genitive')} "
            f"līdz {format_day_of_year(month, day, 'dative')}"
        )
    listed = " un ".join(filter(None, (", ".join(spans[:-1]), spans[-1])))
    return f"{_SCHEDULE_NOUNS[schedule.kind]} ({listed})"


def project_fields(project: Project, today: date, warnings: list[Problem]) -> dict[str, Any]:
    """Fields every document has: project, ministry, rates, the cost categories and the fund,
    today."""
    rates = project.rates
    by_key = {c.key: c.rate for c in rates.categories}
    return {
        "project": {
            "no": project.project_no,
            "title": project.project_title,
            "regulation": project.regulation,
            "regulation_dative": regulation_dative(project.regulation),
            "available_funding": project.available_funding,
            "cfla_agreement_date": project.cfla_agreement_date,
            "cfla_agreement_no": project.cfla_agreement_no or project.project_no,
            "reporting_schedule": schedule_words(project.reporting_periods),
        },
        "ministry": {
            "name": project.beneficiary,
            "reg_no": project.beneficiary_reg_no,
            "address": project.beneficiary_address,
            "representative": project.beneficiary_representative,
            "title": project.beneficiary_representative_title,
            "email": project.beneficiary_email or "",
            "contact": asdict(project.contact),
            **ministry_names(project, warnings),
        },
        # each category's rate by its key (rates.pilot), the fund's (rates.esf, whatever the
        # fund), the state budget's and the advance's; 9.2.1.1's templates also read
        # rates.cofinancing, the partner's share of the training costs
        "rates": {
            **by_key,
            "esf": rates.fund.rate,
            "state_budget": 1 - rates.fund.rate,
            **({"cofinancing": 1 - by_key["training"]} if "training" in by_key else {}),
            "advance": rates.advance,
        },
        "fund": {
            "name": rates.fund.name,
            "genitive": rates.fund.genitive,
            "short": rates.fund.short,
            "rate": rates.fund.rate,
        },
        "categories": [_category(c) for c in rates.categories],
        "indicators": [_indicator(i) for i in project.indicators],
        "today": today,
    }


def agreement_reference(partner: Partner, amendments: Sequence[Amendment] = ()) -> str:
    """How claims and reports cite the agreement: by its number and, once the workbook has the
    last signature's date, that date in the genitive ("2021. gada 9. augusta sadarbības līgums
    Nr. …"); by its number alone before; with the ``amendments`` made by then ("… ar
    grozījumiem, kas izdarīti ar 2022. gada 1. septembra vienošanos Nr. 1")."""
    signed = f"{format_date(partner.agreement_date, 'genitive')} " if partner.agreement_date else ""
    cited = f"{signed}sadarbības līgums Nr. {partner.agreement_no}"
    return f"{cited} {_amended_by(amendments)}" if amendments else cited


def _amended_by(amendments: Sequence[Amendment]) -> str:
    """ "ar grozījumiem, kas izdarīti ar 2022. gada 1. septembra vienošanos Nr. 1 un …"."""
    made = [_signed_on(a) for a in sorted(amendments, key=lambda a: a.number)]
    listed = ", ".join(made[:-1]) + (" un " if len(made) > 1 else "") + made[-1]
    return f"ar grozījumiem, kas izdarīti ar {listed}"


def _cited_on(workbook: Workbook, partner: Partner, day: date) -> dict[str, str]:
    """The agreement's reference in a document made on ``day``: with the amendments dated by
    then."""
    made = [a for a in workbook.amendments_of(partner.code) if a.date <= day]
    return {"reference": agreement_reference(partner, made)}


def budget_fields(partner: Partner, project: Project) -> dict[str, Any]:
    """A partner's budget as templates see it: the split's figures by their names
    (``budget.lm_total``, ``budget.pilot``, ``budget.lm_pilot``, ``budget.cofinancing_pilot``)
    and ``budget.categories``, a row per category with its amount, LM's share and the
    partner's, in the project's order."""
    rates = project.rates
    agreed = partner_split(partner, rates)
    categories = [
        {
            **_category(c),
            "amount": agreed.amounts[c.key],
            "lm": agreed.lm[c.key],
            "partner": agreed.partner_share(c.key),
        }
        for c in rates.categories
    ]
    return {
        "non_eligible": agreed.non_eligible,
        **agreed.as_dict(rates),
        "advance_max": share(agreed.lm_total, rates.advance),
        **{
            f"cofinancing_{c.key}": agreed.partner_share(c.key)
            for c in rates.categories
            if c.eligible
        },
        "municipality_total": agreed.municipality_total,
        "categories": categories,
    }


def partner_fields(project: Project, partner: Partner, warnings: list[Problem]) -> dict[str, Any]:
    """Fields of a document about one partner: partner, agreement, budget, targets (by the
    indicators' keys) and the indicators with their targets."""
    budget = budget_fields(partner, project)
    return {
        "partner": {
            "code": partner.code,
            "name": partner.name,
            "reg_no": partner.reg_no,
            "address": partner.address,
            # Grouped by no-break spaces: an account number never breaks across lines.
            "iban": format_iban(partner.iban).replace(" ", NBSP),
            "bic": TREASURY_BIC if partner.iban[4:8] == "TREL" else "",
            "email": partner.email or "",
            "contact": asdict(partner.contact),
            "representative": partner.representative,
            "title": partner.representative_title,
            **partner_names(partner, warnings),
        },
        "agreement": {
            "no": partner.agreement_no,
            "date": partner.agreement_date,
            "start": partner.start,
            "end": partner.end,
            "period": format_period(partner.start, partner.end),
            "reference": agreement_reference(partner),
            "claim_deadline_days": project.claim_deadline_days,
            # the annexes that are forms, written beside the agreement (clause 20.3)
            "forms": [
                {"annex": a.number, "title": a.title, "file": a.file(partner.code)}
                for a in FORM_ANNEXES.values()
            ],
        },
        "budget": budget,
        "categories": budget["categories"],  # with the partner's amounts
        "targets": dict(partner.targets),
        "indicators": _indicators(project, partner),
    }


def _indicators(project: Project, partner: Partner) -> list[dict[str, Any]]:
    return [{**_indicator(i), "target": partner.targets.get(i.key)} for i in project.indicators]


def _document(workbook: Workbook, partner: Partner | None, today: date) -> Context:
    context = Context({})
    context.data.update(project_fields(workbook.project, today, context.warnings))
    if partner is not None:
        data, warnings = _partner_part(workbook.project, partner)
        context.data.update(data)
        context.warnings += warnings
    return context


@lru_cache(maxsize=4096)
def _partner_part(project: Project, partner: Partner) -> tuple[dict[str, Any], tuple[Problem, ...]]:
    """A partner's fields, built once per partner: a batch makes many documents for each, and
    declining names is the costly part. Callers must not change what they get."""
    warnings: list[Problem] = []
    return partner_fields(project, partner, warnings), tuple(warnings)


def agreement_context(workbook: Workbook, partner: Partner, today: date) -> Context:
    """The cooperation agreement of one partner, as first signed."""
    context = _document(workbook, partner, today)
    context.data["agreement"] = {**context.data["agreement"], "consolidated": ""}
    return context


def _signed_on(amendment: Amendment) -> str:
    return f"{format_date(amendment.date, 'genitive')} vienošanos Nr. {amendment.number}"


def consolidated_context(workbook: Workbook, partner: Partner, today: date) -> Context:
    """The agreement with every amendment so far applied, marked as such: for reading."""
    amendments = workbook.amendments_of(partner.code)
    context = _document(workbook, in_force(partner, amendments), today)
    context.data["agreement"] = {
        **context.data["agreement"],
        "consolidated": "Konsolidētā redakcija (informatīvs teksts, nav parakstāms) "
        f"{_amended_by(amendments)}. Juridisks spēks ir parakstītajam līgumam un vienošanām.",
    }
    return context


def amendment_context(
    workbook: Workbook, partner: Partner, amendment: Amendment, today: date
) -> Context:
    """An amendment agreement: what changes, item by item, against the agreement as in force
    before it; the new budget in full when it changes, the new period, the new targets."""
    amendments = workbook.amendments_of(partner.code)
    earlier = [a for a in amendments if a.number < amendment.number]
    before = in_force(partner, earlier)
    after = in_force(partner, [*earlier, amendment])
    context = _document(workbook, partner, today)
    rates = workbook.project.rates
    new = partner_fields(workbook.project, after, [])
    old_split, new_split = partner_split(before, rates), partner_split(after, rates)
    budget = before.budget != after.budget
    period = before.end != after.end
    targets = before.targets != after.targets
    items = [
        kind
        for kind, changed in (("budget", budget), ("period", period), ("targets", targets))
        if changed
    ]
    lm_change = new_split.lm_total - old_split.lm_total
    agreement = context.data["agreement"]
    signed = f"{format_date(partner.agreement_date, 'genitive')} " if partner.agreement_date else ""
    context.data.update(
        {
            "amendment": {
                "number": amendment.number,
                "date": amendment.date,
                # quoted mid-sentence ("ņemot vērā grozījumu pamatojumu: "…","): no final stop
                "reason": amendment.reason.strip().removesuffix(".").rstrip(),
                "earlier": [{"number": a.number, "date": a.date} for a in earlier],
                # each change's number among the items of this amendment, or none
                "budget_item": items.index("budget") + 1 if budget else None,
                "period_item": items.index("period") + 1 if period else None,
                "targets_item": items.index("targets") + 1 if targets else None,
                "item_count": len(items),  # not "items": a dict's method in Jinja
                "lm_change": lm_change,
                "lm_difference": abs(lm_change),
                "lm_rises": lm_change > 0,
                "lm_falls": lm_change < 0,
                "old_period_end": format_date(before.end, "dative"),
                "new_period_end": format_date(after.end, "dative"),
                "old_advance_max": share(old_split.lm_total, rates.advance),
                "advance_changes": share(old_split.lm_total, rates.advance)
                != share(new_split.lm_total, rates.advance),
            },
            "agreement": {
                **agreement,
                # the agreement amended, in the locative: "… sadarbības līgumā Nr. …"
                "in_locative": f"{signed}sadarbības līgumā Nr. {partner.agreement_no}",
                "in_accusative": f"{signed}sadarbības līgumu Nr. {partner.agreement_no}",
                "consolidated": "",
            },
            "new": {
                "budget": new["budget"],
                "targets": new["targets"],
                "indicators": new["indicators"],
                "period": new["agreement"]["period"],
                "end": after.end,
            },
            "old": {"budget": budget_fields(before, workbook.project)},
        }
    )
    return context


def _claim_row(category: Category, agreed: Decimal, figures: ClaimFigures) -> dict[str, Any]:
    key = category.key
    return {
        "key": key,
        "name": category.name,
        "eligible": category.eligible,
        "agreed": agreed,
        "period": figures.period.amounts[key],
        "to_date": figures.to_date.amounts[key],
        "lm_period": figures.period.lm[key],
        "lm_to_date": figures.to_date.lm[key],
        "remaining": agreed - figures.to_date.amounts[key],
    }


def _sum_rows(rows: Sequence[dict[str, Any]], keys: Sequence[str]) -> dict[str, Any]:
    return {k: sum((r[k] for r in rows), ZERO) for k in keys}


def _payment(payment: Payment) -> dict[str, Decimal]:
    return {"amount": payment.amount, "esf": payment.esf, "state_budget": payment.state_budget}


def _funding_rows(figures: ClaimFigures, rates: Rates) -> list[dict[str, Any]]:
    """The ministry's funding of the claim: in all, then the fund and the state budget; agreed,
    this period, to date and what remains."""
    rows = []
    for name, key in (
        ("Ministrijas finansējums", "lm_total"),
        (f"tai skaitā {rates.fund.name}", "esf"),
        ("tai skaitā valsts budžets", "state_budget"),
    ):
        agreed, to_date = getattr(figures.agreed, key), getattr(figures.to_date, key)
        rows.append(
            {
                "name": name,
                "agreed": agreed,
                "period": getattr(figures.period, key),
                "to_date": to_date,
                "remaining": agreed - to_date,
            }
        )
    return rows


def _reconciliation(
    figures: ClaimFigures, every: Sequence[ClaimFigures], rates: Rates
) -> dict[str, Any]:
    """The final claim's account of everything claimed against the agreement."""
    agreed, claimed = figures.agreed, figures.to_date
    rows = [
        {
            "key": c.key,
            "name": c.name,
            "eligible": c.eligible,
            "agreed": agreed.amounts[c.key],
            "claimed": claimed.amounts[c.key],
            "difference": agreed.amounts[c.key] - claimed.amounts[c.key],
        }
        for c in rates.categories
    ]
    rows.append(
        {
            "key": "lm_total",
            "name": "Ministrijas finansējums",
            "eligible": True,
            "agreed": agreed.lm_total,
            "claimed": claimed.lm_total,
            "difference": agreed.lm_total - claimed.lm_total,
        }
    )
    done = [f for f in every if f.claim.number <= figures.claim.number]
    advances = sum((f.advance.amount for f in done), ZERO)
    payables = sum((f.payable.amount for f in done if not f.claim.is_advance), ZERO)
    lm_difference = figures.agreed.lm_total - figures.to_date.lm_total
    return {
        "rows": rows,
        "eligible_agreed": figures.agreed.total_eligible,
        "eligible_claimed": figures.to_date.total_eligible,
        "eligible_difference": figures.agreed.total_eligible - figures.to_date.total_eligible,
        "advances": advances,
        "payables": payables,
        "repayment": figures.repayment.amount,
        "paid": advances + payables - figures.repayment.amount,
        "lm_claimed": figures.to_date.lm_total,
        # what the money followed: LM's share of the costs it approved (the claimed, unless less)
        "lm_approved": figures.approved_to_date.lm_total,
        "lm_difference": lm_difference,
        "equal": lm_difference == ZERO and figures.remaining.total == ZERO,
    }


def _expenses(expenses: Sequence[Expense], rates: Rates) -> dict[str, Any]:
    """A claim's supporting documents as its annex lists them: in the project's order of the
    categories, then by date (then as the sheet has them), numbered 1, 2, …; the total of each
    category (every category, 0,00 where none is listed) and in all."""
    order = {c.key: position for position, c in enumerate(rates.categories)}
    listed = sorted(expenses, key=lambda e: (order[e.category], e.date, e.row))
    rows = [
        {
            "number": number,
            "document": e.document,
            "date": e.date,
            "payee": e.payee,
            "description": e.description,
            "category": rates.category(e.category).name,
            "category_key": e.category,
            "amount": e.amount,
            "paid": e.paid,
        }
        for number, e in enumerate(listed, start=1)
    ]
    by_category = [
        {
            "key": c.key,
            "name": c.name,
            "eligible": c.eligible,
            "count": sum(1 for e in listed if e.category == c.key),
            "amount": sum((e.amount for e in listed if e.category == c.key), ZERO),
        }
        for c in rates.categories
    ]
    return {
        "expenses": rows,
        "expenses_by_category": by_category,
        "expenses_total": sum((e.amount for e in listed), ZERO),
        "expenses_count": len(rows),
        "has_expenses": bool(rows),
    }


def claim_context(workbook: Workbook, partner: Partner, claim: Claim, today: date) -> Context:
    """One payment claim: this period's costs, the cumulative figures, what remains; the
    ministry's funding for the period and to date; the advance offset and the amount payable;
    on the final claim the reconciliation with the agreement; the supporting documents of its
    costs (its annex). An advance claim: the advance asked for, its split and its
    justification."""
    context = _document(workbook, partner, today)
    rates = workbook.project.rates
    amendments = workbook.amendments_of(partner.code)
    every = claim_figures(partner, workbook.claims_of(partner.code), rates, amendments)
    figures = next(f for f in every if f.claim.number == claim.number)
    rows = [_claim_row(c, figures.agreed.amounts[c.key], figures) for c in rates.categories]
    keys = ("agreed", "period", "to_date", "lm_period", "lm_to_date", "remaining")
    requested = figures.advance if claim.is_advance else figures.lm_period
    final = claim.kind == "noslēguma"
    context.data.update(
        {
            "claim": {
                "number": claim.number,
                "kind": claim.kind,
                "kind_title": KIND_TITLES[claim.kind],
                "is_advance": claim.is_advance,
                "is_final": final,
                "period_start": claim.period_start,
                "period_end": claim.period_end,
                "period": format_period(claim.period_start, claim.period_end),
                "date": claim.date,
                "requested": figures.requested,
                "esf": requested.esf,
                "state_budget": requested.state_budget,
                "justification": claim.justification,
                "largest_advance": share(figures.agreed.lm_total, rates.advance),
                "lm_period": _payment(figures.lm_period),
                # LM's share of the costs it did not approve (0,00 when all was approved), the
                # categories approved below the claimed, and the decision that did it
                "not_approved": _payment(figures.lm_period - figures.lm_approved),
                "approval": [
                    {
                        "name": c.name,
                        "claimed": claim.costs[c.key],
                        "approved": claim.approved_costs[c.key],
                        "difference": claim.costs[c.key] - claim.approved_costs[c.key],
                    }
                    for c in rates.categories
                    if claim.approved_costs[c.key] != claim.costs[c.key]
                ],
                "decision": claim.decision,
                "offset": _payment(figures.offset),
                "payable": _payment(figures.payable),
                "repayment": _payment(figures.repayment),
                "outstanding": figures.outstanding,
            },
            "claim_rows": rows,
            "claim_eligible": {
                "name": "Attiecināmās izmaksas kopā",
                **_sum_rows([r for r in rows if r["eligible"]], keys),
            },
            "claim_total": {"name": "Kopā", **_sum_rows(rows, keys)},
            "funding_rows": _funding_rows(figures, rates),
            # Shown on the final claim only; built for every claim so that each has one shape.
            "reconciliation": _reconciliation(figures, every, rates),
            "closing": _claim_closing(workbook, partner, claim),
            # The annex: the documents that back the period's costs (none on an advance claim).
            **_expenses(workbook.expenses_of(partner.code, claim.number), rates),
            "form": NO_FORM,  # a claim, not the agreement's blank form (annex 2)
        }
    )
    # cited with the amendments made by the claim's date
    context.data["agreement"] = {
        **context.data["agreement"],
        **_cited_on(workbook, partner, claim.date),
    }
    return context


def claimed_until(claims: Sequence[Claim], end: date, rates: Rates) -> Split:
    """The split of the costs of the claims whose period ends by ``end`` (cumulative)."""
    done = [c for c in claims if c.period_end <= end]
    return split({k: sum((c.costs[k] for c in done), ZERO) for k in rates.keys}, rates)


def report_context(
    workbook: Workbook,
    partner: Partner,
    start: date,
    end: date,
    today: date,
) -> Context:
    """A progress report for one partner and period; its chart is planned vs spent to date."""
    context = _document(workbook, partner, today)
    rows = workbook.progress_of(partner.code)
    # the plan in force at the period's end (the agreement with its amendments by then)
    planned = in_force(partner, workbook.amendments_of(partner.code), end)
    in_period = [r for r in rows if start <= r.period_start and r.period_end <= end]
    indicators = _achieved(workbook, partner, in_period, end)
    rates = workbook.project.rates
    spent = claimed_until(workbook.claims_of(partner.code), end, rates)
    costs = [_cost_row(c, planned.budget[c.key], spent.amounts[c.key]) for c in rates.categories]
    eligible = _sum_rows([r for r in costs if r["eligible"]], ("planned", "spent", "remaining"))
    eligible.update(
        name="Attiecināmās izmaksas kopā", percent=_fraction(eligible["spent"], eligible["planned"])
    )
    total = _sum_rows(costs, ("planned", "spent", "remaining"))
    total.update(name="Kopā", percent=_fraction(total["spent"], total["planned"]))
    context.data.update(
        {
            "report": {
                "period_start": start,
                "period_end": end,
                "period": format_period(start, end),
                "date": next_working_day(end),
                # the final report (its period ends at the agreement's end in force): the
                # targets reconciled, and the partner's explanation of a shortfall
                **_closing(workbook, partner, planned, end, indicators),
            },
            "indicators": indicators,
            "costs": costs,
            "costs_eligible": eligible,
            "costs_total": total,
            "notes": [r.notes for r in in_period if r.notes],
            # what was done (Darbības), each row's with its period
            "activities": [
                {"period_start": r.period_start, "period_end": r.period_end, "text": r.activities}
                for r in in_period
                if r.activities
            ],
            "chart": _chart(costs, "planned", "spent", f"Izmaksu apguve līdz {format_date(end)}"),
            "form": NO_FORM,  # a report, not the agreement's blank form (annex 3)
        }
    )
    context.data["agreement"] = {
        **context.data["agreement"],
        **_cited_on(workbook, partner, context.data["report"]["date"]),
    }
    return context


def _achieved(
    workbook: Workbook, partner: Partner, in_period: Sequence[Progress], end: date
) -> list[dict[str, Any]]:
    """Each indicator against its target in force at ``end``: achieved in the period, in all to
    ``end``, the share of the target and what is missing."""
    planned = in_force(partner, workbook.amendments_of(partner.code), end)
    to_date = [r for r in workbook.progress_of(partner.code) if r.period_end <= end]
    rows = []
    for indicator in _indicators(workbook.project, planned):
        key, target = indicator["key"], indicator["target"]
        done = sum(r.achieved[key] for r in to_date)
        rows.append(
            {
                **indicator,
                "period": sum(r.achieved[key] for r in in_period),
                "to_date": done,
                "percent": _fraction(Decimal(done), Decimal(target)) if target else None,
                "gap": max(target - done, 0) if target else 0,
            }
        )
    return rows


def _claim_closing(workbook: Workbook, partner: Partner, claim: Claim) -> dict[str, Any]:
    """The final claim's account of the targets: each indicator against its target in force,
    achieved in all by the claim's period's end, the shortfalls and their explanation."""
    indicators = _achieved(workbook, partner, [], claim.period_end)
    planned = in_force(partner, workbook.amendments_of(partner.code), claim.period_end)
    closing = _closing(workbook, partner, planned, claim.period_end, indicators)
    return {"indicators": indicators, **closing}


def _closing(
    workbook: Workbook,
    partner: Partner,
    planned: Partner,
    end: date,
    indicators: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    """At the agreement's end: whether this is it (``final``), the indicators that fell short
    of their targets, and the partner's explanation from the final period's row."""
    final = end == planned.end
    rows = workbook.progress_of(partner.code)
    return {
        "final": final,
        "shortfalls": [i for i in indicators if i["gap"]] if final else [],
        "explanation": next((r.explanation for r in rows if r.period_end == end), ""),
    }


def _chart(rows: Sequence[dict[str, Any]], planned: str, spent: str, title: str) -> ChartSpec:
    return ChartSpec(
        tuple(r["name"] for r in rows),
        tuple(r[planned] for r in rows),
        tuple(r[spent] for r in rows),
        title,
    )


def _cost_row(category: Category, planned: Decimal, spent: Decimal) -> dict[str, Any]:
    return {
        "key": category.key,
        "name": category.name,
        "eligible": category.eligible,
        "planned": planned,
        "spent": spent,
        "remaining": planned - spent,
        "percent": _fraction(spent, planned),
    }


def summary_context(workbook: Workbook, start: date, end: date, today: date) -> Context:
    """The consolidated view across all partners for a period (or the whole project)."""
    context = _document(workbook, None, today)
    rates = workbook.project.rates
    rows = []
    agreed_splits = []
    claimed_splits = []
    first_signed = total_split((partner_split(p, rates) for p in workbook.partners), rates)
    for partner in workbook.partners:
        # each partner's agreement as in force at the period's end
        agreed = partner_split(in_force(partner, workbook.amendments_of(partner.code), end), rates)
        agreed_splits.append(agreed)
        claims = workbook.claims_of(partner.code)
        claimed_splits.append(claimed_until(claims, end, rates))
        to_date = claimed_splits[-1].lm_total
        before = claimed_until([c for c in claims if c.period_end < start], end, rates).lm_total
        final = next((c for c in claims if c.kind == "noslēguma" and c.period_end <= end), None)
        rows.append(
            {
                "code": partner.code,
                "name": partner.name,
                "total_eligible": agreed.total_eligible,
                "lm_total": agreed.lm_total,
                "esf": agreed.esf,
                "state_budget": agreed.state_budget,
                "cofinancing": agreed.cofinancing,
                "non_eligible": agreed.non_eligible,
                "total": agreed.total,
                "claimed_period": to_date - before,
                "claimed_to_date": to_date,
                "absorption": _fraction(to_date, agreed.lm_total),
                # the day the final claim (for a period ending by the summary's end) was made,
                # and whether it was made by the summary's end: counted by the day it was made
                "final_date": final.date if final else None,
                "final": final is not None and final.date <= end,
            }
        )
    not_amounts = ("code", "name", "absorption", "final", "final_date")
    later = [r["final_date"] for r in rows if r["final_date"] and not r["final"]]
    amounts = [k for k in rows[0] if k not in not_amounts] if rows else []
    totals = _sum_rows(rows, amounts)
    totals["absorption"] = _fraction(
        totals.get("claimed_to_date", ZERO), totals.get("lm_total", ZERO)
    )
    grand = total_split(agreed_splits, rates)
    claimed = total_split(claimed_splits, rates)
    by_category = [
        {
            "key": c.key,
            "name": c.name,
            "eligible": c.eligible,
            "amount": grand.amounts[c.key],
            "lm": grand.lm[c.key],
            "municipality": grand.partner_share(c.key),
            "claimed": claimed.amounts[c.key],
        }
        for c in rates.categories
    ]
    sources = [
        (rates.fund.name, grand.esf),
        ("Valsts budžets", grand.state_budget),
        ("Pašvaldību finansējums", grand.municipality_total),
    ]
    available = workbook.project.available_funding
    context.data.update(
        {
            "summary": {
                "period_start": start,
                "period_end": end,
                "period": format_period(start, end),
                "whole_project": (start, end) == project_period(workbook),
            },
            "rows": rows,
            "totals": totals,
            "by_category": by_category,
            "by_category_total": {
                "name": "Kopā",
                **_sum_rows(by_category, ("amount", "lm", "municipality", "claimed")),
            },
            "by_source": [
                {"name": n, "amount": a, "share": _fraction(a, grand.total)} for n, a in sources
            ],
            "by_source_total": {
                "name": "Kopā",
                "amount": grand.total,
                "share": _fraction(grand.total, grand.total),
            },
            "funding": {
                "available": available,
                "used": grand.lm_total,
                "remaining": available - grand.lm_total,
                "share": _fraction(grand.lm_total, available),
            },
            "partner_count": len(workbook.partners),
            # the agreements as first signed beside the ones in force (amendments by the end)
            "first_signed": {
                "total_eligible": first_signed.total_eligible,
                "lm_total": first_signed.lm_total,
                "amended": first_signed.lm_total != grand.lm_total
                or first_signed.total_eligible != grand.total_eligible,
            },
            "without_final": [r["name"] for r in rows if not r["final"]],
            # final claims counted by the day they were made: by the summary's end, and after it
            "finals": {
                "by_end": sum(1 for r in rows if r["final"]),
                "later": len(later),
                "latest": max(later, default=None),
            },
            "chart": _chart(
                by_category,
                "amount",
                "claimed",
                f"Visu sadarbības partneru izmaksu apguve līdz {format_date(end)}",
            ),
        }
    )
    return context


def project_period(workbook: Workbook) -> tuple[date, date]:
    """From the earliest agreement's start to the latest one's end, as amended (an extension
    is part of the project's period)."""
    return (
        min(p.start for p in workbook.partners),
        max(workbook.in_force(p.code).end for p in workbook.partners),
    )


# --- The agreement's annexes: the claim and report forms ---------------------------------------


class Blank:
    """A figure of a blank form, left for the partner to fill in: the filters write it as a
    line (docgen/documents/render.py). True in a template's ``if``, so that the form shows the
    sentence the figure belongs in."""

    def __str__(self) -> str:
        return BLANK_LINE

    def __repr__(self) -> str:
        return "BLANK"


BLANK_LINE = "_" * 10  # how a blank figure, date or number is printed on a form
BLANK = Blank()
BLANK_EXPENSE_ROWS = 5  # empty rows in the form's list of supporting documents
NO_FORM = {"annex": 0, "title": ""}  # a claim or report, not a form
# What stays filled in a form: the agreement's own figures (budget, targets) and names.
_AGREED = frozenset({"agreed", "planned", "target", "name", "key", "eligible", "unit"})


def _form_fields(kind: str) -> dict[str, Any]:
    annex = FORM_ANNEXES[kind]
    return {"annex": annex.number, "title": annex.title}


def _blank_figures(value: Any, keep: frozenset[str] = frozenset()) -> Any:
    """``value`` with every figure, date and number blanked, except the keys in ``keep`` of
    each row (dictionaries and lists are copied)."""
    if isinstance(value, dict):
        return {k: v if k in keep else _blank_figures(v, keep) for k, v in value.items()}
    if isinstance(value, list):
        return [_blank_figures(v, keep) for v in value]
    number = isinstance(value, int) and not isinstance(value, bool)
    if number or isinstance(value, (Decimal, date)):
        return BLANK
    return value


def _as_signed(workbook: Workbook, partner: Partner, claims: Sequence[Claim] = ()) -> Workbook:
    """The workbook as when the agreement is signed: this partner, with no amendments,
    progress or supporting documents, and only the ``claims`` given."""
    return Workbook(workbook.path, workbook.project, workbook.partners, tuple(claims))


def _form_claim(partner: Partner, kind: str, rates: Rates) -> Claim:
    zero = FrozenDict({k: ZERO for k in rates.keys})
    return Claim(0, partner.code, 1, partner.start, partner.end, partner.start, kind, zero)


def _claim_form_part(workbook: Workbook, partner: Partner, kind: str, today: date) -> dict:
    """One part of the claim form: the claim template's context with the claim's figures
    blank and the agreement's (budget, largest advance) filled."""
    claim = _form_claim(partner, kind, workbook.project.rates)
    data = claim_context(_as_signed(workbook, partner, [claim]), partner, claim, today).data
    figures = ("claim_rows", "claim_eligible", "claim_total", "funding_rows")
    data.update({k: _blank_figures(data[k], _AGREED) for k in figures})
    categories = _blank_figures(data["expenses_by_category"], _AGREED)
    blank_row = {k: BLANK for k in data["expenses"][0]} if data["expenses"] else None
    data["claim"] = {
        **_blank_figures(data["claim"]),
        "kind": kind,
        "kind_title": FORM_KIND_TITLES[kind],
        "is_advance": claim.is_advance,
        "is_final": False,
        "period": BLANK,
        "justification": BLANK,
        "largest_advance": data["claim"]["largest_advance"],  # the agreement's
        "approval": [],
        "decision": "",
        "repayment": {k: ZERO for k in data["claim"]["repayment"]},  # the final claim's only
    }
    data.update(
        {
            "expenses": [blank_row or _BLANK_EXPENSE] * BLANK_EXPENSE_ROWS,
            "expenses_by_category": categories,
            "expenses_total": BLANK,
            "expenses_count": BLANK,
            "has_expenses": not claim.is_advance,
            "form": _form_fields("claim_form"),
        }
    )
    return data


FORM_KIND_TITLES = {
    "avansa": "Avansa maksājuma pieprasījums",
    "starpposma": "Starpposma vai noslēguma maksājuma pieprasījums",
}
_BLANK_EXPENSE = {
    k: BLANK
    for k in (
        "number",
        "document",
        "date",
        "payee",
        "description",
        "category",
        "category_key",
        "amount",
        "paid",
    )
}


def claim_form_context(workbook: Workbook, partner: Partner, today: date) -> Context:
    """Annex 2 of the agreement: the payment claim form, in two parts made from the claim
    template (the advance claim, then the interim and final claims), the partner's and the
    agreement's details filled and the claim's figures blank."""
    parts = [_claim_form_part(workbook, partner, kind, today) for kind in ("avansa", "starpposma")]
    return Context({"parts": parts})


def report_form_context(workbook: Workbook, partner: Partner, today: date) -> Context:
    """Annex 3 of the agreement: the progress report form, made from the report template, the
    partner's and the agreement's details (targets, budget) filled and the results blank."""
    data = report_context(_as_signed(workbook, partner), partner, partner.start, partner.end, today)
    data = data.data
    data.update(
        {
            "indicators": _blank_figures(data["indicators"], _AGREED),
            "costs": _blank_figures(data["costs"], _AGREED),
            "costs_eligible": _blank_figures(data["costs_eligible"], _AGREED),
            "costs_total": _blank_figures(data["costs_total"], _AGREED),
            "notes": [BLANK_LINE * 5],
            # what the partner did in the period, written by hand
            "activities": [{"period_start": BLANK, "period_end": BLANK, "text": BLANK_LINE * 5}],
            "chart": "",
            "form": _form_fields("report_form"),
        }
    )
    data["report"] = {
        **_blank_figures(data["report"]),
        "final": False,
        "period": BLANK,
    }
    return Context({"parts": [data]})
