"""The bundled example: the article and every page it cites, served on loopback by Host header."""

from __future__ import annotations

import http.client
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from claims.demo import EXAMPLE_DIR, ExampleSite, example_article_path, serve_example

BANNER = "Demonstration copy written for the citevault example; not the publisher's text."
SEED_FILE = Path("seed") / "000_a4ef5457474aff32.txt"
MANIFEST: dict[str, Any] = json.loads((EXAMPLE_DIR / "manifest.json").read_text("utf-8"))
SOURCE_PAGES = [page for page in MANIFEST["pages"] if page["status"] == 200]
DEAD_LINKS = [page for page in MANIFEST["pages"] if page["status"] == 404]


@dataclass
class Reply:
    """What came back over the socket."""

    status: int
    headers: Message
    body: bytes


def fetch(site: ExampleSite, url: str, method: str = "GET", target: str | None = None) -> Reply:
    """Request ``url`` from the example server, sending the URL's own host as the Host header."""
    parts = urlsplit(url)
    if target is None:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=5)
    try:
        connection.request(method, target, headers={"Host": parts.netloc})
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        connection.close()


def visible_text(html: bytes | str) -> str:
    """The text a reader sees, whitespace collapsed; inline links stay part of their sentence."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "head"]):
        hidden.decompose()
    return collapse(soup.get_text())


def collapse(text: str) -> str:
    return " ".join(text.split())


def page_id(page: dict[str, Any]) -> str:
    return page["file"] or page["url"]


@pytest.fixture(scope="module")
def site() -> Iterator[ExampleSite]:
    with serve_example() as running:
        yield running


@pytest.fixture(scope="module")
def article_soup() -> BeautifulSoup:
    return BeautifulSoup(example_article_path().read_bytes(), "html.parser")


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    shared = os.environ.get("CITEVAULT_SHARED")
    shared_dir = Path(shared) if shared else Path(__file__).resolve().parents[2] / "shared"
    seed = shared_dir / SEED_FILE
    if not seed.is_file():
        pytest.skip(f"seed article not found at {seed}; set CITEVAULT_SHARED to the shared folder")
    lines = seed.read_text("utf-8").splitlines()
    return [collapse(line) for line in lines if line.strip()]


# --- serving -----------------------------------------------------------------------------


def test_the_article_is_served_at_its_canonical_url(site: ExampleSite) -> None:
    reply = fetch(site, site.article_url)

    assert site.article_url == MANIFEST["article"]["url"]
    assert reply.status == 200
    assert reply.body == example_article_path().read_bytes()


@pytest.mark.parametrize("page", SOURCE_PAGES, ids=page_id)
def test_every_source_page_is_served_with_the_demonstration_banner(
    site: ExampleSite, page: dict[str, Any]
) -> None:
    reply = fetch(site, page["url"])

    assert reply.status == 200
    assert reply.body == (EXAMPLE_DIR / page["file"]).read_bytes()
    assert BANNER in visible_text(reply.body)


def test_the_manifest_lists_one_dead_link_and_it_answers_404(site: ExampleSite) -> None:
    assert [urlsplit(page["url"]).hostname for page in DEAD_LINKS] == ["www.facebook.com"]
    assert fetch(site, DEAD_LINKS[0]["url"]).status == 404


@pytest.mark.parametrize(
    "url",
    [
        "http://thediplomat.com/no-such-page/",
        "http://thediplomat.com/regions/central-asia/",
        "http://www.rferl.org/",
        "http://unknown.example/2019/10/2-ethnic-kazakhs-from-china-granted-asylum-seeker-status-in-kazakhstan/",
    ],
)
def test_unknown_paths_and_hosts_answer_404(site: ExampleSite, url: str) -> None:
    reply = fetch(site, url)

    assert reply.status == 404
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(reply.headers["Content-Length"]) == len(reply.body)


def test_the_query_string_is_ignored_so_tracking_variants_are_served(
    site: ExampleSite, article_soup: BeautifulSoup
) -> None:
    hrefs = [a["href"] for a in article_soup.select(".entry-content a[href]")]
    tracked = [href for href in hrefs if "utm_source=" in href]
    assert len(tracked) == 1

    untracked = tracked[0].split("?", 1)[0]
    assert fetch(site, tracked[0]).body == fetch(site, untracked).body
    assert fetch(site, untracked).status == 200


def test_robots_txt_allows_everything_on_every_host(site: ExampleSite) -> None:
    for host in site.hosts:
        reply = fetch(site, f"http://{host}/robots.txt")

        assert reply.status == 200
        assert reply.body == b"User-agent: *\nAllow: /\n"
        assert reply.headers["Content-Type"].startswith("text/plain")


def test_pages_come_with_type_length_and_dates(site: ExampleSite) -> None:
    reply = fetch(site, site.article_url)

    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(reply.headers["Content-Length"]) == len(reply.body)
    published = datetime.fromisoformat(MANIFEST["article"]["last_modified"])
    assert parsedate_to_datetime(reply.headers["Last-Modified"]) == published
    assert parsedate_to_datetime(reply.headers["Date"]).year >= 2024


def test_head_sends_the_headers_without_a_body(site: ExampleSite) -> None:
    page = SOURCE_PAGES[0]
    reply = fetch(site, page["url"], method="HEAD")

    assert reply.status == 200
    assert reply.body == b""
    assert int(reply.headers["Content-Length"]) == len(fetch(site, page["url"]).body)


def test_a_host_header_with_port_80_is_the_same_host(site: ExampleSite) -> None:
    parts = urlsplit(site.article_url)
    reply = fetch(site, f"http://{parts.hostname}:80{parts.path}")

    assert reply.status == 200


def test_an_absolute_url_in_the_request_line_is_served_as_a_proxy_would(site: ExampleSite) -> None:
    page = SOURCE_PAGES[1]
    reply = fetch(site, "http://unrelated.example/", target=page["url"])

    assert reply.status == 200
    assert reply.body == (EXAMPLE_DIR / page["file"]).read_bytes()


def test_connect_to_sends_port_80_of_every_host_to_the_server(site: ExampleSite) -> None:
    manifest_urls = [MANIFEST["article"]["url"], *(page["url"] for page in MANIFEST["pages"])]
    manifest_hosts = sorted({urlsplit(url).hostname for url in manifest_urls})

    assert site.hosts == manifest_hosts
    assert site.connect_to() == {(host, 80): ("127.0.0.1", site.port) for host in manifest_hosts}


def test_leaving_the_context_closes_the_server() -> None:
    with serve_example() as running:
        assert fetch(running, running.article_url).status == 200
    with pytest.raises(ConnectionRefusedError):
        fetch(running, running.article_url)
    running.close()  # a second close is harmless


# --- the example's content ---------------------------------------------------------------


def test_the_article_cites_exactly_the_manifest_pages(article_soup: BeautifulSoup) -> None:
    cited = {a["href"].split("?", 1)[0] for a in article_soup.select(".entry-content a[href]")}

    assert cited == {page["url"] for page in MANIFEST["pages"]}


def test_the_article_head_carries_its_publication_metadata(article_soup: BeautifulSoup) -> None:
    def meta(attribute: str, name: str) -> str:
        return str(article_soup.find("meta", attrs={attribute: name})["content"])

    url = MANIFEST["article"]["url"]
    assert article_soup.find("link", rel="canonical")["href"] == url
    assert meta("property", "og:url") == url
    assert meta("property", "og:site_name") == "The Diplomat"
    assert meta("property", "article:published_time") == "2019-10-31T09:00:00+00:00"
    assert meta("name", "author") == "Catherine Putz"

    ld = json.loads(article_soup.find("script", type="application/ld+json").string)
    assert ld["@type"] == "NewsArticle"
    assert ld["headline"] == meta("property", "og:title")
    assert ld["datePublished"] == "2019-10-31T09:00:00+00:00"
    assert ld["author"] == {"@type": "Person", "name": "Catherine Putz", "url": ld["author"]["url"]}
    assert ld["publisher"]["name"] == "The Diplomat"
    assert ld["mainEntityOfPage"]["@id"] == url


@pytest.mark.parametrize("page", SOURCE_PAGES, ids=page_id)
def test_every_source_page_names_its_publisher_date_and_address(page: dict[str, Any]) -> None:
    soup = BeautifulSoup((EXAMPLE_DIR / page["file"]).read_bytes(), "html.parser")

    assert soup.find("meta", property="og:site_name")["content"]
    assert soup.find("meta", property="og:url")["content"] == page["url"]
    published = soup.find("meta", property="article:published_time")["content"]
    assert datetime.fromisoformat(published) == datetime.fromisoformat(page["last_modified"])
    assert soup.title.string and soup.h1.get_text(strip=True)
    assert 3 <= len(soup.article.find_all("p", class_=False)) <= 8


def test_one_source_deliberately_disagrees_on_the_press_conference_date() -> None:
    article = visible_text(example_article_path().read_bytes())
    page = next(page for page in SOURCE_PAGES if "press-conference" in page["url"])
    source = visible_text((EXAMPLE_DIR / page["file"]).read_bytes())

    assert "press conference in Almaty on October 14" in article
    assert "October 15" in source
    assert "October 14" not in source


# --- faithfulness to the seed article ----------------------------------------------------


def test_the_article_body_paragraphs_are_the_seed_paragraphs(
    article_soup: BeautifulSoup, seed_lines: list[str]
) -> None:
    after_credit = next(i for i, line in enumerate(seed_lines) if line.startswith("Credit:")) + 1
    body = [collapse(p.get_text()) for p in article_soup.select("article .entry-content p")]

    assert body == seed_lines[after_credit:]


def test_every_seed_line_is_on_the_page_and_the_story_lines_are_in_the_article(
    article_soup: BeautifulSoup, seed_lines: list[str]
) -> None:
    page_text = visible_text(str(article_soup))
    article_text = collapse(article_soup.article.get_text())
    headline = collapse(article_soup.h1.get_text())
    # The seed repeats the headline: page bar, then the article's own title, then the image caption.
    story_start = seed_lines.index(headline, seed_lines.index(headline) + 1)

    assert [line for line in seed_lines if line not in page_text] == []
    assert [line for line in seed_lines[story_start:] if line not in article_text] == []


def test_source_pages_paraphrase_instead_of_copying_the_seed(seed_lines: list[str]) -> None:
    seed_sentences = {
        sentence.strip()
        for line in seed_lines
        for sentence in line.split(". ")
        if len(sentence.strip()) >= 40
    }
    for page in SOURCE_PAGES:
        text = visible_text((EXAMPLE_DIR / page["file"]).read_bytes())
        assert [s for s in seed_sentences if s in text] == [], page["file"]
