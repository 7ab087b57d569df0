"""Fail fast: a template that hits a limit in a batch renders no more documents; the others of
its kind are listed as not made, with the document where it hit the limit
(docgen/batch/limit_hits.py)."""

from __future__ import annotations

import time
from pathlib import Path

from docgen.batch.limit_hits import LimitHits
from docgen.documents import sandbox
from tests.helpers import SHIPPED_WORKBOOK, invoke, templates_with_agreement

RUNAWAY = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
LIMIT_SECONDS = 1.0


def test_a_runaway_template_over_many_partners_ends_in_about_one_documents_limit(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", LIMIT_SECONDS)
    templates = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.name }}."], [RUNAWAY]])
    template = templates / "sadarbibas_ligums.docx"
    out = tmp_path / "out"
    started = time.monotonic()
    result = invoke("agreement", SHIPPED_WORKBOOK, "--out", out, "--templates", templates)
    took = time.monotonic() - started
    assert result.exit_code == 1
    lines = [x for x in result.output.splitlines() if x.startswith("failed: ")]
    stopped = [x for x in lines if "was still running after 1 s" in x]
    not_made = [x for x in lines if ": not made: " in x]
    partners = len(lines)
    assert partners > 20
    assert 1 <= len(stopped) <= 2  # one per worker at most: they render at the same time
    assert len(stopped) + len(not_made) == partners
    first = stopped[0].split(": ")[1]
    assert f"not made: {template} hit the time limit of 1 s in " in not_made[0]
    assert any(f"hit the time limit of 1 s in {first}" in x for x in not_made) or len(stopped) > 1
    # 43 documents of 1 s each, on 2 workers, would take 20 s; start-up takes a few
    assert took < partners * LIMIT_SECONDS / 3, result.output
    assert not list(out.rglob("*_sadarbibas_ligums.docx"))
    assert list(out.rglob("*_sadarbibas_ligums_pielikums_2.docx"))  # other templates go on


def test_not_made_is_said_in_latvian(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.5)
    templates = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.name }}."], [RUNAWAY]])
    template = templates / "sadarbibas_ligums.docx"
    codes = ("DAUGAVPILS", "JELGAVA", "JURMALA", "LIEPAJA", "REZEKNE", "RIGA")
    chosen = [a for code in codes for a in ("--partner", code)]
    out = tmp_path / "out"
    result = invoke(
        "agreement", SHIPPED_WORKBOOK, "--out", out, "--templates", templates, *chosen,
        "--lang", "lv",
    )  # fmt: skip
    assert result.exit_code == 1
    assert f"nav izveidots: {template} sasniedza laika robežu 0.5 s dokumentā " in result.output


def test_the_workers_share_what_was_hit_also_when_spawned() -> None:
    import multiprocessing

    hits = LimitHits(["a.docx", "b.docx"], "spawn")
    process = multiprocessing.get_context("spawn").Process(
        target=hits.note, args=("b.docx", "not made: b.docx hit the time limit of 30 s in X")
    )
    process.start()
    process.join(30)
    assert process.exitcode == 0
    assert hits.hit("b.docx") == "not made: b.docx hit the time limit of 30 s in X"
    assert hits.hit("a.docx") == ""
    hits.note("b.docx", "a later note")  # the first stays
    assert hits.hit("b.docx").endswith(" in X")
