"""When a capture counts as archived: one predicate, in SQL and in Python."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["is_successful", "successful_sql"]

# A capture is archived evidence when it left a record to replay (a WARC file and an offset)
# and no failure was recorded on it: a soft failure or an HTTP error keeps its response in the
# WARC but is flagged, and is no evidence.
_SUCCESSFUL = (
    "{p}warc_file is not null and {p}warc_file != '' and {p}warc_offset is not null "
    "and coalesce({p}error, '') = '' and coalesce({p}error_kind, '') = ''"
)


def successful_sql(alias: str = "") -> str:
    """A WHERE fragment true for a successful capture; ``alias`` names the captures table."""
    return "(" + _SUCCESSFUL.format(p=f"{alias}." if alias else "") + ")"


def is_successful(capture: Mapping[str, Any]) -> bool:
    """Whether ``capture`` (a captures row) is a successful capture, as ``successful_sql`` says."""
    return (
        bool(capture.get("warc_file"))
        and capture.get("warc_offset") is not None
        and not capture.get("error")
        and not capture.get("error_kind")
    )
