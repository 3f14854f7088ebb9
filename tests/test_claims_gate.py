"""The claims benchmark: how it scores extraction against gold, and the quality floors it guards.

The scoring tests build gold and extracted claims by hand. The gate runs the real pipeline on
every gold file in bench/gold/ and fails when a figure falls under its floor; raise a floor when
the extractor improves.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import claims as bench
from bench.claims_scoring import (
    ClaimView,
    Score,
    claim_view,
    gold_claim,
    macro_average,
    match_claims,
    normalize_link,
    same_attribution,
    score_article,
)
from claims.model import Claim, Mention

from .conftest import shared_dir

# Macro-average F1 floors over the gold files: about 0.02 under the figures measured on
# 2026-11-29 over twelve articles (claims 0.917, people 0.933, dates 0.951, links 0.994, ages
# 1.0, verdicts 0.714, attributions 0.869, places 0.825, quantities 0.766, kinds 0.936). Eight of
# them were annotated after the extractor was written. The guardian and cnn articles were first
# scored unseen, then tuned on, so their figures are no longer unseen ones; the wapo-us-israel
# and nytimes-debt-interest pair is the held-out one, scored but never tuned on. A floor guards
# what the extractor does on any article, not a score on these twelve. Extraction is
# deterministic, so only a change to the extractor or the gold moves them: raise them as the
# extractor improves.
F1_FLOORS = {
    "claims": 0.895,
    "people": 0.91,
    "dates": 0.93,
    "links": 0.97,
    "ages": 0.98,
    "verdicts": 0.69,
    "attributions": 0.85,
    "places": 0.805,
    "quantities": 0.745,
    "kinds": 0.915,
}

SENTENCE = (
    "Citing the duo’s lawyer, RFE/RL reported that the men were granted status on October 29."
)


def _claim(sentence: str, text: str | None = None, **fields: Any) -> ClaimView:
    return ClaimView(sentence=sentence, text=text or sentence, **fields)


def _seed_gold(tmp_path: Path, **extra: Any) -> Path:
    """A gold file for the bundled seed article, holding two of its claims."""
    gold = {
        "article": "seed",
        "source": "seed/000_a4ef5457474aff32.txt",
        "published": "2019-10-31",
        "citation_links": [
            "https://www.rferl.org/a/two-ethnic-kazakhs-from-china-granted-asylum-seeker-status/30244911.html",
            "https://example.org/not-in-the-article",
        ],
        "claims": [
            {
                "sentence": "Sauytbay was arrested in May 2018, after crossing into Kazakhstan illegally.",
                "text": "Sauytbay was arrested in May 2018, after crossing into Kazakhstan illegally.",
                "kinds": ["person", "verdict", "date", "place"],
                "people": [{"text": "Sauytbay", "value": "Sayragul Sauytbay"}],
                "dates": [{"text": "May 2018", "value": "2018-05", "precision": "month"}],
                "places": ["Kazakhstan"],
                "verdicts": [{"text": "arrested", "value": "arrest", "negated": False}],
                "attribution": None,
            },
            {
                "sentence": "A sentence the article does not hold.",
                "text": "A sentence the article does not hold.",
                "kinds": ["date"],
                "dates": [{"text": "today", "value": "2019-10-31", "precision": "day"}],
                "attribution": None,
            },
        ],
        **extra,
    }
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(gold), "utf-8")
    return path


# --- matching claims --------------------------------------------------------------------------


def test_a_claim_matches_its_gold_sentence_whatever_its_quotes_and_spaces() -> None:
    gold = [_claim(SENTENCE.replace("’", "'"))]
    found = [_claim(SENTENCE.replace(" ", "  ")), _claim("Another sentence entirely.")]

    assert match_claims(gold, found) == [(0, 0)]


def test_claims_cut_from_one_sentence_pair_by_their_words() -> None:
    sentence = "The court convicted him on May 2 and the agency deported him on June 9."
    first, second = "The court convicted him on May 2", "the agency deported him on June 9."
    gold = [_claim(sentence, first), _claim(sentence, second)]
    found = [_claim(sentence, second), _claim(sentence, "him on")]

    # The second found claim shares too few words with either gold claim to stand for one.
    assert match_claims(gold, found) == [(1, 0)]


def test_a_sentence_with_one_gold_claim_takes_its_closest_found_claim_only() -> None:
    sentence = "The court convicted him on May 2 and the agency deported him on June 9."
    gold = [_claim(sentence)]
    found = [_claim(sentence, "the agency deported him on June 9."), _claim(sentence)]

    score = score_article(gold, found, [], [])

    assert match_claims(gold, found) == [(0, 1)]
    assert (score.scores["claims"].tp, score.scores["claims"].fp) == (1, 1)


# --- what is compared ---------------------------------------------------------------------------


def test_links_are_one_resource_whatever_their_scheme_www_slash_fragment_or_utm_tags() -> None:
    assert normalize_link("https://www.Example.com/a/b/?utm_source=x&id=3#top") == normalize_link(
        "http://example.com/a/b?id=3"
    )
    assert normalize_link("http://example.com/a?id=3") != normalize_link(
        "http://example.com/a?id=4"
    )
    assert normalize_link("http://example.com:8080/a") != normalize_link("http://example.com/a")


def test_attributions_agree_on_a_shared_name_or_on_naming_no_one() -> None:
    assert same_attribution("as Jane Doe reported for Newsweek", "Newsweek reported")
    assert same_attribution("police said", "Police said")
    assert same_attribution(None, None)
    assert not same_attribution("Jane Doe said", "he said")
    assert not same_attribution("the ministry said", None)
    assert not same_attribution(None, "reportedly")


def test_an_extracted_negated_verdict_equals_a_gold_verdict_marked_negated() -> None:
    gold = gold_claim(
        {
            "sentence": "x",
            "verdicts": [{"text": "not deported", "value": "deport", "negated": True}],
        }
    )
    found = claim_view(
        Claim(1, "x", "x", ["verdict"], [Mention("verdict", "deported", "not deport")])
    )

    assert gold.verdicts == found.verdicts == [("deport", True)]


def test_an_extracted_age_belongs_to_the_person_nearest_it() -> None:
    sentence = "Jane Roe, 41, met 25-year-old John Smith."
    mentions = [
        Mention("person", "Jane Roe", "Jane Roe", start=0, end=8),
        Mention("age", "41", 41, start=10, end=12),
        Mention("age", "25-year-old", 25, start=18, end=29),
        Mention("person", "John Smith", "John Smith", start=30, end=40),
    ]

    view = claim_view(Claim(1, sentence, sentence, ["age", "person"], mentions))

    assert view.ages == [(41, "roe"), (25, "smith")]
    assert gold_claim(
        {"sentence": sentence, "ages": [{"value": 25, "person": "John Smith Jr."}]}
    ).ages == [(25, "smith")]


def test_dates_are_counted_over_matched_claims_as_a_multiset() -> None:
    may = ("2018-05", "month")
    gold = [_claim("One.", dates=[may, may]), _claim("Two.", dates=[may])]
    found = [_claim("One.", dates=[may, ("2018", "year")]), _claim("Three.", dates=[may])]

    dates = score_article(gold, found, [], []).scores["dates"]

    # Claim "Two." was missed and "Three." is spurious: the claims figure counts them, not dates.
    assert (dates.tp, dates.fp, dates.fn) == (1, 1, 1)


def test_a_quantity_agrees_with_the_gold_whatever_its_unit_sign() -> None:
    # The gold gives numbers and bounds only; the extractor keeps "$" and "%" beside them.
    gold = gold_claim(
        {"sentence": "s", "quantities": [{"value": "390000000000"}, {"value": "~50"}]}
    )
    found = claim_view(
        Claim(
            1,
            "s",
            "s",
            ["quantity"],
            [Mention("quantity", "a", "$390000000000"), Mention("quantity", "b", "~50%")],
        )
    )

    quantities = score_article([gold], [found], [], []).scores["quantities"]

    assert (quantities.tp, quantities.fp, quantities.fn) == (2, 0, 0)


def test_people_count_once_per_article_whatever_their_case() -> None:
    gold = [_claim("One.", people=["jane roe"]), _claim("Two.", people=["jane roe", "john smith"])]
    found = [_claim("Three.", people=["jane roe", "ann lee"])]

    people = score_article(gold, found, [], []).scores["people"]

    assert (people.tp, people.fp, people.fn) == (1, 1, 1)
    assert gold_claim({"sentence": "s", "people": [{"value": "Jane ROE"}]}).people == ["jane roe"]


def test_a_figure_is_undefined_where_neither_side_holds_anything_and_left_out_of_averages() -> None:
    nothing, everything, half = Score(), Score(tp=2), Score(tp=1, fn=1)

    assert (nothing.precision, nothing.recall, nothing.f1) == (None, None, None)
    assert Score(fn=3).f1 == 0.0 and Score(fn=3).precision is None
    a = score_article([_claim("One.", people=["a"])], [_claim("One.", people=["a"])], [], [])
    b = score_article([_claim("One.")], [], [], [])
    macro = macro_average([a, b])
    assert macro["people"]["f1"] == 1.0 and macro["people"]["articles"] == 1
    assert macro["claims"]["f1"] == 0.5
    assert everything.f1 == 1.0 and half.f1 == pytest.approx(2 / 3)


# --- the script -------------------------------------------------------------------------------


def test_the_benchmark_scores_the_seed_from_a_gold_file(tmp_path: Path, capsys) -> None:
    _seed_gold(tmp_path)

    assert bench.main(["--gold", str(tmp_path), "--no-speed", "--json"]) == 0

    report = json.loads(capsys.readouterr().out)
    [article] = report["articles"]
    scores = article["scores"]
    assert article["name"] == "seed" and article["error"] is None
    assert (scores["claims"]["gold"], scores["claims"]["right"]) == (2, 1)
    assert scores["claims"]["found"] > 10
    assert scores["dates"] == {
        "gold": 1,
        "found": 1,
        "right": 1,
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }
    assert (scores["verdicts"]["right"], scores["links"]["right"], scores["links"]["gold"]) == (
        1,
        1,
        2,
    )
    assert report["macro"]["claims"]["f1"] == scores["claims"]["f1"]
    assert article["differences"]["claims"]["missed"] == ["A sentence the article does not hold."]
    assert article["differences"]["links"]["missed"] == ["example.org/not-in-the-article"]


def test_the_text_report_flags_figures_under_their_goal_and_lists_misses(
    tmp_path: Path, capsys
) -> None:
    _seed_gold(tmp_path)

    bench.main(["--gold", str(tmp_path), "--no-speed", "--misses"])

    lines = capsys.readouterr().out.splitlines()
    claims_line = next(line for line in lines if line.strip().startswith("claims"))
    dates_line = next(line for line in lines if line.strip().startswith("dates"))
    assert claims_line.endswith("below goal 0.90")
    assert "below goal" not in dates_line
    assert "  claims - A sentence the article does not hold." in lines


def test_article_picks_one_gold_file_and_a_missing_page_or_broken_gold_is_reported_not_fatal(
    tmp_path: Path, capsys
) -> None:
    _seed_gold(tmp_path)
    (tmp_path / "other.json").write_text(
        json.dumps({"source": "shared/data/articles/absent/source.html", "claims": []}), "utf-8"
    )
    (tmp_path / "half.json").write_text('{"article": "half", "claims": [', "utf-8")

    assert [p.name for p in bench.gold_files(tmp_path, "other")] == ["other.json"]
    assert bench.main(["--gold", str(tmp_path), "--no-speed", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [a["name"] for a in report["articles"]] == ["seed"]
    assert report["skipped"][0].startswith("half: not valid gold (")
    assert report["skipped"][1].startswith("other: page not found:")


def test_strict_leaves_out_claims_that_are_only_reported_speech(tmp_path: Path) -> None:
    path = _seed_gold(tmp_path)
    gold = json.loads(path.read_text("utf-8"))
    speech = "Nur-Sultan, officially, says there are no ethnic Kazakhs in China’s camps."
    gold["claims"].append(
        {"sentence": speech, "text": speech, "kinds": ["attribution"], "attribution": "Nur-Sultan"}
    )
    path.write_text(json.dumps(gold), "utf-8")

    everything = bench.quality([path], tmp_path)["articles"][0]["scores"]["claims"]
    strict = bench.quality([path], tmp_path, strict=True)["articles"][0]["scores"]["claims"]

    assert (everything["gold"], strict["gold"]) == (3, 2)
    assert (everything["right"], strict["right"]) == (2, 1)


def test_without_trafilatura_it_says_how_to_install_it_and_still_reports_quality(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    _seed_gold(tmp_path)
    monkeypatch.setitem(sys.modules, "trafilatura", None)

    assert bench.main(["--gold", str(tmp_path)]) == 0

    out = capsys.readouterr().out
    assert "trafilatura not installed: pip install trafilatura lxml_html_clean" in out
    assert "Macro average over 1 article(s)" in out


def test_throughput_times_citevault_and_trafilatura_on_the_same_pages() -> None:
    trafilatura = pytest.importorskip("trafilatura")
    pages = [bench.seed_page()]

    speed = bench.measure_throughput(pages, trafilatura, min_seconds=0.0, min_rounds=2)

    assert speed["pages"] == 1
    assert 0 < speed["citevault"]["read_share"] < 1
    for tool in ("citevault", "trafilatura"):
        assert speed[tool]["rounds"] == 2 and speed[tool]["words"] > 300
        assert speed[tool]["articles_per_s"] == pytest.approx(1 / speed[tool]["seconds"])
    assert speed["time_ratio"] == pytest.approx(
        speed["citevault"]["seconds"] / speed["trafilatura"]["seconds"]
    )


# --- the gate ----------------------------------------------------------------------------------


def _gold_paths() -> list[Path]:
    paths = bench.gold_files(bench.GOLD_DIR)
    if not paths:
        pytest.skip(f"no gold files in {bench.GOLD_DIR}")
    if not (shared_dir() / "data" / "articles").is_dir():
        pytest.skip(f"shared test data not found at {shared_dir()}")
    return paths


def test_every_gold_file_is_scored() -> None:
    paths = _gold_paths()

    report = bench.quality(paths, shared_dir())

    assert report["skipped"] == []
    assert [a["name"] for a in report["articles"]] == [p.stem for p in paths]
    assert all(a["error"] is None and a["scores"]["claims"]["gold"] > 0 for a in report["articles"])


def test_extraction_quality_stays_above_its_floors() -> None:
    report = bench.quality(_gold_paths(), shared_dir())

    measured = {kind: report["macro"][kind]["f1"] or 0.0 for kind in F1_FLOORS}

    assert {k: v for k, v in measured.items() if v < F1_FLOORS[k]} == {}
