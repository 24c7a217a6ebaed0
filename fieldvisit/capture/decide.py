"""One occurrence, one decision: skip it, list it for review, or write it as a meeting.

Shared by a capture and by the review decisions that settle listed meetings later, so both apply
the same rules (classify) and the same cascade (match).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fieldvisit.capture.classify import Verdict, classify, externals_of
from fieldvisit.capture.directory import Directory
from fieldvisit.capture.events import Occurrence
from fieldvisit.capture.ledger import Meeting, people_key
from fieldvisit.capture.match import Match, match_account


@dataclass(frozen=True)
class Owner:
    """The executive whose calendar is read."""

    pk: int
    email: str
    name: str
    tz: str | None


@dataclass(frozen=True)
class Decision:
    """`skip`, `review` or `count`, with the reason and (to count) the meeting to write."""

    action: str
    reason: str
    verdict: Verdict
    match: Match | None = None
    meeting: Meeting | None = None


def decide(
    occ: Occurrence,
    owner: Owner,
    directory: Directory,
    now: datetime,
    *,
    confirmed: bool = False,
    known_account: int | None = None,
) -> Decision:
    """Return what to do with an occurrence of the owner's calendar.

    `confirmed`: a person said in review the executive was there. `known_account`: the account
    of the visit this occurrence was written into before; it keeps that account when the
    attendees alone would now be unsure (a choice made once is not re-run).
    """
    verdict = classify(occ, owner.pk, owner.email, directory, now, confirmed=confirmed)
    if verdict.action == "skip":
        return Decision("skip", verdict.reason, verdict)
    match = match_account(occ.uid, verdict.externals, directory)
    if verdict.action == "review":
        return Decision("review", verdict.reason, verdict, match)
    account_pk, reason = match.account_pk, match.reason
    if account_pk is None:
        if known_account is None:
            return Decision("review", match.review_reason, verdict, match)
        account_pk = known_account
        reason = f"as captured before ({directory.account_label(known_account)})"
    key = people_key([p.email for p in externals_of(occ, directory)])
    meeting = Meeting(
        occ=occ,
        owner_pk=owner.pk,
        executives=verdict.executives,
        reps=verdict.reps,
        account_pk=account_pk,
        contacts=match.contact_pks if account_pk == match.account_pk else (),
        new_people=match.new_people if account_pk == match.account_pk else (),
        reason=reason,
        people_key=key,
    )
    return Decision("count", "", verdict, match, meeting)
