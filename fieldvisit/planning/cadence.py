"""Executive-touch cadence: when each account is next due for an executive, and what is overdue.

Each account tier may have a cadence (`Rules.cadence_days`: strategic every 90 days, key every
180; a tier without an entry has none). An executive touch is what the `no_exec_touch` signal
counts, read with the same query (facts' last executive visit per account: a done visit with at
least one executive, up to the as-of day). The next touch is due `cadence` days after the last one; an account no executive ever met
is due now. An account belongs to the executives who met it last; one never met has nobody yet
(an account's owner is a rep, not an executive).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError
from fieldvisit.planning.facts import _EXEC_VISITS_SQL as LAST_EXEC_TOUCH_SQL
from fieldvisit.planning.facts import fetch_all
from fieldvisit.planning.periods import ts, ts_after
from fieldvisit.settings import Rules
from fieldvisit.store.dialect import dialect_named, dialect_of

DUE_SOON_DAYS = 30  # "due in the coming month"
CADENCE_MAX_DAYS = 730

NEVER_MET, OVERDUE, DUE_SOON, LATER = "never_met", "overdue", "due_soon", "later"
STATUSES = (NEVER_MET, OVERDUE, DUE_SOON, LATER)

# The executives at each account's last touch (several when they went together).
_LAST_TOUCH_SQL = f"""
WITH last(account_id, start) AS ({LAST_EXEC_TOUCH_SQL.strip()})
SELECT last.account_id, {{last_day}}, ve.executive_id
FROM last
JOIN visit v ON v.account_id = last.account_id AND v.start = last.start AND v.status = 'done'
JOIN visit_executive ve ON ve.visit_id = v.id
"""

# The next planned executive visit from the as-of day on, so a due account shows it is in hand.
_PLANNED_SQL = """
SELECT v.account_id, MIN({start_day}) FROM visit v
WHERE v.status = 'planned' AND v.start >= :from_ts
  AND EXISTS (SELECT 1 FROM visit_executive ve WHERE ve.visit_id = v.id)
GROUP BY v.account_id
"""

_ACCOUNTS_SQL = """
SELECT id, external_id, name, tier, city FROM account
WHERE tier IN {tiers}
"""


@cache
def _sql(name: str, engine: str) -> str:
    d = dialect_named(engine)
    found: str = globals()[name]
    return found.format(
        last_day=d.date_of("last.start"),
        start_day=d.date_of("v.start"),
        tiers=d.texts_in_json("tiers"),
    )


class CadenceError(FieldVisitError):
    """A cadence setting that cannot be used."""


@dataclass(frozen=True)
class DueExecutive:
    """An executive as the stay-in-touch view names them."""

    email: str  # the address, or the name of one a CRM only named
    name: str


@dataclass(frozen=True)
class DueAccount:
    """One account with a cadence: its last executive touch and when the next one is due."""

    account_pk: int
    account_id: str
    name: str
    tier: str
    city: str | None
    cadence_days: int
    last_touch_on: date | None  # None: no executive has met them
    executives: tuple[DueExecutive, ...]  # at the last touch; empty when never met
    due_on: date | None  # last touch + cadence; None when never met (due now)
    days_until_due: int | None  # negative when overdue; None when never met
    status: str  # never_met, overdue, due_soon, later
    planned_on: date | None  # the next planned executive visit, if any

    @property
    def days_overdue(self) -> int | None:
        """Days past the due date (0 when not overdue; None when never met)."""
        return None if self.days_until_due is None else max(0, -self.days_until_due)

    @property
    def needs_touch(self) -> bool:
        """Whether the account is overdue, never met, or due within the coming month."""
        return self.status != LATER


@dataclass(frozen=True)
class Cadence:
    """Every account with a cadence as of a day: never met first, then by due date."""

    as_of: date
    horizon_days: int
    cadence_days: dict[str, int]
    accounts: tuple[DueAccount, ...]
    executives: tuple[DueExecutive, ...]  # everyone who owns at least one account here

    def count(self, status: str) -> int:
        """Return how many accounts have this status."""
        return sum(1 for a in self.accounts if a.status == status)


def cadence_by_tier(rules: Rules) -> dict[str, int]:
    """Return tier → cadence days for the tiers that have one (a positive number of days)."""
    return {tier: int(days) for tier, days in rules.cadence_days.items() if int(days) > 0}


def check_cadence(cadence: dict[str, int]) -> dict[str, int]:
    """Return the cadence per tier cleaned up (no entry: no cadence), or raise CadenceError."""
    from fieldvisit.store.models import TIERS  # not at the top: the ORM is not for every read

    cleaned: dict[str, int] = {}
    for tier, days in cadence.items():
        if tier not in TIERS:
            raise CadenceError(f"No account tier {tier!r}; the tiers are {', '.join(TIERS)}.")
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= CADENCE_MAX_DAYS:
            raise CadenceError(
                f"The cadence for {tier} accounts must be 0 (none) to {CADENCE_MAX_DAYS} days; "
                f"got {days!r}."
            )
        if days:
            cleaned[tier] = days
    return cleaned


def _status(due: date | None, as_of: date, horizon: int) -> str:
    if due is None:
        return NEVER_MET
    if due < as_of:
        return OVERDUE
    return DUE_SOON if due <= as_of + timedelta(days=horizon) else LATER


def cadence(
    conn: Connection,
    as_of: date,
    rules: Rules,
    *,
    horizon_days: int = DUE_SOON_DAYS,
) -> Cadence:
    """Return every account whose tier has a cadence, with its last touch and next due date."""
    by_tier = cadence_by_tier(rules)
    engine = dialect_of(conn).name
    people = {
        pk: DueExecutive(email or name, name)
        for pk, email, name in fetch_all(conn, "SELECT id, email, name FROM executive", {})
    }
    last: dict[int, date] = {}
    who: dict[int, list[DueExecutive]] = defaultdict(list)
    for account_pk, day, exec_pk in fetch_all(
        conn, _sql("_LAST_TOUCH_SQL", engine), {"end_ts": ts_after(as_of)}
    ):
        last[account_pk] = date.fromisoformat(day)
        who[account_pk].append(people[exec_pk])
    planned = {
        pk: date.fromisoformat(day)
        for pk, day in fetch_all(conn, _sql("_PLANNED_SQL", engine), {"from_ts": ts(as_of)})
    }
    out = []
    rows = fetch_all(conn, _sql("_ACCOUNTS_SQL", engine), {"tiers": json.dumps(sorted(by_tier))})
    for pk, ext, name, tier, city in rows:
        days = by_tier[tier]
        touched = last.get(pk)
        due = touched + timedelta(days=days) if touched else None
        out.append(
            DueAccount(
                account_pk=pk,
                account_id=ext,
                name=name,
                tier=tier,
                city=city,
                cadence_days=days,
                last_touch_on=touched,
                executives=tuple(sorted(who.get(pk, ()), key=lambda e: e.email)),
                due_on=due,
                days_until_due=(due - as_of).days if due else None,
                status=_status(due, as_of, horizon_days),
                planned_on=planned.get(pk),
            )
        )
    out.sort(key=due_order)
    owners = {e for a in out for e in a.executives}
    return Cadence(
        as_of=as_of,
        horizon_days=horizon_days,
        cadence_days=by_tier,
        accounts=tuple(out),
        executives=tuple(sorted(owners, key=lambda e: (e.name.casefold(), e.email))),
    )


def due_order(a: DueAccount) -> tuple[bool, date, str, str]:
    """Sort key: never met first, then the earliest due date, then by name."""
    return (a.due_on is not None, a.due_on or date.min, a.name.casefold(), a.account_id)


def due_accounts(
    result: Cadence, *, executive: str | None = None, everything: bool = False
) -> list[DueAccount]:
    """Return the accounts due for a touch (overdue, never met, due within the horizon).

    `executive` (an e-mail or, for one a CRM only named, the name; any case) keeps the accounts
    that executive met last; `everything` keeps the accounts due later too.
    """
    wanted = executive.casefold() if executive is not None else None
    return [
        a
        for a in result.accounts
        if (everything or a.needs_touch)
        and (wanted is None or any(e.email.casefold() == wanted for e in a.executives))
    ]
