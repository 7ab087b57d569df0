"""docgen's messages in Latvian: every message marked for translation, every msgid in the
catalog translated with the same placeholders, and the language chosen as gettext chooses it."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from docgen import i18n
from docgen.errors import Problem, WorkbookError
from tests.helpers import ROOT

PACKAGE = ROOT / "docgen"
CATALOG = PACKAGE / "locale" / "lv" / "LC_MESSAGES" / "docgen.po"

# Calls whose argument (at this position) is a message a user reads.
MESSAGE_ARGUMENTS = {"Problem": 1, "error": 1, "warning": 1, "echo": 0, "secho": 0}


def extracted() -> dict[str, str | tuple[str, ...]]:
    """msgid → the message (or its singular and plural) as Babel's extraction finds them."""
    found = {}
    with open(ROOT / "babel.cfg", encoding="utf-8") as handle:
        from babel.messages.frontend import parse_mapping_cfg

        method_map, options_map = parse_mapping_cfg(handle)
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        key = message if isinstance(message, str) else message[0]
        found[key] = message
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def catalog():
    with CATALOG.open("rb") as handle:
        return read_po(handle, locale="lv")


def test_every_message_has_a_latvian_translation_with_the_same_placeholders():
    po = catalog()
    missing, empty, fuzzy, moved = [], [], [], []
    for key, message in extracted().items():
        entry = po.get(key)
        if entry is None:
            missing.append(key)
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        ids = message if isinstance(message, tuple) else (message,)
        if not all(strings):
            empty.append(key)
        if entry.fuzzy:
            fuzzy.append(key)
        if any(placeholders(s) != placeholders(ids[-1]) for s in strings if s):
            moved.append(key)
    # Rerun pybabel extract and update (docs/architecture.md), then translate.
    assert missing == []
    assert empty == []
    assert fuzzy == []
    assert moved == []


def test_the_catalog_has_no_message_the_code_no_longer_has():
    po = catalog()
    stale = {m.id if isinstance(m.id, str) else m.id[0] for m in po if m.id} - set(extracted())
    assert stale == set()


# A call with this comment on its line or the line above, saying why, has a message for
# programmers (a misuse of an API), not for users.
PROGRAMMERS_ONLY = "# for programmers:"


def unmarked(source: str) -> list[str]:
    """Messages passed as plain strings or f-strings where a user reads them."""
    found = []
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        position = MESSAGE_ARGUMENTS.get(name)
        if position is None and (name.endswith("Error") or name.endswith("Exception")):
            position = 0
        if position is None or len(node.args) <= position:
            continue
        said = lines[node.lineno - 2 : node.end_lineno]  # the line above the call, and its own
        if any(PROGRAMMERS_ONLY in line for line in said):
            continue
        argument = node.args[position]
        if isinstance(argument, ast.JoinedStr) or (
            isinstance(argument, ast.Constant)
            and isinstance(argument.value, str)
            and re.search("[A-Za-z]{2}", argument.value)
        ):
            found.append(f"line {node.lineno}: {ast.unparse(argument)[:80]}")
    return found


def test_unmarked_catches_a_plain_message_and_an_fstring_and_passes_a_marked_one():
    assert len(unmarked('Problem(place, "a value is required")')) == 1
    assert len(unmarked('raise AmountError(f"not an amount: {text}")')) == 1
    assert len(unmarked('self.error(place, f"{x} is wrong")')) == 1
    assert unmarked('Problem(place, _("a value is required"))') == []
    assert unmarked('raise AmountError(_("not an amount: {text}").format(text=text))') == []
    assert unmarked("Problem(f'{name}!{row}', message)") == []  # a place is not a message
    assert unmarked('raise TypeError(f"{x!r}")  # for programmers: a misuse of the API') == []


@pytest.mark.parametrize(
    "path",
    sorted(p for p in PACKAGE.rglob("*.py") if "web" not in p.relative_to(PACKAGE).parts),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_every_message_is_marked_for_translation(path: Path):
    assert unmarked(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "en"),
        ({"LANG": "lv_LV.UTF-8"}, "lv"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8", "LC_ALL": "lv_LV.UTF-8"}, "lv"),
        ({"LANG": "lv_LV.UTF-8", "LANGUAGE": "en"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "DOCGEN_LANG": "lv"}, "lv"),
        ({"LANGUAGE": "lv:en"}, "lv"),
    ],
)
def test_the_language_is_read_from_the_environment_as_gettext_reads_it(environment, expected):
    assert i18n.language_of(environment) == expected


def test_set_language_is_seen_by_processes_started_after(monkeypatch):
    monkeypatch.setenv("DOCGEN_LANG", "en")  # put back after the test
    i18n.set_language("lv")
    import os
    import subprocess
    import sys

    code = "from docgen import i18n; print(i18n.language())"
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ
    )
    assert shown.stdout.strip() == "lv"
    with pytest.raises(ValueError, match="docgen speaks en, lv"):
        i18n.set_language("de")


def test_a_workbook_error_counts_its_errors_in_latvian_with_latvian_plurals(monkeypatch):
    monkeypatch.setenv("DOCGEN_LANG", "lv")
    problems = [Problem("Partneri!A2 (Kods)", "x")] * 21
    assert str(WorkbookError(problems[:1])).endswith("1 kļūda darbgrāmatā.")
    assert str(WorkbookError(problems[:2])).endswith("2 kļūdas darbgrāmatā.")
    assert str(WorkbookError(problems[:21])).endswith("21 kļūda darbgrāmatā.")
    assert str(WorkbookError(problems[:10])).endswith("10 kļūdu darbgrāmatā.")
    assert str(Problem("P!A2", "x", "warning")) == "brīdinājums: P!A2: x"
    monkeypatch.setenv("DOCGEN_LANG", "en")
    assert str(WorkbookError(problems[:2])).endswith("2 errors in the workbook.")
    assert str(Problem("P!A2", "x", "warning")) == "warning: P!A2: x"
