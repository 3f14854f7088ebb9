"""Shared fixtures: where the shared test data lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
