"""Templates uploaded with a request: checked on their own, and used by a batch in place of the
server's, named only by the templates' own file names."""

from __future__ import annotations

import io
import zipfile

import pytest

from docgen.documents.kinds import TEMPLATE_NAMES
from tests.helpers import TEMPLATES, templates_with_agreement, text_of
from tests.web.conftest import BEARER
from tests.web.test_api import upload, wait_done

AGREEMENT = "sadarbibas_ligums.docx"


def sent(path, name=AGREEMENT):
    return ("templates", (name, path.read_bytes(), "application/octet-stream"))


def test_a_good_template_is_checked_and_passes(client):
    response = client.post("/api/templates", files=[sent(TEMPLATES / AGREEMENT)], headers=BEARER)
    assert response.status_code == 200
    data = response.json()
    assert data["errors"] == []
    assert data["templates"] == [AGREEMENT]
    assert data["summary"] == "1 template checked: 0 errors."


def test_a_template_with_a_mistyped_field_is_named_by_its_file_name_only(client, tmp_path):
    folder = templates_with_agreement(tmp_path, [["{{ partner.nmae }}"]])
    files = [sent(folder / AGREEMENT), sent(TEMPLATES / TEMPLATE_NAMES[1], TEMPLATE_NAMES[1])]
    response = client.post("/api/templates", files=files, headers=BEARER)
    assert response.status_code == 200
    data = response.json()
    [error] = data["errors"]
    assert error["place"] == AGREEMENT
    assert "partner.nmae" in error["message"]
    assert str(tmp_path) not in response.text and "/runs/" not in response.text
    assert data["summary"] == "2 templates checked: 1 error."


def test_a_file_not_named_as_a_template_is_refused_with_the_names_to_use(client):
    for name in ("ligums.docx", "..\\..\\evil.docx"):
        files = [sent(TEMPLATES / AGREEMENT, name)]
        response = client.post("/api/templates", files=files, headers=BEARER)
        assert response.status_code == 422
        message = response.json()["errors"][0]["message"]
        assert message.startswith(f"{name}: not the name of one of docgen's templates")
        assert all(known in message for known in TEMPLATE_NAMES)


def test_the_same_template_twice_and_no_template_are_refused(client):
    twice = [sent(TEMPLATES / AGREEMENT), sent(TEMPLATES / AGREEMENT)]
    response = client.post("/api/templates", files=twice, headers=BEARER)
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == (
        f"{AGREEMENT}: sent twice; send each template once"
    )
    response = client.post("/api/templates", data={}, headers=BEARER)
    assert response.status_code == 422
    assert "send one or more templates" in response.json()["errors"][0]["message"]


def test_a_folder_in_the_name_is_dropped_and_nothing_is_written_outside(client, book, tmp_path):
    folder = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.name }}"]])
    files = [("workbook", upload(book.save())["workbook"])]
    files.append(sent(folder / AGREEMENT, f"../../{AGREEMENT}"))
    response = client.post("/api/batch", files=files, data={"kinds": "agreement"}, headers=BEARER)
    assert response.status_code == 202
    assert wait_done(client, response.json()["job"])["state"] == "done"
    assert not (tmp_path / AGREEMENT).exists() and not (tmp_path / "runs" / AGREEMENT).exists()


def test_a_batch_uses_the_uploaded_agreement_and_the_servers_others(client, book, tmp_path):
    folder = templates_with_agreement(tmp_path, [["Augšupielādēts līgums ar {{ partner.name }}"]])
    files = [("workbook", upload(book.save())["workbook"]), sent(folder / AGREEMENT)]
    response = client.post(
        "/api/batch", files=files, data={"kinds": "agreement,claim"}, headers=BEARER
    )
    assert response.status_code == 202
    job = response.json()["job"]
    assert wait_done(client, job)["state"] == "done"
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(f"/api/jobs/{job}/zip", headers=BEARER).content)
    )
    names = archive.namelist()
    agreement = next(n for n in names if n.endswith(AGREEMENT))
    claim = next(n for n in names if n.endswith(".docx") and "maksajuma_pieprasijums" in n)
    archive.extractall(tmp_path / "unzipped")
    assert text_of(tmp_path / "unzipped" / agreement).startswith("Augšupielādēts līgums ar ")
    assert "MAKSĀJUMA PIEPRASĪJUMS" in text_of(tmp_path / "unzipped" / claim).upper()
    # the next batch without an upload is back to the server's own agreement
    response = client.post(
        "/api/batch", files=upload(book.save()), data={"kinds": "agreement"}, headers=BEARER
    )
    job = response.json()["job"]
    assert wait_done(client, job)["state"] == "done"
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(f"/api/jobs/{job}/zip", headers=BEARER).content)
    )
    agreement = next(n for n in archive.namelist() if n.endswith(AGREEMENT))
    archive.extract(agreement, tmp_path / "second")
    assert "SADARBĪBAS LĪGUMS" in text_of(tmp_path / "second" / agreement).upper()


def test_a_batch_with_a_broken_uploaded_template_is_refused_keeping_no_run(client, book, tmp_path):
    folder = templates_with_agreement(tmp_path, [["{{ partner.nmae }}"]])
    files = [("workbook", upload(book.save())["workbook"]), sent(folder / AGREEMENT)]
    response = client.post("/api/batch", files=files, data={"kinds": "agreement"}, headers=BEARER)
    assert response.status_code == 422
    data = response.json()
    assert data["errors"][0]["place"] == AGREEMENT
    assert data["summary"] == "1 error in the templates."
    assert [
        p.name for p in (tmp_path / "runs").iterdir() if not p.name.startswith(("runs.", "."))
    ] == []


def test_a_template_that_fails_only_at_render_is_named_without_the_servers_path(
    client, book, tmp_path
):
    folder = templates_with_agreement(tmp_path, [["{{ 1 / 0 }}"]])
    files = [("workbook", upload(book.save())["workbook"]), sent(folder / AGREEMENT)]
    response = client.post("/api/batch", files=files, data={"kinds": "agreement"}, headers=BEARER)
    assert response.status_code == 202  # the check cannot know; the render says it
    status = wait_done(client, response.json()["job"])
    assert status["counts"]["failed"] >= 1
    assert f": {AGREEMENT}: " in status["message"]
    assert "the tag {{ 1 / 0 }} divides by zero" in status["message"]
    assert str(tmp_path) not in status["message"] and "/runs/" not in status["message"]


def test_the_servers_own_templates_are_not_named_by_their_path_either(tmp_path, book):
    from starlette.testclient import TestClient

    from docgen.web import create_app
    from tests.web.conftest import settings

    folder = templates_with_agreement(tmp_path, [["{{ 1 / 0 }}"]])
    with TestClient(create_app(settings(tmp_path, templates=folder))) as client:
        response = client.post(
            "/api/batch", files=upload(book.save()), data={"kinds": "agreement"}, headers=BEARER
        )
        status = wait_done(client, response.json()["job"])
    assert f": {AGREEMENT}: " in status["message"]
    assert str(tmp_path) not in status["message"]


@pytest.mark.parametrize(
    "name",
    [
        "Sadarbibas_ligums.docx",
        "sadarbibas_ligums.DOCX",
        "sadarbibas_ligums.docx ",
        "sadarb\u0456bas_ligums.docx",  # a Cyrillic і
        "sadarbibas_ligums.docx\u200b",  # a zero-width space
    ],
    ids=["case", "suffix case", "trailing space", "look-alike", "invisible"],
)
def test_a_name_almost_a_templates_is_refused_saying_which_it_resembles(client, name):
    """Told only "not the name of one of docgen's templates", the user saw the right name."""
    response = client.post(
        "/api/templates", files=[sent(TEMPLATES / AGREEMENT, name)], headers=BEARER
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == (
        f"{name!r}: almost the name of {AGREEMENT}, but not quite (a capital letter, a space or"
        f" a letter that only looks the same); name it exactly {AGREEMENT}"
    )


def test_a_batch_checks_uploaded_templates_against_the_workbooks_own_shape(
    client, shaped_book, tmp_path
):
    workbook = ("workbook", upload(shaped_book.save())["workbook"])
    own = templates_with_agreement(tmp_path / "own", [["Darbs: {{ budget.lm_darbs|amount }}"]])
    response = client.post(
        "/api/batch",
        files=[workbook, sent(own / AGREEMENT)],
        data={"kinds": "agreement"},
        headers=BEARER,
    )
    assert response.status_code == 202, response.json()
    assert wait_done(client, response.json()["job"])["state"] == "done"
    old = templates_with_agreement(tmp_path / "old", [["Pilots: {{ budget.pilot|amount }}"]])
    response = client.post(
        "/api/batch",
        files=[workbook, sent(old / AGREEMENT)],
        data={"kinds": "agreement"},
        headers=BEARER,
    )
    assert response.status_code == 422
    assert [e["message"] for e in response.json()["errors"]] == ["unknown field budget.pilot"]


@pytest.mark.parametrize("case", ["activex in word/controls", "altchunk html", "nested fields"])
def test_active_content_wherever_it_lies_is_refused_by_the_api(client, tmp_path, case):
    from tests.documents.test_template_check import ACTIVE_ANYWHERE, _with_parts

    parts, message = ACTIVE_ANYWHERE[case]
    folder = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.name }}."]])
    _with_parts(folder / AGREEMENT, parts(folder / AGREEMENT))
    response = client.post("/api/templates", files=[sent(folder / AGREEMENT)], headers=BEARER)
    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert (error["place"], error["message"]) == (AGREEMENT, message)
