"""The options of a crawl, with polite defaults (no HTTP machinery here: cheap to import)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from . import __version__

DEFAULT_USER_AGENT = f"citevault/{__version__} (source archiving for fact-checking)"
DEFAULT_MAX_SIZE = 1_000_000_000
ConnectTo = Mapping[tuple[str, int], tuple[str, int]]


@dataclass
class CrawlOptions:
    """Limits and identity of a crawl; the defaults are polite.

    One request in flight per host, a second apart; robots.txt obeyed; connection errors,
    429 and 5xx retried ``retries`` times with exponential backoff from ``retry_base_delay``
    (or the server's Retry-After), waiting ``retry_max_wait`` seconds at most in all.
    """

    concurrency: int = 8
    host_concurrency: int = 1
    host_delay: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    max_bytes: int = 100_000_000
    max_redirects: int = 10
    retries: int = 3
    retry_base_delay: float = 1.0
    retry_max_wait: float = 60.0
    obey_robots: bool = True
    requisites: bool = False
    user_agent: str = DEFAULT_USER_AGENT
    allow_private: bool = False
    connect_to: ConnectTo = field(default_factory=dict)
    warc_prefix: str = "citevault"
    warc_max_size: int = DEFAULT_MAX_SIZE
    operator: str | None = None
    job: str | None = None
