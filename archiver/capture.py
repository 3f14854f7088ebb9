"""The outcome of archiving one URL: where its record lies in which WARC file, or what failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR_KINDS = (
    "dns",
    "connect",
    "tls",
    "timeout",
    "too_large",
    "redirect_loop",
    "too_many_redirects",
    "http_4xx",
    "http_5xx",
    "robots",
    "blocked_private",
    "invalid_url",
    "unsupported_scheme",
    "soft_failure",
    "protocol",
)


@dataclass
class Capture:
    """One archived fetch (or named failure) of a URL.

    ``warc_file`` is relative to the archive folder; ``warc_offset``/``warc_length`` locate the
    final response record (after redirects). ``error`` is None on success, else a one-line
    message, with ``error_kind`` one of ``ERROR_KINDS``. An HTTP error response is still archived.
    """

    requested_url: str
    fetched_at: str
    final_url: str | None = None
    status_code: int | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None
    payload_sha256: str | None = None
    payload_sha1: str | None = None
    content_type: str | None = None
    error: str | None = None
    error_kind: str | None = None
    ip_address: str | None = None
    redirects: list[str] = field(default_factory=list)
    record_id: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_row(self) -> dict[str, Any]:
        """The capture as a database row (the columns of the ``captures`` table)."""
        return {
            "requested_url": self.requested_url,
            "final_url": self.final_url,
            "status_code": self.status_code,
            "fetched_at": self.fetched_at,
            "warc_file": self.warc_file,
            "warc_offset": self.warc_offset,
            "warc_length": self.warc_length,
            "payload_sha256": self.payload_sha256,
            "payload_sha1": self.payload_sha1,
            "content_type": self.content_type,
            "error": self.error,
            "error_kind": self.error_kind,
            "ip_address": self.ip_address,
            "redirects": list(self.redirects),
        }
