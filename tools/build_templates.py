"""Build the four docxtpl templates in ``templates/`` with python-docx.

    python tools/build_templates.py            # writes templates/*.docx
    python tools/build_templates.py -o DIR     # somewhere else

The templates are the starting point that legal and finance staff then edit in Word, so they are
deliberately plain: Times New Roman 12 pt on the Normal style, A4, margins 2,5 cm on the left and
2 cm elsewhere, headings bold and centred, clause numbers typed as text ("2.3.") rather than Word
auto-numbering, tables in the built-in "Table Grid" style with amounts right-aligned, and a page
number in the footer.

Every Jinja tag is written by ONE ``add_run`` call, so Word never sees it split across runs
(the problem ``docgen templates check`` reports). ``_run`` refuses a run whose tags do not open and
close inside it, a ``{{r … }}`` sharing its run with anything else, and a ``{%p``/``{%tr`` tag
sharing its paragraph or row. Only the fields and filters of ``docs/context.md`` are used.
"""

from __future__ import annotations

import argparse
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
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


def new_document(title: str) -> DocxDocument:
    """An empty A4 document with the house styles and a page number in the footer."""
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

    # Footer: the page number as a Word field (PAGE), not Jinja.
    footer = section.footer.paragraphs[0]
    footer.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "20")
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)

    props = doc.core_properties
    props.title = title
    props.author = "Labklājības ministrija"
    props.last_modified_by = "docgen"
    props.comments = "docgen veidne; izveidota ar tools/build_templates.py"
    props.language = LANGUAGE
    return doc


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
    grid.row(f"{{{{ {signer}.title }}}}", "/paraksts*/", f"{{{{ {signer}.representative }}}}")
    grid.note_row(SIGNATURE_NOTE)
    grid.keep_together()


def date_line(doc: DocxDocument) -> None:
    """The place "Rīgā" on the left, the e-signature date clause on the right (a right tab stop)."""
    paragraph = para(
        doc, "Rīgā\t", "Dokumenta datums ir tā elektroniskās parakstīšanas laiks", align=LEFT
    )
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.space_after = Pt(12)


def addressee(doc: DocxDocument) -> None:
    para(doc, "{{ ministry.name_dative }}", align=RIGHT, after=12)


# --------------------------------------------------------------------------------------------
# 1. The cooperation agreement
# --------------------------------------------------------------------------------------------

SAM = (
    'darbības programmas "Izaugsme un nodarbinātība" 9.2.1. specifiskā atbalsta mērķa '
    '"Paaugstināt sociālo dienestu darba efektivitāti un sociālo darbinieku profesionalitāti '
    'darbam ar riska situācijās esošām personām" 9.2.1.1. pasākuma "Profesionāla sociālā darba '
    'attīstība pašvaldībās"'
)


def agreement() -> DocxDocument:
    doc = new_document("Sadarbības līgums")
    title(doc, "SADARBĪBAS LĪGUMS Nr. {{ agreement.no }}")
    para(
        doc,
        B(
            'par Eiropas Sociālā fonda projekta "{{ project.title }}" Nr. {{ project.no }} '
            "īstenošanu"
        ),
        align=CENTER,
    )
    date_line(doc)

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
        "{{ partner.authority_accusative }}, no otras puses,",
    )
    para(doc, "abas kopā – Puses, katra atsevišķi – Puse,")
    para(
        doc,
        "ņemot vērā, ka Ministrija saskaņā ar {{ project.regulation_dative }} (turpmāk – MK "
        f"noteikumi) īsteno {SAM} Eiropas Sociālā fonda projektu "
        '"{{ project.title }}" Nr. {{ project.no }} (turpmāk – Projekts),',
    )
    para(
        doc,
        "ņemot vērā, ka Projektu īsteno sadarbībā ar pašvaldībām kā Projekta sadarbības "
        "partneriem un Sadarbības partneris ir apliecinājis gatavību piedalīties Projekta "
        "īstenošanā, un ievērojot Eiropas Savienības struktūrfondu un Kohēzijas fonda "
        "2014.–2020. gada plānošanas perioda vadības likumu un MK noteikumus,",
    )
    para(doc, "noslēdz šādu līgumu (turpmāk – Līgums):")

    # 1 ---------------------------------------------------------------------------------------
    heading(doc, "1. Līguma priekšmets")
    clause(
        doc,
        "1.1.",
        "Līguma priekšmets ir Pušu sadarbība Projekta īstenošanā. Līgums nosaka Pušu tiesības, "
        "pienākumus un atbildību, Sadarbības partnerim piedaloties Projekta darbību "
        "īstenošanā, kā arī kārtību, kādā Ministrija finansē Sadarbības partnera attiecināmās "
        "izmaksas.",
    )
    clause(
        doc,
        "1.2.",
        "Sadarbības partneris piedalās Projekta īstenošanā kā Projekta sadarbības partneris MK "
        "noteikumu izpratnē un īsteno Līguma 2. punktā noteiktās darbības atbilstoši MK "
        "noteikumiem, Līgumam un Ministrijas sniegtajiem metodiskajiem norādījumiem.",
    )

    # 2 ---------------------------------------------------------------------------------------
    heading(doc, "2. Sadarbības partnera pienākumi")
    duties = [
        "Sadarbības partneris nodrošina, ka tā sociālā dienesta sociālā darba speciālisti, "
        "izmantojot apmācībām nepieciešamo aprīkojumu, piedalās apmācībās (tiešsaistē un "
        "klātienē) par Ministrijas iegādāto licencēto vajadzību novērtēšanas metodi – Atbalsta "
        "intensitātes skalu (turpmāk – AIS) – un Ministrijas organizētajos atgriezeniskās "
        "saites pasākumos.",
        "Sadarbības partneris nodrošina, ka sociālā dienesta speciālisti, kuri apguvuši AIS, "
        "piedalās personu ar garīga rakstura traucējumiem individuālo vajadzību novērtēšanā un "
        'atbalsta plānu izstrādē saistībā ar darbības programmas "Izaugsme un nodarbinātība" '
        '9.2.2.1. pasākumu "Deinstitucionalizācija".',
        "Sadarbības partneris nodrošina, ka sociālā dienesta speciālisti piedalās apmācībās par "
        "Ministrijas Projekta ietvaros izstrādāto metodiku un aprobē to sociālā dienesta "
        "ikdienas darbā (pilotprojekts).",
        "Sadarbības partneris nodrošina sociālā dienesta speciālistu dalību AIS izstrādātāja un "
        "Ministrijas organizētajos atgriezeniskās saites pasākumos.",
        "Sadarbības partneris ievēro AIS konfidencialitāti atbilstoši Līguma 6. punktā "
        "noteiktajām prasībām.",
        "Sadarbības partneris nodrošina, ka sociālā dienesta un citu pašvaldības sociālo "
        "pakalpojumu sniedzēju speciālisti piedalās profesionālās kompetences pilnveides "
        "apmācībās un supervīzijās.",
        "Sadarbības partneris nodrošina, ka sociālā dienesta sociālie darbinieki piedalās "
        "apmācībās par metodikām sociālajam darbam ar klientu mērķa grupām.",
        "Sadarbības partneris sagatavo un iesniedz Ministrijai maksājumu pieprasījumus un "
        "progresa pārskatus Līguma 5. punktā noteiktajā kārtībā un termiņos, kā arī pēc "
        "Ministrijas pieprasījuma tās noteiktajā termiņā sniedz papildu informāciju un "
        "dokumentus par Projekta īstenošanu.",
        "Sadarbības partneris nodrošina atsevišķu Projekta izmaksu grāmatvedības uzskaiti "
        "atbilstoši normatīvajiem aktiem grāmatvedības jomā, lai ar Projektu saistītie darījumi "
        "būtu skaidri nodalīti no pārējiem Sadarbības partnera darījumiem un pārbaudāmi.",
        "Sadarbības partneris glabā visus ar Projekta īstenošanu saistītos dokumentus "
        "(oriģinālus vai to apliecinātas kopijas) Eiropas Parlamenta un Padomes 2013. gada "
        "17. decembra Regulas (ES) Nr. 1303/2013 140. pantā noteikto laikposmu vai ilgāk, ja "
        "to rakstiski pieprasa Ministrija, un nodrošina to pieejamību Ministrijai un citām "
        "kompetentajām Latvijas Republikas un Eiropas Savienības institūcijām pārbaužu un "
        "revīziju veikšanai.",
        "Sadarbības partneris ievēro Eiropas Sociālā fonda publicitātes un vizuālās identitātes "
        "prasības atbilstoši Eiropas Parlamenta un Padomes 2013. gada 17. decembra Regulas (ES) "
        "Nr. 1303/2013 XII pielikumam un Latvijas Republikas normatīvajiem aktiem, tai skaitā "
        "visos ar Projektu saistītajos informatīvajos materiālos un pasākumos norāda Eiropas "
        "Sociālā fonda atbalstu.",
        "Sadarbības partneris nodrošina, ka Līguma ietvaros finansētās izmaksas netiek "
        "finansētas no citiem finanšu avotiem, un nepieļauj dubultu finansējumu.",
        "Sadarbības partneris nekavējoties, bet ne vēlāk kā piecu darbdienu laikā rakstiski "
        "informē Ministriju par apstākļiem, kas kavē vai var kavēt Līgumā noteikto pienākumu "
        "izpildi.",
        "Ja Ministrija vai cita kompetenta institūcija konstatē neatbilstoši veiktus izdevumus, "
        "Sadarbības partneris atmaksā Ministrijai attiecīgo finansējumu Ministrijas rakstiski "
        "noteiktajā apmērā un termiņā.",
    ]
    for number, text in enumerate(duties, start=1):
        clause(doc, f"2.{number}.", text)

    # 3 ---------------------------------------------------------------------------------------
    heading(doc, "3. Ministrijas pienākumi un tiesības")
    ministry_duties = [
        "Ministrija nodrošina Sadarbības partnerim AIS lietošanas tiesības Projekta vajadzībām "
        "Līguma darbības laikā atbilstoši licences nosacījumiem, kā arī AIS apmācībām "
        "nepieciešamos materiālus.",
        "Ministrija organizē AIS apmācības, apmācības par Ministrijas izstrādāto metodiku un "
        "atgriezeniskās saites pasākumus (Līguma 2.1., 2.3. un 2.4. apakšpunkts) un informē "
        "Sadarbības partneri par to norises laiku un vietu ne vēlāk kā 10 (desmit) darbdienas "
        "iepriekš.",
        "Ministrija sniedz Sadarbības partnerim metodisko atbalstu un konsultācijas par Projekta "
        "darbību īstenošanu, izmaksu attiecināmību, maksājumu pieprasījumu un progresa pārskatu "
        "sagatavošanu.",
        "Ministrija pārbauda Sadarbības partnera iesniegtos maksājumu pieprasījumus un progresa "
        "pārskatus un veic maksājumus Līguma 5. punktā noteiktajā kārtībā un termiņos.",
        "Ministrija ir tiesīga, iepriekš rakstiski informējot Sadarbības partneri, veikt "
        "pārbaudes Projekta īstenošanas vietā, kā arī pieprasīt informāciju un dokumentus par "
        "Projekta īstenošanu.",
    ]
    for number, text in enumerate(ministry_duties, start=1):
        clause(doc, f"3.{number}.", text)

    # 4 ---------------------------------------------------------------------------------------
    heading(doc, "4. Finansējums")
    clause(
        doc,
        "4.1.",
        "Sadarbības partnera attiecināmās izmaksas Projekta ietvaros ir ",
        "{{r budget.total_eligible|euro }}",
        " (",
        "{{r budget.total_eligible|words }}",
        "). Izmaksu sadalījums pa izmaksu pozīcijām un finansētājiem ir šāds:",
        keep=True,
    )
    grid = Grid(doc, [5.1, 3.5, 3.9, 4.0], "LRRR")
    grid.header(
        "Izmaksu pozīcija",
        "Izmaksas, EUR",
        "Ministrijas finansējums, EUR",
        "Sadarbības partnera finansējums, EUR",
    )
    grid.row(
        "Pilotprojekta daļa",
        "{{ budget.pilot|amount }}",
        "{{ budget.lm_pilot|amount }}",
        "{{ budget.cofinancing_pilot|amount }}",
    )
    grid.row(
        "Apmācības un supervīzija",
        "{{ budget.training|amount }}",
        "{{ budget.lm_training|amount }}",
        "{{ budget.cofinancing_training|amount }}",
    )
    grid.row(
        "Attiecināmās izmaksas kopā",
        "{{ budget.total_eligible|amount }}",
        "{{ budget.lm_total|amount }}",
        "{{ budget.cofinancing|amount }}",
        bold=True,
    )
    grid.row(
        "Neattiecināmās izmaksas",
        "{{ budget.non_eligible|amount }}",
        "0,00",
        "{{ budget.non_eligible|amount }}",
    )
    grid.row(
        "Kopā",
        "{{ budget.total|amount }}",
        "{{ budget.lm_total|amount }}",
        "{{ budget.municipality_total|amount }}",
        bold=True,
    )
    grid.keep_together()
    space(doc)
    clause(
        doc,
        "4.2.",
        "Ministrijas finansējumu veido Eiropas Sociālā fonda finansējums un valsts budžeta "
        "finansējums šādā apmērā:",
        keep=True,
    )
    grid = Grid(doc, [8.0, 4.0], "LR")
    grid.header("Finansējuma avots", "Summa, EUR")
    grid.row("Eiropas Sociālais fonds ({{ rates.esf|percent }})", "{{ budget.esf|amount }}")
    grid.row(
        "Valsts budžets ({{ rates.state_budget|percent }})", "{{ budget.state_budget|amount }}"
    )
    grid.row("Kopā", "{{ budget.lm_total|amount }}", bold=True)
    grid.keep_together()
    space(doc)
    clause(
        doc,
        "4.3.",
        "Ministrijas finansējums Sadarbības partnera attiecināmo izmaksu segšanai ir ",
        "{{r budget.lm_total|euro }}",
        " (",
        "{{r budget.lm_total|words }}",
        "), ko veido {{ rates.pilot|percent }} no pilotprojekta daļas izmaksām un "
        "{{ rates.training|percent }} no apmācību un supervīzijas izmaksām.",
    )
    clause(
        doc,
        "4.4.",
        "Sadarbības partnera līdzfinansējums ir ",
        "{{r budget.cofinancing|euro }}",
        " (",
        "{{r budget.cofinancing|words }}",
        "), ko veido {{ rates.cofinancing|percent }} no apmācību un supervīzijas izmaksām",
        "{% if budget.cofinancing_pilot %} un pilotprojekta daļas izmaksu daļa, ko nefinansē "
        "Ministrija{% endif %}",
        ". Sadarbības partneris no saviem budžeta līdzekļiem nodrošina līdzfinansējumu un sedz "
        "Projekta neattiecināmās izmaksas, kā arī izmaksas, kas pārsniedz Līguma 4.1. "
        "apakšpunktā noteikto attiecināmo izmaksu apmēru.",
    )
    clause(
        doc,
        "4.5.",
        "Līguma 4.3. apakšpunktā noteiktais Ministrijas finansējums ir maksimālais un nav "
        "palielināms. Ja faktiskās attiecināmās izmaksas ir mazākas par Līguma 4.1. "
        "apakšpunktā noteiktajām, Ministrijas finansējumu aprēķina no faktiskajām "
        "attiecināmajām izmaksām, piemērojot Līguma 4.3. apakšpunktā noteiktās finansējuma "
        "intensitātes.",
    )
    clause(
        doc,
        "4.6.",
        "Ministrijas finansējuma daļu aprēķina, izmaksu summu reizinot ar attiecīgo "
        "finansējuma intensitāti un rezultātu noapaļojot līdz veselam centam pēc matemātiskās "
        "noapaļošanas principa; Sadarbības partnera daļa ir starpība starp izmaksu summu un "
        "Ministrijas finansējuma daļu. Tādā pašā kārtībā Ministrijas finansējumu sadala Eiropas "
        "Sociālā fonda finansējumā un valsts budžeta finansējumā.",
    )
    clause(
        doc,
        "4.7.",
        "Izmaksas ir attiecināmas, ja tās atbilst MK noteikumiem, ir radušās Līguma darbības "
        "laikā, ir tieši saistītas ar Līguma 2. punktā noteikto darbību īstenošanu, ir faktiski "
        "veiktas un pamatotas ar attaisnojuma dokumentiem.",
    )

    # 5 ---------------------------------------------------------------------------------------
    heading(doc, "5. Maksājumu pieprasījumu un progresa pārskatu iesniegšanas un apmaksas kārtība")
    payment = [
        "Sadarbības partneris iesniedz Ministrijai maksājuma pieprasījumu par katru "
        "Ministrijas noteikto pārskata periodu ne vēlāk kā 20 (divdesmit) darbdienu laikā pēc "
        "pārskata perioda beigām. Maksājumu pieprasījumus numurē secīgi, un to pārskata "
        "periodi nepārklājas.",
        "Maksājuma pieprasījums var būt avansa, starpposma vai noslēguma maksājuma "
        "pieprasījums; tam pievieno izmaksas pamatojošo dokumentu kopijas. Avansa maksājumu, ja "
        "tāds izmaksāts, Ministrija ieskaita nākamajos starpposma un noslēguma maksājumos.",
        "Noslēguma maksājuma pieprasījumu Sadarbības partneris iesniedz ne vēlāk kā "
        "20 (divdesmit) darbdienu laikā pēc Līguma darbības laika beigām.",
        "Izmaksas kopā no Projekta īstenošanas sākuma nevienā izmaksu pozīcijā nedrīkst "
        "pārsniegt Līguma 4.1. apakšpunktā noteikto apmēru. Ministrijas finansējuma daļu "
        "maksājuma pieprasījumā aprēķina kumulatīvi no izmaksām kopā no Projekta īstenošanas "
        "sākuma, atskaitot iepriekšējos maksājumu pieprasījumos aprēķināto Ministrijas "
        "finansējumu.",
        "Ministrija 20 (divdesmit) darbdienu laikā pēc maksājuma pieprasījuma saņemšanas to "
        "pārbauda un pieņem lēmumu par tā apstiprināšanu pilnā apmērā, daļēju apstiprināšanu "
        "vai noraidīšanu. Ja nepieciešami precizējumi vai papildu informācija, Ministrija to "
        "rakstiski pieprasa, un pārbaudes termiņš tiek apturēts līdz precizējumu vai "
        "informācijas saņemšanai.",
        "Ministrija 10 (desmit) darbdienu laikā pēc maksājuma pieprasījuma apstiprināšanas "
        "pārskaita apstiprināto Ministrijas finansējumu uz Sadarbības partnera kontu "
        "{{ partner.iban }}.",
        "Kopā ar katru maksājuma pieprasījumu Sadarbības partneris iesniedz progresa pārskatu "
        "par to pašu pārskata periodu, norādot Projekta darbību īstenošanas gaitu, sasniegtos "
        "rādītājus salīdzinājumā ar plānotajiem un izmaksu apguvi.",
    ]
    for number, text in enumerate(payment, start=1):
        clause(doc, f"5.{number}.", text)
    # The targets clause is last in the section, so leaving it out never leaves a gap in the
    # numbering; each target is a table row that docxtpl drops when the workbook has none.
    any_target = (
        "targets.specialists is not none or targets.supervisions is not none or "
        "targets.assessments is not none"
    )
    tag(doc, f"{{%p if {any_target} %}}")
    clause(
        doc,
        f"5.{len(payment) + 1}.",
        "Līguma darbības laikā Sadarbības partneris nodrošina šādu rādītāju sasniegšanu:",
        keep=True,
    )
    grid = Grid(doc, [10.5, 4.0], "LC")
    grid.header("Rādītājs", "Mērķa vērtība (vismaz)")
    for field, name in (
        ("specialists", "Apmācīto sociālā darba speciālistu skaits"),
        ("supervisions", "Īstenoto supervīziju skaits"),
        ("assessments", "Veikto AIS novērtējumu skaits"),
    ):
        grid.loop(f"{{%tr if targets.{field} is not none %}}")
        grid.row(name, f"{{{{ targets.{field} }}}}")
        grid.loop("{%tr endif %}")
    grid.keep_together()
    tag(doc, "{%p endif %}")

    # 6 ---------------------------------------------------------------------------------------
    heading(doc, "6. Konfidencialitāte")
    confidentiality = [
        "Sadarbības partneris apzinās, ka AIS (tās rokasgrāmatas, novērtēšanas veidlapas un "
        "citi materiāli) ir licencēts intelektuālais "
        "īpašums, kura lietošanas tiesības Ministrija ir ieguvusi no AIS izstrādātāja, un "
        "apņemas ievērot tās konfidencialitāti.",
        "Sadarbības partneris izmanto AIS un tās materiālus tikai Projekta mērķa sasniegšanai "
        "un Līgumā noteikto pienākumu izpildei un nodrošina, ka tiem piekļūst tikai tie "
        "Sadarbības partnera speciālisti, kuri ir apmācīti AIS lietošanā un iepazīstināti ar "
        "šajā punktā noteiktajiem pienākumiem.",
        "Sadarbības partneris nekopē, nepavairo, nepublisko, nenodod un citādi nedara "
        "pieejamus trešajām personām AIS materiālus un neizmanto tos citiem mērķiem bez "
        "Ministrijas iepriekšējas rakstiskas piekrišanas.",
        "Personas datus, kas iegūti Projekta ietvaros, tai skaitā individuālo vajadzību "
        "novērtēšanā, Puses apstrādā atbilstoši normatīvajiem aktiem personas datu "
        "aizsardzības jomā.",
        "Ja Sadarbības partneris pārkāpj šajā punktā noteiktos pienākumus, tas atlīdzina "
        "Ministrijai zaudējumus, kas tai radušies šā pārkāpuma dēļ, tai skaitā zaudējumus, kas "
        "radušies AIS licences devēja prasījumu dēļ.",
        "Šajā punktā noteiktie pienākumi ir spēkā arī pēc Līguma darbības laika beigām vai "
        "Līguma izbeigšanas.",
    ]
    for number, text in enumerate(confidentiality, start=1):
        clause(doc, f"6.{number}.", text)

    # 7 ---------------------------------------------------------------------------------------
    heading(doc, "7. Līguma darbības termiņš")
    clause(
        doc,
        "7.1.",
        "Līgums stājas spēkā dienā, kad to parakstījusi pēdējā no Pusēm, un ir spēkā "
        "{{ agreement.period }} (turpmāk – Līguma darbības laiks).",
    )
    clause(
        doc,
        "7.2.",
        "Līguma darbības laika beigas neatbrīvo Puses no to saistību izpildes, kas radušās "
        "Līguma darbības laikā, tai skaitā no noslēguma maksājuma pieprasījuma iesniegšanas, "
        "norēķiniem un Līguma 2.10. apakšpunktā un 6. punktā noteiktajiem pienākumiem.",
    )
    clause(
        doc,
        "7.3.",
        "Līgumu var izbeigt pirms termiņa, Pusēm rakstiski vienojoties. Ministrija ir tiesīga "
        "vienpusēji izbeigt Līgumu, rakstiski brīdinot Sadarbības partneri vismaz "
        "30 (trīsdesmit) dienas iepriekš, ja Sadarbības partneris būtiski pārkāpj Līgumu un "
        "nav novērsis pārkāpumu Ministrijas noteiktajā termiņā.",
    )

    # 8 ---------------------------------------------------------------------------------------
    heading(doc, "8. Līguma grozījumi")
    amendments = [
        "Līgumu var grozīt, Pusēm rakstiski vienojoties. Līguma grozījumi stājas spēkā, kad "
        "tos parakstījušas abas Puses, un kļūst par Līguma neatņemamu sastāvdaļu.",
        "Finansējuma pārdale starp Līguma 4.1. apakšpunktā noteiktajām izmaksu pozīcijām, "
        "nepalielinot Ministrijas finansējuma kopsummu, ir pieļaujama, Pusēm rakstiski "
        "vienojoties.",
        "Ja mainās Puses rekvizīti vai pārstāvis, Puse par to rakstiski informē otru Pusi "
        "piecu darbdienu laikā. Šādas izmaiņas neuzskata par Līguma grozījumiem.",
        "Ja normatīvo aktu grozījumu dēļ kāds Līguma noteikums nonāk pretrunā ar normatīvajiem "
        "aktiem, piemēro normatīvo aktu noteikumus, un Puses izdara attiecīgus Līguma "
        "grozījumus.",
    ]
    for number, text in enumerate(amendments, start=1):
        clause(doc, f"8.{number}.", text)

    # 9 ---------------------------------------------------------------------------------------
    heading(doc, "9. Strīdu risināšana")
    clause(
        doc,
        "9.1.",
        "Strīdus un domstarpības, kas rodas Līguma izpildes gaitā, Puses risina savstarpējās "
        "sarunās.",
    )
    clause(
        doc,
        "9.2.",
        "Ja strīdu nav iespējams atrisināt sarunu ceļā 30 (trīsdesmit) dienu laikā no dienas, "
        "kad viena Puse par to rakstiski informējusi otru Pusi, strīdu izskata Latvijas "
        "Republikas tiesā normatīvajos aktos noteiktajā kārtībā.",
    )

    # 10 --------------------------------------------------------------------------------------
    heading(doc, "10. Nobeiguma noteikumi")
    final = [
        "Līgums ir sagatavots elektroniska dokumenta formā latviešu valodā un parakstīts ar "
        "drošu elektronisko parakstu, kas satur laika zīmogu. Līguma datums ir pēdējā "
        "pievienotā droša elektroniskā paraksta laika zīmoga datums.",
        "Jautājumus, kas nav noregulēti Līgumā, Puses risina saskaņā ar Latvijas Republikas un "
        "Eiropas Savienības normatīvajiem aktiem.",
        "Katra Puse piecu darbdienu laikā pēc Līguma spēkā stāšanās rakstiski paziņo otrai "
        "Pusei savu kontaktpersonu Līguma izpildes jautājumos un tās kontaktinformāciju. "
        "Kontaktpersonas nav tiesīgas grozīt Līgumu.",
        "Paziņojumus un citu saraksti Līguma izpildes jautājumos Puses nosūta rakstiski uz "
        "Līgumā norādītajām adresēm vai oficiālajām elektroniskajām adresēm. Elektroniskus "
        "dokumentus paraksta ar drošu elektronisko parakstu.",
    ]
    for number, text in enumerate(final, start=1):
        clause(doc, f"10.{number}.", text)
    # Last clause of the section, so that without an e-mail the numbering has no gap.
    tag(doc, "{%p if partner.email %}")
    clause(
        doc,
        f"10.{len(final) + 1}.",
        "Ministrija Sadarbības partnerim adresētos paziņojumus papildus var nosūtīt uz e-pasta "
        "adresi {{ partner.email }}.",
    )
    tag(doc, "{%p endif %}")

    # Signatures --------------------------------------------------------------------------------
    heading(doc, "Pušu rekvizīti un paraksti")
    grid = Grid(doc, [8.25, 8.25], "LL", style="Normal", grid=False)
    grid.row(B("Ministrija"), B("Sadarbības partneris"))
    grid.row("{{ ministry.name }}", "{{ partner.name }}")
    grid.row("Reģ. Nr. {{ ministry.reg_no }}", "Reģ. Nr. {{ partner.reg_no }}")
    grid.row("Adrese: {{ ministry.address }}", "Adrese: {{ partner.address }}")
    bank = grid.row("", "Konts: {{ partner.iban }}")
    cell = bank.cells[1]
    for jinja in ("{%p if partner.bic %}", "BIC: {{ partner.bic }}", "{%p endif %}"):
        _fill(cell.add_paragraph(style="Normal"), [jinja])
    signers = grid.row("{{ ministry.title }}", "{{ partner.title }}")
    grid.row("{{ ministry.representative }}", "{{ partner.representative }}")
    signed = grid.row("/paraksts*/", "/paraksts*/")
    for row in grid.table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
    for cell in (*signers.cells, *signed.cells):
        cell.paragraphs[0].paragraph_format.space_before = Pt(12)
    grid.note_row(SIGNATURE_NOTE)
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


def claim() -> DocxDocument:
    doc = new_document("Maksājuma pieprasījums")
    addressee(doc)
    title(doc, "{{ claim.kind_title|upper }} Nr. {{ claim.number }}")
    para(doc, B("par periodu {{ claim.period }}"), align=CENTER, after=12)

    heading(doc, "1. Vispārīgā informācija")
    info_table(
        doc,
        [
            ("Projekts", '"{{ project.title }}" ({{ project.no }})'),
            ("Sadarbības līguma Nr.", "{{ agreement.no }}"),
            ("Sadarbības līguma datums", "{{ agreement.date|date }}"),
            ("Sadarbības partneris", "{{ partner.name }}"),
            ("Reģistrācijas Nr.", "{{ partner.reg_no }}"),
            ("Juridiskā adrese", "{{ partner.address }}"),
            ("Pārskata periods", "{{ claim.period_start|date }}–{{ claim.period_end|date }}"),
            ("Pieprasījuma datums", "{{ claim.date|date }}"),
        ],
    )

    heading(doc, "2. Izmaksas")
    grid = Grid(doc, [3.5, 2.6, 2.6, 2.6, 2.6, 2.6], "LRRRRR")
    grid.header(
        "Izmaksu pozīcija",
        "Apstiprināts līgumā, EUR",
        "Izlietots periodā, EUR",
        "Izlietots kopā no Projekta sākuma, EUR",
        "Ministrijas finansējums periodā, EUR",
        "Atlikums, EUR",
        size=10,
    )
    grid.loop("{%tr for row in claim_rows %}")
    grid.row(
        "{{ row.name }}",
        "{{ row.agreed|amount }}",
        "{{ row.period|amount }}",
        "{{ row.to_date|amount }}",
        "{{ row.lm_period|amount }}",
        "{{ row.remaining|amount }}",
    )
    grid.loop("{%tr endfor %}")
    grid.row(
        "Kopā",
        "{{ claim_total.agreed|amount }}",
        "{{ claim_total.period|amount }}",
        "{{ claim_total.to_date|amount }}",
        "{{ claim_total.lm_period|amount }}",
        "{{ claim_total.remaining|amount }}",
        bold=True,
    )
    space(doc)

    heading(doc, "3. Pieprasītā summa")
    para(
        doc,
        "Pieprasītā summa (Ministrijas finansējums par pārskata periodā radušajām attiecināmajām "
        "izmaksām) ir ",
        "{{r claim.requested|euro }}",
        " (",
        "{{r claim.requested|words }}",
        "), tai skaitā Eiropas Sociālā fonda finansējums ",
        "{{r claim.esf|euro }}",
        " un valsts budžeta finansējums ",
        "{{r claim.state_budget|euro }}",
        ".",
    )
    para(
        doc,
        "Lūdzam pieprasīto summu pārskaitīt uz {{ partner.name_genitive }} kontu "
        "{{ partner.iban }}",
        "{% if partner.bic %} (BIC {{ partner.bic }}){% endif %}",
        ".",
    )

    heading(doc, "4. Apliecinājums")
    para(doc, "Apliecinu, ka:", keep=True)
    for text in (
        "maksājuma pieprasījumā norādītās izmaksas ir radušās pārskata periodā Sadarbības "
        "līgumā noteikto Projekta darbību īstenošanai un ir tieši saistītas ar tām;",
        "izmaksas ir pamatotas ar grāmatvedības attaisnojuma dokumentiem un iekļautas "
        "Sadarbības partnera grāmatvedības uzskaitē;",
        "izmaksas nav finansētas un netiks pieprasītas no citiem finanšu avotiem;",
        "maksājuma pieprasījumā sniegtā informācija ir patiesa, pilnīga un precīza, un "
        "izmaksas pamatojošie dokumenti ir pieejami pārbaudēm.",
    ):
        clause(doc, "–", text)
    para(doc, "Pielikumā: izmaksas pamatojošo dokumentu kopijas.", after=24, keep=True)
    signature_lines(doc, "partner")
    return doc


# --------------------------------------------------------------------------------------------
# 3. The progress report
# --------------------------------------------------------------------------------------------

OR_DASH = "{% else %}–{% endif %}"


def report() -> DocxDocument:
    doc = new_document("Progresa pārskats")
    addressee(doc)
    title(doc, "PROGRESA PĀRSKATS")
    para(doc, B("par periodu {{ report.period }}"), align=CENTER, after=12)
    info_table(
        doc,
        [
            ("Projekts", '"{{ project.title }}" ({{ project.no }})'),
            ("Sadarbības līguma Nr.", "{{ agreement.no }}"),
            ("Sadarbības partneris", "{{ partner.name }}"),
            ("Pārskata periods", "{{ report.period_start|date }}–{{ report.period_end|date }}"),
        ],
    )

    heading(doc, "1. Sasniegtie rādītāji")
    grid = Grid(doc, [5.5, 2.5, 2.5, 3.0, 3.0], "LCCCR")
    grid.header("Rādītājs", "Mērķis", "Periodā", "Kopā no Projekta sākuma", "Izpilde")
    grid.loop("{%tr for row in indicators %}")
    grid.row(
        "{{ row.name }}",
        "{% if row.target is not none %}{{ row.target }}" + OR_DASH,
        "{{ row.period }}",
        "{{ row.to_date }}",
        "{% if row.percent is not none %}{{ row.percent|percent }}" + OR_DASH,
    )
    grid.loop("{%tr endfor %}")
    space(doc)

    heading(doc, "2. Izmaksas pret plānu")
    grid = Grid(doc, [5.0, 3.0, 3.0, 3.0, 2.5], "LRRRR")
    grid.header("Izmaksu pozīcija", "Plānots, EUR", "Izlietots, EUR", "Atlikums, EUR", "Apguve")
    grid.loop("{%tr for row in costs %}")
    grid.row(
        "{{ row.name }}",
        "{{ row.planned|amount }}",
        "{{ row.spent|amount }}",
        "{{ row.remaining|amount }}",
        "{% if row.percent is not none %}{{ row.percent|percent }}" + OR_DASH,
    )
    grid.loop("{%tr endfor %}")
    grid.row(
        "Kopā",
        "{{ costs_total.planned|amount }}",
        "{{ costs_total.spent|amount }}",
        "{{ costs_total.remaining|amount }}",
        "{% if costs_total.percent is not none %}{{ costs_total.percent|percent }}" + OR_DASH,
        bold=True,
    )
    para(
        doc,
        "Izlietots – maksājumu pieprasījumos iekļautās izmaksas no Projekta sākuma līdz "
        "pārskata perioda beigām.",
        style=NOTE_STYLE,
        align=LEFT,
    ).paragraph_format.space_before = Pt(3)

    heading(doc, "3. Izmaksu apguve")
    para(doc, "{{ chart }}", align=CENTER, after=0, keep=True)
    para(
        doc,
        "1. attēls. Plānotās un izlietotās izmaksas pa izmaksu pozīcijām (kumulatīvi, EUR)",
        style="Caption",
        align=CENTER,
    )

    heading(doc, "4. Piezīmes")
    tag(doc, "{%p for note in notes %}")
    para(doc, "{{ note }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not notes %}")
    para(doc, "Piezīmju nav.")
    tag(doc, "{%p endif %}")

    para(
        doc,
        "Apliecinu, ka progresa pārskatā sniegtā informācija ir patiesa un pilnīga.",
        keep=True,
    ).paragraph_format.space_before = Pt(12)
    para(doc, 'Pārskats sagatavots {{ report.date|date("locative") }}.', after=24, keep=True)
    signature_lines(doc, "partner")
    return doc


# --------------------------------------------------------------------------------------------
# 4. The consolidated summary
# --------------------------------------------------------------------------------------------


def summary() -> DocxDocument:
    doc = new_document("Projekta finansējuma kopsavilkums")
    title(doc, "PROJEKTA FINANSĒJUMA KOPSAVILKUMS")
    para(
        doc,
        B('Eiropas Sociālā fonda projekts "{{ project.title }}" Nr. {{ project.no }}'),
        align=CENTER,
        after=0,
    )
    para(
        doc,
        "{% if summary.whole_project %}par visu projekta īstenošanas laiku"
        "{% else %}par periodu {{ summary.period }}{% endif %}",
        align=CENTER,
        after=12,
    )
    para(doc, "Sadarbības partneru skaits: {{ partner_count }}", align=LEFT)

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
    grid.row("{{ row.name }}", "{{ row.amount|amount }}", "{{ row.share|percent }}")
    grid.loop("{%tr endfor %}")
    grid.row(
        "Kopā",
        "{{ by_source_total.amount|amount }}",
        "{{ by_source_total.share|percent }}",
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
        ", kas ir {{ funding.share|percent }} no pieejamā finansējuma. Nepiešķirtais "
        "finansējuma atlikums ir ",
        "{{r funding.remaining|euro }}",
        ".",
        align=LEFT,
    )

    heading(doc, "4. Finansējums pa sadarbības partneriem")
    small = SMALL_TABLE_STYLE
    # 16,5 cm across ten columns at 9 pt: amounts up to 999 999,99 fit in 1,65 cm with narrow
    # cell margins; the totals row (millions) is set at 8 pt so that it fits too.
    grid = Grid(
        doc,
        [0.6, 3.1] + [1.65] * 7 + [1.25],
        "CLRRRRRRRR",
        style=small,
        margins_cm=0.07,
    )
    grid.header(
        "Nr.",
        "Sadarbības partneris",
        "Attiecinā\u00admās izmaksas, EUR",
        "LM finansē\u00adjums, EUR",
        "ESF, EUR",
        "Valsts budžets, EUR",
        "Līdzfinan\u00adsējums, EUR",
        "Pieprasīts periodā, EUR",
        "Pieprasīts kopā, EUR",
        "Apguve",
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
        "{% if row.absorption is not none %}{{ row.absorption|percent }}" + OR_DASH,
    )
    grid.loop("{%tr endfor %}")
    totals = grid.row(
        "",
        "Kopā",
        "{{ totals.total_eligible|amount }}",
        "{{ totals.lm_total|amount }}",
        "{{ totals.esf|amount }}",
        "{{ totals.state_budget|amount }}",
        "{{ totals.cofinancing|amount }}",
        "{{ totals.claimed_period|amount }}",
        "{{ totals.claimed_to_date|amount }}",
        "{% if totals.absorption is not none %}{{ totals.absorption|percent }}" + OR_DASH,
        bold=True,
    )
    for cell in totals.cells:
        for run in cell.paragraphs[0].runs:
            run.font.size = Pt(8)
    para(
        doc,
        "LM – Labklājības ministrija; ESF – Eiropas Sociālais fonds. Pieprasīts – Ministrijas "
        "finansējums maksājumu pieprasījumos; apguve – pieprasītā Ministrijas finansējuma "
        "daļa no līgumos paredzētā.",
        style=NOTE_STYLE,
        align=LEFT,
    ).paragraph_format.space_before = Pt(3)

    heading(doc, "5. Izmaksu apguve")
    para(doc, "{{ chart }}", align=CENTER)

    para(
        doc, 'Kopsavilkums sagatavots {{ today|date("locative") }}.'
    ).paragraph_format.space_before = Pt(12)
    return doc


# --------------------------------------------------------------------------------------------

BUILDERS = {
    "sadarbibas_ligums.docx": agreement,
    "maksajuma_pieprasijums.docx": claim,
    "progresa_parskats.docx": report,
    "kopsavilkums.docx": summary,
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
    """Write the four templates into ``directory``; return their paths."""
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


if __name__ == "__main__":
    main()
