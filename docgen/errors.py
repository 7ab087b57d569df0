"""Every error docgen raises on purpose; anything else escaping is a bug."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from docgen.i18n import _, ngettext

MAX_QUOTED = 80  # characters of a value a message quotes; a longer one is cut with "…"


def shortened(text: str) -> str:
    """A value as a message quotes it: at most :data:`MAX_QUOTED` characters, the rest said by
    "…" (32 000-character names quoted whole made megabytes of messages)."""
    return text if len(text) <= MAX_QUOTED else text[: MAX_QUOTED - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in the input, with its place.

    ``place`` is where a user looks: ``Partneri!H7 (IBAN)``, ``Maksājumi (Nr.)`` or a file name.
    """

    place: str
    message: str
    severity: str = "error"  # "error" or "warning"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        if self.is_error:
            return f"{self.place}: {self.message}"
        return _("warning: {place}: {message}").format(place=self.place, message=self.message)


class DocgenError(Exception):
    """Base of every error docgen reports to its user."""


class WorkbookError(DocgenError):
    """The workbook cannot be read, or its data is wrong; ``problems`` lists every finding."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.is_error]
        lines = [str(p) for p in errors]
        total = ngettext(
            "{count} error in the workbook.", "{count} errors in the workbook.", len(errors)
        ).format(count=len(errors))
        super().__init__("\n".join([*lines, total]))

    def __reduce__(self) -> tuple[type, tuple[tuple[Problem, ...]]]:
        return type(self), (self.problems,)  # pickled whole (from the batch's reading process)


class AmountError(DocgenError, ValueError):
    """A text or number is not an amount of euro with at most two decimals."""


class TemplateError(DocgenError):
    """A template is broken: a mistyped field or filter, bad syntax, or a forbidden construct."""


class OutputError(DocgenError):
    """A document or export could not be written; ``reason`` is what the system said when it
    refused (``No space left on device``, ``Read-only file system``), empty otherwise."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return type(self), (str(self), self.reason)
