"""The shipped 9.2.1.1 example's documents, pinned: every amount, percentage and amount in words
in every document of the whole batch, every document's text, and ``docgen splits --format json``,
as ``tools/pin_documents.py`` recorded them before the project's shape became data.

A change that moves one figure or word of the 9.2.1.1 documents fails here, naming the document
and the first difference. Re-pin (run the tool) only for a change to the documents that is meant.
"""

from __future__ import annotations

import gzip
import importlib.util
import json

import pytest

from tests.helpers import ROOT


def _tool():
    spec = importlib.util.spec_from_file_location(
        "pin_documents", ROOT / "tools" / "pin_documents.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pin = _tool()


@pytest.fixture(scope="module")
def pinned():
    return json.loads(gzip.decompress(pin.PINNED.read_bytes()))


@pytest.fixture(scope="module")
def now(tmp_path_factory):
    return pin.make(tmp_path_factory.mktemp("pinned") / "out")


def _first_difference(before: list[str], after: list[str]) -> str:
    for index, (old, new) in enumerate(zip(before, after, strict=False)):
        if old != new:
            return f"item {index + 1}: pinned {old!r}, now {new!r}"
    return f"pinned {len(before)} items, now {len(after)}"


def test_the_same_documents_are_written(pinned, now):
    assert sorted(now["documents"]) == sorted(pinned["documents"])


def test_every_figure_of_every_document_is_unchanged(pinned, now):
    changed = {
        name: _first_difference(pin.figures_of(text), pin.figures_of(now["documents"][name]))
        for name, text in pinned["documents"].items()
        if name in now["documents"]
        and pin.figures_of(text) != pin.figures_of(now["documents"][name])
    }
    assert not changed, f"{len(changed)} documents changed: {dict(list(changed.items())[:5])}"


def test_the_figures_pinned_are_many():
    # The pattern must find what a reader would call figures: amounts, percentages and words.
    found = pin.figures_of(
        "LM 70\u00a0222,38 EUR (85\u00a0%), 28,13\u00a0%; trīs simti sešpadsmit euro un 47 centi"
    )
    assert found == [
        "70\u00a0222,38",
        "85\u00a0%",
        "28,13\u00a0%",
        "trīs simti sešpadsmit euro un 47 centi",
    ]


def test_every_document_reads_as_before(pinned, now):
    changed = {
        name: _first_difference(text.splitlines(), now["documents"][name].splitlines())
        for name, text in pinned["documents"].items()
        if name in now["documents"] and text != now["documents"][name]
    }
    assert not changed, f"{len(changed)} documents changed: {dict(list(changed.items())[:3])}"


def test_splits_json_keeps_every_key_and_value(pinned, now):
    assert [p["code"] for p in now["splits"]] == [p["code"] for p in pinned["splits"]]
    for before, after in zip(pinned["splits"], now["splits"], strict=True):
        assert {k: after.get(k) for k in before} == before


# --- The external review's examples, read from the documents ---------------------------------


def test_rigas_amendment_ends_within_the_programme(now) -> None:
    amendment = now["documents"]["RIGA/RIGA_grozijumi_1.docx"]
    assert 'ar vārdiem "līdz 2023. gada 31. decembrim"' in amendment
    consolidated = now["documents"]["RIGA/RIGA_sadarbibas_ligums_konsolideta.docx"]
    assert "līdz 2023. gada 31. decembrim (turpmāk – izmaksu attiecināmības periods)" in (
        consolidated
    )
    assert "2024. gada" not in amendment + consolidated


def test_the_summary_counts_final_claims_by_the_day_they_were_made(now) -> None:
    [summary] = [text for name, text in now["documents"].items() if name.startswith("kopsav")]
    assert (
        "Līdz 2023. gada 31. decembrim noslēguma maksājuma pieprasījumu iesnieguši 6 no 43 "
        "sadarbības partneriem; pēc šī datuma – vēl 8 (pēdējais 2024. gada 15. janvārī)."
    ) in summary


def test_gulbenes_final_claim_and_report_reconcile_its_missed_targets(now) -> None:
    docs = now["documents"]
    claim = docs["GULBENES_NOV/GULBENES_NOV_maksajuma_pieprasijums_5.docx"]
    report = docs["GULBENES_NOV/GULBENES_NOV_progresa_parskats_2023-07-01_2023-12-31.docx"]
    words = (
        "Līguma darbības beigās nav sasniegta mērķa vērtība: Apmācītie speciālisti – 6 no 8 "
        "(75,00\u00a0%, trūkst 2); Supervīzijas – 13 no 17 (76,47\u00a0%, trūkst 4)"
    )
    assert words in claim and words in report
    assert "Sadarbības partnera skaidrojums: Rādītāju (" in report


def test_gulbenes_final_claim_is_paid_for_its_approved_costs(now) -> None:
    claim = now["documents"]["GULBENES_NOV/GULBENES_NOV_maksajuma_pieprasijums_5.docx"]
    assert "Ministrija izmaksas apstiprinājusi mazākā apmērā, nekā pieprasīts (lēmums: " in claim
    # approved 10 % lower: 8 475,19 − 847,52; LM's 70 % of the difference, on cumulative figures
    assert "Apmācības un supervīzija | 8\u00a0475,19 | 7\u00a0627,67 | 847,52" in claim
    assert "Neapstiprinātais Ministrijas finansējums | 593,27 | 504,28 | 88,99" in claim
