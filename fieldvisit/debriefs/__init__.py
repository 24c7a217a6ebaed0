"""Debriefs: save and load them whole, keep drafts, search them, and find the ones still owed.

A debrief is saved in one transaction together with its field-friction categories, its next steps,
the customer contacts actually met (the visit's contact list) and the removal of its draft, so a
crash half-way never leaves a debrief without its next steps or a stale draft beside a saved one.
No Qt here: the app, the command line and the tests share this package.
"""

from fieldvisit.debriefs.data import (
    ContactChoice,
    DebriefData,
    DebriefRow,
    DraftInfo,
    DueVisit,
    NextStepItem,
    VisitHeader,
)
from fieldvisit.debriefs.drafts import discard_draft, load_draft, pending_drafts, save_draft
from fieldvisit.debriefs.records import load_debrief, save_debrief, visit_header
from fieldvisit.debriefs.search import (
    count_debriefs,
    count_debriefs_due,
    debriefs_due,
    fts_query,
    list_debriefs,
)

__all__ = [
    "ContactChoice",
    "DebriefData",
    "DebriefRow",
    "DraftInfo",
    "DueVisit",
    "NextStepItem",
    "VisitHeader",
    "count_debriefs",
    "count_debriefs_due",
    "debriefs_due",
    "discard_draft",
    "fts_query",
    "list_debriefs",
    "load_debrief",
    "load_draft",
    "pending_drafts",
    "save_debrief",
    "save_draft",
    "visit_header",
]
