"""Rendering Word templates in a sandboxed, autoescaping, strict Jinja environment with filters.

Template editors get filters for amounts in figures and words, dates in each case and
percentages (docs/templates.md). A missing field is an error, never a gap in a signed document;
a template reaching for Python internals (``''.__class__``) is refused by the sandbox, and one
that would make a value or a document too large, or run too long, is stopped
(docgen/documents/sandbox.py).
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import RichText
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from lxml import etree

from docgen.documents.context import BLANK_LINE, Blank
from docgen.documents.kinds import TEMPLATE_FILES, TEMPLATE_NAMES
from docgen.documents.prepared import EmptyValue, PreparedTemplate
from docgen.documents.sandbox import LimitedEnvironment
from docgen.errors import AmountError, TemplateError
from docgen.files import write_bytes
from docgen.i18n import _
from docgen.latvian.formatting import (
    NBSP,
    format_amount,
    format_date,
    format_percent,
    format_share,
)
from docgen.latvian.words import amount_in_words


def _euro_rich(before: str, after: str = "") -> RichText:
    """Text with the word *euro* in italics, as legal text sets the currency."""
    text = RichText(before)
    text.add("euro", italic=True)
    if after:
        text.add(after)
    return text


def _amount(value: Decimal | Blank) -> str:
    return BLANK_LINE if isinstance(value, Blank) else format_amount(value)


def _euro(value: Decimal | Blank) -> RichText:
    # A no-break space: the figure and its currency never part at a line end.
    return _euro_rich(f"{_amount(value)}{NBSP}")


class WordsFilters:
    """The filters that write amounts in words, in the workbook's style of words. The style may
    be set after templates are compiled (Jinja binds a filter when it compiles a template)."""

    def __init__(self, style: str = "accounting"):
        self.style = style

    def words(self, value: Decimal | Blank) -> RichText:
        if isinstance(value, Blank):  # a form: the amount in words written by hand
            return RichText(BLANK_LINE * 2)
        text = amount_in_words(value, self.style)
        before, _, after = text.partition(" euro")
        return _euro_rich(f"{before}{NBSP}", after)

    def words_text(self, value: Decimal | Blank) -> str:
        return BLANK_LINE * 2 if isinstance(value, Blank) else amount_in_words(value, self.style)


def _date(value: date | Blank, case: str = "numeric") -> str:
    return BLANK_LINE if isinstance(value, Blank) else format_date(value, case)


def _percent(value: Decimal | Blank) -> str:
    return BLANK_LINE if isinstance(value, Blank) else format_percent(value)


def _share(value: Decimal | Blank) -> str:
    return BLANK_LINE if isinstance(value, Blank) else format_share(value)


def _capfirst(value: str) -> str:
    """The text with its first letter capitalised and the rest as it is, for a workbook value
    that begins a line or sentence ("domes priekšsēdētājs" → "Domes priekšsēdētājs");
    Jinja's ``capitalize`` would lower the rest ("LM" → "Lm")."""
    return value[:1].upper() + value[1:]


def _refusing_empty(name: str, filter_: Callable[..., Any]) -> Callable[..., Any]:
    """The filter, refusing an empty value (None) in docgen's words rather than Python's."""

    @functools.wraps(filter_)
    def filtered(value: Any, *args: Any, **kwargs: Any) -> Any:
        if value is None:
            raise EmptyValue(name)
        return filter_(value, *args, **kwargs)

    return filtered


def make_environment(
    words_style: str = "accounting", words: WordsFilters | None = None
) -> SandboxedEnvironment:
    """The Jinja environment templates render in: sandboxed, limited in size and time
    (docgen/documents/sandbox.py), autoescaped, strict."""
    env = LimitedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    words = words or WordsFilters(words_style)
    docgen_filters = {
        "amount": _amount,
        "euro": _euro,
        "words": words.words,
        "words_text": words.words_text,
        "date": _date,
        "percent": _percent,
        "share": _share,
        "capfirst": _capfirst,
    }
    env.filters.update({k: _refusing_empty(k, f) for k, f in docgen_filters.items()})
    return env


def _placed(path: Path, text: object) -> str:
    return f"{path}: {text}"


@contextmanager
def template_errors(path: Path) -> Iterator[None]:
    """Turn any template fault into a TemplateError naming the template.

    Syntax, an unknown field or filter, a forbidden access, a filter given the wrong kind of
    value: each is the template's fault, never a traceback.
    """
    try:
        yield
    except SecurityError as exc:
        message = _("{path}: forbidden in a template: {reason}")
        raise TemplateError(message.format(path=path, reason=exc)) from exc
    except jinja2.UndefinedError as exc:
        message = _("{path}: unknown field: {reason}")
        raise TemplateError(message.format(path=path, reason=exc.message)) from exc
    except jinja2.TemplateSyntaxError as exc:
        message = _("{path}: line {line} of the template: {reason}")
        raise TemplateError(message.format(path=path, line=exc.lineno, reason=exc.message)) from exc
    except jinja2.TemplateError as exc:
        # Jinja's own words after the template's name: no words of docgen's to translate (Jinja
        # has no catalog, so they stay English)
        raise TemplateError(_placed(path, exc.message or exc)) from exc
    except (AmountError, TypeError, ValueError) as exc:
        message = _("{path}: a filter could not format a value: {reason}")
        raise TemplateError(message.format(path=path, reason=exc)) from exc
    except ArithmeticError as exc:  # 1/0, a float too large
        message = _("{path}: a value could not be computed: {reason}")
        raise TemplateError(message.format(path=path, reason=exc)) from exc


class Renderer:
    """The templates of one folder, each prepared once (on first use) and rendered many times."""

    def __init__(self, templates: Path, words_style: str = "accounting"):
        self.templates = Path(templates)
        self.words = WordsFilters(words_style)  # its style may be set later
        self.env = make_environment(words=self.words)
        self._prepared: dict[str, PreparedTemplate] = {}

    def path(self, kind: str) -> Path:
        return self.templates / TEMPLATE_FILES[kind]

    def prepare(self, kind: str) -> PreparedTemplate:
        """The prepared template of a kind, prepared now if it was not yet."""
        prepared = self._prepared.get(kind)
        if prepared is None:
            with template_errors(self.path(kind)):
                prepared = self._prepared[kind] = PreparedTemplate(self.path(kind), self.env)
        return prepared

    def render(self, kind: str, context: dict[str, Any]) -> bytes:
        """The .docx bytes of one document of this kind; a form in parts (the claim form's
        advance and interim parts) is each part rendered, then joined."""
        prepared = self.prepare(kind)
        with template_errors(self.path(kind)):
            if "parts" in context:
                return joined([prepared.render(part) for part in context["parts"]])
            return prepared.render(context)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY = "word/document.xml"


def joined(documents: list[bytes]) -> bytes:
    """One .docx of several rendered from the same template (so their styles, footers and
    relationships are the same): the first, with the bodies of the others after it, each from
    a new page."""
    if len(documents) == 1:
        return documents[0]
    with zipfile.ZipFile(io.BytesIO(documents[0])) as first:
        root = etree.fromstring(first.read(_BODY))
        body = root.find(f"{_W}body")
        last = body[-1]  # the final section's properties stay last
        for data in documents[1:]:
            with zipfile.ZipFile(io.BytesIO(data)) as other:
                other_body = etree.fromstring(other.read(_BODY)).find(f"{_W}body")
            page_break = etree.SubElement(etree.Element(f"{_W}p"), f"{_W}r")
            etree.SubElement(page_break, f"{_W}br", {f"{_W}type": "page"})
            last.addprevious(page_break.getparent())
            for child in list(other_body)[:-1]:
                last.addprevious(child)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in first.infolist():
                data = first.read(info)
                if info.filename == _BODY:
                    data = etree.tostring(
                        root, xml_declaration=True, encoding="UTF-8", standalone=True
                    )
                target.writestr(info, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def render_document(path: Path, context: dict[str, Any], env: SandboxedEnvironment) -> bytes:
    """Render one template once (the Renderer keeps templates prepared for many)."""
    with template_errors(path):
        return PreparedTemplate(path, env).render(context)


def copy_default_templates(directory: Path) -> list[Path]:
    """Copy the default templates (shipped in the package) into ``directory``."""
    source = resources.files("docgen.default_templates")
    return [
        write_bytes(Path(directory) / name, source.joinpath(name).read_bytes())
        for name in TEMPLATE_NAMES
    ]
