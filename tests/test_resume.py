"""Nothing lost: a job killed with SIGKILL resumes, and two jobs at once do not collide."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archiver import read_capture

from .sites import html_page, send, serve
from .warcreader import read_warc

CITEVAULT = str(Path(sys.executable).parent / "citevault")
WARCIO = str(Path(sys.executable).parent / "warcio")


def slow_page(delay: float):
    def route(handler):
        time.sleep(delay)
        send(handler, 200, html_page(handler.path, "Text of the page at " + handler.path) * 40)

    return route


@pytest.fixture
def site():
    server = serve({f"/p{i}": slow_page(0.1) for i in range(30)})
    yield server
    server.close()


def archive_command(folder: Path, urls_file: Path) -> list[str]:
    return [
        CITEVAULT, "--archive-dir", str(folder), "archive", "--from-file", str(urls_file),
        "--allow-private", "--host-delay", "0", "--host-concurrency", "2",
        "--warc-size", "40000", "-s",
    ]  # fmt: skip


def count_captures(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("select count(*) from captures").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def assert_archive_is_whole(folder: Path) -> None:
    """Every WARC valid, no file left open, every capture's record where the database says."""
    assert not list(folder.glob("*.open"))
    files = sorted(folder.glob("*.warc.gz"))
    for path in files:
        read_warc(path)
        check = subprocess.run([WARCIO, "check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    with sqlite3.connect(folder / "citevault.db") as conn:
        rows = conn.execute(
            "select warc_file, warc_offset, payload_sha256 from captures where warc_file is not null"
        ).fetchall()
    import hashlib

    for warc_file, offset, sha256 in rows:
        record = read_capture(folder, warc_file, offset)  # a revisit resolves to its original
        assert hashlib.sha256(record.raw_payload).hexdigest() == sha256


@pytest.mark.parametrize("kill_after", [3, 12])
def test_a_job_killed_with_sigkill_resumes_and_finishes(tmp_path, site, kill_after):
    folder = tmp_path / "archives"
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text("\n".join(site.url(f"/p{i}") for i in range(30)) + "\n")
    job = subprocess.Popen(archive_command(folder, urls_file), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 60
    while count_captures(folder / "citevault.db") < kill_after:
        assert job.poll() is None, "the job ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(job.pid, signal.SIGKILL)
    job.wait()
    before = count_captures(folder / "citevault.db")
    assert before >= kill_after
    assert list(folder.glob("*.warc.gz.open")), "the killed job left its file open"
    for finished in folder.glob("*.warc.gz"):
        read_warc(finished)  # files the job had finished are valid as they are
    hits_before = dict(site.hits)

    again = subprocess.run(archive_command(folder, urls_file), capture_output=True, text=True,
                           timeout=120)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert "captured  30" in again.stdout
    assert count_captures(folder / "citevault.db") == 30
    refetched = [p for p, n in site.hits.items() if n > hits_before.get(p, 0)]
    assert len(refetched) <= 30 - before + 2, "what was recorded is not fetched again"
    assert_archive_is_whole(folder)


def test_running_the_same_command_after_it_finished_captures_again(tmp_path, site):
    folder = tmp_path / "archives"
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text(site.url("/p1") + "\n")
    for _ in range(2):
        done = subprocess.run(archive_command(folder, urls_file), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert count_captures(folder / "citevault.db") == 2
    assert site.hits["/p1"] == 2


def test_two_jobs_at_once_do_not_corrupt_each_other(tmp_path, site):
    folder = tmp_path / "archives"
    lists = []
    for half in (range(0, 15), range(15, 30)):
        urls_file = tmp_path / f"urls{half.start}.txt"
        urls_file.write_text("\n".join(site.url(f"/p{i}") for i in half) + "\n")
        lists.append(urls_file)
    jobs = [subprocess.Popen(archive_command(folder, f), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for f in lists]  # fmt: skip
    for job in jobs:
        out, err = job.communicate(timeout=120)
        assert job.returncode == 0, err
        assert "captured  15" in out
    assert count_captures(folder / "citevault.db") == 30
    assert_archive_is_whole(folder)
