"""The publication's canned queries: the questions an editor asks most, one link each."""

from __future__ import annotations

from typing import Any

from .capturestate import successful_sql

# Archived evidence is a successful capture, as every page of the publication defines it.
_ARCHIVED = successful_sql("cp")
_FAILED = "(coalesce(cp.error, '') != '' or coalesce(cp.error_kind, '') != '')"

# Column names matter: claim_id, article_id, capture_id and source_id cells become links to
# their pages (see the plugin's render_cell).
QUERIES: dict[str, dict[str, Any]] = {
    "claims_with_discrepancy": {
        "title": "Claims with a discrepancy",
        "description": "Claims whose cited sources say something else (another date, age, name, "
        "place or number), with the passage that differs. Open a claim to see what conflicted.",
        "sql": """
select
  c.id as claim_id,
  c.article_id,
  c.publisher,
  c.sentence,
  c.attribution,
  (select e.passage from evidence e
    where e.claim_id = c.id and e.status = 'discrepancy'
    order by e.score desc, e.capture_id limit 1) as source_passage
from claims c
where c.status = 'discrepancy'
order by c.article_id, c.seq
""",
    },
    "claims_without_archived_evidence": {
        "title": "Claims with no archived evidence",
        "description": "Claims none of whose cited sources has a successful capture: they cite "
        "no source, their sources were not captured yet, or every capture failed.",
        "sql": f"""
select
  c.id as claim_id,
  c.article_id,
  c.status,
  c.sentence,
  (select count(*) from claim_sources cs where cs.claim_id = c.id) as sources,
  case
    when not exists (select 1 from claim_sources cs where cs.claim_id = c.id)
      then 'cites no source'
    when not exists (select 1 from claim_sources cs
      join captures cp on cp.source_id = cs.source_id where cs.claim_id = c.id)
      then 'not captured yet'
    else 'every capture failed'
  end as reason
from claims c
where not exists (
  select 1 from claim_sources cs join captures cp on cp.source_id = cs.source_id
  where cs.claim_id = c.id and {_ARCHIVED}
)
order by c.article_id, c.seq
""",
    },
    "failed_sources": {
        "title": "Sources that failed, and why",
        "description": "Sources whose latest capture failed, with the kind of failure (dns, "
        "timeout, http_4xx, soft_failure...), its message and how many claims cite them.",
        "sql": f"""
select
  s.id as source_id,
  s.url,
  s.publisher,
  cp.id as capture_id,
  cp.fetched_at,
  cp.status_code,
  cp.error_kind,
  cp.error,
  (select count(distinct cs.claim_id) from claim_sources cs where cs.source_id = s.id) as claims
from sources s
join captures cp on cp.id = (
  select id from captures where source_id = s.id order by fetched_at desc, id desc limit 1
)
where {_FAILED}
order by cp.error_kind, s.url
""",
    },
    "claims_about_person": {
        "title": "Every claim about a person",
        "description": "Claims naming a person whose name or any spelling of it contains the "
        "words given (case-insensitive): a surname alone finds the full name.",
        "sql": """
select
  c.id as claim_id,
  c.article_id,
  e.name as person,
  min(m.text) as written,
  c.status,
  c.sentence
from entities e
join mentions m on m.entity_id = e.id
join claims c on c.id = m.claim_id
where e.kind = 'person' and trim(:name) != '' and (
  e.name like '%' || trim(:name) || '%'
  or exists (select 1 from entity_aliases x
    where x.entity_id = e.id and x.alias like '%' || trim(:name) || '%')
)
group by c.id, e.id
order by e.name, c.article_id, c.seq
""",
    },
    "captures_per_publisher": {
        "title": "Captures per publisher",
        "description": "For each publisher of cited sources: how many sources, how many "
        "captures, how many archived and how many failed, and the latest capture time.",
        "sql": f"""
select
  coalesce(nullif(s.publisher, ''), '(unknown)') as publisher,
  count(distinct s.id) as sources,
  count(cp.id) as captures,
  sum(case when {_ARCHIVED} then 1 else 0 end) as archived,
  sum(case when {_FAILED} then 1 else 0 end) as failed,
  max(cp.fetched_at) as latest_capture
from sources s
join captures cp on cp.source_id = s.id
group by 1
order by captures desc, publisher
""",
    },
}


def canned_queries() -> dict[str, dict[str, Any]]:
    """The canned queries for Datasette's metadata, as fresh copies with their SQL trimmed."""
    return {name: {**spec, "sql": spec["sql"].strip()} for name, spec in QUERIES.items()}
