"""A small builder of visits for invite tests (ORM inserts), with optional privacy markers.

`add_visit` creates (or reuses, by e-mail / external id) the executive, rep, account, contacts and
deal, then the visit with its people; with `plant_markers=True` every internal field holds a
marker string that must never reach an external invite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from fieldvisit.settings import save_rules
from fieldvisit.store import models as m
from fieldvisit.store.workspace import Workspace

START = datetime(2026, 6, 23, 15, 0, tzinfo=UTC)  # Tue 23 Jun 2026, 10:00 in Chicago
AS_OF = date(2026, 6, 15)

# Planted in internal fields only; none may appear in an external invite, e-mail or CalDAV copy.
MARKERS = {
    "deal_name": "ZqDealNameMarker",
    "deal_id": "ZqDealIdMarker",
    "stage": "ZqStageMarker",  # shows up in the stall reason "In ZqStageMarker for N days"
    "objective": "ZqObjectiveMarker",
    "debrief_summary": "ZqDebriefSummaryMarker",
    "debrief_learned": "ZqDebriefLearnedMarker",
    "debrief_friction": "ZqFrictionMarker",
    "debrief_budget": "ZqBudgetMarker",
    "next_step": "ZqNextStepMarker",
    "contact_title": "ZqContactTitleMarker",
    "exec_title": "ZqExecTitleMarker",
    "industry": "ZqIndustryMarker",
    "visit_id": "ZqVisitIdMarker",
    "snooze": "ZqSnoozeMarker",
    "draft": "ZqDraftMarker",
}
MARKER_AMOUNT = 987654321.0
AMOUNT_TEXTS = ("987654321", "987,654,321", "987.654.321")

ORGANIZER = {"organizer_email": "cos@northwind.example", "organizer_name": "Casey Chief"}


def configure(ws: Workspace, **changes: object) -> None:
    """Store invite settings (organizer and company by default) in the workspace."""
    values: dict[str, object] = {**ORGANIZER, "company_name": "Northwind Traders", **changes}
    with ws.begin() as conn:
        save_rules(conn, values)


@dataclass(frozen=True)
class Built:
    """What a test needs to address the visit it built."""

    visit_id: str
    visit_pk: int
    deal_pk: int | None


def _get_or_add(session: Session, model: type, where: object, **values: object) -> int:
    row = session.exec(select(model).where(where)).first()  # type: ignore[call-overload]
    if row is None:
        row = model(**values)
        session.add(row)
        session.flush()
    return int(row.id)


def add_visit(
    ws: Workspace,
    *,
    visit_id: str = "V-1",
    start: datetime = START,
    minutes: int | None = 60,
    account_id: str = "A-1",
    account_name: str = "Acme Corp",
    account_tz: str | None = "America/Chicago",
    exec_email: str = "ana.exec@northwind.example",
    exec_name: str = "Ana Exec",
    rep_email: str = "rob.rep@northwind.example",
    contacts: tuple[tuple[str, str | None], ...] = (
        ("Dana Lee", "dana.lee@acme.example"),
        ("Sam Roe", "sam.roe@acme.example"),
    ),
    agenda: str | None = "Roadmap review and next steps",
    location: str | None = "Acme HQ, 1 Main St, Chicago",
    mode: str = "in_person",
    status: str = "planned",
    with_deal: bool = True,
    plant_markers: bool = False,
    trip_pk: int | None = None,
    past_debrief: bool = True,
) -> Built:
    """Insert one visit with everything around it; return its ids."""
    mk = MARKERS if plant_markers else {k: k.replace("_", " ") for k in MARKERS}
    with ws.session() as s:
        exec_pk = _get_or_add(
            s,
            m.Executive,
            m.Executive.email == exec_email,
            email=exec_email,
            name=exec_name,
            title=mk["exec_title"] if plant_markers else "Chief Revenue Officer",
            level="C",
        )
        rep_pk = _get_or_add(s, m.Rep, m.Rep.email == rep_email, email=rep_email, name="Rob Rep")
        acc_pk = _get_or_add(
            s,
            m.Account,
            m.Account.external_id == account_id,
            external_id=account_id,
            name=account_name,
            industry=mk["industry"],
            city="Chicago",
            country="US",
            tier="strategic",
            tz=account_tz,
            owner_rep_id=rep_pk,
        )
        contact_pks = []
        for i, (name, email) in enumerate(contacts):
            ext = f"{account_id}-C{i + 1}"
            contact_pks.append(
                _get_or_add(
                    s,
                    m.Contact,
                    m.Contact.external_id == ext,
                    external_id=ext,
                    account_id=acc_pk,
                    name=name,
                    email=email,
                    title=mk["contact_title"] if plant_markers else "CFO",
                    seniority="C",
                    decision_maker=i == 0,
                )
            )
        deal_pk = None
        if with_deal:
            deal_ext = f"{mk['deal_id'] if plant_markers else 'D'}-{visit_id}"
            deal = m.Deal(
                external_id=deal_ext,
                account_id=acc_pk,
                name=mk["deal_name"] if plant_markers else "Platform renewal",
                owner_rep_id=rep_pk,
                stage=mk["stage"] if plant_markers else "Negotiation",
                amount=MARKER_AMOUNT if plant_markers else 250_000.0,
                currency="USD",
                created_on=date(2025, 9, 1),
                stage_entered_on=date(2026, 1, 5),
                close_date=date(2026, 5, 31),
                status="open",
                strategic=True,
            )
            s.add(deal)
            s.flush()
            deal_pk = deal.id
            s.add(
                m.Snooze(
                    deal_id=deal.id,
                    until=date(2026, 1, 1),
                    reason=mk["snooze"],
                    created_at=datetime(2025, 12, 1, tzinfo=UTC),
                )
            )
        if past_debrief:
            earlier = m.Visit(
                external_id=f"{visit_id}-earlier",
                account_id=acc_pk,
                deal_id=deal_pk,
                start=start - timedelta(days=60),
                status="done",
                objective=mk["objective"],
            )
            s.add(earlier)
            s.flush()
            debrief = m.Debrief(
                visit_id=earlier.id,
                written_at=start - timedelta(days=59),
                summary=f"Budget approved in principle {mk['debrief_summary']}",
                learned=mk["debrief_learned"],
                field_friction=mk["debrief_friction"],
                budget=mk["debrief_budget"],
            )
            s.add(debrief)
            s.flush()
            s.add(m.NextStep(debrief_id=debrief.id, text=mk["next_step"]))
        visit_ext = f"{visit_id}{mk['visit_id']}" if plant_markers else visit_id
        visit = m.Visit(
            external_id=visit_ext,
            account_id=acc_pk,
            deal_id=deal_pk,
            trip_id=trip_pk,
            start=start,
            end=start + timedelta(minutes=minutes) if minutes else None,
            location=location,
            mode=mode,
            status=status,
            agenda=agenda,
            objective=f"Unblock legal review {mk['objective']}",
        )
        s.add(visit)
        s.flush()
        s.add(m.VisitExecutive(visit_id=visit.id, executive_id=exec_pk))
        s.add(m.VisitRep(visit_id=visit.id, rep_id=rep_pk))
        for c in contact_pks:
            s.add(m.VisitContact(visit_id=visit.id, contact_id=c))
        s.add(
            m.DebriefDraft(
                visit_id=visit.id, payload=f'{{"learned": "{mk["draft"]}"}}', updated_at=start
            )
        )
        s.commit()
        return Built(visit_id=visit_ext, visit_pk=int(visit.id), deal_pk=deal_pk)


def add_trip(ws: Workspace, exec_email: str, trip_id: str = "T-1") -> int:
    """Insert a trip for an executive that `add_visit` created (or creates here); return its pk."""
    with ws.session() as s:
        exec_pk = _get_or_add(
            s,
            m.Executive,
            m.Executive.email == exec_email,
            email=exec_email,
            name="Ana Exec",
            level="C",
        )
        trip = m.Trip(
            external_id=trip_id,
            executive_id=exec_pk,
            name="Chicago, late June",
            starts_on=date(2026, 6, 23),
            ends_on=date(2026, 6, 25),
        )
        s.add(trip)
        s.commit()
        return int(trip.id)  # type: ignore[arg-type]
