"""The extraction benchmark's scoring: token overlap, snippets, metadata agreement, averages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import extraction
from bench.extraction import (
    Extraction,
    SnippetScore,
    TextScore,
    html_text,
    link_key,
    link_labels,
    link_score,
    macro_averages,
    mean,
    metadata_agreement,
    page_group,
    same_authors,
    same_day,
    same_text,
    score_page,
    snippet_score,
    text_score,
    tokens,
)
from claims.model import Link

PARAGRAPHS = [
    "The council voted on Tuesday to close the old bridge to heavy lorries for good.",
    "Engineers had warned in March that the deck could not carry more than ten tonnes.",
    "Residents said the detour adds twenty minutes to the morning school run.",
]
PAGE = (
    "<html><head><title>Bridge closed to lorries</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Bridge closed</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</article><footer>Copyright the paper</footer></body></html>"
)


def test_tokens_are_lower_cased_words_counted_with_repeats() -> None:
    assert tokens("The cat, the HAT!") == {"the": 2, "cat": 1, "hat": 1}


def test_tokens_can_be_runs_of_words() -> None:
    assert tokens("a b c a b", shingle=2) == {"a b": 2, "b c": 1, "c a": 1}


def test_text_score_counts_each_repeated_word_only_as_often_as_expected() -> None:
    score = text_score("the cat sat", "the the cat")
    # "the" is found twice but expected once, so one of the three found words is extra.
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 / 3)


def test_text_score_separates_boilerplate_from_missing_text() -> None:
    score = text_score("one two three four", "one two three four menu login")
    assert score.precision == pytest.approx(4 / 6)
    assert score.recall == 1.0
    assert text_score("one two three four", "one two").recall == 0.5


def test_text_score_gives_no_credit_for_finding_nothing() -> None:
    assert text_score("some words", "") == TextScore(0.0, 0.0, 0.0)
    assert text_score("", "") == TextScore(1.0, 1.0, 1.0)


def test_snippet_score_ignores_differences_of_whitespace() -> None:
    text = "He said\nit was  late.\n\nSubscribe now"
    score = snippet_score(text, ["said it was late.", "not there"], ["Subscribe now", "Log in"])
    assert score == SnippetScore(found=0.5, included=0.5)


def test_snippet_score_is_none_for_an_empty_list() -> None:
    assert snippet_score("anything", [], []) == SnippetScore(None, None)


def test_html_text_keeps_words_of_adjacent_blocks_apart_and_drops_scripts() -> None:
    html = "<div><p>First</p><p>second <b>bold</b>er</p><script>var x;</script><li>item</li></div>"
    text = html_text(html)
    assert tokens(text) == {"first": 1, "second": 1, "bolder": 1, "item": 1}


def test_same_text_normalizes_whitespace_but_nothing_else() -> None:
    assert same_text("A  headline\n here", " A headline here ")
    assert not same_text("A headline", "a headline")
    assert not same_text("A headline", None)


def test_same_day_compares_dates_by_calendar_day() -> None:
    assert same_day("2019-01-03T07:00:02.000Z", "2019-01-03")
    assert same_day("2013-11-27T00:00:00", "2013-11-27T08:36:32Z")
    assert not same_day("2019-01-03", "2019-01-04T00:00")
    assert not same_day("2019-01-03", None)
    assert not same_day("2019-01-03", "January 3, 2019")


def test_same_authors_matches_a_byline_as_a_whole() -> None:
    assert same_authors("Jane  Doe", "Jane Doe")
    assert not same_authors("Jane Doe", "By Jane Doe")


def test_same_authors_matches_a_list_of_names_in_any_order() -> None:
    names = ["Ann Lee", "Bo Chen", "Cy Diaz"]
    assert same_authors(names, "Cy Diaz; Ann Lee; Bo Chen")
    assert same_authors(names, "Ann Lee, Bo Chen and Cy Diaz")
    assert same_authors(names, "Ann Lee, Bo Chen, & Cy Diaz")
    assert not same_authors(names, "Ann Lee, Bo Chen")
    assert not same_authors(names, "Ann Lee, Bo Chen, Cy Diaz, The Paper")


def test_page_group_is_the_name_prefix_of_a_known_corpus() -> None:
    assert page_group("readability-some-page") == "readability"
    assert page_group("aeb-x") == "aeb"
    assert page_group("other-page") is None


def test_metadata_agreement_reads_each_corpus_own_field_names() -> None:
    found = Extraction("", title="A title", author="Ann Lee", published="2020-05-01T10:00")
    readability = {"title": "A title", "byline": "Ann Lee", "publishedTime": "2020-05-02"}
    assert metadata_agreement("readability", readability, found) == {
        "title": True,
        "author": True,
        "published": False,
    }
    newspaper = {"title": "Other", "authors": ["Ann Lee"], "publish_date": None}
    assert metadata_agreement("newspaper4k", newspaper, found) == {
        "title": False,
        "author": True,
        "published": None,
    }


def test_score_page_uses_the_ground_truth_of_the_page_corpus(tmp_path: Path) -> None:
    (tmp_path / "expected.html").write_text("<div><p>alpha beta</p><p>gamma</p></div>")
    (tmp_path / "expected-metadata.json").write_text(json.dumps({"title": "T"}))
    scores = score_page(tmp_path, "readability", Extraction("alpha beta gamma delta", title="T"))
    assert scores["text"] == {"precision": 0.75, "recall": 1.0, "f1": pytest.approx(6 / 7)}
    assert scores["metadata"] == {"title": True, "author": None, "published": None}

    (tmp_path / "expected.json").write_text(json.dumps({"with": ["beta"], "without": ["menu"]}))
    snippets = score_page(tmp_path, "trafilatura", Extraction("alpha beta menu"))["snippets"]
    assert snippets == {"found": 1.0, "included": 1.0}


def test_mean_leaves_out_missing_figures_and_counts_booleans() -> None:
    assert mean([True, False, None, True]) == pytest.approx(2 / 3)
    assert mean([None, None]) is None


def test_macro_averages_are_per_corpus_means_of_page_figures() -> None:
    def page(group: str, f1: float, title: bool | None) -> dict[str, object]:
        text = {"precision": f1, "recall": f1, "f1": f1}
        scores = {"text": text, "metadata": {"title": title, "author": None, "published": None}}
        return {"name": "p", "group": group, "scores": {"citevault": scores}}

    pages = [
        page("readability", 1.0, True),
        page("readability", 0.5, None),
        page("aeb", 0.2, False),
    ]
    macro = macro_averages(pages, "citevault")
    assert macro["readability"]["pages"] == 2
    assert macro["readability"]["text"]["f1"] == 0.75
    assert macro["readability"]["metadata"] == {"title": 1.0, "author": None, "published": None}
    assert macro["aeb"]["text"]["f1"] == 0.2


def test_benchmark_reads_a_shared_folder_and_scores_its_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data" / "articles" / "aeb-invented-bridge"
    folder.mkdir(parents=True)
    (folder / "source.html").write_text(PAGE)
    (folder / "meta.json").write_text(json.dumps({"url": "https://news.invalid/bridge"}))
    (folder / "expected.txt").write_text("\n".join(PARAGRAPHS) + "\n")
    (tmp_path / "data" / "articles" / "notes").mkdir()

    assert extraction.main(["--json", "--shared", str(tmp_path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["tools"][0] == "citevault"
    assert [page["name"] for page in report["pages"]] == ["aeb-invented-bridge"]
    citevault = report["pages"][0]["scores"]["citevault"]
    assert citevault["error"] is None
    assert citevault["text"]["recall"] == 1.0
    assert report["macro"]["citevault"]["aeb"]["text"]["f1"] == citevault["text"]["f1"]

    assert extraction.main(["--shared", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "| aeb-invented-bridge |" in text
    assert "| aeb (1) | text precision |" in text
    assert "|  | text f1 |" in text


LINK_DETAILS = [
    {"url": "https://agency.example/report", "href": "/go/report", "label": "citation"},
    {"url": "https://agency.example/data", "label": "citation"},
    {"url": "https://paper.example/authors/ann", "label": "author"},
]


def _write_links(folder: Path) -> None:
    (folder / "links.json").write_text(json.dumps({"in_body_link_details": LINK_DETAILS}))


def test_link_key_ignores_scheme_www_fragment_and_final_slash() -> None:
    assert link_key("https://www.paper.example/a/#top") == link_key("http://paper.example/a")
    assert link_key("https://paper.example/a") != link_key("https://paper.example/b")


def test_link_labels_read_the_citations_and_every_spelling_of_a_link(tmp_path: Path) -> None:
    assert link_labels(tmp_path) is None
    _write_links(tmp_path)
    labels = link_labels(tmp_path)
    assert labels is not None
    assert labels.citations == {"http://agency.example/report", "http://agency.example/data"}
    assert labels.labels["http://paper.example/authors/ann"] == "author"
    assert labels.aliases["/go/report"] == "http://agency.example/report"


def test_link_score_names_the_wrong_links_by_label_and_the_missed_ones(tmp_path: Path) -> None:
    _write_links(tmp_path)
    labels = link_labels(tmp_path)
    assert labels is not None
    found = [
        Link("https://agency.example/report/", "the report", "As the report says."),
        Link("https://paper.example/authors/ann", "Ann", "By Ann."),
    ]
    score = link_score(labels, found)
    assert (score["found"], score["gold"], score["right"]) == (2, 2, 1)
    assert score["precision"] == 0.5 and score["recall"] == 0.5 and score["f1"] == 0.5
    assert score["wrong"] == [
        {"url": "https://paper.example/authors/ann", "anchor": "Ann", "label": "author"}
    ]
    assert score["missed"] == ["http://agency.example/data"]


def test_link_score_has_no_figure_where_there_is_nothing_to_measure(tmp_path: Path) -> None:
    (tmp_path / "links.json").write_text(json.dumps({"in_body_link_details": []}))
    labels = link_labels(tmp_path)
    assert labels is not None
    score = link_score(labels, [])
    assert (score["precision"], score["recall"], score["f1"]) == (None, None, None)
    stray = link_score(labels, [Link("https://x.example/", "x", "x")])
    assert (stray["precision"], stray["recall"], stray["f1"]) == (0.0, None, 0.0)


def test_benchmark_scores_citation_links_of_labelled_readability_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data" / "articles" / "readability-invented-bridge"
    folder.mkdir(parents=True)
    cited = PARAGRAPHS[1].replace("warned", "<a href='https://agency.example/report'>warned</a>")
    page = PAGE.replace(PARAGRAPHS[1], cited).replace(
        PARAGRAPHS[2], PARAGRAPHS[2] + " <a href='https://paper.example/authors/ann'>Ann</a>"
    )
    (folder / "source.html").write_text(page)
    (folder / "meta.json").write_text(json.dumps({"url": "https://paper.example/2021/bridge"}))
    (folder / "expected.html").write_text("".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    _write_links(folder)

    assert extraction.main(["--json", "--shared", str(tmp_path)]) == 0
    links = json.loads(capsys.readouterr().out)["links"]
    assert [(p["name"], p["found"], p["right"]) for p in links["pages"]] == [
        ("readability-invented-bridge", 1, 1)
    ]
    assert links["micro"]["precision"] == 1.0 and links["micro"]["recall"] == 0.5

    assert extraction.main(["--shared", str(tmp_path), "--misses"]) == 0
    text = capsys.readouterr().out
    assert "| readability-invented-bridge | 1 | 2 | 1 | 1.000 | 0.500 | 0.667 |" in text
    assert "| micro (all links) | 1 | 2 | 1 |" in text
    assert "  - http://agency.example/data" in text
