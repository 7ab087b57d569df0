"""A workbook saved by LibreOffice Calc: formulas are read by the values Calc computed."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.workbook.reader import validate

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def calc_resave(source: Path, folder: Path) -> Path:
    """Open and save the workbook with LibreOffice Calc, which computes every formula."""
    out = folder / "calc"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out / source.name


def test_formulas_recalculated_by_calc_are_read(book, tmp_path: Path) -> None:
    book.partners[0]["Apmācības un supervīzija"] = 10000.01
    book.partners[0]["Attiecināmās izmaksas kopā"] = "=P2+Q2"
    book.partners[0]["LM finansējums kopā"] = "=ROUND(P2+Q2*0.7,2)"
    book.partners[1]["Attiecināmās izmaksas kopā"] = "=SUM(P3:Q3)"
    book.claims[1]["Apmācības un supervīzija"] = "=1000+0.5"
    source = book.save()
    assert str(validate(source).errors[0]).endswith(
        "the formula =P2+Q2 has no computed value; open the workbook in Excel or LibreOffice "
        "and save it"
    )

    result = validate(calc_resave(source, tmp_path))
    assert result.ok, [str(p) for p in result.problems]
    jurmala, adazi = result.workbook.partners
    assert jurmala.stated_eligible == Decimal("11000.01")
    assert jurmala.stated_lm == Decimal("8000.01")
    assert adazi.stated_eligible == Decimal("50000.00")
    assert result.workbook.claims_of("JURMALA")[1].costs["training"] == Decimal("1000.50")


def test_a_formula_that_calc_could_not_compute(book, tmp_path: Path) -> None:
    book.partners[0]["Attiecināmās izmaksas kopā"] = "=P2+Q2"  # Q2 holds text: #VALUE!
    result = validate(calc_resave(book.save(), tmp_path))
    assert [str(p) for p in result.errors] == [
        "Partneri!S2 (Attiecināmās izmaksas kopā): the formula =P2+Q2 gives the error #VALUE!"
    ]
