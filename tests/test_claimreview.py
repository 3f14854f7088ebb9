"""`citevault export claimreview`: ClaimReview JSON-LD for reviewed claims, as Google reads it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from click.testing import CliRunner, Result

from claims.claimreview import RATING_SCALE, claim_reviews
from claims.cli import cli
from claims.review import record_review

from .conftest import DemoRun, copy_of, database

BASE = "https://checks.example.org"
PUBLISHER = "Example Fact Check"
# Properties schema.org defines for each type used (own and inherited from CreativeWork/Thing).
SCHEMA_PROPERTIES = {
    "ClaimReview": {
        "@context", "@type", "url", "claimReviewed", "itemReviewed", "author",
        "datePublished", "reviewRating", "publisher", "name", "headline", "inLanguage",
    },
    "Claim": {"@type", "author", "appearance", "firstAppearance", "datePublished", "name"},
    "CreativeWork": {"@type", "url", "headline", "datePublished", "author", "publisher", "name"},
    "Rating": {"@type", "alternateName", "ratingValue", "bestRating", "worstRating"},
    "Organization": {"@type", "name", "url"},
    "Person": {"@type", "name", "url"},
}  # fmt: skip


@pytest.fixture(scope="module")
def reviewed(demo_run: DemoRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example, with claim 3 reviewed twice, claim 2 once and the rest never."""
    folder = copy_of(demo_run.folder, tmp_path_factory.mktemp("claimreview"))
    db = database(folder)
    record_review(db, 3, "True", reviewer="ana", now=lambda: datetime(2024, 5, 1, tzinfo=UTC))
    record_review(
        db, 3, "mostly false", reviewer="bo", now=lambda: datetime(2024, 5, 2, tzinfo=UTC)
    )
    record_review(db, 2, "Misleading", reviewer="ana", now=lambda: datetime(2024, 5, 3, tzinfo=UTC))
    return folder


def export(archive: Path, *args: str, env: dict[str, str | None] | None = None) -> Result:
    command = ["--archive-dir", str(archive), "export", "claimreview", *args]
    return CliRunner().invoke(cli, command, env={"CITEVAULT_PUBLISHER": None, **(env or {})})


def reviews(archive: Path) -> list[dict[str, Any]]:
    result = export(archive, "1", "--publisher", PUBLISHER, "--base-url", BASE)
    assert result.exit_code == 0, result.output
    document: list[dict[str, Any]] = json.loads(result.stdout)
    return document


def by_claim(archive: Path) -> dict[int, dict[str, Any]]:
    return {int(review["url"].rsplit("/", 1)[1]): review for review in reviews(archive)}


def test_only_claims_an_editor_reviewed_are_exported(reviewed: Path) -> None:
    assert sorted(by_claim(reviewed)) == [2, 3]


def test_a_claims_latest_review_is_its_rating(reviewed: Path) -> None:
    review = by_claim(reviewed)[3]
    assert review["reviewRating"]["alternateName"] == "Mostly false"
    assert review["datePublished"] == "2024-05-02T00:00:00Z"


def test_googles_required_properties_are_present(reviewed: Path) -> None:
    db = database(reviewed)
    for claim_id, review in by_claim(reviewed).items():
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == db["claims"].get(claim_id)["text"]
        assert review["reviewRating"]["@type"] == "Rating"
        assert review["reviewRating"]["alternateName"]
        assert review["url"] == f"{BASE}/-/citevault/claim/{claim_id}"


def test_googles_recommended_properties_are_present(reviewed: Path) -> None:
    article = database(reviewed)["articles"].get(1)
    for review in reviews(reviewed):
        assert review["author"] == {"@type": "Organization", "name": PUBLISHER}
        datetime.fromisoformat(review["datePublished"])
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["datePublished"] == article["published"]
        assert item["author"]["@type"] in ("Person", "Organization") and item["author"]["name"]
        appearance = item["appearance"]
        assert appearance["@type"] == "CreativeWork"
        assert appearance["url"] == article["url"]
        assert appearance["headline"] == article["title"]
        assert appearance["datePublished"] == article["published"]
        assert appearance["author"] == {"@type": "Person", "name": article["author"]}


def test_every_property_is_one_schema_org_defines_for_its_type(reviewed: Path) -> None:
    def check(node: dict[str, Any]) -> None:
        assert set(node) <= SCHEMA_PROPERTIES[node["@type"]], node["@type"]
        for value in node.values():
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, dict):
                    check(child)

    for review in reviews(reviewed):
        check(review)


def test_ratings_on_the_common_scale_carry_their_value(reviewed: Path) -> None:
    rating = by_claim(reviewed)[3]["reviewRating"]
    assert rating == {
        "@type": "Rating",
        "alternateName": "Mostly false",
        "ratingValue": RATING_SCALE["Mostly false"],
        "bestRating": 5,
        "worstRating": 1,
    }


def test_ratings_off_the_scale_are_textual_only(reviewed: Path) -> None:
    assert by_claim(reviewed)[2]["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Misleading",
    }


def test_the_claimant_is_the_first_name_its_attribution_gives(reviewed: Path) -> None:
    db = database(reviewed)
    attribution = db["claims"].get(2)["attribution"]
    author = by_claim(reviewed)[2]["itemReviewed"]["author"]
    assert attribution.startswith(author["name"])
    assert author["@type"] == "Organization"


def test_a_claim_in_the_articles_own_voice_is_its_publishers(
    reviewed: Path, tmp_path: Path
) -> None:
    db = database(reviewed)
    claim = next(db.query("select id from claims where attribution is null order by id"))
    copy = sqlite_utils.Database(tmp_path / "copy.db")
    db.conn.backup(copy.conn)
    record_review(copy, int(claim["id"]), "False", reviewer="ana")
    (review,) = [
        r for r in claim_reviews(copy, 1, BASE, PUBLISHER) if r["url"].endswith(f"/{claim['id']}")
    ]
    publisher = db["articles"].get(1)["publisher"]
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": publisher}


def test_an_article_without_reviews_exports_an_empty_list(tmp_path: Path, reviewed: Path) -> None:
    db = database(reviewed)
    copy = sqlite_utils.Database(tmp_path / "copy.db")
    db.conn.backup(copy.conn)
    copy.execute("delete from reviews")
    copy.conn.commit()
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "copy.db"), "export", "claimreview", "1", "--publisher", "X"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert "no claim of article 1 has an editor's review yet" in result.stderr


def test_the_publisher_can_come_from_the_environment(reviewed: Path) -> None:
    result = export(reviewed, "1", env={"CITEVAULT_PUBLISHER": "Env Checks"})
    assert {r["author"]["name"] for r in json.loads(result.stdout)} == {"Env Checks"}


def test_output_can_go_to_a_file(reviewed: Path, tmp_path: Path) -> None:
    out = tmp_path / "reviews.json"
    result = export(reviewed, "1", "--publisher", PUBLISHER, "--base-url", BASE, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text()) == reviews(reviewed)


def test_without_a_publisher_the_export_says_how_to_name_one(reviewed: Path) -> None:
    result = export(reviewed, "1")
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "Error: name the fact-checking organisation: --publisher NAME or $CITEVAULT_PUBLISHER"
    )


def test_an_unknown_article_is_one_line(reviewed: Path) -> None:
    result = export(reviewed, "99", "--publisher", PUBLISHER)
    assert result.exit_code == 1
    assert result.output == (
        "Error: article 99 does not exist in the database "
        "(give an article id or URL from the articles table)\n"
    )
