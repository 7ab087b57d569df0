"""The documents docgen makes: which ones, their file names, their contexts, writing them.

The CLI's agreement, claim, report and summary commands each plan a list of documents and hand
it to :func:`docgen.batch.run.run_batch`, which checks, renders and writes them.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docgen.documents.context import (
    FORM_ANNEXES,
    Context,
    agreement_context,
    amendment_context,
    claim_context,
    claim_form_context,
    consolidated_context,
    project_period,
    report_context,
    report_form_context,
    summary_context,
)
from docgen.errors import DocgenError, Problem
from docgen.i18n import _, ngettext
from docgen.latvian.formatting import format_date
from docgen.records import Workbook

# Each kind of document and its Word template (in the templates folder).
TEMPLATE_FILES = {
    "agreement": "sadarbibas_ligums.docx",
    "claim": "maksajuma_pieprasijums.docx",
    "report": "progresa_parskats.docx",
    "summary": "kopsavilkums.docx",
    "amendment": "vienosanas_grozijumi.docx",
    # the agreement with its amendments applied, made beside them from the agreement's template
    "consolidated": "sadarbibas_ligums.docx",
    # the agreement's annexes 2 and 3, blank forms made beside it from the claim's and the
    # report's templates (one source: a change to a claim changes the form)
    "claim_form": "maksajuma_pieprasijums.docx",
    "report_form": "progresa_parskats.docx",
}
# The template files, each once (the consolidated agreement shares the agreement's).
TEMPLATE_NAMES = tuple(dict.fromkeys(TEMPLATE_FILES.values()))
# The kinds a user asks for (docgen batch --only): "agreement" makes its annexes 2 and 3 too,
# "amendment" the consolidated agreement.
KINDS = ("agreement", "claim", "report", "summary", "amendment")
# The documents each kind a user asks for brings with it.
COMPANIONS = {"agreement": ("claim_form", "report_form"), "amendment": ("consolidated",)}


def template_kinds(kinds: Sequence[str]) -> tuple[str, ...]:
    """The kinds whose templates a batch of ``kinds`` renders."""
    return (*kinds, *(c for k in kinds for c in COMPANIONS.get(k, ())))


class SelectionError(DocgenError):
    """A partner, claim or period asked for on the command line is not in the workbook."""


@dataclass(frozen=True)
class Document:
    """One document to make: its kind, whose it is, and where it goes (relative to out/)."""

    kind: str
    path: Path
    partner: str | None = None
    number: int | None = None
    period: tuple[date, date] | None = None


def _iso(day: date) -> str:
    return day.isoformat()


# How alike a code typed must be to a partner's code to be suggested (difflib's ratio, 0 to 1).
SUGGEST_CUTOFF = 0.6


def nearest_code(code: str, known: Sequence[str]) -> str | None:
    """The partner code nearest to ``code``, letter case aside (``riga`` → ``RIGA``), if any is
    near enough."""
    by_upper = {k.upper(): k for k in known}
    near = difflib.get_close_matches(code.upper(), by_upper, n=1, cutoff=SUGGEST_CUTOFF)
    return by_upper[near[0]] if near else None


def select_partners(workbook: Workbook, codes: Sequence[str] = ()) -> list[str]:
    """The codes asked for (all partners when none), each checked to exist; a code that does
    not is refused with the nearest one suggested."""
    known = [p.code for p in workbook.partners]
    unknown = [c for c in codes if c not in known]
    if unknown:
        message = ngettext(
            "no partner has the code {codes} (sheet Partneri)",
            "no partner has the codes {codes} (sheet Partneri)",
            len(unknown),
        ).format(codes=", ".join(unknown))
        nearest = [n for n in dict.fromkeys(nearest_code(c, known) for c in unknown) if n]
        if nearest:
            message += _("; did you mean {codes}?").format(codes=", ".join(nearest))
        raise SelectionError(message)
    return list(dict.fromkeys(codes)) or known


def plan_agreements(workbook: Workbook, codes: Sequence[str] = ()) -> list[Document]:
    """Each agreement (its period: its term as signed), and beside it its annexes 2 and 3 (the
    claim and report forms)."""
    documents = []
    for code in select_partners(workbook, codes):
        partner = workbook.partner(code)
        name = f"{code}_sadarbibas_ligums.docx"
        term = (partner.start, partner.end)
        documents.append(Document("agreement", Path(code) / name, code, None, term))
        for kind, annex in FORM_ANNEXES.items():
            documents.append(Document(kind, Path(code) / annex.file(code), code))
    return documents


def plan_claims(
    workbook: Workbook, codes: Sequence[str] = (), number: int | None = None
) -> list[Document]:
    documents = []
    for code in select_partners(workbook, codes):
        for claim in workbook.claims_of(code):
            if number is None or claim.number == number:
                name = f"{code}_maksajuma_pieprasijums_{claim.number}.docx"
                period = (claim.period_start, claim.period_end)
                documents.append(Document("claim", Path(code) / name, code, claim.number, period))
    if number is not None and not documents:
        raise SelectionError(
            _("no claim has the number {number} (sheet Maksājumi)").format(number=number)
        )
    return documents


def plan_reports(
    workbook: Workbook, codes: Sequence[str] = (), period: tuple[date, date] | None = None
) -> list[Document]:
    """One report per progress row's period, or one per partner for the period given."""
    documents = []
    for code in select_partners(workbook, codes):
        periods = (
            [period]
            if period
            else [(r.period_start, r.period_end) for r in workbook.progress_of(code)]
        )
        for start, end in periods:
            name = f"{code}_progresa_parskats_{_iso(start)}_{_iso(end)}.docx"
            documents.append(Document("report", Path(code) / name, code, None, (start, end)))
    return documents


def plan_amendments(
    workbook: Workbook, codes: Sequence[str] = (), number: int | None = None
) -> list[Document]:
    """Each amendment agreement, and for each amended partner its consolidated agreement."""
    documents = []
    for code in select_partners(workbook, codes):
        amendments = workbook.amendments_of(code)
        for amendment in amendments:
            if number is None or amendment.number == number:
                name = f"{code}_grozijumi_{amendment.number}.docx"
                documents.append(Document("amendment", Path(code) / name, code, amendment.number))
        if amendments:
            name = f"{code}_sadarbibas_ligums_konsolideta.docx"
            amended = workbook.in_force(code)  # every amendment applied: its term now
            term = (amended.start, amended.end)
            documents.append(Document("consolidated", Path(code) / name, code, None, term))
    if number is not None and not any(d.kind == "amendment" for d in documents):
        raise SelectionError(
            _("no amendment has the number {number} (sheet Grozījumi)").format(number=number)
        )
    return documents


def plan_summary(workbook: Workbook, period: tuple[date, date] | None = None) -> list[Document]:
    start, end = period or project_period(workbook)
    name = f"kopsavilkums_{_iso(start)}_{_iso(end)}.docx"
    return [Document("summary", Path(name), None, None, (start, end))]


def summary_warnings(workbook: Workbook, period: tuple[date, date]) -> list[Problem]:
    """A warning when no payment claim or progress row falls in the summary's period (a period
    after the project, a mistyped year): its summary would show no work of that period."""
    start, end = period
    rows = [*workbook.claims, *workbook.progress]
    if any(r.period_start <= end and r.period_end >= start for r in rows):
        return []
    first, last = project_period(workbook)
    message = _(
        "no payment claim or progress row falls in {start}–{end} (sheets Maksājumi and"
        " Rādītāji); the project runs {first}–{last}"
    ).format(
        start=format_date(start),
        end=format_date(end),
        first=format_date(first),
        last=format_date(last),
    )
    return [Problem(_("the summary"), message, "warning")]


def build_context(workbook: Workbook, document: Document, today: date) -> Context:
    """The template context of one planned document (charts as specifications, not drawn)."""
    if document.kind == "agreement":
        return agreement_context(workbook, workbook.partner(document.partner), today)
    if document.kind == "consolidated":
        return consolidated_context(workbook, workbook.partner(document.partner), today)
    if document.kind == "claim_form":
        return claim_form_context(workbook, workbook.partner(document.partner), today)
    if document.kind == "report_form":
        return report_form_context(workbook, workbook.partner(document.partner), today)
    if document.kind == "amendment":
        partner = workbook.partner(document.partner)
        amendment = next(
            a for a in workbook.amendments_of(partner.code) if a.number == document.number
        )
        return amendment_context(workbook, partner, amendment, today)
    if document.kind == "claim":
        partner = workbook.partner(document.partner)
        claim = next(c for c in workbook.claims_of(partner.code) if c.number == document.number)
        return claim_context(workbook, partner, claim, today)
    start, end = document.period
    if document.kind == "report":
        partner = workbook.partner(document.partner)
        return report_context(workbook, partner, start, end, today)
    return summary_context(workbook, start, end, today)
