"""Writing files so that a crash or Ctrl-C never leaves half of one behind."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from docgen.errors import OutputError
from docgen.i18n import _

TEMP_PREFIX = ".docgen-tmp-"
# Open a file, never the file a symbolic link points to (where the system offers the flag;
# elsewhere :func:`refuse_link` looks first).
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


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


def link_refused(path: Path) -> OutputError:
    """The error for a symbolic link where docgen writes or reads its own file."""
    return OutputError(
        _(
            "{path} is a symbolic link; docgen does not follow links in its output folder"
            " (remove it)"
        ).format(path=path)
    )


def refuse_link(path: Path) -> None:
    """Raise :func:`link_refused` when ``path`` is a symbolic link."""
    if os.path.islink(path):
        raise link_refused(path)


def open_no_follow(path: Path, flags: int, mode: int = 0o666) -> int:
    """``os.open`` of ``path`` itself, refused (OutputError naming it) when it is a symbolic
    link: a link planted in out/ would have docgen write or read a file elsewhere."""
    refuse_link(path)  # where O_NOFOLLOW is missing; with it, the flag below closes the race
    try:
        return os.open(path, flags | NO_FOLLOW | getattr(os, "O_CLOEXEC", 0), mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP or os.path.islink(path):
            raise link_refused(path) from None
        raise


def atomic_write(path: Path, write: Callable[[BinaryIO], object], *, no_link: bool = False) -> Path:
    """Write ``path`` through ``write(file)``: into a temporary file beside it, flushed to the
    disk, then os.replace.

    The temporary file lives in the same folder (so the rename is atomic on one file system) and
    is removed when ``write`` fails. The file gets the permissions any program's new file gets
    (0644 under the usual umask 022), not mkstemp's private 0600.

    Neither name follows a symbolic link: mkstemp creates its file exclusively, and the rename
    replaces a link at ``path`` rather than the file it points to. ``no_link`` refuses such a
    link outright (OutputError naming it), for the files docgen keeps in its own folder.
    """
    path = Path(path)
    if no_link:
        refuse_link(path)
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


CACHE_VARIABLE = "DOCGEN_CACHE"


def cache_folder() -> Path:
    """Where docgen keeps what it may compute again (templates found right, compiled
    templates): ``$DOCGEN_CACHE``, else ``$XDG_CACHE_HOME/docgen``, else ``~/.cache/docgen``.
    A cache that cannot be read or written only means computing again."""
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "docgen"


def write_cache_entry(path: Path, data: bytes) -> None:
    """Keep ``data`` in the cache as ``path``, once; nothing when the cache cannot be written.

    An entry is named by the hash of everything it depends on, so whoever writes it writes the
    same bytes: the first one's stays. It is written under a temporary name and linked to its
    own, never replaced, so no reader sees half of one; and it is not synced to the disk as a
    document is: an entry lost or torn by a crash is only computed again (the readers check
    what they read).
    """
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            with contextlib.suppress(FileExistsError):
                os.link(temp, path)
        finally:
            os.unlink(temp)


@functools.cache
def code_stamp() -> tuple[tuple[str, int, int], ...]:
    """docgen's own files by size and time of change, for the keys of what is cached: an edit
    to the code is another key."""
    root = Path(__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        status = path.stat()
        found.append((path.relative_to(root).as_posix(), status.st_size, status.st_mtime_ns))
    return tuple(found)


def _cannot_write(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(_("{path}: cannot write: {reason}").format(path=path, reason=reason), reason)


def write_bytes(path: Path, data: bytes, *, no_link: bool = False) -> Path:
    """Write bytes atomically (``no_link``: as :func:`atomic_write`)."""
    return atomic_write(path, lambda handle: handle.write(data), no_link=no_link)
