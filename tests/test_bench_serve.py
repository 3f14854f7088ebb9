"""The serving benchmark's parts: the generated database, the percentiles and one real round."""

from __future__ import annotations

import json
import random
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bench import serve
from bench.serve_data import claim_sentence, count_rows, generate, name_pools, split_total
from claims.storage import open_database


def _schema(path: Path) -> dict[str, set[str]]:
    """Every table's columns, and every index's name, of the database at ``path``."""
    with closing(sqlite3.connect(path)) as conn:
        tables = [
            row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")
        ]
        schema = {t: {row[1] for row in conn.execute(f"pragma table_info([{t}])")} for t in tables}
        schema["indexes"] = {
            row[0] for row in conn.execute("select name from sqlite_master where type = 'index'")
        }
    return schema


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "tiny.db"
    generate(path, articles=5, claims=60, mentions=600, seed=3)
    return path


def test_the_generator_writes_exactly_the_rows_asked_for(tiny_db: Path) -> None:
    counts = count_rows(tiny_db)
    assert (counts.articles, counts.claims, counts.mentions) == (5, 60, 600)
    assert counts.sources and counts.captures and counts.claim_sources and counts.evidence
    assert counts.jobs == 5


def test_the_generated_schema_is_the_one_storage_creates(tiny_db: Path, tmp_path: Path) -> None:
    open_database(tmp_path / "real.db").conn.close()
    real, generated = _schema(tmp_path / "real.db"), _schema(tiny_db)
    for table, columns in real.items():
        assert columns <= generated[table], table
    assert {"claims_fts"} <= set(generated)


def test_full_text_search_finds_the_claims_naming_a_word(tiny_db: Path) -> None:
    with closing(sqlite3.connect(tiny_db)) as conn:
        sentence, claim_id = conn.execute("select sentence, id from claims where id = 7").fetchone()
        word = sentence.split()[0].strip(",.;")
        found = {
            row[0]
            for row in conn.execute(
                "select rowid from claims_fts where claims_fts match ?", [f'"{word}"']
            )
        }
    assert claim_id in found


def test_each_mention_is_where_its_offsets_say_in_the_sentence(tiny_db: Path) -> None:
    with closing(sqlite3.connect(tiny_db)) as conn:
        rows = conn.execute(
            "select c.sentence, m.text, m.char_start, m.char_end, c.kinds, m.kind "
            "from mentions m join claims c on c.id = m.claim_id"
        ).fetchall()
    for sentence, text, start, end, kinds, kind in rows:
        assert sentence[start:end] == text
        assert kind == "org" or kind in json.loads(kinds)


def test_a_sentence_names_exactly_the_mentions_asked_for() -> None:
    rng = random.Random(5)
    pools = name_pools(rng, 1000)
    for wanted in (1, 2, 5, 13):
        sentence, text, attribution, mentions = claim_sentence(rng, pools, wanted)
        assert len(mentions) == wanted
        assert sentence.startswith(text[:-1]) and sentence.endswith(".")


def test_split_total_keeps_the_sum_and_a_floor_of_one() -> None:
    sizes = split_total(random.Random(1), 1000, 100, spread=0.9)
    assert sum(sizes) == 1000 and len(sizes) == 100 and min(sizes) >= 1
    with pytest.raises(ValueError, match="cannot split 5 into 10"):
        split_total(random.Random(1), 5, 10, spread=0.1)


def test_the_generator_refuses_to_write_over_a_file(tiny_db: Path) -> None:
    with pytest.raises(FileExistsError, match="give the path of a new database file"):
        generate(tiny_db, articles=1, claims=1, mentions=1)


def test_percentiles_interpolate_between_ranks() -> None:
    values = [10.0, 40.0, 20.0, 30.0]
    assert serve.percentile(values, 0.5) == 25.0
    assert serve.percentile(values, 0.0) == 10.0
    assert serve.percentile(values, 1.0) == 40.0
    assert serve.percentile(list(range(1, 101)), 0.95) == pytest.approx(95.05)
    assert serve.percentile([7.0], 0.95) == 7.0
    with pytest.raises(ValueError):
        serve.percentile([], 0.5)


def test_goals_say_met_or_missed_with_the_margin() -> None:
    fast, slow = serve.Timing(10.0, 20.0, 5), serve.Timing(15.0, 400.0, 5)
    lines = serve.goals({"claim page": {"publication": slow, "datasette": fast}})
    assert lines == [
        "claim page: median within 1.3x plain: missed by 15% (1.50)",
        "claim page: p95 within 1.3x plain: missed by 1438% (20.00)",
        "claim page: p95 under 300 ms: missed by 33% (400.00)",
    ]
    assert serve.goals({"claim page": {"publication": fast, "datasette": fast}})[2] == (
        "claim page: p95 under 300 ms: met (20.00, 93% to spare)"
    )


def test_one_real_round_serves_every_page_from_both_servers(tiny_db: Path, tmp_path: Path) -> None:
    results = serve.measure(tiny_db, tmp_path, claims=60, requests=3)
    assert set(results) == set(serve.PAGES)
    for by_server in results.values():
        assert set(by_server) == {"publication", "datasette"}
        for figures in by_server.values():
            assert figures.samples == 3
            assert 0 < figures.median_ms <= figures.p95_ms
    report = serve.render(
        {
            "counts": {"articles": 5, "claims": 60, "mentions": 600},
            "db_mb": 0.1,
            "generate_s": 0.1,
            "requests": 3,
            "cpus": 2,
            "pages": {p: {s: vars(t) for s, t in b.items()} for p, b in results.items()},
        }
    )
    assert "claim page" in report and "p95 under 300 ms" in report
