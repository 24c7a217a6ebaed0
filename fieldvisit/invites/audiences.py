"""The two audiences of a visit's invite: internal (with the briefing) and external (allow-list).

The external invite goes to customers and gets forwarded, so it is built from an explicit
allow-list and nothing else: a neutral title naming both companies, the time, the place, the
attendees' names and addresses, and the customer-facing agenda line the user wrote. The
`external_content` function receives only those values (see `ExternalFacts`), so a deal name, an
amount, a stall reason, an objective or a debrief cannot reach it by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, NamedTuple

from fieldvisit.emails import is_email
from fieldvisit.invites.visit_facts import Invitee, VisitFacts

Audience = Literal["internal", "external"]
AUDIENCES: tuple[Audience, ...] = ("internal", "external")

# The version a CalDAV calendar stores unless the user asks otherwise, for the command line and
# the app alike: calendars on servers get shared, delegated and subscribed to, so the one without
# internal content. The internal briefing goes there only when asked for by name.
PUBLISH_AUDIENCE: Audience = "external"
# The version `export-ics` writes unless asked otherwise: the one that is safe to hand on.
FILE_AUDIENCE: Audience = "external"

VERSION_NAMES: dict[Audience, str] = {
    "internal": "internal briefing",
    "external": "customer version",
}
VERSION_CONTENTS: dict[Audience, str] = {
    "internal": "deal, stage, amount, objective, stall reasons and the last debrief",
    "external": "title, time, place and agenda; no deal, amount, objective or debrief",
}


def version_words(audience: Audience) -> str:
    """Return what one audience's version holds, in words ("customer version (title, …)")."""
    return f"{VERSION_NAMES[audience]} ({VERSION_CONTENTS[audience]})"


MODE_PLACES = {"video": "Video call", "phone": "Phone call"}
looks_like_email = is_email  # what a calendar can invite: `fieldvisit.emails` owns the check


class Attendee(NamedTuple):
    """One ATTENDEE line: who, and in which role."""

    name: str
    email: str
    role: str = "REQ-PARTICIPANT"


@dataclass(frozen=True)
class InviteContent:
    """Everything one audience's calendar event says, ready to be written as iCalendar."""

    audience: Audience
    uid: str
    sequence: int
    cancelled: bool
    summary: str
    description: str | None
    location: str | None
    start: datetime
    end: datetime
    attendees: tuple[Attendee, ...]
    recipients: tuple[str, ...]  # who gets the e-mail (see docs/invites.md)
    not_invited: tuple[str, ...]  # names of people on the visit without an e-mail address
    local_tz: str | None  # for the readable e-mail text only; the .ics is in UTC


@dataclass(frozen=True)
class ExternalFacts:
    """The allow-list: the only visit values an external invite may show."""

    company_name: str
    account_name: str
    start: datetime
    end: datetime
    location: str | None
    mode: str
    agenda: str | None
    contacts: tuple[Invitee, ...]
    our_people: tuple[Invitee, ...]  # executives then reps
    local_tz: str | None


def allowed_facts(facts: VisitFacts, company_name: str) -> ExternalFacts:
    """Return the allow-listed values of a visit (names and addresses only, no titles)."""

    def bare(p: Invitee) -> Invitee:
        return Invitee(p.name, p.email)

    return ExternalFacts(
        company_name=company_name,
        account_name=facts.account_name,
        start=facts.start,
        end=facts.end,
        location=facts.location,
        mode=facts.mode,
        agenda=facts.agenda,
        contacts=tuple(bare(p) for p in facts.contacts),
        our_people=tuple(bare(p) for p in [*facts.executives, *facts.reps]),
        local_tz=facts.account_tz,
    )


def _place(location: str | None, mode: str) -> str | None:
    if location and location.strip():
        return location.strip()
    return MODE_PLACES.get(mode)


def _attendees(people: list[Invitee] | tuple[Invitee, ...]) -> tuple[list[Attendee], list[str]]:
    invited: list[Attendee] = []
    missing: list[str] = []
    seen: set[str] = set()
    for p in people:
        if not p.email or not looks_like_email(p.email):
            missing.append(p.name)
            continue
        email = p.email.strip()
        if email.lower() not in seen:
            seen.add(email.lower())
            invited.append(Attendee(name=p.name, email=email))
    return invited, missing


def external_content(
    allowed: ExternalFacts, uid: str, sequence: int, cancelled: bool
) -> InviteContent:
    """Return the customer-facing event, built from the allow-listed values only."""
    kind = {"video": "Video call", "phone": "Call"}.get(allowed.mode, "Meeting")
    summary = f"{kind}: {allowed.company_name} and {allowed.account_name}"
    customers, missing = _attendees(allowed.contacts)
    ours, _ = _attendees(allowed.our_people)
    agenda = allowed.agenda.strip() if allowed.agenda and allowed.agenda.strip() else None
    return InviteContent(
        audience="external",
        uid=uid,
        sequence=sequence,
        cancelled=cancelled,
        summary=summary,
        description=f"Agenda: {agenda}" if agenda else None,
        location=_place(allowed.location, allowed.mode),
        start=allowed.start,
        end=allowed.end,
        attendees=tuple(customers + ours),
        # Our own people get the internal invite; sending them this one too would put the same
        # visit in their calendars twice.
        recipients=tuple(a.email for a in customers),
        not_invited=tuple(missing),
        local_tz=allowed.local_tz,
    )


def internal_content(
    facts: VisitFacts, uid: str, sequence: int, cancelled: bool, briefing: str
) -> InviteContent:
    """Return the executive's and rep's event, with the briefing as its description."""
    ours, missing = _attendees([*facts.executives, *facts.reps])
    # Distinct from the external title, so an organizer who holds both can tell them apart.
    summary = f"{facts.account_name} visit: internal briefing"
    return InviteContent(
        audience="internal",
        uid=uid,
        sequence=sequence,
        cancelled=cancelled,
        summary=summary,
        description=briefing or None,
        location=_place(facts.location, facts.mode),
        start=facts.start,
        end=facts.end,
        attendees=tuple(ours),
        recipients=tuple(a.email for a in ours),
        not_invited=tuple(missing),
        local_tz=facts.account_tz,
    )
