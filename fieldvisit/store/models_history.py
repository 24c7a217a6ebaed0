"""Tables of what people did: what became of suggestions, and who changed what (the audit trail)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from fieldvisit.store.types import UTCDateTime


def _utc(nullable: bool = True) -> Column:  # type: ignore[type-arg]
    return Column(UTCDateTime(), nullable=nullable)


# --- What became of suggestions (fieldvisit.planning.outcomes) ----------------------------------


class SuggestionOutcome(SQLModel, table=True):
    """What a person did with a visit suggestion: planned it, snoozed it or dismissed it.

    A deal that was suggested and has no outcome was ignored. A dismissal holds the deal out of
    suggestions while `active` (until its stage changes or someone brings it back).
    """

    __tablename__ = "suggestion_outcome"

    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(foreign_key="deal.id", index=True, ondelete="CASCADE")
    outcome: str  # planned, snoozed, dismissed
    reason: str = ""
    day: date  # the as-of day it was decided on
    executive_id: int | None = Field(default=None, foreign_key="executive.id", ondelete="SET NULL")
    visit_id: int | None = Field(default=None, foreign_key="visit.id", ondelete="SET NULL")
    stage: str  # the deal's stage when decided: a dismissal ends when the stage changes
    active: bool = True
    recorded_at: datetime = Field(sa_column=_utc(nullable=False))


# --- Who changed what (fieldvisit.store.audit) -------------------------------------------------


class ChangeLog(SQLModel, table=True):
    """One change a person made: "planned by Dana", "debrief written by Priya"."""

    __tablename__ = "change_log"
    __table_args__ = (
        Index("ix_change_log_entity", "entity", "entity_key", "at"),
        Index("ix_change_log_account", "account_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_utc(nullable=False))
    person: str  # who, as the person set it up (never a database role)
    action: str  # one of store.audit.ACTIONS
    entity: str  # visit, debrief, snooze, setting, import
    entity_key: str  # a visit's external id, a setting's key, a snooze's id
    account_id: int | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    fields: str = ""  # which fields changed, comma-separated (names only, never their text)
    version: int | None = None  # the row's version after the change
