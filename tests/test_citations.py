"""Telling citations from page furniture: glossary and section links, redirects, story promos."""

from __future__ import annotations

from claims.article import article_from_html
from claims.citations import is_furniture, promo_paragraphs, redirect_target, site_of

PAGE_URL = "https://paper.example/2021/05/03/flood-report"
SENTENCE = "The river rose four metres on Monday."


def furniture(url: str, anchor: str, page_url: str | None = PAGE_URL) -> bool:
    return is_furniture(url, anchor, SENTENCE, page_url)


def test_a_lower_case_term_linked_to_an_undated_page_of_the_site_is_a_glossary_link() -> None:
    assert furniture("https://paper.example/articles/248680.php", "hydrology")
    assert furniture("https://paper.example/health/guide/flood-safety", "flood safety")


def test_the_same_term_linked_to_a_story_of_the_site_is_a_citation() -> None:
    # A story's address has a date, or an id beside its headline.
    assert not furniture("https://paper.example/2020/jan/03/levee-breaks", "hydrology")
    assert not furniture("https://paper.example/news/20200103-levee", "hydrology")
    assert not furniture("https://paper.example/a/levee-breaks-near-town/28886915.html", "breaks")


def test_a_glossary_rule_spares_reporting_verbs_names_and_long_anchors() -> None:
    undated = "https://paper.example/articles/248680.php"
    assert not furniture(undated, "said")
    assert not furniture(undated, "Ann Lee")
    assert not furniture(undated, "a levee broke upstream last night")


def test_terms_linked_to_another_site_are_citations() -> None:
    assert not furniture("https://agency.example/articles/248680.php", "hydrology")
    assert not furniture("https://agency.example/health", "health")


def test_a_short_link_to_a_section_of_the_site_is_furniture() -> None:
    assert furniture("https://paper.example/world/europe", "Europe")
    assert not furniture("https://paper.example/world/europe", "floods across the continent")


def test_a_click_through_redirect_is_judged_by_where_it_leads() -> None:
    redirect = "https://paper.example/click?url=https://agency.example/plan.pdf"
    assert redirect_target(redirect) == "https://agency.example/plan.pdf"
    assert redirect_target("https://paper.example/search?q=floods") == (
        "https://paper.example/search?q=floods"
    )
    assert not furniture(redirect, "national plan")
    assert furniture("https://paper.example/click?url=https://paper.example/tags/floods", "floods")
    share = f"https://social.example/share?url={PAGE_URL}"
    assert furniture(share, "Share this story")


def test_a_page_without_an_address_belongs_to_the_site_it_links_to_most() -> None:
    own = [f"https://www.paper.example/section/{n}" for n in range(12)]
    assert site_of([*own, "https://agency.example/a", "/relative"]) == "https://paper.example/"
    assert site_of(own[:5]) is None  # too few links to tell
    others = [f"https://site{n}.example/" for n in range(13)]
    assert site_of([*own, *others]) is None  # no host holds half


def test_link_only_paragraphs_in_a_row_are_a_list_of_story_promos() -> None:
    paragraphs = [
        ("The river rose four metres on Monday, the agency said.", [(42, 48)]),
        ("Read the full report", [(0, 20)]),
        ("Officials had warned of it last week.", []),
        ("Five things we learned", [(0, 22)]),
        ("The levee that held", [(0, 19)]),
    ]
    assert promo_paragraphs(paragraphs) == {3, 4}


def test_a_labelled_link_alone_in_its_paragraph_is_a_promo() -> None:
    headline = "Dams are failing faster than expected"
    paragraphs = [
        (f"Related: {headline}", [(9, 9 + len(headline))]),
        (f"[Read: {headline}]", [(7, 7 + len(headline))]),
        (f"Read more about it in {headline}.", [(22, 22 + len(headline))]),
    ]
    assert promo_paragraphs(paragraphs) == {0, 1}


PROMOS = """<html><body><nav>{nav}</nav><article>
<p>The river rose four metres on Monday, officials said, a rise the
 <a href="https://paper.example/click?url=https://agency.example/report">agency's report</a> foresaw.</p>
<p>Related: <a href="https://paper.example/2021/04/30/warning">Officials warned of floods</a></p>
<p>Doctors warned that <a href="https://paper.example/guides/waterborne-disease">waterborne
 disease</a> could follow the floods, as it did in the previous decade.</p>
<p><a href="https://paper.example/2021/04/01/dams">Five things to know about dams</a></p>
<p><a href="https://paper.example/2021/04/02/levee">The levee that held</a></p>
</article></body></html>"""


def test_an_article_read_without_its_address_keeps_only_citations() -> None:
    nav = "".join(f"<a href='https://paper.example/s/{n}'>Section {n}</a>" for n in range(12))
    links = article_from_html(PROMOS.format(nav=nav)).links
    assert [link.anchor_text for link in links] == ["agency's report"]


SOURCES = """<html><body><article>
<p>The river rose four metres on Monday, officials said, the highest level on record there.</p>
<p>Engineers had warned in March that the levee could not hold such a rise for long, and the
 council had put off its repair until the autumn for want of money.</p>
<ul>
<li><a href="https://agency.example/reports/2021-114">Agency flood report on the northern basin and its levees, May 2021</a></li>
<li><a href="https://council.example/minutes/2021-03">Council minutes of the meeting on the levee inspection, March 2021</a></li>
</ul></article></body></html>"""


def test_a_list_of_links_in_the_body_is_read_as_sources_not_promos() -> None:
    urls = [link.url for link in article_from_html(SOURCES).links]
    assert urls == [
        "https://agency.example/reports/2021-114",
        "https://council.example/minutes/2021-03",
    ]


def test_a_newsletter_page_is_furniture_but_a_dated_issue_of_it_is_a_citation() -> None:
    sentence = "She said so in an interview with the Morning Brief."
    signup = "https://paper.example/newsletters/morning-brief"
    issue = "https://paper.example/newsletters/morning-brief/2021/05/01/mayor-to-resign-12345"
    assert is_furniture(signup, "the Morning Brief", sentence, PAGE_URL)
    assert not is_furniture(issue, "an interview with the Morning Brief", sentence, PAGE_URL)


def test_a_bare_headline_linking_to_the_same_publication_is_a_promo() -> None:
    headline = "Five ways to beat the airport queues this winter"
    url = "https://travel.paper.example/2021/05/02/airport-queues/index.html"
    assert is_furniture(url, headline, headline, PAGE_URL)


def test_a_whole_sentence_linking_to_an_earlier_story_is_a_citation() -> None:
    sentence = "The same bridge was closed for repairs last spring."
    url = "https://paper.example/2020/04/11/bridge-closed"
    assert not is_furniture(url, sentence.rstrip("."), sentence, PAGE_URL)


def test_a_bare_headline_linking_to_another_publication_is_kept() -> None:
    headline = "Inspectors report on the state of county bridges"
    url = "https://county.example/reports/bridges-2021"
    assert not is_furniture(url, headline, headline, PAGE_URL)


def test_a_call_for_readers_material_links_to_no_source() -> None:
    sentence = "Send us your flood photos and videos through our upload page."
    url = "https://uploads.example/floods"
    assert is_furniture(url, "our upload page", sentence, PAGE_URL)
    assert not is_furniture(url, "our upload page", "Residents sent videos of the flood.", PAGE_URL)
