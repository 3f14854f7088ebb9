"""Shared fixtures: where the shared test data lives, and the bundled example archived once."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlite_utils

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The shared test-data folder: $CITEVAULT_SHARED, else ../shared beside the repository."""
    return Path(os.environ.get("CITEVAULT_SHARED", REPO.parent / "shared"))


@pytest.fixture
def shared() -> Path:
    path = shared_dir()
    if not path.exists():
        pytest.skip(f"shared test data not found at {path}")
    return path


@dataclass(frozen=True)
class DemoRun:
    """The bundled example's archive folder (WARC files and citevault.db) and its article URL."""

    folder: Path
    article_url: str


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """The bundled example run once through the pipeline on loopback; its server is gone after.

    Shared by every test of the session: read it, or work on a copy (``demo_copy``).
    """
    from archiver import CrawlOptions
    from claims import pipeline
    from claims.demo import serve_example

    folder = tmp_path_factory.mktemp("demo") / "archives"
    with serve_example() as site:
        options = CrawlOptions(allow_private=True, host_delay=0, connect_to=site.connect_to())
        pipeline.run(site.article_url, folder / "citevault.db", folder, options)
    return DemoRun(folder, site.article_url)


def copy_of(folder: Path, into: Path) -> Path:
    """A private copy of an archive folder (WARC files and database), for a test to change."""
    return Path(shutil.copytree(folder, into / "archives"))


@pytest.fixture
def demo_copy(demo_run: DemoRun, tmp_path: Path) -> Path:
    """A private copy of the example's archive, for one test that changes it."""
    return copy_of(demo_run.folder, tmp_path)


def database(archive: Path) -> sqlite_utils.Database:
    """The citevault database of an archive folder, opened as it is (no schema set-up)."""
    return sqlite_utils.Database(archive / "citevault.db")


def warcio_problems(path: Path) -> list[str]:
    """What ``warcio check`` finds wrong in a WARC file (its own reader and digest checks)."""
    from warcio.archiveiterator import ArchiveIterator

    problems = []
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream, check_digests=True)
        for record in records:
            stream_ = record.content_stream()
            while stream_.read(1 << 20):
                pass
            if record.digest_checker.passed is False:
                problems.append(f"{path.name}@{records.get_record_offset()}: digest mismatch")
    return problems


@pytest.fixture(autouse=True)
def every_written_warc_is_valid(request):
    """After each test, every WARC it wrote passes warcio's check and the independent reader.

    Tests that damage WARC files on purpose say so with ``@pytest.mark.damages_warcs``;
    third-party files copied in by imports (under ``imported/``) are not ours to check.
    """
    checked = "tmp_path" in request.fixturenames
    checked = checked and not request.node.get_closest_marker("damages_warcs")
    folder = request.getfixturevalue("tmp_path") if checked else None
    yield
    if folder is None:
        return
    from .warcreader import read_warc

    for path in folder.rglob("*.warc.gz"):
        if "imported" in path.relative_to(folder).parts:
            continue
        assert warcio_problems(path) == []
        read_warc(path)
