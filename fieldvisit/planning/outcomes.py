"""What became of each suggestion, and whether acting on suggestions moved deals.

A suggestion ends one of four ways: planned (a visit was planned for the deal), snoozed (with a
reason), dismissed ("not relevant", with a reason) or ignored (none of these). The actions that
plan and snooze record their outcome here; `dismiss` is the third. A dismissal holds the deal out
of suggestions until its stage changes or someone brings it back.

`suggestion_impact` is Impact's second measure: over the same period and window as the visit
measure, stalled strategic deals whose suggestion was acted on (a visit planned) against those
whose suggestion was not, and how many of each advanced a stage within the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.planning.results import Cohort
from fieldvisit.store.offline import refuse_offline
from fieldvisit.store.times import now_text, to_date

OUTCOMES = ("planned", "snoozed", "dismissed")


@dataclass(frozen=True)
class SuggestionImpact:
    """Acted on against not acted on, same period and window as the visit measure."""

    period_start: date
    period_end: date
    window_days: int
    acted: Cohort
    not_acted: Cohort
    snoozed: int  # of the not acted on: snoozed, dismissed, or ignored (no outcome at all)
    dismissed: int
    ignored: int


def record(
    conn: Connection,
    deal_pk: int,
    outcome: str,
    day: date,
    *,
    reason: str = "",
    executive_pk: int | None = None,
    visit_pk: int | None = None,
) -> None:
    """Record what became of a deal's suggestion on `day` (the as-of day of the decision)."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown suggestion outcome {outcome!r}")
    stage = conn.execute(text("SELECT stage FROM deal WHERE id = :pk"), {"pk": deal_pk}).scalar()
    if stage is None:
        raise NotFound(f"No deal with key {deal_pk} in this workspace.")
    conn.execute(
        text(
            "INSERT INTO suggestion_outcome(deal_id, outcome, reason, day, executive_id, "
            "visit_id, stage, active, recorded_at) VALUES (:deal, :outcome, :reason, :day, "
            ":exec, :visit, :stage, TRUE, :now)"
        ),
        {
            "deal": deal_pk,
            "outcome": outcome,
            "reason": reason.strip(),
            "day": day.isoformat(),
            "exec": executive_pk,
            "visit": visit_pk,
            "stage": stage,
            "now": now_text(),
        },
    )


def lock_deal(conn: Connection, deal_pk: int) -> str:
    """Take the deal's lock for this transaction and return its status (NotFound: no such deal).

    On PostgreSQL a transaction-long advisory lock per deal, so a deal's snoozes and dismissals
    (and their undo and redo) change one transaction at a time: a second one waits, then checks
    what the first left. Not the deal's row lock: an import updating deals would hold that for
    its whole transaction, and a snooze or an undo would wait for it. On a file the writer's lock
    already serialises them.
    """
    from fieldvisit.store.team import take_lock

    take_lock(conn, "deal", deal_pk)
    status = conn.execute(text("SELECT status FROM deal WHERE id = :pk"), {"pk": deal_pk}).scalar()
    if status is None:
        raise NotFound(f"No deal with key {deal_pk} in this workspace.")
    return str(status)


def dismiss(conn: Connection, deal_pk: int, reason: str, day: date) -> None:
    """Dismiss a deal's suggestion as not relevant, with a reason; it stays out of suggestions
    until the deal's stage changes or `bring_back`."""
    if not reason.strip():
        raise FieldVisitError("Say why the suggestion is not relevant (--reason).")
    status = lock_deal(conn, deal_pk)
    if status != "open":
        raise FieldVisitError(f"The deal is {status}; only open deals are suggested.")
    refuse_offline(conn, "dismissal")  # sync does not carry dismissals (`store.offline`)
    record(conn, deal_pk, "dismissed", day, reason=reason)


def bring_back(conn: Connection, deal_pk: int) -> bool:
    """End a deal's running dismissal; return whether there was one."""
    refuse_offline(conn, "dismissal")
    done = conn.execute(
        text(
            "UPDATE suggestion_outcome SET active = FALSE "
            "WHERE deal_id = :pk AND outcome = 'dismissed' AND active = TRUE"
        ),
        {"pk": deal_pk},
    )
    return bool(done.rowcount)


def dismissed(conn: Connection, deal_pk: int | None = None) -> dict[int, tuple[date, str]]:
    """Return deal pk → (day, reason) of running dismissals (the deal still in that stage), of
    every deal or of one."""
    rows = conn.execute(
        text(
            "SELECT o.deal_id, o.day, o.reason FROM suggestion_outcome o "
            "JOIN deal d ON d.id = o.deal_id "
            "WHERE o.outcome = 'dismissed' AND o.active = TRUE AND d.stage = o.stage "
            "AND (CAST(:pk AS integer) IS NULL OR o.deal_id = :pk) "
            "ORDER BY o.deal_id, o.day DESC, o.id DESC"
        ),
        {"pk": deal_pk},
    )
    found: dict[int, tuple[date, str]] = {}
    for deal_pk, day, reason in rows:
        found.setdefault(deal_pk, (to_date(day) or date.min, reason))
    return found
