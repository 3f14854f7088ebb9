"""The whole job: read an article, extract its claims, archive its sources, verify, store."""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from archiver import (
    Capture,
    Crawler,
    CrawlOptions,
    RecordError,
    host_of,
    normalize_url,
    read_capture,
)

from .article import article_from_html, article_from_text
from .errors import InputError, NotAnArticle
from .extract import extract_claims
from .jobs import Job, captured_in, finish_job, job_counts, start_job
from .model import Article, Claim, Mention, SourceText
from .sourcetext import capture_page_text, charset_of, is_html
from .storage import (
    open_database,
    save_article,
    save_capture,
    save_claims,
    save_evidence,
    upsert_source,
)
from .verify import aggregate_status, verify_claim

Progress = Callable[[str, Capture], None]
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
    if b"\x00" in data[:8192]:
        raise InputError(f"{path} is a binary file, not an HTML or text article")
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
        raise NotAnArticle(f"{path}: {exc}") from exc
    if published and not article.published:
        article.published = published
    if article.url is None:
        article.url = path.resolve().as_uri()
    return article, data, content_type


async def _fetch_article(
    crawler: Crawler, url: str, published: str | None
) -> tuple[Article, Capture]:
    capture = await crawler.fetch(url)
    if not capture.ok or capture.warc_file is None or capture.warc_offset is None:
        raise InputError(f"cannot fetch article {url}: {capture.error}")
    record = read_capture(crawler.archive_dir, capture.warc_file, capture.warc_offset)
    try:
        article = article_from_html(
            record.payload, url=capture.final_url, charset=charset_of(record.content_type)
        )
    except NotAnArticle as exc:
        raise NotAnArticle(f"{url}: {exc}") from exc
    if published and not article.published:
        article.published = published
    return article, capture


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
            urls = cited_urls(article, claims)
            todo = [u for u in urls if u not in captured_in(db, job)]
            if on_total is not None:
                on_total(len(todo))
            context = citing_context(article, claims)
            await crawler.crawl(todo, _saver(db, job, on_capture), context)
        statuses = verify_article(db, article_id, archive_dir)
        finish_job(db, job)
        captured, failed = job_counts(db, job, urls)
        return RunSummary(
            article_id, article.url, len(claims), len(urls), captured, failed, statuses
        )

    return asyncio.run(crawl())


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
        return article, extract_claims(article), article_id
    if local is not None:
        article, data, content_type = local
        assert article.url is not None
        capture = crawler.archive_resource(article.url, data, content_type)
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


def archive(
    urls: Iterable[str],
    db_path: str | Path,
    archive_dir: str | Path,
    options: CrawlOptions,
    on_capture: Progress | None = None,
) -> dict[str, Capture]:
    """Archive URLs into WARC files and record each capture in the database.

    Run again after an interruption, it resumes, skipping the URLs already captured.
    """
    db = open_database(db_path)
    targets = list(dict.fromkeys(normalize_url(u) for u in urls))
    job = start_job(db, "archive", targets)
    done = captured_in(db, job)
    options = replace(options, job=job.name)

    async def crawl() -> dict[str, Capture]:
        async with Crawler(archive_dir, options) as crawler:
            todo = [u for u in targets if u not in done]
            return await crawler.crawl(todo, _saver(db, job, on_capture))

    captures = asyncio.run(crawl())
    finish_job(db, job)
    return {**_earlier_captures(db, job, done), **captures}


def _earlier_captures(db: sqlite_utils.Database, job: Job, urls: set[str]) -> dict[str, Capture]:
    sql = """select s.url, c.* from captures c join sources s on s.id = c.source_id
             where c.job_id = ?"""
    return {
        row["url"]: Capture(
            requested_url=row["requested_url"],
            fetched_at=row["fetched_at"],
            error=row["error"],
            error_kind=row["error_kind"],
        )
        for row in db.query(sql, [job.id])
        if row["url"] in urls
    }


def _saver(db: sqlite_utils.Database, job: Job, on_capture: Progress | None) -> Progress:
    """A callback that stores each capture as soon as it is made, then reports it."""

    def saved(url: str, capture: Capture) -> None:
        with db.conn:
            save_capture(db, upsert_source(db, url, _publisher_of(url)), capture, job.id)
        if on_capture is not None:
            on_capture(url, capture)

    return saved


def _publisher_of(url: str) -> str:
    host = host_of(url)
    return host[4:] if host.startswith("www.") else host


def _store_article(
    db: sqlite_utils.Database, article: Article, capture: Capture, claims: list[Claim], job: Job
) -> int:
    assert article.url is not None
    with db.conn:
        article_id = save_article(db, article, capture.fetched_at)
        source_id = upsert_source(db, article.url, article.publisher or _publisher_of(article.url))
        capture_id = save_capture(db, source_id, capture, job.id)
        db.table("articles").update(article_id, {"capture_id": capture_id})
        save_claims(db, article_id, claims)
    return article_id


def _latest_captures(db: sqlite_utils.Database, source_ids: list[int]) -> list[dict[str, Any]]:
    if not source_ids:
        return []
    marks = ",".join("?" for _ in source_ids)
    sql = f"""
        select c.*, s.url as source_url from captures c join sources s on s.id = c.source_id
        where c.id in (select max(id) from captures where source_id in ({marks}) group by source_id)
        order by c.id
    """
    return list(db.query(sql, source_ids))


def _source_texts(
    db: sqlite_utils.Database, archive_dir: str | Path, rows: list[dict[str, Any]]
) -> list[SourceText]:
    texts = []
    for row in rows:
        text, ok = "", row["error"] is None and row["warc_file"] is not None
        published = None
        if ok:
            try:
                _, page = capture_page_text(
                    archive_dir, str(row["warc_file"]), int(row["warc_offset"])
                )
                text, published = page.text, page.published
                if page.publisher:
                    db.table("sources").update(row["source_id"], {"publisher": page.publisher})
            except RecordError:
                ok = False
        texts.append(SourceText(int(row["id"]), str(row["source_url"]), text, ok, published))
    return texts


def _claim_from_row(db: sqlite_utils.Database, row: dict[str, Any]) -> Claim:
    mentions = [
        Mention(
            m["kind"],
            m["text"],
            int(m["value"]) if m["kind"] == "age" and str(m["value"]).isdigit() else m["value"],
            m["precision"],
            start=m["char_start"],
            end=m["char_end"],
            date_start=m["date_start"],
            date_end=m["date_end"],
        )
        for m in db.query("select * from mentions where claim_id = ? order by id", [row["id"]])
    ]
    return Claim(
        seq=row["seq"],
        sentence=row["sentence"],
        text=row["text"],
        kinds=json.loads(row["kinds"] or "[]"),
        mentions=mentions,
        attribution=row["attribution"],
    )


def verify_article(
    db: sqlite_utils.Database, article_id: int, archive_dir: str | Path
) -> Counter[str]:
    """Check every claim of an article against the latest capture of each source it cites."""
    cited = {
        row["source_id"]
        for row in db.query(
            "select source_id from claim_sources where claim_id in "
            "(select id from claims where article_id = ?)",
            [article_id],
        )
    }
    all_rows = _latest_captures(db, sorted(cited))
    texts = {t.capture_id: t for t in _source_texts(db, archive_dir, all_rows)}
    by_source = {int(r["source_id"]): texts[int(r["id"])] for r in all_rows}
    statuses: Counter[str] = Counter()
    for row in db.query("select * from claims where article_id = ? order by seq", [article_id]):
        source_ids = [
            r["source_id"]
            for r in db.query(
                "select distinct source_id from claim_sources where claim_id = ?", [row["id"]]
            )
        ]
        claim = _claim_from_row(db, row)
        # A claim that cites nothing is checked against every source of its article.
        sources = [by_source[s] for s in source_ids if s in by_source] or list(by_source.values())
        evidence = verify_claim(claim, sources)
        if not source_ids:
            for item in evidence:
                item.details["scope"] = "article"
        status = aggregate_status(evidence)
        with db.conn:
            save_evidence(db, int(row["id"]), evidence, status)
        statuses[status] += 1
    return statuses
