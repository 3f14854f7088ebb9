"""robots.txt: fetched once per host and job, obeyed unless the user says otherwise (RFC 9309)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

# A fetcher returns (status code, body) for a URL, or raises when nothing could be fetched.
RobotsFetcher = Callable[[str], Awaitable[tuple[int, bytes]]]
MAX_ROBOTS_BYTES = 500_000  # RFC 9309 lets crawlers stop parsing after 500 KiB


@dataclass
class RobotsRules:
    """The rules of one host: allow all, disallow all, or a parsed robots.txt."""

    parser: RobotFileParser | None
    allow_all: bool

    def allows(self, user_agent: str, url: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return self.parser.can_fetch(_product_token(user_agent), url)


def _product_token(user_agent: str) -> str:
    """The name robots.txt groups match against: "citevault" for "citevault/1.0 (...)"."""
    return user_agent.split("/", 1)[0].split(" ", 1)[0] or "*"


def robots_url(url: str) -> str:
    """The robots.txt that governs a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def rules_from_response(status: int | None, body: bytes) -> RobotsRules:
    """Rules for a robots.txt answer, as RFC 9309 says.

    2xx: parse it; 4xx: no robots.txt, everything allowed; 5xx: the site is unreachable,
    so everything is disallowed for now.
    """
    if status is None or status >= 500:
        return RobotsRules(None, allow_all=False)
    if status >= 400:
        return RobotsRules(None, allow_all=True)
    parser = RobotFileParser()
    text = body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
    parser.parse(text.splitlines())
    return RobotsRules(parser, allow_all=True)


class RobotsCache:
    """The robots.txt rules of every host a job visits, each fetched once."""

    def __init__(self, fetch: RobotsFetcher, user_agent: str) -> None:
        self._fetch = fetch
        self._user_agent = user_agent
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def allows(self, url: str) -> bool:
        """True when the robots.txt of the URL's host lets this crawler fetch it.

        A host whose robots.txt cannot be fetched at all (DNS, connection, guard) raises that
        failure, so the page's capture is named for it rather than for robots.
        """
        key = robots_url(url)
        async with self._locks.setdefault(key, asyncio.Lock()):
            if key not in self._rules:
                status, body = await self._fetch(key)
                self._rules[key] = rules_from_response(status, body)
        return self._rules[key].allows(self._user_agent, url)
