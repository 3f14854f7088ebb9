"""An editor's verdict on a claim, recorded beside the automatic status and never replacing it."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from .errors import InputError
from .storage import MAX_ID as MAX_ID
from .storage import row_or_fail

REVIEWER_VARIABLE = "CITEVAULT_REVIEWER"
# The textual ratings fact-checkers publish most in ClaimReview's reviewRating.alternateName.
COMMON_RATINGS = (
    "True",
    "Mostly true",
    "Half true",
    "Mostly false",
    "False",
    "Misleading",
    "Missing context",
    "Unproven",
    "Satire",
)


@dataclass
class Review:
    """One recorded verdict: who rated which claim how, when, and what the automatic status was."""

    id: int
    claim_id: int
    rating: str
    note: str | None
    reviewer: str
    reviewed_at: str
    automatic_status: str | None

    def to_dict(self) -> dict[str, Any]:
        """The review as JSON-ready data."""
        return asdict(self)


@dataclass
class ReviewedClaim:
    """A claim with its automatic status and its reviews, the latest (the current one) last."""

    id: int
    article_id: int
    sentence: str
    status: str | None
    reviews: list[Review]

    @property
    def latest(self) -> Review | None:
        """The current verdict: the most recent review, if any."""
        return self.reviews[-1] if self.reviews else None

    def to_dict(self) -> dict[str, Any]:
        """The claim, its current review and its history, as ``review --json`` prints them."""
        return {
            "claim": {
                "id": self.id,
                "article_id": self.article_id,
                "sentence": self.sentence,
                "status": self.status,
            },
            "review": self.latest.to_dict() if self.latest else None,
            "history": [review.to_dict() for review in self.reviews],
        }


def default_reviewer() -> str:
    """Who is reviewing: $CITEVAULT_REVIEWER, else the name the operating system gives the user."""
    named = os.environ.get(REVIEWER_VARIABLE, "").strip()
    if named:
        return named
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name and no passwd entry (some containers)
        return "unknown"


def canonical_rating(rating: str) -> str:
    """RATING with its words trimmed; a common rating typed in any case gets its usual spelling."""
    cleaned = " ".join(rating.split())
    if not cleaned:
        raise InputError("a rating cannot be empty (for example --rating 'Mostly false')")
    for common in COMMON_RATINGS:
        if cleaned.casefold() == common.casefold():
            return common
    return cleaned


def record_review(
    db: sqlite_utils.Database,
    claim_id: int,
    rating: str,
    note: str | None = None,
    reviewer: str | None = None,
    now: Callable[[], datetime] | None = None,
) -> ReviewedClaim:
    """Record an editor's rating of a claim and return the claim with all its reviews.

    Evidence and the claim's automatic status are left as they are; earlier reviews are kept.
    """
    claim = _claim_row(db, claim_id)
    moment = (now or _utc_now)().astimezone(UTC)
    row = {
        "claim_id": claim_id,
        "rating": canonical_rating(rating),
        "note": note.strip() if note and note.strip() else None,
        "reviewer": (reviewer or "").strip() or default_reviewer(),
        "reviewed_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "automatic_status": claim["status"],
        "sentence": claim["sentence"],
        "article_id": claim["article_id"],
        "claim_text": claim["text"],
    }
    with db.conn:
        columns = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        db.conn.execute(f"insert into reviews ({columns}) values ({marks})", list(row.values()))
    return reviewed_claim(db, claim_id)


def reviewed_claim(db: sqlite_utils.Database, claim_id: int) -> ReviewedClaim:
    """A claim with its automatic status and every review of it, oldest first."""
    claim = _claim_row(db, claim_id)
    reviews = [
        Review(
            id=int(r["id"]),
            claim_id=int(r["claim_id"]),
            rating=r["rating"],
            note=r["note"],
            reviewer=r["reviewer"],
            reviewed_at=r["reviewed_at"],
            automatic_status=r["automatic_status"],
        )
        for r in db.query("select * from reviews where claim_id = ? order by id", [claim_id])
    ]
    return ReviewedClaim(
        id=claim_id,
        article_id=int(claim["article_id"]),
        sentence=claim["sentence"],
        status=claim["status"],
        reviews=reviews,
    )


def _claim_row(db: sqlite_utils.Database, claim_id: int) -> dict[str, Any]:
    return row_or_fail(
        db,
        "claims",
        claim_id,
        "claim",
        "claim ids are in the claims table: 'citevault serve' shows them",
    )


def _utc_now() -> datetime:
    return datetime.now(UTC)
