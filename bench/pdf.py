"""PDF conversion of a batch: docgen's way against one LibreOffice start per document.

    python bench/pdf.py [COUNT]        # COUNT documents of the shipped workbook (default 40)

docgen's way is `docgen.batch.pdf.convert`: many documents per LibreOffice run, one run per core in
parallel. The other is the usual loop: `soffice --convert-to pdf` once for each document (with
one profile reused across the starts, which is the kind case for it). Prints seconds per
document for each and the ratio.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from docgen.batch.pdf import convert, find_soffice
    from docgen.batch.run import plan_all, run_batch
    from docgen.workbook.reader import load

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    workbook = load(ROOT / "inputs" / "partners.xlsx")
    kinds = ("agreement", "claim", "report")
    documents = [d for kind in kinds for d in plan_all(workbook, (kind,))[: count // 3 + 1]][:count]
    soffice = find_soffice()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        run_batch(workbook, out, ROOT / "templates", documents=documents)
        sources = [out / d.path for d in documents]

        started = time.perf_counter()
        results = convert(sources, jobs=os.cpu_count() or 1)
        ours = (time.perf_counter() - started) / len(sources)
        assert all(r.pdf for r in results), [r.error for r in results if not r.pdf]

        profile = (Path(folder) / "profile").as_uri()
        started = time.perf_counter()
        for source in sources:
            subprocess.run(
                [soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
                 "--outdir", str(Path(folder) / "one"), str(source)],
                check=True, capture_output=True,
            )  # fmt: skip
        theirs = (time.perf_counter() - started) / len(sources)

    print(f"{len(sources)} documents, {os.cpu_count()} cores")
    print(f"one LibreOffice start per document: {theirs:.3f} s per document")
    print(f"docgen (many per start, in parallel): {ours:.3f} s per document")
    print(f"docgen is {theirs / ours:.1f}× faster")


if __name__ == "__main__":
    main()
