"""``out/manifest.json``: what docgen wrote, from what, and the file's hash when it wrote it.

A re-run compares a document's sources (the data it uses and its template) with the manifest to
skip what is unchanged, and the file on disk with the recorded SHA-256 to notice a document a
person edited, which is then never overwritten without ``--force``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from docgen.documents.charts import ChartSpec
from docgen.documents.context import Blank
from docgen.errors import OutputError
from docgen.files import open_no_follow, write_bytes
from docgen.i18n import _

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
    # The workbook no longer asks for it (a partner removed, a period moved): its file stays in
    # out/ but not in the register or the zip; ``docgen batch --prune`` removes it.
    superseded: bool = False


def _json_value(value: Any) -> Any:
    """Context values JSON does not know: Decimal and dates as text, charts as their data."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Blank):  # a blank form's figure
        return "BLANK"
    if isinstance(value, ChartSpec):
        return [value.names, value.planned, value.spent, value.title, value.width_mm]
    # for programmers: the context builders put only these types in a context
    raise TypeError(f"{type(value).__name__} in a template context")


def sources_hash(kind: str, template_sha256: str, context: dict[str, Any], version: str) -> str:
    """The hash of everything a document is made from, as canonical JSON.

    ``today`` is left out: a document whose data and template are unchanged is not remade
    because a day has passed.
    """
    data = {k: v for k, v in context.items() if k != "today"}
    text = json.dumps(
        [FORMAT, version, kind, template_sha256, data],
        default=_json_value,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(out: Path) -> dict[str, Entry]:
    """The manifest's entries by path; empty when there is none yet."""
    path = Path(out) / MANIFEST
    if not os.path.lexists(path):
        return {}
    try:
        with open(open_no_follow(path, os.O_RDONLY), encoding="utf-8") as handle:
            data = json.load(handle)
        entries = [
            Entry(**{**item, "period": tuple(item["period"]) if item.get("period") else None})
            for item in data["documents"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(
            _(
                "{path}: cannot be read ({reason}); move it away to start a fresh manifest"
                " (documents already in the folder are then kept as if edited, unless --force)"
            ).format(path=path, reason=exc)
        ) from exc
    for entry in entries:
        _check_inside(Path(out), path, entry.path)
    return {e.path: e for e in entries}


def _check_inside(out: Path, manifest: Path, name: str) -> None:
    """Refuse an entry whose file is not under ``out`` (``../``, an absolute path, a link that
    leads out): docgen would zip it, or read it to compare its hash."""
    relative = PurePosixPath(name)
    leaves = (
        not name
        or "\\" in name
        or relative.is_absolute()
        or PureWindowsPath(name).drive != ""
        or ".." in relative.parts
    )
    if not leaves:
        root = out.resolve()
        target = (root / relative).resolve()
        leaves = target == root or not target.is_relative_to(root)
    if leaves:
        raise OutputError(
            _(
                "{manifest}: the entry {name} is not a file inside {out}; docgen does not read or"
                " zip it (the manifest was changed by hand: remove that entry)"
            ).format(manifest=manifest, name=repr(name), out=out)
        )


def write_manifest(out: Path, entries: dict[str, Entry]) -> Path:
    """Write the manifest atomically, documents in path order."""
    data = {
        "format": FORMAT,
        "documents": [asdict(entries[p]) for p in sorted(entries)],
    }
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return write_bytes(Path(out) / MANIFEST, text.encode("utf-8"), no_link=True)
