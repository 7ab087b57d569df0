"""The JSON API: validation, batches and their files, the amount in words."""

from __future__ import annotations

import io
import os
import time
import zipfile

import pytest

from docgen.workbook.reader import validate
from tests.web.conftest import BEARER


def upload(path, name="book.xlsx"):
    return {"workbook": (name, path.read_bytes(), "application/octet-stream")}


def wait_done(client, job, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = client.get(f"/api/jobs/{job}", headers=BEARER).json()
        if status["state"] in ("done", "failed"):
            return status
        time.sleep(0.1)
    raise AssertionError(f"job {job} still {status['state']} after {seconds} s")


# --- validate ---------------------------------------------------------------------------


def test_validate_gives_the_summary_and_the_splits(client, book):
    response = client.post("/api/validate", files=upload(book.save()), headers=BEARER)
    assert response.status_code == 200
    data = response.json()
    assert data["errors"] == []
    assert data["summary"] == (
        "book.xlsx: 2 partners, 3 claims, 3 progress rows read; 0 errors, 0 warnings."
    )
    assert [s["code"] for s in data["splits"]] == ["JURMALA", "ADAZI"]
    assert data["splits"][0]["pilot"] == "1000.00"
    assert list(data["split_headers"])[:3] == ["code", "name", "pilot"]
    assert data["split_headers"]["esf"] == "ESF"
    assert set(data["split_headers"]) <= set(data["splits"][0])


def test_validate_shows_the_categories_and_fund_the_workbook_defines(client, shaped_book):
    response = client.post("/api/validate", files=upload(shaped_book.save()), headers=BEARER)
    assert response.status_code == 200
    data = response.json()
    assert data["errors"] == []
    headers = data["split_headers"]
    assert list(headers)[2:5] == ["darbs", "aprikojums", "citas_izmaksas"]
    assert [headers[k] for k in ("darbs", "aprikojums", "esf")] == [
        "Darbs ar klientiem",
        "Aprīkojums",
        "ESF+",
    ]
    assert "pilot" not in headers and set(headers) <= set(data["splits"][0])
    assert data["splits"][0]["lm_darbs"] == "850.00"


def test_validate_lists_each_problem_in_parts(client, book):
    book.partners[0]["IBAN"] = "LV80BANK000043519500"
    response = client.post("/api/validate", files=upload(book.save()), headers=BEARER)
    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert error["sheet"] == "Partneri"
    assert error["cell"] == "J2"
    assert error["column"] == "IBAN"
    assert error["place"] == "Partneri!J2 (IBAN)"
    assert "not a valid IBAN" in error["message"]


def test_a_date_in_the_year_9999_is_an_error_with_its_cell_not_a_crash(client, book):
    from datetime import date

    book.claims[0]["Līdz"] = date(9999, 12, 31)  # the claim's date a default after it
    response = client.post("/api/validate", files=upload(book.save()), headers=BEARER)
    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert error["place"] == "Maksājumi!D2 (Līdz)"
    assert "outside the years docgen works with" in error["message"]
    response = client.post("/api/batch", files=upload(book.save()), headers=BEARER)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"


def test_an_unexpected_error_is_json_not_plain_text(tmp_path, book, monkeypatch):
    from starlette.testclient import TestClient

    from docgen.web import create_app
    from docgen.workbook import reader
    from tests.web.conftest import settings, validate_in_this_process

    def broken(path):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(reader, "validate", broken)
    app = create_app(settings(tmp_path))
    with TestClient(app, raise_server_exceptions=False) as client:
        validate_in_this_process(app)
        response = client.post("/api/validate", files=upload(book.save()), headers=BEARER)
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "error": "docgen failed unexpectedly (OverflowError); the server's log has the details"
    }


@pytest.mark.parametrize(
    ("place", "sheet", "cell", "column"),
    [
        ("Partneri!H7 (IBAN)", "Partneri", "H7", "IBAN"),
        ("Maksājumi (Nr.)", "Maksājumi", "", "Nr."),
        ("Maksājumi!3", "Maksājumi", "3", ""),
        ("Projekts", "Projekts", "", ""),
    ],
)
def test_a_place_is_taken_apart(place, sheet, cell, column):
    from docgen.errors import Problem
    from docgen.web.app import problem_json

    parts = problem_json(Problem(place, "m"))
    assert (parts["sheet"], parts["cell"], parts["column"]) == (sheet, cell, column)


def test_a_file_that_is_not_a_workbook_gets_422_with_the_clis_message(client, tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_bytes(b"just some text")
    cli_message = validate(bad).problems[0].message
    response = client.post("/api/validate", files=upload(bad, "notes.xlsx"), headers=BEARER)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["message"] == cli_message
    assert error["place"] == "notes.xlsx"  # the upload's name, not the server's path
    assert str(tmp_path) not in response.text


def test_validate_without_a_workbook_is_422(client):
    response = client.post("/api/validate", data={"x": "1"}, headers=BEARER)
    assert response.status_code == 422
    assert response.json() == {"error": "send a workbook (the field workbook)"}


# --- batch ------------------------------------------------------------------------------


def test_a_small_batch_runs_to_the_end_and_its_zip_holds_the_documents(client, book):
    response = client.post(
        "/api/batch",
        files=upload(book.save()),
        data={"kinds": "agreement,claim", "partners": "JURMALA"},
        headers=BEARER,
    )
    assert response.status_code == 202, response.text
    job = response.json()["job"]
    status = wait_done(client, job)
    assert status["state"] == "done", status
    assert status["done"] == status["total"] == 5
    assert status["counts"] == {"written": 5, "unchanged": 0, "edited": 0, "failed": 0}
    assert status["files"] == [
        "JURMALA/JURMALA_maksajuma_pieprasijums_1.docx",
        "JURMALA/JURMALA_maksajuma_pieprasijums_2.docx",
        "JURMALA/JURMALA_sadarbibas_ligums.docx",
        "JURMALA/JURMALA_sadarbibas_ligums_pielikums_2.docx",
        "JURMALA/JURMALA_sadarbibas_ligums_pielikums_3.docx",
    ]

    archive = client.get(f"/api/jobs/{job}/zip", headers=BEARER)
    assert archive.status_code == 200
    assert archive.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert "JURMALA/JURMALA_sadarbibas_ligums.docx" in names
    assert {"manifest.json", "registrs.xlsx"} <= set(names)

    one = client.get(f"/api/jobs/{job}/files/{status['files'][2]}", headers=BEARER)
    assert one.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(one.content)).testzip() is None  # a whole .docx
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(one.content)).namelist()


def test_a_batch_of_a_workbook_with_errors_is_422_and_makes_no_run(client, book):
    book.partners[0]["IBAN"] = "LV80BANK000043519500"
    response = client.post("/api/batch", files=upload(book.save()), headers=BEARER)
    assert response.status_code == 422
    assert response.json()["errors"][0]["column"] == "IBAN"
    folder = client.app.state.runs.folder
    assert [p.name for p in folder.iterdir()] == ["runs.sqlite"]


def test_a_batch_for_an_unknown_partner_is_422(client, book):
    response = client.post(
        "/api/batch", files=upload(book.save()), data={"partners": "RIGA"}, headers=BEARER
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == (
        "no partner has the code RIGA (sheet Partneri)"
    )


def test_a_job_that_does_not_exist_is_404(client):
    response = client.get("/api/jobs/" + "0" * 32, headers=BEARER)
    assert response.status_code == 404


# --- words, downloads -------------------------------------------------------------------


def test_words(client):
    response = client.get("/api/words", params={"amount": "316.47"}, headers=BEARER)
    assert response.json() == {"words": "trīs simti sešpadsmit euro un 47 centi"}
    response = client.get("/api/words", params={"amount": "abc"}, headers=BEARER)
    assert response.status_code == 422
    assert response.json()["error"]


def test_the_example_workbook_and_the_default_templates_download(client, tmp_path):
    example = client.get("/example.xlsx", headers=BEARER)
    assert example.status_code == 200
    path = tmp_path / "example.xlsx"
    path.write_bytes(example.content)
    assert validate(path).ok
    templates = client.get("/templates.zip", headers=BEARER)
    names = zipfile.ZipFile(io.BytesIO(templates.content)).namelist()
    assert "sadarbibas_ligums.docx" in names and len(names) == 5


def test_the_page_and_its_script(client):
    page = client.get("/?token=test-token")  # sets the cookie and leaves the token behind
    assert page.status_code == 200
    assert page.url.path == "/" and "token" not in str(page.url)
    assert '<html lang="en">' in page.text  # the tests' settings; docgen serve's default is lv
    assert '<label for="workbook">' in page.text
    script = client.get("/static/app.js")
    assert script.status_code == 200
    assert "/api/validate" in script.text


def test_the_folders_own_workbook_can_be_used_instead_of_an_upload(tmp_path, book):
    from starlette.testclient import TestClient

    from docgen.web import create_app
    from tests.web.conftest import settings

    own = book.save("partners.xlsx")
    with TestClient(create_app(settings(tmp_path, workbook=own))) as client:
        response = client.post("/api/validate", data={"folder": "1"}, headers=BEARER)
        assert response.status_code == 200
        assert response.json()["summary"].startswith("partners.xlsx: 2 partners")
        assert 'id="use-folder"' in client.get(f"/?token={BEARER['Authorization'][7:]}").text


def test_every_control_of_the_page_has_a_label(client):
    import re

    page = client.get("/?token=test-token").text
    labelled = set(re.findall(r'<label for="([^"]+)"', page))
    wrapped = re.findall(r"<label><input[^>]*>", page)
    controls = re.findall(r'<(?:input|select)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', page)
    unlabelled = [c for c in controls if c not in labelled and not any(c in w for w in wrapped)]
    assert controls and unlabelled == []


def test_a_running_jobs_progress_comes_from_its_progress_file(client):
    from docgen.web.jobs import Progress, write_progress

    runs = client.app.state.runs
    run_id = runs.new_id()
    runs.folder_of(run_id).mkdir()
    runs.add(run_id, "local", "0" * 64, "agreement")
    runs.update(run_id, "running")
    write_progress(runs.folder_of(run_id), Progress(7, False, "documents", 3))
    status = client.get(f"/api/jobs/{run_id}", headers=BEARER).json()
    assert (status["state"], status["done"], status["total"]) == ("running", 3, 7)
    assert status["said"] == "Making the documents: 3 of 7…"
    assert status["progress"]["fraction"] == 3 / 7
    assert (status["counts"], status["files"], status["documents"]) == ({}, [], [])


@pytest.mark.parametrize(
    ("progress", "said", "fraction"),
    [
        # the documents made, their PDFs not yet begun: PDFs weigh PDF_WEIGHT documents each
        ((451, True, "documents", 451), "Making the documents: 451 of 451…", 1 / 5),
        (
            (451, True, "pdfs", 451, 120, 451),
            "Making the PDFs in LibreOffice: 451 documents; PDFs 120 of 451…",
            (451 + 4 * 120) / (5 * 451),
        ),
        # more PDFs counted than there are (a bug elsewhere) never passes the end
        (
            (43, True, "pdfs", 43, 63, 43),
            "Making the PDFs in LibreOffice: 43 documents; PDFs 43 of 43…",
            1.0,
        ),
        ((43, False, "finishing", 43), "Writing the register and the zip: 43 documents…", 1.0),
    ],
)
def test_progress_counts_documents_and_pdfs_apart_never_past_the_end(
    client, progress, said, fraction
):
    from docgen.web.jobs import Progress, write_progress

    runs = client.app.state.runs
    run_id = runs.new_id()
    runs.folder_of(run_id).mkdir()
    runs.add(run_id, "local", "0" * 64, "agreement")
    runs.update(run_id, "running")
    write_progress(runs.folder_of(run_id), Progress(*progress))
    status = client.get(f"/api/jobs/{run_id}", headers=BEARER).json()
    assert status["said"] == said
    assert status["progress"]["fraction"] == pytest.approx(fraction)
    assert status["done"] <= status["total"]


def test_the_script_is_valid_javascript():
    import shutil
    import subprocess

    from tests.helpers import ROOT

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the page's script is not parsed")
    script = ROOT / "docgen" / "web" / "static" / "app.js"
    done = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("field", ["pdf", "pdfa"])
def test_a_pdf_batch_without_libreoffice_is_422_at_once(client, book, monkeypatch, field):
    monkeypatch.setenv("DOCGEN_SOFFICE", "/nonexistent/soffice")
    response = client.post(
        "/api/batch", files=upload(book.save()), data={field: "1"}, headers=BEARER
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"].startswith(
        "DOCGEN_SOFFICE=/nonexistent/soffice is not a program"
    )


def test_two_workbooks_in_one_request_are_refused_not_one_of_them_taken(client, book):
    data = book.save().read_bytes()
    files = [("workbook", ("a.xlsx", data)), ("workbook", ("b.xlsx", b"not this one"))]
    for address in ("/api/validate", "/api/batch"):
        response = client.post(address, files=files, headers=BEARER)
        assert response.status_code == 422
        assert response.json()["error"] == "send one workbook, not 2"


def test_the_marked_copy_of_an_uploaded_workbook_has_the_problem_on_its_cell(client, book):
    import openpyxl

    book.partners[0]["IBAN"] = "LV80BANK000043519500"
    path = book.save()
    before = path.read_bytes()
    response = client.post("/api/mark", files=upload(path), headers=BEARER)
    assert response.status_code == 200
    assert 'filename="book_atzimes.xlsx"' in response.headers["content-disposition"]
    marked = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "IBAN" in marked["Partneri"]["J2"].comment.text
    assert path.read_bytes() == before


def test_a_file_that_is_no_workbook_cannot_be_marked(client):
    files = {"workbook": ("notes.xlsx", b"not a workbook")}
    response = client.post("/api/mark", files=files, headers=BEARER)
    assert response.status_code == 422
    assert response.json()["errors"]


def test_workbooks_are_validated_in_processes_of_their_own(client, book):
    from docgen.web.app import _validate

    pool = client.app.state.checker.pool
    response = client.post("/api/validate", files=upload(book.save()), headers=BEARER)
    assert response.status_code == 200
    assert response.json()["errors"] == []
    assert pool.submit(os.getpid).result() != os.getpid()
    assert pool.submit(_validate, book.save(), "x.xlsx").result()["errors"] == []


def test_a_validation_process_that_died_is_said_and_the_next_validation_is_served(client, book):
    import asyncio
    import signal

    from docgen.web.checker import ValidationLost

    checker = client.app.state.checker
    pid = checker.pool.submit(os.getpid).result()
    os.kill(pid, signal.SIGKILL)  # as the kernel ends a process out of memory
    # the pool is broken: the next validation is served by a new one
    response = client.post("/api/validate", files=upload(book.save()), headers=BEARER)
    assert response.status_code == 200
    assert response.json()["errors"] == []
    # a process dying under a validation: that one is answered so, the next served
    with pytest.raises(ValidationLost):
        asyncio.run(checker.run(os._exit, 1))
    response = client.post("/api/validate", files=upload(book.save()), headers=BEARER)
    assert response.status_code == 200


def test_a_validation_lost_with_its_process_is_answered_in_words(client, book):
    from docgen.web.checker import ValidationLost

    class Lost:
        async def run(self, *args):
            raise ValidationLost()

        def shutdown(self):
            pass

    client.app.state.checker.shutdown()
    client.app.state.checker = Lost()
    response = client.post("/api/validate", files=upload(book.save()), headers=BEARER)
    assert response.status_code == 503
    assert response.json()["errors"][0]["message"].startswith(
        "the process checking the workbook ended before it answered"
    )
