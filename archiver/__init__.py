"""Archiving web pages as WARC files: fetching, writing, reading back. Knows nothing of claims.

Names are loaded on first use, so a command that only reads WARC files (``fixity``) does not
pay for the HTTP stack.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .capture import Capture
    from .cdxj import CdxjIndex, IndexEntry, entry_for_record, index_records
    from .crawler import Crawler, archive_urls
    from .errors import ArchiverError, BlockedAddress, FetchError, RecordError
    from .fixity import ExpectedRecord, FixityOk, FixityProblem, check_fixity
    from .guard import GuardedBackend, is_public_address
    from .importer import ImportedFile, ImportedRecord, ImportProblem, import_archive
    from .options import DEFAULT_USER_AGENT, CrawlOptions
    from .reader import ArchivedRecord, RawRecord, iter_records, locate_warc, read_record
    from .replay import read_capture
    from .requisites import find_css_requisites, find_requisites
    from .softfail import SOFT_FAILURE_KINDS, detect_soft_failure
    from .urls import host_of, normalize_url
    from .wacz import Page, RecordRef, WaczError, WaczSummary, write_wacz
    from .warcfile import HttpExchange, RecordLocation, WarcFile, sha1_base32, warc_date

# Where each public name lives.
_MODULES = {
    "Capture": "capture",
    "CdxjIndex": "cdxj",
    "IndexEntry": "cdxj",
    "entry_for_record": "cdxj",
    "index_records": "cdxj",
    "Crawler": "crawler",
    "archive_urls": "crawler",
    "ArchiverError": "errors",
    "BlockedAddress": "errors",
    "FetchError": "errors",
    "RecordError": "errors",
    "DEFAULT_USER_AGENT": "options",
    "CrawlOptions": "options",
    "ExpectedRecord": "fixity",
    "FixityOk": "fixity",
    "FixityProblem": "fixity",
    "check_fixity": "fixity",
    "GuardedBackend": "guard",
    "is_public_address": "guard",
    "ImportedFile": "importer",
    "ImportedRecord": "importer",
    "ImportProblem": "importer",
    "import_archive": "importer",
    "ArchivedRecord": "reader",
    "RawRecord": "reader",
    "iter_records": "reader",
    "locate_warc": "reader",
    "read_record": "reader",
    "read_capture": "replay",
    "find_css_requisites": "requisites",
    "find_requisites": "requisites",
    "SOFT_FAILURE_KINDS": "softfail",
    "detect_soft_failure": "softfail",
    "host_of": "urls",
    "normalize_url": "urls",
    "Page": "wacz",
    "RecordRef": "wacz",
    "WaczError": "wacz",
    "WaczSummary": "wacz",
    "write_wacz": "wacz",
    "HttpExchange": "warcfile",
    "RecordLocation": "warcfile",
    "WarcFile": "warcfile",
    "sha1_base32": "warcfile",
    "warc_date": "warcfile",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module 'archiver' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_MODULES[name]}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "ArchivedRecord",
    "ArchiverError",
    "BlockedAddress",
    "Capture",
    "CdxjIndex",
    "CrawlOptions",
    "Crawler",
    "DEFAULT_USER_AGENT",
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
    "Page",
    "RawRecord",
    "RecordError",
    "RecordLocation",
    "RecordRef",
    "SOFT_FAILURE_KINDS",
    "WaczError",
    "WaczSummary",
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
    "write_wacz",
]
