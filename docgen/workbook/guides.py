"""What the workbook ``docgen init`` writes does for the people who fill it in: a note on every
header saying what the column holds, with an example (docs/workbook.md), and Excel's data
validation on every column docgen reads a kind of: dropdowns for a claim's kind and for the
partners' codes, dates and amounts within what docgen accepts.

The rules cover the empty rows below the data too (staff add rows), down to Excel's last row.
They are in Latvian, like the workbook's headers: the notes and the rules' messages are part of
the workbook, not messages of the program.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from docgen.workbook import schema
from docgen.workbook.reader import (
    FIRST_YEAR,
    LARGEST_AMOUNT,
    LARGEST_COUNT,
    LAST_YEAR,
    PARAMETER_RANGES,
)

LAST_ROW = 1_048_576  # Excel's last row: a rule covers every row staff may add
AUTHOR = "docgen"
# A note's box, in points: wide enough for a sentence a line, as high as its text.
NOTE_WIDTH = 320
NOTE_LINE_HEIGHT = 15
NOTE_LINE_CHARACTERS = 48  # characters of a line in a box NOTE_WIDTH wide
RULE_TITLE = "docgen"

# Where the partners' codes are: the Kods column of sheet Partneri, which every table lists first.
_CODE_LETTER = get_column_letter(
    1 + [c.key for c in schema.TABLE_SHEETS[schema.PARTNERS_SHEET]].index("code")
)
_CODES = f"{quote_sheetname(schema.PARTNERS_SHEET)}!${_CODE_LETTER}"
# The codes written so far (the column's filled cells below its header), not a list of a million
# empty rows.
PARTNER_CODES = f"OFFSET({_CODES}$2,0,0,MAX(1,COUNTA({_CODES}:${_CODE_LETTER})-1),1)"
# A number of euro: not negative, not above what docgen reads, whole cents ({cell}: the rule's
# first cell, which Excel moves along the column).
AMOUNT_FORMULA = (
    "AND(ISNUMBER({cell}),{cell}>=0,{cell}<=" + str(LARGEST_AMOUNT) + ",ROUND({cell},2)={cell})"
)

REQUIRED = "Jāaizpilda."
REQUIRED_UNLESS = "Jāaizpilda, ja nav aizpildīta kolonna „{other}”."
OPTIONAL = "Var atstāt tukšu."
EXAMPLE = "Piemērs: {example}"

# Each column's note: what it holds, and an example; by sheet and the column's key.
_CODE_ELSEWHERE = (
    "Partnera Kods no lapas Partneri, rakstīts tieši tāpat (arī lielie un mazie burti); "
    "izvēlieties to sarakstā.",
    "JURMALA",
)
_PERIOD_START = ("Perioda sākuma datums, ne agrāk par līguma Sākumu.", "01.01.2022.")
_PERIOD_END = (
    "Perioda beigu datums, ne agrāk par No un ne vēlāk par līguma Beigām.",
    "30.06.2022.",
)
_SHAPE_KEY = (
    "Atslēga, ar ko kolonnu nosauc veidnes un JSON: līdz 32 mazajiem burtiem a-z, cipariem un "
    "„_”, sākas ar burtu; tukša — veidota no nosaukuma; unikāla.",
    "aprobacija",
)
NOTES: dict[str, dict[str, tuple[str, str]]] = {
    schema.PROJECT_SHEET: {
        "parameter": (
            "Parametra nosaukums; rindu secība brīva. Ko katrs parametrs nozīmē, teikts piezīmē "
            "pie tā nosaukuma.",
            "ESF likme",
        ),
        "value": ("Parametra vērtība.", "85 %"),
        "project_no": (
            "Projekta numurs; ar to sākas līgumu numuri, kas nav ierakstīti lapā Partneri.",
            "9.2.1.1/15/I/001",
        ),
        "project_title": (
            "Projekta nosaukums.",
            "Profesionāla sociālā darba attīstība pašvaldībās",
        ),
        "beneficiary": (
            "Finansējuma saņēmējs (ministrija), nominatīvā; dokumentos to loka.",
            "Labklājības ministrija",
        ),
        "beneficiary_reg_no": (
            "Saņēmēja reģistrācijas numurs: 11 cipari ar derīgu kontrolciparu.",
            "90000022399",
        ),
        "beneficiary_address": ("Saņēmēja juridiskā adrese.", "Skolas iela 28, Rīga, LV-1331"),
        "beneficiary_representative": (
            "Saņēmēja pārstāvja vārds un uzvārds, nominatīvā; dokumentos to loka.",
            "Ilze Kalniņa",
        ),
        "beneficiary_representative_title": (
            "Saņēmēja pārstāvja amats, nominatīvā.",
            "valsts sekretāre",
        ),
        "regulation": (
            "Normatīvais akts ar tā pilno nosaukumu, nominatīvā.",
            "Ministru kabineta 2019. gada 17. decembra noteikumi Nr. 686 "
            '"Darbības programmas … īstenošanas noteikumi"',
        ),
        "available_funding": (
            "Projektam pieejamais finansējums, euro; visu partneru LM finansējums to nedrīkst "
            "pārsniegt. Tukšs — 7 247 622,00.",
            "7 247 622,00",
        ),
        "words_style": (
            "Kā summas raksta vārdiem: grāmatvedības („viens simts”) vai literārais („simts”). "
            "Tukšs — grāmatvedības.",
            "grāmatvedības",
        ),
        "fund": (
            "ES fonda nosaukums, kā to raksta dokumentos. Tukšs — Eiropas Sociālais fonds.",
            "Eiropas Sociālais fonds Plus",
        ),
        "fund_genitive": (
            "Fonda nosaukums ģenitīvā, kā to lieto līguma punktos.",
            "Eiropas Sociālā fonda Plus",
        ),
        "fund_short": ("Fonda saīsinājums tabulās. Tukšs — ESF.", "ESF+"),
        "esf_rate": (
            "ES fonda daļa no LM finansējuma; pārējo maksā valsts budžets. Tukšs — 85 %.",
            "85 %",
        ),
        "pilot_rate": (
            "9.2.1.1. pasākuma kategorijas Pilotprojekts LM likme. Tukšs — 100 %.",
            "100 %",
        ),
        "training_rate": (
            "9.2.1.1. pasākuma kategorijas Apmācības un supervīzija LM likme. Tukšs — 70 %.",
            "70 %",
        ),
        "advance_rate": (
            "Lielākais avanss kā daļa no partnera LM finansējuma. Tukšs — 30 %.",
            "30 %",
        ),
        "claim_deadline_days": (
            "Darbdienas pēc perioda beigām, kurās jāiesniedz maksājuma pieprasījums: vesels "
            "skaitlis no 1 līdz 250. Tukšs — 20.",
            "20",
        ),
        "beneficiary_email": ("Ministrijas e-pasta adrese līguma rekvizītos.", "lm@lm.gov.lv"),
        "beneficiary_contact_name": ("Ministrijas kontaktpersona līgumā.", "Līga Ozola"),
        "beneficiary_contact_email": (
            "Ministrijas kontaktpersonas e-pasta adrese.",
            "liga.ozola@lm.gov.lv",
        ),
        "beneficiary_contact_phone": ("Ministrijas kontaktpersonas tālrunis.", "67021599"),
        "cfla_agreement_no": (
            "Ministrijas un CFLA vienošanās numurs. Tukšs — Projekta Nr.",
            "9.2.1.1/15/I/001",
        ),
        "cfla_agreement_date": ("Ministrijas un CFLA vienošanās datums.", "31.03.2016."),
        "eligibility_end": (
            "Programmas pēdējā diena, kad izmaksas ir attiecināmas. Tukšs — 31.12.2023.",
            "31.12.2023.",
        ),
        "reporting_periods": (
            "Pārskata periodi: ceturksnis, pusgads vai dienas, kurās periodi beidzas.",
            "30.06, 31.12",
        ),
    },
    schema.PARTNERS_SHEET: {
        "code": (
            "Partnera kods: 1–32 latīņu burti bez garumzīmēm, cipari, „_” vai „-”; unikāls. "
            "Ar to partneri nosauc citas lapas un failu nosaukumi.",
            "JURMALA",
        ),
        "name": (
            "Pašvaldības nosaukums, nominatīvā; dokumentos to loka.",
            "Jūrmalas valstspilsētas pašvaldība",
        ),
        "reg_no": ("Reģistrācijas numurs: 11 cipari ar derīgu kontrolciparu.", "90000056357"),
        "address": ("Juridiskā adrese.", "Jomas iela 1/5, Jūrmala, LV-2015"),
        "representative": (
            "Pārstāvja vārds un uzvārds, nominatīvā; dokumentos to loka.",
            "Gatis Truksnis",
        ),
        "representative_title": ("Pārstāvja amats, nominatīvā.", "domes priekšsēdētājs"),
        "representative_genitive": (
            "Pārstāvja vārds un uzvārds ģenitīvā, ja automātiski locītais nav pareizs.",
            "Gata Truksņa",
        ),
        "representative_title_genitive": (
            "Pārstāvja amats ģenitīvā, ja automātiski locītais nav pareizs.",
            "domes priekšsēdētāja",
        ),
        "authority": (
            "Akts, uz kura pamata pārstāvis paraksta, nominatīvā. Tukšs — domes vai pašvaldības "
            "nolikums.",
            "domes 2021. gada 15. jūlija lēmums Nr. 12",
        ),
        "iban": (
            "Konta numurs: derīgs Latvijas IBAN; atstarpes drīkst.",
            "LV94TREL0000000000001",
        ),
        "email": ("Pašvaldības e-pasta adrese.", "pasts@jurmala.lv"),
        "agreement_no": (
            "Līguma numurs; jāieraksta, kad ir Līguma datums. Tukšs — melnraksta numurs "
            "<Projekta Nr.>/<rindas kārtas numurs>.",
            "9.2.1.1/15/I/001/1",
        ),
        "agreement_date": (
            "Pēdējā drošā elektroniskā paraksta datums, kad tas zināms; ne vēlāk par Beigām.",
            "14.04.2016.",
        ),
        "start": ("Līguma perioda sākuma datums.", "18.04.2016."),
        "end": ("Līguma perioda beigu datums, ne agrāk par Sākumu.", "31.12.2023."),
        "stated_eligible": (
            "Attiecināmās izmaksas kopā, euro; ja ierakstītas, tām jāsakrīt ar attiecināmo "
            "kategoriju summu.",
            "11 000,01",
        ),
        "stated_lm": (
            "LM finansējums kopā, euro; ja ierakstīts, tam jāsakrīt ar aprēķināto.",
            "8 000,01",
        ),
        "contact_name": ("Partnera kontaktpersona līgumā.", "Anna Bērziņa"),
        "contact_email": ("Kontaktpersonas e-pasta adrese.", "anna.berzina@jurmala.lv"),
        "contact_phone": ("Kontaktpersonas tālrunis.", "67093816"),
        "cost": (
            "Līgumā paredzētās izmaksas šajā kategorijā, euro: skaitlis ≥ 0 ar ne vairāk kā "
            "divām decimāldaļām. Neattiecināmo izmaksu tukša šūna ir 0,00.",
            "10 000,00",
        ),
        "target": ("Šī rādītāja mērķis līgumā: vesels skaitlis ≥ 0.", "10"),
    },
    schema.CLAIMS_SHEET: {
        "code": _CODE_ELSEWHERE,
        "number": (
            "Maksājuma pieprasījuma numurs: 1, 2, … katram partnerim, bez izlaidumiem, periodu "
            "secībā.",
            "1",
        ),
        "period_start": _PERIOD_START,
        "period_end": _PERIOD_END,
        "date": (
            "Pieprasījuma datums. Tukšs — pirmā darbdiena pēc Līdz (avansam — perioda pirmā "
            "darbdiena).",
            "01.07.2022.",
        ),
        "kind": (
            "Pieprasījuma veids: avansa, starpposma vai noslēguma; izvēlieties to sarakstā. "
            "Tukšs — avansa, ja ir Avanss; noslēguma, ja Līdz ir līguma Beigas; citādi "
            "starpposma.",
            "starpposma",
        ),
        "advance": (
            "Tikai avansa pieprasījumā (tam izmaksu nav): prasītais avanss, euro, ne vairāk kā "
            "Avansa likme no partnera LM finansējuma.",
            "3 000,00",
        ),
        "justification": (
            "Avansa pamatojums, ko ieraksta pieprasījumā.",
            "Pilotprojekta uzsākšanas izmaksas",
        ),
        "decision": (
            "LM lēmums par pieprasījumu, tā datums un numurs; citē pieprasījumā.",
            "2024. gada 22. janvāra lēmums Nr. 1-5/7",
        ),
        "cost": (
            "Izmaksas šajā kategorijā pieprasījuma periodā, euro: skaitlis ≥ 0 ar ne vairāk kā "
            "divām decimāldaļām. Avansa pieprasījumā tukšs.",
            "400,00",
        ),
        "approved": (
            "Izmaksas šajā kategorijā, ko LM apstiprināja, ja mazāk nekā pieprasīts; ne vairāk "
            "par pieprasīto. Tukšs — kā pieprasīts.",
            "350,00",
        ),
    },
    schema.PROGRESS_SHEET: {
        "code": _CODE_ELSEWHERE,
        "period_start": _PERIOD_START,
        "period_end": _PERIOD_END,
        "notes": ("Piezīmes, ko ieraksta atskaitē.", "Viena supervīzija pārcelta uz jūliju."),
        "activities": (
            "Periodā īstenotās darbības; atskaitē tās ir sadaļā „Īstenotās darbības”.",
            "Notika divas grupu supervīzijas sociālā dienesta darbiniekiem.",
        ),
        "explanation": (
            "Noslēguma perioda rindā: kāpēc mērķis nav sasniegts.",
            "Divi speciālisti mācības pārtrauca slimības dēļ.",
        ),
        "achieved": ("Periodā sasniegtais šī rādītāja skaits: vesels skaitlis ≥ 0.", "4"),
    },
    schema.AMENDMENTS_SHEET: {
        "code": _CODE_ELSEWHERE,
        "number": ("Grozījuma numurs: 1, 2, … katram partnerim, bez izlaidumiem.", "1"),
        "date": (
            "Datums, no kura grozījums ir spēkā: pēc Līguma datuma un iepriekšējā grozījuma.",
            "01.09.2022.",
        ),
        "end": ("Līguma perioda jaunās beigas. Tukšs — nemainās.", "30.06.2023."),
        "reason": (
            "Grozījuma pamatojums vienā teikumā; to citē vienošanās preambulā.",
            "Mācību izmaksas bija mazākas, nekā plānots",
        ),
        "cost": ("Jaunā summa šajā kategorijā, euro. Tukšs — nemainās.", "12 000,00"),
        "target": ("Jaunais šī rādītāja mērķis. Tukšs — nemainās.", "12"),
    },
    schema.EXPENSES_SHEET: {
        "code": _CODE_ELSEWHERE,
        "claim": (
            "Partnera maksājuma pieprasījuma Nr. lapā Maksājumi (ne avansa), kura izmaksas "
            "dokuments pamato.",
            "2",
        ),
        "document": ("Dokuments un tā numurs.", "Rēķins Nr. SV-2022/14"),
        "date": ("Dokumenta datums, pieprasījuma perioda robežās.", "15.03.2022."),
        "payee": ("Kam samaksāts.", "SIA „Supervīziju centrs”"),
        "description": ("Par ko samaksāts.", "Grupu supervīzija"),
        "category": (
            "Izmaksu kategorija: tās nosaukums vai kolonnas virsraksts.",
            "Apmācības un supervīzija",
        ),
        "amount": ("Summa, euro: lielāka par 0, ne vairāk kā divas decimāldaļas.", "1 250,00"),
        "paid": (
            "Apmaksas datums, ne vēlāk par Attiecināmības beigām (lapā Projekts).",
            "25.03.2022.",
        ),
    },
    schema.CATEGORIES_SHEET: {
        "name": (
            "Kategorijas nosaukums: tā to raksta dokumentos, un tas ir tās kolonnas virsraksts "
            "lapās Partneri, Maksājumi un Grozījumi; unikāls.",
            "Metodikas aprobācija",
        ),
        "rate": ("LM likme: LM daļa no kategorijas izmaksām, 0–100 %.", "85 %"),
        "eligible": (
            "Vai izmaksas ir attiecināmas: jā vai nē. Tukšs — jā. Neattiecināmai kategorijai "
            "LM likme ir 0 %.",
            "jā",
        ),
        "key": _SHAPE_KEY,
        "genitive": (
            "Kategorija ģenitīvā, kā to lieto līguma punktā („70 % no … izmaksām”).",
            "metodikas aprobācijas",
        ),
    },
    schema.INDICATORS_SHEET: {
        "name": (
            "Rādītāja nosaukums: tā kolonnas virsraksts lapā Rādītāji; mērķis lapā Partneri ir "
            "„Mērķis: <Nosaukums>”.",
            "Apmācītie speciālisti",
        ),
        "unit": ("Mērvienība.", "personas"),
        "key": _SHAPE_KEY,
        "description": (
            "Ko rādītājs skaita; to raksta līguma mērķu tabulā.",
            "Speciālisti, kas pabeiguši mācību programmu",
        ),
    },
}

# The messages of the rules, shown when a value is refused.
DATE_RULE = "Datums no 01.01.{first}. līdz 31.12.{last}., piemēram, 18.04.2016."
AMOUNT_RULE = "Summa euro: skaitlis ≥ 0 ar ne vairāk kā divām decimāldaļām, piemēram, 1234,56."
COUNT_RULE = "Vesels skaitlis no {low} līdz {high}."
CHOICE_RULE = "Izvēlieties vienu no: {choices}."
CODE_LIST_RULE = "Partnera Kods no lapas Partneri, rakstīts tieši tāpat."
CODE_RULE = "Kods: 1–32 latīņu burti bez garumzīmēm, cipari, „_” vai „-”."
LONGEST_CODE = 32

CHOICES = {
    "claim_kind": schema.CLAIM_KINDS,
    "words_style": tuple(schema.WORDS_STYLES),
    "yes_no": tuple(schema.YES_NO),
}


def note_of(sheet: str, column: schema.Column, columns: Sequence[schema.Column] = ()) -> str:
    """The note on a column's header: what it holds, whether it must be filled, an example."""
    notes = NOTES[sheet]
    what, example = notes.get(column.key) or notes[column.key.partition(":")[0]]
    if column.required and column.optional_if:
        other = next(c.header for c in columns if c.key == column.optional_if)
        required = REQUIRED_UNLESS.format(other=other)
    else:
        required = REQUIRED if column.required else OPTIONAL
    return "\n".join((what, required, EXAMPLE.format(example=example)))


def _comment(text: str) -> Comment:
    lines = sum(math.ceil(len(line) / NOTE_LINE_CHARACTERS) or 1 for line in text.split("\n"))
    return Comment(text, AUTHOR, height=NOTE_LINE_HEIGHT * (lines + 1), width=NOTE_WIDTH)


def guide_table(sheet: Worksheet, columns: Sequence[schema.Column]) -> None:
    """Notes on the headers of a table sheet (row 1) and a rule on each column it has one for,
    from row 2 to Excel's last row."""
    for number, column in enumerate(columns, start=1):
        sheet.cell(1, number).comment = _comment(note_of(sheet.title, column, columns))
        letter = get_column_letter(number)
        rule = _rule(sheet.title, column, f"{letter}2")
        if rule is not None:
            rule.add(f"{letter}2:{letter}{LAST_ROW}")
            sheet.add_data_validation(rule)


def guide_parameters(sheet: Worksheet, rows: Sequence[schema.Column]) -> None:
    """Notes on the Projekts sheet's parameter names (column A, from row 2) and a rule on each
    value (column B) it has one for."""
    for number, column in enumerate(rows, start=2):
        sheet.cell(number, 1).comment = _comment(note_of(sheet.title, column))
        rule = _rule(sheet.title, column, f"B{number}")
        if rule is not None:
            rule.add(f"B{number}")
            sheet.add_data_validation(rule)


def _rule(sheet: str, column: schema.Column, first: str) -> DataValidation | None:
    """Excel's rule for a column's values (``first``: its first cell, which a formula names),
    or None where Excel cannot say more than any text."""
    kind = column.kind
    if kind == "date":
        return _refusing(
            DataValidation(
                type="date",
                operator="between",
                formula1=str(to_excel(date(FIRST_YEAR, 1, 1))),
                formula2=str(to_excel(date(LAST_YEAR, 12, 31))),
            ),
            DATE_RULE.format(first=FIRST_YEAR, last=LAST_YEAR),
        )
    if kind == "amount":
        formula = AMOUNT_FORMULA.format(cell=first)
        return _refusing(DataValidation(type="custom", formula1=formula), AMOUNT_RULE)
    if kind == "count":
        low, high = PARAMETER_RANGES.get(column.key, (0, LARGEST_COUNT))
        return _refusing(
            DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(high)),
            COUNT_RULE.format(low=low, high=f"{high:,}".replace(",", "\u00a0")),
        )
    if kind in CHOICES:
        choices = CHOICES[kind]
        return _refusing(
            DataValidation(type="list", formula1='"{}"'.format(",".join(choices))),
            CHOICE_RULE.format(choices=", ".join(choices)),
        )
    if kind == "code" and sheet == schema.PARTNERS_SHEET:
        return _refusing(
            DataValidation(
                type="textLength", operator="between", formula1="1", formula2=str(LONGEST_CODE)
            ),
            CODE_RULE,
        )
    if kind == "code":
        return _refusing(DataValidation(type="list", formula1=PARTNER_CODES), CODE_LIST_RULE)
    return None


def _refusing(rule: DataValidation, message: str) -> DataValidation:
    """``rule`` refusing a value it does not allow, with ``message``; an empty cell allowed."""
    rule.allow_blank = True
    rule.showErrorMessage = True
    rule.errorStyle = "stop"
    rule.errorTitle = RULE_TITLE
    rule.error = message
    return rule
