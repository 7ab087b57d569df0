"""Build the five docxtpl templates in ``templates/`` with python-docx.

    python tools/build_templates.py            # writes templates/*.docx
    python tools/build_templates.py -o DIR     # somewhere else

The templates are the starting point that legal and finance staff then edit in Word, so they are
deliberately plain: Times New Roman 12 pt on the Normal style, A4, margins 2,5 cm on the left and
2 cm elsewhere, headings bold and centred, clause numbers typed as text ("2.3.") rather than Word
auto-numbering, tables in the built-in "Table Grid" style with amounts right-aligned, and
"X. lpp. no N" in the footer (after the agreement's number in the agreement and an amendment).

Every Jinja tag is written by ONE ``add_run`` call, so Word never sees it split across runs
(the problem ``docgen templates check`` reports). ``_run`` refuses a run whose tags do not open and
close inside it, a ``{{r … }}`` sharing its run with anything else, and a ``{%p``/``{%tr`` tag
sharing its paragraph or row. Only the fields and filters of ``docs/context.md`` are used.

The project's shape is data, never words of a template: the cost categories' rows and the
sentences that name them loop over ``categories`` (eligible ones, their subtotal, then the
others), the targets' table over ``indicators``, and the EU fund is ``fund``'s name, genitive
and abbreviation. A project with other categories, indicators or fund needs no template change.
"""

from __future__ import annotations

import argparse
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import template_text
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

FONT = "Times New Roman"
LANGUAGE = "lv-LV"
TEXT_WIDTH_CM = 16.5  # A4 21 cm − 2,5 cm left − 2 cm right
CLAUSE_INDENT = Cm(1.0)  # hanging indent of "2.10.<tab>text"
SUBCLAUSE_NUMBER = Cm(1.3)  # room for "20.3.1." before its text

LEFT = WD_ALIGN_PARAGRAPH.LEFT
CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY

TABLE_STYLE = "Tabulas teksts"  # 11 pt, no spacing: text inside tables
SMALL_TABLE_STYLE = "Tabulas teksts 9 pt"  # the per-partner table of the summary
NOTE_STYLE = "Piezīme"  # 10 pt: the e-signature footnote
SIGNATURE_NOTE = "* Dokuments ir parakstīts ar drošu elektronisko parakstu un satur laika zīmogu."


# --------------------------------------------------------------------------------------------
# Runs: the one place a tag is written
# --------------------------------------------------------------------------------------------


class Fmt(str):
    """A piece of text with character formatting of its own (see ``B``)."""

    bold = False


class B(Fmt):
    """Bold text: ``B("Ministrija")``."""

    bold = True


_OPENERS = ("{{", "{%", "{#")
_CLOSERS = ("}}", "%}", "#}")
_BLOCK_TAG = re.compile(r"{%-?\s*(p|tr|tc)\s")
_RICH_TAG = re.compile(r"{{r\s")


def _check_run(text: str) -> None:
    """Refuse a run that would give docxtpl a split or mangled tag."""
    for opener, closer in zip(_OPENERS, _CLOSERS, strict=True):
        if text.count(opener) != text.count(closer):
            raise ValueError(f"unbalanced {opener} … {closer} in run {text!r}")
    if _RICH_TAG.search(text):
        tags = re.findall(r"{{.*?}}|{%.*?%}", text)
        if len(tags) != 1 or text.strip() != tags[0]:
            raise ValueError(f"a {{{{r … }}}} tag must be alone in its run: {text!r}")
        if "%" in tags[0][3:-2] or "}" in tags[0][3:-2]:
            raise ValueError(f"docxtpl cannot read % or }} inside {{{{r … }}}}: {text!r}")


def _run(paragraph: Paragraph, text: str, size: float | None = None) -> None:
    """Add one run; ``\\t`` becomes a tab, U+00AD a Word optional hyphen."""
    _check_run(text)
    run = paragraph.add_run()
    if isinstance(text, Fmt):
        run.bold = text.bold or None
    if size:
        run.font.size = Pt(size)
    for i, piece in enumerate(str(text).split("\u00ad")):
        if i:
            run._r.append(OxmlElement("w:softHyphen"))
        for j, chunk in enumerate(piece.split("\t")):
            if j:
                run._r.add_tab()
            if chunk:
                run._r.add_t(chunk)


def _fill(paragraph: Paragraph, parts: Iterable[str], size: float | None = None) -> Paragraph:
    parts = [p for p in parts if p != ""]
    block = [p for p in parts if _BLOCK_TAG.search(p)]
    if block and len(parts) != 1:
        raise ValueError(f"a {{%p/{{%tr tag must be alone in its paragraph: {parts!r}")
    for part in parts:
        _run(paragraph, part, size)
    return paragraph


# Child order that Word's schema requires (Word rejects a file whose elements are out of order).
_RPR_ORDER = (  # noqa: SIM905 — the schema's sequence, as the standard lists it
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()
_TBLPR_ORDER = (  # noqa: SIM905
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
).split()
_PPR_ORDER = (  # noqa: SIM905
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
).split()
_TCPR_ORDER = (  # noqa: SIM905
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
    "vAlign hideMark"
).split()


def _put(parent, tag_name: str, order: Sequence[str]):
    """Return ``parent``'s child ``w:<tag_name>``, inserting it in schema order if missing."""
    existing = parent.find(qn(f"w:{tag_name}"))
    if existing is not None:
        return existing
    element = OxmlElement(f"w:{tag_name}")
    later = {qn(f"w:{t}") for t in order[order.index(tag_name) + 1 :]}
    for child in parent:
        if child.tag in later:
            child.addprevious(element)
            return element
    parent.append(element)
    return element


# --------------------------------------------------------------------------------------------
# The document and its styles
# --------------------------------------------------------------------------------------------


def _set_fonts(rpr, size_pt: float | None = None) -> None:
    """Times New Roman for every script (ascii, hAnsi, East Asian, complex), no theme fonts.

    LibreOffice falls back to the theme or East Asian font when only ``w:ascii`` is set, so all
    four attributes are written and the theme attributes removed.
    """
    fonts = _put(rpr, "rFonts", _RPR_ORDER)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size_pt is not None:
        for tag_name in ("sz", "szCs"):
            _put(rpr, tag_name, _RPR_ORDER).set(qn("w:val"), str(round(size_pt * 2)))
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)


def _set_language(rpr) -> None:
    lang = _put(rpr, "lang", _RPR_ORDER)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")


def _paragraph_style(doc: DocxDocument, name: str, size: float, base: str = "Normal"):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True
    _set_fonts(style.element.get_or_add_rPr(), size)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    return style


def new_document(title: str, footer: str = "") -> DocxDocument:
    """An empty A4 document with the house styles and "X. lpp. no N" in the footer, after
    ``footer`` (the document's name, which may hold tags) when given."""
    doc = Document()

    # Defaults and Normal: Times New Roman 12 pt, Latvian proofing, single spacing.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(default_rpr, 12)
    _set_language(default_rpr)
    default_spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    default_spacing.set(qn("w:after"), "0")
    default_spacing.set(qn("w:line"), "240")

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    _set_fonts(normal.element.get_or_add_rPr(), 12)
    _set_language(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.0
    normal.paragraph_format.widow_control = True

    # Headings: bold, centred, black, Times New Roman (the template's are blue Calibri Light).
    for name, size, before in (("Heading 1", 13, 0), ("Heading 2", 12, 9)):
        style = doc.styles[name]
        _set_fonts(style.element.get_or_add_rPr(), size)
        style.font.bold = True
        fmt = style.paragraph_format
        fmt.alignment = CENTER
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(4)
        fmt.keep_with_next = True
    caption = doc.styles["Caption"]
    _set_fonts(caption.element.get_or_add_rPr(), 10)
    caption.font.bold = False
    caption.font.italic = True
    caption.paragraph_format.alignment = CENTER
    caption.paragraph_format.space_after = Pt(6)

    _paragraph_style(doc, TABLE_STYLE, 11)
    _paragraph_style(doc, SMALL_TABLE_STYLE, 9)
    _paragraph_style(doc, NOTE_STYLE, 10)

    # A4, margins 2,5 cm left (binding) and 2 cm on the other sides.
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1.25)

    page_footer(section.footer.paragraphs[0], footer)

    props = doc.core_properties
    props.title = title
    props.author = "Labklājības ministrija"
    props.last_modified_by = "docgen"
    props.comments = "docgen veidne; izveidota ar tools/build_templates.py"
    props.language = LANGUAGE
    return doc


FOOTER_SIZE = 10  # points


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) that Word and LibreOffice fill in when they lay the
    document out; "1" until then."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(FOOTER_SIZE * 2))
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def page_footer(paragraph: Paragraph, text: str = "") -> None:
    """The footer: "3. lpp. no 12" (Word fields, not Jinja), centred; with ``text`` (which may
    hold tags) on the left and the page number on the right."""
    # The Footer style's own stops (centre 8,25 cm, right 16,5 cm of a Letter page) replaced by
    # one at the right margin: a short name would otherwise tab to the centre.
    tabs = paragraph.style.paragraph_format.tab_stops
    tabs.clear_all()
    tabs.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    if text:
        paragraph.alignment = LEFT
        _fill(paragraph, [text, "\t"], FOOTER_SIZE)
    else:
        paragraph.alignment = CENTER
    _field(paragraph, "PAGE")
    _fill(paragraph, [". lpp. no "], FOOTER_SIZE)
    _field(paragraph, "NUMPAGES")


# --------------------------------------------------------------------------------------------
# Paragraphs
# --------------------------------------------------------------------------------------------


def title(doc: DocxDocument, *parts: str) -> Paragraph:
    return _fill(doc.add_paragraph(style="Heading 1"), parts)


def heading(doc: DocxDocument, *parts: str) -> Paragraph:
    return _fill(doc.add_paragraph(style="Heading 2"), parts)


def para(
    doc: DocxDocument,
    *parts: str,
    align=JUSTIFY,
    style: str | None = None,
    after: float | None = None,
    keep: bool = False,
) -> Paragraph:
    paragraph = _fill(doc.add_paragraph(style=style), parts)
    paragraph.alignment = align
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    if keep:
        paragraph.paragraph_format.keep_with_next = True
    return paragraph


def clause(doc: DocxDocument, number: str, *parts: str, keep: bool = False) -> Paragraph:
    """A numbered clause typed as text: ``2.3.<tab>Sadarbības partneris …`` (hanging indent)."""
    paragraph = para(doc, f"{number}\t", *parts, keep=keep)
    fmt = paragraph.paragraph_format
    fmt.left_indent = CLAUSE_INDENT
    fmt.first_line_indent = -CLAUSE_INDENT
    fmt.tab_stops.add_tab_stop(CLAUSE_INDENT)
    return paragraph


def subclause(doc: DocxDocument, number: str, *parts: str, keep: bool = False) -> Paragraph:
    """A clause of a clause, ``19.1.1.<tab>…``: its number where its clause's text begins."""
    paragraph = para(doc, f"{number}\t", *parts, keep=keep)
    fmt = paragraph.paragraph_format
    fmt.left_indent = CLAUSE_INDENT + SUBCLAUSE_NUMBER
    fmt.first_line_indent = -SUBCLAUSE_NUMBER
    fmt.tab_stops.add_tab_stop(CLAUSE_INDENT + SUBCLAUSE_NUMBER)
    return paragraph


def _box(paragraph: Paragraph) -> None:
    """A single line around a paragraph: a mark the reader cannot miss."""
    borders = _put(paragraph._p.get_or_add_pPr(), "pBdr", _PPR_ORDER)
    for side in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "8")  # eighths of a point: 1 pt
        element.set(qn("w:space"), "4")
        element.set(qn("w:color"), "auto")
        borders.append(element)


def tag(doc: DocxDocument, jinja: str) -> Paragraph:
    """A paragraph holding only a ``{%p … %}`` tag (docxtpl removes the paragraph)."""
    if not _BLOCK_TAG.search(jinja):
        raise ValueError(f"not a paragraph tag: {jinja!r}")
    return para(doc, jinja, align=LEFT, after=0)


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _cell_margins(table: Table, left_right_cm: float) -> None:
    margins = _put(table._tbl.tblPr, "tblCellMar", _TBLPR_ORDER)
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(left_right_cm / 2.54 * 1440)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)


def _no_borders(table: Table) -> None:
    borders = _put(table._tbl.tblPr, "tblBorders", _TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)


def _shade(cell: _Cell, fill: str = "E7E6E6") -> None:
    shading = _put(cell._tc.get_or_add_tcPr(), "shd", _TCPR_ORDER)
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)


def _row_property(row, tag_name: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement(tag_name))


class Grid:
    """A table in the "Table Grid" style with fixed column widths (cm).

    ``aligns`` gives each column's alignment: ``L`` text, ``R`` amounts, ``C`` short values.
    """

    def __init__(
        self,
        doc: DocxDocument,
        widths: Sequence[float],
        aligns: str,
        *,
        style: str = TABLE_STYLE,
        grid: bool = True,
        margins_cm: float | None = None,
    ) -> None:
        if len(widths) != len(aligns):
            raise ValueError("one alignment per column")
        self.doc = doc
        self.widths = [Cm(w) for w in widths]
        self.aligns = aligns
        self.text_style = style
        self.table = doc.add_table(rows=0, cols=len(widths))
        if grid:
            self.table.style = doc.styles["Table Grid"]
        else:
            _no_borders(self.table)
        self.table.alignment = WD_TABLE_ALIGNMENT.CENTER
        self.table.autofit = False
        for column, width in zip(self.table.columns, self.widths, strict=True):
            column.width = width
        if margins_cm is not None:
            _cell_margins(self.table, margins_cm)

    def _new_row(self):
        row = self.table.add_row()
        for cell, width in zip(row.cells, self.widths, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _row_property(row, "w:cantSplit")
        return row

    def header(self, *texts: str, size: float | None = None) -> None:
        """The column headings: bold, centred, shaded, repeated on every page."""
        row = self._new_row()
        _row_property(row, "w:tblHeader")
        for cell, text in zip(row.cells, texts, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.style = self.doc.styles[self.text_style]
            paragraph.alignment = CENTER
            _fill(paragraph, [B(text)], size)
            _shade(cell)

    def row(self, *cells: str | Sequence[str], bold: bool = False, aligns: str | None = None):
        """A row; a cell is a string or a list of runs (each run written whole)."""
        row = self._new_row()
        for cell, content, align in zip(row.cells, cells, aligns or self.aligns, strict=True):
            parts = [content] if isinstance(content, str) else list(content)
            if bold:
                parts = [B(p) if p and not isinstance(p, Fmt) else p for p in parts]
            paragraph = cell.paragraphs[0]
            paragraph.style = self.doc.styles[self.text_style]
            paragraph.alignment = {"L": LEFT, "R": RIGHT, "C": CENTER}[align]
            _fill(paragraph, parts)
        return row

    def loop(self, jinja: str) -> None:
        """A ``{%tr … %}`` row: the tag alone in the first cell (docxtpl removes the row)."""
        if not jinja.startswith("{%tr "):
            raise ValueError(f"not a row tag: {jinja!r}")
        self.row(jinja, *[""] * (len(self.widths) - 1), aligns="L" * len(self.widths))

    def note_row(self, text: str) -> None:
        """A last row across all columns holding a footnote (it then never leaves the table)."""
        row = self._new_row()
        cell = row.cells[0].merge(row.cells[-1])
        paragraph = cell.paragraphs[0]
        paragraph.style = self.doc.styles[NOTE_STYLE]
        paragraph.alignment = LEFT
        paragraph.paragraph_format.space_before = Pt(12)
        _fill(paragraph, [text])

    def keep_together(self) -> None:
        """Keep the table on one page (every paragraph but the last row's keeps with next)."""
        for row in self.table.rows[:-1]:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def kept(paragraph: Paragraph) -> Paragraph:
    """Keep the paragraph's lines on one page (Word's "keep lines together")."""
    paragraph.paragraph_format.keep_together = True
    return paragraph


def space(doc: DocxDocument, points: float = 6) -> None:
    """An empty paragraph after a table (Word needs one between a table and the next)."""
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(points)


def signature_lines(doc: DocxDocument, signer: str) -> None:
    """Title, /paraksts*/ and name on one line, as Latvian documents sign off.

    ``signer`` is the Jinja prefix: "partner" gives ``{{ partner.title }}`` and
    ``{{ partner.representative }}``.
    """
    grid = Grid(doc, [6.5, 4.0, 6.0], "LCR", style="Normal", grid=False)
    grid.row(
        f"{{{{ {signer}.title|capfirst }}}}", "/paraksts*/", f"{{{{ {signer}.representative }}}}"
    )
    grid.note_row(SIGNATURE_NOTE)
    grid.keep_together()


def date_line(doc: DocxDocument) -> None:
    """The place "Rīgā" on the left, the e-signature date clause on the right (a right tab stop).

    Never a date: an e-signed document's date is the time stamp of its last signature.
    """
    paragraph = para(
        doc,
        "Rīgā\t",
        "(dokumenta datums ir pēdējā pievienotā droša elektroniskā paraksta laika zīmoga datums)",
        align=LEFT,
    )
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.space_after = Pt(12)


def addressee(doc: DocxDocument) -> None:
    para(doc, "{{ ministry.name_dative }}", align=RIGHT, after=12)


def form_heading(doc: DocxDocument) -> None:
    """On the agreement's annex that is this blank form (``form.annex`` 2 or 3; 0 on a claim or
    report): which annex of which agreement, and the form's title."""
    tag(doc, "{%p if form.annex %}")
    para(doc, "{{ form.annex }}. pielikums", align=RIGHT, after=0)
    para(doc, "Sadarbības līgumam Nr. {{ agreement.no }}", align=RIGHT, after=12)
    para(doc, B("{{ form.title|upper }}"), align=CENTER, after=12)
    tag(doc, "{%p endif %}")


# --------------------------------------------------------------------------------------------
# 1. The cooperation agreement
# --------------------------------------------------------------------------------------------

MK_784 = (
    'Ministru kabineta 2014. gada 16. decembra noteikumus Nr. 784 "Kārtība, kādā Eiropas '
    "Savienības struktūrfondu un Kohēzijas fonda vadībā iesaistītās institūcijas nodrošina "
    "plānošanas dokumentu sagatavošanu un šo fondu ieviešanu 2014.–2020. gada plānošanas "
    'periodā"'
)
MK_517 = (
    'Ministru kabineta 2015. gada 8. septembra noteikumu Nr. 517 "Kārtība, kādā ziņo par '
    "konstatētajām neatbilstībām un atgūst neatbilstoši veiktos izdevumus Eiropas Savienības "
    'struktūrfondu un Kohēzijas fonda ieviešanā 2014.–2020. gada plānošanas periodā"'
)
REGULATION_1303 = (
    "Eiropas Parlamenta un Padomes 2013. gada 17. decembra Regulas (ES) Nr. 1303/2013, ar ko "
    "paredz kopīgus noteikumus par Eiropas Reģionālās attīstības fondu, Eiropas Sociālo fondu, "
    "Kohēzijas fondu, Eiropas Lauksaimniecības fondu lauku attīstībai un Eiropas Jūrlietu un "
    "zivsaimniecības fondu un vispārīgus noteikumus par Eiropas Reģionālās attīstības fondu, "
    "Eiropas Sociālo fondu, Kohēzijas fondu un Eiropas Jūrlietu un zivsaimniecības fondu un "
    "atceļ Padomes Regulu (EK) Nr. 1083/2006 (turpmāk – Regula Nr. 1303/2013)"
)
GDPR = (
    "Eiropas Parlamenta un Padomes 2016. gada 27. aprīļa Regulu (ES) 2016/679 par fizisku "
    "personu aizsardzību attiecībā uz personas datu apstrādi un šādu datu brīvu apriti un ar ko "
    "atceļ Direktīvu 95/46/EK (Vispārīgā datu aizsardzības regula) (turpmāk – Regula 2016/679)"
)
ACTIVITIES = "Līguma 2.1.–2.7. apakšpunktā"  # the partner's activities (never "Līguma 2. punktā")


def clauses(doc: DocxDocument, section: int, texts: Sequence[str], start: int = 1) -> None:
    """Clauses ``<section>.<start>.``, ``<section>.<start + 1>.``, … of plain text."""
    for number, text in enumerate(texts, start=start):
        clause(doc, f"{section}.{number}.", text)


def contact(side: str, fallback: str) -> str:
    """Clause 19.1.x: "name, e-pasts: …, tālrunis: …" (an empty e-mail or phone left out), or
    ``fallback`` when the workbook names no contact person. One run: it holds no ``{{r``."""
    person = f"{side}.contact"
    return (
        f"{{% if {person}.name %}}{{{{ {person}.name }}}}"
        f"{{% if {person}.email %}}, e-pasts: {{{{ {person}.email }}}}{{% endif %}}"
        f"{{% if {person}.phone %}}, tālrunis: {{{{ {person}.phone }}}}{{% endif %}}"
        f"{{% else %}}{fallback}{{% endif %}}"
    )


def parties(doc: DocxDocument) -> None:
    """The parties introduced in full, with who acts for them on what authority: the opening
    of the agreement and of an amendment to it."""
    para(
        doc,
        B("{{ ministry.name }}"),
        ", reģistrācijas Nr. {{ ministry.reg_no }}, juridiskā adrese: {{ ministry.address }} "
        "(turpmāk – Ministrija), tās {{ ministry.title_genitive }} "
        "{{ ministry.representative_genitive }} personā, {{ ministry.who }} rīkojas saskaņā ar "
        "{{ ministry.name_genitive }} nolikumu, no vienas puses, un",
    )
    para(
        doc,
        B("{{ partner.name }}"),
        ", reģistrācijas Nr. {{ partner.reg_no }}, juridiskā adrese: {{ partner.address }} "
        "(turpmāk – Sadarbības partneris), tās {{ partner.title_genitive }} "
        "{{ partner.representative_genitive }} personā, {{ partner.who }} rīkojas saskaņā ar "
        "{{ partner.authority_basis }}, no otras puses,",
    )
    para(doc, "(turpmāk abas kopā – Puses, katra atsevišķi – Puse),")


def listed(items: str, text: str, *, first: str = "", last: str = "") -> str:
    """``text`` for each ``c`` of ``items`` (a loop's list and condition: "categories if
    c.eligible"), listed as Latvian lists: "a, b un c". ``first`` goes before the first item and
    ``last`` after the last, so that a list of none writes nothing. One run: it holds no ``{{r``.
    """
    return (
        f"{{% for c in {items} %}}"
        f"{{% if loop.first %}}{first}{{% elif loop.last %}} un {{% else %}}, {{% endif %}}"
        f"{text}{{% if loop.last %}}{last}{{% endif %}}{{% endfor %}}"
    )


def _category_rows(grid: Grid, categories: str, *, eligible: bool) -> None:
    """A row per eligible (or per non-eligible) category of a budget's ``categories``: its name,
    amount, the ministry's share and the partner's (a non-eligible category's share is 0,00)."""
    test = "c.eligible" if eligible else "not c.eligible"
    grid.loop(f"{{%tr for c in {categories} if {test} %}}")
    grid.row("{{ c.name }}", "{{ c.amount|amount }}", "{{ c.lm|amount }}", "{{ c.partner|amount }}")
    grid.loop("{%tr endfor %}")


def budget_clauses(doc: DocxDocument, b: str) -> None:
    """Clauses 4.1. (with the budget's tables), 4.2. and 4.3.: the agreement's, and in an
    amendment their new wording (``b`` is the budget's field: "budget" or "new.budget")."""
    clause(
        doc,
        "4.1.",
        "Sadarbības partnera attiecināmās izmaksas ir ",
        f"{{{{r {b}.total_eligible|euro }}}}",
        " (",
        f"{{{{r {b}.total_eligible|words }}}}",
        "). Izmaksu sadalījums pa izmaksu pozīcijām un finansētājiem ir noteikts šajās "
        'tabulās, kas ir Līguma 1. pielikums "Sadarbības partnera budžets" (turpmāk – Budžets):',
        keep=True,
    )
    grid = Grid(doc, [5.6, 3.3, 3.7, 3.9], "LRRR")
    grid.header(
        "Izmaksu pozīcija",
        "Izmaksas, EUR",
        "Ministrijas finansējums, EUR",
        "Sadarbības partnera finansējums, EUR",
    )
    _category_rows(grid, f"{b}.categories", eligible=True)
    grid.row(
        "Attiecināmās izmaksas kopā",
        f"{{{{ {b}.total_eligible|amount }}}}",
        f"{{{{ {b}.lm_total|amount }}}}",
        f"{{{{ {b}.cofinancing|amount }}}}",
        bold=True,
    )
    _category_rows(grid, f"{b}.categories", eligible=False)
    grid.row(
        "Kopā",
        f"{{{{ {b}.total|amount }}}}",
        f"{{{{ {b}.lm_total|amount }}}}",
        f"{{{{ {b}.municipality_total|amount }}}}",
        bold=True,
    )
    grid.keep_together()
    space(doc, 3)
    grid = Grid(doc, [8.0, 4.0], "LR")
    grid.header("Finansējuma avots", "Ministrijas finansējums, EUR")
    grid.row("{{ fund.name }} ({{ rates.esf|percent }})", f"{{{{ {b}.esf|amount }}}}")
    grid.row(
        "Valsts budžets ({{ rates.state_budget|percent }})",
        f"{{{{ {b}.state_budget|amount }}}}",
    )
    grid.row("Kopā", f"{{{{ {b}.lm_total|amount }}}}", bold=True)
    grid.keep_together()
    space(doc)
    clause(
        doc,
        "4.2.",
        "Ministrijas finansējums Sadarbības partnera attiecināmo izmaksu segšanai ir ",
        f"{{{{r {b}.lm_total|euro }}}}",
        " (",
        f"{{{{r {b}.lm_total|words }}}}",
        "), ko veido ",
        listed(f"{b}.categories if c.eligible", "{{ c.rate|percent }} no {{ c.of }} izmaksām"),
        ". Ministrijas finansējumā ietilpst {{ fund.genitive }} finansējums ",
        f"{{{{r {b}.esf|euro }}}}",
        " un valsts budžeta finansējums ",
        f"{{{{r {b}.state_budget|euro }}}}",
        ".",
    )
    clause(
        doc,
        "4.3.",
        "Sadarbības partnera līdzfinansējums ir ",
        f"{{{{r {b}.cofinancing|euro }}}}",
        " (",
        f"{{{{r {b}.cofinancing|words }}}}",
        ").",
        # The categories the partner co-finances: "To veido 30 % no … izmaksām." A category LM
        # funds in full of which the partner still pays a part (9.2.1.1's old wording for the
        # pilot part; the rounding rules never leave one) is "tā … izmaksu daļa, ko Ministrija
        # nefinansē", its clause closed by a comma before "un". Nothing when there are none.
        listed(
            f"{b}.categories if c.eligible and (c.cofinancing_rate > 0 or c.partner)",
            "{% if c.cofinancing_rate > 0 %}{{ c.cofinancing_rate|percent }} no {{ c.of }} "
            "izmaksām{% else %}tā {{ c.of }} izmaksu daļa, ko Ministrija nefinansē"
            "{% if loop.revindex0 == 1 %},{% endif %}{% endif %}",
            first=" To veido ",
            last=".",
        ),
        " Sadarbības partneris no sava budžeta sedz līdzfinansējumu, neattiecināmās izmaksas "
        "un izmaksas, kas pārsniedz Līguma 4.1. apakšpunktā noteikto apmēru.",
    )


def targets_table(doc: DocxDocument, indicators: str) -> None:
    """The table of clause 7.1., a row per indicator: its name, what it counts, its target
    (``indicators`` is "indicators", or "new.indicators" in an amendment)."""
    grid = Grid(doc, [3.6, 9.9, 3.0], "LLC")
    grid.header("Rādītājs", "Saturs", "Mērķa vērtība (vismaz)")
    grid.loop(f"{{%tr for i in {indicators} %}}")
    grid.row(
        "{{ i.name }}",
        "{{ i.description }}",
        "{% if i.target is not none %}{{ i.target }}{% else %}nav noteikta{% endif %}",
    )
    grid.loop("{%tr endfor %}")
    grid.keep_together()


def agreement() -> DocxDocument:
    """The cooperation agreement; with ``agreement.consolidated`` set, its consolidated version:
    marked at the top as a text for reading, with no signatures and no e-signature note."""
    doc = new_document(
        "Sadarbības līgums",
        footer="{% if agreement.no %}Sadarbības līgums Nr. {{ agreement.no }}"
        "{% if agreement.consolidated %} (konsolidētā redakcija){% endif %}{% endif %}",
    )
    # The consolidated version (with its amendments applied) says so first: for reading.
    tag(doc, "{%p if agreement.consolidated %}")
    mark = para(doc, B("{{ agreement.consolidated }}"), align=CENTER, after=12)
    _box(mark)
    tag(doc, "{%p endif %}")
    title(doc, "SADARBĪBAS LĪGUMS Nr. {{ agreement.no }}")
    para(
        doc,
        B('par {{ fund.genitive }} projekta "{{ project.title }}" Nr. {{ project.no }} īstenošanu'),
        align=CENTER,
    )
    # No date: the agreement's date is the time stamp of the last e-signature (clause 20.1).
    date_line(doc)

    parties(doc)
    para(
        doc,
        "ņemot vērā, ka Ministrija saskaņā ar {{ project.regulation_dative }} (turpmāk – MK "
        "noteikumi) kā finansējuma saņēmējs īsteno {{ fund.genitive }} projektu "
        '"{{ project.title }}" Nr. {{ project.no }} (turpmāk – Projekts) sadarbībā ar '
        "pašvaldībām kā Projekta sadarbības partneriem,",
    )
    para(
        doc,
        "ņemot vērā, ka Projektu finansē saskaņā ar Ministrijas un Centrālās finanšu un līgumu "
        "aģentūras (turpmāk – CFLA) ",
        '{% if project.cfla_agreement_date %}{{ project.cfla_agreement_date|date("genitive") }} '
        "{% endif %}",
        "vienošanos Nr. {{ project.cfla_agreement_no }} par Projekta īstenošanu (turpmāk – "
        "Vienošanās),",
    )
    para(
        doc,
        "ievērojot Eiropas Savienības struktūrfondu un Kohēzijas fonda 2014.–2020. gada "
        f"plānošanas perioda vadības likumu un {MK_784},",
    )
    para(doc, "noslēdz šādu līgumu (turpmāk – Līgums).")

    # 1 ---------------------------------------------------------------------------------------
    heading(doc, "1. Līguma priekšmets")
    clauses(
        doc,
        1,
        [
            "Līguma priekšmets ir Pušu sadarbība Projekta īstenošanā. Sadarbības partneris "
            f"īsteno {ACTIVITIES} noteiktās darbības, un Ministrija finansē Sadarbības partnera "
            "attiecināmās izmaksas Līgumā noteiktajā apmērā un kārtībā.",
            "Sadarbības partneris ir Projekta sadarbības partneris MK noteikumu izpratnē un "
            f"īsteno {ACTIVITIES} noteiktās darbības atbilstoši MK noteikumiem, Vienošanās "
            "prasībām (Līguma 8. punkts), Līgumam un Ministrijas metodiskajiem norādījumiem.",
            'Līgumā, maksājumu pieprasījumos un progresa pārskatos vārdi "no Līguma darbības '
            'sākuma" nozīmē "no izmaksu attiecināmības perioda sākuma" (Līguma 15.2. '
            "apakšpunkts).",
        ],
    )

    # 2 ---------------------------------------------------------------------------------------
    heading(doc, "2. Sadarbības partnera pienākumi")
    clauses(
        doc,
        2,
        [
            "Sadarbības partneris nodrošina apmācībām nepieciešamo tehnisko aprīkojumu un to, ka "
            "tā sociālā dienesta sociālā darba speciālisti piedalās apmācībās (tiešsaistē un "
            "klātienē) par Ministrijas iegādāto licencēto vajadzību novērtēšanas metodi – "
            "Atbalsta intensitātes skalu (turpmāk – AIS) – un Ministrijas organizētajos "
            "atgriezeniskās saites pasākumos.",
            "Sadarbības partneris nodrošina, ka sociālā dienesta sociālā darba speciālisti, kuri "
            "apguvuši AIS, piedalās personu ar garīga rakstura traucējumiem individuālo "
            "vajadzību novērtēšanā un atbalsta plānu izstrādē saistībā ar darbības programmas "
            '"Izaugsme un nodarbinātība" 9.2.2.1. pasākumu "Deinstitucionalizācija".',
            "Sadarbības partneris nodrošina, ka sociālā dienesta sociālā darba speciālisti "
            "piedalās apmācībās par Ministrijas Projektā izstrādāto metodiku un aprobē to "
            "sociālā dienesta ikdienas darbā (pilotprojekts).",
            "Sadarbības partneris nodrošina sociālā dienesta sociālā darba speciālistu dalību "
            "AIS izstrādātāja un Ministrijas organizētajos atgriezeniskās saites pasākumos.",
            "Sadarbības partneris ievēro AIS konfidencialitāti atbilstoši Līguma 12. punktam.",
            "Sadarbības partneris nodrošina, ka sociālā dienesta un pašvaldības izveidoto citu "
            "sociālo pakalpojumu sniedzēju sociālā darba speciālisti piedalās profesionālās "
            "kompetences pilnveides apmācībās un supervīzijās.",
            "Sadarbības partneris nodrošina, ka sociālā dienesta sociālie darbinieki piedalās "
            "apmācībās par metodikām sociālajam darbam ar klientu mērķa grupām.",
            "Sadarbības partneris iesniedz maksājumu pieprasījumus un progresa pārskatus Līguma "
            "5. un 6. punktā noteiktajā kārtībā. Pēc Ministrijas pieprasījuma tas iesniedz "
            "papildu informāciju un dokumentus Ministrijas noteiktajā termiņā.",
            "Sadarbības partneris uzskaita Līguma izmaksas grāmatvedībā atsevišķi, lai ar "
            "Līgumu saistītie darījumi būtu nodalīti no pārējiem un pārbaudāmi.",
            f"Sadarbības partneris ievēro publicitātes prasības, kas noteiktas {REGULATION_1303}, "
            "XII pielikumā un Latvijas normatīvajos aktos. Ar Līgumu saistītajos materiālos un "
            "pasākumos tas norāda {{ fund.genitive }} atbalstu.",
            "Sadarbības partneris nodrošina, ka Ministrijas finansētās izmaksas (Ministrijas "
            "finansējuma daļa, ko veido {{ fund.genitive }} un valsts budžeta finansējums) "
            "netiek finansētas no citiem Eiropas Savienības fondiem, citas ārvalstu finanšu "
            "palīdzības vai citiem valsts budžeta līdzekļiem, un nepieļauj dubulto finansējumu. "
            "Līdzfinansējumu no Sadarbības partnera budžeta (Līguma 4.3. apakšpunkts) tas "
            "nodrošina atbilstoši Līgumam.",
            "Sadarbības partneris nekavējoties, bet ne vēlāk kā piecu darbdienu laikā, rakstiski "
            "informē Ministriju par apstākļiem, kas kavē vai var kavēt Līguma izpildi.",
        ],
    )

    # 3 ---------------------------------------------------------------------------------------
    heading(doc, "3. Ministrijas pienākumi un tiesības")
    clauses(
        doc,
        3,
        [
            "Ministrija nodrošina Sadarbības partnerim AIS lietošanas tiesības Līguma izpildei "
            "atbilstoši licences nosacījumiem un AIS apmācībām nepieciešamos materiālus.",
            "Ministrija organizē Līguma 2.1., 2.3. un 2.4. apakšpunktā minētās apmācības un "
            "pasākumus. Par to laiku un vietu tā informē Sadarbības partneri ne vēlāk kā "
            "10 (desmit) darbdienas iepriekš.",
            "Ministrija sniedz Sadarbības partnerim metodisko atbalstu un konsultācijas par "
            "darbību īstenošanu, izmaksu attiecināmību, maksājumu pieprasījumiem un progresa "
            "pārskatiem.",
            "Ministrija pārbauda maksājumu pieprasījumus un progresa pārskatus un veic "
            "maksājumus Līguma 5. un 6. punktā noteiktajā kārtībā.",
        ],
    )

    # 4 ---------------------------------------------------------------------------------------
    # The budget table is annex 1 (clause 20.3.1) and stays here, in clause 4.1, so that the
    # signatures are the last thing in the document.
    heading(doc, "4. Finansējums")
    budget_clauses(doc, "budget")
    clauses(
        doc,
        4,
        [
            "Līguma 4.2. apakšpunktā noteiktais Ministrijas finansējums ir maksimālais. Ja "
            "faktiskās attiecināmās izmaksas ir mazākas, Ministrijas finansējumu aprēķina no "
            "faktiskajām attiecināmajām izmaksām, piemērojot Līguma 4.2. apakšpunktā noteiktās "
            "finansējuma intensitātes.",
            "Ministrijas finansējuma daļu aprēķina, izmaksu summu reizinot ar finansējuma "
            "intensitāti un rezultātu noapaļojot līdz centam pēc matemātiskās noapaļošanas "
            "principa. Sadarbības partnera daļa ir starpība starp izmaksu summu un Ministrijas "
            "finansējuma daļu. Tāpat Ministrijas finansējumu sadala {{ fund.genitive }} un "
            "valsts budžeta finansējumā.",
            "Izmaksas ir attiecināmas, ja tās atbilst MK noteikumiem, ir radušās izmaksu "
            "attiecināmības periodā (Līguma 15.2. apakšpunkts) un ir tieši saistītas ar "
            f"{ACTIVITIES} noteikto darbību īstenošanu. Tām jābūt faktiski veiktām, pamatotām "
            "ar attaisnojuma dokumentiem un iekļautām Sadarbības partnera grāmatvedības "
            "uzskaitē.",
        ],
        start=4,
    )

    # 5 ---------------------------------------------------------------------------------------
    heading(doc, "5. Avanss")
    clause(
        doc,
        "5.1.",
        "Sadarbības partneris var pieprasīt avansu (Ministrijas finansējumu, ko izmaksā, pirms "
        "izmaksas radušās) vienā vai vairākos maksājumos. Avansa kopsumma nepārsniedz "
        "{{ rates.advance|percent }} no Līguma 4.2. apakšpunktā noteiktā Ministrijas "
        "finansējuma, tas ir, ",
        "{{r budget.advance_max|euro }}",
        ".",
    )
    clauses(
        doc,
        5,
        [
            "Avansa maksājuma pieprasījumā norāda pieprasīto summu, tās pamatojumu un "
            "sadalījumu {{ fund.genitive }} un valsts budžeta finansējumā. Izmaksas tajā "
            "nenorāda. Veidlapa ir Līguma 2. pielikumā.",
            "Izmaksāto avansu Ministrija ieskaita pēc iespējas ātrāk. Katrā nākamajā "
            "starpposma vai noslēguma maksājuma pieprasījumā aprēķināto Ministrijas "
            "finansējuma daļu samazina par vēl neieskaitīto avansa summu, līdz avanss ir "
            "ieskaitīts pilnībā. Ieskaitīto avansu sadala {{ fund.genitive }} un valsts "
            "budžeta finansējumā Līguma 4.5. apakšpunktā noteiktajā kārtībā.",
            "Ja avansu nevar ieskaitīt pilnībā noslēguma maksājuma pieprasījumā vai ja Līgums "
            "tiek izbeigts, Sadarbības partneris neieskaitīto avansu atmaksā Ministrijai. "
            "Atmaksas termiņš ir 20 (divdesmit) darbdienas pēc Ministrijas rakstiska "
            "pieprasījuma saņemšanas, un naudu pārskaita uz Ministrijas norādīto kontu.",
            f"Avansu Sadarbības partneris izmanto tikai {ACTIVITIES} noteikto darbību īstenošanai.",
        ],
        start=2,
    )

    # 6 ---------------------------------------------------------------------------------------
    heading(doc, "6. Maksājumu pieprasījumi, progresa pārskati un maksājumi")
    clauses(
        doc,
        6,
        [
            # the project's reporting schedule when the workbook states it
            "Sadarbības partneris iesniedz Ministrijai starpposma maksājuma pieprasījumu par "
            "katru {% if project.reporting_schedule %}pārskata periodu – "
            "{{ project.reporting_schedule }} –{% else %}Ministrijas noteikto pārskata "
            "periodu{% endif %} {{ agreement.claim_deadline_days }} darbdienu laikā pēc "
            "pārskata perioda beigām.{% if project.reporting_schedule %} Pirmais pārskata "
            "periods sākas izmaksu attiecināmības perioda pirmajā dienā, un pēdējais beidzas "
            "tā pēdējā dienā (Līguma 15.2. apakšpunkts).{% endif %} Veidlapa ir Līguma "
            "2. pielikumā. Maksājumu pieprasījumus numurē secīgi, un to pārskata periodi "
            "nepārklājas.",
            "Kopā ar katru starpposma un noslēguma maksājuma pieprasījumu Sadarbības partneris "
            "iesniedz progresa pārskatu par to pašu pārskata periodu. Veidlapa ir Līguma "
            "3. pielikumā. Pārskatā norāda darbību īstenošanas gaitu, izmaksu apguvi un Līguma "
            "7.1. apakšpunktā noteikto rādītāju vērtības pārskata periodā un kopā no Līguma "
            "darbības sākuma.",
            "Maksājuma pieprasījumā izmaksas norāda par pārskata periodu un kopā no Līguma "
            "darbības sākuma, un tam pievieno izmaksas pamatojošo dokumentu kopijas. Izmaksas "
            "kopā no Līguma darbības sākuma nevienā izmaksu pozīcijā nedrīkst pārsniegt "
            "Budžetā noteikto apmēru. Ministrijas finansējuma daļu aprēķina no izmaksām kopā "
            "no Līguma darbības sākuma, atskaitot iepriekšējos maksājumu pieprasījumos "
            "aprēķināto Ministrijas finansējumu.",
            "Noslēguma maksājuma pieprasījumu Sadarbības partneris iesniedz "
            "{{ agreement.claim_deadline_days }} darbdienu laikā pēc izmaksu attiecināmības "
            "perioda beigām. Tajā norāda arī kopējās izmaksas salīdzinājumā ar Budžetu un "
            "neieskaitītā avansa summu, ja tāda ir.",
            "Ministrija pārbauda maksājuma pieprasījumu un pieņem lēmumu to apstiprināt pilnā "
            "apmērā, apstiprināt daļēji vai noraidīt. Starpposma un noslēguma maksājuma "
            "pieprasījumam termiņš ir 20 (divdesmit) darbdienas pēc saņemšanas, avansa "
            "maksājuma pieprasījumam – 10 (desmit) darbdienas. Ja nepieciešami precizējumi vai "
            "papildu informācija, Ministrija tos rakstiski pieprasa, un pārbaudes termiņu "
            "aptur līdz to saņemšanai.",
            "Ministrija 10 (desmit) darbdienu laikā pēc maksājuma pieprasījuma apstiprināšanas "
            "pārskaita apstiprināto Ministrijas finansējumu uz Sadarbības partnera kontu, kas "
            "norādīts Līguma rekvizītos. No summas atskaita ieskaitīto avansu (Līguma 5.3. "
            "apakšpunkts).",
            "Ja Sadarbības partneris nav iesniedzis progresa pārskatu vai Ministrijas "
            "pieprasītos precizējumus, Ministrija var apturēt maksājumus, līdz tie iesniegti.",
        ],
    )

    # 7 ---------------------------------------------------------------------------------------
    # Unconditional: a target the workbook leaves empty reads "nav noteikta", so the section
    # and its numbering never change. The names are the report's (indicators) and the workbook's.
    heading(doc, "7. Rādītāji")
    clause(
        doc,
        "7.1.",
        "Līguma rezultātus mēra ar šādiem rādītājiem. Progresa pārskatos tos norāda ar tādiem "
        "pašiem nosaukumiem.",
        keep=True,
    )
    targets_table(doc, "indicators")
    space(doc)
    clauses(
        doc,
        7,
        [
            "Ja kļūst zināms, ka rādītāja mērķa vērtība var netikt sasniegta, Sadarbības "
            "partneris par to nekavējoties rakstiski informē Ministriju. Tas norāda iemeslus un "
            "piedāvā risinājumu.",
            "Ja izmaksu attiecināmības perioda beigās rādītāja mērķa vērtība nav sasniegta, "
            "Ministrija var samazināt ar attiecīgo darbību saistītās attiecināmās izmaksas "
            "proporcionāli nesasniegtajai rādītāja daļai. Izmaksas nesamazina, ja Sadarbības "
            "partneris pierāda, ka rādītājs nav sasniegts no tā neatkarīgu apstākļu dēļ. "
            "Izmaksāto Ministrijas finansējumu, kas pārsniedz samazināto apmēru, Sadarbības "
            "partneris atmaksā Līguma 11.2. apakšpunktā noteiktajā kārtībā.",
        ],
        start=2,
    )

    # 8 ---------------------------------------------------------------------------------------
    heading(doc, "8. Vienošanās ar Centrālo finanšu un līgumu aģentūru")
    clauses(
        doc,
        8,
        [
            "Ministrija Projektu īsteno saskaņā ar Vienošanos, ko tā noslēgusi ar CFLA kā "
            "sadarbības iestādi. Sadarbības partneris ievēro Vienošanās prasības, kas attiecas "
            "uz tā īstenotajām darbībām, izmaksām, pārskatiem, pārbaudēm un dokumentu "
            "glabāšanu.",
            "Pēc Sadarbības partnera pieprasījuma Ministrija to iepazīstina ar Vienošanās "
            "noteikumiem. Par tiem Vienošanās grozījumiem, kas ietekmē Sadarbības partnera "
            "pienākumus, Ministrija Sadarbības partneri rakstiski informē piecu darbdienu "
            "laikā. Ja Vienošanās grozījumi prasa mainīt Līgumu, Puses to groza Līguma "
            "16. punktā noteiktajā kārtībā.",
            "CFLA var samazināt Projekta finansējumu vai piemērot finanšu korekciju Sadarbības "
            "partnera darbības vai bezdarbības dēļ. Šādā gadījumā Sadarbības partneris atmaksā "
            "Ministrijai attiecīgo summu Līguma 11. punktā noteiktajā kārtībā.",
        ],
    )

    # 9 ---------------------------------------------------------------------------------------
    heading(doc, "9. Pārbaudes, revīzijas un dokumentu glabāšana")
    clauses(
        doc,
        9,
        [
            "Ministrija, CFLA, Finanšu ministrija kā vadošā iestāde, sertifikācijas iestāde, "
            "revīzijas iestāde, Valsts kontrole, Eiropas Komisija, Eiropas Revīzijas palāta, "
            "Eiropas Birojs krāpšanas apkarošanai un citas kompetentās institūcijas (turpmāk – "
            "kontroles institūcijas) ir tiesīgas pārbaudīt Sadarbības partnera īstenotās "
            "darbības un izmaksas, arī darbību īstenošanas vietā.",
            "Sadarbības partneris nodrošina kontroles institūciju pārstāvjiem piekļuvi darbību "
            "īstenošanas vietām, telpām, informācijas sistēmām un dokumentiem. Tas sniedz "
            "paskaidrojumus un noteiktajā termiņā iesniedz pieprasītos dokumentus un "
            "informāciju. Par plānotu pārbaudi Ministrija informē Sadarbības partneri vismaz "
            "piecas darbdienas iepriekš, ja pārbaudes mērķis neprasa citādi.",
            "Sadarbības partneris glabā visus ar Līguma izpildi saistītos dokumentus "
            "(oriģinālus vai to atvasinājumus ar juridisku spēku) un nodrošina to pieejamību "
            "Regulas Nr. 1303/2013 140. pantā un Vienošanās noteiktajā termiņā. Termiņš nav "
            "īsāks par normatīvajos aktos arhīvu jomā noteikto. Par termiņa beigu datumu un tā "
            "pagarināšanu Ministrija Sadarbības partneri informē rakstiski.",
            "Sadarbības partneris kontroles institūcijas noteiktajā termiņā novērš pārbaudēs "
            "konstatētos trūkumus un par to informē Ministriju.",
        ],
    )

    # 10 --------------------------------------------------------------------------------------
    heading(doc, "10. Iepirkumi, interešu konflikts un krāpšanas novēršana")
    clauses(
        doc,
        10,
        [
            f"Preces un pakalpojumus {ACTIVITIES} noteikto darbību īstenošanai (piemēram, "
            "apmācību aprīkojumu un supervīzijas pakalpojumus) Sadarbības partneris iegādājas "
            "saskaņā ar Publisko iepirkumu likumu. Pēc Ministrijas pieprasījuma tas iesniedz "
            "iepirkuma dokumentāciju.",
            "Sadarbības partneris nodrošina, ka Līguma izpildē, arī iepirkumos, iesaistītās "
            'personas nav interešu konfliktā un ievēro likumu "Par interešu konflikta '
            'novēršanu valsts amatpersonu darbībā". Par iespējamu interešu konfliktu tas '
            "nekavējoties informē Ministriju.",
            "Par aizdomām par krāpšanu, korupciju vai citu prettiesisku darbību saistībā ar "
            "Līguma izpildi Puse nekavējoties, bet ne vēlāk kā nākamajā darbdienā, rakstiski "
            "informē otru Pusi. Ministrija par to informē CFLA.",
            "Ja Līguma 10.1.–10.3. apakšpunktā noteikto prasību pārkāpuma dēļ izdevumi atzīti "
            "par neatbilstoši veiktiem, piemēro Līguma 11. punktu.",
        ],
    )

    # 11 --------------------------------------------------------------------------------------
    heading(doc, "11. Neatbilstoši veikto izdevumu atgūšana")
    clauses(
        doc,
        11,
        [
            "Ja Ministrija vai cita kontroles institūcija Sadarbības partnera izdevumos "
            f"konstatē neatbilstību {MK_517} izpratnē, Ministrija pieņem lēmumu par "
            "neatbilstoši veikto izdevumu atgūšanu un paziņo to Sadarbības partnerim, norādot "
            "summu un pamatojumu.",
            "Sadarbības partneris atmaksā Ministrijai lēmumā norādīto summu 20 (divdesmit) "
            "darbdienu laikā pēc lēmuma saņemšanas, ja lēmumā nav noteikts cits termiņš.",
            "Ministrija ir tiesīga neatbilstoši veiktos izdevumus ieturēt no nākamajiem "
            "Sadarbības partnerim veicamajiem maksājumiem. Ja summa netiek atmaksāta vai "
            "ieturēta, Ministrija to atgūst normatīvajos aktos noteiktajā kārtībā.",
        ],
    )

    # 12 --------------------------------------------------------------------------------------
    heading(doc, "12. AIS konfidencialitāte")
    clauses(
        doc,
        12,
        [
            "AIS (tās rokasgrāmatas, novērtēšanas veidlapas un citi materiāli) ir licencēts "
            "intelektuālais īpašums. Tā lietošanas tiesības Ministrija ieguvusi no AIS "
            "izstrādātāja. Sadarbības partneris AIS izmanto tikai Līguma izpildei. Tas "
            "nodrošina, ka AIS materiāliem piekļūst tikai speciālisti, kuri apmācīti AIS "
            "lietošanā un iepazīstināti ar šo punktu.",
            "Sadarbības partneris nekopē, nepavairo, nepublisko un nenodod AIS materiālus "
            "trešajām personām. Tas neizmanto tos citiem mērķiem bez Ministrijas iepriekšējas "
            "rakstiskas piekrišanas.",
            "Ja Sadarbības partneris pārkāpj šajā punktā noteiktos pienākumus, tas atlīdzina "
            "Ministrijai radušos zaudējumus, arī tos, kas radušies AIS licences devēja "
            "prasījumu dēļ.",
            "Šajā punktā noteiktie pienākumi ir spēkā arī pēc Līguma izbeigšanās.",
        ],
    )

    # 13 --------------------------------------------------------------------------------------
    heading(doc, "13. Personas datu apstrāde")
    clauses(
        doc,
        13,
        [
            f"Puses apstrādā personas datus saskaņā ar {GDPR} un Fizisko personu datu apstrādes "
            "likumu.",
            "Sadarbības partneris ir pārzinis savu klientu personas datiem, arī AIS novērtējumu "
            "un atbalsta plānu datiem. Tie ir īpašu kategoriju (veselības) dati par personām ar "
            "garīga rakstura traucējumiem. Ministrija ir pārzinis tiem personas datiem, ko tā "
            "saņem Projekta vadībai, uzraudzībai un pārbaudēm, piemēram, apmācību un supervīziju "
            "dalībnieku datiem. Katra Puse atbild par savu apstrādi. Puses nav kopīgi pārziņi "
            "un nav viena otras apstrādātājas.",
            # The legal basis (GDPR art. 6(1)(c) and (e); for health data art. 9(2)(h)).
            "Personas datu apstrādes tiesiskais pamats ir Regulas 2016/679 6. panta 1. punkta "
            "c) un e) apakšpunkts: apstrāde ir vajadzīga, lai Puse izpildītu tai normatīvajos "
            "aktos noteiktos juridiskos pienākumus Projekta īstenošanā, uzraudzībā un kontrolē "
            "un lai izpildītu uzdevumus, ko tā veic sabiedrības interesēs vai īstenojot tai "
            "likumīgi piešķirtās oficiālās pilnvaras. Veselības datus apstrādā saskaņā ar "
            "Regulas 2016/679 9. panta 2. punkta h) apakšpunktu sociālās aprūpes nodrošināšanai "
            "un sociālo pakalpojumu pārvaldībai, pamatojoties uz normatīvajiem aktiem sociālo "
            "pakalpojumu jomā. Tos apstrādā tikai personas, kurām ir pienākums ievērot "
            "konfidencialitāti (Regulas 2016/679 9. panta 3. punkts).",
            "Sadarbības partneris nodod Ministrijai tikai tos personas datus, kas nepieciešami "
            "Līguma izpildei un rādītāju pamatošanai. Rādītāju pamatošanai AIS novērtējumus "
            "norāda bez klientu vārda, uzvārda un personas koda. Identificējamus datus nodod "
            "tikai tad, ja tos pārbaudē pieprasa kontroles institūcija.",
            "Katra Puse īsteno atbilstošus tehniskus un organizatoriskus drošības pasākumus. "
            "Piekļuvi veselības datiem saņem tikai tie darbinieki, kuriem tā nepieciešama "
            "pienākumu veikšanai un kuri apņēmušies ievērot konfidencialitāti. Datus pārsūta "
            "šifrētā veidā vai drošā informācijas sistēmā, un piekļuvi datiem reģistrē.",
            "Ja Puse konstatē personas datu aizsardzības pārkāpumu, kas skar Līguma izpildē "
            "apmainītos datus vai otras Puses datus, tā nekavējoties, bet ne vēlāk kā 24 stundu "
            "laikā pēc tam, kad par to uzzinājusi, informē otru Pusi un sniedz tai savā rīcībā "
            "esošo informāciju, lai attiecīgais pārzinis varētu 72 stundu laikā paziņot par "
            "pārkāpumu uzraudzības iestādei (Regulas 2016/679 33. pants).",
            "Katra Puse Līguma izpildē iegūtos personas datus glabā ne ilgāk, kā nepieciešams. "
            "Termiņu nosaka Līguma 9.3. apakšpunkts un normatīvie akti sociālo pakalpojumu un "
            "arhīvu jomā. Pēc tam Puse datus dzēš vai nodod arhīvā normatīvajos aktos noteiktajā "
            "kārtībā.",
        ],
    )

    # 14 --------------------------------------------------------------------------------------
    heading(doc, "14. Nepārvarama vara")
    clauses(
        doc,
        14,
        [
            "Puse nav atbildīga par Līguma saistību neizpildi, ja to izraisījusi nepārvarama "
            "vara. Nepārvarama vara ir ārkārtēji apstākļi, kas radušies pēc Līguma spēkā "
            "stāšanās un kurus Puse nevarēja ne paredzēt, ne novērst, piemēram, dabas "
            "katastrofa, epidēmija, karš vai valsts institūciju lēmumi, kas liedz saistību "
            "izpildi.",
            "Puse, kuru skārusi nepārvarama vara, piecu darbdienu laikā rakstiski informē otru "
            "Pusi. Tā norāda apstākļus, to ietekmi un paredzamo saistību izpildes termiņu. Ja "
            "Puse nepaziņo laikus, tā nevar atsaukties uz nepārvaramu varu.",
            "Ja nepārvarama vara ilgst vairāk nekā divus mēnešus, Puses vienojas par Līguma "
            "grozījumiem vai tā izbeigšanu. Norēķinus veic Līguma 17.4. apakšpunktā noteiktajā "
            "kārtībā.",
        ],
    )

    # 15 --------------------------------------------------------------------------------------
    heading(doc, "15. Līguma spēkā stāšanās un darbības termiņš")
    clauses(
        doc,
        15,
        [
            "Līgums stājas spēkā dienā, kad to ar drošu elektronisko parakstu parakstījusi "
            "pēdējā no Pusēm (pēdējā droša elektroniskā paraksta laika zīmoga datumā). Tas ir "
            "spēkā līdz Pušu saistību pilnīgai izpildei.",
            "Izmaksas ir attiecināmas, ja tās radušās laikposmā {{ agreement.period }} "
            f"(turpmāk – izmaksu attiecināmības periods). {ACTIVITIES} noteiktās darbības "
            "Sadarbības partneris īsteno izmaksu attiecināmības periodā.",
            "Pēc izmaksu attiecināmības perioda beigām Puses turpina pildīt saistības, kas "
            "attiecas uz noslēguma maksājuma pieprasījumu, norēķiniem, pārbaudēm un dokumentu "
            "glabāšanu (Līguma 9. punkts), AIS konfidencialitāti (Līguma 12. punkts) un personas "
            "datu aizsardzību (Līguma 13. punkts).",
        ],
    )

    # 16 --------------------------------------------------------------------------------------
    heading(doc, "16. Līguma grozījumi")
    clauses(
        doc,
        16,
        [
            "Līgumu groza, Pusēm rakstiski vienojoties. Grozījumi stājas spēkā dienā, kad tos ar "
            "drošu elektronisko parakstu parakstījusi pēdējā no Pusēm, ja grozījumos nav "
            "noteikts cits termiņš. Tie kļūst par Līguma neatņemamu sastāvdaļu.",
            "Finansējuma pārdali starp Budžeta izmaksu pozīcijām, izmaksu attiecināmības "
            "perioda pagarināšanu un rādītāju mērķa vērtību maiņu noformē kā Līguma grozījumus. "
            "Ja Ministrijas finansējuma kopsumma palielinās, to norāda grozījumos.",
            "Ja mainās Puses rekvizīti, pārstāvis vai kontaktpersona, Puse piecu darbdienu "
            "laikā rakstiski paziņo otrai Pusei. Tas nav Līguma grozījums.",
            "Ministrija var aktualizēt Līguma 2. un 3. pielikumā noteiktās veidlapas, rakstiski "
            "paziņojot Sadarbības partnerim. Tas nav Līguma grozījums.",
            "Ja normatīvo aktu grozījumu dēļ kāds Līguma noteikums nonāk pretrunā ar "
            "normatīvajiem aktiem, piemēro normatīvo aktu noteikumus, un Puses izdara "
            "attiecīgus Līguma grozījumus.",
        ],
    )

    # 17 --------------------------------------------------------------------------------------
    heading(doc, "17. Līguma izbeigšana")
    clauses(
        doc,
        17,
        [
            # Never at will on notice: the ministry answers to CFLA for the partner's targets.
            "Līgumu var izbeigt pirms termiņa, Pusēm rakstiski vienojoties.",
            "Puse var vienpusēji izbeigt Līgumu, ja otra Puse būtiski pārkāpj Līgumu un nav "
            "novērsusi pārkāpumu termiņā, ko Puse tai noteikusi rakstiskā paziņojumā par "
            "pārkāpumu un kas nav īsāks par 20 (divdesmit) darbdienām. Par Līguma izbeigšanu "
            "Puse rakstiski paziņo otrai Pusei, un Līgums ir izbeigts dienā, kad otra Puse "
            "paziņojumu saņēmusi. Par būtisku pārkāpumu uzskata arī gadījumu, kad Sadarbības "
            "partneris sniedzis nepatiesu informāciju, pieļāvis dubulto finansējumu vai "
            "atkārtoti nav iesniedzis maksājuma pieprasījumu un progresa pārskatu Līgumā "
            "noteiktajā termiņā.",
            "Ministrija var vienpusēji izbeigt Līgumu, rakstiski paziņojot Sadarbības "
            "partnerim, ja tiek izbeigta Vienošanās.",
            "Ja Līgums tiek izbeigts, Sadarbības partneris 20 (divdesmit) darbdienu laikā "
            "iesniedz noslēguma maksājuma pieprasījumu un progresa pārskatu par laiku līdz "
            "Līguma izbeigšanas dienai. Ministrija finansē attiecināmās izmaksas, kas radušās "
            "līdz Līguma izbeigšanas dienai. Neieskaitīto avansu Sadarbības partneris atmaksā "
            "Līguma 5.4. apakšpunktā noteiktajā kārtībā. Līguma 9., 11., 12. un 13. punktā "
            "noteiktie pienākumi ir spēkā arī pēc Līguma izbeigšanas.",
        ],
    )

    # 18 --------------------------------------------------------------------------------------
    heading(doc, "18. Strīdu risināšana")
    clauses(
        doc,
        18,
        [
            "Līgums ir publisko tiesību līgums, ko Valsts pārvaldes iekārtas likuma izpratnē "
            "noslēgušas divas publiskas personas. Strīdus par Līguma izpildi Puses vispirms "
            "risina sarunās.",
            "Ja strīdu neizdodas atrisināt 30 (trīsdesmit) dienu laikā no dienas, kad viena "
            "Puse rakstiski informējusi otru Pusi par strīdu, to izskata administratīvajā tiesā "
            "Administratīvā procesa likumā noteiktajā kārtībā.",
        ],
    )

    # 19 --------------------------------------------------------------------------------------
    heading(doc, "19. Kontaktpersonas un saziņa")
    clause(doc, "19.1.", "Pušu kontaktpersonas Līguma izpildes jautājumos ir šādas:", keep=True)
    subclause(
        doc,
        "19.1.1.",
        "Ministrijas: ",
        contact(
            "ministry",
            "kontaktpersonu Ministrija rakstiski paziņo piecu darbdienu laikā pēc Līguma spēkā "
            "stāšanās",
        ),
        ";",
    )
    subclause(
        doc,
        "19.1.2.",
        "Sadarbības partnera: ",
        contact(
            "partner",
            "kontaktpersonu Sadarbības partneris rakstiski paziņo piecu darbdienu laikā pēc "
            "Līguma spēkā stāšanās",
        ),
        ".",
    )
    clauses(
        doc,
        19,
        [
            "Kontaktpersonas nav tiesīgas grozīt Līgumu.",
            "Paziņojumus Puses nosūta rakstiski, parakstītus ar drošu elektronisko parakstu. Tos "
            "nosūta uz oficiālo elektronisko adresi vai uz Līguma rekvizītos norādīto e-pasta "
            "adresi. Paziņojumus var nosūtīt arī pa pastu uz juridisko adresi.",
        ],
        start=2,
    )

    # 20 --------------------------------------------------------------------------------------
    heading(doc, "20. Nobeiguma noteikumi")
    clauses(
        doc,
        20,
        [
            "Līgums sagatavots elektroniska dokumenta formā latviešu valodā. To paraksta ar "
            "drošu elektronisko parakstu, kas satur laika zīmogu. Līguma datums ir pēdējā "
            "pievienotā droša elektroniskā paraksta laika zīmoga datums.",
            "Jautājumus, kas Līgumā nav noregulēti, Puses risina saskaņā ar Latvijas Republikas "
            "un Eiropas Savienības normatīvajiem aktiem.",
        ],
    )
    clause(
        doc,
        "20.3.",
        "Līgumam ir šādi pielikumi, kas ir tā neatņemama sastāvdaļa:",
        keep=True,
    )
    subclause(
        doc,
        "20.3.1.",
        '1. pielikums "Sadarbības partnera budžets" – Līguma 4.1. apakšpunkta tabulas;',
        keep=True,
    )
    # The forms, each a file beside the agreement, named as docgen writes it.
    tag(doc, "{%p for form in agreement.forms %}")
    subclause(
        doc,
        "20.3.{{ form.annex }}.",
        '{{ form.annex }}. pielikums "{{ form.title }}" (datne {{ form.file }})',
        "{% if loop.last %}.{% else %};{% endif %}",
        keep=True,
    ).alignment = LEFT  # a long file name cannot break: justified, the words would spread apart
    tag(doc, "{%p endfor %}")
    clause(
        doc,
        "20.4.",
        "Līguma 1. pielikums ir Līguma 4.1. apakšpunktā iekļautās tabulas. Līguma 2. un "
        "3. pielikums ir pievienoti kā atsevišķas datnes tajā pašā elektroniski parakstītajā "
        "dokumentā.",
        keep=True,  # the signatures never stand alone on a page
    )

    # Details and signatures: the last thing in the document, kept on one page -----------------
    # The consolidated version is not signed: its details without the signature rows and note.
    heading(doc, "Pušu rekvizīti{% if not agreement.consolidated %} un paraksti{% endif %}")
    grid = Grid(doc, [8.25, 8.25], "LL", style="Normal", grid=False)
    grid.row(B("Ministrija"), B("Sadarbības partneris"))
    grid.row("{{ ministry.name }}", "{{ partner.name }}")
    grid.row("Reģ. Nr. {{ ministry.reg_no }}", "Reģ. Nr. {{ partner.reg_no }}")
    # The conditional lines sit under the address, which every cell keeps: a cell whose only
    # paragraphs docxtpl removed would leave Word a table cell with no paragraph at all.
    address = grid.row("Adrese: {{ ministry.address }}", "Adrese: {{ partner.address }}")
    for cell, lines in (
        (address.cells[0], ("{%p if ministry.email %}", "E-pasts: {{ ministry.email }}")),
        (
            address.cells[1],
            (
                "{%p if partner.email %}",
                "E-pasts: {{ partner.email }}",
                "{%p endif %}",
                "{%p if partner.bic %}",
                "Banka: Valsts kase",
                "BIC: {{ partner.bic }}",
            ),
        ),
    ):
        for jinja in (*lines, "{%p endif %}"):
            _fill(cell.add_paragraph(style="Normal"), [jinja])
    _fill(address.cells[1].add_paragraph(style="Normal"), ["Konts: {{ partner.iban }}"])
    grid.loop("{%tr if not agreement.consolidated %}")
    signers = grid.row("{{ ministry.title }}", "{{ partner.title }}")
    signed = grid.row("/paraksts*/", "/paraksts*/")
    grid.row("{{ ministry.representative }}", "{{ partner.representative }}")
    for row in grid.table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
    for cell in (*signers.cells, *signed.cells):
        cell.paragraphs[0].paragraph_format.space_before = Pt(12)
    grid.note_row(SIGNATURE_NOTE)
    grid.loop("{%tr endif %}")
    grid.keep_together()
    return doc


# --------------------------------------------------------------------------------------------
# 2. The payment claim
# --------------------------------------------------------------------------------------------


def info_table(doc: DocxDocument, rows: Sequence[tuple[str, str]]) -> None:
    """A two-column "label | value" table at the top of the claim and the report."""
    grid = Grid(doc, [5.5, 11.0], "LL")
    for label, value in rows:
        row = grid.row(B(label), value)
        _shade(row.cells[0])
    space(doc)


def _payment_row(grid: Grid, label: str, payment: str, bold: bool = False) -> None:
    """A row of a payment (``claim.payable`` …): its amount, its ESF and state-budget parts."""
    grid.row(
        label,
        f"{{{{ {payment}.amount|amount }}}}",
        f"{{{{ {payment}.esf|amount }}}}",
        f"{{{{ {payment}.state_budget|amount }}}}",
        bold=bold,
    )


def _cost_row(grid: Grid, row: str, bold: bool = False) -> None:
    grid.row(
        f"{{{{ {row}.name }}}}",
        f"{{{{ {row}.agreed|amount }}}}",
        f"{{{{ {row}.period|amount }}}}",
        f"{{{{ {row}.to_date|amount }}}}",
        f"{{{{ {row}.remaining|amount }}}}",
        bold=bold,
    )


def claim() -> DocxDocument:
    """The payment claim: an advance claim (the advance, its split and justification, no costs),
    or an interim or final claim (costs, the ministry's funding, the advance offset and the
    amount payable; on the final claim the reconciliation with the agreement)."""
    doc = new_document("Maksājuma pieprasījums")
    form_heading(doc)
    addressee(doc)
    title(doc, "{{ claim.kind_title|upper }} Nr. {{ claim.number }}")
    para(doc, B("par periodu {{ claim.period }}"), align=CENTER, after=12)

    heading(doc, "1. Vispārīgā informācija")
    info_table(
        doc,
        [
            ("Projekts", '"{{ project.title }}" ({{ project.no }})'),
            ("Sadarbības līgums", "{{ agreement.reference }}"),
            ("Sadarbības partneris", "{{ partner.name }}"),
            ("Reģistrācijas Nr.", "{{ partner.reg_no }}"),
            ("Juridiskā adrese", "{{ partner.address }}"),
            # an advance's period is the one it is asked for, not one that is reported on
            (
                "{% if claim.is_advance %}Periods, par kuru pieprasīts avanss{% else %}Pārskata "
                "periods{% endif %}",
                "{{ claim.period_start|date }}–{{ claim.period_end|date }}",
            ),
            ("Pieprasījuma datums", "{{ claim.date|date }}"),
        ],
    )

    # The advance claim ----------------------------------------------------------------------
    tag(doc, "{%p if claim.is_advance %}")
    heading(doc, "2. Pieprasītais avanss")
    para(
        doc,
        "Sadarbības partneris saskaņā ar Sadarbības līguma 5. punktu pieprasa avansu ",
        "{{r claim.requested|euro }}",
        " (",
        "{{r claim.requested|words }}",
        "), tai skaitā {{ fund.genitive }} finansējums ",
        "{{r claim.esf|euro }}",
        " un valsts budžeta finansējums ",
        "{{r claim.state_budget|euro }}",
        ".",
    )
    para(
        doc,
        "Lielākais pieļaujamais avanss ({{ rates.advance|percent }} no Sadarbības līgumā "
        "noteiktā Ministrijas finansējuma ",
        "{{r budget.lm_total|euro }}",
        ") ir ",
        "{{r claim.largest_advance|euro }}",
        ". Avansa maksājuma pieprasījumā izmaksas nenorāda.",
    )
    para(doc, B("Avansa pamatojums: "), "{{ claim.justification }}")
    para(
        doc,
        "Lūdzam avansu pārskaitīt uz {{ partner.name_genitive }} kontu {{ partner.iban }}",
        "{% if partner.bic %} (BIC {{ partner.bic }}){% endif %}",
        ".",
    )
    heading(doc, "3. Apliecinājums")
    para(doc, "Apliecinu, ka:", keep=True)
    for text in (
        "pieprasītais avanss tiks izmantots tikai Sadarbības līguma 2.1.–2.7. apakšpunktā "
        "noteikto darbību īstenošanai;",
        "pieprasītais avanss nepārsniedz Sadarbības līguma 5.1. apakšpunktā noteikto apmēru;",
        "avansu, ko nevarēs ieskaitīt starpposma un noslēguma maksājumu pieprasījumos, "
        "Sadarbības partneris atmaksās Sadarbības līguma 5.4. apakšpunktā noteiktajā kārtībā;",
        "avansa pamatojumā sniegtā informācija ir patiesa.",
    ):
        clause(doc, "–", text)

    # An interim or final claim ---------------------------------------------------------------
    tag(doc, "{%p else %}")
    heading(doc, "2. Izmaksas")
    grid = Grid(doc, [5.0, 2.9, 2.9, 2.9, 2.8], "LRRRR")
    grid.header(
        "Izmaksu pozīcija",
        "Apstiprināts līgumā, EUR",
        "Izlietots periodā, EUR",
        "Izlietots kopā no Līguma darbības sākuma, EUR",
        "Atlikums, EUR",
        size=10,
    )
    grid.loop("{%tr for row in claim_rows if row.eligible %}")
    _cost_row(grid, "row")
    grid.loop("{%tr endfor %}")
    _cost_row(grid, "claim_eligible", bold=True)
    grid.loop("{%tr for row in claim_rows if not row.eligible %}")
    _cost_row(grid, "row")
    grid.loop("{%tr endfor %}")
    _cost_row(grid, "claim_total", bold=True)
    space(doc)

    heading(doc, "3. Ministrijas finansējums")
    grid = Grid(doc, [5.0, 2.9, 2.9, 2.9, 2.8], "LRRRR")
    grid.header(
        "Finansējums",
        "Apstiprināts līgumā, EUR",
        "Periodā, EUR",
        "Kopā no Līguma darbības sākuma, EUR",
        "Atlikums, EUR",
        size=10,
    )
    grid.loop("{%tr for row in funding_rows %}")
    _cost_row(grid, "row")
    grid.loop("{%tr endfor %}")
    para(
        doc,
        "Ministrijas finansējums – ",
        listed(
            "categories if c.eligible",
            "{{ c.rate|percent }} no {{ c.of }}{% if loop.last %} izmaksām{% endif %}",
        ),
        "; no tā {{ rates.esf|percent }} {{ fund.name }}, pārējais valsts budžets.",
        style=NOTE_STYLE,
        align=LEFT,
    ).paragraph_format.space_before = Pt(3)

    heading(doc, "4. Izmaksājamā summa")
    grid = Grid(doc, [6.5, 3.3, 3.3, 3.4], "LRRR")
    grid.header("Maksājums", "Kopā, EUR", "{{ fund.short }}, EUR", "Valsts budžets, EUR", size=10)
    _payment_row(grid, "Ministrijas finansējums par pārskata periodu", "claim.lm_period")
    grid.loop("{%tr if claim.approval %}")
    _payment_row(grid, "Neapstiprinātais Ministrijas finansējums", "claim.not_approved")
    grid.loop("{%tr endif %}")
    _payment_row(grid, "Ieskaitītais avanss", "claim.offset")
    _payment_row(grid, "Izmaksājamā summa", "claim.payable", bold=True)
    grid.keep_together()
    space(doc)
    # Costs LM approved below the claimed: per category, with its decision.
    tag(doc, "{%p if claim.approval %}")
    para(
        doc,
        "Ministrija izmaksas apstiprinājusi mazākā apmērā, nekā pieprasīts "
        "{% if claim.decision %}(lēmums: {{ claim.decision }}){% else %}(lēmums nav "
        "norādīts){% endif %}:",
        keep=True,
    )
    grid = Grid(doc, [6.5, 3.3, 3.3, 3.4], "LRRR")
    grid.header(
        "Izmaksu pozīcija", "Pieprasīts, EUR", "Apstiprināts, EUR", "Starpība, EUR", size=10
    )
    grid.loop("{%tr for row in claim.approval %}")
    grid.row(
        "{{ row.name }}",
        "{{ row.claimed|amount }}",
        "{{ row.approved|amount }}",
        "{{ row.difference|amount }}",
    )
    grid.loop("{%tr endfor %}")
    grid.keep_together()
    space(doc)
    tag(doc, "{%p endif %}")
    para(
        doc,
        B("Izmaksājamā summa"),
        " ir ",
        "{{r claim.payable.amount|euro }}",
        " (",
        "{{r claim.payable.amount|words }}",
        ")",
        "{% if claim.payable.amount %}. Lūdzam to pārskaitīt uz {{ partner.name_genitive }} "
        "kontu {{ partner.iban }}{% if partner.bic %} (BIC {{ partner.bic }}){% endif %}"
        "{% elif claim.offset.amount %}: viss šī perioda Ministrijas finansējums ir ieskaitīts "
        "avansa dzēšanai{% else %}: šī perioda izmaksās nav tādu, ko finansē Ministrija{% endif %}",
        ".",
    )
    tag(doc, "{%p if claim.outstanding %}")
    para(
        doc,
        "Neieskaitītais avanss pēc šī maksājuma pieprasījuma ir ",
        "{{r claim.outstanding|euro }}",
        "; to ieskaita nākamajos maksājuma pieprasījumos.",
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if claim.repayment.amount %}")
    para(
        doc,
        "Avansu, ko noslēguma maksājuma pieprasījumā nevar ieskaitīt, ",
        "{{r claim.repayment.amount|euro }}",
        " (",
        "{{r claim.repayment.amount|words }}",
        "), tai skaitā {{ fund.genitive }} finansējumu ",
        "{{r claim.repayment.esf|euro }}",
        " un valsts budžeta finansējumu ",
        "{{r claim.repayment.state_budget|euro }}",
        ", Sadarbības partneris atmaksā Ministrijai Sadarbības līguma 5.4. apakšpunktā "
        "noteiktajā kārtībā.",
    )
    tag(doc, "{%p endif %}")

    # The final claim: everything claimed against the agreement
    tag(doc, "{%p if claim.is_final %}")
    heading(doc, "5. Noslēguma salīdzinājums ar Sadarbības līgumu")
    grid = Grid(doc, [6.5, 3.3, 3.3, 3.4], "LRRR")
    grid.header(
        "Salīdzinājums",
        "Apstiprināts līgumā, EUR",
        "Maksājumu pieprasījumos kopā, EUR",
        "Starpība, EUR",
        size=10,
    )
    grid.loop("{%tr for row in reconciliation.rows %}")
    grid.row(
        # non-eligible costs are stated in the claims, but no funding is asked for them
        "{{ row.name }}{% if not row.eligible %} (Ministrijas finansējums netiek pieprasīts)"
        "{% endif %}",
        "{{ row.agreed|amount }}",
        "{{ row.claimed|amount }}",
        "{{ row.difference|amount }}",
    )
    grid.loop("{%tr endfor %}")
    grid.keep_together()
    space(doc)
    para(
        doc,
        "Ministrijas finansējums par visām pieprasītajām izmaksām ir ",
        "{{r reconciliation.lm_claimed|euro }}",
        "{%r if reconciliation.lm_approved != reconciliation.lm_claimed %}",
        ", par apstiprinātajām izmaksām – ",
        "{{r reconciliation.lm_approved|euro }}",
        "{%r endif %}",
        "{%r if reconciliation.advances %}",
        ": izmaksātie avansi ",
        "{{r reconciliation.advances|euro }}",
        " un izmaksājamās summas ",
        "{%r else %}",
        ": izmaksājamās summas ",
        "{%r endif %}",
        "{{r reconciliation.payables|euro }}",
        "{% if reconciliation.repayment %}, atskaitot atmaksājamo avansu "
        "{{ reconciliation.repayment|amount }} EUR{% endif %}. ",
        "{% if reconciliation.equal %}Visos maksājuma pieprasījumos kopā norādītās izmaksas "
        "un Ministrijas finansējums ir vienādi ar Sadarbības līgumā apstiprinātajiem."
        "{% else %}Ministrijas finansējums ir par {{ reconciliation.lm_difference|amount }} EUR "
        "mazāks nekā Sadarbības līgumā apstiprinātais, un kopā pieprasītās attiecināmās "
        "izmaksas ir par {{ reconciliation.eligible_difference|amount }} EUR mazākas nekā "
        "apstiprinātās.{% endif %}",
    )
    # The targets at closing: each indicator against its target in force.
    para(doc, B("Rādītāju izpilde"), keep=True)
    _targets_at_closing(doc, "closing")
    tag(doc, "{%p endif %}")

    heading(doc, "{% if claim.is_final %}6{% else %}5{% endif %}. Apliecinājums")
    para(doc, "Apliecinu, ka:", keep=True)
    for text in (
        "maksājuma pieprasījumā norādītās izmaksas ir radušās pārskata periodā Sadarbības "
        "līguma 2.1.–2.7. apakšpunktā noteikto darbību īstenošanai un ir tieši saistītas ar tām;",
        "izmaksas ir pamatotas ar grāmatvedības attaisnojuma dokumentiem un iekļautas "
        "Sadarbības partnera grāmatvedības uzskaitē;",
        "izmaksas, par kurām pieprasīts Ministrijas finansējums ({{ fund.genitive }} un valsts "
        "budžeta finansējums), nav finansētas un netiks pieprasītas no citiem Eiropas Savienības "
        "fondiem, citas ārvalstu finanšu palīdzības vai citiem valsts budžeta līdzekļiem, un nav "
        "pieļauts dubultais finansējums; Sadarbības partnera līdzfinansējums ir segts no "
        "pašvaldības budžeta;",
        "kopā ar maksājuma pieprasījumu iesniegts progresa pārskats par to pašu pārskata periodu;",
        "maksājuma pieprasījumā sniegtā informācija ir patiesa, pilnīga un precīza, un "
        "izmaksas pamatojošie dokumenti ir pieejami pārbaudēm.",
    ):
        clause(doc, "–", text)
    para(doc, "Pielikumā: izmaksas pamatojošo dokumentu kopijas.", keep=True)
    para(
        doc,
        "{% if has_expenses %}Izdevumus apliecinošo dokumentu saraksts ir šī maksājuma "
        "pieprasījuma pielikums.{% else %}Izdevumus apliecinošo dokumentu saraksts nav "
        "pievienots.{% endif %}",
        keep=True,
    )
    tag(doc, "{%p endif %}")
    space(doc, 18)
    signature_lines(doc, "partner")
    expenses_annex(doc)
    return doc


def expenses_annex(doc: DocxDocument) -> None:
    """The claim's annex, on a page of its own: the documents that back the period's costs
    (sheet Izdevumi), then their totals per category and in all. An advance claim has no costs
    and no annex; a claim without documents has none either (its main part says so)."""
    tag(doc, "{%p if has_expenses %}")
    para(doc, "Pielikums", align=RIGHT, after=0).paragraph_format.page_break_before = True
    para(
        doc,
        '{{ claim.date|date("genitive") }} maksājuma pieprasījumam Nr. {{ claim.number }}',
        align=RIGHT,
        after=12,
    )
    title(doc, "Izdevumus apliecinošo dokumentu saraksts")
    para(doc, B("par periodu {{ claim.period }}"), align=CENTER, after=12)
    grid = Grid(doc, [1.0, 2.2, 1.9, 2.3, 2.5, 2.7, 2.0, 1.9], "CLCLLLRC", style=SMALL_TABLE_STYLE)
    grid.header(
        "Nr.",
        "Dokuments",
        "Datums",
        "Saņēmējs",
        "Apraksts",
        "Kategorija",
        "Summa, EUR",
        "Apmaksāts",
        size=9,
    )
    grid.loop("{%tr for row in expenses %}")
    grid.row(
        "{{ row.number }}",
        "{{ row.document }}",
        "{{ row.date|date }}",
        "{{ row.payee }}",
        "{{ row.description }}",
        "{{ row.category }}",
        "{{ row.amount|amount }}",
        "{% if row.paid %}{{ row.paid|date }}" + OR_DASH,
    )
    grid.loop("{%tr endfor %}")
    space(doc)
    heading(doc, "Kopā pa izmaksu pozīcijām")
    grid = Grid(doc, [8.0, 3.5, 3.5], "LCR")
    grid.header("Izmaksu pozīcija", "Dokumentu skaits", "Summa, EUR", size=10)
    grid.loop("{%tr for row in expenses_by_category %}")
    grid.row("{{ row.name }}", "{{ row.count }}", "{{ row.amount|amount }}")
    grid.loop("{%tr endfor %}")
    grid.row("Kopā", "{{ expenses_count }}", "{{ expenses_total|amount }}", bold=True)
    grid.keep_together()
    tag(doc, "{%p endif %}")


# --------------------------------------------------------------------------------------------
# 3. The progress report
# --------------------------------------------------------------------------------------------

OR_DASH = "{% else %}–{% endif %}"


def _report_cost_row(grid: Grid, row: str, bold: bool = False) -> None:
    grid.row(
        f"{{{{ {row}.name }}}}",
        f"{{{{ {row}.planned|amount }}}}",
        f"{{{{ {row}.spent|amount }}}}",
        f"{{{{ {row}.remaining|amount }}}}",
        f"{{% if {row}.percent is not none %}}{{{{ {row}.percent|share }}}}" + OR_DASH,
        bold=bold,
    )


def _closing_words(closing: str) -> str:
    """The targets at the agreement's end in words: those not reached, with what is missing,
    and the partner's explanation; or that every target was reached (``closing`` is the
    context's "report" or "closing")."""
    c = closing
    return (
        f"{{% if {c}.shortfalls %}}Līguma darbības beigās nav sasniegta mērķa vērtība: "
        f"{{% for i in {c}.shortfalls %}}{{{{ i.name }}}} – {{{{ i.to_date }}}} no "
        "{{ i.target }} ({{ i.percent|share }}, trūkst {{ i.gap }}){% if not loop.last %}; "
        "{% endif %}{% endfor %}. Sadarbības partnera skaidrojums: "
        f"{{% if {c}.explanation %}}{{{{ {c}.explanation }}}}{{% else %}}nav sniegts."
        "{% endif %}{% else %}Līguma darbības beigās visu rādītāju mērķa vērtības ir "
        "sasniegtas.{% endif %}"
    )


def _targets_at_closing(doc: DocxDocument, c: str) -> None:
    """The final claim's table of the indicators against their targets in force, and the words
    on any shortfall."""
    grid = Grid(doc, [7.5, 3.0, 3.0, 3.0], "LCCR")
    grid.header("Rādītājs", "Mērķis", "Sasniegts kopā", "Izpilde", size=10)
    grid.loop(f"{{%tr for row in {c}.indicators %}}")
    grid.row(
        "{{ row.name }}",
        "{% if row.target is not none %}{{ row.target }}" + OR_DASH,
        "{{ row.to_date }}",
        "{% if row.percent is not none %}{{ row.percent|share }}" + OR_DASH,
    )
    grid.loop("{%tr endfor %}")
    grid.keep_together()
    space(doc)
    para(
        doc,
        _closing_words(c),
        # LM's decision on a shortfall: the costs approved below the claimed (above), or all
        f"{{% if {c}.shortfalls and not claim.approval %}} {{% if claim.decision %}}"
        "Noslēguma maksājuma pieprasījums apstiprināts pilnā apmērā, neraugoties uz "
        "nesasniegtajām mērķa vērtībām (lēmums: {{ claim.decision }}).{% else %}Ministrijas "
        "lēmums par finansējumu nesasniegto mērķa vērtību dēļ vēl nav pieņemts.{% endif %}"
        "{% endif %}",
    )


def report() -> DocxDocument:
    doc = new_document("Progresa pārskats")
    form_heading(doc)
    addressee(doc)
    title(doc, "PROGRESA PĀRSKATS")
    para(doc, B("par periodu {{ report.period }}"), align=CENTER, after=12)
    info_table(
        doc,
        [
            ("Projekts", '"{{ project.title }}" ({{ project.no }})'),
            ("Sadarbības līgums", "{{ agreement.reference }}"),
            ("Sadarbības partneris", "{{ partner.name }}"),
            ("Pārskata periods", "{{ report.period_start|date }}–{{ report.period_end|date }}"),
        ],
    )

    heading(doc, "1. Īstenotās darbības")
    tag(doc, "{%p for a in activities %}")
    # a report of several periods says which period each text is of
    para(
        doc,
        "{% if activities|length > 1 %}{{ a.period_start|date }}–{{ a.period_end|date }}: "
        "{% endif %}{{ a.text }}",
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not activities %}")
    para(doc, "Darbības nav aprakstītas.")
    tag(doc, "{%p endif %}")

    heading(doc, "2. Sasniegtie rādītāji")
    grid = Grid(doc, [5.5, 2.5, 2.5, 3.0, 3.0], "LCCCR")
    grid.header("Rādītājs", "Mērķis", "Periodā", "Kopā no Līguma darbības sākuma", "Izpilde")
    grid.loop("{%tr for row in indicators %}")
    grid.row(
        "{{ row.name }}",
        "{% if row.target is not none %}{{ row.target }}" + OR_DASH,
        "{{ row.period }}",
        "{{ row.to_date }}",
        "{% if row.percent is not none %}{{ row.percent|share }}" + OR_DASH,
    )
    grid.loop("{%tr endfor %}")
    space(doc)
    tag(doc, "{%p if report.final %}")
    para(doc, _closing_words("report"))
    tag(doc, "{%p endif %}")

    heading(doc, "3. Izmaksas pret plānu")
    grid = Grid(doc, [5.0, 3.0, 3.0, 3.0, 2.5], "LRRRR")
    grid.header("Izmaksu pozīcija", "Plānots, EUR", "Izlietots, EUR", "Atlikums, EUR", "Apguve")
    # The eligible categories, their subtotal, the others, the total.
    grid.loop("{%tr for row in costs if row.eligible %}")
    _report_cost_row(grid, "row")
    grid.loop("{%tr endfor %}")
    _report_cost_row(grid, "costs_eligible", bold=True)
    grid.loop("{%tr for row in costs if not row.eligible %}")
    _report_cost_row(grid, "row")
    grid.loop("{%tr endfor %}")
    _report_cost_row(grid, "costs_total", bold=True)
    para(
        doc,
        "Izlietots – maksājumu pieprasījumos iekļautās izmaksas no Līguma darbības sākuma līdz "
        "pārskata perioda beigām.",
        style=NOTE_STYLE,
        align=LEFT,
    ).paragraph_format.space_before = Pt(3)

    heading(doc, "4. Izmaksu apguve")
    tag(doc, "{%p if form.annex %}")
    para(doc, "Attēlu sagatavo Ministrija no maksājuma pieprasījumos norādītajām izmaksām.")
    tag(doc, "{%p else %}")
    para(doc, "{{ chart }}", align=CENTER, after=0, keep=True)
    para(
        doc,
        "1. attēls. Plānotās un izlietotās izmaksas pa izmaksu pozīcijām (kumulatīvi, EUR)",
        style="Caption",
        align=CENTER,
    )
    tag(doc, "{%p endif %}")

    # The notes, the certification, the date and the signature keep together and with the
    # heading: the signature never stands alone on a page.
    heading(doc, "5. Piezīmes")
    tag(doc, "{%p for note in notes %}")
    kept(para(doc, "{{ note }}", keep=True))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not notes %}")
    para(doc, "Piezīmju nav.", keep=True)
    tag(doc, "{%p endif %}")

    certification = para(
        doc,
        "Apliecinu, ka progresa pārskatā sniegtā informācija ir patiesa un pilnīga.",
        keep=True,
    )
    kept(certification).paragraph_format.space_before = Pt(12)
    para(doc, 'Pārskats sagatavots {{ report.date|date("locative") }}.', after=24, keep=True)
    signature_lines(doc, "partner")
    return doc


# --------------------------------------------------------------------------------------------
# 4. The consolidated summary
# --------------------------------------------------------------------------------------------


def landscape(doc: DocxDocument) -> None:
    """What follows goes on landscape pages (a new section; the footer carries on)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)


def portrait(doc: DocxDocument) -> None:
    """Back to portrait pages after :func:`landscape`."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)


BLANK = "_" * 40  # a line to write on by hand


def summary() -> DocxDocument:
    doc = new_document("Projekta finansējuma kopsavilkums")
    title(doc, "PROJEKTA FINANSĒJUMA KOPSAVILKUMS")
    para(
        doc,
        B('{{ fund.genitive }} projekts "{{ project.title }}" Nr. {{ project.no }}'),
        align=CENTER,
        after=0,
    )
    para(doc, "par periodu {{ summary.period }}", align=CENTER, after=12)
    para(
        doc,
        "Finansējuma saņēmējs: {{ ministry.name }} (turpmāk – Ministrija). Sadarbības partneru "
        "skaits: {{ partner_count }}.",
        align=LEFT,
    )

    heading(doc, "1. Finansējums pa izmaksu pozīcijām")
    grid = Grid(doc, [5.1, 3.6, 3.9, 3.9], "LRRR")
    grid.header(
        "Izmaksu pozīcija",
        "Kopā, EUR",
        "Ministrijas finansējums, EUR",
        "Pašvaldību finansējums, EUR",
    )
    grid.loop("{%tr for row in by_category %}")
    grid.row(
        "{{ row.name }}",
        "{{ row.amount|amount }}",
        "{{ row.lm|amount }}",
        "{{ row.municipality|amount }}",
    )
    grid.loop("{%tr endfor %}")
    grid.row(
        "Kopā",
        "{{ by_category_total.amount|amount }}",
        "{{ by_category_total.lm|amount }}",
        "{{ by_category_total.municipality|amount }}",
        bold=True,
    )
    space(doc)

    heading(doc, "2. Finansējums pa avotiem")
    grid = Grid(doc, [7.5, 4.0, 3.0], "LRR")
    grid.header("Finansējuma avots", "Summa, EUR", "Daļa")
    grid.loop("{%tr for row in by_source %}")
    grid.row("{{ row.name }}", "{{ row.amount|amount }}", "{{ row.share|share }}")
    grid.loop("{%tr endfor %}")
    grid.row(
        "Kopā",
        "{{ by_source_total.amount|amount }}",
        "{{ by_source_total.share|share }}",
        bold=True,
    )
    space(doc)

    heading(doc, "3. Pieejamais finansējums")
    para(
        doc,
        "Pasākumam pieejamais finansējums ir ",
        "{{r funding.available|euro }}",
        ". Sadarbības līgumos paredzētais Ministrijas finansējums ir ",
        "{{r funding.used|euro }}",
        ", kas ir {{ funding.share|share }} no pieejamā finansējuma. Atlikums – Projekta "
        "pārējām darbībām paredzētais un vēl nesadalītais finansējums – ir ",
        "{{r funding.remaining|euro }}",
        ".",
        align=LEFT,
    )
    tag(doc, "{%p if first_signed.amended %}")
    para(
        doc,
        "Ar līgumu grozījumiem: sākotnēji noslēgtajos līgumos attiecināmās izmaksas bija ",
        "{{r first_signed.total_eligible|euro }}",
        " un Ministrijas finansējums ",
        "{{r first_signed.lm_total|euro }}",
        '; grozījumu redakcijā līdz {{ summary.period_end|date("dative") }} tie ir ',
        "{{r totals.total_eligible|euro }}",
        " un ",
        "{{r totals.lm_total|euro }}",
        ".",
        align=LEFT,
    )
    tag(doc, "{%p endif %}")

    # The per-partner table is wide: it has pages of its own, in landscape.
    landscape(doc)
    heading(doc, "4. Finansējums pa sadarbības partneriem")
    small = SMALL_TABLE_STYLE
    # 25,2 cm across eleven columns at 9 pt.
    grid = Grid(
        doc,
        [0.8, 4.9] + [2.25] * 7 + [1.75, 2.0],
        "CLRRRRRRRRC",
        style=small,
        margins_cm=0.07,
    )
    grid.header(
        "Nr.",
        "Sadarbības partneris",
        "Attiecināmās izmaksas, EUR",
        "Ministrijas finansējums, EUR",
        "{{ fund.short }}, EUR",
        "Valsts budžets, EUR",
        "Līdz\u00adfinansējums, EUR",
        "Pieprasīts periodā, EUR",
        "Pieprasīts kopā, EUR",
        "Apguve",
        "Noslēguma MP iesniegts",
    )
    grid.loop("{%tr for row in rows %}")
    grid.row(
        "{{ loop.index }}.",
        "{{ row.name }}",
        "{{ row.total_eligible|amount }}",
        "{{ row.lm_total|amount }}",
        "{{ row.esf|amount }}",
        "{{ row.state_budget|amount }}",
        "{{ row.cofinancing|amount }}",
        "{{ row.claimed_period|amount }}",
        "{{ row.claimed_to_date|amount }}",
        "{% if row.absorption is not none %}{{ row.absorption|share }}" + OR_DASH,
        "{% if row.final_date %}{{ row.final_date|date }}{% else %}nav{% endif %}",
    )
    grid.loop("{%tr endfor %}")
    grid.row(
        "",
        "Kopā",
        "{{ totals.total_eligible|amount }}",
        "{{ totals.lm_total|amount }}",
        "{{ totals.esf|amount }}",
        "{{ totals.state_budget|amount }}",
        "{{ totals.cofinancing|amount }}",
        "{{ totals.claimed_period|amount }}",
        "{{ totals.claimed_to_date|amount }}",
        "{% if totals.absorption is not none %}{{ totals.absorption|share }}" + OR_DASH,
        "",
        bold=True,
    )
    para(
        doc,
        "{{ fund.short }} – {{ fund.name }}; MP – maksājuma pieprasījums. Pieprasīts – Ministrijas "
        "finansējums maksājumu pieprasījumos; apguve – pieprasītā Ministrijas finansējuma "
        "daļa no līgumos paredzētā.",
        style=NOTE_STYLE,
        align=LEFT,
    ).paragraph_format.space_before = Pt(3)
    para(
        doc,
        "{% if finals.by_end == partner_count %}Visi sadarbības partneri līdz "
        '{{ summary.period_end|date("dative") }} ir iesnieguši noslēguma maksājuma '
        'pieprasījumu.{% else %}Līdz {{ summary.period_end|date("dative") }} noslēguma '
        "maksājuma pieprasījumu "
        "{% if finals.by_end % 10 == 1 and finals.by_end % 100 != 11 %}iesniedzis"
        "{% else %}iesnieguši{% endif %} {{ finals.by_end }} no {{ partner_count }} "
        "sadarbības partneriem{% if finals.later %}; pēc šī datuma – vēl {{ finals.later }} "
        '(pēdējais {{ finals.latest|date("locative") }}){% endif %}. Skaitīts pēc '
        'pieprasījuma iesniegšanas datuma (tabulā – tā datums vai "nav").{% endif %}',
        align=LEFT,
    ).paragraph_format.space_before = Pt(6)
    portrait(doc)

    heading(doc, "5. Izmaksu apguve")
    para(doc, "{{ chart }}", align=CENTER, after=0, keep=True)
    para(
        doc,
        "1. attēls. Visu sadarbības partneru plānotās un izlietotās izmaksas pa izmaksu "
        "pozīcijām (kumulatīvi, EUR)",
        style="Caption",
        align=CENTER,
        keep=True,
    )
    para(
        doc,
        "Izlietots – maksājumu pieprasījumos iekļautās izmaksas līdz "
        '{{ summary.period_end|date("dative") }}.',
        style=NOTE_STYLE,
        align=CENTER,
    )

    para(
        doc, 'Kopsavilkums sagatavots {{ today|date("locative") }}.', keep=True
    ).paragraph_format.space_before = Pt(12)
    # The ministry's contact person when the workbook names one, else lines to fill in by hand.
    tag(doc, "{%p if ministry.contact.name %}")
    para(
        doc,
        "Sagatavoja: {{ ministry.contact.name }}, {{ ministry.name }}"
        "{% if ministry.contact.phone %}, tālr. {{ ministry.contact.phone }}{% endif %}"
        "{% if ministry.contact.email %}, {{ ministry.contact.email }}{% endif %}",
        align=LEFT,
    )
    tag(doc, "{%p else %}")
    para(doc, "Sagatavoja: {{ ministry.name }}", align=LEFT, keep=True)
    for label in ("Vārds, uzvārds, amats", "Paraksts"):
        line = para(doc, f"{label}: {BLANK}", align=LEFT, keep=label != "Paraksts")
        line.paragraph_format.space_before = Pt(12)
    tag(doc, "{%p endif %}")
    return doc


# --------------------------------------------------------------------------------------------

# --------------------------------------------------------------------------------------------
# 5. The amendment agreement
# --------------------------------------------------------------------------------------------


def _item_end(item: str) -> str:
    """How item 1.N of an amendment ends: "." when it is the last item, ";" before another."""
    return f"{{% if amendment.{item} == amendment.item_count %}}.{{% else %}};{{% endif %}}"


def amendment() -> DocxDocument:
    """*Vienošanās Nr. N par grozījumiem … sadarbības līgumā Nr. …*: only what changes, each a
    numbered item in the form lawyers use; the new budget's clauses in full."""
    doc = new_document(
        "Vienošanās par grozījumiem",
        footer="Vienošanās Nr. {{ amendment.number }}{% if agreement.no %} par grozījumiem "
        "sadarbības līgumā Nr. {{ agreement.no }}{% endif %}",
    )
    title(doc, "VIENOŠANĀS Nr. {{ amendment.number }}")
    para(
        doc,
        B("par grozījumiem {{ agreement.in_locative }}"),
        align=CENTER,
        after=0,
    )
    para(
        doc,
        B('par {{ fund.genitive }} projekta "{{ project.title }}" Nr. {{ project.no }} īstenošanu'),
        align=CENTER,
    )
    date_line(doc)
    parties(doc)
    para(
        doc,
        "ņemot vērā, ka Puses ir noslēgušas {{ agreement.in_accusative }} (turpmāk – Līgums)",
        "{% if amendment.earlier %}, kurā grozījumi izdarīti ar "
        '{% for e in amendment.earlier %}{{ e.date|date("genitive") }} vienošanos '
        "Nr. {{ e.number }}{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}",
        ",",
    )
    para(
        doc,
        # The workbook's reason quoted as it stands (its final full stop is not in the field).
        '{% if amendment.reason %}ņemot vērā grozījumu pamatojumu: "{{ amendment.reason }}",'
        "{% else %}ņemot vērā, ka Puses ir vienojušās par Līguma grozījumiem,{% endif %}",
    )
    para(
        doc,
        "un pamatojoties uz Līguma 16.1. un 16.2. apakšpunktu, noslēdz šādu vienošanos "
        "(turpmāk – Vienošanās):",
    )

    clause(doc, "1.", "Izdarīt Līgumā šādus grozījumus:", keep=True)
    # A new budget: clauses 4.1.–4.3. in full, and the advance's cap in clause 5.1.
    tag(doc, "{%p if amendment.budget_item %}")
    subclause(
        doc,
        "1.{{ amendment.budget_item }}.",
        "izteikt Līguma 4.1., 4.2. un 4.3. apakšpunktu šādā redakcijā:",
        keep=True,
    )
    para(doc, '"', align=LEFT, after=0)
    budget_clauses(doc, "new.budget")
    para(
        doc,
        '"',
        "{% if amendment.advance_changes %}, un Līguma 5.1. apakšpunktā skaitli un vārdus "
        '"{{ amendment.old_advance_max|amount }} euro" aizstāt ar skaitli un vārdiem '
        '"{{ new.budget.advance_max|amount }} euro"{% endif %}',
        _item_end("budget_item"),
    )
    tag(doc, "{%p endif %}")
    # A new end of the period in which costs are eligible (clause 15.2.).
    tag(doc, "{%p if amendment.period_item %}")
    subclause(
        doc,
        "1.{{ amendment.period_item }}.",
        'aizstāt Līguma 15.2. apakšpunktā vārdus "līdz {{ amendment.old_period_end }}" ar '
        'vārdiem "līdz {{ amendment.new_period_end }}"',
        _item_end("period_item"),
    )
    tag(doc, "{%p endif %}")
    # New targets: the table of clause 7.1.
    tag(doc, "{%p if amendment.targets_item %}")
    subclause(
        doc,
        "1.{{ amendment.targets_item }}.",
        "izteikt Līguma 7.1. apakšpunkta tabulu šādā redakcijā:",
        keep=True,
    )
    para(doc, '"', align=LEFT, after=0, keep=True)
    targets_table(doc, "new.indicators")
    para(doc, '"', _item_end("targets_item"), align=LEFT)
    tag(doc, "{%p endif %}")

    # Amounts in running legal text: in figures with euro, then in words.
    clause(
        doc,
        "2.",
        "{% if amendment.lm_change %}Ar Vienošanos Ministrijas finansējums Sadarbības "
        "partnerim {% if amendment.lm_rises %}palielinās{% else %}samazinās{% endif %} par ",
        "{{r amendment.lm_difference|euro }}",
        " (",
        "{{r amendment.lm_difference|words }}",
        ")",
        "{% else %}Ministrijas finansējuma kopsumma Sadarbības partnerim nemainās{% endif %}"
        " un ir ",
        "{{r new.budget.lm_total|euro }}",
        " (",
        "{{r new.budget.lm_total|words }}",
        ").",
    )
    for number, text in enumerate(
        (
            'Vienošanās stājas spēkā {{ amendment.date|date("locative") }}, bet ne agrāk kā '
            "dienā, kad to ar drošu elektronisko parakstu parakstījusi pēdējā no Pusēm.",
            "Vienošanās ir Līguma neatņemama sastāvdaļa. Līguma noteikumi, kurus Vienošanās "
            "negroza, paliek spēkā nemainīti.",
            "Vienošanās sagatavota elektroniska dokumenta formā latviešu valodā un parakstīta ar "
            "drošu elektronisko parakstu, kas satur laika zīmogu.",
        ),
        start=3,
    ):
        clause(doc, f"{number}.", text)
    heading(doc, "Pušu paraksti")
    grid = Grid(doc, [8.25, 8.25], "LL", style="Normal", grid=False)
    grid.row(B("Ministrija"), B("Sadarbības partneris"))
    grid.row("{{ ministry.name }}", "{{ partner.name }}")
    signers = grid.row("{{ ministry.title }}", "{{ partner.title }}")
    signed = grid.row("/paraksts*/", "/paraksts*/")
    grid.row("{{ ministry.representative }}", "{{ partner.representative }}")
    for cell in (*signers.cells, *signed.cells):
        cell.paragraphs[0].paragraph_format.space_before = Pt(12)
    grid.note_row(SIGNATURE_NOTE)
    grid.keep_together()
    return doc


BUILDERS = {
    "sadarbibas_ligums.docx": agreement,
    "maksajuma_pieprasijums.docx": claim,
    "progresa_parskats.docx": report,
    "kopsavilkums.docx": summary,
    "vienosanas_grozijumi.docx": amendment,
}


# Parts python-docx's default template carries that a document Word saves does not need: a
# second copy of every style with effects (Word 2010's), a thumbnail, and custom XML.
_DROPPED_PARTS = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _used_styles(parts: dict[str, bytes], styles: etree._Element) -> set[str]:
    """Style ids the content uses, with every style they are based on or linked to."""
    used = set()
    for name, data in parts.items():
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
            used.update(
                re.findall(rb'<w:(?:pStyle|rStyle|tblStyle|numStyleLink) w:val="([^"]+)"', data)
            )
    used = {u.decode() for u in used}
    by_id = {s.get(f"{{{_W}}}styleId"): s for s in styles.iter(f"{{{_W}}}style")}
    used |= {i for i, s in by_id.items() if s.get(f"{{{_W}}}default") == "1"}
    pending = list(used)
    while pending:
        style = by_id.get(pending.pop())
        if style is None:
            continue
        for link in ("basedOn", "link", "next"):
            element = style.find(f"{{{_W}}}{link}")
            if element is not None and element.get(f"{{{_W}}}val") not in used:
                used.add(element.get(f"{{{_W}}}val"))
                pending.append(element.get(f"{{{_W}}}val"))
    return used


def lean(path: Path) -> None:
    """Keep a template as lean as Word saves one: only the styles it uses, no latent styles,
    no stylesWithEffects, thumbnail or custom XML. A lean template opens and renders faster."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts = {n: d for n, d in parts.items() if not n.startswith(_DROPPED_PARTS)}
    styles = etree.fromstring(parts["word/styles.xml"])
    used = _used_styles(parts, styles)
    for style in list(styles.iter(f"{{{_W}}}style")):
        if style.get(f"{{{_W}}}styleId") not in used:
            styles.remove(style)
    for latent in list(styles.iter(f"{{{_W}}}latentStyles")):
        styles.remove(latent)
    parts["word/styles.xml"] = etree.tostring(
        styles, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    dropped = re.compile(
        rb"<(?:Relationship|Override)[^>]*(?:stylesWithEffects|thumbnail|customXml)[^>]*/>"
    )
    for name in ("_rels/.rels", "word/_rels/document.xml.rels", "[Content_Types].xml"):
        parts[name] = dropped.sub(b"", parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(
                zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )


def build(directory: Path = TEMPLATES) -> list[Path]:
    """Write the five templates into ``directory``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in BUILDERS.items():
        path = directory / name
        builder().save(path)
        lean(path)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=TEMPLATES, help="target directory")
    args = parser.parse_args()
    for path in build(args.output):
        print(path)
    if args.output.resolve() == TEMPLATES.resolve():
        # The plain-text renderings lawyers review as a diff (tools/template_text.py).
        for path in template_text.write_all():
            print(path)


if __name__ == "__main__":
    main()
