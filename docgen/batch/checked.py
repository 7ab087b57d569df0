"""Templates the batch found right, remembered by their hashes, so that the next batch with the
same templates does not check them again.

The check renders every template against the example and against empty values (a third of a
second for the example's batch, before any document: bench/batch.py, docgen issue 22). What it
finds depends on the templates' bytes, on docgen's code (the contexts, the sandbox) and its
limits, and on the project's shape (its categories and indicators); a mark in the cache folder
names all of them by one hash, and is made only when no problem was found. Any change to any
of them is another hash: the templates are checked again. A cache folder that cannot be read or
written only means checking every time.

The marks are in the cache folder (docgen/files.py :func:`cache_folder`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import docgen
from docgen.files import cache_folder, code_stamp, write_cache_entry

FOLDER = "templates-checked"


def key(templates: Iterable[Path], shape: str) -> str | None:
    """The hash naming everything the check's result depends on; None when a template cannot
    be read (the check says why)."""
    from docgen.documents import sandbox  # Jinja: imported once the batch checks its templates

    digest = hashlib.sha256()
    limits = (
        sandbox.MAX_TEXT_CHARS,
        sandbox.MAX_DOCUMENT_CHARS,
        sandbox.MAX_NUMBER_DIGITS,
        sandbox.RENDER_SECONDS,
        sandbox.MAX_RENDER_MEMORY,
    )
    digest.update(repr((docgen.__version__, code_stamp(), limits, shape)).encode())
    try:
        for path in sorted(set(templates)):
            digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        return None
    return digest.hexdigest()


def _mark(name: str) -> Path:
    return cache_folder() / FOLDER / name


def is_checked(name: str | None) -> bool:
    """Whether templates of this key were found right before."""
    return name is not None and _mark(name).is_file()


def remember(name: str | None) -> None:
    """Mark templates of this key as found right (nothing when the cache cannot be written)."""
    if name is not None:
        write_cache_entry(_mark(name), b"")
