"""Every document's footer: "X. lpp. no N" as Word's PAGE and NUMPAGES fields (Word and
LibreOffice fill them in), and on the agreement, its consolidated version and an amendment the
agreement's number, so that a loose page says what it belongs to."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

from tests.helpers import TEMPLATES, invoke

PAGES = "{PAGE}. lpp. no {NUMPAGES}"


def footer(path: Path) -> str:
    """The footer's text as its XML has it: a tab as "\\t", a Word field by its name ("{PAGE}")."""
    with zipfile.ZipFile(path) as docx:
        [xml] = [
            docx.read(n).decode() for n in docx.namelist() if re.match(r"word/footer\d*\.xml$", n)
        ]
    xml = re.sub(r'<w:fldSimple w:instr=" (\w+) ">.*?</w:fldSimple>', r"<w:t>{\1}</w:t>", xml)
    xml = xml.replace("<w:tab/>", "<w:t>\t</w:t>")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def test_every_document_numbers_its_pages_x_of_n(made) -> None:
    _, out = made
    documents = list(out.rglob("*.docx"))
    kinds = ("sadarbibas_ligums", "maksajuma_pieprasijums", "progresa_parskats", "kopsavilkums")
    assert all(any(k in p.name for p in documents) for k in kinds)
    for path in documents:
        assert footer(path).endswith(PAGES), path.name
    # a claim, a report, the summary: the page number alone
    assert footer(out / "JURMALA" / "JURMALA_maksajuma_pieprasijums_1.docx") == PAGES


def test_the_agreement_carries_its_number_in_the_footer(made) -> None:
    _, out = made
    text = footer(out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx")
    assert text == f"Sadarbības līgums Nr. 9.2.1.1/15/I/001/1\t{PAGES}"


def test_an_amendment_and_the_consolidated_agreement_carry_the_agreements_number(
    book, tmp_path
) -> None:
    book.amendments = [
        {"Kods": "JURMALA", "Nr.": 1, "Datums": date(2023, 6, 1), "Beigas": date(2024, 6, 30)}
    ]
    out = tmp_path / "out"
    result = invoke("amendment", book.save(), "--out", out, "--templates", TEMPLATES)
    assert result.exit_code == 0, result.output
    assert footer(out / "JURMALA" / "JURMALA_grozijumi_1.docx") == (
        f"Vienošanās Nr. 1 par grozījumiem sadarbības līgumā Nr. 9.2.1.1/15/I/001/1\t{PAGES}"
    )
    assert footer(out / "JURMALA" / "JURMALA_sadarbibas_ligums_konsolideta.docx") == (
        f"Sadarbības līgums Nr. 9.2.1.1/15/I/001/1 (konsolidētā redakcija)\t{PAGES}"
    )
