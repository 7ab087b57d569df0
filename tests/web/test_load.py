"""A bounded load: many requests at once are each answered, and leave nothing behind."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.web.conftest import BEARER

REQUESTS = 24


def test_many_validations_at_once_are_each_answered_and_leave_no_folder(client, book):
    data = book.save().read_bytes()

    def one(index: int) -> tuple[int, str]:
        files = {"workbook": (f"b{index}.xlsx", data)}
        response = client.post("/api/validate", files=files, headers=BEARER)
        return response.status_code, response.json()["summary"]

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(one, range(REQUESTS)))
    assert [status for status, _ in answers] == [200] * REQUESTS
    assert [s.split(":")[0] for _, s in answers] == [f"b{i}.xlsx" for i in range(REQUESTS)]
    folder = client.app.state.runs.folder
    assert [p.name for p in folder.iterdir()] == ["runs.sqlite"]


def test_many_job_lookups_at_once_read_the_database_without_locking_each_other(client):
    runs = client.app.state.runs
    ids = [runs.new_id() for _ in range(REQUESTS)]
    for run_id in ids:
        runs.folder_of(run_id).mkdir()
        runs.add(run_id, "local", "0" * 64, "agreement")

    def one(run_id: str) -> str:
        return client.get(f"/api/jobs/{run_id}", headers=BEARER).json()["state"]

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(one, ids * 4)) == ["queued"] * REQUESTS * 4
