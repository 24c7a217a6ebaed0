"""The pages' reads, kept where the pages import them: they live in the core (`fieldvisit.reads`)."""

from __future__ import annotations

from fieldvisit.reads.people import (
    SENIORITY_ORDER,
    Person,
    account_contacts,
    executive_zones,
    executives,
    reps,
    visit_attendees,
    visit_contacts,
)
from fieldvisit.reads.visit_lines import (
    VisitLine,
    count_visits,
    overdue_visits,
    past_visits,
    planned_visits,
    trip_ids,
    upcoming_visits,
    visit_line,
)

__all__ = [
    "SENIORITY_ORDER",
    "Person",
    "VisitLine",
    "account_contacts",
    "count_visits",
    "executive_zones",
    "executives",
    "overdue_visits",
    "past_visits",
    "planned_visits",
    "reps",
    "trip_ids",
    "upcoming_visits",
    "visit_attendees",
    "visit_contacts",
    "visit_line",
]
