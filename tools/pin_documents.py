"""Record what the shipped example's documents say, to pin them (tests/test_pinned.py).

Runs the whole batch on ``inputs/partners.xlsx`` on a fixed day, reads every document as a reader
does (paragraphs and table cells) and writes ``tests/fixtures/pinned_9211.json.gz``: each file's
text and the amounts, percentages and amounts in words in it, and ``docgen splits --format json``.

Run it only when a change to the documents is meant (the test then shows what changed first):

    .venv/bin/python tools/pin_documents.py
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK = ROOT / "inputs" / "partners.xlsx"
PINNED = ROOT / "tests" / "fixtures" / "pinned_9211.json.gz"
TODAY = date(2024, 3, 1)  # the summary prints the day it was made

# An amount as documents write it (70 222,38 with no-break spaces), a percentage (85 %,
# 28,13 %) and an amount in words (… euro un 47 centi / … euro).
_FIGURE = re.compile(
    r"\d{1,3}(?:[\u00a0 ]\d{3})*,\d{2}(?:[\u00a0 ]%)?"
    r"|\d+[\u00a0 ]%"
    r"|[a-zāčēģīķļņšūž ]+ euro(?: un \d{2} cent[si])?"
)


def text_of(path: Path) -> str:
    """Everything a reader sees: paragraphs, then table cells row by row, one per line."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def figures_of(text: str) -> list[str]:
    """The amounts, percentages and amounts in words of a text, in their order."""
    return [m.group().strip() for m in _FIGURE.finditer(text)]


def read_documents(out: Path) -> dict[str, str]:
    """Each document's text by its path under ``out``."""
    return {path.relative_to(out).as_posix(): text_of(path) for path in sorted(out.rglob("*.docx"))}


def splits_json(workbook: Path) -> list[dict[str, object]]:
    from docgen.splits import splits_report, to_json
    from docgen.workbook.reader import load

    return json.loads(to_json(splits_report(load(workbook))))


def make(out: Path) -> dict[str, object]:
    from docgen.batch.run import run_batch

    run_batch(WORKBOOK, out, ROOT / "templates", jobs=2, today=TODAY)
    return {"documents": read_documents(out), "splits": splits_json(WORKBOOK)}


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        pinned = make(Path(folder) / "out")
    PINNED.write_bytes(gzip.compress(json.dumps(pinned, ensure_ascii=False, indent=0).encode()))
    print(f"{PINNED.relative_to(ROOT)}: {len(pinned['documents'])} documents pinned")
    return 0


if __name__ == "__main__":
    sys.exit(main())
