"""The ESF+ example workbook: a made-up project of 2021–2027 with a shape of its own.

``docgen init --example esf-plus`` writes it. Where the 9.2.1.1 example (:mod:`docgen.sample`) has
docgen's default shape, this one defines its own in the optional sheets: four cost categories
(``Kategorijas``: 100 %, 85 % and 50 % funded by the ministry, and costs that are not eligible),
two indicators (``Rādītāju saraksts``), and the fund, ESF+, at 80 % (Projekts). Ten partner
municipalities take part from 2024; the workbook holds what they claimed up to the end of 2025
(``AS_OF``): four have finished and settled their agreements to the cent, the others are half-way.

Everything is MADE UP, the project and its regulation included; the municipalities are real, and
their registration numbers, addresses and e-mail boxes (made up too) are those of the 9.2.1.1
example, so a municipality is the same body in both. The figures pass docgen's checks and are
deterministic: each partner draws from its own ``random.Random`` seeded by a constant string, its
code and a purpose, so every run writes the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from openpyxl import Workbook
from stdnum import iban

from docgen.latvian.workdays import add_working_days, is_working_day, next_working_day
from docgen.money import share, split
from docgen.records import Category, Fund, Indicator, Rates
from docgen.sample import (
    EXECUTIVE,
    as_money,
    calendar_periods,
    contact_person,
    council_decision,
    euro,
    fill_project,
    fill_sheet,
    in_cents,
    make_iban,
    random_amount,
    sample_parties,
    seeded_rng,
    signing_day,
    spread_costs,
    stamp,
)
from docgen.workbook import schema

_SEED = "docgen ESF+ sample workbook"

PROJECT_NO = "4.3.5.3/1/24/I/001"
# Agreements are signed from this day on (after the ministry's agreement with CFLA), and the
# workbook holds the claims and progress of the periods that ended by AS_OF.
OPENED = date(2024, 2, 1)
AS_OF = date(2025, 12, 31)

# MADE UP: no such Cabinet regulation exists. The date, number, programme's objective and
# measure are invented in the form such regulations of 2021–2027 take.
REGULATION = (
    "Ministru kabineta 2023. gada 14. marta noteikumi Nr. 121 "
    '"Eiropas Savienības kohēzijas politikas programmas 2021.–2027. gadam 4.3.5. specifiskā '
    'atbalsta mērķa "Veicināt sociālo dienestu darba efektivitāti un sociālā darba speciālistu '
    'profesionalitāti" 4.3.5.3. pasākuma "Sociālā darba kvalitātes pilnveide pašvaldībās" '
    'īstenošanas noteikumi"'
)

FUND = Fund("Eiropas Sociālais fonds Plus", Decimal("0.80"), "Eiropas Sociālā fonda Plus", "ESF+")
# The project's cost categories, as sheet Kategorijas states them. The costs that are not
# eligible have no genitive: a clause never says what share of them the ministry pays.
CATEGORIES = (
    Category("aprobacija", "Metodikas aprobācija", Decimal("1"), genitive="metodikas aprobācijas"),
    Category(
        "apmacibas", "Speciālistu apmācības", Decimal("0.85"), genitive="speciālistu apmācību"
    ),
    Category("aprikojums", "Aprīkojums", Decimal("0.50"), genitive="aprīkojuma"),
    Category("neattiecinamas", "Neattiecināmās izmaksas", Decimal("0"), eligible=False),
)
RATES = Rates(CATEGORIES, FUND, Decimal("0.30"))
INDICATORS = (
    Indicator(
        "specialisti",
        "Apmācīti sociālā darba speciālisti",
        "personas",
        "Sadarbības partnera sociālā darba speciālisti, kuri pabeiguši Līgumā paredzētās "
        "apmācības (personu skaits; katru personu uzskaita vienu reizi)",
    ),
    Indicator(
        "atbalsta_plani",
        "Aprobētie atbalsta plāni",
        "plāni",
        "Individuālie atbalsta plāni, kas sagatavoti pēc aprobējamās metodikas un saskaņoti ar "
        "klientu (plānu skaits)",
    ),
)

PROJECT_VALUES: dict[str, object] = {
    "project_no": PROJECT_NO,
    "project_title": "Sociālā darba kvalitātes pilnveide pašvaldībās",
    "beneficiary": "Labklājības ministrija",
    "beneficiary_reg_no": None,  # the 9.2.1.1 example's, made up there
    "beneficiary_address": "Skolas iela 28, Rīga, LV-1331",
    "beneficiary_representative": "Ilze Kalniņa",
    "beneficiary_representative_title": "valsts sekretāre",
    "regulation": REGULATION,
    "available_funding": Decimal("1480000.00"),
    "words_style": "grāmatvedības",
    "fund": FUND.name,
    "fund_genitive": FUND.genitive,
    "fund_short": FUND.short,
    "esf_rate": "80 %",
    "advance_rate": "30 %",
    "claim_deadline_days": 20,
    "beneficiary_email": "lm@lm.gov.lv",
    "beneficiary_contact_name": "Marta Liepiņa",
    "beneficiary_contact_email": "marta.liepina@lm.gov.lv",
    "beneficiary_contact_phone": "67021530",
    "cfla_agreement_no": None,
    "cfla_agreement_date": date(2024, 1, 16),
    # 2021–2027: costs are eligible until 31 December 2029 (Regulation (EU) 2021/1060, art. 63(2))
    "eligibility_end": date(2029, 12, 31),
    "reporting_periods": None,  # none stated: its partners report by quarters or half-years
}
# 9.2.1.1's two rate parameters do not apply: the rates are in sheet Kategorijas.
PROJECT_ROWS = tuple(c for c in schema.PROJECT_ROWS if c.key not in ("pilot_rate", "training_rate"))

# The partners, by the 9.2.1.1 example's codes, and the traits only some have (by position).
CODES = (
    "CESU_NOV",
    "DAUGAVPILS",
    "JEKABPILS_NOV",
    "KULDIGAS_NOV",
    "LIEPAJA",
    "MADONAS_NOV",
    "OGRES_NOV",
    "TUKUMA_NOV",
    "VALMIERAS_NOV",
    "LUDZAS_NOV",
)
FINISHED = (0, 3, 6, 8)  # agreements that end on AS_OF, settled by a final claim
ADVANCED = {3: None, 5: Decimal("0.20")}  # an advance: the largest (None), or this share
WITHOUT_CONTACT = (6,)
BYLAWS_UNSAID = (9,)  # Pārstāvības pamats left empty: a chair signs under the bylaws, the default
REALLOCATED, EXTENDED = 4, 1  # amended partners (neither finished nor advanced)

ADVANCE_JUSTIFICATION = (
    "Avanss nepieciešams metodikas aprobācijas uzsākšanai un aprīkojuma iegādei pirms pirmā "
    "starpposma maksājuma pieprasījuma."
)
NOTES = (
    "Apmācības notika klātienē Rīgā un attālināti.",
    "Metodikas aprobācijā iesaistīti visi sociālā dienesta sociālie darbinieki.",
    "Aprīkojums (portatīvie datori) iegādāts un nodots lietošanā.",
    "Daļa atbalsta plānu pārskatīta pēc klientu atgriezeniskās saites.",
    "Divi speciālisti apmācības turpinās nākamajā periodā.",
)
# What a social service did in a period (Darbības), one sentence a period.
ACTIVITIES = (
    "Sociālā darba speciālisti apguva aprobējamo metodiku un lietoja to darbā ar klientiem.",
    "Sagatavoti un ar klientiem saskaņoti individuālie atbalsta plāni pēc aprobējamās metodikas.",
    "Speciālisti piedalījās Ministrijas rīkotajās mācībās un pieredzes apmaiņas pasākumā.",
    "Metodikas aprobācijas gaitu sociālais dienests izvērtēja kopā ar Ministrijas ekspertiem.",
    "Iegādātais aprīkojums izmantots klientu konsultācijām un attālinātām mācībām.",
)


def esf_plus_workbook() -> Workbook:
    """The ESF+ example, built in memory: Projekts, Kategorijas, Rādītāju saraksts, Partneri,
    Maksājumi, Rādītāji and Grozījumi."""
    ministry, by_code = _identities()
    project = dict(PROJECT_VALUES, beneficiary_reg_no=ministry)
    taken = {str(v) for p in by_code.values() for v in (p["reg_no"], iban.compact(str(p["iban"])))}
    partners = [_partner(index, by_code[code], taken) for index, code in enumerate(CODES)]
    claims = [claim for index, p in enumerate(partners) for claim in _claims(index, p)]
    progress = [
        row
        for index, p in enumerate(partners)
        for row in _progress(index, p, [c for c in claims if c["code"] == p["code"]])
    ]
    amendments = _amendments(partners, claims)

    workbook = Workbook()
    fill_project(workbook.active, project, PROJECT_ROWS)
    fill_sheet(
        workbook.create_sheet(schema.CATEGORIES_SHEET),
        schema.CATEGORY_COLUMNS,
        [
            {
                "name": c.name,
                "rate": _percent(c.rate),
                "eligible": "jā" if c.eligible else "nē",
                "key": c.key,
                "genitive": c.genitive or None,
            }
            for c in CATEGORIES
        ],
    )
    fill_sheet(
        workbook.create_sheet(schema.INDICATORS_SHEET),
        schema.INDICATOR_COLUMNS,
        [
            {"name": i.name, "unit": i.unit, "key": i.key, "description": i.description}
            for i in INDICATORS
        ],
    )
    tables = schema.table_sheets(
        RATES, INDICATORS, categories_defined=True, indicators_defined=True
    )
    for name, rows in (
        (schema.PARTNERS_SHEET, partners),
        (schema.CLAIMS_SHEET, claims),
        (schema.PROGRESS_SHEET, progress),
        (schema.AMENDMENTS_SHEET, amendments),
    ):
        fill_sheet(workbook.create_sheet(name), tables[name], rows)
    stamp(workbook, "docgen: ESF+ projekta parauga ievaddati (izdomāti skaitļi)")
    return workbook


def _percent(rate: Decimal) -> str:
    """A rate as the workbook writes it: 0.85 → "85 %"."""
    return f"{(rate * 100).normalize():f} %"


def _rng(code: str, purpose: str) -> random.Random:
    return seeded_rng(_SEED, code, purpose)


def _identities() -> tuple[str, dict[str, dict[str, object]]]:
    """The ministry's registration number and the 9.2.1.1 example's partners by code."""
    project, partners = sample_parties()
    return str(project["beneficiary_reg_no"]), {str(p["code"]): p for p in partners}


# --- the partners ------------------------------------------------------------------------------


def _partner(index: int, known: dict[str, object], taken: set[str]) -> dict[str, object]:
    """One row of sheet Partneri: the municipality as in the 9.2.1.1 example, a new account for
    the project, its agreement's period and budget in every category, and its targets."""
    code = str(known["code"])
    rng = _rng(code, "partner")
    if index in FINISHED:
        start = date(2024, rng.choice((3, 4, 5)), 1)
        end = AS_OF
    else:
        start = date(2024, rng.choice((4, 5, 6, 7, 8, 9, 10)), 1)
        end = rng.choice((date(2027, 6, 30), date(2027, 12, 31), date(2028, 6, 30)))
    signed = signing_day(_rng(code, "signed"), start, OPENED)
    # Every third partner's training amount ends in 10, 30, 50, 70 or 90 cents: its 85 % has
    # half a cent, rounded up (x.10 × 0.85 = x.085). So has the 50 % of an odd number of cents.
    training = random_amount(rng, 25_000, 80_000)
    if index % 3 == 0:
        training = euro(in_cents(training) // 100 * 100 + rng.randrange(10, 100, 20))
    budget = {
        "aprobacija": random_amount(rng, 18_000, 55_000),
        "apmacibas": training,
        "aprikojums": random_amount(rng, 4_000, 20_000),
        "neattiecinamas": random_amount(rng, 250, 3_000),
    }
    figures = split(budget, RATES)
    title = str(known["representative_title"])
    if title == EXECUTIVE:
        authority: str | None = council_decision(_rng(code, "authority"), signed, OPENED)
    else:
        authority = None if index in BYLAWS_UNSAID else "pašvaldības nolikums"
    contact = contact_person(_rng(code, "contact"), str(known["email"]))
    if index in WITHOUT_CONTACT:
        contact = dict.fromkeys(contact)
    stated = index % 2 == 0
    return {
        "code": code,
        "name": known["name"],
        "reg_no": known["reg_no"],
        "address": known["address"],
        "representative": known["representative"],
        "representative_title": title,
        "representative_genitive": known["representative_genitive"],
        "representative_title_genitive": None,
        "authority": authority,
        "iban": make_iban(rng, taken, grouped=index % 3 == 1),
        "email": known["email"],
        # Signed: its number written in the workbook, its date the last e-signature's.
        "agreement_no": f"{PROJECT_NO}/{index + 1}",
        "agreement_date": signed,
        "start": start,
        "end": end,
        **{schema.cost_key(k): v for k, v in budget.items()},
        "stated_eligible": figures.total_eligible if stated else None,
        "stated_lm": figures.lm_total if stated else None,
        schema.target_key("specialisti"): rng.randint(6, 30),
        schema.target_key("atbalsta_plani"): rng.randint(12, 60),
        **contact,
    }


# --- payment claims and progress ---------------------------------------------------------------


def _claims(index: int, partner: dict[str, object]) -> list[dict[str, object]]:
    """A partner's claims for the consecutive periods from its agreement's start up to AS_OF.

    A finished partner claims by half-years and its final claim takes what remains of each
    category, so its claims add up to the agreement; the others claim by quarters or half-years,
    near the pro-rata pace. Two partners first ask for an advance, which their claims offset.
    """
    code = str(partner["code"])
    rng = _rng(code, "claims")
    start, end = partner["start"], partner["end"]
    assert isinstance(start, date) and isinstance(end, date)
    finished = index in FINISHED
    months = 6 if finished else rng.choice((3, 6))
    periods = [p for p in calendar_periods(start, end, months) if p[1] <= AS_OF]
    assert len(periods) >= 2 and (periods[-1][1] == end) == finished, code
    days = (end - start).days + 1
    costs = {
        c.key: spread_costs(
            rng, in_cents(as_money(partner[schema.cost_key(c.key)])), periods, days, finished
        )
        for c in CATEGORIES
    }
    claims: list[dict[str, object]] = []
    if index in ADVANCED:
        budget = {c.key: as_money(partner[schema.cost_key(c.key)]) for c in CATEGORIES}
        lm_total = split(budget, RATES).lm_total
        rate = ADVANCED[index]
        # The largest advance the agreement allows, or a round sum at a smaller rate.
        if rate is None:
            asked = share(lm_total, RATES.advance)
        else:
            asked = share(lm_total, rate).quantize(Decimal("100"), ROUND_DOWN)
        signed = partner["agreement_date"] or start
        assert isinstance(signed, date)
        claims.append(
            {
                "code": code,
                "number": 1,
                "period_start": start,
                "period_end": end,
                "date": next_working_day(max(signed, start) - timedelta(days=1)),
                "kind": "avansa",
                "advance": asked.quantize(Decimal("0.01")),
                "justification": ADVANCE_JUSTIFICATION,
            }
        )
    for position, (first, last) in enumerate(periods):
        if finished and position == len(periods) - 1:
            kind: str | None = "noslēguma"
        else:
            kind = rng.choice(("starpposma", None))
        claims.append(
            {
                "code": code,
                "number": len(claims) + 1,
                "period_start": first,
                "period_end": last,
                # mostly the default, the first working day after the period
                "date": add_working_days(last, rng.randint(3, 15))
                if rng.randrange(4) == 0
                else None,
                "kind": kind,
                **{schema.cost_key(k): euro(v[position]) for k, v in costs.items()},
            }
        )
    return claims


def _progress(
    index: int, partner: dict[str, object], claims: Sequence[dict[str, object]]
) -> list[dict[str, object]]:
    """One progress row for the period of each claim of costs: each indicator's result in the
    period, cumulatively near the pro-rata target and never above it; a finished partner has
    reached its targets."""
    code = str(partner["code"])
    rng = _rng(code, "progress")
    start, end = partner["start"], partner["end"]
    assert isinstance(start, date) and isinstance(end, date)
    days = (end - start).days + 1
    done = dict.fromkeys((i.key for i in INDICATORS), 0)
    told = _rng(code, "activities")  # what was done (Darbības), beside the figures
    rows = []
    for claim in claims:
        if claim["kind"] == "avansa":
            continue
        last = claim["period_end"]
        assert isinstance(last, date)
        row: dict[str, object] = {
            "code": code,
            "period_start": claim["period_start"],
            "period_end": last,
        }
        for key in done:
            target = partner[schema.target_key(key)]
            assert isinstance(target, int)
            if last == end and index in FINISHED:
                to_date = target
            else:
                pace = rng.randint(70, 110)
                elapsed = (last - start).days + 1
                to_date = min(target, max(done[key], target * elapsed * pace // (days * 100)))
            row[schema.achieved_key(key)] = to_date - done[key]
            done[key] = to_date
        row["notes"] = rng.choice(NOTES) if rng.randrange(3) == 0 else None
        row["activities"] = told.choice(ACTIVITIES)
        rows.append(row)
    return rows


# --- amendments --------------------------------------------------------------------------------


def _amendments(
    partners: Sequence[dict[str, object]], claims: Sequence[dict[str, object]]
) -> list[dict[str, object]]:
    """Three amendments consistent with the claims: money moved from equipment to training
    (never below what is claimed of the equipment, even later), then a target raised; and an
    agreement extended to the end of 2028 with a higher target."""
    moving = partners[REALLOCATED]
    code = str(moving["code"])
    equipment, training = schema.cost_key("aprikojums"), schema.cost_key("apmacibas")
    claimed = sum(as_money(c.get(equipment)) for c in claims if c["code"] == code)
    room = as_money(moving[equipment]) - claimed
    moved = min(Decimal("3000"), room).quantize(Decimal("100"), ROUND_DOWN)
    assert moved > 0, "the partner has equipment left to move"
    plans = schema.target_key("atbalsta_plani")
    later = partners[EXTENDED]
    specialists = schema.target_key("specialisti")
    assert isinstance(moving[plans], int) and isinstance(later[specialists], int)
    for partner in (moving, later):
        assert partner["agreement_date"] is not None, "an amendment follows a dated agreement"
    return [
        {
            "code": code,
            "number": 1,
            "date": _working(date(2025, 5, 5)),
            equipment: as_money(moving[equipment]) - moved,
            training: as_money(moving[training]) + moved,
            "reason": "Aprīkojums iegādāts lētāk, nekā plānots; ietaupījums pārdalīts "
            "speciālistu apmācībām, kuru pieprasījums ir lielāks.",
        },
        {
            "code": code,
            "number": 2,
            "date": _working(date(2025, 11, 3)),
            plans: moving[plans] + 10,
            "reason": "Atbalsta plānu skaits palielināts, jo metodikā iesaistīti vairāk klientu.",
        },
        {
            "code": later["code"],
            "number": 1,
            "date": _working(date(2025, 9, 1)),
            "end": date(2028, 12, 31),
            specialists: later[specialists] + 4,
            "reason": "Līguma darbības laiks pagarināts un apmācāmo speciālistu skaits "
            "palielināts, jo sociālajā dienestā izveidotas jaunas amata vietas.",
        },
    ]


def _working(day: date) -> date:
    """The day itself if it is a working day, else the next working day."""
    return day if is_working_day(day) else next_working_day(day)
