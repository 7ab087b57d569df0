"""Fail fast: once a template hits one of the sandbox's limits (time, memory, size, depth) in a
batch, the batch renders no more documents from it: each is reported "not made", with the
document where the template hit the limit. A runaway agreement template over 43 partners then
costs about one document's limit, not 43 of them.

The worker processes share what was hit through shared memory (a slot of text per template),
made before they are forked or spawned.
"""

from __future__ import annotations

import ctypes
import multiprocessing
from collections.abc import Sequence
from typing import Any

SLOT_BYTES = 4096  # one template's note: its path, the limit and the document


class LimitHits:
    """The templates that hit a limit in this batch, seen by all its workers."""

    def __init__(self, templates: Sequence[str], start_method: str | None = None):
        """``start_method``: how the workers are started ("fork" or "spawn"), whose kind of
        lock the shared memory must have."""
        self._templates = list(dict.fromkeys(templates))
        context = multiprocessing.get_context(start_method)
        self._slots: Any = context.Array(ctypes.c_char, SLOT_BYTES * max(len(self._templates), 1))

    def _span(self, template: str) -> slice | None:
        if template not in self._templates:
            return None
        start = self._templates.index(template) * SLOT_BYTES
        return slice(start, start + SLOT_BYTES)

    def note(self, template: str, message: str) -> None:
        """The template hit a limit: ``message`` says so for its documents not made (the first
        note of a template stays)."""
        span = self._span(template)
        if span is None:
            return
        data = message.encode("utf-8")[: SLOT_BYTES - 1]
        data = data.decode("utf-8", "ignore").encode("utf-8")  # never half a letter
        with self._slots.get_lock():
            if self._slots[span.start] == b"\0":
                self._slots[span.start : span.start + len(data)] = data

    def hit(self, template: str) -> str:
        """The note of a template that hit a limit, or ""."""
        span = self._span(template)
        if span is None:
            return ""
        with self._slots.get_lock():
            data = bytes(self._slots[span])
        return data.split(b"\0", 1)[0].decode("utf-8")
