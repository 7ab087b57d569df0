"""The ``docgen`` command: a thin layer over the library.

Each command parses its arguments, calls the library, and turns a DocgenError into a
ClickException (exit 1). Calling a command wrongly is Click's usage error (exit 2).

It speaks English, or Latvian with ``--lang lv`` (on the group or on any command) or
``LANG=lv_LV.UTF-8``: its messages, its help (each command's docstring and each option's help
are msgids, translated when shown) and Click's own words (Usage:, Options:, Error: …).
"""

from __future__ import annotations

import ast
import errno
import functools
import importlib
import inspect
import io
import socket
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from docgen import __version__
from docgen.documents.kinds import (
    KINDS,
    SelectionError,
    plan_agreements,
    plan_amendments,
    plan_claims,
    plan_reports,
    plan_summary,
    summary_warnings,
)
from docgen.errors import AmountError, DocgenError, Problem
from docgen.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, _, language, ngettext, set_language
from docgen.latvian.words import amount_in_words
from docgen.money import parse_amount
from docgen.records import Workbook
from docgen.splits import FORMATS, splits_report, to_json, to_table, write_report

if TYPE_CHECKING:
    # The batch's machinery is imported by the commands that run one: `docgen validate` starts
    # without it (0.04 s, bench/validate.py).
    from docgen.batch.run import BatchResult, Outcome

# --- The language ------------------------------------------------------------------------


def requested_language(args: Sequence[str]) -> str | None:
    """The language ``--lang`` asks for among the command's words (the last one, before
    ``--``), read before Click parses them: a usage error found while parsing is then already
    in that language."""
    chosen = None
    for index, word in enumerate(args):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif word.startswith("--lang="):
            value = word.partition("=")[2]
        else:
            continue
        chosen = value if value in LANGUAGES else chosen
    return chosen


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        set_language(value)


class Option(click.Option):
    """An option whose help and prompt are msgids, shown in the language chosen by then;
    ``help_values`` fill the help's ``{placeholders}``."""

    def __init__(self, *args: Any, help_values: dict[str, str] | None = None, **kwargs: Any):
        self.help_values = help_values or {}
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def help(self) -> str | None:
        if not self._help:
            return self._help
        return _(self._help).format(**self.help_values) if self.help_values else _(self._help)

    @help.setter
    def help(self, text: str | None) -> None:
        self._help = text

    @property  # type: ignore[override]
    def prompt(self) -> str | None:
        return _(self._prompt) if self._prompt else self._prompt

    @prompt.setter
    def prompt(self, text: str | None) -> None:
        self._prompt = text


option = functools.partial(click.option, cls=Option)


def language_option() -> Option:
    """``--lang``, which every command takes (eager: set before the others are looked at)."""
    return Option(
        ["--lang"],
        type=click.Choice(LANGUAGES),
        expose_value=False,
        is_eager=True,
        callback=_choose_language,
        help=N_(
            "The language of messages and help: en or lv (Latvian); by default the"
            " environment's (LANG=lv_LV.UTF-8 is Latvian), else English."
        ),
    )


class Command(click.Command):
    """A command whose help is its docstring as a msgid (cleaned as :func:`inspect.cleandoc`
    cleans it, the form :func:`extract_messages` gives the catalog), shown in the language
    chosen by then; every command takes ``--lang``."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not any(param.name == "lang" for param in self.params):
            self.params.append(language_option())

    @property  # type: ignore[override]
    def help(self) -> str | None:
        return _(inspect.cleandoc(self._help)) if self._help else self._help

    @help.setter
    def help(self, text: str | None) -> None:
        self._help = text

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # Click makes --help once per command (with its help in the language of that moment)
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        return option


class Group(Command, click.Group):
    """docgen's group: its commands (and groups) are :class:`Command`; ``--lang`` anywhere among
    the words is read before they are parsed."""

    command_class = Command
    group_class = type  # a group of the same class

    def main(self, args: Sequence[str] | None = None, *more: Any, **options: Any) -> Any:
        chosen = requested_language(sys.argv[1:] if args is None else list(args))
        if chosen is not None:
            set_language(chosen)
        return super().main(args, *more, **options)


class PathType(click.Path):
    """click.Path, its word for the thing (file, directory) translated when shown."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Click names it in the language of the moment it is made (when cli.py is imported)
        if self.file_okay and not self.dir_okay:
            self.name = N_("file")
        elif self.dir_okay and not self.file_okay:
            self.name = N_("directory")
        else:
            self.name = N_("path")

    @property  # type: ignore[override]
    def name(self) -> str:
        return _(self._name)

    @name.setter
    def name(self, text: str) -> None:
        self._name = text


class WholeNumber(click.IntRange):
    """click.IntRange, its name (the metavar of --help, the "not a valid …" error) translated
    when shown: Click's own is "integer range", in English only."""

    @property  # type: ignore[override]
    def name(self) -> str:
        return _("integer range")


class Number(click.FloatRange):
    """click.FloatRange, its name translated when shown, as WholeNumber's."""

    @property  # type: ignore[override]
    def name(self) -> str:
        return _("number range")


# Click asks gettext for its own words (``from gettext import gettext as _`` in each of these
# modules), and gettext finds only compiled catalogs on disk in its own process-wide domain;
# docgen's catalog is compiled in memory. So those names are pointed at docgen's catalog: in
# English they are Click's own, as before.
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types")


def _in_docgen_language(theirs: Callable[..., str], ours: Callable[..., str]) -> Callable[..., str]:
    @functools.wraps(theirs)
    def translate(*args: Any) -> str:
        return theirs(*args) if language() == DEFAULT_LANGUAGE else ours(*args)

    translate.docgen = True  # type: ignore[attr-defined]
    return translate


def route_click_messages() -> None:
    """Have Click's own words (Usage:, Error: …, No such option …) come from docgen's catalog."""
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        for attribute, ours in (("_", _), ("ngettext", ngettext)):
            theirs = getattr(module, attribute, None)
            if callable(theirs) and not getattr(theirs, "docgen", False):
                setattr(module, attribute, _in_docgen_language(theirs, ours))


route_click_messages()


def click_messages() -> list[str]:
    """Click's words a docgen user meets (help, usage errors, the parameter types docgen uses,
    the password prompt), as Click asks gettext for them (the singular of a plural): listed so
    that pybabel extracts them into docgen's catalog, and a test checks Click still has them."""
    return [
        N_("Usage:"),
        N_("Options"),
        N_("Commands"),
        N_("Positional arguments"),
        N_("Show this message and exit."),
        N_("default: {default}"),
        N_("env var: {var}"),
        N_("(dynamic)"),
        N_("Aborted!"),
        N_("Error: {message}"),
        N_("Try '{command} {option}' for help."),
        N_("Missing command."),
        N_("No such command {name!r}."),
        N_("No such option {name!r}."),
        ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1),
        N_("Invalid value: {message}"),
        N_("Invalid value for {param_hint}: {message}"),
        N_("Missing argument"),
        N_("Missing option"),
        N_("Missing parameter"),
        N_("Missing parameter: {param_name}"),
        ngettext(
            "Option {name!r} requires an argument.",
            "Option {name!r} requires {nargs} arguments.",
            1,
        ),
        N_("Option {name!r} does not take a value."),
        ngettext(
            "Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1
        ),
        ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1),
        N_("{value!r} is not a valid {number_type}."),
        N_("{value} is not in the range {range}."),
        N_("file"),
        N_("directory"),
        N_("path"),
        N_("{name} {filename!r} does not exist."),
        N_("{name} {filename!r} is a file."),
        N_("{name} {filename!r} is a directory."),
        N_("{name} {filename!r} is not readable."),
        N_("{name} {filename!r} is not writable."),
        N_("Repeat for confirmation"),
        N_("Error: The two entered values do not match."),
        N_("Error: invalid input"),
    ]


def _makes_command(decorator: ast.expr) -> bool:
    """``@main.command(…)``, ``@click.group(…)``, ``@templates.command("check")``."""
    return (
        isinstance(decorator, ast.Call)
        and isinstance(decorator.func, ast.Attribute)
        and decorator.func.attr in ("command", "group")
    )


def extract_messages(
    fileobj: Any, keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, str | tuple[str, ...], list[str]]]:
    """Babel's extraction of this module (babel.cfg): its marked messages, as Babel finds them
    in any module, and each command's docstring, which is its --help (cleaned, as
    :class:`Command` looks it up)."""
    from babel.messages.extract import extract_python

    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and any(map(_makes_command, node.decorator_list)):
            text = ast.get_docstring(node)
            if text:
                yield node.lineno, "_", text, []


# --- The commands --------------------------------------------------------------------------

DEFAULT_WORKBOOK = Path("inputs/partners.xlsx")
INTERRUPTED = N_(
    "interrupted (Ctrl-C); every file written so far is whole, and the next run goes on from them"
)  # translated where it is shown

# The modules that need openpyxl (and numpy with it: docgen.workbook.reader, docgen.sample) or
# docxtpl (docgen.documents.template_check) are imported by the commands that use them: `docgen
# batch` reads the workbook in another process while it imports docxtpl and prepares the templates.


# The lock files Excel (``~$partners.xlsx``) and LibreOffice (``.~lock.partners.xlsx#``) keep
# beside a workbook while it is open in them.
OPEN_MARKS = ("~${name}", ".~lock.{name}#")


def warn_if_open(path: Path) -> None:
    """Warn when the workbook is open in Excel or LibreOffice (its lock file beside it): what
    was typed there and not saved is not in the file docgen reads."""
    for mark in OPEN_MARKS:
        lock = path.with_name(mark.format(name=path.name))
        if lock.exists():
            message = _(
                "open in Excel or LibreOffice ({lock} is beside it): changes not saved there are"
                " not read"
            ).format(lock=lock.name)
            click.echo(str(Problem(str(path), message, "warning")), err=True)
            return


def load(path: Path) -> Workbook:
    from docgen.workbook.reader import load

    warn_if_open(path)
    return load(path)


def _reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's DocgenError into Click's error (message, exit 1), and Ctrl-C into one
    line (the batch's workers ignore it and are stopped by the batch, which leaves no half file)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DocgenError as exc:
            raise click.ClickException(str(exc)) from exc
        except KeyboardInterrupt:
            raise click.ClickException(_(INTERRUPTED)) from None

    return wrapper


workbook_argument = click.argument(
    "workbook",
    type=PathType(exists=True, dir_okay=False, path_type=Path),
    default=DEFAULT_WORKBOOK,
)


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        prog = ctx.find_root().info_name
        click.echo(_("{prog}, version {version}").format(prog=prog, version=__version__))
        ctx.exit()


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help=N_("Show the version and exit."),
)
def main() -> None:
    """Cooperation agreements, funding splits, payment claims and progress reports for the
    ESF project's partner municipalities, from one Excel workbook.

    WORKBOOK defaults to inputs/partners.xlsx everywhere.
    """


# The examples `docgen init` writes: docgen.sample.EXAMPLES, named here so that the command
# line does not import openpyxl to show its help.
EXAMPLES = ("9.2.1.1", "esf-plus")


@main.command()
@click.argument("directory", type=PathType(file_okay=False, path_type=Path), default=".")
@option("--force", is_flag=True, help=N_("Overwrite an existing workbook."))
@option(
    "--force-templates",
    is_flag=True,
    help=N_(
        "Overwrite templates that differ from the shipped ones (edited); an existing workbook is"
        " kept unless --force."
    ),
)
@option(
    "--example",
    type=click.Choice(EXAMPLES),
    default=EXAMPLES[0],
    show_default=True,
    help=N_(
        "9.2.1.1: the 43 local governments of 2021-2023 in docgen's default shape; esf-plus: "
        "an ESF+ project of 2024-2028 with 10 partners and its own cost categories, "
        "indicators and fund rate."
    ),
)
@_reports_errors
def init(directory: Path, force: bool, force_templates: bool, example: str) -> None:
    """Write an example workbook to DIRECTORY/inputs/partners.xlsx and the default Word
    templates to DIRECTORY/templates/.

    The workbook holds made-up but consistent figures: by default the 43 local governments of
    2021-2023 as partners, with 2-6 payment claims and progress rows each; with --example
    esf-plus a project of another shape (sheets Kategorijas and Rādītāju saraksts). An existing
    workbook is overwritten only with --force; a template that differs from the shipped one
    (edited) only with --force-templates, and without it nothing is written and the edited
    templates are named.

    Example: docgen init myproject --example esf-plus
    """
    from docgen.sample import init_project

    written = init_project(directory, force=force, force_templates=force_templates, example=example)
    for path in written:
        click.echo(_("Wrote {path}").format(path=path))


@main.command("validate")
@workbook_argument
@option(
    "--mark",
    type=PathType(dir_okay=False, path_type=Path),
    metavar="FILE.xlsx",
    help=N_(
        "Also write a copy of WORKBOOK to FILE.xlsx with every problem marked on its cell"
        " (errors red, warnings yellow, the message as the cell's comment) and a first sheet"
        " listing them with links. WORKBOOK itself is not changed."
    ),
)
def validate_command(workbook: Path, mark: Path | None) -> None:
    """Check WORKBOOK and print every problem, then a one-line summary.

    Each problem names its place as Sheet!Cell (Column): what is wrong.
    Exits 0 when there are no errors (warnings allowed), 1 when there are. Warnings: unsure
    declensions, a claim dated on a non-working day or after its deadline, a claim without a
    progress row for its period, a representative's authority to check.

    Example: docgen validate inputs/partners.xlsx
    """
    from docgen.workbook.reader import validate

    if mark is not None:  # openpyxl, which marking needs, is imported only then
        from docgen.workbook.marks import check_target, write_marked
    try:
        if mark is not None:
            check_target(workbook, mark)  # before reading: nothing to wait for when refused
        warn_if_open(workbook)
        result = validate(workbook)
        for problem in result.problems:
            click.echo(str(problem))
        click.echo(result.summary())
        if mark is not None:
            path = write_marked(workbook, result.problems, mark)
            count = len(result.problems)
            click.echo(
                ngettext(
                    "Wrote {path}: {count} problem marked.",
                    "Wrote {path}: {count} problems marked.",
                    count,
                ).format(path=path, count=count)
            )
    except DocgenError as exc:
        raise click.ClickException(str(exc)) from exc
    if not result.ok:
        raise SystemExit(1)


@main.command()
@workbook_argument
@option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help=N_(
        "table: aligned, Latvian figures; json: the contract of docs/workbook.md;"
        " xlsx: a sheet (needs -o)."
    ),
)
@option(
    "-o",
    "--output",
    type=PathType(dir_okay=False, path_type=Path),
    help=N_("Write to this file instead of the terminal."),
)
@_reports_errors
def splits(workbook: Path, fmt: str, output: Path | None) -> None:
    """Print every partner's funding split: the ministry's share (ESF and state budget),
    the municipality's co-financing and non-eligible costs, with totals.

    Example: docgen splits --format json -o out/splits.json
    """
    if fmt == "xlsx" and output is None:
        raise click.UsageError(_("--format xlsx needs -o FILE"))
    report = splits_report(load(workbook))
    if output is not None:
        click.echo(_("Wrote {path}").format(path=write_report(report, fmt, output)))
    else:
        click.echo(to_json(report) if fmt == "json" else to_table(report), nl=False)


@main.command()
@click.argument("amount")
@option(
    "--style",
    type=click.Choice(["accounting", "literary"]),
    default="accounting",
    show_default=True,
    help=N_('accounting writes "viens simts", "viens tūkstotis"; literary "simts", "tūkstotis".'),
)
def words(amount: str, style: str) -> None:
    """Print AMOUNT of euro in words, in the legal style.

    Example: docgen words 316.47  ->  trīs simti sešpadsmit euro un 47 centi
    """
    try:
        value = parse_amount(amount)
        click.echo(amount_in_words(value, style))
    except AmountError as exc:
        raise click.BadParameter(str(exc), param_hint="AMOUNT") from exc


# --- Documents ---------------------------------------------------------------------------


class DateParam(click.ParamType):
    """A date written 18.04.2016. or 2016-04-18."""

    name = "DATE"

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        if isinstance(value, date):
            return value
        for fmt in ("%d.%m.%Y.", "%d.%m.%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
        message = _("{value} is not a date (write it like 18.04.2016. or 2016-04-18)")
        self.fail(message.format(value=repr(value)), param, ctx)


def _folder_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """WORKBOOK, --out and --templates: where the data comes from and the documents go."""
    options = [
        workbook_argument,
        option(
            "--out",
            type=PathType(file_okay=False, path_type=Path),
            default=Path("out"),
            show_default=True,
            help=N_("Folder the documents, manifest.json and registrs.xlsx go to."),
        ),
        option(
            "--templates",
            type=PathType(exists=True, file_okay=False, path_type=Path),
            help=N_(
                "Folder of the Word templates [default: templates, or docgen's shipped templates"
                " when there is no such folder]."
            ),
        ),
    ]
    for decorator in reversed(options):
        command = decorator(command)
    return command


def _force_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return option(
        "--force", is_flag=True, help=N_("Replace documents edited since docgen wrote them.")
    )(command)


def _document_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The folders, --partner (repeatable) and --force."""
    command = _force_option(command)
    command = option(
        "--partner",
        "partners",
        multiple=True,
        metavar="CODE",
        help=N_("Only this partner (repeatable); all partners by default."),
    )(command)
    return _folder_options(command)


def _pdf_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--pdf, --pdfa and --pdf-timeout, gathered into one ``pdf`` argument."""
    options = [
        option("--pdf", is_flag=True, help=N_("Also convert each document to PDF (LibreOffice).")),
        option("--pdfa", is_flag=True, help=N_("Archival PDF/A-2b (implies --pdf).")),
        option(
            "--pdf-timeout",
            type=Number(min=1),
            default=300,
            show_default=True,
            help=N_("Seconds a LibreOffice run may take before it is stopped."),
        ),
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, pdf: bool, pdfa: bool, pdf_timeout: float, **kwargs: Any) -> Any:
        settings = {"pdf": pdf or pdfa, "pdfa": pdfa, "pdf_timeout": pdf_timeout}
        return command(*args, pdf=settings, **kwargs)

    for decorator in reversed(options):
        wrapper = decorator(wrapper)
    return wrapper


def _period_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = option("--to", "end", type=DateParam(), help=N_("Last day of the period."))(command)
    return option("--from", "start", type=DateParam(), help=N_("First day of the period."))(command)


def _period(start: date | None, end: date | None) -> tuple[date, date] | None:
    if (start is None) != (end is None):
        raise click.UsageError(_("give both --from and --to, or neither"))
    if start and end and end < start:
        message = _("{end} is before --from {start}").format(end=end, start=start)
        raise click.BadParameter(message, param_hint="--to")
    return (start, end) if start and end else None


DEFAULT_TEMPLATES = Path("templates")


def shipped_templates() -> Path:
    """The folder of the Word templates shipped with docgen (those `docgen init` copies)."""
    return Path(str(resources.files("docgen.default_templates")))


def templates_folder(given: Path | None) -> Path:
    """The templates a command uses: --templates when given; else ./templates, or, when there
    is no such folder, the shipped ones (said in one line)."""
    if given is not None:
        return given
    if DEFAULT_TEMPLATES.is_dir():
        return DEFAULT_TEMPLATES
    shipped = shipped_templates()
    click.echo(
        _("No folder {folder}: using the templates shipped with docgen ({path}).").format(
            folder=DEFAULT_TEMPLATES, path=shipped
        ),
        err=True,
    )
    return shipped


def _generate(
    workbook_path: Path,
    out: Path,
    templates: Path | None,
    force: bool,
    pdf: dict[str, Any],
    plan: Callable[[Workbook], list[Any]],
    nothing: Callable[[], str] | None = None,
    warnings: Callable[[Workbook], list[Problem]] | None = None,
) -> None:
    """Load the workbook (nothing is written when it has errors), plan, and run those documents
    as a batch: the same checks, manifest and protection of edited documents. When the plan is
    empty, ``nothing()`` says so and nothing is run; ``warnings`` are the plan's own."""
    workbook = load(workbook_path)
    try:
        planned = plan(workbook)
    except SelectionError as exc:
        raise click.BadParameter(str(exc)) from exc
    if not planned and nothing is not None:
        click.echo(nothing())
        return
    for warning in warnings(workbook) if warnings is not None else ():
        click.echo(str(warning), err=True)
    folder = templates_folder(templates)
    from docgen.batch.run import run_batch

    result = run_batch(workbook, out, folder, documents=planned, force=force, **pdf)
    _report(result, quiet=False, each=True)


def _nothing(kind: str, partners: Sequence[str]) -> Callable[[], str]:
    """What a document command says when the workbook has nothing of ``kind`` (claim, report,
    amendment) for the ``partners`` asked for (all when none)."""

    def message() -> str:
        count, codes = len(partners), ", ".join(partners)
        if kind == "claim":
            if not partners:
                return _("Nothing to make: no partner has payment claims (sheet Maksājumi).")
            return ngettext(
                "Nothing to make: partner {codes} has no payment claims (sheet Maksājumi).",
                "Nothing to make: partners {codes} have no payment claims (sheet Maksājumi).",
                count,
            ).format(codes=codes)
        if kind == "report":
            if not partners:
                return _("Nothing to make: no partner has progress rows (sheet Rādītāji).")
            return ngettext(
                "Nothing to make: partner {codes} has no progress rows (sheet Rādītāji).",
                "Nothing to make: partners {codes} have no progress rows (sheet Rādītāji).",
                count,
            ).format(codes=codes)
        if not partners:
            return _("Nothing to make: no partner has amendments (sheet Grozījumi).")
        return ngettext(
            "Nothing to make: partner {codes} has no amendments (sheet Grozījumi).",
            "Nothing to make: partners {codes} have no amendments (sheet Grozījumi).",
            count,
        ).format(codes=codes)

    return message


# What became of a document, as the closing table and the lines about documents say it.
STATUSES = {
    "written": N_("written"),
    "unchanged": N_("unchanged"),
    "edited": N_("edited"),
    "failed": N_("failed"),
}


def _status(outcome: Outcome) -> str:
    return _(STATUSES[outcome.status])


def _outcome_line(outcome: Outcome) -> str:
    path = outcome.document.path.as_posix()
    if outcome.message:
        return _("{status}: {path}: {message}").format(
            status=_status(outcome), path=path, message=outcome.message
        )
    return _("{status}: {path}").format(status=_status(outcome), path=path)


def _report(result: BatchResult, quiet: bool, each: bool = False) -> None:
    """Warnings, what went wrong, the closing table; exit 1 if a document was kept or failed."""
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    for outcome in result.outcomes:
        if outcome.status in ("edited", "failed") or (each and not quiet):
            click.echo(_outcome_line(outcome))
    for path in result.superseded:
        click.echo(_("superseded: {path}").format(path=path))
    for path in result.pruned:
        click.echo(_("removed: {path}").format(path=path))
    if result.superseded:
        count = len(result.superseded)
        click.echo(
            ngettext(
                "{count} superseded: the workbook no longer asks for it; kept in the folder, left"
                " out of the register and the zip (docgen batch --prune removes it)",
                "{count} superseded: the workbook no longer asks for them; kept in the folder,"
                " left out of the register and the zip (docgen batch --prune removes them)",
                count,
            ).format(count=count)
        )
    names = {status: _(word) for status, word in STATUSES.items()}
    width = max(map(len, names.values())) + 1
    # documents and their PDFs counted as what they are, each in a column of its own
    pdfs = [o for o in result.outcomes if o.document.path.suffix == ".pdf"]
    documents = [o for o in result.outcomes if o.document.path.suffix != ".pdf"]
    heading = _("documents")
    if pdfs:
        header = f"{'':<{width}}{heading:>{len(heading) + 2}}{_('PDF'):>6}"
        click.echo(header)
    for status, name in names.items():
        count = sum(1 for o in documents if o.status == status)
        line = f"{name:<{width}}{count:>{len(heading) + 2 if pdfs else 6}}"
        if pdfs:
            line += f"{sum(1 for o in pdfs if o.status == status):>6}"
        if status == "edited" and result.count(status):
            line += "   " + _("kept; --force replaces them")
        click.echo(line)
    if result.zip_path:
        click.echo(_("Wrote {path}").format(path=result.zip_path))
    for error in result.errors:
        click.echo(_("Error: {message}").format(message=error), err=True)
    if not result.ok:
        raise SystemExit(1)


@main.command()
@_document_options
@_pdf_options
@_reports_errors
def agreement(
    workbook: Path,
    partners: tuple[str, ...],
    out: Path,
    templates: Path | None,
    force: bool,
    pdf: dict[str, Any],
) -> None:
    """Write the cooperation agreement of each partner,
    OUT/<CODE>/<CODE>_sadarbibas_ligums.docx, and beside it its annexes 2 and 3, the blank
    claim and report forms (<CODE>_sadarbibas_ligums_pielikums_2.docx and _3.docx).

    Example: docgen agreement --partner JURMALA
    """
    _generate(workbook, out, templates, force, pdf, lambda wb: plan_agreements(wb, partners))


@main.command()
@_document_options
@option("--number", type=WholeNumber(min=1), help=N_("Only the claim with this number."))
@_pdf_options
@_reports_errors
def claim(
    workbook: Path,
    partners: tuple[str, ...],
    out: Path,
    templates: Path | None,
    force: bool,
    number: int | None,
    pdf: dict[str, Any],
) -> None:
    """Write payment claims: OUT/<CODE>/<CODE>_maksajuma_pieprasijums_<N>.docx
    (every claim of every partner by default).

    An advance claim asks for the advance; each claim after it shows the advance offset and
    the amount payable; the final claim reconciles everything with the agreement.

    Example: docgen claim --partner RIGA --number 2
    """
    _generate(
        workbook,
        out,
        templates,
        force,
        pdf,
        lambda wb: plan_claims(wb, partners, number),
        _nothing("claim", partners),
    )


@main.command()
@_document_options
@option("--number", type=WholeNumber(min=1), help=N_("Only the amendment with this number."))
@_pdf_options
@_reports_errors
def amendment(
    workbook: Path,
    partners: tuple[str, ...],
    out: Path,
    templates: Path | None,
    force: bool,
    number: int | None,
    pdf: dict[str, Any],
) -> None:
    """Write amendment agreements from the sheet Grozījumi:
    OUT/<CODE>/<CODE>_grozijumi_<N>.docx, and for each amended partner the consolidated
    agreement OUT/<CODE>/<CODE>_sadarbibas_ligums_konsolideta.docx (every amendment applied,
    for reading). The agreement itself stays as first signed.

    Example: docgen amendment --partner RIGA --number 2
    """
    _generate(
        workbook,
        out,
        templates,
        force,
        pdf,
        lambda wb: plan_amendments(wb, partners, number),
        _nothing("amendment", partners),
    )


@main.command()
@_document_options
@_period_options
@_pdf_options
@_reports_errors
def report(
    workbook: Path,
    partners: tuple[str, ...],
    out: Path,
    templates: Path | None,
    force: bool,
    start: date | None,
    end: date | None,
    pdf: dict[str, Any],
) -> None:
    """Write progress reports: OUT/<CODE>/<CODE>_progresa_parskats_<from>_<to>.docx.

    Without --from/--to, one report per period of the sheet Rādītāji; with them, one report
    per partner for that period.

    Example: docgen report --partner RIGA --from 01.07.2021. --to 31.12.2022.
    """
    period = _period(start, end)
    _generate(
        workbook,
        out,
        templates,
        force,
        pdf,
        lambda wb: plan_reports(wb, partners, period),
        _nothing("report", partners),
    )


@main.command()
@_folder_options
@_force_option
@_period_options
@_pdf_options
@_reports_errors
def summary(
    workbook: Path,
    out: Path,
    templates: Path | None,
    force: bool,
    start: date | None,
    end: date | None,
    pdf: dict[str, Any],
) -> None:
    """Write the consolidated summary of all partners: OUT/kopsavilkums_<from>_<to>.docx.

    The whole project by default (earliest start to latest end), or the period given.

    Example: docgen summary --from 01.01.2022. --to 31.12.2022.
    """
    period = _period(start, end)
    _generate(
        workbook,
        out,
        templates,
        force,
        pdf,
        lambda wb: plan_summary(wb, period),
        warnings=lambda wb: summary_warnings(wb, period) if period else [],
    )


@main.group()
def templates() -> None:
    """Work with the Word templates."""


@templates.command("check")
@click.argument(
    "directory",
    type=PathType(exists=True, file_okay=False, path_type=Path),
    default=Path("templates"),
)
@option(
    "--workbook",
    type=PathType(exists=True, dir_okay=False, path_type=Path),
    help=N_(
        "Check against the fields of this workbook's project: its cost categories and "
        "indicators (by default 9.2.1.1's)."
    ),
)
@_reports_errors
def templates_check(directory: Path, workbook: Path | None) -> None:
    """List each template's fields and report every field or filter the context does not
    provide, syntax errors and tags Word split into pieces. Exit 1 if there is any.

    Example: docgen templates check templates/ --workbook inputs/partners.xlsx
    """
    from docgen.documents.template_check import check_templates

    shape = ()
    if workbook is not None:
        project = load(workbook).project
        shape = (project.rates, project.indicators)
    problems = 0
    for item in check_templates(directory, KINDS, *shape, render=True):
        count = len(item.fields)
        click.echo(
            ngettext("{path}: {count} field", "{path}: {count} fields", count).format(
                path=item.path, count=count
            )
        )
        if item.fields:
            click.echo("  " + ", ".join(item.fields))
        for problem in item.problems:
            click.echo(str(problem))
        problems += len(item.problems)
    click.echo(ngettext("{count} problem.", "{count} problems.", problems).format(count=problems))
    if problems:
        raise SystemExit(1)


# --- The batch ---------------------------------------------------------------------------


class KindsParam(click.ParamType):
    """A comma-separated list of document kinds."""

    name = "KINDS"

    def convert(self, value: Any, param: Any, ctx: Any) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        kinds = tuple(k.strip() for k in value.split(",") if k.strip())
        unknown = [k for k in kinds if k not in KINDS]
        if unknown or not kinds:
            message = _("{value}: choose from {kinds}").format(
                value=repr(value), kinds=", ".join(KINDS)
            )
            self.fail(message, param, ctx)
        return kinds


@dataclass
class Counts:
    """A batch's progress, its documents and their PDFs counted apart: the batch's own count
    runs on through the PDFs, which come after every document."""

    documents: int = 0
    ready: int = 0  # documents written or unchanged: those a PDF is made of
    pdfs: int = 0

    def add(self, outcome: Outcome) -> bool:
        """Count ``outcome``; whether it is a PDF."""
        if outcome.document.path.suffix == ".pdf":
            self.pdfs += 1
            return True
        self.documents += 1
        self.ready += outcome.status in ("written", "unchanged")
        return False


def _progress(quiet: bool, pdf: bool) -> tuple[Callable[..., None] | None, Callable[[], None]]:
    """A progress bar on a terminal, a line per document otherwise, nothing when quiet: the
    documents first, then their PDFs, each counted against its own total."""
    if quiet:
        return None, lambda: None
    counts = Counts()
    terminal = sys.stdout.isatty()
    width = max(len(_(word)) for word in STATUSES.values())
    bars: list[Any] = []  # the documents' bar, then the PDFs'
    started = [time.monotonic()]  # of the documents, then of the PDFs

    def close() -> None:
        while bars:
            bars.pop().__exit__(None, None, None)

    def advance(label: str, total: int, done: int) -> None:
        if not bars:
            bars.append(
                click.progressbar(
                    length=total,
                    label=label,
                    show_pos=True,
                    show_eta=True,
                    item_show_func=lambda rate: (
                        _("{rate} doc/s").format(rate=f"{rate:.1f}") if rate else None
                    ),
                ).__enter__()
            )
        elapsed = time.monotonic() - started[0]
        bars[0].update(1, done / elapsed if elapsed > 0 else None)

    def update(outcome: Outcome, done: int, total: int) -> None:
        is_pdf = counts.add(outcome)
        done, total = (counts.pdfs, counts.ready) if is_pdf else (counts.documents, total)
        if terminal:
            advance(_("PDF") if is_pdf else _("Documents"), total, done)
        else:
            line = (
                _("[PDF {done}/{total}] {status} {path}")
                if is_pdf
                else _("[{done}/{total}] {status} {path}")
            )
            status = _status(outcome).ljust(width)
            path = outcome.document.path.as_posix()
            click.echo(line.format(done=done, total=total, status=status, path=path))
        if not is_pdf and done == total and pdf and counts.ready:
            close()  # the documents are done; LibreOffice's part, the slow one, starts
            started[0] = time.monotonic()  # the PDFs' rate counts from here
            click.echo(
                ngettext(
                    "Converting {count} document to PDF (LibreOffice)…",
                    "Converting {count} documents to PDF (LibreOffice)…",
                    counts.ready,
                ).format(count=counts.ready)
            )

    return update, close


@main.command()
@_folder_options
@option(
    "--jobs",
    type=WholeNumber(min=1),
    help=N_("Worker processes [default: one per core]."),
)
@option(
    "--only",
    "kinds",
    type=KindsParam(),
    default=",".join(KINDS),
    help=N_("Only these kinds, comma-separated: {kinds}."),
    help_values={"kinds": ",".join(KINDS)},
)
@option(
    "--partner",
    "partners",
    multiple=True,
    metavar="CODE",
    help=N_(
        "Only this partner's documents (repeatable), the summary of all partners not made;"
        " all partners by default."
    ),
)
@option("--zip", "make_zip", is_flag=True, help=N_("Also write OUT/docgen_<date>.zip."))
@option(
    "--prune",
    is_flag=True,
    help=N_(
        "Remove the superseded documents (those the workbook no longer asks for) and their PDFs;"
        " one changed since docgen wrote it only with --force."
    ),
)
@_force_option
@option(
    "--dry-run",
    is_flag=True,
    help=N_("List what would be written, superseded and (with --prune) removed; change nothing."),
)
@option("--quiet", is_flag=True, help=N_("Only the closing table and problems."))
@_pdf_options
@_reports_errors
def batch(
    workbook: Path,
    out: Path,
    templates: Path | None,
    jobs: int | None,
    kinds: tuple[str, ...],
    partners: tuple[str, ...],
    make_zip: bool,
    prune: bool,
    force: bool,
    dry_run: bool,
    quiet: bool,
    pdf: dict[str, Any],
) -> None:
    """Write every agreement, claim, report, amendment and the summary for every partner.

    The workbook is validated and the templates checked first; nothing is written when either
    has an error. Documents whose data and template are unchanged since the last run are
    skipped; a document edited since docgen wrote it is kept and listed (--force replaces it).
    A document docgen wrote before that the workbook no longer asks for (a partner removed, a
    period moved) is listed as superseded: kept in OUT, left out of the register and the zip
    (--prune removes it). Exit 1 if any document failed or was kept as edited.

    Example: docgen batch --zip; docgen batch --partner RIGA --partner JURMALA
    """
    from docgen.batch.run import run_batch

    warn_if_open(workbook)
    templates = templates_folder(templates)
    on_outcome, finish = _progress(quiet or dry_run, pdf["pdf"])
    try:
        result = run_batch(
            workbook,
            out,
            templates,
            kinds=kinds,
            partners=partners,
            jobs=jobs,
            force=force,
            dry_run=dry_run,
            make_zip=make_zip,
            prune=prune,
            on_outcome=on_outcome,
            **pdf,
        )
    except SelectionError as exc:  # a code the workbook does not have, as the other commands say
        raise click.BadParameter(str(exc), param_hint="'--partner'") from exc
    finally:
        finish()
    if dry_run:
        for warning in result.warnings:
            click.echo(str(warning), err=True)
        for outcome in result.outcomes:
            if not quiet and outcome.status == "written":
                path = outcome.document.path.as_posix()
                click.echo(_("would write {path}").format(path=path))
        for path in result.superseded:
            click.echo(_("would be superseded: {path}").format(path=path))
        for path in result.pruned:
            click.echo(_("would remove {path}").format(path=path))
        click.echo(
            _(
                "Dry run: {written} would be written, {unchanged} unchanged, {edited} kept as"
                " edited."
            ).format(
                written=result.count("written"),
                unchanged=result.count("unchanged"),
                edited=result.count("edited"),
            )
        )
        if result.superseded or result.pruned:
            click.echo(
                _(
                    "{superseded} would be superseded (kept in the folder), {removed} removed: the"
                    " workbook no longer asks for them."
                ).format(superseded=len(result.superseded), removed=len(result.pruned))
            )
        return
    if not result.planned and not (result.superseded or result.pruned or result.errors):
        message = _("Nothing to make: the workbook asks for no document of these kinds ({kinds}).")
        click.echo(message.format(kinds=",".join(kinds)))
        return
    _report(result, quiet)


# --- The web page ------------------------------------------------------------------------

LOCAL_HOST = "127.0.0.1"


def check_port(host: str, port: int) -> None:
    """Refuse, in the user's language, an address the server could not listen on (a port in
    use: another docgen serve), before an address is printed. The port is bound as uvicorn binds
    it, and let go at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                message = _(
                    "port {port} is in use (another docgen serve?); stop it or choose another"
                    " port with --port"
                )
            else:
                message = _("cannot listen on {host}, port {port}: {reason}")
            reason = exc.strerror or str(exc)
            raise click.ClickException(
                message.format(host=host, port=port, reason=reason)
            ) from None


@main.command()
@option("--host", default=LOCAL_HOST, show_default=True, help=N_("Address to listen on."))
@option("--port", type=WholeNumber(1, 65535), default=8000, show_default=True)
@option(
    "--folder",
    type=PathType(file_okay=False, path_type=Path),
    default=Path("web-runs"),
    show_default=True,
    help=N_("Each run's upload and documents go to a folder of its own here."),
)
@option(
    "--templates",
    type=PathType(file_okay=False, path_type=Path),
    default=Path("templates"),
    show_default=True,
    help=N_("Folder of the Word templates (the default templates when it does not exist)."),
)
@option(
    "--users",
    "users_file",
    type=PathType(exists=True, dir_okay=False, path_type=Path),
    help=N_("Users who may log in (docgen users add); needed for any --host but 127.0.0.1."),
)
@option(
    "--jobs",
    type=WholeNumber(min=1),
    help=N_("Worker processes of one batch [default: one per core]."),
)
@option(
    "--running",
    type=WholeNumber(min=1),
    help=N_("Batches that may run at once, at most one per user; more wait [default: 2]."),
)
@option(
    "--keep-days",
    type=Number(min=0, min_open=True),
    help=N_("Days a run and its files are kept, then removed [default: 30]."),
)
@option(
    "--lang",
    type=click.Choice(["lv", "en"]),
    default="lv",
    show_default=True,
    help=N_("The language of the page and of the messages."),
)
@_reports_errors
def serve(
    host: str,
    port: int,
    folder: Path,
    templates: Path,
    users_file: Path | None,
    jobs: int | None,
    running: int | None,
    keep_days: float | None,
    lang: str,
) -> None:
    """Serve the web page: validate a workbook, see its problems and splits, make the
    documents and download them, in a browser (docs/web.md). Needs the web extra:
    pip install -e '.[web]'.

    On 127.0.0.1 the page is opened with the secret token in the address printed
    (DOCGEN_TOKEN sets it); on any other address users log in (--users).

    Example: docgen serve --port 8080
    """
    import os
    import secrets

    try:
        import uvicorn

        from docgen.web import Settings, create_app
        from docgen.web.app import STOP_SECONDS
        from docgen.web.auth import read_users
    except ImportError as exc:
        raise click.ClickException(
            _(
                "the web page needs the web extra ({module} is missing): pip install -e '.[web]'"
            ).format(module=exc.name)
        ) from exc
    if host != LOCAL_HOST and users_file is None:
        raise click.UsageError(
            _("--host {host} needs --users FILE (only {local} uses a token)").format(
                host=host, local=LOCAL_HOST
            )
        )
    users = read_users(users_file) if users_file else None
    token = None
    if users is None:
        token = os.environ.get("DOCGEN_TOKEN") or secrets.token_urlsafe(32)
    if not templates.is_dir():
        from docgen.documents.render import copy_default_templates

        templates = folder / "templates"
        copy_default_templates(templates)
    settings = Settings(
        folder=folder.resolve(),
        templates=templates.resolve(),
        workbook=DEFAULT_WORKBOOK.resolve(),
        token=token,
        users=users,
        batch_jobs=jobs,
        max_running=running,
        retention_days=keep_days,
        lang=lang,
    )
    # From here on in the page's language: the busy port, the address to open, and the library's
    # messages on the page (workbook problems).
    set_language(lang)
    check_port(host, port)
    address = f"http://{host}:{port}/"
    if token:
        click.echo(_("Open {address}").format(address=f"{address}?token={token}"))
    else:
        click.echo(_("Open {address} and log in").format(address=address))
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=STOP_SECONDS,  # not each request's end: a preview can hang
    )


@main.group()
def users() -> None:
    """The users who may log in to docgen serve."""


def _user_name(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """The user name, checked before the password is asked for."""
    from docgen.web.auth import UsersFileError, check_user_name

    try:
        check_user_name(value)
    except UsersFileError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


@users.command("add")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("name", callback=_user_name)
@click.password_option(
    "--password", cls=Option, prompt=N_("Password"), help=N_("Asked for when not given.")
)
@_reports_errors
def users_add(file: Path, name: str, password: str) -> None:
    """Add user NAME to the users FILE (created if missing), or give NAME a new password.
    Lines are name:scrypt$salt$hash.

    Example: docgen users add users.txt anna
    """
    from docgen.web.auth import add_user

    add_user(file, name, password)
    click.echo(_("{name} can log in ({file})").format(name=name, file=file))
