"""`docgen validate` at any size: its time and peak memory on workbooks of many partners.

    python bench/validate.py                   # 1 000, 10 000 and the largest docgen reads
    python bench/validate.py 10000 --rounds 3  # one size, three rounds

Each workbook is the shipped example's shape grown to PARTNERS partners: partner i is the
example's partner i mod 43 under a code of its own (``RIGA_7``) and an agreement number of its
own, with that partner's claims, progress rows and supporting documents; the amendments are the
example's for the partners that have them (their claims need them) and, for others, one that
lowers a target by one, until there is one amendment per AMENDMENT_EVERY partners. The
available funding grows with the partners. The data is valid: validate reports no error and no
warning (the bench stops when it does). The workbook is written by openpyxl's write-only mode.

Each measurement runs `python -m docgen validate FILE` as a user runs it, imports included, and
takes its wall time and its peak memory (ru_maxrss of that child, from os.wait4). Printed per
size: the sheets' rows, the median seconds and the peak memory, the seconds per 1 000
partners, and the growth from the size before (its time ratio over its size ratio: 1.0 is
linear). The targets of docgen issue 22: 10 000 partners in at most 5 s and 150 MB.

A size whose sheets exceed docgen's limits of a workbook (MAX_ROWS rows or MAX_CELLS cells
a sheet, in docgen/workbook/reader.py; MAX_PART_BYTES inflated bytes a part, in
docgen/workbook/container.py) is refused by validate with that error: the bench says so
instead of timing it. Without sizes, the bench measures 1 000, 10 000 and about the largest
number of partners those limits let validate read (largest_size), and prints that number.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "partners.xlsx"
AMENDMENT_EVERY = 10  # one amendment per this many partners
AMENDED_ON = datetime(2022, 9, 1)  # within every example partner's period, after its signature
TARGET_SECONDS, TARGET_MB, TARGET_PARTNERS = 5.0, 150.0, 10_000
FUNDING = "Pieejamais finansējums"
TABLES = ("Partneri", "Maksājumi", "Rādītāji", "Grozījumi", "Izdevumi")
SIZE_SAMPLES = (1_000, 2_000)  # partners of the workbooks the largest size is found from
SIZE_MARGIN = 1.02  # the parts' sizes found so, and 2 % more


def example_sheets() -> dict[str, list[tuple]]:
    """The shipped example's sheets as rows of values (the header first)."""
    import openpyxl

    book = openpyxl.load_workbook(EXAMPLE, read_only=True, data_only=True)
    try:
        sheets = {}
        for sheet in book.worksheets:
            sheet.reset_dimensions()
            sheets[sheet.title] = [
                row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)
            ]
        return sheets
    finally:
        book.close()


def build(partners: int, path: Path) -> dict[str, int]:
    """Write a workbook of ``partners`` partners to ``path``; return each table's rows."""
    import openpyxl

    sheets = example_sheets()
    headers = {name: sheets[name][0] for name in TABLES}
    by_code: dict[str, dict[str, list[tuple]]] = {name: defaultdict(list) for name in TABLES}
    for name in TABLES:
        for row in sheets[name][1:]:
            by_code[name][row[0]].append(row)
    templates = sheets["Partneri"][1:]
    parameters = {row[0]: row[1] for row in sheets["Projekts"] if len(row) > 1}
    project_no, funding = parameters["Projekta Nr."], parameters[FUNDING]
    column = {name: {h: i for i, h in enumerate(headers[name])} for name in TABLES}
    agreement_no = column["Partneri"]["Līguma Nr."]
    first_target = next(h for h in headers["Partneri"] if str(h).startswith("Mērķis:"))

    book = openpyxl.Workbook(write_only=True)
    out = {name: book.create_sheet(name) for name in sheets}
    for name, rows in sheets.items():
        if name == "Projekts":
            copies = len(templates) and -(-partners // len(templates))
            for row in rows:
                out[name].append((FUNDING, funding * copies) if row[0] == FUNDING else row)
        elif name not in TABLES:
            for row in rows:
                out[name].append(row)
        else:
            out[name].append(headers[name])
    counts = dict.fromkeys(TABLES, 0)
    for i in range(partners):
        template = templates[i % len(templates)]
        copy = i // len(templates)
        code = template[0] if copy == 0 else f"{template[0]}_{copy}"
        partner = list(template)
        partner[0], partner[agreement_no] = code, f"{project_no}/{i + 1}"
        out["Partneri"].append(partner)
        counts["Partneri"] += 1
        for name in TABLES[1:]:
            own = by_code[name].get(template[0], [])
            if name == "Grozījumi" and not own and counts[name] * AMENDMENT_EVERY < i + 1:
                own = [_lowered_target(template, headers, column, first_target)]
            for row in own:
                out[name].append((code, *row[1:]))
                counts[name] += 1
    book.save(path)
    return counts


def _lowered_target(
    partner: tuple, headers: dict[str, tuple], column: dict[str, dict], target: str
) -> tuple:
    """An amendment of a partner that lowers its first target by one (it changes something,
    and no report falls short of a lower target)."""
    row = [None] * len(headers["Grozījumi"])
    for key, value in (
        ("Kods", partner[0]),
        ("Nr.", 1),
        ("Datums", AMENDED_ON),
        (target, partner[column["Partneri"][target]] - 1),
        ("Pamatojums", "Mērķis samazināts atbilstoši speciālistu skaitam."),
    ):
        row[column["Grozījumi"][key]] = value
    return tuple(row)


def measure(path: Path) -> tuple[float, float, str, int]:
    """Seconds, peak MB, the last line printed and the exit status of one `docgen validate`."""
    with tempfile.TemporaryFile("w+") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "docgen", "validate", str(path)],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "DOCGEN_LANG": "en"},
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        lines = output.read().strip().splitlines()
    return seconds, usage.ru_maxrss / 1024, lines[-1] if lines else "", process.returncode


def table_rows(partners: int, sheets: dict[str, list[tuple]]) -> dict[str, int]:
    """The rows build() writes to each table for ``partners`` partners (without writing)."""
    per_code = {name: defaultdict(int) for name in TABLES}
    for name in TABLES:
        for row in sheets[name][1:]:
            per_code[name][row[0]] += 1
    codes = [row[0] for row in sheets["Partneri"][1:]]
    counts = dict.fromkeys(TABLES, 0)
    for i in range(partners):
        code = codes[i % len(codes)]
        counts["Partneri"] += 1
        for name in TABLES[1:]:
            own = per_code[name][code]
            if name == "Grozījumi" and not own and counts[name] * AMENDMENT_EVERY < i + 1:
                own = 1
            counts[name] += own
    return counts


def part_sizes(partners: int, folder: Path) -> list[int]:
    """The inflated size of each part of the workbook build() writes for ``partners``."""
    path = folder / f"sizes-{partners}.xlsx"
    build(partners, path)
    with zipfile.ZipFile(path) as archive:
        return [part.file_size for part in sorted(archive.infolist(), key=lambda p: p.filename)]


def largest_size() -> int:
    """About the most partners whose workbook docgen's limits still let validate read: every
    table's rows below its header within MAX_ROWS and, as wide as its header, within MAX_CELLS
    (docgen/workbook/reader.py); each part's inflated size within MAX_PART_BYTES and all of
    them within MAX_WORKBOOK_BYTES (docgen/workbook/container.py), the sizes extrapolated from
    workbooks of SIZE_SAMPLES partners with SIZE_MARGIN to spare (a row's number grows longer)."""
    from docgen.workbook.container import MAX_PART_BYTES, MAX_WORKBOOK_BYTES
    from docgen.workbook.reader import MAX_CELLS, MAX_ROWS

    sheets = example_sheets()
    with tempfile.TemporaryDirectory() as folder:
        small, large = (part_sizes(n, Path(folder)) for n in SIZE_SAMPLES)
    growth = [
        (b - a) / (SIZE_SAMPLES[1] - SIZE_SAMPLES[0]) for a, b in zip(small, large, strict=True)
    ]

    def fits(partners: int) -> bool:
        rows = table_rows(partners, sheets)
        extra = partners - SIZE_SAMPLES[1]
        sizes = [
            (size + each * extra) * SIZE_MARGIN for size, each in zip(large, growth, strict=True)
        ]
        return (
            all(
                rows[name] + 1 <= MAX_ROWS and (rows[name] + 1) * len(sheets[name][0]) <= MAX_CELLS
                for name in TABLES
            )
            and max(sizes) <= MAX_PART_BYTES
            and sum(sizes) <= MAX_WORKBOOK_BYTES
        )

    low, high = 1, MAX_ROWS  # fits(low); not fits(high + 1): a partner is a row of Partneri
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(middle) else (low, middle - 1)
    return low


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "sizes", nargs="*", type=int, help="partners [1 000, 10 000 and the largest docgen reads]"
    )
    parser.add_argument("--rounds", type=int, default=1, help="measurements per size [1]")
    arguments = parser.parse_args()
    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; {sys.executable}")
    if not arguments.sizes:
        largest = largest_size()
        print(f"the largest workbook docgen's limits let it read: about {largest} partners")
        arguments.sizes = [1_000, 10_000, largest]
    before: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory() as folder:
        for partners in arguments.sizes:
            path = Path(folder) / f"partners-{partners}.xlsx"
            started = time.perf_counter()
            rows = build(partners, path)
            built = time.perf_counter() - started
            shown = ", ".join(f"{name} {count}" for name, count in rows.items())
            size = path.stat().st_size / 1e6
            print(f"{partners:>7} partners: {shown} ({size:.1f} MB, built in {built:.1f} s)")
            runs = [measure(path) for _ in range(arguments.rounds)]
            seconds = statistics.median(r[0] for r in runs)
            peak = max(r[1] for r in runs)
            summary, status = runs[-1][2], runs[-1][3]
            if status != 0 or " 0 errors, 0 warnings" not in summary:
                print(f"         validate refused it (exit {status}): {summary}")
                before = None
                continue
            each = ", ".join(f"{r[0]:.2f}" for r in runs)
            line = (
                f"         validate {seconds:6.2f} s (rounds: {each}), peak {peak:5.0f} MB, "
                f"{seconds / partners * 1000:.3f} s per 1 000 partners"
            )
            if before is not None:
                growth = (seconds / before[1]) / (partners / before[0])
                line += f"; growth {growth:.2f} (1.0 is linear)"
            if partners == TARGET_PARTNERS:
                met = seconds <= TARGET_SECONDS and peak <= TARGET_MB
                line += f"; target ≤ {TARGET_SECONDS:g} s, ≤ {TARGET_MB:g} MB: "
                line += "met" if met else "NOT met"
            print(line)
            before = (partners, seconds)


if __name__ == "__main__":
    main()
