"""Write a plain-text rendering of every Word template, for reviewing clauses as a text diff.

    python tools/template_text.py            # writes docs/templates/<template>.txt
    python tools/template_text.py --check    # exit 1 if a rendering differs from its .docx

The .docx files in ``templates/`` are what docgen renders; ``tools/build_templates.py`` writes
them and then calls this script, so one command keeps both in step. A lawyer reviewing a change
to a clause reads the change to ``docs/templates/*.txt`` in the commit's diff instead of a
changed binary. ``tests/test_template_text.py`` fails when a template and its rendering differ.

The rendering keeps the document's order: each paragraph on its own line (a tab as ``<TAB>``
would hide nothing, so tabs stay tabs), each table row as its cells separated by `` | `` (a
cell's paragraphs separated by `` / ``), Word fields as ``[PAGE]``, ``[NUMPAGES]``, and the
headers and footers of each section after the body, under ``--- footer ---``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
RENDERINGS = ROOT / "docs" / "templates"


def _paragraph_text(p) -> str:
    """A paragraph's text in order: runs, tabs, breaks and field codes (not their results)."""
    parts: list[str] = []
    in_field_result = False
    for node in p.iter():
        if node.tag == qn("w:fldChar"):
            kind = node.get(qn("w:fldCharType"))
            # What Word last showed for a field (from "separate" to "end") is not the template's.
            in_field_result = kind == "separate"
        elif node.tag == qn("w:instrText"):
            parts.append(f"[{node.text.strip()}]")
        elif node.tag == qn("w:fldSimple"):
            parts.append(f"[{node.get(qn('w:instr')).strip()}]")
        elif in_field_result or any(a.tag == qn("w:fldSimple") for a in node.iterancestors()):
            continue
        elif node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab") and node.getparent().tag == qn("w:r"):
            parts.append("\t")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
        elif node.tag == qn("w:noBreakHyphen"):
            parts.append("-")
    return "".join(parts)


def _cell_text(tc) -> str:
    return " / ".join(_paragraph_text(p) for p in tc.iter(qn("w:p")))


def _blocks(parent) -> list[str]:
    """The lines of a body, header or footer: its paragraphs and table rows, in order."""
    lines = []
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_paragraph_text(child))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                lines.append(" | ".join(_cell_text(tc) for tc in row.iterchildren(qn("w:tc"))))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                lines.extend(_blocks(content))
    return lines


def render_text(path: Path) -> str:
    """The template at ``path`` as plain text (see the module's docstring for the layout)."""
    document = Document(str(path))
    lines = _blocks(document.element.body)
    seen: set[str] = set()
    for number, section in enumerate(document.sections, start=1):
        for name, part in (("header", section.header), ("footer", section.footer)):
            if part.is_linked_to_previous:
                continue
            part_lines = _blocks(part._element)
            key = "\n".join(part_lines)
            if not key.strip() or key in seen:
                continue
            seen.add(key)
            lines.append(f"--- {name} (section {number}) ---")
            lines.extend(part_lines)
    return "\n".join(line.rstrip() for line in lines).rstrip() + "\n"


def rendering_path(template: Path, directory: Path = RENDERINGS) -> Path:
    return directory / f"{template.stem}.txt"


def write_all(templates: Path = TEMPLATES, directory: Path = RENDERINGS) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for template in sorted(templates.glob("*.docx")):
        target = rendering_path(template, directory)
        target.write_text(render_text(template), encoding="utf-8")
        written.append(target)
    return written


def stale(templates: Path = TEMPLATES, directory: Path = RENDERINGS) -> list[Path]:
    """The templates whose rendering is missing or differs from the .docx."""
    return [
        template
        for template in sorted(templates.glob("*.docx"))
        if not rendering_path(template, directory).exists()
        or rendering_path(template, directory).read_text(encoding="utf-8") != render_text(template)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    args = parser.parse_args()
    if args.check:
        differing = stale()
        for template in differing:
            print(f"{template.name}: docs/templates/{template.stem}.txt differs", file=sys.stderr)
        sys.exit(1 if differing else 0)
    for path in write_all():
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
