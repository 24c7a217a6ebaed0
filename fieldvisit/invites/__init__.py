"""Calendar invites: .ics files (RFC 5545/5546), CalDAV publishing and iMIP e-mail.

Two audiences per visit: `internal` (executives and reps, with the briefing) and `external`
(customer contacts, built from an allow-list only). See docs/invites.md.
"""

from fieldvisit.invites.audiences import AUDIENCES, Audience, InviteContent
from fieldvisit.invites.build import (
    Invite,
    stored_copy,
    trip_calendar,
    visit_invites,
    visits_calendar,
)
from fieldvisit.invites.delivery import (
    Delivery,
    publish_visit,
    send_visit_invites,
    unpublish_visit,
)
from fieldvisit.invites.facts import load_visits
from fieldvisit.invites.files import write_atomically
from fieldvisit.invites.ics import Organizer, organizer_from

__all__ = [
    "AUDIENCES",
    "Audience",
    "Delivery",
    "Invite",
    "InviteContent",
    "Organizer",
    "load_visits",
    "organizer_from",
    "publish_visit",
    "send_visit_invites",
    "stored_copy",
    "trip_calendar",
    "unpublish_visit",
    "visit_invites",
    "visits_calendar",
    "write_atomically",
]
