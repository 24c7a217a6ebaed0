"""Review decisions, each one action that is remembered for later captures.

- `assign_meeting`: this meeting (every listed occurrence of its UID) is with this account and
  the executive was there; later occurrences of the series match that account too.
- `map_domain`: this domain means this account (for every meeting, now and later).
- `ignore_domain`: people at this domain are neither customers nor ours (a partner, an
  investor); a meeting with nobody else from outside is not a customer meeting.
- `dismiss_meeting`: not a customer meeting; later captures skip it.
- `did_not_happen`: a captured past visit is cancelled (and a capture never brings it back).
- `add_new_person`: someone at a matched account's domain becomes a contact of it.

Every function writes on the caller's connection (`Workspace.begin()`) and returns what changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.capture.decide import Owner, decide
from fieldvisit.capture.directory import load_directory
from fieldvisit.capture.domains import clean_domain, within
from fieldvisit.capture.ledger import Ledger
from fieldvisit.capture.review import occurrence_from
from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.planning.periods import stored_utc
from fieldvisit.planning.visit_rows import stored_text, visit_row
from fieldvisit.settings import load_rules
from fieldvisit.store.dialect import dialect_of


@dataclass
class Settled:
    """What one decision changed: review items settled and the visits written."""

    items: int = 0
    new: int = 0
    merged: int = 0
    visits: list[str] = field(default_factory=list)  # external ids of the visits written

    def __str__(self) -> str:
        if not self.items:
            return "No meeting waiting for review was settled by this."
        written = f"; visits {', '.join(self.visits)}" if self.visits else ""
        noun = "meeting" if self.items == 1 else "meetings"
        return (
            f"Settled {self.items} {noun}: {self.new} new visits, "
            f"{self.merged} merged into visits already there{written}."
        )


def account_pk_for(conn: Connection, account_id: str) -> int:
    """Return the pk of the account with this external id (NotFound otherwise)."""
    pk = conn.execute(
        text("SELECT id FROM account WHERE external_id = :a"), {"a": account_id.strip()}
    ).scalar()
    if pk is None:
        raise NotFound(f"No account {account_id!r} in this workspace.")
    return int(pk)


def _open_rows(conn: Connection, uid: str | None = None) -> list[dict[str, object]]:
    sql = (
        'SELECT id, calendar, uid, recurrence_id, executive_id, start, "end", facts '
        "FROM capture_review WHERE state = 'open'"
    )
    params: dict[str, object] = {}
    if uid is not None:
        sql += " AND uid = :u"
        params["u"] = uid
    return [dict(r) for r in conn.execute(text(sql + " ORDER BY start, id"), params).mappings()]


def _owners(conn: Connection) -> dict[int, Owner]:
    return {
        pk: Owner(pk, (email or "").lower(), name, tz)
        for pk, email, name, tz in conn.execute(text("SELECT id, email, name, tz FROM executive"))
    }


def _redecide(
    conn: Connection, rows: list[dict[str, object]], now: datetime, confirmed_uid: str | None
) -> Settled:
    """Decide listed meetings again with the choices now stored; write those that count."""
    settled = Settled()
    if not rows:
        return settled
    directory = load_directory(conn)
    contact_accounts = {
        c.contact_pk: c.account_pk for refs in directory.contacts.values() for c in refs
    }
    calendars = sorted({str(r["calendar"]) for r in rows})
    ledger = Ledger(conn, now, load_rules(conn), calendars, contact_accounts)
    ledger.prime_own_uids({str(r["uid"]) for r in rows})
    owners = _owners(conn)
    for row in rows:
        occ = occurrence_from(row)
        confirmed = occ.uid == confirmed_uid
        owner = owners[int(str(row["executive_id"]))]
        decision = decide(occ, owner, directory, now, confirmed=confirmed)
        if decision.action == "review":
            continue
        visit_pk = None
        if decision.meeting is not None:
            outcome = ledger.record(decision.meeting)
            visit_pk = ledger.known[decision.meeting.key].visit_pk
            settled.new += outcome == "new"
            settled.merged += outcome != "new"
            ext = conn.execute(text("SELECT external_id FROM visit WHERE id = :v"), {"v": visit_pk})
            settled.visits.append(str(ext.scalar_one()))
        conn.execute(
            text(
                "UPDATE capture_review SET state = :s, visit_id = :v, updated_at = :now "
                "WHERE id = :id"
            ),
            {
                "s": "assigned" if confirmed else "resolved",
                "v": visit_pk,
                "now": stored_text(now),
                "id": row["id"],
            },
        )
        settled.items += 1
    ledger.finish()
    settled.visits = list(dict.fromkeys(settled.visits))
    return settled


def assign_meeting(
    conn: Connection, uid: str, account_pk: int, *, now: datetime | None = None
) -> Settled:
    """Say the meeting with this UID was with this account and the executive was there."""
    rows = _open_rows(conn, uid.strip())
    if not rows:
        raise NotFound(f"No meeting with the UID {uid!r} is waiting for review.")
    exists = conn.execute(text("SELECT 1 FROM account WHERE id = :a"), {"a": account_pk}).first()
    if exists is None:
        raise NotFound(f"No account with key {account_pk} in this workspace.")
    conn.execute(
        text(
            "INSERT INTO capture_assignment (uid, account_id) VALUES (:u, :a) "
            "ON CONFLICT(uid) DO UPDATE SET account_id = excluded.account_id"
        ),
        {"u": uid.strip(), "a": account_pk},
    )
    return _redecide(conn, rows, now or datetime.now(UTC), uid.strip())


def _domain(conn: Connection, raw: str, what: str) -> str:
    try:
        domain = clean_domain(raw)
    except ValueError as exc:
        raise FieldVisitError(f"{exc}.") from None
    directory = load_directory(conn)
    if directory.is_personal(domain):
        raise FieldVisitError(
            f"{domain} is a personal mail domain (a capture setting): many people, not one "
            f"company, so it cannot be {what}; assign the meeting instead."
        )
    if within(domain, directory.own_domains):
        raise FieldVisitError(f"{domain} is one of our company's own domains; it cannot be {what}.")
    return domain


def map_domain(
    conn: Connection, domain: str, account_pk: int, *, now: datetime | None = None
) -> Settled:
    """Remember that a domain means this account; settle the listed meetings it decides."""
    name = _domain(conn, domain, "mapped to an account")
    exists = conn.execute(text("SELECT 1 FROM account WHERE id = :a"), {"a": account_pk}).first()
    if exists is None:
        raise NotFound(f"No account with key {account_pk} in this workspace.")
    conn.execute(
        text(
            "INSERT INTO capture_domain (domain, account_id, ignored) VALUES (:d, :a, FALSE) "
            "ON CONFLICT(domain) DO UPDATE SET account_id = excluded.account_id, ignored = FALSE"
        ),
        {"d": name, "a": account_pk},
    )
    return _redecide(conn, _open_rows(conn), now or datetime.now(UTC), None)


def ignore_domain(conn: Connection, domain: str, *, now: datetime | None = None) -> Settled:
    """Remember to ignore people at a domain; settle the listed meetings that changes."""
    name = _domain(conn, domain, "ignored")
    conn.execute(
        text(
            "INSERT INTO capture_domain (domain, account_id, ignored) VALUES (:d, NULL, TRUE) "
            "ON CONFLICT(domain) DO UPDATE SET account_id = NULL, ignored = TRUE"
        ),
        {"d": name},
    )
    return _redecide(conn, _open_rows(conn), now or datetime.now(UTC), None)


def dismiss_meeting(conn: Connection, uid: str, *, now: datetime | None = None) -> Settled:
    """Say the meeting with this UID is not a customer meeting; later captures skip it."""
    result = conn.execute(
        text(
            "UPDATE capture_review SET state = 'dismissed', updated_at = :now "
            "WHERE uid = :u AND state = 'open'"
        ),
        {"u": uid.strip(), "now": stored_text(now or datetime.now(UTC))},
    )
    if not result.rowcount:
        raise NotFound(f"No meeting with the UID {uid!r} is waiting for review.")
    return Settled(items=int(result.rowcount))


def did_not_happen(conn: Connection, visit_pk: int, *, now: datetime | None = None) -> None:
    """Cancel a past visit that did not take place (a later capture never brings it back)."""
    from fieldvisit.planning.actions import set_visit_status

    visit = visit_row(conn, visit_pk)
    if visit["status"] == "cancelled":
        raise FieldVisitError("This visit is already cancelled.")
    if stored_utc(visit["start"]) >= (now or datetime.now(UTC)):
        raise FieldVisitError(
            "This visit is still ahead; cancel it instead (`fieldvisit cancel`), which also "
            "tells its attendees."
        )
    set_visit_status(conn, visit_pk, "cancelled")


@dataclass(frozen=True)
class NewPerson:
    """Someone at a matched account's domain who met us and is not a contact yet."""

    visit_id: str
    account_id: str
    account_name: str
    email: str
    name: str | None


def new_people(conn: Connection, visit_pk: int | None = None) -> list[NewPerson]:
    """Return the new people captured meetings met (of one visit, or of all)."""
    where, params = ("WHERE p.visit_id = :v", {"v": visit_pk}) if visit_pk else ("", {})
    rows = conn.execute(
        text(
            "SELECT v.external_id, a.external_id, a.name, p.email, p.name FROM captured_person p "
            "JOIN visit v ON v.id = p.visit_id JOIN account a ON a.id = p.account_id "
            f"{where} ORDER BY a.name, p.email, v.external_id"
        ),
        params,
    )
    return [NewPerson(*row) for row in rows]


def add_new_person(conn: Connection, visit_pk: int, email: str) -> str:
    """Make a new person of a captured visit a contact of its account; return the contact id.

    The contact joins every visit that met them.
    """
    address = email.strip().lower()
    row = conn.execute(
        text("SELECT name, account_id FROM captured_person WHERE visit_id = :v AND email = :e"),
        {"v": visit_pk, "e": address},
    ).first()
    if row is None:
        raise NotFound(f"{address} is not a new person of this visit.")
    name, account_pk = row
    numbered = "~ '^C[0-9]+$'" if dialect_of(conn).is_postgresql else "GLOB 'C[0-9]*'"
    top = conn.execute(
        text(
            "SELECT MAX(CAST(substr(external_id, 2) AS INTEGER)) FROM contact "
            f"WHERE external_id {numbered}"
        )
    ).scalar()
    number = int(top or 0) + 1
    while conn.execute(
        text("SELECT 1 FROM contact WHERE external_id = :x"), {"x": f"C{number:06d}"}
    ).first():
        number += 1
    contact_id = f"C{number:06d}"
    contact_pk = conn.execute(
        text(
            "INSERT INTO contact (external_id, account_id, name, email, decision_maker) "
            "VALUES (:x, :a, :n, :e, FALSE) RETURNING id"
        ),
        {"x": contact_id, "a": account_pk, "n": name or address.split("@")[0], "e": address},
    ).scalar_one()
    visits = list(
        conn.execute(
            text("SELECT visit_id FROM captured_person WHERE email = :e AND account_id = :a"),
            {"e": address, "a": account_pk},
        ).scalars()
    )
    conn.execute(
        text(
            "INSERT INTO visit_contact (visit_id, contact_id) "
            f"SELECT v.id, :c FROM visit v WHERE v.id IN {dialect_of(conn).ids_in_json('v')} "
            "ON CONFLICT DO NOTHING"
        ),
        {"c": contact_pk, "v": json.dumps(visits)},
    )
    conn.execute(
        text("DELETE FROM captured_person WHERE email = :e AND account_id = :a"),
        {"e": address, "a": account_pk},
    )
    return contact_id
