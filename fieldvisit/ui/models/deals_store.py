"""The deals table's own small database: one row per open deal, in memory, indexed for sorting.

Built in two steps on a worker thread so the page never waits on the slow part:

1. `build_store` copies every open deal's facts (account, stage, days in stage, amount, last
   activity, last executive visit, owner) from the workspace with one query (~1 s for 100,000
   deals) into an in-memory SQLite database with an index per sortable column;
2. `deal_signals` asks the planning engine for the strategic deals' signals, and
   `apply_signals` writes them in (a few thousand small updates).

The table model then pages through it with ORDER BY / WHERE / LIMIT: sorting and filtering
100,000 rows take milliseconds and only the rows on screen become Python objects.
No Qt here.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import Cancelled
from fieldvisit.planning.money import BIG_DEAL_SQL, strategic_params
from fieldvisit.settings import Rules

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

SORT_INDEXES = (
    "account",
    "deal",
    "stage_pos",
    "days_in_stage",
    "amount",
    "last_activity",
    "last_exec",
    "score",
    "owner_pk",
)

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
