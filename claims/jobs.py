"""Jobs: each run or archive command is a job, so a killed one can be resumed where it stopped."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from archiver import normalize_url


@dataclass
class Job:
    """A job row: ``resumed`` is True when an unfinished job with the same work was picked up."""

    id: int
    name: str
    resumed: bool


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def job_key(kind: str, work: Iterable[str]) -> str:
    """What identifies a job's work: its kind and its normalized targets, order aside."""
    targets = sorted({normalize_url(item) for item in work})
    digest = hashlib.sha256(json.dumps([kind, targets]).encode()).hexdigest()
    return digest[:32]


def start_job(db: sqlite_utils.Database, kind: str, work: Iterable[str]) -> Job:
    """Resume the unfinished job with the same work, or start a new one."""
    key = job_key(kind, work)
    with db.conn:
        row = next(
            db.query(
                "select id from jobs where key = ? and finished_at is null "
                "order by id desc limit 1",
                [key],
            ),
            None,
        )
        if row is not None:
            job_id = int(row["id"])
            db.table("jobs").update(job_id, {"resumed_at": _now()})
            return Job(job_id, f"job-{job_id}", resumed=True)
        job_id = int(
            db.table("jobs").insert({"kind": kind, "key": key, "started_at": _now()}).last_pk or 0
        )
    return Job(job_id, f"job-{job_id}", resumed=False)


def finish_job(db: sqlite_utils.Database, job: Job) -> None:
    """Mark a job done: running the same command again starts a fresh capture."""
    with db.conn:
        db.table("jobs").update(job.id, {"finished_at": _now()})


def captured_in(db: sqlite_utils.Database, job: Job) -> set[str]:
    """The (normalized) source URLs a job has already captured."""
    sql = """select s.url from captures c join sources s on s.id = c.source_id
             where c.job_id = ?"""
    return {row["url"] for row in db.query(sql, [job.id])}


def job_counts(db: sqlite_utils.Database, job: Job, urls: Iterable[str]) -> tuple[int, int]:
    """(captured, failed) among a job's latest capture of each of ``urls``."""
    wanted = {normalize_url(u) for u in urls}
    sql = """select s.url, c.error from captures c join sources s on s.id = c.source_id
             where c.id in (select max(id) from captures where job_id = ? group by source_id)"""
    outcomes = {row["url"]: row["error"] for row in db.query(sql, [job.id]) if row["url"] in wanted}
    failed = sum(1 for error in outcomes.values() if error is not None)
    return len(outcomes) - failed, failed
