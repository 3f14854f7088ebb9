"""Archiving web pages as WARC files: fetching, writing, reading back. Knows nothing of claims."""

from __future__ import annotations

__version__ = "0.1.0"

from .capture import ERROR_KINDS, Capture  # noqa: E402
from .cdxj import CdxjIndex, IndexEntry, entry_for_record, index_records  # noqa: E402
from .crawler import Crawler, archive_urls  # noqa: E402
from .errors import ArchiverError, BlockedAddress, FetchError, RecordError  # noqa: E402
from .fetching import DEFAULT_USER_AGENT, CrawlOptions  # noqa: E402
from .fixity import ExpectedRecord, FixityOk, FixityProblem, check_fixity  # noqa: E402
from .guard import GuardedBackend, is_public_address  # noqa: E402
from .importer import ImportedFile, ImportedRecord, ImportProblem, import_archive  # noqa: E402
from .reader import ArchivedRecord, RawRecord, iter_records, locate_warc, read_record  # noqa: E402
from .replay import read_capture  # noqa: E402
from .requisites import find_css_requisites, find_requisites  # noqa: E402
from .softfail import SOFT_FAILURE_KINDS, detect_soft_failure  # noqa: E402
from .urls import host_of, normalize_url  # noqa: E402
from .warcfile import HttpExchange, RecordLocation, WarcFile, sha1_base32, warc_date  # noqa: E402

__all__ = [
    "DEFAULT_USER_AGENT",
    "ERROR_KINDS",
    "SOFT_FAILURE_KINDS",
    "ArchivedRecord",
    "ArchiverError",
    "BlockedAddress",
    "Capture",
    "CdxjIndex",
    "CrawlOptions",
    "Crawler",
    "ExpectedRecord",
    "FetchError",
    "FixityOk",
    "FixityProblem",
    "GuardedBackend",
    "HttpExchange",
    "ImportProblem",
    "ImportedFile",
    "ImportedRecord",
    "IndexEntry",
    "RawRecord",
    "RecordError",
    "RecordLocation",
    "WarcFile",
    "__version__",
    "archive_urls",
    "check_fixity",
    "detect_soft_failure",
    "entry_for_record",
    "find_css_requisites",
    "find_requisites",
    "host_of",
    "import_archive",
    "index_records",
    "is_public_address",
    "iter_records",
    "locate_warc",
    "normalize_url",
    "read_capture",
    "read_record",
    "sha1_base32",
    "warc_date",
]
