"""Getting a visit's invites out: e-mail (iMIP) and CalDAV.

`send_invites_by_email`, `publish_to_calendar` and `remove_from_calendar` take the workspace and
never hold its lock across a network call: a short write gives the invites their identity (UIDs,
SEQUENCE), the lock is released while the server is talked to, and a second short write records
what went out. (`send_visit_invites`, `publish_visit` and `unpublish_visit` run in the caller's
transaction, network included, so another program cannot write meanwhile; prefer the others.)

The same calls serve the command line and the desktop app; passwords are handed in by the caller
(who got them from `fieldvisit.secrets`), never read or stored here.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage

from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError, WorkspaceError
from fieldvisit.invites.audiences import AUDIENCES, Audience, InviteContent
from fieldvisit.invites.build import Invite, stored_copy, visit_invites
from fieldvisit.invites.caldav_publish import CalDAVCalendar, CalDAVSettings, caldav_settings
from fieldvisit.invites.issuing import SentRecord, fingerprint, remember_sent, sent_records
from fieldvisit.invites.mail import invite_message, send_messages, smtp_settings
from fieldvisit.invites.visit_facts import VisitFacts, load_visits
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace


@dataclass(frozen=True)
class Delivery:
    """What happened to one audience's invite (for the user's summary line)."""

    audience: Audience
    method: str
    sequence: int
    recipients: tuple[str, ...]
    skipped: str | None = None  # why nothing was sent, when nothing was
    # People on the visit without an e-mail address (a rep a CRM only named): left off the invite
    not_invited: tuple[str, ...] = ()


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
    invites = visit_invites(conn, visit_pk, rules, audiences, now, as_of)
    deliveries, messages = _messages(invites, audiences, now)
    if messages:
        send_messages(settings, password, messages, ssl_context=ssl_context)
    return deliveries


def send_invites_by_email(
    ws: Workspace,
    visit_pk: int,
    rules: Rules,
    audiences: Sequence[Audience],
    password: str | None,
    now: datetime,
    *,
    as_of: date | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> list[Delivery]:
    """E-mail each audience's invite (or cancellation); return what was sent.

    As `send_visit_invites`, but the workspace is not locked while the SMTP server is talked to.
    """
    settings = smtp_settings(rules)
    with ws.begin() as conn:
        invites = visit_invites(conn, visit_pk, rules, audiences, now, as_of, record_sent=False)
        deliveries, messages = _messages(invites, audiences, now)
        sent = _as_sent(conn, visit_pk, rules)
    if messages:
        send_messages(settings, password, messages, ssl_context=ssl_context)
        _record(ws, visit_pk, sent, "The invites were e-mailed")
    return deliveries


def _as_sent(conn: Connection, visit_pk: int, rules: Rules) -> SentRecord:
    """Return the sent state of the visit's invites just issued (to record once they went out)."""
    (facts,) = load_visits(conn, [visit_pk], rules.default_visit_minutes)
    return SentRecord(facts.sequence, fingerprint(facts, rules))


def _record(ws: Workspace, visit_pk: int, sent: SentRecord, what: str) -> None:
    try:
        with ws.begin() as conn:
            remember_sent(conn, visit_pk, sent)
    except WorkspaceError as exc:
        # The user must not think nothing happened: it did, only the note of it is missing.
        raise WorkspaceError(f"{what}, but the workspace could not record it: {exc}") from exc


def _messages(
    invites: list[Invite], audiences: Sequence[Audience], now: datetime
) -> tuple[list[Delivery], list[EmailMessage]]:
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
                Delivery(
                    c.audience,
                    inv.method,
                    c.sequence,
                    (),
                    "nobody has an e-mail address",
                    c.not_invited,
                )
            )
            continue
        assert inv.organizer is not None  # visit_invites names every invite's organizer
        messages.append(invite_message(inv, inv.organizer, now))
        deliveries.append(
            Delivery(c.audience, inv.method, c.sequence, c.recipients, None, c.not_invited)
        )
    return deliveries, messages


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
    return _put_on_calendar(settings, password, facts, content, data, audience)


def publish_to_calendar(
    ws: Workspace,
    visit_pk: int,
    rules: Rules,
    audience: Audience,
    password: str | None,
    now: datetime,
    as_of: date | None = None,
) -> str:
    """Put the visit on the CalDAV calendar (or take it off when cancelled); return what was done.

    As `publish_visit`, but the workspace is not locked while the CalDAV server is talked to.
    """
    settings = caldav_settings(rules)
    with ws.begin() as conn:
        content, data = stored_copy(conn, visit_pk, rules, audience, now, as_of, record_sent=False)
        (facts,) = load_visits(conn, [visit_pk], rules.default_visit_minutes)
        sent = _as_sent(conn, visit_pk, rules)
    outcome = _put_on_calendar(settings, password, facts, content, data, audience)
    _record(ws, visit_pk, sent, "The calendar was updated")
    return outcome


def _put_on_calendar(
    settings: CalDAVSettings,
    password: str | None,
    facts: VisitFacts,
    content: InviteContent,
    data: bytes,
    audience: Audience,
) -> str:
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


def remove_from_calendar(ws: Workspace, visit_pk: int, rules: Rules, password: str | None) -> int:
    """Delete both audiences' events of a visit from the calendar; return how many.

    As `unpublish_visit`, but the workspace is not locked while the CalDAV server is talked to.
    """
    settings = caldav_settings(rules)
    with ws.connect() as conn:
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
    "publish_to_calendar",
    "publish_visit",
    "remove_from_calendar",
    "send_invites_by_email",
    "send_visit_invites",
    "unpublish_visit",
    "was_sent",
]
