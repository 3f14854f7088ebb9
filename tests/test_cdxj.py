"""The CDXJ index: pywb's line format, sorted for binary search, safe with two writers at once."""

from __future__ import annotations

import json
import multiprocessing
import re
from pathlib import Path

import pytest

from archiver import (
    CdxjIndex,
    CrawlOptions,
    IndexEntry,
    archive_urls,
    entry_for_record,
    index_records,
)

from .sites import html_page, send, serve
from .warcreader import read_warc

PAGE = html_page("Indexed", "A page that the index should point at, by offset and length.")
OTHER = html_page("Other", "Another page, with different words in it entirely.")
LINE = re.compile(r"^(\S+) (\d{14}) (\{.*\})$")


@pytest.fixture(scope="module")
def site():
    server = serve(
        {
            "/page": lambda h: send(h, 200, PAGE),
            "/page2": lambda h: send(h, 200, OTHER),
            "/gone": lambda h: send(h, 404, b"<p>gone</p>"),
        }
    )
    yield server
    server.close()


def crawl(site, folder: Path, *paths: str) -> dict:
    """Archive paths of the loopback site under the name news.example, into ``folder``."""
    options = CrawlOptions(
        allow_private=True,
        host_delay=0,
        connect_to={("news.example", 80): (site.host, site.port)},
    )
    return archive_urls([f"http://news.example{p}" for p in paths], folder, options)


def warc_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.warc.gz"))


def by_url(entries) -> dict[str, IndexEntry]:
    return {e.url: e for e in entries}


def responses(warc: Path) -> list:
    return [r for r in read_warc(warc) if r.type == "response"]


def test_each_response_becomes_one_pywb_line(site, tmp_path):
    captures = crawl(site, tmp_path, "/page", "/gone")
    (warc,) = warc_files(tmp_path)
    entries = by_url(index_records(warc, tmp_path))
    page = captures["http://news.example/page"]
    line = entries["http://news.example/page"].to_line()
    urlkey, timestamp, fields = LINE.match(line).groups()
    assert urlkey == "example,news)/page"
    assert timestamp == page.fetched_at.replace("-", "").replace(":", "").replace("T", "")[:14]
    assert list(json.loads(fields)) == [
        "url",
        "mime",
        "status",
        "digest",
        "length",
        "offset",
        "filename",
    ]
    assert json.loads(fields) == {
        "url": "http://news.example/page",
        "mime": "text/html",
        "status": "200",
        "digest": page.payload_sha1.removeprefix("sha1:"),
        "length": str(page.warc_length),
        "offset": str(page.warc_offset),
        "filename": warc.name,
    }
    assert entries["http://news.example/gone"].status == 404
    assert len(entries) == len(responses(warc))


def test_only_responses_resources_and_revisits_are_indexed(site, tmp_path):
    crawl(site, tmp_path, "/page")
    (warc,) = warc_files(tmp_path)
    records = read_warc(warc)
    assert {"warcinfo", "response", "request"} <= {r.type for r in records}
    indexed = [(e.offset, e.length) for e in index_records(warc, tmp_path)]
    assert indexed == [(r.offset, r.length) for r in records if r.type == "response"]


def test_an_entry_built_from_what_was_written_equals_the_indexed_one(site, tmp_path):
    page = crawl(site, tmp_path, "/page")["http://news.example/page"]
    indexed = by_url(index_records(warc_files(tmp_path)[0], tmp_path))[page.final_url]
    built = entry_for_record(
        url=page.final_url,
        warc_date=page.fetched_at,
        record_type="response",
        filename=page.warc_file,
        offset=page.warc_offset,
        length=page.warc_length,
        status=page.status_code,
        content_type=page.content_type,
        payload_digest=page.payload_sha1,
    )
    assert built.to_line() == indexed.to_line()
    assert built.matches_digest(page.payload_sha1)


def test_lookup_finds_every_capture_of_a_url_oldest_first(site, tmp_path):
    first = crawl(site, tmp_path / "one", "/page", "/page2")
    second = crawl(site, tmp_path / "two", "/page")
    index = CdxjIndex(tmp_path)
    for folder in ("one", "two"):
        for warc in warc_files(tmp_path / folder):
            index.add(index_records(warc, tmp_path))
    found = index.lookup("HTTP://News.Example/page")
    assert sorted((e.filename.split("/")[0], e.offset) for e in found) == [
        ("one", first["http://news.example/page"].warc_offset),
        ("two", second["http://news.example/page"].warc_offset),
    ]
    assert found[0].timestamp <= found[1].timestamp
    assert [e.url for e in index.lookup("http://news.example/page2")] == [
        "http://news.example/page2"
    ]
    assert index.lookup("http://news.example/nothing") == []


def test_captures_of_a_url_come_back_oldest_first(tmp_path):
    index = CdxjIndex(tmp_path)
    dates = ["2024-03-01T10:00:00Z", "2019-12-31T23:59:59Z", "2021-06-15T08:30:00Z"]
    index.add(
        entry_for_record(
            url="https://example.com/story",
            warc_date=date,
            record_type="response",
            filename=f"file{n}.warc.gz",
            offset=0,
            length=10,
        )
        for n, date in enumerate(dates)
    )
    found = index.lookup("https://example.com/story")
    assert [e.timestamp for e in found] == ["20191231235959", "20210615083000", "20240301100000"]
    assert [e.filename for e in found] == ["file1.warc.gz", "file2.warc.gz", "file0.warc.gz"]


def _capture(date: str, name: str, record_type: str = "response", digest: str = "sha1:SAME"):
    return entry_for_record(
        url="https://example.com/story",
        warc_date=date,
        record_type=record_type,
        filename=name,
        offset=0,
        length=10,
        status=200 if record_type == "response" else None,
        payload_digest=digest,
    )


def test_the_original_of_a_payload_is_the_latest_capture_holding_it_unless_told_otherwise(
    tmp_path,
):
    index = CdxjIndex(tmp_path)
    index.add(
        [
            _capture("2019-01-01T00:00:00Z", "oldest.warc.gz"),
            _capture("2020-01-01T00:00:00Z", "middle.warc.gz", record_type="resource"),
            _capture("2021-01-01T00:00:00Z", "latest.warc.gz"),
            _capture("2022-01-01T00:00:00Z", "other-payload.warc.gz", digest="sha1:OTHER"),
            _capture("2023-01-01T00:00:00Z", "a-revisit.warc.gz", record_type="revisit"),
        ]
    )
    url = "https://example.com/story"

    def names(entries):
        return [e.filename for e in entries]

    assert names(index.originals_of(url, "sha1:SAME")) == [
        "latest.warc.gz",
        "middle.warc.gz",
        "oldest.warc.gz",
    ]
    assert names(index.originals_of(url, "sha1:SAME", latest=False))[0] == "oldest.warc.gz"
    assert names(index.originals_of(url, "sha1:SAME", record_types=("resource",))) == [
        "middle.warc.gz"
    ]
    assert index.original_of(url, None).filename == "other-payload.warc.gz"
    assert index.original_of(url, "sha1:SAME", date="2019-01-01T00:00:00Z").filename == (
        "oldest.warc.gz"
    )
    assert index.original_of(url, "sha1:NONE") is None
    assert index.original_of("https://example.com/elsewhere", "sha1:SAME") is None


def test_the_index_file_stays_sorted_without_duplicates(site, tmp_path):
    crawl(site, tmp_path, "/page2", "/page", "/gone")
    index = CdxjIndex(tmp_path)
    (warc,) = warc_files(tmp_path)
    entries = list(index_records(warc, tmp_path))
    index.add(entries[2:])
    index.add(entries)
    index.add(entries)
    lines = index.path.read_text().splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(set(lines)) == len(responses(warc)) >= 3


def test_binary_search_does_not_confuse_a_url_with_its_prefix(tmp_path):
    index = CdxjIndex(tmp_path)
    urls = [f"http://example.com/item{n}" for n in range(300)] + ["http://example.com/item"]
    index.add(_entry(url, n) for n, url in enumerate(urls))
    for url in (
        "http://example.com/item",
        "http://example.com/item7",
        "http://example.com/item299",
    ):
        assert [e.url for e in index.lookup(url)] == [url]
    assert index.lookup("http://example.com/item3000") == []
    assert index.lookup("http://example.org/") == []


def test_a_revisit_is_indexed_as_pywb_does(shared, tmp_path):
    warc = shared / "data" / "warcs" / "warcio_example.warc.gz"
    entries = list(index_records(warc, warc.parent))
    assert [e.record_type for e in entries] == ["response", "revisit"]
    revisit = json.loads(LINE.match(entries[1].to_line()).group(3))
    assert revisit["mime"] == "warc/revisit" and "status" not in revisit
    assert revisit["digest"] == "G7HRM7BGOKSKMSXZAHMUQTTV53QOFSMK"
    assert IndexEntry.from_line(entries[1].to_line()) == entries[1]


def _entry(url: str, serial: int) -> IndexEntry:
    return entry_for_record(
        url=url,
        warc_date=f"2024-01-01T00:{serial // 60 % 60:02d}:{serial % 60:02d}Z",
        record_type="response",
        filename="citevault-test.warc.gz",
        offset=serial * 1000,
        length=1000,
        status=200,
        content_type="text/html; charset=utf-8",
        payload_digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    )


def _add_many(folder: str, worker: int) -> None:
    index = CdxjIndex(Path(folder))
    for batch in range(20):
        index.add(
            _entry(f"http://example.com/w{worker}/b{batch}/n{n}", batch * 10 + n) for n in range(10)
        )


def test_two_processes_adding_at_once_lose_nothing(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_add_many, args=(str(tmp_path), w)) for w in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    lines = (tmp_path / "index.cdxj").read_text().splitlines()
    assert len(lines) == len(set(lines)) == 400
    assert lines == sorted(lines)
    assert all(LINE.match(line) for line in lines)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".index.")]
