"""Ctrl+K's reads: accounts, open deals, executives, reps, contacts and debriefs matching words.

Names match anywhere (LIKE, with %, _ and \\ taken literally), a deal also by its exact CRM id,
debriefs by full text (`debriefs.list_debriefs`). Amounts and days are put in words by the
caller's `money` and `day` (the app's locale), so this stays free of Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from html import unescape
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit import debriefs
from fieldvisit.store.dialect import dialect_of

PER_KIND = 6
KINDS = ("account", "deal", "executive", "rep", "contact", "debrief")

MoneyWords = Callable[[float | None, str | None], str]
DayWords = Callable[[date], str]


class Match(NamedTuple):
    """Something found: its kind (one of KINDS), row key, name and one line about it."""

    kind: str
    pk: int
    label: str
    detail: str
    account_pk: int | None = None  # a contact's account


def like_pattern(words: str) -> str:
    """Return a LIKE pattern matching `words` anywhere, its %, _ and \\ taken literally."""
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def find(
    conn: Connection,
    typed: str,
    limit: int = PER_KIND,
    *,
    money: MoneyWords,
    day: DayWords,
) -> list[Match]:
    """Return what matches `typed`: accounts, deals, people, then debriefs (full text)."""
    typed = typed.strip()
    if len(typed) < 2:
        return []
    q = {"q": like_pattern(typed), "n": limit}
    esc = " ESCAPE '\\'"
    by_name, by_c_name = dialect_of(conn).bytewise("name"), dialect_of(conn).bytewise("c.name")
    like = dialect_of(conn).like  # SQLite's LIKE folds ASCII case: PostgreSQL's ILIKE
    hits: list[Match] = []
    for pk, name, city, tier in conn.execute(
        text(
            f"SELECT id, name, city, tier FROM account WHERE name {like} :q{esc} ORDER BY {by_name} LIMIT :n"
        ),
        q,
    ):
        where = f"{city} · " if city else ""
        hits.append(Match("account", pk, name, f"Account · {where}{tier}"))
    for pk, name, account, stage, amount, currency in conn.execute(
        text(
            "SELECT d.id, d.name, a.name, d.stage, d.amount, d.currency FROM deal d "
            f"JOIN account a ON a.id = d.account_id WHERE d.status = 'open' AND "
            f"(d.name {like} :q{esc} OR d.external_id = :exact) ORDER BY d.amount DESC LIMIT :n"
        ),
        {**q, "exact": typed},
    ):
        hits.append(
            Match("deal", pk, name, f"Deal · {account} · {stage} · {money(amount, currency)}")
        )
    for kind, sql in (
        (
            "executive",
            "SELECT id, name, coalesce(title, 'Executive') FROM executive "
            f"WHERE name {like} :q{esc} OR email {like} :q{esc} ORDER BY {by_name} LIMIT :n",
        ),
        (
            "rep",
            "SELECT id, name, 'Rep' || coalesce(' · ' || region, '') FROM rep "
            f"WHERE name {like} :q{esc} OR email {like} :q{esc} ORDER BY {by_name} LIMIT :n",
        ),
    ):
        for pk, name, detail in conn.execute(text(sql), q):
            hits.append(Match(kind, pk, name, detail))
    for pk, name, detail, account_pk in conn.execute(
        text(
            "SELECT c.id, c.name, coalesce(c.title || ' · ', '') || a.name, a.id FROM contact c "
            f"JOIN account a ON a.id = c.account_id WHERE c.name {like} :q{esc} ORDER BY {by_c_name} "
            "LIMIT :n"
        ),
        q,
    ):
        hits.append(Match("contact", pk, name, detail, account_pk))
    if debriefs.fts_query(typed):
        for row in debriefs.list_debriefs(conn, typed, limit=limit):
            snippet = re.sub(r"<[^>]+>", "", unescape(row.snippet_html))
            label = f"Debrief: {row.account_name}, {day(row.visit_start.date())}"
            hits.append(Match("debrief", row.visit_id, label, snippet[:120]))
    return hits
