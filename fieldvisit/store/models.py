"""The workspace tables (SQLModel). Times are UTC; external ids from CSV are unique per kind."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from fieldvisit.executive_levels import EXECUTIVE_LEVELS
from fieldvisit.store.types import UTCDateTime

LEVELS = EXECUTIVE_LEVELS
TIERS = ("strategic", "key", "standard")
DEAL_STATUSES = ("open", "won", "lost")
ACTIVITY_TYPES = ("call", "email", "meeting", "note")
VISIT_MODES = ("in_person", "video", "phone")
VISIT_STATUSES = ("planned", "done", "cancelled")
SENTIMENTS = ("better", "same", "worse")


def _utc(nullable: bool = True, index: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(UTCDateTime(), nullable=nullable, index=index)


class Executive(SQLModel, table=True):
    """An executive who visits customers. Known by e-mail, or (imported from a CRM that only
    names people) by `crm_key` until a users file gives the address."""

    id: int | None = Field(default=None, primary_key=True)
    email: str | None = Field(default=None, unique=True)
    crm_key: str | None = Field(default=None, unique=True)
    name: str
    title: str | None = None
    level: str  # C, SVP, VP
    home_city: str | None = None
    home_country: str | None = None
    region: str | None = None
    monthly_visit_target: int | None = None
    lat: float | None = None
    lon: float | None = None
    tz: str | None = None


class Rep(SQLModel, table=True):
    """A rep who owns accounts and deals; like an executive, known by e-mail or `crm_key`."""

    id: int | None = Field(default=None, primary_key=True)
    email: str | None = Field(default=None, unique=True)
    crm_key: str | None = Field(default=None, unique=True)
    name: str
    region: str | None = None
    manager_email: str | None = None


class Account(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(unique=True)
    name: str
    industry: str | None = None
    city: str | None = None
    country: str | None = None
    tier: str = Field(default="standard", index=True)
    owner_rep_id: int | None = Field(default=None, foreign_key="rep.id", ondelete="SET NULL")
    lat: float | None = None
    lon: float | None = None
    tz: str | None = None
    # The CRM's own last-modified stamp, so an older export cannot move the record back.
    crm_modified_at: datetime | None = Field(default=None, sa_column=_utc())
    # E-mail domains for calendar capture: `;`-separated, and the website's domain.
    domains: str | None = None
    website: str | None = None


class Contact(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(unique=True)
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    name: str
    title: str | None = None
    email: str | None = None
    seniority: str | None = None  # one of fieldvisit.seniority.SENIORITIES
    decision_maker: bool = False
    crm_modified_at: datetime | None = Field(default=None, sa_column=_utc())


class Deal(SQLModel, table=True):
    __table_args__ = (Index("ix_deal_status_account", "status", "account_id"),)

    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(unique=True)
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    name: str
    owner_rep_id: int = Field(foreign_key="rep.id", index=True)
    stage: str
    amount: float | None = None
    currency: str | None = None
    created_on: date | None = None
    stage_entered_on: date | None = None
    close_date: date | None = None
    status: str = "open"  # open, won, lost
    strategic: bool = False
    crm_modified_at: datetime | None = Field(default=None, sa_column=_utc())


class StageChange(SQLModel, table=True):
    """A deal entered a stage on a day (from stage-history files or re-imports)."""

    __tablename__ = "stage_change"
    __table_args__ = (
        UniqueConstraint("deal_id", "stage", "entered_on"),
        Index("ix_stage_change_deal_entered", "deal_id", "entered_on", "stage"),
    )

    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(foreign_key="deal.id", index=True, ondelete="CASCADE")
    stage: str
    entered_on: date


class CloseDateChange(SQLModel, table=True):
    """A re-import found the deal's close date moved (a later date is a push)."""

    __tablename__ = "close_date_change"

    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(foreign_key="deal.id", index=True, ondelete="CASCADE")
    old_date: date | None = None
    new_date: date | None = None
    changed_on: date


class Activity(SQLModel, table=True):
    __table_args__ = (
        Index("ix_activity_deal_occurred", "deal_id", "occurred_on"),
        Index("ix_activity_account_occurred", "account_id", "occurred_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(unique=True)
    type: str  # call, email, meeting, note
    occurred_on: date
    deal_id: int | None = Field(default=None, foreign_key="deal.id", ondelete="CASCADE")
    account_id: int | None = Field(default=None, foreign_key="account.id", ondelete="CASCADE")
    rep_id: int | None = Field(default=None, foreign_key="rep.id", ondelete="SET NULL")
    crm_modified_at: datetime | None = Field(default=None, sa_column=_utc())


class ActivityContact(SQLModel, table=True):
    __tablename__ = "activity_contact"
    __table_args__ = (Index("ix_activity_contact_contact", "contact_id", "activity_id"),)

    activity_id: int = Field(foreign_key="activity.id", primary_key=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")


class Trip(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(unique=True)
    executive_id: int = Field(foreign_key="executive.id", index=True, ondelete="CASCADE")
    name: str
    starts_on: date
    ends_on: date


class Visit(SQLModel, table=True):
    __table_args__ = (
        Index("ix_visit_account_start", "account_id", "start"),
        Index("ix_visit_deal_start", "deal_id", "start"),
        Index("ix_visit_status_start", "status", "start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(unique=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    deal_id: int | None = Field(default=None, foreign_key="deal.id", ondelete="SET NULL")
    trip_id: int | None = Field(default=None, foreign_key="trip.id", ondelete="SET NULL")
    start: datetime = Field(sa_column=_utc(nullable=False))
    end: datetime | None = Field(default=None, sa_column=_utc())
    location: str | None = None
    mode: str = "in_person"  # in_person, video, phone
    status: str = "planned"  # planned, done, cancelled
    agenda: str | None = None  # customer-facing line, the only free text an external invite holds
    objective: str | None = None  # internal
    internal_uid: str | None = None
    external_uid: str | None = None
    sequence: int = 0
    # What the last invites that left Field Visit carried (see invites/issuing.py).
    sent_sequence: int | None = None
    sent_fingerprint: str | None = None
    updated_at: datetime | None = Field(default=None, sa_column=_utc())
    # Team workspaces: bumped by every save; a save over a newer version is a conflict.
    row_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    changed_by: str | None = None


class VisitExecutive(SQLModel, table=True):
    __tablename__ = "visit_executive"
    __table_args__ = (Index("ix_visit_executive_exec", "executive_id", "visit_id"),)

    visit_id: int = Field(foreign_key="visit.id", primary_key=True, ondelete="CASCADE")
    executive_id: int = Field(foreign_key="executive.id", primary_key=True, ondelete="CASCADE")


class VisitRep(SQLModel, table=True):
    __tablename__ = "visit_rep"

    visit_id: int = Field(foreign_key="visit.id", primary_key=True, ondelete="CASCADE")
    rep_id: int = Field(foreign_key="rep.id", primary_key=True, ondelete="CASCADE")


class VisitContact(SQLModel, table=True):
    __tablename__ = "visit_contact"
    __table_args__ = (Index("ix_visit_contact_contact", "contact_id", "visit_id"),)

    visit_id: int = Field(foreign_key="visit.id", primary_key=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")


class Debrief(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", unique=True, ondelete="CASCADE")
    written_at: datetime = Field(sa_column=_utc(nullable=False))
    learned: str = ""
    challenges: str = ""
    field_friction: str = ""
    competitors: str = ""
    current_vendor: str = ""
    budget: str = ""
    sentiment: str | None = None  # better, same, worse
    summary: str = ""
    people_met: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # Team workspaces: bumped by every save; a save over a newer version is a conflict.
    row_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    changed_by: str | None = None
    changed_at: datetime | None = Field(default=None, sa_column=_utc())


class DebriefFriction(SQLModel, table=True):
    """A field-friction category an executive saw first-hand, named in a debrief."""

    __tablename__ = "debrief_friction"
    __table_args__ = (Index("ix_debrief_friction_category", "category", "debrief_id"),)

    debrief_id: int = Field(foreign_key="debrief.id", primary_key=True, ondelete="CASCADE")
    category: str = Field(primary_key=True)


class NextStep(SQLModel, table=True):
    __tablename__ = "next_step"

    id: int | None = Field(default=None, primary_key=True)
    debrief_id: int = Field(foreign_key="debrief.id", index=True, ondelete="CASCADE")
    text: str
    owner: str | None = None
    due_on: date | None = None
    done: bool = False


class DebriefDraft(SQLModel, table=True):
    """Typed-but-unsaved debrief text, autosaved so a crash loses nothing: one per visit and
    person (`store.identity`), so a colleague's notes on the same debrief never replace yours."""

    __tablename__ = "debrief_draft"

    visit_id: int = Field(foreign_key="visit.id", primary_key=True, ondelete="CASCADE")
    author: str = Field(default="", primary_key=True, sa_column_kwargs={"server_default": ""})
    payload: str  # JSON of the editor's fields
    updated_at: datetime = Field(sa_column=_utc(nullable=False))


class Snooze(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(foreign_key="deal.id", index=True, ondelete="CASCADE")
    until: date
    reason: str
    created_at: datetime = Field(sa_column=_utc(nullable=False))
    # Team workspaces: bumped by every save; a save over a newer version is a conflict.
    row_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    changed_by: str | None = None


class Setting(SQLModel, table=True):
    key: str = Field(primary_key=True)
    value: str  # JSON
    # Team workspaces: bumped by every save; a save over a newer version is a conflict.
    row_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    changed_by: str | None = None
    changed_at: datetime | None = Field(default=None, sa_column=_utc())


class CrmImport(SQLModel, table=True):
    """Per CRM, the newest export imported into the workspace (an older one is refused)."""

    __tablename__ = "crm_import"

    crm: str = Field(primary_key=True)  # salesforce, hubspot, pipedrive
    exported_at: datetime | None = Field(default=None, sa_column=_utc())
    imported_at: datetime = Field(sa_column=_utc(nullable=False))


# --- Calendar capture (fieldvisit.capture) ------------------------------------------------------


class CapturedEvent(SQLModel, table=True):
    """A calendar event (one occurrence) a capture wrote into a visit: its identity and no more.

    `recurrence_id` is "" for a single event, else the occurrence's original start (UTC text).
    `start`/`end` are what the calendar said last, so a moved meeting is seen as moved.
    """

    __tablename__ = "captured_event"
    __table_args__ = (
        UniqueConstraint("calendar", "uid", "recurrence_id"),
        Index("ix_captured_event_uid", "uid", "recurrence_id"),
        Index("ix_captured_event_start", "start", "people_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True, ondelete="CASCADE")
    calendar: str
    uid: str
    recurrence_id: str = ""
    executive_id: int = Field(foreign_key="executive.id", index=True, ondelete="CASCADE")
    start: datetime = Field(sa_column=_utc(nullable=False))
    end: datetime | None = Field(default=None, sa_column=_utc())
    organizer: str | None = None
    people_key: str | None = None  # a hash of the external attendees' addresses
    reason: str
    created: bool = False  # this event made the visit (else it was merged into one)
    gone: bool = False  # no longer in the calendar, declined or cancelled there
    cancelled_by_capture: bool = False


class CapturedPerson(SQLModel, table=True):
    """Someone at a matched account's domain who is not a contact yet ("new person")."""

    __tablename__ = "captured_person"

    visit_id: int = Field(foreign_key="visit.id", primary_key=True, ondelete="CASCADE")
    email: str = Field(primary_key=True)
    name: str | None = None
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")


class CaptureReview(SQLModel, table=True):
    """A meeting a capture was unsure about, and what a person decided."""

    __tablename__ = "capture_review"
    __table_args__ = (UniqueConstraint("calendar", "uid", "recurrence_id"),)

    id: int | None = Field(default=None, primary_key=True)
    calendar: str
    uid: str
    recurrence_id: str = ""
    executive_id: int = Field(foreign_key="executive.id", index=True, ondelete="CASCADE")
    start: datetime = Field(sa_column=_utc(nullable=False))
    end: datetime | None = Field(default=None, sa_column=_utc())
    reason: str  # no_account, several_accounts, tentative, needs_action
    facts: str  # JSON: what the meeting showed (no description, no notes)
    state: str = Field(default="open", index=True)  # open, assigned, dismissed, resolved
    visit_id: int | None = Field(default=None, foreign_key="visit.id", ondelete="SET NULL")
    updated_at: datetime = Field(sa_column=_utc(nullable=False))


class CaptureDomain(SQLModel, table=True):
    """A person's choice about a domain: it means this account, or it is ignored."""

    __tablename__ = "capture_domain"

    domain: str = Field(primary_key=True)
    account_id: int | None = Field(
        default=None, foreign_key="account.id", index=True, ondelete="CASCADE"
    )
    ignored: bool = False


class CaptureAssignment(SQLModel, table=True):
    """A person's choice about a meeting series: its UID belongs to this account."""

    __tablename__ = "capture_assignment"

    uid: str = Field(primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")


# Suggestion outcomes and the change log live in models_history.py (registered here).
from fieldvisit.store.models_history import ChangeLog, SuggestionOutcome  # noqa: E402

__all__ = ["ChangeLog", "SuggestionOutcome"]
