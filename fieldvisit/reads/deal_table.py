"""The deals table's own small database: one row per open deal, in memory, indexed for sorting.

Built in two steps on a worker thread so the page never waits on the slow part:

1. `build_store` copies every open deal's facts (account, stage, days in stage, amount, last
   activity, last executive visit, owner) from the workspace with one query (~1 s for 100,000
   deals) into an in-memory SQLite database with an index per sortable column;
2. `deal_signals` asks the planning engine for the strategic deals' signals, and
   `apply_signals` writes them in (a few thousand small updates).

The table model then pages through it with `count_rows` and `page_rows` (ORDER BY / WHERE /
LIMIT, the filter a `DealFilter`): sorting and filtering 100,000 rows take milliseconds and only
the rows on screen become Python objects, each a named `DealRow`. No Qt here.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple, TypeAlias

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import Cancelled
from fieldvisit.planning.money import BIG_DEAL_SQL, strategic_params
from fieldvisit.reads.search import like_pattern
from fieldvisit.settings import Rules

# The deals table's in-memory store, as `build_store` makes it and the pages hold it.
DealStore: TypeAlias = sqlite3.Connection

CHUNK = 5_000

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
    details TEXT NOT NULL DEFAULT '[]',
    search TEXT NOT NULL
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
# Indexed: each column it sorts by, and the owner it filters by.
SORT_INDEXES = (*SORT_KEYS, "owner_pk")

# Every open deal with what the table shows; last activity counts visits on the deal too.
# (`+v.status` keeps SQLite on the deal index: the status index would scan every done visit.)
_SOURCE_SQL = f"""
SELECT d.id, a.name, a.city, d.name, d.stage, d.stage_entered_on, d.amount, d.currency,
       (d.strategic OR a.tier = 'strategic' OR coalesce({BIG_DEAL_SQL}, 0)),
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


def _days_between(start: object, as_of: date) -> int | None:
    if not start:
        return None
    try:
        return (as_of - date.fromisoformat(str(start)[:10])).days
    except ValueError:
        return None


def build_store(
    conn: Connection,
    as_of: date,
    rules: Rules,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> sqlite3.Connection:
    """Return a new in-memory database holding every open deal's row (signals still empty)."""
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    memory.executescript(_SCHEMA)
    stage_pos = {name: n for n, name in enumerate(rules.pipeline)}
    total = conn.execute(text("SELECT count(*) FROM deal WHERE status = 'open'")).scalar() or 1
    result = conn.execute(text(_SOURCE_SQL), strategic_params(rules))
    insert = (
        "INSERT INTO deal_row (pk, account, account_city, deal, stage, stage_pos, days_in_stage, "
        "amount, currency, last_activity, last_exec, owner, owner_pk, strategic, search) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    done = 0
    while True:
        rows = result.fetchmany(CHUNK)
        if not rows:
            break
        if cancelled is not None and cancelled():
            memory.close()
            raise Cancelled("Loading deals was cancelled.")
        memory.executemany(
            insert,
            [
                (
                    pk,
                    account,
                    city,
                    deal,
                    stage,
                    stage_pos.get(stage, len(stage_pos)),
                    _days_between(entered, as_of),
                    amount,
                    currency,
                    last_activity or None,
                    last_exec,
                    owner,
                    owner_pk,
                    int(bool(strategic)),
                    f"{account} {deal} {owner} {city or ''}".lower(),
                )
                for (
                    pk,
                    account,
                    city,
                    deal,
                    stage,
                    entered,
                    amount,
                    currency,
                    strategic,
                    owner,
                    owner_pk,
                    last_activity,
                    last_exec,
                ) in rows
            ],
        )
        done += len(rows)
        if progress is not None:
            progress(min(0.95, done / total), f"{done:,} of {total:,} deals read")
    # An index per sort key: a page of 200 then walks the index instead of sorting every row
    # (about 20 ms instead of 100 ms at 100,000 deals) for some 20 MB of memory.
    for column in SORT_INDEXES:
        memory.execute(f"CREATE INDEX ix_{column} ON deal_row ({column}, pk)")
    memory.execute("CREATE INDEX ix_stalled ON deal_row (stalled, strategic)")
    memory.commit()
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
    """Return the strategic open deals' signals from the planning engine."""
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
    """Write signals into the store (one transaction)."""
    memory.executemany(
        "UPDATE deal_row SET stalled = ?, score = ?, signals = ?, details = ? WHERE pk = ?",
        [(int(r.stalled), r.score, ",".join(r.codes), json.dumps(r.details), r.pk) for r in rows],
    )
    memory.commit()


def owners(memory: sqlite3.Connection) -> list[tuple[int, str]]:
    """Return the reps who own open deals, by name."""
    return list(
        memory.execute("SELECT DISTINCT owner_pk, owner FROM deal_row ORDER BY owner, owner_pk")
    )


def signal_details(memory: sqlite3.Connection | None, deal_pk: int) -> str:
    """Return a deal's signals as stored (JSON of (code, words, stalls)); "[]" when none."""
    if memory is None:
        return "[]"
    found = memory.execute("SELECT details FROM deal_row WHERE pk = ?", (deal_pk,)).fetchone()
    return str(found[0]) if found else "[]"


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
            parts.append("search LIKE ? ESCAPE '\\'")
            params.append(like_pattern(word))
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
