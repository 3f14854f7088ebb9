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
