"""What a briefing pack says about a visit, read from the workspace as plain data.

The account, when and where, who attends on both sides (with titles and seniority), the deal with
its stage and stall signals, the last visits with their debriefs, the next steps still open on
the account, and the objective and agenda. Also which visits a week's pack holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Date, bindparam, text
from sqlalchemy.engine import Connection

from fieldvisit import debriefs
from fieldvisit.debriefs import DebriefData, NextStepItem, VisitHeader
from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.executive_levels import level_word
from fieldvisit.planning.results import DealSignals
from fieldvisit.planning.signals import signals_for_deal
from fieldvisit.planning.wording import weekday_day
from fieldvisit.seniority import SENIORITY_WORDS, seniority_order_sql
from fieldvisit.settings import Rules
from fieldvisit.store.types import UTCDateTime

LAST_VISITS = 3
OPEN_STEPS = 8
MET_BEFORE = 8
WEEK_DAYS = 7


class NothingToBrief(FieldVisitError):
    """A briefing pack was asked for a week with no planned visits."""


@dataclass(frozen=True)
class Attendee:
    """One person at the visit: name and role in words ("CFO · C-level · decision maker")."""

    name: str
    role: str


@dataclass(frozen=True)
class MetBefore:
    """A customer person an executive of ours met at an earlier visit."""

    name: str
    title: str
    last_met: date
    times: int


@dataclass(frozen=True)
class EarlierVisit:
    """A visit to the account before this one, with its debrief when one was written."""

    header: VisitHeader
    debrief: DebriefData | None


@dataclass
class Briefing:
    """Everything one briefing page shows."""

    header: VisitHeader
    visit_external_id: str
    end: datetime | None
    location: str
    mode: str
    objective: str
    agenda: str
    account_industry: str
    account_tier: str
    exec_tz: str | None
    exec_city: str | None
    trip_name: str
    deal: DealSignals | None
    ours: list[Attendee] = field(default_factory=list)
    theirs: list[Attendee] = field(default_factory=list)
    stage_history: list[tuple[str, date]] = field(default_factory=list)
    close_moves: list[tuple[date | None, date | None, date]] = field(default_factory=list)
    met_before: list[MetBefore] = field(default_factory=list)
    previous: list[EarlierVisit] = field(default_factory=list)
    open_steps: list[tuple[NextStepItem, date]] = field(default_factory=list)


def _role(title: str | None, *more: str | None) -> str:
    """Return "CFO · C-level · decision maker", leaving out a level the title already says."""
    bits = [title] if title else []
    bits += [b for b in more if b and b.lower() not in (title or "").lower()]
    return " · ".join(bits)


def briefing_for(conn: Connection, visit_pk: int, as_of: date, rules: Rules) -> Briefing:
    """Return the briefing of a visit (NotFound when there is no such visit)."""
    header = debriefs.visit_header(conn, visit_pk)
    row = conn.execute(
        text(
            'SELECT v.external_id, v.deal_id, v."end", v.location, v.mode, v.objective, '
            "v.agenda, a.industry, a.tier, (SELECT e.tz FROM visit_executive ve JOIN executive e "
            "ON e.id = ve.executive_id WHERE ve.visit_id = v.id ORDER BY e.id LIMIT 1), "
            "(SELECT e.home_city FROM visit_executive ve JOIN executive e "
            "ON e.id = ve.executive_id WHERE ve.visit_id = v.id ORDER BY e.id LIMIT 1), t.name "
            "FROM visit v JOIN account a ON a.id = v.account_id "
            "LEFT JOIN trip t ON t.id = v.trip_id WHERE v.id = :v"
        ).columns(end=UTCDateTime()),
        {"v": visit_pk},
    ).one()
    external_id, deal_pk, end, location, mode, objective, agenda = row[:7]
    industry, tier, exec_tz, exec_city, trip_name = row[7:]
    deal = None
    if deal_pk is not None:
        try:
            deal = signals_for_deal(conn, deal_pk, as_of, rules)
        except NotFound:
            deal = None
    brief = Briefing(
        header=header,
        visit_external_id=external_id,
        end=end,
        location=location or "",
        mode=mode,
        objective=objective or "",
        agenda=agenda or "",
        account_industry=industry or "",
        account_tier=tier or "",
        exec_tz=exec_tz,
        exec_city=exec_city,
        trip_name=trip_name or "",
        deal=deal,
    )
    brief.ours, brief.theirs = _attendees(conn, visit_pk, deal_pk)
    if deal_pk is not None:
        brief.stage_history, brief.close_moves = _deal_history(conn, deal_pk)
    brief.met_before = _met_before(conn, header)
    brief.previous = _earlier_visits(conn, header)
    brief.open_steps = _open_steps(conn, header.account_id)
    return brief


def _attendees(
    conn: Connection, visit_pk: int, deal_pk: int | None
) -> tuple[list[Attendee], list[Attendee]]:
    """Return our people (executives, then reps) and theirs (the most senior first)."""
    ours = [
        Attendee(name, _role(title, level_word(level, level or "") or None))
        for name, title, level in conn.execute(
            text(
                "SELECT e.name, e.title, e.level FROM visit_executive ve "
                "JOIN executive e ON e.id = ve.executive_id WHERE ve.visit_id = :v "
                "ORDER BY e.name"
            ),
            {"v": visit_pk},
        )
    ]
    owner = conn.execute(
        text("SELECT owner_rep_id FROM deal WHERE id = :d"), {"d": deal_pk}
    ).scalar()
    ours += [
        Attendee(name, "account owner" if rep_pk == owner else "sales")
        for rep_pk, name in conn.execute(
            text(
                "SELECT r.id, r.name FROM visit_rep vr JOIN rep r ON r.id = vr.rep_id "
                "WHERE vr.visit_id = :v ORDER BY r.name"
            ),
            {"v": visit_pk},
        )
    ]
    theirs = [
        Attendee(
            name,
            _role(
                title,
                SENIORITY_WORDS.get(seniority or ""),
                "decision maker" if decides else None,
            ),
        )
        for name, title, seniority, decides in conn.execute(
            text(
                "SELECT c.name, c.title, c.seniority, c.decision_maker FROM visit_contact vc "
                "JOIN contact c ON c.id = vc.contact_id WHERE vc.visit_id = :v "
                f"ORDER BY c.decision_maker DESC, {seniority_order_sql('c.seniority')}, c.name"
            ),
            {"v": visit_pk},
        )
    ]
    return ours, theirs


def _deal_history(
    conn: Connection, deal_pk: int
) -> tuple[list[tuple[str, date]], list[tuple[date | None, date | None, date]]]:
    stages = [
        (stage, entered)
        for stage, entered in conn.execute(
            text(
                "SELECT stage, entered_on FROM stage_change WHERE deal_id = :d ORDER BY entered_on"
            ).columns(entered_on=Date()),
            {"d": deal_pk},
        )
    ]
    moves = [
        (old, new, on)
        for old, new, on in conn.execute(
            text(
                "SELECT old_date, new_date, changed_on FROM close_date_change "
                "WHERE deal_id = :d ORDER BY changed_on"
            ).columns(old_date=Date(), new_date=Date(), changed_on=Date()),
            {"d": deal_pk},
        )
    ]
    return stages, moves


def _met_before(conn: Connection, header: VisitHeader) -> list[MetBefore]:
    rows = conn.execute(
        text(
            "SELECT c.name, c.title, max(v.start) AS last_met, count(DISTINCT v.id) "
            "FROM visit v JOIN visit_contact vc ON vc.visit_id = v.id "
            "JOIN contact c ON c.id = vc.contact_id "
            "WHERE v.account_id = :a AND v.status = 'done' AND v.start < :start "
            "GROUP BY c.id ORDER BY last_met DESC, c.id LIMIT :n"  # ties: as SQLite groups them
        )
        .bindparams(bindparam("start", type_=UTCDateTime()))
        .columns(last_met=UTCDateTime()),
        {"a": header.account_id, "start": header.start, "n": MET_BEFORE},
    )
    return [MetBefore(name, title or "", last.date(), times) for name, title, last, times in rows]


def _earlier_visits(conn: Connection, header: VisitHeader) -> list[EarlierVisit]:
    """Return the last visits that happened before this one, latest first, with debriefs."""
    visit_pks = conn.execute(
        text(
            "SELECT v.id FROM visit v WHERE v.account_id = :a AND v.id <> :v "
            "AND v.status = 'done' AND v.start < :start ORDER BY v.start DESC LIMIT :n"
        ).bindparams(bindparam("start", type_=UTCDateTime())),
        {"a": header.account_id, "v": header.visit_id, "start": header.start, "n": LAST_VISITS},
    ).scalars()
    return [
        EarlierVisit(debriefs.visit_header(conn, pk), debriefs.load_debrief(conn, pk))
        for pk in list(visit_pks)
    ]


def _open_steps(conn: Connection, account_id: int) -> list[tuple[NextStepItem, date]]:
    rows = conn.execute(
        text(
            "SELECT n.text, n.owner, n.due_on, v.start FROM next_step n "
            "JOIN debrief d ON d.id = n.debrief_id JOIN visit v ON v.id = d.visit_id "
            "WHERE v.account_id = :a AND n.done = FALSE "
            "ORDER BY n.due_on IS NULL, n.due_on, v.start DESC LIMIT :n"
        ).columns(due_on=Date(), start=UTCDateTime()),
        {"a": account_id, "n": OPEN_STEPS},
    )
    return [
        (NextStepItem(text=t, owner=o or "", due_on=due), start.date()) for t, o, due, start in rows
    ]


def week_of(as_of: date) -> tuple[date, date]:
    """Return the first and last day of the week a pack covers: seven days from `as_of`."""
    return as_of, as_of + timedelta(days=WEEK_DAYS - 1)


def week_visit_pks(conn: Connection, as_of: date, executive_pk: int | None = None) -> list[int]:
    """Return the planned visits of the seven days from `as_of` (of one executive when given),
    earliest first."""
    first, last = week_of(as_of)
    bounds = {
        "from_": datetime(first.year, first.month, first.day, tzinfo=UTC),
        "to": datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1),
    }
    sql = (
        "SELECT v.id FROM visit v WHERE v.status = 'planned' "
        "AND v.start >= :from_ AND v.start < :to"
    )
    params: dict[str, object] = dict(bounds)
    if executive_pk is not None:
        sql += (
            " AND EXISTS (SELECT 1 FROM visit_executive ve WHERE ve.visit_id = v.id "
            "AND ve.executive_id = :e)"
        )
        params["e"] = executive_pk
    query = text(sql + " ORDER BY v.start, v.id").bindparams(
        bindparam("from_", type_=UTCDateTime()), bindparam("to", type_=UTCDateTime())
    )
    return [int(pk) for pk in conn.execute(query, params).scalars()]


def executive_name(conn: Connection, executive_pk: int) -> str:
    """Return an executive's name (NotFound when there is no such executive)."""
    name = conn.execute(
        text("SELECT name FROM executive WHERE id = :e"), {"e": executive_pk}
    ).scalar()
    if name is None:
        raise NotFound(f"No executive with key {executive_pk} in this workspace.")
    return str(name)


def briefings_for(
    conn: Connection, visit_pks: list[int], as_of: date, rules: Rules
) -> list[Briefing]:
    """Return the briefing of each visit, in the order given."""
    return [briefing_for(conn, pk, as_of, rules) for pk in visit_pks]


def week_pack_visits(conn: Connection, as_of: date, executive_pk: int | None = None) -> list[int]:
    """Return the visits a week's pack holds (of one executive when given), earliest first;
    NothingToBrief, in words, when the week has none."""
    found = week_visit_pks(conn, as_of, executive_pk)
    if not found:
        first, last = week_of(as_of)
        who = f" for {executive_name(conn, executive_pk)}" if executive_pk is not None else ""
        raise NothingToBrief(
            f"No visits are planned{who} from {weekday_day(first, as_of)} to "
            f"{weekday_day(last, as_of)}: there is nothing to brief."
        )
    return found
