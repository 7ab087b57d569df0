"""The package as a caller meets it: the public names at the top, and what importing costs."""

from __future__ import annotations

from decimal import Decimal

import docgen


def test_the_public_names_are_importable_from_docgen():
    from docgen import amount_in_words, load, partner_split, run_batch, validate

    assert callable(load) and callable(validate) and callable(run_batch)
    assert amount_in_words(Decimal("316.47")) == "trīs simti sešpadsmit euro un 47 centi"
    assert partner_split.__module__ == "docgen.money"
    for name in docgen.__all__:
        assert getattr(docgen, name) is not None


def test_importing_docgen_and_its_cli_needs_no_extra_and_reads_nothing_heavy(fresh_python):
    code = (
        "import sys, docgen, docgen.cli;"
        "heavy = ('openpyxl', 'numpy', 'docxtpl', 'matplotlib', 'fastapi', 'starlette', 'uvicorn');"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)) or 'none')"
    )
    assert fresh_python(code) == ["none"]
