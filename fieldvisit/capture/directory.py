"""What a capture knows about the workspace: our people, customers' contacts and account domains.

Read once per capture (and per review decision) in the caller's transaction, so matching a
calendar of thousands of events costs dictionary look-ups, not queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.capture.domains import email_domain, stored_domains, within
from fieldvisit.settings import CaptureSettings, load_capture_settings


@dataclass(frozen=True)
class ContactRef:
    contact_pk: int
    account_pk: int
    contact_id: str
    name: str


@dataclass
class Directory:
    """Our executives and reps, customers' contacts, and which domain is whose."""

    executives: dict[str, int] = field(default_factory=dict)  # e-mail → pk
    reps: dict[str, int] = field(default_factory=dict)
    contacts: dict[str, list[ContactRef]] = field(default_factory=dict)  # e-mail → contacts
    # domain → {account pk: where the domain comes from ("website", "domains", "contacts")}
    account_domains: dict[str, dict[int, str]] = field(default_factory=dict)
    mapped: dict[str, int] = field(default_factory=dict)  # domain → account, a person's choice
    ignored: set[str] = field(default_factory=set)  # domains a person said to ignore
    assigned: dict[str, int] = field(default_factory=dict)  # meeting UID → account
    accounts: dict[int, tuple[str, str]] = field(default_factory=dict)  # pk → (id, name)
    own_domains: frozenset[str] = frozenset()
    personal_domains: frozenset[str] = frozenset()

    def is_ours(self, email: str) -> bool:
        """Return whether an address is one of our people or at one of our company's domains."""
        if email in self.executives or email in self.reps:
            return True
        domain = email_domain(email)
        return domain is not None and within(domain, self.own_domains)

    def is_personal(self, domain: str) -> bool:
        return within(domain, self.personal_domains)

    def account_label(self, account_pk: int) -> str:
        ext, name = self.accounts.get(account_pk, (str(account_pk), "?"))
        return f"{name} ({ext})"


def own_domains(conn: Connection, settings: CaptureSettings) -> frozenset[str]:
    """Return our company's domains: the setting, else the domains of executives' and reps' mail."""
    personal = frozenset(settings.personal_mail_domains)
    if settings.company_domains:
        return frozenset(d.lower() for d in settings.company_domains)
    found: set[str] = set()
    for (email,) in conn.execute(
        text(
            "SELECT email FROM executive WHERE email IS NOT NULL "
            "UNION SELECT email FROM rep WHERE email IS NOT NULL"
        )
    ):
        domain = email_domain(email)
        if domain and not within(domain, personal):
            found.add(domain)
    return frozenset(found)


def load_directory(conn: Connection) -> Directory:
    """Return the workspace's people, contacts, account domains and remembered choices."""
    settings = load_capture_settings(conn)
    found = Directory(personal_domains=frozenset(d.lower() for d in settings.personal_mail_domains))
    found.own_domains = own_domains(conn, settings)
    for pk, email in conn.execute(text("SELECT id, email FROM executive WHERE email IS NOT NULL")):
        found.executives[email.lower()] = pk
    for pk, email in conn.execute(text("SELECT id, email FROM rep WHERE email IS NOT NULL")):
        found.reps.setdefault(email.lower(), pk)
    explicit: set[int] = set()
    for pk, ext, name, domains, website in conn.execute(
        text("SELECT id, external_id, name, domains, website FROM account")
    ):
        found.accounts[pk] = (ext, name)
        for domain in stored_domains(domains):
            found.account_domains.setdefault(domain, {})[pk] = "domains"
            explicit.add(pk)
        if website:
            found.account_domains.setdefault(website.lower(), {}).setdefault(pk, "website")
            explicit.add(pk)
    by_contacts: dict[str, set[int]] = defaultdict(set)
    for pk, account_pk, ext, name, email in conn.execute(
        text("SELECT id, account_id, external_id, name, email FROM contact WHERE email IS NOT NULL")
    ):
        address = email.strip().lower()
        found.contacts.setdefault(address, []).append(ContactRef(pk, account_pk, ext, name))
        at = email_domain(address)
        if account_pk in explicit or at is None:
            continue
        if within(at, found.personal_domains) or within(at, found.own_domains):
            continue
        by_contacts[at].add(account_pk)
    for domain, pks in by_contacts.items():
        for pk in pks:
            found.account_domains.setdefault(domain, {}).setdefault(pk, "contacts")
    for domain, account_pk, ignored in conn.execute(
        text("SELECT domain, account_id, ignored FROM capture_domain")
    ):
        if ignored:
            found.ignored.add(domain)
        elif account_pk is not None:
            found.mapped[domain] = account_pk
    for uid, account_pk in conn.execute(text("SELECT uid, account_id FROM capture_assignment")):
        found.assigned[uid] = account_pk
    return found
