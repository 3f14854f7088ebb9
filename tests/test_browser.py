"""The publication in a real headless chromium: marked claims, inert snapshots, kept screenshots."""

from __future__ import annotations

import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlite_utils
from bs4 import BeautifulSoup

from .browser import dump_dom, find_chromium, screenshot
from .conftest import REPO
from .sites import Route, Site, send, serve

pytestmark = pytest.mark.skipif(
    find_chromium() is None,
    reason="chromium is not installed (.ci/run installs it: apt-get install chromium)",
)

CITEVAULT = str(Path(sys.executable).parent / "citevault")
ARTIFACTS = REPO / "test-artifacts"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# TEST-NET addresses (RFC 5737): stand-ins for the live web that nothing answers on.
OUTSIDE = "http://198.51.100.7"
SOURCE_TEXT = "The ferry resumed service on 3 June 2022, harbour master Tomas Berg, 61, said."
ARTICLE_SENTENCE = (
    "Harbour master Tomas Berg, 61, said the ferry resumed service on 3 June 2022 after a "
    "three-month closure"
)


@dataclass
class Publication:
    """The loopback source site, the archive built from it, and Datasette serving that archive."""

    site: Site
    db: sqlite_utils.Database
    base_url: str

    def page(self, path: str) -> str:
        return self.base_url + path

    def source_capture_id(self) -> int:
        sql = "select id from captures where final_url = ? and error is null"
        return int(next(self.db.query(sql, [self.site.url("/notice")]))["id"])


def _article(site: Site) -> bytes:
    return (
        "<!doctype html><html><head><title>Ferry service resumes on the northern route</title>"
        '<meta property="article:published_time" content="2022-06-10T08:00:00Z">'
        '<meta name="author" content="Lena Ortiz"></head><body><article>'
        "<h1>Ferry service resumes on the northern route</h1>"
        f'<p>{ARTICLE_SENTENCE}, <a href="{site.url("/notice")}">the port authority '
        "announced</a> on its website.</p>"
        "<p>The route had been closed since March because of storm damage to the northern "
        "pier, which engineers repaired over the spring.</p>"
        "</article></body></html>"
    ).encode()


def _hostile_source(site: Site) -> bytes:
    """A source page whose inline and external scripts, image and fetch try to change or leave it."""
    return (
        "<!doctype html><html><head><title>Port notice</title></head><body>"
        f"<article><h1>Port notice</h1><p>{SOURCE_TEXT}</p></article>"
        f'<img id="outside" src="{OUTSIDE}/pixel.png" alt="">'
        f'<img id="canary" src="{site.url("/canary.png")}" alt="">'
        f'<script src="{site.url("/hijack.js")}"></script>'
        "<script>document.title = 'HIJACKED'; document.body.innerHTML = '<p>HIJACKED</p>';"
        f"fetch('{OUTSIDE}/beacon');</script>"
        "</body></html>"
    ).encode()


_HIJACK_JS = b"document.documentElement.setAttribute('data-hijacked', 'external script');"
_ONE_PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4560000000049454e44ae426082"
)


def _loopback_site() -> Site:
    routes: dict[str, Route] = {}
    site = serve(routes)
    # The pages name the server's own port, known only once it listens.
    article, source = _article(site), _hostile_source(site)
    routes["/news/ferry"] = lambda h: send(h, 200, article)
    routes["/notice"] = lambda h: send(h, 200, source)
    routes["/hijack.js"] = lambda h: send(h, 200, _HIJACK_JS, {"Content-Type": "text/javascript"})
    routes["/canary.png"] = lambda h: send(h, 200, _ONE_PIXEL_PNG, {"Content-Type": "image/png"})
    return site


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_serving(url: str, server: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"citevault serve exited {server.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"citevault serve did not answer {url} within {timeout:g} s")


@pytest.fixture(scope="module")
def publication(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Publication]:
    """Crawl the loopback site with ``citevault run``, then publish it with ``citevault serve``."""
    archives = tmp_path_factory.mktemp("browser") / "archives"
    site = _loopback_site()
    common = [CITEVAULT, "--archive-dir", str(archives)]
    ran = subprocess.run(
        [*common, "run", site.url("/news/ferry"), "--allow-private", "--host-delay", "0", "-s"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    port = _free_port()
    server = subprocess.Popen(
        [*common, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base_url + "/-/versions.json", server)
        yield Publication(site, sqlite_utils.Database(archives / "citevault.db"), base_url)
    finally:
        server.terminate()
        server.wait(timeout=10)
        site.close()


def _visible_text(dom: str) -> str:
    """The text a reader sees in the page's body: no script, style or title."""
    body = BeautifulSoup(dom, "html.parser").body
    if body is None:
        return ""
    for hidden in body(["script", "style", "template"]):
        hidden.decompose()
    return " ".join(body.get_text(" ").split())


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE), f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _http_get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    return status, {k.lower(): v for k, v in headers.items()}, body.decode("utf-8", "replace")


def _claim_id(publication: Publication) -> int:
    sql = "select id from claims where sentence like ?"
    return int(next(publication.db.query(sql, [ARTICLE_SENTENCE + "%"]))["id"])


def test_opened_live_the_source_page_rewrites_itself_and_loads_its_resources(
    publication: Publication,
) -> None:
    site = publication.site
    dom = dump_dom(site.url("/notice"))
    assert _visible_text(dom) == "HIJACKED", "the hostile scripts work when nothing stops them"
    page = BeautifulSoup(dom, "html.parser").html
    assert page is not None and page.has_attr("data-hijacked")
    assert site.hits.get("/hijack.js", 0) >= 1 and site.hits.get("/canary.png", 0) >= 1


def test_the_claim_page_marks_the_people_ages_and_dates_of_its_sentence(
    publication: Publication,
) -> None:
    dom = dump_dom(publication.page(f"/-/citevault/claim/{_claim_id(publication)}"))
    sentence = BeautifulSoup(dom, "html.parser").select_one("blockquote.claim-sentence")
    assert sentence is not None
    marks = {mark.get_text(): mark for mark in sentence.find_all("mark")}
    assert {"Tomas Berg", "61", "3 June 2022"} <= set(marks)
    assert marks["3 June 2022"]["class"] == ["mention-date"]
    assert marks["3 June 2022"]["title"] == "2022-06-03"
    assert marks["Tomas Berg"]["class"] == ["mention-person"]
    assert sentence.get_text().startswith(ARTICLE_SENTENCE), "marks keep the sentence whole"


def test_the_snapshot_shows_the_archived_page_and_not_what_its_scripts_wanted(
    publication: Publication,
) -> None:
    site = publication.site
    loads_before = (site.hits.get("/hijack.js", 0), site.hits.get("/canary.png", 0))
    dom = dump_dom(publication.page(f"/-/citevault/capture/{publication.source_capture_id()}"))
    soup = BeautifulSoup(dom, "html.parser")
    text = _visible_text(dom)
    assert SOURCE_TEXT in text
    assert "HIJACKED" not in text
    assert soup.title is not None and soup.title.get_text() == "Port notice"
    assert soup.html is not None and not soup.html.has_attr("data-hijacked")
    loads_after = (site.hits.get("/hijack.js", 0), site.hits.get("/canary.png", 0))
    assert loads_after == loads_before, "the snapshot fetched the page's script or image"


def test_the_snapshot_banner_names_the_original_url_capture_time_and_digest(
    publication: Publication,
) -> None:
    capture = publication.db.table("captures").get(publication.source_capture_id())
    dom = dump_dom(publication.page(f"/-/citevault/capture/{capture['id']}"))
    banner = BeautifulSoup(dom, "html.parser").select_one("#citevault-banner")
    assert banner is not None
    text = " ".join(banner.get_text(" ").split())
    assert publication.site.url("/notice") in text
    assert capture["fetched_at"][:19] in text.replace(" ", "T")
    assert capture["payload_sha256"] in text


def test_the_snapshot_forbids_scripts_and_every_request_off_the_page(
    publication: Publication,
) -> None:
    url = publication.page(f"/-/citevault/capture/{publication.source_capture_id()}")
    status, headers, _ = _http_get(url)
    assert status == 200
    policy = [part.strip() for part in headers["content-security-policy"].split(";")]
    assert "sandbox" in policy, "a sandbox without allow-scripts runs no script"
    assert "default-src 'none'" in policy, "no fetch, script, frame or font from anywhere"
    images = next(part for part in policy if part.startswith("img-src"))
    assert images.split()[1:] == ["data:"], "images only from the page itself"


def test_a_capture_that_does_not_exist_is_a_404(publication: Publication) -> None:
    missing = int(next(publication.db.query("select max(id) + 1 as id from captures"))["id"])
    url = publication.page(f"/-/citevault/capture/{missing}")
    status, _, body = _http_get(url)
    assert status == 404
    assert f"Capture {missing} does not exist." in body
    assert f"Capture {missing} does not exist." in _visible_text(dump_dom(url))


@pytest.mark.parametrize("page", ["claim", "snapshot"])
def test_a_screenshot_of_each_page_is_kept(publication: Publication, page: str) -> None:
    path = {
        "claim": f"/-/citevault/claim/{_claim_id(publication)}",
        "snapshot": f"/-/citevault/capture/{publication.source_capture_id()}",
    }[page]
    shot = screenshot(publication.page(path), ARTIFACTS / f"{page}-page.png")
    assert _png_size(shot) == (1280, 1600)
    assert shot.stat().st_size > 5_000, "a blank page compresses to almost nothing"
