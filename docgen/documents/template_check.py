"""Checking templates before anything is rendered: fields, filters, syntax, tags Word split.

Every ``{{ … }}`` and ``{% … %}`` is parsed, and every field path (``partner.name``,
``row.amount`` inside a loop) is resolved against a context built from a small made-up workbook,
so a mistyped field is found without a workbook and before any document is written.
"""

from __future__ import annotations

import functools
import io
import re
import string
import zipfile
from _string import formatter_field_name_split  # type: ignore[import-not-found]
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from defusedxml import DTDForbidden
from docxtpl import DocxTemplate
from jinja2 import nodes

from docgen.documents.context import (
    agreement_context,
    amendment_context,
    claim_context,
    claim_form_context,
    consolidated_context,
    report_context,
    report_form_context,
    summary_context,
)
from docgen.documents.kinds import KINDS
from docgen.documents.prepared import by_paragraph, syntax_message
from docgen.documents.render import TEMPLATE_FILES, make_environment
from docgen.errors import Problem, TemplateError
from docgen.i18n import N_, _
from docgen.records import (
    DEFAULT_INDICATORS,
    Amendment,
    Claim,
    Expense,
    FrozenDict,
    Indicator,
    Partner,
    Progress,
    Project,
    Rates,
    Workbook,
)

_UNKNOWN = object()  # a value whose shape the check cannot know (skip deeper checks)
# What a template may inflate to, read from its zip directory before any part is (zipfile
# reads no more than a part states): the shipped agreement's text is 70 kB, its whole 110 kB.
MAX_TEMPLATE_PART_BYTES = 20_000_000  # one part, a picture among them
MAX_TEMPLATE_BYTES = 100_000_000  # all its parts together


@dataclass(frozen=True)
class TemplateReport:
    """What ``templates check`` found in one template."""

    path: Path
    fields: tuple[str, ...]
    problems: tuple[Problem, ...]


# The example's amounts, given to the project's categories in their order.
_BUDGET = (Decimal("1000.00"), Decimal("10000.01"), Decimal("0.00"))
_COSTS = (Decimal("100.00"), Decimal("1000.00"), Decimal("0.00"))
_AMENDED = (Decimal("1500.00"), Decimal("9000.01"))
_TARGETS = (10, 12, 20)
_ACHIEVED = (3, 2, 4)


def _by_key(keys: tuple[str, ...], values: tuple[Any, ...], default: Any) -> FrozenDict[Any]:
    return FrozenDict((k, values[i] if i < len(values) else default) for i, k in enumerate(keys))


def example_workbook(
    rates: Rates | None = None, indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS
) -> Workbook:
    """A one-partner workbook in code: the shape of every context, for checking templates. Its
    project has the given cost categories and indicators (9.2.1.1's by default)."""
    rates = rates or Rates()
    keys = rates.keys
    indicator_keys = tuple(i.key for i in indicators)
    project = Project(
        project_no="9.2.1.1/15/I/001",
        project_title="Profesionāla sociālā darba attīstība pašvaldībās",
        beneficiary="Labklājības ministrija",
        beneficiary_reg_no="90000022399",
        beneficiary_address="Skolas iela 28, Rīga, LV-1331",
        beneficiary_representative="Ilze Kalniņa",
        beneficiary_representative_title="valsts sekretāre",
        regulation='Ministru kabineta 2019. gada 17. decembra noteikumi Nr. 686 "Noteikumi"',
        rates=rates,
        indicators=indicators,
    )
    partner = Partner(
        row=2,
        code="PARAUGS",
        name="Parauga novada pašvaldība",
        reg_no="90000056357",
        address="Skolas iela 1, Paraugi, LV-1000",
        representative="Jānis Bērziņš",
        representative_title="domes priekšsēdētājs",
        iban="LV94TREL0000000000001",
        agreement_no="9.2.1.1/15/I/001/1",
        agreement_date=date(2021, 7, 1),
        start=date(2021, 7, 1),
        end=date(2023, 12, 31),
        budget=_by_key(keys, _BUDGET, Decimal("500.00")),
        email="pasts@paraugi.lv",
        targets=_by_key(indicator_keys, _TARGETS, 5),
    )
    claim = Claim(
        row=2,
        code="PARAUGS",
        number=1,
        period_start=date(2021, 7, 1),
        period_end=date(2021, 12, 31),
        date=date(2022, 1, 1),
        kind="starpposma",
        costs=_by_key(keys, _COSTS, Decimal("50.00")),
    )
    progress = Progress(
        row=2,
        code="PARAUGS",
        period_start=date(2021, 7, 1),
        period_end=date(2021, 12, 31),
        achieved=_by_key(indicator_keys, _ACHIEVED, 1),
        notes="Piezīme.",
    )
    amendment = Amendment(
        row=2,
        code="PARAUGS",
        number=1,
        date=date(2022, 9, 1),
        budget=FrozenDict(zip(keys, _AMENDED, strict=False)),
        end=date(2024, 6, 30),
        targets=FrozenDict(zip(indicator_keys, (8,), strict=False)),
        reason="Pamatojums.",
    )
    # The claim's supporting documents: one for each category it has costs in.
    expenses = tuple(
        Expense(
            row=2 + position,
            code="PARAUGS",
            claim=1,
            document=f"RĒĶ-{position + 1}",
            date=date(2021, 11, 15),
            payee="SIA Paraugs",
            category=key,
            amount=amount,
            description="Apmācības.",
            paid=date(2021, 12, 1),
        )
        for position, (key, amount) in enumerate(claim.costs.items())
        if amount
    )
    return Workbook(
        Path("paraugs.xlsx"),
        project,
        (partner,),
        (claim,),
        (progress,),
        (amendment,),
        expenses,
    )


@functools.lru_cache(maxsize=8)
def example_contexts(
    rates: Rates | None = None, indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS
) -> dict[str, dict[str, Any]]:
    """One context of each document kind, from :func:`example_workbook` (of a project with
    these categories and indicators). Callers must not change what they get."""
    return _contexts(example_workbook(rates, indicators))


def _contexts(workbook: Workbook) -> dict[str, dict[str, Any]]:
    partner = workbook.partners[0]
    today = date(2022, 1, 15)
    start, end = partner.start, partner.end
    return {
        "agreement": agreement_context(workbook, partner, today).data,
        "claim": claim_context(workbook, partner, workbook.claims[0], today).data,
        "report": report_context(workbook, partner, start, end, today).data,
        "summary": summary_context(workbook, start, end, today).data,
        "amendment": amendment_context(workbook, partner, workbook.amendments[0], today).data,
        "consolidated": consolidated_context(workbook, partner, today).data,
        # the forms are checked as their parts: the interim claim's and the report's
        "claim_form": claim_form_context(workbook, partner, today).data["parts"][-1],
        "report_form": report_form_context(workbook, partner, today).data["parts"][0],
    }


def empty_workbook(
    rates: Rates | None = None, indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS
) -> Workbook:
    """:func:`example_workbook` with every optional value left empty, as a workbook may: an
    agreement not yet dated, a partner without targets, e-mail or stated amounts, a claim
    without a decision, a period without notes, an expense not yet paid."""
    workbook = example_workbook(rates, indicators)
    project = replace(
        workbook.project,
        beneficiary_email=None,
        cfla_agreement_date=None,
        cfla_agreement_no="",
        reporting_periods=None,
    )
    partner = replace(
        workbook.partners[0],
        agreement_date=None,
        representative_genitive=None,
        representative_title_genitive=None,
        authority=None,
        email=None,
        stated_eligible=None,
        stated_lm=None,
        targets=FrozenDict((key, None) for key in workbook.partners[0].targets),
    )
    claim = replace(workbook.claims[0], justification="", decision="")
    progress = replace(workbook.progress[0], notes="", explanation="", activities="")
    amendment = replace(workbook.amendments[0], end=None, reason="")
    expenses = tuple(replace(e, description="", paid=None) for e in workbook.expenses)
    return replace(
        workbook,
        project=project,
        partners=(partner,),
        claims=(claim,),
        progress=(progress,),
        amendments=(amendment,),
        expenses=expenses,
    )


@functools.lru_cache(maxsize=8)
def empty_contexts(
    rates: Rates | None = None, indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS
) -> dict[str, dict[str, Any]]:
    """:func:`example_contexts` of :func:`empty_workbook`."""
    return _contexts(empty_workbook(rates, indicators))


_TEXT_PARTS = re.compile(r"word/(?:document|header\d*|footer\d*)\.xml")


class NotWordError(Exception):
    """A zip that is no Word document (an .xlsx renamed): its message says why, whole."""


def template_source(path: Path) -> tuple[str, list[str]]:
    """The Jinja source docxtpl makes of a template, and the raw XML parts it came from: the
    document, its headers and its footers."""
    with zipfile.ZipFile(path) as archive:
        names = sorted(
            (n for n in archive.namelist() if _TEXT_PARTS.fullmatch(n)),
            key=lambda n: (n != "word/document.xml", n),
        )
        if "word/document.xml" not in names:
            raise NotWordError(_("there is no word/document.xml in it"))
        raw = [archive.read(name).decode("utf-8") for name in names]
    template = DocxTemplate(str(path))
    return "".join(by_paragraph(template.patch_xml(xml)) for xml in raw), raw


# What a template may not hold: what runs when Word opens it, or fetches from elsewhere.
_EXECUTABLE_EXTENSIONS = frozenset(
    [
        ".exe",
        ".dll",
        ".com",
        ".bat",
        ".cmd",
        ".scr",
        ".pif",
        ".cpl",
        ".msi",
        ".msp",
        ".jar",
        ".js",
        ".jse",
        ".vbs",
        ".vbe",
        ".wsf",
        ".wsh",
        ".ps1",
        ".hta",
        ".lnk",
        ".reg",
        ".docm",
        ".dotm",
        ".xlsm",
        ".xltm",
        ".xlsb",
        ".xlam",
        ".pptm",
        ".potm",
        ".ppsm",
        ".ppam",
        ".sldm",
    ]
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file (an embedded object)
# Inside an OLE object: a packaged file (Word runs it on a double click) or macros.
_OLE_ACTIVE = tuple(
    name.encode("utf-16-le") for name in ("Ole10Native", "_VBA_PROJECT", "VBA", "Macros")
)
# The message for a link to each kind of outside thing (translated where it is shown).
_EXTERNAL_KINDS = {
    "attachedTemplate": N_(
        "a link to an outside template ({target}, {kind} in {name}) is not allowed in a"
        " template: remove it"
    ),
    "oleObject": N_(
        "a link to an outside object ({target}, {kind} in {name}) is not allowed in a"
        " template: remove it"
    ),
    "subDocument": N_(
        "a link to an outside document ({target}, {kind} in {name}) is not allowed in a"
        " template: remove it"
    ),
    "frame": N_(
        "a link to an outside frame ({target}, {kind} in {name}) is not allowed in a"
        " template: remove it"
    ),
    "image": N_(
        "a link to an outside picture ({target}, {kind} in {name}) is not allowed in a"
        " template: remove it"
    ),
}
# Fields that run a program (DDE) or fetch a file or a picture when the document is opened or
# its fields are updated; PAGE, DATE, REF and the like only show what the document holds.
_ACTIVE_FIELDS = frozenset(["DDE", "DDEAUTO", "INCLUDETEXT", "INCLUDEPICTURE", "LINK", "IMPORT"])
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _xml(data: bytes) -> Any:
    """The parsed part (defusedxml: a DOCTYPE or an entity declared is DTDForbidden)."""
    from defusedxml import ElementTree

    return ElementTree.fromstring(data, forbid_dtd=True)


def _fields(root: Any) -> Iterator[tuple[str, bool]]:
    """The instruction of every field of a part, and whether it is made by another field: a
    ``w:fldSimple``'s, and the ``w:instrText`` pieces between a ``w:fldChar`` begin and its
    separate or end. Fields may nest; a field whose instruction begins with a nested field
    (``{ {QUOTE "INCLUDE"}{QUOTE "PICTURE"} "http://…" }``) has a name Word makes only when it
    updates the fields."""
    open_fields: list[dict[str, Any]] = []  # pieces, in the instruction still, made by a field
    for element in root.iter():
        if element.tag == f"{_W}fldSimple":
            yield element.get(f"{_W}instr", ""), False
        elif element.tag == f"{_W}fldChar":
            kind = element.get(f"{_W}fldCharType")
            if kind == "begin":
                if open_fields and open_fields[-1]["code"]:
                    parent = open_fields[-1]
                    if not "".join(parent["pieces"]).strip():
                        parent["made"] = True
                open_fields.append({"pieces": [], "code": True, "made": False})
            elif kind == "separate" and open_fields and open_fields[-1]["code"]:
                field = open_fields[-1]
                field["code"] = False
                yield "".join(field["pieces"]), field["made"]
            elif kind == "end" and open_fields:
                field = open_fields.pop()
                if field["code"]:
                    yield "".join(field["pieces"]), field["made"]
        elif element.tag == f"{_W}instrText" and open_fields and open_fields[-1]["code"]:
            open_fields[-1]["pieces"].append(element.text or "")
    for field in open_fields:
        if field["code"]:
            yield "".join(field["pieces"]), field["made"]


def _active_embedding(data: bytes) -> bool:
    """Whether an embedded object holds something that runs: a program, a script, a packaged
    file or macros."""
    if data[:2] == b"MZ" or data[:4] == b"\x7fELF" or data[:2] == b"#!":
        return True
    if data.startswith(_OLE):
        return any(marker in data for marker in _OLE_ACTIVE)
    if data.startswith(b"PK"):  # an Office document inside: with macros?
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as inner:
                return any(n.lower().endswith("vbaproject.bin") for n in inner.namelist())
        except zipfile.BadZipFile:
            return False
    return False


def _grouped(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def oversized(path: Path) -> list[str]:
    """A part of the .docx, or all of them, inflating past the limit (a zip bomb): judged from
    the sizes its zip directory states, before anything is inflated."""
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
    for part in parts:
        if part.file_size > MAX_TEMPLATE_PART_BYTES:
            return [
                _(
                    "its part {part} inflates to {size} bytes, above the limit of {limit} bytes "
                    "for one part of a template"
                ).format(
                    part=part.filename,
                    size=_grouped(part.file_size),
                    limit=_grouped(MAX_TEMPLATE_PART_BYTES),
                )
            ]
    total = sum(part.file_size for part in parts)
    if total > MAX_TEMPLATE_BYTES:
        return [
            _(
                "its parts inflate to {size} bytes, above the limit of {limit} bytes for a "
                "whole template"
            ).format(size=_grouped(total), limit=_grouped(MAX_TEMPLATE_BYTES))
        ]
    return []


def _content_types(archive: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, str]]:
    """The content type of each part named in [Content_Types].xml (by part name, lowercased,
    without its leading /), and of each extension by default."""
    parts: dict[str, str] = {}
    defaults: dict[str, str] = {}
    try:
        root = _xml(archive.read("[Content_Types].xml"))
    except (KeyError, DTDForbidden, SyntaxError):
        return parts, defaults  # a DOCTYPE there is reported with the part
    for element in root.iter():
        kind = element.get("ContentType", "")
        if element.tag == f"{_TYPES}Override":
            parts[element.get("PartName", "").lstrip("/").lower()] = kind
        elif element.tag == f"{_TYPES}Default":
            defaults[element.get("Extension", "").lower()] = kind
    return parts, defaults


def _rels_source(rels: str) -> str:
    """The folder a .rels part's relative targets start from (``word/_rels/x.rels``: word/)."""
    folder = rels.rpartition("_rels/")[0]
    return folder


def _target_part(rels: str, target: str) -> str:
    """The part a relationship's internal target names, lowercased."""
    if target.startswith("/"):
        return target.lstrip("/").lower()
    parts: list[str] = [p for p in _rels_source(rels).split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts).lower()


# Content types and relationship types of what runs or imports when Word opens a document.
_ACTIVEX_TYPES = ("activex",)  # application/vnd.ms-office.activeX(+xml)
_ACTIVEX_RELATIONS = frozenset(["control", "activeXControlBinary", "activeXControl"])
_CHUNK_RELATIONS = frozenset(["aFChunk"])


def active_content(path: Path) -> list[str]:
    """What in a .docx would run or fetch something when Word opens it: macros, a macro-enabled
    document type, ActiveX controls, embedded programs or packages, links to an outside template,
    object, document or picture, imported chunks (altChunk), fields that run or fetch (DDE,
    INCLUDETEXT, …) or whose name another field makes, or a DOCTYPE (entities, read from
    elsewhere). A part is known by its content type and by the relationships that point to it,
    wherever in the zip it lies. docgen would copy it into every document it writes."""
    found: list[str] = []
    activex: list[str] = []  # the ActiveX parts: reported once, for the first of them
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        type_of, default_type = _content_types(archive)
        related: dict[str, set[str]] = {}  # part → the relationship types pointing to it

        def content_type(lower: str) -> str:
            return type_of.get(lower) or default_type.get(lower.rpartition(".")[2], "")

        for info in infos:
            name = info.filename
            lower = name.lower()
            if not lower.endswith(".rels"):
                continue
            try:
                root = _xml(archive.read(info))
            except (DTDForbidden, SyntaxError):
                continue  # reported below, with the part
            for tag in root.iter(f"{_PACKAGE}Relationship"):
                kind = tag.get("Type", "").rpartition("/")[2]
                target = tag.get("Target", "")
                external = tag.get("TargetMode") == "External"
                if kind in _CHUNK_RELATIONS:
                    found.append(
                        _(
                            "an imported part ({target}, {kind} in {name}) is not allowed in a"
                            " template: Word brings its content in when the document is opened;"
                            " paste the content itself instead"
                        ).format(target=target, kind=kind, name=name)
                    )
                elif kind in _EXTERNAL_KINDS and external:
                    found.append(
                        _(_EXTERNAL_KINDS[kind]).format(target=target, kind=kind, name=name)
                    )
                elif kind in _ACTIVEX_RELATIONS:
                    activex.append(target if external else _target_part(name, target))
                if not external:
                    related.setdefault(_target_part(name, target), set()).add(kind)

        for info in infos:
            name = info.filename
            lower = name.lower()
            kind = content_type(lower)
            relations = related.get(lower, set())
            if lower.endswith("vbaproject.bin") or lower.endswith("vbadata.xml"):
                found.append(
                    _(
                        "macros ({name}) are not allowed in a template: save it as a Word"
                        " Document (.docx), not a macro-enabled one"
                    ).format(name=name)
                )
                continue
            if (
                lower.startswith("word/activex/")
                or any(t in kind.lower() for t in _ACTIVEX_TYPES)
                or relations & _ACTIVEX_RELATIONS
            ):
                activex.append(name)
                continue
            if not lower.endswith((".xml", ".rels")):
                # any part, wherever it lies: a program, or an object holding one or macros
                if Path(lower).suffix in _EXECUTABLE_EXTENSIONS or _active_embedding(
                    archive.read(info)
                ):
                    found.append(
                        _(
                            "the embedded object {name} holds a program, a packaged file or"
                            " macros, which are not allowed in a template: remove it"
                        ).format(name=name)
                    )
                continue
            try:
                root = _xml(archive.read(info))
            except DTDForbidden:
                found.append(
                    _(
                        "{name} declares a DOCTYPE or entities, which are not allowed in a"
                        " template: save it again in Word"
                    ).format(name=name)
                )
                continue
            if lower == "[content_types].xml":
                kinds = {e.get("ContentType", "") for e in root.iter() if e.tag.startswith(_TYPES)}
                for kind in sorted(kinds):
                    if "macroenabled" in kind.lower() or "vbaproject" in kind.lower():
                        found.append(
                            _(
                                "the macro-enabled content type {kind} is not allowed in a"
                                " template: save it as a Word Document (.docx)"
                            ).format(kind=kind)
                        )
            elif lower.startswith("word/") and not lower.endswith(".rels"):
                found += _field_problems(root, name)
    if activex:
        found.insert(
            0,
            _("ActiveX controls ({name}) are not allowed in a template: remove them").format(
                name=activex[0]
            ),
        )
    return found


def _field_problems(root: Any, name: str) -> list[str]:
    found = []
    for instruction, made in _fields(root):
        field = (instruction.split() or [""])[0].upper()
        if made:
            found.append(
                _(
                    "a field (in {name}) whose instruction another field makes is not allowed"
                    " in a template: Word would run what it makes when it updates the fields"
                    " (a QUOTE making INCLUDEPICTURE); remove it"
                ).format(name=name)
            )
        elif field in _ACTIVE_FIELDS:
            found.append(
                _(
                    "the field {field} (in {name}) runs a program or fetches"
                    " something when the document is opened, which is not allowed"
                    " in a template: remove it"
                ).format(field=field, name=name)
            )
    return found


_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def split_tags(xml: str) -> Iterator[str]:
    """Tags whose text Word spread over several runs (typed in pieces, or re-formatted inside).

    docxtpl joins most of them again, but a split tag is where formatting goes wrong and where
    a later edit breaks it; a tag typed in one go sits in one run.
    """
    for paragraph in _PARAGRAPH.finditer(xml):
        pieces = _TEXT.findall(paragraph.group(0))
        text = "".join(pieces)
        bounds = []
        position = 0
        for piece in pieces:
            bounds.append((position, position + len(piece)))
            position += len(piece)
        for tag in _TAG.finditer(text):
            spans = [i for i, (a, b) in enumerate(bounds) if a < tag.end() and b > tag.start()]
            if len(spans) > 1:
                yield tag.group(0)


class _Checker:
    """Walks a parsed template and resolves every field against an example context."""

    def __init__(self, name: str, env: jinja2.Environment, context: dict[str, Any]):
        self.name = name
        self.env = env
        self.context = context
        self.fields: list[str] = []
        self.problems: list[Problem] = []

    def problem(self, lineno: int, message: str) -> None:
        self.problems.append(Problem(self.name, message))
        del lineno

    def resolve(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        """The example value of an expression, or _UNKNOWN; reports unknown fields."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.context:
                self.fields.append(node.name)
                return self.context[node.name]
            if node.name in self.env.globals:  # Jinja's own: range, dict, namespace, …
                return _UNKNOWN
            self.problem(node.lineno, _("unknown field {field}").format(field=node.name))
            return _UNKNOWN
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            key = node.attr if isinstance(node, nodes.Getattr) else None
            if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
                key = node.arg.value
            base = self.resolve(node.node, scope)
            if isinstance(key, str) and key.startswith("_"):
                self.problem(
                    node.lineno,
                    _("forbidden: {key} reaches into Python internals").format(key=key),
                )
                return _UNKNOWN
            if base is _UNKNOWN or key is None:
                return _UNKNOWN
            if isinstance(base, dict):
                if key in base:
                    path = _path(node)
                    if path:
                        self.fields.append(path)
                    return base[key]
                self.problem(
                    node.lineno, _("unknown field {field}").format(field=_path(node) or key)
                )
                return _UNKNOWN
            return _UNKNOWN
        if isinstance(node, nodes.Filter) and node.name == "attr":
            self._check_attr_filter(node)
        if isinstance(node, nodes.Call):
            self._check_format_call(node)
        if isinstance(node, nodes.Filter | nodes.Test):
            table = self.env.filters if isinstance(node, nodes.Filter) else self.env.tests
            if node.name not in table:
                if isinstance(node, nodes.Filter):
                    unknown = _("unknown filter {name}")
                else:
                    unknown = _("unknown test {name}")
                self.problem(node.lineno, unknown.format(name=node.name))
            if node.node is not None:
                self.resolve(node.node, scope)
            for child in [*node.args, *(k.value for k in node.kwargs)]:
                self.resolve(child, scope)
            return _UNKNOWN
        for child in node.iter_child_nodes():
            self.resolve(child, scope)
        return _UNKNOWN

    def _check_attr_filter(self, node: nodes.Filter) -> None:
        """``x|attr('__class__')``: the sandbox refuses it when rendering; refused here first."""
        name = node.args[0] if node.args else None
        if not isinstance(name, nodes.Const) or not isinstance(name.value, str):
            self.problem(node.lineno, _("forbidden: |attr with a name the template computes"))
        elif name.value.startswith("_"):
            self.problem(
                node.lineno,
                _("forbidden: |attr({name}) reaches into Python internals").format(
                    name=repr(name.value)
                ),
            )

    def _check_format_call(self, node: nodes.Call) -> None:
        """``'{0.__class__}'.format(x)``: a field of a format that reaches into internals."""
        method = node.node
        if not (
            isinstance(method, nodes.Getattr)
            and method.attr in ("format", "format_map")
            and isinstance(method.node, nodes.Const)
            and isinstance(method.node.value, str)
        ):
            return
        try:
            parsed = string.Formatter().parse(method.node.value)
            fields = [field for _text, field, _spec, _conversion in parsed if field]
            for field in fields:
                _first, rest = formatter_field_name_split(field)
                if any(isinstance(part, str) and part.startswith("_") for _attr, part in rest):
                    message = _("forbidden: {field} in a str.format reaches into Python internals")
                    self.problem(node.lineno, message.format(field="{" + field + "}"))
        except ValueError as exc:
            message = _("a str.format that cannot work: {reason}")
            self.problem(node.lineno, message.format(reason=exc))

    def walk(self, body: list[nodes.Node], scope: dict[str, Any]) -> None:
        for node in body:
            if isinstance(node, nodes.For):
                items = self.resolve(node.iter, scope)
                inner = dict(scope, loop=_UNKNOWN)
                sample = items[0] if isinstance(items, list) and items else _UNKNOWN
                for name in _target_names(node.target):
                    inner[name] = sample
                if node.test is not None:
                    self.resolve(node.test, inner)
                self.walk(node.body, inner)
                self.walk(node.else_, scope)
            elif isinstance(node, nodes.Assign):
                self.resolve(node.node, scope)
                for name in _target_names(node.target):
                    scope[name] = _UNKNOWN
            elif isinstance(node, nodes.If):
                self.resolve(node.test, scope)
                self.walk(node.body, scope)
                for elif_ in node.elif_:
                    self.walk([elif_], scope)
                self.walk(node.else_, scope)
            elif isinstance(
                node,
                nodes.Macro
                | nodes.CallBlock
                | nodes.Import
                | nodes.FromImport
                | nodes.Include
                | nodes.Extends,
            ):
                self.problem(
                    node.lineno,
                    _("{tag} is not allowed").format(tag=type(node).__name__.lower()),
                )
            elif isinstance(node, nodes.Output | nodes.Expr):
                for child in node.iter_child_nodes():
                    if isinstance(child, nodes.TemplateData):
                        continue
                    self.resolve(child, scope)
            else:
                for child in node.iter_child_nodes():
                    if isinstance(child, nodes.Stmt):
                        self.walk([child], scope)
                    elif isinstance(child, nodes.Expr):
                        self.resolve(child, scope)


def _target_names(target: nodes.Node) -> list[str]:
    if isinstance(target, nodes.Name):
        return [target.name]
    return [n.name for n in target.find_all(nodes.Name)]


def _path(node: nodes.Node) -> str:
    """``partner.name`` for the expression partner.name; "" when not a plain path."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _path(node.node)
        return f"{base}.{node.attr}" if base else ""
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _path(node.node)
        return f"{base}.{node.arg.value}" if base else ""
    return ""


def check_template(
    path: Path,
    kind: str,
    words_style: str = "accounting",
    rates: Rates | None = None,
    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS,
    render: bool = False,
) -> TemplateReport:
    """Check one template against the context of its kind, for a project with these cost
    categories and indicators (9.2.1.1's by default: a field such as ``budget.aprobacija`` is
    known only to a project with that category). With ``render``, also render it against the
    example context and against one whose optional values are empty (:func:`empty_contexts`),
    reporting a tag that fails on either (``{{ agreement.date|date }}`` before the agreement is
    dated), or runs into a limit."""
    name = str(path)
    if not path.is_file():
        return TemplateReport(path, (), (Problem(name, _("the template is missing")),))
    try:
        refused = oversized(path) or active_content(path)
        if refused:
            return TemplateReport(path, (), tuple(Problem(name, m) for m in refused))
        source, raw = template_source(path)
    except Exception as exc:  # a damaged .docx: python-docx raises many kinds of errors
        reason = str(exc) if isinstance(exc, NotWordError) else f"{type(exc).__name__}: {exc}"
        message = _("not a Word document that can be read ({reason})").format(reason=reason)
        return TemplateReport(path, (), (Problem(name, message),))
    problems = [
        Problem(
            name,
            _("the tag {tag} is split by Word into pieces; retype it in one go").format(
                tag=repr(tag)
            ),
        )
        for xml in raw
        for tag in split_tags(xml)
    ]
    env = make_environment(words_style)
    try:
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        message = _("template syntax: {reason}").format(reason=syntax_message(source, exc, env))
        problems.append(Problem(name, message))
        return TemplateReport(path, (), tuple(problems))
    checker = _Checker(name, env, example_contexts(rates, indicators)[kind])
    checker.walk(tree.body, {})
    found = list(dict.fromkeys(checker.fields))
    fields = tuple(f for f in found if not any(g.startswith(f + ".") for g in found))
    problems += checker.problems
    if render and not problems:
        problems += _render_problems(path, kind, env, rates, indicators)
    return TemplateReport(path, fields, tuple(problems))


def _render_problems(
    path: Path,
    kind: str,
    env: jinja2.Environment,
    rates: Rates | None,
    indicators: tuple[Indicator, ...],
) -> list[Problem]:
    """The template rendered against the example context, then against the one whose optional
    values are empty: what fails, with its tag (the first failure of each)."""
    from docgen.documents.prepared import PreparedTemplate
    from docgen.documents.render import template_errors

    found: list[Problem] = []
    try:
        with template_errors(path):
            prepared = PreparedTemplate(path, env)
    except TemplateError as exc:
        return [Problem(str(path), _unplaced(path, exc))]
    for contexts, when in (
        (example_contexts, N_("on the example document: {reason}")),
        (empty_contexts, N_("on a document whose optional values are empty: {reason}")),
    ):
        try:
            with template_errors(path):
                prepared.render(contexts(rates, indicators)[kind])
        except TemplateError as exc:
            found.append(Problem(str(path), _(when).format(reason=_unplaced(path, exc))))
            break  # the same tag would fail again
    return found


def _unplaced(path: Path, exc: TemplateError) -> str:
    """A TemplateError's message without the template's path before it."""
    message = str(exc)
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def check_templates(
    directory: Path,
    kinds: tuple[str, ...] = KINDS,
    rates: Rates | None = None,
    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS,
    render: bool = False,
) -> list[TemplateReport]:
    """Check the templates of the given document kinds in a folder, for a project of this
    shape (9.2.1.1's by default); with ``render``, render each too (:func:`check_template`)."""
    return [
        check_template(
            Path(directory) / TEMPLATE_FILES[kind], kind, "accounting", rates, indicators, render
        )
        for kind in kinds
    ]
