"""Archive jobs: URLs into WARC files, each capture recorded in the database as it is made."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import sqlite_utils

from archiver import Capture, Crawler, CrawlOptions, host_of, normalize_url

from .jobs import Job, captured_in, finish_job, start_job
from .storage import open_database, save_capture, upsert_source

Progress = Callable[[str, Capture], None]


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
            return await crawler.crawl(todo, capture_saver(db, job, on_capture))

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


def capture_saver(db: sqlite_utils.Database, job: Job, on_capture: Progress | None) -> Progress:
    """A callback that stores each capture as soon as it is made, then reports it."""

    def saved(url: str, capture: Capture) -> None:
        with db.conn:
            save_capture(db, upsert_source(db, url, publisher_of(url)), capture, job.id)
        if on_capture is not None:
            on_capture(url, capture)

    return saved


def publisher_of(url: str) -> str:
    host = host_of(url)
    return host[4:] if host.startswith("www.") else host
