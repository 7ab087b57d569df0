"""The agreement cited as it is: by its number and date, with the amendments made by the day a
claim or report is made; the CFLA agreement with its number and date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from docgen.batch.run import run_batch
from tests.helpers import TEMPLATES, amount, text_of

SIGNED = "2016. gada 14. aprīļa sadarbības līgums Nr. 9.2.1.1/15/I/001/1"
AMENDED = " ar grozījumiem, kas izdarīti ar 2017. gada 1. marta vienošanos Nr. 1"


def _made(book, tmp_path):
    out = tmp_path / "out"
    result = run_batch(book.save(), out, TEMPLATES, jobs=1, today=date(2024, 1, 5))
    assert result.count("failed") == 0
    return out / "JURMALA"


def test_claims_and_reports_after_an_amendment_cite_it(book, tmp_path) -> None:
    book.amendments = [
        {
            "Kods": "JURMALA",
            "Nr.": 1,
            "Datums": date(2017, 3, 1),
            "Apmācības un supervīzija": "11 000,01",
        }
    ]
    folder = _made(book, tmp_path)
    before = text_of(folder / "JURMALA_maksajuma_pieprasijums_1.docx")  # made 02.01.2017.
    after = text_of(folder / "JURMALA_maksajuma_pieprasijums_2.docx")  # made 03.07.2017.
    assert f"Sadarbības līgums | {SIGNED}\n" in before
    assert f"Sadarbības līgums | {SIGNED}{AMENDED}\n" in after
    report = text_of(folder / "JURMALA_progresa_parskats_2017-01-01_2017-06-30.docx")
    assert f"{SIGNED}{AMENDED}" in report


def test_the_agreement_cites_the_cfla_agreement_by_its_number_and_date(book, tmp_path) -> None:
    text = text_of(_made(book, tmp_path) / "JURMALA_sadarbibas_ligums.docx")
    assert "(turpmāk – CFLA) 2016. gada 31. marta vienošanos Nr. 9.2.1.1/15/I/001 par" in text
    book.project["CFLA vienošanās Nr."] = "CFLA/2016/9"
    text = text_of(_made(book, tmp_path / "again") / "JURMALA_sadarbibas_ligums.docx")
    assert "2016. gada 31. marta vienošanos Nr. CFLA/2016/9 par Projekta īstenošanu" in text


def test_the_summary_counts_a_final_claim_by_the_day_it_was_made(book, tmp_path) -> None:
    final = dict(book.claims[2], **{"Nr.": 2, "No": date(2017, 1, 1), "Līdz": date(2023, 12, 31)})
    final.update({"Pilotprojekts": 0, "Apmācības un supervīzija": 0})
    final["Datums"] = date(2024, 1, 9)  # made after the period, within its deadline
    book.claims.append(final)
    book.progress.append(
        dict(book.progress[2], **{"No": date(2017, 1, 1), "Līdz": date(2023, 12, 31)})
    )
    out = tmp_path / "out"
    run_batch(book.save(), out, TEMPLATES, kinds=("summary",), jobs=1, today=date(2024, 2, 1))
    [path] = out.glob("kopsavilkums_*.docx")
    text = text_of(path)
    assert (
        "Līdz 2023. gada 31. decembrim noslēguma maksājuma pieprasījumu iesnieguši 0 no 2 "
        "sadarbības partneriem; pēc šī datuma – vēl 1 (pēdējais 2024. gada 9. janvārī)."
    ) in text
    assert "Ādažu novada pašvaldība | " in text and " | 09.01.2024." in text


def test_the_final_claim_and_report_reconcile_the_targets(book, tmp_path) -> None:
    book.partners[1]["Mērķis: AIS novērtējumi"] = 4
    final = dict(book.claims[2], **{"Nr.": 2, "No": date(2017, 1, 1), "Līdz": date(2023, 12, 31)})
    final.update({"Pilotprojekts": 0, "Apmācības un supervīzija": 0})
    book.claims.append(final)
    last = dict(book.progress[2], **{"No": date(2017, 1, 1), "Līdz": date(2023, 12, 31)})
    last["AIS novērtējumi"] = 0
    book.progress.append(last)
    words = (
        "Līguma darbības beigās nav sasniegta mērķa vērtība: AIS novērtējumi – 3 no 4 "
        "(75,00\u00a0%, trūkst 1). Sadarbības partnera skaidrojums: "
    )
    out = tmp_path / "out"
    run_batch(book.save(), out, TEMPLATES, kinds=("claim", "report"), jobs=1)
    claim = text_of(out / "ADAZI" / "ADAZI_maksajuma_pieprasijums_2.docx")
    report = text_of(out / "ADAZI" / "ADAZI_progresa_parskats_2017-01-01_2023-12-31.docx")
    assert f"{words}nav sniegts." in claim and f"{words}nav sniegts." in report
    assert "AIS novērtējumi | 4 | 3 | 75,00\u00a0%" in claim
    interim = text_of(out / "ADAZI" / "ADAZI_maksajuma_pieprasijums_1.docx")
    assert "Rādītāju izpilde" not in interim
    # no decision of LM's yet, then one that accepts the claim in full
    assert "Ministrijas lēmums par finansējumu nesasniegto mērķa vērtību dēļ vēl nav pieņemts." in (
        claim
    )
    book.claims[-1]["Lēmums"] = "2024. gada 22. janvāra lēmums Nr. 1-5/7"
    run_batch(book.save(), tmp_path / "decided", TEMPLATES, kinds=("claim",), jobs=1)
    decided = text_of(tmp_path / "decided" / "ADAZI" / "ADAZI_maksajuma_pieprasijums_2.docx")
    assert (
        "Noslēguma maksājuma pieprasījums apstiprināts pilnā apmērā, neraugoties uz "
        "nesasniegtajām mērķa vērtībām (lēmums: 2024. gada 22. janvāra lēmums Nr. 1-5/7)."
    ) in decided
    last["Skaidrojums"] = "Klientu bija mazāk, nekā plānots."
    run_batch(book.save(), tmp_path / "again", TEMPLATES, kinds=("report",), jobs=1)
    report = text_of(
        tmp_path / "again" / "ADAZI" / "ADAZI_progresa_parskats_2017-01-01_2023-12-31.docx"
    )
    assert f"{words}Klientu bija mazāk, nekā plānots." in report


def test_the_whole_projects_summary_runs_to_an_extended_end(book, tmp_path) -> None:
    book.amendments = [
        {"Kods": "ADAZI", "Nr.": 1, "Datums": date(2018, 3, 1), "Beigas": date(2024, 6, 30)}
    ]
    out = tmp_path / "out"
    run_batch(book.save(), out, TEMPLATES, kinds=("summary",), jobs=1, today=date(2024, 7, 1))
    assert [p.name for p in out.glob("kopsavilkums_*.docx")] == [
        "kopsavilkums_2016-04-18_2024-06-30.docx"
    ]


def test_a_claim_approved_below_claimed_pays_what_was_approved(book, tmp_path) -> None:
    # JURMALA: advance 2 000,00 (claim 1); claim 2 claims pilot 400,00 and training 3 000,00,
    # of which LM approves 2 500,00.
    book.with_advance("2000,00")
    book.claims[1]["Apstiprināts: Apmācības un supervīzija"] = "2 500,00"
    book.claims[1]["Lēmums"] = "2017. gada 10. janvāra lēmums Nr. 1-5/1"
    out = tmp_path / "out"
    run_batch(book.save(), out, TEMPLATES, kinds=("claim",), jobs=1)
    text = text_of(out / "JURMALA" / "JURMALA_maksajuma_pieprasijums_2.docx")
    # by hand: LM of the claimed costs 400,00 + 70 % of 3 000,00 = 2 500,00; of the approved
    # 400,00 + 1 750,00 = 2 150,00: 350,00 not approved; the advance 2 000,00 is offset, 150,00
    # payable.
    labels = (
        "Ministrijas finansējums par pārskata periodu",
        "Neapstiprinātais Ministrijas finansējums",
        "Ieskaitītais avanss",
        "Izmaksājamā summa",
    )
    rows = {
        line.split(" | ")[0]: [amount(c) for c in line.split(" | ")[1:]]
        for line in text.splitlines()
        if line.split(" | ")[0] in labels and " | " in line
    }
    assert list(rows) == list(labels)
    assert rows["Ministrijas finansējums par pārskata periodu"][0] == D("2500.00")
    assert rows["Neapstiprinātais Ministrijas finansējums"][0] == D("350.00")
    assert rows["Ieskaitītais avanss"][0] == D("2000.00")
    assert rows["Izmaksājamā summa"][0] == D("150.00")
    for column in range(3):  # each column adds up, and the fund + state budget = the whole
        assert rows["Izmaksājamā summa"][column] == (
            rows["Ministrijas finansējums par pārskata periodu"][column]
            - rows["Neapstiprinātais Ministrijas finansējums"][column]
            - rows["Ieskaitītais avanss"][column]
        )
    for figures in rows.values():
        assert figures[0] == figures[1] + figures[2]
    assert "(lēmums: 2017. gada 10. janvāra lēmums Nr. 1-5/1):" in text
    assert "Apmācības un supervīzija | 3\u00a0000,00 | 2\u00a0500,00 | 500,00" in text
