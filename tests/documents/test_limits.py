"""A template cannot eat the machine's memory or hold it in one long call: memory-hungry tags
fail their document under a memory limit, values too large to write are refused as they are
made, deep recursion is a limit with its tag, and the process that rendered them lives on
(docgen/documents/sandbox.py, docgen/documents/prepared.py).

The memory-hungry tags run in a child process whose whole address space the test bounds (so that
the test machine's memory stays bounded even if docgen's own limit failed), with a small
MAX_RENDER_MEMORY set in it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT, invoke, templates_with_agreement

CHILD_MEMORY = 3 << 30  # the child's whole address space: the machine's memory stays bounded
CHILD_SECONDS = 120  # the child's whole run: before the limits, a tag below ran for minutes

# Runs the agreement command once per template folder, with small limits: argv is the
# workbook, then pairs of a template folder and an out folder; prints each run's output as JSON.
CHILD = """
import faulthandler, json, resource, sys
faulthandler.dump_traceback_later({dump}, exit=True)  # a hang: where, on stderr
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
from click.testing import CliRunner
from docgen.cli import main
from docgen.documents import sandbox
sandbox.MAX_RENDER_MEMORY = 64 << 20
sandbox.RENDER_SECONDS = 2.0
workbook, folders = sys.argv[1], sys.argv[2:]
results = []
for templates, out in zip(folders[::2], folders[1::2]):
    result = CliRunner().invoke(
        main, ["agreement", workbook, "--out", out, "--templates", templates]
    )
    results.append([result.exit_code, result.output])
print(json.dumps(results))
"""

TOO_LARGE = "would make a value of more than 10 000 000 characters as text, the limit"
HUNGRY = [
    (  # a list doubled by extend
        "{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) or '' }}{% endfor %}",
        "the tag {{ l.extend(l) or '' }} " + TOO_LARGE,
    ),
    (  # [...] * N, kept
        "{% set keep = [] %}{% for i in range(100) %}{{ keep.append([i] * 9000000) or '' }}"
        "{% endfor %}",
        "the tag {{ keep.append([i] * 9000000) or '' }} " + TOO_LARGE,
    ),
    (  # slices of a large list, kept
        "{% set l = [0] * 2000000 %}{% set keep = [] %}{% for i in range(100) %}"
        "{{ keep.append(l[:]) or '' }}{% endfor %}",
        "the tag {{ keep.append(l[:]) or '' }} " + TOO_LARGE,
    ),
    (  # |tojson of a huge value
        "{% set l = ['x' * 9000000] * 9000000 %}{{ l|tojson }}",
        "the tag {% set l = ['x' * 9000000] * 9000000 %} " + TOO_LARGE,
    ),
    (  # one sort in C that would run for many minutes: refused before it starts
        "{{ (['x' * 10**7] * 10**6)|sort|length }}",
        "the tag {{ (['x' * 10**7] * 10**6)|sort|length }} " + TOO_LARGE,
    ),
    (  # within the size limits, above the memory limit: a list of 9 000 000 items (72 MB)
        "{{ ('x' * 9000000)|list|length }}",
        "the tag {{ ('x' * 9000000)|list|length }} would take more than 64 MB of memory, the "
        "limit for one document, and was stopped",
    ),
    (  # growing appends
        "{% set keep = [] %}{% for i in range(100000) %}{{ keep.append('x' * 1000 ~ i) or '' }}"
        "{% endfor %}",
        "the tag {{ keep.append('x' * 1000 ~ i) or '' }} " + TOO_LARGE,
    ),
]


def test_memory_hungry_tags_fail_their_document_and_the_batch_lives_on(
    book, tmp_path: Path
) -> None:
    folders = []
    for number, (tag, _message) in enumerate(HUNGRY):
        folder = tmp_path / f"case{number}"
        folder.mkdir()
        templates = templates_with_agreement(folder, [["Līgums ar {{ partner.name }}."], [tag]])
        folders += [templates, folder / "out"]
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD.format(memory=CHILD_MEMORY, dump=CHILD_SECONDS - 20),
            book.save(),
            *folders,
        ],
        capture_output=True,
        text=True,
        timeout=CHILD_SECONDS,
        cwd=ROOT,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    results = json.loads(child.stdout.splitlines()[-1])
    for number, ((tag, message), (exit_code, output)) in enumerate(
        zip(HUNGRY, results, strict=True)
    ):
        out = folders[2 * number + 1]
        assert exit_code == 1, (tag, output)
        assert "MemoryError" not in output and "internal error" not in output, output
        stopped = 0
        for code in ("JURMALA", "ADAZI"):
            document = f"{code}/{code}_sadarbibas_ligums.docx"
            [line] = [x for x in output.splitlines() if x.startswith(f"failed: {document}: ")]
            # stopped by the limit, or not made: its template hit the limit in the other one
            stopped += message in line
            assert message in line or ": not made: " in line, (tag, output)
            assert not (out / document).exists()
            # the process that failed lives on: the same batch writes the agreement's forms
            assert (out / code / f"{code}_sadarbibas_ligums_pielikums_2.docx").is_file()
        assert stopped >= 1, (tag, output)


def test_recursion_is_a_limit_with_its_tag(book, tmp_path: Path) -> None:
    tag = "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}"
    templates = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.name }}."], [tag]])
    out = tmp_path / "out"
    result = invoke("agreement", book.save(), "--out", out, "--templates", templates)
    assert result.exit_code == 1
    template = templates / "sadarbibas_ligums.docx"
    assert (
        f"failed: JURMALA/JURMALA_sadarbibas_ligums.docx: {template}: the tag {{{{ loop([1]) }}}}"
        f" calls itself deeper than {sys.getrecursionlimit()} levels, the limit, and was stopped"
    ) in result.output
    assert "RecursionError" not in result.output
    assert not (out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx").exists()


EMPTY = (
    "uses a value that is empty for this document (a field some partners or claims leave "
    "empty, such as a target or the agreement's date): write it inside {% if … %}"
)


def test_templates_check_renders_with_optional_values_empty(tmp_path: Path) -> None:
    for tag in ("{{ targets.specialists + 1 }}", "{{ agreement.date|date }}"):
        templates = templates_with_agreement(tmp_path / tag[3:9], [["Punkts: ", tag]])
        result = invoke("templates", "check", templates)
        assert result.exit_code == 1, result.output
        assert (
            f"{templates / 'sadarbibas_ligums.docx'}: on a document whose optional values are "
            f"empty: the tag {tag} {EMPTY}\n"
        ) in result.output
    guarded = "{% if agreement.date %}{{ agreement.date|date }}{% endif %}"
    templates = templates_with_agreement(tmp_path / "guarded", [["Punkts: ", guarded]])
    assert invoke("templates", "check", templates).exit_code == 0


def test_an_empty_value_at_render_names_the_template_and_the_tag(book, tmp_path: Path) -> None:
    book.partners[1]["Līguma datums"] = None  # ADAZI's agreement is not yet signed
    tag = "{{ agreement.date|date('genitive') }}"
    templates = templates_with_agreement(tmp_path, [["Līgums ar {{ partner.name }}."], [tag]])
    out = tmp_path / "out"
    result = invoke("agreement", book.save(), "--out", out, "--templates", templates)
    assert result.exit_code == 1, result.output
    assert (
        f"failed: ADAZI/ADAZI_sadarbibas_ligums.docx: {templates / 'sadarbibas_ligums.docx'}: "
        f"the tag {tag} {EMPTY}\n"
    ) in result.output
    assert "NoneType" not in result.output and "datetime" not in result.output
    assert (out / "JURMALA" / "JURMALA_sadarbibas_ligums.docx").is_file()
    assert not (out / "ADAZI" / "ADAZI_sadarbibas_ligums.docx").exists()


def test_lists_and_dicts_grow_as_usual_within_the_limits() -> None:
    from docgen.documents.render import make_environment

    template = make_environment().from_string(
        "{% set l = [1] %}{{ l.extend([2, 3]|map('string')) or '' }}{{ l.append(4) or '' }}"
        "{{ l|join(',') }} {% set d = {} %}{{ d.update({'a': 1}) or '' }}{{ d|list|join }} "
        "{{ ([0] * 3 + [1])|join }}"
    )
    assert template.render() == "1,2,3,4 a 0001"
