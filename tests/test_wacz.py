"""WACZ packages of an article: valid for py-wacz, intact records, true offsets, hashes, pages."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

import archiver.wacz
from archiver import CrawlOptions, RecordError, iter_records, read_record
from archiver.cdxj import IndexEntry
from archiver.wacz import Page, RecordRef, WaczError, write_wacz
from claims.archiving import archive
from claims.model import Article, Claim, SourceRef
from claims.storage import open_database, save_article, save_claims
from claims.waczexport import CLAIMS_RESOURCE, export_article_wacz

from .conftest import DemoRun, copy_of, database, warcio_problems
from .sites import html_page, send, serve
from .warcreader import read_warc

BIN = Path(sys.executable).parent
CITEVAULT = str(BIN / "citevault")
MOMENT = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
PAGE = html_page("The cited page", "A paragraph long enough to be the body of the page.")


@pytest.fixture(scope="module")
def demo(demo_run: DemoRun, tmp_path_factory):
    """The bundled example run once on loopback, then its article exported as a WACZ file."""
    folder = tmp_path_factory.mktemp("wacz")
    archives = copy_of(demo_run.folder, folder)
    db = database(archives)
    article_id = int(next(db.query("select id from articles"))["id"])
    summary = export_article_wacz(db, archives, article_id, folder / "article.wacz")
    return db, article_id, summary


@pytest.fixture(scope="module")
def site():
    routes = {
        "/page": lambda h: send(h, 200, PAGE),
        "/moved": lambda h: send(h, 301, b"", {"Location": "/page"}),
    }
    server = serve(routes)
    yield server
    server.close()


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def jsonl(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode().splitlines()]


def unpacked_warc(package: Path, folder: Path) -> Path:
    """The package's WARC file, copied out so WARC tools can read it."""
    warc = folder / "data.warc.gz"
    warc.write_bytes(members(package)["archive/data.warc.gz"])
    return warc


def index_entries(package: Path) -> list[IndexEntry]:
    text = members(package)["indexes/index.cdxj"].decode()
    return [IndexEntry.from_line(line) for line in text.splitlines()]


# -- the exported article ---------------------------------------------------------------------


def test_wacz_validate_accepts_the_package(demo):
    wacz = BIN / "wacz"  # py-wacz, from the test extra
    result = subprocess.run(
        [str(wacz), "validate", "-f", str(demo[2].path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation succeeded" in result.stdout


def test_every_record_in_the_package_passes_warcio_digest_checks(demo, tmp_path):
    warc = unpacked_warc(demo[2].path, tmp_path)
    assert warcio_problems(warc) == []
    records = read_warc(warc)
    assert records[0].type == "warcinfo"
    assert len(records) == demo[2].records + 1


def test_the_index_offsets_point_at_the_records_they_name(demo, tmp_path):
    warc = unpacked_warc(demo[2].path, tmp_path)
    entries = index_entries(demo[2].path)
    assert entries, "the package has an index"
    for entry in entries:
        record = read_record(warc, entry.offset)
        assert entry.filename == "data.warc.gz"
        assert record.target_uri == entry.url
        assert record.record_type == entry.record_type
        assert record.date.replace("-", "").replace(":", "").startswith(entry.timestamp[:8])


def test_pages_list_the_article_and_every_cited_source_that_was_archived(demo):
    db, article_id, summary = demo
    header, *pages = jsonl(members(summary.path)["pages/pages.jsonl"])
    article = db["articles"].get(article_id)
    assert header == {"format": "json-pages-1.0", "id": "pages", "title": article["title"]}
    cited = db.query(
        """select distinct c.final_url from captures c
           join claim_sources cs on cs.source_id = c.source_id
           join claims cl on cl.id = cs.claim_id
           where cl.article_id = ? and c.warc_file is not null""",
        [article_id],
    )
    expected = {article["url"]} | {row["final_url"] for row in cited}
    assert {page["url"] for page in pages} == expected
    assert len(pages) == summary.pages == len(expected)
    assert pages[0]["url"] == article["url"] and pages[0]["title"] == article["title"]
    assert all(page["ts"].endswith("Z") and page["id"] for page in pages)


def test_each_archived_source_page_has_its_own_title(demo):
    _, _, summary = demo
    _, *pages = jsonl(members(summary.path)["pages/pages.jsonl"])
    titled = [page for page in pages if page["title"] != page["url"]]
    assert len(titled) == len(pages), "every page of the example states a title"


def test_datapackage_hashes_and_sizes_are_those_of_the_members(demo):
    files = members(demo[2].path)
    package = json.loads(files["datapackage.json"])
    assert package["profile"] == "data-package"
    assert package["wacz_version"] == "1.1.1"
    assert package["software"].startswith("citevault/")
    listed = {resource["path"]: resource for resource in package["resources"]}
    assert set(listed) == set(files) - {"datapackage.json", "datapackage-digest.json"}
    for path, resource in listed.items():
        assert resource["hash"] == "sha256:" + hashlib.sha256(files[path]).hexdigest()
        assert resource["bytes"] == len(files[path])
    digest = json.loads(files["datapackage-digest.json"])
    assert digest["hash"] == "sha256:" + hashlib.sha256(files["datapackage.json"]).hexdigest()


def test_warc_and_index_are_stored_uncompressed_so_replay_can_seek(demo):
    with zipfile.ZipFile(demo[2].path) as package:
        kinds = {info.filename: info.compress_type for info in package.infolist()}
    assert kinds["archive/data.warc.gz"] == zipfile.ZIP_STORED
    assert kinds["indexes/index.cdxj"] == zipfile.ZIP_STORED


def test_each_response_comes_with_its_request(demo, tmp_path):
    records = read_warc(unpacked_warc(demo[2].path, tmp_path))
    concurrent = {r.headers.get("WARC-Concurrent-To") for r in records if r.type == "request"}
    responses = [r for r in records if r.type == "response"]
    assert responses
    assert all(r.headers["WARC-Record-ID"] in concurrent for r in responses)


def test_the_claims_ride_along_with_their_sources_and_evidence(demo):
    db, article_id, summary = demo
    document = json.loads(members(summary.path)[CLAIMS_RESOURCE])
    stored = db.execute("select count(*) from claims where article_id = ?", [article_id])
    assert document["article"]["id"] == article_id
    assert len(document["claims"]) == stored.fetchone()[0]
    assert all(isinstance(claim["kinds"], list) for claim in document["claims"])
    assert any(claim["sources"] and claim["evidence"] for claim in document["claims"])


def test_an_unknown_article_is_named(demo, tmp_path):
    from claims.errors import InputError

    with pytest.raises(InputError, match="article 999 is not in the database"):
        export_article_wacz(demo[0], tmp_path, 999, tmp_path / "none.wacz")
    assert list(tmp_path.iterdir()) == []


# -- packaging records directly ---------------------------------------------------------------


def crawl_twice(site, folder: Path):
    """The same unchanged page archived twice: a response, then a revisit of it."""
    options = CrawlOptions(allow_private=True, host_delay=0, obey_robots=False)
    first = archive_urls_once(site.url("/page"), folder, options)
    second = archive_urls_once(site.url("/page"), folder, options)
    return first, second


def archive_urls_once(url: str, folder: Path, options: CrawlOptions):
    from archiver import archive_urls

    return archive_urls([url], folder, options)[url]


def test_a_revisit_brings_the_record_it_repeats(site, tmp_path):
    archives = tmp_path / "archives"
    first, second = crawl_twice(site, archives)
    ref = RecordRef(archives / second.warc_file, second.warc_offset, second.warc_length)
    summary = write_wacz(tmp_path / "out.wacz", [ref], [], archive_dir=archives, created=MOMENT)
    records = read_warc(unpacked_warc(summary.path, tmp_path))
    revisit = next(r for r in records if r.type == "revisit")
    original = next(r for r in records if r.type == "response")
    assert revisit.headers["WARC-Refers-To-Target-URI"] == original.headers["WARC-Target-URI"]
    assert revisit.headers["WARC-Refers-To-Date"] == original.headers["WARC-Date"]
    assert original.headers["WARC-Payload-Digest"] == first.payload_sha1
    assert {entry.record_type for entry in index_entries(summary.path)} == {"response", "revisit"}


def test_the_same_records_and_clock_give_the_same_bytes(site, tmp_path):
    archives = tmp_path / "archives"
    first, _ = crawl_twice(site, archives)
    ref = RecordRef(archives / first.warc_file, first.warc_offset, first.warc_length)
    pages = [Page(first.final_url or first.requested_url, "2024-05-06T07:08:09Z", "A page")]
    one = write_wacz(tmp_path / "one.wacz", [ref], pages, created=MOMENT)
    two = write_wacz(tmp_path / "two.wacz", [ref], pages, created=MOMENT)
    assert one.path.read_bytes() == two.path.read_bytes()
    assert json.loads(members(one.path)["datapackage.json"])["created"] == "2024-05-06T07:08:09Z"


def test_a_redirected_source_packages_every_hop(site, tmp_path):
    archives = tmp_path / "archives"
    db_path = archives / "citevault.db"
    moved, article_url = site.url("/moved"), site.url("/article")
    options = CrawlOptions(allow_private=True, host_delay=0, obey_robots=False)
    archive([moved], db_path, archives, options)
    db = open_database(db_path)
    article = Article(article_url, "An article", None, None, ["It moved, a source says."])
    with db.conn:
        article_id = save_article(db, article, "2024-05-06T07:08:09Z")
        cites = SourceRef(url=moved, via="link", anchor_text="a source")
        save_claims(db, article_id, [Claim(1, "It moved.", "It moved.", ["quantity"], [], [cites])])
    summary = export_article_wacz(db, archives, article_id, tmp_path / "out.wacz")
    entries = index_entries(summary.path)
    assert {(e.url, e.status) for e in entries} == {(moved, 301), (site.url("/page"), 200)}
    _, *pages = jsonl(members(summary.path)["pages/pages.jsonl"])
    assert [(page["url"], page["title"]) for page in pages] == [
        (site.url("/page"), "The cited page")
    ]


# -- failures ---------------------------------------------------------------------------------


def test_a_failure_midway_leaves_no_file(site, tmp_path, monkeypatch):
    archives = tmp_path / "archives"
    first, _ = crawl_twice(site, archives)
    ref = RecordRef(archives / first.warc_file, first.warc_offset, first.warc_length)
    out = tmp_path / "out"
    out.mkdir()

    def broken(*args: object) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(archiver.wacz, "_datapackage", broken)
    with pytest.raises(OSError, match="disk full"):
        write_wacz(out / "article.wacz", [ref], [])
    assert list(out.iterdir()) == [], "neither the package nor a temporary file is left"


def test_a_reference_to_no_record_is_refused_and_leaves_no_file(site, tmp_path):
    archives = tmp_path / "archives"
    first, _ = crawl_twice(site, archives)
    out = tmp_path / "out"
    out.mkdir()
    ref = RecordRef(archives / first.warc_file, 10**9)
    with pytest.raises(RecordError, match="no record at offset 1000000000"):
        write_wacz(out / "article.wacz", [ref], [])
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("name", ["claims.json", "../claims.json", "datapackage.json"])
def test_an_extra_resource_needs_a_folder_of_its_own(tmp_path, name):
    with pytest.raises(WaczError, match="give a path in a folder of its own"):
        write_wacz(tmp_path / "out.wacz", [], [], {name: b"{}"})
    assert list(tmp_path.iterdir()) == []


def test_records_of_an_uncompressed_warc_are_packaged_as_gzip_members(site, tmp_path):
    archives = tmp_path / "archives"
    first, _ = crawl_twice(site, archives)
    plain = tmp_path / "plain.warc"
    plain.write_bytes(gzip.decompress((archives / first.warc_file).read_bytes()))
    response = next(r for r in iter_records(plain) if r.record_type == "response")
    summary = write_wacz(tmp_path / "out.wacz", [RecordRef(plain, response.offset)], [])
    warc = unpacked_warc(summary.path, tmp_path)
    assert warcio_problems(warc) == []
    assert [r.type for r in read_warc(warc)] == ["warcinfo", "response", "request", "metadata"]
    assert [e.offset for e in index_entries(summary.path)] == [read_warc(warc)[1].offset]


def test_a_revisit_whose_original_cannot_be_found_is_refused(site, tmp_path):
    archives = tmp_path / "archives"
    _, second = crawl_twice(site, archives)
    ref = RecordRef(archives / second.warc_file, second.warc_offset, second.warc_length)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(WaczError, match="refers to a record found neither in the archive's index"):
        write_wacz(out / "article.wacz", [ref], [])
    assert list(out.iterdir()) == []
