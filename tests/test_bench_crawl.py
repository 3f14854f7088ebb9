"""The crawl benchmark's parts: the site it serves, the figures it takes and how it reports them."""

from __future__ import annotations

import http.client
import io
import shutil
import sys
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from bench import common, crawl
from bench.loopback_site import build_pages, measure_site, serve_site


def test_pages_are_distinct_about_the_asked_size_and_the_same_for_one_seed() -> None:
    pages = build_pages(40, 12, seed=3)
    assert len(pages) == 40
    assert all(12 * 1024 <= len(html) < 14 * 1024 for html in pages.values())
    assert len(set(pages.values())) == 40
    assert pages == build_pages(40, 12, seed=3)
    assert pages != build_pages(40, 12, seed=4)


def test_pages_compress_like_real_html_not_like_repeated_text() -> None:
    html = next(iter(build_pages(3, 30, seed=1).values()))
    ratio = len(zlib.compress(html, 9)) / len(html)
    assert 0.25 < ratio < 0.6
    assert html.startswith(b"<!DOCTYPE html>") and html.rstrip().endswith(b"</html>")


def test_the_site_serves_every_page_over_one_keep_alive_connection() -> None:
    expected = build_pages(5, 4, seed=2)
    with serve_site(5, 4, seed=2) as site:
        connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=5)
        for url in site.urls:
            path = "/" + url.split("/", 3)[3]
            connection.request("GET", path)
            response = connection.getresponse()
            assert response.status == 200
            assert response.read() == expected[path]
        connection.request("GET", "/robots.txt")
        assert connection.getresponse().read() == b"User-agent: *\nAllow: /\n"
        connection.request("GET", "/missing")
        assert connection.getresponse().status == 404
        connection.close()
        pages_per_s, mb_per_s = measure_site(site, connections=2)
    assert pages_per_s > 0 and mb_per_s > 0


def _write_warc(path: Path, bodies: dict[str, bytes]) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for url, body in bodies.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )


def test_counting_a_warc_finds_its_pages_and_payload(tmp_path: Path) -> None:
    bodies = {f"http://127.0.0.1/{n}": b"x" * (100 + n) for n in range(4)}
    _write_warc(tmp_path / "a.warc.gz", bodies)
    (tmp_path / "db.sqlite").write_bytes(b"not a WARC")

    totals = crawl.count_warcs(crawl.warc_files(tmp_path), [*bodies, "http://127.0.0.1/other"])

    assert (totals.files, totals.responses, totals.pages_ok) == (1, 4, 4)
    assert totals.payload_bytes == sum(map(len, bodies.values()))
    assert totals.warc_bytes == (tmp_path / "a.warc.gz").stat().st_size


def test_stored_records_are_the_uncompressed_gzip_members(tmp_path: Path) -> None:
    _write_warc(tmp_path / "a.warc.gz", {"http://127.0.0.1/page": b"<p>hello</p>"})
    records = crawl.stored_records([tmp_path / "a.warc.gz"])
    assert len(records) == 2
    assert records[0].startswith(b"WARC/1.") and b"WARC-Type: warcinfo" in records[0]
    assert records[1].endswith(b"<p>hello</p>\r\n\r\n")
    assert crawl.floor_cpu_s(records * 200, level=9) > 0


def test_a_measured_child_reports_its_own_cpu_memory_and_exit_code(tmp_path: Path) -> None:
    program = "import sys; b = bytearray(60_000_000); sum(range(3_000_000)); sys.exit(3)"
    run = crawl.run_measured([sys.executable, "-c", program], tmp_path, tmp_path / "log")
    assert run.exit_code == 3
    assert run.peak_rss_mb >= 60
    assert 0 < run.cpu_s <= run.wall_s + 0.05


def test_fixity_is_detected_from_the_command_list(tmp_path: Path) -> None:
    with_fixity, without = tmp_path / "with", tmp_path / "without"
    with_fixity.write_text("#!/bin/sh\necho 'Commands:'\necho '  fixity   Check every WARC.'\n")
    without.write_text("#!/bin/sh\necho 'Commands:'\necho '  archive  Archive URLs.'\n")
    for script in (with_fixity, without):
        script.chmod(0o755)
    assert crawl.has_fixity(str(with_fixity))
    assert not crawl.has_fixity(str(without))


def _figures(pages_per_s: float, cpu_ms_per_page: float, cpu_s_per_mb: float) -> dict[str, float]:
    return {
        "pages_per_s": pages_per_s,
        "cpu_ms_per_page": cpu_ms_per_page,
        "cpu_s_per_mb": cpu_s_per_mb,
    }


def test_goals_say_met_or_by_how_much_they_were_missed() -> None:
    report = {
        "citevault": _figures(800, 2.0, 0.30),
        "wget": _figures(500, 2.5, 0.20),
        "floor": {"cpu_s_per_mb": 0.10},
        "fixity": {"citevault_mb_per_s": 90.0, "warcio_check_mb_per_s": 60.0},
    }
    lines = crawl.goals(report)
    assert lines[0].endswith("1.60x  missed by 20%")
    assert lines[1].endswith("0.80x  met")
    assert lines[2].endswith("3.00x  missed by 50%")
    assert lines[3].endswith("1.50x  met")


@pytest.mark.skipif(shutil.which("wget") is None, reason="wget is not installed")
def test_a_small_benchmark_archives_every_page_with_both_tools(tmp_path: Path) -> None:
    report = crawl.benchmark(pages=12, size_kb=4, tmp=tmp_path)
    assert report["citevault"]["pages"] == 12
    assert report["wget"]["pages"] == 12
    assert report["floor"]["records"] >= 25  # a warcinfo, then a request and a response a page
    text = crawl.render(report)
    assert "pages archived" in text and "floor: gzip -6 + sha1" in text
    has_fixity = report["fixity"] is not None
    assert ("fixity over" in text) == has_fixity
    assert ("fixity: not available" in text) != has_fixity
    assert len(crawl.goals(report)) == (4 if has_fixity else 3)


def test_the_rate_fixity_reports_about_itself_is_read_from_its_summary() -> None:
    summary = "records checked  1000\nMB               12.9\nMB/s             58.6\n"
    assert crawl._reported_rate(summary) == 58.6
    assert crawl._reported_rate("problems  0\n") is None


def test_a_benchmark_stopped_with_ctrl_c_reports_nothing_and_leaves_no_folder() -> None:
    used: list[Path] = []

    def interrupted(folder: Path) -> dict[str, float]:
        used.append(folder)
        (folder / "scratch").write_text("half done")
        raise KeyboardInterrupt

    assert common.run_in_temp_folder("bench-test-", interrupted) is None
    assert not used[0].exists()
    assert common.run_in_temp_folder("bench-test-", lambda folder: {"ran": 1.0}) == {"ran": 1.0}
