"""Page 1 of a job's document as a picture, and a job's PDFs made by its worker's warm
LibreOffice."""

from __future__ import annotations

import io
import shutil
import struct
import threading
import time
import zipfile

import pytest
from starlette.testclient import TestClient

from docgen.web import create_app
from tests.web.conftest import BEARER, settings
from tests.web.test_api import upload, wait_done

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
PNG = b"\x89PNG\r\n\x1a\n"
AGREEMENT = "JURMALA/JURMALA_sadarbibas_ligums.docx"


def batch(client, book, headers=BEARER, **fields) -> str:
    data = {"kinds": "agreement", "partners": "JURMALA", **fields}
    response = client.post("/api/batch", files=upload(book.save()), data=data, headers=headers)
    assert response.status_code == 202, response.text
    job = response.json()["job"]
    status = wait_done(client, job, 120)
    assert status["state"] == "done", status
    return job


@needs_libreoffice
def test_page_1_of_a_document_is_a_png_kept_for_the_second_look(client, book):
    job = batch(client, book)
    address = f"/api/jobs/{job}/preview/{AGREEMENT}"
    assert client.get(address).status_code == 401  # no token, no session

    picture = client.get(address, headers=BEARER)
    assert picture.status_code == 200, picture.text
    assert picture.headers["content-type"] == "image/png"
    assert picture.content.startswith(PNG)
    width, height = struct.unpack(">II", picture.content[16:24])
    assert width == 900 and 1200 < height < 1350  # an A4 page
    assert 30_000 < len(picture.content) < 3_000_000  # text on it; not a raw bitmap
    kept = list((client.app.state.runs.folder_of(job) / "previews").glob("*.png"))
    assert len(kept) == 1 and kept[0].read_bytes() == picture.content

    started = time.monotonic()
    again = client.get(address, headers=BEARER)
    assert again.content == picture.content
    assert time.monotonic() - started < 0.5  # read from the run's folder, not made again


def test_only_a_docx_the_job_made_is_shown(client, book):
    job = batch(client, book)
    for path in (
        "../../workbook.xlsx",
        "..%2F..%2Fworkbook.xlsx",
        "JURMALA/../../workbook.xlsx",
        "%2Fetc%2Fpasswd",
        "manifest.json",
        "JURMALA/JURMALA_sadarbibas_ligums.pdf",
        "JURMALA/jurmala_sadarbibas_ligums.docx",
    ):
        response = client.get(f"/api/jobs/{job}/preview/{path}", headers=BEARER)
        assert response.status_code == 404, (path, response.status_code)
    assert not (client.app.state.runs.folder_of(job) / "previews").exists()  # nothing was made
    unknown = client.get(f"/api/jobs/{'0' * 32}/preview/{AGREEMENT}", headers=BEARER)
    assert unknown.status_code == 404


def test_another_users_job_has_no_preview(logins, book):
    anna, berta = logins
    headers = {"X-CSRF-Token": _csrf(anna)}
    response = anna.post("/api/batch", files=upload(book.save()), data={"kinds": "agreement"},
                         headers=headers)  # fmt: skip
    assert response.status_code == 202, response.text
    job = response.json()["job"]
    deadline = time.monotonic() + 120
    while anna.get(f"/api/jobs/{job}").json()["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert anna.get(f"/api/jobs/{job}").json()["state"] == "done"
    refused = berta.get(f"/api/jobs/{job}/preview/{AGREEMENT}")
    assert refused.status_code == 404
    assert refused.json() == {"error": "no such job"}


def _csrf(client):
    from tests.web.conftest import csrf_of

    return csrf_of(client)


@needs_libreoffice
def test_a_jobs_pdfs_are_made_by_its_workers_office(tmp_path, book):
    with TestClient(create_app(settings(tmp_path))) as client:
        job = batch(client, book, pdf="1")
        status = client.get(f"/api/jobs/{job}", headers=BEARER).json()
        assert "JURMALA/JURMALA_sadarbibas_ligums.pdf" in status["files"]
        archive = client.get(f"/api/jobs/{job}/zip", headers=BEARER)
        pdf = zipfile.ZipFile(io.BytesIO(archive.content)).read(
            "JURMALA/JURMALA_sadarbibas_ligums.pdf"
        )
        assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
        listed = f"/api/jobs/{job}/preview/JURMALA/JURMALA_sadarbibas_ligums.pdf"
        assert client.get(listed, headers=BEARER).status_code == 404  # only a .docx's page 1
        job = batch(client, book, pdf="1", kinds="claim")  # the same worker, its office warm
        assert client.get(f"/api/jobs/{job}", headers=BEARER).json()["counts"]["failed"] == 0


def test_a_document_whose_picture_failed_is_not_tried_again_by_each_request(client, book):
    """A document LibreOffice hangs on takes its 60 s for each look: forty looks held the
    server's threads (its logins and checks among them) for forty minutes. The failure is
    kept, and the looks wait for the office without holding the server's threads."""
    from docgen.batch.pdf import ConverterError

    job = batch(client, book)
    tried = []

    class Hanging:
        def preview(self, source):
            tried.append(source)
            time.sleep(0.3)
            raise ConverterError("LibreOffice did not convert it within 60 s and was stopped")

        def close(self):
            pass

    client.app.state.office = Hanging()
    address = f"/api/jobs/{job}/preview/{AGREEMENT}"
    answers = []
    looks = [
        threading.Thread(target=lambda: answers.append(client.get(address, headers=BEARER)))
        for _ in range(3)
    ]
    for look in looks:
        look.start()
    for look in looks:
        look.join()
    assert [a.status_code for a in answers] == [503] * 3
    assert len(tried) == 1  # the looks that waited meanwhile were not tried again either
    first = answers[0]
    started = time.monotonic()
    again = client.get(address, headers=BEARER)
    assert (again.status_code, again.json()) == (503, first.json())
    assert time.monotonic() - started < 0.25 and len(tried) == 1


def test_a_libreoffice_that_could_not_start_is_tried_again_at_the_next_look(client, book):
    from docgen.batch.office import OfficeStartError

    job = batch(client, book)
    tried = []

    class NotStarting:
        def preview(self, source):
            tried.append(source)
            raise OfficeStartError("LibreOffice did not start within 60 s (it said nothing)")

        def close(self):
            pass

    client.app.state.office = NotStarting()
    address = f"/api/jobs/{job}/preview/{AGREEMENT}"
    assert client.get(address, headers=BEARER).status_code == 503
    assert client.get(address, headers=BEARER).status_code == 503
    assert len(tried) == 2  # not the document's fault: not kept as its failure
