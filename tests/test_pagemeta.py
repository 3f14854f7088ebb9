"""How a page's author and publication day are found: structured data first, then the byline."""

from __future__ import annotations

import json

import lxml.html
import pytest

from claims.article import article_from_html
from claims.pagemeta import iso_day, normalize_author, page_metadata


def metadata(head: str = "", body: str = "", url: str | None = None) -> dict[str, str]:
    """The metadata of a page made of ``head`` and ``body`` markup."""
    html = f"<html><head>{head}</head><body>{body}<p>Text.</p></body></html>"
    return page_metadata(lxml.html.document_fromstring(html), url)


def json_ld(item: dict[str, object]) -> str:
    return f'<script type="application/ld+json">{json.dumps(item)}</script>'


# --- Authors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "author",
    [
        {"@type": "Person", "name": "Ada Lovelace"},
        [{"@type": "Person", "name": "Ada Lovelace"}],
        "Ada Lovelace",
    ],
)
def test_json_ld_author_as_object_list_or_string(author: object) -> None:
    head = json_ld({"@type": "NewsArticle", "author": author})
    assert metadata(head)["author"] == "Ada Lovelace"


def test_json_ld_authors_are_joined_as_a_byline() -> None:
    people = [{"name": "Ada Lovelace"}, {"name": "Alan Turing"}, {"name": "Grace Hopper"}]
    head = json_ld({"@graph": [{"@type": "Article", "author": people}]})
    assert metadata(head)["author"] == "Ada Lovelace, Alan Turing and Grace Hopper"


def test_json_ld_author_outranks_the_meta_tag() -> None:
    head = '<meta name="author" content="Site Team">' + json_ld(
        {"@type": "NewsArticle", "author": {"name": "Ada Lovelace"}}
    )
    assert metadata(head)["author"] == "Ada Lovelace"


@pytest.mark.parametrize(
    "naming",
    [
        'name="author"',
        'property="article:author"',
        'property="og:article:author"',
        'name="byl"',
        'name="DC.creator"',
        'name="parsely-author"',
        'name="sailthru.author"',
        'itemprop="author"',
    ],
)
def test_author_meta_tags(naming: str) -> None:
    assert metadata(f'<meta {naming} content="By Ada Lovelace">')["author"] == "Ada Lovelace"


def test_an_author_address_is_skipped_for_the_next_signal() -> None:
    head = (
        '<meta property="article:author" content="https://social.example/ada">'
        '<meta name="parsely-author" content="Ada Lovelace">'
    )
    assert metadata(head)["author"] == "Ada Lovelace"


def test_parsely_page_json_gives_author_and_date() -> None:
    page = json.dumps({"author": "Ada Lovelace", "pub_date": "2015-04-16T20:02:01Z"})
    found = metadata(f"<meta name='parsely-page' content='{page}'>")
    assert (found["author"], found["published"]) == ("Ada Lovelace", "2015-04-16")


def test_itemprop_author_in_the_body_reads_its_name() -> None:
    body = (
        '<p class="byline" itemprop="author" itemscope>'
        '<a href="/ada" rel="author"><span itemprop="name">Ada Lovelace</span></a> - 3 hours ago</p>'
    )
    assert metadata(body=body)["author"] == "Ada Lovelace"


def test_rel_author_link() -> None:
    body = '<div>By <a rel="author" href="/people/ada">Ada  Lovelace</a><br>Health News</div>'
    assert metadata(body=body)["author"] == "Ada Lovelace"


def test_byline_class_with_a_linked_name_and_a_role() -> None:
    body = (
        '<div class="story-byline">By <a href="/bio/ada">Ada Lovelace</a>, Senior Staff Writer,'
        " Analytical Engine Project</div>"
    )
    assert metadata(body=body)["author"] == "Ada Lovelace"


def test_byline_class_text_without_links() -> None:
    assert metadata(body='<span class="author">By Ada Lovelace</span>')["author"] == "Ada Lovelace"


def test_bylines_in_comments_and_footers_are_not_the_author() -> None:
    body = (
        '<div class="comments"><span class="author">Alan Turing</span></div>'
        '<footer><a rel="author" href="/x">Grace Hopper</a></footer>'
    )
    assert "author" not in metadata(body=body)


def test_a_meta_author_outranks_a_byline_in_the_body() -> None:
    found = metadata(
        '<meta name="author" content="Ada Lovelace">', '<p class="byline">Alan Turing</p>'
    )
    assert found["author"] == "Ada Lovelace"


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Ada Lovelace", "Ada Lovelace"),
        ("Written by Ada Lovelace", "Ada Lovelace"),
        ("By ADA LOVELACE and ALAN TURING", "ADA LOVELACE and ALAN TURING"),
        ("Ada Lovelace & Alan Turing", "Ada Lovelace and Alan Turing"),
        ("Ada Lovelace; Alan Turing", "Ada Lovelace and Alan Turing"),
        (
            "A. B. Smith, C.D. Jones, and Alan Turing, XYZ",
            "A. B. Smith, C.D. Jones and Alan Turing",
        ),
        ("Ada Lovelace\n Example Health News", "Ada Lovelace"),
        ("Ada Lovelace, Staff Reporter", "Ada Lovelace"),
        ("Maria de la Cruz", "Maria de la Cruz"),
        ("Example News Wire", "Example News Wire"),
        ("Staff Reporter, Example Press", "Staff Reporter and Example Press"),
        ("Ada Lovelace and the analytics team, Example Press", "Example Press"),
    ],
)
def test_normalize_author_keeps_the_people_named(byline: str, names: str) -> None:
    assert normalize_author(byline) == names


@pytest.mark.parametrize(
    "byline",
    [
        "https://social.example/ada",
        "@ada",
        "ada@example.org",
        "Updated 3 hours ago",
        "The Northern and Southern transport ministries",
        "",
    ],
)
def test_normalize_author_refuses_what_is_no_name(byline: str) -> None:
    assert normalize_author(byline) is None


# --- Dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stamp", "day"),
    [
        ("2019-02-21T05:00:00-05:00", "2019-02-21"),
        ("2019-02-21T23:30:00-05:00", "2019-02-21"),
        ("2019-01-03T07:00:02.000Z", "2019-01-03"),
        ("2017-11-16T14:15+0000", "2017-11-16"),
        ("2019/2/1", "2019-02-01"),
        ("April 5, 2018 | 6:00 PM", "2018-04-05"),
        ("Fri Mar 13 21:30:09 EST 2015", "2015-03-13"),
        ("Sept. 9, 2020", "2020-09-09"),
        ("5th of May 2021", "2021-05-05"),
        ("16 November 2017", "2017-11-16"),
    ],
)
def test_iso_day_reads_the_day_as_written(stamp: str, day: str) -> None:
    assert iso_day(stamp) == day


@pytest.mark.parametrize("stamp", ["2019-02-30", "Updated yesterday", "Smarch 5, 2018", "1234"])
def test_iso_day_refuses_what_is_no_day(stamp: str) -> None:
    assert iso_day(stamp) is None


def test_json_ld_date_published() -> None:
    head = json_ld({"@type": "BlogPosting", "datePublished": "2020-01-15T10:00:00+03:00"})
    assert metadata(head)["published"] == "2020-01-15"


def test_json_ld_date_published_outranks_the_time_element() -> None:
    head = json_ld({"@type": "NewsArticle", "datePublished": "2020-01-15"})
    assert metadata(head, '<time datetime="2021-06-01">June</time>')["published"] == "2020-01-15"


@pytest.mark.parametrize(
    "naming",
    [
        'property="article:published_time"',
        'itemprop="datePublished"',
        'name="pubdate"',
        'name="DC.date.issued"',
        'name="sailthru.date"',
        'name="parsely-pub-date"',
        'name="date"',
    ],
)
def test_date_meta_tags(naming: str) -> None:
    assert metadata(f'<meta {naming} content="2018-09-25T21:28:31.000Z">')["published"] == (
        "2018-09-25"
    )


def test_a_textual_meta_date() -> None:
    head = '<meta name="article:publicationdate" content="Fri Mar 13 21:30:09 EST 2015">'
    assert metadata(head)["published"] == "2015-03-13"


def test_time_marked_date_published_outranks_an_earlier_time() -> None:
    body = (
        '<time datetime="2021-06-01">x</time><time itemprop="datePublished" datetime="2017-07-27">'
    )
    assert metadata(body=body)["published"] == "2017-07-27"


def test_first_time_element_when_nothing_else_says() -> None:
    assert (
        metadata(body='<time datetime="2017-07-27T10:00">July</time>')["published"] == "2017-07-27"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/business/story-title/2015/03/18/abc123_story.html",
        "https://news.example/2015/03/18/story-title",
        "https://news.example/news/20150318/story-title",
        "https://news.example/2015/03/18/story?next=/2016/01/01/#/2017/02/02/",
        "//news.example/2015/03/18/story",
    ],
)
def test_date_in_the_page_address(url: str) -> None:
    assert metadata(url=url)["published"] == "2015-03-18"


def test_date_in_the_canonical_address_outranks_the_given_one() -> None:
    head = '<link rel="canonical" href="https://news.example/2015/03/18/story">'
    assert metadata(head, url="https://news.example/2016/01/01/story")["published"] == "2015-03-18"


def test_an_address_without_a_date_gives_none() -> None:
    assert "published" not in metadata(url="https://news.example/articles/318674.php?id=20150318")


def test_an_address_that_cannot_be_parsed_gives_no_date() -> None:
    assert "published" not in metadata(url="http://[::1/2015/03/18/story")


def test_date_classed_element_in_the_body() -> None:
    body = '<div class="updated-date"> April 5, 2018 | 6:00 PM </div>'
    assert metadata(body=body)["published"] == "2018-04-05"


def test_date_classed_element_title_attribute() -> None:
    body = '<li class="date-and-time" title="2015-03-13T21:00:00+11:00">March 13</li>'
    assert metadata(body=body)["published"] == "2015-03-13"


def test_dates_of_comments_are_not_the_publication_date() -> None:
    body = '<div class="comments"><li class="date"><span>April 6, 2018</span></li></div>'
    assert "published" not in metadata(body=body)


# --- Titles --------------------------------------------------------------------------------


def test_og_title_outranks_the_title_element() -> None:
    head = '<title>Page - Site</title><meta property="og:title" content="Headline">'
    assert metadata(head)["title"] == "Headline"


@pytest.mark.parametrize("separator", ["-", "|", "–"])
def test_title_loses_the_site_name_it_ends_with(separator: str) -> None:
    head = (
        f'<meta property="og:title" content="Mayor resigns {separator} Example News">'
        '<meta property="og:site_name" content="Example News">'
    )
    assert metadata(head)["title"] == "Mayor resigns"


def test_title_keeps_a_hyphenated_ending_that_is_not_the_site_name() -> None:
    head = (
        "<title>Mayor resigns - in pictures</title>"
        '<meta property="og:site_name" content="Example News">'
    )
    assert metadata(head)["title"] == "Mayor resigns - in pictures"


def test_an_article_takes_its_day_from_the_address_it_was_fetched_from() -> None:
    paragraphs = "".join(f"<p>{'The council met on the budget again. ' * 5}</p>" for _ in range(3))
    html = f"<html><body><article>{paragraphs}</article></body></html>"
    article = article_from_html(html, url="https://news.example/2015/03/18/council-budget")
    assert article.published == "2015-03-18"


def test_a_sign_in_box_is_no_byline() -> None:
    assert "author" not in metadata(body='<div id="authorization"><a href="/in">Log In</a></div>')


@pytest.mark.parametrize("depth", [900, 50_000])
@pytest.mark.parametrize(
    "carrier",
    [
        lambda nested: f'<script type="application/ld+json">{nested}</script>',
        lambda nested: f"<meta name=\"parsely-page\" content='{nested}'>",
        lambda nested: (
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Deep",'
            f' "publisher": {nested}}}</script>'
        ),
    ],
)
def test_structured_data_nested_too_deep_is_ignored_not_fatal(carrier, depth: int):
    nested = "[" * depth + "]" * depth
    meta = metadata(head=carrier(nested) + '<meta property="og:title" content="Still read">')
    assert meta["title"] == "Still read"
