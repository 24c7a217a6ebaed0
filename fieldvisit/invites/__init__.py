"""Calendar invites: .ics files (RFC 5545/5546), CalDAV publishing and iMIP e-mail.

Two audiences per visit: `internal` (executives and reps, with the briefing) and `external`
(customer contacts, built from an allow-list only). See docs/invites.md.

The names below load on first use: the CalDAV and e-mail libraries take a quarter of a second
to import, which `from fieldvisit.invites.audiences import PUBLISH_AUDIENCE` (the app reads the
rules while it paints) should not pay for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldvisit.lazy_names import name_loader

if TYPE_CHECKING:
    from fieldvisit.invites.audiences import (
        AUDIENCES,
        FILE_AUDIENCE,
        PUBLISH_AUDIENCE,
        Audience,
        InviteContent,
    )
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
    from fieldvisit.invites.files import export_visit_invites, write_atomically
    from fieldvisit.invites.ics import Organizer, organizer_from
    from fieldvisit.invites.visit_facts import load_visits

_HOMES = {
    "AUDIENCES": "audiences",
    "FILE_AUDIENCE": "audiences",
    "PUBLISH_AUDIENCE": "audiences",
    "Audience": "audiences",
    "InviteContent": "audiences",
    "Invite": "build",
    "stored_copy": "build",
    "trip_calendar": "build",
    "visit_invites": "build",
    "visits_calendar": "build",
    "Delivery": "delivery",
    "publish_visit": "delivery",
    "send_visit_invites": "delivery",
    "unpublish_visit": "delivery",
    "load_visits": "facts",
    "export_visit_invites": "files",
    "write_atomically": "files",
    "Organizer": "ics",
    "organizer_from": "ics",
}


__getattr__ = name_loader(__name__, _HOMES)


__all__ = [
    "AUDIENCES",
    "FILE_AUDIENCE",
    "PUBLISH_AUDIENCE",
    "Audience",
    "Delivery",
    "Invite",
    "InviteContent",
    "Organizer",
    "export_visit_invites",
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
