"""What a correct import of each route must give: counts, executives, stalled deals, visits, changes.

Stalled follows Field Visit's default rules (fieldvisit.settings.Rules): an open deal is stalled
when it has been in its stage more than 30 days, has had no past activity for 21 days or more, or
its close date was pushed twice or has passed. The deals are built far from those thresholds, so
the answer does not hinge on a day; what a route does not carry cannot count (no activities: idle
since creation; no stage dates: the stage counts from the import day; no history: no pushes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tests.ingest.crm.company import EXPORTS, WON, DealState, Snapshot, snapshot

STAGE_LIMIT_DAYS = 30
IDLE_DAYS = 21
CLOSE_PUSHES = 2
EXECUTIVE_KEYS = ("U1", "U2", "U3", "U4", "U5")


@dataclass(frozen=True)
class Carries:
    """What a route's files hold, which decides what a correct import can know."""

    users: str  # "titles" (users with job titles), "names" (users without titles), "none"
    contacts: bool
    stage_dates: str  # "history" (every entry dated), "entered" (date per stage), "last", "none"
    close_pushes: bool  # a history of close-date changes (Salesforce OpportunityHistory)
    activities: frozenset[str]  # the activity kinds exported: call, email, task, meeting
    visits: str  # "invitees" (executives among attendees), "owner" (an executive owns it), "none"
    account_ids: bool  # deals point at accounts by id (else by name)


@dataclass(frozen=True)
class Visit:
    account: str
    executive: str
    day: date
    done: bool


@dataclass(frozen=True)
class Answers:
    """A correct import of the route at `time` (after importing the earlier export, for time 2)."""

    as_of: date
    accounts: int
    contacts: int
    contacts_without_account: tuple[str, ...]
    open_deals: int
    won_deals: int
    lost_deals: int
    skipped_deals: tuple[str, ...]  # listed in the file but not to import (Pipedrive: deleted)
    reps: tuple[str, ...]  # names of the users who own accounts or deals
    executive_levels: dict[str, str]  # e-mail address → level (C, SVP, VP)
    executive_levels_by_name: dict[str, str]  # name → level, for CRMs that only give names
    executives_from_titles: bool  # False: the user must say who the executives are
    stalled_deals: frozenset[str]
    ambiguous_account_names: tuple[str, ...]  # names that stand for two accounts: an error
    visits: tuple[Visit, ...]


@dataclass(frozen=True)
class StageMove:
    deal: str
    from_stage: str  # generic (Salesforce) stage names; README maps them per CRM
    to_stage: str
    at: datetime  # when the CRM says the deal entered the new stage (UTC)


@dataclass(frozen=True)
class CloseMove:
    deal: str
    old: date
    new: date
    at: datetime | None  # when the CRM recorded it (None: the export does not say)


@dataclass(frozen=True)
class Changes:
    """What export 2 changes over export 1, as a correct import records it."""

    stage_moves: tuple[StageMove, ...]
    close_moves: tuple[CloseMove, ...]
    won: tuple[str, ...]
    lost: tuple[str, ...]
    new_deals: tuple[str, ...]


def last_past_activity(snap: Snapshot, deal_key: str, kinds: frozenset[str]) -> date | None:
    days = [
        a.activity.at.date()
        for a in snap.activities
        if a.activity.deal == deal_key and a.done and a.activity.kind in kinds
    ]
    return max(days, default=None)


def _pushes(state: DealState, carries: Carries, time: int) -> int:
    if carries.close_pushes:
        return sum(1 for push, before in state.pushes if push.new > before)
    if time == 2:
        earlier = snapshot(1)
        old = next((d for d in earlier.deals if d.deal.key == state.deal.key), None)
        return int(old is not None and state.close_date > old.close_date)
    return 0


def is_stalled(state: DealState, snap: Snapshot, carries: Carries) -> bool:
    """Return whether Field Visit's default stall rules flag this open deal."""
    if state.status != "open":
        return False
    as_of = snap.as_of
    entered = state.stage_entered.date()
    if carries.stage_dates == "none":  # the import dates the stage it first sees
        first = next((d for d in snapshot(1).deals if d.deal.key == state.deal.key), None)
        unchanged = snap.time == 2 and first is not None and first.stage == state.stage
        entered = EXPORTS[1].date() if unchanged else as_of
    if (as_of - entered).days > STAGE_LIMIT_DAYS:
        return True
    last = last_past_activity(snap, state.deal.key, carries.activities)
    if (as_of - (last or state.deal.created.date())).days >= IDLE_DAYS:
        return True
    return _pushes(state, carries, snap.time) >= CLOSE_PUSHES or state.close_date < as_of


def _visits(snap: Snapshot, carries: Carries) -> tuple[Visit, ...]:
    found = []
    for state in snap.activities:
        a = state.activity
        if a.kind != "meeting" or carries.visits == "none":
            continue
        people = [a.owner, *(a.attendees if carries.visits == "invitees" else ())]
        for key in people:
            if key in EXECUTIVE_KEYS:
                found.append(
                    Visit(
                        snap.account(a.account).name, snap.user(key).name, a.at.date(), state.done
                    )
                )
    return tuple(sorted(found, key=lambda v: (v.day, v.executive)))


def answers(carries: Carries, time: int, crm: str) -> Answers:
    """Return what a correct import of a route carrying `carries` must give at `time`."""
    snap = snapshot(time)
    live = snap.live_deals()
    executives = [snap.user(k) for k in EXECUTIVE_KEYS]
    names = [a.pipedrive_name or a.name if crm == "pipedrive" else a.name for a in snap.accounts]
    ambiguous = (
        () if carries.account_ids else tuple(sorted({n for n in names if names.count(n) > 1}))
    )
    return Answers(
        as_of=snap.as_of,
        accounts=len(snap.accounts),
        contacts=sum(1 for c in snap.contacts if c.account) if carries.contacts else 0,
        contacts_without_account=tuple(c.name for c in snap.contacts if not c.account) if carries.contacts else (),
        open_deals=sum(1 for d in live if d.status == "open"),
        won_deals=sum(1 for d in live if d.status == "won"),
        lost_deals=sum(1 for d in live if d.status == "lost"),
        skipped_deals=tuple(d.deal.name for d in snap.deals if d.deal.deleted) if crm == "pipedrive" else (),
        reps=tuple(sorted({snap.user(d.deal.owner).name for d in live} | {snap.user(a.owner).name for a in snap.accounts})),
        executive_levels={u.email: u.level or "" for u in executives},
        executive_levels_by_name={u.name: u.level or "" for u in executives},
        executives_from_titles=carries.users == "titles",
        stalled_deals=frozenset(d.deal.name for d in live if is_stalled(d, snap, carries)),
        ambiguous_account_names=ambiguous,
        visits=_visits(snap, carries),
    )  # fmt: skip


def changes(carries: Carries) -> Changes:
    """Return what importing export 2 after export 1 records (with the CRM's own dates)."""
    one, two = snapshot(1), snapshot(2)
    before = {d.deal.key: d for d in one.live_deals()}
    moves: list[StageMove] = []
    closes: list[CloseMove] = []
    won: list[str] = []
    lost: list[str] = []
    for state in two.live_deals():
        old = before.get(state.deal.key)
        if old is None:
            continue
        if state.stage != old.stage:
            moves.append(StageMove(state.deal.name, old.stage, state.stage, state.stage_entered))
            (won if state.stage == WON else lost if state.status == "lost" else []).append(
                state.deal.name
            )
        if state.close_date != old.close_date:
            push = state.pushes[-1][0]
            when = push.at if carries.close_pushes else None
            closes.append(CloseMove(state.deal.name, old.close_date, state.close_date, when))
    new = tuple(d.deal.name for d in two.live_deals() if d.deal.key not in before)
    return Changes(tuple(moves), tuple(closes), tuple(won), tuple(lost), new)
