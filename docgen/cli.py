"""The ``docgen`` command: a thin layer over the library.

Each command parses its arguments, calls the library, and turns a DocgenError into a
ClickException (exit 1). Calling a command wrongly is Click's usage error (exit 2).
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from docgen.batch.run import BatchResult, Outcome, run_batch
from docgen.documents.kinds import (
    KINDS,
    SelectionError,
    plan_agreements,
    plan_amendments,
    plan_claims,
    plan_reports,
    plan_summary,
)
from docgen.errors import AmountError, DocgenError
from docgen.latvian.words import amount_in_words
from docgen.money import parse_amount
from docgen.records import Workbook
from docgen.splits import FORMATS, splits_report, to_json, to_table, write_report

DEFAULT_WORKBOOK = Path("inputs/partners.xlsx")
INTERRUPTED = (
    "interrupted (Ctrl-C); every file written so far is whole, and the next run goes on from them"
)

# The modules that need openpyxl (and numpy with it: docgen.workbook.reader, docgen.sample) or
# docxtpl (docgen.documents.template_check) are imported by the commands that use them: `docgen
# batch` reads the workbook in another process while it imports docxtpl and prepares the templates.


def load(path: Path) -> Workbook:
    from docgen.workbook.reader import load

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
            raise click.ClickException(INTERRUPTED) from None

    return wrapper


workbook_argument = click.argument(
    "workbook",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DEFAULT_WORKBOOK,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="docgen")
def main() -> None:
    """Cooperation agreements, funding splits, payment claims and progress reports for the
    ESF project's partner municipalities, from one Excel workbook.

    WORKBOOK defaults to inputs/partners.xlsx everywhere.
    """


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--force", is_flag=True, help="Overwrite an existing workbook.")
@_reports_errors
def init(directory: Path, force: bool) -> None:
    """Write an example workbook to DIRECTORY/inputs/partners.xlsx and the default Word
    templates to DIRECTORY/templates/.

    The workbook holds the 43 local governments of 2021-2023 as partners, with made-up but
    consistent figures, 2-6 payment claims and progress rows each. Nothing is overwritten
    unless --force.

    Example: docgen init myproject
    """
    from docgen.sample import init_project

    for path in init_project(directory, force=force):
        click.echo(f"Wrote {path}")


@main.command("validate")
@workbook_argument
def validate_command(workbook: Path) -> None:
    """Check WORKBOOK and print every problem, then a one-line summary.

    Each problem names its place as Sheet!Cell (Column): what is wrong.
    Exits 0 when there are no errors (warnings allowed), 1 when there are. Warnings: unsure
    declensions, a claim dated on a non-working day or after its deadline, a claim without a
    progress row for its period, a representative's authority to check.

    Example: docgen validate inputs/partners.xlsx
    """
    from docgen.workbook.reader import validate

    result = validate(workbook)
    for problem in result.problems:
        click.echo(str(problem))
    click.echo(result.summary())
    if not result.ok:
        raise SystemExit(1)


@main.command()
@workbook_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help=(
        "table: aligned, Latvian figures; json: the contract of docs/workbook.md; "
        "xlsx: a sheet (needs -o)."
    ),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of the terminal.",
)
@_reports_errors
def splits(workbook: Path, fmt: str, output: Path | None) -> None:
    """Print every partner's funding split: the ministry's share (ESF and state budget),
    the municipality's co-financing and non-eligible costs, with totals.

    Example: docgen splits --format json -o out/splits.json
    """
    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs -o FILE")
    report = splits_report(load(workbook))
    if output is not None:
        click.echo(f"Wrote {write_report(report, fmt, output)}")
    else:
        click.echo(to_json(report) if fmt == "json" else to_table(report), nl=False)


@main.command()
@click.argument("amount")
@click.option(
    "--style",
    type=click.Choice(["accounting", "literary"]),
    default="accounting",
    show_default=True,
    help='accounting writes "viens simts", "viens tūkstotis"; literary "simts", "tūkstotis".',
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
        self.fail(f"{value!r} is not a date (write it like 18.04.2016. or 2016-04-18)", param, ctx)


def _folder_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """WORKBOOK, --out and --templates: where the data comes from and the documents go."""
    options = [
        workbook_argument,
        click.option(
            "--out",
            type=click.Path(file_okay=False, path_type=Path),
            default=Path("out"),
            show_default=True,
            help="Folder the documents, manifest.json and registrs.xlsx go to.",
        ),
        click.option(
            "--templates",
            type=click.Path(file_okay=False, path_type=Path),
            default=Path("templates"),
            show_default=True,
            help="Folder of the Word templates.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _force_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--force", is_flag=True, help="Replace documents edited since docgen wrote them."
    )(command)


def _document_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The folders, --partner (repeatable) and --force."""
    command = _force_option(command)
    command = click.option(
        "--partner",
        "partners",
        multiple=True,
        metavar="CODE",
        help="Only this partner (repeatable); all partners by default.",
    )(command)
    return _folder_options(command)


def _pdf_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--pdf, --pdfa and --pdf-timeout, gathered into one ``pdf`` argument."""
    options = [
        click.option(
            "--pdf", is_flag=True, help="Also convert each document to PDF (LibreOffice)."
        ),
        click.option("--pdfa", is_flag=True, help="Archival PDF/A-2b (implies --pdf)."),
        click.option(
            "--pdf-timeout",
            type=click.FloatRange(min=1),
            default=300,
            show_default=True,
            help="Seconds a LibreOffice run may take before it is stopped.",
        ),
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, pdf: bool, pdfa: bool, pdf_timeout: float, **kwargs: Any) -> Any:
        settings = {"pdf": pdf or pdfa, "pdfa": pdfa, "pdf_timeout": pdf_timeout}
        return command(*args, pdf=settings, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def _period_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option("--to", "end", type=DateParam(), help="Last day of the period.")(command)
    return click.option("--from", "start", type=DateParam(), help="First day of the period.")(
        command
    )


def _period(start: date | None, end: date | None) -> tuple[date, date] | None:
    if (start is None) != (end is None):
        raise click.UsageError("give both --from and --to, or neither")
    if start and end and end < start:
        raise click.BadParameter(f"{end} is before --from {start}", param_hint="--to")
    return (start, end) if start and end else None


def _generate(
    workbook_path: Path,
    out: Path,
    templates: Path,
    force: bool,
    pdf: dict[str, Any],
    plan: Callable[..., Any],
) -> None:
    """Load the workbook (nothing is written when it has errors), plan, and run those documents
    as a batch: the same checks, manifest and protection of edited documents."""
    workbook = load(workbook_path)
    try:
        planned = plan(workbook)
    except SelectionError as exc:
        raise click.BadParameter(str(exc)) from exc
    result = run_batch(workbook, out, templates, documents=planned, force=force, **pdf)
    _report(result, quiet=False, each=True)


def _report(result: BatchResult, quiet: bool, each: bool = False) -> None:
    """Warnings, what went wrong, the closing table; exit 1 if a document was kept or failed."""
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    for outcome in result.outcomes:
        if outcome.status in ("edited", "failed") or (each and not quiet):
            note = f": {outcome.message}" if outcome.message else ""
            click.echo(f"{outcome.status}: {outcome.document.path.as_posix()}{note}")
    rows = [
        ("written", result.count("written"), ""),
        ("unchanged", result.count("unchanged"), ""),
        ("edited", result.count("edited"), "kept; --force replaces them"),
        ("failed", result.count("failed"), ""),
    ]
    for name, count, note in rows:
        click.echo(f"{name:<10}{count:>6}{'   ' + note if note and count else ''}")
    if result.zip_path:
        click.echo(f"Wrote {result.zip_path}")
    for error in result.errors:
        click.echo(f"Error: {error}", err=True)
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
    templates: Path,
    force: bool,
    pdf: dict[str, Any],
) -> None:
    """Write the cooperation agreement of each partner:
    OUT/<CODE>/<CODE>_sadarbibas_ligums.docx.

    Example: docgen agreement --partner JURMALA
    """
    _generate(workbook, out, templates, force, pdf, lambda wb: plan_agreements(wb, partners))


@main.command()
@_document_options
@click.option("--number", type=click.IntRange(min=1), help="Only the claim with this number.")
@_pdf_options
@_reports_errors
def claim(
    workbook: Path,
    partners: tuple[str, ...],
    out: Path,
    templates: Path,
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
    _generate(workbook, out, templates, force, pdf, lambda wb: plan_claims(wb, partners, number))


@main.command()
@_document_options
@click.option("--number", type=click.IntRange(min=1), help="Only the amendment with this number.")
@_pdf_options
@_reports_errors
def amendment(
    workbook: Path,
    partners: tuple[str, ...],
    out: Path,
    templates: Path,
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
        workbook, out, templates, force, pdf, lambda wb: plan_amendments(wb, partners, number)
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
    templates: Path,
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
    _generate(workbook, out, templates, force, pdf, lambda wb: plan_reports(wb, partners, period))


@main.command()
@_folder_options
@_force_option
@_period_options
@_pdf_options
@_reports_errors
def summary(
    workbook: Path,
    out: Path,
    templates: Path,
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
    _generate(workbook, out, templates, force, pdf, lambda wb: plan_summary(wb, period))


@main.group()
def templates() -> None:
    """Work with the Word templates."""


@templates.command("check")
@click.argument(
    "directory",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("templates"),
)
def templates_check(directory: Path) -> None:
    """List each template's fields and report every field or filter the context does not
    provide, syntax errors and tags Word split into pieces. Exit 1 if there is any.

    Example: docgen templates check templates/
    """
    from docgen.documents.template_check import check_templates

    problems = 0
    for item in check_templates(directory):
        click.echo(f"{item.path}: {len(item.fields)} fields")
        if item.fields:
            click.echo("  " + ", ".join(item.fields))
        for problem in item.problems:
            click.echo(str(problem))
        problems += len(item.problems)
    click.echo(f"{problems} {'problem' if problems == 1 else 'problems'}.")
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
            self.fail(f"{value!r}: choose from {', '.join(KINDS)}", param, ctx)
        return kinds


def _progress(quiet: bool) -> tuple[Callable[..., None] | None, Callable[[], None]]:
    """A progress bar on a terminal, a line per document otherwise, nothing when quiet."""
    if quiet:
        return None, lambda: None
    if not sys.stdout.isatty():

        def line(outcome: Outcome, done: int, total: int) -> None:
            click.echo(f"[{done}/{total}] {outcome.status:9} {outcome.document.path.as_posix()}")

        return line, lambda: None
    started = time.monotonic()
    bars: list[Any] = []  # made at the first document, when the total is known

    def update(outcome: Outcome, done: int, total: int) -> None:
        if not bars:
            bars.append(
                click.progressbar(
                    length=total,
                    label="Documents",
                    show_pos=True,
                    show_eta=True,
                    item_show_func=lambda rate: f"{rate:.1f} doc/s" if rate else None,
                ).__enter__()
            )
        bars[0].length = total  # PDFs, when asked for, come after the documents
        elapsed = time.monotonic() - started
        bars[0].update(1, done / elapsed if elapsed > 0 else None)

    return update, lambda: bars and bars[0].__exit__(None, None, None)


@main.command()
@_folder_options
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes [default: one per core].",
)
@click.option(
    "--only",
    "kinds",
    type=KindsParam(),
    default=",".join(KINDS),
    help=f"Only these kinds, comma-separated: {','.join(KINDS)}.",
)
@click.option("--zip", "make_zip", is_flag=True, help="Also write OUT/docgen_<date>.zip.")
@_force_option
@click.option("--dry-run", is_flag=True, help="List what would be written; write nothing.")
@click.option("--quiet", is_flag=True, help="Only the closing table and problems.")
@_pdf_options
@_reports_errors
def batch(
    workbook: Path,
    out: Path,
    templates: Path,
    jobs: int | None,
    kinds: tuple[str, ...],
    make_zip: bool,
    force: bool,
    dry_run: bool,
    quiet: bool,
    pdf: dict[str, Any],
) -> None:
    """Write every agreement, claim, report, amendment and the summary for every partner.

    The workbook is validated and the templates checked first; nothing is written when either
    has an error. Documents whose data and template are unchanged since the last run are
    skipped; a document edited since docgen wrote it is kept and listed (--force replaces it).
    Exit 1 if any document failed or was kept as edited.

    Example: docgen batch --zip
    """
    on_outcome, finish = _progress(quiet or dry_run)
    try:
        result = run_batch(
            workbook,
            out,
            templates,
            kinds=kinds,
            jobs=jobs,
            force=force,
            dry_run=dry_run,
            make_zip=make_zip,
            on_outcome=on_outcome,
            **pdf,
        )
    finally:
        finish()
    if dry_run:
        for warning in result.warnings:
            click.echo(str(warning), err=True)
        for outcome in result.outcomes:
            if not quiet and outcome.status == "written":
                click.echo(f"would write {outcome.document.path.as_posix()}")
        click.echo(
            f"Dry run: {result.count('written')} would be written, "
            f"{result.count('unchanged')} unchanged, {result.count('edited')} kept as edited."
        )
        return
    _report(result, quiet)


# --- The web page ------------------------------------------------------------------------

LOCAL_HOST = "127.0.0.1"


@main.command()
@click.option("--host", default=LOCAL_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("web-runs"),
    show_default=True,
    help="Each run's upload and documents go to a folder of its own here.",
)
@click.option(
    "--templates",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("templates"),
    show_default=True,
    help="Folder of the Word templates (the default templates when it does not exist).",
)
@click.option(
    "--users",
    "users_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Users who may log in (docgen users add); needed for any --host but 127.0.0.1.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes of one batch [default: one per core].",
)
@click.option(
    "--lang",
    type=click.Choice(["lv", "en"]),
    default="lv",
    show_default=True,
    help="The page's language.",
)
@_reports_errors
def serve(
    host: str,
    port: int,
    folder: Path,
    templates: Path,
    users_file: Path | None,
    jobs: int | None,
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
        from docgen.web.auth import read_users
    except ImportError as exc:
        raise click.ClickException(
            f"the web page needs the web extra ({exc.name} is missing): pip install -e '.[web]'"
        ) from exc
    if host != LOCAL_HOST and users_file is None:
        raise click.UsageError(f"--host {host} needs --users FILE (only {LOCAL_HOST} uses a token)")
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
        lang=lang,
    )
    address = f"http://{host}:{port}/"
    click.echo(f"Open {address}?token={token}" if token else f"Open {address} and log in")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


@main.group()
def users() -> None:
    """The users who may log in to docgen serve."""


@users.command("add")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("name")
@click.password_option("--password", prompt="Password", help="Asked for when not given.")
@_reports_errors
def users_add(file: Path, name: str, password: str) -> None:
    """Add user NAME to the users FILE (created if missing), or give NAME a new password.
    Lines are name:scrypt$salt$hash.

    Example: docgen users add users.txt anna
    """
    from docgen.web.auth import add_user

    add_user(file, name, password)
    click.echo(f"{name} can log in ({file})")
