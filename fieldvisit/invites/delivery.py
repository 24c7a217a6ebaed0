"""Getting a visit's invites out: e-mail (iMIP) and CalDAV, in the caller's transaction.

The same calls serve the command line and the desktop app; passwords are handed in by the caller
(who got them from `fieldvisit.secrets`), never read or stored here.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError
from fieldvisit.invites.audiences import AUDIENCES, Audience
from fieldvisit.invites.build import Invite, stored_copy, visit_invites
from fieldvisit.invites.caldav_publish import CalDAVCalendar, caldav_settings
from fieldvisit.invites.facts import load_visits
from fieldvisit.invites.ics import organizer_from
from fieldvisit.invites.issuing import sent_records
from fieldvisit.invites.mail import invite_message, send_messages, smtp_settings
from fieldvisit.settings import Rules


@dataclass(frozen=True)
class Delivery:
    """What happened to one audience's invite (for the user's summary line)."""

    audience: Audience
    method: str
    sequence: int
    recipients: tuple[str, ...]
    skipped: str | None = None  # why nothing was sent, when nothing was


def was_sent(conn: Connection, visit_pk: int) -> bool:
    """Return True when invites for this visit have left Field Visit before."""
    return visit_pk in sent_records(conn, [visit_pk])


def send_visit_invites(
    conn: Connection,
    visit_pk: int,
    rules: Rules,
    audiences: Sequence[Audience],
    password: str | None,
    now: datetime,
    *,
    as_of: date | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> list[Delivery]:
    """E-mail each audience's invite (or cancellation) to its recipients; return what was sent.

    An audience without any recipient is skipped (reported) when both were asked for, and is an
    error when it was the only one asked for.
    """
    settings = smtp_settings(rules)
    organizer = organizer_from(rules)
    invites = visit_invites(conn, visit_pk, rules, audiences, now, as_of)
    deliveries: list[Delivery] = []
    messages = []
    for inv in invites:
        c = inv.content
        if not c.recipients:
            if len(audiences) == 1:
                raise FieldVisitError(
                    f"The {c.audience} invite has nobody to send to: no attendee has an "
                    "e-mail address."
                )
            deliveries.append(
                Delivery(c.audience, inv.method, c.sequence, (), "nobody has an e-mail address")
            )
            continue
        messages.append(invite_message(inv, organizer, now))
        deliveries.append(Delivery(c.audience, inv.method, c.sequence, c.recipients))
    if messages:
        send_messages(settings, password, messages, ssl_context=ssl_context)
    return deliveries


def _other(audience: Audience) -> Audience:
    return "internal" if audience == "external" else "external"


def publish_visit(
    conn: Connection,
    visit_pk: int,
    rules: Rules,
    audience: Audience,
    password: str | None,
    now: datetime,
    as_of: date | None = None,
) -> str:
    """Put the visit on the CalDAV calendar (or take it off when cancelled); return what was done.

    One event per visit: publishing one audience's version removes the other's, if present.
    """
    settings = caldav_settings(rules)
    content, data = stored_copy(conn, visit_pk, rules, audience, now, as_of)
    (facts,) = load_visits(conn, [visit_pk], rules.default_visit_minutes)
    calendar = CalDAVCalendar(settings, password)
    try:
        if content.cancelled:
            removed = sum(
                calendar.delete(uid) for uid in _uids(facts.internal_uid, facts.external_uid)
            )
            return "removed" if removed else "absent"
        other_uid = facts.internal_uid if audience == "external" else facts.external_uid
        if other_uid:
            calendar.delete(other_uid)
        return calendar.put(content.uid, data)
    finally:
        calendar.close()


def unpublish_visit(conn: Connection, visit_pk: int, rules: Rules, password: str | None) -> int:
    """Delete both audiences' events of a visit from the CalDAV calendar; return how many."""
    settings = caldav_settings(rules)
    (facts,) = load_visits(conn, [visit_pk], rules.default_visit_minutes)
    calendar = CalDAVCalendar(settings, password)
    try:
        return sum(calendar.delete(uid) for uid in _uids(facts.internal_uid, facts.external_uid))
    finally:
        calendar.close()


def _uids(*uids: str | None) -> list[str]:
    return [u for u in uids if u]


def invites_for_file(
    conn: Connection,
    visit_pk: int,
    rules: Rules,
    audience: Audience,
    now: datetime,
    as_of: date | None = None,
) -> Invite:
    """Return one audience's invite (REQUEST, or CANCEL for a cancelled visit) for a file."""
    (invite,) = visit_invites(conn, visit_pk, rules, [audience], now, as_of)
    return invite


__all__ = [
    "AUDIENCES",
    "Delivery",
    "invites_for_file",
    "publish_visit",
    "send_visit_invites",
    "unpublish_visit",
    "was_sent",
]
