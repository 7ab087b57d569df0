"""The cooperation agreement read as a ministry lawyer reads it before signing: its term, the
clauses an ESF agreement between public bodies has, the wording the legal review asked for, who
signs on what authority, and cross-references that lead to clauses that exist."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.helpers import SHIPPED_WORKBOOK, TEMPLATES, invoke, text_of


def reading(path: Path) -> str:
    """The text as a reader reads it: no-break spaces as spaces, each line as it stands."""
    return text_of(path).replace("\u00a0", " ")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The agreements of three partners of the example workbook: a chair under the bylaws, an
    executive director under a council decision, and one whose date is not yet known."""
    out = tmp_path_factory.mktemp("agreements")
    codes = ("JURMALA", "KEKAVAS_NOV", "RIGA")
    args = [a for code in codes for a in ("--partner", code)]
    result = invoke("agreement", SHIPPED_WORKBOOK, "--out", out, "--templates", TEMPLATES, *args)
    assert result.exit_code == 0, result.output
    return {code: reading(out / code / f"{code}_sadarbibas_ligums.docx") for code in codes}


# Each clause of an ESF cooperation agreement between public bodies, by the words that show it.
CLAUSES = {
    "the CFLA agreement and the duty to follow it": [
        "Centrālās finanšu un līgumu aģentūras (turpmāk – CFLA)",
        "vienošanos Nr. 9.2.1.1/15/I/001 par Projekta īstenošanu (turpmāk – Vienošanās)",
        "Sadarbības partneris ievēro Vienošanās prasības",
    ],
    "the governing acts with their full titles": [
        'Ministru kabineta 2019. gada 17. decembra noteikumiem Nr. 686 "Darbības programmas '
        '"Izaugsme un nodarbinātība" 9.2.1. specifiskā atbalsta mērķa',
        "Eiropas Savienības struktūrfondu un Kohēzijas fonda 2014.–2020. gada plānošanas perioda "
        "vadības likumu",
        'Ministru kabineta 2014. gada 16. decembra noteikumus Nr. 784 "Kārtība, kādā Eiropas',
        'Ministru kabineta 2015. gada 8. septembra noteikumu Nr. 517 "Kārtība, kādā ziņo par '
        "konstatētajām neatbilstībām un atgūst neatbilstoši veiktos izdevumus",
    ],
    "checks and audits, access and the documents kept": [
        "Finanšu ministrija kā vadošā iestāde",
        "revīzijas iestāde",
        "Valsts kontrole",
        "Eiropas Komisija",
        "Eiropas Revīzijas palāta",
        "Eiropas Birojs krāpšanas apkarošanai",
        "nodrošina kontroles institūciju pārstāvjiem piekļuvi",
        "glabā visus ar Līguma izpildi saistītos dokumentus",
    ],
    "procurement, conflict of interest, suspected fraud": [
        "saskaņā ar Publisko iepirkumu likumu",
        '"Par interešu konflikta novēršanu valsts amatpersonu darbībā"',
        "Par aizdomām par krāpšanu",
    ],
    "personal data": [
        "Regulu (ES) 2016/679",
        "(Vispārīgā datu aizsardzības regula)",
        "Fizisko personu datu apstrādes likumu",
        "ir pārzinis",
        "īpašu kategoriju (veselības) dati par personām ar garīga rakstura traucējumiem",
        "tehniskus un organizatoriskus drošības pasākumus",
        "ne vēlāk kā 24 stundu laikā",
        "glabā ne ilgāk, kā nepieciešams",
    ],
    "the legal basis of processing personal data and health data": [
        "Personas datu apstrādes tiesiskais pamats ir Regulas 2016/679 6. panta 1. punkta c) un "
        "e) apakšpunkts",
        "lai Puse izpildītu tai normatīvajos aktos noteiktos juridiskos pienākumus",
        "uzdevumus, ko tā veic sabiedrības interesēs vai īstenojot tai likumīgi piešķirtās "
        "oficiālās pilnvaras",
        "Veselības datus apstrādā saskaņā ar Regulas 2016/679 9. panta 2. punkta h) apakšpunktu "
        "sociālās aprūpes nodrošināšanai",
    ],
    "force majeure": ["14. Nepārvarama vara", "ja to izraisījusi nepārvarama vara"],
    "missed targets": ["proporcionāli nesasniegtajai rādītāja daļai"],
    "irregular expenditure recovered": [
        "lēmumu par neatbilstoši veikto izdevumu atgūšanu",
        "20 (divdesmit) darbdienu laikā pēc lēmuma saņemšanas",
        "ieturēt no nākamajiem Sadarbības partnerim veicamajiem maksājumiem",
    ],
    "advances: cap, offset, repayment": [
        "Avansa kopsumma nepārsniedz 30 % no Līguma 4.2. apakšpunktā noteiktā Ministrijas "
        "finansējuma",
        "Izmaksāto avansu Ministrija ieskaita pēc iespējas ātrāk",
        "Sadarbības partneris neieskaitīto avansu atmaksā Ministrijai",
    ],
    "termination by agreement or for a breach not remedied, and the settlement": [
        "17.1.\tLīgumu var izbeigt pirms termiņa, Pusēm rakstiski vienojoties.",
        "17.2.\tPuse var vienpusēji izbeigt Līgumu, ja otra Puse būtiski pārkāpj Līgumu un nav "
        "novērsusi pārkāpumu termiņā, ko Puse tai noteikusi rakstiskā paziņojumā par pārkāpumu "
        "un kas nav īsāks par 20 (divdesmit) darbdienām.",
        "17.3.\tMinistrija var vienpusēji izbeigt Līgumu, rakstiski paziņojot Sadarbības "
        "partnerim, ja tiek izbeigta Vienošanās.",
        "17.4.\tJa Līgums tiek izbeigts, Sadarbības partneris 20 (divdesmit) darbdienu laikā "
        "iesniedz noslēguma maksājuma pieprasījumu",
        "Ministrija finansē attiecināmās izmaksas, kas radušās līdz Līguma izbeigšanas dienai",
    ],
    "disputes in the administrative court": [
        "publisko tiesību līgums",
        "divas publiskas personas",
        "administratīvajā tiesā Administratīvā procesa likumā noteiktajā kārtībā",
    ],
    "contact persons and both parties' e-mail": [
        "19. Kontaktpersonas un saziņa",
        "Ministrijas: Līga Ozola, e-pasts: liga.ozola@lm.gov.lv",
        "Kontaktpersonas nav tiesīgas grozīt Līgumu",
        "E-pasts: lm@lm.gov.lv",
        "Banka: Valsts kase",
        "BIC: TRELLV22",
    ],
    "annexes listed": [
        '1. pielikums "Sadarbības partnera budžets"',
        '2. pielikums "Maksājuma pieprasījuma veidlapa"',
        '3. pielikums "Progresa pārskata veidlapa"',
    ],
}


@pytest.mark.parametrize("clause", CLAUSES)
def test_the_agreement_has_the_clause(shipped, clause: str) -> None:
    for code, text in shipped.items():
        for words in CLAUSES[clause]:
            assert words in text, (code, words)


# The review's findings, each with the correct Latvian and the wrong form that must be gone.
WORDING = [
    (
        '"Paaugstināt sociālo dienestu darba efektivitāti un darbinieku profesionalitāti darbam '
        'ar riska situācijās esošām personām"',
        "un sociālo darbinieku profesionalitāti",
    ),
    ("Sadarbības partneris nodrošina apmācībām nepieciešamo tehnisko aprīkojumu", None),
    (
        "sociālā dienesta un pašvaldības izveidoto citu sociālo pakalpojumu sniedzēju sociālā "
        "darba speciālisti",
        None,
    ),
    ("Līguma 2.1.–2.7. apakšpunktā", "Līguma 2. punkt"),
    ("(turpmāk abas kopā – Puses, katra atsevišķi – Puse)", "\nabas kopā – Puses"),
    ("nepieļauj dubulto finansējumu", "nav finansētas un netiks pieprasītas no citiem finanšu"),
    ("pārbaudes termiņu aptur", None),
    ("parakstīts ar drošu elektronisko parakstu un satur laika zīmogu", None),
    ("administratīvajā tiesā", "Latvijas Republikas tiesā"),
]


@pytest.mark.parametrize(("right", "wrong"), WORDING, ids=[w[0][:40] for w in WORDING])
def test_the_reviewed_wording(shipped, right: str, wrong: str | None) -> None:
    for code, text in shipped.items():
        assert right in text, code
        if wrong:
            assert wrong not in text, code


def test_double_financing_is_the_ministry_funded_share_and_cofinancing_is_expected(
    shipped,
) -> None:
    text = shipped["JURMALA"]
    assert (
        "Ministrijas finansētās izmaksas (Ministrijas finansējuma daļa, ko veido Eiropas Sociālā "
        "fonda un valsts budžeta finansējums) netiek finansētas no citiem Eiropas Savienības "
        "fondiem, citas ārvalstu finanšu palīdzības vai citiem valsts budžeta līdzekļiem"
    ) in text
    assert "Līdzfinansējumu no Sadarbības partnera budžeta" in text


def test_the_indicators_are_named_as_in_the_reports_and_the_workbook(shipped) -> None:
    from docgen.records import DEFAULT_INDICATORS

    for name in (i.name for i in DEFAULT_INDICATORS):
        assert re.search(rf"^{re.escape(name)} \| ", shipped["JURMALA"], re.M), name


# --- The term: in force from the last signature, never from a date before it ------------------


def test_the_agreement_takes_effect_at_the_last_signature_and_lasts_until_done(shipped) -> None:
    for code, text in shipped.items():
        assert (
            "Līgums stājas spēkā dienā, kad to ar drošu elektronisko parakstu parakstījusi "
            "pēdējā no Pusēm"
        ) in text
        assert "Tas ir spēkā līdz Pušu saistību pilnīgai izpildei" in text
        assert "(turpmāk – izmaksu attiecināmības periods)" in text
        assert not re.search(r"(ir )?spēkā no \d{4}\. gada", text), code


def test_no_agreement_carries_a_date_of_its_own(shipped) -> None:
    jurmala = shipped["JURMALA"]
    assert "pēdējā pievienotā droša elektroniskā paraksta laika zīmoga datums" in jurmala
    # The eligibility period is the only date range; no "Rīgā, 2021. gada …" line.
    assert not re.search(r"Rīgā,? \d{4}\. gada", jurmala)


# --- Who signs, on what authority --------------------------------------------------------------


def test_the_authority_names_the_act_with_the_institution(shipped) -> None:
    assert (
        "tās domes priekšsēdētāja" in shipped["JURMALA"]
        and "rīkojas saskaņā ar Jūrmalas valstspilsētas pašvaldības nolikumu, no otras puses"
        in shipped["JURMALA"]
    )
    assert re.search(
        r"tās izpilddirektora Jura Lapiņa personā, kurš rīkojas saskaņā ar Ķekavas novada "
        r"pašvaldības domes 2021\. gada \d+\. jūlija lēmumu Nr\. \d+, no otras puses",
        shipped["KEKAVAS_NOV"],
    )
    for text in shipped.values():
        assert "kura rīkojas saskaņā ar Labklājības ministrijas nolikumu" in text


# --- Cross-references lead somewhere -----------------------------------------------------------


def test_every_cross_reference_names_a_clause_that_exists(shipped) -> None:
    for code, text in shipped.items():
        numbers = set(re.findall(r"^(\d+(?:\.\d+)*)\.\t", text, re.M))
        sections = set(re.findall(r"^(\d+)\. \S", text, re.M))
        assert len(sections) >= 20 and len(numbers) >= 80, code
        for match in re.finditer(
            r"Līguma ((?:\d+\.)+(?:–(?:\d+\.)+)?)(?:,| un| apakšp| punkt)", text
        ):
            for ref in re.findall(r"\d+(?:\.\d+)*", match.group(1)):
                target = sections if "." not in ref else numbers
                assert ref in target, (code, match.group(0))
        # "Līguma 2.1., 2.3. un 2.4. apakšpunktā": each in a list too
        for listed in re.finditer(r"Līguma ((?:\d+\.\d+\.(?:, | un )?)+) apakšpunkt", text):
            for ref in re.findall(r"\d+\.\d+", listed.group(1)):
                assert ref in numbers, (code, listed.group(0))


def test_no_party_may_end_the_agreement_at_will(shipped) -> None:
    # the ministry answers to CFLA for the partner's targets: never "on a month's notice"
    for code, text in shipped.items():
        termination = text.split("17. Līguma izbeigšana")[1].split("18. Strīdu risināšana")[0]
        assert not re.search(r"vienpusēji[^.]*(mēne|iepriekš)", termination), code
        assert "nekavējoties" not in termination, code
        assert re.findall(r"^17\.(\d+)\.\t", termination, re.M) == ["1", "2", "3", "4"], code


def test_every_clause_17_cited_is_the_one_meant(shipped) -> None:
    for code, text in shipped.items():
        numbers = set(re.findall(r"^(\d+(?:\.\d+)+)\.\t", text, re.M))
        cited = re.findall(r"\b(17\.\d+)\.(?: |–)", text)
        assert cited, code
        assert set(cited) <= numbers, code
        # force majeure (14.3) settles as a termination does: by 17.4, the settlement
        assert "Norēķinus veic Līguma 17.4. apakšpunktā noteiktajā kārtībā." in text
        assert "\n17.4.\tJa Līgums tiek izbeigts" in text, code


def test_the_cfla_agreement_without_its_date_is_cited_by_its_number(book, tmp_path) -> None:
    del book.project["CFLA vienošanās datums"]
    out = tmp_path / "out"
    result = invoke("agreement", book.save(), "--out", out, "--templates", TEMPLATES)
    assert result.exit_code == 0, result.output
    text = reading(out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx")
    assert (
        "Centrālās finanšu un līgumu aģentūras (turpmāk – CFLA) vienošanos Nr. 9.2.1.1/15/I/001 "
        "par Projekta īstenošanu (turpmāk – Vienošanās)"
    ) in text


# --- The citation of the agreement in claims and reports ---------------------------------------


@pytest.mark.parametrize(
    ("signed", "cited"),
    [
        (date(2016, 4, 14), "2016. gada 14. aprīļa sadarbības līgums Nr. 9.2.1.1/15/I/001/1"),
        (None, "sadarbības līgums Nr. 9.2.1.1/15/I/001/1"),
    ],
)
@pytest.mark.parametrize(
    ("command", "document"),
    [
        ("claim", "JURMALA_maksajuma_pieprasijums_1.docx"),
        ("report", "JURMALA_progresa_parskats_2016-04-18_2016-12-31.docx"),
    ],
)
def test_claims_and_reports_cite_the_agreement_by_number_and_date(
    book, tmp_path: Path, signed: date | None, cited: str, command: str, document: str
) -> None:
    book.partners[0]["Līguma datums"] = signed
    out = tmp_path / "out"
    result = invoke(command, book.save(), "--out", out, "--templates", TEMPLATES)
    assert result.exit_code == 0, result.output
    text = reading(out / "JURMALA" / document)
    assert f"Sadarbības līgums | {cited}" in text
    if signed is None:
        assert "gada" not in text.split("Sadarbības līgums | ")[1].splitlines()[0]
    assert "no Līguma darbības sākuma" in text
    assert "no Projekta sākuma" not in text
