"""The page's language: English msgids, the Latvian catalog complete, --lang choosing."""

from __future__ import annotations

import re

import uvicorn
from babel.messages.pofile import read_po
from click.testing import CliRunner
from starlette.testclient import TestClient

from docgen.cli import main
from docgen.web import app as web_app
from docgen.web import create_app
from tests.helpers import ROOT
from tests.web.conftest import TOKEN, settings

WEB = ROOT / "docgen" / "web"
CATALOG = WEB / "locale" / "lv" / "LC_MESSAGES" / "messages.po"


def marked_strings() -> set[str]:
    """Every string the templates pass to _() and the code marks with N_() or gettext()."""
    found = set()
    for path in (WEB / "templates").glob("*.html"):
        found |= set(re.findall(r'_\("((?:[^"\\]|\\.)*)"', path.read_text(encoding="utf-8")))
    for path in WEB.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'(?:\bN_|gettext)\("((?:[^"\\]|\\.)*)"\)', text))
    return {s.replace("\\'", "'") for s in found}


def test_every_string_of_the_page_is_translated_into_latvian():
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="lv")
    translated = {m.id: m.string for m in catalog if m.id}
    assert len(marked_strings()) == len(translated) == 48
    assert marked_strings() - set(translated) == set()  # rerun pybabel extract and update
    assert [m for m, s in translated.items() if not s] == []


def test_the_page_is_in_latvian_by_default_and_in_english_when_asked(tmp_path):
    for lang, words in (("lv", ("Darbgrāmata", "Pārbaudīt")), ("en", ("Workbook", "Check"))):
        app = create_app(settings(tmp_path / lang, lang=lang))
        with TestClient(app) as client:
            page = client.get(f"/?token={TOKEN}").text
        assert f'<html lang="{lang}">' in page
        for word in words:
            assert f">{word}<" in page


def test_the_scripts_words_come_from_the_page_in_its_language(tmp_path):
    with TestClient(create_app(settings(tmp_path))) as client:
        page = client.get(f"/?token={TOKEN}").text
    strings = re.search(r'<script type="application/json" id="strings">(.*?)</script>', page)[1]
    assert '"progress": "%(done)s no %(total)s"' in strings.replace("\\u0026", "&")
    assert set(web_app.SCRIPT_STRINGS) <= set(re.findall(r'"(\w+)":', strings))
    script = (WEB / "static" / "app.js").read_text(encoding="utf-8")
    assert re.findall("[āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ]", script) == []  # no word left untranslatable


def test_serve_takes_the_language(monkeypatch, tmp_path):
    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(app=app))
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["serve", "--lang", "en"]).exit_code == 0
    assert started["app"].state.settings.lang == "en"
    assert CliRunner().invoke(main, ["serve", "--lang", "de"]).exit_code == 2
