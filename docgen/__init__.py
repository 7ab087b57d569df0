"""docgen: documents and funding figures for the ESF project's partner municipalities.

The library behind the ``docgen`` command. Read a workbook with :func:`load` (or
:func:`validate` for every problem without raising), compute with :mod:`docgen.money`, write
amounts with :func:`amount_in_words` and :mod:`docgen.formatting`.
"""

from typing import Any

__version__ = "0.1.0"  # the package's version (pyproject.toml reads it from here)

from .errors import DocgenError, Problem, WorkbookError
from .money import Split, claim_figures, parse_amount, partner_split, split, total_split
from .records import Claim, Partner, Progress, Project, Rates, Workbook
from .words import amount_in_words

# Reading workbooks needs openpyxl (and, through it, numpy): a quarter of a second that the batch
# spends in another process, so docgen.workbook is imported when first asked for.
_FROM_WORKBOOK = {"Validation", "load", "validate"}


def __getattr__(name: str) -> Any:
    if name in _FROM_WORKBOOK:
        from . import workbook

        return getattr(workbook, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
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
    "split",
    "total_split",
    "validate",
]
