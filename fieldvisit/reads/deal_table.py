"""The deals table's own small database: one row per open deal, in memory, sorted in SQL.

Built on a worker thread in two steps, so the page shows what it first shows, whole, at once:

1. `build_store(..., others=False)` copies the strategic open deals (the table's first view),
   each with its signal codes and score, straight from one SQL query (`deal_rows`) into an
   in-memory SQLite database: the rows arrive in their final order, signals and all;
2. `add_other_deals` makes a copy with the other open deals added (no signals: they are worked
   out for strategic deals), which the page swaps in without moving a strategic row.

The table model then pages through it with `count_rows` and `page_rows` (ORDER BY / WHERE /
LIMIT, the filter a `DealFilter`): sorting and filtering 100,000 rows take milliseconds and only
the rows on screen become Python objects, each a named `DealRow`. The words of a deal's signals
are planning's, read for the one deal chosen (`signal_details`). No Qt here.

Kept small (issue 14's memory aim): no index is built up front — a page of 200 sorted from all
100,000 rows takes some 15 ms without one (SQLite keeps only the top rows while it scans) — and
the filter's search text is stored only for rows whose words are not plain ASCII (for the rest,
LIKE, which folds ASCII case itself, reads the words in place). A sort key gets its index when
the user scrolls deep into it (`DEEP_OFFSET`), where sorting every row for each page would lag.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple, TypeAlias

from sqlalchemy.engine import Connection

from fieldvisit.planning.money import big_deal_sql
from fieldvisit.reads import deal_rows
from fieldvisit.reads.search import like_pattern
from fieldvisit.settings import Rules

# The deals table's in-memory store, as `build_store` makes it and the pages hold it.
DealStore: TypeAlias = sqlite3.Connection

_SCHEMA = """
CREATE TABLE deal_row (
    pk INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    account_city TEXT,
    deal TEXT NOT NULL,
    stage TEXT NOT NULL,
    stage_pos INTEGER NOT NULL,
    days_in_stage INTEGER,
    amount REAL,
    currency TEXT,
    last_activity TEXT,
    last_exec TEXT,
    owner TEXT NOT NULL,
    owner_pk INTEGER NOT NULL,
    strategic INTEGER NOT NULL,
    stalled INTEGER NOT NULL DEFAULT 0,
    score REAL NOT NULL DEFAULT 0,
    signals TEXT NOT NULL DEFAULT '',
    search TEXT  -- Python's lower case of the words, only where they are not plain ASCII
);
"""

# The columns the table sorts by (ties: the biggest deals first, then the key).
SORT_KEYS = (
    "account",
    "deal",
    "stage_pos",
    "days_in_stage",
    "amount",
    "last_activity",
    "last_exec",
    "score",
)
# A page this deep into a sort key first builds the key's index (some 40 ms at 100,000 deals):
# without it each further page sorts every row again (110-170 ms at 20,000 rows deep).
DEEP_OFFSET = 4_000
# What one word of the filter box matches: the stored lower-case words, else any of the ASCII
# words as they are (a word holds no space, so it matches the words joined iff it matches one).
_LIKE = "LIKE ? ESCAPE '\\'"
SEARCH_SQL = (
    f"coalesce(search {_LIKE}, account {_LIKE} OR deal {_LIKE} OR owner {_LIKE} "
    f"OR account_city {_LIKE})"
)
SEARCH_PARAMS = SEARCH_SQL.count("?")

# The table's facts of every open deal alone, without signals: a baseline the UI benchmark times
# (on SQLite).
_SOURCE_SQL = f"""
SELECT d.id, a.name, a.city, d.name, d.stage, d.stage_entered_on, d.amount, d.currency,
       (d.strategic OR a.tier = 'strategic' OR coalesce({big_deal_sql("sqlite")}, 0)),
       r.name, d.owner_rep_id,
       max(coalesce((SELECT max(x.occurred_on) FROM activity x WHERE x.deal_id = d.id), ''),
           coalesce((SELECT substr(max(v.start), 1, 10) FROM visit v
                     WHERE v.deal_id = d.id AND +v.status = 'done'), '')),
       le.last_exec
FROM deal d
JOIN account a ON a.id = d.account_id
JOIN rep r ON r.id = d.owner_rep_id
LEFT JOIN (SELECT v.account_id AS account_id, substr(max(v.start), 1, 10) AS last_exec
           FROM visit v
           WHERE v.status = 'done'
             AND EXISTS (SELECT 1 FROM visit_executive ve WHERE ve.visit_id = v.id)
           GROUP BY v.account_id) le ON le.account_id = d.account_id
WHERE d.status = 'open'
"""


def _index_for_deep_pages(memory: sqlite3.Connection, sort_key: str) -> None:
    # Built once per key and store, only when the user scrolls that far (20 MB for every key).
    memory.execute(f"CREATE INDEX IF NOT EXISTS ix_{sort_key} ON deal_row ({sort_key}, pk)")


def _fill(
    memory: sqlite3.Connection,
    conn: Connection,
    as_of: date,
    rules: Rules,
    strategic: bool,
    cancelled: Callable[[], bool] | None,
) -> None:
    try:
        memory.execute("BEGIN")
        deal_rows.copy_rows(memory, conn, as_of, rules, strategic=strategic, cancelled=cancelled)
        memory.commit()
    except BaseException:
        memory.close()
        raise


def build_store(
    conn: Connection,
    as_of: date,
    rules: Rules,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    others: bool = True,
) -> DealStore:
    """Return a new in-memory database of the strategic open deals with their signals, and
    (unless `others` is False) every other open deal too."""
    memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    memory.executescript(_SCHEMA)
    if progress is not None:
        progress(0.1, "Reading the strategic deals")
    _fill(memory, conn, as_of, rules, True, cancelled)
    if others:
        if progress is not None:
            progress(0.6, "Reading the other open deals")
        _fill(memory, conn, as_of, rules, False, cancelled)
    return memory


def snapshot(memory: DealStore) -> bytes:
    """Return the store as bytes (for `add_other_deals` on another thread)."""
    return memory.serialize()


def add_other_deals(
    strategic: bytes,
    conn: Connection,
    as_of: date,
    rules: Rules,
    cancelled: Callable[[], bool] | None = None,
) -> DealStore:
    """Return a new store: the strategic one (a `snapshot`) with the other open deals added.

    Pass the snapshot as the only reference to it (`add_other_deals(held.pop(), ...)`): it is
    let go once copied in, before the other deals are read.
    """
    memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    memory.deserialize(strategic)
    del strategic  # 7 MB on the large demo
    _fill(memory, conn, as_of, rules, False, cancelled)
    return memory


@dataclass(frozen=True)
class SignalRow:
    """What the planning engine says about one deal, ready to store."""

    pk: int
    stalled: bool
    score: float
    codes: tuple[str, ...]
    details: tuple[tuple[str, str, bool], ...]  # (code, plain words, stalls)


def deal_signals(conn: Connection, as_of: date, rules: Rules) -> list[SignalRow]:
    """Return the strategic open deals' signals from the planning engine (the reference the
    store's SQL signals are checked and timed against)."""
    from fieldvisit import planning

    return [
        SignalRow(
            pk=d.deal_pk,
            stalled=d.stalled,
            score=d.score,
            codes=tuple(s.code for s in d.signals),
            details=tuple((s.code, s.detail, s.stalls) for s in d.signals),
        )
        for d in planning.open_deal_signals(conn, as_of, rules, strategic_only=True)
    ]


def apply_signals(memory: sqlite3.Connection, rows: Sequence[SignalRow]) -> None:
    """Write planning's signals into the store (one transaction)."""
    memory.execute("BEGIN")
    memory.executemany(
        "UPDATE deal_row SET stalled = ?, score = ?, signals = ? WHERE pk = ?",
        [(int(r.stalled), r.score, ",".join(r.codes), r.pk) for r in rows],
    )
    memory.commit()


def owners(memory: sqlite3.Connection) -> list[tuple[int, str]]:
    """Return the reps who own open deals, by name."""
    return list(
        memory.execute("SELECT DISTINCT owner_pk, owner FROM deal_row ORDER BY owner, owner_pk")
    )


def stored_signals(memory: sqlite3.Connection | None, deal_pk: int) -> str:
    """Return a deal's signal codes as the store holds them (comma-separated; "" when none)."""
    if memory is None:
        return ""
    found = memory.execute("SELECT signals FROM deal_row WHERE pk = ?", (deal_pk,)).fetchone()
    return str(found[0]) if found else ""


def signal_details(conn: Connection, deal_pk: int, as_of: date, rules: Rules, codes: str) -> str:
    """Return a deal's signals in planning's words as JSON of (code, words, stalls), for the
    codes the table shows (`stored_signals`); "[]" when it shows none."""
    if not codes:
        return "[]"
    from fieldvisit.planning.signals import signals_for_deal

    shown = set(codes.split(","))
    found = signals_for_deal(conn, deal_pk, as_of, rules)
    return json.dumps([(s.code, s.detail, s.stalls) for s in found.signals if s.code in shown])


@dataclass(frozen=True)
class DealFilter:
    """What the user narrowed the table to."""

    text: str = ""
    stalled_only: bool = False
    strategic_only: bool = True
    stage: str | None = None
    owner_pk: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        """Return the WHERE clause (possibly empty) and its parameters."""
        parts: list[str] = []
        params: list[Any] = []
        for word in self.text.lower().split():
            parts.append(SEARCH_SQL)
            params.extend([like_pattern(word)] * SEARCH_PARAMS)
        if self.stalled_only:
            parts.append("stalled = 1")
        if self.strategic_only:
            parts.append("strategic = 1")
        if self.stage:
            parts.append("stage = ?")
            params.append(self.stage)
        if self.owner_pk is not None:
            parts.append("owner_pk = ?")
            params.append(self.owner_pk)
        return (" WHERE " + " AND ".join(parts) if parts else ""), params


class DealRow(NamedTuple):
    """One row of the deals table as the store holds it."""

    pk: int
    account: str
    account_city: str | None
    deal: str
    stage: str
    days_in_stage: int | None
    amount: float | None
    currency: str | None
    last_activity: str | None  # the store's date text
    last_exec: str | None
    owner: str
    strategic: bool
    stalled: bool
    score: float
    signals: str  # signal codes, comma-separated


_SELECT = (
    "SELECT pk, account, account_city, deal, stage, days_in_stage, amount, currency, "
    "last_activity, last_exec, owner, strategic, stalled, score, signals FROM deal_row"
)


def count_rows(memory: sqlite3.Connection, wanted: DealFilter) -> int:
    """Return how many deals the filter keeps."""
    where, params = wanted.where()
    return int(memory.execute(f"SELECT count(*) FROM deal_row{where}", params).fetchone()[0])


def page_rows(
    memory: sqlite3.Connection,
    wanted: DealFilter,
    sort_key: str,
    descending: bool,
    limit: int,
    offset: int = 0,
) -> list[DealRow]:
    """Return one page of the filtered deals sorted by `sort_key` (one of SORT_KEYS)."""
    if sort_key not in SORT_KEYS:
        raise ValueError(f"Cannot sort the deals by {sort_key!r}.")
    where, params = wanted.where()
    direction = "DESC" if descending else "ASC"
    # Ties (and the score before signals arrive) fall back to the biggest deals first.
    tail = ", amount DESC, pk" if sort_key != "amount" else ", pk"
    if offset >= DEEP_OFFSET:
        _index_for_deep_pages(memory, sort_key)
    sql = f"{_SELECT}{where} ORDER BY {sort_key} {direction}{tail} LIMIT ? OFFSET ?"
    rows = memory.execute(sql, [*params, limit, offset]).fetchall()
    return [
        DealRow(
            pk=int(pk),
            account=account,
            account_city=city,
            deal=deal,
            stage=stage,
            days_in_stage=days,
            amount=amount,
            currency=currency,
            last_activity=last_activity,
            last_exec=last_exec,
            owner=owner,
            strategic=bool(strategic),
            stalled=bool(stalled),
            score=float(score),
            signals=str(signals),
        )
        for (
            pk,
            account,
            city,
            deal,
            stage,
            days,
            amount,
            currency,
            last_activity,
            last_exec,
            owner,
            strategic,
            stalled,
            score,
            signals,
        ) in rows
    ]
