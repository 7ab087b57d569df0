"""Writing files so that a crash or Ctrl-C never leaves half of one behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from docgen.errors import OutputError
from docgen.i18n import _

TEMP_PREFIX = ".docgen-tmp-"


def current_umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux 4.7+
    shows it in /proc/self/status); elsewhere set and set back (os.umask has no reader)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Write ``path`` through ``write(file)``: into a temporary file beside it, flushed to the
    disk, then os.replace.

    The temporary file lives in the same folder (so the rename is atomic on one file system) and
    is removed when ``write`` fails. The file gets the permissions any program's new file gets
    (0644 under the usual umask 022), not mkstemp's private 0600.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())  # the bytes are on the disk before the name points at them
        os.chmod(temp, 0o666 & ~current_umask())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from exc
        raise
    return path


def _cannot_write(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(_("{path}: cannot write: {reason}").format(path=path, reason=reason), reason)


def write_bytes(path: Path, data: bytes) -> Path:
    """Write bytes atomically."""
    return atomic_write(path, lambda handle: handle.write(data))
