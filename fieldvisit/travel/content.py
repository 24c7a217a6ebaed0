"""What a travel copy pushes, read and written the same way on both engines.

A visit's content is its status, time, place, mode, agenda, objective and trip; a debrief's is
its text, sentiment, friction categories, next steps and the people met. Both are plain JSON
(times as stored UTC text, days as ISO dates), so the same row reads the same on SQLite and
PostgreSQL and its fingerprint tells whether it moved since the copy was taken.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from fieldvisit.debriefs.data import DEBRIEF_TEXT_FIELDS
from fieldvisit.store.times import stored_text, stored_utc
from fieldvisit.travel.tables import model_table

VISIT_FIELDS = ("status", "start", "end", "location", "mode", "agenda", "objective", "trip_id")
# A debrief's texts and sentiment, in the order pending changes name what differs (people met last).
DEBRIEF_TEXTS = (*DEBRIEF_TEXT_FIELDS[:-1], "sentiment", DEBRIEF_TEXT_FIELDS[-1])
Content = dict[str, Any]


@dataclass(frozen=True)
class Held:
    """One visit's or debrief's content on one side, with its row version and account."""

    entity: str  # visit, debrief
    external_id: str  # the visit's external id (a debrief is keyed by its visit)
    visit_id: int
    account_id: int
    version: int
    content: Content

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.content)


def fingerprint(content: Content | None) -> str:
    """Return a short, engine-independent hash of a content (a debrief's writing time left out)."""
    if content is None:
        return ""
    kept = {k: v for k, v in content.items() if k != "written_at"}
    raw = json.dumps(kept, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def plain_value(value: Any) -> Any:
    """Return a column value as content holds it: times as stored UTC text, days as ISO."""
    if isinstance(value, datetime):
        return stored_text(stored_utc(value))
    if isinstance(value, date):
        return value.isoformat()
    return value


def _in(column: Any, keys: Collection[str] | None) -> Any:
    return column.in_(list(keys)) if keys is not None else None


def read_visits(
    conn: Connection, keys: Collection[str] | None = None, *, lock: bool = False
) -> dict[str, Held]:
    """Return visits by external id (all, or those in `keys`); `lock` holds them (PostgreSQL)."""
    visit = model_table("visit")
    cols = [visit.c.external_id, visit.c.id, visit.c.account_id, visit.c.row_version]
    query = select(*cols, *(visit.c[f] for f in VISIT_FIELDS))
    if keys is not None:
        query = query.where(_in(visit.c.external_id, keys))
    if lock and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    found: dict[str, Held] = {}
    for row in conn.execute(query).mappings():
        content = {f: plain_value(row[f]) for f in VISIT_FIELDS}
        found[row["external_id"]] = Held(
            "visit", row["external_id"], row["id"], row["account_id"], row["row_version"], content
        )
    return found


def read_debriefs(
    conn: Connection, keys: Collection[str] | None = None, *, lock: bool = False
) -> dict[str, Held]:
    """Return debriefs by their visit's external id, with friction, next steps and people met."""
    visit, debrief = model_table("visit"), model_table("debrief")
    query = select(
        visit.c.external_id,
        visit.c.id.label("visit_pk"),
        visit.c.account_id,
        debrief.c.id,
        debrief.c.row_version,
        debrief.c.written_at,
        *(debrief.c[f] for f in DEBRIEF_TEXTS),
    ).join_from(debrief, visit, debrief.c.visit_id == visit.c.id)
    if keys is not None:
        query = query.where(_in(visit.c.external_id, keys))
    if lock and conn.dialect.name == "postgresql":
        query = query.with_for_update(of=debrief)
    rows = list(conn.execute(query).mappings())
    ids = [row["id"] for row in rows]
    visit_ids = [row["visit_pk"] for row in rows]
    friction: dict[int, list[str]] = {}
    steps: dict[int, list[list[Any]]] = {}
    met: dict[int, list[int]] = {}
    if ids:
        table = model_table("debrief_friction")
        for d_id, category in conn.execute(
            select(table.c.debrief_id, table.c.category).where(table.c.debrief_id.in_(ids))
        ):
            friction.setdefault(d_id, []).append(category)
        step = model_table("next_step")
        for d_id, words, owner, due, done in conn.execute(
            select(step.c.debrief_id, step.c.text, step.c.owner, step.c.due_on, step.c.done)
            .where(step.c.debrief_id.in_(ids))
            .order_by(step.c.debrief_id, step.c.id)
        ):
            steps.setdefault(d_id, []).append([words, owner, plain_value(due), bool(done)])
        link = model_table("visit_contact")
        for v_id, c_id in conn.execute(
            select(link.c.visit_id, link.c.contact_id).where(link.c.visit_id.in_(visit_ids))
        ):
            met.setdefault(v_id, []).append(c_id)
    found: dict[str, Held] = {}
    for row in rows:
        content: Content = {f: row[f] for f in DEBRIEF_TEXTS}
        content["written_at"] = plain_value(row["written_at"])
        content["friction"] = sorted(friction.get(row["id"], []))
        content["next_steps"] = steps.get(row["id"], [])
        content["contacts"] = sorted(met.get(row["visit_pk"], []))
        found[row["external_id"]] = Held(
            "debrief",
            row["external_id"],
            row["visit_pk"],
            row["account_id"],
            row["row_version"],
            content,
        )
    return found


def read_held(
    conn: Connection, entity: str, keys: Collection[str] | None = None, *, lock: bool = False
) -> dict[str, Held]:
    """Return the visits or debriefs (by `entity`) held on this side."""
    reader = read_visits if entity == "visit" else read_debriefs
    return reader(conn, keys, lock=lock)


def changed_fields(mine: Content | None, theirs: Content | None) -> list[str]:
    """Return the names of the fields two contents differ in (a debrief's time left out)."""
    keys = dict.fromkeys([*(mine or {}), *(theirs or {})])
    return [k for k in keys if k != "written_at" and (mine or {}).get(k) != (theirs or {}).get(k)]


def write_visit(
    conn: Connection, external_id: str, content: Content, *, person: str | None, bump: bool
) -> int | None:
    """Put a visit's content on this side; return its row version (None: no such visit)."""
    visit = model_table("visit")
    values: dict[str, Any] = {f: content.get(f) for f in VISIT_FIELDS}
    for key in ("start", "end"):
        values[key] = stored_utc(values[key]) if values[key] else None
    values["changed_by"] = person
    if bump:
        values["row_version"] = visit.c.row_version + 1
        values["updated_at"] = _now()
        # Calendars need a new SEQUENCE to drop or bring back an event (as `set_visit_status`).
        was = conn.execute(select(visit.c.status).where(visit.c.external_id == external_id))
        old = was.scalar()
        if old is not None and old != values["status"] and "cancelled" in (old, values["status"]):
            values["sequence"] = visit.c.sequence + 1
    result = conn.execute(
        update(visit)
        .where(visit.c.external_id == external_id)
        .values(**values)
        .returning(visit.c.row_version)
    )
    version = result.scalar()
    return None if version is None else int(version)


def write_debrief(
    conn: Connection, external_id: str, content: Content, *, person: str | None, bump: bool
) -> int | None:
    """Put a debrief's content on this side (a new one is added); return its row version."""
    visit, debrief = model_table("visit"), model_table("debrief")
    visit_pk = conn.execute(select(visit.c.id).where(visit.c.external_id == external_id)).scalar()
    if visit_pk is None:
        return None
    values: dict[str, Any] = {f: content.get(f) or "" for f in DEBRIEF_TEXTS}
    values["sentiment"] = content.get("sentiment")
    written = content.get("written_at")
    values["written_at"] = stored_utc(written) if written else _now()
    values["changed_by"] = person
    values["changed_at"] = _now()
    found = conn.execute(
        select(debrief.c.id, debrief.c.row_version).where(debrief.c.visit_id == visit_pk)
    ).first()
    if found is None:
        debrief_id, version = conn.execute(
            insert(debrief)
            .values(visit_id=visit_pk, row_version=1, **values)
            .returning(debrief.c.id, debrief.c.row_version)
        ).one()
    else:
        if bump:
            values["row_version"] = debrief.c.row_version + 1
        debrief_id, version = conn.execute(
            update(debrief)
            .where(debrief.c.id == found[0])
            .values(**values)
            .returning(debrief.c.id, debrief.c.row_version)
        ).one()
    _write_parts(conn, int(visit_pk), int(debrief_id), content)
    return int(version)


def _write_parts(conn: Connection, visit_pk: int, debrief_id: int, content: Content) -> None:
    friction, step = model_table("debrief_friction"), model_table("next_step")
    link, contact = model_table("visit_contact"), model_table("contact")
    conn.execute(delete(friction).where(friction.c.debrief_id == debrief_id))
    conn.execute(delete(step).where(step.c.debrief_id == debrief_id))
    conn.execute(delete(link).where(link.c.visit_id == visit_pk))
    categories = [{"debrief_id": debrief_id, "category": c} for c in content.get("friction", [])]
    if categories:
        conn.execute(insert(friction), categories)
    rows = [
        {
            "debrief_id": debrief_id,
            "text": words,
            "owner": owner,
            "due_on": date.fromisoformat(due) if due else None,
            "done": bool(done),
        }
        for words, owner, due, done in content.get("next_steps", [])
    ]
    if rows:
        conn.execute(insert(step), rows)
    wanted = list(content.get("contacts", []))
    if wanted:
        known = set(conn.execute(select(contact.c.id).where(contact.c.id.in_(wanted))).scalars())
        people = [{"visit_id": visit_pk, "contact_id": c} for c in wanted if c in known]
        if people:
            conn.execute(insert(link), people)


def write_held(
    conn: Connection,
    entity: str,
    external_id: str,
    content: Content,
    *,
    person: str | None,
    bump: bool,
) -> int | None:
    """Put a visit's or debrief's content on this side; return its row version."""
    writer = write_visit if entity == "visit" else write_debrief
    return writer(conn, external_id, content, person=person, bump=bump)


def _now() -> datetime:
    from datetime import UTC

    return datetime.now(UTC)


FIELD_WORDS = {
    "status": "Status",
    "start": "Starts (UTC)",
    "end": "Ends (UTC)",
    "location": "Place",
    "mode": "How",
    "agenda": "Agenda",
    "objective": "Objective",
    "trip_id": "Trip",
    "summary": "Summary",
    "learned": "What we learned",
    "challenges": "Challenges",
    "field_friction": "Field friction",
    "competitors": "Competitors",
    "current_vendor": "Current vendor",
    "budget": "Budget",
    "sentiment": "Sentiment",
    "people_met": "People met",
    "friction": "Friction categories",
    "next_steps": "Next steps",
    "contacts": "Contacts met",
}


def field_text(name: str, value: Any) -> str:
    """Return one content field in words, for the conflict view ("—" for nothing)."""
    if value in (None, "", []):
        return "—"
    if name == "next_steps":
        return "\n".join(
            " · ".join(str(part) for part in (words, owner, f"by {due}" if due else "") if part)
            + (" (done)" if done else "")
            for words, owner, due, done in value
        )
    if name == "contacts":
        return f"{len(value)} contact{'s' if len(value) != 1 else ''}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
