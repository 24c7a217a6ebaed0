"""Reading and saving one debrief whole: text, friction, next steps and people met."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Date, bindparam, text
from sqlalchemy.engine import Connection

from fieldvisit.debriefs.data import ContactChoice, DebriefData, NextStepItem, VisitHeader
from fieldvisit.debriefs.drafts import discard_mine
from fieldvisit.errors import NotFound
from fieldvisit.seniority import seniority_order_sql
from fieldvisit.store import Workspace
from fieldvisit.store.models import SENTIMENTS
from fieldvisit.store.types import UTCDateTime
from fieldvisit.store.versions import Change, conflict, stamp


def visit_header(conn: Connection, visit_id: int) -> VisitHeader:
    """Return the visit's account, people and offered contacts; NotFound when there is no visit."""
    row = conn.execute(
        text(
            "SELECT v.account_id, a.name, a.city, a.tz, COALESCE(d.name, ''), v.start, v.status "
            "FROM visit v JOIN account a ON a.id = v.account_id "
            "LEFT JOIN deal d ON d.id = v.deal_id WHERE v.id = :v"
        ).columns(start=UTCDateTime()),
        {"v": visit_id},
    ).first()
    if row is None:
        raise NotFound(f"There is no visit {visit_id} in this workspace.")
    account_id, account_name, city, tz, deal_name, start, status = row
    executives = list(
        conn.execute(
            text(
                "SELECT e.name FROM visit_executive ve JOIN executive e ON e.id = ve.executive_id "
                "WHERE ve.visit_id = :v ORDER BY e.name"
            ),
            {"v": visit_id},
        ).scalars()
    )
    reps = list(
        conn.execute(
            text(
                "SELECT r.name FROM visit_rep vr JOIN rep r ON r.id = vr.rep_id "
                "WHERE vr.visit_id = :v ORDER BY r.name"
            ),
            {"v": visit_id},
        ).scalars()
    )
    planned = list(
        conn.execute(
            text("SELECT contact_id FROM visit_contact WHERE visit_id = :v ORDER BY contact_id"),
            {"v": visit_id},
        ).scalars()
    )
    # The account's people, the most senior first; anyone on the visit from elsewhere too.
    contacts = [
        ContactChoice(cid, name, title or "", seniority or "")
        for cid, name, title, seniority in conn.execute(
            text(
                "SELECT id, name, title, seniority FROM contact "
                "WHERE account_id = :a OR id IN (SELECT contact_id FROM visit_contact "
                f"WHERE visit_id = :v) ORDER BY {seniority_order_sql()}, name"
            ),
            {"a": account_id, "v": visit_id},
        )
    ]
    return VisitHeader(
        visit_id=visit_id,
        account_id=account_id,
        account_name=account_name,
        account_city=city,
        account_tz=tz,
        deal_name=deal_name,
        start=start,
        status=status,
        executives=executives,
        reps=reps,
        contacts=contacts,
        planned_contact_ids=planned,
    )


def _describe_contacts(conn: Connection, contact_ids: list[int]) -> list[str]:
    """Return "Name (Title)" for each contact, in the order given."""
    if not contact_ids:
        return []
    rows = conn.execute(
        text("SELECT id, name, title FROM contact WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        ),
        {"ids": list(contact_ids)},
    )
    names = {cid: f"{name} ({title})" if title else name for cid, name, title in rows}
    return [names[c] for c in contact_ids if c in names]


def _people_met_text(conn: Connection, contact_ids: list[int], others: str) -> str:
    # The stored text names everyone met, so full-text search finds a debrief by a person's name.
    parts = _describe_contacts(conn, list(dict.fromkeys(contact_ids)))
    if others.strip():
        parts.append(others.strip())
    return ", ".join(parts)


def _others_met(conn: Connection, stored: str, contact_ids: list[int]) -> str:
    """Return the free-text part of the stored "who was met" (the contacts' names removed)."""
    rest = stored
    for described in sorted(_describe_contacts(conn, contact_ids), key=len, reverse=True):
        rest = rest.replace(described, "")
    return ", ".join(p.strip() for p in rest.split(",") if p.strip())


def load_debrief(conn: Connection, visit_id: int) -> DebriefData | None:
    """Return the saved debrief of a visit, or None when none was written."""
    row = (
        conn.execute(
            text(
                "SELECT id, written_at, learned, challenges, field_friction, competitors, "
                "current_vendor, budget, sentiment, summary, people_met "
                "FROM debrief WHERE visit_id = :v"
            ).columns(written_at=UTCDateTime()),
            {"v": visit_id},
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    debrief_id = row["id"]
    categories = list(
        conn.execute(
            text("SELECT category FROM debrief_friction WHERE debrief_id = :d ORDER BY category"),
            {"d": debrief_id},
        ).scalars()
    )
    steps = [
        NextStepItem(text=t, owner=o or "", due_on=due, done=bool(done))
        for t, o, due, done in conn.execute(
            text(
                "SELECT text, owner, due_on, done FROM next_step WHERE debrief_id = :d ORDER BY id"
            ).columns(due_on=Date()),
            {"d": debrief_id},
        )
    ]
    contact_ids = list(
        conn.execute(
            text("SELECT contact_id FROM visit_contact WHERE visit_id = :v ORDER BY contact_id"),
            {"v": visit_id},
        ).scalars()
    )
    return DebriefData(
        visit_id=visit_id,
        contact_ids=contact_ids,
        people_met=_others_met(conn, row["people_met"] or "", contact_ids),
        summary=row["summary"] or "",
        learned=row["learned"] or "",
        challenges=row["challenges"] or "",
        friction_categories=categories,
        field_friction=row["field_friction"] or "",
        competitors=row["competitors"] or "",
        current_vendor=row["current_vendor"] or "",
        budget=row["budget"] or "",
        sentiment=row["sentiment"],
        next_steps=steps,
        written_at=row["written_at"],
    )


def save_debrief(
    ws: Workspace,
    data: DebriefData,
    *,
    now: datetime | None = None,
    seen: int | None = None,
    kept_over: bool = False,
) -> int:
    """Save the debrief, its friction, next steps and people met in one transaction; return its id.

    Saving also discards the visit's draft (in the same transaction). `seen`: the debrief's
    version the editor started from (0: none yet); a newer one raises `store.versions.Conflict`.
    """
    from fieldvisit.debriefs.debrief_changes import changed_fields

    if data.sentiment is not None and data.sentiment not in SENTIMENTS:
        raise ValueError(f"sentiment must be one of {', '.join(SENTIMENTS)}")
    written_at = now or datetime.now(UTC)
    fields = {
        "learned": data.learned,
        "challenges": data.challenges,
        "field_friction": data.field_friction,
        "competitors": data.competitors,
        "current_vendor": data.current_vendor,
        "budget": data.budget,
        "sentiment": data.sentiment,
        "summary": data.summary,
        "people_met": "",  # filled in the transaction: the contacts' names and the free text
    }
    written = bindparam("written_at", type_=UTCDateTime())
    with ws.begin() as conn:
        if (
            conn.execute(text("SELECT 1 FROM visit WHERE id = :v"), {"v": data.visit_id}).first()
            is None
        ):
            raise NotFound(f"There is no visit {data.visit_id} in this workspace.")
        existing = conn.execute(
            text("SELECT id FROM debrief WHERE visit_id = :v"), {"v": data.visit_id}
        ).scalar()
        fields["people_met"] = _people_met_text(conn, data.contact_ids, data.people_met)
        before = load_debrief(conn, data.visit_id) if existing is not None else None
        change = Change(
            "debrief", data.visit_id, "debrief", changed_fields(before, data), seen, kept_over
        )
        if existing is not None:
            stamp(conn, change)
        params = {**fields, "written_at": written_at, "v": data.visit_id}
        if existing is None:
            cols = ", ".join(fields)
            marks = ", ".join(f":{k}" for k in fields)
            debrief_id = conn.execute(
                text(
                    f"INSERT INTO debrief(visit_id, written_at, {cols}) "
                    f"VALUES (:v, :written_at, {marks}) "
                    "ON CONFLICT (visit_id) DO NOTHING RETURNING id"
                ).bindparams(written),
                params,
            ).scalar()
            if debrief_id is None:  # written by someone else since this transaction began
                raise conflict(conn, change)
            stamp(conn, change, new=True)
        else:
            debrief_id = existing
            sets = ", ".join(f"{k} = :{k}" for k in fields)
            conn.execute(
                text(
                    f"UPDATE debrief SET written_at = :written_at, {sets} WHERE id = :d"
                ).bindparams(written),
                {**params, "d": debrief_id},
            )
            conn.execute(
                text("DELETE FROM debrief_friction WHERE debrief_id = :d"), {"d": debrief_id}
            )
            conn.execute(text("DELETE FROM next_step WHERE debrief_id = :d"), {"d": debrief_id})
        for category in dict.fromkeys(c.strip() for c in data.friction_categories):
            if category:
                conn.execute(
                    text("INSERT INTO debrief_friction(debrief_id, category) VALUES (:d, :c)"),
                    {"d": debrief_id, "c": category},
                )
        for step in data.next_steps:
            if not step.text.strip():
                continue
            conn.execute(
                text(
                    "INSERT INTO next_step(debrief_id, text, owner, due_on, done) "
                    "VALUES (:d, :t, :o, :due, :done)"
                ).bindparams(bindparam("due", type_=Date())),
                {
                    "d": debrief_id,
                    "t": step.text.strip(),
                    "o": step.owner.strip() or None,
                    "due": step.due_on,
                    "done": step.done,
                },
            )
        # Who was actually met replaces who was planned: coverage counts the people in the room.
        conn.execute(text("DELETE FROM visit_contact WHERE visit_id = :v"), {"v": data.visit_id})
        for contact_id in dict.fromkeys(data.contact_ids):
            conn.execute(
                text("INSERT INTO visit_contact(visit_id, contact_id) VALUES (:v, :c)"),
                {"v": data.visit_id, "c": contact_id},
            )
        discard_mine(conn, data.visit_id)  # a colleague's notes on it stay theirs
    return int(debrief_id)
