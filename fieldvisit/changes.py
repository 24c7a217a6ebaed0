"""What a write changed, as a value: the app's pages read it to know whether to reload.

An action (a core write, or `fieldvisit.ui.operations` around one) says what it changed with a
`Changes`: a set of `Kind`s. Changes merge (`a | b`), so several writes in one pass of the event
loop reach the pages as one announcement and each page reloads once. Qt-free: the command line
and the tests can build and compare them (see docs/architecture.md, "How a change reaches the
pages").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum


class Kind(Enum):
    """One kind of data that can change."""

    VISITS = "visits"  # a visit planned, edited, rescheduled, cancelled, marked done, removed
    DEBRIEFS = "debriefs"  # a debrief (or its draft) written, edited, put back
    DEALS = "deals"  # deals, accounts, people: what an import brings
    RULES = "rules"  # the workspace's settings: thresholds, weights, targets, accounts' rules
    SNOOZES = "snoozes"  # a suggestion snoozed, unsnoozed, dismissed, or its outcome recorded
    CALENDARS = "calendars"  # calendar sources, captured events, the review list
    AS_OF = "as_of"  # the day the pages plan as of (nothing stored)
    WORKSPACE = "workspace"  # another workspace file is open (or the same one restored/rebuilt)


@dataclass(frozen=True)
class Changes:
    """Which kinds of data an action changed (empty: nothing)."""

    kinds: frozenset[Kind] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *kinds: Kind) -> Changes:
        """Return the changes of these kinds."""
        return cls(frozenset(kinds))

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def __contains__(self, kind: object) -> bool:
        return kind in self.kinds

    def touches(self, kinds: Iterable[Kind]) -> bool:
        """True when any of `kinds` changed (another workspace changes every kind)."""
        return Kind.WORKSPACE in self.kinds or not self.kinds.isdisjoint(kinds)

    def __str__(self) -> str:
        return ", ".join(sorted(kind.value for kind in self.kinds)) or "nothing"


NOTHING = Changes()
# What each action changes (its one announcement; see fieldvisit/ui/operations.py).
# A visit planned, or its status changed (cancel, done, "it did not happen"): the visit and its
# suggestion's outcome, so the suggestion leaves (or comes back to) This week.
VISIT_PLANNED = Changes.of(Kind.VISITS, Kind.SNOOZES)
VISIT_STATUS = Changes.of(Kind.VISITS, Kind.SNOOZES)
INVITES_SENT = Changes.of(Kind.VISITS)  # published or sent: the visit's invite state
SNOOZED = Changes.of(Kind.SNOOZES)  # snoozed, unsnoozed, dismissed, brought back
DEBRIEF_SAVED = Changes.of(Kind.DEBRIEFS)  # saved, its draft kept or dropped, put back
RULES_SAVED = Changes.of(Kind.RULES)  # Settings saved (rules, visit targets)
CAPTURED = Changes.of(Kind.VISITS, Kind.CALENDARS)  # a calendar captured or its review settled
# An import (CSV or CRM export): deals, accounts, people, visits, and the pipeline it settles.
IMPORTED = Changes.of(Kind.DEALS, Kind.VISITS, Kind.DEBRIEFS, Kind.SNOOZES, Kind.RULES)
ANOTHER_WORKSPACE = Changes.of(Kind.WORKSPACE, Kind.AS_OF)
