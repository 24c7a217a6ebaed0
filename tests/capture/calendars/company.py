"""The demo workspace's facts the calendars are built from, read with plain SQL, and the cast:
which executives own which calendar and which accounts each meeting is with.

Every choice is a rule over the workspace (never a hard-coded id), so the same calendars come out
of any demo seed; the rules keep the cases apart (no other visit of a chosen account nearby).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from fieldvisit.store import open_workspace
from tests.capture.calendars.zones import WINDOWS_ZONES, has_daylight_saving

# An account touched by any visit this close to the as-of date is not used for a new case: a
# capture merging into it would be an accident, not the case under test.
QUIET_BEFORE = timedelta(days=120)
QUIET_AFTER = timedelta(days=60)
MIN_CONTACTS = 3
MERGE_LOOKBACK = timedelta(days=30)


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class Executive:
    id: int
    name: str
    email: str
    tz: str
    city: str

    @property
    def person(self) -> Person:
        return Person(self.name, self.email)


@dataclass(frozen=True)
class Account:
    id: int
    external_id: str
    name: str
    city: str
    country: str
    tz: str
    lat: float
    lon: float
    domain: str  # the one domain of its contacts' e-mails (the demo's accounts have no website)
    contacts: tuple[Person, ...]
    owner_rep: Person | None

    @property
    def address(self) -> str:
        return f"{self.name}, {self.city}, {self.country}"


@dataclass(frozen=True)
class DemoVisit:
    """A done visit already in the workspace, which one calendar meeting must merge into."""

    id: int
    external_id: str
    account_id: int
    executive_id: int
    start: datetime
    end: datetime
    location: str | None


@dataclass(frozen=True)
class Cast:
    """Who owns which calendar and which account plays which part in the cases."""

    executives: dict[str, Executive]  # role -> executive: outlook, google, apple, guest, declining
    accounts: dict[str, Account]  # role -> account (see cases.ACCOUNT_ROLES)
    merge_visit: DemoVisit
    our_domains: tuple[str, ...]
    all_domains: frozenset[str]  # every account's domain (to pick a domain that is none of them)


def _utc(value: object) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[1].lower()


def read_cast(workspace: Path, as_of: date, account_roles: tuple[str, ...]) -> Cast:
    """Read the workspace at `workspace` and choose the cast for calendars as of `as_of`."""
    ws = open_workspace(workspace)
    try:
        with ws.connect() as conn:
            executives = conn.execute(
                text(
                    "SELECT id, name, email, tz, home_city FROM executive "
                    "WHERE email IS NOT NULL AND tz IS NOT NULL ORDER BY id"
                )
            ).all()
            reps = {
                r.id: Person(r.name, r.email)
                for r in conn.execute(text("SELECT id, name, email FROM rep")).all()
                if r.email
            }
            accounts = conn.execute(
                text(
                    "SELECT id, external_id, name, city, country, tz, lat, lon, owner_rep_id "
                    "FROM account ORDER BY id"
                )
            ).all()
            contacts = conn.execute(
                text(
                    "SELECT account_id, name, email FROM contact "
                    "WHERE email IS NOT NULL AND email <> '' ORDER BY id"
                )
            ).all()
            visits = conn.execute(
                text(
                    'SELECT v.id, v.external_id, v.account_id, v.start, v."end", v.location, '
                    "v.status, group_concat(ve.executive_id) AS execs FROM visit v "
                    "LEFT JOIN visit_executive ve ON ve.visit_id = v.id GROUP BY v.id"
                )
            ).all()
    finally:
        ws.close()

    people: dict[int, list[Person]] = {}
    owners_of_domain: dict[str, set[int]] = {}
    for c in contacts:
        people.setdefault(c.account_id, []).append(Person(c.name, c.email.lower()))
        owners_of_domain.setdefault(_domain(c.email), set()).add(c.account_id)
    noon = datetime.combine(as_of, datetime.min.time(), UTC) + timedelta(hours=12)
    busy = {
        v.account_id for v in visits if noon - QUIET_BEFORE <= _utc(v.start) <= noon + QUIET_AFTER
    }

    def usable(row: Any) -> Account | None:
        found = people.get(row.id, [])
        domains = {_domain(p.email) for p in found}
        if len(found) < MIN_CONTACTS or len(domains) != 1:
            return None
        domain = domains.pop()
        if owners_of_domain[domain] != {row.id} or row.tz not in WINDOWS_ZONES:
            return None
        if row.lat is None or row.lon is None:
            return None
        return Account(
            row.id,
            row.external_id,
            row.name,
            row.city or "",
            row.country or "",
            row.tz,
            float(row.lat),
            float(row.lon),
            domain,
            tuple(found),
            reps.get(row.owner_rep_id),
        )

    by_id = {a.id: a for a in accounts}
    execs = [Executive(e.id, e.name, e.email.lower(), e.tz, e.home_city or "") for e in executives]
    exec_by_id = {e.id: e for e in execs}

    merge, merge_account = _merge_visit(visits, by_id, exec_by_id, usable, noon, as_of.year)
    chosen: dict[str, Account] = {"merge": merge_account}
    for row in accounts:
        if len(chosen) == len(account_roles) + 1:
            break
        if row.id in busy or row.id == merge.account_id:
            continue
        account = usable(row)
        if account is not None:
            chosen[account_roles[len(chosen) - 1]] = account
    if len(chosen) < len(account_roles) + 1:
        raise ValueError(
            f"{workspace}: only {len(chosen) - 1} quiet accounts with {MIN_CONTACTS}+ contacts; "
            f"the calendar cases need {len(account_roles)}"
        )

    roles = _executive_roles(execs, exec_by_id[merge.executive_id], as_of.year)
    ours = sorted({_domain(e.email) for e in execs} | {_domain(p.email) for p in reps.values()})
    return Cast(roles, chosen, merge, tuple(ours), frozenset(owners_of_domain))


def _merge_visit(
    visits: Any,
    by_id: Any,
    exec_by_id: dict[int, Executive],
    usable: Any,
    noon: datetime,
    year: int,
) -> tuple[DemoVisit, Account]:
    """Return the latest done one-executive visit of the last month a meeting can merge into."""
    candidates = []
    for v in visits:
        execs = [int(x) for x in str(v.execs or "").split(",") if x]
        if v.status != "done" or len(execs) != 1 or execs[0] not in exec_by_id:
            continue
        start, end = _utc(v.start), _utc(v.end) if v.end else None
        if end is None or end - start < timedelta(hours=1):
            continue
        if not noon - MERGE_LOOKBACK <= start <= noon - timedelta(days=2):
            continue
        if not has_daylight_saving(exec_by_id[execs[0]].tz, year):
            continue  # the Outlook calendar should carry a zone with both rules
        if exec_by_id[execs[0]].tz not in WINDOWS_ZONES:
            continue
        account = usable(by_id[v.account_id])
        if account is not None:
            candidates.append(
                (start, DemoVisit(v.id, v.external_id, v.account_id, execs[0], start, end,
                                  v.location), account)
            )  # fmt: skip
    if not candidates:
        raise ValueError("no done one-executive visit in the last month to merge a meeting into")
    _, visit, account = max(candidates, key=lambda c: c[0])
    return visit, account


def _executive_roles(execs: list[Executive], outlook: Executive, year: int) -> dict[str, Executive]:
    """Outlook: the merge visit's executive; Google, Apple: others in other zones; then guests."""
    roles = {"outlook": outlook}
    rest = [e for e in execs if e.id != outlook.id]
    google = next(e for e in rest if has_daylight_saving(e.tz, year) and e.tz != outlook.tz)
    roles["google"] = google
    rest.remove(google)
    apple = next(e for e in rest if e.tz not in (outlook.tz, google.tz))
    roles["apple"] = apple
    rest.remove(apple)
    roles["guest"], roles["declining"] = rest[0], rest[1]
    return roles
