"""Visits planned in a travel copy: read whole from the copy, added to the team database.

A visit the copy planned has no base. Its external id was made in the copy, so the team may
already use it for another visit: then the pushed visit gets a fresh one, and its debrief (pushed
after it, in the same transaction) follows it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from fieldvisit.travel.content import fingerprint, plain_value, read_visits
from fieldvisit.travel.tables import model_table

LINKS = {"visit_executive": "executive", "visit_rep": "rep", "visit_contact": "contact"}


@dataclass(frozen=True)
class NewVisit:
    """A visit planned in the copy: its row (without the copy's id) and who it links to."""

    external_id: str
    row: dict[str, Any]
    links: dict[str, list[int]]


def read_new_visits(conn: Connection, keys: list[str]) -> dict[str, NewVisit]:
    """Return the copy's visits of these external ids, whole, with their people."""
    if not keys:
        return {}
    visit = model_table("visit")
    found: dict[str, NewVisit] = {}
    for row in conn.execute(select(visit).where(visit.c.external_id.in_(keys))).mappings():
        links: dict[str, list[int]] = {}
        for name, kind in LINKS.items():
            table = model_table(name)
            links[name] = list(
                conn.execute(
                    select(table.c[f"{kind}_id"]).where(table.c.visit_id == row["id"])
                ).scalars()
            )
        values = {k: v for k, v in row.items() if k != "id"}
        found[row["external_id"]] = NewVisit(row["external_id"], values, links)
    return found


def add_visit(conn: Connection, new: NewVisit, *, person: str) -> tuple[str, int] | None:
    """Add a copy's visit to this side; return its external id there and its version.

    None when this side already holds it (the same content under the same external id: a sync
    that was cut off after pushing).
    """
    visit = model_table("visit")
    external_id = new.external_id
    there = read_visits(conn, [external_id]).get(external_id)
    if there is not None:
        mine = {k: plain_value(new.row.get(k)) for k in there.content}
        if fingerprint(mine) == there.fingerprint and there.account_id == new.row["account_id"]:
            return None
        external_id = f"{external_id}-{uuid.uuid4().hex[:6]}"
    values = dict(new.row, external_id=external_id, row_version=1, changed_by=person)
    for key in ("deal_id", "trip_id"):
        values[key] = existing(conn, key.removesuffix("_id"), values.get(key))
    visit_pk = conn.execute(insert(visit).values(**values).returning(visit.c.id)).scalar_one()
    for name, kind in LINKS.items():
        ids = [i for i in new.links.get(name, []) if existing(conn, kind, i) is not None]
        if ids:
            conn.execute(
                insert(model_table(name)), [{"visit_id": visit_pk, f"{kind}_id": i} for i in ids]
            )
    return external_id, 1


def existing(conn: Connection, table_name: str, pk: int | None) -> int | None:
    if pk is None:
        return None
    table = model_table(table_name)
    return conn.execute(select(table.c.id).where(table.c.id == pk)).scalar()
