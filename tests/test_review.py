"""`citevault review`: an editor's verdict recorded beside the automatic status, with its history."""

from __future__ import annotations

import getpass
import json
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner, Result

from claims.cli import cli
from claims.errors import InputError
from claims.model import Article, Claim, Evidence, Mention
from claims.publish import make_datasette
from claims.review import COMMON_RATINGS, record_review
from claims.storage import delete_claims, open_database, save_article, save_claims, save_evidence

CITEVAULT = str(Path(sys.executable).parent / "citevault")
SENTENCE = "The council approved the budget on 3 May 2021 by 7 votes to 2."
PASSAGE = "On 4 May 2021 the council approved the budget, 7 votes to 2."


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database with one article, one claim checked against one capture (a discrepancy)."""
    path = tmp_path / "citevault.db"
    db = open_database(path)
    with db.conn:
        article = Article("https://news.example/budget", "Budget", None, "2021-05-05", [SENTENCE])
        article_id = save_article(db, article, "2021-05-06T00:00:00Z")
        claim = Claim(
            1, SENTENCE, SENTENCE, ["date"], [Mention("date", "3 May 2021", "2021-05-03")]
        )
        claim_id = save_claims(db, article_id, [claim])[1]
        capture_id = db.conn.execute("insert into captures (error) values (null)").lastrowid
        details = {"conflicted": [{"kind": "date", "claim": "2021-05-03", "source": "2021-05-04"}]}
        evidence = Evidence(int(capture_id or 0), "discrepancy", PASSAGE, 0.8, details)
        save_evidence(db, claim_id, [evidence], "discrepancy")
    db.close()
    return path


def review(db_path: Path, *args: str, reviewer: str | None = "ana") -> Result:
    """Run `citevault review` in-process, with $CITEVAULT_REVIEWER set (or unset when None)."""
    return CliRunner().invoke(
        cli, ["--db", str(db_path), "review", *args], env={"CITEVAULT_REVIEWER": reviewer}
    )


def reviews_of(db_path: Path, claim_id: int = 1) -> list[dict]:
    db = sqlite_utils.Database(db_path)
    return list(db.query("select * from reviews where claim_id = ? order by id", [claim_id]))


def test_a_review_records_rating_note_reviewer_time_and_the_automatic_status(db_path: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    result = review(db_path, "1", "--rating", "False", "--note", "The minutes say 4 May.")
    assert result.exit_code == 0, result.output
    [row] = reviews_of(db_path)
    assert (row["claim_id"], row["rating"], row["note"]) == (1, "False", "The minutes say 4 May.")
    assert row["reviewer"] == "ana"
    assert row["automatic_status"] == "discrepancy"
    assert row["sentence"] == SENTENCE
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["reviewed_at"])
    assert before <= datetime.fromisoformat(row["reviewed_at"]) <= datetime.now(UTC)


def test_the_output_shows_the_sentence_the_automatic_status_and_the_review(db_path: Path) -> None:
    result = review(db_path, "1", "--rating", "Mostly false", "--note", "Off by a day.")
    lines = result.output.splitlines()
    assert lines[0] == f"claim 1: {SENTENCE}"
    fields = dict(re.split(r"\s{2,}", line, maxsplit=1) for line in lines[1:])
    assert fields["automatic status"] == "discrepancy"
    assert fields["rating"] == "Mostly false"
    assert fields["note"] == "Off by a day."
    assert fields["reviewer"] == "ana"


def test_every_review_is_kept_and_the_latest_is_the_current_one(db_path: Path) -> None:
    review(db_path, "1", "--rating", "Unproven", reviewer="ana")
    result = review(db_path, "1", "--rating", "False", reviewer="ben")
    assert "earlier reviews   1" in result.output
    assert [(r["rating"], r["reviewer"]) for r in reviews_of(db_path)] == [
        ("Unproven", "ana"),
        ("False", "ben"),
    ]
    db = sqlite_utils.Database(db_path)
    [current] = list(db.query("select * from claim_reviews_latest"))
    assert (current["claim_id"], current["rating"], current["reviewer"]) == (1, "False", "ben")
    assert current["sentence"] == SENTENCE
    assert current["current_status"] == "discrepancy"


def test_the_evidence_and_the_claims_status_are_never_touched(db_path: Path) -> None:
    db = sqlite_utils.Database(db_path)
    evidence_before = list(db.query("select * from evidence"))
    claims_before = list(db.query("select * from claims"))
    review(db_path, "1", "--rating", "True")
    review(db_path, "1", "--rating", "Half true")
    assert list(db.query("select * from evidence")) == evidence_before
    assert list(db.query("select * from claims")) == claims_before


def test_reviewer_option_wins_over_the_environment(db_path: Path) -> None:
    review(db_path, "1", "--rating", "True", "--reviewer", "chief editor", reviewer="ana")
    assert reviews_of(db_path)[0]["reviewer"] == "chief editor"


def test_without_a_named_reviewer_the_user_name_is_recorded(db_path: Path) -> None:
    review(db_path, "1", "--rating", "True", reviewer=None)
    assert reviews_of(db_path)[0]["reviewer"] == getpass.getuser()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("mostly FALSE", "Mostly false"),
        ("  half   true ", "Half true"),
        ("Four Pinocchios", "Four Pinocchios"),
    ],
)
def test_common_ratings_get_their_usual_spelling_and_others_are_kept(
    db_path: Path, typed: str, stored: str
) -> None:
    review(db_path, "1", "--rating", typed)
    assert reviews_of(db_path)[0]["rating"] == stored


def test_help_offers_the_common_ratings() -> None:
    result = CliRunner().invoke(cli, ["review", "--help"], terminal_width=1000)
    assert all(rating in result.output for rating in COMMON_RATINGS)
    assert "Example:" in result.output


def test_json_prints_the_claim_the_review_and_the_history(db_path: Path) -> None:
    review(db_path, "1", "--rating", "Unproven")
    result = review(db_path, "1", "--rating", "False", "--note", "Minutes.", "--json")
    payload = json.loads(result.output)
    assert payload["claim"] == {
        "id": 1,
        "article_id": 1,
        "sentence": SENTENCE,
        "status": "discrepancy",
    }
    assert payload["review"]["rating"] == "False" and payload["review"]["note"] == "Minutes."
    assert [r["rating"] for r in payload["history"]] == ["Unproven", "False"]


def test_the_clock_is_injectable_and_stored_in_utc(db_path: Path) -> None:
    db = open_database(db_path)
    plus_two = timezone(timedelta(hours=2))
    reviewed = record_review(
        db, 1, "False", reviewer="ana", now=lambda: datetime(2021, 5, 7, 12, 0, tzinfo=plus_two)
    )
    assert reviewed.latest is not None
    assert reviewed.latest.reviewed_at == "2021-05-07T10:00:00Z"


def all_reviews(db_path: Path) -> list[dict]:
    return list(sqlite_utils.Database(db_path).query("select * from reviews order by id"))


def test_reviews_outlive_the_claims_they_judged(db_path: Path) -> None:
    # Reading an article again replaces its claims; an editor's work must not vanish with them.
    review(db_path, "1", "--rating", "False")
    db = open_database(db_path)
    with db.conn:
        delete_claims(db, 1)
    [row] = all_reviews(db_path)
    assert (row["rating"], row["sentence"], row["claim_id"]) == ("False", SENTENCE, None)


def test_a_review_follows_its_claim_when_the_article_is_read_again(db_path: Path) -> None:
    review(db_path, "1", "--rating", "False")
    other = "The mayor resigned on 9 May 2021."
    db = open_database(db_path)
    with db.conn:
        delete_claims(db, 1)
        # The claim ids come back in another order: the review must follow its sentence.
        ids = save_claims(
            db, 1, [Claim(1, other, other, ["date"]), Claim(2, SENTENCE, SENTENCE, ["date"])]
        )
    [row] = all_reviews(db_path)
    assert row["claim_id"] == ids[2] != ids[1]


def test_a_review_never_lands_on_a_claim_with_other_wording(db_path: Path) -> None:
    review(db_path, "1", "--rating", "False")
    other = "The mayor resigned on 9 May 2021."
    db = open_database(db_path)
    with db.conn:
        delete_claims(db, 1)
        save_claims(db, 1, [Claim(1, other, other, ["date"])])
    [row] = all_reviews(db_path)
    assert row["claim_id"] is None


async def test_reviews_and_the_current_verdicts_are_published(db_path: Path) -> None:
    review(db_path, "1", "--rating", "False")
    datasette = make_datasette(db_path, db_path.parent)
    for path, title in (
        ("/citevault/reviews", "Reviews"),
        ("/citevault/claim_reviews_latest", "Current reviews (view)"),
    ):
        response = await datasette.client.get(path)
        assert response.status_code == 200, path
        assert f"<h1>{title}</h1>" in response.text
    rows = (await datasette.client.get("/citevault/claim_reviews_latest.json?_shape=array")).json()
    assert [row["rating"] for row in rows] == ["False"]


# Errors: one line, a non-zero exit, nothing written.


def run_installed(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CITEVAULT, *args], capture_output=True, text=True, timeout=60)


def assert_one_line_error(result: subprocess.CompletedProcess[str], expected: str) -> None:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 1 and lines == [f"Error: {expected}"], result.stderr


def test_an_unknown_claim_is_a_one_line_error(db_path: Path) -> None:
    result = run_installed("--db", str(db_path), "review", "99", "--rating", "False")
    assert_one_line_error(
        result,
        "claim 99 does not exist in the database "
        "(claim ids are in the claims table: 'citevault serve' shows them)",
    )
    assert reviews_of(db_path, 99) == []


def test_an_empty_rating_is_a_one_line_error(db_path: Path) -> None:
    result = run_installed("--db", str(db_path), "review", "1", "--rating", "  ")
    assert_one_line_error(result, "a rating cannot be empty (for example --rating 'Mostly false')")
    assert reviews_of(db_path) == []


def test_a_missing_database_is_a_one_line_error_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    result = run_installed("--db", str(missing), "review", "1", "--rating", "False")
    assert_one_line_error(
        result, f"database not found: {missing} (run 'citevault run SOURCE' first)"
    )
    assert not missing.exists()


def test_an_oversized_claim_id_is_refused_before_the_database_is_read(db_path: Path) -> None:
    result = review(db_path, "99999999999999999999", "--rating", "False")
    assert result.exit_code == 2
    assert "99999999999999999999 is not in the range" in result.output
    assert "Traceback" not in result.output
    assert all_reviews(db_path) == []


def test_record_review_refuses_an_id_sqlite_cannot_hold(db_path: Path) -> None:
    db = sqlite_utils.Database(db_path)
    with pytest.raises(InputError, match=r"^claim 99999999999999999999 does not exist"):
        record_review(db, 99999999999999999999, "False", None, "ana")
    assert all_reviews(db_path) == []


def test_a_file_that_is_no_sqlite_database_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 20)
    result = run_installed("--db", str(path), "review", "1", "--rating", "False")
    assert_one_line_error(result, f"{path} is not a citevault database (file is not a database)")
    assert path.read_text() == "these are my notes, not a database\n" * 20


def test_another_programs_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    sqlite_utils.Database(path)["songs"].insert({"title": "Blue"})
    result = run_installed("--db", str(path), "review", "1", "--rating", "False")
    assert_one_line_error(result, f"{path} is not a citevault database (it has no articles table)")
    assert sqlite_utils.Database(path).table_names() == ["songs"]
