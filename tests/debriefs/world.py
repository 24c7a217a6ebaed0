"""A small world for debrief tests: Globex with three people, two done visits and one planned."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from fieldvisit.debriefs import DebriefData, NextStepItem
from fieldvisit.store import Workspace
from fieldvisit.store.models import (
    Account,
    Contact,
    Executive,
    Rep,
    Visit,
    VisitContact,
    VisitExecutive,
)


def make_visits(workspace: Workspace) -> dict[str, int]:
    """A small world: Globex with three people, two done visits and one planned."""
    with Session(workspace.engine) as s:
        dana = Executive(email="dana@us.example", name="Dana Chief", level="C")
        rob = Rep(email="rob@us.example", name="Rob Revenue")
        globex = Account(external_id="A1", name="Globex Corporation", city="Chicago")
        initech = Account(external_id="A2", name="Initech")
        s.add_all([dana, rob, globex, initech])
        s.flush()
        cfo = Contact(external_id="C1", account_id=globex.id, name="Carla Finance", seniority="C")
        vp = Contact(external_id="C2", account_id=globex.id, name="Victor Ops", seniority="VP")
        eng = Contact(external_id="C3", account_id=globex.id, name="Erin Staff", seniority="Staff")
        s.add_all([cfo, vp, eng])
        done1 = Visit(
            external_id="V1",
            account_id=globex.id,
            start=datetime(2026, 6, 10, 15, tzinfo=UTC),
            status="done",
        )
        done2 = Visit(
            external_id="V2",
            account_id=initech.id,
            start=datetime(2026, 6, 12, 9, tzinfo=UTC),
            status="done",
        )
        planned = Visit(
            external_id="V3",
            account_id=globex.id,
            start=datetime(2026, 6, 24, 9, tzinfo=UTC),
            status="planned",
        )
        s.add_all([done1, done2, planned])
        s.flush()
        s.add_all(
            [
                VisitExecutive(visit_id=done1.id, executive_id=dana.id),
                VisitExecutive(visit_id=done2.id, executive_id=dana.id),
                VisitContact(visit_id=done1.id, contact_id=cfo.id),
                VisitContact(visit_id=done1.id, contact_id=eng.id),
            ]
        )
        s.commit()
        return {
            "globex": done1.id,
            "initech": done2.id,
            "planned": planned.id,
            "cfo": cfo.id,
            "vp": vp.id,
            "eng": eng.id,
        }  # type: ignore[return-value]


def full_debrief(visit_id: int, contacts: list[int]) -> DebriefData:
    return DebriefData(
        visit_id=visit_id,
        contact_ids=contacts,
        people_met="their new procurement lead",
        summary="Budget is there; legal is slow.",
        learned="They are consolidating vendors across three plants.",
        challenges="Plant rollout slipped a quarter.",
        friction_categories=["Legal and contract terms", "Security review"],
        field_friction="Our redlines take three weeks to come back.",
        competitors="Acme Analytics",
        current_vendor="Legacy Systems Inc",
        budget="$450K approved for FY26",
        sentiment="better",
        next_steps=[
            NextStepItem("Send revised MSA", "Rob Revenue", date(2026, 6, 19)),
            NextStepItem("Security questionnaire", "Dana Chief", None, done=True),
            NextStepItem("   "),  # an empty row in the editor is not a next step
        ],
    )
