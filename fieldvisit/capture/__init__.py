"""Calendar capture: which executives really met which customers, read from their calendars.

`sources` (files, folders, zips, CalDAV) → `events` (parse, time zones, recurrence expansion)
→ `classify` (a customer meeting the executive attended?) → `match` (which account, and why)
→ `ledger` (visits: new, updated, merged, cancelled) and `review` (the unsure ones), run by
`capturing.capture` in one transaction; `settle` holds the review decisions. See docs/ledger.md.

The names below load on first use (the accounts import only needs `domains`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldvisit.lazy_names import name_loader

if TYPE_CHECKING:
    from fieldvisit.capture.capturing import CalDAVSource, FileSource, capture
    from fieldvisit.capture.report import CaptureReport, ReviewLine
    from fieldvisit.capture.review import (
        AccountChoice,
        ReviewItem,
        count_review_items,
        review_items,
    )
    from fieldvisit.capture.settle import (
        NewPerson,
        Settled,
        account_pk_for,
        add_new_person,
        assign_meeting,
        did_not_happen,
        dismiss_meeting,
        ignore_domain,
        map_domain,
        new_people,
    )

_HOMES = {
    "CalDAVSource": "capturing",
    "FileSource": "capturing",
    "capture": "capturing",
    "CaptureReport": "report",
    "ReviewLine": "report",
    "AccountChoice": "review",
    "ReviewItem": "review",
    "count_review_items": "review",
    "review_items": "review",
    "NewPerson": "settle",
    "Settled": "settle",
    "account_pk_for": "settle",
    "add_new_person": "settle",
    "assign_meeting": "settle",
    "did_not_happen": "settle",
    "dismiss_meeting": "settle",
    "ignore_domain": "settle",
    "map_domain": "settle",
    "new_people": "settle",
}


__getattr__ = name_loader(__name__, _HOMES)


__all__ = [
    "AccountChoice",
    "CalDAVSource",
    "CaptureReport",
    "FileSource",
    "NewPerson",
    "ReviewItem",
    "ReviewLine",
    "Settled",
    "account_pk_for",
    "add_new_person",
    "assign_meeting",
    "capture",
    "count_review_items",
    "did_not_happen",
    "dismiss_meeting",
    "ignore_domain",
    "map_domain",
    "new_people",
    "review_items",
]
