"""Verifying stored articles again from the archive alone: nothing is fetched."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from archiver import normalize_url

from .checking import check_warc_files, verify_article
from .errors import InputError
from .model import STATUSES
from .review import MAX_ID


@dataclass
class StatusChange:
    """A claim whose status differs from the one it had before verifying again."""

    claim_id: int
    before: str | None
    after: str | None


@dataclass
class ArticleCheck:
    """One article verified again: its claims counted by status, and what changed."""

    id: int
    url: str | None
    title: str | None
    claims: int
    statuses: dict[str, int]
    changed: list[StatusChange] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The check as JSON-ready data, as ``verify --json`` prints it."""
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "claims": self.claims,
            "statuses": dict(self.statuses),
            "changed": [vars(change) for change in self.changed],
        }


def find_articles(db: sqlite_utils.Database, article: str | None) -> list[dict[str, Any]]:
    """The articles ARTICLE names (an id, a URL or the article's file), or every article if None."""
    sql = "select id, url, title from articles"
    if article is None:
        rows = list(db.query(sql + " order by id"))
        if not rows:
            raise InputError("the database holds no article yet (run 'citevault run SOURCE' first)")
        return rows
    # Only ASCII digits name an id: str.isdigit() would also take "١" or "²".
    if re.fullmatch(r"[0-9]+", article.strip()):
        wanted_id = int(article)
        rows = list(db.query(sql + " where id = ?", [wanted_id])) if wanted_id <= MAX_ID else []
    else:
        wanted = {normalize_url(url) for url in _urls_meant_by(article)}
        rows = [row for row in db.query(sql) if row["url"] and normalize_url(row["url"]) in wanted]
    if not rows:
        raise InputError(
            f"article {article} does not exist in the database "
            "(give an article id or URL from the articles table)"
        )
    return rows


def reverify(
    db: sqlite_utils.Database,
    articles: list[dict[str, Any]],
    archive_dir: str | Path,
    on_article: Callable[[int], None] | None = None,
) -> list[ArticleCheck]:
    """Verify each article's claims again against their archived captures; fetches nothing."""
    check_warc_files(db, [int(article["id"]) for article in articles], archive_dir)
    checks = []
    for article in articles:
        article_id = int(article["id"])
        before = _claim_statuses(db, article_id)
        counts = verify_article(db, article_id, archive_dir)
        after = _claim_statuses(db, article_id)
        changed = [
            StatusChange(claim_id, before.get(claim_id), status)
            for claim_id, status in after.items()
            if before.get(claim_id) != status
        ]
        statuses = {status: int(counts.get(status, 0)) for status in STATUSES}
        checks.append(
            ArticleCheck(
                article_id, article["url"], article["title"], len(after), statuses, changed
            )
        )
        if on_article is not None:
            on_article(article_id)
    return checks


def _claim_statuses(db: sqlite_utils.Database, article_id: int) -> dict[int, str | None]:
    sql = "select id, status from claims where article_id = ? order by id"
    return {int(row["id"]): row["status"] for row in db.query(sql, [article_id])}


def _urls_meant_by(article: str) -> list[str]:
    # An article read from a file is stored under the file's URI.
    urls = [article]
    path = Path(article)
    if "://" not in article and path.exists():
        urls.append(path.resolve().as_uri())
    return urls
