"""Reading articles: main text and metadata without boilerplate, in-body links with their sentences."""

from __future__ import annotations

import pytest

from bench.extraction import citation_links
from claims.article import article_from_html, article_from_text
from claims.demo import example_article_path
from claims.errors import NotAnArticle

PAGE = """<!doctype html><html><head>
<title>Court frees editor | The Daily Example</title>
<meta property="og:title" content="Court frees editor">
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Jane Roe">
<link rel="canonical" href="https://daily.example/2021/03/court-frees-editor">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Court frees editor", "datePublished": "2021-03-04T10:00:00Z"}</script>
</head><body>
<header><nav><a href="/politics">Politics</a> <a href="/world">World</a></nav></header>
<div class="share-buttons"><a href="https://twitter.com/intent/tweet?u=x">Share on Twitter</a></div>
<article><div class="article-body">
<p>A court in Springfield on Tuesday ordered the release of the editor, his lawyer
 <a href="https://news.example/lawyer-statement">told reporters</a>. The ruling ends a two-year case.</p>
<p>The editor, 54, was arrested in <a href="/2019/05/arrest">May 2019</a> after publishing a report on
 local contracts, <a href="https://other.example/report#top">the report</a> says.</p>
<p><a href="#comments">Jump to comments</a> or read on about the legal arguments made in court.</p>
<ul class="related-links"><li><a href="/2020/01/other">Another story about something else entirely, with a long title</a></li></ul>
</div></article>
<aside><h3>Most read</h3><p>Sidebar paragraph that is long enough to look like prose to a naive reader.</p></aside>
<footer><p>Copyright The Daily Example. All rights reserved, everywhere, forever and ever.</p></footer>
</body></html>"""


def test_metadata_comes_from_meta_tags_and_json_ld():
    article = article_from_html(PAGE)
    assert article.url == "https://daily.example/2021/03/court-frees-editor"
    assert article.title == "Court frees editor"
    assert article.author == "Jane Roe"
    assert article.publisher == "The Daily Example"
    assert article.published == "2021-03-04"


def test_main_text_leaves_navigation_sidebars_and_footers_out():
    article = article_from_html(PAGE)
    assert article.paragraphs[0].startswith("A court in Springfield on Tuesday")
    assert "Sidebar paragraph" not in article.text
    assert "Copyright" not in article.text
    assert "Share on Twitter" not in article.text
    assert "Another story" not in article.text


def test_whitespace_inside_paragraphs_is_collapsed():
    article = article_from_html(PAGE)
    assert "his lawyer told reporters." in article.paragraphs[0]


def test_in_body_links_keep_anchor_text_and_sentence():
    links = article_from_html(PAGE).links
    assert [(link.url, link.anchor_text, link.paragraph) for link in links] == [
        ("https://news.example/lawyer-statement", "told reporters", 0),
        ("https://daily.example/2019/05/arrest", "May 2019", 1),
        ("https://other.example/report#top", "the report", 1),
    ]
    assert links[0].sentence == (
        "A court in Springfield on Tuesday ordered the release of the editor, his lawyer told reporters."
    )
    assert links[1].sentence == links[2].sentence
    assert links[1].sentence.startswith("The editor, 54, was arrested in May 2019")


def test_a_page_without_a_body_of_paragraphs_is_not_an_article():
    with pytest.raises(NotAnArticle, match="no article text found"):
        article_from_html("<html><body><nav><a href='/'>Home</a></nav><p>Log in</p></body></html>")


def test_plain_text_keeps_lines_and_joins_hard_wrapped_prose():
    text = (
        "Title of the story\n\nByline Here\n\n"
        "This paragraph was hard wrapped by an editor at about seventy characters\n"
        "so its lines must be joined back into one paragraph of prose.\n\n"
        "A second paragraph.\n"
    )
    article = article_from_text(text, published="2020-01-02")
    assert article.title == "Title of the story"
    assert article.published == "2020-01-02"
    assert article.paragraphs[2] == (
        "This paragraph was hard wrapped by an editor at about seventy characters "
        "so its lines must be joined back into one paragraph of prose."
    )


def test_the_bundled_example_reads_as_the_seed_article(shared):
    article = article_from_html(example_article_path().read_bytes())
    seed = next((shared / "seed").glob("*.txt")).read_text()
    for paragraph in article.paragraphs:
        assert paragraph in seed
    assert len(article.links) == 9
    assert not any("thediplomat.com/topics" in link.url for link in article.links)


def test_citation_links_on_real_pages_are_found(shared):
    """Hand-labelled citation links on real pages: found, and little else taken for one."""
    micro = citation_links(shared / "data" / "articles")["micro"]
    assert micro["gold"] > 40
    assert micro["recall"] >= 0.95
    assert micro["precision"] >= 0.95


FURNITURE = """<html><head><link rel="canonical" href="https://paper.example/2021/05/03/flood-report">
</head><body><article>
<p>The river rose four metres on Monday, the <a href="https://agency.example/reports/2021-114">agency
 said in its report</a>, and officials <a href="https://paper.example/2021/04/30/earlier-warning">had
 warned of it</a> last week in <a href="https://paper.example/world/europe">Europe</a>.</p>
<p>Written by <a href="https://paper.example/authors/jane-roe">Jane Roe</a>, who covers the region
 for the paper and has done so since the floods of the previous decade.</p>
<p>Sign up: <a href="https://paper.example/newsletters/morning">our morning newsletter</a> brings the
 day's news, and a profile of the engineer <a href="https://other.example/people/ann-lee">Ann Lee</a>
 explains the dam.</p>
<p>This story originally appeared on <a href="https://partner.example/flood">Partner News</a> and is
 republished here with the permission of its editors.</p>
</article></body></html>"""


def test_page_furniture_inside_the_prose_is_no_citation():
    urls = [link.url for link in article_from_html(FURNITURE).links]
    assert urls == [
        "https://agency.example/reports/2021-114",
        "https://paper.example/2021/04/30/earlier-warning",
        "https://other.example/people/ann-lee",
    ]


def test_a_body_cut_by_ads_into_several_containers_is_read_whole():
    stretch = "<div class='story-text'><p>{}</p><p>{}</p></div>"
    page = (
        "<html><body><header><a href='/'>Home</a></header><main>"
        + stretch.format(
            "The council voted on Monday to close the old bridge to traffic by June.",
            "Engineers found cracks in two of its supports during an inspection in March.",
        )
        + "<aside class='ad'><p>Advertisement</p></aside>"
        + stretch.format(
            "The mayor said a replacement would cost about 40 million dollars in all.",
            "Work on the new bridge is expected to begin next year, officials said.",
        )
        + "</main><footer><p>Copyright the paper, all rights reserved.</p></footer></body></html>"
    )
    paragraphs = article_from_html(page).paragraphs
    assert paragraphs[0].startswith("The council voted on Monday")
    assert paragraphs[-1].startswith("Work on the new bridge")
    assert len(paragraphs) == 4


@pytest.mark.parametrize(
    "broken",
    [
        '<a href="http://[::1/x">the report</a>',
        '<base href="http://[::1/"><a href="/x">the report</a>',
    ],
)
def test_a_link_whose_address_cannot_be_parsed_is_skipped_not_fatal(broken: str):
    page = PAGE.replace('<a href="https://other.example/report#top">the report</a>', broken)
    links = article_from_html(page, url="https://daily.example/2021/03/court-frees-editor").links
    assert "the report" not in [link.anchor_text for link in links]
    assert "told reporters" in [link.anchor_text for link in links]


def test_a_redirect_to_an_address_that_cannot_be_parsed_is_kept_as_it_is():
    broken = "https://out.example/r?to=http://[::1/y"
    page = PAGE.replace("https://other.example/report#top", broken)
    links = article_from_html(page, url="https://daily.example/2021/03/court-frees-editor").links
    assert broken in [link.url for link in links]


def test_a_page_address_that_cannot_be_parsed_leaves_no_link_out_unread():
    article = article_from_html(PAGE, url="http://[::1/page")
    assert "https://news.example/lawyer-statement" in [link.url for link in article.links]
