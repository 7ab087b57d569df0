"""Files written atomically: the user's umask decides their mode, and the bytes reach the disk
before the name points at them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import docgen.files
from docgen.errors import OutputError
from docgen.files import atomic_write, current_umask, write_bytes
from tests.helpers import TEMPLATES, invoke


@pytest.fixture
def umask():
    """Set the umask for one test, and set it back."""
    before = os.umask(0o022)
    os.umask(before)
    yield lambda mask: os.umask(mask)
    os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_documents_follow_the_umask(book, tmp_path: Path, umask, mask: int, mode: int) -> None:
    workbook = book.save()
    umask(mask)
    assert current_umask() == mask
    out = tmp_path / "out"
    result = invoke("agreement", workbook, "--out", out, "--templates", TEMPLATES)
    assert result.exit_code == 0, result.output
    written = [p for p in out.rglob("*") if p.is_file() and p.name != ".docgen.lock"]
    assert {p.name for p in written} >= {"JURMALA_sadarbibas_ligums.docx", "manifest.json"}
    for path in written:
        assert _mode(path) == mode, path


def test_the_temporary_file_is_synced_before_the_rename(tmp_path: Path, monkeypatch) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(
        docgen.files.os, "fsync", lambda fd: calls.append("fsync") or real_fsync(fd)
    )
    monkeypatch.setattr(
        docgen.files.os, "replace", lambda a, b: calls.append("replace") or real_replace(a, b)
    )
    target = write_bytes(tmp_path / "a.txt", b"whole")
    assert calls == ["fsync", "replace"]
    assert target.read_bytes() == b"whole"


def test_a_failed_write_leaves_neither_the_file_nor_a_temporary_one(tmp_path: Path) -> None:
    def fail(handle) -> None:
        handle.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError) as caught:
        atomic_write(tmp_path / "a.txt", fail)
    assert str(caught.value) == f"{tmp_path / 'a.txt'}: cannot write: No space left on device"
    assert list(tmp_path.iterdir()) == []
