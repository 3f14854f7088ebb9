"""The archiver's exception tree.

ArchiverError
├── FetchError          a URL could not be archived (``kind`` names the failure)
│   └── BlockedAddress  the URL resolves to a private, loopback or link-local address
└── RecordError         a WARC record could not be read back
"""

from __future__ import annotations


class ArchiverError(Exception):
    """Base class of every error the archiver raises."""


class FetchError(ArchiverError):
    """A fetch failed; ``kind`` is one of the capture error kinds (dns, connect, timeout, ...)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class BlockedAddress(FetchError):
    """The SSRF guard refused an address."""

    def __init__(self, message: str) -> None:
        super().__init__("blocked_private", message)


class RecordError(ArchiverError):
    """A WARC record could not be read (missing file, bad offset, corrupt data)."""
