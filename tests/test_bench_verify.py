"""The verification benchmark's parts: its seeded corpus, its generated cases and its scoring."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bench.verify import _scores, render, throughput
from bench.verify_cases import (
    cases_for,
    confusion,
    distractors,
    moved_clause,
    other_date_format,
    perturbations,
    reworded_sentence,
    status_score,
)
from bench.verify_corpus import build_corpus, fts_floor, fts_query, page_url, store_corpus

SENTENCE = (
    "Earlier this week, 34-year-old Lena Vogt was convicted of fraud by a court in Hamburg "
    "after 12 witnesses testified on March 3."
)
GOLD: dict[str, Any] = {
    "sentence": SENTENCE,
    "people": [{"text": "Lena Vogt", "value": "Lena Vogt"}],
    "ages": [{"text": "34-year-old", "value": 34, "person": "Lena Vogt"}],
    "dates": [
        {"text": "Earlier this week", "value": "2021-W10", "precision": "week"},
        {"text": "March 3", "value": "2021-03-03", "precision": "day"},
    ],
    "places": ["Hamburg"],
    "quantities": [{"text": "12 witnesses", "value": "12"}],
    "verdicts": [{"text": "convicted", "value": "convict", "negated": False}],
}
OTHERS: list[dict[str, Any]] = [
    {"sentence": "The harbour in Kiel reopened to ferries on April 9.", "places": ["Kiel"],
     "dates": [{"text": "April 9", "value": "2021-04-09", "precision": "day"}]},
    {"sentence": "Lena Vogt said she would appeal.", "people": [{"value": "Lena Vogt"}]},
    {"sentence": "Rain flooded cellars in early March.",
     "dates": [{"text": "early March", "value": "2021-03", "precision": "month"}]},
    {"sentence": "Tram fares in Bremen rose by 10 cents.", "places": ["Bremen"]},
]  # fmt: skip
GOLDS = [GOLD, *OTHERS]


def test_the_corpus_is_the_same_for_the_same_seed_and_changes_with_it() -> None:
    first, again = build_corpus(3, 4, 5, 8), build_corpus(3, 4, 5, 8)
    assert first.pages == again.pages
    assert first.claim_sentences == again.claim_sentences
    assert build_corpus(4, 4, 5, 8).pages != first.pages
    assert first.passages == 20
    assert list(first.pages) == [page_url(i) for i in range(4)]


def test_the_corpus_claims_are_half_as_written_a_quarter_changed_a_quarter_unrelated() -> None:
    corpus = build_corpus(3, 4, 5, 8)
    intents = [intent for _, _, intent in corpus.claim_sentences]
    assert intents == ["supported", "supported", "discrepancy", "not_found"] * 2
    for sentence, url, intent in corpus.claim_sentences:
        stated = any(sentence in paragraph for paragraph in corpus.pages[url])
        assert stated == (intent == "supported")


def test_the_fts_floor_queries_every_word_and_finds_the_cited_passages() -> None:
    assert fts_query("Mayor Ana Ruiz, 54, said no.") == '"mayor" OR "ana" OR "ruiz" OR "said"'
    corpus = build_corpus(3, 4, 5, 8)
    floor = fts_floor(corpus, [sentence for sentence, _, _ in corpus.claim_sentences], limit=2)
    assert floor["passages"] == 20
    assert floor["hits"] == 16


def test_a_small_corpus_is_archived_stored_and_verified_end_to_end(tmp_path: Path) -> None:
    corpus = build_corpus(3, 3, 4, 8)
    stored = store_corpus(corpus, tmp_path)
    assert list(stored.archive_dir.glob("*.warc.gz"))
    assert stored.claims == stored.db.execute("select count(*) from claims").fetchone()[0]
    assert stored.db.execute("select count(*) from captures").fetchone()[0] == 3
    stored.db.close()
    result = throughput(3, 3, 4, 8)
    assert result["passages"] == 12
    assert sum(result["first"]["statuses"].values()) == result["claims"]
    assert result["first"]["statuses"] == result["second"]["statuses"]
    assert "verify_article, second run" in render({"quality": _empty(), "throughput": result})


def test_dates_are_rewritten_in_the_other_order() -> None:
    assert other_date_format(GOLD["dates"][1]) == "3 March 2021"
    written = {"text": "3 March", "value": "2021-03-03", "precision": "day"}
    assert other_date_format(written) == "March 3, 2021"
    assert other_date_format({"text": "this month", "value": "2021-03", "precision": "month"}) == (
        "March 2021"
    )
    assert other_date_format(GOLD["dates"][0]) is None  # a relative week stays as written


def test_the_supporting_sentence_moves_a_clause_and_keeps_every_value() -> None:
    reworded, how = reworded_sentence(GOLD)
    assert reworded == (
        "34-year-old Lena Vogt was convicted of fraud by a court in Hamburg after 12 witnesses "
        "testified on 3 March 2021, earlier this week."
    )
    assert how == "date 'March 3' as '3 March 2021', clause moved"
    assert moved_clause("The mayor quit on May 2.", set()) == "On May 2, the mayor quit."
    assert moved_clause("Ana Ruiz quit on May 2.", {"Ana", "Ruiz"}) == "On May 2, Ana Ruiz quit."
    assert moved_clause("“We won,” she said.", set()) is None


def test_each_perturbation_changes_exactly_one_annotated_value() -> None:
    changes = perturbations(GOLD, ["Hamburg", "Kiel", "Bremen"])
    assert [(kind, old, new) for kind, old, new, _ in changes] == [
        ("date", "March 3", "March 10"),
        ("age", "34-year-old", "40-year-old"),
        ("quantity", "12 witnesses", "36 witnesses"),
        ("place", "Hamburg", "Kiel"),
        ("verdict", "convicted", "acquitted"),
    ]
    values = ["March 3", "34-year-old", "12 witnesses", "Hamburg", "convicted"]
    for (_, old, new, changed), value in zip(changes, values, strict=True):
        assert old == value and new in changed and old not in changed
        kept = [v for v in values if v != value]
        assert all(v in changed for v in kept)
        assert _words_differing(SENTENCE, changed) == 1


def test_counts_in_words_and_unmarked_verdicts_are_changed_too() -> None:
    gold = {
        "sentence": "The two men were granted asylum; the court was not persuaded.",
        "quantities": [{"text": "The two men", "value": "2"}],
        "verdicts": [{"text": "granted", "value": "grant"}, {"text": "persuaded"}],
    }
    changes = {kind: new for kind, _, new, _ in perturbations(gold, [])}
    assert changes == {"quantity": "The six men", "verdict": "denied"}
    negated = {"sentence": "He was detained in May.", "verdicts": [{"text": "detained"}]}
    assert perturbations(negated, [])[0][2] == "not detained"


def test_distractors_share_no_name_place_or_overlapping_date() -> None:
    # Lena Vogt is named again, and "early March" holds March 3: both are left out.
    assert distractors(GOLDS, 0) == [OTHERS[0]["sentence"], OTHERS[3]["sentence"]]


def test_every_case_is_labelled_with_what_it_tests_and_the_status_it_calls_for() -> None:
    cases = cases_for("demo", GOLDS, 0)
    assert [c.expected for c in cases] == ["supported", *["discrepancy"] * 5, "not_found"]
    assert cases[0].tests.startswith("support: date 'March 3'")
    assert [c.changed for c in cases[1:6]] == ["date", "age", "quantity", "place", "verdict"]
    assert cases[-1].text == f"{OTHERS[0]['sentence']} {OTHERS[3]['sentence']}"
    assert all(OTHERS[0]["sentence"] in c.text for c in cases)
    assert cases_for("demo", GOLDS, 0) == cases


def test_status_scores_count_right_wrongly_given_and_missed() -> None:
    results = [
        ("supported", "supported"),
        ("supported", "not_found"),
        ("discrepancy", "supported"),
        ("discrepancy", "discrepancy"),
        ("not_found", "not_found"),
    ]
    supported = status_score(results, "supported")
    assert (supported.tp, supported.fp, supported.fn) == (1, 1, 1)
    discrepancy = status_score(results, "discrepancy")
    assert (discrepancy.precision, discrepancy.recall) == (1.0, 0.5)
    assert confusion(results) == {
        "supported": {"supported": 1, "not_found": 1},
        "discrepancy": {"supported": 1, "discrepancy": 1},
        "not_found": {"not_found": 1},
    }
    scores = _scores([{"expected": e, "got": g} for e, g in results])
    assert scores["correct"] == 3 and scores["supported"]["precision"] == 0.5


def _words_differing(one: str, other: str) -> int:
    """How many runs of words differ between two sentences of the same shape."""
    a, b = re.findall(r"\S+", one), re.findall(r"\S+", other)
    return sum(x != y for x, y in zip(a, b, strict=True))


def _empty() -> dict[str, Any]:
    return {"articles": [], "overall": _scores([]), "by_test": {}, "cases": [], "skipped": []}
