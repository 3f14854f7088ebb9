"""Every way a server can go wrong is named on the capture, and the WARC stays valid."""

from __future__ import annotations

import os
import socket
import struct
import time
from pathlib import Path

import pytest

from archiver import CrawlOptions, archive_urls, read_record

from .sites import html_page, send, serve, serve_raw
from .warcreader import read_warc

PAGE = html_page("Page", "A paragraph of the page that is long enough to be prose.", "Another.")


def crawl(urls, tmp_path: Path, **options):
    settings = {"allow_private": True, "host_delay": 0, "retry_base_delay": 0.05, **options}
    return archive_urls(urls, tmp_path, CrawlOptions(**settings))


def records(tmp_path: Path):
    return [r for path in sorted(tmp_path.glob("*.warc.gz")) for r in read_warc(path)]


def page_response(tmp_path: Path):
    """The first response record that is not robots.txt."""
    return next(
        r
        for r in records(tmp_path)
        if r.type == "response" and not r.headers["WARC-Target-URI"].endswith("/robots.txt")
    )


def statuses(tmp_path: Path, path: str) -> list[bytes]:
    return [
        r.http_parts()[0].split(b" ")[1]
        for r in records(tmp_path)
        if r.type == "response" and r.headers["WARC-Target-URI"].endswith(path)
    ]


def flaky(failures: int, status: int = 500, headers: dict[str, str] | None = None):
    """A route that fails ``failures`` times with ``status``, then serves the page."""
    calls = {"n": 0}

    def route(handler):
        calls["n"] += 1
        if calls["n"] <= failures:
            send(handler, status, b"try later", headers)
        else:
            send(handler, 200, PAGE)

    return route


def test_a_500_that_recovers_on_retry_is_captured_with_every_attempt_kept(tmp_path):
    with serve({"/flaky": flaky(2)}) as site:
        capture = crawl([site.url("/flaky")], tmp_path)[site.url("/flaky")]
        assert capture.ok and capture.status_code == 200
        assert statuses(tmp_path, "/flaky") == [b"500", b"500", b"200"]
        assert read_record(tmp_path / capture.warc_file, capture.warc_offset).payload == PAGE


def test_retry_after_is_honoured(tmp_path):
    with serve({"/busy": flaky(1, 503, {"Retry-After": "1"})}) as site:
        started = time.monotonic()
        capture = crawl([site.url("/busy")], tmp_path)[site.url("/busy")]
        assert capture.ok
        assert time.monotonic() - started >= 1.0


def test_retries_are_bounded_in_count(tmp_path):
    with serve({"/down": flaky(100, 429)}) as site:
        capture = crawl([site.url("/down")], tmp_path, retries=2)[site.url("/down")]
        assert (capture.status_code, capture.error_kind) == (429, "http_4xx")
        assert site.hits["/down"] == 3


def test_retries_are_bounded_in_time(tmp_path):
    with serve({"/later": flaky(100, 503, {"Retry-After": "3600"})}) as site:
        started = time.monotonic()
        capture = crawl([site.url("/later")], tmp_path, retry_max_wait=5)[site.url("/later")]
        assert capture.error_kind == "http_5xx"
        assert time.monotonic() - started < 5
        assert site.hits["/later"] == 1


def test_a_slow_server_times_out(tmp_path):
    def slow(handler):
        time.sleep(3)
        send(handler, 200, PAGE)

    with serve({"/slow": slow}) as site:
        capture = crawl([site.url("/slow")], tmp_path, total_timeout=1, retries=0)[
            site.url("/slow")
        ]
        assert capture.error_kind == "timeout"


def test_a_server_that_trickles_bytes_forever_is_cut_off(tmp_path):
    def trickle(conn: socket.socket) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
        )
        for _ in range(100):
            conn.sendall(b"x")
            time.sleep(0.1)

    with serve_raw(trickle) as site:
        started = time.monotonic()
        capture = crawl([site.url("/")], tmp_path, total_timeout=1.5, retries=0)[site.url("/")]
        assert capture.error_kind == "timeout"
        assert time.monotonic() - started < 4


def test_an_endless_body_is_capped_and_recorded_as_truncated(tmp_path):
    def endless(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n")
        chunk = b"y" * 65536
        while True:
            conn.sendall(chunk)

    with serve_raw(endless) as site:
        capture = crawl([site.url("/")], tmp_path, max_bytes=200_000)[site.url("/")]
        assert capture.error_kind == "too_large"
        response = page_response(tmp_path)
        assert response.headers["WARC-Truncated"] == "length"
        assert len(response.http_parts()[1]) == 200_000


def test_a_connection_reset_is_named_after_its_retries(tmp_path):
    def reset(conn: socket.socket) -> None:
        # SO_LINGER with a zero timeout makes close() send a RST instead of a FIN.
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    with serve_raw(reset) as site:
        capture = crawl([site.url("/")], tmp_path, retries=2)[site.url("/")]
        assert capture.error_kind == "connect"
        assert len(site.connections) == 3


def test_a_refused_connection_is_named(tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()
    url = f"http://127.0.0.1:{port}/"
    assert crawl([url], tmp_path, retries=0)[url].error_kind == "connect"


def test_an_unresolvable_host_is_named_dns(tmp_path):
    # A name no resolver can look up (a label over 63 characters) fails without any DNS query.
    unresolvable = "a" * 64 + ".example"
    options = {"connect_to": {("news.example", 80): (unresolvable, 80)}}
    capture = crawl(["http://news.example/story"], tmp_path, **options)
    assert capture["http://news.example/story"].error_kind == "dns"


def test_robots_txt_is_obeyed_and_recorded(tmp_path):
    with serve(
        {
            "/robots.txt": lambda h: send(
                h, 200, b"User-agent: *\nDisallow: /private\n", {"Content-Type": "text/plain"}
            ),
            "/private/page": lambda h: send(h, 200, PAGE),
            "/public": lambda h: send(h, 200, PAGE),
        }
    ) as site:
        captures = crawl([site.url("/private/page"), site.url("/public")], tmp_path)
        assert captures[site.url("/private/page")].error_kind == "robots"
        assert captures[site.url("/public")].ok
        assert "/private/page" not in site.hits
        assert site.hits["/robots.txt"] == 1
        info = records(tmp_path)[0]
        assert b"robots: obey" in info.block
        assert any(
            r.headers.get("WARC-Target-URI", "").endswith("/robots.txt") for r in records(tmp_path)
        )


def test_ignore_robots_fetches_what_robots_txt_forbids(tmp_path):
    with serve(
        {
            "/robots.txt": lambda h: send(h, 200, b"User-agent: *\nDisallow: /\n"),
            "/page": lambda h: send(h, 200, PAGE),
        }
    ) as site:
        capture = crawl([site.url("/page")], tmp_path, obey_robots=False)[site.url("/page")]
        assert capture.ok
        assert "/robots.txt" not in site.hits
        assert b"robots: ignore" in records(tmp_path)[0].block


def test_every_fetch_has_a_metadata_record(tmp_path):
    with serve({"/a": lambda h: send(h, 200, PAGE)}) as site:
        crawl([site.url("/a"), site.url("/missing")], tmp_path, job="job-7")
        metadata = [r for r in records(tmp_path) if r.type == "metadata"]
        by_uri = {r.headers["WARC-Target-URI"]: r for r in metadata}
        fields = by_uri[site.url("/a")].block.decode()
        assert "fetchTimeMs: " in fields and "ip: 127.0.0.1" in fields and "job: job-7" in fields
        response = next(
            r
            for r in records(tmp_path)
            if r.type == "response" and r.headers["WARC-Target-URI"] == site.url("/a")
        )
        assert (
            by_uri[site.url("/a")].headers["WARC-Concurrent-To"]
            == response.headers["WARC-Record-ID"]
        )
        assert "outcome: http_4xx" in by_uri[site.url("/missing")].block.decode()


def test_chunked_responses_get_a_consistent_content_length(tmp_path):
    from .sites import chunked

    with serve({"/c": lambda h: chunked(h, PAGE)}) as site:
        crawl([site.url("/c")], tmp_path)
        response = page_response(tmp_path)
        head, body = response.http_parts()
        assert b"transfer-encoding" not in head.lower()
        assert f"Content-Length: {len(PAGE)}".encode() in head
        assert body == PAGE


def test_raw_header_names_casing_and_order_are_kept(tmp_path):
    def route(handler):
        handler.send_response(200)
        handler.send_header("X-MiXeD-CaSe", "1")
        handler.send_header("content-type", "text/html")
        handler.send_header("Set-Cookie", "a=1")
        handler.send_header("Set-Cookie", "b=2")
        handler.send_header("Content-Length", str(len(PAGE)))
        handler.end_headers()
        handler.wfile.write(PAGE)

    with serve({"/h": route}) as site:
        crawl([site.url("/h")], tmp_path)
        head = page_response(tmp_path).http_parts()[0]
        lines = head.split(b"\r\n")
        assert lines[0] == b"HTTP/1.0 200 OK"
        names = [line.split(b":")[0] for line in lines[1:]]
        assert names[-5:] == [
            b"X-MiXeD-CaSe",
            b"content-type",
            b"Set-Cookie",
            b"Set-Cookie",
            b"Content-Length",
        ]


@pytest.mark.parametrize("size", [10_000])
def test_files_rotate_at_the_size_limit_and_every_file_opens_with_warcinfo(tmp_path, size):
    noise = os.urandom(6000)  # incompressible, so each page's record passes the size limit
    with serve({f"/p{i}": (lambda h: send(h, 200, noise)) for i in range(5)}) as site:
        crawl([site.url(f"/p{i}") for i in range(5)], tmp_path, warc_max_size=size)
        files = sorted(tmp_path.glob("*.warc.gz"))
        assert len(files) >= 3
        serials = [int(f.name.split("-")[2].split(".")[0]) for f in files]
        assert serials == list(range(len(files)))
        for path in files:
            assert read_warc(path)[0].type == "warcinfo"


ARTICLE_RU = (
    "<html><head><title>Новости</title></head><body><article>"
    "<p>Суд в Алматы вынес приговор в четверг, сообщил адвокат обвиняемого журналиста.</p>"
    "<p>Решение было объявлено после трёх недель слушаний, которые проходили в закрытом режиме.</p>"
    "<p>Защита заявила, что обжалует приговор в вышестоящем суде в течение десяти дней.</p>"
    "</article></body></html>"
)
ARTICLE_FR = (
    "<html><head>{meta}<title>Actualités</title></head><body><article>"
    "<p>Le tribunal a rendu son « jugement » mercredi, a déclaré l’avocat de la défense.</p>"
    "<p>La décision a été annoncée après trois semaines d’audiences à huis clos au palais.</p>"
    "<p>La défense a indiqué qu’elle ferait appel de la décision dans les dix jours à venir.</p>"
    "</article></body></html>"
)


def test_pages_in_legacy_charsets_are_read_right_and_stored_unaltered(tmp_path):
    from claims.sourcetext import capture_page_text

    russian = ARTICLE_RU.encode("windows-1251")
    french = ARTICLE_FR.format(meta='<meta charset="windows-1252">').encode("cp1252")
    with serve(
        {
            "/ru": lambda h: send(
                h, 200, russian, {"Content-Type": "text/html; charset=windows-1251"}
            ),
            "/fr": lambda h: send(h, 200, french, {"Content-Type": "text/html"}),
        }
    ) as site:
        captures = crawl([site.url("/ru"), site.url("/fr")], tmp_path)
        for path, raw, words in (
            ("/ru", russian, "Суд в Алматы вынес приговор"),
            ("/fr", french, "« jugement » mercredi, a déclaré l’avocat"),
        ):
            capture = captures[site.url(path)]
            record, page = capture_page_text(tmp_path, capture.warc_file, capture.warc_offset)
            assert record.raw_payload == raw, "stored bytes are never altered"
            assert words in page.text


def test_a_pdf_source_gives_its_text(tmp_path):
    from claims.sourcetext import capture_page_text

    from .test_pdftext import make_pdf

    pdf = make_pdf([[["The ministry said on May 3 that exports rose 12 percent in April."]]])
    with serve(
        {"/report.pdf": lambda h: send(h, 200, pdf, {"Content-Type": "application/pdf"})}
    ) as site:
        capture = crawl([site.url("/report.pdf")], tmp_path)[site.url("/report.pdf")]
        assert capture.ok and capture.content_type == "application/pdf"
        _, page = capture_page_text(tmp_path, capture.warc_file, capture.warc_offset)
        assert "exports rose 12 percent in April" in page.text


def test_a_page_not_found_served_with_200_is_a_soft_failure(tmp_path):
    missing = b"<html><head><title>Page not found</title></head><body><h1>404</h1><p>Sorry.</p></body></html>"
    with serve(
        {
            "/gone": lambda h: send(h, 200, missing),
            "/paywalled": lambda h: send(h, 302, b"", {"Location": "/login?next=/paywalled"}),
            "/login": lambda h: send(
                h,
                200,
                b"<html><head><title>Sign in</title></head><body><form><input name=user>"
                b"<input type=password name=pw><button>Log in</button></form></body></html>",
            ),
        }
    ) as site:
        captures = crawl([site.url("/gone"), site.url("/paywalled")], tmp_path)
        gone, login = captures[site.url("/gone")], captures[site.url("/paywalled")]
        assert gone.error_kind == "soft_failure" and gone.status_code == 200
        assert login.error_kind == "soft_failure" and "login" in login.error
        assert gone.warc_file is not None, "a soft failure is kept in the WARC, flagged"


def test_a_certificate_the_client_cannot_trust_is_named_tls(tmp_path):
    import http.server
    import ssl
    import threading

    trustme = pytest.importorskip("trustme")
    authority = trustme.CA()  # a private authority the crawler has never heard of
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("secure.example").configure_cert(context)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        options = {"connect_to": {("secure.example", 443): ("127.0.0.1", server.server_address[1])}}
        capture = crawl(["https://secure.example/"], tmp_path, retries=0, **options)
        assert capture["https://secure.example/"].error_kind == "tls"
    finally:
        server.shutdown()
        server.server_close()


def test_one_request_per_host_at_a_time_and_a_delay_between_them(tmp_path):
    import threading

    in_flight, most, starts = [0], [0], []
    lock = threading.Lock()

    def tracked(handler):
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
            starts.append(time.monotonic())
        time.sleep(0.05)
        with lock:
            in_flight[0] -= 1
        send(handler, 200, PAGE)

    with serve({f"/t{i}": tracked for i in range(4)}) as site:
        crawl([site.url(f"/t{i}") for i in range(4)], tmp_path, host_delay=0.2, concurrency=8)
        assert most[0] == 1
        gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
        assert min(gaps) >= 0.18  # the delay runs from when the crawler sent the request
