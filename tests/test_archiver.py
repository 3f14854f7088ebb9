"""The archiver crawls real loopback servers and writes WARC files other tools can read."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from pathlib import Path

import pytest

from archiver import CrawlOptions, archive_urls, normalize_url, read_record
from archiver.guard import is_public_address
from archiver.httpparse import parse_http_head, status_of
from archiver.reader import warc_date_of_timestamp

from .sites import chunked, gzipped, html_page, send, serve
from .warcreader import read_warc

PAGE = html_page("A page", "First paragraph of the page, long enough to count.", "Second one.")


@pytest.fixture(scope="module")
def site():
    routes = {
        "/page": lambda h: send(h, 200, PAGE),
        "/hop1": lambda h: send(h, 301, b"", {"Location": "/hop2"}),
        "/hop2": lambda h: send(h, 302, b"", {"Location": "/page"}),
        "/loop-a": lambda h: send(h, 302, b"", {"Location": "/loop-b"}),
        "/loop-b": lambda h: send(h, 302, b"", {"Location": "/loop-a"}),
        "/error": lambda h: send(h, 500, b"oops"),
        "/gzip": lambda h: gzipped(h, PAGE),
        "/chunked": lambda h: chunked(h, PAGE),
        "/big": lambda h: send(h, 200, b"x" * 50_000),
        "/counted": lambda h: send(h, 200, PAGE),
    }
    server = serve(routes)
    yield server
    server.close()


def crawl(site, tmp_path: Path, *paths: str, **options):
    opts = CrawlOptions(allow_private=True, host_delay=0, retry_base_delay=0.01, **options)
    urls = [site.url(p) if p.startswith("/") else p for p in paths]
    return archive_urls(urls, tmp_path, opts)


def page_responses(tmp_path: Path) -> list:
    """The response records of the pages asked for (robots.txt aside)."""
    return [
        r
        for r in read_warc(only_warc(tmp_path))
        if r.type == "response" and not r.headers["WARC-Target-URI"].endswith("/robots.txt")
    ]


def only_warc(tmp_path: Path) -> Path:
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) == 1, files
    return files[0]


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("HTTP://Example.COM:80/a#frag", "http://example.com/a"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("https://example.com/a?utm_source=x&id=3&fbclid=y&gclid=z", "https://example.com/a?id=3"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://example.com/a%2Fb", "https://example.com/a%2Fb"),
    ],
)
def test_normalize_url_gives_one_form_per_resource(given, normal):
    assert normalize_url(given) == normal


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("fe80::1", False),
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
    ],
)
def test_only_public_addresses_pass_the_guard(address, public):
    assert is_public_address(address) is public


def test_a_page_is_archived_as_a_request_response_pair(site, tmp_path):
    capture = crawl(site, tmp_path, "/page")[site.url("/page")]
    assert capture.ok and capture.status_code == 200
    assert capture.ip_address == "127.0.0.1"
    warc = only_warc(tmp_path)
    assert re.fullmatch(r"citevault-\d{20}-00000\.warc\.gz", warc.name)
    records = [
        r
        for r in read_warc(warc)
        if r.type == "warcinfo" or r.headers["WARC-Target-URI"] == site.url("/page")
    ]
    assert [r.type for r in records] == ["warcinfo", "response", "request", "metadata"]
    info, response, request, _ = records
    assert b"software: citevault/" in info.block
    assert response.headers["WARC-Target-URI"] == site.url("/page")
    assert response.headers["WARC-IP-Address"] == "127.0.0.1"
    assert request.headers["WARC-Concurrent-To"] == response.headers["WARC-Record-ID"]
    assert response.http_parts()[1] == PAGE
    assert request.http_parts()[0].startswith(b"GET /page HTTP/1.1")
    assert (capture.warc_offset, capture.warc_length) == (response.offset, response.length)
    assert capture.payload_sha1 == response.headers["WARC-Payload-Digest"]


def test_warcio_checks_and_reads_back_what_was_written(site, tmp_path):
    crawl(site, tmp_path, "/page", "/gzip", "/chunked", "/hop1")
    warc = only_warc(tmp_path)
    warcio = Path(sys.executable).parent / "warcio"
    check = subprocess.run([str(warcio), "check", "-v", str(warc)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "digest pass" in check.stdout and "fail" not in check.stdout


def test_every_redirect_hop_is_recorded(site, tmp_path):
    capture = crawl(site, tmp_path, "/hop1")[site.url("/hop1")]
    assert capture.ok and capture.final_url == site.url("/page")
    assert capture.redirects == [site.url("/hop1"), site.url("/hop2")]
    responses = page_responses(tmp_path)
    statuses = [r.http_parts()[0].split(b" ")[1] for r in responses]
    assert statuses == [b"301", b"302", b"200"]
    assert read_record(tmp_path / capture.warc_file, capture.warc_offset).payload == PAGE


def test_a_redirect_loop_is_named(site, tmp_path):
    capture = crawl(site, tmp_path, "/loop-a")[site.url("/loop-a")]
    assert capture.error_kind == "redirect_loop"


def test_too_many_redirects_is_named(site, tmp_path):
    capture = crawl(site, tmp_path, "/hop1", max_redirects=1)[site.url("/hop1")]
    assert capture.error_kind == "too_many_redirects"


def test_http_errors_are_archived_and_named(site, tmp_path):
    captures = crawl(site, tmp_path, "/missing", "/error")
    missing, error = captures[site.url("/missing")], captures[site.url("/error")]
    assert (missing.status_code, missing.error_kind) == (404, "http_4xx")
    assert (error.status_code, error.error_kind) == (500, "http_5xx")
    assert missing.warc_file is not None
    assert read_record(tmp_path / missing.warc_file, missing.warc_offset).status_code == 404


def test_gzip_body_is_stored_as_transferred_and_read_back_decoded(site, tmp_path):
    capture = crawl(site, tmp_path, "/gzip")[site.url("/gzip")]
    response = page_responses(tmp_path)[0]
    head, body = response.http_parts()
    assert b"Content-Encoding: gzip" in head
    assert gzip.decompress(body) == PAGE
    record = read_record(tmp_path / capture.warc_file, capture.warc_offset)
    assert record.payload == PAGE and record.raw_payload == body


def test_chunked_body_is_stored_dechunked_without_transfer_encoding(site, tmp_path):
    crawl(site, tmp_path, "/chunked")
    response = page_responses(tmp_path)[0]
    head, body = response.http_parts()
    assert b"transfer-encoding" not in head.lower()
    assert body == PAGE


def test_a_body_over_the_cap_is_truncated_and_named(site, tmp_path):
    capture = crawl(site, tmp_path, "/big", max_bytes=1000)[site.url("/big")]
    assert capture.error_kind == "too_large"
    response = page_responses(tmp_path)[0]
    assert response.headers["WARC-Truncated"] == "length"
    assert len(response.http_parts()[1]) == 1000


def test_the_same_url_in_several_forms_is_fetched_once(site, tmp_path):
    forms = [
        site.url("/counted"),
        site.url("/counted#section"),
        site.url("/counted?utm_source=newsletter"),
        site.url("/counted").replace("http://", "HTTP://"),
    ]
    captures = crawl(site, tmp_path, *forms)
    assert list(captures) == [site.url("/counted")]
    assert site.hits["/counted"] == 1


def test_loopback_is_refused_without_allow_private(site, tmp_path):
    before = site.hits.get("/page", 0)
    capture = archive_urls([site.url("/page")], tmp_path, CrawlOptions())[site.url("/page")]
    assert capture.error_kind == "blocked_private"
    assert "--allow-private" in capture.error
    assert site.hits.get("/page", 0) == before
    written = [r.type for path in tmp_path.glob("*.warc.gz") for r in read_warc(path)]
    assert "response" not in written and "request" not in written


def test_a_redirect_to_a_private_address_is_refused(tmp_path):
    target = serve({"/secret": lambda h: send(h, 200, b"secret")}, host="127.0.0.2")
    hop = serve({"/go": lambda h: send(h, 302, b"", {"Location": target.url("/secret")})})
    try:
        options = CrawlOptions(
            host_delay=0, connect_to={("public.example", 80): (hop.host, hop.port)}
        )
        # The first hop is allowed by an explicit connect-to only when private addresses are allowed.
        capture = archive_urls(["http://public.example/go"], tmp_path, options)
        assert capture["http://public.example/go"].error_kind == "blocked_private"
        assert target.hits == {}
    finally:
        target.close()
        hop.close()


def test_connect_to_serves_a_named_host_from_loopback(site, tmp_path):
    options = CrawlOptions(
        allow_private=True, host_delay=0, connect_to={("news.example", 80): (site.host, site.port)}
    )
    capture = archive_urls(["http://news.example/page"], tmp_path, options)[
        "http://news.example/page"
    ]
    assert capture.ok
    record = read_record(tmp_path / capture.warc_file, capture.warc_offset)
    assert record.target_uri == "http://news.example/page"
    assert record.payload == PAGE


@pytest.mark.parametrize(
    ("url", "kind"),
    [("ftp://example.com/file", "unsupported_scheme"), ("http:///nohost", "invalid_url")],
)
def test_urls_that_cannot_be_fetched_are_named(tmp_path, url, kind):
    capture = next(iter(archive_urls([url], tmp_path, CrawlOptions()).values()))
    assert capture.error_kind == kind


def test_the_warc_file_is_open_while_written_and_renamed_when_done(site, tmp_path):
    import asyncio

    from archiver import Crawler

    async def job():
        async with Crawler(tmp_path, CrawlOptions(allow_private=True, host_delay=0)) as crawler:
            await crawler.fetch(site.url("/page"))
            assert [p.suffix for p in tmp_path.glob("*.warc.gz*")] == [".open"]
        assert [p.name.endswith(".warc.gz") for p in tmp_path.glob("*.warc.gz*")] == [True]
        indexed = (tmp_path / "index.cdxj").read_text()
        assert site.url("/page") in indexed, "a finished file is indexed"

    asyncio.run(job())


def test_an_unchanged_page_archived_again_is_a_revisit_record(site, tmp_path):
    from archiver import read_capture

    first = crawl(site, tmp_path, "/page")[site.url("/page")]
    second = crawl(site, tmp_path, "/page")[site.url("/page")]
    assert second.ok and second.payload_sha1 == first.payload_sha1
    records = [r for path in sorted(tmp_path.glob("*.warc.gz")) for r in read_warc(path)]
    revisit = next(r for r in records if r.type == "revisit")
    assert revisit.headers["WARC-Profile"].endswith("/revisit/identical-payload-digest")
    assert revisit.headers["WARC-Refers-To-Target-URI"] == site.url("/page")
    assert revisit.headers["WARC-Payload-Digest"] == first.payload_sha1
    assert revisit.http_parts()[1] == b"", "no second copy of the payload"
    assert (second.warc_file, second.warc_offset) == (
        revisit_file(tmp_path, revisit),
        revisit.offset,
    )
    replayed = read_capture(tmp_path, second.warc_file, second.warc_offset)
    assert replayed.record_type == "revisit" and replayed.payload == PAGE


def revisit_file(tmp_path: Path, revisit) -> str:
    for path in tmp_path.glob("*.warc.gz"):
        if any(
            r.headers.get("WARC-Record-ID") == revisit.headers["WARC-Record-ID"]
            for r in read_warc(path)
        ):
            return path.name
    raise AssertionError("revisit not found")


def test_a_changed_page_archived_again_is_a_full_response(tmp_path):
    versions = iter([b"<p>first version of the page</p>", b"<p>second version</p>"])
    changing = serve({"/news": lambda h: send(h, 200, next(versions))})
    try:
        crawl(changing, tmp_path, "/news")
        crawl(changing, tmp_path, "/news")
        types = [
            r.type
            for path in tmp_path.glob("*.warc.gz")
            for r in read_warc(path)
            if r.headers.get("WARC-Target-URI", "").endswith("/news")
        ]
        assert types.count("response") == 2 and "revisit" not in types
    finally:
        changing.close()


def test_requisites_archives_what_a_page_embeds(tmp_path):
    page = (
        b"<html><head><link rel=stylesheet href='/s.css'><script src='/j.js'></script></head>"
        b"<body><p>Text</p><img src='/a.png'></body></html>"
    )
    embedded = serve(
        {
            "/page": lambda h: send(h, 200, page),
            "/s.css": lambda h: send(h, 200, b"p{color:red}", {"Content-Type": "text/css"}),
            "/j.js": lambda h: send(h, 200, b"1;", {"Content-Type": "text/javascript"}),
            "/a.png": lambda h: send(h, 200, b"\x89PNG....", {"Content-Type": "image/png"}),
        }
    )
    try:
        plain = crawl(embedded, tmp_path / "plain", "/page")
        assert set(plain) == {embedded.url("/page")}
        assert "/a.png" not in embedded.hits
        whole = crawl(embedded, tmp_path / "whole", "/page", requisites=True)
        assert set(whole) == {embedded.url("/page")}, "requisites are not sources"
        uris = {
            r.headers["WARC-Target-URI"]
            for path in (tmp_path / "whole").glob("*.warc.gz")
            for r in read_warc(path)
            if r.type == "response"
        }
        assert {embedded.url(p) for p in ("/s.css", "/j.js", "/a.png")} <= uris
        again = crawl(embedded, tmp_path / "whole", "/page", requisites=True)
        assert again[embedded.url("/page")].ok
        assert embedded.hits["/a.png"] == 2, "an unchanged page (a revisit) still has requisites"
    finally:
        embedded.close()


def test_an_http_head_gives_its_status_and_unfolds_continued_fields():
    head = b"HTTP/1.1 404 Not Found\r\nX-Long: first\r\n  second\r\nContent-Type: text/html\r\n\r\n"
    status_line, fields = parse_http_head(head)
    assert status_of(status_line) == 404
    assert fields == [("X-Long", "first second"), ("Content-Type", "text/html")]
    assert status_of("HTTP/1.1") is None
    assert status_of("GET / HTTP/1.1") is None


def test_a_cdx_or_arc_timestamp_reads_as_a_warc_date_short_ones_padded():
    assert warc_date_of_timestamp("20240301101112") == "2024-03-01T10:11:12Z"
    assert warc_date_of_timestamp("202403011011") == "2024-03-01T10:11:00Z"
