"""The batch never follows a link out of out/, never ends silently, survives a lost worker and
tells the documents the workbook no longer asks for (docgen issue 21, items 12-15)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import threading
import time
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from docgen.batch import aside
from docgen.cli import main
from docgen.files import TEMP_PREFIX
from tests.conftest import _second_partner
from tests.helpers import TEMPLATES


def batch(workbook: Path, out: Path, *args: str | Path):
    arguments = ["batch", workbook, "--out", out, "--templates", TEMPLATES, "--jobs", "2", *args]
    return CliRunner().invoke(main, [str(a) for a in arguments])


def table(output: str) -> dict[str, int]:
    rows = {}
    names = ("written", "unchanged", "edited", "failed", "superseded")
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in names and parts[1].isdigit():
            rows[parts[0]] = int(parts[1])
    return rows


# --- 12. Links ---------------------------------------------------------------------------------

ALL = 2 * 3 + 3 + 3 + 1  # as in test_run.py: agreements with 2 forms, claims, reports, summary
ZIP = f"docgen_{date.today().isoformat()}.zip"


@pytest.mark.parametrize("name", [".docgen.lock", "manifest.json", "registrs.xlsx", ZIP])
def test_a_link_in_place_of_the_batchs_own_file_is_refused(book, tmp_path, name) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("pid 1 since 2020-01-01; not docgen's")
    out = tmp_path / "out"
    out.mkdir()
    (out / name).symlink_to(outside)

    result = batch(book.save(), out, "--quiet", "--zip")
    assert result.exit_code == 1
    assert (
        f"{out / name} is a symbolic link; docgen does not follow links in its output folder"
        " (remove it)"
    ) in result.output
    assert outside.read_text() == "pid 1 since 2020-01-01; not docgen's"
    assert (out / name).is_symlink()


def test_a_stale_temporary_link_is_removed_not_followed(book, tmp_path) -> None:
    outside = tmp_path / "outside.docx"
    outside.write_text("not docgen's")
    out = tmp_path / "out"
    (out / "JURMALA").mkdir(parents=True)
    stale = out / "JURMALA" / f"{TEMP_PREFIX}abc.docx"
    stale.symlink_to(outside)
    assert batch(book.save(), out, "--quiet").exit_code == 0
    assert not stale.is_symlink() and outside.read_text() == "not docgen's"


# --- 13. The process working aside ----------------------------------------------------------


def _killed(*args) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_killed_reading_process_is_said_and_nothing_is_written(book, tmp_path, monkeypatch):
    import docgen.batch.run as batch_run

    monkeypatch.setattr(batch_run, "_read_aside", _killed)
    out = tmp_path / "out"
    result = batch(book.save(), out, "--quiet")
    assert result.exit_code == 1
    assert "Error: the process reading the workbook died (exit code -9)" in result.output
    assert not out.exists()


def test_a_killed_register_process_is_said_after_the_table(book, tmp_path, monkeypatch):
    import docgen.batch.run as batch_run

    monkeypatch.setattr(batch_run, "_write_register", _killed)
    out = tmp_path / "out"
    result = batch(book.save(), out, "--quiet")
    assert result.exit_code == 1
    assert table(result.output)["written"] == ALL
    assert "Error: the process writing the register died (exit code -9)" in result.output
    assert not (out / "registrs.xlsx").exists()


def test_a_register_process_already_dead_is_said_not_taken_for_a_closed_stdout(
    book, tmp_path, monkeypatch
):
    """Sending to a dead process is a BrokenPipeError, which Click takes for a closed stdout
    and ends the command on without a word."""
    import docgen.batch.run as batch_run

    real_call = aside.Aside.call

    def call_a_dead_one(self, function, *args, **kwargs):
        if function is batch_run._write_register:
            self._process.kill()
            self._process.join()
        return real_call(self, function, *args, **kwargs)

    monkeypatch.setattr(aside.Aside, "call", call_a_dead_one)
    result = batch(book.save(), tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    assert table(result.output)["written"] == ALL
    assert "Error: the process writing the register died (exit code -9)" in result.output


# --- 14. A lost worker --------------------------------------------------------------------------


def _on_third_document(monkeypatch, action) -> None:
    """Each worker does ``action`` at its third document; chunks of 6 documents, so that the
    worker has written two of its chunk before."""
    import docgen.batch.run as batch_run

    monkeypatch.setattr(batch_run, "CHUNKS_PER_WORKER", 1)
    real_work, calls = batch_run._work, []

    def work(task):
        calls.append(task)
        if len(calls) == 3:
            action()
        return real_work(task)

    monkeypatch.setattr(batch_run, "_work", work)


def _written_are_on_disk(result, out: Path) -> None:
    on_disk = sorted(p for p in out.rglob("*.docx") if not p.name.startswith(TEMP_PREFIX))
    counts = table(result.output)
    assert counts["written"] == len(on_disk) > 0
    assert counts["written"] + counts["failed"] == ALL
    listed = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    assert sorted(out / e["path"] for e in listed) == on_disk


def test_documents_a_killed_worker_wrote_count_as_written(book, tmp_path, monkeypatch):
    _on_third_document(monkeypatch, lambda: os.kill(os.getpid(), signal.SIGKILL))
    out = tmp_path / "out"
    result = batch(book.save(), out, "--quiet")
    assert result.exit_code == 1
    assert "a worker process died" in result.output
    _written_are_on_disk(result, out)


@pytest.mark.parametrize(
    "action",
    [lambda: os.kill(os.getpid(), signal.SIGSTOP), lambda: time.sleep(60)],
    ids=["stopped", "hung"],
)
def test_a_stopped_or_hung_worker_is_ended_by_the_watchdog(book, tmp_path, monkeypatch, action):
    import docgen.batch.run as batch_run

    monkeypatch.setattr(batch_run, "WATCHDOG_SECONDS", 1.0)
    _on_third_document(monkeypatch, action)
    out = tmp_path / "out"
    started = time.monotonic()
    result = batch(book.save(), out, "--quiet")
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    assert re.search(
        r"failed: \S+\.docx: not made: its worker gave no sign of life for 1 s \(stopped or hung\)"
        r" and was ended",
        result.output,
    )
    _written_are_on_disk(result, out)


def _stopped_children_continued_after(seconds: float) -> threading.Timer:
    """Should the batch wait for a stopped worker, continue it after ``seconds`` (it then takes
    the pool's SIGTERM and ends): the test fails on its time instead of hanging the suite."""

    def go_on() -> None:
        for status in Path("/proc").glob("[0-9]*/status"):
            with contextlib.suppress(OSError):
                fields = dict(
                    line.split(":\t", 1)
                    for line in status.read_text().splitlines()
                    if ":\t" in line
                )
                if int(fields["PPid"]) == os.getpid() and fields["State"].startswith("T"):
                    os.kill(int(status.parent.name), signal.SIGCONT)

    timer = threading.Timer(seconds, go_on)
    timer.daemon = True
    timer.start()
    return timer


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_workers_stopped_a_moment_apart_are_both_ended(book, tmp_path, monkeypatch):
    # The first one ended breaks the pool before the second is overdue; the pool's SIGTERM
    # stays pending in a stopped process, and the batch waited for it for ever.
    import docgen.batch.run as batch_run

    monkeypatch.setattr(batch_run, "WATCHDOG_SECONDS", 1.0)

    monkeypatch.setattr(batch_run, "CHUNKS_PER_WORKER", 1)
    real_work, calls = batch_run._work, []

    def work(task):
        calls.append(task)
        if len(calls) == 2:  # the second worker begins its third document 0.4 s after the first
            time.sleep(0.4 * batch_run._pulse.slot)
        if len(calls) == 3:
            os.kill(os.getpid(), signal.SIGSTOP)
        return real_work(task)

    monkeypatch.setattr(batch_run, "_work", work)
    timer = _stopped_children_continued_after(15)
    started = time.monotonic()
    result = batch(book.save(), tmp_path / "out", "--quiet")
    timer.cancel()
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    assert "was ended" in result.output
    _written_are_on_disk(result, tmp_path / "out")


# --- 15. Superseded documents ----------------------------------------------------------------

ADAZI = [  # the documents of the test workbook's second partner
    "ADAZI/ADAZI_sadarbibas_ligums.docx",
    "ADAZI/ADAZI_sadarbibas_ligums_pielikums_2.docx",
    "ADAZI/ADAZI_sadarbibas_ligums_pielikums_3.docx",
    "ADAZI/ADAZI_maksajuma_pieprasijums_1.docx",
]


def _without_adazi(book) -> Path:
    for rows in (book.partners, book.claims, book.progress):
        rows[:] = [row for row in rows if row["Kods"] != "ADAZI"]
    return book.save()


def _manifest(out: Path) -> dict[str, dict]:
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {e["path"]: e for e in data["documents"]}


def test_a_dry_run_lists_what_would_be_superseded_or_removed_and_changes_nothing(book, tmp_path):
    out = tmp_path / "out"
    assert batch(book.save(), out, "--quiet").exit_code == 0
    [report] = [p for p in _manifest(out) if p.startswith("ADAZI/ADAZI_progresa")]
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    workbook = _without_adazi(book)

    dry = batch(workbook, out, "--dry-run")
    assert dry.exit_code == 0, dry.output
    superseded = sorted([*ADAZI, report])
    assert [line for line in dry.output.splitlines() if line.startswith("would be superseded")] == [
        f"would be superseded: {path}" for path in superseded
    ]
    assert "5 would be superseded (kept in the folder), 0 removed" in dry.output

    (out / ADAZI[0]).write_bytes(b"edited by someone")  # an edited one is not removed
    before[out / ADAZI[0]] = b"edited by someone"
    pruned = batch(workbook, out, "--dry-run", "--prune")
    assert [line for line in pruned.output.splitlines() if line.startswith("would remove")] == [
        f"would remove {path}" for path in superseded if path != ADAZI[0]
    ]
    assert f"would be superseded: {ADAZI[0]}" in pruned.output
    assert "1 would be superseded (kept in the folder), 4 removed" in pruned.output
    assert {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == before


def test_a_removed_partners_documents_are_superseded_kept_and_left_out(book, tmp_path):
    out = tmp_path / "out"
    assert batch(book.save(), out, "--quiet").exit_code == 0
    [report] = [p for p in _manifest(out) if p.startswith("ADAZI/ADAZI_progresa")]

    result = batch(_without_adazi(book), out, "--quiet", "--zip")
    assert result.exit_code == 0, result.output
    superseded = sorted([*ADAZI, report])
    assert [line for line in result.output.splitlines() if line.startswith("superseded: ")] == [
        f"superseded: {path}" for path in superseded
    ]
    assert "5 superseded: the workbook no longer asks for them; kept in the folder" in (
        result.output
    )
    manifest = _manifest(out)
    assert sorted(p for p, e in manifest.items() if e["superseded"]) == superseded
    assert all((out / path).is_file() for path in superseded)  # kept on disk
    [archive] = out.glob("docgen_*.zip")
    with zipfile.ZipFile(archive) as contents:
        names = set(contents.namelist())
    assert "JURMALA/JURMALA_sadarbibas_ligums.docx" in names
    assert not any(name.startswith("ADAZI") for name in names)
    register = openpyxl.load_workbook(out / "registrs.xlsx").active
    assert not any(row[0] == "ADAZI" for row in register.iter_rows(values_only=True))

    book.partners.append(_second_partner())  # asked for again: current again
    again = batch(book.save(), out, "--quiet", "--only", "agreement")
    assert "superseded: ADAZI/ADAZI_sadarbibas_ligums.docx" not in again.output
    assert not _manifest(out)["ADAZI/ADAZI_sadarbibas_ligums.docx"]["superseded"]


def test_a_run_of_some_kinds_or_partners_supersedes_only_theirs(book, tmp_path):
    out = tmp_path / "out"
    assert batch(book.save(), out, "--quiet").exit_code == 0
    path = _without_adazi(book)

    claims = batch(path, out, "--quiet", "--only", "claim")
    assert claims.exit_code == 0, claims.output
    assert "superseded: ADAZI/ADAZI_maksajuma_pieprasijums_1.docx" in claims.output
    assert "1 superseded: the workbook no longer asks for it" in claims.output
    assert sorted(p for p, e in _manifest(out).items() if e["superseded"]) == [
        "ADAZI/ADAZI_maksajuma_pieprasijums_1.docx"
    ]

    one = CliRunner().invoke(
        main,
        [
            "agreement", str(path), "--partner", "JURMALA",
            "--out", str(out), "--templates", str(TEMPLATES),
        ],
    )  # fmt: skip
    assert one.exit_code == 0, one.output
    assert "superseded" not in one.output
    assert not _manifest(out)["ADAZI/ADAZI_sadarbibas_ligums.docx"]["superseded"]


def test_prune_removes_the_superseded_with_their_pdfs_but_not_an_edited_one(book, tmp_path):
    out = tmp_path / "out"
    assert batch(book.save(), out, "--quiet").exit_code == 0
    # A PDF docgen made beside ADAZI's claim, and ADAZI's agreement edited by someone.
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    claim = next(e for e in manifest["documents"] if e["path"] == ADAZI[3])
    pdf = out / ADAZI[3].replace(".docx", ".pdf")
    pdf.write_bytes(b"%PDF-1.7 docgen's")
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    manifest["documents"].append(
        {**claim, "path": pdf.relative_to(out).as_posix(), "sha256": digest}
    )
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    edited = out / ADAZI[0]
    edited.write_bytes(edited.read_bytes() + b" ")

    result = batch(_without_adazi(book), out, "--quiet", "--prune")
    assert result.exit_code == 0, result.output
    assert f"removed: {ADAZI[3]}" in result.output
    assert f"removed: {pdf.relative_to(out).as_posix()}" in result.output
    assert not pdf.exists() and not (out / ADAZI[3]).exists()
    assert (
        f"warning: {ADAZI[0]}: changed since docgen wrote it: not removed (--force removes it)"
        in result.output
    )
    assert edited.is_file() and f"superseded: {ADAZI[0]}" in result.output
    assert sorted(p for p in _manifest(out) if p.startswith("ADAZI")) == [ADAZI[0]]

    forced = batch(_without_adazi(book), out, "--quiet", "--prune", "--force")
    assert forced.exit_code == 0, forced.output
    assert not edited.exists() and not list((out / "ADAZI").glob("*.docx"))
    assert not any(p.startswith("ADAZI") for p in _manifest(out))


def test_a_summary_of_a_period_asked_for_is_never_superseded(book, tmp_path):
    out = tmp_path / "out"
    path = book.save()
    asked = CliRunner().invoke(
        main,
        ["summary", str(path), "--out", str(out), "--templates", str(TEMPLATES),
         "--from", "01.01.2017.", "--to", "31.12.2017."],
    )  # fmt: skip
    assert asked.exit_code == 0, asked.output
    again = batch(path, out, "--quiet", "--only", "summary", "--prune")
    assert again.exit_code == 0, again.output
    assert "superseded" not in again.output
    assert (out / "kopsavilkums_2017-01-01_2017-12-31.docx").is_file()
    assert not _manifest(out)["kopsavilkums_2017-01-01_2017-12-31.docx"]["superseded"]
