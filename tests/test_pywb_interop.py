"""Captures replay in pywb, the reference wayback engine, with the very bytes the servers sent."""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest

from archiver import CrawlOptions, archive_urls, normalize_url

from .sites import chunked, gzipped, html_page, send, serve

pytest.importorskip("pywb", reason="pywb is in the test extra: pip install -e '.[test]'")
pytest.importorskip("werkzeug", reason="werkzeug comes with pywb: pip install -e '.[test]'")

COLLECTION = "sources"

# A 1x1 transparent PNG: binary bytes that no text decoding may touch.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4c50000000049454e44ae426082"
)
BODIES = {
    "/article": html_page("The article", "Plain bytes with a Content-Length, served whole."),
    "/compressed": html_page("Compressed", "Served gzip-encoded; replay must give these bytes."),
    "/streamed": html_page("Streamed", *(f"Chunk-encoded paragraph {i}." for i in range(40))),
    "/pixel.png": PNG,
}
ROUTES = {
    "/article": lambda h: send(h, 200, BODIES["/article"]),
    "/moved": lambda h: send(h, 301, b"", {"Location": "/article"}),
    "/compressed": lambda h: gzipped(h, BODIES["/compressed"]),
    "/streamed": lambda h: chunked(h, BODIES["/streamed"], size=64),
    "/pixel.png": lambda h: send(h, 200, PNG, {"Content-Type": "image/png"}),
}

# Run apart from pytest: importing pywb's front end monkey-patches the whole process with gevent,
# which would break the threads and event loops of every other test.
REPLAY_SCRIPT = """
import base64, json, sys
from pywb.apps.frontendapp import FrontEndApp
from pywb.manager.manager import main as wb_manager
from werkzeug.test import Client

job = json.load(sys.stdin)
wb_manager(["init", job["collection"]])
wb_manager(["add", job["collection"], *job["warcs"]])
client = Client(FrontEndApp())
replies = {}
for path in job["paths"]:
    response = client.get(path)
    replies[path] = {
        "status": response.status_code,
        "headers": {name.lower(): value for name, value in response.headers.items()},
        "body": base64.b64encode(response.get_data()).decode("ascii"),
    }
with open("replies.json", "w") as out:
    json.dump(replies, out)
"""


@dataclass
class Replay:
    """One URL as pywb served it back."""

    status: int
    headers: dict[str, str]
    body: bytes

    def payload(self) -> bytes:
        """The body with any Content-Encoding pywb kept undone."""
        if self.headers.get("content-encoding", "").lower() == "gzip":
            return gzip.decompress(self.body)
        return self.body


@dataclass
class Replayed:
    """What the crawl archived and what pywb made of it."""

    urls: dict[str, str]
    replies: dict[str, Replay]
    index: list[dict[str, str]]


def _timestamp(fetched_at: str) -> str:
    """A capture time as the 14 digits of a wayback URL."""
    return re.sub(r"\D", "", fetched_at)[:14]


def _without_proxies() -> dict[str, str]:
    # pywb's front end talks to its own index server on loopback; a proxy must not intercept it.
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.pop("PYWB_CONFIG_FILE", None)
    return {**env, "NO_PROXY": "*", "no_proxy": "*"}


def _replay_in_pywb(root: Path, warcs: list[Path], paths: list[str]) -> dict[str, Replay]:
    job = {"collection": COLLECTION, "warcs": [str(w) for w in warcs], "paths": paths}
    done = subprocess.run(
        [sys.executable, "-c", REPLAY_SCRIPT],
        input=json.dumps(job),
        cwd=root,
        env=_without_proxies(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    replies = json.loads((root / "replies.json").read_text())
    return {
        path: Replay(reply["status"], reply["headers"], base64.b64decode(reply["body"]))
        for path, reply in replies.items()
    }


def _pywb_index(root: Path) -> list[dict[str, str]]:
    lines = (root / "collections" / COLLECTION / "indexes" / "index.cdxj").read_text().splitlines()
    return [json.loads(line.split(" ", 2)[2]) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> Replayed:
    root = tmp_path_factory.mktemp("pywb")
    site = serve(ROUTES)
    try:
        urls = {path: site.url(path) for path in ROUTES}
        options = CrawlOptions(allow_private=True, host_delay=0)
        captures = archive_urls(urls.values(), root / "warcs", options)
    finally:
        # Closed before replay, so every byte pywb serves has to come from the WARC files.
        site.close()
    wayback = {}
    for path, url in urls.items():
        capture = captures[normalize_url(url)]
        assert capture.ok, (url, capture.error)
        wayback[path] = f"/{COLLECTION}/{_timestamp(capture.fetched_at)}id_/{url}"
    warcs = sorted((root / "warcs").glob("*.warc.gz"))
    assert warcs
    replies = _replay_in_pywb(root, warcs, list(wayback.values()))
    return Replayed(
        urls=urls,
        replies={path: replies[wayback[path]] for path in ROUTES},
        index=_pywb_index(root),
    )


def test_pywb_indexes_every_capture_with_the_status_the_server_gave(replayed: Replayed):
    statuses = {entry["url"]: entry["status"] for entry in replayed.index}
    assert statuses[replayed.urls["/moved"]] == "301"
    for path in BODIES:
        assert statuses[replayed.urls[path]] == "200"


@pytest.mark.parametrize("path", list(BODIES))
def test_pywb_replays_the_bytes_the_server_sent(replayed: Replayed, path: str):
    reply = replayed.replies[path]
    assert reply.status == 200
    assert reply.payload() == BODIES[path]


def test_pywb_replays_binary_content_with_its_type(replayed: Replayed):
    assert replayed.replies["/pixel.png"].headers["content-type"] == "image/png"


def test_pywb_knows_the_compressed_page_was_sent_gzip_encoded(replayed: Replayed):
    headers = replayed.replies["/compressed"].headers
    encodings = {headers.get("content-encoding"), headers.get("x-archive-orig-content-encoding")}
    assert "gzip" in encodings


def test_pywb_replays_a_redirect_as_a_redirect_to_its_target(replayed: Replayed):
    reply = replayed.replies["/moved"]
    assert reply.status == 301
    target = urljoin(replayed.urls["/moved"], reply.headers["location"])
    assert target.endswith(replayed.urls["/article"])
