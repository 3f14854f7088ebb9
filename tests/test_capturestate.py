"""One definition of a successful capture, the same in SQL and in Python."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from claims.capturestate import is_successful, successful_sql

ARCHIVED = {"warc_file": "a.warc.gz", "warc_offset": 0, "error": None, "error_kind": None}


@pytest.mark.parametrize(
    ("changes", "successful"),
    [
        ({}, True),
        ({"error": ""}, True),
        ({"warc_file": None}, False),
        ({"warc_file": ""}, False),
        ({"warc_offset": None}, False),
        ({"error": "HTTP 404 Not Found", "error_kind": "http_4xx"}, False),
        ({"error_kind": "soft_failure"}, False),
    ],
)
def test_sql_and_python_agree_on_what_succeeded(changes: dict[str, Any], successful: bool) -> None:
    capture = {**ARCHIVED, **changes}
    conn = sqlite3.connect(":memory:")
    conn.execute("create table captures (warc_file, warc_offset, error, error_kind)")
    conn.execute("insert into captures values (?, ?, ?, ?)", list(capture.values()))
    found = conn.execute(f"select count(*) from captures cp where {successful_sql('cp')}")
    assert found.fetchone()[0] == int(successful)
    assert is_successful(capture) is successful
