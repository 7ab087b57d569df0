"""docgen: documents and funding figures for the ESF project's partner municipalities.

The library behind the ``docgen`` command. Read a workbook with :func:`load` (or
:func:`validate` for every problem without raising), compute with :mod:`docgen.money`, write
amounts with :func:`amount_in_words` and :mod:`docgen.latvian.formatting`.
"""

import importlib
from typing import Any

__version__ = "0.1.0"  # the package's version (pyproject.toml reads it from here)

from docgen.errors import DocgenError, Problem, WorkbookError
from docgen.latvian.words import amount_in_words
from docgen.money import Split, claim_figures, parse_amount, partner_split, split, total_split
from docgen.records import Claim, Partner, Progress, Project, Rates, Workbook

# Reading workbooks needs lxml, stdnum and the holidays' calendar: a tenth of a second that the
# batch spends in another process, so docgen.workbook.reader is imported when first asked for;
# the batch likewise (it imports the documents' machinery, openpyxl and docxtpl).
_LAZY = {
    "Validation": "docgen.workbook.reader",
    "load": "docgen.workbook.reader",
    "validate": "docgen.workbook.reader",
    "run_batch": "docgen.batch.run",
    "BatchResult": "docgen.batch.run",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    # for programmers: Python's own message for a missing attribute
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BatchResult",
    "Claim",
    "DocgenError",
    "Partner",
    "Problem",
    "Progress",
    "Project",
    "Rates",
    "Split",
    "Validation",
    "Workbook",
    "WorkbookError",
    "amount_in_words",
    "claim_figures",
    "load",
    "parse_amount",
    "partner_split",
    "run_batch",
    "split",
    "total_split",
    "validate",
]
