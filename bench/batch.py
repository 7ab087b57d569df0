"""docgen batch against the standard docxtpl loop, on the same templates and data.

    python bench/batch.py                # the shipped workbook, then its partners ×10
    python bench/batch.py 1 --rounds 5   # only the shipped workbook, five rounds

The standard loop is docxtpl's documented use: for each document a new DocxTemplate, render,
save (with docgen's contexts, filters and sandboxed environment, so both make the same
documents; a chart becomes an InlineImage of the same PNG). docgen's batch is `run_batch` with
one worker per core, into an empty folder, given the shipped workbook's path as `docgen batch`
gives it (the ×10 workbook is built in memory, so there it is given the loaded workbook). Each
measurement runs in a fresh process, so that its peak memory (ru_maxrss, including its workers)
is its own.

A round runs the loop and then docgen, one after the other, so that both meet the machine in
much the same state (this shared machine's speed drifts by a third over minutes); the shipped
size runs three rounds by default, the larger one. Each measurement starts after a pause of
PAUSE seconds: measured at once after the loop's quarter of a minute at full load, docgen's
two-second run here was up to 40 % slower than after a pause. Printed: documents, the median
seconds and documents per second of each, each round's ratio and the median ratio, and the
highest peak memory.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
WORKBOOK = ROOT / "inputs" / "partners.xlsx"
TODAY = date(2026, 11, 23)
PAUSE = 3.0


def replicated(times: int):
    """The shipped workbook with every partner (and its claims and progress) ``times`` times."""
    from docgen.workbook.reader import load

    workbook = load(WORKBOOK)
    if times == 1:
        return workbook
    partners, claims, progress = [], [], []
    for copy in range(times):
        suffix = "" if copy == 0 else f"_{copy + 1}"
        partners += [replace(p, code=p.code + suffix) for p in workbook.partners]
        claims += [replace(c, code=c.code + suffix) for c in workbook.claims]
        progress += [replace(r, code=r.code + suffix) for r in workbook.progress]
    return replace(
        workbook, partners=tuple(partners), claims=tuple(claims), progress=tuple(progress)
    )


def standard_loop(times: int, out: Path) -> int:
    """docxtpl as its documentation shows it: a new DocxTemplate per document."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    from docgen.batch.run import plan_all
    from docgen.documents.charts import ChartSpec, draw
    from docgen.documents.kinds import build_context
    from docgen.documents.render import TEMPLATE_FILES, make_environment

    workbook = replicated(times)
    env = make_environment(workbook.project.words_style)
    documents = plan_all(workbook)
    for document in documents:
        context = build_context(workbook, document, TODAY).data
        template = DocxTemplate(str(TEMPLATES / TEMPLATE_FILES[document.kind]))
        chart = context.get("chart")
        if isinstance(chart, ChartSpec):
            png = io.BytesIO(draw(chart))
            context = {**context, "chart": InlineImage(template, png, width=Mm(chart.width_mm))}
        template.render(context, jinja_env=env, autoescape=True)
        target = out / document.path
        target.parent.mkdir(parents=True, exist_ok=True)
        template.save(str(target))
    return len(documents)


def docgen_batch(times: int, out: Path) -> int:
    """As `docgen batch` runs: given the shipped workbook's path, it reads it in another process
    while it prepares the templates. The replicated workbook exists only in memory."""
    from docgen.batch.run import run_batch

    workbook = WORKBOOK if times == 1 else replicated(times)
    result = run_batch(workbook, out, TEMPLATES, today=TODAY)
    assert result.count("failed") == 0, [o.message for o in result.outcomes if o.message]
    return result.count("written")


def measure(how: str, times: int) -> dict:
    """Run one measurement in this (fresh) process and return its figures."""
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        count = {"standard": standard_loop, "docgen": docgen_batch}[how](times, Path(folder))
        seconds = time.perf_counter() - started
    peak_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return {"documents": count, "seconds": seconds, "peak_mb": peak_kb / 1024}


def run(how: str, times: int) -> dict:
    time.sleep(PAUSE)
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from bench.batch import measure; "
    code += f"import json; print(json.dumps(measure({how!r}, {times})))"
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1, 10], help="partners × N")
    parser.add_argument("--rounds", type=int, help="rounds per size [3 for ×1, else 1]")
    arguments = parser.parse_args()
    print(f"{os.cpu_count()} cores; templates {TEMPLATES}")
    for times in arguments.sizes:
        rounds = arguments.rounds or (3 if times == 1 else 1)
        runs = [(run("standard", times), run("docgen", times)) for _ in range(rounds)]
        rates = {}
        for index, name in enumerate(("docxtpl loop", "docgen batch")):
            figures = [r[index] for r in runs]
            seconds = statistics.median(f["seconds"] for f in figures)
            documents = figures[0]["documents"]
            rates[name] = documents / seconds
            peak = max(f["peak_mb"] for f in figures)
            print(
                f"×{times:<3} {name:13} {documents:5} documents {seconds:7.2f} s "
                f"{rates[name]:7.1f} doc/s  peak {peak:6.0f} MB"
            )
        ratios = [
            (ours["documents"] / ours["seconds"]) / (loop["documents"] / loop["seconds"])
            for loop, ours in runs
        ]
        each = ", ".join(f"{r:.1f}" for r in ratios)
        print(
            f"×{times:<3} docgen / docxtpl: {statistics.median(ratios):.1f}× the documents "
            f"per second (median of {rounds} round{'s' if rounds > 1 else ''}: {each})"
        )


if __name__ == "__main__":
    main()
