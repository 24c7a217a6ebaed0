"""Is an occurrence a customer meeting the executive attended? Skip, review, or count.

A customer meeting is timed (not all-day), not cancelled, with at least one attendee outside our
company. The executive attended as ORGANIZER, or as an ATTENDEE with PARTSTAT=ACCEPTED; a
declined invite never counts; a TENTATIVE or unanswered past meeting goes to review
(`tentative`, `needs_action`). Other
executives count when they accepted (or organized); reps of ours join unless they declined.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fieldvisit.capture.directory import Directory
from fieldvisit.capture.domains import email_domain, within
from fieldvisit.capture.events import Attendee, Occurrence

# Why an occurrence was not captured, in the words the report uses.
SKIP_REASONS = {
    "all_day": "all-day",
    "cancelled": "cancelled",
    "declined": "declined",
    "internal": "internal (nobody from outside)",
    "not_accepted": "not accepted yet (future)",
    "not_attending": "the executive is not on it",
    "ignored_domain": "only ignored domains",
    "dismissed": "dismissed in review",
}
REVIEW_REASONS = {
    "tentative": "past meeting the executive only accepted tentatively",
    "needs_action": "past meeting the executive never answered",
    "no_account": "no account matches its attendees",
    "several_accounts": "its attendees match more than one account",
}
# Outlook's own export often leaves the owner's PARTSTAT out; its busy status still says whether
# the meeting is on the calendar as accepted.
_OUTLOOK_ACCEPTED = frozenset({"BUSY", "OOF"})
_OUTLOOK_TENTATIVE = frozenset({"TENTATIVE"})


@dataclass(frozen=True)
class Verdict:
    """What to do with an occurrence: `count`, `skip` or `review`, and why."""

    action: str
    reason: str = ""
    executives: tuple[int, ...] = ()  # attending executives, the calendar's owner first
    reps: tuple[int, ...] = ()
    externals: tuple[Attendee, ...] = ()  # people from outside who did not decline


def _owner_status(occ: Occurrence, owner_email: str) -> str:
    """Return accepted, declined, tentative or unanswered for the calendar's owner."""
    if occ.organizer == owner_email or occ.organizer is None:
        # No ORGANIZER: the owner's own entry, not an invitation from anyone.
        return "accepted"
    mine = next((a for a in occ.attendees if a.email == owner_email), None)
    partstat = mine.partstat if mine is not None else None
    if partstat == "ACCEPTED":
        return "accepted"
    if partstat == "DECLINED":
        return "declined"
    if partstat is None:
        if occ.busy_status in _OUTLOOK_ACCEPTED:
            return "accepted"
        if occ.busy_status in _OUTLOOK_TENTATIVE:
            return "tentative"
        if mine is None:
            return "absent"
    return "tentative" if partstat == "TENTATIVE" else "unanswered"


def _people(occ: Occurrence) -> list[Attendee]:
    people = list(occ.attendees)
    if occ.organizer and all(a.email != occ.organizer for a in people):
        people.append(Attendee(occ.organizer, None, "ACCEPTED"))
    return people


def externals_of(occ: Occurrence, directory: Directory) -> list[Attendee]:
    """Return the attendees (and organizer) from outside our company."""
    return [p for p in _people(occ) if not directory.is_ours(p.email)]


def classify(
    occ: Occurrence,
    owner_pk: int,
    owner_email: str,
    directory: Directory,
    now: datetime,
    *,
    confirmed: bool = False,
) -> Verdict:
    """Return whether the occurrence counts for the executive who owns the calendar.

    `confirmed`: a person said in review that the executive was there.
    """
    if occ.all_day or not isinstance(occ.start, datetime):
        return Verdict("skip", "all_day")
    if occ.cancelled:
        return Verdict("skip", "cancelled")
    people = _people(occ)
    outside = [p for p in people if not directory.is_ours(p.email)]
    if not outside:
        return Verdict("skip", "internal")
    status = "accepted" if confirmed else _owner_status(occ, owner_email)
    if status == "declined":
        return Verdict("skip", "declined")
    came = [p for p in outside if p.partstat != "DECLINED"]
    if not came:
        return Verdict("skip", "declined")
    kept = [p for p in came if not _ignored(p.email, directory)]
    if not kept:
        return Verdict("skip", "ignored_domain")
    executives = [owner_pk]
    reps: list[int] = []
    for person in people:
        exec_pk = directory.executives.get(person.email)
        if (
            exec_pk is not None
            and exec_pk != owner_pk
            and (person.partstat == "ACCEPTED" or person.email == occ.organizer)
        ):
            executives.append(exec_pk)
        rep_pk = directory.reps.get(person.email)
        if rep_pk is not None and exec_pk is None and person.partstat != "DECLINED":
            reps.append(rep_pk)
    verdict = Verdict(
        "count", "", tuple(dict.fromkeys(executives)), tuple(dict.fromkeys(reps)), tuple(kept)
    )
    if status == "accepted":
        return verdict
    if status == "absent":
        # Someone else's meeting: a colleague's calendar in a Google export, or an invitation
        # through a group address. Nothing says the executive was there.
        return Verdict("skip", "not_attending")
    if occ.start < now:
        reason = "tentative" if status == "tentative" else "needs_action"
        return Verdict("review", reason, verdict.executives, verdict.reps, verdict.externals)
    return Verdict("skip", "not_accepted")


def _ignored(email: str, directory: Directory) -> bool:
    domain = email_domain(email)
    return domain is not None and within(domain, directory.ignored)
