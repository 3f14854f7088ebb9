"""The whole job: read an article, extract its claims, archive its sources, verify, store."""

from __future__ import annotations

import asyncio
import mimetypes
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from archiver import (
    Capture,
    Crawler,
    CrawlOptions,
    normalize_url,
    read_capture,
)
from archiver.media import is_html

from .archiving import Progress, capture_saver, publisher_of
from .article import article_from_html, article_from_text
from .checking import verify_article
from .errors import InputError, NotAnArticle
from .extract import extract_claims
from .inputs import image_kind, what_it_is
from .jobs import Job, captured_in, finish_job, job_counts, start_job
from .model import Article, Claim
from .sourcetext import charset_of
from .storage import (
    delete_claims,
    open_database,
    row_or_fail,
    save_article,
    save_capture,
    save_claims,
    upsert_source,
)

STATUS_ORDER = ("supported", "discrepancy", "not_found", "unavailable", "unchecked")


@dataclass
class RunSummary:
    """What a run produced, for the summary table."""

    article_id: int
    article_url: str | None
    claims: int
    sources: int
    captured: int
    failed: int
    statuses: Counter[str] = field(default_factory=Counter)

    def rows(self) -> list[tuple[str, int]]:
        """The summary as (label, count) rows, in a fixed order."""
        return [
            ("claims", self.claims),
            ("sources", self.sources),
            ("captured", self.captured),
            ("failed", self.failed),
            *((status.replace("_", " "), self.statuses.get(status, 0)) for status in STATUS_ORDER),
        ]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_url(source: str) -> bool:
    """True when SOURCE names a web address rather than a file."""
    return source.lower().startswith(("http://", "https://"))


def read_article_file(path: Path, published: str | None = None) -> tuple[Article, bytes, str]:
    """An article from an .html or .txt file; returns it with the file's bytes and content type."""
    if not path.exists():
        raise InputError(f"file not found: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not an article file")
    data = path.read_bytes()
    if not data.strip():
        raise NotAnArticle(f"{path} is empty")
    if path.suffix.lower() == ".pdf" or b"\x00" in data[:8192] or image_kind(data, None):
        raise NotAnArticle(f"{path} is {what_it_is(data, None) or 'not an article'}")
    try:
        if path.suffix.lower() in (".html", ".htm") or is_html(None, data):
            article = article_from_html(data, url=None)
            content_type = "text/html"
        else:
            text = data.decode("utf-8-sig")
            article = article_from_text(text, url=None, published=published)
            content_type = "text/plain; charset=utf-8"
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text: {exc.reason}") from exc
    except NotAnArticle as exc:
        found = what_it_is(data, content_type_of(path))
        raise NotAnArticle(f"{path} is {found}" if found else f"{path}: {exc}") from exc
    if published and not article.published:
        article.published = published
    if article.url is None:
        article.url = path.resolve().as_uri()
    return article, data, content_type


async def _fetch_article(
    crawler: Crawler, url: str, published: str | None
) -> tuple[Article, Capture]:
    capture = await crawler.fetch(url)
    if capture.error_kind == "soft_failure":
        raise NotAnArticle(f"{url} gave {capture.error} instead of the article")
    if not capture.ok or capture.warc_file is None or capture.warc_offset is None:
        raise InputError(f"cannot fetch article {url}: {capture.error}")
    record = read_capture(crawler.archive_dir, capture.warc_file, capture.warc_offset)
    found = None if is_html(record.content_type, record.payload) else "not HTML"
    try:
        if found:
            raise NotAnArticle(found)
        article = article_from_html(
            record.payload, url=capture.final_url, charset=charset_of(record.content_type)
        )
    except NotAnArticle as exc:
        found = what_it_is(record.payload, record.content_type, url)
        raise NotAnArticle(f"{url} is {found}" if found else f"{url}: {exc}") from exc
    if published and not article.published:
        article.published = published
    return article, capture


def content_type_of(path: Path) -> str | None:
    """The media type a file's name suggests (for saying what a non-article file is)."""
    return mimetypes.guess_type(path.name)[0]


def cited_urls(article: Article, claims: Iterable[Claim]) -> list[str]:
    """Every URL the article cites: its in-body links, then its claims' sources, de-duplicated."""
    urls = [link.url for link in article.links]
    urls += [ref.url for claim in claims for ref in claim.sources if ref.url]
    return list(dict.fromkeys(normalize_url(u) for u in urls))


def extract(source: str, published: str | None, options: CrawlOptions) -> Article:
    """Read an article (fetching it when SOURCE is a URL, archiving nothing)."""
    if not is_url(source):
        return read_article_file(Path(source), published)[0]

    async def fetch() -> Article:
        with tempfile.TemporaryDirectory(prefix="citevault-") as scratch:
            async with Crawler(scratch, options) as crawler:
                return (await _fetch_article(crawler, source, published))[0]

    return asyncio.run(fetch())


def run(
    source: str,
    db_path: str | Path,
    archive_dir: str | Path,
    options: CrawlOptions,
    published: str | None = None,
    on_capture: Progress | None = None,
    on_total: Callable[[int], None] | None = None,
) -> RunSummary:
    """Extract an article's claims, archive it and its sources, verify, and store it all.

    Run again after an interruption, it resumes: what the unfinished job captured is kept.
    """
    archived = archived_capture_id(source)
    if is_url(source):
        # Fetched apart first, so that a page with no article leaves nothing behind.
        extract(source, published, options)
    if archived is not None:
        return _run_archived(
            archived, db_path, archive_dir, options, published, on_capture, on_total
        )
    local = None if is_url(source) else read_article_file(Path(source), published)
    db = open_database(db_path)
    work = [local[0].url or source] if local is not None else [source]
    job = start_job(db, "run", work)
    options = replace(options, job=job.name)

    async def crawl() -> RunSummary:
        async with Crawler(archive_dir, options) as crawler:
            article, claims, article_id = await _article_of_job(
                db, crawler, job, source, local, published
            )
            urls = await _crawl_sources(crawler, db, job, article, claims, on_capture, on_total)
        return _finish(db, job, archive_dir, article_id, article, claims, urls)

    return asyncio.run(crawl())


async def _crawl_sources(
    crawler: Crawler,
    db: sqlite_utils.Database,
    job: Job,
    article: Article,
    claims: list[Claim],
    on_capture: Progress | None,
    on_total: Callable[[int], None] | None,
) -> list[str]:
    """Archive every source the article cites that the job has not captured yet."""
    urls = cited_urls(article, claims)
    todo = [u for u in urls if u not in captured_in(db, job)]
    if on_total is not None:
        on_total(len(todo))
    await crawler.crawl(todo, capture_saver(db, job, on_capture), citing_context(article, claims))
    return urls


def _finish(
    db: sqlite_utils.Database,
    job: Job,
    archive_dir: str | Path,
    article_id: int,
    article: Article,
    claims: list[Claim],
    urls: list[str],
) -> RunSummary:
    """Verify the article's claims, close the job and sum it up."""
    statuses = verify_article(db, article_id, archive_dir)
    finish_job(db, job)
    captured, failed = job_counts(db, job, urls)
    return RunSummary(article_id, article.url, len(claims), len(urls), captured, failed, statuses)


def archived_capture_id(source: str) -> int | None:
    """The capture id of a SOURCE written ``capture:ID`` (an article already in the archive)."""
    prefix, _, number = source.partition(":")
    if prefix != "capture" or not number:
        return None
    if not number.isdigit():
        raise InputError(f"{source!r}: a capture is named capture:ID, with ID a whole number")
    return int(number)


def article_from_capture(
    db: sqlite_utils.Database, archive_dir: str | Path, capture_id: int, published: str | None
) -> Article:
    """The article held by a capture already in the archive (read back from its WARC record)."""
    row = row_or_fail(db, "captures", capture_id, "capture")
    if row["warc_file"] is None:
        raise InputError(f"capture {capture_id} archived nothing: {row['error']}")
    record = read_capture(archive_dir, row["warc_file"], row["warc_offset"])
    try:
        article = article_from_html(
            record.payload, url=row["final_url"], charset=charset_of(record.content_type)
        )
    except NotAnArticle as exc:
        found = what_it_is(record.payload, record.content_type, row["final_url"] or "")
        raise NotAnArticle(f"capture {capture_id} is {found or exc}") from exc
    if published and not article.published:
        article.published = published
    return article


def _run_archived(
    capture_id: int,
    db_path: str | Path,
    archive_dir: str | Path,
    options: CrawlOptions,
    published: str | None,
    on_capture: Progress | None,
    on_total: Callable[[int], None] | None,
) -> RunSummary:
    """``run`` on an article already archived: its claims point into that very capture."""
    if not Path(db_path).exists():
        raise InputError(f"database not found: {db_path}")
    db = open_database(db_path)
    article = article_from_capture(db, archive_dir, capture_id, published)
    claims = extract_claims(article)
    job = start_job(db, "run", [f"capture:{capture_id}"])
    options = replace(options, job=job.name)
    with db.conn:
        article_id = save_article(db, article, _now())
        db.execute("update articles set capture_id = ? where id = ?", [capture_id, article_id])
        save_claims(db, article_id, claims)

    async def crawl() -> list[str]:
        async with Crawler(archive_dir, options) as crawler:
            return await _crawl_sources(crawler, db, job, article, claims, on_capture, on_total)

    urls = asyncio.run(crawl())
    return _finish(db, job, archive_dir, article_id, article, claims, urls)


async def _article_of_job(
    db: sqlite_utils.Database,
    crawler: Crawler,
    job: Job,
    source: str,
    local: tuple[Article, bytes, str] | None,
    published: str | None,
) -> tuple[Article, list[Claim], int]:
    """The job's article, its claims and its id: archived and stored once per job."""
    row = next(
        db.query(
            "select a.id from articles a join captures c on c.id = a.capture_id where c.job_id = ?",
            [job.id],
        ),
        None,
    )
    if row is not None:
        article_id = int(row["id"])
        if local is not None:
            article = local[0]
        else:
            article = _stored_article(db, article_id, crawler.archive_dir, published)
        claims = extract_claims(article)
        with db.conn:  # the claims are stored again: the dead job may have died storing them
            delete_claims(db, article_id)
            save_claims(db, article_id, claims)
        return article, claims, article_id
    if local is not None:
        article, data, content_type = local
        assert article.url is not None
        capture = await crawler.archive_resource(article.url, data, content_type)
    else:
        article, capture = await _fetch_article(crawler, source, published)
    claims = extract_claims(article)
    return article, claims, _store_article(db, article, capture, claims, job)


def _stored_article(
    db: sqlite_utils.Database, article_id: int, archive_dir: Path, published: str | None
) -> Article:
    """An article read back from the capture its job already made (resuming needs no refetch)."""
    capture = db.table("captures").get(db.table("articles").get(article_id)["capture_id"])
    record = read_capture(archive_dir, capture["warc_file"], capture["warc_offset"])
    article = article_from_html(
        record.payload, url=capture["final_url"], charset=charset_of(record.content_type)
    )
    if published and not article.published:
        article.published = published
    return article


def citing_context(article: Article, claims: Iterable[Claim]) -> dict[str, dict[str, str]]:
    """For each cited URL, which claims of which article cite it (for the WARC metadata)."""
    citing: dict[str, list[str]] = {}
    for claim in claims:
        for ref in claim.sources:
            if ref.url:
                citing.setdefault(normalize_url(ref.url), []).append(str(claim.seq))
    return {
        url: {"citedBy": f"{article.url} claims {', '.join(dict.fromkeys(seqs))}"}
        for url, seqs in citing.items()
    }


def _store_article(
    db: sqlite_utils.Database, article: Article, capture: Capture, claims: list[Claim], job: Job
) -> int:
    assert article.url is not None
    with db.conn:
        article_id = save_article(db, article, capture.fetched_at)
        source_id = upsert_source(db, article.url, article.publisher or publisher_of(article.url))
        capture_id = save_capture(db, source_id, capture, job.id)
        db.execute("update articles set capture_id = ? where id = ?", [capture_id, article_id])
        save_claims(db, article_id, claims)
    return article_id
