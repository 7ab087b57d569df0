"""The workbook's layout: its sheets and columns, as staff see them (docs/workbook.md).

Both the reader and ``docgen init`` work from these tables, so a header is spelled in one place.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column: its Latvian header, its English key, whether a value is required, its kind.

    ``kind`` names the parser: text, code, reg_no, iban, email, date, amount, count, rate,
    words_style, claim_kind.
    """

    header: str
    key: str
    kind: str = "text"
    required: bool = True
    # A required cell may be left empty when this other column of the row has a value (the
    # costs of an advance claim, which has an amount in Avanss instead).
    optional_if: str = ""


PROJECT_SHEET = "Projekts"
PARTNERS_SHEET = "Partneri"
CLAIMS_SHEET = "Maksājumi"
PROGRESS_SHEET = "Rādītāji"
AMENDMENTS_SHEET = "Grozījumi"  # optional

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
    Column("ESF likme", "esf_rate", "rate", required=False),
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
    Column("CFLA vienošanās datums", "cfla_agreement_date", "date", required=False),
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
    Column("Pilotprojekts", "pilot", "amount"),
    Column("Apmācības un supervīzija", "training", "amount"),
    Column("Neattiecināmās izmaksas", "non_eligible", "amount", required=False),
    Column("Attiecināmās izmaksas kopā", "stated_eligible", "amount", required=False),
    Column("LM finansējums kopā", "stated_lm", "amount", required=False),
    Column("Mērķis: speciālisti", "target_specialists", "count", required=False),
    Column("Mērķis: supervīzijas", "target_supervisions", "count", required=False),
    Column("Mērķis: AIS novērtējumi", "target_assessments", "count", required=False),
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
    Column("Pilotprojekts", "pilot", "amount", optional_if="advance"),
    Column("Apmācības un supervīzija", "training", "amount", optional_if="advance"),
    Column("Neattiecināmās izmaksas", "non_eligible", "amount", required=False),
    Column("Avanss", "advance", "amount", required=False),
    Column("Pamatojums", "justification", required=False),
)

PROGRESS_COLUMNS = (
    Column("Kods", "code", "code"),
    Column("No", "period_start", "date"),
    Column("Līdz", "period_end", "date"),
    Column("Apmācītie speciālisti", "specialists", "count"),
    Column("Supervīzijas", "supervisions", "count"),
    Column("AIS novērtējumi", "assessments", "count"),
    Column("Piezīmes", "notes", required=False),
)

AMENDMENT_COLUMNS = (
    Column("Kods", "code", "code"),
    Column("Nr.", "number", "count"),
    Column("Datums", "date", "date"),
    Column("Pilotprojekts", "pilot", "amount", required=False),
    Column("Apmācības un supervīzija", "training", "amount", required=False),
    Column("Neattiecināmās izmaksas", "non_eligible", "amount", required=False),
    Column("Beigas", "end", "date", required=False),
    Column("Mērķis: speciālisti", "target_specialists", "count", required=False),
    Column("Mērķis: supervīzijas", "target_supervisions", "count", required=False),
    Column("Mērķis: AIS novērtējumi", "target_assessments", "count", required=False),
    Column("Pamatojums", "reason", required=False),
)
# Sheets read as tables: name -> columns.
TABLE_SHEETS = {
    PARTNERS_SHEET: PARTNER_COLUMNS,
    CLAIMS_SHEET: CLAIM_COLUMNS,
    PROGRESS_SHEET: PROGRESS_COLUMNS,
    AMENDMENTS_SHEET: AMENDMENT_COLUMNS,
}

CLAIM_KINDS = ("avansa", "starpposma", "noslēguma")
WORDS_STYLES = {"grāmatvedības": "accounting", "literārais": "literary"}


def fold(text: str) -> str:
    """A header or name as matched: case, surrounding spaces and Latvian diacritics ignored.

    >>> fold("  Registracijas Nr. ") == fold("Reģistrācijas Nr.")
    True
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())
