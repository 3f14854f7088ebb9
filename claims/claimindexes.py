"""Indexes derived from the claims table, kept current by triggers: full-text search, kinds."""

from __future__ import annotations

import sqlite_utils

from .passagestore import TOKENIZE

# claim_kinds is claims.kinds (a JSON list, kept as it is) one row per kind, so counting and
# filtering claims by kind reads an index instead of parsing 100,000 JSON lists. Triggers derive
# it from the column, so every writer keeps it current without knowing it exists.
CLAIM_KINDS_TRIGGERS = {
    "claim_kinds_ai": """
        create trigger if not exists [claim_kinds_ai] after insert on [claims]
        when json_valid(new.kinds) begin
            insert or ignore into [claim_kinds] (claim_id, kind)
                select new.id, value from json_each(new.kinds) where type = 'text';
        end
    """,
    "claim_kinds_ad": """
        create trigger if not exists [claim_kinds_ad] after delete on [claims] begin
            delete from [claim_kinds] where claim_id = old.id;
        end
    """,
    "claim_kinds_au": """
        create trigger if not exists [claim_kinds_au] after update of id, kinds on [claims] begin
            delete from [claim_kinds] where claim_id = old.id;
            insert or ignore into [claim_kinds] (claim_id, kind)
                select new.id, value from json_each(new.kinds)
                where json_valid(new.kinds) and type = 'text';
        end
    """,
}
CLAIM_SEARCH_COLUMNS = ["sentence", "text"]


def ensure_claim_search(db: sqlite_utils.Database) -> None:
    """Full-text search on claims' sentence and text (claims_fts), kept current by triggers."""
    if not db.table("claims_fts").exists():
        # Case- and accent-folded like passages, so "Zoe" finds "Zoë" in a claim too.
        db.table("claims").enable_fts(CLAIM_SEARCH_COLUMNS, create_triggers=True, tokenize=TOKENIZE)


def ensure_claim_kinds(db: sqlite_utils.Database, fill: bool) -> None:
    """The triggers deriving claim_kinds from claims.kinds; FILL derives it for existing claims."""
    with db.conn:
        for sql in CLAIM_KINDS_TRIGGERS.values():
            db.conn.execute(sql)
        if fill:
            db.conn.execute(
                "insert or ignore into claim_kinds (claim_id, kind) select c.id, j.value "
                "from claims c, json_each(c.kinds) j where json_valid(c.kinds) and j.type = 'text'"
            )
