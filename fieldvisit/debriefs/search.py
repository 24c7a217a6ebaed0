"""Finding debriefs: full-text search, the list pages, and the visits still owed one."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from fieldvisit.debriefs.data import DebriefRow, DueVisit
from fieldvisit.store.types import UTCDateTime

# Markers FTS5's snippet() puts around matches; control characters never occur in typed text,
# so the snippet can be HTML-escaped first and the markers turned into <b> afterwards.
_HIT_OPEN = "\x02"
_HIT_CLOSE = "\x03"


def _end_of(as_of: date) -> datetime:
    return datetime.combine(as_of + timedelta(days=1), time(), tzinfo=UTC)


def fts_query(user_text: str) -> str:
    """Return an FTS5 MATCH expression for what a user typed ("" when there is nothing to find).

    Every word becomes a quoted string (so FTS5 syntax in the input is never interpreted), words
    in double quotes stay a phrase, and the last word is a prefix so results follow typing.
    """
    parts: list[str] = []
    for phrase, word in re.findall(r'"([^"]*)"?|(\S+)', user_text):
        words = re.findall(r"\w+", phrase if phrase else word)
        if not words:
            continue
        if phrase:
            parts.append('"' + " ".join(words) + '"')
        else:
            parts.extend(f'"{w}"' for w in words)
    if not parts:
        return ""
    last_is_phrase = user_text.rstrip().endswith('"')
    if not last_is_phrase and not user_text[-1:].isspace():
        parts[-1] += "*"
    return " ".join(parts)


_LIST_SELECT = (
    "SELECT d.id, d.visit_id, a.name, v.start, "
    "(SELECT group_concat(name, ', ') FROM (SELECT e.name FROM visit_executive ve "
    " JOIN executive e ON e.id = ve.executive_id WHERE ve.visit_id = v.id ORDER BY e.name)), "
    "d.sentiment, {snippet} AS snippet "
    "FROM {source} JOIN visit v ON v.id = d.visit_id JOIN account a ON a.id = v.account_id "
)


def list_debriefs(
    conn: Connection, query: str = "", *, limit: int = 200, offset: int = 0
) -> list[DebriefRow]:
    """Return one page of debriefs: matches for `query` best first, or all of them newest first."""
    match = fts_query(query)
    if match:
        snippet = f"snippet(debrief_fts, -1, '{_HIT_OPEN}', '{_HIT_CLOSE}', '…', 14)"
        sql = _LIST_SELECT.format(
            snippet=snippet, source="debrief_fts JOIN debrief d ON d.id = debrief_fts.rowid"
        )
        sql += "WHERE debrief_fts MATCH :q ORDER BY bm25(debrief_fts), v.start DESC "
    else:
        sql = _LIST_SELECT.format(
            snippet="substr(CASE WHEN d.summary <> '' THEN d.summary ELSE d.learned END, 1, 160)",
            source="debrief d",
        )
        sql += "ORDER BY v.start DESC, d.id DESC "
    sql += "LIMIT :limit OFFSET :offset"
    rows = conn.execute(
        text(sql).columns(start=UTCDateTime()),
        {"q": match, "limit": limit, "offset": offset},
    )
    return [
        DebriefRow(
            debrief_id=did,
            visit_id=vid,
            account_name=name,
            visit_start=start,
            executives=execs or "",
            sentiment=sentiment,
            snippet_html=_snippet_html(snippet or ""),
        )
        for did, vid, name, start, execs, sentiment, snippet in rows
    ]


def count_debriefs(conn: Connection, query: str = "") -> int:
    """Return how many debriefs match `query` (all of them when it is empty)."""
    match = fts_query(query)
    if not match:
        return int(conn.execute(text("SELECT count(*) FROM debrief")).scalar_one())
    return int(
        conn.execute(
            text("SELECT count(*) FROM debrief_fts WHERE debrief_fts MATCH :q"), {"q": match}
        ).scalar_one()
    )


def _snippet_html(raw: str) -> str:
    flat = " ".join(raw.split())
    return html.escape(flat).replace(_HIT_OPEN, "<b>").replace(_HIT_CLOSE, "</b>")


def debriefs_due(conn: Connection, as_of: date, *, limit: int | None = None) -> list[DueVisit]:
    """Return done visits up to `as_of` that have no debrief yet, the most recent first."""
    sql = (
        "SELECT v.id, a.name, v.start, "
        "(SELECT group_concat(e.name, ', ') FROM visit_executive ve "
        " JOIN executive e ON e.id = ve.executive_id WHERE ve.visit_id = v.id), "
        "EXISTS(SELECT 1 FROM debrief_draft dd WHERE dd.visit_id = v.id) "
        "FROM visit v JOIN account a ON a.id = v.account_id "
        "WHERE v.status = 'done' AND v.start < :end "
        "AND NOT EXISTS (SELECT 1 FROM debrief d WHERE d.visit_id = v.id) "
        "ORDER BY v.start DESC"
    )
    if limit is not None:
        sql += " LIMIT :limit"
    rows = conn.execute(
        text(sql).bindparams(bindparam("end", type_=UTCDateTime())).columns(start=UTCDateTime()),
        {"end": _end_of(as_of), "limit": limit},
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
