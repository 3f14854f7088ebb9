"""Publishing a citevault database with Datasette: generated metadata and a read-only instance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datasette.app import Datasette

from .cannedqueries import canned_queries
from .kindsfacet import KINDS_FACET
from .pagekit import PLUGIN_NAME

DESCRIPTION = (
    "Checkable claims extracted from news articles, the sources each claim cites, archived "
    "captures of those sources (WARC) and what each capture says about each claim."
)
LICENSE = "Archived pages remain the copyright of their publishers; shown here for verification"
ABOUT = "citevault: claims, cited sources and their archived snapshots"

# Suggested facets run a query per column over the whole table on every table page (about
# 650 ms of a 100,000-claim page); the metadata's facets already offer the useful ones.
SETTINGS: dict[str, Any] = {"suggest_facets": False}

_CLAIM_STATUSES = "supported, discrepancy, not_found, unavailable or unchecked"

TABLES: dict[str, dict[str, Any]] = {
    "articles": {
        "title": "Articles",
        "description": "The news articles read: metadata and main text, without boilerplate.",
        "label_column": "title",
        "sort_desc": "published",
        "columns": {
            "id": "Article id.",
            "url": "The article's URL.",
            "title": "Headline.",
            "author": "Byline, as printed.",
            "published": "Publication date and time (ISO 8601).",
            "publisher": "The outlet that published the article.",
            "text": "Main text: body paragraphs separated by blank lines.",
            "fetched_at": "When the article was read (ISO 8601, UTC).",
            "capture_id": "The capture of the article itself, when it was archived.",
        },
    },
    "claims": {
        "title": "Claims",
        "description": (
            "Checkable facts of each article (dates, names, ages, places, quantities, verdicts, "
            "attributions), with the verbatim sentence they come from and their checked status."
        ),
        "label_column": "sentence",
        "sort": "id",
        # kinds is counted from claim_kinds' index, not by parsing every claim's JSON list.
        "facets": ["status", {KINDS_FACET: "kinds"}, "publisher"],
        "fts_table": "claims_fts",
        "fts_pk": "id",
        "columns": {
            "id": "Claim id.",
            "article_id": "The article the claim comes from.",
            "seq": "Order of the claim within its article.",
            "sentence": "The sentence of the article, verbatim.",
            "text": "The claim as a checkable statement.",
            "kinds": "What the claim asserts (JSON list): date, person, age, place, quantity, "
            "verdict, attribution.",
            "attribution": "Who the article says the claim comes from, if anyone.",
            "status": f"Result of checking the claim against its sources: {_CLAIM_STATUSES}.",
            "publisher": "The outlet that published the claim's article.",
        },
    },
    "claim_kinds": {
        "title": "Claim kinds",
        "description": "Each claim's kinds one row each (claims.kinds as a table), kept in step "
        "with the claims: what the kinds facet counts.",
        "facets": ["kind"],
        "columns": {
            "claim_id": "The claim.",
            "kind": "One thing the claim asserts: date, person, age, place, quantity, verdict "
            "or attribution.",
        },
    },
    "mentions": {
        "title": "Mentions",
        "description": "People, organisations, places, dates, ages, quantities and verdicts "
        "named by each claim.",
        "sort": "claim_id",
        "facets": ["kind"],
        "columns": {
            "id": "Mention id.",
            "claim_id": "The claim that names it.",
            "kind": "person, org, place, date, age, quantity or verdict.",
            "text": "As written in the sentence.",
            "value": "Normalized value: ISO (partial) date, age in years, canonical name, "
            "verdict outcome.",
            "precision": "For dates: day, week, month or year.",
            "date_start": "For dates: the first day the date can mean (ISO 8601).",
            "date_end": "For dates: the last day the date can mean (ISO 8601).",
            "char_start": "Where the mention starts in the claim's sentence (characters).",
            "char_end": "Where the mention ends in the claim's sentence (characters).",
            "entity_id": "The person, organisation or place named, as one entity across claims.",
            "details": "For verdicts (JSON): outcome, negated, subject, object, authority and "
            "date (ISO) of the decision.",
        },
    },
    "sources": {
        "title": "Sources",
        "description": "The distinct sources cited by claims, by normalized URL.",
        "label_column": "url",
        "sort": "url",
        "columns": {
            "id": "Source id.",
            "url": "Normalized URL of the source.",
            "publisher": "Who published the source, when known.",
        },
    },
    "claim_sources": {
        "title": "Claim sources",
        "description": "Which claim cites which source, and how.",
        "facets": ["via"],
        "columns": {
            "claim_id": "The citing claim.",
            "source_id": "The cited source.",
            "via": "link (a hyperlink in the sentence) or attribution (a named source "
            "resolved to a link).",
            "anchor_text": "The text of the hyperlink, or the attribution's words.",
        },
    },
    "captures": {
        "title": "Captures",
        "description": (
            "Every archiving attempt of a source: where its response lies in which WARC file, "
            "or why it failed. Failed fetches are kept with their reason."
        ),
        "label_column": "requested_url",
        "sort_desc": "fetched_at",
        "facets": ["error_kind", "content_type"],
        "columns": {
            "id": "Capture id; its snapshot is at /-/citevault/capture/<id>.",
            "source_id": "The source captured.",
            "requested_url": "The URL asked for.",
            "final_url": "The URL answered, after redirects.",
            "status_code": "HTTP status of the final response.",
            "fetched_at": "When the capture was made (ISO 8601, UTC).",
            "warc_file": "WARC file holding the response, relative to the archive folder.",
            "warc_offset": "Byte offset of the response record in the WARC file.",
            "warc_length": "Length in bytes of the (compressed) response record.",
            "payload_sha256": "SHA-256 of the archived payload.",
            "payload_sha1": "SHA-1 of the archived payload, base32 as in WARC digests.",
            "content_type": "Content type of the archived response.",
            "error": "Why the capture failed, in one line; empty on success.",
            "error_kind": "Class of failure: dns, connect, tls, timeout, http_4xx, soft_failure...",
            "ip_address": "Address of the server that answered.",
            "redirects": "The redirect chain followed (JSON list of URLs).",
            "job_id": "The job (run or archive command) that made the capture.",
            "warc_record_id": "WARC-Record-ID of the response record.",
            "imported_from": "The third-party WARC, ARC or WACZ file it was imported from, if any.",
        },
    },
    "entities": {
        "title": "Entities",
        "description": "The people, organisations and places claims name, one row each under "
        "their canonical name: follow one to every claim about it.",
        "label_column": "name",
        "sort": "name",
        "facets": ["kind"],
        "columns": {
            "id": "Entity id.",
            "kind": "person, org or place.",
            "name": "Canonical name (a person's full name).",
        },
    },
    "entity_aliases": {
        "title": "Entity aliases",
        "description": "Other ways the articles write an entity's name (a surname alone, "
        "another spelling).",
        "columns": {
            "entity_id": "The entity.",
            "alias": "The name as written.",
        },
    },
    "jobs": {
        "title": "Jobs",
        "description": "Each run or archive command; an unfinished job is resumed by running "
        "the same command again.",
        "sort_desc": "id",
        "columns": {
            "id": "Job id.",
            "kind": "run or archive.",
            "key": "What identifies the job's work (its kind and targets).",
            "started_at": "When the job started (UTC).",
            "resumed_at": "When it was last resumed after an interruption (UTC).",
            "finished_at": "When it finished (UTC); empty while running or if interrupted.",
        },
    },
    "evidence": {
        "title": "Evidence",
        "description": "What each capture says about each claim: a status, the deciding "
        "passage and a score.",
        "sort_desc": "score",
        "facets": ["status"],
        "columns": {
            "claim_id": "The claim checked.",
            "capture_id": "The capture it was checked against.",
            "status": f"Outcome for this capture: {_CLAIM_STATUSES}.",
            "passage": "The passage of the capture that decided it.",
            "score": "How closely the passage matches the claim (0 to 1).",
            "details": "What matched and what differed (JSON).",
            "link": "The capture's snapshot, scrolled to the passage (a #:~:text= text "
            "fragment); empty when nothing was captured.",
        },
    },
    "passages": {
        "title": "Passages",
        "description": "Each capture's readable text cut into paragraph-sized passages, "
        "searchable in full text (table passages_fts).",
        "sort": "capture_id",
        "fts_table": "passages_fts",
        "fts_pk": "id",
        "columns": {
            "id": "Passage id.",
            "capture_id": "The capture whose text it comes from.",
            "seq": "Order of the passage within the capture's text.",
            "start": "Where the passage starts in the capture's text (characters).",
            "end": "Where the passage ends in the capture's text (characters).",
            "text": "The passage.",
        },
    },
    "reviews": {
        "title": "Reviews",
        "description": "Editors' verdicts on claims, beside the automatic status and never "
        "replacing it; every review is kept, the latest is current (see claim_reviews_latest).",
        "sort_desc": "reviewed_at",
        "facets": ["rating", "reviewer"],
        "columns": {
            "id": "Review id.",
            "claim_id": "The claim reviewed.",
            "rating": "The editor's verdict, as in ClaimReview's reviewRating (True, Mostly "
            "false, Misleading...).",
            "note": "Why: what the editor checked or found.",
            "reviewer": "Who reviewed.",
            "reviewed_at": "When (ISO 8601, UTC).",
            "automatic_status": f"The claim's automatic status at review time: {_CLAIM_STATUSES}.",
            "sentence": "The claim's sentence at review time, kept if the article is read again.",
            "article_id": "The article of the claim reviewed.",
            "claim_text": "The claim's text at review time: a re-read article gives the review "
            "back to the claim with the same sentence and text (claim_id is empty until then).",
        },
    },
}

# Views and full-text indexes: published with descriptions, but not tables of the schema.
DERIVED: dict[str, dict[str, Any]] = {
    "claim_reviews_latest": {
        "title": "Current reviews",
        "description": "Each reviewed claim with its latest review: the editor's current verdict "
        "beside the automatic status.",
        "facets": ["rating", "current_status"],
        "columns": {
            "id": "The review id.",
            "claim_id": "The claim reviewed.",
            "article_id": "The claim's article.",
            "sentence": "The claim's sentence.",
            "rating": "The editor's latest verdict.",
            "note": "Why: what the editor checked or found.",
            "reviewer": "Who reviewed.",
            "reviewed_at": "When (ISO 8601, UTC).",
            "automatic_status": "The claim's automatic status when it was reviewed.",
            "current_status": "The claim's automatic status now (it may have changed since).",
        },
    },
    "claims_fts": {
        "title": "Claim search",
        "description": "Full-text index (SQLite FTS5) over claims.sentence and claims.text.",
        "columns": {
            "sentence": "The claim's sentence, indexed for full-text search.",
            "text": "The claim's text, indexed for full-text search.",
        },
    },
    "passages_fts": {
        "title": "Passage search",
        "description": "Full-text index (SQLite FTS5) over passages.text.",
        "columns": {"text": "The passage, indexed for full-text search."},
    },
}


def database_name(db_path: Path) -> str:
    """The name Datasette publishes a database file under: its file name without suffix."""
    return Path(db_path).stem


def build_metadata(db_path: Path, archive_dir: Path) -> dict[str, Any]:
    """Datasette metadata for a citevault database: titles, descriptions, facets, plugin config."""
    name = database_name(db_path)
    return {
        "title": "citevault",
        "description": DESCRIPTION,
        "license": LICENSE,
        "about": ABOUT,
        "databases": {
            name: {
                "title": "citevault",
                "description": DESCRIPTION,
                "license": LICENSE,
                "about": ABOUT,
                # Copies, so a caller editing the result cannot alter the module's defaults.
                "tables": {
                    table: _copy_table(spec) for table, spec in {**TABLES, **DERIVED}.items()
                },
                "queries": canned_queries(),
            }
        },
        "plugins": {
            PLUGIN_NAME: {
                "archive_dir": str(Path(archive_dir).resolve()),
                "database": name,
            }
        },
    }


def make_datasette(db_path: Path, archive_dir: Path) -> Datasette:
    """A Datasette serving the database read-only, with citevault's metadata and plugin."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(f"No citevault database at {db_path}: check the path given.")
    # Not immutable: the database is in WAL mode and may be updated while served, and
    # immutable=1 ignores the WAL. Datasette reads it with mode=ro, and the plugin makes
    # every connection to it query_only, so nothing can write through Datasette.
    return Datasette(
        files=[str(db_path)],
        metadata=build_metadata(db_path, Path(archive_dir)),
        settings=SETTINGS,
    )


def _copy_table(spec: dict[str, Any]) -> dict[str, Any]:
    copied = dict(spec)
    copied["columns"] = dict(spec["columns"])
    if "facets" in spec:
        copied["facets"] = [dict(f) if isinstance(f, dict) else f for f in spec["facets"]]
    return copied
