"""Stable identity of a visit's invites: UIDs set once, SEQUENCE raised when what was sent changed.

The rule (docs/invites.md): each time invites for a visit leave Field Visit (export, e-mail,
CalDAV), a fingerprint of what a calendar shows (time, place, title parts, status, organizer,
attendees, agenda) is kept next to the SEQUENCE it went out with. If the fingerprint differs from
the last one sent and the visit's SEQUENCE has not been raised since (the planning engine raises
it on reschedule and cancel), it is raised by one. The briefing text is left out on purpose: its
day counts change daily and would otherwise raise SEQUENCE every day.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from fieldvisit.invites.visit_facts import Invitee, VisitFacts
from fieldvisit.settings import Rules
from fieldvisit.store.types import UTCDateTime


@dataclass(frozen=True)
class SentRecord:
    """What the last invites of a visit carried: their SEQUENCE and fingerprint."""

    sequence: int
    fingerprint: str


def new_uid() -> str:
    """Return a fresh, meaningless UID (nothing about the visit can be read from it)."""
    return f"{uuid.uuid4()}@fieldvisit"


def _people(people: list[Invitee]) -> list[tuple[str, str]]:
    return [(p.name, (p.email or "").lower()) for p in people]


def fingerprint(facts: VisitFacts, rules: Rules) -> str:
    """Return a digest of everything a calendar shows for this visit, briefing text excluded."""
    shown = (
        facts.start.isoformat(),
        facts.end.isoformat(),
        facts.location or "",
        facts.mode,
        facts.status,
        facts.agenda or "",
        facts.account_name,
        rules.company_name,
        rules.organizer_email,
        rules.organizer_name,
        _people(facts.executives),
        _people(facts.reps),
        _people(facts.contacts),
    )
    # repr of plain strings, tuples and lists is stable across runs and Python versions.
    return hashlib.sha256(repr(shown).encode()).hexdigest()


def sent_records(conn: Connection, pks: Sequence[int]) -> dict[int, SentRecord]:
    """Return the last sent state of the given visits (absent when never sent)."""
    found: dict[int, SentRecord] = {}
    for i in range(0, len(pks), 500):
        rows = conn.execute(
            text(
                "SELECT id, sent_sequence, sent_fingerprint FROM visit "
                "WHERE id IN :ids AND sent_fingerprint IS NOT NULL"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": list(pks[i : i + 500])},
        )
        for pk, sequence, fp in rows:
            found[int(pk)] = SentRecord(sequence=int(sequence), fingerprint=str(fp))
    return found


def issue(
    conn: Connection,
    visits: Sequence[VisitFacts],
    rules: Rules,
    now: datetime,
    *,
    record_sent: bool = True,
) -> dict[int, SentRecord]:
    """Give each visit its UIDs and the SEQUENCE its invites go out with, and remember them.

    Updates the `VisitFacts` in place and the workspace in the caller's transaction, so a failed
    send or write rolls the new state back with everything else. Returns the state each visit
    had before (absent when its invites never left Field Visit).

    Without `record_sent` only the identity is stored (UIDs, a raised SEQUENCE: both stay right
    whether or not anything goes out); the caller records what went out with `remember_sent`
    once it has, in a transaction of its own, so no lock is held across a network call.
    """
    records = sent_records(conn, [v.pk for v in visits])
    uid_rows: list[dict[str, object]] = []
    seq_rows: list[dict[str, object]] = []
    sent_rows: list[dict[str, object]] = []
    for v in visits:
        if not v.internal_uid or not v.external_uid:
            v.internal_uid = v.internal_uid or new_uid()
            v.external_uid = v.external_uid or new_uid()
            uid_rows.append({"i": v.internal_uid, "e": v.external_uid, "id": v.pk})
        fp = fingerprint(v, rules)
        last = records.get(v.pk)
        if last is not None and last.fingerprint != fp and v.sequence <= last.sequence:
            v.sequence = last.sequence + 1
            seq_rows.append({"s": v.sequence, "now": now, "id": v.pk})
        if last != SentRecord(v.sequence, fp):
            sent_rows.append({"s": v.sequence, "f": fp, "id": v.pk})
    if uid_rows:
        # Only fill empty UIDs: a UID once given is never changed.
        conn.execute(
            text(
                "UPDATE visit SET internal_uid = COALESCE(NULLIF(internal_uid, ''), :i), "
                "external_uid = COALESCE(NULLIF(external_uid, ''), :e) WHERE id = :id"
            ),
            uid_rows,
        )
    if seq_rows:
        conn.execute(
            text("UPDATE visit SET sequence = :s, updated_at = :now WHERE id = :id").bindparams(
                bindparam("now", type_=UTCDateTime())
            ),
            seq_rows,
        )
    if sent_rows and record_sent:
        conn.execute(
            text("UPDATE visit SET sent_sequence = :s, sent_fingerprint = :f WHERE id = :id"),
            sent_rows,
        )
    return records


def remember_sent(conn: Connection, visit_pk: int, sent: SentRecord) -> None:
    """Record that the visit's invites went out as `sent` (unless newer ones went out since)."""
    conn.execute(
        text(
            "UPDATE visit SET sent_sequence = :s, sent_fingerprint = :f "
            "WHERE id = :id AND (sent_sequence IS NULL OR sent_sequence <= :s)"
        ),
        {"s": sent.sequence, "f": sent.fingerprint, "id": visit_pk},
    )
