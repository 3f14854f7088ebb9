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
