"""``out/manifest.json``: what docgen wrote, from what, and the file's hash when it wrote it.

A re-run compares a document's sources (the data it uses and its template) with the manifest to
skip what is unchanged, and the file on disk with the recorded SHA-256 to notice a document a
person edited, which is then never overwritten without ``--force``.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import OutputError
from .files import write_bytes

MANIFEST = "manifest.json"
FORMAT = 1


@dataclass(frozen=True)
class Entry:
    """One document in the manifest. ``path`` is relative to out/, with forward slashes."""

    path: str
    kind: str
    partner: str | None
    number: int | None
    period: tuple[str, str] | None
    amounts: dict[str, str] = field(default_factory=dict)
    sources: str = ""
    sha256: str = ""
    written: str = ""


def sources_hash(kind: str, template_sha256: str, context: dict[str, Any], version: str) -> str:
    """The hash of everything a document is made from.

    The context is hashed as pickled (deterministic for the same values in the same order, as
    docgen builds them, and several times faster than canonical JSON for thousands of
    documents). ``today`` is left out: a document whose data and template are unchanged is not
    remade because a day has passed.
    """
    data = {k: v for k, v in context.items() if k != "today"}
    payload = pickle.dumps((FORMAT, version, kind, template_sha256, data), protocol=5)
    return hashlib.sha256(payload).hexdigest()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(out: Path) -> dict[str, Entry]:
    """The manifest's entries by path; empty when there is none yet."""
    path = Path(out) / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = [
            Entry(**{**item, "period": tuple(item["period"]) if item.get("period") else None})
            for item in data["documents"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(
            f"{path}: cannot be read ({exc}); move it away to start a fresh manifest "
            "(documents already in the folder are then kept as if edited, unless --force)"
        ) from exc
    return {e.path: e for e in entries}


def write_manifest(out: Path, entries: dict[str, Entry]) -> Path:
    """Write the manifest atomically, documents in path order."""
    data = {
        "format": FORMAT,
        "documents": [asdict(entries[p]) for p in sorted(entries)],
    }
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return write_bytes(Path(out) / MANIFEST, text.encode("utf-8"))
