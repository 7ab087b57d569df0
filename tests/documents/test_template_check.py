"""Templates that are wrong (docgen.documents.template_check): a mistyped field, a split tag, a
damaged file or Python internals are refused before anything is written."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest

from docgen.batch.run import run_batch
from docgen.documents.render import make_environment, render_document
from docgen.errors import TemplateError
from docgen.workbook.reader import load
from tests.helpers import assert_refused_before_writing, invoke, templates_with_agreement

# --- Templates that are wrong ------------------------------------------------------------


def test_a_mistyped_field_is_refused_before_anything_is_written(book, tmp_path: Path) -> None:
    templates = templates_with_agreement(
        tmp_path, [["Līgums ar {{ partner.nmae }} un {{ budget.lm_total|sum_words }}"]]
    )
    template = templates / "sadarbibas_ligums.docx"

    check = invoke("templates", "check", templates)
    assert check.exit_code == 1
    assert f"{template}: unknown field partner.nmae" in check.output
    assert f"{template}: unknown filter sum_words" in check.output
    assert check.output.endswith("2 problems.\n")

    out = tmp_path / "out"
    result = invoke("agreement", book.save(), "--out", out, "--templates", templates)
    assert result.exit_code == 1
    assert f"Error: {template}: unknown field partner.nmae" in result.output
    assert not out.exists()


def test_a_tag_split_by_word_is_reported(tmp_path: Path) -> None:
    templates = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.", "name }}."]])
    check = invoke("templates", "check", templates)
    assert check.exit_code == 1
    assert (
        f"{templates / 'sadarbibas_ligums.docx'}: the tag '{{{{ partner.name }}}}' is split by "
        "Word into pieces; retype it in one go"
    ) in check.output


def test_a_mistyped_field_in_a_footer_is_found(tmp_path: Path) -> None:
    templates = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.name }}."]])
    template = templates / "sadarbibas_ligums.docx"
    document = docx.Document(str(template))
    document.sections[0].footer.paragraphs[0].add_run("Lapa {{ partner.kood }}")
    document.save(str(template))
    check = invoke("templates", "check", templates)
    assert check.exit_code == 1
    assert f"{template}: unknown field partner.kood" in check.output


@pytest.mark.parametrize(
    "damage", [b"not a zip at all", "a zip without word/document.xml"], ids=["bytes", "zip"]
)
def test_a_damaged_template_is_reported_not_a_traceback(book, tmp_path: Path, damage) -> None:
    templates = templates_with_agreement(tmp_path, [["Līgums."]])
    template = templates / "sadarbibas_ligums.docx"
    if isinstance(damage, bytes):
        template.write_bytes(damage)
    else:
        with zipfile.ZipFile(template, "w") as archive:
            archive.writestr("word/other.xml", "<x/>")
    check = invoke("templates", "check", templates)
    assert check.exit_code == 1
    assert f"{template}: not a Word document that can be read" in check.output
    if not isinstance(damage, bytes):  # said as a reader would, not as Python's KeyError('…')
        assert (
            f"{template}: not a Word document that can be read (there is no word/document.xml"
            " in it)\n" in check.output
        )
    result = invoke("batch", book.save(), "--out", tmp_path / "out", "--templates", templates)
    assert result.exit_code == 1
    assert "not a Word document that can be read" in result.output
    assert not (tmp_path / "out").exists()


def test_the_sandbox_refuses_python_internals(book, tmp_path: Path) -> None:
    templates = templates_with_agreement(tmp_path, [["{{ ''.__class__.__mro__ }}"]])
    template = templates / "sadarbibas_ligums.docx"
    check = invoke("templates", "check", templates)
    assert check.exit_code == 1
    assert f"{template}: forbidden: __class__ reaches into Python internals\n" in check.output
    assert f"{template}: forbidden: __mro__ reaches into Python internals\n" in check.output

    workbook = load(book.save())
    with pytest.raises(TemplateError) as caught:
        render_document(template, {"partner": {}}, make_environment())
    assert str(caught.value).startswith(f"{template}: forbidden in a template: ")
    assert "__class__" in str(caught.value)
    with pytest.raises(TemplateError):
        run_batch(workbook, tmp_path / "out", templates, today=date(2026, 1, 1))
    assert not (tmp_path / "out").exists()


# --- Syntax errors name their paragraph -----------------------------------------------------


@pytest.mark.parametrize(
    ("paragraphs", "message"),
    [
        (
            [["Ievads."], ["Līgums ar {{ partner.name ) }} un {{ partner.code }}."], ["Beigas."]],
            "template syntax: unexpected ')', in the paragraph 'Līgums ar {{ partner.name ) }} "
            "un {{ partner.code }}.'",
        ),
        (
            [["Ievads."], ["{% if partner.code %}Kods: {{ partner.code }}"], ["Beigas."]],
            "template syntax: Unexpected end of template. Jinja was looking for the following "
            "tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is "
            "'if', in the paragraph '{% if partner.code %}Kods: {{ partner.code }}'",
        ),
        (
            [["Ievads. " * 20 + "{{ partner.name | }}"]],
            "template syntax: expected token 'name', got 'end of print statement', in the "
            "paragraph '" + ("Ievads. " * 10).strip() + "…'",
        ),
    ],
    ids=["stray bracket", "if never closed", "long paragraph"],
)
def test_a_syntax_error_names_its_paragraph(book, tmp_path: Path, paragraphs, message) -> None:
    templates = templates_with_agreement(tmp_path, paragraphs)
    assert_refused_before_writing(book, tmp_path, templates, message)


# --- Active content: macros, ActiveX, embedded programs, outside templates --------------------

MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SETTINGS_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/attachedTemplate" Target="http://example.invalid/Normal.dotm" '
    'TargetMode="External"/></Relationships>'
)


def _with_parts(template: Path, parts: dict[str, bytes | str], macro_type: bool = False) -> None:
    """Rewrite a .docx by hand with more parts (and, if asked, the macro-enabled main type)."""
    with zipfile.ZipFile(template) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    if macro_type:
        types = entries["[Content_Types].xml"].decode("utf-8")
        entries["[Content_Types].xml"] = types.replace(DOCX_TYPE, MACRO_TYPE).encode("utf-8")
    entries.update({k: v.encode("utf-8") if isinstance(v, str) else v for k, v in parts.items()})
    with zipfile.ZipFile(template, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


@pytest.mark.parametrize(
    ("parts", "macro_type", "messages"),
    [
        (
            {"word/vbaProject.bin": OLE + "_VBA_PROJECT".encode("utf-16-le")},
            True,
            [
                f"the macro-enabled content type {MACRO_TYPE} is not allowed in a template: save "
                "it as a Word Document (.docx)",
                "macros (word/vbaProject.bin) are not allowed in a template: save it as a Word "
                "Document (.docx), not a macro-enabled one",
            ],
        ),
        (
            {"word/activeX/activeX1.xml": "<ax:ocx/>", "word/activeX/activeX1.bin": OLE},
            False,
            ["ActiveX controls (word/activeX/activeX1.xml) are not allowed in a template: "
             "remove them"],
        ),
        (
            {"word/embeddings/oleObject1.bin": OLE + "Ole10Native".encode("utf-16-le")},
            False,
            ["the embedded object word/embeddings/oleObject1.bin holds a program, a packaged file "
             "or macros, which are not allowed in a template: remove it"],
        ),
        (
            {"word/embeddings/rīks.exe": b"MZ\x90\x00"},
            False,
            ["the embedded object word/embeddings/rīks.exe holds a program, a packaged file or "
             "macros, which are not allowed in a template: remove it"],
        ),
        (
            {"word/_rels/settings.xml.rels": SETTINGS_RELS},
            False,
            ["a link to an outside template (http://example.invalid/Normal.dotm, "
             "attachedTemplate in word/_rels/settings.xml.rels) is not allowed in a template: "
             "remove it"],
        ),
    ],
    ids=["macros", "activex", "ole package", "program", "attached template"],
)  # fmt: skip
def test_active_content_is_refused_before_anything_is_written(
    book, tmp_path: Path, parts, macro_type, messages
) -> None:
    templates = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.name }}."]])
    template = templates / "sadarbibas_ligums.docx"
    _with_parts(template, parts, macro_type)
    check = invoke("templates", "check", templates)
    assert check.exit_code == 1
    found = [line for line in check.output.splitlines()[1:] if line.startswith(f"{template}: ")]
    assert found == [f"{template}: {m}" for m in messages]
    out = tmp_path / "out"
    for command in ("agreement", "batch"):
        result = invoke(command, book.save(), "--out", out, "--templates", templates)
        assert result.exit_code == 1
        assert f"Error: {template}: {messages[0]}\n" in result.output
        assert not out.exists()


def test_a_harmless_embedding_is_allowed(tmp_path: Path) -> None:
    """A chart's workbook and a picture in an embedding are not active content."""
    import io

    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as inner:
        inner.writestr("xl/workbook.xml", "<workbook/>")
    templates = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.name }}."]])
    _with_parts(
        templates / "sadarbibas_ligums.docx",
        {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook.getvalue()},
    )
    check = invoke("templates", "check", templates)
    assert check.exit_code == 0, check.output


def _inflating(template: Path, part: str, size: int) -> None:
    """``template`` with ``part`` replaced by ``size`` spaces (a small file that inflates)."""
    source = zipfile.ZipFile(template)
    parts = {i.filename: source.read(i) for i in source.infolist()}
    source.close()
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != part:
                archive.writestr(name, data)
        with archive.open(part, "w", force_zip64=True) as handle:
            chunk = b" " * (1 << 20)
            for _ in range(size // len(chunk)):
                handle.write(chunk)


@pytest.mark.parametrize("part", ["word/document.xml", "word/embeddings/oleObject1.bin"])
def test_a_template_that_inflates_past_the_limit_is_refused_unread(
    book, tmp_path: Path, monkeypatch, part
) -> None:
    """A zip bomb of a template (a megabyte that inflates to a gigabyte filled the server's
    memory): refused from the sizes its zip directory states, before any part is read."""
    from docgen.documents import template_check

    monkeypatch.setattr(template_check, "MAX_TEMPLATE_PART_BYTES", 4 * 1024 * 1024)
    templates = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.name }}."]])
    template = templates / "sadarbibas_ligums.docx"
    _inflating(template, part, 5 * 1024 * 1024)
    read = []
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda *a, **k: read.append(a) or b"")
    message = (
        f"its part {part} inflates to 5 242 880 bytes, above the limit of 4 194 304 bytes for"
        " one part of a template"
    )
    [report] = template_check.check_templates(templates, ("agreement",))
    assert [p.message for p in report.problems] == [message]
    assert read == []


def _document_with(template: Path, xml: str, prologue: str = "") -> str:
    """The template's word/document.xml with ``xml`` before the end of its body."""
    with zipfile.ZipFile(template) as source:
        document = source.read("word/document.xml").decode("utf-8")
    if prologue:
        declaration, _end, rest = document.partition("?>")
        document = f"{declaration}?>{prologue}{rest}"
    return document.replace("<w:sectPr", f"{xml}<w:sectPr", 1)


DDE = (
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
    " DDE</w:instrText></w:r><w:r><w:instrText>AUTO c:\\\\windows\\\\system32\\\\cmd.exe"
    ' "/k calc.exe"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r>'
    '<w:t>x</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
)
INCLUDE = (
    "<w:p><w:fldSimple w:instr=' INCLUDETEXT \"http://example.invalid/x.docx\" '><w:r><w:t>x"
    "</w:t></w:r></w:fldSimple></w:p>"
)
PAGE = (
    '<w:p><w:fldSimple w:instr=" PAGE \\* MERGEFORMAT "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>'
)
PICTURE_RELS = (
    "<?xml version='1.0'?><Relationships xmlns='http://schemas.openxmlformats.org/package/2006/"
    "relationships'><Relationship Id='rId9' Type='http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/image' Target='http://example.invalid/pixel.png'"
    " TargetMode='External'/></Relationships>"
)


@pytest.mark.parametrize(
    ("parts", "messages"),
    [
        (
            {"word/_rels/settings.xml.rels": SETTINGS_RELS.replace('"', "'")},
            ["a link to an outside template (http://example.invalid/Normal.dotm, "
             "attachedTemplate in word/_rels/settings.xml.rels) is not allowed in a template: "
             "remove it"],
        ),
        (
            {"word/_rels/header9.xml.rels": PICTURE_RELS},
            ["a link to an outside picture (http://example.invalid/pixel.png, image in "
             "word/_rels/header9.xml.rels) is not allowed in a template: remove it"],
        ),
        (
            {"word/document.xml": DDE},
            ["the field DDEAUTO (in word/document.xml) runs a program or fetches something when"
             " the document is opened, which is not allowed in a template: remove it"],
        ),
        (
            {"word/document.xml": INCLUDE},
            ["the field INCLUDETEXT (in word/document.xml) runs a program or fetches something"
             " when the document is opened, which is not allowed in a template: remove it"],
        ),
        (
            {"word/document.xml": ("<w:p/>", '<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>')},
            ["word/document.xml declares a DOCTYPE or entities, which are not allowed in a"
             " template: save it again in Word"],
        ),
    ],
    ids=["single quotes", "outside picture", "dde", "includetext", "doctype"],
)  # fmt: skip
def test_more_active_content_is_refused_before_anything_is_written(
    book, tmp_path: Path, parts, messages
) -> None:
    templates = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.name }}."]])
    template = templates / "sadarbibas_ligums.docx"
    if "word/document.xml" in parts:
        xml = parts["word/document.xml"]
        xml, prologue = xml if isinstance(xml, tuple) else (xml, "")
        parts = {"word/document.xml": _document_with(template, xml, prologue)}
    _with_parts(template, parts)
    check = invoke("templates", "check", templates)
    assert check.exit_code == 1
    found = [line for line in check.output.splitlines()[1:] if line.startswith(f"{template}: ")]
    assert found == [f"{template}: {m}" for m in messages]
    out = tmp_path / "out"
    result = invoke("agreement", book.save(), "--out", out, "--templates", templates)
    assert result.exit_code == 1
    assert f"Error: {template}: {messages[0]}\n" in result.output
    assert not out.exists()


def test_a_page_number_field_is_no_active_content(tmp_path: Path) -> None:
    templates = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.name }}."]])
    template = templates / "sadarbibas_ligums.docx"
    _with_parts(template, {"word/document.xml": _document_with(template, PAGE)})
    check = invoke("templates", "check", templates)
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize(
    ("tag", "refused"),
    [
        ("{% extends 'sadarbibas_ligums.docx' %}", "extends is not allowed"),
        ("{% from 'x' import y %}", "fromimport is not allowed"),
        ("{% include 'x' %}", "include is not allowed"),
    ],
    ids=["extends", "from import", "include"],
)
def test_a_tag_that_reads_another_template_is_refused_before_anything_is_written(
    book, tmp_path: Path, tag, refused
) -> None:
    """{% extends %} passed the check and failed each document with "a filter could not format
    a value: no loader for this environment specified"."""
    templates = templates_with_agreement(tmp_path, [[f"Līgums. {tag}"]])
    assert_refused_before_writing(book, tmp_path, templates, refused)


# --- Active content known by its content type and relationships, wherever it lies -------------

RELS = "word/_rels/document.xml.rels"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NESTED = (  # { {QUOTE "INCLUDE"}{QUOTE "PICTURE"} "http://…" }: INCLUDEPICTURE made by fields
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
    ' QUOTE "INCLUDE" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
    ' QUOTE "PICTURE" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> "http://example.invalid/p.png" </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
)
NESTED_IF = (  # { IF {PAGE} = 1 "first" }: nested, but its name (IF) is its own
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
    ' IF </w:instrText></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:instrText xml:space="preserve">'
    ' = 1 "first" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    '<w:r><w:t>first</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
)


def _with_relationship(template: Path, kind: str, target: str, external: bool = False) -> str:
    """The template's document relationships with one more, of type ``kind``."""
    with zipfile.ZipFile(template) as source:
        rels = source.read(RELS).decode("utf-8")
    mode = ' TargetMode="External"' if external else ""
    added = f'<Relationship Id="rIdX" Type="{NS_R}/{kind}" Target="{target}"{mode}/>'
    return rels.replace("</Relationships>", added + "</Relationships>")


def _with_type(template: Path, part: str, content_type: str) -> str:
    with zipfile.ZipFile(template) as source:
        types = source.read("[Content_Types].xml").decode("utf-8")
    override = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
    return types.replace("</Types>", override + "</Types>")


ACTIVE_ANYWHERE = {
    "activex in word/controls": (
        lambda t: {
            "word/controls/ctl1.xml": "<ocx/>",
            "word/controls/ctl1.bin": OLE,
            "[Content_Types].xml": _with_type(
                t, "word/controls/ctl1.xml", "application/vnd.ms-office.activeX+xml"
            ),
            RELS: _with_relationship(t, "control", "controls/ctl1.xml"),
        },
        "ActiveX controls (word/controls/ctl1.xml) are not allowed in a template: remove them",
    ),
    "ole object in word/media": (
        lambda t: {
            "word/media/image9.png": OLE + "Ole10Native".encode("utf-16-le"),
            RELS: _with_relationship(t, "oleObject", "media/image9.png"),
        },
        "the embedded object word/media/image9.png holds a program, a packaged file or macros,"
        " which are not allowed in a template: remove it",
    ),
    "altchunk html": (
        lambda t: {
            "word/afchunk1.htm": "<html><body><img src='http://example.invalid/p.png'></body>"
            "</html>",
            RELS: _with_relationship(t, "aFChunk", "afchunk1.htm"),
            "word/document.xml": _document_with(t, f'<w:altChunk xmlns:r="{NS_R}" r:id="rIdX"/>'),
        },
        "an imported part (afchunk1.htm, aFChunk in word/_rels/document.xml.rels) is not allowed"
        " in a template: Word brings its content in when the document is opened; paste the"
        " content itself instead",
    ),
    "altchunk external": (
        lambda t: {
            RELS: _with_relationship(t, "aFChunk", "http://example.invalid/x.html", True),
        },
        "an imported part (http://example.invalid/x.html, aFChunk in"
        " word/_rels/document.xml.rels) is not allowed in a template: Word brings its content in"
        " when the document is opened; paste the content itself instead",
    ),
    "nested fields": (
        lambda t: {"word/document.xml": _document_with(t, NESTED)},
        "a field (in word/document.xml) whose instruction another field makes is not allowed in"
        " a template: Word would run what it makes when it updates the fields (a QUOTE making"
        " INCLUDEPICTURE); remove it",
    ),
}


@pytest.mark.parametrize("case", list(ACTIVE_ANYWHERE), ids=list(ACTIVE_ANYWHERE))
def test_active_content_is_known_by_its_type_wherever_it_lies(
    book, tmp_path: Path, case: str
) -> None:
    parts, message = ACTIVE_ANYWHERE[case]
    templates = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.name }}."]])
    template = templates / "sadarbibas_ligums.docx"
    _with_parts(template, parts(template))
    check = invoke("templates", "check", templates)
    assert check.exit_code == 1
    found = [line for line in check.output.splitlines()[1:] if line.startswith(f"{template}: ")]
    assert found == [f"{template}: {message}"]
    out = tmp_path / "out"
    result = invoke("agreement", book.save(), "--out", out, "--templates", templates)
    assert result.exit_code == 1
    assert f"Error: {template}: {message}\n" in result.output
    assert not out.exists()


def test_a_field_nested_inside_a_fields_own_instruction_is_allowed(tmp_path: Path) -> None:
    templates = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.name }}."]])
    template = templates / "sadarbibas_ligums.docx"
    _with_parts(template, {"word/document.xml": _document_with(template, NESTED_IF)})
    check = invoke("templates", "check", templates)
    assert check.exit_code == 0, check.output
