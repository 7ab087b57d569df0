"""A template can neither escape nor exhaust the machine: runaway tags are stopped, with the
template and the tag named, and the document is not written (docgen/documents/sandbox.py).

The limits are made small here, so that the suite stays fast and light; the tags are the ones
that would take the machine down with the shipped limits.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
from pathlib import Path

import pytest

from docgen.documents import sandbox
from tests.helpers import (
    assert_refused_before_writing,
    invoke,
    templates_with_agreement,
    text_of,
)


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_TEXT_CHARS", 1_000)
    monkeypatch.setattr(sandbox, "MAX_NUMBER_DIGITS", 50)
    monkeypatch.setattr(sandbox, "MAX_DOCUMENT_CHARS", 200_000)
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.5)


def _templates(tmp_path: Path, tag: str) -> Path:
    """The real templates, with an agreement of a plain paragraph and one holding ``tag``."""
    return templates_with_agreement(
        tmp_path, [["Līgums ar {{ partner.name }}."], [f"Punkts: {tag}"]]
    )


RUNAWAY = [
    (
        "{{ 'x' * 10**9 }}",
        "the tag {{ 'x' * 10**9 }} would make text of 1 000 000 000 characters, above the limit "
        "of 1 000",
    ),
    (
        "{{ '%0999999999d'|format(1) }}",
        "the tag {{ '%0999999999d'|format(1) }} would make text of 999 999 999 characters, above "
        "the limit of 1 000",
    ),
    (
        "{{ '%0999999999d' % 1 }}",
        "the tag {{ '%0999999999d' % 1 }} would make text of 999 999 999 characters, above the "
        "limit of 1 000",
    ),
    (
        "{{ '{:0999999999}'.format(1) }}",
        "the tag {{ '{:0999999999}'.format(1) }} would make text of 999 999 999 characters, "
        "above the limit of 1 000",
    ),
    (
        "{{ 10**(10**9) }}",
        "the tag {{ 10**(10**9) }} would make a number of 1 000 000 000 digits, above the limit "
        "of 50",
    ),
    (
        "{{ partner.name|center(10**9) }}",
        "the tag {{ partner.name|center(10**9) }} would make text of 1 000 000 000 characters, "
        "above the limit of 1 000",
    ),
    (
        "{{ partner.name.ljust(10**9) }}",
        "the tag {{ partner.name.ljust(10**9) }} would make text of 1 000 000 000 characters, "
        "above the limit of 1 000",
    ),
    (
        "{% set s = 'x' * 600 %}{{ s ~ s }}",
        "the tag {{ s ~ s }} would make text of 1 200 characters, above the limit of 1 000",
    ),
    (
        "{{ ('x' * 1000)|replace('x', 'yy') }}",
        "the tag {{ ('x' * 1000)|replace('x', 'yy') }} would make text of 2 000 characters, above "
        "the limit of 1 000",
    ),
    (
        "{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}",
        "the tag {% for i in range(100000) %} would make the document more than 200 000 "
        "characters of XML, the limit",
    ),
    (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "the tag {% for i in range(100000) %} was still running after 0.5 s, the limit for one "
        "document, and was stopped",
    ),
    (  # loops that call nothing the sandbox sees: stopped from outside, by the timer
        "{% set s = 'x' * 1000 %}{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}"
        "{% endfor %}{% endfor %}",
        "the tag {% for a in s %} was still running after 0.5 s, the limit for one document, and "
        "was stopped",
    ),
]


@pytest.mark.parametrize(("tag", "message"), RUNAWAY, ids=[t for t, _ in RUNAWAY])
def test_a_runaway_tag_is_stopped_with_the_template_and_tag_named(
    book, tmp_path: Path, small_limits, tag: str, message: str
) -> None:
    templates = _templates(tmp_path, tag)
    template = templates / "sadarbibas_ligums.docx"
    # valid Jinja: the commands render it, but `templates check` renders it first and says so
    check = invoke("templates", "check", templates)
    assert check.exit_code == 1
    assert f"{template}: on the example document: {message}\n" in check.output
    out = tmp_path / "out"
    result = invoke("agreement", book.save(), "--out", out, "--templates", templates)
    assert result.exit_code == 1
    stopped = [
        code
        for code in ("JURMALA", "ADAZI")
        if f"failed: {code}/{code}_sadarbibas_ligums.docx: {template}: {message}\n" in result.output
    ]
    assert stopped
    # the template hit a limit: its other document is not made (unless rendered meanwhile)
    for code in {"JURMALA", "ADAZI"} - set(stopped):
        assert (
            f"failed: {code}/{code}_sadarbibas_ligums.docx: not made: {template} hit "
        ) in result.output
    assert not list(out.rglob("*_sadarbibas_ligums.docx"))  # its forms have other templates


def test_what_stays_within_the_limits_is_written(book, tmp_path: Path, small_limits) -> None:
    templates = _templates(
        tmp_path, "{{ '-' * 10 }} {{ 2**10 }} {{ '%05d'|format(7) }} {{ partner.code ~ '!' }}"
    )
    out = tmp_path / "out"
    result = invoke("agreement", book.save(), "--out", out, "--templates", templates)
    assert result.exit_code == 0, result.output
    text = text_of(out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx")
    assert "Punkts: ---------- 1024 00007 JURMALA!" in text


def test_the_shipped_limits_are_far_above_a_real_document() -> None:
    assert sandbox.MAX_TEXT_CHARS == 10_000_000
    assert sandbox.MAX_DOCUMENT_CHARS == 50_000_000
    assert sandbox.MAX_NUMBER_DIGITS == 4_300
    assert sandbox.RENDER_SECONDS == 30


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        (
            "{{ partner|attr('__class__') }}",
            "forbidden: |attr('__class__') reaches into Python internals",
        ),
        ("{{ partner|attr(partner.code) }}", "forbidden: |attr with a name the template computes"),
        (
            "{{ '{0.__class__.__mro__}'.format(partner.name) }}",
            "forbidden: {0.__class__.__mro__} in a str.format reaches into Python internals",
        ),
    ],
)
def test_attr_and_str_format_on_internals_are_refused_by_the_check(
    book, tmp_path: Path, tag: str, message: str
) -> None:
    templates = _templates(tmp_path, tag)
    assert_refused_before_writing(book, tmp_path, templates, message)


# A loop the sandbox's hooks never see: only the watcher's exception stops it.
_SILENT_LOOP = (
    "{% set s = 'x' * 1000 %}{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}"
    "{% endfor %}{% endfor %}"
)


def _stopped_renders(count: int) -> tuple[int, int]:
    """Renders of the silent loop under a short deadline: how many were stopped, and how many
    watcher threads the process has then."""
    env = sandbox.LimitedEnvironment()
    template = env.from_string(_SILENT_LOOP)
    stopped = 0
    for _ in range(count):
        started = time.monotonic()
        with contextlib.suppress(sandbox.RenderTimeout), env.deadline(0.1):
            template.render()
        stopped += time.monotonic() - started < 5
    watchers = sum(t.name == "docgen-render-deadlines" for t in threading.enumerate())
    return stopped, watchers


def test_one_watcher_thread_per_process_stops_every_render_past_its_deadline() -> None:
    assert _stopped_renders(3) == (3, 1)
    # a forked worker (threads are not forked) starts its own
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        assert pool.apply(_stopped_renders, (2,)) == (2, 1)
