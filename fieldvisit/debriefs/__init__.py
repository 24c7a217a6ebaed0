"""Debriefs: save and load them whole, keep drafts, search them, and find the ones still owed.

A debrief is saved in one transaction together with its field-friction categories, its next steps,
the customer contacts actually met (the visit's contact list) and the removal of its draft, so a
crash half-way never leaves a debrief without its next steps or a stale draft beside a saved one.
Typed text is kept twice over while it is written: in a local journal file first (`journal`), then
in the workspace when its write lock is free (`keeping`). No Qt here: the app, the command line and the tests share this package.

The names below load on first use (reading a debrief owed needs only `data`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldvisit.lazy_names import name_loader

if TYPE_CHECKING:
    from fieldvisit.debriefs.data import (
        ContactChoice,
        DebriefData,
        DebriefRow,
        DraftInfo,
        DueVisit,
        NextStepItem,
        VisitHeader,
    )
    from fieldvisit.debriefs.drafts import (
        DraftNotStored,
        adopt_drafts,
        discard_draft,
        draft_updated_at,
        load_draft,
        pending_drafts,
        save_draft,
    )
    from fieldvisit.debriefs.journal import JournalError
    from fieldvisit.debriefs.keeping import (
        DRAFT_WAIT_MS,
        DraftKept,
        DraftNotKept,
        RecoveredDraft,
        discard_kept_draft,
        forget_kept_draft,
        keep_draft,
        land_kept_drafts,
        latest_draft,
        recover_drafts,
    )
    from fieldvisit.debriefs.records import load_debrief, save_debrief, visit_header
    from fieldvisit.debriefs.search import (
        count_debriefs,
        count_debriefs_due,
        debriefs_due,
        fts_query,
        list_debriefs,
    )

_HOMES = {
    "ContactChoice": "data",
    "DebriefData": "data",
    "DebriefRow": "data",
    "DraftInfo": "data",
    "DueVisit": "data",
    "NextStepItem": "data",
    "VisitHeader": "data",
    "DraftNotStored": "drafts",
    "adopt_drafts": "drafts",
    "discard_draft": "drafts",
    "draft_updated_at": "drafts",
    "load_draft": "drafts",
    "pending_drafts": "drafts",
    "save_draft": "drafts",
    "JournalError": "journal",
    "DRAFT_WAIT_MS": "keeping",
    "DraftKept": "keeping",
    "DraftNotKept": "keeping",
    "RecoveredDraft": "keeping",
    "discard_kept_draft": "keeping",
    "forget_kept_draft": "keeping",
    "keep_draft": "keeping",
    "land_kept_drafts": "keeping",
    "latest_draft": "keeping",
    "recover_drafts": "keeping",
    "load_debrief": "records",
    "save_debrief": "records",
    "visit_header": "records",
    "count_debriefs": "search",
    "count_debriefs_due": "search",
    "debriefs_due": "search",
    "fts_query": "search",
    "list_debriefs": "search",
}


__getattr__ = name_loader(__name__, _HOMES, submodules=True)  # debriefs.journal, …


__all__ = [
    "DRAFT_WAIT_MS",
    "ContactChoice",
    "DebriefData",
    "DebriefRow",
    "DraftInfo",
    "DraftKept",
    "DraftNotKept",
    "DraftNotStored",
    "DueVisit",
    "NextStepItem",
    "JournalError",
    "RecoveredDraft",
    "VisitHeader",
    "adopt_drafts",
    "count_debriefs",
    "count_debriefs_due",
    "debriefs_due",
    "discard_draft",
    "discard_kept_draft",
    "draft_updated_at",
    "forget_kept_draft",
    "fts_query",
    "keep_draft",
    "land_kept_drafts",
    "latest_draft",
    "list_debriefs",
    "load_debrief",
    "load_draft",
    "pending_drafts",
    "recover_drafts",
    "save_debrief",
    "save_draft",
    "visit_header",
]
