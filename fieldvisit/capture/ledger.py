"""Writing captured meetings into visits: new, updated, merged, cancelled — never duplicated.

An occurrence is known by (calendar, UID, recurrence id). Seen before: its visit follows it (a
moved meeting moves the visit; a past one becomes done). New: it joins a visit that already is
the same meeting — our own invite's UID, the same UID in another calendar, the same start with
the same outside attendees, or a visit of the same account and executive overlapping in time —
or else becomes a visit of its own. A captured meeting gone from its calendar within the window
(deleted, cancelled, declined) cancels the visit, but only a visit capture made and no calendar
still holds; a visit typed in the app or imported is never cancelled by a capture.
Writes go on the caller's connection; the caller's transaction makes a capture all or nothing.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Connection

from fieldvisit.capture.events import Attendee, Occurrence
from fieldvisit.capture.ledger_state import (
    CapturedRow,
    Key,
    LedgerState,
    VisitState,
)
from fieldvisit.planning.trips import refresh_trips
from fieldvisit.planning.visit_rows import stored_text
from fieldvisit.settings import Rules


@dataclass(frozen=True)
class Meeting:
    """A counted occurrence: who attended, which account, and why."""

    occ: Occurrence
    owner_pk: int  # the executive whose calendar it is
    executives: tuple[int, ...]
    reps: tuple[int, ...]
    account_pk: int
    contacts: tuple[int, ...]
    new_people: tuple[Attendee, ...]
    reason: str
    people_key: str | None

    @property
    def key(self) -> Key:
        return (self.occ.calendar, self.occ.uid, self.occ.recurrence_id)


def people_key(emails: list[str]) -> str | None:
    """Return a short hash of the outside attendees' addresses (None when there are none)."""
    if not emails:
        return None
    return hashlib.sha256("\n".join(sorted(set(emails))).encode()).hexdigest()[:32]


def _moment(value: object) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    raise TypeError("a timed event was expected")


class Ledger:
    """Writes meetings into visits for one capture (or one review decision)."""

    def __init__(
        self,
        conn: Connection,
        now: datetime,
        rules: Rules,
        calendars: list[str],
        contact_accounts: dict[int, int],
    ) -> None:
        self.conn = conn
        self.now = now
        self.now_text = stored_text(now)
        self.rules = rules
        self.contact_accounts = contact_accounts
        self.counts: Counter[str] = Counter()
        self.seen: set[Key] = set()
        self.trip_execs: set[int] = set()
        self.state = LedgerState(conn, calendars)
        self.q = self.state.sql
        self.many = self.state.sql.many
        self.known = self.state.known

    def visit_account(self, visit_pk: int) -> int:
        """Return the account of a visit this capture knows."""
        return self.state.visit(visit_pk).account_pk

    def prime_own_uids(self, uids: set[str]) -> None:
        """Find once which meetings are invites Field Visit itself sent."""
        self.state.prime_own_uids(uids)

    # -- writing ---------------------------------------------------------------------------------
    def record(self, m: Meeting) -> str:
        """Write one counted meeting; return new, updated, merged or unchanged."""
        self.seen.add(m.key)
        start, end = self._times(m.occ)
        row = self.known.get(m.key)
        if row is not None:
            outcome = self._update(row, m, start, end)
        else:
            visit_pk = self._existing_visit(m, start, end)
            if visit_pk is not None:
                self._add_people(self.state.visit(visit_pk), m)
                self._insert_row(m, visit_pk, start, end, created=False)
                outcome = "merged"
            else:
                self._create(m, start, end)
                outcome = "new"
        self.counts[outcome] += 1
        return outcome

    def _existing_visit(self, m: Meeting, start: str, end: str) -> int | None:
        occ, state = m.occ, self.state
        found = state.own_uids.get(occ.uid)
        if found is None:
            found = state.by_uid.get((occ.uid, occ.recurrence_id))
        if found is None and m.people_key:
            found = state.by_people.get((start, m.people_key))
        if found is not None:
            return found
        lo = stored_text(_moment(occ.start) - timedelta(hours=24))
        minutes = self.rules.default_visit_minutes
        return state.overlapping(m.account_pk, m.executives, lo, start, end, minutes)

    def _times(self, occ: Occurrence) -> tuple[str, str]:
        start = _moment(occ.start)
        end = _moment(occ.end) if isinstance(occ.end, datetime) else None
        if end is None or end <= start:
            end = start + timedelta(minutes=self.rules.default_visit_minutes)
        return stored_text(start), stored_text(end)

    def _status(self, occ: Occurrence) -> str:
        return "done" if _moment(occ.start) < self.now else "planned"

    def _update(self, row: CapturedRow, m: Meeting, start: str, end: str) -> str:
        visit = self.state.visit(row.visit_pk)
        moved = (start, end) != (row.start, row.end)
        changed = False
        if visit.status == "cancelled":
            if row.cancelled_by_capture:
                self._set_visit(visit, status=self._status(m.occ), start=start, end=end)
                self.q(
                    "UPDATE captured_event SET cancelled_by_capture = FALSE WHERE visit_id = ?",
                    (visit.pk,),
                )
                changed = True
        else:
            fields: dict[str, str | None] = {}
            if moved:
                fields |= {"start": start, "end": end}
                if row.created:
                    fields |= {"location": m.occ.location, "mode": m.occ.mode}
            status = self._status(m.occ)
            if visit.created and visit.status != status:
                fields["status"] = status
            if fields:
                self._set_visit(visit, **fields)
                changed = True
            changed = self._add_people(visit, m) or changed
        if moved or row.gone:
            self.q(
                'UPDATE captured_event SET start = ?, "end" = ?, gone = FALSE WHERE id = ?',
                (start, end, row.pk),
            )
            row.start, row.end, row.gone = start, end, False
        return "updated" if changed else "unchanged"

    def _set_visit(self, visit: VisitState, **fields: str | None) -> None:
        shown = bool({"start", "end", "location", "mode"} & set(fields)) or (
            fields.get("status") == "cancelled" or visit.status == "cancelled"
        )
        if "planned" in (visit.status, fields.get("status")):
            self.trip_execs |= visit.people[0]
        sets = "".join(f'"{name}" = ?, ' for name in fields)
        cancel = fields.get("status") == "cancelled"
        self.q(
            f"UPDATE visit SET {sets}sequence = sequence + ?, updated_at = ?, "
            "trip_id = CASE WHEN ? THEN NULL ELSE trip_id END WHERE id = ?",
            (*fields.values(), 1 if shown else 0, self.now_text, cancel, visit.pk),
        )
        visit.status = fields.get("status") or visit.status

    def _add_people(self, visit: VisitState, m: Meeting) -> bool:
        """Add the meeting's people the visit lacks (never removes anyone); return if any."""
        contacts = [c for c in m.contacts if self.contact_accounts.get(c) == visit.account_pk]
        added: list[list[int]] = []
        for i, pks in enumerate((m.executives, m.reps, contacts)):
            fresh = [pk for pk in dict.fromkeys(pks) if pk not in visit.people[i]]
            visit.people[i].update(fresh)
            added.append(fresh)
        self.state.insert_links(visit.pk, added)
        if added[0] and visit.status == "planned":
            self.trip_execs.update(added[0])
        people = []
        if m.account_pk == visit.account_pk:
            people = [p for p in m.new_people if p.email not in visit.new_people]
        if people:
            self.many(
                "INSERT INTO captured_person (visit_id, email, name, account_id) "
                "VALUES (?, ?, ?, ?)",
                [(visit.pk, p.email, p.name, visit.account_pk) for p in people],
            )
            visit.new_people.update(p.email for p in people)
        return any(added) or bool(people)

    def _insert_row(self, m: Meeting, visit_pk: int, start: str, end: str, created: bool) -> None:
        occ = m.occ
        pk = self.state.sql.insert(
            "INSERT INTO captured_event (visit_id, calendar, uid, recurrence_id, executive_id, "
            'start, "end", organizer, people_key, reason, created, gone, cancelled_by_capture) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, FALSE)",
            (visit_pk, occ.calendar, occ.uid, occ.recurrence_id, m.owner_pk, start, end,
             occ.organizer, m.people_key, m.reason, created),
        )  # fmt: skip
        row = CapturedRow(pk, visit_pk, occ.calendar, start, end, created, False, False)
        self.state.remember(m.key, row, m.people_key)

    def _create(self, m: Meeting, start: str, end: str) -> int:
        # The meeting's title is kept as the visit's internal objective, never its agenda: the
        # agenda is the one free text an external invite carries, and a calendar title may say
        # what the customer must not read.
        occ = m.occ
        status = self._status(occ)
        visit_pk = self.state.sql.insert(
            'INSERT INTO visit (external_id, account_id, deal_id, start, "end", location, '
            "mode, status, objective, internal_uid, external_uid, sequence, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
            (self.state.new_visit_id(), m.account_pk, self.state.deal_for(m.account_pk, m.contacts),
             start, end, occ.location, occ.mode, status, occ.title,
             f"{uuid.uuid4()}@fieldvisit", f"{uuid.uuid4()}@fieldvisit", self.now_text),
        )  # fmt: skip
        visit = VisitState(visit_pk, status, m.account_pk, True)
        self.state.visits[visit.pk] = visit
        self._add_people(visit, m)
        self._insert_row(m, visit.pk, start, end, created=True)
        return visit.pk

    # -- what is gone ----------------------------------------------------------------------------
    def close_gone(self, calendar: str, lo: str, hi: str) -> int:
        """Mark this calendar's captured events in [lo, hi) not seen as gone; return cancellations."""
        gone = [
            row
            for key, row in self.known.items()
            if row.calendar == calendar
            and lo <= row.start < hi
            and not row.gone
            and key not in self.seen
        ]
        if gone:
            self.many("UPDATE captured_event SET gone = TRUE WHERE id = ?", [(r.pk,) for r in gone])
        for row in gone:
            row.gone = True
        cancelled = 0
        for visit_pk in sorted({row.visit_pk for row in gone}):
            visit = self.state.visit(visit_pk)
            if visit.status == "cancelled" or not visit.created or self.state.still_held(visit_pk):
                continue
            self._set_visit(visit, status="cancelled")
            self.q(
                "UPDATE captured_event SET cancelled_by_capture = TRUE WHERE visit_id = ?",
                (visit_pk,),
            )
            cancelled += 1
        self.counts["cancelled"] += cancelled
        return cancelled

    def finish(self) -> None:
        """Regroup the trips of executives whose planned visits changed."""
        if self.trip_execs:
            since = self.now.date() - timedelta(days=2 * self.rules.trip_gap_days + 1)
            refresh_trips(self.conn, since, self.rules, executive_pks=sorted(self.trip_execs))
