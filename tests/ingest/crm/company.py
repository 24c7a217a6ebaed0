"""Northwind Analytics: one small fictional company's CRM, as plain deterministic dataclasses.

Everything lives on one timeline (UTC). `snapshot(time)` cuts the timeline at an export moment:
time 1 is the export of 2026-06-01, time 2 the export three weeks later, on 2026-06-22. A record,
stage entry, close-date push or activity exists in a snapshot when it happened at or before the
export; an activity planned after the export is still open ("planned") in that snapshot.
The tables themselves are in `company_data`; each CRM module turns a snapshot into its files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

DOMAIN = "northwind.example"
COMPANY = "Northwind Analytics"
CORPORATE_CURRENCY = "USD"
# Fixed conversion rates into the corporate currency (Salesforce CurrencyType, HubSpot's
# "Amount in company currency").
RATES = {
    "USD": Decimal("1"),
    "EUR": Decimal("1.08"),
    "GBP": Decimal("1.27"),
    "CHF": Decimal("1.12"),
}

EXPORTS = {
    1: datetime(2026, 6, 1, 7, 45, 12, tzinfo=UTC),
    2: datetime(2026, 6, 22, 7, 45, 12, tzinfo=UTC),
}

# The generic (Salesforce) stage names, in pipeline order; each CRM module maps them to its own.
STAGES = (
    "Prospecting",
    "Qualification",
    "Needs Analysis",
    "Proposal/Price Quote",
    "Negotiation/Review",
    "Closed Won",
    "Closed Lost",
)
WON, LOST = "Closed Won", "Closed Lost"
PROBABILITY = {
    "Prospecting": 10,
    "Qualification": 20,
    "Needs Analysis": 40,
    "Proposal/Price Quote": 60,
    "Negotiation/Review": 80,
    "Closed Won": 100,
    "Closed Lost": 0,
}


def at(text: str) -> datetime:
    """Return '2026-05-21 08:00' (or with seconds) as a UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass(frozen=True)
class User:
    key: str
    first: str
    last: str
    email: str
    title: str
    level: str | None  # the executive level a correct title rule gives (None: not an executive)
    city: str
    country: str
    country_code: str
    time_zone: str
    role: str  # Salesforce role / HubSpot team
    manager: str | None
    created: datetime

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class Account:
    key: str
    name: str
    street: str
    postal_code: str
    city: str
    country: str
    country_code: str
    website: str
    industry: str
    owner: str
    type: str
    employees: int
    created: datetime
    modified: datetime
    description: str = ""
    pipedrive_name: str | None = None  # Pipedrive users rename a duplicate name (see README)

    @property
    def domain(self) -> str:
        return self.website.removeprefix("https://").removeprefix("www.").rstrip("/")


@dataclass(frozen=True)
class Contact:
    key: str
    account: str | None
    first: str
    last: str
    title: str
    emails: tuple[str, ...]
    phone: str
    buying_role: str  # "Decision Maker", "Champion", "Influencer" or ""
    created: datetime
    modified: datetime
    later_title: tuple[datetime, str] | None = None  # a title change between the exports

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def email(self) -> str:
        return self.emails[0] if self.emails else ""


@dataclass(frozen=True)
class StageEntry:
    stage: str
    at: datetime


@dataclass(frozen=True)
class ClosePush:
    at: datetime
    new: date


@dataclass(frozen=True)
class Deal:
    key: str
    account: str
    name: str
    owner: str
    amount: Decimal
    currency: str
    entries: tuple[StageEntry, ...]  # the first entry is the creation
    close: date  # the close date given at creation
    pushes: tuple[ClosePush, ...] = ()
    contact: str | None = None
    lead_source: str = ""
    type: str = "New Business"
    next_step: str = ""
    pipeline: str = "Sales"  # HubSpot and Pipedrive have a second pipeline, "Renewals"
    description: str = ""
    also_company: str | None = None  # HubSpot: a second, non-primary associated company
    deleted: bool = False  # deleted in the CRM: only Pipedrive's export still lists it

    @property
    def created(self) -> datetime:
        return self.entries[0].at


@dataclass(frozen=True)
class Activity:
    key: str
    kind: str  # "call", "email", "task", "meeting" (a meeting is a Salesforce Event)
    subject: str
    at: datetime  # when it happened or is due (meetings: start)
    owner: str
    deal: str | None
    account: str
    contacts: tuple[str, ...] = ()
    completes: bool = True  # False: stays open after its due date
    minutes: int = 0  # meetings and calls
    description: str = ""
    created: datetime | None = None  # defaults to `at` (planned ones are created earlier)
    location: str = ""
    attendees: tuple[str, ...] = ()  # users invited besides the owner (executives on visits)

    @property
    def created_at(self) -> datetime:
        return self.created or self.at


@dataclass(frozen=True)
class DealState:
    """A deal as one export shows it."""

    deal: Deal
    entries: tuple[StageEntry, ...]
    close_date: date
    pushes: tuple[tuple[ClosePush, date], ...]  # (push, the close date before it)
    modified: datetime

    @property
    def stage(self) -> str:
        return self.entries[-1].stage

    @property
    def stage_entered(self) -> datetime:
        return self.entries[-1].at

    @property
    def status(self) -> str:
        return {WON: "won", LOST: "lost"}.get(self.stage, "open")

    @property
    def closed_at(self) -> datetime | None:
        return self.stage_entered if self.status != "open" else None


@dataclass(frozen=True)
class ActivityState:
    activity: Activity
    done: bool  # happened (completed) at or before the export


@dataclass(frozen=True)
class Snapshot:
    time: int
    exported_at: datetime
    users: tuple[User, ...]
    accounts: tuple[Account, ...]
    contacts: tuple[Contact, ...]
    deals: tuple[DealState, ...]  # deleted deals included (each CRM decides)
    activities: tuple[ActivityState, ...]

    @property
    def as_of(self) -> date:
        return self.exported_at.date()

    def user(self, key: str) -> User:
        return next(u for u in self.users if u.key == key)

    def account(self, key: str) -> Account:
        return next(a for a in self.accounts if a.key == key)

    def contact(self, key: str) -> Contact:
        return next(c for c in self.contacts if c.key == key)

    def deal(self, key: str) -> DealState:
        return next(d for d in self.deals if d.deal.key == key)

    def title(self, contact: Contact) -> str:
        later = contact.later_title
        return later[1] if later and later[0] <= self.exported_at else contact.title

    def contact_modified(self, contact: Contact) -> datetime:
        later = contact.later_title
        return later[0] if later and later[0] <= self.exported_at else contact.modified

    def live_deals(self) -> tuple[DealState, ...]:
        return tuple(d for d in self.deals if not d.deal.deleted)


def deal_state(deal: Deal, moment: datetime) -> DealState | None:
    """Return the deal as it stood at `moment` (None before it was created)."""
    entries = tuple(e for e in deal.entries if e.at <= moment)
    if not entries:
        return None
    close, pushes = deal.close, []
    for push in deal.pushes:
        if push.at <= moment:
            pushes.append((push, close))
            close = push.new
    stamps = [e.at for e in entries] + [p.at for p, _ in pushes]
    return DealState(deal, entries, close, tuple(pushes), max(stamps))


def snapshot(time: int) -> Snapshot:
    """Return the company as the export at `time` (1 or 2) shows it."""
    from tests.ingest.crm import company_data as data

    moment = EXPORTS[time]
    deals = tuple(s for s in (deal_state(d, moment) for d in data.DEALS) if s is not None)
    activities = tuple(
        ActivityState(a, a.completes and a.at <= moment)
        for a in data.ACTIVITIES
        if a.created_at <= moment
    )
    return Snapshot(
        time=time,
        exported_at=moment,
        users=data.USERS,
        accounts=tuple(a for a in data.ACCOUNTS if a.created <= moment),
        contacts=tuple(c for c in data.CONTACTS if c.created <= moment),
        deals=deals,
        activities=activities,
    )
