"""From visits in the workspace to finished invites: load, give identity, pick the audience, write."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError
from fieldvisit.invites.audiences import (
    Audience,
    InviteContent,
    allowed_facts,
    external_content,
    internal_content,
)
from fieldvisit.invites.briefing import briefing_text, stall_reasons
from fieldvisit.invites.ics import (
    Organizer,
    invite_ics,
    itip_method,
    publish_ics,
    stored_ics,
    visit_organizer,
)
from fieldvisit.invites.issuing import issue
from fieldvisit.invites.visit_facts import VisitFacts, load_visits, trip_visit_pks
from fieldvisit.settings import Rules


@dataclass(frozen=True)
class Invite:
    """One audience's finished message: what it says, its iTIP method and the .ics bytes."""

    content: InviteContent
    method: str
    ics: bytes
    is_update: bool = False  # an earlier version with a lower SEQUENCE went out before
    organizer: Organizer | None = None  # ORGANIZER of the event (its SENT-BY sends the e-mail)


def content_for(
    conn: Connection,
    facts: VisitFacts,
    audience: Audience,
    rules: Rules,
    as_of: date,
    with_reasons: bool = True,
) -> InviteContent:
    """Return what one audience's event says about an issued visit (UIDs already set)."""
    cancelled = facts.status == "cancelled"
    if audience == "external":
        assert facts.external_uid
        allowed = allowed_facts(facts, rules.company_name)
        return external_content(allowed, facts.external_uid, facts.sequence, cancelled)
    assert facts.internal_uid
    # The briefing describes the deal before the visit: as of today, or of the visit's day when
    # an invite for a past visit is produced again.
    day = min(as_of, facts.start.date())
    reasons = None
    if with_reasons and facts.deal is not None:
        reasons = stall_reasons(conn, facts.deal.pk, day, rules)
    briefing = briefing_text(facts, reasons, rules.company_name, day)
    return internal_content(facts, facts.internal_uid, facts.sequence, cancelled, briefing)


def organizer_of(facts: VisitFacts, rules: Rules) -> Organizer:
    """Return the visit's ORGANIZER: its executive, sent by the configured sender when set."""
    return visit_organizer([(p.name, p.email) for p in facts.executives], rules)


def _issued(
    conn: Connection, pks: Sequence[int], rules: Rules, now: datetime, record_sent: bool = True
) -> tuple[list[Organizer], list[VisitFacts], set[int]]:
    # Organizers are checked before anything is written, so a visit nobody can organise changes
    # nothing.
    visits = load_visits(conn, pks, rules.default_visit_minutes)
    organizers = [organizer_of(v, rules) for v in visits]
    before = issue(conn, visits, rules, now, record_sent=record_sent)
    updated = {v.pk for v in visits if v.pk in before and before[v.pk].sequence < v.sequence}
    return organizers, visits, updated


def visit_invites(
    conn: Connection,
    visit_pk: int,
    rules: Rules,
    audiences: Sequence[Audience],
    now: datetime,
    as_of: date | None = None,
    *,
    record_sent: bool = True,
) -> list[Invite]:
    """Return the REQUEST (or CANCEL, for a cancelled visit) of each audience of one visit.

    `record_sent=False` leaves recording them as sent to the caller (`issuing.remember_sent`).
    """
    (organizer,), (facts,), updated = _issued(conn, [visit_pk], rules, now, record_sent)
    day = as_of or now.date()
    invites = []
    for audience in audiences:
        content = content_for(conn, facts, audience, rules, day)
        data = invite_ics(content, organizer, now)
        method = itip_method(content)
        invites.append(Invite(content, method, data, facts.pk in updated, organizer))
    return invites


def visits_calendar(
    conn: Connection,
    pks: Sequence[int],
    rules: Rules,
    audience: Audience,
    now: datetime,
    as_of: date | None = None,
    with_reasons: bool = True,
) -> bytes:
    """Return one PUBLISH calendar holding an event per visit (for one's own calendar)."""
    organizers, visits, _ = _issued(conn, pks, rules, now)
    day = as_of or now.date()
    contents = [
        (content_for(conn, v, audience, rules, day, with_reasons), organizer)
        for v, organizer in zip(visits, organizers, strict=True)
    ]
    return publish_ics(contents, now)


def trip_calendar(
    conn: Connection, trip_external_id: str, rules: Rules, now: datetime, as_of: date | None = None
) -> tuple[str, int, bytes]:
    """Return the trip's name, its number of visits, and its PUBLISH file for the executive.

    The events carry the internal UIDs, so the executive's calendar merges them with the
    internal invites instead of showing each visit twice.
    """
    name, pks = trip_visit_pks(conn, trip_external_id)
    if not pks:
        raise FieldVisitError(f"Trip {trip_external_id!r} has no visits to export.")
    return name, len(pks), visits_calendar(conn, pks, rules, "internal", now, as_of)


def stored_copy(
    conn: Connection,
    visit_pk: int,
    rules: Rules,
    audience: Audience,
    now: datetime,
    as_of: date | None = None,
    *,
    record_sent: bool = True,
) -> tuple[InviteContent, bytes]:
    """Return the event a CalDAV calendar stores for one visit (PUBLISH form, no METHOD)."""
    (organizer,), (facts,), _ = _issued(conn, [visit_pk], rules, now, record_sent)
    content = content_for(conn, facts, audience, rules, as_of or now.date())
    return content, stored_ics(content, organizer, now)
