"""The ``import`` and ``fixity`` commands: bring in other tools' web archives, check ours."""

from __future__ import annotations

from pathlib import Path

import click

from . import maintenance
from .clikit import Settings, progress_bar, reports_errors, silent_option, table


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@silent_option
@click.pass_context
@reports_errors
def import_command(ctx: click.Context, files: tuple[Path, ...], silent: bool) -> None:
    """Import WARC, ARC and WACZ files made by other tools, as captures to check claims against.

    Each file is copied into ARCHIVE_DIR/imported/ and indexed; every record is read and its
    digests checked. A damaged file keeps what was read before the damage and exits 1.
    Importing the same file again adds nothing.

    Example:

        citevault import crawl.warc.gz site.wacz
    """
    settings: Settings = ctx.obj
    for path in files:
        if not path.exists():
            raise click.ClickException(f"file not found: {path}")
        if path.is_dir():
            raise click.ClickException(f"{path} is a folder: give WARC, ARC or WACZ files")
    with progress_bar(silent, "Importing") as (set_total, advance):
        set_total(len(files))
        report = maintenance.import_files(settings.db, settings.archive_dir, files, advance)
    for line in report.notes():
        click.echo(line, err=True)
    for line in report.problem_lines():
        click.echo(line, err=True)
    click.echo(table(report.rows()))
    if report.failed:
        ctx.exit(1)


@click.command("fixity")
@silent_option
@click.pass_context
@reports_errors
def fixity_command(ctx: click.Context, silent: bool) -> None:
    """Re-read every archived capture and check its digests, length and URL against the database.

    Prints one line for each record that is missing, truncated or altered, and exits 1 if any
    is; a clean archive prints what was checked and how fast.

    Example:

        citevault fixity
    """
    settings: Settings = ctx.obj
    if not settings.db.exists():
        raise click.ClickException(
            f"database not found: {settings.db} "
            "(archive something first: 'citevault run SOURCE' or 'citevault import FILE')"
        )
    with progress_bar(silent, "Checking") as (set_total, advance):
        report = maintenance.fixity(settings.db, settings.archive_dir, advance, set_total)
    for problem in report.problems:
        click.echo(problem.describe(), err=True)
    click.echo(table(report.rows()))
    if report.problems:
        ctx.exit(1)
