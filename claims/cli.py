"""The ``citevault`` command line: one click group, each command a thin call into the library.

Commands import the pipeline (article parsing, extraction, verification) only when they run,
so ``--help``, ``fixity`` and ``import`` start quickly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from archiver import CrawlOptions, __version__

from .cli_archives import fixity_command, import_command
from .cli_exports import cite_command, export_command
from .clikit import (
    DEFAULT_ARCHIVE_DIR,
    Settings,
    crawl_options,
    grid,
    json_option,
    progress_bar,
    published_option,
    reports_errors,
    silent_option,
    table,
)
from .review import COMMON_RATINGS as RATINGS
from .routes import ROUTE_PREFIX
from .storage import MAX_ID


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citevault")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite database  [default: ARCHIVE_DIR/citevault.db]",
)
@click.option(
    "--archive-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_ARCHIVE_DIR,
    show_default=True,
    help="Folder for WARC files (and the default database).",
)
@click.pass_context
def cli(ctx: click.Context, db: Path | None, archive_dir: Path) -> None:
    """Extract an article's claims, archive the sources it cites as WARC, and check each claim.

    Example:

        citevault run https://example.com/news/story.html
    """
    ctx.obj = Settings(db, archive_dir)


@cli.command()
@click.argument("source")
@published_option
@crawl_options
@silent_option
@click.pass_obj
@reports_errors
def run(
    settings: Settings, source: str, published: str | None, crawl: CrawlOptions, silent: bool
) -> None:
    """Run the whole job on SOURCE: an article URL, an .html or .txt file, or capture:ID.

    capture:ID is an article already in the archive (say, from 'citevault archive'): its claims
    then point into that capture.

    Extracts the claims, archives the article and every source it cites, checks each claim
    against its archived sources and writes it all to the database.

    Example:

        citevault run https://example.com/news/story.html
    """
    from . import pipeline

    with progress_bar(silent, "Archiving sources") as (set_total, advance):
        summary = pipeline.run(
            source,
            settings.db,
            settings.archive_dir,
            crawl,
            published,
            on_capture=advance,
            on_total=set_total,
        )
    click.echo(f"{summary.article_url}")
    click.echo(table(summary.rows()))
    click.echo(f"database  {settings.db}")


@cli.command()
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@published_option
@crawl_options
@click.pass_obj
@reports_errors
def extract(
    settings: Settings, source: str, as_json: bool, published: str | None, crawl: CrawlOptions
) -> None:
    """Print the claims of SOURCE (an article URL, .html or .txt file); archives nothing.

    Example:

        citevault extract story.html --json
    """
    from . import pipeline
    from .extract import extract_claims

    article = pipeline.extract(source, published, crawl)
    claims = extract_claims(article)
    if as_json:
        payload = {
            "article": article.metadata(),
            "links": [link.to_dict() for link in article.links],
            "claims": [claim.to_dict() for claim in claims],
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    click.echo(f"{article.title or article.url}  ({len(claims)} claims)")
    for claim in claims:
        click.echo(f"\n{claim.seq}. {claim.text}")
        click.echo(f"   kinds: {', '.join(claim.kinds)}")
        for mention in claim.mentions:
            value = f" = {mention.value}" if mention.value not in (None, mention.text) else ""
            click.echo(f"   {mention.kind}: {mention.text}{value}")
        for ref in claim.sources:
            click.echo(f"   source ({ref.via}): {ref.url or ref.anchor_text}")


@cli.command()
@click.argument("urls", nargs=-1)
@click.option("--from-file", type=click.File("r"), help="Read URLs from FILE, one per line.")
@crawl_options
@silent_option
@click.pass_obj
@reports_errors
def archive(
    settings: Settings, urls: tuple[str, ...], from_file: Any, crawl: CrawlOptions, silent: bool
) -> None:
    """Archive URLs into WARC files and the database.

    Example:

        citevault archive https://example.com/a https://example.com/b
    """
    from . import archiving

    targets = list(urls)
    if from_file is not None:
        targets += [line.strip() for line in from_file if line.strip() and not line.startswith("#")]
    if not targets:
        raise click.UsageError("give at least one URL, or --from-file FILE")
    with progress_bar(silent, "Archiving") as (set_total, advance):
        set_total(len(targets))
        captures = archiving.archive(targets, settings.db, settings.archive_dir, crawl, advance)
    failed = {u: c for u, c in captures.items() if not c.ok}
    click.echo(table([("captured", len(captures) - len(failed)), ("failed", len(failed))]))
    for url, capture in failed.items():
        click.echo(f"failed  {url}  [{capture.error_kind}] {capture.error}", err=True)


@cli.command()
@click.option("--port", type=int, default=8001, show_default=True, help="Port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.pass_obj
@reports_errors
def serve(settings: Settings, port: int, host: str) -> None:
    """Publish the database with Datasette and citevault's plugin.

    Example:

        citevault serve --port 8001
    """
    from .server import check_port_free, serve_database

    if not settings.db.exists():
        raise click.ClickException(
            f"database not found: {settings.db} (run 'citevault run SOURCE' first)"
        )
    check_port_free(host, port)
    click.echo(f"Serving {settings.db} on http://{host}:{port}/", err=True)
    serve_database(settings.db, settings.archive_dir, host=host, port=port)


@cli.command()
@click.option("--port", type=int, default=8001, show_default=True, help="Datasette's port.")
@click.option("--no-serve", is_flag=True, help="Run the pipeline only; do not start Datasette.")
@silent_option
@click.pass_obj
@reports_errors
def demo(settings: Settings, port: int, no_serve: bool, silent: bool) -> None:
    """Run the whole pipeline on the bundled example, served on loopback, then publish it.

    Example:

        citevault demo
    """
    from . import pipeline
    from .demo import serve_example
    from .server import check_port_free, serve_database

    if not no_serve:
        check_port_free("127.0.0.1", port)  # before the pipeline runs, not after
    with serve_example() as site:
        options = CrawlOptions(allow_private=True, host_delay=0.2, connect_to=site.connect_to())
        click.echo(f"Example site on 127.0.0.1:{site.port}; article {site.article_url}", err=True)
        with progress_bar(silent, "Archiving sources") as (set_total, advance):
            summary = pipeline.run(
                site.article_url,
                settings.db,
                settings.archive_dir,
                options,
                on_capture=advance,
                on_total=set_total,
            )
    click.echo(table(summary.rows()))
    if no_serve:
        return
    click.echo(f"Datasette: http://127.0.0.1:{port}/", err=True)
    pages = f"http://127.0.0.1:{port}{ROUTE_PREFIX}"
    click.echo(f"The article: {pages}/article/{summary.article_id}")
    serve_database(settings.db, settings.archive_dir, host="127.0.0.1", port=port)


@cli.command()
@click.argument("article", required=False)
@json_option
@silent_option
@click.pass_obj
@reports_errors
def verify(settings: Settings, article: str | None, as_json: bool, silent: bool) -> None:
    """Check the claims of ARTICLE (an id or URL), or of every article, again.

    Reads the sources' captures from the archive only: nothing is fetched. Prints each
    article's claims counted by status, and names the claims whose status changed.

    Example:

        citevault verify 1
    """
    from .model import STATUSES
    from .reverify import find_articles, reverify
    from .storage import open_existing_database

    db = open_existing_database(settings.db)
    articles = find_articles(db, article)
    with progress_bar(silent, "Verifying") as (set_total, advance):
        set_total(len(articles))
        checks = reverify(db, articles, settings.archive_dir, advance)
    if as_json:
        payload = {"articles": [check.to_dict() for check in checks]}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    header = ["article", "claims", *(s.replace("_", " ") for s in STATUSES), "changed", "url"]
    rows = [
        [c.id, c.claims, *(c.statuses[s] for s in STATUSES), len(c.changed), c.url or ""]
        for c in checks
    ]
    click.echo(grid(header, rows))
    for check in checks:
        for change in check.changed:
            click.echo(f"claim {change.claim_id}: {change.before} -> {change.after}")


def _complete_rating(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    return [CompletionItem(r) for r in RATINGS if r.lower().startswith(incomplete.lower())]


@cli.command()
@click.argument("claim", type=click.IntRange(1, MAX_ID))
@click.option(
    "--rating",
    required=True,
    metavar="TEXT",
    shell_complete=_complete_rating,
    help="The verdict, free text; common ones: " + ", ".join(RATINGS) + ".",
)
@click.option("--note", metavar="TEXT", help="Why: what the editor checked or found.")
@click.option(
    "--reviewer",
    metavar="NAME",
    help="Who reviews  [default: $CITEVAULT_REVIEWER, else the user name]",
)
@json_option
@click.pass_obj
@reports_errors
def review(
    settings: Settings,
    claim: int,
    rating: str,
    note: str | None,
    reviewer: str | None,
    as_json: bool,
) -> None:
    """Record an editor's verdict on CLAIM (its id), beside its automatic status.

    The evidence and the automatic status stay as they are; every review is kept, and the
    latest is the claim's current verdict (view claim_reviews_latest).

    Example:

        citevault review 5 --rating "Mostly false" --note "The source says October 15"
    """
    from .review import record_review
    from .storage import open_existing_database

    reviewed = record_review(open_existing_database(settings.db), claim, rating, note, reviewer)
    if as_json:
        click.echo(json.dumps(reviewed.to_dict(), indent=2, ensure_ascii=False))
        return
    latest = reviewed.reviews[-1]
    click.echo(f"claim {reviewed.id}: {reviewed.sentence}")
    rows: list[tuple[str, Any]] = [
        ("automatic status", reviewed.status),
        ("rating", latest.rating),
        ("note", latest.note or ""),
        ("reviewer", latest.reviewer),
        ("reviewed at", latest.reviewed_at),
    ]
    if len(reviewed.reviews) > 1:
        rows.append(("earlier reviews", len(reviewed.reviews) - 1))
    click.echo(table(rows))


@cli.group()
def sources() -> None:
    """The sources claims cite."""


@sources.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--article", "article_id", type=int, help="Only the claims of this article id.")
@click.pass_obj
@reports_errors
def sources_add(settings: Settings, name: str, url: str, article_id: int | None) -> None:
    """Attach URL as the source of every claim whose attribution names NAME.

    For plain-text articles, whose attributions carry no link. Then archive and check it
    with 'citevault archive URL' and a new run.

    Example:

        citevault sources add "Reuters" https://www.reuters.com/world/story.html
    """
    from .storage import attach_source, open_existing_database

    db = open_existing_database(settings.db)
    try:
        linked = attach_source(db, name, url, article_id)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="NAME") from exc
    if not linked:
        raise click.ClickException(f"no claim's attribution names {name!r}")
    click.echo(f"{len(linked)} claims now cite {url}: {', '.join(map(str, linked))}")


cli.add_command(import_command, "import")
cli.add_command(fixity_command, "fixity")
cli.add_command(cite_command, "cite")
cli.add_command(export_command, "export")
