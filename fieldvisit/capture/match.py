"""Which account a meeting is with: the matching cascade, every match with its reason.

1. A person's choice for the meeting's UID (assigned in review).
2. An attendee's exact e-mail = a known contact's e-mail.
3. The attendee's domain, or a parent of it (`eu.globex.com` → `globex.com`) = a domain a person
   mapped to an account, else an account's domain (its `domains`, its `website`, or when it has
   neither, its contacts' e-mail domains). Personal mail domains, our own domains and ignored
   domains never match by domain.

Exactly one account: a match. None, or several: the meeting goes to review with the domains and
people involved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fieldvisit.capture.directory import Directory
from fieldvisit.capture.domains import email_domain, parents
from fieldvisit.capture.events import Attendee

_SOURCE_WORDS = {
    "domains": "its domains",
    "website": "its website",
    "contacts": "its contacts' addresses",
}


@dataclass(frozen=True)
class Match:
    """The account a meeting is with (None when unsure), why, and who was there."""

    account_pk: int | None
    reason: str
    contact_pks: tuple[int, ...] = ()
    new_people: tuple[Attendee, ...] = ()  # at the account's domain, not contacts yet
    candidates: tuple[int, ...] = ()  # every account the attendees point at
    domains: tuple[str, ...] = ()  # the outside attendees' domains
    people: tuple[str, ...] = ()  # the outside attendees' addresses

    @property
    def review_reason(self) -> str:
        return "several_accounts" if len(self.candidates) > 1 else "no_account"


@dataclass(frozen=True)
class _Pointer:
    account_pk: int
    reason: str
    by_contact: bool
    contact_pk: int | None = None


def _domain_pointers(domain: str, directory: Directory) -> list[_Pointer]:
    """Return the accounts a domain points at (the most specific level that points anywhere)."""
    if directory.is_personal(domain):
        return []
    for level in parents(domain):
        if level in directory.own_domains or level in directory.ignored:
            return []
        account_pk = directory.mapped.get(level)
        if account_pk is not None:
            label = directory.account_label(account_pk)
            return [_Pointer(account_pk, f"domain {domain} mapped to {label} by a person", False)]
        owners = directory.account_domains.get(level)
        if owners:
            found = []
            for pk, source in sorted(owners.items()):
                via = f" ({level})" if level != domain else ""
                reason = (
                    f"domain {domain}{via} is {directory.account_label(pk)}'s "
                    f"({_SOURCE_WORDS.get(source, source)})"
                )
                found.append(_Pointer(pk, reason, False))
            return found
    return []


def _pointers(person: Attendee, directory: Directory) -> list[_Pointer]:
    known = directory.contacts.get(person.email)
    if known:
        return [
            _Pointer(
                c.account_pk,
                f"contact {person.email} ({c.name}, {c.contact_id}) works at "
                f"{directory.account_label(c.account_pk)}",
                True,
                c.contact_pk,
            )
            for c in known
        ]
    domain = email_domain(person.email)
    return _domain_pointers(domain, directory) if domain else []


def match_account(uid: str, externals: Sequence[Attendee], directory: Directory) -> Match:
    """Return the account the outside attendees point at, with the reason, or an unsure Match."""
    domains = tuple(dict.fromkeys(d for p in externals if (d := email_domain(p.email))))
    people = tuple(p.email for p in externals)
    by_person = {p.email: _pointers(p, directory) for p in externals}
    candidates = tuple(dict.fromkeys(ptr.account_pk for ptrs in by_person.values() for ptr in ptrs))
    assigned = directory.assigned.get(uid)
    if assigned is not None and assigned in directory.accounts:
        account_pk = assigned
        reason = f"assigned to {directory.account_label(assigned)} by a person"
    elif len(candidates) == 1:
        account_pk = candidates[0]
        pointers = [ptr for ptrs in by_person.values() for ptr in ptrs]
        best = next((p for p in pointers if p.by_contact), pointers[0])
        reason = best.reason
    else:
        return Match(None, "", candidates=candidates, domains=domains, people=people)
    contacts: list[int] = []
    new_people: list[Attendee] = []
    for person in externals:
        at_account = [p for p in by_person[person.email] if p.account_pk == account_pk]
        if any(p.by_contact for p in at_account):
            contacts += [p.contact_pk for p in at_account if p.contact_pk is not None]
        elif at_account:
            new_people.append(person)
    return Match(
        account_pk,
        reason,
        tuple(dict.fromkeys(contacts)),
        tuple(new_people),
        candidates,
        domains,
        people,
    )
