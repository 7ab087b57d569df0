"""The workbook's layout: its sheets and columns, as staff see them (docs/workbook.md).

Both the reader and ``docgen init`` work from these tables, so a header is spelled in one place.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from docgen.records import DEFAULT_INDICATORS, HALF_YEAR_ENDS, QUARTER_ENDS, Indicator, Rates


@dataclass(frozen=True)
class Column:
    """One column: its Latvian header, its English key, whether a value is required, its kind.

    ``kind`` names the parser: text, code, reg_no, iban, email, date, amount, count, rate,
    words_style, claim_kind, schedule.
    """

    header: str
    key: str
    kind: str = "text"
    required: bool = True
    # A required cell may be left empty when this other column of the row has a value (the
    # costs of an advance claim, which has an amount in Avanss instead).
    optional_if: str = ""
    # Other headers that find this column: a category's English key ("pilot"), 9.2.1.1's field
    # names ("target_specialists"), a category's printed name where its header differs.
    also: tuple[str, ...] = ()
    # The column must be there even where its cells may be empty (a project's non-eligible
    # category: an empty cell is 0,00, a missing column a mistake).
    present: bool = False


PROJECT_SHEET = "Projekts"
PARTNERS_SHEET = "Partneri"
CLAIMS_SHEET = "Maksājumi"
PROGRESS_SHEET = "Rādītāji"
AMENDMENTS_SHEET = "Grozījumi"  # optional
EXPENSES_SHEET = "Izdevumi"  # optional: the documents that back the claims' costs
CATEGORIES_SHEET = "Kategorijas"  # optional: 9.2.1.1's three without it
INDICATORS_SHEET = "Rādītāju saraksts"  # optional: 9.2.1.1's three without it

PARAMETER_HEADER = Column("Parametrs", "parameter")
VALUE_HEADER = Column("Vērtība", "value")

# Rows of the two-column Projekts sheet.
PROJECT_ROWS = (
    Column("Projekta Nr.", "project_no"),
    Column("Projekta nosaukums", "project_title"),
    Column("Finansējuma saņēmējs", "beneficiary"),
    Column("Saņēmēja reģistrācijas Nr.", "beneficiary_reg_no", "reg_no"),
    Column("Saņēmēja adrese", "beneficiary_address"),
    Column("Saņēmēja pārstāvis", "beneficiary_representative"),
    Column("Pārstāvja amats", "beneficiary_representative_title"),
    Column("Normatīvais akts", "regulation"),
    Column("Pieejamais finansējums", "available_funding", "amount", required=False),
    Column("Vārdu stils", "words_style", "words_style", required=False),
    Column("Fonds", "fund", required=False),
    Column("Fonds (ģenitīvā)", "fund_genitive", required=False),
    Column("Fonda saīsinājums", "fund_short", required=False),
    Column("ESF likme", "esf_rate", "rate", required=False, also=("Fonda likme",)),
    Column("Pilotprojekta LM likme", "pilot_rate", "rate", required=False),
    Column("Apmācību LM likme", "training_rate", "rate", required=False),
    Column("Avansa likme", "advance_rate", "rate", required=False),
    Column("MP termiņš (darbdienas)", "claim_deadline_days", "count", required=False),
    Column("Saņēmēja e-pasts", "beneficiary_email", "email", required=False),
    Column("Saņēmēja kontaktpersona", "beneficiary_contact_name", required=False),
    Column(
        "Saņēmēja kontaktpersonas e-pasts", "beneficiary_contact_email", "email", required=False
    ),
    Column("Saņēmēja kontaktpersonas tālrunis", "beneficiary_contact_phone", required=False),
    Column("CFLA vienošanās Nr.", "cfla_agreement_no", required=False),
    Column("CFLA vienošanās datums", "cfla_agreement_date", "date", required=False),
    Column("Attiecināmības beigas", "eligibility_end", "date", required=False),
    Column("Pārskata periodi", "reporting_periods", "schedule", required=False),
)

PARTNER_COLUMNS = (
    Column("Kods", "code", "code"),
    Column("Nosaukums", "name"),
    Column("Reģistrācijas Nr.", "reg_no", "reg_no"),
    Column("Adrese", "address"),
    Column("Pārstāvis", "representative"),
    Column("Amats", "representative_title"),
    Column("Pārstāvis (ģenitīvā)", "representative_genitive", required=False),
    Column("Amats (ģenitīvā)", "representative_title_genitive", required=False),
    Column("Pārstāvības pamats", "authority", required=False),
    Column("IBAN", "iban", "iban"),
    Column("E-pasts", "email", "email", required=False),
    Column("Līguma Nr.", "agreement_no", required=False),
    Column("Līguma datums", "agreement_date", "date", required=False),
    Column("Sākums", "start", "date"),
    Column("Beigas", "end", "date"),
    Column("Attiecināmās izmaksas kopā", "stated_eligible", "amount", required=False),
    Column("LM finansējums kopā", "stated_lm", "amount", required=False),
    Column("Kontaktpersona", "contact_name", required=False),
    Column("Kontaktpersonas e-pasts", "contact_email", "email", required=False),
    Column("Kontaktpersonas tālrunis", "contact_phone", required=False),
)

CLAIM_COLUMNS = (
    Column("Kods", "code", "code"),
    Column("Nr.", "number", "count"),
    Column("No", "period_start", "date"),
    Column("Līdz", "period_end", "date"),
    Column("Datums", "date", "date", required=False),
    Column("Veids", "kind", "claim_kind", required=False),
    Column("Avanss", "advance", "amount", required=False),
    Column("Pamatojums", "justification", required=False),
)

PROGRESS_COLUMNS = (
    Column("Kods", "code", "code"),
    Column("No", "period_start", "date"),
    Column("Līdz", "period_end", "date"),
    Column("Piezīmes", "notes", required=False),
    Column("Darbības", "activities", required=False),  # what was done in the period
    # On the final period's row: why a target was not reached.
    Column("Skaidrojums", "explanation", required=False),
)

AMENDMENT_COLUMNS = (
    Column("Kods", "code", "code"),
    Column("Nr.", "number", "count"),
    Column("Datums", "date", "date"),
    Column("Beigas", "end", "date", required=False),
    Column("Pamatojums", "reason", required=False),
)

# A claim's supporting documents (an invoice, a payroll, a contract), each row one document.
# Kategorija names one of the project's categories (its name or its column's header).
EXPENSE_COLUMNS = (
    Column("Kods", "code", "code"),
    Column("MP Nr.", "claim", "count"),
    Column("Dokuments", "document"),
    Column("Datums", "date", "date"),
    Column("Saņēmējs", "payee"),
    Column("Apraksts", "description", required=False),
    Column("Kategorija", "category"),
    Column("Summa", "amount", "amount"),
    Column("Apmaksāts", "paid", "date", required=False),
)

# The project's shape, each row one category or indicator (docs/workbook.md).
CATEGORY_COLUMNS = (
    Column("Nosaukums", "name"),
    Column("LM likme", "rate", "rate"),
    Column("Attiecināmas", "eligible", "yes_no", required=False),
    Column("Atslēga", "key", "shape_key", required=False),
    Column("Nosaukums (ģenitīvā)", "genitive", required=False),
)
INDICATOR_COLUMNS = (
    Column("Nosaukums", "name"),
    Column("Mērvienība", "unit", required=False),
    Column("Atslēga", "key", "shape_key", required=False),
    Column("Saturs", "description", required=False),
)
SHAPE_SHEETS = {CATEGORIES_SHEET: CATEGORY_COLUMNS, INDICATORS_SHEET: INDICATOR_COLUMNS}

YES_NO = {"jā": True, "nē": False}

# The totals' columns, with their Latvian headers; each category's columns come before them.
TOTAL_HEADERS = {
    "total_eligible": "Attiecināmās kopā",
    "lm_total": "LM kopā",
    "cofinancing": "Līdzfinansējums",
    "esf": "ESF",  # the EU fund's short name replaces it (ESF+, ERAF)
    "state_budget": "Valsts budžets",
    "total": "Kopā",
}


# Keys a category's or an indicator's key may not take: the figures docgen puts beside the
# categories' own in splits' JSON and in the templates' budget and rates (budget.lm_total,
# rates.advance), and the names of a mapping's methods, which a template's "targets.items"
# would find first. Prefixes: budget.lm_<key>, budget.cofinancing_<key>.
RESERVED_KEYS = frozenset(
    (
        "code",
        "name",
        "total_eligible",
        "lm_total",
        "cofinancing",
        "esf",
        "state_budget",
        "total",
        "categories",
        "fund",
        "advance",
        "advance_max",
        "municipality_total",
        *(m for m in dir(dict) if not m.startswith("_")),
    )
)
RESERVED_PREFIXES = ("lm_", "cofinancing_")
# 9.2.1.1's key for its non-eligible costs is also the budget's total of them: a project may give
# it only to its one non-eligible category.
NON_ELIGIBLE_KEY = "non_eligible"


# The columns that follow the project's shape: a category's amount, an indicator's target or
# result. Their keys carry a prefix, so that a category keyed "end" is not the period's end.
def cost_key(key: str) -> str:
    return f"cost:{key}"


def target_key(key: str) -> str:
    return f"target:{key}"


def achieved_key(key: str) -> str:
    return f"achieved:{key}"


def approved_key(key: str) -> str:
    return f"approved:{key}"


DECISION_COLUMN = Column("Lēmums", "decision", required=False)


def _cost_columns(
    rates: Rates, *, required: bool, optional_if: str = "", defined: bool = False
) -> tuple[Column, ...]:
    """A column per category. A non-eligible category's cells may be empty (0,00); in a
    9.2.1.1 workbook (not ``defined`` by the workbook) its column may be left out too, as it
    always could."""
    return tuple(
        Column(
            c.column,
            cost_key(c.key),
            "amount",
            required=required and c.eligible,
            present=required and defined and not c.eligible,
            optional_if=optional_if,
            also=(c.key, c.name) if c.name != c.column else (c.key,),
        )
        for c in rates.categories
    )


def _target_columns(indicators: tuple[Indicator, ...], *, required: bool) -> tuple[Column, ...]:
    return tuple(
        Column(
            i.target_column,
            target_key(i.key),
            "count",
            required=required,
            also=(f"target_{i.key}",),
        )
        for i in indicators
    )


def table_sheets(
    rates: Rates,
    indicators: tuple[Indicator, ...],
    categories_defined: bool = False,
    indicators_defined: bool = False,
) -> dict[str, tuple[Column, ...]]:
    """The sheets read as tables, name -> columns, for a project of this shape. What the
    workbook defines itself (``Kategorijas``, ``Rādītāju saraksts``) has every column required
    (9.2.1.1's non-eligible costs and targets may be left out)."""
    achieved = tuple(
        Column(i.name, achieved_key(i.key), "count", also=(i.key,)) for i in indicators
    )
    head, tail = PARTNER_COLUMNS[:15], PARTNER_COLUMNS[15:]
    claims_head, claims_tail = CLAIM_COLUMNS[:6], CLAIM_COLUMNS[6:]
    amend_head, amend_tail = AMENDMENT_COLUMNS[:4], AMENDMENT_COLUMNS[4:]
    return {
        PARTNERS_SHEET: (
            *head,
            *_cost_columns(rates, required=True, defined=categories_defined),
            *tail[:2],
            *_target_columns(indicators, required=indicators_defined),
            *tail[2:],
        ),
        CLAIMS_SHEET: (
            *claims_head,
            *_cost_columns(rates, required=True, optional_if="advance", defined=categories_defined),
            *claims_tail,
            # what LM approved where it approved less than claimed, and its decision
            *(
                Column(
                    f"Apstiprināts: {c.column}",
                    approved_key(c.key),
                    "amount",
                    required=False,
                    also=(f"approved_{c.key}",),
                )
                for c in rates.categories
            ),
            DECISION_COLUMN,
        ),
        PROGRESS_SHEET: (*PROGRESS_COLUMNS[:3], *achieved, *PROGRESS_COLUMNS[3:]),
        AMENDMENTS_SHEET: (
            *AMENDMENT_COLUMNS[:3],
            *_cost_columns(rates, required=False),
            *amend_head[3:],
            *_target_columns(indicators, required=False),
            *amend_tail,
        ),
        EXPENSES_SHEET: EXPENSE_COLUMNS,
    }


# 9.2.1.1's tables, for what needs the sheets before a workbook is read (docgen init).
TABLE_SHEETS = table_sheets(Rates(), DEFAULT_INDICATORS)

CLAIM_KINDS = ("avansa", "starpposma", "noslēguma")
# The reporting schedules Pārskata periodi names (besides a list of days: "30.06, 31.12").
SCHEDULES = {"ceturksnis": QUARTER_ENDS, "pusgads": HALF_YEAR_ENDS}
WORDS_STYLES = {"grāmatvedības": "accounting", "literārais": "literary"}


def fold(text: str) -> str:
    """A header or name as matched: case, surrounding spaces, Latvian diacritics and invisible
    format characters (a zero-width space pasted with a header) ignored.

    >>> fold("  Registracijas Nr. ") == fold("Reģistrācijas Nr.")
    True
    """
    return _folded(str(text))


# A cell's kind, category or answer is folded once per distinct text, not once per row: folding
# every claim's kind and every document's category took 0.4 s of validate at 10 000 partners
# (bench/validate.py).
@functools.lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(
        c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
    )
    return " ".join(bare.casefold().split())
