"""The batch: re-runs, people's edits, crashes, locks, file names, the register, the manifest."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from docgen.batch.manifest import Entry, sha256_of
from docgen.batch.register import register_bytes
from docgen.batch.run import inside, locked, run_batch
from docgen.cli import main
from docgen.errors import OutputError, WorkbookError
from docgen.files import TEMP_PREFIX
from docgen.latvian.words import amount_in_words
from docgen.money import partner_split
from docgen.workbook.reader import load
from tests.helpers import SHIPPED_WORKBOOK as WORKBOOK
from tests.helpers import TEMPLATES, pool_starts, text_of

ALL = 2 * 3 + 3 + 3 + 1  # the test workbook: agreements each with its annexes 2 and 3 (the
# forms), claims, reports (one per claim), the summary


def batch(workbook: Path, out: Path, *args: str | Path):
    arguments = ["batch", workbook, "--out", out, "--templates", TEMPLATES, "--jobs", "2", *args]
    return CliRunner().invoke(main, [str(a) for a in arguments])


def table(output: str) -> dict[str, int]:
    rows = {}
    for line in output.splitlines():
        parts = line.split()
        names = ("written", "unchanged", "edited", "failed")
        if len(parts) >= 2 and parts[0] in names and parts[1].isdigit():
            rows[parts[0]] = int(parts[1])
    return rows


def documents(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.docx") if not p.name.startswith(TEMP_PREFIX))


def test_a_batch_writes_everything_then_a_rerun_writes_nothing(book, tmp_path: Path) -> None:
    workbook, out = book.save(), tmp_path / "out"
    first = batch(workbook, out)
    assert first.exit_code == 0, first.output
    assert table(first.output) == {"written": ALL, "unchanged": 0, "edited": 0, "failed": 0}
    assert len(documents(out)) == ALL
    # Not a terminal: a plain line per document.
    assert "] written   JURMALA/JURMALA_sadarbibas_ligums.docx" in first.output
    before = {p: p.stat().st_mtime_ns for p in documents(out)}

    again = batch(workbook, out)
    assert again.exit_code == 0
    assert table(again.output) == {"written": 0, "unchanged": ALL, "edited": 0, "failed": 0}
    assert {p: p.stat().st_mtime_ns for p in documents(out)} == before


def test_a_changed_cell_rewrites_only_what_uses_it(book, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch(book.save(), out).exit_code == 0
    book.partners[1]["Adrese"] = "Gaujas iela 35, Ādaži, LV-2164"  # ADAZI: its agreement
    result = batch(book.save(), out, "--quiet")
    # ADAZI's agreement, its two forms, its one claim and its one report are made from its row;
    # nothing else
    assert table(result.output) == {"written": 5, "unchanged": ALL - 5, "edited": 0, "failed": 0}
    assert "Gaujas iela 35" in "\n".join(
        p.text
        for p in docx.Document(str(out / "ADAZI" / "ADAZI_sadarbibas_ligums.docx")).paragraphs
    )


def test_an_edited_document_is_kept_and_reported_and_force_replaces_it(
    book, tmp_path: Path
) -> None:
    workbook, out = book.save(), tmp_path / "out"
    assert batch(workbook, out).exit_code == 0
    edited = out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx"
    document = docx.Document(str(edited))
    document.add_paragraph("Jurista piezīme: pārbaudīt 4.2. punktu.")
    document.save(str(edited))
    book.partners[0]["Adrese"] = "Jomas iela 1/5, Jūrmala, LV-2015 (jaunā)"  # sources change too

    kept = batch(book.save(), out, "--quiet")
    assert kept.exit_code == 1
    assert (
        "edited: JURMALA/JURMALA_sadarbibas_ligums.docx: changed since docgen wrote it"
        in kept.output
    )
    assert table(kept.output)["edited"] == 1
    assert "Jurista piezīme" in "\n".join(p.text for p in docx.Document(str(edited)).paragraphs)

    forced = batch(book.save(), out, "--quiet", "--force")
    assert forced.exit_code == 0, forced.output
    text = "\n".join(p.text for p in docx.Document(str(edited)).paragraphs)
    assert "Jurista piezīme" not in text and "(jaunā)" in text


def test_the_manifest_records_every_document_with_its_hash(book, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch(book.save(), out).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest["documents"]
    assert len(entries) == ALL
    for entry in entries:
        assert sha256_of(out / entry["path"]) == entry["sha256"], entry["path"]
        assert len(entry["sources"]) == 64 and entry["written"]
    claim = next(e for e in entries if e["path"] == "JURMALA/JURMALA_maksajuma_pieprasijums_2.docx")
    assert claim["partner"] == "JURMALA" and claim["kind"] == "claim" and claim["number"] == 2
    assert claim["amounts"]["requested"] == "800.35"
    assert claim["period"] == ["2017-01-01", "2017-06-30"]
    report = next(e for e in entries if e["kind"] == "report")
    assert report["period"] == ["2016-04-18", "2016-12-31"]


def test_the_register_lists_every_document(book, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch(book.save(), out).exit_code == 0
    sheet = openpyxl.load_workbook(out / "registrs.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Kods", "Sadarbības partneris", "Dokuments", "Nr.")
    assert len(rows) == ALL + 1
    claim = next(r for r in rows if r[9] == "JURMALA/JURMALA_maksajuma_pieprasijums_2.docx")
    assert claim[:4] == (
        "JURMALA",
        "Jūrmalas valstspilsētas pašvaldība",
        "Maksājuma pieprasījums",
        2,
    )
    assert claim[6] == 800.35 and isinstance(claim[6], float)
    # every column a claim has is filled: its period too
    assert claim[4:6] == (datetime(2017, 1, 1), datetime(2017, 6, 30))
    assert all(value not in (None, "") for value in claim)
    agreement = next(r for r in rows if r[9] == "JURMALA/JURMALA_sadarbibas_ligums.docx")
    assert agreement[4:6] == (datetime(2016, 4, 18), datetime(2023, 12, 31))  # its term


def test_an_entry_an_older_docgen_wrote_without_a_period_gets_one(book, tmp_path: Path) -> None:
    """The manifest of a run before claims had their period: the unchanged claim keeps its file
    and gets its period, so that the register fills it."""
    out = tmp_path / "out"
    path = book.save()
    assert batch(path, out).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["documents"]:
        if entry["kind"] == "claim":
            entry["period"] = None
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    again = batch(path, out)
    assert table(again.output) == {"written": 0, "unchanged": ALL, "edited": 0, "failed": 0}
    sheet = openpyxl.load_workbook(out / "registrs.xlsx").active
    claim = next(
        r
        for r in sheet.iter_rows(values_only=True)
        if r[9] == "JURMALA/JURMALA_maksajuma_pieprasijums_2.docx"
    )
    assert claim[4:6] == (datetime(2017, 1, 1), datetime(2017, 6, 30))


def test_register_text_never_becomes_a_formula() -> None:
    entry = Entry("X/X_sadarbibas_ligums.docx", "agreement", "X", None, None, {"lm_total": "1.00"})
    names = {"X": '=HYPERLINK("http://example.invalid","Klikšķini")\x07\x1b'}
    book = openpyxl.load_workbook(__import__("io").BytesIO(register_bytes([entry], names)))
    cell = book.active["B2"]
    assert cell.value == '=HYPERLINK("http://example.invalid","Klikšķini")'  # control chars gone
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_a_code_that_climbs_out_of_the_folder_is_refused(book, tmp_path: Path) -> None:
    book.partners[0]["Kods"] = "../../x"
    for row in book.claims + book.progress:
        if row["Kods"] == "JURMALA":
            row["Kods"] = "../../x"
    out = tmp_path / "deep" / "out"
    result = batch(book.save(), out)
    assert result.exit_code == 1
    assert "Partneri!A2 (Kods): '../../x' is not a code" in result.output
    assert not out.exists() and not (tmp_path / "x").exists()
    with pytest.raises(OutputError):
        inside(out, Path("../../x/x_sadarbibas_ligums.docx"))


@pytest.mark.parametrize("code", ["NUL", "con", "LPT1"])
def test_a_reserved_device_name_is_refused(book, tmp_path: Path, code: str) -> None:
    book.partners[1]["Kods"] = code
    result = batch(book.save(), tmp_path / "out")
    assert result.exit_code == 1
    assert f"Partneri!A3 (Kods): {code!r} is a name Windows reserves for a device" in result.output


def test_a_second_batch_on_the_same_folder_refuses(book, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with locked(out):
        result = batch(book.save(), out)
        latvian = batch(book.save(), out, "--lang", "lv")
    assert result.exit_code == 1
    started = re.escape(f"Error: {out} is in use by another docgen batch (process {os.getpid()}")
    when = r"\d\d\.\d\d\.\d{4}\. \d\d:\d\d"
    assert re.search(started + r", started " + when + r"\); wait", result.output)
    # the holder in the user's words, not the lock file's ("pid … since …")
    assert re.search(rf"\(process {os.getpid()}, sākts " + when + r"\)", latvian.output)
    assert "since" not in latvian.output and "pid" not in latvian.output
    assert documents(out) == []


def test_the_lock_file_is_removed_at_the_end_of_a_run(book, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with locked(out):
        assert (out / ".docgen.lock").is_file()
    assert not (out / ".docgen.lock").exists()
    assert batch(book.save(), out, "--only", "summary").exit_code == 0
    assert not (out / ".docgen.lock").exists()


HOLDER = """
import fcntl, sys, time
handle = open(sys.argv[1], "a+")
fcntl.flock(handle, fcntl.LOCK_EX)
handle.write(f"pid {sys.argv[2]} since 2026-01-01T00:00:00")
handle.flush()
print("held", flush=True)
time.sleep(60)
"""


def test_a_lock_whose_batch_is_dead_does_not_block(book, tmp_path: Path, monkeypatch) -> None:
    """The lock is held by a process left by a batch that was killed (its pid is not alive)."""
    import docgen.batch.run as batch_run

    monkeypatch.setattr(batch_run, "LOCK_WAIT_SECONDS", 0.2)
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out / ".docgen.lock"), str(dead.pid)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        result = batch(book.save(), out, "--quiet")
        assert result.exit_code == 0, result.output
        assert len(documents(out)) == ALL
    finally:
        holder.kill()
        holder.wait()


def test_one_failing_document_does_not_stop_the_others(book, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    agreement = docx.Document()
    # Valid fields and filters (templates check passes), but for ADAZI a filter gets a value it
    # cannot format: that one document fails, with its template named; the rest are written.
    agreement.add_paragraph(
        '{{ partner.name }}{% if partner.code == "ADAZI" %}{{ budget.lm_total|date }}{% endif %}'
    )
    agreement.save(str(templates / "sadarbibas_ligums.docx"))
    out = tmp_path / "out"
    arguments = ["batch", book.save(), "--out", out, "--templates", templates, "--quiet"]
    result = CliRunner().invoke(main, [str(a) for a in arguments])
    assert result.exit_code == 1
    assert (
        f"failed: ADAZI/ADAZI_sadarbibas_ligums.docx: {templates / 'sadarbibas_ligums.docx'}: "
        "the tag {{ budget.lm_total|date }} cannot format its value: a date must be a "
        "datetime.date"
    ) in result.output
    assert table(result.output) == {"written": ALL - 1, "unchanged": 0, "edited": 0, "failed": 1}
    assert (out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx").exists()
    assert not (out / "ADAZI" / "ADAZI_sadarbibas_ligums.docx").exists()


CRASH = """
import os, sys
import docgen.files
calls = 0
real_replace = os.replace
def crash_on_third(src, dst):
    global calls
    calls += 1
    if calls == 3:
        os._exit(9)  # a worker dies between writing a temporary file and renaming it
    real_replace(src, dst)
docgen.files.os.replace = crash_on_third
from docgen.cli import main
sys.argv = ["docgen", *sys.argv[1:]]
main()
"""


def test_a_crashed_batch_leaves_no_partial_document_and_the_next_run_completes(
    book, tmp_path: Path
) -> None:
    workbook, out = book.save(), tmp_path / "out"
    arguments = ["batch", str(workbook), "--out", str(out), "--templates", str(TEMPLATES)]
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH, *arguments, "--jobs", "2", "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert crashed.returncode != 0
    assert "a worker process died" in crashed.stdout
    stale = list(out.rglob(f"{TEMP_PREFIX}*"))
    assert stale, "the crash should have left a temporary file"
    for path in documents(out):  # whatever is there under a real name is whole
        docx.Document(str(path))

    result = batch(workbook, out, "--quiet")
    assert result.exit_code == 0, result.output
    assert not list(out.rglob(f"{TEMP_PREFIX}*"))
    assert len(documents(out)) == ALL
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in manifest["documents"]} == {
        p.relative_to(out).as_posix() for p in documents(out)
    }
    for entry in manifest["documents"]:
        assert sha256_of(out / entry["path"]) == entry["sha256"]


def test_a_batch_of_some_partners_makes_only_theirs_and_leaves_the_others(
    book, tmp_path: Path
) -> None:
    workbook, out = book.save(), tmp_path / "out"
    assert batch(workbook, out, "--quiet").exit_code == 0
    others = {p: p.read_bytes() for p in documents(out) if not p.is_relative_to(out / "ADAZI")}
    (out / "ADAZI" / "ADAZI_sadarbibas_ligums.docx").unlink()

    one = batch(workbook, out, "--partner", "ADAZI")
    assert one.exit_code == 0, one.output
    adazi = len(list((out / "ADAZI").glob("*.docx")))
    assert table(one.output) == {"written": 1, "unchanged": adazi - 1, "edited": 0, "failed": 0}
    assert (out / "ADAZI" / "ADAZI_sadarbibas_ligums.docx").is_file()
    assert {p: p.read_bytes() for p in documents(out) if p in others} == others
    assert "superseded" not in one.output  # the others' documents are not judged
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["documents"]) == ALL  # the others' entries kept

    wrong = batch(workbook, out, "--partner", "ADAZ")
    assert wrong.exit_code == 2
    assert "no partner has the code ADAZ (sheet Partneri); did you mean ADAZI?" in wrong.output
    assert "'--partner'" in wrong.output


def test_only_dry_run_and_zip(book, tmp_path: Path) -> None:
    workbook, out = book.save(), tmp_path / "out"
    dry = batch(workbook, out, "--dry-run")
    assert dry.exit_code == 0
    assert "would write JURMALA/JURMALA_sadarbibas_ligums.docx" in dry.output
    assert f"Dry run: {ALL} would be written, 0 unchanged, 0 kept as edited." in dry.output
    assert not out.exists()

    only = batch(workbook, out, "--only", "agreement,summary", "--quiet", "--zip")
    assert only.exit_code == 0, only.output
    assert table(only.output)["written"] == 2 * 3 + 1  # the agreements with their forms
    [archive] = out.glob("docgen_*.zip")
    with zipfile.ZipFile(archive) as contents:
        names = set(contents.namelist())
    assert "JURMALA/JURMALA_sadarbibas_ligums.docx" in names
    assert "JURMALA/JURMALA_sadarbibas_ligums_pielikums_2.docx" in names
    assert "JURMALA/JURMALA_sadarbibas_ligums_pielikums_3.docx" in names
    assert {"manifest.json", "registrs.xlsx"} <= names
    assert not any("maksajuma" in n for n in names)

    wrong = batch(workbook, out, "--only", "ligums")
    assert wrong.exit_code == 2
    assert "'ligums': choose from agreement, claim, report, summary" in wrong.output


def test_a_dry_run_tells_changed_data_from_edited_files(book, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch(book.save(), out, "--quiet").exit_code == 0
    book.partners[1]["Adrese"] = "Gaujas iela 33B, Ādaži, LV-2164"  # ADAZI's data changes
    edited = out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx"
    edited.write_bytes(edited.read_bytes() + b" ")  # someone edits JURMALA's agreement
    dry = batch(book.save(), out, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "would write ADAZI/ADAZI_sadarbibas_ligums.docx" in dry.output
    assert "would write JURMALA" not in dry.output
    changed = dry.output.count("would write ")
    assert changed >= 1
    assert (
        f"Dry run: {changed} would be written, {ALL - changed - 1} unchanged, 1 kept as edited."
        in dry.output
    )


@pytest.mark.parametrize("name", ["../secret.txt", "/tmp/secret.txt", "link/secret.txt"])
def test_a_manifest_entry_outside_the_folder_is_refused(book, tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("not docgen's")
    (out / "link").symlink_to(tmp_path)  # a folder inside out that leads out of it
    entry = {"path": name, "kind": "agreement", "partner": "X", "number": None, "period": None}
    (out / "manifest.json").write_text(json.dumps({"format": 1, "documents": [entry]}))
    before = sorted(p.name for p in out.iterdir())

    result = batch(book.save(), out, "--zip")
    assert result.exit_code == 1
    assert (
        f"Error: {out / 'manifest.json'}: the entry {name!r} is not a file inside {out}; docgen "
        "does not read or zip it (the manifest was changed by hand: remove that entry)\n"
    ) in result.output
    assert sorted(p.name for p in out.iterdir() if p.name != ".docgen.lock") == before
    assert documents(out) == [] and not list(out.glob("*.zip"))
    assert secret.read_text() == "not docgen's"


# --- A folder that cannot be written --------------------------------------------------------


def test_a_full_disk_fails_each_document_with_its_reason_and_prints_the_table(
    book, tmp_path: Path, monkeypatch
) -> None:
    """The disk fills up: every write is refused (in the workers and the reading process too,
    forked from this one with the same stand-in)."""

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "out"
    result = batch(book.save(), out, "--quiet", "--zip")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    name = "JURMALA/JURMALA_sadarbibas_ligums.docx"
    assert f"failed: {name}: {out / name}: cannot write: No space left on device" in lines
    assert sum(line.startswith("failed: ") for line in lines) == ALL
    assert table(result.output) == {"written": 0, "unchanged": 0, "edited": 0, "failed": ALL}
    assert lines[-4:] == [
        f"Error: {out / 'manifest.json'}: cannot write: No space left on device",
        f"Error: {out / 'registrs.xlsx'}: cannot write: No space left on device",
        f"Error: {out / ('docgen_' + date.today().isoformat() + '.zip')}: cannot write: No space "
        "left on device",
        f"Error: {out}: cannot write in this folder (No space left on device): {ALL} of the "
        "files not written",
    ]
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == []  # the lock removed


def test_a_read_only_folder_fails_each_document_and_names_the_folder(
    book, tmp_path: Path, monkeypatch
) -> None:
    """A read-only file system (simulated: as root, which tests may run as, a folder's
    permissions stop nothing) refuses even the lock."""
    import docgen.batch.run as batch_run

    def read_only(out: Path) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(out / ".docgen.lock"))

    monkeypatch.setattr(batch_run, "_take_lock", read_only)
    out = tmp_path / "out"
    result = batch(book.save(), out, "--quiet")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    name = "ADAZI/ADAZI_maksajuma_pieprasijums_1.docx"
    assert f"failed: {name}: {out}: cannot write in this folder: Read-only file system" in lines
    assert table(result.output)["failed"] == ALL
    assert lines[-1] == (
        f"Error: {out}: cannot write in this folder (Read-only file system): {ALL} of the files "
        "not written"
    )
    assert [p for p in out.rglob("*")] == []


@pytest.mark.skipif(os.geteuid() == 0, reason="as root, a folder's permissions stop no write")
def test_a_folder_without_write_permission_names_the_folder(book, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        result = batch(book.save(), out, "--quiet")
    finally:
        out.chmod(0o700)
    assert result.exit_code == 1
    assert (
        f"Error: {out}: cannot write in this folder (Permission denied): {ALL} of the files not "
        "written"
    ) in result.output
    assert list(out.iterdir()) == []


def test_stale_temporary_files_are_cleaned(book, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "JURMALA").mkdir(parents=True)
    stale = out / "JURMALA" / f"{TEMP_PREFIX}abc.docx"
    stale.write_bytes(b"half a document")
    assert batch(book.save(), out, "--quiet").exit_code == 0
    assert not stale.exists()


# --- The workbook read in another process ------------------------------------------------------


def test_a_batch_given_a_path_reports_the_workbooks_errors_and_writes_nothing(book, tmp_path):
    book.partners[1]["IBAN"] = "LV00TREL0000000000002"
    path = book.save()
    out = tmp_path / "out"
    with pytest.raises(WorkbookError) as from_batch:
        run_batch(path, out, TEMPLATES)
    with pytest.raises(WorkbookError) as from_load:
        load(path)
    assert from_batch.value.problems == from_load.value.problems
    assert "Partneri!J3 (IBAN)" in str(from_batch.value)
    assert not out.exists()


@pytest.mark.parametrize(
    "style, hundred", [("literārais", "tūkstoši simts"), ("grāmatvedības", "viens simts")]
)
def test_the_words_follow_the_workbooks_style_when_it_is_read_meanwhile(
    book, tmp_path, style, hundred
):
    """The templates are compiled before the workbook (and its style of words) is read."""
    book.project["Vārdu stils"] = style
    book.partners[0]["Pilotprojekts"] = 1100  # LM funding 8 100,01
    path = book.save()
    workbook = load(path)
    expected = amount_in_words(
        partner_split(workbook.partners[0], workbook.project.rates).lm_total,
        workbook.project.words_style,
    )
    assert hundred in expected
    out = tmp_path / "out"
    result = run_batch(path, out, TEMPLATES, kinds=("agreement",), jobs=2)
    assert result.count("written") == 2 * 3  # the agreements with their forms
    agreement = out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx"
    text = "\n".join(p.text for p in docx.Document(str(agreement)).paragraphs)
    assert expected.partition(" euro")[0] in text


def test_the_batch_process_itself_never_imports_openpyxl(tmp_path, fresh_python):
    code = (
        "import sys; from datetime import date; from docgen.batch.run import run_batch;"
        f"r = run_batch({str(WORKBOOK)!r}, {str(tmp_path / 'out')!r}, {str(TEMPLATES)!r},"
        " kinds=('claim',), jobs=2, today=date(2026, 1, 1));"
        "print(r.count('written'), 'openpyxl' in sys.modules, 'numpy' in sys.modules)"
    )
    written, openpyxl_imported, numpy_imported = fresh_python(code)
    assert int(written) > 0
    assert (openpyxl_imported, numpy_imported) == ("False", "False")
    assert (tmp_path / "out" / "registrs.xlsx").is_file()  # written by the reading process


def test_the_reading_process_reads_the_same_workbook_without_numpy(fresh_python):
    code = (
        "import sys, pathlib; from docgen.batch.run import _read_aside;"
        f"a = _read_aside(pathlib.Path({str(WORKBOOK)!r}));"
        "blocked = sys.modules.get('numpy', 'absent') is None;"
        "del sys.modules['numpy']; from docgen.workbook.reader import load;"
        f"b = load({str(WORKBOOK)!r});"
        "print(a.partners == b.partners and a.claims == b.claims and a.project == b.project,"
        " blocked)"
    )
    assert fresh_python(code) == ["True", "True"]


# --- Without fork (Windows, and macOS by default): spawned workers --------------------------


def test_without_fork_spawned_workers_write_the_same_documents(book, tmp_path: Path, monkeypatch):
    """Where the system cannot fork, the workbook is read in the batch's own process and the
    workers are spawned (each prepares the templates itself): the documents are the same."""
    import docgen.batch.run as batch_run

    workbook = book.save()
    forked = run_batch(workbook, tmp_path / "forked", TEMPLATES, jobs=2, today=date(2026, 1, 5))
    monkeypatch.setattr(batch_run, "can_fork", lambda: False)
    started = pool_starts(monkeypatch)
    spawned = run_batch(workbook, tmp_path / "spawned", TEMPLATES, jobs=2, today=date(2026, 1, 5))
    assert started == ["spawn"]
    assert spawned.count("written") == forked.count("written") == ALL
    for path in documents(tmp_path / "forked"):
        twin = tmp_path / "spawned" / path.relative_to(tmp_path / "forked")
        assert text_of(twin) == text_of(path)

    def manifest(folder: str) -> list[tuple]:
        data = json.loads((tmp_path / folder / "manifest.json").read_text("utf-8"))
        return [(d["path"], d["sources"], d["amounts"]) for d in data["documents"]]

    assert manifest("spawned") == manifest("forked")
    assert (tmp_path / "spawned" / "registrs.xlsx").is_file()
