"""The page's language: English msgids, the Latvian catalog complete, --lang choosing."""

from __future__ import annotations

import re

import pytest
import uvicorn
from babel.messages.pofile import read_po
from click.testing import CliRunner
from starlette.testclient import TestClient

from docgen.cli import main
from docgen.web import app as web_app
from docgen.web import create_app
from tests.helpers import ROOT
from tests.test_i18n import unmarked
from tests.web.conftest import TOKEN, settings

WEB = ROOT / "docgen" / "web"
CATALOG = WEB / "locale" / "lv" / "LC_MESSAGES" / "messages.po"


def marked_strings() -> set[str]:
    """Every msgid of the page's code and templates, as pybabel extract finds them."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(WEB / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = extract_from_dir(str(ROOT), method_map, options_map)
    return {m if isinstance(m, str) else m[0] for _f, _l, m, _c, _x in found}


def test_every_string_of_the_page_is_translated_into_latvian():
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="lv")
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalog if m.id}
    assert len(marked_strings()) > 70  # the page, its script's words and the API's messages
    assert marked_strings() - set(translated) == set()  # rerun pybabel extract and update
    assert set(translated) - marked_strings() == set()  # and drop what the code no longer says
    empty = [m for m, s in translated.items() if not (all(s) if isinstance(s, tuple) else s)]
    assert empty == []


@pytest.mark.parametrize("path", sorted(WEB.glob("*.py")), ids=lambda p: p.name)
def test_every_message_of_the_server_is_marked_for_translation(path):
    assert unmarked(path.read_text(encoding="utf-8")) == []


def test_the_apis_messages_are_in_the_servers_language(tmp_path):
    with TestClient(create_app(settings(tmp_path, lang="lv"))) as client:
        response = client.get("/api/jobs/" + "0" * 32, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.json() == {"error": "šāda darba nav"}
        words = client.get("/api/words?style=x", headers={"Authorization": f"Bearer {TOKEN}"})
        assert words.json() == {
            "error": "stils: accounting (grāmatvedības) vai literary (literārais)"
        }
        response = client.post(
            "/api/templates", data={}, headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert response.json()["errors"][0]["message"] == (
            "nosūtiet vienu vai vairākas veidnes (lauks templates)"
        )


def test_the_page_is_in_latvian_by_default_and_in_english_when_asked(tmp_path):
    for lang, words in (("lv", ("Darbgrāmata", "Pārbaudīt")), ("en", ("Workbook", "Check"))):
        app = create_app(settings(tmp_path / lang, lang=lang))
        with TestClient(app) as client:
            page = client.get(f"/?token={TOKEN}").text
        assert f'<html lang="{lang}">' in page
        for word in words:
            assert f">{word}<" in page


def test_the_scripts_words_come_from_the_page_in_its_language(tmp_path):
    with TestClient(create_app(settings(tmp_path, lang="lv"))) as client:
        page = client.get(f"/?token={TOKEN}").text
    strings = re.search(r'<script type="application/json" id="strings">(.*?)</script>', page)[1]
    assert '"numbered": "%(name)s Nr. %(number)s"' in strings.replace("\\u0026", "&")
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


def test_starlettes_own_refusals_are_in_the_servers_language_too(tmp_path):
    """Too many files (a workbook and six templates chosen on the page), a form that is not
    one, an address that is none: said by Starlette in English, answered in Latvian."""
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    template = ("templates", ("sadarbibas_ligums.docx", b"x", "application/octet-stream"))
    with TestClient(create_app(settings(tmp_path, lang="lv"))) as client:
        response = client.post("/api/templates", files=[template] * 7, headers=bearer)
        assert response.status_code == 400
        assert response.json() == {
            "error": "pārāk daudz failu: vienā pieprasījumā var būt ne vairāk kā 6"
        }
        fields = {f"f{i}": "x" for i in range(21)}
        response = client.post("/api/templates", data=fields, files=[template], headers=bearer)
        assert response.status_code == 400
        assert response.json() == {
            "error": "pārāk daudz lauku: vienā pieprasījumā var būt ne vairāk kā 20"
        }
        response = client.post(
            "/api/templates",
            content=b"x",
            headers=bearer | {"Content-Type": "multipart/form-data"},
        )
        assert response.status_code == 400
        assert response.json()["error"].startswith("nav nolasāma veidlapa (")
        response = client.get("/api/nothing", headers=bearer)
        assert (response.status_code, response.json()) == (404, {"error": "šādas adreses nav"})
        response = client.get("/api/batch", headers=bearer)
        assert (response.status_code, response.json()) == (
            405,
            {"error": "šī adrese nepieņem GET pieprasījumu"},
        )


@pytest.mark.parametrize(
    ("state", "document", "zip_"),
    [
        ("queued", "darbs vēl gaida rindā", "darbs vēl gaida rindā, tā zip arhīvs vēl nav gatavs"),
        ("running", "darbs vēl notiek", "darbs vēl notiek, tā zip arhīvs vēl nav gatavs"),
        ("failed", "darbs neizdevās", "darbs neizdevās, tam zip arhīva nav"),
    ],
)
def test_a_job_not_done_is_said_so_in_one_language(tmp_path, state, document, zip_):
    """Not "darba stāvoklis ir running": the state is a word of the sentence, translated."""
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(settings(tmp_path, lang="lv"))) as client:
        runs = client.app.state.runs
        run_id = runs.new_id()
        runs.folder_of(run_id).mkdir()
        runs.add(run_id, "local", "0" * 64, "agreement")
        runs.update(run_id, state)
        for asked in ("preview/a/a.docx", "files/a/a.docx"):
            response = client.get(f"/api/jobs/{run_id}/{asked}", headers=bearer)
            assert (response.status_code, response.json()) == (409, {"error": document})
        response = client.get(f"/api/jobs/{run_id}/zip", headers=bearer)
        assert (response.status_code, response.json()) == (409, {"error": zip_})


@pytest.mark.parametrize(
    ("files", "summary"),
    [(1, "Pārbaudīts: 1 veidne, 1 kļūda."), (2, "Pārbaudīts: 2 veidnes, 2 kļūdas.")],
)
def test_the_templates_summary_gives_each_count_its_latvian_form(tmp_path, files, summary):
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    names = ["sadarbibas_ligums.docx", "kopsavilkums.docx"][:files]
    sent = [("templates", (n, b"not a docx", "application/octet-stream")) for n in names]
    with TestClient(create_app(settings(tmp_path, lang="lv"))) as client:
        response = client.post("/api/templates", files=sent, headers=bearer)
    assert response.json()["summary"] == summary
