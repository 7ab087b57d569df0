"""The command in Latvian: ``--lang lv`` on the group or on any command, or ``LANG=lv_LV.UTF-8``;
its messages, its help and Click's own words; English by default; the batch's workers speaking
the language of the batch."""

from __future__ import annotations

import ast
import inspect
import os
import re
import subprocess
import sys
from datetime import date
from importlib import resources
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import docgen.batch.run as batch_run
from docgen import i18n
from docgen.batch.run import run_batch
from docgen.cli import Command, PathType, click_messages, main, requested_language
from tests.helpers import SHIPPED_WORKBOOK, pool_starts, templates_with_agreement


def invoke(*args: str | Path) -> click.testing.Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def commands(group: click.Group = main, path: tuple[str, ...] = ()):
    """(words that name it, command) for every command and group under ``group``."""
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


# --- Help ------------------------------------------------------------------------------------


def test_the_groups_help_is_latvian_with_lang_lv_and_english_without():
    latvian = invoke("--lang", "lv", "--help")
    assert latvian.exit_code == 0
    assert latvian.output.startswith("Lietojums: main [OPTIONS] COMMAND [ARGS]...\n")
    for words in ("Opcijas:", "Komandas:", "Parādīt šo palīdzību un beigt.", "darbgrāmatas"):
        assert words in latvian.output
    assert "  validate   Pārbaudīt WORKBOOK un izdrukāt katru problēmu" in latvian.output
    i18n.set_language("en")  # as a new process starts; nothing is kept from the Latvian help
    english = invoke("--help")
    assert english.output.startswith("Usage: main [OPTIONS] COMMAND [ARGS]...\n")
    for words in ("Options:", "Commands:", "Show this message and exit.", "Excel workbook."):
        assert words in english.output
    assert "Lietojums" not in english.output


@pytest.mark.parametrize(
    ("path", "command"), list(commands()), ids=lambda p: " ".join(p) if isinstance(p, tuple) else ""
)
def test_every_command_takes_lang_and_shows_its_help_in_latvian(path, command):
    english = inspect.cleandoc(command._help).splitlines()[0]
    for args in ([*path, "--lang", "lv", "--help"], ["--lang", "lv", *path, "--help"]):
        shown = invoke(*args)
        assert shown.exit_code == 0, shown.output
        assert shown.output.startswith(f"Lietojums: main {' '.join(path)} ")
        assert english not in shown.output  # its docstring was found in the catalog
        options = shown.output.partition("Opcijas:\n")[2]
        assert "--lang [en|lv]  " in options or "--lang [lv|en]" in options
        i18n.set_language("en")
    for param in command.params:
        if isinstance(param, click.Option) and param._help:
            i18n.set_language("lv")
            assert param.help != param._help, param.opts  # each option's help is translated
            i18n.set_language("en")
            assert param.help.startswith(param._help.split("{")[0])


def test_the_batch_help_names_every_kind_in_either_language():
    for lang in ("en", "lv"):
        shown = invoke("batch", "--lang", lang, "--help")
        assert "agreement,claim,report,summary,amendment." in " ".join(shown.output.split())
    assert "--out MAPE " in shown.output  # Click's word for a folder, and its defaults
    assert "[noklusējums: out]" in shown.output


def test_the_password_prompt_and_its_errors_are_latvian(tmp_path):
    users = tmp_path / "users.txt"
    shown = CliRunner().invoke(
        main,
        ["users", "add", "--lang", "lv", str(users), "anna"],
        input="a1-secret\nb2-secret\na1-secret\na1-secret\n",
    )
    assert shown.exit_code == 0
    assert shown.output == (
        "Parole: \nAtkārtojiet apstiprināšanai: \nKļūda: abas ievadītās vērtības nesakrīt.\n"
        f"Parole: \nAtkārtojiet apstiprināšanai: \nanna var pieteikties ({users})\n"
    )
    short = CliRunner().invoke(
        main, ["users", "add", "--lang", "lv", str(users), "berta"], input="abc\nabc\n"
    )
    assert short.exit_code == 1
    assert short.output.endswith("Kļūda: parolē jābūt vismaz 8 rakstzīmēm\n")


def test_what_is_made_when_the_commands_are_defined_follows_the_language_chosen_later():
    i18n.set_language("lv")  # LANG=lv_LV.UTF-8 when docgen.cli is imported, then --lang en
    made = PathType(dir_okay=False)
    i18n.set_language("en")
    assert made.name == "file"
    i18n.set_language("lv")
    assert made.name == "fails"


def test_lang_is_read_before_click_parses_the_words():
    assert requested_language(["validate", "--lang", "lv", "x.xlsx"]) == "lv"
    assert requested_language(["--lang=lv", "batch", "--lang", "en"]) == "en"
    assert requested_language(["words", "--", "--lang", "lv"]) is None
    assert requested_language(["--lang", "de"]) is None
    assert requested_language(["--lang"]) is None


def test_click_still_asks_for_each_of_its_messages_docgen_translates():
    """docgen's catalog holds Click's words as Click asks gettext for them: an upgrade of Click
    that rewords one shows here (the message would fall back to English)."""
    said: set[str] = set()
    for name in ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types"):
        source = resources.files("click").joinpath(f"{name}.py").read_text(encoding="utf-8")
        said |= {
            node.value
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
    assert [m for m in click_messages() if m not in said] == []


# --- Messages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["validate", "--lang", "lv", "--bogus"], "Kļūda: Nav tādas opcijas '--bogus'.\n"),
        (["--lang", "lv", "validate", "missing.xlsx"], "Fails 'missing.xlsx' neeksistē.\n"),
        (["words", "--lang", "lv"], "Kļūda: Trūkst argumenta 'AMOUNT'.\n"),
        (["--lang", "lv", "bogus"], "Kļūda: Nav tādas komandas 'bogus'.\n"),
        (
            ["report", "--lang", "lv", "--from", "01.01.2022."],
            "Kļūda: norādiet gan --from, gan --to vai nevienu no tiem\n",
        ),
        (
            ["batch", "--lang", "lv", "--only", "ligums"],
            "Kļūda: Nederīga vērtība parametram '--only': 'ligums': izvēlieties no agreement,",
        ),
    ],
)
def test_a_usage_error_is_latvian_with_exit_code_2(args, expected):
    shown = invoke(*args)
    assert shown.exit_code == 2
    assert shown.output.startswith("Lietojums: main ")
    assert "Palīdzībai izmantojiet 'main " in shown.output
    assert expected in shown.output


def test_the_same_usage_error_is_english_by_default():
    shown = invoke("validate", "--bogus")
    assert shown.exit_code == 2
    assert shown.output.startswith("Usage: main validate [OPTIONS] [WORKBOOK]\n")
    assert "Error: No such option '--bogus'.\n" in shown.output


def summary_of(output: str) -> str:
    return output.rstrip("\n").splitlines()[-1]


def test_validate_in_latvian_prints_the_examples_summary_in_latvian():
    english, latvian = (
        invoke("validate", SHIPPED_WORKBOOK),
        invoke("validate", "--lang", "lv", SHIPPED_WORKBOOK),
    )
    assert english.exit_code == latvian.exit_code == 0
    lines = latvian.output.splitlines()
    assert len(lines) == len(english.output.splitlines())
    warnings = [line for line in english.output.splitlines() if line.startswith("warning: ")]
    assert len([line for line in lines if line.startswith("brīdinājums: ")]) == len(warnings)
    # the same figures, the words around them the workbook reader's (docgen/workbook/reader.py)
    numbers = re.compile(r"\d+")
    assert numbers.findall(summary_of(latvian.output)) == numbers.findall(
        summary_of(english.output)
    )
    assert summary_of(latvian.output).endswith(
        ": nolasīts – 43 partneri, 158 maksājuma pieprasījumi, 156 rādītāju rindas, "
        "4 vienošanās par grozījumiem; 0 kļūdu, 0 brīdinājumu."
    )


def without_language(**extra: str) -> dict[str, str]:
    """This environment without any variable that chooses a language, and with ``extra``."""
    kept = {k: v for k, v in os.environ.items() if k not in i18n.LANGUAGE_VARIABLES}
    return {**kept, **extra}


def test_lang_from_the_environment_makes_validate_latvian_with_exit_code_1(book):
    book.partners[0]["IBAN"] = "LV00TREL0000000000001"  # an error
    book.progress.pop()  # ADAZI's claim without a progress row: a warning
    path = book.save()

    def run(environment: dict[str, str]) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "docgen", "validate", str(path)]
        return subprocess.run(command, capture_output=True, text=True, env=environment)

    latvian = run(without_language(LANG="lv_LV.UTF-8"))
    english = run(without_language(LANG="C.UTF-8"))
    assert latvian.returncode == english.returncode == 1, latvian.stderr
    assert "\nbrīdinājums: Maksājumi" in latvian.stdout
    assert "\nwarning: Maksājumi" in english.stdout
    assert "brīdinājums" not in english.stdout
    assert summary_of(latvian.stdout) == (
        f"{path}: nolasīts – 2 partneri, 3 maksājuma pieprasījumi, 2 rādītāju rindas; "
        "1 kļūda, 1 brīdinājums."
    )
    assert summary_of(english.stdout) == (
        f"{path}: 2 partners, 3 claims, 2 progress rows read; 1 error, 1 warning."
    )


def test_lang_lv_on_the_command_beats_an_english_environment(tmp_path):
    shown = invoke("init", tmp_path, "--lang", "lv")
    assert shown.exit_code == 0
    assert shown.output.startswith(f"Uzrakstīts {tmp_path / 'inputs' / 'partners.xlsx'}\n")
    again = invoke("init", tmp_path, "--lang", "lv")
    assert again.exit_code == 1
    assert again.output == (
        f"Kļūda: {tmp_path / 'inputs' / 'partners.xlsx'} jau ir; lai to pārrakstītu, "
        "izmantojiet --force\n"
    )


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 problēma."), (2, "2 problēmas."), (10, "10 problēmu."), (21, "21 problēma.")],
)
def test_counts_take_latvian_plural_forms(count, expected):
    i18n.set_language("lv")
    assert i18n.ngettext("{count} problem.", "{count} problems.", count).format(count=count) == (
        expected
    )


# --- The batch: its table, and messages made in its worker processes ------------------------

FAILING_AGREEMENT = [
    ['{{ partner.name }}{% if partner.code == "ADAZI" %}{{ budget.lm_total|date }}{% endif %}']
]


def test_the_batchs_table_and_a_failed_document_are_latvian(book, tmp_path):
    templates = templates_with_agreement(tmp_path, FAILING_AGREEMENT)
    out = tmp_path / "out"
    shown = invoke(
        "batch", "--lang", "lv", book.save(), "--out", out, "--templates", templates, "--quiet"
    )
    assert shown.exit_code == 1
    template = templates / "sadarbibas_ligums.docx"
    assert (
        f"neizdevās: ADAZI/ADAZI_sadarbibas_ligums.docx: {template}: tags "
        "{{ budget.lm_total|date }} nevar noformēt savu vērtību: "
    ) in shown.output
    table = [line.split() for line in shown.output.splitlines()[-4:]]
    assert table == [
        ["uzrakstīts", "12"],
        ["nemainīts", "0"],
        ["rediģēts", "0"],
        ["neizdevās", "1"],
    ]


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_a_worker_process_reports_a_failure_in_the_batchs_language(
    book, tmp_path, monkeypatch, start
):
    if start == "fork" and not batch_run.can_fork():
        pytest.skip("this system cannot fork")
    monkeypatch.setattr(batch_run, "can_fork", lambda: start == "fork")
    started = pool_starts(monkeypatch)
    templates = templates_with_agreement(tmp_path, FAILING_AGREEMENT)
    i18n.set_language("lv")  # as --lang lv does
    result = run_batch(book.save(), tmp_path / "out", templates, jobs=2, today=date(2026, 1, 5))
    assert started == [start]
    [failed] = [o for o in result.outcomes if o.status == "failed"]
    tag = "{{ budget.lm_total|date }}"
    assert f"{templates / 'sadarbibas_ligums.docx'}: tags {tag} nevar noformēt savu vērtību: " in (
        failed.message
    )


def test_every_command_is_docgens_own_command_class():
    assert all(isinstance(command, Command) for _, command in commands())


@pytest.mark.parametrize(
    "args",
    [["batch", "--jobs", "x"], ["claim", "--number", "x"], ["serve", "--port", "x"]],
    ids=["jobs", "number", "port"],
)
def test_a_number_option_is_named_in_latvian_in_its_error_and_its_help(args):
    """Not "'x' nav derīgs skaitlis (integer range)" nor "--jobs INTEGER RANGE"."""
    shown = invoke("--lang", "lv", *args)
    assert shown.exit_code == 2
    assert "'x' nav derīgs skaitlis (vesels skaitlis).\n" in shown.output
    shown = invoke("--lang", "lv", args[0], "--help")
    assert "INTEGER" not in shown.output
    assert f"{args[1]} VESELS SKAITLIS" in shown.output
    english = invoke("--lang", "en", args[0], "--help").output
    assert f"{args[1]} INTEGER RANGE" in english  # as before


def test_a_user_name_that_cannot_be_is_refused_before_the_password_is_asked(tmp_path):
    shown = CliRunner().invoke(
        main, ["--lang", "lv", "users", "add", str(tmp_path / "users.txt"), "anna berta"], input=""
    )
    assert shown.exit_code == 2
    assert "Parole" not in shown.output
    assert "'anna berta': lietotājvārdā ir 1–64 burti" in shown.output
    assert not (tmp_path / "users.txt").exists()
