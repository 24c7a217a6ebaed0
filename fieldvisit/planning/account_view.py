"""One account as an executive reads it before walking in: `account_view(conn, pk, as_of, rules)`.

Everything the account page shows, read in one go on a worker: who the account is, executive
touches month by month, the circle of influence (coverage's query, for this one account), when
the next executive visit is due (cadence's rule), the open deals with their signals (signals'
`candidates`, never recomputed here), the people we know there, and a timeline of visits,
debriefs and open next steps. Executive touches count as coverage counts them: done visits with
at least one executive, on the UTC day of their start, up to the as-of day.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy.engine import Connection

from fieldvisit.capture.domains import stored_domains, website_domain
from fieldvisit.errors import NotFound
from fieldvisit.planning.cadence import DueAccount, cadence
from fieldvisit.planning.coverage import _params as coverage_params
from fieldvisit.planning.coverage import sql_for as coverage_sql
from fieldvisit.planning.facts import fetch_all, open_sql
from fieldvisit.planning.people import SENIORITY_ORDER
from fieldvisit.planning.periods import month_start, stored_utc, ts, ts_after
from fieldvisit.planning.results import CircleOfInfluence, DealSignals
from fieldvisit.planning.signals import candidates
from fieldvisit.settings import Rules
from fieldvisit.store.dialect import dialect_named, dialect_of
from fieldvisit.store.times import to_date

TOUCH_MONTHS = 24
TIMELINE_VISITS = 200  # the newest visits on the timeline (an account rarely has more)

_HEAD_SQL = """
SELECT a.id, a.external_id, a.name, a.industry, a.city, a.country, a.tier, r.name,
       a.domains, a.website, a.tz
FROM account a LEFT JOIN rep r ON r.id = a.owner_rep_id
WHERE a.id = :account
"""

# Done visits with an executive in the room, one row per (visit, executive).
_TOUCHES_SQL = """
SELECT v.id, {v_day}, e.name
FROM visit v
JOIN visit_executive ve ON ve.visit_id = v.id
JOIN executive e ON e.id = ve.executive_id
WHERE v.account_id = :account AND v.status = 'done' AND v.start >= :first_ts
  AND v.start < :end_ts
ORDER BY v.start, e.name
"""

# The customer's people our executives met (done executive visits up to the as-of day).
_MET_SQL = """
SELECT c.id, c.name, c.title, c.seniority, MAX({v_day}), COUNT(DISTINCT v.id)
FROM visit v
JOIN visit_contact vc ON vc.visit_id = v.id
JOIN contact c ON c.id = vc.contact_id
WHERE v.account_id = :account AND v.status = 'done' AND v.start < :end_ts
  AND EXISTS (SELECT 1 FROM visit_executive ve WHERE ve.visit_id = v.id)
GROUP BY c.id
"""

# Everyone at the account, with the last day they were engaged (an activity or a done visit).
# "{v_status}" keeps SQLite on the contact's visits instead of every done visit in the workspace.
_PEOPLE_SQL = """
SELECT c.id, c.name, c.title, c.seniority, c.decision_maker, c.email,
       (SELECT MAX(x.occurred_on) FROM activity_contact ac JOIN activity x ON x.id = ac.activity_id
         WHERE ac.contact_id = c.id AND x.occurred_on <= :as_of),
       (SELECT MAX({v_day}) FROM visit_contact vc JOIN visit v ON v.id = vc.visit_id
         WHERE vc.contact_id = c.id AND {v_status} = 'done' AND {v_start} < :end_ts)
FROM contact c WHERE c.account_id = :account
"""

_PLANNED_SQL = """
SELECT deal_id, MIN({day}) FROM visit
WHERE account_id = :account AND deal_id IS NOT NULL AND status = 'planned' AND start >= :from_ts
GROUP BY deal_id
"""

_SNOOZED_SQL = """
SELECT s.deal_id, MAX(s.until) FROM snooze s JOIN deal d ON d.id = s.deal_id
WHERE d.account_id = :account AND s.until > :as_of
GROUP BY s.deal_id
"""

_VISITS_SQL = """
SELECT v.id, v.start, v.status, v.mode, d.name,
       (SELECT {names} FROM visit_executive ve
          JOIN executive e ON e.id = ve.executive_id WHERE ve.visit_id = v.id),
       db.id, db.written_at, db.summary, db.sentiment
FROM visit v
LEFT JOIN deal d ON d.id = v.deal_id
LEFT JOIN debrief db ON db.visit_id = v.id
WHERE v.account_id = :account
ORDER BY v.start DESC, v.id DESC
LIMIT :limit
"""

_NEXT_STEPS_SQL = """
SELECT n.id, db.visit_id, n.text, n.owner, n.due_on
FROM next_step n JOIN debrief db ON db.id = n.debrief_id
WHERE db.visit_id IN {visits} AND n.done = FALSE
ORDER BY n.id
"""


def _sql(name: str, conn: Connection) -> str:
    """Return one of this module's queries for the engine of `conn`."""
    return _sql_for(name, dialect_of(conn).name)


@cache
def _sql_for(name: str, engine: str) -> str:
    d = dialect_named(engine)
    found: str = globals()[name]
    return found.format(
        v_day=d.date_of("v.start"),
        day=d.date_of("start"),
        v_status=d.unindexed("v.status"),
        v_start=d.unindexed("v.start"),
        names=d.group_concat_by("e.name", ", ", "ve.executive_id"),
        visits=d.ids_in_json("visits"),
    )


@dataclass(frozen=True)
class MonthTouches:
    """Done executive visits at the account in one calendar month."""

    month: date  # the first day of the month
    visits: int
    executives: tuple[str, ...]  # names, each once, alphabetical


@dataclass(frozen=True)
class PersonMetThere:
    """Someone at the account an executive met, and when last."""

    contact_pk: int
    name: str
    title: str | None
    seniority: str | None
    last_met_on: date
    visits: int


@dataclass(frozen=True)
class AccountPerson:
    """A contact at the account: who they are and when we last engaged them."""

    contact_pk: int
    name: str
    title: str | None
    seniority: str | None
    decision_maker: bool
    email: str | None
    last_engaged_on: date | None  # an activity or a done visit, up to the as-of day


@dataclass(frozen=True)
class AccountDeal:
    """An open deal at the account with its signals (from `planning.signals`)."""

    signals: DealSignals
    planned_on: date | None  # the next planned visit on this deal, from the as-of day on
    snoozed_until: date | None


@dataclass(frozen=True)
class NextStepLine:
    """An open next step agreed in a debrief."""

    pk: int
    text: str
    owner: str | None
    due_on: date | None


@dataclass(frozen=True)
class TimelineVisit:
    """A visit with its debrief (if written) and the debrief's open next steps."""

    visit_pk: int
    start: datetime  # aware, UTC
    status: str  # planned, done, cancelled
    mode: str
    deal_name: str | None
    executives: str  # names, comma-separated; empty when none went
    debrief_written_at: datetime | None
    summary: str
    sentiment: str | None
    next_steps: tuple[NextStepLine, ...]


@dataclass(frozen=True)
class AccountView:
    """Everything the account page shows, as of a day."""

    as_of: date
    account_pk: int
    account_id: str
    name: str
    industry: str | None
    city: str | None
    country: str | None
    tier: str
    tz: str | None
    owner_rep: str | None
    domains: tuple[str, ...]
    touches: tuple[MonthTouches, ...]  # the last TOUCH_MONTHS months, oldest first
    last_exec_touch_on: date | None
    due: DueAccount | None  # None when the tier has no cadence
    circle: CircleOfInfluence
    people_met: tuple[PersonMetThere, ...]  # most senior first
    deals: tuple[AccountDeal, ...]  # most urgent first
    people: tuple[AccountPerson, ...]  # decision makers, then by seniority
    timeline: tuple[TimelineVisit, ...]  # newest first
    visits_total: int

    @property
    def most_urgent_deal_pk(self) -> int | None:
        """Return the open deal a visit would help most (the highest priority), or None."""
        return self.deals[0].signals.deal_pk if self.deals else None

    @property
    def open_next_steps(self) -> int:
        """Return how many next steps from this account's debriefs are still open."""
        return sum(len(v.next_steps) for v in self.timeline)


_day = to_date


def _months(as_of: date, count: int) -> list[date]:
    year, month = as_of.year, as_of.month
    out = []
    for _ in range(max(count, 1)):
        out.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def _touches(
    conn: Connection, account_pk: int, as_of: date, months: int
) -> tuple[tuple[MonthTouches, ...], date | None]:
    span = _months(as_of, months)
    rows = fetch_all(
        conn,
        _sql("_TOUCHES_SQL", conn),
        {"account": account_pk, "first_ts": ts(span[0]), "end_ts": ts_after(as_of)},
    )
    visits: dict[date, set[int]] = {m: set() for m in span}
    names: dict[date, set[str]] = {m: set() for m in span}
    last: date | None = None
    for visit_pk, day, name in rows:
        on = date.fromisoformat(day)
        month = month_start(on)
        visits[month].add(visit_pk)
        names[month].add(name)
        last = on if last is None or on > last else last
    out = tuple(MonthTouches(m, len(visits[m]), tuple(sorted(names[m]))) for m in span)
    return out, last


def _seniority_key(seniority: str | None, name: str) -> tuple[int, str]:
    return (SENIORITY_ORDER.get(seniority or "", 9), name.casefold())


def _deals(conn: Connection, account_pk: int, as_of: date, rules: Rules) -> tuple[AccountDeal, ...]:
    where = f"{open_sql(dialect_of(conn).name)} AND d.account_id = :account_pk"
    found = candidates(conn, as_of, rules, where, {"account_pk": account_pk})
    bound = {"account": account_pk, "from_ts": ts(as_of), "as_of": as_of.isoformat()}
    planned = {pk: _day(day) for pk, day in fetch_all(conn, _sql("_PLANNED_SQL", conn), bound)}
    snoozed = {pk: _day(day) for pk, day in fetch_all(conn, _sql("_SNOOZED_SQL", conn), bound)}
    return tuple(
        AccountDeal(c.build(), planned.get(c.deal_pk), snoozed.get(c.deal_pk)) for c in found
    )


def _timeline(conn: Connection, account_pk: int, limit: int) -> tuple[TimelineVisit, ...]:
    rows = fetch_all(conn, _sql("_VISITS_SQL", conn), {"account": account_pk, "limit": limit})
    ids = json.dumps([row[0] for row in rows])
    steps: dict[int, list[NextStepLine]] = {}
    for pk, visit_pk, words, owner, due in fetch_all(
        conn, _sql("_NEXT_STEPS_SQL", conn), {"visits": ids}
    ):
        steps.setdefault(visit_pk, []).append(NextStepLine(pk, words, owner, _day(due)))
    out = []
    for pk, start, status, mode, deal, execs, debrief, written, summary, mood in rows:
        out.append(
            TimelineVisit(
                visit_pk=pk,
                start=stored_utc(str(start)),
                status=status,
                mode=mode,
                deal_name=deal,
                executives=execs or "",
                debrief_written_at=stored_utc(str(written)) if debrief else None,
                summary=summary or "",
                sentiment=mood,
                next_steps=tuple(steps.get(pk, ())),
            )
        )
    return tuple(out)


def account_view(
    conn: Connection,
    account_pk: int,
    as_of: date,
    rules: Rules,
    *,
    months: int = TOUCH_MONTHS,
    timeline_limit: int = TIMELINE_VISITS,
) -> AccountView:
    """Return one account's facts as of a day; NotFound when there is no such account."""
    head = fetch_all(conn, _sql("_HEAD_SQL", conn), {"account": account_pk})
    if not head:
        raise NotFound(f"No account with key {account_pk} in this workspace.")
    pk, ext, name, industry, city, country, tier, owner, domains, website, tz = head[0]
    named = stored_domains(domains)
    try:
        site = website_domain(website) if website else ""
    except ValueError:  # a website that names no domain adds none
        site = ""
    if site and site not in named:
        named.append(site)
    bound = {"account": pk, "as_of": as_of.isoformat(), "end_ts": ts_after(as_of)}
    touches, last_touch = _touches(conn, pk, as_of, months)
    circle_sql = coverage_sql("_CIRCLE_SQL", dialect_of(conn).name)
    circle_row = fetch_all(conn, circle_sql, coverage_params(as_of, rules) | {"ids": f"[{pk}]"})
    circle = CircleOfInfluence(*circle_row[0][1:]) if circle_row else CircleOfInfluence(0, 0, 0, 0)
    met = sorted(
        (
            PersonMetThere(c_pk, c_name, title, seniority, date.fromisoformat(last), n)
            for c_pk, c_name, title, seniority, last, n in fetch_all(
                conn, _sql("_MET_SQL", conn), bound
            )
        ),
        key=lambda p: _seniority_key(p.seniority, p.name),
    )
    people = []
    for c_pk, c_name, title, seniority, dm, email, act, seen in fetch_all(
        conn, _sql("_PEOPLE_SQL", conn), bound
    ):
        engaged = max((d for d in (_day(act), _day(seen)) if d is not None), default=None)
        people.append(AccountPerson(c_pk, c_name, title, seniority, bool(dm), email, engaged))
    people.sort(key=lambda p: (not p.decision_maker, *_seniority_key(p.seniority, p.name)))
    due = next((a for a in cadence(conn, as_of, rules).accounts if a.account_pk == pk), None)
    total = fetch_all(conn, "SELECT COUNT(*) FROM visit WHERE account_id = :account", bound)
    return AccountView(
        as_of=as_of,
        account_pk=pk,
        account_id=ext,
        name=name,
        industry=industry,
        city=city,
        country=country,
        tier=tier,
        tz=tz,
        owner_rep=owner,
        domains=tuple(named),
        touches=touches,
        last_exec_touch_on=last_touch,
        due=due,
        circle=circle,
        people_met=tuple(met),
        deals=_deals(conn, pk, as_of, rules),
        people=tuple(people),
        timeline=_timeline(conn, pk, timeline_limit),
        visits_total=int(total[0][0]),
    )


def account_pk_of_deal(conn: Connection, deal_pk: int) -> int | None:
    """Return the account of a deal (None when there is no such deal)."""
    rows = fetch_all(conn, "SELECT account_id FROM deal WHERE id = :d", {"d": deal_pk})
    return int(rows[0][0]) if rows else None
