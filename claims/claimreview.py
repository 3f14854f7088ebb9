"""schema.org ClaimReview JSON-LD for the claims an editor reviewed, as fact-checkers publish it.

Only a claim with a review is exported: a verdict is the fact-checker's call, so the automatic
status is never published as a rating. Each object follows Google's ClaimReview guidelines:
``claimReviewed``, ``reviewRating`` with a textual ``alternateName`` and ``url`` (required);
``author``, ``datePublished`` and ``itemReviewed`` as a Claim with ``appearance``, ``author`` and
``datePublished`` (recommended).
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from archiver.urls import host_of

from .citeformats import parse_byline
from .citing import claim_url
from .errors import InputError
from .storage import row_or_fail

__all__ = ["RATING_SCALE", "claim_reviews"]

SCHEMA_CONTEXT = "https://schema.org"
# The truth-o-meter scale the common ratings sit on; other ratings (Misleading, Satire...) are
# textual only and carry no ratingValue.
RATING_SCALE = {"True": 5, "Mostly true": 4, "Half true": 3, "Mostly false": 2, "False": 1}
_CLAIMANT_KINDS = {"person": "Person", "org": "Organization"}


def claim_reviews(
    db: sqlite_utils.Database, article_id: int, base: str, publisher: str
) -> list[dict[str, Any]]:
    """One ClaimReview object per claim of the article an editor has reviewed (latest review)."""
    if not publisher.strip():
        raise InputError(
            "a ClaimReview needs its fact-checking organisation: give --publisher NAME"
        )
    article = row_or_fail(
        db, "articles", article_id, "article", "give an article id or URL from the articles table"
    )
    sql = """
        select c.*, r.rating, r.reviewed_at from claims c
        join reviews r on r.id = (select max(id) from reviews where claim_id = c.id)
        where c.article_id = ? order by c.seq, c.id
    """
    return [
        _claim_review(db, article, claim, base, publisher.strip())
        for claim in db.query(sql, [article_id])
    ]


def _claim_review(
    db: sqlite_utils.Database,
    article: dict[str, Any],
    claim: dict[str, Any],
    base: str,
    publisher: str,
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": _claimant(db, claim, article),
        "appearance": _appearance(article),
    }
    if article["published"]:
        item["datePublished"] = article["published"]
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": claim_url(base, int(claim["id"])),
        "claimReviewed": claim["text"],
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": publisher},
        "datePublished": claim["reviewed_at"],
        "reviewRating": _rating(claim["rating"]),
    }


def _rating(rating: str) -> dict[str, Any]:
    """A textual rating, with its place on the five-point scale when it has one."""
    value: dict[str, Any] = {"@type": "Rating", "alternateName": rating}
    if rating in RATING_SCALE:
        value.update(
            ratingValue=RATING_SCALE[rating],
            bestRating=max(RATING_SCALE.values()),
            worstRating=min(RATING_SCALE.values()),
        )
    return value


def _claimant(
    db: sqlite_utils.Database, claim: dict[str, Any], article: dict[str, Any]
) -> dict[str, Any]:
    """Who made the claim: the first person or organisation its attribution names.

    A claim the article makes in its own voice (or attributes to no one named) is the
    publisher's; failing that, the article's authors'.
    """
    attribution = claim["attribution"] or ""
    named = [
        mention
        for mention in db.query(
            "select kind, text, value from mentions where claim_id = ? and kind in (?, ?)",
            [claim["id"], *_CLAIMANT_KINDS],
        )
        if mention["text"] and mention["text"] in attribution
    ]
    if named:
        first = min(named, key=lambda mention: attribution.index(mention["text"]))
        return {"@type": _CLAIMANT_KINDS[first["kind"]], "name": first["value"] or first["text"]}
    if article["publisher"]:
        return {"@type": "Organization", "name": article["publisher"]}
    authors = _people(article["author"])
    if authors:
        return authors[0]
    return {"@type": "Organization", "name": _host(article["url"])}


def _appearance(article: dict[str, Any]) -> dict[str, Any]:
    """The article the claim appears in, as a CreativeWork."""
    work: dict[str, Any] = {"@type": "CreativeWork", "url": article["url"]}
    if article["title"]:
        work["headline"] = article["title"]
    if article["published"]:
        work["datePublished"] = article["published"]
    authors = _people(article["author"])
    if authors:
        work["author"] = authors if len(authors) > 1 else authors[0]
    if article["publisher"]:
        work["publisher"] = {"@type": "Organization", "name": article["publisher"]}
    return work


def _people(byline: str | None) -> list[dict[str, Any]]:
    return [{"@type": "Person", "name": name} for name in parse_byline(byline)]


def _host(url: str | None) -> str:
    return host_of(url or "") or "unknown"
