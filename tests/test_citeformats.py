"""Citations of an archived snapshot, one format at a time, on a full and a sparse source."""

from __future__ import annotations

import json
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import citeproc
import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from claims.citeformats import FORMATS, Citable, cite, parse_byline

FULL = Citable(
    title="Flood defences held, council says",
    url="https://news.example.org/2019/10/31/flood-defences",
    publisher="The Example Courier",
    authors=["Jane Q. Doe", "Ludwig van Dijk"],
    published="2019-10-31",
    captured_at="2020-11-02T14:03:11Z",
    snapshot_url="https://archive.example.net/citevault/captures/42",
    live=True,
    quote="The defences held on Oct. 31, the council said.",
)
SPARSE = Citable(
    url="https://example.com/page",
    captured_at="2020-11-02T14:03:11Z",
    snapshot_url="https://archive.example.net/citevault/captures/7",
)


class _Anchors(HTMLParser):
    """Collects each <a>'s attributes and text."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[tuple[dict[str, str | None], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.anchors.append((dict(attrs), ""))

    def handle_data(self, data: str) -> None:
        if self.anchors:
            attrs, text = self.anchors[-1]
            self.anchors[-1] = (attrs, text + data)


def _parse_anchor(markup: str) -> tuple[dict[str, str | None], str]:
    parser = _Anchors()
    parser.feed(markup)
    parser.close()
    assert len(parser.anchors) == 1
    return parser.anchors[0]


# --- The public surface ---------------------------------------------------------------------


def test_formats_are_the_eight_the_cite_command_offers() -> None:
    assert FORMATS == (
        "robustlinks", "csl-json", "bibtex", "wikipedia", "apa", "chicago", "mla", "bluebook",
    )  # fmt: skip


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="Unknown citation format 'ris': use one of robustlinks"):
        cite(FULL, "ris")


def test_a_capture_time_that_is_no_date_is_refused() -> None:
    with pytest.raises(ValueError, match="is not an ISO datetime"):
        cite(replace(SPARSE, captured_at="yesterday"), "apa")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_sparse_source_never_prints_none_or_empty_fields(fmt: str) -> None:
    citation = cite(SPARSE, fmt)
    assert "None" not in citation
    assert "()" not in citation and ", ," not in citation and not citation.startswith((" ", ","))
    assert "captures/7" in citation


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Doe, Ana Ruiz and Li Wei", ["Jane Doe", "Ana Ruiz", "Li Wei"]),
        ("Jane Doe, Ana Ruiz, and Li Wei", ["Jane Doe", "Ana Ruiz", "Li Wei"]),
        ("Jane Doe & Ana Ruiz", ["Jane Doe", "Ana Ruiz"]),
        ("by:  Sandra Anderson", ["Sandra Anderson"]),
        ("Doe, Jane", ["Jane Doe"]),
        ("By Doe, Jane", ["Jane Doe"]),
        ("Doe, Ruiz and Wei", ["Doe", "Ruiz", "Wei"]),
        ("Jane Doe, Ana Ruiz", ["Jane Doe", "Ana Ruiz"]),
        ("", []),
        (None, []),
    ],
)
def test_a_byline_is_split_into_its_names(byline: str | None, names: list[str]) -> None:
    assert parse_byline(byline) == names


# --- Robust Links ---------------------------------------------------------------------------


def test_a_robust_link_points_at_the_original_and_carries_the_snapshot() -> None:
    attrs, text = _parse_anchor(cite(FULL, "robustlinks"))
    assert attrs == {
        "href": FULL.url,
        "data-originalurl": FULL.url,
        "data-versionurl": FULL.snapshot_url,
        "data-versiondate": "2020-11-02",
    }
    assert text == FULL.quote


def test_a_robust_link_without_quote_or_title_shows_its_address() -> None:
    assert cite(SPARSE, "robustlinks") == (
        '<a href="https://example.com/page" data-originalurl="https://example.com/page" '
        'data-versionurl="https://archive.example.net/citevault/captures/7" '
        'data-versiondate="2020-11-02">https://example.com/page</a>'
    )


def test_a_robust_link_escapes_quotes_and_ampersands() -> None:
    item = replace(
        FULL, quote=None, title='Q&A: "Why <the> dam failed"', url="https://x.example/?a=1&b=2"
    )
    markup = cite(item, "robustlinks")
    assert 'href="https://x.example/?a=1&amp;b=2"' in markup
    assert '>Q&amp;A: "Why &lt;the&gt; dam failed"</a>' in markup
    attrs, text = _parse_anchor(markup)
    assert attrs["data-originalurl"] == "https://x.example/?a=1&b=2"
    assert text == item.title


# --- CSL-JSON -------------------------------------------------------------------------------


def test_csl_json_holds_one_newspaper_article_with_the_snapshot_as_archive_location() -> None:
    (entry,) = json.loads(cite(FULL, "csl-json"))
    assert entry == {
        "id": "doe2019flood",
        "type": "article-newspaper",
        "title": "Flood defences held, council says",
        "author": [
            {"family": "Doe", "given": "Jane Q."},
            {"family": "van Dijk", "given": "Ludwig"},
        ],
        "container-title": "The Example Courier",
        "issued": {"date-parts": [[2019, 10, 31]]},
        "URL": FULL.url,
        "accessed": {"date-parts": [[2020, 11, 2]]},
        "archive": "citevault",
        "archive_location": FULL.snapshot_url,
    }


def test_csl_json_of_a_sparse_source_is_a_webpage_without_the_missing_fields() -> None:
    (entry,) = json.loads(cite(SPARSE, "csl-json"))
    assert entry == {
        "id": "anonnd",
        "type": "webpage",
        "URL": SPARSE.url,
        "accessed": {"date-parts": [[2020, 11, 2]]},
        "archive": "citevault",
        "archive_location": SPARSE.snapshot_url,
    }


def test_csl_json_keeps_an_organisation_whole_and_a_partial_date_partial() -> None:
    item = replace(FULL, authors=["Reuters", "Staff Reporter"], published="2019-10")
    (entry,) = json.loads(cite(item, "csl-json"))
    assert entry["author"] == [{"literal": "Reuters"}, {"literal": "Staff Reporter"}]
    assert entry["issued"] == {"date-parts": [[2019, 10]]}
    assert cite(item, "csl-json").startswith("[\n  {\n")


# --- BibTeX ---------------------------------------------------------------------------------


def test_bibtex_is_an_online_entry_with_the_snapshot_in_its_note() -> None:
    assert cite(FULL, "bibtex") == (
        "@online{doe2019flood,\n"
        "  author = {Doe, Jane Q. and van Dijk, Ludwig},\n"
        "  title = {Flood defences held, council says},\n"
        "  organization = {The Example Courier},\n"
        "  date = {2019-10-31},\n"
        "  url = {https://news.example.org/2019/10/31/flood-defences},\n"
        "  urldate = {2020-11-02},\n"
        "  note = {Archived on 2020-11-02 at "
        "\\url{https://archive.example.net/citevault/captures/42}}\n"
        "}"
    )


def test_bibtex_of_a_sparse_source_keeps_the_required_fields() -> None:
    assert cite(SPARSE, "bibtex") == (
        "@online{anonnd,\n"
        "  title = {https://example.com/page},\n"
        "  url = {https://example.com/page},\n"
        "  urldate = {2020-11-02},\n"
        "  note = {Archived on 2020-11-02 at \\url{https://archive.example.net/citevault/captures/7}}\n"
        "}"
    )


def test_bibtex_escapes_braces_and_latex_specials() -> None:
    item = replace(
        FULL,
        title="Rates {up} 5% & #1 in $ terms_now",
        publisher="R&D Weekly",
        snapshot_url="https://archive.example.net/c/1?q=50%25#top",
    )
    bibtex = cite(item, "bibtex")
    assert r"title = {Rates \{up\} 5\% \& \#1 in \$ terms\_now}," in bibtex
    assert r"organization = {R\&D Weekly}," in bibtex
    assert r"\url{https://archive.example.net/c/1?q=50\%25\#top}" in bibtex
    assert bibtex.count("{") == bibtex.count("}")


def test_a_bibtex_key_is_ascii_and_skips_a_leading_article() -> None:
    item = replace(FULL, authors=["José Müller-Öz"], title="The Ñandú count", published="2021")
    assert cite(item, "bibtex").startswith("@online{muller2021nandu,\n")
    assert "author = {Müller-Öz, José}" in cite(item, "bibtex")


def test_a_bibtex_organisation_author_is_braced_whole() -> None:
    item = replace(FULL, authors=["Associated Press"])
    assert "author = {{Associated Press}}," in cite(item, "bibtex")


# --- Wikipedia ------------------------------------------------------------------------------


def test_wikipedia_cite_web_names_the_archive_and_url_status() -> None:
    assert cite(FULL, "wikipedia") == (
        "{{cite web |url=https://news.example.org/2019/10/31/flood-defences "
        "|title=Flood defences held, council says |last1=Doe |first1=Jane Q. "
        "|last2=van Dijk |first2=Ludwig |website=The Example Courier |date=2019-10-31 "
        "|access-date=2020-11-02 |archive-url=https://archive.example.net/citevault/captures/42 "
        "|archive-date=2020-11-02 |url-status=live}}"
    )


def test_wikipedia_marks_a_dead_original_and_omits_an_unknown_status() -> None:
    assert cite(replace(FULL, live=False), "wikipedia").endswith("|url-status=dead}}")
    assert "url-status" not in cite(SPARSE, "wikipedia")


def test_wikipedia_escapes_pipes_and_brackets() -> None:
    item = replace(FULL, title="Budget | [draft] {{vote}}", url="https://x.example/a|b c")
    wiki = cite(item, "wikipedia")
    assert "|title=Budget &#124; &#91;draft&#93; &#123;&#123;vote&#125;&#125; " in wiki
    assert "|url=https://x.example/a%7Cb%20c " in wiki
    # Every pipe left is a parameter separator.
    assert wiki.count("|") == wiki.count(" |")


def test_wikipedia_spells_out_a_partial_date_and_puts_a_suffix_after_given_names() -> None:
    item = replace(FULL, authors=["Martin Luther King Jr."], published="2019-10")
    wiki = cite(item, "wikipedia")
    assert "|last1=King |first1=Martin Luther Jr. " in wiki
    assert "|date=October 2019 " in wiki


# --- APA 7 ----------------------------------------------------------------------------------


def test_apa_reference_points_at_the_snapshot() -> None:
    assert cite(FULL, "apa") == (
        "Doe, J. Q., & van Dijk, L. (2019, October 31). Flood defences held, council says. "
        "The Example Courier. https://archive.example.net/citevault/captures/42"
    )


def test_apa_without_author_moves_the_title_first_and_says_no_date() -> None:
    item = replace(FULL, authors=[], published=None)
    assert cite(item, "apa") == (
        "Flood defences held, council says. (n.d.). The Example Courier. "
        "https://archive.example.net/citevault/captures/42"
    )
    assert cite(SPARSE, "apa") == (
        "[Untitled web page]. (n.d.). https://archive.example.net/citevault/captures/7"
    )


def test_apa_drops_the_site_when_it_is_the_author_and_keeps_hyphenated_initials() -> None:
    group = replace(FULL, authors=["Example News"], publisher="Example News", published="2019")
    assert cite(group, "apa").startswith("Example News. (2019). Flood defences held")
    assert "Example News." not in cite(group, "apa").split("(2019)")[1]
    people = replace(FULL, authors=["Jean-Paul Roux", "Ana Ruiz", "Li Wei"], title="Why?")
    assert cite(people, "apa").startswith(
        "Roux, J.-P., Ruiz, A., & Wei, L. (2019, October 31). Why? "
    )


# --- Chicago 17 -----------------------------------------------------------------------------


def test_chicago_bibliography_entry_ends_with_the_archived_clause() -> None:
    assert cite(FULL, "chicago") == (
        "Doe, Jane Q., and Ludwig van Dijk. \u201cFlood defences held, council says.\u201d "
        "The Example Courier, October 31, 2019. "
        "https://news.example.org/2019/10/31/flood-defences, archived November 2, 2020, "
        "at citevault, https://archive.example.net/citevault/captures/42."
    )


def test_chicago_gives_an_access_date_only_to_an_undated_source() -> None:
    assert cite(replace(FULL, published=None), "chicago").count("Accessed November 2, 2020.") == 1
    assert "Accessed" not in cite(FULL, "chicago")
    assert cite(SPARSE, "chicago") == (
        "Untitled web page. Accessed November 2, 2020. https://example.com/page, "
        "archived November 2, 2020, at citevault, https://archive.example.net/citevault/captures/7."
    )


def test_chicago_turns_quotations_inside_a_title_single_and_names_the_archive() -> None:
    item = replace(FULL, title='Mayor "will not resign"', archive_name="Courier Checks")
    chicago = cite(item, "chicago")
    assert "\u201cMayor \u2018will not resign.\u2019\u201d" in chicago
    assert ", at Courier Checks, https://archive" in chicago


def test_chicago_lists_seven_of_more_than_ten_authors_then_et_al() -> None:
    authors = [f"Jane Doe{letter}" for letter in "ABCDEFGHIJK"]
    chicago = cite(replace(FULL, authors=authors), "chicago")
    assert chicago.startswith(
        "DoeA, Jane, Jane DoeB, Jane DoeC, Jane DoeD, Jane DoeE, Jane DoeF, Jane DoeG, et al. "
    )


# --- MLA 9 ----------------------------------------------------------------------------------


def test_mla_entry_has_the_archive_as_second_container() -> None:
    assert cite(FULL, "mla") == (
        "Doe, Jane Q., and Ludwig van Dijk. \u201cFlood defences held, council says.\u201d "
        "The Example Courier, 31 Oct. 2019, news.example.org/2019/10/31/flood-defences. "
        "citevault, 2 Nov. 2020, archive.example.net/citevault/captures/42."
    )


def test_mla_shortens_three_authors_to_et_al() -> None:
    item = replace(FULL, authors=["Jane Doe", "Ana Ruiz", "Li Wei"], published="2019-09")
    assert cite(item, "mla").startswith("Doe, Jane, et al. \u201cFlood")
    assert "The Example Courier, Sept. 2019, news" in cite(item, "mla")


def test_mla_of_a_sparse_source_describes_it() -> None:
    assert cite(SPARSE, "mla") == (
        "Untitled web page. example.com/page. "
        "citevault, 2 Nov. 2020, archive.example.net/citevault/captures/7."
    )


# --- Bluebook -------------------------------------------------------------------------------


def test_bluebook_brackets_the_snapshot_after_the_address() -> None:
    assert cite(FULL, "bluebook") == (
        "Jane Q. Doe & Ludwig van Dijk, Flood defences held, council says, The Example Courier "
        "(Oct. 31, 2019), https://news.example.org/2019/10/31/flood-defences "
        "[https://archive.example.net/citevault/captures/42]."
    )


def test_bluebook_dates_an_undated_source_by_the_last_visit() -> None:
    assert cite(SPARSE, "bluebook") == (
        "https://example.com/page [https://archive.example.net/citevault/captures/7] "
        "(last visited Nov. 2, 2020)."
    )
    three = replace(FULL, authors=["Jane Doe", "Ana Ruiz", "Li Wei"], published=None)
    assert cite(three, "bluebook").startswith("Jane Doe et al., Flood defences")
    assert cite(three, "bluebook").endswith("/captures/42] (last visited Nov. 2, 2020).")


def _rendered_by_citeproc(item: Citable) -> str:
    """The bibliography entry citeproc-py (the CSL processor for Python) makes of our CSL-JSON."""
    style_file = Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"
    items = json.loads(cite(item, "csl-json"))
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(str(style_file), validate=False), CiteProcJSON(items), formatter.plain
    )
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    [entry] = bibliography.bibliography()
    return str(entry)


@pytest.mark.filterwarnings("error")
def test_a_csl_processor_reads_our_csl_json_as_a_cited_web_page() -> None:
    entry = _rendered_by_citeproc(FULL)
    for part in ("Doe, J.Q.", "van Dijk, L.", "(2019)", "Flood defences held, council says"):
        assert part in entry
    assert "The Example Courier" in entry
    assert "Available at: https://news.example.org/2019/10/31/flood-defences" in entry
    assert "(Accessed: November 2, 2020)" in entry


@pytest.mark.filterwarnings("error")
def test_a_csl_processor_reads_a_sparse_source_without_inventing_fields() -> None:
    entry = _rendered_by_citeproc(SPARSE)
    assert "Available at: https://example.com/page" in entry
    assert "(Accessed: November 2, 2020)" in entry
    assert "None" not in entry
