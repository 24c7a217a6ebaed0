"""The review list: meetings a capture was unsure about, kept until a person decides.

An item is one occurrence (calendar, UID, recurrence id) with the facts a person needs to decide
— start, end, title (none when private), location, organizer, the domains and people from
outside, the accounts they point at — and never the description. States: `open` (listed),
`assigned` (a person said which account; the meeting counts), `dismissed` (not a customer
meeting), `resolved` (a later capture or a domain choice settled it). Decisions are in
`fieldvisit.capture.settle`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from fieldvisit.capture.classify import REVIEW_REASONS
from fieldvisit.capture.decide import Decision, Owner
from fieldvisit.capture.directory import Directory
from fieldvisit.capture.events import Attendee, Occurrence
from fieldvisit.ingest.stored_forms import record_form
from fieldvisit.planning.visit_rows import stored_text
from fieldvisit.store.dialect import dialect_of
from fieldvisit.store.types import UTCDateTime

Key = tuple[str, str, str]
REVIEW_STATES = ("open", "assigned", "dismissed", "resolved")


@dataclass(frozen=True)
class AccountChoice:
    account_pk: int
    account_id: str
    name: str


@dataclass(frozen=True)
class ReviewItem:
    """One listed meeting, as the review list shows it (plain data for the app and the CLI)."""

    review_pk: int
    uid: str
    recurrence_id: str
    calendar: str
    executive_pk: int
    executive_name: str
    start: datetime
    end: datetime | None
    reason: str  # no_account, several_accounts, tentative, needs_action
    reason_text: str
    title: str | None
    location: str | None
    organizer: str | None
    domains: tuple[str, ...]
    people: tuple[tuple[str, str | None], ...]  # (e-mail, name) of the people from outside
    candidates: tuple[AccountChoice, ...]
    state: str
    visit_id: str | None  # the visit it became, once assigned or resolved


def facts_of(occ: Occurrence, decision: Decision, directory: Directory) -> dict[str, object]:
    """Return what a review item keeps of an occurrence: no description, no notes."""
    verdict, match = decision.verdict, decision.match
    ours = [
        a for a in occ.attendees if a.email in directory.executives or a.email in directory.reps
    ]
    return {
        "title": occ.title,
        "location": occ.location,
        "organizer": occ.organizer,
        "mode": occ.mode,
        "private": occ.private,
        "busy_status": occ.busy_status,
        "outside": [[p.email, p.name, p.partstat] for p in verdict.externals],
        "ours": [[p.email, p.name, p.partstat] for p in ours],
        "domains": list(match.domains) if match else [],
        "candidates": list(match.candidates) if match else [],
    }


def occurrence_from(row: dict[str, object]) -> Occurrence:
    """Return the occurrence a review item describes (to decide it again with new choices)."""
    facts = json.loads(str(row["facts"]))
    start = _aware(row["start"])
    end = _aware(row["end"]) if row["end"] else None
    return Occurrence(
        source="the review list",
        calendar=str(row["calendar"]),
        uid=str(row["uid"]),
        recurrence_id=str(row["recurrence_id"]),
        start=start,
        end=end,
        cancelled=False,
        private=bool(facts.get("private")),
        title=facts.get("title"),
        location=facts.get("location"),
        organizer=facts.get("organizer"),
        attendees=tuple(
            Attendee(e, n, p) for e, n, p in [*facts.get("outside", []), *facts.get("ours", [])]
        ),
        mode=str(facts.get("mode") or "in_person"),
        busy_status=facts.get("busy_status"),
    )


def _aware(value: object) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value)[:26]).replace(tzinfo=UTC)


class ReviewBook:
    """The review items of the calendars one capture reads, updated as it goes."""

    def __init__(self, conn: Connection, calendars: list[str], now: datetime) -> None:
        self.conn = conn
        self.now = now
        self.rows: dict[Key, dict[str, object]] = {}
        self.seen: set[Key] = set()
        for row in conn.execute(
            text(
                'SELECT id, calendar, uid, recurrence_id, start, "end", reason, facts, state, '
                f"visit_id FROM capture_review WHERE calendar IN {dialect_of(conn).texts_in_json('c')}"
            ),
            {"c": json.dumps(calendars)},
        ).mappings():
            # Times as stored text (PostgreSQL hands back datetimes), as `listed` compares them.
            kept = {**row, "start": record_form(row["start"]), "end": record_form(row["end"])}
            self.rows[(row["calendar"], row["uid"], row["recurrence_id"])] = kept

    def state(self, key: Key) -> str | None:
        """Return the item's state (None when the occurrence was never listed)."""
        self.seen.add(key)
        row = self.rows.get(key)
        return str(row["state"]) if row is not None else None

    def listed(
        self, occ: Occurrence, owner: Owner, decision: Decision, directory: Directory
    ) -> None:
        """Keep the occurrence in the review list (open), writing only what changed."""
        key = (occ.calendar, occ.uid, occ.recurrence_id)
        self.seen.add(key)
        assert isinstance(occ.start, datetime)
        values = {
            "start": stored_text(occ.start),
            "end": stored_text(occ.end) if isinstance(occ.end, datetime) else None,
            "reason": decision.reason,
            "facts": json.dumps(facts_of(occ, decision, directory), sort_keys=True),
        }
        old = self.rows.get(key)
        if old is None:
            pk = self.conn.execute(
                text(
                    "INSERT INTO capture_review (calendar, uid, recurrence_id, executive_id, start, "
                    '"end", reason, facts, state, updated_at) VALUES (:c, :u, :r, :x, :start, '
                    ":end, :reason, :facts, 'open', :now) RETURNING id"
                ),
                {
                    "c": key[0],
                    "u": key[1],
                    "r": key[2],
                    "x": owner.pk,
                    "now": self._now(),
                    **values,
                },
            ).scalar_one()
            self.rows[key] = {"id": pk, "state": "open", "visit_id": None, **values}
            return
        if old["state"] == "open" and all(old[k] == v for k, v in values.items()):
            return
        self.conn.execute(
            text(
                'UPDATE capture_review SET start = :start, "end" = :end, reason = :reason, '
                "facts = :facts, state = 'open', visit_id = NULL, updated_at = :now WHERE id = :id"
            ),
            {"id": old["id"], "now": self._now(), **values},
        )
        old.update(values, state="open", visit_id=None)

    def counted(self, key: Key, visit_pk: int | None) -> None:
        """Mark an open item settled by this capture (its meeting now counts, or is skipped)."""
        row = self.rows.get(key)
        if row is None or row["state"] != "open":
            return
        self.conn.execute(
            text(
                "UPDATE capture_review SET state = 'resolved', visit_id = :v, updated_at = :now "
                "WHERE id = :id"
            ),
            {"v": visit_pk, "now": self._now(), "id": row["id"]},
        )
        row.update(state="resolved", visit_id=visit_pk)

    def drop_vanished(self, calendar: str, lo: str, hi: str) -> None:
        """Delete open items of this calendar in [lo, hi) the calendar no longer holds."""
        for key, row in list(self.rows.items()):
            if key[0] != calendar or key in self.seen or row["state"] != "open":
                continue
            if lo <= str(row["start"]) < hi:
                self.conn.execute(
                    text("DELETE FROM capture_review WHERE id = :id"), {"id": row["id"]}
                )
                del self.rows[key]

    def _now(self) -> str:
        return stored_text(self.now)


def review_items(
    conn: Connection,
    *,
    state: str | None = "open",
    executive_pk: int | None = None,
    uid: str | None = None,
) -> list[ReviewItem]:
    """Return review items (open ones by default), the earliest first."""
    where = ["1 = 1"]
    params: dict[str, object] = {}
    if state is not None:
        where.append("r.state = :state")
        params["state"] = state
    if executive_pk is not None:
        where.append("r.executive_id = :x")
        params["x"] = executive_pk
    if uid is not None:
        where.append("r.uid = :uid")
        params["uid"] = uid
    rows = conn.execute(
        text(
            "SELECT r.id, r.uid, r.recurrence_id, r.calendar, r.executive_id, e.name, r.start, "
            'r."end", r.reason, r.facts, r.state, v.external_id FROM capture_review r '
            "JOIN executive e ON e.id = r.executive_id LEFT JOIN visit v ON v.id = r.visit_id "
            f"WHERE {' AND '.join(where)} ORDER BY r.start, r.id"
        ).columns(start=UTCDateTime(), end=UTCDateTime()),
        params,
    ).all()
    accounts = _accounts(conn, rows)
    found = []
    for pk, u, rid, cal, x, name, start, end, reason, facts_json, st, visit_id in rows:
        facts = json.loads(facts_json)
        found.append(
            ReviewItem(
                review_pk=pk,
                uid=u,
                recurrence_id=rid,
                calendar=cal,
                executive_pk=x,
                executive_name=name,
                start=start,
                end=end,
                reason=reason,
                reason_text=REVIEW_REASONS.get(reason, reason),
                title=facts.get("title"),
                location=facts.get("location"),
                organizer=facts.get("organizer"),
                domains=tuple(facts.get("domains", [])),
                people=tuple((e, n) for e, n, _ in facts.get("outside", [])),
                candidates=tuple(accounts[a] for a in facts.get("candidates", []) if a in accounts),
                state=st,
                visit_id=visit_id,
            )
        )
    return found


def _accounts(conn: Connection, rows: Sequence[Any]) -> dict[int, AccountChoice]:
    wanted: set[int] = set()
    for row in rows:
        wanted.update(json.loads(row[9]).get("candidates", []))
    if not wanted:
        return {}
    return {
        pk: AccountChoice(pk, ext, name)
        for pk, ext, name in conn.execute(
            text(
                f"SELECT id, external_id, name FROM account WHERE id IN "
                f"{dialect_of(conn).ids_in_json('ids')}"
            ),
            {"ids": json.dumps(sorted(wanted))},
        )
    }


def count_review_items(conn: Connection, state: str = "open") -> int:
    """Return how many review items are in a state (open by default)."""
    return int(
        conn.execute(
            text("SELECT count(*) FROM capture_review WHERE state = :s").bindparams(bindparam("s")),
            {"s": state},
        ).scalar_one()
    )
