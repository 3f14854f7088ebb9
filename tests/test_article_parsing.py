"""How a page's tree is read: which metadata element wins, what a widget is, where a link ends."""

from __future__ import annotations

import pytest

from claims.article import article_from_html
from claims.errors import NotAnArticle

PROSE = (
    "The council approved the new budget on Monday after a long debate about the cost of repairs"
    " to the old bridge that crosses the river in the middle of town."
)


def page(head: str = "", body: str = "") -> str:
    """A page whose story holds ``body``, then two long paragraphs of prose."""
    return (
        f"<html><head>{head}</head><body>"
        f"<div class='story'>{body}<p>{PROSE}</p><p>{PROSE}</p></div></body></html>"
    )


def test_the_first_of_several_metadata_elements_wins():
    head = (
        '<meta property="og:title" content="First title">'
        '<meta property="og:title" content="Second title">'
        '<link rel="alternate canonical" href="https://news.example/first">'
        '<link rel="canonical" href="https://news.example/second">'
        "<title>Page title</title>"
    )
    body = '<time datetime="2022-05-06">May 6</time><time datetime="2023-01-01">Jan 1</time>'
    article = article_from_html(page(head, body))
    assert article.title == "First title"
    assert article.url == "https://news.example/first"
    assert article.published == "2022-05-06"


def test_a_property_meta_outranks_a_name_meta_and_the_title_element_comes_last():
    head = (
        '<meta name="author" content="By Name">'
        '<meta property="author" content="By Property">'
        "<title> Only the\n title </title>"
    )
    article = article_from_html(page(head))
    assert article.author == "Property"
    assert article.title == "Only the title"


def test_json_ld_in_a_graph_names_the_author_and_date():
    script = (
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"},'
        ' {"@type": "NewsArticle", "author": [{"name": "A. Writer"}, {"name": "B. Writer"}],'
        ' "datePublished": "2020-02-03"}]}</script>'
    )
    article = article_from_html(page(script))
    assert article.author == "A. Writer and B. Writer"
    assert article.published == "2020-02-03"


def test_a_base_element_resolves_relative_links():
    body = (
        "<p>Officials said the figures were wrong, according to"
        " <a href='2023/audit.pdf'>the audit office</a>, which published them last year.</p>"
    )
    article = article_from_html(page('<base href="https://files.example/docs/">', body))
    assert [link.url for link in article.links] == ["https://files.example/docs/2023/audit.pdf"]


def test_a_hinted_widget_is_dropped_but_a_hinted_wrapper_of_prose_is_kept():
    widget = "<div class='related'><p>Read this other story about something else.</p></div>"
    wrapper = f"<div class='sidebar-layout'><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>"
    article = article_from_html(page(body=widget + wrapper))
    assert "other story" not in article.text
    assert len(article.paragraphs) == 5


def test_text_after_a_removed_element_stays_in_its_paragraph():
    body = (
        "<p>The mayor resigned on Friday<button>Share</button>, two days"
        " after the vote, the city clerk said in a statement.</p>"
    )
    article = article_from_html(page(body=body))
    assert article.paragraphs[0] == (
        "The mayor resigned on Friday, two days after the vote, the city clerk said in a statement."
    )


def test_a_link_ends_with_its_last_piece_of_text_even_inside_markup():
    body = (
        "<p>The figures come from <a href='https://stats.example/t1'>the"
        " <b>national</b> <i>statistics office</i></a> and were published in March.</p>"
    )
    (link,) = article_from_html(page(body=body)).links
    assert link.anchor_text == "the national statistics office"
    assert link.sentence.startswith("The figures come from the national statistics office and")


def test_text_declaring_its_own_encoding_is_read():
    html = '<?xml version="1.0" encoding="iso-8859-1"?>' + page("<title>Café news</title>")
    article = article_from_html(html)
    assert article.title == "Café news"
    assert article.paragraphs[0] == PROSE


@pytest.mark.parametrize("html", ["", "   ", b"", "<!-- nothing -->"])
def test_an_empty_page_is_not_an_article(html: str | bytes):
    with pytest.raises(NotAnArticle, match="no article text found"):
        article_from_html(html)


def test_a_link_free_list_set_right_after_a_figure_is_its_caption() -> None:
    caption = (
        "<figure><img src='/a.jpg' alt=''></figure>"
        "<ul><li><p>A fisherman mends his nets on the harbour wall at dawn, watched by two gulls"
        " and a curious dog.</p></li></ul>"
    )
    article = article_from_html(page(body=caption), url="https://paper.example/story")
    assert not any("fisherman" in paragraph for paragraph in article.paragraphs)


def test_a_list_that_follows_prose_stays_in_the_story() -> None:
    listing = (
        f"<p>{PROSE}</p>"
        "<ul><li>The council will spend four million pounds on the bridge over the next three"
        " years.</li></ul>"
    )
    article = article_from_html(page(body=listing), url="https://paper.example/story")
    assert any("four million pounds" in paragraph for paragraph in article.paragraphs)
