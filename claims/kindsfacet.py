"""The claims table's kinds facet, counted from the indexed claim_kinds table, not JSON lists."""

from __future__ import annotations

from typing import Any

from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import path_with_added_args, path_with_removed_args
from datasette.utils.asgi import Request

KINDS_FACET = "claim_kinds"
KINDS_TABLE = "claim_kinds"
# Selecting a kind adds ?_kind=KIND: the claims of that kind, read from claim_kinds' index
# (Datasette's own kinds__arraycontains parses every claim's JSON list, four times a page).
KIND_ARG = "_kind"
# Arguments that shape how a table page shows its rows, never which rows it selects; any
# other argument (a column filter, _where, _search, _kind, _through, _next...) may select.
_PRESENTATION_ARGS = frozenset(
    {"_col", "_nocol", "_labels", "_nolabels", "_size", "_sort", "_sort_desc", "_shape",
     "_json", "_extra", "_nofacet", "_nocount", "_nosuggest", "_trace", "_facet_size",
     "_timelimit", "_stream", "_dl", "_ttl", "_format", "_hash", "_context"}
)  # fmt: skip


class ClaimKindsFacet(Facet):  # type: ignore[misc]  # Datasette ships no type hints
    """Counts of claims per kind, as Datasette's array facet would give, read from an index."""

    type = KINDS_FACET

    async def suggest(self) -> list[dict[str, Any]]:
        """Never suggested: the metadata names it for the claims table."""
        return []

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        """The facet's counts for the current selection of claims, most frequent first."""
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        size = int(self.get_facet_size())
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            try:
                rows = await self.ds.execute(
                    self.database,
                    kinds_facet_sql(self.sql, is_filtered(self.request), size + 1),
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": self._values(rows.rows[:size], column),
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": self.ds.urls.path(
                        path_with_removed_args(self.request, {f"_facet_{self.type}": column})
                    ),
                    "truncated": len(rows.rows) > size,
                }
            )
        return results, timed_out

    def _values(self, rows: list[Any], column: str) -> list[dict[str, Any]]:
        pairs = self.get_querystring_pairs()
        arg = KIND_ARG
        values = []
        for row in rows:
            value = str(row["value"])
            selected = (arg, value) in pairs
            values.append(
                {
                    "value": value,
                    "label": value,
                    "count": row["count"],
                    "toggle_url": self.ds.absolute_url(
                        self.request, _toggle_path(self.request, arg, value, selected)
                    ),
                    "selected": selected,
                }
            )
        return values


def kinds_filter(request: Request) -> tuple[list[str], dict[str, str], list[str]]:
    """Where clauses, parameters and descriptions for each ``?_kind=KIND`` of a claims page."""
    kinds = [kind for kind in request.args.getlist(KIND_ARG) if kind]
    clauses = [
        f"id in (select claim_id from [{KINDS_TABLE}] where kind = :_kind_{i})"
        for i in range(len(kinds))
    ]
    params = {f"_kind_{i}": kind for i, kind in enumerate(kinds)}
    return clauses, params, [f'kinds contains "{kind}"' for kind in kinds]


def is_filtered(request: Request) -> bool:
    """Whether a table page's arguments may select fewer rows than the whole table."""
    return any(
        name not in _PRESENTATION_ARGS and not name.startswith("_facet")
        for name in request.args.keys()
    )


def kinds_facet_sql(selection_sql: str, filtered: bool, limit: int) -> str:
    """SQL counting claim_kinds rows per kind over the claims SELECTION_SQL picks."""
    # Unfiltered, the count is the covering index alone; filtered, it is restricted to the
    # claim ids of the selection (the same rows Datasette's array facet would count).
    where = f"where claim_id in (select id from ({selection_sql}))" if filtered else ""
    return (
        f"select kind as value, count(*) as count from [{KINDS_TABLE}] {where} "
        f"group by kind order by count desc, value limit {int(limit)}"
    )


def _toggle_path(request: Request, arg: str, value: str, selected: bool) -> str:
    if selected:
        return str(path_with_removed_args(request, {arg: value}))
    return str(path_with_added_args(request, {arg: value}))
