"""Finding debriefs: full-text search, the list pages, and the visits still owed one.

SQLite searches its FTS5 index; PostgreSQL its tsvector index (`store.search_index`). What a
user types means the same on both (`search_words`), and a hit looks the same: best first, with
a snippet of the matching field.
"""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from fieldvisit.debriefs.data import DEBRIEF_TEXT_FIELDS, DebriefRow, DueVisit
from fieldvisit.debriefs.drafts import mine, mine_params
from fieldvisit.debriefs.search_words import (
    ELLIPSIS,
    HIT_CLOSE,
    HIT_OPEN,
    fts_query,
    snippet_of,
    tsquery_text,
)
from fieldvisit.store.dialect import POSTGRESQL, dialect_of
from fieldvisit.store.search_index import FOLD_FUNCTION, TEXT_CONFIG
from fieldvisit.store.types import UTCDateTime


def _end_of(as_of: date) -> datetime:
    return datetime.combine(as_of + timedelta(days=1), time(), tzinfo=UTC)


_LIST_SELECT = (
    "SELECT d.id, d.visit_id, a.name, v.start, "
    "(SELECT group_concat(name, ', ') FROM (SELECT e.name FROM visit_executive ve "
    " JOIN executive e ON e.id = ve.executive_id WHERE ve.visit_id = v.id ORDER BY e.name)), "
    "d.sentiment, {snippet} AS snippet "
    "FROM {source} JOIN visit v ON v.id = d.visit_id JOIN account a ON a.id = v.account_id "
)
_PG_EXECUTIVES = (
    "(SELECT string_agg(e.name, ', ' ORDER BY e.name) FROM visit_executive ve "
    "JOIN executive e ON e.id = ve.executive_id WHERE ve.visit_id = v.id)"
)
_PG_MATCH = f"f.doc @@ to_tsquery('{TEXT_CONFIG}', {FOLD_FUNCTION}(:q))"


@cache
def _list_sql(engine: str, searching: bool) -> str:
    """Return the list query for an engine, with or without a search (built once each)."""
    if engine != POSTGRESQL:
        if searching:
            snippet = f"snippet(debrief_fts, -1, '{HIT_OPEN}', '{HIT_CLOSE}', '{ELLIPSIS}', 14)"
            sql = _LIST_SELECT.format(
                snippet=snippet, source="debrief_fts JOIN debrief d ON d.id = debrief_fts.rowid"
            )
            sql += "WHERE debrief_fts MATCH :q ORDER BY bm25(debrief_fts), v.start DESC "
        else:
            sql = _LIST_SELECT.format(snippet=_FIRST_WORDS, source="debrief d")
            sql += "ORDER BY v.start DESC, d.id DESC "
        return sql + "LIMIT :limit OFFSET :offset"
    head = f"SELECT d.id, d.visit_id, a.name, v.start, {_PG_EXECUTIVES}, d.sentiment, "
    joins = "JOIN visit v ON v.id = d.visit_id JOIN account a ON a.id = v.account_id "
    if not searching:
        return (
            f"{head}{_FIRST_WORDS} FROM debrief d {joins}"
            "ORDER BY v.start DESC, d.id DESC LIMIT :limit OFFSET :offset"
        )
    # ts_rank's normalisation 2 divides by the document's length: like FTS5's bm25, a short
    # debrief that holds the words ranks above a long one that mentions them in passing.
    fields = ", ".join(f"d.{c}" for c in SEARCHED_COLUMNS)
    return (
        f"{head}{fields}, {_PG_STEPS}, {_PG_FRICTION} FROM debrief_fts f "
        f"JOIN debrief d ON d.id = f.debrief_id {joins}WHERE {_PG_MATCH} "
        f"ORDER BY ts_rank(f.doc, to_tsquery('{TEXT_CONFIG}', {FOLD_FUNCTION}(:q)), 2) DESC, "
        "v.start DESC, d.id DESC LIMIT :limit OFFSET :offset"
    )


_FIRST_WORDS = "substr(CASE WHEN d.summary <> '' THEN d.summary ELSE d.learned END, 1, 160)"
# The fields the index holds, in its column order (migration 0007: summary and people met
# first), read back on PostgreSQL to cut the snippet (the first best field wins, as in FTS5).
SEARCHED_COLUMNS = ("summary", "people_met", *DEBRIEF_TEXT_FIELDS[1:-1])
_PG_STEPS = (
    "(SELECT string_agg(n.text || coalesce(' (' || n.owner || ')', ''), '; ' ORDER BY n.id) "
    "FROM next_step n WHERE n.debrief_id = d.id)"
)
_PG_FRICTION = (
    "(SELECT string_agg(x.category, '; ' ORDER BY x.category) "
    "FROM debrief_friction x WHERE x.debrief_id = d.id)"
)


def list_debriefs(
    conn: Connection, query: str = "", *, limit: int = 200, offset: int = 0
) -> list[DebriefRow]:
    """Return one page of debriefs: matches for `query` best first, or all of them newest first."""
    engine = dialect_of(conn).name
    match = tsquery_text(query) if engine == POSTGRESQL else fts_query(query)
    rows = conn.execute(
        text(_list_sql(engine, bool(match))).columns(start=UTCDateTime()),
        {"q": match, "limit": limit, "offset": offset},
    )
    found: list[DebriefRow] = []
    for did, vid, name, start, execs, sentiment, *rest in rows:
        snippet = snippet_of(rest, query) if len(rest) > 1 else rest[0]
        found.append(
            DebriefRow(
                debrief_id=did,
                visit_id=vid,
                account_name=name,
                visit_start=start,
                executives=execs or "",
                sentiment=sentiment,
                snippet_html=_snippet_html(snippet or ""),
            )
        )
    return found


def count_debriefs(conn: Connection, query: str = "") -> int:
    """Return how many debriefs match `query` (all of them when it is empty)."""
    if dialect_of(conn).is_postgresql:
        match, sql = tsquery_text(query), f"SELECT count(*) FROM debrief_fts f WHERE {_PG_MATCH}"
    else:
        match, sql = fts_query(query), "SELECT count(*) FROM debrief_fts WHERE debrief_fts MATCH :q"
    if not match:
        return int(conn.execute(text("SELECT count(*) FROM debrief")).scalar_one())
    return int(conn.execute(text(sql), {"q": match}).scalar_one())


def _snippet_html(raw: str) -> str:
    flat = " ".join(raw.split())
    return html.escape(flat).replace(HIT_OPEN, "<b>").replace(HIT_CLOSE, "</b>")


def debriefs_due(conn: Connection, as_of: date, *, limit: int | None = None) -> list[DueVisit]:
    """Return done visits up to `as_of` that have no debrief yet, the most recent first."""
    sql = (
        "SELECT v.id, a.name, v.start, "
        f"(SELECT {dialect_of(conn).group_concat('e.name', ', ')} FROM visit_executive ve "
        " JOIN executive e ON e.id = ve.executive_id WHERE ve.visit_id = v.id), "
        f"EXISTS(SELECT 1 FROM debrief_draft dd WHERE dd.visit_id = v.id AND {mine(conn, 'dd')}) "
        "FROM visit v JOIN account a ON a.id = v.account_id "
        "WHERE v.status = 'done' AND v.start < :end "
        "AND NOT EXISTS (SELECT 1 FROM debrief d WHERE d.visit_id = v.id) "
        "ORDER BY v.start DESC"
    )
    if limit is not None:
        sql += " LIMIT :limit"
    rows = conn.execute(
        text(sql).bindparams(bindparam("end", type_=UTCDateTime())).columns(start=UTCDateTime()),
        {"end": _end_of(as_of), "limit": limit, **mine_params(conn)},
    )
    return [
        DueVisit(v, name, start, execs or "", bool(draft)) for v, name, start, execs, draft in rows
    ]


def count_debriefs_due(conn: Connection, as_of: date) -> int:
    """Return how many done visits up to `as_of` still have no debrief."""
    return int(
        conn.execute(
            text(
                "SELECT count(*) FROM visit v WHERE v.status = 'done' AND v.start < :end "
                "AND NOT EXISTS (SELECT 1 FROM debrief d WHERE d.visit_id = v.id)"
            ).bindparams(bindparam("end", type_=UTCDateTime())),
            {"end": _end_of(as_of)},
        ).scalar_one()
    )
