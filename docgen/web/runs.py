"""The web page's runs: a folder of its own for each under the server's folder, and a row in
SQLite (``runs.sqlite`` there) saying whose it is and how it went.

A run's id is 32 random hex digits, checked against :data:`RUN_ID` before it becomes a path,
so no request can name a folder outside the server's.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RUN_ID = re.compile(r"^[0-9a-f]{32}$")
DATABASE = "runs.sqlite"
STATES = ("queued", "running", "done", "failed")
RESTARTED = "the server restarted"

SCHEMA = """
create table if not exists runs (
    id text primary key,
    owner text not null,
    created real not null,
    workbook_sha256 text not null,
    kinds text not null,
    state text not null,
    counts text not null default '{}',
    message text not null default ''
)
"""


@dataclass(frozen=True)
class Run:
    id: str
    owner: str
    created: float
    workbook_sha256: str
    kinds: str
    state: str
    counts: dict[str, Any]
    message: str


class Runs:
    """The runs under ``folder``; every method opens its own connection (a request's thread)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.folder / DATABASE, timeout=30)

    def new_id(self) -> str:
        return secrets.token_hex(16)

    def folder_of(self, run_id: str) -> Path:
        """The run's folder; ValueError for anything that is not a run id."""
        if not RUN_ID.match(run_id):
            # for programmers: callers look a request's id up with get(), which checks it first
            raise ValueError(f"{run_id!r} is not a run id")
        return self.folder / run_id

    def add(self, run_id: str, owner: str, workbook_sha256: str, kinds: str) -> None:
        with closing(self._connect()) as db, db:
            db.execute(
                "insert into runs (id, owner, created, workbook_sha256, kinds, state)"
                " values (?, ?, ?, ?, ?, 'queued')",
                (run_id, owner, time.time(), workbook_sha256, kinds),
            )

    def get(self, run_id: str, owner: str) -> Run | None:
        """The run, only for its owner: anyone else is told it does not exist."""
        if not RUN_ID.match(run_id):
            return None
        with closing(self._connect()) as db:
            row = db.execute(
                "select id, owner, created, workbook_sha256, kinds, state, counts, message"
                " from runs where id = ? and owner = ?",
                (run_id, owner),
            ).fetchone()
        if row is None:
            return None
        return Run(*row[:6], json.loads(row[6]), row[7])

    def update(
        self,
        run_id: str,
        state: str,
        counts: dict[str, Any] | None = None,
        message: str = "",
    ) -> None:
        assert state in STATES
        with closing(self._connect()) as db, db:
            db.execute(
                "update runs set state = ?, counts = ?, message = ? where id = ?",
                (state, json.dumps(counts or {}), message, run_id),
            )

    def mark_restarted(self) -> int:
        """Runs left queued or running by a server that stopped: failed. Their count."""
        with closing(self._connect()) as db, db:
            cursor = db.execute(
                "update runs set state = 'failed', message = ?"
                " where state in ('queued', 'running')",
                (RESTARTED,),
            )
            return cursor.rowcount

    def remove_leftovers(self) -> list[str]:
        """Remove what a stopped server left in the folder: the uploads being validated
        (``.upload-…``, ``.example-…``) and run folders that never got their row. Their names."""
        with closing(self._connect()) as db:
            known = {r[0] for r in db.execute("select id from runs")}
        removed = []
        for path in self.folder.iterdir():
            temporary = path.name.startswith((".upload-", ".example-"))
            orphan = bool(RUN_ID.match(path.name)) and path.name not in known
            if path.is_dir() and (temporary or orphan):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
        return sorted(removed)

    def remove_older_than(self, days: float, now: float | None = None) -> list[str]:
        """Remove the runs created more than ``days`` ago, with their folders; their ids."""
        cutoff = (time.time() if now is None else now) - days * 86400
        with closing(self._connect()) as db, db:
            old = [r[0] for r in db.execute("select id from runs where created < ?", (cutoff,))]
            for run_id in old:
                shutil.rmtree(self.folder_of(run_id), ignore_errors=True)
                db.execute("delete from runs where id = ?", (run_id,))
        return old
