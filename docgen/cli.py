"""The ``docgen`` command: a thin layer over the library.

Each command parses its arguments, calls the library, and turns a DocgenError into a
ClickException (exit 1). Calling a command wrongly is Click's usage error (exit 2).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .errors import AmountError, DocgenError
from .money import parse_amount
from .sample import write_sample
from .splits import FORMATS, splits_report, to_json, to_table, write_report
from .words import amount_in_words
from .workbook import DEFAULT_WORKBOOK, load, validate


def _reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's DocgenError into Click's error (message, exit 1)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DocgenError as exc:
            raise click.ClickException(str(exc)) from exc

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
    """Write an example workbook to DIRECTORY/inputs/partners.xlsx.

    It holds the 43 local governments of 2021-2023 as partners, with made-up but consistent
    figures, 2-6 payment claims and progress rows each. An existing file is kept unless --force.

    Example: docgen init myproject
    """
    path = write_sample(directory / DEFAULT_WORKBOOK, force=force)
    click.echo(f"Wrote {path}")


@main.command("validate")
@workbook_argument
def validate_command(workbook: Path) -> None:
    """Check WORKBOOK and print every problem, then a one-line summary.

    Each problem names its place as Sheet!Cell (Column): what is wrong.
    Exits 0 when there are no errors (warnings allowed), 1 when there are.

    Example: docgen validate inputs/partners.xlsx
    """
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
    help="table: aligned, Latvian figures; json: WORKBOOK.md's contract; xlsx: a sheet (needs -o).",
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
