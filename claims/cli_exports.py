"""The ``cite`` and ``export`` commands: citations of archived snapshots, data for other tools."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click
import sqlite_utils

from .citeformats import FORMATS
from .clikit import Settings, reports_errors
from .storage import MAX_ID

EXPORT_FORMATS = ("claimreview", "json", "csv", "wacz")
PUBLISHER_VARIABLE = "CITEVAULT_PUBLISHER"

base_url_option = click.option(
    "--base-url",
    metavar="URL",
    help="Where the Datasette publication lives  "
    "[default: $CITEVAULT_BASE_URL, else http://localhost:8001]",
)


@click.command("cite")
@click.argument("claim", type=click.IntRange(1, MAX_ID), required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="apa",
    show_default=True,
    help="Citation format.",
)
@click.option(
    "--source",
    "source_id",
    type=click.IntRange(1, MAX_ID),
    metavar="ID",
    help="Cite this source instead.",
)
@click.option(
    "--capture",
    "capture_id",
    type=click.IntRange(1, MAX_ID),
    metavar="ID",
    help="Cite this capture instead.",
)
@base_url_option
@click.pass_obj
@reports_errors
def cite_command(
    settings: Settings,
    claim: int | None,
    fmt: str,
    source_id: int | None,
    capture_id: int | None,
    base_url: str | None,
) -> None:
    """Cite the archived snapshot behind CLAIM (its id), a source (--source) or a capture.

    A claim is cited by the sources it cites, one citation each, each at its latest successful
    capture; a claim that cites no source, by the article it appears in. A source whose latest
    capture failed is cited at its last good one and marked dead (Wikipedia's url-status).
    Snapshot links point into the publication at the base URL.

    Example:

        citevault cite 5 --format wikipedia --base-url https://checks.example.org
    """
    from . import citing
    from .storage import open_existing_database

    targets = [t for t in (claim, source_id, capture_id) if t is not None]
    if len(targets) != 1:
        raise click.UsageError("give exactly one of CLAIM, --source ID or --capture ID")
    db = open_existing_database(settings.db)
    base = citing.base_url(base_url)
    if source_id is not None:
        citables = [citing.cite_source(db, settings.archive_dir, source_id, base)]
    elif capture_id is not None:
        citables = [citing.cite_capture(db, settings.archive_dir, capture_id, base)]
    else:
        assert claim is not None
        cited = citing.cite_claim(db, settings.archive_dir, claim, base)
        if cited.from_article:
            click.echo(f"claim {claim} cites no source: citing the article it appears in", err=True)
        for url in cited.uncaptured:
            click.echo(f"not cited, never captured successfully: {url}", err=True)
        citables = cited.citables
    click.echo(citing.render_citations(citables, fmt))


@click.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(EXPORT_FORMATS))
@click.argument("article")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write (a folder for csv); json and claimreview print to stdout without it.",
)
@click.option(
    "--publisher",
    metavar="NAME",
    help="claimreview: the fact-checking organisation that publishes the reviews  "
    f"[default: ${PUBLISHER_VARIABLE}]",
)
@base_url_option
@click.pass_obj
@reports_errors
def export_command(
    settings: Settings,
    fmt: str,
    article: str,
    output: Path | None,
    publisher: str | None,
    base_url: str | None,
) -> None:
    """Export ARTICLE (an id or URL) as FORMAT: claimreview, json, csv or wacz.

    \b
    claimreview  schema.org ClaimReview JSON-LD, one per claim an editor reviewed
                 ('citevault review'); claims never reviewed are left out
    json         the article with its claims, mentions, sources, captures, evidence, reviews
    csv          one CSV file per table in the -o folder: claims, mentions, claim_sources,
                 sources, captures, evidence, reviews
    wacz         a WACZ package (-o FILE.wacz) of the article's and its sources' captures,
                 with the claims, for replay tools such as ReplayWeb.page

    Example:

        citevault export claimreview 1 --publisher "Example Fact Check" -o reviews.json
    """
    from .exports import article_id_for
    from .storage import open_existing_database

    if fmt in ("csv", "wacz") and output is None:
        raise click.UsageError(f"export {fmt} needs -o {'FOLDER' if fmt == 'csv' else 'FILE.wacz'}")
    db = open_existing_database(settings.db)
    article_id = article_id_for(db, article)
    if fmt == "claimreview":
        _export_claimreview(db, article_id, output, publisher, base_url)
    elif fmt == "json":
        from .exports import article_document

        _write_json(article_document(db, article_id), output)
    elif fmt == "csv":
        from .exports import write_csv

        assert output is not None
        for path, count in write_csv(db, article_id, output).items():
            click.echo(f"{count:6d}  {path}")
    else:
        from .waczexport import export_article_wacz

        assert output is not None
        summary = export_article_wacz(db, settings.archive_dir, article_id, output)
        click.echo(f"{summary.path}: {summary.records} records, {summary.pages} pages")


def _export_claimreview(
    db: sqlite_utils.Database,
    article_id: int,
    output: Path | None,
    publisher: str | None,
    base_url: str | None,
) -> None:
    from .citing import base_url as chosen_base
    from .claimreview import claim_reviews

    name = (publisher or os.environ.get(PUBLISHER_VARIABLE, "")).strip()
    if not name:
        raise click.UsageError(
            f"name the fact-checking organisation: --publisher NAME or ${PUBLISHER_VARIABLE}"
        )
    reviews = claim_reviews(db, article_id, chosen_base(base_url), name)
    if not reviews:
        click.echo(
            f"no claim of article {article_id} has an editor's review yet: "
            "'citevault review CLAIM --rating TEXT' records one",
            err=True,
        )
    _write_json(reviews, output)


def _write_json(document: Any, output: Path | None) -> None:
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}", err=True)
