"""What a briefing pack says about one visit, read from the workspace as plain data (no Qt).

Account, deal and its history, stall reasons, the customer people met before, previous
debriefs and the next steps still open on the account.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Date, bindparam, text
from sqlalchemy.engine import Connection

from fieldvisit import debriefs, planning
from fieldvisit.debriefs import DebriefData, NextStepItem, VisitHeader
from fieldvisit.errors import NotFound
from fieldvisit.planning import DealSignals
from fieldvisit.settings import Rules
from fieldvisit.store.types import UTCDateTime

PREVIOUS_DEBRIEFS = 3


@dataclass(frozen=True)
class MetBefore:
    """A customer person an executive of ours met at an earlier visit."""

    name: str
    title: str
    last_met: date
    times: int


@dataclass
class Briefing:
    """Everything one briefing page shows."""

    header: VisitHeader
    end: datetime | None
    location: str
    mode: str
    objective: str
    agenda: str
    account_industry: str
    account_tier: str
    exec_tz: str | None
    deal: DealSignals | None
    stage_history: list[tuple[str, date]] = field(default_factory=list)
    close_moves: list[tuple[date | None, date | None, date]] = field(default_factory=list)
    met_before: list[MetBefore] = field(default_factory=list)
    previous: list[tuple[VisitHeader, DebriefData]] = field(default_factory=list)
    open_steps: list[tuple[NextStepItem, date]] = field(default_factory=list)


def briefing_for(conn: Connection, visit_pk: int, as_of: date, rules: Rules) -> Briefing:
    """Return the briefing of a visit (NotFound when there is no such visit)."""
    header = debriefs.visit_header(conn, visit_pk)
    row = conn.execute(
        text(
            'SELECT v.deal_id, v."end", v.location, v.mode, v.objective, v.agenda, '
            "a.industry, a.tier, (SELECT e.tz FROM visit_executive ve JOIN executive e "
            "ON e.id = ve.executive_id WHERE ve.visit_id = v.id ORDER BY e.id LIMIT 1) "
            "FROM visit v JOIN account a ON a.id = v.account_id WHERE v.id = :v"
        ).columns(end=UTCDateTime()),
        {"v": visit_pk},
    ).one()
    deal_pk, end, location, mode, objective, agenda, industry, tier, exec_tz = row
    deal = None
    if deal_pk is not None:
        try:
            deal = planning.signals_for_deal(conn, deal_pk, as_of, rules)
        except NotFound:
            deal = None
    brief = Briefing(
        header=header,
        end=end,
        location=location or "",
        mode=mode,
        objective=objective or "",
        agenda=agenda or "",
        account_industry=industry or "",
        account_tier=tier or "",
        exec_tz=exec_tz,
        deal=deal,
    )
    if deal_pk is not None:
        brief.stage_history = [
            (stage, entered)
            for stage, entered in conn.execute(
                text(
                    "SELECT stage, entered_on FROM stage_change WHERE deal_id = :d "
                    "ORDER BY entered_on"
                ).columns(entered_on=Date()),
                {"d": deal_pk},
            )
        ]
        brief.close_moves = [
            (old, new, on)
            for old, new, on in conn.execute(
                text(
                    "SELECT old_date, new_date, changed_on FROM close_date_change "
                    "WHERE deal_id = :d ORDER BY changed_on"
                ).columns(old_date=Date(), new_date=Date(), changed_on=Date()),
                {"d": deal_pk},
            )
        ]
    brief.met_before = _met_before(conn, header)
    brief.previous = _previous_debriefs(conn, header)
    brief.open_steps = _open_steps(conn, header.account_id)
    return brief


def _met_before(conn: Connection, header: VisitHeader) -> list[MetBefore]:
    rows = conn.execute(
        text(
            "SELECT c.name, c.title, max(v.start) AS last_met, count(DISTINCT v.id) "
            "FROM visit v JOIN visit_contact vc ON vc.visit_id = v.id "
            "JOIN contact c ON c.id = vc.contact_id "
            "WHERE v.account_id = :a AND v.status = 'done' AND v.start < :start "
            "GROUP BY c.id ORDER BY last_met DESC LIMIT 12"
        )
        .bindparams(bindparam("start", type_=UTCDateTime()))
        .columns(last_met=UTCDateTime()),
        {"a": header.account_id, "start": header.start},
    )
    return [MetBefore(name, title or "", last.date(), times) for name, title, last, times in rows]


def _previous_debriefs(
    conn: Connection, header: VisitHeader
) -> list[tuple[VisitHeader, DebriefData]]:
    visit_pks = conn.execute(
        text(
            "SELECT v.id FROM visit v JOIN debrief d ON d.visit_id = v.id "
            "WHERE v.account_id = :a AND v.id <> :v AND v.start < :start "
            "ORDER BY v.start DESC LIMIT :n"
        ).bindparams(bindparam("start", type_=UTCDateTime())),
        {
            "a": header.account_id,
            "v": header.visit_id,
            "start": header.start,
            "n": PREVIOUS_DEBRIEFS,
        },
    ).scalars()
    found = []
    for pk in list(visit_pks):
        data = debriefs.load_debrief(conn, pk)
        if data is not None:
            found.append((debriefs.visit_header(conn, pk), data))
    return found


def _open_steps(conn: Connection, account_id: int) -> list[tuple[NextStepItem, date]]:
    rows = conn.execute(
        text(
            "SELECT n.text, n.owner, n.due_on, v.start FROM next_step n "
            "JOIN debrief d ON d.id = n.debrief_id JOIN visit v ON v.id = d.visit_id "
            "WHERE v.account_id = :a AND n.done = 0 "
            "ORDER BY n.due_on IS NULL, n.due_on, v.start DESC LIMIT 15"
        ).columns(due_on=Date(), start=UTCDateTime()),
        {"a": account_id},
    )
    return [
        (NextStepItem(text=t, owner=o or "", due_on=due), start.date()) for t, o, due, start in rows
    ]
