"""The example input workbook: the project, 43 partner municipalities, their claims and progress.

``docgen init`` writes it as a starting point, and tests read it as a full-size, valid input. It has
the layout of docs/workbook.md (:mod:`docgen.workbook.schema`) and one partner per local government
of 2021–2023.

Everything about the partners is MADE UP: the people, registration numbers, bank accounts,
street addresses, e-mail boxes, budgets, claims and achievements. The figures are plausible and
pass docgen's checks (valid check digits, stated totals that match, claims within the agreement),
and they are deterministic: each partner draws from its own ``random.Random`` seeded by a constant
string and its code, so every run writes the same workbook.

``docgen init --example esf-plus`` writes another project instead, of another shape (its own cost
categories, indicators and fund): :mod:`docgen.sample_esf_plus`, built with the helpers here.
"""

from __future__ import annotations

import calendar
import io
import random
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from importlib import resources
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from stdnum import iban
from stdnum.lv import pvn

from docgen.documents.kinds import TEMPLATE_NAMES
from docgen.documents.render import copy_default_templates
from docgen.errors import OutputError
from docgen.files import write_bytes
from docgen.i18n import _, ngettext
from docgen.latvian.formatting import format_date
from docgen.latvian.workdays import add_working_days, is_working_day, next_working_day
from docgen.money import share, split
from docgen.records import DEFAULT_AVAILABLE_FUNDING, DEFAULT_INDICATORS, Rates
from docgen.workbook import schema
from docgen.workbook.guides import guide_parameters, guide_table

PROJECT_NO = "9.2.1.1/15/I/001"
REFORM = date(2021, 7, 1)  # the day the 43 local governments began
ELIGIBILITY_END = date(2023, 12, 31)  # ESF 2014–2020: incurred and paid by then

DATE_FORMAT = "DD.MM.YYYY"
AMOUNT_FORMAT = "#,##0.00"

# Fixed document properties and zip entry times: the file's bytes do not change between runs.
_TIMESTAMP = datetime(2026, 1, 1)
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)

_SEED = "docgen sample workbook"

# The measure's regulation in force for agreements of 2021, with its full title (it replaced
# Cabinet regulation No. 193 of 14 April 2015).
REGULATION = (
    "Ministru kabineta 2019. gada 17. decembra noteikumi Nr. 686 "
    '"Darbības programmas "Izaugsme un nodarbinātība" 9.2.1. specifiskā atbalsta mērķa '
    '"Paaugstināt sociālo dienestu darba efektivitāti un darbinieku profesionalitāti darbam ar '
    'riska situācijās esošām personām" 9.2.1.1. pasākuma "Profesionāla sociālā darba attīstība '
    'pašvaldībās" īstenošanas noteikumi"'
)

PROJECT_VALUES: dict[str, object] = {
    "project_no": PROJECT_NO,
    "project_title": "Profesionāla sociālā darba attīstība pašvaldībās",
    "beneficiary": "Labklājības ministrija",
    "beneficiary_reg_no": None,  # made up in sample_workbook(), like the partners' numbers
    "beneficiary_address": "Skolas iela 28, Rīga, LV-1331",
    "beneficiary_representative": "Ilze Kalniņa",
    "beneficiary_representative_title": "valsts sekretāre",
    "regulation": REGULATION,
    "available_funding": DEFAULT_AVAILABLE_FUNDING,
    "words_style": "grāmatvedības",
    "fund": "Eiropas Sociālais fonds",
    "fund_genitive": "Eiropas Sociālā fonda",
    "fund_short": "ESF",
    "esf_rate": "85 %",
    "pilot_rate": "100 %",
    "training_rate": "70 %",
    "advance_rate": "30 %",
    "claim_deadline_days": 20,
    "beneficiary_email": "lm@lm.gov.lv",
    "beneficiary_contact_name": "Līga Ozola",
    "beneficiary_contact_email": "liga.ozola@lm.gov.lv",
    "beneficiary_contact_phone": "67021599",
    "cfla_agreement_no": None,  # the project's number, as CFLA numbers them
    "cfla_agreement_date": date(2016, 3, 31),  # made up, as every figure here
    "eligibility_end": ELIGIBILITY_END,
    "reporting_periods": "pusgads",
}
# The reporting periods Pārskata periodi states: calendar half-years.
REPORTING_MONTHS = 6

CHAIRMAN = "domes priekšsēdētājs"
CHAIRWOMAN = "domes priekšsēdētāja"
EXECUTIVE = "izpilddirektors"

# The 7 state cities and 36 novadi of 1 July 2021 – 30 June 2025, with a made-up person
# acting for each. Columns: code, the name's first word (genitive), the town the council sits in,
# its postcode, the representative, their title. The names mix the endings Latvian declension
# distinguishes: men -s, -š, -is, -us; women -a, -e.
STATE_CITIES = (
    ("DAUGAVPILS", "Daugavpils", "Daugavpils", "LV-5401", "Andris Kalniņš", CHAIRMAN),
    ("JELGAVA", "Jelgavas", "Jelgava", "LV-3001", "Ilze Ozola", CHAIRWOMAN),
    ("JURMALA", "Jūrmalas", "Jūrmala", "LV-2015", "Laura Zariņa", CHAIRWOMAN),
    ("LIEPAJA", "Liepājas", "Liepāja", "LV-3401", "Ingus Krūmiņš", CHAIRMAN),
    ("REZEKNE", "Rēzeknes", "Rēzekne", "LV-4601", "Alise Eglīte", CHAIRWOMAN),
    ("RIGA", "Rīgas", "Rīga", "LV-1050", "Jānis Bērziņš", CHAIRMAN),
    ("VENTSPILS", "Ventspils", "Ventspils", "LV-3601", "Edgars Vītols", CHAIRMAN),
)
NOVADI = (
    ("ADAZU_NOV", "Ādažu", "Ādaži", "LV-2164", "Kristīne Liepiņa", CHAIRWOMAN),
    ("AIZKRAUKLES_NOV", "Aizkraukles", "Aizkraukle", "LV-5101", "Raimonds Siliņš", CHAIRMAN),
    ("ALUKSNES_NOV", "Alūksnes", "Alūksne", "LV-4301", "Dace Kļaviņa", CHAIRWOMAN),
    ("AUGSDAUGAVAS_NOV", "Augšdaugavas", "Daugavpils", "LV-5401", "Pēteris Ābols", CHAIRMAN),
    ("BALVU_NOV", "Balvu", "Balvi", "LV-4501", "Mikus Ozoliņš", CHAIRMAN),
    ("BAUSKAS_NOV", "Bauskas", "Bauska", "LV-3901", "Santa Grīnberga", CHAIRWOMAN),
    ("CESU_NOV", "Cēsu", "Cēsis", "LV-4101", "Aigars Kronbergs", CHAIRMAN),
    ("DIENVIDKURZEMES_NOV", "Dienvidkurzemes", "Grobiņa", "LV-3430", "Zane Kalēja", CHAIRWOMAN),
    ("DOBELES_NOV", "Dobeles", "Dobele", "LV-3701", "Valdis Strazds", CHAIRMAN),
    ("GULBENES_NOV", "Gulbenes", "Gulbene", "LV-4401", "Līga Upīte", CHAIRWOMAN),
    ("JELGAVAS_NOV", "Jelgavas", "Jelgava", "LV-3001", "Kārlis Priede", CHAIRMAN),
    ("JEKABPILS_NOV", "Jēkabpils", "Jēkabpils", "LV-5201", "Inga Bērziņa-Kalniņa", CHAIRWOMAN),
    ("KRASLAVAS_NOV", "Krāslavas", "Krāslava", "LV-5601", "Normunds Jansons", CHAIRMAN),
    ("KULDIGAS_NOV", "Kuldīgas", "Kuldīga", "LV-3301", "Agnese Roze", CHAIRWOMAN),
    ("KEKAVAS_NOV", "Ķekavas", "Ķekava", "LV-2123", "Juris Lapiņš", EXECUTIVE),
    ("LIMBAZU_NOV", "Limbažu", "Limbaži", "LV-4001", "Elīna Vanaga", CHAIRWOMAN),
    ("LIVANU_NOV", "Līvānu", "Līvāni", "LV-5316", "Artūrs Kalns", CHAIRMAN),
    ("LUDZAS_NOV", "Ludzas", "Ludza", "LV-5701", "Anita Petrova", CHAIRWOMAN),
    ("MADONAS_NOV", "Madonas", "Madona", "LV-4801", "Māris Zariņš", EXECUTIVE),
    ("MARUPES_NOV", "Mārupes", "Mārupe", "LV-2167", "Ieva Krastiņa", CHAIRWOMAN),
    ("OGRES_NOV", "Ogres", "Ogre", "LV-5001", "Edmunds Riekstiņš", CHAIRMAN),
    ("OLAINES_NOV", "Olaines", "Olaine", "LV-2114", "Sandra Bite", CHAIRWOMAN),
    ("PREILU_NOV", "Preiļu", "Preiļi", "LV-5301", "Renārs Vilks", CHAIRMAN),
    ("REZEKNES_NOV", "Rēzeknes", "Rēzekne", "LV-4601", "Olga Ivanova", CHAIRWOMAN),
    ("ROPAZU_NOV", "Ropažu", "Ulbroka", "LV-2130", "Armands Kļaviņš", CHAIRMAN),
    ("SALASPILS_NOV", "Salaspils", "Salaspils", "LV-2121", "Baiba Skuja", CHAIRWOMAN),
    ("SALDUS_NOV", "Saldus", "Saldus", "LV-3801", "Ainārs Puriņš", EXECUTIVE),
    ("SAULKRASTU_NOV", "Saulkrastu", "Saulkrasti", "LV-2160", "Evija Dzene", CHAIRWOMAN),
    ("SIGULDAS_NOV", "Siguldas", "Sigulda", "LV-2150", "Roberts Liepa", CHAIRMAN),
    ("SMILTENES_NOV", "Smiltenes", "Smiltene", "LV-4729", "Inese Vītola", CHAIRWOMAN),
    ("TALSU_NOV", "Talsu", "Talsi", "LV-3201", "Gints Vanags", CHAIRMAN),
    ("TUKUMA_NOV", "Tukuma", "Tukums", "LV-3101", "Mārīte Zvaigzne", CHAIRWOMAN),
    ("VALKAS_NOV", "Valkas", "Valka", "LV-4701", "Ivars Smilga", CHAIRMAN),
    ("VALMIERAS_NOV", "Valmieras", "Valmiera", "LV-4201", "Kristaps Šmits", EXECUTIVE),
    ("VARAKLANU_NOV", "Varakļānu", "Varakļāni", "LV-4838", "Laila Purmale", CHAIRWOMAN),
    ("VENTSPILS_NOV", "Ventspils", "Ventspils", "LV-3601", "Egils Vilsons", CHAIRMAN),
)

# Names whose declension a rule may get wrong, so the workbook states the genitive: the l → ļ
# alternation of Kārlis and a man's surname in -e; a double-barrelled surname.
GENITIVE_OVERRIDES = {
    "Kārlis Priede": "Kārļa Priedes",
    "Inga Bērziņa-Kalniņa": "Ingas Bērziņas-Kalniņas",
}

STREETS = (
    "Brīvības iela",
    "Skolas iela",
    "Pils iela",
    "Raiņa iela",
    "Lielā iela",
    "Dārza iela",
    "Baznīcas iela",
    "Tirgus iela",
    "Rīgas iela",
    "Pasta iela",
)

NOTES = (
    "Supervīzijas notika attālināti.",
    "Pilotprojekta metodika ieviesta sociālā dienesta ikdienas darbā.",
    "Speciālisti piedalījās LM rīkotajā atgriezeniskās saites pasākumā.",
    "Supervīzijās piedalījās arī citu sociālo pakalpojumu sniedzēju speciālisti.",
    "Daļa apmācību pārcelta uz nākamo periodu.",
)


def sample_parties() -> tuple[dict[str, object], list[dict[str, object]]]:
    """The Projekts sheet's values and the 43 rows of sheet Partneri, before claims.

    The ESF+ example (:mod:`docgen.sample_esf_plus`) takes its partners' registration numbers,
    addresses and e-mail boxes from here: a municipality is the same body in both examples.
    """
    taken: set[str] = set()  # registration numbers and IBANs handed out so far, kept unique
    project = dict(PROJECT_VALUES, beneficiary_reg_no=_reg_no(_rng("LM", "project"), taken))
    partners = [_partner(index, row, taken) for index, row in enumerate(_municipalities())]
    return project, partners


def sample_workbook() -> Workbook:
    """The example workbook, built in memory: sheets Projekts, Partneri, Maksājumi, Rādītāji."""
    project, partners = sample_parties()
    claims = [claim for index, p in enumerate(partners) for claim in _claims(index, p)]
    # A progress row for the period of every claim of costs, as the agreement asks.
    progress = [
        row
        for p in partners
        for row in _progress(p, [c for c in claims if c["code"] == p["code"] and not c["advance"]])
    ]
    amendments = _amendments(partners, claims)
    _decide(claims, _explain_shortfalls(partners, progress, amendments))

    workbook = Workbook()
    fill_project(workbook.active, project, schema.PROJECT_ROWS)
    tables = schema.TABLE_SHEETS
    fill_sheet(
        workbook.create_sheet(schema.PARTNERS_SHEET), tables[schema.PARTNERS_SHEET], partners
    )
    fill_sheet(workbook.create_sheet(schema.CLAIMS_SHEET), tables[schema.CLAIMS_SHEET], claims)
    fill_sheet(
        workbook.create_sheet(schema.PROGRESS_SHEET), tables[schema.PROGRESS_SHEET], progress
    )
    fill_sheet(
        workbook.create_sheet(schema.AMENDMENTS_SHEET), tables[schema.AMENDMENTS_SHEET], amendments
    )
    fill_sheet(
        workbook.create_sheet(schema.EXPENSES_SHEET),
        tables[schema.EXPENSES_SHEET],
        _expenses(partners, claims),
    )
    stamp(workbook, "docgen: parauga ievaddati (izdomāti skaitļi)")
    return workbook


DEFAULT_EXAMPLE = "9.2.1.1"
EXAMPLES = ("9.2.1.1", "esf-plus")  # the names ``docgen init --example`` takes


def example_workbook(example: str = DEFAULT_EXAMPLE) -> Workbook:
    """The example of this name, built in memory: 9.2.1.1's (:func:`sample_workbook`) or the
    ESF+ project's (:func:`docgen.sample_esf_plus.esf_plus_workbook`)."""
    if example == "9.2.1.1":
        return sample_workbook()
    if example == "esf-plus":
        from docgen.sample_esf_plus import esf_plus_workbook  # it builds on this module

        return esf_plus_workbook()
    raise ValueError(
        _("no example {name!r}; the examples are {names}").format(
            name=example, names=", ".join(EXAMPLES)
        )
    )


def write_sample(path: Path, *, force: bool = False, example: str = DEFAULT_EXAMPLE) -> Path:
    """Write the example workbook to ``path`` (creating its folders) and return the path.

    An existing file is kept unless ``force``: a user's filled-in workbook must not be lost to a
    mistyped ``docgen init``. The bytes are the same on every run.
    """
    path = Path(path)
    if path.exists() and not force:
        raise OutputError(_("{path} exists; use --force to overwrite it").format(path=path))
    return write_bytes(path, _stable_bytes(example_workbook(example)))


def init_project(
    directory: Path,
    *,
    force: bool = False,
    force_templates: bool = False,
    example: str = DEFAULT_EXAMPLE,
) -> list[Path]:
    """Write ``directory/inputs/partners.xlsx`` (the example of this name) and the default
    templates into ``directory/templates/``; the paths written.

    An existing workbook is overwritten only with ``force``, and kept when only
    ``force_templates`` is given. A template that differs from the shipped one (edited by
    someone) is overwritten only with ``force_templates``; a shipped one unchanged is written
    again as it is. Nothing is written when anything is refused."""
    directory = Path(directory)
    workbook = directory / "inputs" / "partners.xlsx"
    folder = directory / "templates"
    shipped = resources.files("docgen.default_templates")
    if workbook.exists() and not (force or force_templates):
        raise OutputError(_("{path} exists; use --force to overwrite it").format(path=workbook))
    edited = [
        folder / name
        for name in TEMPLATE_NAMES
        if (folder / name).exists()
        and (folder / name).read_bytes() != shipped.joinpath(name).read_bytes()
    ]
    if edited and not force_templates:
        raise OutputError(
            ngettext(
                "{paths} differs from the template docgen ships (edited?); not overwritten:"
                " use --force-templates to overwrite it",
                "{paths} differ from the templates docgen ships (edited?); not overwritten:"
                " use --force-templates to overwrite them",
                len(edited),
            ).format(paths=", ".join(map(str, edited)))
        )
    written = []
    if force or not workbook.exists():
        written.append(write_sample(workbook, force=True, example=example))
    return [*written, *copy_default_templates(folder)]


# --- the partners ------------------------------------------------------------------------------


def _municipalities() -> list[dict[str, str]]:
    """The 43 local governments: code, name, seat, postcode, representative, title, e-mail."""
    city_seats = {seat for _, _, seat, *_ in STATE_CITIES}
    result = []
    for kind, table in (("valstspilsētas", STATE_CITIES), ("novada", NOVADI)):
        for code, stem, seat, postcode, person, title in table:
            # A novads seated in a state city of the same name needs its own domain.
            if kind == "novada" and seat in city_seats:
                domain = _ascii(stem) + "novads"
            else:
                domain = _ascii(seat)
            result.append(
                {
                    "code": code,
                    "name": f"{stem} {kind} pašvaldība",
                    "seat": seat,
                    "postcode": postcode,
                    "representative": person,
                    "representative_title": title,
                    "email": f"socialais.dienests@{domain}.lv",
                }
            )
    return result


def _partner(index: int, municipality: dict[str, str], taken: set[str]) -> dict[str, object]:
    """One row of sheet Partneri. ``index`` decides the traits only a few partners have."""
    code = municipality["code"]
    rng = _rng(code, "partner")
    seat = municipality["seat"]
    street = rng.choice([s for s in STREETS if (s, seat) != ("Rīgas iela", "Rīga")])
    start = REFORM + timedelta(days=rng.randint(0, 153))  # 1 July – 1 December 2021
    signed = _signed(code, start)
    pilot = random_amount(rng, 15_000, 60_000)
    # Every fourth partner's training amount ends in 5 cents, so its 70 % has a half cent, where
    # rounding half up and the banker's rounding of Python's round() differ.
    training = random_amount(rng, 20_000, 90_000, half_cent=index % 4 == 0)
    non_eligible = random_amount(rng, 300, 4_000) if index % 5 == 2 else Decimal("0.00")
    figures = split({"pilot": pilot, "training": training, "non_eligible": non_eligible}, Rates())
    representative = municipality["representative"]
    return {
        "code": code,
        "name": municipality["name"],
        "reg_no": _reg_no(rng, taken),
        "address": f"{street} {rng.randint(1, 60)}, {seat}, {municipality['postcode']}",
        "representative": representative,
        "representative_title": municipality["representative_title"],
        "representative_genitive": GENITIVE_OVERRIDES.get(representative),
        "representative_title_genitive": None,
        "authority": _authority(code, municipality["representative_title"], index, signed),
        "iban": make_iban(rng, taken, grouped=index % 4 == 1),
        "email": municipality["email"],
        **_contact(code, municipality["email"], index),
        # Signed: its number written in the workbook, its date the last e-signature's.
        "agreement_no": f"{PROJECT_NO}/{index + 1}",
        "agreement_date": signed,
        "start": start,
        "end": rng.choice((date(2023, 11, 30), date(2023, 12, 31))),
        "pilot": pilot,
        "training": training,
        "non_eligible": non_eligible,
        "stated_eligible": figures.total_eligible if index % 2 == 0 else None,
        "stated_lm": figures.lm_total if index % 2 == 0 else None,
        "target_specialists": rng.randint(5, 40),
        "target_supervisions": rng.randint(6, 24),
        "target_assessments": rng.randint(5, 60),
    }


CONTACTS = ("Dace Kalna", "Inese Vītola", "Sandra Ābele", "Baiba Krūmiņa", "Elīna Strazdiņa")


def _signed(code: str, start: date) -> date:
    """An agreement's date: the last e-signature, on a working day up to 40 days before its
    start, never before the reform (the councils were elected then)."""
    return signing_day(_rng(code, "signed"), start, REFORM)


def signing_day(rng: random.Random, start: date, since: date) -> date:
    """A working day up to 40 days before ``start``, never before ``since``."""
    day = start - timedelta(days=rng.randint(0, min(40, (start - since).days)))
    while not is_working_day(day):
        day = day - timedelta(days=1) if day > since else next_working_day(day)
    return day


def _authority(code: str, title: str, index: int, signed: date) -> str | None:
    """What the representative signs under: a chair the bylaws (or, left empty, the default);
    an executive director a council decision with its number, taken on a working day after the
    reform and before the agreement was signed."""
    if title == EXECUTIVE:
        return council_decision(_rng(code, "authority"), signed, REFORM)
    return None if index % 6 == 5 else "pašvaldības nolikums"


def council_decision(rng: random.Random, signed: date, since: date) -> str:
    """A council decision an executive director signs under, with its date and number: taken on
    a working day up to 20 days before ``signed``, not before ``since``."""
    day = max(since, signed - timedelta(days=rng.randint(1, 20)))
    while not is_working_day(day) and day > since:
        day -= timedelta(days=1)
    decided = format_date(day, "genitive")
    return f"domes {decided} lēmums Nr. {rng.randint(2, 40)}"


def _contact(code: str, email: str, index: int) -> dict[str, object]:
    """The partner's contact person (every seventh partner has none in the workbook yet)."""
    if index % 7 == 3:
        return {"contact_name": None, "contact_email": None, "contact_phone": None}
    return contact_person(_rng(code, "contact"), email)


def contact_person(rng: random.Random, email: str) -> dict[str, object]:
    """A made-up contact person at the social service: name, e-mail and a landline number."""
    return {
        "contact_name": rng.choice(CONTACTS),
        "contact_email": email,
        "contact_phone": "6" + "".join(str(rng.randrange(10)) for _ in range(7)),
    }


def _reg_no(rng: random.Random, taken: set[str]) -> str:
    """A made-up registration number of a public body: 9000, six random digits, a check digit.

    A legal entity's number is valid when its weighted digit sum is 3 modulo 11, the last digit
    weighing 1 (python-stdnum ``lv.pvn.checksum``); so the check digit is 3 minus the sum of the
    rest. A stem that would need a check digit of 10 has no valid number; another is drawn.
    """
    while True:
        stem = "9000" + "".join(str(rng.randrange(10)) for _ in range(6))
        check = (3 - pvn.checksum(stem + "0")) % 11
        number = stem + str(check)
        if check < 10 and number not in taken:
            taken.add(number)
            return number


def make_iban(rng: random.Random, taken: set[str], *, grouped: bool) -> str:
    """A made-up account at the State Treasury: LV, check digits, TREL, 13 digits."""
    while True:
        bban = "TREL" + "".join(str(rng.randrange(10)) for _ in range(13))
        number = "LV" + iban.calc_check_digits("LV00" + bban) + bban
        if number not in taken:
            taken.add(number)
            return iban.format(number) if grouped else number


def random_amount(rng: random.Random, low: int, high: int, *, half_cent: bool = False) -> Decimal:
    """A made-up amount of euro between low and high, always with cents."""
    cents = rng.randrange(5, 100, 10) if half_cent else rng.randint(1, 99)
    return euro(rng.randint(low, high - 1) * 100 + cents)


def euro(cents: int) -> Decimal:
    """Whole cents as an amount with two decimals: 123456 → 1234.56."""
    return Decimal(cents).scaleb(-2)


def in_cents(amount: Decimal) -> int:
    return int(amount.scaleb(2))


# --- payment claims and progress ---------------------------------------------------------------


ADVANCED = (3, 22)  # the partners (by position) that asked for an advance before they began
ADVANCE_JUSTIFICATION = (
    "Avanss nepieciešams apmācību un supervīziju uzsākšanai pirms pirmā starpposma maksājuma "
    "pieprasījuma."
)


def _claims(index: int, partner: dict[str, object]) -> list[dict[str, object]]:
    """Two to five claims of one partner over the reporting periods from the agreement's start.

    Every third partner has finished: its last claim ends on the agreement's end and claims all
    that remains, so the claims add up to the agreement. The others stop before the end. Two
    partners first ask for an advance (a quarter of their LM funding), which their claims offset.
    Claims are dated on working days within the deadline (mostly the default: the first working
    day after the period).
    """
    code = str(partner["code"])
    rng = _rng(code, "claims")
    start, end = partner["start"], partner["end"]
    assert isinstance(start, date) and isinstance(end, date)
    settle = index % 3 == 1
    # The project's reporting periods, half-years: the first from the agreement's start, the
    # last (of a partner that has finished) to its end.
    periods = calendar_periods(start, end, REPORTING_MONTHS)
    if not settle:
        periods = periods[: rng.randint(2, len(periods) - 1)]
    days = (end - start).days + 1
    costs = {}
    for key in ("pilot", "training", "non_eligible"):
        agreed = partner[key]
        assert isinstance(agreed, Decimal)
        costs[key] = spread_costs(rng, in_cents(agreed), periods, days, settle)
    claims = []
    if index in ADVANCED:
        budget = {k: partner[k] for k in Rates().keys}
        lm_total = split(budget, Rates()).lm_total  # type: ignore[arg-type]
        signed = partner["agreement_date"] or start
        assert isinstance(signed, date)
        claims.append(
            {
                "code": code,
                "number": 1,
                "period_start": periods[0][0],
                "period_end": periods[-1][1],
                "date": next_working_day(max(signed, start) - timedelta(days=1)),
                "kind": "avansa",
                "pilot": None,
                "training": None,
                "non_eligible": None,
                "advance": euro(in_cents(share(lm_total, Decimal("0.25")))),
                "justification": ADVANCE_JUSTIFICATION,
            }
        )
    first_number = len(claims) + 1  # after the advance claim, if there is one
    for position, (first, last) in enumerate(periods):
        number = first_number + position
        if settle and position == len(periods) - 1:
            kind = "noslēguma"
        else:
            kind = rng.choice(("starpposma", None))
        made = add_working_days(last, rng.randint(3, 15)) if rng.randrange(4) == 0 else None
        claims.append(
            {
                "code": code,
                "number": number,
                "period_start": first,
                "period_end": last,
                "date": made,
                "kind": kind,
                "pilot": euro(costs["pilot"][position]),
                "training": euro(costs["training"][position]),
                # A partner without non-eligible costs leaves the column empty (it means 0).
                "non_eligible": euro(costs["non_eligible"][position])
                if partner["non_eligible"]
                else None,
                "advance": None,
                "justification": None,
            }
        )
    return claims


# Partners (by position) whose agreement was amended, none of them finished nor advanced.
REALLOCATED, EXTENDED, RETARGETED = 2, 5, 8
AMENDED_ON = date(2022, 9, 1)  # on or after: the first working day from then


def _amendments(
    partners: Sequence[dict[str, object]], claims: Sequence[dict[str, object]]
) -> list[dict[str, object]]:
    """A handful of amendments consistent with the claims: money moved from the pilot part to
    training without raising LM's total, a period extended, a target lowered, and a second
    amendment in a row."""
    day = AMENDED_ON if is_working_day(AMENDED_ON) else next_working_day(AMENDED_ON)
    rows = []
    for index in (REALLOCATED, EXTENDED, RETARGETED):
        partner = partners[index]
        code = str(partner["code"])
        assert index % 3 != 1 and index not in ADVANCED, "amended partners have not finished"
        own = [c for c in claims if c["code"] == code]
        claimed = {k: sum(as_money(c[k]) for c in own) for k in ("pilot", "training")}
        row: dict[str, object] = {"code": code, "number": 1, "date": day}
        if index == REALLOCATED:
            # 70 % of the training added is what the pilot part gives up: LM's total stays.
            room = as_money(partner["pilot"]) - claimed["pilot"]
            added = (min(room, Decimal("5000")) / Decimal("0.7")).quantize(
                Decimal("10"), ROUND_DOWN
            )
            moved = added * Decimal("0.7")
            row.update(
                pilot=as_money(partner["pilot"]) - moved,
                training=as_money(partner["training"]) + added,
                reason="Pilotprojekta daļas līdzekļi pārdalīti apmācībām un supervīzijai, jo "
                "supervīziju pieprasījums ir lielāks, nekā plānots.",
            )
        elif index == EXTENDED:
            # Extended to the programme's last eligible day, never past it.
            assert partner["end"] < ELIGIBILITY_END, "the extended partner ends before 2024"
            row.update(
                end=ELIGIBILITY_END,
                reason="Izmaksu attiecināmības periods pagarināts līdz programmas attiecināmības "
                "beigām, jo apmācības daļēji pārceltas uz 2023. gada decembri.",
            )
        else:
            target = partner["target_specialists"]
            assert isinstance(target, int)
            row.update(
                target_specialists=max(1, target - 3),
                reason="Apmācāmo speciālistu skaits samazināts, jo sociālajā dienestā "
                "samazinājies amata vietu skaits.",
            )
        rows.append(row)
    # The extended partner later lowers a target too: two amendments in a row.
    later = next_working_day(date(2023, 3, 1))
    partner = partners[EXTENDED]
    target = partner["target_assessments"]
    assert isinstance(target, int)
    rows.append(
        {
            "code": partner["code"],
            "number": 2,
            "date": later,
            "target_assessments": max(1, target - 5),
            "reason": "AIS novērtējumu skaits samazināts atbilstoši klientu skaitam.",
        }
    )
    return rows


# Partners (by position) that list the documents backing their claims in sheet Izdevumi: one that
# has finished, one with non-eligible costs and an amendment, one that asked for an advance, and
# a novads. Each lists them for every claim of costs (a claim of theirs without would be warned).
DOCUMENTED = (1, 2, 3, 13)

# What the documents of each category are: (the document's number, its payee, what it was for).
# {n} is a running number, {y} the document's year.
DOCUMENT_KINDS = {
    "pilot": (
        (
            "Algu saraksts Nr. {y}/{n}",
            "Sociālā dienesta darbinieki",
            "Pilotprojekta speciālistu atlīdzība",
        ),
        (
            "Rēķins Nr. MC-{y}-{n}",
            "SIA „Metodikas centrs”",
            "Gadījuma vadības metodikas aprobācijas konsultācijas",
        ),
        (
            "Līgums Nr. PP-{y}/{n}",
            "IK „Sociālā darba eksperts”",
            "Pilotprojekta klientu novērtēšanas ekspertīze",
        ),
    ),
    "training": (
        (
            "Rēķins Nr. SV-{y}/{n}",
            "SIA „Supervīzijas centrs”",
            "Supervīzijas sociālā darba speciālistiem",
        ),
        (
            "Rēķins Nr. AK-{y}-{n}",
            "Biedrība „Sociālo darbinieku mācības”",
            "Speciālistu apmācību kurss",
        ),
        ("Līgums Nr. SUP-{y}/{n}", "Supervizore Anna Kalna", "Individuālās supervīzijas"),
    ),
    "non_eligible": (
        ("Rēķins Nr. ED-{y}-{n}", "SIA „Pusdienu nams”", "Ēdināšana apmācību dienās"),
        ("Rēķins Nr. TR-{y}/{n}", "SIA „Ceļu līnijas”", "Transports uz apmācību vietu"),
    ),
}


def _expenses(
    partners: Sequence[dict[str, object]], claims: Sequence[dict[str, object]]
) -> list[dict[str, object]]:
    """The supporting documents of the claims of costs of the partners in ``DOCUMENTED``: for
    each category a claim has costs in, one to four documents that add up to them to the cent,
    dated on a working day within the claim's period and paid some working days later (by the
    claim's date and the eligibility end; every fifth is not marked paid yet)."""
    rows: list[dict[str, object]] = []
    for index in DOCUMENTED:
        code = str(partners[index]["code"])
        rng = _rng(code, "expenses")
        counter = 0
        for claim in (c for c in claims if c["code"] == code and c["kind"] != "avansa"):
            first, last = claim["period_start"], claim["period_end"]
            assert isinstance(first, date) and isinstance(last, date)
            for key, kinds in DOCUMENT_KINDS.items():
                cents = in_cents(as_money(claim[key]))
                if not cents:
                    continue
                parts = min(cents, rng.randint(1, 4))
                cuts = sorted(rng.sample(range(1, cents), parts - 1)) if parts > 1 else []
                amounts = [b - a for a, b in zip([0, *cuts], [*cuts, cents], strict=True)]
                days = sorted(rng.randint(0, (last - first).days) for _ in amounts)
                for amount, offset in zip(amounts, days, strict=True):
                    counter += 1
                    dated = _working_day_from(first + timedelta(days=offset), first)
                    number, payee, description = rng.choice(kinds)
                    # paid some working days later, by the claim's date at the latest
                    made = claim["date"] or next_working_day(last)
                    assert isinstance(made, date)
                    paid = min(add_working_days(dated, rng.randint(3, 20)), made, ELIGIBILITY_END)
                    rows.append(
                        {
                            "code": code,
                            "claim": claim["number"],
                            "document": number.format(y=dated.year, n=counter),
                            "date": dated,
                            "payee": payee,
                            "description": description,
                            "category": Rates().category(key).column,
                            "amount": euro(amount),
                            "paid": None if counter % 5 == 0 else paid,
                        }
                    )
    return rows


def _working_day_from(day: date, first: date) -> date:
    """The working day nearest before ``day``, not before ``first`` (``day`` itself when it is
    one); when there is none, the first working day after ``first``."""
    while not is_working_day(day) and day > first:
        day -= timedelta(days=1)
    return day if is_working_day(day) else next_working_day(day)


def as_money(value: object) -> Decimal:
    return Decimal("0.00") if value is None else Decimal(str(value))


def spread_costs(
    rng: random.Random,
    agreed: int,
    periods: Sequence[tuple[date, date]],
    agreement_days: int,
    settle: bool,
) -> list[int]:
    """Costs in cents per period: roughly the agreed amount's pro-rata share, never beyond it.

    With ``settle`` the last period takes exactly what remains. Integer arithmetic only.
    """
    remaining = agreed
    result = []
    for number, (first, last) in enumerate(periods, start=1):
        if settle and number == len(periods):
            cost = remaining
        else:
            pace = rng.randint(60, 100) if settle else rng.randint(50, 105)  # % of pro rata
            days = (last - first).days + 1
            cost = min(remaining, agreed * days * pace // (agreement_days * 100))
        result.append(cost)
        remaining -= cost
    return result


def _progress(
    partner: dict[str, object], claims: Sequence[dict[str, object]]
) -> list[dict[str, object]]:
    """One progress row for the period of each of a partner's claims, towards its targets."""
    code = str(partner["code"])
    rng = _rng(code, "progress")
    start, end = partner["start"], partner["end"]
    assert isinstance(start, date) and isinstance(end, date)
    periods = [(c["period_start"], c["period_end"]) for c in claims]
    days = (end - start).days + 1
    done = {"specialists": 0, "supervisions": 0, "assessments": 0}
    told = _rng(code, "activities")  # what was done, beside the figures
    rows = []
    for first, last in periods:
        elapsed = (last - start).days + 1
        row: dict[str, object] = {"code": code, "period_start": first, "period_end": last}
        for key in done:
            target = partner[f"target_{key}"]
            assert isinstance(target, int)
            # Cumulative achievement near the pro-rata target, never above the target.
            pace = rng.randint(80, 110)
            to_date = min(target, max(done[key], target * elapsed * pace // (days * 100)))
            row[key] = to_date - done[key]
            done[key] = to_date
        row["notes"] = _note(rng, row["specialists"]) if rng.randrange(3) == 0 else None
        row["activities"] = _activities(told, row)
        rows.append(row)
    return rows


# What a social service did in a period, beside its results (9.2.1.1's activities).
ACTIVITIES = (
    "Sociālais dienests turpināja aprobēt Ministrijas izstrādāto metodiku ikdienas darbā ar "
    "klientiem.",
    "Speciālisti piedalījās Ministrijas un AIS izstrādātāja rīkotajos atgriezeniskās saites "
    "pasākumos.",
    "Pilotprojektā sagatavoti atbalsta plāni personām ar garīga rakstura traucējumiem un "
    "saskaņoti ar klientiem.",
    "Speciālisti apguva darba metodes ar klientu mērķgrupām tiešsaistes un klātienes mācībās.",
    "Sociālā dienesta un citu sociālo pakalpojumu sniedzēju speciālisti piedalījās "
    "profesionālās kompetences pilnveides mācībās.",
    "Sociālais dienests nodrošināja AIS metodes konfidencialitāti un novērtējumu dokumentu "
    "glabāšanu.",
    "Pilotprojekta klientu gadījumi izskatīti sociālā dienesta speciālistu komandas sanāksmēs.",
)


def _activities(rng: random.Random, row: dict[str, object]) -> str:
    """Darbības: a sentence on one of the period's results, if it has any, and one on what else
    the social service did."""
    said = []
    counted = [key for key in ("specialists", "supervisions", "assessments") if row[key]]
    if counted:
        key = rng.choice(counted)
        count = row[key]
        assert isinstance(count, int)
        one = count % 10 == 1 and count % 100 != 11  # Latvian: 1, 21 speciālists; 11 speciālisti
        said.append(
            {
                "specialists": "Apmācības par AIS un darbu ar klientu mērķgrupām pabeidza "
                f"{count} {'speciālists' if one else 'speciālisti'}.",
                "supervisions": f"Notika {count} {'supervīzija' if one else 'supervīzijas'} "
                "sociālā dienesta speciālistiem.",
                "assessments": f"Ar AIS {'veikts' if one else 'veikti'} {count} individuālo "
                f"vajadzību {'novērtējums' if one else 'novērtējumi'} personām ar garīga "
                "rakstura traucējumiem.",
            }[key]
        )
    said.append(rng.choice(ACTIVITIES))
    return " ".join(said)


SHORTFALL_REASONS = (
    "daļa speciālistu projekta laikā mainīja darbavietu un apmācības nepabeidza",
    "klientu ar garīga rakstura traucējumiem pašvaldībā bija mazāk, nekā plānots",
    "speciālistu slodzes dēļ daļa supervīziju un novērtējumu tika atcelti",
)


def _explain_shortfalls(
    partners: Sequence[dict[str, object]],
    progress: Sequence[dict[str, object]],
    amendments: Sequence[dict[str, object]],
) -> list[str]:
    """On the final period's row of a partner that missed a target in force, its explanation
    (Skaidrojums), as the agreement asks of it. Returns the codes of those partners."""
    missed = []
    names = {i.key: i.name for i in DEFAULT_INDICATORS}
    for partner in partners:
        code = partner["code"]
        changes = sorted((a for a in amendments if a["code"] == code), key=lambda a: a["number"])
        end = partner["end"]
        targets = {key: partner[f"target_{key}"] for key in names}
        for amendment in changes:
            end = amendment.get("end") or end
            targets.update(
                {k: amendment[f"target_{k}"] for k in names if amendment.get(f"target_{k}")}
            )
        rows = [r for r in progress if r["code"] == code]
        if not rows or rows[-1]["period_end"] != end:
            continue  # not finished
        done = {key: sum(int(str(r[key])) for r in rows) for key in names}
        short = [names[key] for key, target in targets.items() if done[key] < int(str(target))]
        if short:
            reason = _rng(str(code), "shortfall").choice(SHORTFALL_REASONS)
            rows[-1]["explanation"] = (
                f"Rādītāju ({', '.join(short)}) mērķa vērtības nav sasniegtas pilnībā, jo {reason}."
            )
            missed.append(str(code))
    return missed


# LM's decisions on claims (made up): the partner whose final claim's training costs LM approves
# less for the targets missed, and an interim claim with an invoice that is not eligible.
REDUCED = "GULBENES_NOV"
INELIGIBLE_INVOICE = ("BALVU_NOV", 2, Decimal("250.00"))  # the claim's pilot costs less this


def _decide(claims: Sequence[dict[str, object]], missed: Sequence[str]) -> None:
    """LM's decision (Lēmums) on each final claim with targets missed: its training costs
    approved 10 % lower for REDUCED, the others accepted in full; and an interim claim's
    ineligible invoice."""
    number = 0
    for claim in claims:
        code, kind = claim["code"], claim["kind"]
        ineligible = (code, claim["number"]) == INELIGIBLE_INVOICE[:2]
        if not ((code in missed and kind == "noslēguma") or ineligible):
            continue
        number += 1
        made = claim["date"] or next_working_day(claim["period_end"])  # type: ignore[arg-type]
        day = next_working_day(made + timedelta(days=14))  # type: ignore[operator]
        claim["decision"] = f"{format_date(day, 'genitive')} lēmums Nr. 1-5/{number}"
        if code == REDUCED:
            training = as_money(claim["training"])
            claim["approved:training"] = training - (training / 10).quantize(Decimal("0.01"))
        elif ineligible:
            claim["approved:pilot"] = as_money(claim["pilot"]) - INELIGIBLE_INVOICE[2]


def _note(rng: random.Random, specialists: object) -> str:
    """A short note as a social service would write one."""
    if isinstance(specialists, int) and specialists > 1 and rng.randrange(2):
        # Latvian agreement: 21 speciālists, but 2, 11, 12 speciālisti.
        noun = "speciālists" if specialists % 10 == 1 and specialists % 100 != 11 else "speciālisti"
        return f"AIS apmācībā piedalījās {specialists} {noun}."
    return rng.choice(NOTES)


def calendar_periods(start: date, end: date, months: int) -> list[tuple[date, date]]:
    """Consecutive calendar quarters (months=3) or half-years (6) covering start to end.

    The first period runs from start to the end of its calendar quarter or half-year; the last
    ends on end. Each starts the day after the one before ends.
    """
    periods = []
    first = start
    month = start.year * 12 + start.month - 1  # months since year 0, 0-based
    month += months - 1 - (start.month - 1) % months  # the last month of start's period
    while True:
        year, month_no = divmod(month, 12)
        last = date(year, month_no + 1, calendar.monthrange(year, month_no + 1)[1])
        if last >= end:
            periods.append((first, end))
            return periods
        periods.append((first, last))
        first = last + timedelta(days=1)
        month += months


# --- writing -----------------------------------------------------------------------------------


def fill_project(
    sheet: Worksheet, values: dict[str, object], rows: Sequence[schema.Column]
) -> None:
    """Make ``sheet`` the two-column Projekts sheet: a row per parameter of ``rows``, in order,
    each name with its note and each value with its rule (:mod:`docgen.workbook.guides`)."""
    sheet.title = schema.PROJECT_SHEET
    columns = (schema.PARAMETER_HEADER, schema.VALUE_HEADER)
    fill_sheet(sheet, columns, [{"parameter": c.header, "value": values[c.key]} for c in rows])
    guide_parameters(sheet, rows)
    for number, column in enumerate(rows, start=2):
        cell = sheet.cell(number, 2)
        if column.kind == "amount":
            cell.number_format = AMOUNT_FORMAT
        elif column.kind == "date" and cell.value is not None:
            cell.number_format = DATE_FORMAT


def stamp(workbook: Workbook, title: str) -> None:
    """Fixed document properties, so that the file's bytes do not change between runs."""
    workbook.properties.creator = "docgen"
    workbook.properties.title = title
    workbook.properties.created = _TIMESTAMP
    workbook.properties.modified = _TIMESTAMP


def fill_sheet(
    sheet: Worksheet, columns: Sequence[schema.Column], rows: list[dict[str, object]]
) -> None:
    """Write a header and rows; format dates and amounts; bold header, frozen, widths to fit;
    a note on each header and Excel's rules on the columns (:mod:`docgen.workbook.guides`)."""
    sheet.append([column.header for column in columns])
    for row in rows:
        sheet.append([_cell_value(_value(row, column)) for column in columns])
    for number, column in enumerate(columns, start=1):
        cells = [row[number - 1] for row in sheet.iter_rows(min_row=2)]
        fmt = {"date": DATE_FORMAT, "amount": AMOUNT_FORMAT}.get(column.kind)
        for cell in cells:
            if fmt and cell.value is not None:
                cell.number_format = fmt
        width = max([len(column.header)] + [_shown_width(c.value) for c in cells])
        sheet.column_dimensions[get_column_letter(number)].width = min(width + 2, 60)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    guide_table(sheet, columns)


def _value(row: dict[str, object], column: schema.Column) -> object:
    """A row's value for a column. The rows here name a category, a target or a result by
    9.2.1.1's own field names ("pilot", "target_specialists", "specialists"), which the
    columns that follow the project's shape accept as their first other name."""
    if column.key in row or not column.also:
        return row.get(column.key)
    return row.get(column.also[0])


def _cell_value(value: object) -> object:
    """A value as openpyxl writes it: an amount as a number of euro that reads back exactly."""
    if isinstance(value, Decimal):
        number = float(value)
        # The float's shortest form must be the amount itself, or docgen would read a fraction of
        # a cent; true for any amount below 10**13 with two decimals.
        assert Decimal(repr(number)) == value, value
        return number
    return value


def _shown_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    return len(str(value))


def _stable_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file's bytes, identical on every run.

    ``Workbook.save`` stamps the current time into docProps/core.xml and every zip entry, so the
    writer is called directly (keeping our fixed ``modified``) and the entries get a fixed time.
    """
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    stable = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIME)
            info.external_attr = entry.external_attr
            target.writestr(info, source.read(entry), compress_type=zipfile.ZIP_DEFLATED)
    return stable.getvalue()


def _rng(code: str, purpose: str) -> random.Random:
    """A generator of its own per partner and purpose, seeded by a constant string; never global."""
    return seeded_rng(_SEED, code, purpose)


def seeded_rng(seed: str, code: str, purpose: str) -> random.Random:
    """A generator of its own per example (``seed``), partner and purpose; never global."""
    return random.Random(f"{seed}/{code}/{purpose}")


def _ascii(text: str) -> str:
    """Lower-case ASCII for e-mail domains: Jūrmala → jurmala."""
    return schema.fold(text).replace(" ", "")
