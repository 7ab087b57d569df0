"""Page 1 of a document as a picture: a cold LibreOffice start for each against the warm office.

    python bench/preview.py [COUNT]    # COUNT agreements of the shipped workbook (default 10)

Cold is what the page would do without docgen.batch.office: one ``soffice --convert-to pdf``
run per document (:func:`docgen.batch.pdf.convert`, a fresh profile each), then page 1 drawn
by PDFium. Warm is :meth:`docgen.batch.office.Office.preview`: its first call starts
LibreOffice and the bridge (printed apart), the others go to the running one. Also the whole
PDFs of the same documents: the batch's cold way (many documents per run, one run per core)
against the warm office, one by one, as the web's job workers make them. Prints the median
seconds of each and the ratios.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from docgen.batch.office import Office, render_png
    from docgen.batch.pdf import convert
    from docgen.batch.run import plan_all, run_batch
    from docgen.workbook.reader import load

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    workbook = load(ROOT / "inputs" / "partners.xlsx")
    documents = plan_all(workbook, ("agreement",))[:count]
    with tempfile.TemporaryDirectory() as folder, Office() as office:
        if not office.warm:
            sys.exit(f"no warm office here: {office.reason}")
        out = Path(folder) / "out"
        run_batch(workbook, out, ROOT / "templates", documents=documents)
        sources = [out / d.path for d in documents]

        cold = []
        for source in sources:
            started = time.perf_counter()
            (made,) = convert([source])
            assert made.pdf is not None, made.error
            render_png(made.pdf)
            cold.append(time.perf_counter() - started)

        started = time.perf_counter()
        office.preview(sources[0])
        first = time.perf_counter() - started
        warm = []
        for source in sources:
            started = time.perf_counter()
            office.preview(source)
            warm.append(time.perf_counter() - started)

        started = time.perf_counter()
        made = convert(sources, jobs=os.cpu_count() or 1)
        batch_cold = (time.perf_counter() - started) / len(sources)
        assert all(m.pdf for m in made)
        started = time.perf_counter()
        made = office.convert(sources)
        batch_warm = (time.perf_counter() - started) / len(sources)
        assert all(m.pdf for m in made), [m.error for m in made if not m.pdf]

    cold_s, warm_s = statistics.median(cold), statistics.median(warm)
    print(f"{len(sources)} agreements, {os.cpu_count()} cores, {office.describe()}")
    print(f"page 1, cold (a LibreOffice start each): {cold_s:.3f} s (median)")
    print(f"page 1, warm office, its first call (starts LibreOffice): {first:.3f} s")
    print(f"page 1, warm office, after: {warm_s:.3f} s (median), slowest {max(warm):.3f} s")
    print(f"warm is {cold_s / warm_s:.1f}× faster for page 1")
    print(f"whole PDFs, cold runs in parallel: {batch_cold:.3f} s per document")
    print(f"whole PDFs, warm office one by one: {batch_warm:.3f} s per document")
    print(f"the warm office is {batch_cold / batch_warm:.1f}× the cold runs' speed for whole PDFs")


if __name__ == "__main__":
    main()
